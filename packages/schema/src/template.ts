import * as z from 'zod/mini';
import { Id, LocalisedText } from './common.js';
import { RoleSchema } from './user.js';

export const TRANSITIONS = ['ey-to-reception', 'infant-to-junior', 'y6-to-y7', 'y11-to-post16', 'in-year'] as const;
export const TransitionSchema = z.enum(TRANSITIONS);
export type Transition = z.infer<typeof TransitionSchema>;

export const QUESTION_KINDS = ['text', 'longtext', 'choice', 'multichoice', 'yesno', 'number', 'date', 'rag'] as const;

export const QuestionSchema = z.strictObject({
  id: Id,
  kind: z.enum(QUESTION_KINDS),
  label: LocalisedText,
  hint: z.optional(LocalisedText),
  required: z.boolean(),
  maxLength: z.optional(z.number().check(z.int(), z.positive())),
  options: z.optional(z.array(z.strictObject({ value: z.string(), label: LocalisedText }))),
});
export type Question = z.infer<typeof QuestionSchema>;

export const SECTION_IDS = [
  'pupil-voice',
  'strengths',
  'how-i-learn',
  'send',
  'medical',
  'attendance',
  'attainment',
  'family',
  'friendships',
  'professionals',
  'safeguarding',
] as const;

export const TemplateSectionSchema = z.strictObject({
  id: Id,
  title: LocalisedText,
  description: z.optional(LocalisedText),
  /** Roles that may edit this section besides the sending staff (parents add to pupil voice and family). */
  contributors: z.array(RoleSchema),
  questions: z.array(QuestionSchema),
});
export type TemplateSection = z.infer<typeof TemplateSectionSchema>;

/** A handover template: the sections and questions for one transition. Data, so a trust can add its own. */
export const HandoverTemplateSchema = z.strictObject({
  id: Id,
  transition: TransitionSchema,
  title: LocalisedText,
  version: z.number().check(z.int(), z.positive()),
  sections: z.array(TemplateSectionSchema),
});
export type HandoverTemplate = z.infer<typeof HandoverTemplateSchema>;

/** An answer to one template question. */
export const AnswerSchema = z.union([
  z.string().check(z.maxLength(20_000, 'Use 20,000 characters or fewer.')),
  z.number(),
  z.boolean(),
  z.array(z.string()),
  z.null(),
]);
export type Answer = z.infer<typeof AnswerSchema>;
