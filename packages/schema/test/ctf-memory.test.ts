/*
 * What a CTF import holds in memory, checked by counting what stays reachable rather than by timing or by the
 * garbage collector's figures. A 20 MB file of small unknown elements used to hold the parser's tree, the reader's
 * tree and the kept copies all at once (about 2 GB at peak); each test below fails if one of them is held again.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCtf, type CtfFile } from '@c2c/schema/ctf';
import { parseOrdered, readXml, toTree, type XmlNode } from '../src/ctf/xml.js';
import { readCtfTree } from '../src/ctf/parse.js';

const BASIC =
  '<UPN>B801200005001</UPN><Surname>Ashdown</Surname><Forename>Carys</Forename><DOB>2014-08-31</DOB><Sex>F</Sex>';
const file = (pupils: string[]) =>
  `<CTfile><Header><DocumentName>Common Transfer File</DocumentName></Header><CTFpupilData>${pupils.map((p) => `<Pupil>${p}</Pupil>`).join('')}</CTFpupilData></CTfile>`;
const empty = (): CtfFile => ({ header: {}, pupils: [], errors: [], unknown: [], raw: {} });

/** Every object and array reachable from `value`, each counted once. */
function reachable(value: unknown, seen = new Set<object>()): Set<object> {
  const stack = [value];
  while (stack.length) {
    const v = stack.pop();
    if (typeof v !== 'object' || v === null || seen.has(v)) continue;
    seen.add(v);
    stack.push(...Object.values(v));
  }
  return seen;
}

test("converting the parser's output lets each entry go, so the two trees are never both whole", () => {
  const n = 1000;
  const doc = parseOrdered(file([`${BASIC}${'<x a="1">t</x>'.repeat(n)}`]));
  const before = reachable(doc).size;
  const [root] = toTree(doc);
  assert.equal(root!.name, 'CTfile');
  assert.ok(before > 3 * n, `the parser gave ${before} objects`);
  // What is left of the parser's output: its top array and the marker put in place of each entry.
  assert.ok(reachable(doc).size <= 2, `${reachable(doc).size} objects of the parser's output still reachable`);
});

test('elements without children share one empty list, so a file of small elements is a small tree', () => {
  const n = 1000;
  const read = readXml(file([`${BASIC}${'<x/>'.repeat(n)}`]));
  assert.ok(read.ok);
  const objects = reachable(read.root);
  // One object per element, plus the few lists of the elements that have children; not a list per leaf.
  assert.ok(objects.size < n + 50, `${objects.size} objects for about ${n} elements`);
  const pupil = read.root.children[1]!.children[0]!;
  assert.equal(pupil.children[5]!.children, pupil.children[6]!.children, 'one shared list');
  assert.throws(() => pupil.children[5]!.children.push(pupil), 'the shared list cannot be changed by mistake');
});

test("reading a CTF's tree lets each pupil's elements go once read, and keeps everything in the result", () => {
  const pupils = Array.from({ length: 20 }, (_, i) => `${BASIC.replace('Ashdown', `Ashdown${i}`)}<Extra>${i}</Extra>`);
  const read = readXml(file(pupils));
  assert.ok(read.ok);
  const before = reachable(read.root).size;
  const result = readCtfTree(empty(), read.root, '2026-07-20');
  assert.equal(result.pupils.length, 20);
  assert.equal(result.pupils[19]!.learner.legalSurname, 'Ashdown19');
  assert.deepEqual(result.pupils[19]!.raw.Extra, [{ name: 'Extra', text: '19' }], 'unknown elements are kept');
  assert.deepEqual(result.pupils[19]!.unknown, ['Extra']);
  // Left reachable from the root: the root and the marker put in place of each of its children.
  const after = reachable(read.root).size;
  assert.ok(before > 20 * 7, `the tree had ${before} objects`);
  assert.ok(after < 10, `${after} objects of the tree still reachable after reading`);
});

test('past the problem limit an unknown element is counted and kept, and no message is written for it', () => {
  // Counted through reads of each element's name: writing the message reads it once more.
  const limit = 50_000;
  const extra = 1000;
  const read = readXml(file([`${BASIC}${'<x/>'.repeat(limit + extra)}`]));
  assert.ok(read.ok);
  const pupil = read.root.children[1]!.children[0]!;
  const reads = new Array<number>(pupil.children.length).fill(0);
  pupil.children = pupil.children.map((child, i) => {
    if (child.name !== 'x') return child;
    const counted: XmlNode = { children: child.children, name: 'x' };
    Object.defineProperty(counted, 'name', {
      get: () => {
        reads[i]! += 1;
        return 'x';
      },
      enumerable: true,
    });
    return counted;
  });
  const result = readCtfTree(empty(), read.root, '2026-07-20');
  assert.equal(result.errors.at(-1)!.code, 'ctf_too_many_problems');
  assert.match(result.errors.at(-1)!.message, /^This file has 51,000 problems/);
  assert.equal(result.pupils[0]!.raw.x!.length, limit + extra, 'every element is kept');
  const first = reads[5]!;
  const last = reads.at(-1)!;
  assert.ok(last < first, `an element past the limit had its name read ${last} times, one before it ${first}`);
});

test('a whole file still reads the same: pupils, unknown elements, problems', () => {
  const f = parseCtf(file([`${BASIC}<Religion>x</Religion>`, BASIC.replace('B801200005001', 'X938200125001')]));
  assert.equal(f.pupils.length, 2);
  assert.deepEqual(f.pupils[0]!.unknown, ['Religion']);
  assert.deepEqual(
    f.errors.map((e) => `${e.code} ${e.path}`),
    ['ctf_unknown_element CTfile/CTFpupilData/Pupil[1]/Religion'],
  );
});
