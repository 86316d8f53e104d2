import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  LearnerExportSchema,
  OrganisationSchema,
  PathwaySchema,
  ProblemSchema,
  SignpostingSchema,
  UserSchema,
  pageOf,
  type Organisation,
  type Problem,
} from '@c2c/schema';
import { createHub, createLogger, issueToken, type Hub } from '../src/index.js';
import { newLearner, record } from './helpers.js';

/**
 * Who may do what, route by route (OWASP ASVS 8.2.1, 8.2.2, 8.2.3, 8.4.1): every operation in the hub's OpenAPI
 * document, called by every kind of caller, answers as docs/hub-api.md says. The callers are each role of the school
 * that owns the records (Millbrook), a parent of the child, the three kinds of worker (no consent recorded, so no link
 * to the child), the school a handover was submitted to (Brookfield Academy), a school with no link (Hillcrest, which
 * a draft is addressed to but was never sent), and four callers who are not signed in: no token, an unknown one, an
 * expired one and a disabled user's. The table must name every operation, so a route cannot be added without saying
 * who may use it.
 *
 * Each caller works on its own copy of one seeded database, so what one caller may change (submit a draft, say)
 * does not change what the next is answered. SQLite only: the copy is a file copy, and the rules under test are the
 * hub's own code, which the PostgreSQL runs of the API suite cover too.
 */

const PRI = 'pri-millbrook';
const SEC = 'sec-brookfield-academy';
const OTHER = 'pri-hillcrest';

const CALLERS = [
  'anonymous',
  'unknown-token',
  'expired-token',
  'disabled-user',
  'teacher',
  'senco',
  'dsl',
  'transition-lead',
  'admin',
  'parent',
  'youth-worker',
  'family-worker',
  'social-worker',
  'receiving-teacher',
  'receiving-dsl',
  'receiving-admin',
  'other-teacher',
  'other-dsl',
  'other-admin',
] as const;
type Who = (typeof CALLERS)[number];

/** The user each signed-in caller is (the demo keys are `demo_<userId>`). */
const USER: Partial<Record<Who, string>> = {
  teacher: `${PRI}-teacher`,
  senco: `${PRI}-senco`,
  dsl: `${PRI}-dsl`,
  'transition-lead': `${PRI}-transition`,
  admin: `${PRI}-admin`,
  parent: 'parent-demo',
  'youth-worker': 'youth-hub-worker',
  'family-worker': 'vol-family-support-worker',
  'social-worker': 'csc-brookfield-worker',
  'receiving-teacher': `${SEC}-teacher`,
  'receiving-dsl': `${SEC}-dsl`,
  'receiving-admin': `${SEC}-admin`,
  'other-teacher': `${OTHER}-teacher`,
  'other-dsl': `${OTHER}-dsl`,
  'other-admin': `${OTHER}-admin`,
};

const NOT_SIGNED_IN: readonly Who[] = ['anonymous', 'unknown-token', 'expired-token', 'disabled-user'];
const SENDING: readonly Who[] = ['teacher', 'senco', 'dsl', 'transition-lead', 'admin'];
const RECEIVING: readonly Who[] = ['receiving-teacher', 'receiving-dsl', 'receiving-admin'];
const OTHER_SCHOOL: readonly Who[] = ['other-teacher', 'other-dsl', 'other-admin'];
const WORKERS: readonly Who[] = ['youth-worker', 'family-worker', 'social-worker'];
const SIGNED_IN = CALLERS.filter((w) => !NOT_SIGNED_IN.includes(w));
const DSLS: readonly Who[] = ['dsl', 'receiving-dsl', 'other-dsl'];

/** The records the table refers to, found in the seeded data before the callers start. */
interface Fixture {
  /** The parent's child, a Millbrook learner whose handover (with a safeguarding record) went to Brookfield. */
  learner: string;
  /** That handover, submitted. */
  handover: string;
  /**
   * The same child's handover from Millbrook to Millbrook itself (Year 2 to Year 3 in one all-through primary),
   * submitted, with a child-protection file sent and not yet confirmed.
   */
  selfAddressed: string;
  /** A Millbrook draft addressed to Hillcrest, never sent. */
  draft: string;
  /** The learner the draft is about. */
  draftLearner: string;
  /** Another Millbrook learner with no handover in progress, for a new one. */
  otherLearner: string;
  /** A signposting record Millbrook's teacher made (about a family, no learner). */
  signposting: string;
  templateId: string;
  serviceId: string;
  serviceAtLocationId: string;
  taxonomyId: string;
  taxonomyTermId: string;
}

/** One operation called by every caller: `expect` gives the status each must get. */
interface Case {
  /** `METHOD /path/:pattern` as the OpenAPI document names the operation. */
  operation: string;
  url: (f: Fixture) => string;
  body?: (f: Fixture) => unknown;
  /** Sends the handover's current version as If-Match. */
  ifMatch?: (f: Fixture) => string;
  expect: (who: Who) => number;
  /** A further check of a successful answer (field-level rules). */
  check?: (who: Who, json: unknown) => void;
  /** The learner a successful answer is about: it must leave an audit line by the caller naming them. */
  audited?: (f: Fixture) => string;
}

/** The status `who` gets: `ok` for the callers listed, `otherwise` for other signed-in callers, 401 when not signed in. */
const only =
  (ok: number, allowed: readonly Who[], otherwise: number | ((who: Who) => number)) =>
  (who: Who): number =>
    NOT_SIGNED_IN.includes(who)
      ? 401
      : allowed.includes(who)
        ? ok
        : typeof otherwise === 'number'
          ? otherwise
          : otherwise(who);

/** Public: everyone, but a token sent must still be a good one. */
const publicRoute = (who: Who) => (who === 'anonymous' || !NOT_SIGNED_IN.includes(who) ? 200 : 401);

const hasSafeguarding = (json: unknown) => 'safeguarding' in record(json);

/** The organisation whose administrator `who` is. */
const ADMIN_OF: Partial<Record<Who, string>> = { admin: PRI, 'receiving-admin': SEC, 'other-admin': OTHER };

/**
 * An organisation's allowed websites go to its own administrators only (every seeded organisation has some); anyone
 * else gets an empty list.
 */
const allowedOriginsFor = (who: Who, org: Organisation) =>
  ADMIN_OF[who] === org.id
    ? assert.ok(org.allowedOrigins.length > 0, `${who} sees ${org.id}'s own allowed websites`)
    : assert.deepEqual(org.allowedOrigins, [], `${who} is not sent ${org.id}'s allowed websites`);

const CASES: Case[] = [
  // ---------------------------------------------------------------- public
  { operation: 'GET /healthz', url: () => '/healthz', expect: publicRoute },
  { operation: 'GET /readyz', url: () => '/readyz', expect: publicRoute },
  { operation: 'GET /v1/openapi.json', url: () => '/v1/openapi.json', expect: publicRoute },
  { operation: 'GET /v1/services', url: () => '/v1/services?limit=1', expect: publicRoute },
  { operation: 'GET /v1/services/:id', url: (f) => `/v1/services/${f.serviceId}`, expect: publicRoute },
  { operation: 'GET /v1/taxonomies', url: () => '/v1/taxonomies', expect: publicRoute },
  { operation: 'GET /oruk', url: () => '/oruk', expect: publicRoute },
  { operation: 'GET /oruk/services', url: () => '/oruk/services?per_page=1', expect: publicRoute },
  { operation: 'GET /oruk/services/:id', url: (f) => `/oruk/services/${f.serviceId}`, expect: publicRoute },
  {
    operation: 'GET /oruk/service_at_locations',
    url: () => '/oruk/service_at_locations?per_page=1',
    expect: publicRoute,
  },
  {
    operation: 'GET /oruk/service_at_locations/:id',
    url: (f) => `/oruk/service_at_locations/${encodeURIComponent(f.serviceAtLocationId)}`,
    expect: publicRoute,
  },
  { operation: 'GET /oruk/taxonomies', url: () => '/oruk/taxonomies', expect: publicRoute },
  { operation: 'GET /oruk/taxonomies/:id', url: (f) => `/oruk/taxonomies/${f.taxonomyId}`, expect: publicRoute },
  { operation: 'GET /oruk/taxonomy_terms', url: () => '/oruk/taxonomy_terms?per_page=1', expect: publicRoute },
  {
    operation: 'GET /oruk/taxonomy_terms/:id',
    url: (f) => `/oruk/taxonomy_terms/${encodeURIComponent(f.taxonomyTermId)}`,
    expect: publicRoute,
  },
  // ---------------------------------------------------------------- any token
  { operation: 'GET /v1/me', url: () => '/v1/me', expect: only(200, SIGNED_IN, 0) },
  {
    operation: 'GET /v1/organisations',
    url: () => '/v1/organisations?limit=100',
    expect: only(200, SIGNED_IN, 0),
    check: (who, json) => {
      const { data } = pageOf(OrganisationSchema).parse(json);
      assert.ok(data.some((o) => o.id === PRI) && data.some((o) => o.id === SEC), 'the page has the schools');
      for (const o of data) allowedOriginsFor(who, o);
    },
  },
  {
    operation: 'GET /v1/organisations/:id',
    url: () => `/v1/organisations/${PRI}`,
    expect: only(200, SIGNED_IN, 0),
    check: (who, json) => allowedOriginsFor(who, OrganisationSchema.parse(json)),
  },
  { operation: 'GET /v1/templates', url: () => '/v1/templates', expect: only(200, SIGNED_IN, 0) },
  {
    operation: 'GET /v1/templates/:id',
    url: (f) => `/v1/templates/${f.templateId}`,
    expect: only(200, SIGNED_IN, 0),
  },
  // ---------------------------------------------------------------- the organisation's own settings
  {
    operation: 'GET /v1/organisations/:id/retention',
    url: () => `/v1/organisations/${PRI}/retention`,
    expect: only(200, ['admin', 'dsl'], 403),
  },
  // ---------------------------------------------------------------- learners
  {
    operation: 'GET /v1/learners',
    url: () => '/v1/learners?limit=5',
    expect: only(200, [...SENDING, ...RECEIVING, ...OTHER_SCHOOL, 'parent'], 403),
    check: (who, json) => {
      const { data } = record(json);
      // Each organisation's own learners, a parent their own child only.
      for (const l of data as Array<{ id: string; organisationId: string }>) {
        if (who === 'parent') assert.equal(l.id, FIXTURE.learner);
        else assert.equal(l.organisationId, RECEIVING.includes(who) ? SEC : OTHER_SCHOOL.includes(who) ? OTHER : PRI);
      }
    },
  },
  {
    operation: 'POST /v1/learners/search',
    url: () => '/v1/learners/search',
    body: () => ({ q: 'a', limit: 5 }),
    expect: only(200, [...SENDING, ...RECEIVING, ...OTHER_SCHOOL, 'parent'], 403),
  },
  {
    operation: 'GET /v1/learners/:id',
    url: (f) => `/v1/learners/${f.learner}`,
    expect: only(200, [...SENDING, ...RECEIVING, 'parent'], 404),
    check: (who, json) => {
      // A parent is not sent the child's contacts (other people's details).
      if (who === 'parent') assert.deepEqual(record(json).contacts, []);
    },
    audited: (f) => f.learner,
  },
  {
    operation: 'GET /v1/learners/:id/export',
    url: (f) => `/v1/learners/${f.learner}/export`,
    expect: only(200, ['admin', 'dsl', 'receiving-admin', 'receiving-dsl'], (w) =>
      w === 'other-dsl' || w === 'other-admin' ? 404 : 403,
    ),
    check: (who, json) => {
      const { handovers } = LearnerExportSchema.parse(json);
      for (const h of handovers) assert.equal('safeguarding' in h, DSLS.includes(who), `${who}: safeguarding`);
    },
    audited: (f) => f.learner,
  },
  {
    operation: 'GET /v1/learners/:id/pathway',
    url: (f) => `/v1/learners/${f.learner}/pathway`,
    expect: only(200, [...SENDING, ...RECEIVING, 'parent'], 404),
    check: (who, json) => {
      const safe = PathwaySchema.parse(json).events.filter((e) => e.strand === 'safe');
      if (!DSLS.includes(who)) assert.equal(safe.length, 0, `${who} is sent no safe-strand event`);
    },
    audited: (f) => f.learner,
  },
  {
    operation: 'GET /v1/learners/:id/milestones',
    url: (f) => `/v1/learners/${f.learner}/milestones`,
    expect: only(200, [...SENDING, ...RECEIVING, 'parent'], 404),
    audited: (f) => f.learner,
  },
  // ---------------------------------------------------------------- handovers (reads)
  {
    operation: 'GET /v1/handovers',
    url: () => '/v1/handovers?limit=100',
    expect: only(200, [...SENDING, ...RECEIVING, ...OTHER_SCHOOL, 'parent'], 403),
    check: (who, json) => {
      const { data } = record(json);
      for (const h of data as Array<{ sendingOrganisationId: string; learnerId: string }>) {
        if (who === 'parent') assert.equal(h.learnerId, FIXTURE.learner);
        else if (SENDING.includes(who)) assert.equal(h.sendingOrganisationId, PRI);
      }
      if (!DSLS.includes(who)) assert.ok(!(data as unknown[]).some(hasSafeguarding), `${who}: no safeguarding`);
    },
  },
  {
    operation: 'GET /v1/handovers/:id',
    url: (f) => `/v1/handovers/${f.handover}`,
    expect: only(200, [...SENDING, ...RECEIVING, 'parent'], 404),
    check: (who, json) => {
      const h = record(json);
      assert.equal('safeguarding' in h, who === 'dsl' || who === 'receiving-dsl', `${who}: safeguarding`);
      if (who === 'parent') {
        for (const field of ['safeguardingTransferRequired', 'messages', 'acknowledgedBy'])
          assert.ok(!(field in h), `a parent is not sent ${field}`);
        for (const section of Object.keys(record(h.sections)))
          assert.ok(['family', 'pupil-voice'].includes(section), `a parent is not sent ${section}`);
      }
    },
    audited: (f) => f.learner,
  },
  {
    operation: 'GET /v1/handovers/:id',
    url: (f) => `/v1/handovers/${f.draft}`,
    // A draft is the sending school's own: not even the school it is addressed to sees it yet.
    expect: only(200, SENDING, 404),
    audited: (f) => f.draftLearner,
  },
  {
    operation: 'GET /v1/handovers/:id/versions',
    url: (f) => `/v1/handovers/${f.handover}/versions`,
    expect: only(200, [...SENDING, ...RECEIVING], (w) => (w === 'parent' ? 403 : 404)),
    audited: (f) => f.learner,
  },
  // ---------------------------------------------------------------- signposting, audit, users (reads)
  {
    operation: 'GET /v1/signposting',
    url: () => '/v1/signposting',
    expect: only(
      200,
      SIGNED_IN.filter((w) => w !== 'parent'),
      403,
    ),
    check: (who, json) => {
      // Each organisation's own records only.
      const { data } = pageOf(SignpostingSchema).parse(json);
      const own = SENDING.includes(who) ? PRI : undefined;
      for (const s of data) assert.equal(s.organisationId, own ?? s.organisationId);
      if (!SENDING.includes(who)) assert.ok(!data.some((s) => s.organisationId === PRI), `${who}: none of Millbrook's`);
    },
  },
  {
    operation: 'GET /v1/audit',
    url: () => '/v1/audit',
    expect: only(200, ['admin', 'receiving-admin', 'other-admin'], 403),
  },
  {
    operation: 'GET /v1/users',
    url: () => '/v1/users',
    expect: only(200, ['admin', 'receiving-admin', 'other-admin'], 403),
    check: (who, json) => {
      const org = who === 'admin' ? PRI : who === 'receiving-admin' ? SEC : OTHER;
      for (const u of pageOf(UserSchema).parse(json).data) assert.equal(u.organisationId, org);
    },
  },
  // ---------------------------------------------------------------- handovers (writes, in an order that works)
  {
    operation: 'PATCH /v1/handovers/:id',
    url: (f) => `/v1/handovers/${f.draft}`,
    body: () => ({ sections: { strengths: { strengths: 'Curious' } } }),
    ifMatch: (f) => f.draft,
    expect: only(200, SENDING, 404),
  },
  {
    operation: 'PATCH /v1/handovers/:id',
    url: (f) => `/v1/handovers/${f.handover}`,
    body: () => ({ sections: { family: {} } }),
    ifMatch: (f) => f.handover,
    // A parent may add to their two sections; the receiving school changes nothing.
    expect: only(200, [...SENDING, 'parent'], (w) => (RECEIVING.includes(w) ? 403 : 404)),
  },
  {
    operation: 'PATCH /v1/handovers/:id',
    url: (f) => `/v1/handovers/${f.handover}`,
    body: () => ({ safeguarding: { cpFileExists: true, dslContacts: [] } }),
    ifMatch: (f) => f.handover,
    expect: only(200, ['dsl'], (w) => (w === 'parent' || SENDING.includes(w) || RECEIVING.includes(w) ? 403 : 404)),
  },
  {
    operation: 'POST /v1/handovers/:id/messages',
    url: (f) => `/v1/handovers/${f.handover}/messages`,
    body: () => ({ body: 'When is the transition day?' }),
    expect: only(200, [...SENDING, ...RECEIVING], (w) => (w === 'parent' ? 403 : 404)),
    audited: (f) => f.learner,
  },
  {
    operation: 'POST /v1/handovers/:id/acknowledge',
    url: (f) => `/v1/handovers/${f.handover}/acknowledge`,
    body: () => ({}),
    expect: only(200, RECEIVING, (w) => (w === 'parent' || SENDING.includes(w) ? 403 : 404)),
    audited: (f) => f.learner,
  },
  {
    // Sent to itself, the school is the receiving school too: any of its handover staff acknowledges.
    operation: 'POST /v1/handovers/:id/acknowledge',
    url: (f) => `/v1/handovers/${f.selfAddressed}/acknowledge`,
    body: () => ({}),
    expect: only(200, SENDING, (w) => (w === 'parent' ? 403 : 404)),
    audited: (f) => f.learner,
  },
  {
    operation: 'POST /v1/handovers/:id/safeguarding-receipt',
    url: (f) => `/v1/handovers/${f.selfAddressed}/safeguarding-receipt`,
    body: () => ({}),
    expect: only(200, ['dsl'], (w) => (w === 'parent' || SENDING.includes(w) ? 403 : 404)),
    audited: (f) => f.learner,
  },
  {
    operation: 'POST /v1/handovers/:id/safeguarding-receipt',
    url: (f) => `/v1/handovers/${f.handover}/safeguarding-receipt`,
    body: () => ({ method: 'secure-email' }),
    expect: only(200, ['receiving-dsl'], (w) =>
      w === 'parent' || SENDING.includes(w) || RECEIVING.includes(w) ? 403 : 404,
    ),
    audited: (f) => f.learner,
  },
  {
    operation: 'POST /v1/handovers/:id/submit',
    url: (f) => `/v1/handovers/${f.draft}/submit`,
    expect: only(200, SENDING, 404),
    audited: (f) => f.draftLearner,
  },
  {
    operation: 'POST /v1/handovers',
    url: () => '/v1/handovers',
    body: (f) => ({ transition: 'y6-to-y7', learnerId: f.otherLearner, receivingOrganisationId: SEC }),
    expect: only(201, SENDING, (w) => (w === 'parent' || WORKERS.includes(w) ? 403 : 404)),
    audited: (f) => f.otherLearner,
  },
  // ---------------------------------------------------------------- learners and pathways (writes)
  {
    operation: 'POST /v1/learners',
    url: () => '/v1/learners',
    body: () => newLearner({}, PRI),
    // Staff, into their own organisation only.
    expect: only(201, SENDING, 403),
  },
  {
    operation: 'POST /v1/learners/:id/pathway/events',
    url: (f) => `/v1/learners/${f.learner}/pathway/events`,
    body: () => ({ kind: 'note', strand: 'achieving', date: '2026-02-10', title: 'Settled well' }),
    expect: only(201, [...SENDING, ...RECEIVING], (w) => (w === 'parent' ? 403 : 404)),
    audited: (f) => f.learner,
  },
  {
    operation: 'POST /v1/learners/:id/pathway/events',
    url: (f) => `/v1/learners/${f.learner}/pathway/events`,
    body: () => ({ kind: 'note', strand: 'safe', date: '2026-02-10', title: 'Early help plan' }),
    expect: only(201, ['dsl', 'receiving-dsl'], (w) =>
      w === 'parent' || SENDING.includes(w) || RECEIVING.includes(w) ? 403 : 404,
    ),
    audited: (f) => f.learner,
  },
  // ---------------------------------------------------------------- signposting (writes)
  {
    operation: 'POST /v1/signposting',
    url: () => '/v1/signposting',
    body: (f) => ({
      kind: 'signposted',
      serviceId: f.serviceId,
      learnerId: f.learner,
      consent: { given: true, method: 'verbal' },
    }),
    // Naming a learner takes being able to read them.
    expect: only(201, [...SENDING, ...RECEIVING], (w) => (w === 'parent' ? 403 : 404)),
    audited: (f) => f.learner,
  },
  {
    operation: 'POST /v1/signposting',
    url: () => '/v1/signposting',
    body: (f) => ({
      kind: 'signposted',
      serviceId: f.serviceId,
      familyReference: 'FAM-TEST',
      consent: { given: true, method: 'verbal' },
    }),
    expect: only(
      201,
      SIGNED_IN.filter((w) => w !== 'parent'),
      403,
    ),
  },
  {
    operation: 'DELETE /v1/signposting/:id',
    url: (f) => `/v1/signposting/${f.signposting}`,
    // Anyone but the organisation that recorded it: as if there were no such record.
    expect: only(204, SENDING, 404),
  },
  // ---------------------------------------------------------------- administration (writes)
  {
    operation: 'PATCH /v1/organisations/:id/retention',
    url: () => `/v1/organisations/${PRI}/retention`,
    body: () => ({ draftDays: 400 }),
    expect: only(200, ['admin'], 403),
  },
  {
    operation: 'POST /v1/tokens',
    url: () => '/v1/tokens',
    body: () => ({ userId: `${PRI}-teacher`, kind: 'session' }),
    expect: only(201, ['admin'], (w) => (w === 'receiving-admin' || w === 'other-admin' ? 404 : 403)),
  },
  {
    operation: 'POST /v1/tokens',
    url: () => '/v1/tokens',
    // A DSL's token reads safeguarding records as them: only they renew their own session.
    body: () => ({ userId: `${PRI}-dsl`, kind: 'session' }),
    expect: only(201, ['dsl'], (w) => (w === 'receiving-admin' || w === 'other-admin' ? 404 : 403)),
  },
  {
    operation: 'POST /v1/tokens',
    url: () => '/v1/tokens',
    // A parent's own token never makes another, least of all a year-long key: only their school's administrator
    // issues one (audited against each child).
    body: () => ({ userId: 'parent-demo', kind: 'api-key' }),
    expect: only(201, ['admin'], (w) => (w === 'receiving-admin' || w === 'other-admin' ? 404 : 403)),
  },
  {
    operation: 'POST /v1/users',
    url: () => '/v1/users',
    body: () => ({ name: 'New Colleague', email: 'new.colleague@example.org', role: 'teacher' }),
    // Each administrator into their own organisation.
    expect: only(201, ['admin', 'receiving-admin', 'other-admin'], 403),
  },
  {
    operation: 'PATCH /v1/users/:id',
    url: () => `/v1/users/${PRI}-teacher`,
    body: () => ({ name: 'Renamed Teacher' }),
    expect: only(200, ['admin'], (w) => (w === 'receiving-admin' || w === 'other-admin' ? 404 : 403)),
  },
];

let FIXTURE: Fixture;

describe('who may call each route (the authorisation matrix)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'c2c-hub-matrix-'));
  const template = join(dir, 'template.sqlite');
  const tokens: Partial<Record<Who, string>> = {};
  let operations: string[] = [];

  const open = (file: string, seed: boolean) =>
    createHub({
      databaseUrl: `sqlite:${file}`,
      seed,
      logger: createLogger('silent'),
      rateLimitPerMinute: 0,
      retention: { mode: 'off' },
      now: new Date('2026-03-02T10:00:00Z'),
    });

  before(async () => {
    const hub = await open(template, true);
    const as = (userId: string) => ({ authorization: `Bearer demo_${userId}` });
    const json = async (r: Response) => record(await r.json());
    const me = await json(await hub.app.request('/v1/me', { headers: as('parent-demo') }));
    const learner = (record(me.user).learnerIds as string[])[0]!;
    const sent = (await json(await hub.app.request(`/v1/handovers?limit=100`, { headers: as(`${PRI}-dsl`) })))
      .data as Array<{ id: string; learnerId: string; status: string; receivingOrganisationId: string | null }>;
    const handover = sent.find((h) => h.learnerId === learner && h.status === 'submitted');
    const draft = sent.find((h) => h.status === 'draft' && h.receivingOrganisationId === OTHER);
    assert.ok(handover && draft, 'the seeded data has the submitted handover and the draft the table needs');
    // Put in as a record the seed could hold: the API's way to it (a draft, its answers, a submission) is not under test.
    const seeded = (await hub.store.handover(handover.id))!;
    const selfAddressed = `${handover.id}-self`;
    await hub.store.insertHandovers(
      [
        {
          ...seeded,
          id: selfAddressed,
          version: 1,
          transition: 'infant-to-junior',
          templateId: 'std-infant-to-junior',
          receivingOrganisationId: PRI,
          safeguardingTransferRequired: true,
          safeguarding: {
            cpFileExists: true,
            dslContacts: [],
            transfer: { method: 'hand-delivered', sentAt: '2026-02-27T09:00:00.000Z' },
          },
        },
      ],
      'matrix',
    );
    const mine = (await json(await hub.app.request('/v1/learners?limit=100', { headers: as(`${PRI}-teacher`) })))
      .data as Array<{ id: string }>;
    const busy = new Set(sent.map((h) => h.learnerId));
    const otherLearner = mine.find((l) => !busy.has(l.id))!.id;
    const service = ((await json(await hub.app.request('/v1/services?limit=1'))).data as Array<{ id: string }>)[0]!;
    const sal = (await json(await hub.app.request('/oruk/service_at_locations?per_page=1'))).contents as Array<{
      id: string;
    }>;
    const taxonomy = ((await json(await hub.app.request('/oruk/taxonomies'))).contents as Array<{ id: string }>)[0]!;
    const term = (
      (await json(await hub.app.request('/oruk/taxonomy_terms?per_page=1'))).contents as Array<{ id: string }>
    )[0]!;
    const template0 = (
      (await json(await hub.app.request('/v1/templates', { headers: as(`${PRI}-teacher`) }))).data as Array<{
        id: string;
      }>
    )[0]!;
    const signposted = await hub.app.request('/v1/signposting', {
      method: 'POST',
      headers: { ...as(`${PRI}-teacher`), 'content-type': 'application/json' },
      body: JSON.stringify({
        kind: 'signposted',
        serviceId: service.id,
        familyReference: 'FAM-MATRIX',
        consent: { given: true, method: 'verbal' },
      }),
    });
    assert.equal(signposted.status, 201);
    FIXTURE = {
      learner,
      handover: handover.id,
      selfAddressed,
      draft: draft.id,
      draftLearner: draft.learnerId,
      otherLearner,
      signposting: SignpostingSchema.parse(await signposted.json()).id,
      templateId: template0.id,
      serviceId: service.id,
      serviceAtLocationId: sal[0]!.id,
      taxonomyId: taxonomy.id,
      taxonomyTermId: term.id,
    };
    for (const [who, userId] of Object.entries(USER)) tokens[who as Who] = `demo_${userId}`;
    tokens['unknown-token'] = 'demo_nobody-at-all';
    tokens['expired-token'] = (
      await issueToken(
        { store: hub.store, now: () => new Date('2026-03-01T09:00:00Z') },
        `${PRI}-teacher`,
        'session',
        5,
      )
    ).token;
    // A colleague who has left: disabled by the administrator, their key kept.
    const added = await hub.app.request('/v1/users', {
      method: 'POST',
      headers: { ...as(`${PRI}-admin`), 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Left School', email: 'left@example.org', role: 'teacher' }),
    });
    const leaver = UserSchema.parse(await added.json());
    tokens['disabled-user'] = (
      await issueToken({ store: hub.store, now: () => new Date('2026-03-02T10:00:00Z') }, leaver.id, 'api-key')
    ).token;
    const disabled = await hub.app.request(`/v1/users/${leaver.id}`, {
      method: 'PATCH',
      headers: { ...as(`${PRI}-admin`), 'content-type': 'application/json' },
      body: JSON.stringify({ disabled: true }),
    });
    assert.equal(disabled.status, 200);
    const doc = await json(await hub.app.request('/v1/openapi.json'));
    operations = Object.entries(record(doc.paths)).flatMap(([path, methods]) =>
      Object.keys(record(methods)).map((m) => `${m.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`),
    );
    await hub.close();
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('has a row for every operation in the OpenAPI document', () => {
    const covered = new Set(CASES.map((c) => c.operation));
    assert.deepEqual(
      operations.filter((o) => !covered.has(o)),
      [],
      'every operation says who may call it',
    );
    assert.deepEqual(
      [...covered].filter((o) => !operations.includes(o)),
      [],
      'no row for an operation the hub does not have',
    );
  });

  for (const who of CALLERS) {
    it(`answers ${who} as the rules say, on every route`, async () => {
      // The caller's own copy of the seeded hub, so what an earlier caller changed does not change this one's answers.
      const file = join(dir, `${who}.sqlite`);
      copyFileSync(template, file);
      if (existsSync(`${template}-wal`)) copyFileSync(`${template}-wal`, `${file}-wal`);
      const hub: Hub = await open(file, false);
      try {
        const mismatches: string[] = [];
        for (const c of CASES) {
          const url = c.url(FIXTURE);
          const body = c.body?.(FIXTURE);
          const headers: Record<string, string> = {
            ...(tokens[who] ? { authorization: `Bearer ${tokens[who]}` } : {}),
            ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
          };
          if (c.ifMatch) headers['if-match'] = String((await hub.store.handover(c.ifMatch(FIXTURE)))!.version);
          const userId = USER[who];
          const userOrg = userId ? (await hub.store.user(userId))?.organisationId : undefined;
          /** The caller's audit lines about the learner the answer is about. */
          const auditLines = async () =>
            c.audited && userOrg
              ? (
                  await hub.store.auditEntries(
                    { organisationId: userOrg, userId, learnerId: c.audited(FIXTURE) },
                    null,
                    10_000,
                  )
                ).length
              : 0;
          const auditedBefore = await auditLines();
          const method = c.operation.split(' ')[0]!;
          const res = await hub.app.request(url, {
            method,
            headers,
            ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
          });
          const text = await res.text();
          const want = c.expect(who);
          const label = `${method} ${url}`;
          if (res.status !== want) {
            mismatches.push(`${label}: expected ${want}, got ${res.status} ${text.slice(0, 200)}`);
            continue;
          }
          if (res.status >= 400) {
            // A refusal is a problem, and says nothing about the record it refused.
            assert.match(res.headers.get('content-type') ?? '', /application\/problem\+json/, label);
            const problem: Problem = ProblemSchema.parse(JSON.parse(text));
            assert.equal(problem.status, res.status, label);
            assert.doesNotMatch(text, /"(legalForename|legalSurname|dateOfBirth|upn|safeguarding)"/, label);
            continue;
          }
          if (c.check) c.check(who, text ? JSON.parse(text) : null);
          if (c.audited) {
            assert.ok((await auditLines()) > auditedBefore, `${label}: audited, naming ${who}`);
            // An answer about a child is kept by no browser or proxy.
            assert.equal(res.headers.get('cache-control'), 'no-store', `${label}: not cached`);
          }
        }
        assert.deepEqual(mismatches, [], `${who}: every answer as the rules say`);
      } finally {
        await hub.close();
      }
    });
  }
});
