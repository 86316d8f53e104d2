import type { z } from 'zod/mini';

/**
 * One problem found while validating input, written for a school administrator.
 * `code` is stable and machine-readable; `message` may be reworded between releases.
 */
export interface FieldIssue {
  /** Dotted path to the field, e.g. `learner.upn` or `sections.send.needs`. Empty for the whole record. */
  path: string;
  /** Stable code, e.g. `upn_check_letter`, `required`, `too_long`. */
  code: string;
  /** A plain-English sentence that says what is wrong and how to fix it. */
  message: string;
}

const GENERIC: Record<string, string> = {
  invalid_type: 'This is the wrong kind of value (text, a number, yes or no, or a list) for this field.',
  too_big: 'This is too long or too large.',
  too_small: 'This is empty or too short.',
  invalid_format: 'This is not in the expected format.',
  invalid_value: 'Choose one of the listed options.',
  unrecognized_keys: 'This record has fields that are not allowed here.',
  invalid_union: 'This value does not match any allowed form.',
};

/**
 * Whether the field was missing. zod drops the value from every issue unless the parse was asked to report it
 * (`reportInput`); without it, a wrong type is taken as missing, as most often it is.
 */
function missing(issue: z.core.$ZodIssue): boolean {
  if ('input' in issue) return issue.input === undefined;
  return issue.code === 'invalid_type';
}

function codeOf(issue: z.core.$ZodIssue): string {
  if (issue.code === 'custom') {
    const params = (issue as { params?: { code?: string } }).params;
    return params?.code ?? 'invalid';
  }
  // A missing choice (an enum or literal) is as missing as a missing text.
  if ((issue.code === 'invalid_type' || issue.code === 'invalid_value') && missing(issue)) return 'required';
  if (issue.code === 'too_small' && issue.origin === 'string' && issue.minimum === 1) return 'required';
  if (issue.code === 'too_big') return 'too_long';
  if (issue.code === 'unrecognized_keys') return 'unknown_field';
  return issue.code;
}

/** The longest key name quoted back, in characters. */
const KEY_NAME_MAX = 40;

/**
 * The unknown keys, for a message: all of a few, or the first five and a count, each cut to {@link KEY_NAME_MAX}
 * characters without control characters. Keys come from the caller and are usually field names, so they are named to
 * say what to remove; but one can be anything typed by mistake (a pasted paragraph, a child's name, a million keys),
 * and the message goes into problem responses and error summaries, so it stays one short line.
 */
function keyList(keys: readonly string[]): string {
  const shown = (keys.length > 6 ? keys.slice(0, 5) : keys).map((key) => {
    const clean = key.replace(/[\u0000-\u001F\u007F-\u009F]+/g, ' ');
    return clean.length > KEY_NAME_MAX ? `${clean.slice(0, KEY_NAME_MAX - 1)}…` : clean;
  });
  return keys.length > 6 ? `${shown.join(', ')} and ${keys.length - 5} more` : shown.join(', ');
}

/** zod's own wording (a schema's message, written for people, is kept). */
const zodDefault = (message: string) => /^(Invalid|Too|Unrecognized|Expected)/.test(message);

function messageOf(issue: z.core.$ZodIssue, code: string): string {
  // zod's default messages are for developers; ours are for the person at the keyboard.
  if (code === 'required') return 'This field is required.';
  if (issue.code === 'too_big' && issue.origin === 'string') return `Use ${String(issue.maximum)} characters or fewer.`;
  if (issue.code === 'unrecognized_keys')
    // A schema may say where the field went instead (a search moved out of the query string, say).
    return issue.message && !zodDefault(issue.message)
      ? issue.message
      : `Remove the field${issue.keys.length > 1 ? 's' : ''} ${keyList(issue.keys)}: ${issue.keys.length > 1 ? 'they are' : 'it is'} not part of this record.`;
  if (issue.code === 'invalid_value' && 'values' in issue)
    return `Choose one of: ${issue.values.map(String).join(', ')}.`;
  if (issue.code === 'custom' || (issue.message && !zodDefault(issue.message))) {
    return issue.message;
  }
  return GENERIC[issue.code] ?? 'This value is not valid.';
}

/**
 * Turns a zod error into a flat list of readable issues with stable codes. Parse with `{ reportInput: true }` so
 * that a field sent with the wrong kind of value (`invalid_type`) is told apart from a missing one (`required`);
 * the values themselves are never copied into the issues.
 */
export function toFieldIssues(error: z.core.$ZodError): FieldIssue[] {
  return error.issues.map((issue) => {
    const code = codeOf(issue);
    return { path: issue.path.map(String).join('.'), code, message: messageOf(issue, code) };
  });
}

/** The result of a validation that either succeeds with a typed value or explains every problem. */
export type Validated<T> = { ok: true; value: T } | { ok: false; issues: FieldIssue[] };

/** Validates `input` against `schema`, returning readable issues instead of throwing. */
export function validate<S extends z.core.$ZodType>(schema: S, input: unknown): Validated<z.core.output<S>> {
  const result = (schema as unknown as z.ZodMiniType).safeParse(input, { reportInput: true });
  if (result.success) return { ok: true, value: result.data as z.core.output<S> };
  return { ok: false, issues: toFieldIssues(result.error) };
}
