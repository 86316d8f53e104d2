/**
 * Acknowledging a handover, on real databases (SQLite, and PostgreSQL when C2C_TEST_DATABASE_URL is set): the
 * receiving school acknowledges the version it read, which a conversation about it does not make stale, and an
 * organisation that sends a handover to itself (an all-through primary's Year 2 teacher handing over to the Year 3
 * teacher) can acknowledge it.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  HandoverSchema,
  HandoverTemplateSchema,
  HandoverVersionSchema,
  ProblemSchema,
  type Handover,
  type Sections,
} from '@c2c/schema';
import { syntheticAnswers } from '@c2c/schema/synthetic';
import type { Hub } from '../src/index.js';
import { dataOf } from '../src/api-schemas.js';
import { captureLogger, closeHub, hubCaller, seededHub, targets, versionConflict } from './helpers.js';

const PRI = 'pri-millbrook';
const SEC = 'sec-brookfield-academy';

for (const makeTarget of targets()) {
  const target = makeTarget();
  describe(`acknowledging handovers on ${target.name}`, () => {
    let hub: Hub;
    const logs = captureLogger('info');
    const call = hubCaller(() => hub);
    before(async () => {
      hub = await seededHub(await target.create(), logs.logger);
    });
    after(() => closeHub(hub, target));

    /** Every required answer of `templateId`'s template, as the hub serves it, so that a handover can be submitted. */
    const completeAnswers = async (templateId: string): Promise<Sections> => {
      const r = await call('GET', `/v1/templates/${templateId}`, { as: `${PRI}-teacher` });
      return syntheticAnswers(HandoverTemplateSchema.parse(r.json));
    };

    /** A handover of a Millbrook learner, with every required answer, started and submitted by `as` and sent to `to`. */
    const sent = async (
      to: string,
      transition: 'y6-to-y7' | 'infant-to-junior' = 'y6-to-y7',
      as = `${PRI}-teacher`,
      extra: Record<string, unknown> = {},
    ): Promise<Handover> => {
      const learner = (await hub.store.learners({ organisationId: PRI }, undefined, null, 1))[0]!;
      const made = await call('POST', '/v1/handovers', {
        as,
        body: {
          transition,
          learnerId: learner.id,
          receivingOrganisationId: to,
          sections: await completeAnswers(`std-${transition}`),
          ...extra,
        },
      });
      assert.equal(made.status, 201, JSON.stringify(made.json));
      const submitted = await call('POST', `/v1/handovers/${HandoverSchema.parse(made.json).id}/submit`, { as });
      assert.equal(submitted.status, 200, JSON.stringify(submitted.json));
      return HandoverSchema.parse(submitted.json);
    };
    /** `as` reads handover `id`, as the receiving school opens it before acknowledging. */
    const read = async (id: string, as: string) =>
      HandoverSchema.parse((await call('GET', `/v1/handovers/${id}`, { as })).json);
    const say = async (id: string, as: string, body: string) => {
      const r = await call('POST', `/v1/handovers/${id}/messages`, { as, body: { body } });
      assert.equal(r.status, 200, JSON.stringify(r.json));
      return HandoverSchema.parse(r.json);
    };
    const amend = async (id: string, as: string, body: Record<string, unknown>) => {
      const version = (await hub.store.handover(id))!.version;
      const r = await call('PATCH', `/v1/handovers/${id}`, { as, headers: { 'if-match': String(version) }, body });
      assert.equal(r.status, 200, JSON.stringify(r.json));
      return HandoverSchema.parse(r.json);
    };
    /** `as` acknowledges handover `id`, naming `version` (the one they read) when given. */
    const acknowledge = (id: string, as: string, version?: number) =>
      call('POST', `/v1/handovers/${id}/acknowledge`, {
        as,
        body: {},
        ...(version === undefined ? {} : { headers: { 'if-match': String(version) } }),
      });
    /** The version history as `as` is given it. */
    const versions = async (id: string, as: string) =>
      dataOf(HandoverVersionSchema).parse((await call('GET', `/v1/handovers/${id}/versions`, { as })).json).data;
    const acknowledged = (r: { status: number; json: unknown }) => {
      assert.equal(r.status, 200, JSON.stringify(r.json));
      const h = HandoverSchema.parse(r.json);
      assert.equal(h.status, 'acknowledged');
      return h;
    };
    const refusedAsStale = (r: { status: number; json: unknown }, currentVersion: number) => {
      assert.equal(r.status, 409, JSON.stringify(r.json));
      const conflict = versionConflict(r.json);
      assert.equal(conflict.code, 'version_conflict');
      assert.equal(conflict.currentVersion, currentVersion);
      assert.equal(conflict.current.status, 'submitted');
      return conflict;
    };

    describe('after messages', () => {
      it('takes the acknowledgement of the version read after the receiving school asked the sender a question', async () => {
        const h = await sent(SEC);
        const seen = await read(h.id, `${SEC}-teacher`);
        await say(h.id, `${SEC}-teacher`, 'Does she need a locker near the lift?');
        const ack = acknowledged(await acknowledge(h.id, `${SEC}-teacher`, seen.version));
        assert.equal(ack.version, seen.version + 2);
        assert.deepEqual(ack.sections, seen.sections);
        // The history says which version was acknowledged: the one read, not the message's.
        const last = (await versions(h.id, `${SEC}-teacher`)).at(-1)!;
        assert.deepEqual([last.version, last.status, last.acknowledges], [ack.version, 'acknowledged', seen.version]);
        const lines = await hub.store.auditEntries(
          { organisationId: SEC, userId: `${SEC}-teacher`, learnerId: h.learnerId },
          null,
          100,
        );
        assert.ok(lines.some((l) => l.action === 'acknowledge' && l.resourceId === h.id));
      });

      it('and after the sending school replied', async () => {
        const h = await sent(SEC);
        const seen = await read(h.id, `${SEC}-transition`);
        await say(h.id, `${SEC}-transition`, 'When is the transition day?');
        await say(h.id, `${PRI}-teacher`, 'The 2nd of July.');
        const ack = acknowledged(await acknowledge(h.id, `${SEC}-transition`, seen.version));
        assert.deepEqual(
          ack.messages.map((m) => m.body),
          ['When is the transition day?', 'The 2nd of July.'],
        );
        assert.equal((await versions(h.id, `${PRI}-teacher`)).at(-1)!.acknowledges, seen.version);
      });

      it('refuses it once the sending school changed the answers, whether or not a message came first', async () => {
        const h = await sent(SEC);
        const seen = await read(h.id, `${SEC}-teacher`);
        const asked = await say(h.id, `${SEC}-teacher`, 'Is there a reading plan?');
        const amended = await amend(h.id, `${PRI}-teacher`, { sections: { strengths: { strengths: 'Added later.' } } });
        const conflict = refusedAsStale(await acknowledge(h.id, `${SEC}-teacher`, seen.version), amended.version);
        assert.equal(conflict.current.sections.strengths?.strengths, 'Added later.');
        refusedAsStale(await acknowledge(h.id, `${SEC}-teacher`, asked.version), amended.version);
        // Having read the amendment, the receiving school acknowledges it.
        acknowledged(await acknowledge(h.id, `${SEC}-teacher`, amended.version));
        assert.equal((await versions(h.id, `${SEC}-teacher`)).at(-1)!.acknowledges, amended.version);
      });

      it('refuses it once the learner’s details or the safeguarding flag changed', async () => {
        const renamed = await sent(SEC);
        const seenRenamed = await read(renamed.id, `${SEC}-teacher`);
        await say(renamed.id, `${PRI}-teacher`, 'She now goes by her middle name.');
        const changed = await amend(renamed.id, `${PRI}-teacher`, { learner: { preferredForename: 'Jo' } });
        refusedAsStale(await acknowledge(renamed.id, `${SEC}-teacher`, seenRenamed.version), changed.version);

        const flagged = await sent(SEC);
        const seenFlagged = await read(flagged.id, `${SEC}-teacher`);
        const raised = await amend(flagged.id, `${PRI}-teacher`, { safeguardingTransferRequired: true });
        refusedAsStale(await acknowledge(flagged.id, `${SEC}-teacher`, seenFlagged.version), raised.version);
      });

      it('refuses a version the receiving school cannot have read: a draft, or one not yet saved', async () => {
        const h = await sent(SEC);
        await say(h.id, `${SEC}-teacher`, 'Thank you.');
        refusedAsStale(await acknowledge(h.id, `${SEC}-teacher`, h.version - 1), h.version + 1);
        refusedAsStale(await acknowledge(h.id, `${SEC}-teacher`, h.version + 5), h.version + 1);
      });

      it('makes a DSL’s copy stale when the sending DSL changes the safeguarding record, and nobody else’s', async () => {
        const h = await sent(SEC);
        const seenByDsl = await read(h.id, `${SEC}-dsl`);
        const seenByTeacher = await read(h.id, `${SEC}-teacher`);
        assert.equal(seenByTeacher.safeguarding, undefined);
        const recorded = await amend(h.id, `${PRI}-dsl`, {
          safeguarding: {
            cpFileExists: true,
            dslContacts: [],
            transfer: { method: 'secure-email', sentAt: '2026-03-01T09:00:00Z' },
          },
        });
        refusedAsStale(await acknowledge(h.id, `${SEC}-dsl`, seenByDsl.version), recorded.version);
        // The teacher was never shown the record: what they read is what there is.
        acknowledged(await acknowledge(h.id, `${SEC}-teacher`, seenByTeacher.version));
      });

      it('is not made stale by the receiving DSL’s own confirmation that the file arrived', async () => {
        const h = await sent(SEC, 'y6-to-y7', `${PRI}-dsl`, {
          safeguardingTransferRequired: true,
          safeguarding: {
            cpFileExists: true,
            dslContacts: [],
            transfer: { method: 'secure-email', sentAt: '2026-03-01T09:00:00Z' },
          },
        });
        const seen = await read(h.id, `${SEC}-dsl`);
        const receipt = await call('POST', `/v1/handovers/${h.id}/safeguarding-receipt`, {
          as: `${SEC}-dsl`,
          body: {},
        });
        assert.equal(receipt.status, 200, JSON.stringify(receipt.json));
        const ack = acknowledged(await acknowledge(h.id, `${SEC}-dsl`, seen.version));
        assert.ok(ack.safeguarding?.transfer?.receiptConfirmedAt);
      });
    });

    describe('sent by an organisation to itself', () => {
      it('can be acknowledged by that organisation’s handover staff once submitted, recorded as any other', async () => {
        const h = await sent(PRI, 'infant-to-junior');
        const seen = await read(h.id, `${PRI}-transition`);
        const ack = acknowledged(
          await call('POST', `/v1/handovers/${h.id}/acknowledge`, {
            as: `${PRI}-transition`,
            headers: { 'if-match': String(seen.version) },
            body: { message: 'Read before September.' },
          }),
        );
        assert.match(ack.acknowledgedBy ?? '', /Millbrook/);
        const lines = await hub.store.auditEntries(
          { organisationId: PRI, userId: `${PRI}-transition`, learnerId: h.learnerId },
          null,
          100,
        );
        assert.ok(
          lines.some((l) => l.action === 'acknowledge' && l.resourceId === h.id),
          'audited, naming who',
        );
        const history = await versions(h.id, `${PRI}-teacher`);
        assert.deepEqual(
          history.map((v) => v.status),
          ['draft', 'submitted', 'acknowledged'],
        );
        assert.equal(history.at(-1)!.acknowledges, seen.version);
      });

      it('can be acknowledged by the member of staff who submitted it, as in a one-teacher school', async () => {
        const h = await sent(PRI, 'infant-to-junior');
        acknowledged(await acknowledge(h.id, `${PRI}-teacher`, h.version));
      });

      it('is not acknowledged as a draft, and only by that organisation', async () => {
        const learner = (await hub.store.learners({ organisationId: PRI }, undefined, null, 1))[0]!;
        const made = await call('POST', '/v1/handovers', {
          as: `${PRI}-teacher`,
          body: { transition: 'infant-to-junior', learnerId: learner.id, receivingOrganisationId: PRI },
        });
        const draft = HandoverSchema.parse(made.json);
        const early = await acknowledge(draft.id, `${PRI}-teacher`);
        assert.equal(early.status, 409);
        assert.equal(ProblemSchema.parse(early.json).code, 'invalid_state');
        assert.equal((await hub.store.handover(draft.id))!.status, 'draft');

        const h = await sent(PRI, 'infant-to-junior');
        assert.equal((await acknowledge(h.id, `${SEC}-teacher`)).status, 404);
        assert.equal((await acknowledge(h.id, 'pri-oakfield-teacher')).status, 404);
        assert.equal((await acknowledge(h.id, 'youth-hub-worker')).status, 404);
        assert.equal((await hub.store.handover(h.id))!.status, 'submitted');
      });

      it('shows safeguarding to the DSL only, and lets only the DSL confirm the file arrived', async () => {
        const h = await sent(PRI, 'infant-to-junior', `${PRI}-dsl`, {
          safeguardingTransferRequired: true,
          safeguarding: { cpFileExists: true, dslContacts: [], transfer: { method: 'hand-delivered' } },
        });
        assert.equal((await read(h.id, `${PRI}-teacher`)).safeguarding, undefined);
        assert.ok((await read(h.id, `${PRI}-dsl`)).safeguarding);
        const byTeacher = await call('POST', `/v1/handovers/${h.id}/safeguarding-receipt`, {
          as: `${PRI}-teacher`,
          body: {},
        });
        assert.equal(byTeacher.status, 403);
        const byDsl = await call('POST', `/v1/handovers/${h.id}/safeguarding-receipt`, { as: `${PRI}-dsl`, body: {} });
        assert.equal(byDsl.status, 200, JSON.stringify(byDsl.json));
        assert.equal(HandoverSchema.parse(byDsl.json).safeguarding?.transfer?.receiptConfirmedByReceiver, true);
      });
    });
  });
}
