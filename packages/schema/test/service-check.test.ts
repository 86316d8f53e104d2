import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { fromOruk, ServiceSchema, toFieldIssues } from '@c2c/schema';
import { syntheticServices } from '@c2c/schema/synthetic';
import { checkService } from '../src/service-check.js';
import { serviceShapeModule } from '../scripts/service-shape-source.js';

/** What zod says of `value`, in the words every c2c-kit boundary uses. */
const zodSays = (value: unknown) => {
  const result = ServiceSchema.safeParse(value);
  return result.success ? [] : toFieldIssues(result.error);
};

const services = syntheticServices(40);

/** Every place in `value` a mutation can reach: each key and each array slot, and a key the schema does not know. */
function places(value: unknown, at: PropertyKey[] = []): PropertyKey[][] {
  if (typeof value !== 'object' || value === null) return [];
  const here = Array.isArray(value) ? value.map((_, i) => i) : Object.keys(value);
  return [
    ...(Array.isArray(value) ? [] : [[...at, 'unknownField']]),
    ...here.flatMap((k) => [[...at, k], ...places((value as Record<PropertyKey, unknown>)[k], [...at, k])]),
  ];
}

/** Values near the ones a service holds, and wrong ones of every kind. */
const anyValue = fc.oneof(
  fc.constantFrom(
    undefined,
    null,
    '',
    ' ',
    'MO',
    'xx',
    'active',
    'closed',
    'WEEKLY',
    'DAILY',
    '09:30',
    '9:30',
    '24:00',
  ),
  fc.constantFrom(0, -1, 91, -181, 18, 1.5, Number.NaN, Infinity, true, false),
  fc.string({ maxLength: 4 }),
  fc.string({ minLength: 195, maxLength: 205 }),
  fc.double(),
  fc.array(fc.oneof(fc.string({ maxLength: 3 }), fc.integer()), { maxLength: 3 }),
  fc.dictionary(fc.constantFrom('id', 'name', 'number', 'phones', 'x'), fc.string({ maxLength: 3 }), { maxKeys: 3 }),
  fc.anything({ maxDepth: 2 }),
);

/** A synthetic service with a few values replaced, removed or added anywhere in it. */
const nearService = fc
  .tuple(
    fc.nat({ max: services.length - 1 }),
    fc.array(fc.tuple(fc.nat(), fc.boolean(), anyValue), { minLength: 0, maxLength: 4 }),
  )
  .map(([n, changes]) => {
    const s = structuredClone(services[n]!) as unknown;
    for (const [pick, remove, value] of changes) {
      const all = places(s);
      const path = all[pick % all.length]!;
      const parent = path.slice(0, -1).reduce<unknown>((o, k) => (o as Record<PropertyKey, unknown>)[k], s);
      const key = path[path.length - 1]!;
      if (remove && !Array.isArray(parent)) delete (parent as Record<PropertyKey, unknown>)[key];
      else (parent as Record<PropertyKey, unknown>)[key] = value;
    }
    return s;
  });

test('property: checkService says what ServiceSchema says, issue for issue, of services with wrong fields', () => {
  fc.assert(
    fc.property(nearService, (value) => assert.deepEqual(checkService(value), zodSays(value))),
    { numRuns: 2000 },
  );
});

test('property: checkService says what ServiceSchema says of anything at all', () => {
  fc.assert(fc.property(fc.anything(), (value) => assert.deepEqual(checkService(value), zodSays(value))));
});

test('checkService accepts every synthetic service', () => {
  for (const s of services) assert.deepEqual(checkService(s), []);
});

test('checkService names the field and says what is wrong, in the schema’s words where it has its own', () => {
  const s = structuredClone(services[0]!) as Record<string, unknown>;
  s.schedules = [{ freq: 'WEEKLY', byDay: ['MO'], opensAt: '9.30' }];
  s.id = 'x'.repeat(201);
  delete s.free;
  assert.deepEqual(checkService(s), [
    { path: 'id', code: 'too_long', message: 'Use 200 characters or fewer.' },
    { path: 'schedules.0.opensAt', code: 'invalid_format', message: 'Enter a time as HH:MM, like 09:30.' },
    { path: 'free', code: 'required', message: 'This field is required.' },
  ]);
});

test('a feed record fromOruk cannot make a valid service of is skipped, with the field and the reason', () => {
  const { service, problems } = fromOruk({ id: 'a'.repeat(201), name: 'Stay and play' });
  assert.equal(service, null);
  assert.deepEqual(problems, [{ path: 'id', message: 'Use 200 characters or fewer.' }]);
});

test('service-shape.ts is what ServiceSchema gives now (else run packages/schema/scripts/write-service-shape.ts)', async () => {
  const written = readFileSync(new URL('../src/service-shape.ts', import.meta.url), 'utf8');
  assert.equal(written, await serviceShapeModule());
});
