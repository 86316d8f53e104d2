import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as z from 'zod/mini';
import {
  HandoverSchema,
  LearnerSchema,
  OrganisationSchema,
  PathwayEventSchema,
  ServiceSchema,
  UserSchema,
  validateUln,
  validateUpn,
  yearGroupOn,
} from '@c2c/schema';
import {
  syntheticCluster,
  syntheticEvents,
  syntheticHandovers,
  syntheticLearners,
  syntheticOrganisations,
  syntheticServices,
  syntheticUsers,
  Random,
} from '@c2c/schema/synthetic';

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
