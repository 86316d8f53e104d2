import * as z from 'zod/mini';
import {
  EmailSchema,
  Id,
  IsoDateSchema,
  lineText,
  PhoneSchema,
  requiredLineText,
  text,
  YearGroupSchema,
} from './common.js';
import { validateUln, validateUpn, withoutSpaces } from './identifiers.js';

/**
 * A UPN, checked with its check letter. Temporary UPNs (ending in a letter) are accepted. Spaces are removed and
 * letters capitalised, so the stored UPN is always the 13-character form.
 */
export const UpnSchema = z.string().check(
  z.overwrite(withoutSpaces),
  z.toUpperCase(),
  z.superRefine((value, ctx) => {
    const result = validateUpn(value);
    if (!result.valid)
      ctx.issues.push({ code: 'custom', input: value, message: result.reason, params: { code: `upn_${result.code}` } });
  }),
);
/** A ULN, checked with its check digit. Spaces are removed, so the stored ULN is always 10 digits. */
export const UlnSchema = z.string().check(
  z.overwrite(withoutSpaces),
  z.superRefine((value, ctx) => {
    const result = validateUln(value);
    if (!result.valid)
      ctx.issues.push({ code: 'custom', input: value, message: result.reason, params: { code: `uln_${result.code}` } });
  }),
);

/** Sex as the DfE school census records it. */
export const SexSchema = z.enum(['M', 'F']);
/** SEN provision as the census codes it: none, SEN support (K), EHC plan (E). */
export const SenStatusSchema = z.enum(['none', 'sen-support', 'ehc-plan']);
/** Areas of need, DfE census codes (the CTF and census share them). */
export const SEN_NEED_CODES = [
  'SPLD',
  'MLD',
  'SLD',
  'PMLD',
  'SEMH',
  'SLCN',
  'HI',
  'VI',
  'MSI',
  'PD',
  'ASD',
  'OTH',
  'NSA',
] as const;
export const SenNeedSchema = z.enum(SEN_NEED_CODES);

export const ContactSchema = z.strictObject({
  name: requiredLineText(120),
  relationship: requiredLineText(60),
  parentalResponsibility: z.boolean(),
  phone: z.optional(PhoneSchema),
  email: z.optional(EmailSchema),
  priority: z.optional(z.number().check(z.int(), z.minimum(1), z.maximum(9))),
});
export type Contact = z.infer<typeof ContactSchema>;

/** A child or young person. Personal data: the hub only shows it to people whose role allows. */
export const LearnerSchema = z.strictObject({
  id: Id,
  legalForename: requiredLineText(60),
  legalSurname: requiredLineText(60),
  preferredForename: z.optional(lineText(60)),
  preferredSurname: z.optional(lineText(60)),
  dateOfBirth: IsoDateSchema,
  upn: z.optional(UpnSchema),
  /** True when the UPN is a temporary one (ends in a letter); derived, never trusted from input. */
  upnTemporary: z.optional(z.boolean()),
  uln: z.optional(UlnSchema),
  sex: SexSchema,
  /** Gender as the child or family describe it, where different from the recorded sex. */
  gender: z.optional(lineText(60)),
  yearGroup: z.optional(YearGroupSchema),
  senStatus: SenStatusSchema,
  senNeeds: z.array(SenNeedSchema),
  eal: z.boolean(),
  firstLanguage: z.optional(lineText(60)),
  lookedAfter: z.boolean(),
  previouslyLookedAfter: z.boolean(),
  freeSchoolMeals: z.boolean(),
  pupilPremium: z.boolean(),
  medicalNeeds: z.optional(text(2000)),
  contacts: z.array(ContactSchema),
  /** The organisation currently responsible for the learner (their school or setting). */
  organisationId: Id,
});
export type Learner = z.infer<typeof LearnerSchema>;

/** What a handover form carries about the learner: enough to identify them at the new school. */
export const LearnerCoreSchema = z.pick(LearnerSchema, {
  legalForename: true,
  legalSurname: true,
  preferredForename: true,
  dateOfBirth: true,
  upn: true,
  uln: true,
  sex: true,
  yearGroup: true,
  senStatus: true,
  senNeeds: true,
  eal: true,
  firstLanguage: true,
  lookedAfter: true,
  previouslyLookedAfter: true,
  freeSchoolMeals: true,
  pupilPremium: true,
  medicalNeeds: true,
  contacts: true,
});
export type LearnerCore = z.infer<typeof LearnerCoreSchema>;
