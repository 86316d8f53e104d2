import * as z from 'zod/mini';
import { EmailSchema, Id, IsoDateSchema, PhoneSchema, requiredText, text, Timestamp } from './common.js';
import { LearnerCoreSchema } from './learner.js';
import { AnswerSchema, TransitionSchema, type Answer, type HandoverTemplate, type Question } from './template.js';
import type { FieldIssue } from './issues.js';

export const HANDOVER_STATUSES = ['draft', 'submitted', 'acknowledged'] as const;
export const HandoverStatusSchema = z.enum(HANDOVER_STATUSES);
export type HandoverStatus = z.infer<typeof HandoverStatusSchema>;

export const DslContactSchema = z.strictObject({
  name: requiredText(120),
  email: EmailSchema,
  phone: z.optional(PhoneSchema),
  side: z.enum(['sending', 'receiving']),
});

/**
 * What c2c-kit records about a child-protection file (KCSIE): that it exists, who the DSLs are, and how and
 * when it went by secure transit and was confirmed. Never the content of the file.
 */
/** How a child-protection file goes from one DSL to the other: always by secure transit, apart from the main file. */
export const SafeguardingTransferMethodSchema = z.enum([
  'secure-email',
  'specialist-system',
  'hand-delivered',
  'recorded-post',
  'other',
]);
export type SafeguardingTransferMethod = z.infer<typeof SafeguardingTransferMethodSchema>;

export const SafeguardingSchema = z.strictObject({
  cpFileExists: z.boolean(),
  dslContacts: z.array(DslContactSchema),
  transfer: z.optional(
    z.strictObject({
      method: SafeguardingTransferMethodSchema,
      sentAt: z.optional(Timestamp),
      sentBy: z.optional(text(120)),
      receiptConfirmedAt: z.optional(Timestamp),
      receiptConfirmedBy: z.optional(text(120)),
      /**
       * Set by the hub, never by a request: true when the receiving school's DSL confirmed receipt themselves
       * (`POST /v1/handovers/:id/safeguarding-receipt`). That confirmation then stands: the sending school can no
       * longer change or remove it. A receipt the sending DSL typed in (a receiving school not on the hub) has no flag.
       */
      receiptConfirmedByReceiver: z.optional(z.boolean()),
    }),
  ),
});
export type Safeguarding = z.infer<typeof SafeguardingSchema>;

/** Answers keyed by section id, then question id. */
export const SectionsSchema = z.record(Id, z.record(Id, AnswerSchema));
export type Sections = z.infer<typeof SectionsSchema>;

export const HandoverMessageSchema = z.strictObject({
  id: Id,
  authorName: z.string(),
  organisationId: Id,
  at: Timestamp,
  body: requiredText(2000),
});

export const HandoverSchema = z.strictObject({
  id: Id,
  /** Increases on every change; send it back in `If-Match` so two editors cannot overwrite each other. */
  version: z.number().check(z.int(), z.positive()),
  status: HandoverStatusSchema,
  transition: TransitionSchema,
  templateId: Id,
  learnerId: Id,
  learner: LearnerCoreSchema,
  sendingOrganisationId: Id,
  /** Null when the next school is not yet known. */
  receivingOrganisationId: z.nullable(Id),
  sections: SectionsSchema,
  /** True when a DSL-to-DSL child-protection transfer is needed. Every staff role sees this flag; parents do not. */
  safeguardingTransferRequired: z.boolean(),
  /** The safeguarding record itself; present only for the DSL role. */
  safeguarding: z.optional(SafeguardingSchema),
  messages: z.array(HandoverMessageSchema),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  submittedAt: z.nullable(Timestamp),
  acknowledgedAt: z.nullable(Timestamp),
  acknowledgedBy: z.nullable(z.string()),
});
export type Handover = z.infer<typeof HandoverSchema>;

/**
 * A handover as a parent or carer sees it: the learner's names only, and only the sections parents contribute
 * to (`pupil-voice`, `family`). Nothing about safeguarding (not even whether a transfer is needed: under KCSIE
 * that is for the DSLs, and telling a parent could put the child at risk), and not the schools' messages to
 * each other or who acknowledged it. The hub answers a parent with this shape; staff get {@link HandoverSchema}.
 */
export const ParentHandoverSchema = z.strictObject({
  ...z.omit(HandoverSchema, {
    learner: true,
    safeguarding: true,
    safeguardingTransferRequired: true,
    messages: true,
    acknowledgedBy: true,
  }).def.shape,
  learner: z.pick(LearnerCoreSchema, { legalForename: true, legalSurname: true, preferredForename: true }),
});
export type ParentHandover = z.infer<typeof ParentHandoverSchema>;
/** Any view of a handover the hub may return: the full record for staff, the parent's view for parents. */
export const HandoverViewSchema = z.union([HandoverSchema, ParentHandoverSchema]);
export type HandoverView = z.infer<typeof HandoverViewSchema>;

export const HandoverCreateSchema = z.strictObject({
  transition: TransitionSchema,
  learnerId: Id,
  receivingOrganisationId: z.nullable(Id),
  templateId: z.optional(Id),
  sections: z.optional(SectionsSchema),
  safeguardingTransferRequired: z.optional(z.boolean()),
  safeguarding: z.optional(SafeguardingSchema),
});
export type HandoverCreate = z.infer<typeof HandoverCreateSchema>;

export const HandoverUpdateSchema = z.strictObject({
  receivingOrganisationId: z.optional(z.nullable(Id)),
  learner: z.optional(z.partial(LearnerCoreSchema)),
  sections: z.optional(SectionsSchema),
  safeguardingTransferRequired: z.optional(z.boolean()),
  safeguarding: z.optional(SafeguardingSchema),
});
export type HandoverUpdate = z.infer<typeof HandoverUpdateSchema>;

export const HandoverAcknowledgeSchema = z.strictObject({ message: z.optional(text(2000)) });
/**
 * The receiving DSL's confirmation that the child-protection file has arrived (KCSIE: receipt confirmed by the
 * DSL). The hub records who and when; `method` is needed only where the sending DSL recorded none.
 */
export const SafeguardingReceiptSchema = z.strictObject({ method: z.optional(SafeguardingTransferMethodSchema) });
export type SafeguardingReceipt = z.infer<typeof SafeguardingReceiptSchema>;
export const HandoverMessageCreateSchema = z.strictObject({ body: requiredText(2000) });

export const HandoverVersionSchema = z.strictObject({
  version: z.number().check(z.int(), z.positive()),
  status: HandoverStatusSchema,
  changedAt: Timestamp,
  changedBy: z.string(),
  sections: SectionsSchema,
  /**
   * On the version an acknowledgement made: the version the receiving school read and acknowledged (its `If-Match`,
   * or the version current when it named none). It can be earlier than the version before: a message adds a version
   * without changing what the receiving school reads.
   */
  acknowledges: z.optional(z.number().check(z.int(), z.positive())),
});
export type HandoverVersion = z.infer<typeof HandoverVersionSchema>;

/**
 * Checks answers against a template before submission: required questions answered (text of spaces alone is not
 * an answer), each answer of its question's kind (text for text, yes or no, a real calendar date `YYYY-MM-DD`, a
 * number), lengths within limits, choices (and every choice of a multiple choice) from the list. Drafts may be
 * incomplete, or hold an answer of the wrong kind; submission may not.
 *
 * @returns One issue per question at fault, with a stable code: `required`, `not_text`, `not_yes_or_no`,
 *   `not_a_date`, `not_a_number`, `invalid_choice` or `too_long`. The messages are English; a page in another
 *   language words them from the code.
 */
export function checkAnswers(template: HandoverTemplate, sections: Sections): FieldIssue[] {
  const issues: FieldIssue[] = [];
  for (const section of template.sections) {
    for (const question of section.questions) {
      const value = sections[section.id]?.[question.id];
      const path = `sections.${section.id}.${question.id}`;
      // Text of spaces or line breaks alone (a key pressed by mistake) says nothing: it does not answer a question.
      const empty =
        value === undefined ||
        value === null ||
        (typeof value === 'string' && value.trim() === '') ||
        (Array.isArray(value) && value.length === 0);
      if (empty) {
        if (question.required) issues.push({ path, code: 'required', message: `Answer “${question.label.en}”.` });
        continue;
      }
      const wrongKind = kindIssue(question, value);
      if (wrongKind) {
        // An answer of the wrong kind has no length or option worth reporting: one issue says what to change.
        issues.push({ path, ...wrongKind });
        continue;
      }
      if (typeof value === 'string' && question.maxLength && value.length > question.maxLength) {
        issues.push({
          path,
          code: 'too_long',
          message: `“${question.label.en}” must be ${question.maxLength} characters or fewer.`,
        });
      }
      const options = question.options;
      if (options && (question.kind === 'choice' || question.kind === 'rag' || question.kind === 'multichoice')) {
        const isOption = (v: unknown) => options.some((o) => o.value === v);
        // Every box ticked must be one of the list, as a single choice must.
        const chosen =
          question.kind === 'multichoice' ? Array.isArray(value) && value.every(isOption) : isOption(value);
        if (!chosen) issues.push({ path, code: 'invalid_choice', message: choose(question.label.en) });
      }
    }
  }
  return issues;
}

const choose = (label: string) => `Choose one of the options for “${label}”.`;

/**
 * The issue when an answer is not of its question's kind, as a saved draft may hold (an answer written by another
 * system through the API, or a template whose question changed kind): `true` for a text question, "banana" for a
 * date. Choices are checked against their options afterwards.
 */
function kindIssue(question: Question, value: Answer): Omit<FieldIssue, 'path'> | undefined {
  const label = question.label.en;
  switch (question.kind) {
    case 'text':
    case 'longtext':
      return typeof value === 'string'
        ? undefined
        : { code: 'not_text', message: `“${label}” must be written as text.` };
    case 'yesno':
      return typeof value === 'boolean'
        ? undefined
        : { code: 'not_yes_or_no', message: `Answer “${label}” with yes or no.` };
    case 'date':
      // A real calendar date only: 2015-02-30 and 2015-02-29 are written like dates but are not days.
      return typeof value === 'string' && IsoDateSchema.safeParse(value).success
        ? undefined
        : { code: 'not_a_date', message: `“${label}” must be a real date, for example 2014-09-27.` };
    case 'number':
      return typeof value === 'number' ? undefined : { code: 'not_a_number', message: `“${label}” must be a number.` };
    case 'choice':
    case 'rag':
      return typeof value === 'string' ? undefined : { code: 'invalid_choice', message: choose(label) };
    case 'multichoice':
      return Array.isArray(value) ? undefined : { code: 'invalid_choice', message: choose(label) };
  }
}
