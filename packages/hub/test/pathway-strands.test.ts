import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  AuditEntrySchema,
  LearnerExportSchema,
  LearnerSchema,
  PathwayEventSchema,
  PathwaySchema,
  ProblemSchema,
  ROLES,
  pageOf,
  type AuditEntry,
  type PathwayEvent,
  type Role,
  MilestoneWithStateSchema,
} from '@c2c/schema';
import type { Hub } from '../src/index.js';
import { dataOf } from '../src/api-schemas.js';
import { bearer, captureLogger, closeHub, newLearner, seededHub, staffUser, targets } from './helpers.js';

/**
 * The safe strand (early help, child in need, child protection) is need-to-know: the hub sends it to the DSL only,
 * on every route that answers with pathway events, and audits each DSL read of it.
 */
for (const makeTarget of targets()) {
  const target = makeTarget();
  describe(`the safe strand of a pathway, on ${target.name}`, () => {
    let hub: Hub;
    const PRI = 'pri-millbrook';
    /** Someone in each role who may read the demo parent's child's pathway (the workers once set up below). */
    const AS: Record<Role, string> = {
      teacher: `${PRI}-teacher`,
      senco: `${PRI}-senco`,
      dsl: `${PRI}-dsl`,
      'transition-lead': `${PRI}-transition`,
      'family-worker': 'vol-family-support-worker',
      'youth-worker': 'youth-hub-worker',
      'social-worker': 'csc-brookfield-worker',
      parent: 'parent-demo',
      admin: `${PRI}-admin`,
    };
    let child = '';
    let path = '';

    const call = async (
      method: string,
      url: string,
      as: string,
      body?: unknown,
      headers: Record<string, string> = {},
    ) => {
      const res = await hub.app.request(url, {
        method,
        headers: { ...bearer(as), ...(body ? { 'content-type': 'application/json' } : {}), ...headers },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
      const text = await res.text();
      return { status: res.status, json: (text ? JSON.parse(text) : {}) as unknown, text };
    };
    /** The audit lines written for `userId` about the child while `run` ran, oldest first. */
    const auditedDuring = async (userId: string, run: () => Promise<unknown>) => {
      const org = (await hub.store.user(userId))!.organisationId;
      const last = (await hub.store.auditEntries({ organisationId: org, userId }, null, 1))[0]?.id ?? 0;
      await run();
      const lines = await hub.store.auditEntries({ organisationId: org, userId, learnerId: child }, null, 50);
      return lines
        .filter((a) => a.id > last)
        .reverse()
        .map((a: AuditEntry) => `${a.action} ${a.resource}`);
    };
    const safeIn = (events: readonly PathwayEvent[]) => events.filter((e) => e.strand === 'safe');

    before(async () => {
      hub = await seededHub(await target.create(), captureLogger().logger);
      child = (await hub.store.user('parent-demo'))!.learnerIds[0]!;
      path = `/v1/learners/${child}/pathway`;
      // Each worker's organisation works with the child (as after a consented referral): they may read the pathway.
      const workers = ['vol-family-support', 'youth-hub', 'csc-brookfield'];
      for (const [i, org] of workers.entries())
        await hub.store.addSignposting({
          id: `sgp-works-with-${i}`,
          kind: 'referred',
          serviceId: 'svc-works-with',
          serviceName: 'Mentoring',
          learnerId: child,
          consent: { given: true, method: 'written', recordedAt: '2026-01-05T09:00:00.000Z' },
          organisationId: org,
          createdBy: `${org}-worker`,
          createdAt: '2026-01-05T09:00:00.000Z',
        });
      const safe = await call('POST', `${path}/events`, AS.dsl, {
        kind: 'support',
        strand: 'safe',
        date: '2026-02-02',
        title: 'Child in need plan',
      });
      assert.equal(safe.status, 201, safe.text);
      const healthy = await call('POST', `${path}/events`, AS.dsl, {
        kind: 'assessment',
        strand: 'healthy',
        date: '2026-02-03',
        title: 'Hearing test',
      });
      assert.equal(healthy.status, 201, healthy.text);
    });
    after(() => closeHub(hub, target));

    it('GET /pathway sends the safe strand to the DSL only, and the rest of the pathway to every role', async () => {
      assert.deepEqual(Object.keys(AS).sort(), [...ROLES].sort(), 'every role is checked');
      for (const role of ROLES) {
        const r = await call('GET', path, AS[role]);
        assert.equal(r.status, 200, `${role}: ${r.text}`);
        const { events } = PathwaySchema.parse(r.json);
        const titles = events.map((e) => e.title);
        assert.ok(titles.includes('Hearing test'), `${role} sees the healthy strand`);
        if (role === 'dsl')
          assert.ok(
            safeIn(events).some((e) => e.title === 'Child in need plan'),
            'the DSL sees the safe strand',
          );
        else {
          assert.deepEqual(safeIn(events), [], `${role} is sent no safe event`);
          assert.ok(!r.text.includes('Child in need plan'), `${role}: nowhere in the answer`);
        }
      }
    });

    it('POST /pathway/events records a safe event for the DSL only; others get a 403 and nothing is kept', async () => {
      const before = (await hub.store.events(child)).length;
      for (const role of ROLES.filter((r) => r !== 'dsl')) {
        const r = await call('POST', `${path}/events`, AS[role], {
          kind: 'note',
          strand: 'safe',
          date: '2026-02-10',
          title: `Worried about ${role}`,
        });
        assert.equal(r.status, 403, `${role}: ${r.text}`);
        assert.equal(ProblemSchema.parse(r.json).code, 'forbidden');
        assert.ok(!r.text.includes('Worried about'), 'the answer carries no event');
      }
      assert.equal((await hub.store.events(child)).length, before, 'nothing was recorded');
      // The same role may record in any other strand: the refusal is about the strand.
      const other = await call('POST', `${path}/events`, AS.teacher, {
        kind: 'note',
        strand: 'relationships',
        date: '2026-02-10',
        title: 'Made a new friend',
      });
      assert.equal(other.status, 201, other.text);
      const mine = await call('POST', `${path}/events`, AS.dsl, {
        kind: 'note',
        strand: 'safe',
        date: '2026-02-11',
        title: 'Strategy meeting',
      });
      assert.equal(mine.status, 201, mine.text);
      assert.equal(PathwayEventSchema.parse(mine.json).strand, 'safe');
    });

    it('audits a refused safe-strand write naming who was refused, but neither the learner nor the strand', async () => {
      for (const role of ROLES.filter((r) => r !== 'dsl' && r !== 'parent')) {
        const userId = AS[role];
        const last = Number(
          (
            await hub.store.db
              .selectFrom('audit')
              .select((eb) => eb.fn.max('id').as('id'))
              .executeTakeFirstOrThrow()
          ).id ?? 0,
        );
        const r = await call('POST', `${path}/events`, userId, {
          kind: 'note',
          strand: 'safe',
          date: '2026-02-13',
          title: 'Worried',
        });
        assert.equal(r.status, 403, `${role}: ${r.text}`);
        const lines = await hub.store.db.selectFrom('audit').selectAll().where('id', '>', last).execute();
        assert.deepEqual(
          lines.map((a) => [a.user_id, a.action, a.resource, a.resource_id, a.learner_id]),
          [[userId, 'denied', 'POST /v1/learners/:id/pathway/events', '', null]],
          `${role}: one line, naming the caller and no learner`,
        );
        assert.ok(!JSON.stringify(lines).includes('safe'), `${role}: the strand is nowhere in the line`);
      }
      // The child's school sees nothing about the child from those refusals.
      const school = (await hub.store.learner(child))!.organisationId;
      const seen = await call('GET', `/v1/audit?learnerId=${child}&limit=100`, `${school}-admin`);
      assert.equal(seen.status, 200, seen.text);
      const { data: seenLines } = pageOf(AuditEntrySchema).parse(seen.json);
      assert.deepEqual(
        seenLines.filter((a) => a.action === 'denied' && a.role !== 'parent'),
        [],
        'no staff member’s denied line against the child',
      );
      // A parent is refused the route whatever the strand, so their line still names the child (an earlier test).
      assert.ok(seenLines.some((a) => a.action === 'denied' && a.role === 'parent'));
    });

    it('audits every DSL answer that carries pathway events as a safeguarding read, and no one else’s', async () => {
      assert.deepEqual(await auditedDuring(AS.dsl, () => call('GET', path, AS.dsl)), [
        'read pathway',
        'read-safeguarding pathway',
      ]);
      assert.deepEqual(
        await auditedDuring(AS.dsl, () =>
          call('POST', `${path}/events`, AS.dsl, { kind: 'note', strand: 'safe', date: '2026-02-12', title: 'x' }),
        ),
        ['update pathway', 'read-safeguarding pathway'],
      );
      for (const role of ROLES.filter((r) => r !== 'dsl'))
        assert.deepEqual(await auditedDuring(AS[role], () => call('GET', path, AS[role])), ['read pathway'], role);
      // Written whether or not the strand has events, so the log does not say which children have any.
      const fresh = await call('POST', '/v1/learners', AS.teacher, newLearner());
      assert.equal(fresh.status, 201, fresh.text);
      const lines = await hub.store.auditEntries({ organisationId: PRI, userId: AS.dsl }, null, 1);
      const freshId = LearnerSchema.parse(fresh.json).id;
      const r = await call('GET', `/v1/learners/${freshId}/pathway`, AS.dsl);
      assert.equal(r.status, 200);
      assert.deepEqual(PathwaySchema.parse(r.json).events, [], 'nothing recorded for the new learner');
      const written = await hub.store.auditEntries(
        { organisationId: PRI, userId: AS.dsl, learnerId: freshId },
        null,
        5,
      );
      assert.deepEqual(
        written
          .filter((a) => a.id > lines[0]!.id)
          .map((a) => a.action)
          .sort(),
        ['read', 'read-safeguarding'],
      );
    });

    it('GET /milestones counts a milestone recorded by a safe event as done for the DSL only', async () => {
      const states = async (as: string) =>
        new Map(
          dataOf(MilestoneWithStateSchema)
            .parse((await call('GET', `/v1/learners/${child}/milestones`, as)).json)
            .data.map((m): [string, string] => [m.id, m.state]),
        );
      const open = [...(await states(AS.teacher))].find(([, state]) => state !== 'done')!;
      assert.ok(open, 'the child has a milestone not yet done');
      const r = await call('POST', `${path}/events`, AS.dsl, {
        kind: 'milestone',
        strand: 'safe',
        date: '2026-02-20',
        title: 'Recorded by the DSL',
        milestoneId: open[0],
      });
      assert.equal(r.status, 201, r.text);
      assert.equal((await states(AS.dsl)).get(open[0]), 'done');
      for (const role of ROLES.filter((x) => x !== 'dsl'))
        assert.equal((await states(AS[role])).get(open[0]), open[1], `${role} learns nothing from the safe event`);
    });

    it('GET /milestones, whose done states come from the safe strand for the DSL, is audited as a safeguarding read', async () => {
      const url = `/v1/learners/${child}/milestones`;
      const read = (as: string) => async () => assert.equal((await call('GET', url, as)).status, 200);
      assert.deepEqual(await auditedDuring(AS.dsl, read(AS.dsl)), ['read pathway', 'read-safeguarding pathway']);
      assert.deepEqual(await auditedDuring(AS.teacher, read(AS.teacher)), ['read pathway']);
    });

    it('GET /export leaves the safe strand out for an administrator; the DSL’s has it, audited', async () => {
      const url = `/v1/learners/${child}/export`;
      let admin: Awaited<ReturnType<typeof call>> | undefined;
      const adminLines = await auditedDuring(AS.admin, async () => (admin = await call('GET', url, AS.admin)));
      assert.equal(admin!.status, 200, admin!.text);
      const adminEvents = LearnerExportSchema.parse(admin!.json).pathwayEvents;
      assert.deepEqual(safeIn(adminEvents), []);
      assert.ok(!admin!.text.includes('Child in need plan'));
      assert.ok(
        adminEvents.some((e) => e.title === 'Hearing test'),
        'the rest is there',
      );
      assert.deepEqual(adminLines, ['export learner']);
      let dsl: Awaited<ReturnType<typeof call>> | undefined;
      const dslLines = await auditedDuring(AS.dsl, async () => (dsl = await call('GET', url, AS.dsl)));
      assert.equal(dsl!.status, 200, dsl!.text);
      assert.ok(
        safeIn(LearnerExportSchema.parse(dsl!.json).pathwayEvents).some((e) => e.title === 'Child in need plan'),
      );
      assert.ok(dslLines.includes('export learner') && dslLines.includes('read-safeguarding pathway'), `${dslLines}`);
    });

    it('an answer replayed for an Idempotency-Key hands no safe event to someone who is no longer the DSL', async () => {
      const id = `${PRI}-dsl-acting`;
      await hub.store.putUsers([staffUser(id, 'dsl', 'Acting Lead', PRI)]);
      const now = new Date('2026-03-02T10:00:00Z');
      await hub.store.addToken(`demo_${id}`, id, 'api-key', new Date('2027-03-02T10:00:00Z'), now);
      const body = { kind: 'note', strand: 'safe', date: '2026-02-25', title: 'Referral to children’s social care' };
      const headers = { 'idempotency-key': 'replay-safe-1' };
      const first = await call('POST', `${path}/events`, id, body, headers);
      assert.equal(first.status, 201, first.text);
      const again = await auditedDuring(id, async () => {
        const r = await call('POST', `${path}/events`, id, body, headers);
        assert.equal(r.status, 201, 'still the DSL: the same answer');
        assert.equal(PathwayEventSchema.parse(r.json).id, PathwayEventSchema.parse(first.json).id);
      });
      assert.deepEqual(again, ['read pathway', 'read-safeguarding pathway'], 'a replay is a read, audited');
      // The acting lead steps down, which ends their key. Keys are the user's, not the token's, so their retry from a
      // key issued for the new role reaches the stored answer, which is not handed out again.
      await hub.store.putUsers([staffUser(id, 'teacher', 'Acting Lead', PRI)]);
      assert.equal((await call('POST', `${path}/events`, id, body, headers)).status, 401);
      await hub.store.addToken(`demo_${id}`, id, 'api-key', new Date('2027-03-02T10:00:00Z'), now);
      const replay = await call('POST', `${path}/events`, id, body, headers);
      assert.equal(replay.status, 403, replay.text);
      assert.equal(ProblemSchema.parse(replay.json).code, 'forbidden');
      assert.ok(!replay.text.includes('Referral'));
    });
  });
}
