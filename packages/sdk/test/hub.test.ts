/**
 * The SDK against the real hub (`startHub` from @c2c/hub), in this process, on a temporary SQLite file seeded
 * with the synthetic cluster. Nothing of our own is mocked: where a fault is needed (a lost response), it is
 * made by wrapping the real fetch.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger, startHub, type RunningHub } from '@c2c/hub';
import type { HandoverTemplate } from '@c2c/schema';
import { syntheticAnswers, syntheticLearners } from '@c2c/schema/synthetic';
import {
  AuthError,
  ApiError,
  ConflictError,
  ForbiddenError,
  NotFoundError,
  RateLimitError,
  ValidationError,
  createClient,
  isParentView,
  requestIdOf,
  type C2cClient,
  type ClientOptions,
  type Handover,
} from '@c2c/sdk';
import { createServicesClient } from '@c2c/sdk/services';
import { createOrukReader } from '@c2c/sdk/oruk';

const SERVICES = 60;
const TEACHER = 'demo_pri-millbrook-teacher';
const TRANSITION = 'demo_pri-millbrook-transition';
const RECEIVER = 'demo_sec-brookfield-academy-transition';

describe('@c2c/sdk against a real hub', () => {
  let hub: RunningHub;
  let dir: string;
  let teacher: C2cClient;
  /** Every method and path the SDK sent during these tests, checked against the hub's OpenAPI at the end. */
  const called = new Set<string>();
  const client = (token: string, extra: Partial<ClientOptions> = {}) =>
    createClient({
      baseUrl: hub.url,
      token,
      backoffBaseMs: 5,
      backoffMaxMs: 20,
      onRequest: (i) => called.add(`${i.method} ${new URL(i.url).pathname}`),
      ...extra,
    });

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'c2c-sdk-'));
    hub = await startHub({
      port: 0,
      databaseUrl: `sqlite:${join(dir, 'hub.sqlite')}`,
      seed: { learners: 120, services: SERVICES },
      rateLimitPerMinute: 0,
      logger: createLogger('silent'),
    });
    teacher = client(TEACHER);
  });
  after(async () => {
    await hub.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('me() says who the token belongs to', async () => {
    const me = await teacher.me();
    assert.equal(me.user.id, 'pri-millbrook-teacher');
    assert.equal(me.user.role, 'teacher');
    assert.equal(me.tokenKind, 'api-key');
  });

  it('requestIdOf gives the hub’s request id of a call that succeeded: a record, a page, an array', async () => {
    const ids: string[] = [];
    const c = client(TEACHER, { onResponse: (info) => info.requestId && ids.push(info.requestId) });
    const me = await c.me();
    const page = await c.learners.list({ limit: 2 });
    const templates = await c.templates.list();
    const [forMe, forPage, forTemplates] = [requestIdOf(me), requestIdOf(page), requestIdOf(templates)];
    // Each is the id the hub sent for that response, and no two responses share one.
    assert.deepEqual([forMe, forPage, forTemplates], ids);
    assert.equal(new Set(ids).size, 3);
    assert.ok(ids.every((id) => id.length > 0));
    // Not a field of the record: a copy, JSON or a spread carries none.
    assert.equal(requestIdOf({ ...me }), undefined);
    assert.ok(!JSON.stringify(me).includes(forMe!));
    assert.equal(requestIdOf(page.data[0]), undefined);
    assert.equal(requestIdOf(null), undefined);
  });

  it('organisations: list across pages and get', async () => {
    const all = await teacher.organisations.list({ limit: 5 }).toArray();
    assert.ok(all.length >= 16);
    assert.equal(new Set(all.map((o) => o.id)).size, all.length);
    const one = await teacher.organisations.get('pri-millbrook');
    assert.equal(one.name, 'Millbrook Primary School');
  });

  it('templates: list and get', async () => {
    const list = await teacher.templates.list();
    assert.ok(list.length >= 5);
    const t = await teacher.templates.get(list[0]!.id);
    assert.deepEqual(t, list[0]);
  });

  describe('services', () => {
    it('iterates every page of a search with for await', async () => {
      const ids: string[] = [];
      let pages = 0;
      for await (const page of createServicesClient({ baseUrl: hub.url }).search({ limit: 7 }).pages()) {
        pages++;
        ids.push(...page.data.map((s) => s.id));
      }
      assert.equal(ids.length, SERVICES);
      assert.equal(new Set(ids).size, SERVICES, 'no service twice');
      assert.equal(pages, Math.ceil(SERVICES / 7));
      const viaItems: string[] = [];
      for await (const s of teacher.services.search({ limit: 9 })) viaItems.push(s.id);
      assert.deepEqual(new Set(viaItems), new Set(ids));
    });

    it('get, taxonomies, filters and distance', async () => {
      const terms = await teacher.services.taxonomies();
      assert.ok(terms.length > 0);
      const first = (await teacher.services.search({ limit: 1 })).data[0]!;
      assert.equal((await teacher.services.get(first.id)).id, first.id);
      const term = terms.find((t) => t.id === first.taxonomyTerms[0]?.id) ?? terms[0]!;
      const filtered = await teacher.services.search({ taxonomy: term.id, limit: 100 }).toArray();
      assert.ok(filtered.length > 0 && filtered.every((s) => s.taxonomyTerms.some((t) => t.id === term.id)));
      const located = first.locations.find((l) => l.latitude !== undefined);
      if (located) {
        const near = await teacher.services.search({ lat: located.latitude!, lng: located.longitude!, limit: 5 });
        assert.equal(typeof near.data[0]!.distanceKm, 'number');
      }
    });

    it('NotFoundError for an unknown service', async () => {
      await assert.rejects(teacher.services.get('no-such-service'), NotFoundError);
    });
  });

  describe('learners and pathways', () => {
    it('list, get and create', async () => {
      const mine = await teacher.learners.list({ limit: 10 }).toArray();
      assert.ok(mine.length > 0 && mine.every((l) => l.organisationId === 'pri-millbrook'));
      const one = await teacher.learners.get(mine[0]!.id);
      assert.equal(one.id, mine[0]!.id);
      const { id: _id, upnTemporary: _t, ...input } = syntheticLearners(1, 4242)[0]!;
      const created = await teacher.learners.create({ ...input, organisationId: 'pri-millbrook' });
      assert.equal(created.legalSurname, input.legalSurname);
      assert.notEqual(created.id, _id);
    });

    it('searches by name in the request body, never in the URL, and pages through the matches', async () => {
      const sent: Array<{ method: string; url: string; body: string; key: string | null }> = [];
      const watched = client(TEACHER, {
        fetch: async (input) => {
          const request = input as Request;
          sent.push({
            method: request.method,
            url: request.url,
            body: await request.clone().text(),
            key: request.headers.get('idempotency-key'),
          });
          return fetch(request);
        },
      });
      const surname = (await teacher.learners.list({ limit: 1 })).data[0]!.legalSurname;
      const found = await watched.learners.list({ q: surname, limit: 1 }).toArray();
      assert.ok(found.length > 0 && found.every((l) => `${l.legalForename} ${l.legalSurname}`.includes(surname)));
      assert.equal(sent.length, found.length, 'one request per page of one');
      for (const r of sent) {
        assert.equal(r.method, 'POST');
        assert.equal(new URL(r.url).pathname, '/v1/learners/search');
        assert.equal(new URL(r.url).search, '');
        assert.ok(!r.url.includes(surname));
        assert.equal(JSON.parse(r.body).q, surname);
        assert.equal(r.key, null, 'a search carries no Idempotency-Key');
      }
      // Without q it is the plain list, by GET.
      sent.length = 0;
      await watched.learners.list({ limit: 2 });
      assert.equal(sent[0]!.method, 'GET');
    });

    it('pathway, events and milestones', async () => {
      const learner = (await teacher.learners.list({ limit: 1 })).data[0]!;
      const before = await teacher.pathways.get(learner.id);
      const event = await teacher.pathways.addEvent(learner.id, {
        kind: 'support',
        strand: 'achieving',
        date: '2026-10-01',
        title: 'Reading catch-up group',
      });
      assert.equal(event.learnerId, learner.id);
      const afterwards = await teacher.pathways.get(learner.id);
      assert.equal(afterwards.events.length, before.events.length + 1);
      const milestones = await teacher.pathways.milestones(learner.id);
      assert.ok(
        milestones.length >= 8 && milestones.every((m) => ['upcoming', 'due', 'done', 'overdue'].includes(m.state)),
      );
    });
  });

  describe('handovers', () => {
    let learnerId: string;
    let template: HandoverTemplate;
    before(async () => {
      const learners = await teacher.learners.list({ limit: 100 }).toArray();
      learnerId = learners.at(-1)!.id;
      template = (await teacher.templates.list()).find((t) => t.transition === 'y6-to-y7')!;
    });

    it('create, update, conflict, submit, receive, acknowledge, message, versions', async () => {
      const draft = await teacher.handovers.create({
        transition: 'y6-to-y7',
        learnerId,
        receivingOrganisationId: 'sec-brookfield-academy',
      });
      assert.equal(draft.status, 'draft');
      assert.equal(draft.version, 1);
      const v2 = await teacher.handovers.update(draft.id, 1, { sections: syntheticAnswers(template) });
      assert.equal(v2.version, 2);
      const stale = await teacher.handovers.update(draft.id, 1, { sections: {} }).catch((e: unknown) => e);
      assert.ok(stale instanceof ConflictError, String(stale));
      assert.equal(stale.currentVersion, 2);
      assert.equal(stale.current?.version, 2);
      assert.ok(stale.requestId);
      const submitted = await teacher.handovers.submit(draft.id, { version: 2 });
      assert.equal(submitted.status, 'submitted');

      const receiver = client(RECEIVER);
      const inbox = await receiver.handovers.list({ box: 'received', status: 'submitted', limit: 100 }).toArray();
      assert.ok(inbox.some((h) => h.id === draft.id));
      const acked = await receiver.handovers.acknowledge(draft.id, { message: 'Received, thank you.' });
      assert.equal(acked.status, 'acknowledged');
      const messaged = await teacher.handovers.addMessage(draft.id, 'She likes to sit near the door.');
      assert.equal(messaged.messages.at(-1)!.body, 'She likes to sit near the door.');
      const versions = await teacher.handovers.versions(draft.id);
      assert.deepEqual(versions.map((v) => v.status).slice(0, 3), ['draft', 'draft', 'submitted']);
    });

    it('acknowledges only the version the receiving school read, with a ConflictError holding the newer copy', async () => {
      const draft = await teacher.handovers.create({
        transition: 'y6-to-y7',
        learnerId,
        receivingOrganisationId: 'sec-brookfield-academy',
      });
      await teacher.handovers.update(draft.id, 1, { sections: syntheticAnswers(template) });
      const submitted = await teacher.handovers.submit(draft.id, { version: 2 });
      const receiver = client(RECEIVER);
      const read = await receiver.handovers.get(draft.id);
      assert.equal(read.version, submitted.version);
      // The sender amends the handover after the receiving school opened it.
      const amended = await teacher.handovers.update(draft.id, submitted.version, {
        sections: { strengths: { strengths: 'Amended after sending.' } },
      });
      const stale = await receiver.handovers
        .acknowledge(draft.id, {}, { version: read.version })
        .catch((e: unknown) => e);
      assert.ok(stale instanceof ConflictError, String(stale));
      assert.equal(stale.currentVersion, amended.version);
      assert.equal(stale.current?.sections.strengths?.strengths, 'Amended after sending.');
      const acked = await receiver.handovers.acknowledge(draft.id, {}, { version: amended.version });
      assert.equal(acked.status, 'acknowledged');
      assert.equal(acked.version, amended.version + 1);
    });

    it('acknowledges the version read after messages between the schools, which change nothing it read', async () => {
      const draft = await teacher.handovers.create({
        transition: 'y6-to-y7',
        learnerId,
        receivingOrganisationId: 'sec-brookfield-academy',
      });
      await teacher.handovers.update(draft.id, 1, { sections: syntheticAnswers(template) });
      await teacher.handovers.submit(draft.id, { version: 2 });
      const receiver = client(RECEIVER);
      const read = await receiver.handovers.get(draft.id);
      await receiver.handovers.addMessage(draft.id, 'Does he need a locker near the lift?');
      await teacher.handovers.addMessage(draft.id, 'Yes, please.');
      const acked = await receiver.handovers.acknowledge(draft.id, {}, { version: read.version });
      assert.equal(acked.status, 'acknowledged');
      assert.equal(acked.version, read.version + 3);
      const versions = await teacher.handovers.versions(draft.id);
      assert.equal(versions.at(-1)!.acknowledges, read.version, 'the history names the version acknowledged');
    });

    it('the receiving DSL confirms the child-protection file arrived', async () => {
      const sendingDsl = client('demo_pri-millbrook-dsl');
      const draft = await teacher.handovers.create({
        transition: 'y6-to-y7',
        learnerId,
        receivingOrganisationId: 'sec-brookfield-academy',
      });
      const flagged = await sendingDsl.handovers.update(draft.id, 1, {
        sections: syntheticAnswers(template),
        safeguardingTransferRequired: true,
        safeguarding: {
          cpFileExists: true,
          dslContacts: [],
          transfer: { method: 'secure-email', sentAt: '2026-07-01T09:00:00Z', sentBy: 'Dee Sutton' },
        },
      });
      await teacher.handovers.submit(draft.id, { version: flagged.version });
      const confirmed = await client('demo_sec-brookfield-academy-dsl').handovers.confirmSafeguardingReceipt(draft.id);
      assert.equal(confirmed.safeguarding?.transfer?.method, 'secure-email', 'the sender’s method is kept');
      assert.ok(confirmed.safeguarding?.transfer?.receiptConfirmedAt);
      const again = await client('demo_sec-brookfield-academy-dsl')
        .handovers.confirmSafeguardingReceipt(draft.id)
        .catch((e: unknown) => e);
      assert.ok(again instanceof ApiError && again.status === 409 && again.code === 'invalid_state', String(again));
    });

    it('concurrent edits: one wins, the other gets ConflictError with the current version', async () => {
      const draft = await teacher.handovers.create({
        transition: 'y6-to-y7',
        learnerId,
        receivingOrganisationId: null,
      });
      const other = client(TRANSITION);
      const results = await Promise.allSettled([
        teacher.handovers.update(draft.id, 1, { sections: { strengths: { strengths: 'Edit A' } } }),
        other.handovers.update(draft.id, 1, { sections: { strengths: { strengths: 'Edit B' } } }),
      ]);
      const won = results.filter((r) => r.status === 'fulfilled');
      const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      assert.equal(won.length, 1);
      assert.equal(lost.length, 1);
      const err = lost[0]!.reason as ConflictError;
      assert.ok(err instanceof ConflictError);
      assert.equal(err.currentVersion, 2);
      assert.equal(
        err.current?.sections.strengths?.strengths,
        (won[0] as PromiseFulfilledResult<Handover>).value.sections.strengths?.strengths,
      );
    });

    it('a create whose response is lost is retried with the same key: two requests, one handover', async () => {
      let posts = 0;
      let replayed: string | null = null;
      const lossy: typeof fetch = async (input, init) => {
        const res = await fetch(input, init);
        const method = input instanceof Request ? input.method : init?.method;
        if (method === 'POST') {
          posts++;
          // The hub did the work; the answer never reaches the caller.
          if (posts === 1) throw new TypeError('fetch failed: socket hang up');
          replayed = res.headers.get('idempotent-replayed');
        }
        return res;
      };
      const other = (await teacher.learners.list({ limit: 100 }).toArray()).at(-2)!.id;
      // The learner may already have handovers (the seed gives past moves theirs): only new ones count.
      const before = new Set(
        (await teacher.handovers.list({ learnerId: other, limit: 100 }).toArray()).map((x) => x.id),
      );
      const h = await client(TEACHER, { fetch: lossy }).handovers.create({
        transition: 'y6-to-y7',
        learnerId: other,
        receivingOrganisationId: null,
      });
      assert.equal(posts, 2);
      assert.equal(replayed, 'true');
      const sent = await teacher.handovers.list({ learnerId: other, limit: 100 }).toArray();
      assert.deepEqual(
        sent.map((x) => x.id).filter((id) => !before.has(id)),
        [h.id],
      );
    });

    it('a submit whose response is lost is retried: the hub replays, the handover is submitted once', async () => {
      const draft = await teacher.handovers.create({
        transition: 'y6-to-y7',
        learnerId,
        receivingOrganisationId: 'sec-brookfield-academy',
        sections: syntheticAnswers(template),
      });
      let submits = 0;
      const lossy: typeof fetch = async (input, init) => {
        const res = await fetch(input, init);
        const url = input instanceof Request ? input.url : String(input);
        if (url.endsWith('/submit') && ++submits === 1) throw new TypeError('fetch failed: connection reset');
        return res;
      };
      const submitted = await client(TEACHER, { fetch: lossy }).handovers.submit(draft.id);
      assert.equal(submits, 2);
      assert.equal(submitted.status, 'submitted');
      assert.equal(submitted.version, 2);
      const versions = await teacher.handovers.versions(draft.id);
      assert.equal(versions.filter((v) => v.status === 'submitted').length, 1);
    });

    it('two concurrent creates with one idempotency key make one handover', async () => {
      const { id: _id, upnTemporary: _t, ...fresh } = syntheticLearners(1, 777)[0]!;
      const learner = (await teacher.learners.create({ ...fresh, organisationId: 'pri-millbrook' })).id;
      const statuses: number[] = [];
      const c = client(TEACHER, { onResponse: (i) => statuses.push(i.status) });
      const input = { transition: 'y6-to-y7' as const, learnerId: learner, receivingOrganisationId: null };
      const [a, b] = await Promise.all([
        c.handovers.create(input, { idempotencyKey: `sync-${learner}` }),
        c.handovers.create(input, { idempotencyKey: `sync-${learner}` }),
      ]);
      assert.equal(a.id, b.id);
      // Whether the second arrived while the first was running (409, then a retry) or after it (a replay),
      // nothing failed and there is one handover.
      assert.ok(
        statuses.every((s) => s === 201 || s === 409),
        statuses.join(),
      );
      const sent = await teacher.handovers.list({ learnerId: learner, limit: 100 }).toArray();
      assert.deepEqual(
        sent.map((x) => x.id),
        [a.id],
      );
    });

    it('ValidationError lists what is missing before submission', async () => {
      const draft = await teacher.handovers.create({
        transition: 'y6-to-y7',
        learnerId,
        receivingOrganisationId: null,
      });
      const err = await teacher.handovers.submit(draft.id).catch((e: unknown) => e);
      assert.ok(err instanceof ValidationError, String(err));
      assert.ok(err.issues.some((i) => i.path === 'receivingOrganisationId'));
      assert.ok(err.detail.length > 0);
    });

    it('ForbiddenError when a teacher writes safeguarding details; NotFoundError across organisations', async () => {
      const draft = await teacher.handovers.create({
        transition: 'y6-to-y7',
        learnerId,
        receivingOrganisationId: null,
      });
      const err = await teacher.handovers
        .update(draft.id, 1, { safeguarding: { cpFileExists: false, dslContacts: [] } })
        .catch((e: unknown) => e);
      assert.ok(err instanceof ForbiddenError, String(err));
      await assert.rejects(client(RECEIVER).handovers.get(draft.id), NotFoundError);
    });

    it('a parent gets the parent view, which passes validation', async () => {
      const parent = client('demo_parent-demo');
      const child = (await parent.learners.list()).data[0]!;
      const school = client(`demo_${child.organisationId}-teacher`);
      const theirs =
        (await school.handovers.list({ learnerId: child.id, limit: 100 })).data[0] ??
        (await school.handovers.create({ transition: 'y6-to-y7', learnerId: child.id, receivingOrganisationId: null }));
      const view = await parent.handovers.get(theirs.id);
      assert.ok(isParentView(view));
      assert.equal(view.learner.legalForename, child.legalForename);
      assert.ok(Object.keys(view.sections).every((s) => s === 'pupil-voice' || s === 'family'));
      // Lists carry the same narrower view and must validate too (a page of parent views, not staff ones).
      const listed = await parent.handovers.list({ box: 'sent' });
      assert.ok(listed.data.some((h) => h.id === theirs.id));
      assert.ok(listed.data.every((h) => isParentView(h)));
    });
  });

  /** The teacher records, with consent, that a family (by reference) was sent to the first service. */
  const signpostFirstService = async (familyReference: string) => {
    const service = (await teacher.services.search({ limit: 1 })).data[0]!;
    const created = await teacher.signposting.create({
      kind: 'signposted',
      serviceId: service.id,
      familyReference,
      consent: { given: true, method: 'verbal' },
    });
    return { service, created };
  };

  it('signposting: delete when consent is withdrawn, safely retried after a lost answer', async () => {
    const { created } = await signpostFirstService('FAM-0099');
    // The hub deletes it but the answer is lost: the retry (same Idempotency-Key) is told it worked.
    let lost = 0;
    const flaky = client(TEACHER, {
      fetch: async (input) => {
        const response = await fetch(input as Request);
        if (lost++ === 0) throw new TypeError('network connection lost');
        return response;
      },
    });
    assert.equal(await flaky.signposting.delete(created.id), undefined);
    assert.equal(lost, 2, 'sent twice');
    const list = await teacher.signposting.list({ limit: 100 }).toArray();
    assert.ok(!list.some((s) => s.id === created.id));
    // A new delete (a new key) of a record that is gone is NotFoundError.
    await assert.rejects(teacher.signposting.delete(created.id), NotFoundError);
  });

  it('signposting: create and list', async () => {
    const { service, created } = await signpostFirstService('FAM-0042');
    assert.equal(created.serviceName, service.name);
    const list = await teacher.signposting.list({ limit: 100 }).toArray();
    assert.ok(list.some((s) => s.id === created.id));
  });

  it('audit: an admin reads who touched a learner; a teacher may not', async () => {
    const admin = client('demo_pri-millbrook-admin');
    const learner = (await teacher.learners.list({ limit: 1 })).data[0]!;
    await teacher.learners.get(learner.id);
    const entries = await admin.audit.list({ learnerId: learner.id, limit: 5 }).toArray(50);
    assert.ok(entries.length > 0);
    assert.ok(entries.every((e) => e.learnerId === learner.id && e.organisationId === 'pri-millbrook'));
    assert.ok(entries.some((e) => e.userId === 'pri-millbrook-teacher' && e.action === 'read'));
    await assert.rejects(teacher.audit.list(), ForbiddenError);
  });

  it('learners.export: an admin gets everything held about one learner, checked against the schema', async () => {
    const admin = client('demo_pri-millbrook-admin');
    const learner = (await teacher.learners.list({ limit: 1 })).data[0]!;
    const bundle = await admin.learners.export(learner.id);
    assert.equal(bundle.learner.id, learner.id);
    assert.equal(bundle.exportedBy, 'pri-millbrook-admin');
    assert.ok(bundle.handovers.every((h) => h.learnerId === learner.id && h.safeguarding === undefined));
    assert.ok(bundle.pathwayEvents.every((e) => e.learnerId === learner.id));
    await assert.rejects(teacher.learners.export(learner.id), ForbiddenError);
    await assert.rejects(client('demo_sec-brookfield-academy-admin').learners.export(learner.id), NotFoundError);
  });

  it('users: an admin lists, adds, promotes and disables people of their organisation; a teacher may not', async () => {
    const admin = client('demo_pri-millbrook-admin');
    const people = await admin.users.list({ limit: 3 }).toArray(500);
    assert.ok(people.length > 3, 'auto-paginates past the first page');
    assert.ok(people.every((u) => u.organisationId === 'pri-millbrook'));
    await assert.rejects(teacher.users.list(), ForbiddenError);
    const added = await admin.users.create({ name: 'Gwen Price', email: 'gwen.price@example.org', role: 'teacher' });
    assert.equal(added.organisationId, 'pri-millbrook');
    const promoted = await admin.users.update(added.id, { role: 'transition-lead' });
    assert.equal(promoted.role, 'transition-lead');
    const disabled = await admin.users.update(added.id, { disabled: true });
    assert.equal(disabled.disabled, true);
    await assert.rejects(admin.users.update('sec-brookfield-academy-teacher', { disabled: true }), NotFoundError);
  });

  it('organisations: the administrator sets and clears its own retention periods; others may not', async () => {
    const admin = client('demo_pri-millbrook-admin');
    const before = await admin.organisations.retention('pri-millbrook');
    assert.deepEqual(before.overrides, {});
    const set = await admin.organisations.updateRetention('pri-millbrook', { learnerYears: 50 });
    assert.equal(set.effective.learnerYears, 50);
    assert.equal(set.effective.draftDays, before.effective.draftDays);
    const refused = await admin.organisations.updateRetention('pri-millbrook', { learnerYears: 5 }).catch((e) => e);
    assert.ok(refused instanceof ValidationError);
    assert.deepEqual(
      refused.issues.map((e: { path: string }) => e.path),
      ['learnerYears'],
    );
    await assert.rejects(teacher.organisations.retention('pri-millbrook'), ForbiddenError);
    await assert.rejects(
      client('demo_pri-millbrook-dsl').organisations.updateRetention('pri-millbrook', { learnerYears: 60 }),
      ForbiddenError,
    );
    const cleared = await admin.organisations.updateRetention('pri-millbrook', { learnerYears: null });
    assert.deepEqual(cleared.overrides, {});
  });

  describe('auth', () => {
    it('calls getToken again after a 401 and retries once with the new token', async () => {
      const calls: boolean[] = [];
      const c = createClient({
        baseUrl: hub.url,
        getToken: ({ refresh }) => (calls.push(refresh), refresh ? TEACHER : 'demo_expired-or-wrong'),
      });
      const me = await c.me();
      assert.equal(me.user.id, 'pri-millbrook-teacher');
      assert.deepEqual(calls, [false, true]);
    });

    it('a write refused with 401 is retried with the refreshed token and the same idempotency key', async () => {
      const keys: Array<string | null> = [];
      const spy: typeof fetch = async (input, init) => {
        const req = new Request(input, init);
        keys.push(req.headers.get('idempotency-key'));
        return fetch(req);
      };
      let refreshes = 0;
      const c = createClient({
        baseUrl: hub.url,
        fetch: spy,
        getToken: ({ refresh }) => (refresh ? (refreshes++, TEACHER) : 'demo_expired'),
      });
      const learner = (await teacher.learners.list({ limit: 1 })).data[0]!;
      const event = await c.pathways.addEvent(learner.id, {
        kind: 'note',
        strand: 'healthy',
        date: '2026-11-01',
        title: 'Hearing test booked',
      });
      assert.equal(event.title, 'Hearing test booked');
      assert.equal(refreshes, 1);
      assert.equal(keys.length, 2);
      assert.equal(keys[0], keys[1]);
    });

    it('AuthError, with the hub’s own words, when no token works', async () => {
      const err = await client('demo_nobody')
        .me()
        .catch((e: unknown) => e);
      assert.ok(err instanceof AuthError);
      assert.equal(err.status, 401);
      assert.ok(err.detail.length > 10);
      assert.ok(err.requestId);
    });
  });

  describe('ORUK reader against the hub’s /oruk endpoints', () => {
    it('reads every page into services, matching the hub’s own API', async () => {
      const reader = createOrukReader(`${hub.url}/oruk`);
      const first = await reader.search({ perPage: 8 });
      assert.equal(first.totalItems, SERVICES);
      assert.equal(first.totalPages, Math.ceil(SERVICES / 8));
      assert.deepEqual(first.problems, []);
      const names: string[] = [];
      for await (const s of reader.all({ perPage: 8 })) names.push(s.name);
      assert.equal(names.length, SERVICES);
      const viaApi = await teacher.services.get(first.data[0]!.id);
      const { service } = await reader.get(first.data[0]!.id);
      assert.equal(service.name, viaApi.name);
      assert.deepEqual(
        service.taxonomyTerms.map((t) => t.id),
        viaApi.taxonomyTerms.map((t) => t.id),
      );
      const terms = await reader.taxonomies();
      assert.ok(terms.length > 0);
    });

    it('search and filters go through as ORUK parameters', async () => {
      const reader = createOrukReader(`${hub.url}/oruk`);
      const some = (await reader.search({ perPage: 100 })).data;
      const term = some[0]!.taxonomyTerms[0]!;
      const byTerm = await reader.search({ taxonomy: term.id, perPage: 100 });
      assert.ok(byTerm.data.length > 0);
      assert.ok(byTerm.data.every((s) => s.taxonomyTerms.some((t) => t.id === term.id)));
      const forSeven = await reader.search({ age: 7, perPage: 100 });
      assert.ok(forSeven.data.every((s) => (s.minimumAge ?? 0) <= 7 && (s.maximumAge ?? 200) >= 7));
    });
  });

  it('every method and path the SDK called is in the hub’s OpenAPI document (contract)', async () => {
    const doc = (await (await fetch(`${hub.url}/v1/openapi.json`)).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    const routes = Object.entries(doc.paths).flatMap(([template, ops]) =>
      Object.keys(ops).map((m) => ({
        method: m.toUpperCase(),
        re: new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`),
      })),
    );
    // Nearly every resource method ran above; the contract covers exactly what was sent.
    assert.ok(called.size >= 20, `only ${called.size} distinct calls`);
    const missing = [...called].filter((c) => {
      const [method, path] = c.split(' ') as [string, string];
      return !routes.some((r) => r.method === method && r.re.test(path));
    });
    assert.deepEqual(missing, []);
  });
});

describe('@c2c/sdk against a rate-limited hub', () => {
  it('throws RateLimitError with retryAfterMs when the hub’s Retry-After is over the cap', async () => {
    const hub = await startHub({
      port: 0,
      databaseUrl: 'sqlite::memory:',
      seed: { learners: 10, services: 5 },
      rateLimitPerMinute: 2,
      logger: createLogger('silent'),
    });
    try {
      const c = createClient({ baseUrl: hub.url, token: TEACHER, maxRetryAfterMs: 200 });
      let err: unknown;
      let calls = 0;
      // The hub allows a burst (ten seconds' worth, at least 10) before it starts refusing.
      while (!err && calls < 30) {
        calls++;
        err = await c.me().then(
          () => undefined,
          (e: unknown) => e,
        );
      }
      assert.ok(calls > 2 && calls < 30);
      assert.ok(err instanceof RateLimitError, String(err));
      assert.equal(err.code, 'rate_limited');
      assert.ok(err.retryAfterMs !== undefined && err.retryAfterMs > 200);
    } finally {
      await hub.close();
    }
  });
});
