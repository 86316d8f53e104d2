import * as z from 'zod/mini';
import { EmailSchema, Id, PhaseSchema, requiredLineText, UkPostcode } from './common.js';

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

const whole = (min: number, max: number, unit: string) =>
  z
    .number()
    .check(
      z.int(`Enter a whole number of ${unit}.`),
      z.minimum(min, `Enter ${min} ${unit} or more.`),
      z.maximum(max, `Enter ${max} ${unit} or fewer.`),
    );

/**
 * How long the hub keeps each kind of record (the IRMS toolkit's defaults, which a school or trust may change).
 * The bounds stop a slip of the keyboard from deleting children's records: nothing about a learner goes before
 * their 18th birthday, and no draft within 30 days of its last change.
 */
export const RetentionPolicySchema = z.strictObject({
  /** A handover draft never submitted, counted in days from its last change. Default 365. */
  draftDays: whole(30, 3650, 'days'),
  /**
   * A learner and every record about them (handovers, including a child-protection transfer; pathway;
   * signposting), counted in years from the date of birth. Default 25.
   */
  learnerYears: whole(18, 100, 'years'),
  /** The same for a learner with an EHC plan (SEN file). Default 31. */
  ehcPlanYears: whole(18, 100, 'years'),
  /**
   * A signposting record about a family with no learner record on the hub (their reference, the note, the
   * consent), counted in years from when it was recorded. Default 6. Signposting about a learner goes with them.
   */
  familySignpostingYears: whole(1, 100, 'years'),
});
export type RetentionPolicy = z.infer<typeof RetentionPolicySchema>;

/** An organisation's own retention periods; a period left out is the hub's default. */
export const RetentionOverridesSchema = z.partial(RetentionPolicySchema);
export type RetentionOverrides = z.infer<typeof RetentionOverridesSchema>;

/**
 * A change to an organisation's own periods: a number sets a period, `null` goes back to the hub's default, and a
 * period left out stays as it is.
 */
export const RetentionUpdateSchema = z.strictObject({
  draftDays: z.optional(z.nullable(RetentionPolicySchema.shape.draftDays)),
  learnerYears: z.optional(z.nullable(RetentionPolicySchema.shape.learnerYears)),
  ehcPlanYears: z.optional(z.nullable(RetentionPolicySchema.shape.ehcPlanYears)),
  familySignpostingYears: z.optional(z.nullable(RetentionPolicySchema.shape.familySignpostingYears)),
});
export type RetentionUpdate = z.infer<typeof RetentionUpdateSchema>;

/** The periods the hub applies to an organisation's records: its own where it set them, the hub's otherwise. */
export const OrganisationRetentionSchema = z.strictObject({
  organisationId: Id,
  /** The periods in force. */
  effective: RetentionPolicySchema,
  /** The organisation's own periods (empty: the hub's defaults throughout). */
  overrides: RetentionOverridesSchema,
});
export type OrganisationRetention = z.infer<typeof OrganisationRetentionSchema>;

// The space goes in as the CLI has always written it (the last three characters are the inward code), so records
// typed either way compare equal.
const OrganisationPostcode = UkPostcode.check(z.overwrite((p) => p.replace(/ ?(\d[A-Z]{2})$/, ' $1')));

export const OrganisationSchema = z.strictObject({
  id: Id,
  name: requiredLineText(200),
  kind: OrganisationKindSchema,
  /** Unique Reference Number from Get Information about Schools, where the organisation has one. */
  urn: z.optional(z.string().check(z.regex(/^\d{6,7}$/, 'A URN is 6 or 7 digits.'))),
  /** Local authority code, 3 digits. */
  laCode: z.optional(z.string().check(z.regex(/^\d{3}$/, 'An LA code is 3 digits.'))),
  /** Establishment number (DfE number without the LA code), 4 digits. */
  establishmentNumber: z.optional(z.string().check(z.regex(/^\d{4}$/, 'An establishment number is 4 digits.'))),
  phases: z.array(PhaseSchema),
  email: z.optional(EmailSchema),
  /**
   * A full UK postcode, written one way: in capitals, with one space before the inward code (`bf42dl` becomes
   * `BF4 2DL`), so two records of the same place compare equal.
   */
  postcode: z.optional(OrganisationPostcode),
  /** Web origins allowed to call the hub from a browser on this organisation's behalf (CORS). */
  allowedOrigins: z.array(z.url({ protocol: /^https?$/ })),
});
export type Organisation = z.infer<typeof OrganisationSchema>;

/**
 * An organisation as the hub keeps it: what any signed-in caller may see ({@link OrganisationSchema}) and the
 * retention periods it chose, which only its administrator and DSL see ({@link OrganisationRetentionSchema}).
 */
export const OrganisationRecordSchema = z.extend(OrganisationSchema, {
  retention: z.optional(RetentionOverridesSchema),
});
export type OrganisationRecord = z.infer<typeof OrganisationRecordSchema>;
