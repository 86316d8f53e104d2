/**
 * The retention schedule against a real database (SQLite, and PostgreSQL when C2C_TEST_DATABASE_URL is set):
 * what reaches the end of its keep goes with everything about it, what has not stays, and each deletion is
 * audited by the `retention` system user.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  addDays,
  addYears,
  todayIso,
  type Handover,
  type Learner,
  type OrganisationRecord,
  type User,
} from '@c2c/schema';
import { syntheticEvents, syntheticHandovers, syntheticLearners } from '@c2c/schema/synthetic';
import { ConfigError, DEFAULT_RETENTION, Store, createHub, readConfig, runRetention } from '../src/index.js';
import { captureLogger, targets } from './helpers.js';

const NOW = new Date('2026-12-06T10:00:00Z');
const TODAY = todayIso(NOW);

/** A synthetic learner born on `dateOfBirth`, with the given SEN status. */
function learner(id: string, dateOfBirth: string, senStatus: Learner['senStatus'] = 'none'): Learner {
  const base = syntheticLearners(1, id.length)[0]!;
  return { ...base, id, organisationId: 'pri-millbrook', dateOfBirth, senStatus, upn: undefined };
}

/** A signposting record about a family with no learner record, made by `organisationId` on `day` (midday UTC). */
function familySignposting(id: string, organisationId: string, day: string) {
  const at = `${day}T12:00:00.000Z`;
  return {
    id,
    kind: 'signposted' as const,
    serviceId: 'svc-1',
    serviceName: 'Holiday club',
    familyReference: `FAM-${id}`,
    note: 'Asked about holiday clubs',
    consent: { given: true, method: 'verbal' as const, recordedAt: at },
    organisationId,
    createdBy: `${organisationId}-teacher`,
    createdAt: at,
  };
}

/** A handover of `learner` in `status`, last changed `daysAgo` days before NOW. */
function handover(id: string, of: Learner, status: Handover['status'], daysAgo: number): Handover {
  const template = syntheticHandovers(syntheticLearners(40, 7), 3, NOW)[0]!;
  const at = new Date(NOW.getTime() - daysAgo * 86_400_000).toISOString();
  return {
    ...template,
    id,
    learnerId: of.id,
    sendingOrganisationId: of.organisationId,
    status,
    createdAt: at,
    updatedAt: at,
  };
}

for (const makeTarget of targets()) {
  const target = makeTarget();
  describe(`retention on ${target.name}`, () => {
    let store: Store;
    // Past 25 years from birth today: goes. One day short: stays. EHC plan past 25 but not 31: stays; past 31: goes.
    const old = learner('lrn-old', addYears(TODAY, -25));
    const almost = learner('lrn-almost', addDays(addYears(TODAY, -25), 1));
    const ehc = learner('lrn-ehc', addYears(TODAY, -26), 'ehc-plan');
    const ehcOld = learner('lrn-ehc-old', addYears(TODAY, -31), 'ehc-plan');
    const young = learner('lrn-young', addYears(TODAY, -11));
    const oldEvents = syntheticEvents(old, 3, 5, TODAY);
    const parent: User = {
      id: 'parent-retention',
      name: 'Sam Example',
      email: 'sam@example.org',
      role: 'parent',
      organisationId: 'pri-millbrook',
      learnerIds: [old.id, young.id],
      disabled: false,
    };

    let url: string;
    before(async () => {
      url = await target.create();
      store = await Store.open(url);
      await store.putLearners([old, almost, ehc, ehcOld, young]);
      await store.putUsers([parent]);
      await store.insertHandovers(
        [
          handover('hnd-old-sent', old, 'submitted', 3000),
          handover('hnd-young-stale', young, 'draft', 400),
          handover('hnd-young-fresh', young, 'draft', 300),
          handover('hnd-young-sent', young, 'submitted', 400),
        ],
        'pri-millbrook-teacher',
      );
      await store.putEvents([...oldEvents, ...syntheticEvents(young, 2, 5, TODAY)]);
      await store.addSignposting({
        id: 'sgp-old',
        kind: 'signposted',
        serviceId: 'svc-1',
        serviceName: 'Holiday club',
        learnerId: old.id,
        consent: { given: true, method: 'verbal', recordedAt: NOW.toISOString() },
        organisationId: 'pri-millbrook',
        createdBy: 'pri-millbrook-teacher',
        createdAt: NOW.toISOString(),
      });
      // A family known only by a reference: six years to the day goes, a day short stays.
      await store.addSignposting(familySignposting('sgp-family-old', 'pri-millbrook', addYears(TODAY, -6)));
      await store.addSignposting(
        familySignposting('sgp-family-recent', 'pri-millbrook', addDays(addYears(TODAY, -6), 1)),
      );
    });
    after(async () => {
      await store.close();
      await target.dispose();
    });

    const ids = async () =>
      (await store.learners({ organisationId: 'pri-millbrook' }, undefined, null, 100)).map((l) => l.id);

    // Two learners past their keep (one of them with an EHC plan), the older one's handover, events and
    // signposting record, one stale draft, and one signposting record about a family with no learner record.
    const expected = () => ({
      drafts: 1,
      learners: 2,
      handovers: 1,
      pathwayEvents: oldEvents.length,
      signposting: 1,
      familySignposting: 1,
    });
    const familyIds = async () =>
      (await store.db.selectFrom('signposting').select('id').where('learner_id', 'is', null).execute())
        .map((r) => r.id)
        .sort();

    it('counts without deleting when not applied', async () => {
      const counts = await runRetention(store, DEFAULT_RETENTION, NOW, false);
      assert.deepEqual(counts, expected());
      assert.deepEqual((await ids()).sort(), [almost.id, ehc.id, ehcOld.id, old.id, young.id].sort());
      assert.ok(await store.handover('hnd-young-stale'));
      assert.deepEqual(await familyIds(), ['sgp-family-old', 'sgp-family-recent']);
    });

    it('deletes what has reached the end of its keep, with every record about it, and audits each deletion', async () => {
      const counts = await runRetention(store, DEFAULT_RETENTION, NOW, true);
      assert.deepEqual(counts, expected());
      assert.deepEqual((await ids()).sort(), [almost.id, ehc.id, young.id].sort());
      assert.equal(await store.handover('hnd-old-sent'), undefined);
      assert.equal(await store.handover('hnd-young-stale'), undefined);
      assert.ok(await store.handover('hnd-young-fresh'), 'a draft changed within the year stays');
      assert.ok(await store.handover('hnd-young-sent'), 'a submitted handover is not a draft');
      const versions = await store.db
        .selectFrom('handover_versions')
        .select('handover_id')
        .where('handover_id', 'in', ['hnd-old-sent', 'hnd-young-stale'])
        .execute();
      assert.deepEqual(versions, []);
      const events = await store.db.selectFrom('pathway_events').select('learner_id').execute();
      assert.ok(events.length > 0 && events.every((e) => e.learner_id === young.id));
      assert.deepEqual(await store.signposting('pri-millbrook', old.id, null, 10), []);
      assert.deepEqual(await familyIds(), ['sgp-family-recent'], 'a family’s record goes by its own age');
      const kept = await store.user(parent.id);
      assert.deepEqual(kept?.learnerIds, [young.id]);

      const audit = await store.auditEntries({ organisationId: 'pri-millbrook', userId: 'retention' }, null, 50);
      assert.deepEqual(
        audit.map((a) => `${a.action} ${a.resource} ${a.resourceId} ${a.role}`).sort(),
        [
          `delete handover hnd-young-stale system`,
          `delete learner ${ehcOld.id} system`,
          `delete learner ${old.id} system`,
          `delete signposting sgp-family-old system`,
        ].sort(),
      );
    });

    // PostgreSQL only: two instances on one SQLite file are two processes, and two connections in this one
    // process would block each other (better-sqlite3 waits for a lock synchronously, so the holder never runs).
    if (target.name === 'postgres')
      it('audits each deletion once when two instances run the schedule at the same time', async () => {
        const twins = [learner('lrn-twin-a', addYears(TODAY, -40)), learner('lrn-twin-b', addYears(TODAY, -41))];
        await store.putLearners(twins);
        const other = await Store.open(url);
        try {
          await Promise.all([
            runRetention(store, DEFAULT_RETENTION, NOW, true),
            runRetention(other, DEFAULT_RETENTION, NOW, true),
          ]);
        } finally {
          await other.close();
        }
        for (const t of twins) {
          const lines = await store.auditEntries({ organisationId: 'pri-millbrook', learnerId: t.id }, null, 10);
          assert.equal(lines.filter((a) => a.action === 'delete').length, 1, `one deletion line for ${t.id}`);
          assert.equal(await store.learner(t.id), undefined);
        }
      });

    it('finds nothing more on a second run', async () => {
      assert.deepEqual(await runRetention(store, DEFAULT_RETENTION, NOW, true), {
        drafts: 0,
        learners: 0,
        handovers: 0,
        pathwayEvents: 0,
        signposting: 0,
        familySignposting: 0,
      });
    });
  });
}

for (const makeTarget of targets()) {
  const target = makeTarget();
  describe(`retention per organisation on ${target.name}`, () => {
    let store: Store;
    const org = (id: string, retention?: OrganisationRecord['retention']): OrganisationRecord => ({
      id,
      name: `School ${id}`,
      kind: 'school',
      phases: ['ks1', 'ks2'],
      allowedOrigins: [],
      ...(retention ? { retention } : {}),
    });
    const of = (id: string, organisationId: string, years: number): Learner => ({
      ...learner(id, addYears(TODAY, -years)),
      organisationId,
    });
    // Both 30 years old, past the hub's 25. The first was only ever at a school that keeps 25; the second's
    // handover went to a school that keeps 50, so that school's copy holds the whole record.
    const alone = of('lrn-alone', 'pri-short', 30);
    const shared = of('lrn-shared', 'pri-short', 30);
    const ownLonger = of('lrn-own-longer', 'sec-long', 40);
    const draft = (id: string, from: Learner, daysAgo: number): Handover => ({
      ...handover(id, from, 'draft', daysAgo),
      sendingOrganisationId: from.organisationId,
    });
    before(async () => {
      store = await Store.open(await target.create());
      await store.putOrganisations([
        org('pri-short', { draftDays: 30, familySignpostingYears: 2 }),
        org('sec-long', { learnerYears: 50 }),
      ]);
      for (const [id, organisationId] of [
        ['sgp-short', 'pri-short'],
        ['sgp-long', 'sec-long'],
      ] as const)
        await store.addSignposting(familySignposting(id, organisationId, addYears(TODAY, -3)));
      await store.putLearners([
        alone,
        shared,
        ownLonger,
        of('lrn-kid', 'sec-long', 11),
        of('lrn-kid2', 'pri-short', 9),
      ]);
      const received = { ...handover('hnd-shared', shared, 'submitted', 4000), receivingOrganisationId: 'sec-long' };
      await store.insertHandovers(
        [
          received,
          draft('hnd-short-draft', { ...alone, id: 'lrn-kid2' }, 40),
          draft('hnd-long-draft', { ...ownLonger, id: 'lrn-kid' }, 40),
        ],
        'pri-short-teacher',
      );
    });
    after(async () => {
      await store.close();
      await target.dispose();
    });

    it('keeps a learner while any organisation holding records about them still keeps them', async () => {
      const counts = await runRetention(store, DEFAULT_RETENTION, NOW, true);
      assert.equal(await store.learner(alone.id), undefined, 'only the 25-year school held this learner');
      assert.ok(await store.learner(shared.id), 'the receiving school keeps 50 years');
      assert.ok(await store.handover('hnd-shared'));
      assert.ok(await store.learner(ownLonger.id), 'its own school keeps 50 years');
      assert.equal(await store.handover('hnd-short-draft'), undefined, 'a 40-day draft at a school that keeps 30');
      assert.ok(await store.handover('hnd-long-draft'), 'a 40-day draft at a school on the hub’s 365');
      assert.equal(counts.learners, 1);
      assert.equal(counts.drafts, 1);
      const family = await store.db.selectFrom('signposting').select('id').where('learner_id', 'is', null).execute();
      assert.deepEqual(
        family.map((r) => r.id),
        ['sgp-long'],
        'a 3-year-old family record at a school that keeps them 2 years goes; on the hub’s 6 it stays',
      );
      assert.equal(counts.familySignposting, 1);
    });

    it('lets the learner go once the longest keep among them has ended', async () => {
      await store.putOrganisations([org('sec-long')]);
      await runRetention(store, DEFAULT_RETENTION, NOW, true);
      assert.equal(await store.learner(shared.id), undefined);
      assert.equal(await store.handover('hnd-shared'), undefined);
      assert.equal(await store.learner(ownLonger.id), undefined);
      assert.ok(await store.learner('lrn-kid'));
    });
  });
}

describe('retention in the running hub', () => {
  it('runs at start: apply deletes and logs counts only; report deletes nothing', async () => {
    const stale = learner('lrn-stale', addYears(TODAY, -40));
    for (const mode of ['report', 'apply'] as const) {
      const store = await Store.open('sqlite::memory:');
      await store.putLearners([stale, learner('lrn-kept', addYears(TODAY, -9))]);
      const { logger, lines } = captureLogger();
      const hub = await createHub({ store, logger, now: NOW, retention: { mode } });
      const left = (await store.learners({ organisationId: 'pri-millbrook' }, undefined, null, 10)).map((l) => l.id);
      assert.deepEqual(left.sort(), mode === 'apply' ? ['lrn-kept'] : ['lrn-kept', 'lrn-stale']);
      const line = lines.find((l) => String(l.msg).startsWith('retention'));
      assert.equal(line?.msg, mode === 'apply' ? 'retention: deleted' : 'retention: would delete');
      assert.equal(line?.learners, 1);
      const text = JSON.stringify(lines);
      assert.ok(!text.includes('lrn-stale') && !text.includes(stale.legalSurname), 'no ids or names in the log');
      await hub.close();
      await store.close();
    }
  });

  it('reads its settings from the environment and refuses bad ones', () => {
    const config = readConfig({
      RETENTION: 'report',
      RETENTION_DRAFT_DAYS: '120',
      RETENTION_EHC_PLAN_YEARS: '35',
      RETENTION_FAMILY_SIGNPOSTING_YEARS: '3',
    });
    assert.equal(config.retention, 'report');
    assert.deepEqual(config.retentionPolicy, {
      draftDays: 120,
      learnerYears: 25,
      ehcPlanYears: 35,
      familySignpostingYears: 3,
    });
    assert.equal(readConfig({}).retentionPolicy.familySignpostingYears, 6);
    assert.equal(readConfig({}).retention, 'apply');
    assert.throws(
      () => readConfig({ RETENTION: 'sometimes', RETENTION_LEARNER_YEARS: '0' }),
      (e: unknown) =>
        e instanceof ConfigError &&
        e.problems.some((p) => p.startsWith('RETENTION must be one of apply, report, off')) &&
        e.problems.some((p) => p.startsWith('RETENTION_LEARNER_YEARS must be a whole number from 1')),
    );
    assert.deepEqual(
      readConfig({ RETENTION_LEARNER_YEARS: '40' }).retentionPolicy,
      { draftDays: 365, learnerYears: 40, ehcPlanYears: 40, familySignpostingYears: 6 },
      'a longer learner period lengthens the default EHC-plan period with it',
    );
    assert.throws(
      () => readConfig({ RETENTION_LEARNER_YEARS: '40', RETENTION_EHC_PLAN_YEARS: '31' }),
      (e: unknown) =>
        e instanceof ConfigError &&
        e.problems.some((p) =>
          p.startsWith('RETENTION_EHC_PLAN_YEARS (31) must be at least RETENTION_LEARNER_YEARS (40)'),
        ),
      'an EHC-plan period shorter than the ordinary one is refused',
    );
    assert.equal(readConfig({ RETENTION_LEARNER_YEARS: '31' }).retentionPolicy.learnerYears, 31);
  });
});
