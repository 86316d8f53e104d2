import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PrincipalSchema, pageOf, HandoverSchema } from '@c2c/schema';
import type { Hub } from '../src/index.js';
import { bearer, captureLogger, closeHub, seededHub, targets } from './helpers.js';

const PRI = 'pri-millbrook';

for (const makeTarget of targets()) {
  const target = makeTarget();
  describe(`HEAD on a child's record, on ${target.name}`, () => {
    let hub: Hub;
    let learner: string;
    let handover: string;
    before(async () => {
      hub = await seededHub(await target.create(), captureLogger().logger);
      const me = await hub.app.request('/v1/me', { headers: bearer('parent-demo') });
      learner = PrincipalSchema.parse(await me.json()).user.learnerIds[0]!;
      const list = await hub.app.request(`/v1/handovers?learnerId=${learner}`, { headers: bearer(`${PRI}-dsl`) });
      handover = pageOf(HandoverSchema).parse(await list.json()).data[0]!.id;
    });
    after(() => closeHub(hub, target));

    /** The audit lines about the learner, as `user action resource`. */
    const trail = async () =>
      (
        await hub.store.auditEntries({ organisationId: PRI, learnerId: learner, aboutOwnLearners: true }, null, 1000)
      ).map((a) => `${a.userId} ${a.action} ${a.resource}`);

    it('answers as GET does, without a body, and writes no read: nobody saw the record', async () => {
      for (const [as, path] of [
        [`${PRI}-teacher`, `/v1/learners/${learner}`],
        [`${PRI}-dsl`, `/v1/handovers/${handover}`],
        [`${PRI}-dsl`, `/v1/learners/${learner}/pathway`],
        [`${PRI}-admin`, `/v1/learners/${learner}/export`],
      ] as const) {
        const before = await trail();
        const head = await hub.app.request(path, { method: 'HEAD', headers: bearer(as) });
        assert.equal(head.status, 200, path);
        assert.equal(await head.text(), '', `${path}: no body`);
        assert.equal(head.headers.get('cache-control'), 'no-store', path);
        assert.deepEqual(await trail(), before, `${path}: HEAD leaves no audit line`);
        // The same request as a GET hands the record out, and is audited: the comparison above means something.
        const get = await hub.app.request(path, { headers: bearer(as) });
        assert.equal(get.status, 200, path);
        assert.ok((await trail()).length > before.length, `${path}: GET is audited`);
      }
    });

    it('still audits a refused HEAD, as a refused GET is: an attempt on a child from another school', async () => {
      const before = await trail();
      const head = await hub.app.request(`/v1/learners/${learner}`, {
        method: 'HEAD',
        headers: bearer('pri-hillcrest-teacher'),
      });
      assert.equal(head.status, 404);
      const added = (await trail()).slice(0, (await trail()).length - before.length);
      assert.deepEqual(added, ['pri-hillcrest-teacher denied learner']);
    });
  });
}
