// The handover form's CDN bundle must stay under 45 kB gzipped up front (issue #7): a school's page downloads all of
// it before the form can paint. Reads what `pnpm run build` wrote and builds nothing itself, so it is skipped, and
// says why, where the bundle has not been built (the test command builds first).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cdnEntry } from './cdn-bundle.js';

const ENTRY = 'handover-form.js';
/**
 * 45 kB, as the bench and the docs count it: 1 kB = 1,024 bytes, gzipped by zlib at level 9 (within 0.3% of
 * `gzip -9`, slightly more for this bundle).
 */
const BUDGET = 45 * 1024;
const cdn = cdnEntry(ENTRY);
const text = cdn.text;

/** The on-demand chunk whose name has `part` in it; the test fails if the entry does not load one. */
function chunk(part: string): string {
  const name = cdn.chunk(part);
  assert.ok(name, `${ENTRY} loads no ${part} chunk`);
  return name;
}

describe('<c2c-handover-form> CDN bundle', { skip: cdn.notBuilt }, () => {
  it('is under 45 kB gzipped up front, with every chunk it needs before it runs', () => {
    // Chunks loaded with `import()` (CTF import, review, conflict, retention, Welsh) are not among them.
    const files = [...cdn.withStaticImports(ENTRY)];
    const bytes = files.reduce((sum, f) => sum + cdn.gz(f), 0);
    assert.ok(bytes < BUDGET, `${files.join(' + ')}: ${bytes} B gzipped, the budget is under ${BUDGET} B`);
  });

  it('leaves the words of the review block and the conflict panel to their own chunks', () => {
    // Only a submitted handover shows the review block, and only a conflict the panel: a draft's page never needs them.
    const entry = text(ENTRY);
    for (const [part, words] of [
      ['review', 'Acknowledge receipt'],
      ['conflict', 'Someone else changed this handover'],
      // Only a handover with changes on this device the hub has not got offers to discard them.
      ['conflict', 'Discard this device’s changes and use the hub’s copy'],
    ] as const) {
      assert.ok(!entry.includes(words), `"${words}" is in ${ENTRY}`);
      assert.ok(text(chunk(part)).includes(words), `"${words}" is not in the ${part} chunk`);
    }
  });

  it('carries the words for a wrong UPN or ULN once: the schema’s, which the English catalogue shows', () => {
    // The form's English for these was a copy of @c2c/schema's, too far away in the bundle for gzip to share them.
    const entry = text(ENTRY);
    for (const words of ['A UPN is a letter, then 11 digits', 'The last digit of this ULN does not match'])
      assert.equal(entry.split(words).length - 1, 1, `"${words}" in ${ENTRY}`);
  });

  it('carries none of the schema’s wording for API callers, which the form never shows', () => {
    // @c2c/schema's validate() words every zod issue for a hub client; the form only asks whether a value passes.
    assert.ok(!text(ENTRY).includes('does not match any allowed form'));
  });
});
