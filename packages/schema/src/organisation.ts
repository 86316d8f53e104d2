import * as z from 'zod/mini';
import { EmailSchema, Id, PhaseSchema, requiredText, text } from './common.js';

export const ORGANISATION_KINDS = [
  'early-years-setting',
  'school',
  'college',
  'local-authority-service',
  'youth-organisation',
  'social-care-team',
  'voluntary-organisation',
] as const;
export const OrganisationKindSchema = z.enum(ORGANISATION_KINDS);

export const OrganisationSchema = z.strictObject({
  id: Id,
  name: requiredText(200),
  kind: OrganisationKindSchema,
  /** Unique Reference Number from Get Information about Schools, where the organisation has one. */
  urn: z.optional(z.string().check(z.regex(/^\d{6,7}$/, 'A URN is 6 or 7 digits.'))),
  /** Local authority code, 3 digits. */
  laCode: z.optional(z.string().check(z.regex(/^\d{3}$/, 'An LA code is 3 digits.'))),
  /** Establishment number (DfE number without the LA code), 4 digits. */
  establishmentNumber: z.optional(z.string().check(z.regex(/^\d{4}$/, 'An establishment number is 4 digits.'))),
  phases: z.array(PhaseSchema),
  email: z.optional(EmailSchema),
  postcode: z.optional(text(10)),
  /** Web origins allowed to call the hub from a browser on this organisation's behalf (CORS). */
  allowedOrigins: z.array(z.url({ protocol: /^https?$/ })),
});
export type Organisation = z.infer<typeof OrganisationSchema>;
