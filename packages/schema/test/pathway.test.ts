import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ROLES, SAFEGUARDING_ROLES, STRAND_READERS, STRANDS, receivesStrand } from '../src/index.js';

test('the safe strand is sent to the DSL only, every other strand to every role', () => {
  for (const role of ROLES) {
    assert.equal(receivesStrand(role, 'safe'), role === 'dsl', `${role} and the safe strand`);
    for (const strand of STRANDS.filter((s) => s !== 'safe'))
      assert.equal(receivesStrand(role, strand), true, `${role} and ${strand}`);
  }
});

test('the roles sent the safe strand are the roles that read safeguarding transfers', () => {
  // Two lists for one rule (need to know, the DSL role only): a change to one must be a change to both.
  assert.deepEqual([...STRAND_READERS.safe], [...SAFEGUARDING_ROLES]);
});
