import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  toFieldIssues,
  UlnSchema,
  UPN_ALPHABET,
  upnCheckLetter,
  UpnSchema,
  validateUln,
  validateUpn,
  withUlnCheckDigit,
} from '@c2c/schema';
import { ulnArb, upnArb } from './arbitraries.js';

test('the domain.md example UPN B801200005001 is valid and permanent', () => {
  const r = validateUpn('B801200005001');
  assert.deepEqual(r, {
    valid: true,
    upn: 'B801200005001',
    temporary: false,
    laCode: '801',
    establishment: '2000',
    yearIssued: '05',
  });
});

test('the worked check-letter sum from domain.md: 93 mod 23 = 1 -> B', () => {
  assert.equal(upnCheckLetter('801200005001'), 'B');
});

test('UPNs are read with spaces and lower case, and temporary UPNs are marked', () => {
  assert.equal(validateUpn(' b801 2000 05001 ').valid, true);
  // A temporary UPN ends in a letter, which counts as its index in the alphabet.
  const body = '80120000500A';
  const upn = upnCheckLetter(body) + body;
  const r = validateUpn(upn);
  assert.equal(r.valid && r.temporary, true);
});

test('UPN failures carry a stable code and a readable reason', () => {
  const cases: Array<[string, string]> = [
    ['', 'empty'],
    ['B80120000500', 'wrong_length'],
    ['B8012000050011', 'wrong_length'],
    ['I801200005001', 'bad_characters'],
    ['B80120000S001', 'bad_characters'],
    ['C801200005001', 'check_letter'],
  ];
  for (const [input, code] of cases) {
    const r = validateUpn(input);
    assert.equal(r.valid, false, input);
    if (!r.valid) {
      assert.equal(r.code, code, input);
      assert.match(r.reason, /UPN/);
    }
  }
});

test('property: every valid UPN passes and reports its parts', () => {
  fc.assert(
    fc.property(upnArb, (upn) => {
      const r = validateUpn(upn);
      assert.equal(r.valid, true);
      if (r.valid) {
        assert.equal(r.laCode, upn.slice(1, 4));
        assert.equal(r.temporary, /[A-Z]$/.test(upn));
      }
    }),
  );
});

/** The one corruption the algorithm cannot see: the final digit d swapped for the letter at index d (and back). */
function isAliasOfFinalCharacter(original: string, corrupted: string, index: number): boolean {
  if (index !== 12) return false;
  const a = original[12]!;
  const b = corrupted[12]!;
  const value = (ch: string) => (/\d/.test(ch) ? Number(ch) : UPN_ALPHABET.indexOf(ch));
  return /\d/.test(a) !== /\d/.test(b) && value(a) === value(b);
}

test('property: every single-character corruption of a valid UPN is rejected', () => {
  const chars = [...'0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-/.'];
  fc.assert(
    fc.property(upnArb, fc.integer({ min: 0, max: 12 }), fc.constantFrom(...chars), (upn, index, ch) => {
      fc.pre(upn[index] !== ch);
      const corrupted = upn.slice(0, index) + ch + upn.slice(index + 1);
      fc.pre(!isAliasOfFinalCharacter(upn, corrupted, index));
      assert.equal(validateUpn(corrupted).valid, false, `${upn} -> ${corrupted}`);
    }),
    { numRuns: 1000 },
  );
});

test('the final-character alias is real and documented: 001 and 00B share a check letter', () => {
  // Both are well-formed UPNs with the same check letter, so no check can tell them apart.
  assert.equal(validateUpn('B801200005001').valid, true);
  assert.equal(validateUpn('B80120000500B').valid, true);
});

test('the domain.md example ULN 9276308686 is valid', () => {
  assert.deepEqual(validateUln('9276308686'), { valid: true, uln: '9276308686' });
  assert.equal(withUlnCheckDigit('927630868'), '9276308686');
});

test('ULN failures carry stable codes', () => {
  const cases: Array<[string, string]> = [
    ['', 'empty'],
    ['92763O8686', 'bad_characters'],
    ['927630868', 'wrong_length'],
    ['0276308686', 'leading_zero'],
    ['9276308687', 'check_digit'],
  ];
  for (const [input, code] of cases) {
    const r = validateUln(input);
    assert.equal(r.valid ? 'valid' : r.code, code, input);
  }
});

test('property: the check digit makes a ULN valid, and changing any one digit makes it invalid', () => {
  fc.assert(
    fc.property(ulnArb, fc.integer({ min: 0, max: 9 }), fc.integer({ min: 1, max: 9 }), (uln, index, delta) => {
      assert.equal(validateUln(uln).valid, true);
      const changed = uln.slice(0, index) + String((Number(uln[index]) + delta) % 10) + uln.slice(index + 1);
      assert.equal(validateUln(changed).valid, false, `${uln} -> ${changed}`);
    }),
    { numRuns: 1000 },
  );
});

test('property: nine digits whose weighted sum is a multiple of 11 have no check digit', () => {
  fc.assert(
    fc.property(fc.integer({ min: 100_000_000, max: 999_999_999 }), (n) => {
      const nine = String(n);
      let sum = 0;
      for (let i = 0; i < 9; i++) sum += Number(nine[i]) * (10 - i);
      const made = withUlnCheckDigit(nine);
      if (sum % 11 === 0) assert.equal(made, null);
      else assert.equal(made !== null && validateUln(made).valid, true);
    }),
  );
});

test('UpnSchema and UlnSchema store the normal form: no spaces, capital letters', () => {
  assert.deepEqual(UpnSchema.safeParse(' b801 2000 05001 '), { success: true, data: 'B801200005001' });
  assert.deepEqual(UlnSchema.safeParse('9276 308 686'), { success: true, data: '9276308686' });
  const bad = UpnSchema.safeParse('C801200005001');
  assert.equal(bad.success, false);
  if (!bad.success) assert.equal(toFieldIssues(bad.error)[0]!.code, 'upn_check_letter');
});

test('invisible characters pasted with an identifier (zero-width space, word joiner) are ignored like spaces', () => {
  // Soft hyphen (Word, PDFs), direction marks and embeddings (Windows, Excel), isolates (browsers), invisible operators.
  const more = ['\u00AD', '\u200E', '\u200F', '\u202A', '\u202C', '\u202E', '\u2062', '\u2066', '\u2069'];
  for (const zw of ['\u200B', '\u200C', '\u200D', '\u2060', '\uFEFF', ...more]) {
    assert.equal(validateUpn(`B801200005001${zw}`).valid, true, `UPN with U+${zw.charCodeAt(0).toString(16)}`);
    assert.equal(validateUln(`${zw}9276308686`).valid, true, `ULN with U+${zw.charCodeAt(0).toString(16)}`);
    assert.deepEqual(UpnSchema.safeParse(`B8012${zw}00005001`), { success: true, data: 'B801200005001' });
    assert.deepEqual(UlnSchema.safeParse(`92763${zw}08686`), { success: true, data: '9276308686' });
  }
  const short = validateUpn('B80120000500\u200B');
  assert.equal(short.valid === false && short.reason, 'A UPN has 13 characters; this one has 12.');
});
