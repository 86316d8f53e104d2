import {
  checkAnswers,
  EmailSchema,
  IsoDateSchema,
  LearnerCoreSchema,
  PhoneSchema,
  validateUln,
  validateUpn,
  withoutSpaces,
  type HandoverTemplate,
  type LocalisedText,
  type Question,
} from '@c2c/schema';
import type { Lang } from '../../shared/localize.js';
import type { HandoverFormMessageKey } from '../strings.js';
import type { FieldKind } from './field.js';
import { isEmpty } from './field.js';

/** One field the form renders, whatever it comes from (a template question, a learner detail, safeguarding). */
export interface FieldSpec {
  path: string;
  kind: FieldKind;
  label: string;
  hint?: string;
  required: boolean;
  maxLength?: number;
  options?: Array<{ value: string; label: string }>;
  variant?: '' | 'upn' | 'uln' | 'name';
  /** For template questions: the question itself, so `checkAnswers` can check it. */
  question?: { sectionId: string; question: Question };
}

type T = (key: HandoverFormMessageKey, values?: Record<string, string | number>) => string;

export function pick(text: LocalisedText | undefined, lang: Lang): string {
  if (!text) return '';
  return lang === 'cy' ? (text.cy ?? text.en) : text.en;
}

/** A template question as a field: the template's own words, in the page's language. */
export function questionSpec(sectionId: string, q: Question, lang: Lang): FieldSpec {
  return {
    path: `sections.${sectionId}.${q.id}`,
    kind: q.kind,
    label: pick(q.label, lang),
    ...(q.hint ? { hint: pick(q.hint, lang) } : {}),
    required: q.required,
    ...(q.maxLength ? { maxLength: q.maxLength } : {}),
    ...(q.options ? { options: q.options.map((o) => ({ value: o.value, label: pick(o.label, lang) })) } : {}),
    question: { sectionId, question: q },
  };
}

/** The learner details a handover carries that a person checks or types (the rest come from the MIS). */
export function learnerSpecs(t: T): FieldSpec[] {
  return [
    {
      path: 'learner.legalForename',
      kind: 'text',
      label: t('lf_legalForename'),
      required: true,
      maxLength: 60,
      variant: 'name',
    },
    {
      path: 'learner.legalSurname',
      kind: 'text',
      label: t('lf_legalSurname'),
      required: true,
      maxLength: 60,
      variant: 'name',
    },
    {
      path: 'learner.preferredForename',
      kind: 'text',
      label: t('lf_preferredForename'),
      required: false,
      maxLength: 60,
      variant: 'name',
    },
    { path: 'learner.dateOfBirth', kind: 'date', label: t('lf_dateOfBirth'), required: true },
    { path: 'learner.upn', kind: 'text', label: t('lf_upn'), hint: t('lf_upnHint'), required: false, variant: 'upn' },
    { path: 'learner.uln', kind: 'text', label: t('lf_uln'), required: false, variant: 'uln' },
    {
      path: 'learner.sex',
      kind: 'choice',
      label: t('lf_sex'),
      required: true,
      options: [
        { value: 'F', label: t('sexF') },
        { value: 'M', label: t('sexM') },
      ],
    },
    {
      path: 'learner.senStatus',
      kind: 'choice',
      label: t('lf_senStatus'),
      required: false,
      options: [
        { value: 'none', label: t('senNone') },
        { value: 'sen-support', label: t('senSupport') },
        { value: 'ehc-plan', label: t('senEhcp') },
      ],
    },
    { path: 'learner.eal', kind: 'yesno', label: t('lf_eal'), required: false },
    { path: 'learner.firstLanguage', kind: 'text', label: t('lf_firstLanguage'), required: false, maxLength: 60 },
    { path: 'learner.lookedAfter', kind: 'yesno', label: t('lf_lookedAfter'), required: false },
    { path: 'learner.previouslyLookedAfter', kind: 'yesno', label: t('lf_previouslyLookedAfter'), required: false },
    { path: 'learner.freeSchoolMeals', kind: 'yesno', label: t('lf_freeSchoolMeals'), required: false },
    { path: 'learner.pupilPremium', kind: 'yesno', label: t('lf_pupilPremium'), required: false },
  ];
}

export const SAFEGUARDING_METHODS = [
  'secure-email',
  'specialist-system',
  'hand-delivered',
  'recorded-post',
  'other',
] as const;

/** The safeguarding record's fields (DSL only): that a file exists, the two DSLs, and the secure transfer. */
export function safeguardingSpecs(t: T): {
  flags: FieldSpec[];
  sending: FieldSpec[];
  receiving: FieldSpec[];
  transfer: FieldSpec[];
} {
  const dsl = (side: 'sending' | 'receiving'): FieldSpec[] => [
    { path: `sg.${side}.name`, kind: 'text', label: t('dslName'), required: false, maxLength: 120, variant: 'name' },
    { path: `sg.${side}.email`, kind: 'text', label: t('dslEmail'), required: false, maxLength: 254 },
    { path: `sg.${side}.phone`, kind: 'text', label: t('dslPhone'), required: false, maxLength: 20 },
  ];
  return {
    flags: [
      { path: 'sg.required', kind: 'yesno', label: t('sgRequired'), required: false },
      { path: 'sg.cpFileExists', kind: 'yesno', label: t('cpFileExists'), required: false },
    ],
    sending: dsl('sending'),
    receiving: dsl('receiving'),
    transfer: [
      {
        path: 'sg.method',
        kind: 'choice',
        label: t('transferMethod'),
        required: false,
        options: SAFEGUARDING_METHODS.map((m) => ({
          value: m,
          label: t(`method_${m.replace(/-/g, '_')}` as HandoverFormMessageKey),
        })),
      },
      { path: 'sg.sentAt', kind: 'date', label: t('sentAt'), required: false },
      { path: 'sg.sentBy', kind: 'text', label: t('sentBy'), required: false, maxLength: 120, variant: 'name' },
      { path: 'sg.receiptAt', kind: 'date', label: t('receiptAt'), required: false },
      { path: 'sg.receiptBy', kind: 'text', label: t('receiptBy'), required: false, maxLength: 120, variant: 'name' },
    ],
  };
}

/**
 * Whether `value` passes `schema`. The form only needs yes or no: the schema package's `validate` also words every
 * problem for an API caller, and bundling that wording (which the form never shows) cost the CDN bundle 0.8 kB.
 */
export function isValid(schema: { safeParse(input: unknown): { success: boolean } }, value: unknown): boolean {
  return schema.safeParse(value).success;
}

/**
 * The message for one answer, or '' when it is fine. Template answers go through the schema's own
 * `checkAnswers` rules (required, length, choices, numbers); learner details through `LearnerCoreSchema`;
 * UPN and ULN through their check-character functions. Messages come back in the page's language.
 */
export function checkField(spec: FieldSpec, value: unknown, t: T, options: { requiredNow: boolean }): string {
  const label = spec.label;
  // Spaces alone are no answer, as checkAnswers (the hub's rule) has it; like an empty box, not an error until the
  // teacher submits, rather than "Answer …" shown the moment a space is typed.
  if (isEmpty(value) || (typeof value === 'string' && value.trim() === ''))
    return spec.required && options.requiredNow ? t('required', { label }) : '';
  // A date is typed as day, month and year; until all three make a real day the value is not an ISO date.
  if (spec.kind === 'date' && !isValid(IsoDateSchema, value)) return t('invalidDate');
  if (spec.variant === 'upn' || spec.variant === 'uln') {
    const r = (spec.variant === 'upn' ? validateUpn : validateUln)(String(value));
    if (r.valid) return '';
    // `reason` is the schema's English for the problem, which the English catalogue shows as it is.
    return t(`${spec.variant}_${r.code}` as HandoverFormMessageKey, {
      reason: r.reason,
      count: withoutSpaces(String(value)).length,
    });
  }
  if (spec.question) {
    // The hub's own rules: one question checked with checkAnswers, its stable code turned into our words.
    const { sectionId, question } = spec.question;
    const one: HandoverTemplate = {
      id: 'one',
      transition: 'in-year',
      title: { en: '' },
      version: 1,
      sections: [{ id: sectionId, title: { en: '' }, contributors: [], questions: [question] }],
    };
    const issue = checkAnswers(one, { [sectionId]: { [question.id]: value as never } })[0];
    if (!issue) return '';
    return issueMessage(issue.code, spec, t);
  }
  if (typeof value === 'string' && spec.maxLength && value.length > spec.maxLength)
    return t('tooLong', { label, max: spec.maxLength });
  if (spec.path.startsWith('learner.')) {
    const key = spec.path.slice(8) as keyof typeof LearnerCoreSchema.shape;
    const schema = LearnerCoreSchema.shape[key];
    if (schema) {
      if (!isValid(schema, value)) return spec.kind === 'date' ? t('invalidDate') : t('invalidValue', { label });
    }
  }
  if (spec.path.endsWith('.email') && !isValid(EmailSchema, value)) return t('invalidEmail');
  if (spec.path.endsWith('.phone') && !isValid(PhoneSchema, value)) return t('invalidPhone');
  return '';
}

/** Our words for a `checkAnswers` issue code (the schema's own message is English only). */
export function issueMessage(code: string, spec: FieldSpec, t: T): string {
  const label = spec.label;
  switch (code) {
    case 'required':
      return t('required', { label });
    case 'too_long':
      return t('tooLong', { label, max: spec.maxLength ?? 0 });
    case 'invalid_choice':
      return t('invalidChoice', { label });
    case 'not_a_number':
      return t('notANumber', { label });
    case 'not_text':
      return t('notText', { label });
    case 'not_yes_or_no':
      return t('notYesOrNo', { label });
    default:
      return t('invalidValue', { label });
  }
}

/** Every field the current person sees, in page order, for whole-form checks on submit. */
export function templateSpecs(template: HandoverTemplate, lang: Lang, sectionIds?: readonly string[]): FieldSpec[] {
  return template.sections
    .filter((s) => !sectionIds || sectionIds.includes(s.id))
    .flatMap((s) => s.questions.map((q) => questionSpec(s.id, q, lang)));
}
