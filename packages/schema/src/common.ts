import * as z from 'zod/mini';
import { PHASES, YEAR_GROUPS } from './dates.js';

/** A record id: letters, digits, `_` and `-`, up to 64 characters (safe in URLs and logs). */
export const Id = z
  .string()
  .check(
    z.minLength(1, 'This field is required.'),
    z.maxLength(64, 'Use 64 characters or fewer.'),
    z.regex(/^[A-Za-z0-9_-]+$/, 'Use only letters, digits, hyphens and underscores.'),
  );

/** A calendar date, `YYYY-MM-DD`. */
export const IsoDateSchema = z.iso.date({ error: 'Enter a real date, for example 2014-09-27.' });
/** A moment in time, ISO 8601 with an offset. */
export const Timestamp = z.iso.datetime({
  offset: true,
  error: 'Enter a date and time, for example 2026-07-01T09:30:00Z.',
});

/**
 * Text with no C0 or C1 control character (U+0000-U+001F, U+007F-U+009F) but tab, line feed and carriage return, and
 * no half of a surrogate pair on its own: that is not text (a string cut in the middle of an emoji, say), and it
 * cannot be written as UTF-8, so the database would hold a U+FFFD in its place instead of what was sent.
 * Control characters are invisible on screen but not in what is done with the text: PostgreSQL cannot store a NUL and
 * C code stops at one, an escape sequence rewrites a terminal showing a log, and XML 1.0 (a CTF) cannot
 * hold most of them at all. Explicit escapes rather than `\p{Cc}`, so the JSON Schema pattern needs no `u` flag.
 */
const NO_CONTROL_BUT_LINES =
  /^(?:[^\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uD800-\uDFFF]|[\uD800-\uDBFF][\uDC00-\uDFFF])*$/;
/**
 * Text with no control character at all: one line, no tab. Nor the invisible characters that override or embed a
 * direction (U+202A-U+202E, U+2066-U+2069), which in a name make it show as another (a learner, a user in the
 * audit trail of who saw what) and which no MIS or keyboard puts in one; the direction marks U+200E and U+200F,
 * which right-to-left names copied from a document can carry, are kept.
 */
const NO_CONTROL =
  /^(?:[^\u0000-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069\uD800-\uDFFF]|[\uD800-\uDBFF][\uDC00-\uDFFF])*$/;

const noControlButLines = () =>
  z.regex(
    NO_CONTROL_BUT_LINES,
    'Remove the hidden control characters from this text: only letters, numbers, punctuation, spaces, tabs and line breaks are allowed.',
  );
const noControl = () =>
  z.regex(
    NO_CONTROL,
    'Write this on one line, without tabs or hidden control characters: only letters, numbers, punctuation and spaces are allowed.',
  );

/** A trimmed string of at most `max` characters, which must not be empty when `required`, checked by `chars`. */
const bounded = (max: number, required: boolean, chars: typeof noControl) =>
  z
    .string()
    .check(
      z.trim(),
      ...(required ? [z.minLength(1, 'This field is required.')] : []),
      z.maxLength(max, `Use ${max} characters or fewer.`),
      chars(),
    );

/** Text with a length cap, trimmed; it may run over several lines (tabs and line breaks), but holds no other control character. */
export const text = (max: number) => bounded(max, false, noControlButLines);
/** Required text with a length cap, trimmed; as {@link text}, several lines allowed. */
export const requiredText = (max: number) => bounded(max, true, noControlButLines);
/** One line of text (a name, a postcode) with a length cap, trimmed: no tab, line break or other control character. */
export const lineText = (max: number) => bounded(max, false, noControl);
/** A required line of text (a name) with a length cap, trimmed; as {@link lineText}, one line only. */
export const requiredLineText = (max: number) => bounded(max, true, noControl);

/** Text in English with an optional Welsh version. */
export const LocalisedText = z.strictObject({ en: z.string(), cy: z.optional(z.string()) });
export type LocalisedText = z.infer<typeof LocalisedText>;

export const PhaseSchema = z.enum(PHASES);
export const YearGroupSchema = z.enum(YEAR_GROUPS);

export const EmailSchema = z.email({ error: 'Enter an email address in the correct format, like name@example.org.' });
export const PhoneSchema = z
  .string()
  .check(
    z.trim(),
    z.regex(/^\+?[0-9 ()-]{6,20}$/, 'Enter a telephone number, like 01632 960 001 or +44 1632 960 001.'),
  );
export const UkPostcode = z
  .string()
  .check(
    z.trim(),
    z.toUpperCase(),
    z.regex(/^[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}$/, 'Enter a full UK postcode, like SW1A 1AA.'),
  );
