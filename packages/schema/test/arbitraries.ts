// fast-check arbitraries shared by the schema tests. Every value is invented.
import fc from 'fast-check';
import { UPN_ALPHABET, withUlnCheckDigit, withUpnCheckLetter } from '@c2c/schema';

const digits = (n: number) =>
  fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }).map((d) => d.join(''));

/** A valid permanent or temporary UPN. */
export const upnArb = fc
  .tuple(
    digits(3),
    digits(4),
    digits(2),
    fc.oneof(
      digits(3),
      fc.tuple(digits(2), fc.constantFrom(...UPN_ALPHABET)).map(([d, l]) => d + l),
    ),
  )
  .map(([la, estab, year, serial]) => withUpnCheckLetter(la + estab + year + serial));

/** A valid ULN. */
export const ulnArb = fc
  .tuple(fc.integer({ min: 1, max: 9 }), digits(8))
  .map(([first, rest]) => withUlnCheckDigit(`${first}${rest}`))
  .filter((u): u is string => u !== null);

/** A calendar date between two years, as YYYY-MM-DD. */
export const isoDateArb = (minYear = 1990, maxYear = 2060) =>
  fc
    .date({ min: new Date(Date.UTC(minYear, 0, 1)), max: new Date(Date.UTC(maxYear, 11, 31)), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10));
