import type { Service } from '@c2c/schema';

/**
 * Folds a word for matching: lower case, accents removed, so "café" finds "Cafe" and "Llŷn" finds "Llyn".
 * No stemming: it would fold Welsh and English words into wrong stems.
 */
export function foldTerm(term: string): string {
  // Most words are plain ASCII: skip Unicode normalisation for them (it dominates indexing time).
  if (/^[\x00-\x7f]*$/.test(term)) return term.toLowerCase();
  return term
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
}

/**
 * Words too common to help (English and Welsh). Left out of the index and of queries: each would match nearly
 * every service, which makes every keystroke score the whole directory.
 */
export const STOP_WORDS = new Set([
  'a',
  'an',
  'and',
  'are',
  'as',
  'at',
  'be',
  'by',
  'can',
  'for',
  'from',
  'has',
  'have',
  'if',
  'in',
  'into',
  'is',
  'it',
  'its',
  'of',
  'on',
  'or',
  'our',
  'so',
  'that',
  'the',
  'their',
  'them',
  'there',
  'this',
  'to',
  'us',
  'we',
  'who',
  'will',
  'with',
  'would',
  'you',
  'your',
  'ac',
  'am',
  'ar',
  'at',
  'gan',
  'gyda',
  'i',
  'mae',
  'neu',
  'o',
  'sy',
  'y',
  'yn',
  'yr',
  'eich',
  'ein',
]);

/** The searchable fields of a service. */
export type Field = 'name' | 'organisation' | 'categories' | 'description' | 'places';

export function fieldText(s: Service, field: Field): string {
  switch (field) {
    case 'name':
      return s.name;
    case 'organisation':
      return s.organisation?.name ?? '';
    case 'categories':
      return s.taxonomyTerms.map((t) => t.name).join(' ');
    case 'description':
      return s.description ?? '';
    case 'places':
      return s.locations.map((l) => [l.name, l.address?.city, l.address?.postcode].filter(Boolean).join(' ')).join(' ');
  }
}
