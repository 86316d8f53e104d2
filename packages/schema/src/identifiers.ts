/** Letters used in UPN check characters and temporary UPN serials: no I, O or S. */
export const UPN_ALPHABET = 'ABCDEFGHJKLMNPQRTUVWXYZ';

/**
 * Removes what is ignored in a typed or pasted identifier: spaces, and the invisible characters that copying from
 * a web page, a document or a spreadsheet brings along, which would otherwise make a 13-character UPN "14 characters
 * long": zero-width space and joiners, word joiner and invisible operators, soft hyphen (Word and PDFs), and the
 * direction marks and isolates (U+200E, U+200F, U+202A-U+202E, U+2066-U+2069) that Windows and browsers put around
 * copied text.
 */
export function withoutSpaces(input: string): string {
  return input.replace(/[\s\u00AD\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069]+/g, '');
}

/** Why an identifier failed, as a stable code. */
export type IdentifierFailure =
  'empty' | 'wrong_length' | 'bad_characters' | 'check_letter' | 'check_digit' | 'leading_zero';

/** The outcome of checking a UPN. */
export type UpnResult =
  | { valid: true; upn: string; temporary: boolean; laCode: string; establishment: string; yearIssued: string }
  | { valid: false; code: IdentifierFailure; reason: string };

/** The outcome of checking a ULN. */
export type UlnResult = { valid: true; uln: string } | { valid: false; code: IdentifierFailure; reason: string };

/** Computes the check letter for the 12 characters after it (positions 2 to 13). */
export function upnCheckLetter(body: string): string {
  let sum = 0;
  for (let i = 0; i < 12; i++) {
    const ch = body[i]!;
    const value = /\d/.test(ch) ? Number(ch) : UPN_ALPHABET.indexOf(ch);
    sum += value * (i + 2);
  }
  return UPN_ALPHABET[sum % 23]!;
}

/**
 * Checks a Unique Pupil Number: 13 characters, a check letter, LA code, establishment,
 * year of issue and serial (3 digits, or 2 digits and a letter for a temporary UPN).
 * Spaces (and invisible characters, see {@link withoutSpaces}) are ignored and letters may be lower case.
 */
export function validateUpn(input: string): UpnResult {
  const upn = withoutSpaces(input).toUpperCase();
  if (!upn) return { valid: false, code: 'empty', reason: 'Enter the pupil’s UPN.' };
  if (upn.length !== 13) {
    return { valid: false, code: 'wrong_length', reason: `A UPN has 13 characters; this one has ${upn.length}.` };
  }
  const shape = /^([A-HJ-NP-RT-Z])(\d{3})(\d{4})(\d{2})(\d{3}|\d{2}[A-HJ-NP-RT-Z])$/;
  const m = shape.exec(upn);
  if (!m) {
    return {
      valid: false,
      code: 'bad_characters',
      reason:
        'A UPN is a letter, then 11 digits, then a digit or (for a temporary UPN) a letter. The letters I, O and S are never used.',
    };
  }
  const expected = upnCheckLetter(upn.slice(1));
  if (expected !== upn[0]) {
    return {
      valid: false,
      code: 'check_letter',
      reason:
        'The first letter of this UPN does not match the rest of it. Check each character against the pupil’s record.',
    };
  }
  return { valid: true, upn, temporary: /[A-Z]$/.test(upn), laCode: m[2]!, establishment: m[3]!, yearIssued: m[4]! };
}

/** Checks a Unique Learner Number: 10 digits, not starting with 0, with a mod-11 check digit. */
export function validateUln(input: string): UlnResult {
  const uln = withoutSpaces(input);
  if (!uln) return { valid: false, code: 'empty', reason: 'Enter the learner’s ULN.' };
  if (!/^\d+$/.test(uln)) return { valid: false, code: 'bad_characters', reason: 'A ULN is made of digits only.' };
  if (uln.length !== 10)
    return { valid: false, code: 'wrong_length', reason: `A ULN has 10 digits; this one has ${uln.length}.` };
  if (uln[0] === '0') return { valid: false, code: 'leading_zero', reason: 'A ULN never starts with 0.' };
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(uln[i]) * (10 - i);
  const remainder = sum % 11;
  if (remainder === 0 || Number(uln[9]) !== 10 - remainder) {
    return {
      valid: false,
      code: 'check_digit',
      reason: 'The last digit of this ULN does not match the others. Check each digit.',
    };
  }
  return { valid: true, uln };
}

/** Makes a valid UPN from its 12-character body (used by the synthetic data generators). */
export function withUpnCheckLetter(body: string): string {
  return upnCheckLetter(body) + body;
}

/** Makes a valid ULN from 9 digits, or returns null when no check digit exists for them. */
export function withUlnCheckDigit(nineDigits: string): string | null {
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(nineDigits[i]) * (10 - i);
  const remainder = sum % 11;
  if (remainder === 0) return null;
  return nineDigits + String(10 - remainder);
}

/**
 * What the hub takes as an `Idempotency-Key` header: 1 to 200 visible ASCII characters, no spaces or line breaks.
 * The SDK checks a key against it before sending, so a key the hub would refuse never leaves the caller. It lives
 * here, in a module without zod, so that importing it adds only the pattern to the SDK's browser bundles.
 */
export const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;
