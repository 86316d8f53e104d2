import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { toNfc } from '../src/nfc.js';

describe('toNfc', () => {
  it('puts every string, at any depth, in NFC and leaves field names and other values as they are', () => {
    const body = { 'Zoe\u0308': ['Zoe\u0308', 3, null, { note: 'Sio\u0302n', done: true }], n: 1 };
    assert.deepEqual(toNfc(body), { 'Zoe\u0308': ['Zo\u00eb', 3, null, { note: 'Si\u00f4n', done: true }], n: 1 });
    assert.equal(body['Zoe\u0308'][0], 'Zoe\u0308', 'the parsed body itself is not changed');
  });

  it('answers the same object when nothing needs changing', () => {
    const body = { name: 'Zo\u00eb', tags: ['a', 'b'] };
    assert.equal(toNfc(body), body);
  });

  it('keeps a "__proto__" field an own field, so the schema sees it and refuses it', () => {
    const body = JSON.parse('{"__proto__": {"role": "admin"}, "name": "Zoe\u0308"}') as object;
    const out = toNfc(body);
    assert.ok(Object.hasOwn(out, '__proto__'));
    assert.equal(Object.getPrototypeOf(out), Object.prototype);
    assert.equal((out as { role?: string }).role, undefined);
  });
});
