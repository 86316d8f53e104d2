/**
 * The same requests give the same answers on SQLite and on PostgreSQL (when C2C_TEST_DATABASE_URL is set): text
 * each database stores differently, and searches each database runs its own way.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { HandoverSchema, LearnerSchema, ProblemSchema, pageOf } from '@c2c/schema';
import type { Hub } from '../src/index.js';
import { captureLogger, closeHub, hubCaller, newLearner, seededHub, targets } from './helpers.js';

const PRI = 'pri-millbrook';

for (const makeTarget of targets()) {
  const target = makeTarget();
  describe(`the same answers on ${target.name}`, () => {
    let hub: Hub;
    const logs = captureLogger('info');

    const call = hubCaller(() => hub);
    /** Adds a synthetic Millbrook pupil called `forename` Pupil. */
    const addLearner = (forename: string) =>
      call('POST', '/v1/learners', { as: `${PRI}-teacher`, body: newLearner({ legalForename: forename }, PRI) });
    const search = async (q: string) => {
      const r = await call('POST', '/v1/learners/search', { as: `${PRI}-teacher`, body: { q, limit: 100 } });
      assert.equal(r.status, 200, JSON.stringify(r.json));
      return pageOf(LearnerSchema)
        .parse(r.json)
        .data.map((l) => l.legalForename);
    };

    before(async () => {
      hub = await seededHub(await target.create(), logs.logger);
    });
    after(() => closeHub(hub, target));

    it('refuses a name holding a NUL or another control character, saying why', async () => {
      // JSON allows "\u0000" in a string; PostgreSQL text cannot hold it, SQLite can: the schema refuses it first.
      for (const name of ['Zed\u0000ina', 'Zed\u001b[2Jina', 'Zed\u0085ina', 'Zed\tina']) {
        const r = await addLearner(name);
        assert.equal(r.status, 422, JSON.stringify(r.json));
        const [first] = ProblemSchema.parse(r.json).errors ?? [];
        assert.equal(first?.path, 'legalForename');
        assert.match(first?.message ?? '', /one line, without tabs or hidden control characters/);
      }
      assert.ok(!logs.lines.some((l) => l.level === 'error'), 'no unhandled error');
    });

    it('lists a learner’s handovers started in the same millisecond in one order, by id', async () => {
      const learner = (await hub.store.learners({ organisationId: PRI }, undefined, null, 1))[0]!;
      const r = await call('POST', '/v1/handovers', {
        as: `${PRI}-teacher`,
        body: { transition: 'y6-to-y7', learnerId: learner.id, receivingOrganisationId: 'sec-brookfield-academy' },
      });
      assert.equal(r.status, 201);
      const base = HandoverSchema.parse(r.json);
      const at = '2026-03-02T09:00:00.000Z';
      // Stored in the order opposite to their ids.
      for (const id of ['hnd-same-ms-z', 'hnd-same-ms-m', 'hnd-same-ms-a'])
        await hub.store.insertHandovers([{ ...base, id, createdAt: at, updatedAt: at }], `${PRI}-teacher`);
      const listed = (await hub.store.handoversForLearner(learner.id)).filter((h) => h.createdAt === at);
      assert.deepEqual(
        listed.map((h) => h.id),
        ['hnd-same-ms-a', 'hnd-same-ms-m', 'hnd-same-ms-z'],
      );
    });

    it('finds Welsh names with or without their accents, in any case', async () => {
      for (const name of ['Siân', 'Gwenllïan', 'Ŵyn']) assert.equal((await addLearner(name)).status, 201);
      assert.deepEqual(await search('sian'), ['Siân']);
      assert.deepEqual(await search('SIÂN'), ['Siân']);
      assert.deepEqual(await search('gwenllian'), ['Gwenllïan']);
      assert.deepEqual(await search('wyn'), ['Ŵyn']);
    });

    it('stores “Zoë” typed on a Mac (decomposed) as the same text as typed on Windows (precomposed)', async () => {
      const typedOnMac = 'Zoe\u0308'; // e + combining diaeresis (NFD)
      const typedOnWindows = 'Zo\u00eb'; // ë as one character (NFC)
      const added = await call('POST', '/v1/learners', {
        as: `${PRI}-teacher`,
        headers: { 'idempotency-key': 'add-zoe' },
        body: newLearner({ legalForename: typedOnMac, legalSurname: 'Ffrancës' }, PRI),
      });
      assert.equal(added.status, 201, JSON.stringify(added.json));
      const learner = LearnerSchema.parse(added.json);
      assert.equal(learner.legalForename, typedOnWindows);
      assert.equal((await hub.store.learner(learner.id))?.legalForename, typedOnWindows);
      // The same request retried from the other keyboard is the same request: replayed, not a key reused.
      const retried = await call('POST', '/v1/learners', {
        as: `${PRI}-teacher`,
        headers: { 'idempotency-key': 'add-zoe' },
        body: newLearner({ legalForename: typedOnWindows, legalSurname: 'Ffrancës' }, PRI),
      });
      assert.equal(retried.status, 201, JSON.stringify(retried.json));
      assert.equal(retried.headers.get('idempotent-replayed'), 'true');
      assert.deepEqual(await search(typedOnMac), [typedOnWindows]);
      assert.deepEqual(await search(typedOnWindows), [typedOnWindows]);

      // Free text in a handover too: what the receiving school reads, and every stored version of it.
      const created = await call('POST', '/v1/handovers', {
        as: `${PRI}-teacher`,
        body: {
          transition: 'y6-to-y7',
          learnerId: learner.id,
          receivingOrganisationId: 'sec-brookfield-academy',
          sections: { strengths: { strengths: `${typedOnMac} loves the café.`.normalize('NFD') } },
        },
      });
      assert.equal(created.status, 201, JSON.stringify(created.json));
      const handover = HandoverSchema.parse(created.json);
      assert.equal(handover.sections.strengths?.strengths, `${typedOnWindows} loves the caf\u00e9.`);
      assert.deepEqual(
        (await hub.store.handoverVersions(handover.id)).map((v) => v.sections.strengths?.strengths),
        [`${typedOnWindows} loves the caf\u00e9.`],
      );
    });

    it('treats % and _ in a search as text, never as wildcards', async () => {
      assert.equal((await addLearner('Per%cent')).status, 201);
      assert.equal((await addLearner('Under_score')).status, 201);
      assert.deepEqual(await search('per%'), ['Per%cent']);
      assert.deepEqual(await search('under_score'), ['Under_score']);
      // Nothing but signs: no word to look for, so nobody, not the whole roll (each one audited as read).
      for (const q of ['%', '_', '%_%', '-']) assert.deepEqual(await search(q), [], `search for ${q}`);
    });
  });
}
