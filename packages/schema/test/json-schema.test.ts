import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as schema from '@c2c/schema';
import * as ctf from '@c2c/schema/ctf';
import { jsonSchemaCatalogue, jsonSchemas } from '@c2c/schema/json-schema';

const isZod = (v: unknown) => typeof v === 'object' && v !== null && '_zod' in v;
const all = jsonSchemas() as Record<string, Record<string, unknown>>;

test('every zod schema exported by @c2c/schema and @c2c/schema/ctf has a JSON Schema', () => {
  const exported = [...Object.entries(schema), ...Object.entries(ctf)]
    .filter(([, v]) => isZod(v))
    .map(([k]) => k.replace(/Schema$/, ''));
  assert.ok(exported.length >= 60, `found ${exported.length} schemas`);
  for (const name of exported) assert.ok(all[name], `${name} has a JSON Schema`);
  assert.deepEqual(Object.keys(all).sort(), [...new Set(exported)].sort(), 'and nothing else');
});

test('every JSON Schema is draft 2020-12, titled, and plain JSON', () => {
  for (const [name, s] of Object.entries(all)) {
    assert.equal(s.$schema, 'https://json-schema.org/draft/2020-12/schema', name);
    assert.equal(s.title, name);
    assert.deepEqual(JSON.parse(JSON.stringify(s)), s, `${name} survives JSON`);
  }
});

test('object schemas list the same properties as the zod schema, and strict ones forbid others', () => {
  const learner = all.Learner!;
  assert.deepEqual(Object.keys(learner.properties as object).sort(), Object.keys(schema.LearnerSchema.shape).sort());
  assert.equal(learner.additionalProperties, false);
  assert.ok((learner.required as string[]).includes('legalForename'));
  assert.ok(!(learner.required as string[]).includes('upn'), 'optional fields are not required');
});

test('request shapes are described as input, and the UPN carries its pattern and rules', () => {
  const io = Object.fromEntries(jsonSchemaCatalogue().map((e) => [e.name, e.io]));
  assert.equal(io.HandoverCreate, 'input');
  assert.equal(io.HandoverUpdate, 'input');
  assert.equal(io.ServiceQuery, 'input');
  assert.equal(io.CtfWriteInput, 'input');
  assert.equal(io.Handover, 'output');
  const upn = all.Upn!;
  assert.match(String(upn.description), /check letter/);
  assert.ok(new RegExp(String(upn.pattern)).test('B801200005001'));
  assert.ok(!new RegExp(String(upn.pattern)).test('I801200005001'));
  assert.ok(new RegExp(String(all.Uln!.pattern)).test('9276308686'));
});

test('the recursive CTF raw element schema is expressed with a reference, not expanded forever', () => {
  const text = JSON.stringify(all.CtfRawElement);
  assert.ok(text.length < 5000);
  assert.match(text, /"\$ref"/);
});
