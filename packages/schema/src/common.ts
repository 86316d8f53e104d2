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

/** Text with a length cap, trimmed. */
export const text = (max: number) => z.string().check(z.trim(), z.maxLength(max, `Use ${max} characters or fewer.`));
/** Required text with a length cap, trimmed. */
export const requiredText = (max: number) =>
  z
    .string()
    .check(z.trim(), z.minLength(1, 'This field is required.'), z.maxLength(max, `Use ${max} characters or fewer.`));

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
