import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ContactSchema, LearnerSchema, toFieldIssues, validate, ServiceQuerySchema } from '@c2c/schema';

const contact = { name: 'Efa Ashdown', relationship: 'Mother', parentalResponsibility: true };

test('validate returns the parsed value when the input is valid', () => {
  assert.deepEqual(validate(ContactSchema, { ...contact, name: '  Efa Ashdown ' }), { ok: true, value: contact });
});

test('a missing field is "required", whatever zod calls it', () => {
  const r = validate(ContactSchema, { relationship: 'Mother', parentalResponsibility: true });
  assert.equal(r.ok, false);
  if (!r.ok) assert.deepEqual(r.issues, [{ path: 'name', code: 'required', message: 'This field is required.' }]);
  const blank = validate(ContactSchema, { ...contact, name: '   ' });
  assert.equal(!blank.ok && blank.issues[0]!.code, 'required');
  // A choice not made is missing too, not a wrong choice.
  const noSex = validate(LearnerSchema.shape.sex, undefined);
  assert.deepEqual(!noSex.ok && noSex.issues, [{ path: '', code: 'required', message: 'This field is required.' }]);
});

test('a field sent with the wrong kind of value is "invalid_type", never "required"', () => {
  const r = validate(ContactSchema, { ...contact, parentalResponsibility: 'yes' });
  assert.equal(r.ok, false);
  if (!r.ok) {
    assert.deepEqual(
      r.issues.map((i) => [i.path, i.code]),
      [['parentalResponsibility', 'invalid_type']],
    );
    assert.doesNotMatch(r.issues[0]!.message, /required|missing/);
  }
  const wrongChoice = validate(LearnerSchema.shape.sex, 'X');
  assert.equal(!wrongChoice.ok && wrongChoice.issues[0]!.code, 'invalid_value');
  // Without the input in the issues (a caller's own safeParse), a wrong type is still taken as missing, as before.
  const bare = ContactSchema.safeParse({ relationship: 'Mother', parentalResponsibility: true });
  assert.equal(!bare.success && toFieldIssues(bare.error)[0]!.code, 'required');
});

test('text over its limit is "too_long" with the limit in the message', () => {
  const r = validate(ContactSchema, { ...contact, relationship: 'x'.repeat(61) });
  assert.equal(r.ok, false);
  if (!r.ok)
    assert.deepEqual(r.issues, [{ path: 'relationship', code: 'too_long', message: 'Use 60 characters or fewer.' }]);
});

test('a field that is not part of the record is "unknown_field" and named in the message', () => {
  const r = validate(ContactSchema, { ...contact, shoeSize: 4 });
  assert.equal(r.ok, false);
  if (!r.ok) {
    assert.equal(r.issues[0]!.code, 'unknown_field');
    assert.match(r.issues[0]!.message, /Remove the field shoeSize: it is not part of this record\./);
  }
  const two = validate(ContactSchema, { ...contact, a: 1, b: 2 });
  assert.equal(!two.ok && /fields a, b: they are/.test(two.issues[0]!.message), true);
});

test('the unknown-field message stays one short line, however many or long the keys', () => {
  const many = validate(ContactSchema, {
    ...contact,
    ...Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`extra${i}`, i])),
  });
  assert.equal(many.ok, false);
  if (!many.ok)
    assert.equal(
      many.issues[0]!.message,
      'Remove the fields extra0, extra1, extra2, extra3, extra4 and 195 more: they are not part of this record.',
    );
  // A key can be anything pasted by mistake: it is cut, and control characters never reach the message.
  const pasted = `Notes about the child\n${'x'.repeat(10_000)}`;
  const long = validate(ContactSchema, { ...contact, [pasted]: true });
  assert.equal(long.ok, false);
  if (!long.ok) {
    const message = long.issues[0]!.message;
    assert.ok(message.length < 120, `message of ${message.length} characters`);
    assert.match(message, /^Remove the field Notes about the child x+…: it is not part of this record\.$/);
  }
});

test('custom checks keep their own code: a UPN with the wrong check letter is upn_check_letter', () => {
  const r = LearnerSchema.safeParse({ upn: 'C801200005001' });
  assert.equal(r.success, false);
  if (!r.success) {
    const upn = toFieldIssues(r.error).find((i) => i.path === 'upn');
    assert.equal(upn?.code, 'upn_check_letter');
    assert.match(upn!.message, /first letter of this UPN/);
  }
});

test('enum and number problems get readable messages, never zod’s developer wording', () => {
  const r = validate(ServiceQuerySchema, { day: 'Funday', limit: 1000 });
  assert.equal(r.ok, false);
  if (!r.ok) {
    const day = r.issues.find((i) => i.path === 'day')!;
    assert.equal(day.code, 'invalid_value');
    assert.match(day.message, /^Choose one of: MO, TU/);
    assert.ok(r.issues.some((i) => i.path === 'limit'));
    for (const i of r.issues) assert.doesNotMatch(i.message, /^(Invalid|Too|Expected)/);
  }
});
