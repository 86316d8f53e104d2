import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as z from 'zod/mini';
import {
  checkAnswers,
  HandoverSchema,
  LearnerSchema,
  STANDARD_TEMPLATES,
  milestonesFor,
  OrganisationSchema,
  PathwayEventSchema,
  ServiceSchema,
  UserSchema,
  validateUln,
  receptionStartYear,
  validateUpn,
  yearGroupOn,
} from '@c2c/schema';
import {
  syntheticAnswers,
  syntheticCluster,
  syntheticEvents,
  syntheticHandovers,
  syntheticLearners,
  syntheticOrganisations,
  syntheticServices,
  syntheticUsers,
  Random,
} from '@c2c/schema/synthetic';
import { FORENAMES_BY_SEX } from '../src/synthetic/names.js';

const NOW = new Date('2026-03-15T12:00:00Z');
const TODAY = '2026-03-15';

function assertAllValid(schema: z.ZodMiniType, items: unknown[], what: string): void {
  assert.ok(items.length > 0, `${what}: generated something`);
  for (const [i, item] of items.entries()) {
    const r = schema.safeParse(item);
    assert.equal(r.success, true, `${what}[${i}]: ${r.success ? '' : z.prettifyError(r.error)}`);
  }
}

test('Random is deterministic for a seed and differs between seeds', () => {
  const a = new Random(42);
  const b = new Random(42);
  const seq = Array.from({ length: 5 }, () => a.next());
  assert.deepEqual(
    Array.from({ length: 5 }, () => b.next()),
    seq,
  );
  const c = new Random(43);
  assert.notDeepEqual(
    Array.from({ length: 5 }, () => c.next()),
    seq,
  );
  for (const x of seq) assert.ok(x >= 0 && x < 1);
});

test('syntheticOrganisations are valid organisations with unique ids', () => {
  const orgs = syntheticOrganisations();
  assertAllValid(OrganisationSchema, orgs, 'organisation');
  assert.equal(new Set(orgs.map((o) => o.id)).size, orgs.length);
});

test('syntheticLearners are valid learners with valid UPNs and ULNs, in the year group their birth date gives', () => {
  const learners = syntheticLearners(400, 1, TODAY);
  assertAllValid(LearnerSchema, learners, 'learner');
  for (const l of learners) {
    assert.equal(validateUpn(l.upn!).valid, true);
    if (l.uln) assert.equal(validateUln(l.uln).valid, true);
    assert.equal(l.yearGroup, yearGroupOn(l.dateOfBirth, TODAY).code);
  }
  assert.deepEqual(syntheticLearners(400, 1, TODAY), learners, 'deterministic for a seed');
  assert.notDeepEqual(syntheticLearners(50, 2, TODAY), learners.slice(0, 50), 'another seed gives other learners');
});

test('syntheticUsers are valid users, one role each, and the demo parent holds responsibility for a real learner', () => {
  const orgs = syntheticOrganisations();
  const learners = syntheticLearners(300, 1, TODAY);
  const users = syntheticUsers(orgs, learners, 7);
  assertAllValid(UserSchema, users, 'user');
  assert.deepEqual(syntheticUsers(orgs, learners, 7), users);
  const parent = users.find((u) => u.id === 'parent-demo');
  assert.ok(parent && learners.some((l) => l.id === parent.learnerIds[0]));
});

test('syntheticHandovers are valid handovers, deterministic for a seed and date', () => {
  const learners = syntheticLearners(300, 1, TODAY);
  const handovers = syntheticHandovers(learners, 3, NOW);
  assertAllValid(HandoverSchema, handovers, 'handover');
  assert.deepEqual(syntheticHandovers(learners, 3, NOW), handovers);
  for (const h of handovers) {
    if (h.safeguarding) assert.equal(h.safeguardingTransferRequired, true);
    assert.equal(h.submittedAt === null, h.status === 'draft');
  }
});

test('syntheticServices are valid services, deterministic, and scale to large counts', () => {
  const services = syntheticServices(2000, 11);
  assertAllValid(ServiceSchema, services, 'service');
  assert.deepEqual(syntheticServices(2000, 11), services);
  assert.equal(new Set(services.map((s) => s.id)).size, services.length);
  assert.notDeepEqual(syntheticServices(10, 12), services.slice(0, 10));
});

test('syntheticEvents are valid pathway events in date order, deterministic for a learner and seed', () => {
  const learner = syntheticLearners(5, 1, TODAY)[0]!;
  const events = syntheticEvents(learner, 200, 5, TODAY);
  assertAllValid(PathwayEventSchema, events, 'event');
  assert.equal(events.length, 200);
  assert.deepEqual(syntheticEvents(learner, 200, 5, TODAY), events);
  for (let i = 1; i < events.length; i++) assert.ok(events[i - 1]!.date <= events[i]!.date);
  for (const e of events) assert.ok(e.date >= learner.dateOfBirth && e.date <= TODAY);
});

test('syntheticCluster is internally consistent and deterministic for a seed and date', () => {
  const c = syntheticCluster({ now: NOW, learners: 120, services: 30 });
  assert.deepEqual(syntheticCluster({ now: NOW, learners: 120, services: 30 }), c);
  const orgIds = new Set(c.organisations.map((o) => o.id));
  for (const l of c.learners) assert.ok(orgIds.has(l.organisationId));
  for (const u of c.users) assert.ok(orgIds.has(u.organisationId));
  for (const h of c.handovers) {
    assert.ok(orgIds.has(h.sendingOrganisationId));
    if (h.receivingOrganisationId) assert.ok(orgIds.has(h.receivingOrganisationId));
  }
  assert.equal(c.services.length, 30);
});

/** The moves a pathway checks for a handover (the timeline's default), and the offset of the year they lead into. */
const CHECKED = [
  { transition: 'ey-to-reception', offset: 0 },
  { transition: 'infant-to-junior', offset: 3 },
  { transition: 'y6-to-y7', offset: 7 },
  { transition: 'y11-to-post16', offset: 12 },
] as const;

test('every move a seeded learner has already made carries an acknowledged handover, so no pathway flags it', () => {
  // In December, so that this year's moves into reception, Year 3, Year 7 and post-16 are behind every child in
  // those years; and in March, before them.
  for (const now of [new Date('2026-12-07T12:00:00Z'), NOW]) {
    const today = now.toISOString().slice(0, 10);
    const c = syntheticCluster({ now });
    assertAllValid(HandoverSchema, c.handovers, 'handover');
    assert.equal(new Set(c.handovers.map((h) => h.id)).size, c.handovers.length, 'handover ids are unique');
    let checked = 0;
    let year3 = 0;
    for (const l of c.learners) {
      const start = receptionStartYear(l.dateOfBirth);
      if (l.yearGroup === 'Y3') year3++;
      for (const { transition, offset } of CHECKED) {
        const move = `${start + offset}-09-01`;
        if (move > today) continue;
        checked++;
        const theirs = c.handovers.filter((h) => h.learnerId === l.id && h.transition === transition);
        assert.equal(theirs.length, 1, `${l.id} (${l.yearGroup}) has one handover for ${transition} on ${move}`);
        const h = theirs[0]!;
        assert.equal(h.status, 'acknowledged', `${h.id}: a past move’s handover was acknowledged`);
        assert.ok(h.submittedAt! < move && h.acknowledgedAt! < move, `${h.id}: sent and acknowledged before ${move}`);
        assert.ok(h.createdAt.slice(0, 10) > l.dateOfBirth && h.acknowledgedAt! <= now.toISOString());
        if (h.safeguarding) assert.ok(h.safeguarding.transfer?.receiptConfirmedAt, `${h.id}: the file arrived`);
        assert.equal(h.safeguardingTransferRequired, !!h.safeguarding);
      }
    }
    assert.ok(year3 > 0 && checked > year3 * 2, `${today}: the cluster has Year 3 children and past moves to check`);
  }
});

test('past handovers follow one history per learner: the school a child is at now is the one that received them', () => {
  const c = syntheticCluster({ now: new Date('2026-12-07T12:00:00Z') });
  const ofLearner = (id: string, transition: string) =>
    c.handovers.find((h) => h.learnerId === id && h.transition === transition);
  for (const l of c.learners) {
    const primaryAge = l.organisationId.startsWith('pri-');
    const secondaryAge = l.organisationId.startsWith('sec-');
    if (primaryAge && l.yearGroup !== 'R' && l.yearGroup !== 'Y1' && l.yearGroup !== 'Y2')
      assert.equal(ofLearner(l.id, 'infant-to-junior')?.receivingOrganisationId, l.organisationId, l.id);
    if (primaryAge && l.yearGroup !== 'R') {
      const h = ofLearner(l.id, 'ey-to-reception');
      assert.equal(h?.receivingOrganisationId, l.organisationId, l.id);
      assert.match(h!.sendingOrganisationId, /^ey-/);
    }
    if (secondaryAge && l.yearGroup !== 'Y6') {
      const h = ofLearner(l.id, 'y6-to-y7');
      assert.equal(h?.receivingOrganisationId, l.organisationId, l.id);
      assert.equal(h!.sendingOrganisationId, ofLearner(l.id, 'infant-to-junior')?.receivingOrganisationId, l.id);
    }
    if (l.organisationId === 'col-brookfield' && l.yearGroup !== 'Y11') {
      const h = ofLearner(l.id, 'y11-to-post16');
      assert.equal(h?.receivingOrganisationId, l.organisationId, l.id);
      assert.equal(h!.sendingOrganisationId, ofLearner(l.id, 'y6-to-y7')?.receivingOrganisationId, l.id);
    }
  }
});

test('the handovers for the move ahead keep a spread of statuses, and come first, unchanged by the past ones', () => {
  const now = new Date('2026-12-07T12:00:00Z');
  const c = syntheticCluster({ now });
  const ahead = c.handovers.filter((h) => {
    const code = yearGroupOn(c.learners.find((l) => l.id === h.learnerId)!.dateOfBirth, now).code;
    return ['N2', 'Y2', 'Y6', 'Y11'].includes(code) && h.id === `hnd-${h.learnerId.slice(4)}`;
  });
  assert.deepEqual(c.handovers.slice(0, ahead.length), ahead, 'the move ahead’s handovers come first');
  const statuses = new Set(ahead.map((h) => h.status));
  assert.deepEqual([...statuses].sort(), ['acknowledged', 'draft', 'submitted']);
});

test('a child-protection file, once it went with a move, goes with every later one', () => {
  const c = syntheticCluster({ now: new Date('2026-12-07T12:00:00Z') });
  let withFile = 0;
  for (const l of c.learners) {
    // Oldest first: the move ahead, when there is one, is the latest.
    const moves = c.handovers
      .filter((h) => h.learnerId === l.id)
      .sort((a, b) => (a.createdAt < b.createdAt ? -1 : 1))
      .map((h) => h.safeguardingTransferRequired);
    const first = moves.indexOf(true);
    if (first < 0) continue;
    withFile++;
    assert.ok(
      moves.slice(first).every(Boolean),
      `${l.id}: ${moves.join(', ')} (a file once sent goes with every later move)`,
    );
  }
  assert.ok(withFile > 0, 'some seeded children have a child-protection file');
});

test('pathway events fit the child’s age, and a child has one episode of a service at a time', () => {
  const SCHOOL_ONLY = ['Reading assessment', 'Attendance below 90%', 'Joined lunchtime club', 'School nurse review'];
  const learners = syntheticLearners(120, 3, TODAY);
  let events = 0;
  for (const l of learners) {
    const all = syntheticEvents(l, 40, 5, TODAY);
    assertAllValid(PathwayEventSchema, all, `events of ${l.id}`);
    events += all.length;
    const school = `${receptionStartYear(l.dateOfBirth)}-09-01`;
    for (const e of all)
      if (SCHOOL_ONLY.includes(e.title))
        assert.ok(e.date >= school, `${l.id} (born ${l.dateOfBirth}): ${e.title} ${e.date}`);
    const episodes = all.filter((e) => e.kind === 'support');
    for (const [i, a] of episodes.entries())
      for (const b of episodes.slice(i + 1))
        if (a.title === b.title) {
          const [first, next] = a.date <= b.date ? [a, b] : [b, a];
          assert.ok(
            (first.endDate !== undefined && first.endDate < next.date) ||
              (first.date === next.date && first.endDate === first.date),
            `${l.id}: ${first.title} ${first.date}..${first.endDate ?? 'ongoing'} overlaps ${next.date}`,
          );
          assert.ok(!first.endDate || first.endDate >= first.date);
        }
  }
  assert.equal(events, 120 * 40);
});

test('every seeded child past a statutory check has it recorded, so the demo shows no check as overdue', () => {
  const c = syntheticCluster({ now: NOW });
  for (const l of c.learners) {
    const recorded = new Set(c.events.filter((e) => e.learnerId === l.id && e.milestoneId).map((e) => e.milestoneId));
    for (const m of milestonesFor(l.dateOfBirth))
      if (m.by < TODAY && !m.conditional) assert.ok(recorded.has(m.id), `${l.id} (${l.yearGroup}): ${m.id} by ${m.by}`);
  }
});

test('a synthetic service names the organisation it points at, and its eligibility reads as a person would write it', () => {
  const orgs = new Map(syntheticOrganisations().map((o) => [o.id, o.name]));
  const services = syntheticServices(400, 11);
  for (const s of services) {
    assert.equal(s.organisation?.name, orgs.get(s.organisation!.id), `${s.id}: ${s.organisation?.id}`);
    assert.doesNotMatch(s.eligibility ?? '', /aged 0 to 99/, s.id);
  }
});

test('Year 2 to Year 3 handovers are spread across the primaries, each to another school that teaches Key Stage 2', () => {
  const organisations = new Map(syntheticOrganisations().map((o) => [o.id, o]));
  // Several dates and seeds, so the property holds for the demo on any day, not for one draw.
  for (const seed of [2026, 1, 77]) {
    for (const now of ['2026-03-02T10:00:00Z', '2026-07-01T10:00:00Z', '2026-12-07T10:00:00Z']) {
      const cluster = syntheticCluster({ seed, now: new Date(now), learners: 600 });
      // The move ahead; a past move's id ends with its transition.
      const ahead = cluster.handovers.filter(
        (h) => h.transition === 'infant-to-junior' && !h.id.endsWith('-infant-to-junior'),
      );
      assert.ok(ahead.length >= 10, `${seed} ${now}: ${ahead.length} handovers into Year 3`);
      const receivers = new Map<string, number>();
      for (const h of ahead) {
        const to = h.receivingOrganisationId!;
        receivers.set(to, (receivers.get(to) ?? 0) + 1);
        assert.notEqual(to, h.sendingOrganisationId, `${h.id} goes to another school`);
        assert.ok(organisations.get(to)?.phases.includes('ks2'), `${h.id}: ${to} teaches Key Stage 2`);
      }
      assert.ok(receivers.size >= 3, `${seed} ${now}: received by ${[...receivers.keys()].join(', ')}`);
      const most = Math.max(...receivers.values());
      assert.ok(most <= ahead.length / 2, `${seed} ${now}: one school receives ${most} of ${ahead.length}`);
    }
  }
});

test('services keep plausible hours: daytime for most, evenings only for older children and adults, opening before closing', () => {
  const minutes = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3));
  const week = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];
  for (const seed of [11, 2029, 5]) {
    const services = syntheticServices(2000, seed);
    const days = new Map<string, number>();
    let evening = 0;
    for (const s of services) {
      for (const sc of s.schedules) {
        const [opens, closes] = [minutes(sc.opensAt!), minutes(sc.closesAt!)];
        assert.match(`${sc.opensAt} ${sc.closesAt}`, /^\d\d:\d\d \d\d:\d\d$/);
        assert.ok(opens < closes, `${s.id} ${s.name}: opens ${sc.opensAt}, closes ${sc.closesAt}`);
        assert.ok(
          opens >= minutes('08:00') && closes <= minutes('21:00'),
          `${s.id} ${s.name}: ${sc.opensAt}-${sc.closesAt}`,
        );
        assert.ok(closes - opens <= 8 * 60, `${s.id} ${s.name}: open ${closes - opens} minutes`);
        assert.ok(sc.byDay.length >= 1 && sc.byDay.length <= 3, `${s.id}: ${sc.byDay.join(',')}`);
        assert.deepEqual(
          [...sc.byDay].sort((a, b) => week.indexOf(a) - week.indexOf(b)),
          sc.byDay,
          'days in week order',
        );
        assert.equal(new Set(sc.byDay).size, sc.byDay.length, 'each day once');
        for (const d of sc.byDay) days.set(d, (days.get(d) ?? 0) + 1);
        // Groups for babies and toddlers are over by teatime, on weekdays and at weekends.
        if (s.maximumAge !== undefined && s.maximumAge <= 5)
          assert.ok(closes <= minutes('17:00'), `${s.id} ${s.name} (to age ${s.maximumAge}) closes ${sc.closesAt}`);
        if (closes > minutes('19:00')) {
          evening += 1;
          assert.ok(
            (s.minimumAge ?? 0) >= 11 || s.maximumAge === undefined || s.maximumAge >= 18,
            `${s.id} ${s.name} runs until ${sc.closesAt}`,
          );
        }
        if (/Holiday/.test(s.name)) assert.notEqual(sc.termTimeOnly, true, `${s.id} ${s.name} is not term time only`);
      }
    }
    assert.ok(evening > 0, 'evening sessions (youth clubs, courses) still exist');
    // No weekday stands in for the others (an empty draw once made a quarter of all services Tuesday-only).
    const weekdays = ['MO', 'TU', 'WE', 'TH', 'FR'].map((d) => days.get(d) ?? 0);
    assert.ok(Math.max(...weekdays) < 2 * Math.min(...weekdays), `weekday spread ${weekdays.join(', ')}`);
  }
});

test('a learner’s name fits the sex on the record, and a mother’s or father’s name fits the relationship', () => {
  const girls = new Set(FORENAMES_BY_SEX.F);
  const boys = new Set(FORENAMES_BY_SEX.M);
  for (const seed of [1, 2026, 99]) {
    const learners = syntheticLearners(500, seed, TODAY);
    for (const l of learners) {
      const names = l.sex === 'F' ? girls : boys;
      assert.ok(names.has(l.legalForename), `${l.id}: ${l.legalForename}, sex ${l.sex}`);
      if (l.preferredForename) assert.ok(names.has(l.preferredForename), `${l.id}: preferred ${l.preferredForename}`);
      for (const c of l.contacts ?? []) {
        const first = c.name.split(' ')[0]!;
        if (c.relationship === 'Mother') assert.ok(girls.has(first), `${l.id}: mother ${c.name}`);
        if (c.relationship === 'Father') assert.ok(boys.has(first), `${l.id}: father ${c.name}`);
      }
    }
    // Both lists are used, so the rule is not met by giving everyone a name that suits either.
    assert.ok(learners.some((l) => girls.has(l.legalForename) && !boys.has(l.legalForename)));
    assert.ok(learners.some((l) => boys.has(l.legalForename) && !girls.has(l.legalForename)));
  }
});

test('a learner’s UPN was issued by a primary in the area in the year they started school, and no two learners share one', () => {
  const estab = new Map(syntheticOrganisations().map((o) => [o.id, o.establishmentNumber]));
  const primaries = syntheticOrganisations().filter((o) => o.kind === 'school' && o.phases.includes('ks1'));
  const primaryEstabs = new Set(primaries.map((o) => o.establishmentNumber));
  const learners = syntheticLearners(3000, 4, TODAY);
  const seen = new Set<string>();
  for (const l of learners) {
    const upn = l.upn!;
    assert.equal(validateUpn(upn).valid, true, `${l.id}: ${upn}`);
    assert.ok(!seen.has(upn), `${l.id}: ${upn} is another learner's`);
    seen.add(upn);
    assert.equal(upn.slice(1, 4), '938', `${l.id}: the area's LA code`);
    assert.ok(primaryEstabs.has(upn.slice(4, 8)), `${l.id}: ${upn} issued by a primary in the area`);
    if (primaries.some((p) => p.id === l.organisationId))
      assert.equal(upn.slice(4, 8), estab.get(l.organisationId), `${l.id}: issued by their own primary`);
    const started = Math.min(
      receptionStartYear(l.dateOfBirth),
      yearGroupOn(l.dateOfBirth, TODAY).academicYear.startYear,
    );
    assert.equal(upn.slice(8, 10), String(started % 100).padStart(2, '0'), `${l.id} (${l.yearGroup}): ${upn}`);
  }
});

test('syntheticAnswers answers every required question of each standard template, and only those', () => {
  for (const template of Object.values(STANDARD_TEMPLATES)) {
    const sections = syntheticAnswers(template);
    assert.deepEqual(checkAnswers(template, sections), [], template.id);
    const required = template.sections.flatMap((s) =>
      s.questions.filter((q) => q.required).map((q) => `${s.id}.${q.id}`),
    );
    const given = Object.entries(sections).flatMap(([id, answers]) => Object.keys(answers).map((q) => `${id}.${q}`));
    assert.deepEqual(given.sort(), required.sort(), template.id);
    assert.ok(required.length > 0, `${template.id} has required questions to answer`);
  }
});
