import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { canReceive, PHASES, TRANSITIONS, type Organisation } from '../src/index.js';
import { syntheticOrganisations } from '../src/synthetic/index.js';

const orgs = syntheticOrganisations();
const receivers = (transition: (typeof TRANSITIONS)[number]) =>
  orgs.filter((o) => canReceive(transition, o)).map((o) => o.id);

describe('canReceive', () => {
  it('sends a Year 6 to Year 7 handover only to schools that teach Key Stage 3', () => {
    assert.deepEqual(receivers('y6-to-y7'), ['sec-brookfield-academy', 'sec-northgate']);
  });

  it('sends an early years handover to schools with a reception class, never to another nursery', () => {
    const to = receivers('ey-to-reception');
    assert.ok(to.includes('pri-millbrook'));
    assert.ok(!to.some((id) => id.startsWith('ey-')), to.join(', '));
    assert.ok(!to.some((id) => id.startsWith('sec-')), to.join(', '));
  });

  it('sends a Year 11 handover to a sixth form or a college, not to an 11 to 16 school', () => {
    assert.deepEqual(receivers('y11-to-post16'), ['sec-brookfield-academy', 'col-brookfield']);
  });

  it('lets an in-year move go to any school or college, whatever its phases', () => {
    const to = receivers('in-year');
    assert.ok(to.includes('pri-oakfield') && to.includes('sec-northgate') && to.includes('col-brookfield'));
    assert.ok(!to.includes('la-brookfield') && !to.includes('youth-hub') && !to.includes('ey-acorn'));
  });

  it('never lets a council service, youth, voluntary or social care team receive any handover', () => {
    const notSchools: Organisation['kind'][] = [
      'local-authority-service',
      'youth-organisation',
      'voluntary-organisation',
      'social-care-team',
    ];
    // Every phase, so only the kind can refuse it.
    for (const t of TRANSITIONS)
      for (const kind of notSchools)
        assert.equal(canReceive(t, { kind, phases: [...PHASES] }), false, `${t} to ${kind}`);
  });
});
