import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  MilestoneWithStateSchema,
  PathwaySchema,
  pageOf,
  LearnerSchema,
  receptionStartYear,
  type Learner,
} from '@c2c/schema';
import type { Hub } from '../src/index.js';
import { dataOf } from '../src/api-schemas.js';
import { bearer, captureLogger, closeHub, seededHub, targets } from './helpers.js';

/**
 * The demo shows school business managers a seeded child's pathway. A move the child has already made (into
 * reception, into Year 3) was handed over in the story the demo tells: its handover must reach the pathway as
 * acknowledged, or the timeline says the transition "needs attention"; a statutory check the child has had must be
 * recorded, or it shows as overdue.
 */
for (const makeTarget of targets()) {
  const target = makeTarget();
  describe(`the seeded demo's pathways, on ${target.name}`, () => {
    let hub: Hub;
    before(async () => {
      hub = await seededHub(await target.create(), captureLogger().logger);
    });
    after(() => closeHub(hub, target));

    const get = async (url: string, as: string) => {
      const res = await hub.app.request(url, { headers: bearer(as) });
      assert.equal(res.status, 200, `${url} as ${as}`);
      return (await res.json()) as unknown;
    };

    it('a Year 3 child’s pathway shows its moves into reception and Year 3 as acknowledged handovers', async () => {
      const year3: Learner[] = [];
      for (const school of ['pri-millbrook', 'pri-oakfield', 'pri-st-aidans', 'pri-canal-side', 'pri-hillcrest']) {
        const page = pageOf(LearnerSchema).parse(await get('/v1/learners?limit=100', `${school}-teacher`));
        year3.push(...page.data.filter((l) => l.yearGroup === 'Y3'));
      }
      assert.ok(year3.length > 0, 'the seeded cluster has Year 3 children');
      for (const l of year3) {
        const pathway = PathwaySchema.parse(await get(`/v1/learners/${l.id}/pathway`, `${l.organisationId}-teacher`));
        const start = receptionStartYear(l.dateOfBirth);
        for (const [transition, move] of [
          ['ey-to-reception', `${start}-09-01`],
          ['infant-to-junior', `${start + 3}-09-01`],
        ] as const) {
          const shown = pathway.events.filter((e) => e.kind === 'handover' && e.transition === transition);
          assert.equal(shown.length, 1, `${l.id}: one ${transition} handover on the pathway`);
          assert.equal(shown[0]!.handoverStatus, 'acknowledged', `${l.id}: ${transition}`);
          assert.ok(shown[0]!.date < move, `${l.id}: ${transition} sent before ${move}`);
        }
        const milestones = dataOf(MilestoneWithStateSchema).parse(
          await get(`/v1/learners/${l.id}/milestones`, `${l.organisationId}-teacher`),
        ).data;
        // A retake (conditional) only happens when the first check was not met; the timeline does not show it as overdue.
        assert.deepEqual(
          milestones.filter((m) => m.state === 'overdue' && !m.conditional).map((m) => m.id),
          [],
          `${l.id}: no statutory check overdue`,
        );
      }
    });
  });
}
