import * as z from 'zod/mini';
import { Id, Timestamp, text } from './common.js';

/** A family signposted (told about) or referred (introduced) to a service, with consent recorded. */
export const SignpostingSchema = z.strictObject({
  id: Id,
  kind: z.enum(['signposted', 'referred']),
  serviceId: Id,
  serviceName: z.string(),
  /** The learner, when the hub knows them; otherwise a family reference the organisation understands. */
  learnerId: z.optional(Id),
  familyReference: z.optional(text(60)),
  consent: z.strictObject({
    given: z.boolean(),
    method: z.enum(['verbal', 'written', 'digital']),
    recordedAt: Timestamp,
  }),
  note: z.optional(text(1000)),
  organisationId: Id,
  createdBy: z.string(),
  createdAt: Timestamp,
});
export type Signposting = z.infer<typeof SignpostingSchema>;

export const SignpostingCreateSchema = z.strictObject({
  kind: z.enum(['signposted', 'referred']),
  serviceId: Id,
  learnerId: z.optional(Id),
  familyReference: z.optional(text(60)),
  consent: z.strictObject({ given: z.boolean(), method: z.enum(['verbal', 'written', 'digital']) }),
  note: z.optional(text(1000)),
});
export type SignpostingCreate = z.infer<typeof SignpostingCreateSchema>;

// signpostingConsentProblem lives in signposting-rules.ts (no zod), exported by the package index.
