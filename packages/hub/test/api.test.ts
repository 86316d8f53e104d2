import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Hono } from 'hono';
import * as z from 'zod/mini';
import {
  AuditEntrySchema,
  HandoverSchema,
  HandoverTemplateSchema,
  HandoverVersionSchema,
  LearnerExportSchema,
  LearnerSchema,
  OrganisationRetentionSchema,
  OrganisationSchema,
  ParentHandoverSchema,
  PathwayEventSchema,
  PathwaySchema,
  PrincipalSchema,
  ProblemSchema,
  SignpostingSchema,
  TaxonomyTermSchema,
  UserSchema,
  matchesServiceFilters,
  pageOf,
  nearestDistanceKm,
  toOruk,
  type Handover,
  type Learner,
  type Problem,
  type Service,
  type User,
  MilestoneWithStateSchema,
} from '@c2c/schema';
import { DEFAULT_RETENTION, Store, createHub, type Hub } from '../src/index.js';
import { canonicalJson, sha256 } from '../src/cursor.js';
import { issueToken } from '../src/routes/v1.js';
import {
  OrukIndexSchema,
  OrukPageSchema,
  OrukRecordSchema,
  HealthSchema,
  ServiceResultSchema,
  TokenCreatedSchema,
  dataOf,
} from '../src/api-schemas.js';
import { defineRoute, mountRoutes } from '../src/registry.js';
import {
  bearer,
  captureLogger,
  closeHub,
  hubCaller,
  type CallResult,
  jsonArray,
  newLearner,
  record,
  seededHub,
  staffUser,
  targets,
  versionConflict,
} from './helpers.js';

/** An ORUK page whose items are read as `item` says (by id alone, unless a test reads more of them). */
const orukPage = <T extends z.ZodMiniType>(item: T) => z.extend(OrukPageSchema, { contents: z.array(item) });
const OrukIdPage = orukPage(OrukRecordSchema);
/** An operation of the hub's OpenAPI document, read for what these tests check of it. */
const Operation = z.looseObject({
  responses: z.record(
    z.string(),
    z.looseObject({
      content: z.optional(
        z.record(z.string(), z.looseObject({ schema: z.looseObject({ $ref: z.optional(z.string()) }) })),
      ),
    }),
  ),
  requestBody: z.optional(
    z.looseObject({
      content: z.record(z.string(), z.looseObject({ schema: z.looseObject({ $ref: z.optional(z.string()) }) })),
    }),
  ),
  parameters: z.optional(
    z.array(z.looseObject({ name: z.string(), schema: z.optional(z.looseObject({ type: z.optional(z.string()) })) })),
  ),
});
const OpenApiDocument = z.looseObject({
  openapi: z.string(),
  paths: z.record(z.string(), z.record(z.string(), z.unknown())),
  components: z.looseObject({
    schemas: z.record(
      z.string(),
      z.looseObject({
        additionalProperties: z.optional(z.unknown()),
        properties: z.optional(z.record(z.string(), z.looseObject({ $ref: z.optional(z.string()) }))),
      }),
    ),
  }),
});
/** The operation at `path` and `method` of an OpenAPI document, undefined where there is none. */
const operationOf = (doc: z.infer<typeof OpenApiDocument>, path: string, method: string) =>
  z.optional(Operation).parse(doc.paths[path]?.[method]);

for (const makeTarget of targets()) {
  const target = makeTarget();
  describe(`hub API on ${target.name}`, () => {
    let hub: Hub;
    const logs = captureLogger('info');

    const call = hubCaller(() => hub);
    /** Checks that `r` is the problem `code` with `status`, as every refusal is, and answers it parsed. */
    const problem = (r: { status: number; headers: Headers; json: unknown }, status: number, code: string): Problem => {
      assert.equal(r.status, status, `expected ${status} ${code}, got ${r.status} ${JSON.stringify(r.json)}`);
      assert.match(r.headers.get('content-type') ?? '', /application\/problem\+json/);
      const parsed = ProblemSchema.safeParse(r.json);
      assert.ok(parsed.success, 'problem body matches ProblemSchema');
      const body = parsed.data;
      assert.equal(body.code, code);
      assert.ok(typeof body.detail === 'string' && body.detail.length > 10);
      assert.equal(body.requestId, r.headers.get('x-request-id'));
      return body;
    };
    /** The field errors a problem lists (a `validation_failed` one), failing the test when it lists none. */
    const errorsOf = (body: unknown) => {
      const { errors } = ProblemSchema.parse(body);
      assert.ok(errors, `the problem lists its errors: ${JSON.stringify(body)}`);
      return errors;
    };
    /** A handover answer, parsed by the shared schema. */
    const handoverOf = (body: unknown) => HandoverSchema.parse(body);
    /** The safeguarding record a handover answer carries, failing the test when it carries none. */
    const safeguardingOf = (body: unknown) => {
      const held = handoverOf(body).safeguarding;
      assert.ok(held, 'the answer carries the safeguarding record');
      return held;
    };
    /** The child-protection transfer of a handover answer's safeguarding record, failing the test when there is none. */
    const transferOf = (body: unknown) => {
      const { transfer } = safeguardingOf(body);
      assert.ok(transfer, 'the safeguarding record carries the transfer');
      return transfer;
    };
    /** A learner of `org` that the tests can start handovers for. */
    const learnerOf = async (org: string): Promise<Learner> =>
      (await hub.store.learners({ organisationId: org }, undefined, null, 1))[0]!;
    const PRI = 'pri-millbrook';
    const SEC = 'sec-brookfield-academy';
    const completeSections = {
      'pupil-voice': { 'all-about-me': 'I like maths.' },
      strengths: { strengths: 'Kind and curious.' },
    };

    /** Creates a draft from Millbrook to Brookfield Academy, as the Millbrook teacher. */
    const draft = async (extra: Record<string, unknown> = {}) => {
      const learner = await learnerOf(PRI);
      const r = await call('POST', '/v1/handovers', {
        as: `${PRI}-teacher`,
        body: { transition: 'y6-to-y7', learnerId: learner.id, receivingOrganisationId: SEC, ...extra },
      });
      assert.equal(r.status, 201, JSON.stringify(r.json));
      return HandoverSchema.parse(r.json);
    };
    const submitted = async () => {
      const h = await draft({ sections: completeSections });
      const r = await call('POST', `/v1/handovers/${h.id}/submit`, { as: `${PRI}-teacher` });
      assert.equal(r.status, 200, JSON.stringify(r.json));
      return HandoverSchema.parse(r.json);
    };
    /** Millbrook's DSL, as the sending school's safeguarding record names them. */
    const SENDING_DSL = [{ name: 'Dee Sutton', email: 'dsl@pri-millbrook.example.org', side: 'sending' }];
    /** Millbrook's DSL records on draft `id` (at version 1) that a file must go, with `transfer` when given. */
    const recordTransfer = (id: string, transfer?: Record<string, unknown>) =>
      call('PATCH', `/v1/handovers/${id}`, {
        as: `${PRI}-dsl`,
        headers: { 'if-match': '1' },
        body: {
          safeguardingTransferRequired: true,
          safeguarding: { cpFileExists: true, dslContacts: SENDING_DSL, ...(transfer ? { transfer } : {}) },
        },
      });
    /** `as` changes handover `id`'s strengths answer to `words`, claiming `version` (no If-Match when null). */
    const changeStrengths = (id: string, as: string, version: number | string | null, words = 'x') =>
      call('PATCH', `/v1/handovers/${id}`, {
        as,
        ...(version === null ? {} : { headers: { 'if-match': String(version) } }),
        body: { sections: { strengths: { strengths: words } } },
      });

    let databaseUrl: string;
    before(async () => {
      databaseUrl = await target.create();
      hub = await seededHub(databaseUrl, logs.logger);
    });
    after(() => closeHub(hub, target));

    describe('authentication', () => {
      it('refuses a missing, malformed or unknown token with 401 problem+json', async () => {
        const none = await call('GET', '/v1/me');
        problem(none, 401, 'unauthenticated');
        assert.match(none.headers.get('www-authenticate') ?? '', /Bearer/);
        problem(await call('GET', '/v1/me', { headers: { authorization: 'Basic abc' } }), 401, 'unauthenticated');
        problem(
          await call('GET', '/v1/me', { headers: { authorization: 'Bearer not-a-real-token' } }),
          401,
          'unauthenticated',
        );
      });
      it('answers /v1/me with the principal', async () => {
        const r = await call('GET', '/v1/me', { as: `${PRI}-teacher` });
        assert.equal(r.status, 200);
        const me = PrincipalSchema.parse(r.json);
        assert.equal(me.user.id, `${PRI}-teacher`);
        assert.equal(me.tokenKind, 'api-key');
        assert.equal(me.organisationName, 'Millbrook Primary School');
      });
      it('refuses an expired token with token_expired', async () => {
        const now = new Date('2026-03-02T10:00:00Z');
        await hub.store.addToken(
          'expired-token-123',
          `${PRI}-teacher`,
          'session',
          new Date(now.getTime() - 60_000),
          new Date(now.getTime() - 3_600_000),
        );
        problem(
          await call('GET', '/v1/me', { headers: { authorization: 'Bearer expired-token-123' } }),
          401,
          'token_expired',
        );
      });
      it('ends every token of a disabled user', async () => {
        assert.equal((await call('GET', '/v1/me', { as: 'pri-oakfield-senco' })).status, 200);
        await hub.store.setUserDisabled('pri-oakfield-senco', true);
        problem(await call('GET', '/v1/me', { as: 'pri-oakfield-senco' }), 401, 'unauthenticated');
        await hub.store.setUserDisabled('pri-oakfield-senco', false);
        // Re-enabling does not bring old tokens back.
        problem(await call('GET', '/v1/me', { as: 'pri-oakfield-senco' }), 401, 'unauthenticated');
      });
    });

    describe('organisations and templates', () => {
      it('lists organisations a page at a time and answers one by id', async () => {
        const ids: string[] = [];
        let cursor: string | null = null;
        do {
          const r: { status: number; json: unknown } = await call(
            'GET',
            `/v1/organisations?limit=5${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
            { as: 'youth-hub-worker' },
          );
          assert.equal(r.status, 200);
          const page = pageOf(OrganisationSchema).parse(r.json);
          ids.push(...page.data.map((o) => o.id));
          cursor = page.nextCursor;
        } while (cursor);
        assert.equal(ids.length, 16);
        assert.deepEqual(ids, [...ids].sort());
        assert.equal(
          OrganisationSchema.parse((await call('GET', `/v1/organisations/${SEC}`, { as: 'parent-demo' })).json).name,
          'Brookfield Academy',
        );
        problem(await call('GET', '/v1/organisations/nowhere', { as: 'parent-demo' }), 404, 'not_found');
        problem(await call('GET', '/v1/organisations'), 401, 'unauthenticated');
      });
      it('answers an organisation stored with a postcode that is not one, leaving the postcode out', async () => {
        // Records stored before postcodes were checked may hold any short line: reading them must go on working,
        // and the answer must still be one the shared schema (and so the SDK) accepts.
        const own = (await hub.store.organisation(PRI))!;
        const shown = async () => {
          const one = await call('GET', `/v1/organisations/${PRI}`, { as: 'youth-hub-worker' });
          const listed = await call('GET', '/v1/organisations?limit=100', { as: 'youth-hub-worker' });
          assert.equal(one.status, 200, JSON.stringify(one.json));
          assert.equal(listed.status, 200, JSON.stringify(listed.json));
          const inList = pageOf(OrganisationSchema)
            .parse(listed.json)
            .data.find((o) => o.id === PRI);
          const alone = OrganisationSchema.parse(one.json);
          assert.deepEqual(inList, alone, 'the list shows it as the single read does');
          return alone;
        };
        try {
          await hub.store.updateOrganisation({ ...own, postcode: 'Unknown' }, []);
          const odd = await shown();
          assert.equal(odd.name, own.name);
          assert.ok(!('postcode' in odd), 'the postcode that is not one is left out');
          // Changing something else keeps what was stored: nothing is lost before an operator can correct it.
          const periods = await call('PATCH', `/v1/organisations/${PRI}/retention`, {
            as: `${PRI}-admin`,
            body: { draftDays: 90 },
          });
          assert.equal(periods.status, 200, JSON.stringify(periods.json));
          assert.equal((await hub.store.organisation(PRI))?.postcode, 'Unknown');
          // One stored in another way of writing it is sent as the schema writes it.
          await hub.store.updateOrganisation({ ...own, postcode: 'bf42dl' }, []);
          assert.equal((await shown()).postcode, 'BF4 2DL');
        } finally {
          await hub.store.updateOrganisation(own, []);
        }
      });
      it('serves the handover templates', async () => {
        const list = await call('GET', '/v1/templates', { as: `${PRI}-teacher` });
        assert.deepEqual(
          dataOf(HandoverTemplateSchema)
            .parse(list.json)
            .data.map((t) => t.transition)
            .sort(),
          ['ey-to-reception', 'in-year', 'infant-to-junior', 'y11-to-post16', 'y6-to-y7'],
        );
        const one = await call('GET', '/v1/templates/std-y6-to-y7', { as: `${PRI}-teacher` });
        assert.equal(HandoverTemplateSchema.parse(one.json).sections[0]?.id, 'pupil-voice');
        problem(await call('GET', '/v1/templates/std-mars', { as: `${PRI}-teacher` }), 404, 'not_found');
      });
    });

    describe('handovers', () => {
      it('creates a draft at version 1 with an ETag', async () => {
        const learner = await learnerOf(PRI);
        const r = await call('POST', '/v1/handovers', {
          as: `${PRI}-teacher`,
          body: { transition: 'y6-to-y7', learnerId: learner.id, receivingOrganisationId: SEC },
        });
        assert.equal(r.status, 201);
        const made = HandoverSchema.parse(r.json);
        assert.equal(made.status, 'draft');
        assert.equal(made.version, 1);
        assert.equal(r.headers.get('etag'), '"1"');
        assert.equal(made.learner.legalSurname, learner.legalSurname);
      });
      it('refuses a handover for another organisation’s learner, and roles that do not send handovers', async () => {
        const other = await learnerOf('pri-oakfield');
        problem(
          await call('POST', '/v1/handovers', {
            as: `${PRI}-teacher`,
            body: { transition: 'y6-to-y7', learnerId: other.id, receivingOrganisationId: SEC },
          }),
          404,
          'not_found',
        );
        const own = await learnerOf(PRI);
        problem(
          await call('POST', '/v1/handovers', {
            as: 'youth-hub-worker',
            body: { transition: 'y6-to-y7', learnerId: own.id, receivingOrganisationId: SEC },
          }),
          403,
          'forbidden',
        );
        problem(
          await call('POST', '/v1/handovers', {
            as: `${PRI}-teacher`,
            body: { transition: 'y6-to-y7', learnerId: own.id, receivingOrganisationId: 'no-such-school' },
          }),
          422,
          'validation_failed',
        );
      });
      it('refuses to address a handover to an organisation that cannot receive it, naming the kinds that can', async () => {
        const learner = await learnerOf(PRI);
        const start = (transition: string, receivingOrganisationId: string) =>
          call('POST', '/v1/handovers', {
            as: `${PRI}-teacher`,
            body: { transition, learnerId: learner.id, receivingOrganisationId },
          });
        /** The one field issue of a refusal about the receiving organisation. */
        const refusal = (r: CallResult, code: string) => {
          const p = problem(r, 422, 'validation_failed');
          assert.equal(p.errors?.length, 1);
          const [issue] = p.errors!;
          assert.equal(issue?.path, 'receivingOrganisationId');
          assert.equal(issue?.code, code);
          assert.equal(p.detail, issue?.message);
          return issue!.message;
        };
        const before = (await hub.store.handoversForLearner(learner.id)).length;
        assert.equal(
          refusal(await start('y6-to-y7', 'ey-acorn'), 'receiver_kind_not_allowed'),
          'A Year 6 to Year 7 handover goes to a school. Acorn Day Nursery is an early years setting, so it cannot receive one: choose a school.',
        );
        assert.match(
          refusal(await start('y6-to-y7', 'la-brookfield'), 'receiver_kind_not_allowed'),
          /is a local authority service/,
        );
        assert.equal(
          refusal(await start('y11-to-post16', 'youth-hub'), 'receiver_kind_not_allowed'),
          'A Year 11 to post-16 handover goes to a school or a college. Brookfield Youth Hub is a youth organisation, so it cannot receive one: choose a school or a college.',
        );
        // A school, but one that does not teach the year the child is moving into.
        assert.equal(
          refusal(await start('y6-to-y7', 'pri-oakfield'), 'receiver_phase_not_taught'),
          'A Year 6 to Year 7 handover goes to a school that teaches Key Stage 3. Oakfield Primary School does not: choose one that does.',
        );
        assert.equal((await hub.store.handoversForLearner(learner.id)).length, before, 'no draft was made');
        assert.equal((await start('y11-to-post16', 'col-brookfield')).status, 201);
        assert.equal((await start('in-year', 'sec-northgate')).status, 201);

        // Nor can a draft be redirected to one, and a draft addressed to one before this rule is not sent.
        const h = await draft();
        refusal(
          await call('PATCH', `/v1/handovers/${h.id}`, {
            as: `${PRI}-teacher`,
            headers: { 'if-match': '1' },
            body: { receivingOrganisationId: 'csc-brookfield' },
          }),
          'receiver_kind_not_allowed',
        );
        assert.equal((await hub.store.handover(h.id))?.receivingOrganisationId, SEC);
        const old = { ...h, id: 'hnd-to-nursery-before-the-rule', receivingOrganisationId: 'ey-acorn' };
        await hub.store.insertHandovers([{ ...old, sections: completeSections }], `${PRI}-teacher`);
        refusal(
          await call('POST', `/v1/handovers/${old.id}/submit`, { as: `${PRI}-teacher` }),
          'receiver_kind_not_allowed',
        );
        assert.equal((await hub.store.handover(old.id))?.status, 'draft');
      });
      it('hides a draft from the receiving school and other organisations (404, audited as denied)', async () => {
        const h = await draft();
        problem(await call('GET', `/v1/handovers/${h.id}`, { as: `${SEC}-teacher` }), 404, 'not_found');
        problem(await call('GET', `/v1/handovers/${h.id}`, { as: 'pri-oakfield-teacher' }), 404, 'not_found');
        problem(await call('GET', `/v1/handovers/${h.id}`, { as: 'youth-hub-worker' }), 404, 'not_found');
        const audit = await hub.store.auditEntries({ organisationId: SEC }, null, 50);
        assert.ok(audit.some((a) => a.action === 'denied' && a.resourceId === h.id && a.userId === `${SEC}-teacher`));
      });
      it('needs If-Match to update, refuses a stale version with the current record, and accepts the current one', async () => {
        const h = await draft();
        problem(await changeStrengths(h.id, `${PRI}-teacher`, null, 'Reads a lot'), 428, 'precondition_required');
        const ok = await changeStrengths(h.id, `${PRI}-teacher`, '"1"', 'Reads a lot');
        assert.equal(ok.status, 200);
        assert.equal(HandoverSchema.parse(ok.json).version, 2);
        assert.equal(ok.headers.get('etag'), '"2"');
        assert.equal(HandoverSchema.parse(ok.json).sections.strengths?.strengths, 'Reads a lot');
        const stale = await call('PATCH', `/v1/handovers/${h.id}`, {
          as: `${PRI}-senco`,
          headers: { 'if-match': '1' },
          body: { sections: { strengths: { interests: 'Chess' } } },
        });
        problem(stale, 409, 'version_conflict');
        assert.equal(versionConflict(stale.json).currentVersion, 2);
        assert.equal(versionConflict(stale.json).current.sections.strengths?.strengths, 'Reads a lot');
        assert.equal(versionConflict(stale.json).current.safeguarding, undefined);
        // The copy in the 409 was read: it is in the audit log as a read by the SENCO.
        const lines = await hub.store.auditEntries({ organisationId: PRI, userId: `${PRI}-senco` }, null, 5);
        assert.ok(lines.some((a) => a.action === 'read' && a.resourceId === h.id));
        // A DSL's write answers with the safeguarding record: that read is audited with the write.
        const dslSave = await call('PATCH', `/v1/handovers/${h.id}`, {
          as: `${PRI}-dsl`,
          headers: { 'if-match': '2' },
          body: { safeguardingTransferRequired: true, safeguarding: { cpFileExists: true, dslContacts: [] } },
        });
        assert.equal(dslSave.status, 200, JSON.stringify(dslSave.json));
        assert.equal(HandoverSchema.parse(dslSave.json).safeguarding?.cpFileExists, true);
        const dslLines = await hub.store.auditEntries({ organisationId: PRI, userId: `${PRI}-dsl` }, null, 5);
        assert.deepEqual(
          dslLines
            .filter((a) => a.resourceId === h.id)
            .map((a) => a.action)
            .sort(),
          ['read-safeguarding', 'update', 'update-safeguarding'],
        );
        problem(
          await call('PATCH', `/v1/handovers/${h.id}`, {
            as: `${PRI}-teacher`,
            headers: { 'if-match': 'banana' },
            body: {},
          }),
          400,
          'validation_failed',
        );
      });
      it('rejects answers to questions the template does not have', async () => {
        const h = await draft();
        const r = await call('PATCH', `/v1/handovers/${h.id}`, {
          as: `${PRI}-teacher`,
          headers: { 'if-match': '1' },
          body: { sections: { strengths: { 'shoe-size': '4' } } },
        });
        problem(r, 422, 'validation_failed');
        assert.equal(errorsOf(r.json)[0]!.path, 'sections.strengths.shoe-size');
      });
      it('refuses an unknown template without repeating its id', async () => {
        const learner = await learnerOf(PRI);
        const r = await call('POST', '/v1/handovers', {
          as: `${PRI}-teacher`,
          body: {
            transition: 'y6-to-y7',
            learnerId: learner.id,
            receivingOrganisationId: SEC,
            templateId: 'ada-lovelace-template',
          },
        });
        problem(r, 422, 'validation_failed');
        assert.deepEqual(
          errorsOf(r.json).map((e) => `${e.path} ${e.code}`),
          ['templateId unknown_template'],
        );
        assert.ok(!JSON.stringify(r.json).includes('lovelace'), JSON.stringify(r.json));
      });
      it('names an unknown section or question by its path only, never repeating it in a message', async () => {
        // Ids a caller might make from a child's details: the path locates them, no sentence repeats them.
        const sections = { 'ada-lovelace-2015': { x: 'y' }, strengths: { 'ada-lovelace-shoe-size': '4' } };
        const h = await draft();
        const patched = await call('PATCH', `/v1/handovers/${h.id}`, {
          as: `${PRI}-teacher`,
          headers: { 'if-match': '1' },
          body: { sections },
        });
        const created = await call('POST', '/v1/handovers', {
          as: `${PRI}-teacher`,
          body: { transition: 'in-year', learnerId: h.learnerId, receivingOrganisationId: SEC, sections },
        });
        for (const r of [patched, created]) {
          problem(r, 422, 'validation_failed');
          assert.deepEqual(
            errorsOf(r.json)
              .map((e) => e.path)
              .sort(),
            ['sections.ada-lovelace-2015', 'sections.strengths.ada-lovelace-shoe-size'],
          );
          const words = JSON.stringify([
            ProblemSchema.parse(r.json).detail,
            ProblemSchema.parse(r.json).title,
            ...errorsOf(r.json).map((e) => e.message),
          ]);
          assert.ok(!/lovelace/i.test(words), words);
          assert.match(words, /has no section with this id/);
          assert.match(words, /has no question with this id/);
        }
      });
      it('lets only the DSL write and read safeguarding details', async () => {
        const h = await draft();
        const safeguarding = {
          cpFileExists: true,
          dslContacts: SENDING_DSL,
        };
        problem(
          await call('PATCH', `/v1/handovers/${h.id}`, {
            as: `${PRI}-teacher`,
            headers: { 'if-match': '1' },
            body: { safeguarding },
          }),
          403,
          'forbidden',
        );
        const byDsl = await call('PATCH', `/v1/handovers/${h.id}`, {
          as: `${PRI}-dsl`,
          headers: { 'if-match': '1' },
          body: { safeguarding, safeguardingTransferRequired: true },
        });
        assert.equal(byDsl.status, 200);
        assert.equal(HandoverSchema.parse(byDsl.json).safeguarding?.cpFileExists, true);
        const teacherView = await call('GET', `/v1/handovers/${h.id}`, { as: `${PRI}-teacher` });
        const seenByTeacher = HandoverSchema.parse(teacherView.json);
        assert.equal(seenByTeacher.safeguarding, undefined);
        assert.equal(seenByTeacher.safeguardingTransferRequired, true);
        problem(
          await call('PATCH', `/v1/handovers/${h.id}`, {
            as: `${PRI}-teacher`,
            headers: { 'if-match': '2' },
            body: { safeguardingTransferRequired: false },
          }),
          403,
          'forbidden',
        );
        const dslView = await call('GET', `/v1/handovers/${h.id}`, { as: `${PRI}-dsl` });
        assert.equal(HandoverSchema.parse(dslView.json).safeguarding?.dslContacts[0]?.name, 'Dee Sutton');
        const audit = await hub.store.auditEntries({ organisationId: PRI, userId: `${PRI}-dsl` }, null, 20);
        assert.ok(audit.some((a) => a.action === 'update-safeguarding' && a.resourceId === h.id));
        assert.ok(audit.some((a) => a.action === 'read-safeguarding' && a.resourceId === h.id));
      });
      it('audits a DSL’s reads of a handover alike whether or not it has a safeguarding record', async () => {
        const dsl = `${PRI}-dsl`;
        const without = await draft();
        const withRecord = await draft();
        const recorded = await call('PATCH', `/v1/handovers/${withRecord.id}`, {
          as: dsl,
          headers: { 'if-match': '1' },
          body: { safeguarding: { cpFileExists: true, dslContacts: SENDING_DSL }, safeguardingTransferRequired: true },
        });
        assert.equal(recorded.status, 200, JSON.stringify(recorded.json));
        const [last] = await hub.store.auditEntries({ organisationId: PRI, userId: dsl }, null, 1);
        // Each way a DSL is handed a handover: one, a page of them, the learner's export, and a write's answer.
        for (const h of [without, withRecord])
          assert.equal((await call('GET', `/v1/handovers/${h.id}`, { as: dsl })).status, 200);
        assert.equal((await call('GET', '/v1/handovers?box=sent&limit=5', { as: dsl })).status, 200);
        assert.equal((await call('GET', `/v1/learners/${without.learnerId}/export`, { as: dsl })).status, 200);
        for (const [h, version] of [
          [without, '1'],
          [withRecord, '2'],
        ] as const) {
          const saved = await call('PATCH', `/v1/handovers/${h.id}`, {
            as: dsl,
            headers: { 'if-match': version },
            body: { sections: { strengths: { interests: 'Chess' } } },
          });
          assert.equal(saved.status, 200, JSON.stringify(saved.json));
        }
        // A handover the DSL starts without a safeguarding record: the answer is a view of its (empty) section too.
        const started = await call('POST', '/v1/handovers', {
          as: dsl,
          body: { transition: 'y6-to-y7', learnerId: without.learnerId, receivingOrganisationId: SEC },
        });
        assert.equal(started.status, 201, JSON.stringify(started.json));
        // What the school's administrator reads in the audit log about those reads.
        const seen = await call('GET', `/v1/audit?userId=${dsl}&limit=100`, { as: `${PRI}-admin` });
        assert.equal(seen.status, 200, JSON.stringify(seen.json));
        const shape = (h: Handover) =>
          pageOf(AuditEntrySchema)
            .parse(seen.json)
            .data.filter((a) => a.id > last!.id && a.resourceId === h.id)
            .map(({ id: _i, at: _a, resourceId: _r, ...rest }) => JSON.stringify(rest))
            .sort();
        assert.deepEqual(shape(withRecord), shape(without), 'the log does not say which handover has a record');
        // Who saw what is still there: the DSL's access to the safeguarding section of each.
        assert.equal(
          shape(without).filter((l) => l.includes('"read-safeguarding"')).length,
          4,
          shape(without).join('\n'),
        );
        assert.deepEqual(
          shape(started.json as Handover).map((l) => JSON.parse(l).action),
          ['create', 'read-safeguarding'],
        );
      });
      it('audits a refused safeguarding write naming who was refused, but neither the child nor the handover', async () => {
        const h = await draft();
        const safeguarding = { cpFileExists: true, dslContacts: SENDING_DSL };
        const last = async () =>
          Number(
            (
              await hub.store.db
                .selectFrom('audit')
                .select((eb) => eb.fn.max('id').as('id'))
                .executeTakeFirstOrThrow()
            ).id ?? 0,
          );
        const attempts: Array<[string, () => ReturnType<typeof call>]> = [
          [
            'POST /v1/handovers',
            () =>
              call('POST', '/v1/handovers', {
                as: `${PRI}-teacher`,
                body: { transition: 'in-year', learnerId: h.learnerId, receivingOrganisationId: SEC, safeguarding },
              }),
          ],
          [
            'PATCH /v1/handovers/:id',
            () =>
              call('PATCH', `/v1/handovers/${h.id}`, {
                as: `${PRI}-teacher`,
                headers: { 'if-match': '1' },
                body: { safeguarding },
              }),
          ],
        ];
        const start = await last();
        for (const [route, attempt] of attempts) {
          const before = await last();
          const r = await attempt();
          problem(r, 403, 'forbidden');
          assert.match(ProblemSchema.parse(r.json).detail, /Pass your concern to your DSL/);
          const lines = await hub.store.db.selectFrom('audit').selectAll().where('id', '>', before).execute();
          assert.deepEqual(
            lines.map((a) => [a.user_id, a.action, a.resource, a.resource_id, a.learner_id]),
            [[`${PRI}-teacher`, 'denied', route, '', null]],
            `${route}: one line, naming the caller and no child`,
          );
        }
        // The school's administrator, reading the child's trail, learns of no concern from those refusals.
        const trail = await call('GET', `/v1/audit?learnerId=${h.learnerId}&limit=100`, { as: `${PRI}-admin` });
        assert.equal(trail.status, 200);
        assert.deepEqual(
          pageOf(AuditEntrySchema)
            .parse(trail.json)
            .data.filter((a) => a.id > start && a.action === 'denied'),
          [],
          'no denied line against the child',
        );
      });
      it('says on a refused submit whether its questions need answering, its answers changing, or both', async () => {
        const refusal = async (sections: Record<string, Record<string, unknown>>) => {
          const h = await draft({ sections });
          const r = await call('POST', `/v1/handovers/${h.id}/submit`, { as: `${PRI}-teacher` });
          problem(r, 422, 'validation_failed');
          const codes = errorsOf(r.json)
            .map((e) => `${e.path} ${e.code}`)
            .sort();
          return { detail: ProblemSchema.parse(r.json).detail, codes };
        };
        const rest = 'before this handover can be sent. Each is listed under “errors”.';
        // Answers of the wrong kind (as another system may save in a draft) are there: they need changing.
        const wrongKinds = await refusal({
          ...completeSections,
          'pupil-voice': { 'all-about-me': 'I like maths.', worries: true },
          family: { 'young-carer': 'yes' },
        });
        assert.deepEqual(wrongKinds.codes, [
          'sections.family.young-carer not_yes_or_no',
          'sections.pupil-voice.worries not_text',
        ]);
        assert.equal(wrongKinds.detail, `2 answers need changing ${rest}`);
        const both = await refusal({
          strengths: completeSections.strengths,
          family: { 'young-carer': 'yes', 'service-child': 'no' },
        });
        assert.deepEqual(both.codes, [
          'sections.family.service-child not_yes_or_no',
          'sections.family.young-carer not_yes_or_no',
          'sections.pupil-voice.all-about-me required',
        ]);
        assert.equal(both.detail, `1 question needs answering and 2 answers need changing ${rest}`);
        const missing = await refusal({});
        assert.deepEqual(missing.codes, [
          'sections.pupil-voice.all-about-me required',
          'sections.strengths.strengths required',
        ]);
        assert.equal(missing.detail, `2 questions need answering ${rest}`);
      });
      it('checks answers against the template on submit, then shows the handover to the receiving school', async () => {
        const h = await draft();
        const refused = await call('POST', `/v1/handovers/${h.id}/submit`, { as: `${PRI}-teacher` });
        problem(refused, 422, 'validation_failed');
        assert.ok(
          errorsOf(refused.json).some((e) => e.path === 'sections.pupil-voice.all-about-me' && e.code === 'required'),
        );
        await call('PATCH', `/v1/handovers/${h.id}`, {
          as: `${PRI}-teacher`,
          headers: { 'if-match': '1' },
          body: { sections: completeSections },
        });
        problem(await call('POST', `/v1/handovers/${h.id}/submit`, { as: `${SEC}-teacher` }), 404, 'not_found');
        problem(
          await call('POST', `/v1/handovers/${h.id}/submit`, { as: `${PRI}-teacher`, headers: { 'if-match': '1' } }),
          409,
          'version_conflict',
        );
        const sent = await call('POST', `/v1/handovers/${h.id}/submit`, {
          as: `${PRI}-teacher`,
          headers: { 'if-match': '2' },
        });
        assert.equal(sent.status, 200);
        assert.equal(handoverOf(sent.json).status, 'submitted');
        assert.ok(handoverOf(sent.json).submittedAt);
        problem(await call('POST', `/v1/handovers/${h.id}/submit`, { as: `${PRI}-teacher` }), 409, 'invalid_state');
        const received = await call('GET', `/v1/handovers/${h.id}`, { as: `${SEC}-teacher` });
        assert.equal(received.status, 200);
        assert.equal(handoverOf(received.json).status, 'submitted');
        problem(await call('GET', `/v1/handovers/${h.id}`, { as: 'sec-northgate-teacher' }), 404, 'not_found');
      });
      it('shows the receiving DSL the safeguarding record once submitted, but not receiving teachers', async () => {
        const h = await draft({ sections: completeSections });
        const safeguarding = {
          cpFileExists: true,
          dslContacts: SENDING_DSL,
        };
        await call('PATCH', `/v1/handovers/${h.id}`, {
          as: `${PRI}-dsl`,
          headers: { 'if-match': '1' },
          body: { safeguarding },
        });
        await call('POST', `/v1/handovers/${h.id}/submit`, { as: `${PRI}-teacher` });
        assert.equal(
          safeguardingOf((await call('GET', `/v1/handovers/${h.id}`, { as: `${SEC}-dsl` })).json).cpFileExists,
          true,
        );
        assert.equal(
          handoverOf((await call('GET', `/v1/handovers/${h.id}`, { as: `${SEC}-transition` })).json).safeguarding,
          undefined,
        );
      });
      it('lets only the receiving DSL confirm the child-protection file arrived, once, audited, even after acknowledgement, when the sending DSL may still record the transfer', async () => {
        const h = await draft({ sections: completeSections });
        const patched = await recordTransfer(h.id);
        assert.equal(patched.status, 200, JSON.stringify(patched.json));
        const path = `/v1/handovers/${h.id}/safeguarding-receipt`;
        // Not before it is submitted: a draft is nobody else's.
        problem(await call('POST', path, { as: `${SEC}-dsl` }), 404, 'not_found');
        await call('POST', `/v1/handovers/${h.id}/submit`, { as: `${PRI}-teacher` });
        await call('POST', `/v1/handovers/${h.id}/acknowledge`, { as: `${SEC}-transition` });
        for (const as of [`${SEC}-transition`, `${PRI}-dsl`])
          problem(await call('POST', path, { as }), 403, 'forbidden');
        const noMethod = await call('POST', path, { as: `${SEC}-dsl` });
        problem(noMethod, 422, 'validation_failed');
        assert.deepEqual(
          errorsOf(noMethod.json).map((e) => e.path),
          ['method'],
          'the sending DSL recorded no method, so the receiving DSL says how it came',
        );
        const confirmed = await call('POST', path, { as: `${SEC}-dsl`, body: { method: 'specialist-system' } });
        assert.equal(confirmed.status, 200, JSON.stringify(confirmed.json));
        const transfer = transferOf(confirmed.json);
        assert.ok(transfer.receiptConfirmedBy && transfer.receiptConfirmedAt, 'the receipt is recorded');
        assert.equal(transfer.method, 'specialist-system');
        assert.equal(transfer.receiptConfirmedAt, handoverOf(confirmed.json).updatedAt);
        assert.match(transfer.receiptConfirmedBy, /\(Brookfield Academy\)$/);
        assert.equal(handoverOf(confirmed.json).status, 'acknowledged');
        const sender = await call('GET', `/v1/handovers/${h.id}`, { as: `${PRI}-dsl` });
        assert.equal(
          transferOf(sender.json).receiptConfirmedBy,
          transfer.receiptConfirmedBy,
          'the sending DSL sees it',
        );
        const again = await call('POST', path, { as: `${SEC}-dsl` });
        problem(again, 409, 'invalid_state');
        // Clients log problem bodies: the refusal says when, never who.
        assert.ok(
          !ProblemSchema.parse(again.json).detail.includes(transfer.receiptConfirmedBy.split(' (')[0]!),
          ProblemSchema.parse(again.json).detail,
        );
        assert.ok(
          ProblemSchema.parse(again.json).detail.includes(transfer.receiptConfirmedAt.slice(0, 10)),
          ProblemSchema.parse(again.json).detail,
        );
        // Acknowledged, the handover takes no more answers, but the sending DSL can still record the transfer.
        const version = String(handoverOf(confirmed.json).version);
        const sent = {
          ...safeguardingOf(confirmed.json),
          transfer: { ...transfer, sentAt: '2026-09-03T09:00:00.000Z', sentBy: 'Dee Sutton' },
        };
        for (const [as, body] of [
          [`${PRI}-teacher`, { safeguarding: sent }],
          [`${PRI}-dsl`, { safeguarding: sent, sections: { strengths: { strengths: 'More' } } }],
          [`${PRI}-dsl`, { sections: { strengths: { strengths: 'More' } } }],
        ] as const) {
          const r = await call('PATCH', `/v1/handovers/${h.id}`, { as, headers: { 'if-match': version }, body });
          assert.ok([403, 409].includes(r.status), `${as} ${JSON.stringify(body).slice(0, 60)}: ${r.status}`);
        }
        const recorded = await call('PATCH', `/v1/handovers/${h.id}`, {
          as: `${PRI}-dsl`,
          headers: { 'if-match': version },
          body: { safeguarding: sent },
        });
        assert.equal(recorded.status, 200, JSON.stringify(recorded.json));
        assert.equal(handoverOf(recorded.json).status, 'acknowledged');
        assert.equal(transferOf(recorded.json).sentBy, 'Dee Sutton');
        assert.equal(transferOf(recorded.json).receiptConfirmedBy, transfer.receiptConfirmedBy);
        const lines = await hub.store.auditEntries({ organisationId: SEC, userId: `${SEC}-dsl` }, null, 20);
        assert.ok(lines.some((a) => a.action === 'update-safeguarding' && a.resourceId === h.id));
        // A handover with no transfer needed has nothing to confirm.
        const plain = await submitted();
        problem(
          await call('POST', `/v1/handovers/${plain.id}/safeguarding-receipt`, { as: `${SEC}-dsl` }),
          409,
          'invalid_state',
        );
      });
      it('keeps the receipt the receiving DSL confirmed as they recorded it: a sending copy without it keeps it, one that changes it is refused, and no request can claim it', async () => {
        const h = await draft({ sections: completeSections });
        const claimed = await recordTransfer(h.id, { method: 'secure-email', receiptConfirmedByReceiver: true });
        assert.equal(claimed.status, 200, JSON.stringify(claimed.json));
        assert.equal(transferOf(claimed.json).receiptConfirmedByReceiver, undefined, 'not taken from a request');
        await call('POST', `/v1/handovers/${h.id}/submit`, { as: `${PRI}-teacher` });
        const confirmed = await call('POST', `/v1/handovers/${h.id}/safeguarding-receipt`, { as: `${SEC}-dsl` });
        assert.equal(confirmed.status, 200, JSON.stringify(confirmed.json));
        const receipt = transferOf(confirmed.json);
        assert.ok(receipt.receiptConfirmedBy, 'the receipt names who confirmed it');
        assert.equal(receipt.receiptConfirmedByReceiver, true);
        // The sending DSL's screen still holds the record as it was before the confirmation: saving it (after the
        // conflict, at the current version) records what they added and keeps the confirmation.
        const stale = {
          cpFileExists: true,
          dslContacts: SENDING_DSL,
          transfer: { method: 'secure-email', sentBy: 'Dee Sutton' },
        };
        const kept = await call('PATCH', `/v1/handovers/${h.id}`, {
          as: `${PRI}-dsl`,
          headers: { 'if-match': String(handoverOf(confirmed.json).version) },
          body: { safeguarding: stale },
        });
        assert.equal(kept.status, 200, JSON.stringify(kept.json));
        assert.deepEqual(transferOf(kept.json), { ...receipt, sentBy: 'Dee Sutton' });
        const withoutTransfer = await call('PATCH', `/v1/handovers/${h.id}`, {
          as: `${PRI}-dsl`,
          headers: { 'if-match': String(handoverOf(kept.json).version) },
          body: { safeguarding: { cpFileExists: true, dslContacts: SENDING_DSL } },
        });
        assert.equal(withoutTransfer.status, 200, JSON.stringify(withoutTransfer.json));
        assert.deepEqual(transferOf(withoutTransfer.json), transferOf(kept.json));
        for (const change of [{ receiptConfirmedBy: 'Someone else' }, { receiptConfirmedAt: '2026-09-01T12:00:00Z' }]) {
          const refused = await call('PATCH', `/v1/handovers/${h.id}`, {
            as: `${PRI}-dsl`,
            headers: { 'if-match': String(handoverOf(withoutTransfer.json).version) },
            body: { safeguarding: { ...stale, transfer: { ...transferOf(kept.json), ...change } } },
          });
          problem(refused, 409, 'invalid_state');
          assert.match(ProblemSchema.parse(refused.json).detail, /stays as they recorded it/);
          assert.ok(
            !ProblemSchema.parse(refused.json).detail.includes(receipt.receiptConfirmedBy.split(' (')[0]!),
            ProblemSchema.parse(refused.json).detail,
          );
        }
        const stored = await call('GET', `/v1/handovers/${h.id}`, { as: `${PRI}-dsl` });
        assert.deepEqual(transferOf(stored.json), transferOf(kept.json));
        // A receipt the sending DSL typed in for a school not on the hub is theirs to correct.
        const other = await draft({ sections: completeSections });
        const typed = (by: string, version: string) =>
          call('PATCH', `/v1/handovers/${other.id}`, {
            as: `${PRI}-dsl`,
            headers: { 'if-match': version },
            body: {
              safeguarding: {
                cpFileExists: true,
                dslContacts: SENDING_DSL,
                transfer: {
                  method: 'recorded-post',
                  receiptConfirmedAt: '2026-09-04T12:00:00Z',
                  receiptConfirmedBy: by,
                },
              },
            },
          });
        const first = await typed('Mr Typo', '1');
        assert.equal(first.status, 200, JSON.stringify(first.json));
        const corrected = await typed('Ms Tapper', String(handoverOf(first.json).version));
        assert.equal(corrected.status, 200, JSON.stringify(corrected.json));
        assert.equal(transferOf(corrected.json).receiptConfirmedBy, 'Ms Tapper');
      });
      it('lets only the receiving school acknowledge, and then freezes the handover', async () => {
        const h = await submitted();
        problem(await changeStrengths(h.id, `${SEC}-teacher`, h.version), 403, 'forbidden');
        problem(await call('POST', `/v1/handovers/${h.id}/acknowledge`, { as: `${PRI}-teacher` }), 403, 'forbidden');
        const ack = await call('POST', `/v1/handovers/${h.id}/acknowledge`, {
          as: `${SEC}-transition`,
          body: { message: 'Thank you, received.' },
        });
        assert.equal(ack.status, 200);
        assert.equal(handoverOf(ack.json).status, 'acknowledged');
        assert.equal(handoverOf(ack.json).messages.at(-1)?.body, 'Thank you, received.');
        problem(
          await call('POST', `/v1/handovers/${h.id}/acknowledge`, { as: `${SEC}-transition` }),
          409,
          'invalid_state',
        );
        problem(await changeStrengths(h.id, `${PRI}-teacher`, handoverOf(ack.json).version), 409, 'invalid_state');
      });
      it('allows amendments after submission as new versions, and lists every version', async () => {
        const h = await submitted();
        const amended = await call('PATCH', `/v1/handovers/${h.id}`, {
          as: `${PRI}-teacher`,
          headers: { 'if-match': String(h.version) },
          body: { sections: { strengths: { interests: 'Chess club' } } },
        });
        assert.equal(amended.status, 200);
        assert.equal(handoverOf(amended.json).status, 'submitted');
        const versions = await call('GET', `/v1/handovers/${h.id}/versions`, { as: `${PRI}-teacher` });
        assert.equal(versions.status, 200);
        const { data: all } = dataOf(HandoverVersionSchema).parse(versions.json);
        assert.deepEqual(
          all.map((v) => v.version),
          [1, 2, 3],
        );
        assert.deepEqual(
          all.map((v) => v.status),
          ['draft', 'submitted', 'submitted'],
        );
        assert.equal(all[2]?.sections.strengths?.interests, 'Chess club');
        // The receiving school sees what was sent, from the submission on: never the sender's drafts.
        const received = await call('GET', `/v1/handovers/${h.id}/versions`, { as: `${SEC}-teacher` });
        assert.deepEqual(
          dataOf(HandoverVersionSchema)
            .parse(received.json)
            .data.map((v) => v.version),
          [2, 3],
        );
      });
      it('carries messages between the two schools only', async () => {
        const h = await submitted();
        const a = await call('POST', `/v1/handovers/${h.id}/messages`, {
          as: `${SEC}-senco`,
          body: { body: 'Could you send the EHCP review date?' },
        });
        assert.equal(a.status, 200);
        const b = await call('POST', `/v1/handovers/${h.id}/messages`, {
          as: `${PRI}-senco`,
          body: { body: 'It is 14 May.' },
        });
        assert.deepEqual(
          handoverOf(b.json).messages.map((m) => m.organisationId),
          [SEC, PRI],
        );
        problem(
          await call('POST', `/v1/handovers/${h.id}/messages`, { as: `${SEC}-senco`, body: { body: '   ' } }),
          422,
          'validation_failed',
        );
      });
      it('lists sent and received boxes with filters and working cursors', async () => {
        const sent = await call('GET', '/v1/handovers?box=sent&limit=5', { as: `${PRI}-teacher` });
        assert.equal(sent.status, 200);
        assert.ok(
          pageOf(HandoverSchema)
            .parse(sent.json)
            .data.every((h) => h.sendingOrganisationId === PRI),
        );
        const received = await call('GET', `/v1/handovers?box=received&status=submitted&limit=100`, {
          as: `${SEC}-teacher`,
        });
        const inbox = pageOf(HandoverSchema).parse(received.json).data;
        assert.ok(inbox.length > 0);
        assert.ok(
          inbox.every(
            (h) => h.receivingOrganisationId === SEC && h.status === 'submitted' && h.safeguarding === undefined,
          ),
        );
        const seen = new Set<string>();
        let cursor: string | null = null;
        let pages = 0;
        do {
          const page: { json: unknown } = await call(
            'GET',
            `/v1/handovers?box=sent&limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
            { as: `${PRI}-teacher` },
          );
          const { data, nextCursor } = pageOf(HandoverSchema).parse(page.json);
          for (const h of data) {
            assert.ok(!seen.has(h.id), 'no handover appears twice');
            seen.add(h.id);
          }
          cursor = nextCursor;
          pages++;
        } while (cursor && pages < 100);
        const all = await hub.store.listHandovers({ sendingOrganisationId: PRI }, null, 1000);
        assert.equal(seen.size, all.length);
        problem(await call('GET', '/v1/handovers', { as: 'youth-hub-worker' }), 403, 'forbidden');
      });
      it('refuses to replay a safeguarding write to someone who is no longer a DSL, as a new request is refused', async () => {
        const learner = (await hub.store.learners({ organisationId: PRI }, undefined, null, 5))[4]!;
        const body = {
          transition: 'in-year',
          learnerId: learner.id,
          receivingOrganisationId: SEC,
          safeguardingTransferRequired: true,
          safeguarding: { cpFileExists: true, dslContacts: [] },
        };
        const added = await call('POST', '/v1/users', {
          as: `${PRI}-admin`,
          body: { name: 'Dee Replay', email: 'dee@pri.example.org', role: 'dsl' },
        });
        const { id } = UserSchema.parse(added.json);
        // A DSL's session comes from the hub's operator (as `c2c-hub create-token` issues it), never from an admin.
        const issued = { json: await issueToken({ store: hub.store, now: () => new Date() }, id, 'session') };
        let as = { authorization: `Bearer ${issued.json.token}`, 'idempotency-key': 'replay-sg-1' };
        const send = () =>
          hub.app.request('/v1/handovers', {
            method: 'POST',
            headers: { ...as, 'content-type': 'application/json' },
            body: JSON.stringify(body),
          });
        const first: unknown = await (await send()).json();
        assert.equal(safeguardingOf(first).cpFileExists, true);
        await call('PATCH', `/v1/users/${id}`, { as: `${PRI}-admin`, body: { role: 'teacher' } });
        assert.equal((await send()).status, 401, 'the change of role ended the DSL’s session');
        // Keys are the user's, not the token's: their retry from a session issued for the new role reaches the replay.
        const renewed = await call('POST', '/v1/tokens', { as: `${PRI}-admin`, body: { userId: id, kind: 'session' } });
        as = { ...as, authorization: `Bearer ${TokenCreatedSchema.parse(renewed.json).token}` };
        const deniedBefore = (await hub.store.auditEntries({ organisationId: PRI, userId: id }, null, 100)).filter(
          (a) => a.action === 'denied',
        ).length;
        const again = await send();
        const text = await again.text();
        assert.equal(again.status, 403, text);
        assert.equal(ProblemSchema.parse(JSON.parse(text)).code, 'forbidden');
        assert.ok(!text.includes(handoverOf(first).id), 'the stored handover is not handed out');
        const denials = (await hub.store.auditEntries({ organisationId: PRI, userId: id }, null, 100)).filter(
          (a) => a.action === 'denied',
        );
        assert.equal(denials.length, deniedBefore + 1, 'the refusal is audited, as a new request’s is');
        // Naming no child, as a new request's refusal of a safeguarding write is (the attempt says there is a concern).
        assert.deepEqual(
          [denials[0]!.resource, denials[0]!.resourceId, denials[0]!.learnerId],
          ['POST /v1/handovers', '', null],
        );
      });
      it('refuses a replay to a user moved to another organisation, or disabled, since the first request', async () => {
        const learner = (await hub.store.learners({ organisationId: PRI }, undefined, null, 6))[5]!;
        const id = `${PRI}-teacher-moving`;
        await hub.store.putUsers([staffUser(id, 'teacher', 'Moving Teacher', PRI)]);
        const now = new Date();
        await hub.store.addToken(`demo_${id}`, id, 'api-key', new Date(now.getTime() + 86_400_000), now);
        const send = () =>
          call('POST', '/v1/handovers', {
            as: id,
            headers: { 'idempotency-key': 'replay-moved-1' },
            body: { transition: 'in-year', learnerId: learner.id, receivingOrganisationId: SEC },
          });
        const first = await send();
        assert.equal(first.status, 201);
        const replayed = await send();
        assert.equal(replayed.headers.get('idempotent-replayed'), 'true', 'still allowed: the stored answer');
        assert.equal(handoverOf(replayed.json).id, handoverOf(first.json).id);
        // Moved to the receiving school, which ends their key (it was issued for the first school's work). Keys are
        // the user's, so their retry from a new key reaches the replay: the sending school's draft (and its learner)
        // is no longer theirs to see.
        await hub.store.putUsers([staffUser(id, 'teacher', 'Moving Teacher', SEC)]);
        problem(await send(), 401, 'unauthenticated');
        await hub.store.addToken(`demo_${id}`, id, 'api-key', new Date(now.getTime() + 86_400_000), now);
        const moved = await send();
        problem(moved, 404, 'not_found');
        assert.ok(!JSON.stringify(moved.json).includes(learner.legalSurname));
        const denials = (await hub.store.auditEntries({ organisationId: SEC, userId: id }, null, 100)).filter(
          (a) => a.action === 'denied' && a.learnerId === learner.id,
        );
        assert.equal(denials.length, 1, 'the refusal is audited against the learner');
        // Back at the first school but disabled: the key no longer signs in, so nothing is replayed.
        await hub.store.putUsers([staffUser(id, 'teacher', 'Moving Teacher', PRI)]);
        await hub.store.addToken(`demo_${id}`, id, 'api-key', new Date(now.getTime() + 86_400_000), now);
        assert.equal((await send()).status, 201, 'back at the first school, with a new key, the answer is theirs');
        await call('PATCH', `/v1/users/${id}`, { as: `${PRI}-admin`, body: { disabled: true } });
        const disabled = await send();
        problem(disabled, 401, 'unauthenticated');
        assert.equal(disabled.headers.get('idempotent-replayed'), null);
      });
      it('mounts no route that honours an Idempotency-Key without an access check to run again before a replay', () => {
        const unchecked = defineRoute({
          method: 'post',
          path: '/v1/unchecked',
          operationId: 'unchecked',
          summary: 'A write with no access check',
          tag: 'Test',
          auth: 'token',
          responses: { 204: { description: 'Done', schema: null } },
          handler: async () => ({ status: 204, body: null }),
        });
        assert.throws(() => mountRoutes(new Hono(), [unchecked], {} as never, async () => null), /authorise/);
      });
      it('audits a replayed version conflict as a read, and never replays its safeguarding record to a non-DSL', async () => {
        const learner = (await hub.store.learners({ organisationId: PRI }, undefined, null, 7))[6]!;
        const added = await call('POST', '/v1/users', {
          as: `${PRI}-admin`,
          body: { name: 'Dee Conflict', email: 'dee.conflict@pri.example.org', role: 'dsl' },
        });
        const { id } = UserSchema.parse(added.json);
        // A DSL's session comes from the hub's operator (as `c2c-hub create-token` issues it), never from an admin.
        const issued = { json: await issueToken({ store: hub.store, now: () => new Date() }, id, 'session') };
        let auth = { authorization: `Bearer ${issued.json.token}` };
        const created = await hub.app.request('/v1/handovers', {
          method: 'POST',
          headers: { ...auth, 'content-type': 'application/json' },
          body: JSON.stringify({
            transition: 'in-year',
            learnerId: learner.id,
            receivingOrganisationId: SEC,
            safeguarding: { cpFileExists: true, dslContacts: [] },
          }),
        });
        const h = handoverOf(await created.json());
        // Someone else saves version 2, so submitting version 1 is a conflict that carries the current copy.
        const moved = await changeStrengths(h.id, `${PRI}-teacher`, '1', 'Kind.');
        assert.equal(moved.status, 200);
        const submit = () =>
          hub.app.request(`/v1/handovers/${h.id}/submit`, {
            method: 'POST',
            headers: { ...auth, 'if-match': '1', 'idempotency-key': 'conflict-replay-1' },
          });
        const first = versionConflict(await (await submit()).json());
        assert.equal(first.code, 'version_conflict');
        assert.equal(first.current.safeguarding?.cpFileExists, true);
        const safeguardingReads = async () =>
          (await hub.store.auditEntries({ organisationId: PRI, userId: id }, null, 100)).filter(
            (a) => a.action === 'read-safeguarding' && a.resourceId === h.id,
          ).length;
        const readsBefore = await safeguardingReads();
        const again = await submit();
        assert.equal(again.headers.get('idempotent-replayed'), 'true');
        assert.equal(versionConflict(await again.json()).current.safeguarding?.cpFileExists, true);
        assert.equal(await safeguardingReads(), readsBefore + 1, 'the replayed safeguarding view is audited');
        await call('PATCH', `/v1/users/${id}`, { as: `${PRI}-admin`, body: { role: 'teacher' } });
        assert.equal((await submit()).status, 401, 'the change of role ended the DSL’s session');
        const renewed = await call('POST', '/v1/tokens', { as: `${PRI}-admin`, body: { userId: id, kind: 'session' } });
        auth = { authorization: `Bearer ${TokenCreatedSchema.parse(renewed.json).token}` };
        const demoted = await submit();
        assert.equal(demoted.headers.get('idempotent-replayed'), 'true');
        const body = versionConflict(await demoted.json());
        assert.equal(body.code, 'version_conflict');
        assert.equal(body.current.id, h.id);
        assert.equal(body.current.safeguarding, undefined);
      });
      it('replays a POST with the same Idempotency-Key instead of creating a second handover', async () => {
        const learner = (await hub.store.learners({ organisationId: PRI }, undefined, null, 3))[2]!;
        const body = { transition: 'y6-to-y7', learnerId: learner.id, receivingOrganisationId: SEC };
        const before = (await hub.store.listHandovers({ learnerId: learner.id }, null, 100)).length;
        const first = await call('POST', '/v1/handovers', {
          as: `${PRI}-teacher`,
          body,
          headers: { 'idempotency-key': 'retry-abc-1' },
        });
        const second = await call('POST', '/v1/handovers', {
          as: `${PRI}-teacher`,
          body,
          headers: { 'idempotency-key': 'retry-abc-1' },
        });
        assert.equal(first.status, 201);
        assert.equal(second.status, 201);
        assert.equal(second.headers.get('idempotent-replayed'), 'true');
        assert.deepEqual(second.json, first.json);
        assert.equal((await hub.store.listHandovers({ learnerId: learner.id }, null, 100)).length, before + 1);
        // The replay handed the handover out again: it is audited as a read.
        const reads = await hub.store.auditEntries({ organisationId: PRI, userId: `${PRI}-teacher` }, null, 3);
        assert.ok(reads.some((a) => a.action === 'read' && a.resourceId === handoverOf(first.json).id));
        // The same request rebuilt with its fields in another order (a client retrying after a restart) is the same.
        const reordered = await call('POST', '/v1/handovers', {
          as: `${PRI}-teacher`,
          body: { receivingOrganisationId: SEC, learnerId: learner.id, transition: 'y6-to-y7' },
          headers: { 'idempotency-key': 'retry-abc-1' },
        });
        assert.equal(reordered.status, 201);
        assert.equal(reordered.headers.get('idempotent-replayed'), 'true');
        assert.deepEqual(reordered.json, first.json);
        problem(
          await call('POST', '/v1/handovers', {
            as: `${PRI}-teacher`,
            body: { ...body, transition: 'in-year' },
            headers: { 'idempotency-key': 'retry-abc-1' },
          }),
          422,
          'idempotency_key_reused',
        );
        // Keys belong to the caller: another user may use the same key for their own request.
        assert.equal(
          (
            await call('POST', '/v1/handovers', {
              as: `${PRI}-senco`,
              body,
              headers: { 'idempotency-key': 'retry-abc-1' },
            })
          ).status,
          201,
        );
      });
      it('audits a replayed learner or signposting record as a read, as a GET of it would be', async () => {
        const service = (await hub.store.searchServices({ query: {}, position: null, limit: 1 })).items[0]!.service;
        for (const [path, as, body, resource] of [
          ['/v1/learners', `${PRI}-transition`, newLearner({ legalForename: 'Replay' }), 'learner'],
          [
            '/v1/signposting',
            'vol-family-support-worker',
            {
              kind: 'signposted',
              serviceId: service.id,
              familyReference: 'FAM-RPL',
              consent: { given: true, method: 'verbal' },
            },
            'signposting',
          ],
        ] as const) {
          const org = (await hub.store.user(as))!.organisationId;
          const headers = { 'idempotency-key': `replay-read-${resource}` };
          const first = await call('POST', path, { as, body, headers });
          assert.equal(first.status, 201, JSON.stringify(first.json));
          const last = (await hub.store.auditEntries({ organisationId: org, userId: as }, null, 1))[0]!.id;
          const again = await call('POST', path, { as, body, headers });
          assert.equal(again.headers.get('idempotent-replayed'), 'true');
          const lines = (await hub.store.auditEntries({ organisationId: org, userId: as }, null, 10)).filter(
            (a) => a.id > last,
          );
          assert.deepEqual(
            lines.map((a) => [a.action, a.resource, a.resourceId]),
            [['read', resource, record(first.json).id]],
          );
        }
      });
      it('does not hand a signposting record out again to a retry once the family withdrew consent and it was deleted', async () => {
        const service = (await hub.store.searchServices({ query: {}, position: null, limit: 1 })).items[0]!.service;
        const as = 'vol-family-support-worker';
        const body = {
          kind: 'signposted',
          serviceId: service.id,
          familyReference: 'FAM-WITHDRAWN',
          note: 'Met at the school gate.',
          consent: { given: true, method: 'verbal' },
        };
        const headers = { 'idempotency-key': 'replay-after-delete' };
        const first = await call('POST', '/v1/signposting', { as, body, headers });
        assert.equal(first.status, 201, JSON.stringify(first.json));
        const { id: recordId } = SignpostingSchema.parse(first.json);
        const gone = await call('DELETE', `/v1/signposting/${recordId}`, { as });
        assert.equal(gone.status, 204, JSON.stringify(gone.json));
        const again = await call('POST', '/v1/signposting', { as, body, headers });
        problem(again, 409, 'invalid_state');
        assert.doesNotMatch(JSON.stringify(again.json), /FAM-WITHDRAWN|school gate/);
        // Nor was it made again: the record stays deleted.
        assert.equal(await hub.store.signpostingRecord(recordId), undefined);
      });
      it('answers 409 idempotency_in_progress while the first request with a key is still running', async () => {
        const now = new Date();
        const learner = await learnerOf(PRI);
        const body = { transition: 'y6-to-y7', learnerId: learner.id, receivingOrganisationId: SEC };
        // Claim the key exactly as a first request that is still running would have.
        await hub.store.beginIdempotent(
          `user:${PRI}-teacher`,
          'still-running',
          sha256(`post /v1/handovers\n${canonicalJson(body)}`),
          now,
          new Date(now.getTime() - 60_000),
          new Date(now.getTime() - 86_400_000),
        );
        const r = await call('POST', '/v1/handovers', {
          as: `${PRI}-teacher`,
          body,
          headers: { 'idempotency-key': 'still-running' },
        });
        problem(r, 409, 'idempotency_in_progress');
        assert.equal(r.headers.get('retry-after'), '1');
      });
    });

    describe('parents and carers', () => {
      let child: string;
      let handover: Handover;
      before(async () => {
        child = (await hub.store.user('parent-demo'))!.learnerIds[0]!;
        const school = (await hub.store.learner(child))!.organisationId;
        // The child's own handover, with staff-only sections and safeguarding, made here so the test stands alone.
        const made = await call('POST', '/v1/handovers', {
          as: `${school}-dsl`,
          body: {
            transition: 'in-year',
            learnerId: child,
            receivingOrganisationId: SEC,
            sections: {
              'pupil-voice': { 'all-about-me': 'I like trains.' },
              strengths: { strengths: 'Kind.' },
              family: { family: 'Mum and Gran.' },
            },
            safeguardingTransferRequired: true,
            safeguarding: { cpFileExists: true, dslContacts: [] },
          },
        });
        assert.equal(made.status, 201, JSON.stringify(made.json));
        handover = made.json as Handover;
        const said = await call('POST', `/v1/handovers/${handover.id}/messages`, {
          as: `${school}-dsl`,
          body: { body: 'Our DSL will call about the file.' },
        });
        assert.equal(said.status, 200, JSON.stringify(said.json));
      });
      it('see their own child’s handover with names and parent sections only', async () => {
        const r = await call('GET', `/v1/handovers/${handover.id}`, { as: 'parent-demo' });
        assert.equal(r.status, 200);
        assert.ok(ParentHandoverSchema.safeParse(r.json).success);
        // Read as sent, not as the schema keeps it: what must not be there is looked for in the answer itself.
        const sent = record(r.json);
        const learner = record(sent.learner, 'its learner');
        const sections = record(sent.sections, 'its sections');
        assert.deepEqual(
          Object.keys(learner).sort(),
          Object.keys(learner)
            .filter((k) => ['legalForename', 'legalSurname', 'preferredForename'].includes(k))
            .sort(),
        );
        assert.equal(learner.dateOfBirth, undefined);
        assert.ok(Object.keys(sections).every((s) => ['pupil-voice', 'family'].includes(s)));
        assert.equal(sections.strengths, undefined);
        assert.equal(sent.safeguarding, undefined);
        // Not even that a child-protection transfer is needed, nor what the schools say to each other (KCSIE).
        assert.equal(sent.safeguardingTransferRequired, undefined);
        assert.equal(sent.messages, undefined);
        assert.equal(sent.acknowledgedBy, undefined);
        const list = await call('GET', '/v1/handovers', { as: 'parent-demo' });
        const listed = jsonArray(record(list.json).data)
          .map((h) => record(h, 'a listed handover'))
          .find((h) => h.id === handover.id);
        assert.ok(listed);
        assert.equal(listed.safeguardingTransferRequired, undefined);
        assert.equal(listed.messages, undefined);
      });
      it('can add to pupil voice and family, and nothing else', async () => {
        const current = (await hub.store.handover(handover.id))!;
        const ok = await call('PATCH', `/v1/handovers/${handover.id}`, {
          as: 'parent-demo',
          headers: { 'if-match': String(current.version) },
          body: { sections: { family: { family: 'Mum, Nan and our dog Biscuit.' } } },
        });
        assert.equal(ok.status, 200, JSON.stringify(ok.json));
        const changed = ParentHandoverSchema.parse(ok.json);
        assert.equal(changed.sections.family?.family, 'Mum, Nan and our dog Biscuit.');
        problem(await changeStrengths(handover.id, 'parent-demo', changed.version, 'Everything'), 403, 'forbidden');
        problem(
          await call('PATCH', `/v1/handovers/${handover.id}`, {
            as: 'parent-demo',
            headers: { 'if-match': String(changed.version) },
            body: { receivingOrganisationId: 'sec-northgate' },
          }),
          403,
          'forbidden',
        );
        problem(await call('GET', `/v1/handovers/${handover.id}/versions`, { as: 'parent-demo' }), 403, 'forbidden');
        problem(
          await call('POST', `/v1/handovers/${handover.id}/messages`, { as: 'parent-demo', body: { body: 'Hello' } }),
          403,
          'forbidden',
        );
      });
      it('see nothing of other children', async () => {
        const other = (await hub.store.listHandovers({ sendingOrganisationId: PRI }, null, 50)).find(
          (h) => h.learnerId !== child,
        )!;
        problem(await call('GET', `/v1/handovers/${other.id}`, { as: 'parent-demo' }), 404, 'not_found');
        problem(await call('GET', `/v1/learners/${other.learnerId}`, { as: 'parent-demo' }), 404, 'not_found');
        const list = await call('GET', '/v1/handovers', { as: 'parent-demo' });
        const theirs = jsonArray(record(list.json).data).map((h) => record(h, 'a listed handover'));
        assert.ok(theirs.length >= 1);
        assert.ok(
          theirs.every((h) => h.learnerId === child && record(h.sections, 'its sections').strengths === undefined),
        );
        const learners = await call('GET', '/v1/learners', { as: 'parent-demo' });
        assert.deepEqual(
          pageOf(LearnerSchema)
            .parse(learners.json)
            .data.map((l) => l.id),
          [child],
        );
        // Contacts are other people's details (the other parent's phone): the school's view has them, a parent's not.
        const school = await call('GET', `/v1/learners/${child}`, { as: `${PRI}-teacher` });
        assert.ok(LearnerSchema.parse(school.json).contacts.length > 0, 'the seeded child has contacts');
        assert.deepEqual(pageOf(LearnerSchema).parse(learners.json).data[0]?.contacts, []);
        assert.deepEqual(
          LearnerSchema.parse((await call('GET', `/v1/learners/${child}`, { as: 'parent-demo' })).json).contacts,
          [],
        );
        problem(await call('GET', '/v1/signposting', { as: 'parent-demo' }), 403, 'forbidden');
        problem(await call('GET', `/v1/learners/${other.learnerId}/pathway`, { as: 'parent-demo' }), 404, 'not_found');
        const own = await call('GET', `/v1/learners/${child}/pathway`, { as: 'parent-demo' });
        assert.equal(own.status, 200);
        assert.equal(PathwaySchema.parse(own.json).learnerId, child);
      });
      it('do not see the safe strand of their child’s pathway (early help, child protection)', async () => {
        const path = `/v1/learners/${child}/pathway`;
        for (const [strand, title] of [
          ['safe', 'Child in need plan'],
          ['healthy', 'Hearing test'],
        ] as const) {
          const added = await call('POST', `${path}/events`, {
            as: `${PRI}-dsl`,
            body: { kind: 'support', strand, date: '2026-03-02', title },
          });
          assert.equal(added.status, 201, JSON.stringify(added.json));
        }
        const titles = async (as: string) =>
          PathwaySchema.parse((await call('GET', path, { as })).json).events.map((e) => e.title);
        const dsl = await titles(`${PRI}-dsl`);
        assert.ok(dsl.includes('Child in need plan') && dsl.includes('Hearing test'), 'the DSL sees both');
        const family = await titles('parent-demo');
        assert.ok(family.includes('Hearing test'), 'a parent sees the rest of the pathway');
        assert.ok(!family.includes('Child in need plan'), 'but not the safe strand');
      });
    });

    describe('learners and pathways', () => {
      it('lists only the caller’s own organisation’s learners, and finds them by name', async () => {
        const r = await call('GET', '/v1/learners?limit=100', { as: `${PRI}-teacher` });
        assert.equal(r.status, 200);
        assert.ok(
          pageOf(LearnerSchema).parse(r.json).data.length > 0 &&
            pageOf(LearnerSchema)
              .parse(r.json)
              .data.every((l) => l.organisationId === PRI),
        );
        const one = pageOf(LearnerSchema).parse(r.json).data[0]!;
        const found = await call('POST', '/v1/learners/search', {
          as: `${PRI}-teacher`,
          body: { q: one.legalSurname },
        });
        assert.equal(found.status, 200);
        assert.ok(
          pageOf(LearnerSchema)
            .parse(found.json)
            .data.some((l) => l.id === one.id),
        );
        assert.ok(
          pageOf(LearnerSchema)
            .parse(found.json)
            .data.every((l) => l.organisationId === PRI),
        );
        assert.ok(
          pageOf(LearnerSchema)
            .parse(found.json)
            .data.every((l) =>
              `${l.legalForename} ${l.legalSurname} ${l.preferredForename ?? ''}`
                .toLowerCase()
                .includes(one.legalSurname.toLowerCase()),
            ),
        );
      });
      it('refuses a name in the address: a search goes in the body of POST /v1/learners/search', async () => {
        const r = await call('GET', '/v1/learners?q=Smith', { as: `${PRI}-teacher` });
        problem(r, 400, 'unknown_field');
        assert.match(errorsOf(r.json)[0]!.message, /POST \/v1\/learners\/search/);
        problem(
          await call('POST', '/v1/learners/search', { as: `${PRI}-teacher`, body: { q: '  ' } }),
          422,
          'validation_failed',
        );
        problem(
          await call('POST', '/v1/learners/search', { as: `${PRI}-teacher`, body: {} }),
          422,
          'validation_failed',
        );
        problem(await call('POST', '/v1/learners/search', { body: { q: 'Smith' } }), 401, 'unauthenticated');
      });
      it('searches page by page, audits each learner it returns, and keeps no replay of a search', async () => {
        // Two letters several names share, so the search runs to several pages of one.
        const q = 'an';
        const expected = (await hub.store.learners({ organisationId: PRI }, q, null, 1000)).map((l) => l.id);
        assert.ok(expected.length >= 3, `${expected.length} learners match`);
        const seen: string[] = [];
        let cursor: string | undefined;
        do {
          const r = await call('POST', '/v1/learners/search', {
            as: `${PRI}-teacher`,
            body: { q, limit: 1, ...(cursor ? { cursor } : {}) },
          });
          assert.equal(r.status, 200);
          assert.equal(pageOf(LearnerSchema).parse(r.json).data.length, 1);
          seen.push(
            ...pageOf(LearnerSchema)
              .parse(r.json)
              .data.map((l) => l.id),
          );
          cursor = pageOf(LearnerSchema).parse(r.json).nextCursor ?? undefined;
        } while (cursor);
        assert.deepEqual([...seen].sort(), [...expected].sort());
        const audit = await hub.store.auditEntries({ organisationId: PRI, userId: `${PRI}-teacher` }, null, 500);
        for (const id of seen) assert.ok(audit.some((a) => a.action === 'read' && a.resourceId === id));
        // A page link belongs to its search.
        const first = await call('POST', '/v1/learners/search', {
          as: `${PRI}-teacher`,
          body: { q, limit: 1 },
        });
        problem(
          await call('POST', '/v1/learners/search', {
            as: `${PRI}-teacher`,
            body: { q: 'en', cursor: pageOf(LearnerSchema).parse(first.json).nextCursor },
          }),
          400,
          'invalid_cursor',
        );
        // An Idempotency-Key is ignored: a second search with the same key gets its own answer, not a replay.
        const headers = { 'idempotency-key': 'search-key-1' };
        const a = await call('POST', '/v1/learners/search', { as: `${PRI}-teacher`, headers, body: { q } });
        const b = await call('POST', '/v1/learners/search', { as: `${PRI}-teacher`, headers, body: { q: 'en' } });
        assert.equal(a.status, 200);
        assert.equal(b.status, 200);
        assert.equal(b.headers.get('idempotent-replayed'), null);
        const en = (await hub.store.learners({ organisationId: PRI }, 'en', null, 20)).map((l) => l.id);
        assert.deepEqual(
          pageOf(LearnerSchema)
            .parse(b.json)
            .data.map((l) => l.id),
          en,
        );
        assert.notDeepEqual(en, expected.slice(0, 20));
      });
      it('finds only a parent’s own children', async () => {
        const mine = await call('GET', '/v1/learners', { as: 'parent-demo' });
        const child = pageOf(LearnerSchema).parse(mine.json).data[0]!;
        const found = await call('POST', '/v1/learners/search', { as: 'parent-demo', body: { q: child.legalSurname } });
        assert.equal(found.status, 200);
        assert.ok(
          pageOf(LearnerSchema)
            .parse(found.json)
            .data.some((l) => l.id === child.id),
        );
        const own = new Set(
          pageOf(LearnerSchema)
            .parse(mine.json)
            .data.map((l) => l.id),
        );
        assert.ok(
          pageOf(LearnerSchema)
            .parse(found.json)
            .data.every((l) => own.has(l.id)),
        );
      });
      it('exports everything about a learner for a subject access request: admin and DSL only, audited', async () => {
        // A learner of the primary school whose handover carries a safeguarding record.
        const ours = await hub.store.learners({ organisationId: PRI }, undefined, null, 1000);
        let learner: Learner | undefined;
        for (const l of ours)
          if (
            (await hub.store.handoversForLearner(l.id)).some((h) => h.safeguarding && h.sendingOrganisationId === PRI)
          ) {
            learner = l;
            break;
          }
        assert.ok(learner, 'the seed has a primary learner with a safeguarding transfer');
        const path = `/v1/learners/${learner.id}/export`;

        const admin = await call('GET', path, { as: `${PRI}-admin` });
        assert.equal(admin.status, 200);
        assert.equal(LearnerExportSchema.parse(admin.json).learner.id, learner.id);
        assert.equal(LearnerExportSchema.parse(admin.json).exportedBy, `${PRI}-admin`);
        const visible = (await hub.store.handoversForLearner(learner.id)).filter(
          (h) => h.sendingOrganisationId === PRI || (h.receivingOrganisationId === PRI && h.status !== 'draft'),
        );
        assert.deepEqual(
          LearnerExportSchema.parse(admin.json)
            .handovers.map((h) => h.id)
            .sort(),
          visible.map((h) => h.id).sort(),
        );
        assert.ok(
          LearnerExportSchema.parse(admin.json).handovers.every((h) => h.safeguarding === undefined),
          'no safeguarding for an admin',
        );
        // The safe strand is the DSL's (field-level access): an administrator's export has the rest of the pathway.
        const recorded = (await hub.store.events(learner.id)).filter(
          (e) => (e.source.organisationId ?? learner.organisationId) === PRI,
        );
        assert.ok(recorded.length > 0);
        assert.equal(
          LearnerExportSchema.parse(admin.json).pathwayEvents.length,
          recorded.filter((e) => e.strand !== 'safe').length,
        );
        assert.ok(LearnerExportSchema.parse(admin.json).audit.every((a) => a.learnerId === learner.id));

        const dsl = await call('GET', path, { as: `${PRI}-dsl` });
        assert.equal(dsl.status, 200);
        const withRecord = LearnerExportSchema.parse(dsl.json).handovers.filter((h) => h.safeguarding !== undefined);
        assert.equal(LearnerExportSchema.parse(dsl.json).pathwayEvents.length, recorded.length);
        assert.ok(withRecord.length > 0, 'the DSL’s export has the safeguarding record');
        const lines = await hub.store.auditEntries({ organisationId: PRI, learnerId: learner.id }, null, 100);
        assert.ok(lines.some((a) => a.action === 'export' && a.userId === `${PRI}-admin`));
        assert.ok(lines.some((a) => a.action === 'export' && a.userId === `${PRI}-dsl`));
        for (const h of withRecord)
          assert.ok(
            lines.some((a) => a.action === 'read-safeguarding' && a.userId === `${PRI}-dsl` && a.resourceId === h.id),
          );
        // The admin's earlier export is among the audit lines a later export carries.
        assert.ok(
          LearnerExportSchema.parse(dsl.json).audit.some((a) => a.action === 'export' && a.userId === `${PRI}-admin`),
        );

        problem(await call('GET', path, { as: `${PRI}-teacher` }), 403, 'forbidden');
        // An organisation holding nothing about the learner (the receiving school's case is the next test).
        problem(await call('GET', path, { as: 'sec-northgate-admin' }), 404, 'not_found');
        problem(await call('GET', '/v1/learners/lrn-nobody/export', { as: 'sec-northgate-admin' }), 404, 'not_found');
        const denied = await hub.store.auditEntries(
          { organisationId: 'sec-northgate', userId: 'sec-northgate-admin' },
          null,
          20,
        );
        assert.ok(denied.some((a) => a.action === 'denied' && a.resourceId === learner.id));
      });
      it('lets the school a handover was submitted to answer a subject access request for what it holds', async () => {
        const created = await call('POST', '/v1/learners', {
          as: `${PRI}-transition`,
          body: newLearner({ legalForename: 'Export', dateOfBirth: '2015-02-11', sex: 'M' }),
        });
        assert.equal(created.status, 201, JSON.stringify(created.json));
        const learnerId = LearnerSchema.parse(created.json).id;
        const path = `/v1/learners/${learnerId}/export`;
        const start = async (transition: string) => {
          const r = await call('POST', '/v1/handovers', {
            as: `${PRI}-teacher`,
            body: { transition, learnerId, receivingOrganisationId: SEC, sections: completeSections },
          });
          assert.equal(r.status, 201, JSON.stringify(r.json));
          return r.json as Handover;
        };
        const sent = await start('y6-to-y7');
        problem(await call('GET', path, { as: `${SEC}-admin` }), 404, 'not_found'); // a draft is nobody else's yet
        assert.equal((await call('POST', `/v1/handovers/${sent.id}/submit`, { as: `${PRI}-teacher` })).status, 200);
        const unsent = await start('in-year');

        const theirs = await call('GET', path, { as: `${SEC}-admin` });
        assert.equal(theirs.status, 200, JSON.stringify(theirs.json));
        assert.equal(LearnerExportSchema.parse(theirs.json).exportedBy, `${SEC}-admin`);
        assert.deepEqual(
          LearnerExportSchema.parse(theirs.json).handovers.map((h) => h.id),
          [sent.id],
          'what was sent to them, not the sender’s draft',
        );
        assert.ok(LearnerExportSchema.parse(theirs.json).handoverVersions.length > 0);
        assert.ok(
          LearnerExportSchema.parse(theirs.json).handoverVersions.every(
            (v) => v.handoverId === sent.id && v.status !== 'draft',
          ),
        );
        assert.ok(LearnerExportSchema.parse(theirs.json).audit.length > 0);
        assert.ok(
          LearnerExportSchema.parse(theirs.json).audit.every((a) => a.organisationId === SEC),
          'their own audit lines: the sending school’s are the sending school’s to give',
        );
        const ours = await call('GET', path, { as: `${PRI}-admin` });
        assert.deepEqual(
          LearnerExportSchema.parse(ours.json)
            .handovers.map((h) => h.id)
            .sort(),
          [sent.id, unsent.id].sort(),
        );
        problem(await call('GET', path, { as: `${SEC}-teacher` }), 403, 'forbidden');
        problem(await call('GET', path, { as: 'sec-northgate-admin' }), 404, 'not_found');
      });
      it('exports the pathway events the organisation recorded, not those other organisations recorded', async () => {
        const created = await call('POST', '/v1/learners', {
          as: `${PRI}-transition`,
          body: newLearner({ legalForename: 'Sar', dateOfBirth: '2015-03-12', sex: 'F' }),
        });
        assert.equal(created.status, 201, JSON.stringify(created.json));
        const { id } = LearnerSchema.parse(created.json);
        const h = await call('POST', '/v1/handovers', {
          as: `${PRI}-teacher`,
          body: { transition: 'y6-to-y7', learnerId: id, receivingOrganisationId: SEC, sections: completeSections },
        });
        assert.equal(
          (await call('POST', `/v1/handovers/${handoverOf(h.json).id}/submit`, { as: `${PRI}-teacher` })).status,
          200,
        );
        const record = async (as: string, title: string) => {
          const r = await call('POST', `/v1/learners/${id}/pathway/events`, {
            as,
            body: { kind: 'note', strand: 'achieving', date: '2026-09-10', title },
          });
          assert.equal(r.status, 201, JSON.stringify(r.json));
          return PathwayEventSchema.parse(r.json).id;
        };
        const primary = await record(`${PRI}-teacher`, 'Left reading well');
        const secondary = await record(`${SEC}-teacher`, 'Settled into Year 7');
        // Both schools see both on the pathway; each exports only its own.
        const pathway = await call('GET', `/v1/learners/${id}/pathway`, { as: `${PRI}-admin` });
        const { events } = PathwaySchema.parse(pathway.json);
        assert.ok([primary, secondary].every((e) => events.some((p) => p.id === e)));
        for (const [as, own] of [
          [`${PRI}-admin`, primary],
          [`${SEC}-admin`, secondary],
          [`${SEC}-dsl`, secondary],
        ]) {
          const bundle = await call('GET', `/v1/learners/${id}/export`, { as });
          assert.equal(bundle.status, 200, JSON.stringify(bundle.json));
          assert.deepEqual(
            LearnerExportSchema.parse(bundle.json).pathwayEvents.map((e) => e.id),
            [own],
            as,
          );
        }
      });
      it('exports every version of the school’s handovers, so an answer since changed is in the export too', async () => {
        const h = await draft({ sections: { strengths: { strengths: 'An answer later corrected.' } } });
        const changed = await call('PATCH', `/v1/handovers/${h.id}`, {
          as: `${PRI}-teacher`,
          headers: { 'if-match': '1' },
          body: { sections: { ...completeSections, strengths: { strengths: 'The corrected answer.' } } },
        });
        assert.equal(changed.status, 200, JSON.stringify(changed.json));
        const sent = await call('POST', `/v1/handovers/${h.id}/submit`, { as: `${PRI}-teacher` });
        assert.equal(sent.status, 200, JSON.stringify(sent.json));
        const bundle = await call('GET', `/v1/learners/${h.learnerId}/export`, { as: `${PRI}-admin` });
        assert.equal(bundle.status, 200, JSON.stringify(bundle.json));
        const exported = LearnerExportSchema.parse(bundle.json);
        const versions = exported.handoverVersions.filter((v) => v.handoverId === h.id);
        assert.deepEqual(
          versions.map((v) => v.version),
          [1, 2, 3],
        );
        assert.equal(versions[0]!.sections.strengths?.strengths, 'An answer later corrected.');
        // Every version of every handover in the export (a received one's from its submission on), and of no other.
        const ids = new Set(exported.handovers.map((x) => x.id));
        for (const x of exported.handovers)
          assert.equal(
            exported.handoverVersions.filter((v) => v.handoverId === x.id).length,
            (await hub.store.handoverVersions(x.id)).filter(
              (v) => x.sendingOrganisationId === PRI || v.status !== 'draft',
            ).length,
          );
        assert.ok(exported.handoverVersions.every((v) => ids.has(v.handoverId)));
      });
      it('hides another organisation’s learner until a handover to the caller is submitted', async () => {
        const h = await draft({ sections: completeSections });
        problem(await call('GET', `/v1/learners/${h.learnerId}`, { as: 'sec-northgate-teacher' }), 404, 'not_found');
        await call('POST', `/v1/handovers/${h.id}/submit`, { as: `${PRI}-teacher` });
        assert.equal((await call('GET', `/v1/learners/${h.learnerId}`, { as: `${SEC}-teacher` })).status, 200);
        problem(await call('GET', `/v1/learners/${h.learnerId}`, { as: 'sec-northgate-teacher' }), 404, 'not_found');
      });
      it('shows a draft handover on the pathway to the sending school only', async () => {
        const sent = await submitted();
        const next = await call('POST', '/v1/handovers', {
          as: `${PRI}-teacher`,
          body: { transition: 'in-year', learnerId: sent.learnerId, receivingOrganisationId: 'sec-northgate' },
        });
        assert.equal(next.status, 201);
        const drafts = async (as: string) => {
          const r = await call('GET', `/v1/learners/${sent.learnerId}/pathway`, { as });
          assert.equal(r.status, 200);
          return PathwaySchema.parse(r.json)
            .events.filter((e) => e.kind === 'handover')
            .map((e) => e.handoverId);
        };
        const nextId = handoverOf(next.json).id;
        assert.ok((await drafts(`${PRI}-teacher`)).includes(nextId));
        const received = await drafts(`${SEC}-teacher`);
        assert.ok(received.includes(sent.id));
        assert.ok(!received.includes(nextId), 'another school’s draft is not on the pathway');
      });
      it('adds learners to the caller’s organisation only, deriving upnTemporary', async () => {
        const body = newLearner({ upn: 'A938200115001' });
        const { withUpnCheckLetter } = await import('@c2c/schema');
        body.upn = withUpnCheckLetter('93820011500A');
        const r = await call('POST', '/v1/learners', { as: `${PRI}-transition`, body });
        assert.equal(r.status, 201, JSON.stringify(r.json));
        const added = LearnerSchema.parse(r.json);
        assert.equal(added.upnTemporary, true);
        assert.match(added.id, /^lrn-/);
        problem(
          await call('POST', '/v1/learners', {
            as: `${PRI}-transition`,
            body: { ...body, organisationId: 'pri-oakfield' },
          }),
          403,
          'forbidden',
        );
        const good = withUpnCheckLetter('938200115009');
        const bad = `${good[0] === 'A' ? 'B' : 'A'}${good.slice(1)}`;
        const refused = await call('POST', '/v1/learners', { as: `${PRI}-transition`, body: { ...body, upn: bad } });
        problem(refused, 422, 'validation_failed');
        assert.equal(errorsOf(refused.json)[0]!.code, 'upn_check_letter');
        problem(await call('POST', '/v1/learners', { as: 'parent-demo', body }), 403, 'forbidden');
      });
      /** The school refers `learnerId` to the youth hub's service, with the family's written consent. */
      async function referToYouthHub(learnerId: string) {
        const services = (await hub.store.searchServices({ query: {}, position: null, limit: 200 })).items;
        const ours = services.find((h) => h.service.organisation?.id === 'youth-hub')!.service;
        const rec = await call('POST', '/v1/signposting', {
          as: 'sec-northgate-teacher',
          body: { kind: 'referred', serviceId: ours.id, learnerId, consent: { given: true, method: 'written' } },
        });
        assert.equal(rec.status, 201);
        return rec;
      }
      it('closes that pathway again when the school deletes the signposting (consent withdrawn)', async () => {
        const all = await hub.store.learners({ organisationId: 'sec-northgate' }, undefined, null, 100);
        const learner = all.at(-1)!;
        const path = `/v1/learners/${learner.id}/pathway`;
        problem(await call('GET', path, { as: 'youth-hub-worker' }), 404, 'not_found');
        const rec = await referToYouthHub(learner.id);
        assert.equal((await call('GET', path, { as: 'youth-hub-worker' })).status, 200);
        const gone = await hub.app.request(`/v1/signposting/${SignpostingSchema.parse(rec.json).id}`, {
          method: 'DELETE',
          headers: bearer('sec-northgate-teacher'),
        });
        assert.equal(gone.status, 204);
        problem(await call('GET', path, { as: 'youth-hub-worker' }), 404, 'not_found');
      });
      it('ends a worker’s pathway access when consent is withdrawn, even after they wrote an event', async () => {
        // Not the learner the other worker tests use: their audit lines would mix.
        const all = await hub.store.learners({ organisationId: 'sec-northgate' }, undefined, null, 100);
        assert.ok(all.length > 2);
        const learner = all[1]!;
        const path = `/v1/learners/${learner.id}/pathway`;
        const rec = await referToYouthHub(learner.id);
        assert.equal((await call('GET', path, { as: 'youth-hub-worker' })).status, 200);
        const note = { kind: 'support', strand: 'relationships', date: '2026-11-02', title: 'Mentoring sessions' };
        const wrote = await call('POST', `${path}/events`, { as: 'youth-hub-worker', body: note });
        assert.equal(wrote.status, 201, JSON.stringify(wrote.json));
        const gone = await hub.app.request(`/v1/signposting/${SignpostingSchema.parse(rec.json).id}`, {
          method: 'DELETE',
          headers: bearer('sec-northgate-teacher'),
        });
        assert.equal(gone.status, 204);
        const before = (
          await hub.store.auditEntries({ organisationId: 'youth-hub', learnerId: learner.id }, null, 1)
        )[0]!;
        problem(await call('GET', path, { as: 'youth-hub-worker' }), 404, 'not_found');
        problem(await call('POST', `${path}/events`, { as: 'youth-hub-worker', body: note }), 404, 'not_found');
        problem(
          await call('GET', `/v1/learners/${learner.id}/milestones`, { as: 'youth-hub-worker' }),
          404,
          'not_found',
        );
        const refused = (await hub.store.auditEntries({ organisationId: 'youth-hub', learnerId: learner.id }, null, 10))
          .filter((a) => a.id > before.id)
          .map((a) => `${a.userId} ${a.action} ${a.resource}`);
        assert.deepEqual(refused, Array(3).fill('youth-hub-worker denied learner'));
        // The event stays on the pathway, as a record, for the school.
        const school = await call('GET', path, { as: 'sec-northgate-teacher' });
        const wroteId = PathwayEventSchema.parse(wrote.json).id;
        assert.ok(PathwaySchema.parse(school.json).events.some((e) => e.id === wroteId));
      });
      it('gives no learner records to a worker in a school, nor to one whose organisation was sent a handover', async () => {
        // A school's administrator may give its family support worker an account in the school.
        const worker = `${PRI}-family-support`;
        await hub.store.putUsers([staffUser(worker, 'family-worker', 'Fran Support', PRI)]);
        await hub.store.addToken(
          `demo_${worker}`,
          worker,
          'api-key',
          new Date('2027-03-01T00:00:00Z'),
          new Date('2026-03-02T10:00:00Z'),
        );
        const learner = await learnerOf(PRI);
        problem(await call('GET', '/v1/learners?limit=5', { as: worker }), 403, 'forbidden');
        problem(
          await call('POST', '/v1/learners/search', { as: worker, body: { q: learner.legalSurname } }),
          403,
          'forbidden',
        );
        problem(await call('GET', `/v1/learners/${learner.id}`, { as: worker }), 404, 'not_found');
        const denied = await hub.store.auditEntries(
          { organisationId: PRI, learnerId: learner.id, userId: worker },
          null,
          5,
        );
        assert.ok(denied.some((e) => e.action === 'denied' && e.resource === 'learner'));
        assert.equal((await call('GET', `/v1/learners/${learner.id}`, { as: `${PRI}-teacher` })).status, 200);
        // A handover submitted to the youth hub (any organisation on the hub can be chosen) gives its worker no
        // record either.
        const sent = (await hub.store.listHandovers({ sendingOrganisationId: PRI, status: 'submitted' }, null, 1))[0]!;
        await hub.store.insertHandovers(
          [{ ...sent, id: 'hnd-to-youth-hub', receivingOrganisationId: 'youth-hub' }],
          `${PRI}-teacher`,
        );
        problem(await call('GET', `/v1/learners/${sent.learnerId}`, { as: 'youth-hub-worker' }), 404, 'not_found');
      });
      it('opens a pathway to a youth worker once the learner’s school signposts them there with consent', async () => {
        const learner = await learnerOf('sec-northgate');
        problem(await call('GET', `/v1/learners/${learner.id}/pathway`, { as: 'youth-hub-worker' }), 404, 'not_found');
        const services = (await hub.store.searchServices({ query: {}, position: null, limit: 200 })).items;
        const ours = services.find((h) => h.service.organisation?.id === 'youth-hub')!.service;
        const theirs = services.find((h) => h.service.organisation?.id !== 'youth-hub')!.service;
        const signpost = (as: string, serviceId: string, given = true) =>
          call('POST', '/v1/signposting', {
            as,
            body: { kind: 'signposted', serviceId, learnerId: learner.id, consent: { given, method: 'verbal' } },
          });
        // A worker cannot name a learner they have no link to (and so cannot grant themselves one): the same 404
        // as for an id that does not exist.
        problem(await signpost('youth-hub-worker', ours.id), 404, 'not_found');
        problem(
          await call('POST', '/v1/signposting', {
            as: 'youth-hub-worker',
            body: {
              kind: 'signposted',
              serviceId: ours.id,
              learnerId: 'lrn-nope',
              consent: { given: true, method: 'verbal' },
            },
          }),
          404,
          'not_found',
        );
        problem(
          await call('POST', `/v1/learners/${learner.id}/pathway/events`, {
            as: 'youth-hub-worker',
            body: { kind: 'note', strand: 'safe', date: '2026-12-01', title: 'x' },
          }),
          404,
          'not_found',
        );
        // The school signposting to another organisation's service opens nothing to the youth hub.
        assert.equal((await signpost('sec-northgate-teacher', theirs.id)).status, 201);
        problem(await call('GET', `/v1/learners/${learner.id}/pathway`, { as: 'youth-hub-worker' }), 404, 'not_found');
        // To one of the youth hub's own services, with consent: the youth hub now works with this learner.
        const rec = await signpost('sec-northgate-teacher', ours.id);
        assert.equal(rec.status, 201, JSON.stringify(rec.json));
        assert.equal(SignpostingSchema.parse(rec.json).serviceName, ours.name);
        const pathway = await call('GET', `/v1/learners/${learner.id}/pathway`, { as: 'youth-hub-worker' });
        assert.equal(pathway.status, 200);
        assert.equal(PathwaySchema.parse(pathway.json).learnerId, learner.id);
        // The pathway only: the learner's record stays with the schools.
        problem(await call('GET', `/v1/learners/${learner.id}`, { as: 'youth-hub-worker' }), 404, 'not_found');
        assert.equal((await signpost('youth-hub-worker', ours.id)).status, 201);
        // The learner's school can see who outside it looked: the youth hub's reads and refused attempts too.
        const seen = await call('GET', `/v1/audit?learnerId=${learner.id}&limit=50`, { as: 'sec-northgate-admin' });
        assert.equal(seen.status, 200);
        const outsiders = pageOf(AuditEntrySchema)
          .parse(seen.json)
          .data.filter((a) => a.organisationId === 'youth-hub')
          .map((a) => a.action);
        assert.ok(outsiders.includes('read') && outsiders.includes('denied'), JSON.stringify(outsiders));
        // Another school sees none of it: at most its own staff's reads of handovers it once sent about the child.
        const elsewhere = await call('GET', `/v1/audit?learnerId=${learner.id}`, { as: `${PRI}-admin` });
        assert.deepEqual(
          pageOf(AuditEntrySchema)
            .parse(elsewhere.json)
            .data.filter((a) => a.organisationId !== PRI),
          [],
        );
        const audit = await hub.store.auditEntries({ organisationId: 'youth-hub', learnerId: learner.id }, null, 20);
        assert.deepEqual(audit.map((a) => a.action).sort(), [
          'denied',
          'denied',
          'denied',
          'denied',
          'denied',
          'read',
          'signpost',
        ]);
      });
      it('refuses a pathway event that claims to be a handover', async () => {
        const h = await draft();
        const post = (body: Record<string, unknown>) =>
          call('POST', `/v1/learners/${h.learnerId}/pathway/events`, { as: `${PRI}-teacher`, body });
        const event = { strand: 'achieving', date: '2025-06-10', title: 'Transition handover: Year 6 to Year 7' };
        const forged = await post({ ...event, kind: 'handover', handoverId: h.id, handoverStatus: 'acknowledged' });
        problem(forged, 422, 'validation_failed');
        assert.deepEqual(
          errorsOf(forged.json).map((e) => e.path),
          ['kind', 'handoverId', 'handoverStatus'],
        );
        problem(await post({ ...event, kind: 'note', transition: 'y6-to-y7' }), 422, 'validation_failed');
        const pathway = await call('GET', `/v1/learners/${h.learnerId}/pathway`, { as: `${PRI}-teacher` });
        assert.deepEqual(
          PathwaySchema.parse(pathway.json)
            .events.filter((e) => e.handoverId === h.id)
            .map((e) => e.id),
          [`${h.id}-event`],
        );
      });
      it('records pathway events and computes milestones from the date of birth', async () => {
        // A learner with a handover of this test's own: "the first learner" changes when another test adds one
        // with a random id that sorts first, and had no handover then.
        const h = await draft();
        const learner = { id: h.learnerId };
        const ev = await call('POST', `/v1/learners/${learner.id}/pathway/events`, {
          as: `${PRI}-teacher`,
          body: {
            kind: 'milestone',
            strand: 'achieving',
            date: '2025-06-10',
            title: 'Phonics check passed',
            milestoneId: 'phonics-check',
          },
        });
        assert.equal(ev.status, 201, JSON.stringify(ev.json));
        const recorded = PathwayEventSchema.parse(ev.json);
        assert.equal(recorded.source.organisationId, PRI);
        const pathway = await call('GET', `/v1/learners/${learner.id}/pathway`, { as: `${PRI}-teacher` });
        const { events } = PathwaySchema.parse(pathway.json);
        assert.ok(events.some((e) => e.id === recorded.id));
        assert.ok(events.some((e) => e.kind === 'handover' && e.handoverId === h.id));
        const ms = await call('GET', `/v1/learners/${learner.id}/milestones`, { as: `${PRI}-teacher` });
        assert.equal(ms.status, 200);
        const milestones = dataOf(MilestoneWithStateSchema).parse(ms.json).data;
        assert.equal(milestones.find((m) => m.id === 'phonics-check')?.state, 'done');
        assert.ok(milestones.every((m) => ['upcoming', 'due', 'done', 'overdue', 'past'].includes(m.state)));
        problem(
          await call('POST', `/v1/learners/${learner.id}/pathway/events`, {
            as: 'parent-demo',
            body: { kind: 'note', strand: 'safe', date: '2025-06-10', title: 'x' },
          }),
          403,
          'forbidden',
        );
      });
      it('GET /milestones lets a gap long past rest: overdue while the school can still act, past after', async () => {
        // The hub's clock says 2 March 2026. A 30-year-old's progress check at two used to be "overdue".
        const stateOf = async (dateOfBirth: string) => {
          const created = await call('POST', '/v1/learners', {
            as: `${PRI}-transition`,
            body: newLearner({ legalForename: 'Milestones', dateOfBirth }),
          });
          assert.equal(created.status, 201, JSON.stringify(created.json));
          const { id } = LearnerSchema.parse(created.json);
          const ms = await call('GET', `/v1/learners/${id}/milestones`, { as: `${PRI}-teacher` });
          assert.equal(ms.status, 200, JSON.stringify(ms.json));
          return Object.fromEntries(
            dataOf(MilestoneWithStateSchema)
              .parse(ms.json)
              .data.map((m) => [m.id, m.state]),
          );
        };
        const adult = await stateOf('1996-01-10');
        assert.deepEqual(new Set(Object.values(adult)), new Set(['past']), JSON.stringify(adult));
        // In Year 5: the Year 4 times tables check, unrecorded, is still the primary school's to record.
        const pupil = await stateOf('2016-01-10');
        assert.equal(pupil['multiplication-tables-check'], 'overdue');
        assert.equal(pupil['progress-check-2'], 'past');
        assert.equal(pupil['ks2-tests'], 'upcoming');
      });
    });

    describe('signposting, audit and tokens', () => {
      const firstService = async () =>
        (await hub.store.searchServices({ query: {}, position: null, limit: 1 })).items[0]!.service;
      /** The family support worker records a family (by reference, no learner) sent to the first service. */
      const signpostFamily = async (kind: 'signposted' | 'referred', familyReference: string, given: boolean) =>
        call('POST', '/v1/signposting', {
          as: 'vol-family-support-worker',
          body: { kind, serviceId: (await firstService()).id, familyReference, consent: { given, method: 'verbal' } },
        });
      it('deletes a signposting record when consent is withdrawn: its own organisation only, audited', async () => {
        const made = await signpostFamily('signposted', 'FAM-WITHDRAWN', true);
        assert.equal(made.status, 201);
        const { id } = SignpostingSchema.parse(made.json);
        const path = `/v1/signposting/${id}`;
        // Another organisation and a parent are told it does not exist, and the attempt is audited.
        problem(await call('DELETE', path, { as: 'youth-hub-worker' }), 404, 'not_found');
        problem(await call('DELETE', path, { as: 'parent-demo' }), 404, 'not_found');
        const denied = await hub.store.auditEntries(
          { organisationId: 'youth-hub', userId: 'youth-hub-worker' },
          null,
          50,
        );
        assert.ok(denied.some((a) => a.action === 'denied' && a.resourceId === id));
        assert.ok(await hub.store.signpostingRecord(id));

        const keyed = { ...bearer('vol-family-support-worker'), 'idempotency-key': 'withdraw-fam-1' };
        const gone = await hub.app.request(path, { method: 'DELETE', headers: keyed });
        assert.equal(gone.status, 204);
        assert.equal(await gone.text(), '');
        // A retry after a lost answer (same key) is told it worked, not that the record is missing.
        const retried = await hub.app.request(path, { method: 'DELETE', headers: keyed });
        assert.equal(retried.status, 204);
        assert.equal(retried.headers.get('idempotent-replayed'), 'true');
        assert.equal(await hub.store.signpostingRecord(id), undefined);
        const list = await call('GET', '/v1/signposting?limit=100', { as: 'vol-family-support-worker' });
        assert.ok(
          !pageOf(SignpostingSchema)
            .parse(list.json)
            .data.some((r) => r.id === id),
        );
        const lines = await hub.store.auditEntries(
          { organisationId: 'vol-family-support', userId: 'vol-family-support-worker' },
          null,
          50,
        );
        assert.ok(lines.some((a) => a.action === 'delete' && a.resource === 'signposting' && a.resourceId === id));
        problem(await call('DELETE', path, { as: 'vol-family-support-worker' }), 404, 'not_found');
        // A portal on an allowed origin may send it from the browser: the preflight allows DELETE.
        const preflight = await hub.app.request(path, {
          method: 'OPTIONS',
          headers: { origin: 'http://localhost:8080', 'access-control-request-method': 'DELETE' },
        });
        assert.match(preflight.headers.get('access-control-allow-methods') ?? '', /DELETE/);
      });
      it('needs consent for a referral and a known service', async () => {
        const service = await firstService();
        const r = await signpostFamily('referred', 'FAM-12', false);
        problem(r, 422, 'validation_failed');
        assert.equal(errorsOf(r.json)[0]!.code, 'consent_required');
        problem(
          await call('POST', '/v1/signposting', {
            as: 'vol-family-support-worker',
            body: { kind: 'signposted', serviceId: 'nope', consent: { given: true, method: 'verbal' } },
          }),
          422,
          'validation_failed',
        );
        problem(
          await call('POST', '/v1/signposting', {
            as: 'parent-demo',
            body: { kind: 'signposted', serviceId: service.id, consent: { given: true, method: 'verbal' } },
          }),
          403,
          'forbidden',
        );
        // One of the youth hub's own, so the list below has something to show whichever tests ran before this one.
        const own = await call('POST', '/v1/signposting', {
          as: 'youth-hub-worker',
          body: {
            kind: 'signposted',
            serviceId: service.id,
            familyReference: 'FAM-YH-1',
            consent: { given: true, method: 'verbal' },
          },
        });
        assert.equal(own.status, 201, JSON.stringify(own.json));
        const list = await call('GET', '/v1/signposting', { as: 'youth-hub-worker' });
        const shown = pageOf(SignpostingSchema).parse(list.json).data;
        const ownId = SignpostingSchema.parse(own.json).id;
        assert.ok(shown.some((s) => s.id === ownId));
        assert.ok(shown.every((s) => s.organisationId === 'youth-hub'));
        // Each record the worker was shown is in the audit log as a read by them, with its learner.
        const seen = await hub.store.auditEntries(
          { organisationId: 'youth-hub', userId: 'youth-hub-worker' },
          null,
          200,
        );
        for (const record of shown) {
          const line = seen.find(
            (a) => a.action === 'read' && a.resource === 'signposting' && a.resourceId === record.id,
          );
          assert.ok(line, `the read of ${record.id} is audited`);
          assert.equal(line.learnerId, record.learnerId ?? null);
        }
      });
      it('shows an admin their own organisation’s audit log, newest first, with working cursors', async () => {
        problem(await call('GET', '/v1/audit', { as: `${PRI}-teacher` }), 403, 'forbidden');
        const first = await call('GET', '/v1/audit?limit=5', { as: `${PRI}-admin` });
        assert.equal(first.status, 200);
        const firstCursor = pageOf(AuditEntrySchema).parse(first.json).nextCursor;
        assert.ok(firstCursor, 'the log has a second page');
        assert.equal(pageOf(AuditEntrySchema).parse(first.json).data.length, 5);
        assert.ok(
          pageOf(AuditEntrySchema)
            .parse(first.json)
            .data.every((a) => a.organisationId === PRI),
        );
        const ids = pageOf(AuditEntrySchema)
          .parse(first.json)
          .data.map((a) => a.id);
        assert.deepEqual(
          ids,
          [...ids].sort((a, b) => b - a),
        );
        const second = await call('GET', `/v1/audit?limit=5&cursor=${encodeURIComponent(firstCursor)}`, {
          as: `${PRI}-admin`,
        });
        assert.ok(pageOf(AuditEntrySchema).parse(second.json).data[0]!.id < ids[4]!);
        problem(
          await call('GET', `/v1/audit?limit=5&userId=${PRI}-teacher&cursor=${encodeURIComponent(firstCursor)}`, {
            as: `${PRI}-admin`,
          }),
          400,
          'invalid_cursor',
        );
        const byUser = await call('GET', `/v1/audit?userId=${PRI}-dsl`, { as: `${PRI}-admin` });
        assert.ok(
          pageOf(AuditEntrySchema).parse(byUser.json).data.length > 0 &&
            pageOf(AuditEntrySchema)
              .parse(byUser.json)
              .data.every((a) => a.userId === `${PRI}-dsl`),
        );
        const other = await call('GET', '/v1/audit?limit=100', { as: `${SEC}-admin` });
        // Its own people's lines, and others' about its own pupils: a primary reading the handovers it sent about
        // children now at this secondary (the seeded cluster's children have such histories).
        const pupils = new Set(
          (await hub.store.learners({ organisationId: SEC }, undefined, null, 1000)).map((l) => l.id),
        );
        assert.ok(
          pageOf(AuditEntrySchema).parse(other.json).data.length > 0 &&
            pageOf(AuditEntrySchema)
              .parse(other.json)
              .data.every((a) => a.organisationId === SEC || (a.learnerId !== null && pupils.has(a.learnerId))),
        );
      });
      it('audits an admin’s read of the audit log against each child it names', async () => {
        const learner = await learnerOf(PRI);
        assert.equal((await call('GET', `/v1/learners/${learner.id}`, { as: `${PRI}-teacher` })).status, 200);
        const page = await call('GET', `/v1/audit?learnerId=${learner.id}&limit=100`, { as: `${PRI}-admin` });
        assert.equal(page.status, 200);
        assert.ok(pageOf(AuditEntrySchema).parse(page.json).data.length > 0);
        const nobody = await call('GET', `/v1/audit?userId=${PRI}-left-last-year`, { as: `${PRI}-admin` });
        assert.deepEqual(pageOf(AuditEntrySchema).parse(nobody.json).data, []);
        const lines = await hub.store.auditEntries({ organisationId: PRI, userId: `${PRI}-admin` }, null, 2);
        const reads = lines
          .filter((a) => a.resource === 'audit')
          .map((a) => `${a.action} ${a.resourceId} ${a.learnerId}`);
        assert.deepEqual(reads, [`read ${PRI}-left-last-year null`, `read ${learner.id} ${learner.id}`]);
      });
      it('lets an admin issue tokens for their own organisation’s users only', async () => {
        problem(
          await call('POST', '/v1/tokens', {
            as: `${PRI}-teacher`,
            body: { userId: `${PRI}-teacher`, kind: 'session' },
          }),
          403,
          'forbidden',
        );
        problem(
          await call('POST', '/v1/tokens', { as: `${PRI}-admin`, body: { userId: `${SEC}-teacher`, kind: 'session' } }),
          404,
          'not_found',
        );
        const r = await call('POST', '/v1/tokens', {
          as: `${PRI}-admin`,
          body: { userId: `${PRI}-senco`, kind: 'session', ttlMinutes: 30 },
        });
        assert.equal(r.status, 201);
        assert.equal(r.headers.get('cache-control'), 'no-store');
        const me = await hub.app.request('/v1/me', {
          headers: { authorization: `Bearer ${TokenCreatedSchema.parse(r.json).token}` },
        });
        const body = PrincipalSchema.parse(await me.json());
        assert.equal(body.user.id, `${PRI}-senco`);
        assert.equal(body.tokenKind, 'session');
        const row = await hub.store.db
          .selectFrom('tokens')
          .selectAll()
          .where('user_id', '=', `${PRI}-senco`)
          .where('kind', '=', 'session')
          .executeTakeFirstOrThrow();
        assert.notEqual(row.hash, TokenCreatedSchema.parse(r.json).token);
        assert.match(row.hash, /^[0-9a-f]{64}$/);
        const issued = await hub.store.auditEntries({ organisationId: PRI, userId: `${PRI}-admin` }, null, 50);
        assert.ok(
          issued.some(
            (a) => a.action === 'create' && a.resource === 'token:session' && a.resourceId === `${PRI}-senco`,
          ),
          'the issue is in the audit log',
        );
      });
      it('keeps no copy of an issued token for an Idempotency-Key retry, and issues it once', async () => {
        const count = async () =>
          (await hub.store.db.selectFrom('tokens').select('hash').where('user_id', '=', `${PRI}-transition`).execute())
            .length;
        const before = await count();
        const send = () =>
          call('POST', '/v1/tokens', {
            as: `${PRI}-admin`,
            body: { userId: `${PRI}-transition`, kind: 'session' },
            headers: { 'idempotency-key': 'issue-once-1' },
          });
        const first = await send();
        assert.equal(first.status, 201);
        const stored = await hub.store.db.selectFrom('idempotency').select('body').execute();
        assert.ok(
          stored.every((r) => !(r.body ?? '').includes(TokenCreatedSchema.parse(first.json).token)),
          'the token is not stored anywhere',
        );
        const retry = await send();
        // A replay, so its problem keeps the first request's id.
        assert.equal(retry.status, 409);
        assert.equal(ProblemSchema.parse(retry.json).code, 'invalid_state');
        assert.match(ProblemSchema.parse(retry.json).detail, /shown only once/);
        assert.equal(retry.headers.get('idempotent-replayed'), 'true');
        assert.equal(JSON.stringify(retry.json).includes(TokenCreatedSchema.parse(first.json).token), false);
        assert.equal(await count(), before + 1);
      });
      it('audits every refused attempt as denied, with the route and the record asked for', async () => {
        problem(await call('GET', '/v1/audit', { as: `${PRI}-senco` }), 403, 'forbidden');
        problem(
          await call('PATCH', `/v1/users/${PRI}-teacher`, { as: `${PRI}-senco`, body: { role: 'admin' } }),
          403,
          'forbidden',
        );
        const lines = await hub.store.auditEntries({ organisationId: PRI, userId: `${PRI}-senco` }, null, 5);
        const denied = lines.filter((a) => a.action === 'denied').map((a) => `${a.resource} ${a.resourceId}`);
        assert.deepEqual(denied.slice(0, 2), [`PATCH /v1/users/:id ${PRI}-teacher`, 'GET /v1/audit ']);
      });
      it('audits as denied each attempt on another organisation’s learner or user, though it answers as if none existed', async () => {
        const theirs = await learnerOf(SEC);
        problem(
          await call('POST', '/v1/handovers', {
            as: `${PRI}-admin`,
            body: { transition: 'in-year', learnerId: theirs.id, receivingOrganisationId: null },
          }),
          404,
          'not_found',
        );
        problem(
          await call('POST', '/v1/tokens', { as: `${PRI}-admin`, body: { userId: `${SEC}-dsl`, kind: 'session' } }),
          404,
          'not_found',
        );
        problem(
          await call('PATCH', `/v1/users/${SEC}-teacher`, { as: `${PRI}-admin`, body: { disabled: true } }),
          404,
          'not_found',
        );
        problem(
          await call('POST', '/v1/users', {
            as: `${PRI}-admin`,
            body: { name: 'A Parent', email: 'a.parent@example.org', role: 'parent', learnerIds: [theirs.id] },
          }),
          422,
          'validation_failed',
        );
        const lines = await hub.store.auditEntries({ organisationId: PRI, userId: `${PRI}-admin` }, null, 4);
        assert.deepEqual(
          lines.map((a) => `${a.action} ${a.resource} ${a.resourceId} ${a.learnerId}`),
          [
            `denied learner ${theirs.id} ${theirs.id}`,
            `denied user ${SEC}-teacher null`,
            `denied user ${SEC}-dsl null`,
            `denied learner ${theirs.id} ${theirs.id}`,
          ],
        );
        // The learner's own school sees who tried to reach its learner.
        const seen = await call('GET', `/v1/audit?learnerId=${theirs.id}`, { as: `${SEC}-admin` });
        assert.ok(
          pageOf(AuditEntrySchema)
            .parse(seen.json)
            .data.some((a) => a.action === 'denied' && a.userId === `${PRI}-admin`),
        );
      });
      it('does not let an administrator read back from their own audit log which of another organisation’s ids exist', async () => {
        const theirs = await learnerOf(SEC);
        // Millbrook's, addressed to Brookfield but not sent: Brookfield may not know it exists.
        const unsent = await draft();
        const audit = async (as: string, query: string) => {
          const r = await call('GET', `/v1/audit?limit=100&${query}`, { as });
          assert.equal(r.status, 200, JSON.stringify(r.json));
          return pageOf(AuditEntrySchema).parse(r.json).data;
        };
        // Each is answered 404, ids that exist elsewhere and ids that exist nowhere alike.
        for (const id of [theirs.id, 'lrn-nowhere'])
          problem(await call('GET', `/v1/learners/${id}`, { as: `${PRI}-admin` }), 404, 'not_found');
        for (const id of [`${SEC}-teacher`, `${SEC}-nobody`])
          problem(
            await call('PATCH', `/v1/users/${id}`, { as: `${PRI}-admin`, body: { name: 'Probe' } }),
            404,
            'not_found',
          );
        problem(await call('GET', `/v1/handovers/${unsent.id}`, { as: `${SEC}-admin` }), 404, 'not_found');
        // So the prober's own log does not tell them apart either.
        assert.deepEqual(await audit(`${PRI}-admin`, `learnerId=${theirs.id}`), []);
        assert.ok(
          !(await audit(`${PRI}-admin`, `userId=${PRI}-admin`)).some((a) => a.resourceId === `${SEC}-teacher`),
          'no line names the other school’s user',
        );
        assert.ok(
          !(await audit(`${SEC}-admin`, `userId=${SEC}-admin`)).some((a) => a.resourceId === unsent.id),
          'no line names the unsent handover, nor so the learner it is about',
        );
        // The record's own organisation still sees who tried.
        assert.ok(
          (await audit(`${SEC}-admin`, `learnerId=${theirs.id}`)).some(
            (a) => a.action === 'denied' && a.userId === `${PRI}-admin`,
          ),
        );
        assert.ok(
          (await audit(`${PRI}-admin`, `learnerId=${unsent.learnerId}`)).some(
            (a) => a.action === 'denied' && a.resourceId === unsent.id && a.userId === `${SEC}-admin`,
          ),
        );
      });
      it('names the learner on a refused attempt at their record, so their school finds it by learner', async () => {
        const h = await submitted();
        // The receiving school may read this handover but not change or submit it; a teacher may not export.
        problem(
          await changeStrengths(h.id, `${SEC}-teacher`, h.version, 'Changed by the wrong school.'),
          403,
          'forbidden',
        );
        problem(await call('POST', `/v1/handovers/${h.id}/submit`, { as: `${SEC}-teacher` }), 403, 'forbidden');
        problem(await call('GET', `/v1/learners/${h.learnerId}/export`, { as: `${PRI}-teacher` }), 403, 'forbidden');
        const seen = await call('GET', `/v1/audit?learnerId=${h.learnerId}&limit=100`, { as: `${PRI}-admin` });
        assert.equal(seen.status, 200);
        const denied = pageOf(AuditEntrySchema)
          .parse(seen.json)
          .data.filter((a) => a.action === 'denied')
          .map((a) => `${a.userId} ${a.resource} ${a.resourceId}`);
        for (const line of [
          `${SEC}-teacher PATCH /v1/handovers/:id ${h.id}`,
          `${SEC}-teacher POST /v1/handovers/:id/submit ${h.id}`,
          `${PRI}-teacher GET /v1/learners/:id/export ${h.learnerId}`,
        ])
          assert.ok(denied.includes(line), `the learner's school sees "${line}" in ${JSON.stringify(denied)}`);
      });
      it('never issues a DSL an API key, nor a session longer than a working day', async () => {
        const issue = (body: Record<string, unknown>, as = `${PRI}-admin`) => call('POST', '/v1/tokens', { as, body });
        problem(await issue({ userId: `${PRI}-dsl`, kind: 'api-key' }, `${PRI}-dsl`), 403, 'forbidden');
        problem(await issue({ userId: `${PRI}-teacher`, kind: 'session', ttlMinutes: 481 }), 422, 'validation_failed');
        problem(
          await issue({ userId: `${PRI}-dsl`, kind: 'session', ttlMinutes: 481 }, `${PRI}-dsl`),
          422,
          'validation_failed',
        );
      });
      it('never lets an administrator issue a token for a DSL; a DSL renews their own session', async () => {
        const issue = (body: Record<string, unknown>, as = `${PRI}-admin`) => call('POST', '/v1/tokens', { as, body });
        const count = async () =>
          (await hub.store.db.selectFrom('tokens').select('hash').where('user_id', '=', `${PRI}-dsl`).execute()).length;
        const before = await count();
        for (const kind of ['session', 'api-key']) {
          const refused = await issue({ userId: `${PRI}-dsl`, kind });
          problem(refused, 403, 'forbidden');
          assert.equal(record(refused.json).token, undefined);
          assert.match(ProblemSchema.parse(refused.json).detail, /administrator cannot issue/);
          assert.match(ProblemSchema.parse(refused.json).detail, /c2c-hub create-token/);
        }
        assert.equal(await count(), before, 'no token stored for the DSL');
        // Refused, and audited as refused.
        const lines = await hub.store.auditEntries({ organisationId: PRI, userId: `${PRI}-admin` }, null, 2);
        assert.deepEqual(
          lines.map((a) => `${a.action} ${a.resource}`),
          ['denied POST /v1/tokens', 'denied POST /v1/tokens'],
        );
        // Nor may a DSL issue tokens for anyone else.
        problem(await issue({ userId: `${PRI}-teacher`, kind: 'session' }, `${PRI}-dsl`), 403, 'forbidden');
        // A DSL renews their own session, from their own token; the new session is theirs.
        const renewed = await issue({ userId: `${PRI}-dsl`, kind: 'session', ttlMinutes: 480 }, `${PRI}-dsl`);
        assert.equal(renewed.status, 201);
        const me = await hub.app.request('/v1/me', {
          headers: { authorization: `Bearer ${TokenCreatedSchema.parse(renewed.json).token}` },
        });
        const body = PrincipalSchema.parse(await me.json());
        assert.equal(body.user.id, `${PRI}-dsl`);
        assert.equal(body.tokenKind, 'session');
        const own = await hub.store.auditEntries({ organisationId: PRI, userId: `${PRI}-dsl` }, null, 5);
        assert.ok(
          own.some((a) => a.action === 'create' && a.resource === 'token:session' && a.resourceId === `${PRI}-dsl`),
          'the renewal is in the audit log',
        );
      });
      it('audits a token issued for a parent against each of their children: the child’s trail shows who can act as the parent', async () => {
        const learners = await hub.store.learners({ organisationId: PRI }, undefined, null, 2);
        const children = [learners[0]!.id, learners[1]!.id];
        const added = await call('POST', '/v1/users', {
          as: `${PRI}-admin`,
          body: { name: 'Robin Carer', email: 'robin.carer@example.org', role: 'parent', learnerIds: children },
        });
        assert.equal(added.status, 201, JSON.stringify(added.json));
        const { id } = UserSchema.parse(added.json);
        for (const kind of ['api-key', 'session'] as const) {
          const issued = await call('POST', '/v1/tokens', { as: `${PRI}-admin`, body: { userId: id, kind } });
          assert.equal(issued.status, 201, JSON.stringify(issued.json));
        }
        for (const learnerId of children) {
          const trail = await call('GET', `/v1/audit?learnerId=${learnerId}&limit=100`, { as: `${PRI}-admin` });
          assert.equal(trail.status, 200);
          const issuedLines = pageOf(AuditEntrySchema)
            .parse(trail.json)
            .data.filter((a) => a.resource.startsWith('token:'))
            .map((a) => `${a.userId} ${a.action} ${a.resource} ${a.resourceId}`);
          assert.deepEqual(issuedLines, [
            `${PRI}-admin create token:session ${id}`,
            `${PRI}-admin create token:api-key ${id}`,
          ]);
        }
      });
      it('ends every token of someone made a DSL, so a token issued for another role never reads safeguarding', async () => {
        const added = await call('POST', '/v1/users', {
          as: `${PRI}-admin`,
          body: { name: 'Kay Promoted', email: 'kay@pri.example.org', role: 'teacher' },
        });
        const { id } = UserSchema.parse(added.json);
        const key = await call('POST', '/v1/tokens', { as: `${PRI}-admin`, body: { userId: id, kind: 'api-key' } });
        const session = await call('POST', '/v1/tokens', { as: `${PRI}-admin`, body: { userId: id, kind: 'session' } });
        const me = (token: string) => hub.app.request('/v1/me', { headers: { authorization: `Bearer ${token}` } });
        assert.equal((await me(TokenCreatedSchema.parse(key.json).token)).status, 200);
        assert.equal((await me(TokenCreatedSchema.parse(session.json).token)).status, 200);
        const promoted = await call('PATCH', `/v1/users/${id}`, { as: `${PRI}-admin`, body: { role: 'dsl' } });
        assert.equal(promoted.status, 200);
        assert.equal((await me(TokenCreatedSchema.parse(key.json).token)).status, 401);
        // The administrator issued (and so holds) the session too: it must not go on as the DSL.
        assert.equal((await me(TokenCreatedSchema.parse(session.json).token)).status, 401);
      });
      it('ends every token when a role changes or a parent is linked to another child, never widening a token', async () => {
        const learners = await hub.store.learners({ organisationId: PRI }, undefined, null, 2);
        const [first, second] = [learners[0]!.id, learners[1]!.id];
        const added = await call('POST', '/v1/users', {
          as: `${PRI}-admin`,
          body: { name: 'Lee Carer', email: 'lee@example.org', role: 'parent', learnerIds: [first] },
        });
        assert.equal(added.status, 201, JSON.stringify(added.json));
        const { id } = UserSchema.parse(added.json);
        const issue = async (kind: 'api-key' | 'session') =>
          TokenCreatedSchema.parse(
            (await call('POST', '/v1/tokens', { as: `${PRI}-admin`, body: { userId: id, kind } })).json,
          ).token;
        const status = async (token: string, path = '/v1/me') =>
          (await hub.app.request(path, { headers: { authorization: `Bearer ${token}` } })).status;

        // Nothing about access changed: the tokens go on.
        let tokens = [await issue('api-key'), await issue('session')];
        await call('PATCH', `/v1/users/${id}`, { as: `${PRI}-admin`, body: { name: 'Lee Carer-Jones' } });
        for (const t of tokens) assert.equal(await status(t), 200, 'a new name ends nothing');

        // Linked to a second child: a token issued for the first must not open the second's record.
        assert.equal(await status(tokens[0]!, `/v1/learners/${second}`), 404);
        const linked = await call('PATCH', `/v1/users/${id}`, {
          as: `${PRI}-admin`,
          body: { learnerIds: [first, second] },
        });
        assert.equal(linked.status, 200, JSON.stringify(linked.json));
        for (const t of tokens) assert.equal(await status(t), 401, 'a parent linked to another child');

        // Unlinking a child narrows what each request is allowed, checked afresh: nothing to end.
        tokens = [await issue('api-key'), await issue('session')];
        await call('PATCH', `/v1/users/${id}`, { as: `${PRI}-admin`, body: { learnerIds: [first] } });
        for (const t of tokens) assert.equal(await status(t), 200, 'unlinking a child ends nothing');
        assert.equal(await status(tokens[0]!, `/v1/learners/${second}`), 404);

        // A parent made a teacher: the parent's tokens must not start reading every pupil of the school.
        const widened = await call('PATCH', `/v1/users/${id}`, { as: `${PRI}-admin`, body: { role: 'teacher' } });
        assert.equal(widened.status, 200, JSON.stringify(widened.json));
        for (const t of tokens) {
          assert.equal(await status(t), 401, 'parent to teacher');
          assert.equal(await status(t, `/v1/learners/${second}`), 401);
        }
        // Any change of role, as roles have no order that tells a narrowing from a widening.
        tokens = [await issue('api-key'), await issue('session')];
        await call('PATCH', `/v1/users/${id}`, { as: `${PRI}-admin`, body: { role: 'youth-worker' } });
        for (const t of tokens) assert.equal(await status(t), 401, 'teacher to youth worker');
        // The same role sent again is no change.
        tokens = [await issue('api-key')];
        await call('PATCH', `/v1/users/${id}`, { as: `${PRI}-admin`, body: { role: 'youth-worker' } });
        assert.equal(await status(tokens[0]!), 200, 'the same role again');
      });
    });

    describe('retention periods', () => {
      const path = `/v1/organisations/${PRI}/retention`;
      it('shows an organisation’s periods to its administrator and DSL only', async () => {
        for (const as of [`${PRI}-admin`, `${PRI}-dsl`]) {
          const r = await call('GET', path, { as });
          assert.equal(r.status, 200, JSON.stringify(r.json));
          assert.ok(OrganisationRetentionSchema.safeParse(r.json).success);
          assert.deepEqual(r.json, { organisationId: PRI, effective: DEFAULT_RETENTION, overrides: {} });
        }
        problem(await call('GET', path, { as: `${PRI}-teacher` }), 403, 'forbidden');
        problem(await call('GET', path, { as: `${SEC}-admin` }), 403, 'forbidden');
      });
      it('lets the administrator set, keep and clear each period, audited, and refuses unsafe ones', async () => {
        problem(await call('PATCH', path, { as: `${PRI}-dsl`, body: { learnerYears: 50 } }), 403, 'forbidden');
        problem(await call('PATCH', path, { as: `${SEC}-admin`, body: { learnerYears: 50 } }), 403, 'forbidden');
        const tooShort = await call('PATCH', path, { as: `${PRI}-admin`, body: { learnerYears: 10, draftDays: 7 } });
        problem(tooShort, 422, 'validation_failed');
        assert.deepEqual(
          errorsOf(tooShort.json)
            .map((e) => `${e.path}: ${e.message}`)
            .sort(),
          ['draftDays: Enter 30 days or more.', 'learnerYears: Enter 18 years or more.'],
        );

        const set = await call('PATCH', path, { as: `${PRI}-admin`, body: { learnerYears: 50, draftDays: 90 } });
        assert.equal(set.status, 200, JSON.stringify(set.json));
        assert.deepEqual(
          OrganisationRetentionSchema.parse(set.json).effective,
          { draftDays: 90, learnerYears: 50, ehcPlanYears: 50, familySignpostingYears: 6 },
          'EHC plan: at least 50',
        );
        assert.deepEqual(OrganisationRetentionSchema.parse(set.json).overrides, { draftDays: 90, learnerYears: 50 });
        const kept = await call('PATCH', path, { as: `${PRI}-admin`, body: { draftDays: null } });
        assert.deepEqual(
          OrganisationRetentionSchema.parse(kept.json).overrides,
          { learnerYears: 50 },
          'null clears one period and leaves the rest',
        );
        assert.deepEqual((await hub.store.organisation(PRI))?.retention, { learnerYears: 50 });
        const listed = await call('GET', '/v1/organisations?limit=100', { as: `${PRI}-teacher` });
        const one = await call('GET', `/v1/organisations/${PRI}`, { as: `${PRI}-teacher` });
        assert.equal(one.status, 200, JSON.stringify(one.json));
        assert.equal(listed.status, 200, JSON.stringify(listed.json));
        // Looked for in the answers as sent: parsing would drop nothing, but would say nothing either.
        const shown = [record(one.json), ...jsonArray(record(listed.json).data).map((o) => record(o))];
        assert.ok(shown.length > 1);
        assert.ok(
          shown.every((o) => !('retention' in o)),
          'the organisation view leaves out periods a teacher may not see at /retention',
        );
        const shorterEhc = await call('PATCH', path, { as: `${PRI}-admin`, body: { ehcPlanYears: 40 } });
        problem(shorterEhc, 422, 'validation_failed');
        assert.deepEqual(errorsOf(shorterEhc.json), [
          {
            path: 'ehcPlanYears',
            code: 'too_small',
            message:
              'Enter 50 years or more: a learner with an EHC plan is kept at least as long as any other learner.',
          },
        ]);
        assert.deepEqual((await hub.store.organisation(PRI))?.retention, { learnerYears: 50 }, 'nothing changed');
        const cleared = await call('PATCH', path, { as: `${PRI}-admin`, body: { learnerYears: null } });
        assert.deepEqual(OrganisationRetentionSchema.parse(cleared.json).overrides, {});
        assert.equal((await hub.store.organisation(PRI))?.retention, undefined);
        const family = await call('PATCH', path, { as: `${PRI}-admin`, body: { familySignpostingYears: 2 } });
        assert.equal(family.status, 200, JSON.stringify(family.json));
        const familyPeriods = OrganisationRetentionSchema.parse(family.json);
        assert.deepEqual(familyPeriods.overrides, { familySignpostingYears: 2 });
        assert.equal(familyPeriods.effective.familySignpostingYears, 2);
        await call('PATCH', path, { as: `${PRI}-admin`, body: { familySignpostingYears: null } });
        assert.equal((await hub.store.organisation(PRI))?.retention, undefined);

        const lines = await hub.store.auditEntries({ organisationId: PRI, userId: `${PRI}-admin` }, null, 10);
        assert.equal(
          lines.filter((a) => a.action === 'update' && a.resource === 'organisation-retention').length,
          5,
          'each change is audited',
        );
      });
    });

    describe('users and roles', () => {
      it('audits, per child, an admin reading which children each parent is linked to', async () => {
        const parent = await call('POST', '/v1/users', {
          as: `${PRI}-admin`,
          body: {
            name: 'Pat Listed',
            email: 'pat.listed@example.org',
            role: 'parent',
            learnerIds: [(await learnerOf(PRI)).id],
          },
        });
        assert.equal(parent.status, 201, JSON.stringify(parent.json));
        const last = (await hub.store.auditEntries({ organisationId: PRI, userId: `${PRI}-admin` }, null, 1))[0]!.id;
        const rows: User[] = [];
        for (let cursor: string | null = ''; cursor !== null;) {
          const page = await call('GET', `/v1/users?limit=50${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, {
            as: `${PRI}-admin`,
          });
          const users = pageOf(UserSchema).parse(page.json);
          rows.push(...users.data);
          cursor = users.nextCursor;
        }
        const links = rows.flatMap((u) => u.learnerIds.map((l) => `${u.id} ${l}`)).sort();
        const linked = UserSchema.parse(parent.json);
        assert.ok(links.includes(`${linked.id} ${linked.learnerIds[0]}`));
        const lines = (await hub.store.auditEntries({ organisationId: PRI, userId: `${PRI}-admin` }, null, 500)).filter(
          (a) => a.id > last,
        );
        assert.deepEqual(
          lines.map((a) => a.action + ' ' + a.resource).filter((x, i, all) => all.indexOf(x) === i),
          ['read user'],
        );
        assert.deepEqual(lines.map((a) => `${a.resourceId} ${a.learnerId}`).sort(), links);
      });
      it('lets only an admin list, add and change the people of their own organisation', async () => {
        problem(await call('GET', '/v1/users', { as: `${PRI}-teacher` }), 403, 'forbidden');
        const listed = await call('GET', '/v1/users?limit=2', { as: `${PRI}-admin` });
        assert.equal(listed.status, 200);
        const firstUsers = pageOf(UserSchema).parse(listed.json);
        assert.equal(firstUsers.data.length, 2);
        const all: User[] = [...firstUsers.data];
        for (let cursor = firstUsers.nextCursor; cursor;) {
          const next = await call('GET', `/v1/users?limit=2&cursor=${encodeURIComponent(cursor)}`, {
            as: `${PRI}-admin`,
          });
          const users = pageOf(UserSchema).parse(next.json);
          all.push(...users.data);
          cursor = users.nextCursor;
        }
        assert.ok(all.some((u) => u.id === `${PRI}-dsl`));
        assert.ok(
          all.every((u) => u.organisationId === PRI),
          'no other organisation’s people',
        );

        problem(
          await call('POST', '/v1/users', {
            as: `${PRI}-teacher`,
            body: { name: 'Ffion Evans', email: 'ffion@example.org', role: 'teacher' },
          }),
          403,
          'forbidden',
        );
        const created = await call('POST', '/v1/users', {
          as: `${PRI}-admin`,
          body: { name: 'Ffion Evans', email: 'ffion@example.org', role: 'senco' },
        });
        assert.equal(created.status, 201);
        assert.equal(UserSchema.parse(created.json).organisationId, PRI);
        assert.equal(created.headers.get('location'), `/v1/users/${UserSchema.parse(created.json).id}`);
        const chosen = await call('POST', '/v1/users', {
          as: `${PRI}-admin`,
          body: { id: `${PRI}-ffion-2`, name: 'Ffion Two', email: 'ffion2@example.org', role: 'teacher' },
        });
        assert.equal(chosen.status, 201);
        const duplicate = await call('POST', '/v1/users', {
          as: `${PRI}-admin`,
          body: { id: `${PRI}-ffion-2`, name: 'Another', email: 'a@example.org', role: 'teacher' },
        });
        problem(duplicate, 409, 'invalid_state');
        // The answer names the field, never the id sent (often made from a name): problem bodies end up in logs.
        assert.ok(!JSON.stringify(duplicate.json).includes('ffion'), JSON.stringify(duplicate.json));
        assert.deepEqual(
          errorsOf(duplicate.json).map((e) => `${e.path} ${e.code}`),
          ['id taken'],
        );
        // An id outside the organisation's own is refused the same way whether or not someone holds it, so an
        // admin cannot learn another organisation's ids.
        const taken = await call('POST', '/v1/users', {
          as: `${PRI}-admin`,
          body: { id: `${SEC}-teacher`, name: 'Probe', email: 'p@example.org', role: 'teacher' },
        });
        const free = await call('POST', '/v1/users', {
          as: `${PRI}-admin`,
          body: { id: `${SEC}-nobody-here`, name: 'Probe', email: 'p@example.org', role: 'teacher' },
        });
        problem(taken, 422, 'validation_failed');
        problem(free, 422, 'validation_failed');
        assert.equal(ProblemSchema.parse(taken.json).detail, ProblemSchema.parse(free.json).detail);
        assert.equal(errorsOf(taken.json)[0]!.code, 'invalid_prefix');
        assert.equal(await hub.store.user(`${SEC}-nobody-here`), undefined);
        // So is an id in the space of another organisation whose id starts with this one's.
        const annexe = `${PRI}-annexe`;
        const [own] = (await hub.store.allOrganisations()).filter((o) => o.id === PRI);
        await hub.store.putOrganisations([{ ...own!, id: annexe, name: 'Millbrook Annexe' }]);
        await hub.store.putUsers([
          {
            id: `${annexe}-teacher`,
            name: 'Annexe Teacher',
            email: 'teacher@annexe.example.org',
            role: 'teacher',
            organisationId: annexe,
            learnerIds: [],
            disabled: false,
          },
        ]);
        const nestedTaken = await call('POST', '/v1/users', {
          as: `${PRI}-admin`,
          body: { id: `${annexe}-teacher`, name: 'Probe', email: 'p@example.org', role: 'teacher' },
        });
        const nestedFree = await call('POST', '/v1/users', {
          as: `${PRI}-admin`,
          body: { id: `${annexe}-nobody-here`, name: 'Probe', email: 'p@example.org', role: 'teacher' },
        });
        problem(nestedTaken, 422, 'validation_failed');
        problem(nestedFree, 422, 'validation_failed');
        assert.equal(ProblemSchema.parse(nestedTaken.json).detail, ProblemSchema.parse(nestedFree.json).detail);
        assert.equal(await hub.store.user(`${annexe}-nobody-here`), undefined);
        // The new person can be given a token and is who the hub says.
        const token = await call('POST', '/v1/tokens', {
          as: `${PRI}-admin`,
          body: { userId: UserSchema.parse(created.json).id, kind: 'session' },
        });
        const me = () =>
          hub.app.request('/v1/me', {
            headers: { authorization: `Bearer ${TokenCreatedSchema.parse(token.json).token}` },
          });
        assert.equal(PrincipalSchema.parse(await (await me()).json()).user.role, 'senco');

        // A change of role, and disabling, end the token at once.
        const promoted = await call('PATCH', `/v1/users/${UserSchema.parse(created.json).id}`, {
          as: `${PRI}-admin`,
          body: { role: 'dsl' },
        });
        assert.equal(promoted.status, 200);
        // A change of role ends their tokens (the admin issued them, for the old role); a new name ends nothing.
        assert.equal((await me()).status, 401);
        await call('PATCH', `/v1/users/${UserSchema.parse(created.json).id}`, {
          as: `${PRI}-admin`,
          body: { role: 'teacher' },
        });
        const again = await call('POST', '/v1/tokens', {
          as: `${PRI}-admin`,
          body: { userId: UserSchema.parse(created.json).id, kind: 'session' },
        });
        const me2 = () =>
          hub.app.request('/v1/me', {
            headers: { authorization: `Bearer ${TokenCreatedSchema.parse(again.json).token}` },
          });
        await call('PATCH', `/v1/users/${UserSchema.parse(created.json).id}`, {
          as: `${PRI}-admin`,
          body: { name: 'Sam Renamed' },
        });
        assert.equal(PrincipalSchema.parse(await (await me2()).json()).user.name, 'Sam Renamed');
        await call('PATCH', `/v1/users/${UserSchema.parse(created.json).id}`, {
          as: `${PRI}-admin`,
          body: { disabled: true },
        });
        assert.equal((await me2()).status, 401);

        // Other organisations' people are not there; an admin cannot lock themselves out.
        problem(
          await call('PATCH', `/v1/users/${SEC}-teacher`, { as: `${PRI}-admin`, body: { disabled: true } }),
          404,
          'not_found',
        );
        problem(
          await call('PATCH', `/v1/users/${PRI}-admin`, { as: `${PRI}-admin`, body: { disabled: true } }),
          403,
          'forbidden',
        );
        problem(
          await call('PATCH', `/v1/users/${PRI}-admin`, { as: `${PRI}-admin`, body: { role: 'teacher' } }),
          403,
          'forbidden',
        );
        problem(
          await call('PATCH', `/v1/users/${PRI}-teacher`, { as: `${PRI}-admin`, body: { organisationId: SEC } }),
          400,
          'unknown_field',
        );
        const audit = await hub.store.auditEntries({ organisationId: PRI, userId: `${PRI}-admin` }, null, 20);
        assert.deepEqual(
          audit
            .filter((e) => e.resourceId === UserSchema.parse(created.json).id)
            .map((e) => `${e.action} ${e.resource}`),
          [
            'update user',
            'update user',
            'create token:session',
            'update user',
            'update user',
            'create token:session',
            'create user',
          ],
        );
      });

      it('links a parent only to learners of the admin’s own organisation', async () => {
        const own = await learnerOf(PRI);
        const other = await learnerOf(SEC);
        const body = (learnerIds: string[]) => ({
          name: 'Sam Carer',
          email: 'sam.carer@example.org',
          role: 'parent',
          learnerIds,
        });
        const refused = await call('POST', '/v1/users', { as: `${PRI}-admin`, body: body([other.id]) });
        problem(refused, 422, 'validation_failed');
        assert.equal(errorsOf(refused.json)[0]!.path, 'learnerIds.0');
        problem(
          await call('POST', '/v1/users', {
            as: `${PRI}-admin`,
            body: { ...body([own.id]), role: 'teacher' },
          }),
          422,
          'validation_failed',
        );
        const parent = await call('POST', '/v1/users', { as: `${PRI}-admin`, body: body([own.id, own.id]) });
        assert.equal(parent.status, 201);
        assert.deepEqual(UserSchema.parse(parent.json).learnerIds, [own.id]);
        const lines = await hub.store.auditEntries({ organisationId: PRI, learnerId: own.id }, null, 5);
        assert.ok(
          lines.some(
            (e) => e.resource === 'user' && e.resourceId === UserSchema.parse(parent.json).id && e.action === 'create',
          ),
        );
        // No longer a parent: the links go with the role.
        const changed = await call('PATCH', `/v1/users/${UserSchema.parse(parent.json).id}`, {
          as: `${PRI}-admin`,
          body: { role: 'family-worker' },
        });
        assert.deepEqual(UserSchema.parse(changed.json).learnerIds, []);
      });
      it('puts a parent’s link removed from a child in that child’s audit trail, as a link added is', async () => {
        const [a, b] = await hub.store.learners({ organisationId: PRI }, undefined, null, 2);
        const parent = await call('POST', '/v1/users', {
          as: `${PRI}-admin`,
          body: { name: 'Pat Carer', email: 'pat.carer@example.org', role: 'parent', learnerIds: [a!.id, b!.id] },
        });
        assert.equal(parent.status, 201, JSON.stringify(parent.json));
        const id = UserSchema.parse(parent.json).id;
        // What a school asking "who could see this child's records, and until when?" reads: the child's trail.
        const trail = async (learnerId: string) =>
          (await hub.store.auditEntries({ organisationId: PRI, learnerId }, null, 100))
            .filter((e) => e.resourceId === id)
            .map((e) => `${e.action} ${e.resource}`);
        const unlinked = await call('PATCH', `/v1/users/${id}`, { as: `${PRI}-admin`, body: { learnerIds: [a!.id] } });
        assert.equal(unlinked.status, 200, JSON.stringify(unlinked.json));
        assert.deepEqual(await trail(b!.id), ['update user', 'create user'], 'the unlinked child’s trail shows it');
        await call('PATCH', `/v1/users/${id}`, { as: `${PRI}-admin`, body: { role: 'teacher' } });
        assert.deepEqual(await trail(a!.id), ['update user', 'update user', 'create user'], 'no longer a parent');
        assert.deepEqual(await trail(b!.id), ['update user', 'create user'], 'a child not linked before or after');
      });
    });

    describe('bad input is a 4xx problem, never a 500', () => {
      it('malformed JSON, wrong media type, unknown fields, wrong types, oversize bodies', async () => {
        problem(
          await call('POST', '/v1/handovers', {
            as: `${PRI}-teacher`,
            raw: '{"transition": ',
            headers: { 'content-type': 'application/json' },
          }),
          400,
          'malformed_json',
        );
        problem(
          await call('POST', '/v1/handovers', {
            as: `${PRI}-teacher`,
            raw: 'transition=y6',
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
          }),
          415,
          'unsupported_media_type',
        );
        const unknown = await call('POST', '/v1/handovers', {
          as: `${PRI}-teacher`,
          body: { transition: 'y6-to-y7', learnerId: 'lrn-0001', receivingOrganisationId: null, colour: 'blue' },
        });
        problem(unknown, 400, 'unknown_field');
        assert.match(errorsOf(unknown.json)[0]!.message, /colour/);
        const wrong = await call('POST', '/v1/handovers', {
          as: `${PRI}-teacher`,
          body: { transition: 'y6-to-y7', learnerId: 42, receivingOrganisationId: null },
        });
        problem(wrong, 422, 'validation_failed');
        assert.equal(errorsOf(wrong.json)[0]!.path, 'learnerId');
        problem(
          await call('POST', '/v1/handovers', {
            as: `${PRI}-teacher`,
            body: { transition: 'y9-to-mars', learnerId: 'lrn-0001', receivingOrganisationId: null },
          }),
          422,
          'validation_failed',
        );
        problem(
          await call('POST', '/v1/handovers', {
            as: `${PRI}-teacher`,
            raw: JSON.stringify({ pad: 'x'.repeat(1_100_000) }),
            headers: { 'content-type': 'application/json' },
          }),
          413,
          'body_too_large',
        );
        problem(await call('POST', '/v1/handovers', { as: `${PRI}-teacher`, raw: '' }), 422, 'validation_failed');
        problem(
          await call('POST', '/v1/handovers', {
            as: `${PRI}-teacher`,
            raw: '[]',
            headers: { 'content-type': 'application/json' },
          }),
          422,
          'validation_failed',
        );
      });
      it('refuses a compressed body as 415, whether or not it really is compressed', async () => {
        for (const encoding of ['gzip', 'br', 'deflate']) {
          const refused = problem(
            await call('POST', '/v1/learners/search', {
              as: `${PRI}-teacher`,
              raw: JSON.stringify({ q: 'a' }),
              headers: { 'content-type': 'application/json', 'content-encoding': encoding },
            }),
            415,
            'unsupported_media_type',
          );
          assert.match(refused.detail, /uncompressed/);
        }
        const plain = await call('POST', '/v1/learners/search', {
          as: `${PRI}-teacher`,
          raw: JSON.stringify({ q: 'a' }),
          headers: { 'content-type': 'application/json', 'content-encoding': 'identity' },
        });
        assert.equal(plain.status, 200, JSON.stringify(plain.json));
      });
      it('lets no browser or proxy keep a signed-in answer or a search near a family', async () => {
        const learner = await learnerOf(PRI);
        const record = await call('GET', `/v1/learners/${learner.id}`, { as: `${PRI}-teacher` });
        assert.equal(record.status, 200);
        assert.equal(record.headers.get('cache-control'), 'no-store');
        const handovers = await call('GET', '/v1/handovers', { as: `${PRI}-teacher` });
        assert.equal(handovers.headers.get('cache-control'), 'no-store');
        // The public directory may be cached, but not a search that carries where a family is.
        assert.equal((await call('GET', '/v1/services?limit=1')).headers.get('cache-control'), 'public, max-age=60');
        const near = await call('GET', '/v1/services?limit=1&lat=51.48&lng=-3.18');
        assert.equal(near.status, 200);
        assert.equal(near.headers.get('cache-control'), 'private, no-store');
        // The same through the ORUK endpoints, where a family's postcode says where they are.
        assert.equal(
          (await call('GET', '/oruk/services?per_page=1')).headers.get('cache-control'),
          'public, max-age=60',
        );
        const venue = (await hub.store.searchServices({ query: {}, position: null, limit: 100 })).items
          .flatMap((i) => i.service.locations)
          .find((l) => l.latitude !== undefined && l.address?.postcode)!;
        const postcode = encodeURIComponent(venue.address!.postcode);
        for (const path of [
          `/oruk/services?postcode=${postcode}&proximity=1500&per_page=1`,
          `/oruk/services?postcode=${postcode}&per_page=1`,
          `/oruk/service_at_locations?postcode=${postcode}&proximity=1500&per_page=1`,
        ]) {
          const r = await call('GET', path);
          assert.equal(r.status, 200, path);
          assert.equal(r.headers.get('cache-control'), 'private, no-store', path);
        }
      });
      it('bad query strings, bad ids, forged cursors and unknown addresses', async () => {
        problem(await call('GET', '/v1/services?age=old'), 400, 'validation_failed');
        problem(await call('GET', '/v1/services?limit=1000'), 400, 'validation_failed');
        problem(await call('GET', '/v1/services?colour=blue'), 400, 'unknown_field');
        problem(await call('GET', '/v1/services?cursor=abc'), 400, 'invalid_cursor');
        const page = await call('GET', '/v1/services?limit=2');
        const { nextCursor } = pageOf(ServiceResultSchema).parse(page.json);
        assert.ok(nextCursor, 'there is a second page');
        const forged = `${nextCursor.split('.')[0]}x.${nextCursor.split('.')[1]}`;
        problem(await call('GET', `/v1/services?limit=2&cursor=${encodeURIComponent(forged)}`), 400, 'invalid_cursor');
        problem(
          await call('GET', `/v1/services?limit=2&free=true&cursor=${encodeURIComponent(nextCursor)}`),
          400,
          'invalid_cursor',
        );
        problem(
          await call('GET', `/v1/learners?cursor=${encodeURIComponent(nextCursor)}`, {
            as: `${PRI}-teacher`,
          }),
          400,
          'invalid_cursor',
        );
        problem(await call('GET', '/v1/handovers/not%20an%20id', { as: `${PRI}-teacher` }), 400, 'validation_failed');
        problem(await call('GET', '/v1/handovers/hnd-missing', { as: `${PRI}-teacher` }), 404, 'not_found');
        problem(await call('GET', '/v1/nothing-here'), 404, 'not_found');
        problem(await call('GET', '/v1/me?x=1', { as: `${PRI}-teacher` }), 400, 'unknown_field');
      });
      it('refuses a page link made for someone else, in another organisation or in the same one', async () => {
        /** The link to the second page of `path`, read as `as`. */
        const nextOf = async (path: string, as: string) => {
          const r = await call('GET', path, { as });
          assert.equal(r.status, 200, JSON.stringify(r.json));
          const { nextCursor } = record(r.json);
          assert.ok(typeof nextCursor === 'string', `${path} has a second page for ${as}`);
          return encodeURIComponent(nextCursor);
        };
        const cases: Array<[path: string, owner: string, others: string[]]> = [
          ['/v1/learners?limit=2', `${PRI}-teacher`, [`${SEC}-teacher`, `${PRI}-senco`]],
          ['/v1/handovers?limit=2', `${PRI}-teacher`, [`${SEC}-teacher`, `${PRI}-dsl`]],
          ['/v1/audit?limit=2', `${PRI}-admin`, [`${SEC}-admin`]],
          ['/v1/users?limit=2', `${PRI}-admin`, [`${SEC}-admin`]],
          ['/v1/organisations?limit=2', `${PRI}-teacher`, ['parent-demo']],
        ];
        for (const [path, owner, others] of cases) {
          const cursor = await nextOf(path, owner);
          assert.equal(
            (await call('GET', `${path}&cursor=${cursor}`, { as: owner })).status,
            200,
            `${path} as ${owner}`,
          );
          for (const other of others)
            problem(await call('GET', `${path}&cursor=${cursor}`, { as: other }), 400, 'invalid_cursor');
        }
        // A search's link too, which travels in the body.
        const search = await call('POST', '/v1/learners/search', { as: `${PRI}-teacher`, body: { q: 'a', limit: 1 } });
        const { nextCursor } = record(search.json);
        assert.ok(typeof nextCursor === 'string', 'the search has a second page');
        for (const as of [`${PRI}-teacher`, `${SEC}-teacher`]) {
          const r = await call('POST', '/v1/learners/search', { as, body: { q: 'a', limit: 1, cursor: nextCursor } });
          if (as === `${PRI}-teacher`) assert.equal(r.status, 200, JSON.stringify(r.json));
          else problem(r, 400, 'invalid_cursor');
        }
      });
      it('refuses a parameter given twice, where the hub and a proxy could each read another', async () => {
        const learner = await learnerOf(PRI);
        const twice = problem(
          await call('GET', `/v1/handovers?learnerId=${learner.id}&learnerId=lrn-elsewhere`, { as: `${PRI}-teacher` }),
          400,
          'validation_failed',
        );
        assert.deepEqual(
          errorsOf(twice).map((e) => [e.path, e.code]),
          [['learnerId', 'repeated']],
        );
        assert.doesNotMatch(JSON.stringify(twice), new RegExp(learner.id), 'the values are not repeated back');
        problem(
          await call('GET', '/v1/learners?limit=1&limit=100', { as: `${PRI}-teacher` }),
          400,
          'validation_failed',
        );
        problem(await call('GET', '/v1/services?q=swim&q=park'), 400, 'validation_failed');
        // Once each is fine, and ORUK's lenient queries still read the first.
        assert.equal(
          (await call('GET', `/v1/handovers?learnerId=${learner.id}`, { as: `${PRI}-teacher` })).status,
          200,
        );
        assert.equal((await call('GET', '/oruk/services?per_page=1&per_page=2')).status, 200);
      });
      it('a query parameter named like a property of every object is unknown, not a 500', async () => {
        const names = ['__proto__', 'constructor', 'toString', 'hasOwnProperty'];
        const errorsBefore = logs.lines.filter((l) => l.level === 'error').length;
        for (const name of names) {
          for (const path of [`/v1/services?${name}=1`, `/v1/learners?${name}=1`, `/v1/audit?${name}=1`]) {
            const as = path.startsWith('/v1/services') ? undefined : `${PRI}-admin`;
            problem(await call('GET', path, as ? { as } : {}), 400, 'unknown_field');
          }
          // ORUK clients' unknown parameters are ignored, these as any other.
          for (const path of [`/oruk/services?${name}=1&per_page=1`, `/oruk/taxonomies?${name}=1`, `/oruk?${name}=1`])
            assert.equal((await call('GET', path)).status, 200, path);
        }
        assert.equal(logs.lines.filter((l) => l.level === 'error').length, errorsBefore, 'no unhandled error logged');
      });
    });

    describe('services', () => {
      let all: Service[];
      before(async () => {
        all = (await hub.store.searchServices({ query: {}, position: null, limit: 10_000 })).items.map(
          (i) => i.service,
        );
      });
      it('pages through every service exactly once, by name', async () => {
        const ids: string[] = [];
        let cursor: string | null = null;
        do {
          const r: { json: unknown } = await call(
            'GET',
            `/v1/services?limit=7${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
          );
          ids.push(
            ...pageOf(ServiceResultSchema)
              .parse(r.json)
              .data.map((s) => s.id),
          );
          cursor = pageOf(ServiceResultSchema).parse(r.json).nextCursor;
        } while (cursor);
        assert.equal(ids.length, all.length);
        assert.equal(new Set(ids).size, all.length);
      });
      it('agrees with matchesServiceFilters for every filter combination tried', async () => {
        const queries: Array<Record<string, string | number | boolean>> = [
          { taxonomy: 'send' },
          { age: 4 },
          // Part of a year: a child of 5½ is in "0 to 5" until their sixth birthday.
          { age: 5.5 },
          { age: 11.9 },
          { free: true },
          { free: false, age: 15 },
          { language: 'Welsh' },
          { day: 'SA' },
          { day: 'MO', time: '10:30' },
          { accessibility: 'hearing loop' },
          { taxonomy: 'Youth activities', age: 12 },
          { lat: 52.63, lng: -1.13, radiusKm: 3 },
          { lat: 52.6, lng: -1.2, radiusKm: 5, free: true },
        ];
        for (const q of queries) {
          const qs = new URLSearchParams(
            Object.entries({ ...q, limit: 100 }).map(([k, v]) => [k, String(v)]),
          ).toString();
          const r = await call('GET', `/v1/services?${qs}`);
          assert.equal(r.status, 200, `${qs}: ${JSON.stringify(r.json)}`);
          const expected = all
            .filter((s) => matchesServiceFilters(s, q as never))
            .map((s) => s.id)
            .sort();
          assert.deepEqual(
            pageOf(ServiceResultSchema)
              .parse(r.json)
              .data.map((s) => s.id)
              .sort(),
            expected,
            qs,
          );
        }
      });
      it('sorts by distance from a point, with distances, across pages', async () => {
        const distances: number[] = [];
        let cursor: string | null = null;
        do {
          const r: { json: unknown } = await call(
            'GET',
            `/v1/services?lat=52.63&lng=-1.13&limit=10${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
          );
          const page = pageOf(ServiceResultSchema).parse(r.json);
          for (const s of page.data) {
            assert.ok(s.distanceKm !== undefined, `${s.id} has its distance`);
            distances.push(s.distanceKm);
          }
          cursor = page.nextCursor;
        } while (cursor);
        assert.equal(distances.length, all.length);
        assert.deepEqual(
          distances,
          [...distances].sort((a, b) => a - b),
        );
        problem(await call('GET', '/v1/services?lat=52.6'), 400, 'validation_failed');
      });
      it('finds services by words in the name and description, accents ignored', async () => {
        const text = (s: Service) =>
          `${s.name} ${s.description} ${s.organisation?.name} ${s.taxonomyTerms.map((t) => t.name).join(' ')}`;
        const r = await call('GET', '/v1/services?q=cafe');
        assert.ok(
          pageOf(ServiceResultSchema).parse(r.json).data.length > 0 &&
            pageOf(ServiceResultSchema)
              .parse(r.json)
              .data.every((s) => /caf[eé]/i.test(text(s))),
        );
        const two = await call('GET', '/v1/services?q=autism%20grou');
        assert.ok(
          pageOf(ServiceResultSchema).parse(two.json).data.length > 0 &&
            pageOf(ServiceResultSchema)
              .parse(two.json)
              .data.every((s) => /autism/i.test(text(s)) && /\bgrou/i.test(text(s))),
        );
        assert.equal(
          pageOf(ServiceResultSchema).parse((await call('GET', '/v1/services?q=zzzzqqq')).json).data.length,
          0,
        );
        assert.equal((await call('GET', '/v1/services?q=%22%29%28*%20OR')).status, 200);
      });
      it('never sends a stored service that breaks its schema, and logs where without the value', async () => {
        const victim = all[3]!;
        const moveStamp = () =>
          hub.store.db
            .updateTable('settings')
            .set({ value: `test-${Math.random()}` })
            .where('key', '=', 'services-generation')
            .execute();
        const search = `/v1/services?q=${encodeURIComponent(victim.name)}&limit=100`;
        const before = await call('GET', search);
        assert.ok(
          pageOf(ServiceResultSchema)
            .parse(before.json)
            .data.some((s) => s.id === victim.id),
        );
        // A document changed behind the hub's back (a bad migration, a hand edit), with the stamp moved as any
        // write through the store moves it.
        await hub.store.db
          .updateTable('services')
          .set({ doc: JSON.stringify({ ...victim, name: 404, description: 'Secret words' }) })
          .where('id', '=', victim.id)
          .execute();
        await moveStamp();
        try {
          const from = logs.lines.length;
          for (let i = 0; i < 2; i++) problem(await call('GET', search), 500, 'internal_error');
          const lines = logs.lines.slice(from);
          const failed = lines.filter((l) => l.msg === 'response failed its schema');
          assert.equal(failed.length, 2, 'logged each time, not answered from a cache the second');
          assert.deepEqual(failed[0]!.issues, ['name:invalid_type']);
          assert.equal(failed[0]!.route, '/v1/services');
          assert.ok(!JSON.stringify(lines).includes('Secret words'), 'no values in the logs');
        } finally {
          await hub.store.db
            .updateTable('services')
            .set({ doc: JSON.stringify(victim) })
            .where('id', '=', victim.id)
            .execute();
          await moveStamp();
        }
        assert.deepEqual(record((await call('GET', search)).json).data, record(before.json).data);
      });
      it('serves one service and the taxonomy, to anyone, with CORS *', async () => {
        const r = await call('GET', `/v1/services/${all[0]!.id}`, { headers: { origin: 'https://anywhere.example' } });
        assert.equal(r.status, 200);
        assert.deepEqual(r.json, all[0]);
        assert.equal(r.headers.get('access-control-allow-origin'), '*');
        const t = await call('GET', '/v1/taxonomies');
        assert.ok(
          dataOf(TaxonomyTermSchema)
            .parse(t.json)
            .data.some((x) => x.id === 'send'),
        );
        problem(await call('GET', '/v1/services/nope'), 404, 'not_found');
      });
    });

    describe('Open Referral UK', () => {
      it('describes the feed', async () => {
        const r = await call('GET', '/oruk/');
        const index = OrukIndexSchema.parse(r.json);
        assert.equal(index.version, 'HSDS-UK-3.0');
        assert.equal(index.openapi_url, 'http://localhost/v1/openapi.json');
        assert.equal(OrukIndexSchema.parse((await call('GET', '/oruk')).json).version, 'HSDS-UK-3.0');
        assert.equal(r.headers.get('access-control-allow-origin'), '*');
      });
      it('publishes HSDS-UK 3.0 pages with totals and page numbers', async () => {
        const total = await hub.store.serviceCount();
        const p1 = await call('GET', '/oruk/services?per_page=10');
        assert.deepEqual(Object.keys(record(p1.json)).sort(), [
          'contents',
          'empty',
          'first_page',
          'last_page',
          'page_number',
          'size',
          'total_items',
          'total_pages',
        ]);
        const first = OrukIdPage.parse(p1.json);
        assert.equal(first.total_items, total);
        assert.equal(first.total_pages, Math.ceil(total / 10));
        assert.equal(first.first_page, true);
        const last = await call('GET', `/oruk/services?per_page=10&page=${first.total_pages}`);
        assert.equal(OrukIdPage.parse(last.json).last_page, true);
        assert.equal(OrukIdPage.parse(last.json).size, total - 10 * (first.total_pages - 1));
        const ids = new Set<string>();
        for (let page = 1; page <= first.total_pages; page++)
          for (const s of OrukIdPage.parse((await call('GET', `/oruk/services?per_page=10&page=${page}`)).json)
            .contents)
            ids.add(s.id);
        assert.equal(ids.size, total);
        const beyond = await call('GET', `/oruk/services?per_page=10&page=${first.total_pages + 1}`);
        assert.equal(OrukIdPage.parse(beyond.json).empty, true);
        const one = first.contents[0]!;
        assert.deepEqual(
          (await call('GET', `/oruk/services/${one.id}`)).json,
          toOruk((await hub.store.service(one.id))!),
        );
      });
      it('finds no service open on a day by a schedule that ended before today (England)', async () => {
        const base = (await hub.store.searchServices({ query: {}, position: null, limit: 1 })).items[0]!.service;
        const club = (id: string, name: string, validTo: string): Service => ({
          ...base,
          id,
          name,
          schedules: [{ freq: 'WEEKLY', byDay: ['SA'], opensAt: '10:00', closesAt: '12:00', validTo }],
        });
        // The hub's clock says 2 March 2026.
        await hub.store.putServices([
          club('svc-ended-club', 'Quillwort Saturday club', '2026-01-31'),
          club('svc-running-club', 'Quillwort Saturday crafts', '2026-07-31'),
        ]);
        const v1 = await call('GET', '/v1/services?q=quillwort&day=SA&limit=50');
        assert.deepEqual(
          pageOf(ServiceResultSchema)
            .parse(v1.json)
            .data.map((s) => s.id),
          ['svc-running-club'],
        );
        const oruk = await call('GET', '/oruk/services?search=quillwort&day=saturday&per_page=50');
        assert.deepEqual(
          OrukIdPage.parse(oruk.json).contents.map((s) => s.id),
          ['svc-running-club'],
        );
        // Without a day or time filter both are listed: the ended club still exists.
        const any = await call('GET', '/v1/services?q=quillwort&limit=50');
        assert.equal(pageOf(ServiceResultSchema).parse(any.json).data.length, 2);
      });
      it('filters like ORUK consumers expect, counting only matches', async () => {
        const day = await call('GET', '/oruk/services?day=saturday&per_page=5&page=2');
        const all = (await hub.store.searchServices({ query: {}, position: null, limit: 10_000 })).items.map(
          (i) => i.service,
        );
        const saturday = all.filter((s) => matchesServiceFilters(s, { day: 'SA' }, '2026-03-02'));
        const onSaturday = orukPage(
          z.looseObject({ schedules: z.array(z.looseObject({ byday: z.optional(z.unknown()) })) }),
        ).parse(day.json);
        assert.equal(onSaturday.total_items, saturday.length);
        assert.ok(onSaturday.contents.every((s) => s.schedules.some((sc) => String(sc.byday).includes('SA'))));
        const age = await call('GET', '/oruk/services?minimum_age=16&maximum_age=17&per_page=200');
        const aged = orukPage(
          z.looseObject({ minimum_age: z.optional(z.number()), maximum_age: z.optional(z.number()) }),
        ).parse(age.json);
        assert.ok(aged.contents.every((s) => (s.maximum_age ?? 99) >= 16 && (s.minimum_age ?? 0) <= 17));
        const term = await call('GET', '/oruk/services?taxonomy_term_id=food&per_page=200');
        const termed = orukPage(
          z.looseObject({ attributes: z.array(z.looseObject({ taxonomy_term: z.looseObject({ id: z.string() }) })) }),
        ).parse(term.json);
        assert.ok(
          termed.total_items > 0 &&
            termed.contents.every((s) => s.attributes.some((a) => a.taxonomy_term.id === 'food')),
        );
        problem(await call('GET', '/oruk/services?day=someday'), 400, 'validation_failed');
        // ORUK 1.0 consumers send their search words as `text`: the same search as 3.0's `search`.
        const byText = await call('GET', '/oruk/services?text=food&per_page=200');
        const bySearch = await call('GET', '/oruk/services?search=food&per_page=200');
        const searched = OrukIdPage.parse(bySearch.json);
        assert.ok(searched.total_items > 0);
        assert.ok(searched.total_items < all.length, 'the search narrows the list');
        assert.deepEqual(
          OrukIdPage.parse(byText.json).contents.map((s) => s.id),
          searched.contents.map((s) => s.id),
        );
      });
      it('measures proximity from a postcode the directory’s venues place', async () => {
        const all = (await hub.store.searchServices({ query: {}, position: null, limit: 10_000 })).items.map(
          (i) => i.service,
        );
        const venues = all.flatMap((s) => s.locations).filter((l) => l.latitude !== undefined && l.address?.postcode);
        const key = (p: string) => p.replace(/\s+/g, '').toUpperCase();
        const wanted = venues[0]!.address!.postcode;
        const here = venues.filter((l) => key(l.address!.postcode) === key(wanted));
        const centre = {
          lat: here.reduce((a, l) => a + l.latitude!, 0) / here.length,
          lng: here.reduce((a, l) => a + l.longitude!, 0) / here.length,
        };
        const within = all.filter((s) => (nearestDistanceKm(s, centre.lat, centre.lng) ?? Infinity) <= 1.5);
        assert.ok(
          within.length > 0 && within.length < Math.min(all.length, 200),
          'a circle with some services, not all',
        );
        const r = await call(
          'GET',
          `/oruk/services?postcode=${encodeURIComponent(wanted)}&proximity=1500&per_page=200`,
        );
        assert.equal(r.status, 200);
        const circle = OrukIdPage.parse(r.json);
        assert.equal(circle.total_items, within.length);
        assert.deepEqual(new Set(circle.contents.map((s) => s.id)), new Set(within.map((s) => s.id)));
        // A postcode no venue has, in a district some have, is placed at the district's centre.
        const district = key(wanted).slice(0, -3);
        const nearby = await call('GET', `/oruk/services?postcode=${district}9ZZ&proximity=3000&per_page=1`);
        assert.equal(nearby.status, 200);
        assert.ok(OrukIdPage.parse(nearby.json).total_items > 0);
        problem(await call('GET', '/oruk/services?postcode=ZZ99%209ZZ&proximity=1000'), 422, 'validation_failed');
        problem(await call('GET', '/oruk/services?proximity=1000'), 400, 'validation_failed');
      });
      it('serves service_at_locations, taxonomies and taxonomy terms', async () => {
        const sal = await call('GET', '/oruk/service_at_locations?per_page=3');
        assert.equal(sal.status, 200);
        const first = OrukIdPage.parse(sal.json).contents[0]!;
        assert.ok(first.location && first.service && first.service_id);
        assert.equal(
          OrukRecordSchema.parse((await call('GET', `/oruk/service_at_locations/${encodeURIComponent(first.id)}`)).json)
            .id,
          first.id,
        );
        const tax = await call('GET', '/oruk/taxonomies');
        assert.equal(OrukIdPage.parse(tax.json).contents[0]?.id, 'c2c-categories');
        assert.equal(record((await call('GET', '/oruk/taxonomies/c2c-categories')).json).name, 'c2c-categories');
        const terms = await call('GET', '/oruk/taxonomy_terms?per_page=3&page=2');
        const termPage = OrukIdPage.parse(terms.json);
        assert.equal(termPage.page_number, 2);
        assert.equal(termPage.size, 3);
        assert.equal(record((await call('GET', '/oruk/taxonomy_terms/send')).json).name, 'SEND support');
        problem(await call('GET', '/oruk/taxonomy_terms/nope'), 404, 'not_found');
      });
      it('serves a service at location by the id it publishes, however long the feed’s own ids are', async () => {
        const base = (await hub.store.searchServices({ query: {}, position: null, limit: 1 })).items[0]!.service;
        // Feed ids may be 200 characters each; a service at location's id joins two of them.
        const id = `svc-${'s'.repeat(196)}`;
        const locationId = `loc-${'l'.repeat(196)}`;
        await hub.store.putServices([{ ...base, id, locations: [{ ...base.locations[0]!, id: locationId }] }]);
        const published = z
          .looseObject({ service_at_locations: z.array(OrukRecordSchema) })
          .parse((await call('GET', `/oruk/services/${id}`)).json).service_at_locations[0]?.id;
        assert.ok(published, 'the service is published at its venue');
        assert.equal(published, `${id}:${locationId}`);
        const r = await call('GET', `/oruk/service_at_locations/${encodeURIComponent(published)}`);
        assert.equal(r.status, 200, JSON.stringify(r.json));
        assert.equal(record(r.json).service_id, id);
      });
      it('refuses a per_page over 200 on every list instead of loading the whole directory', async () => {
        for (const list of ['services', 'service_at_locations', 'taxonomies', 'taxonomy_terms']) {
          const huge = await call('GET', `/oruk/${list}?per_page=1000000`);
          problem(huge, 400, 'validation_failed');
          assert.equal(errorsOf(huge.json)[0]!.path, 'per_page');
          assert.equal(huge.headers.get('access-control-allow-origin'), '*');
          // 200 is the most a page holds, and is served.
          assert.equal((await call('GET', `/oruk/${list}?per_page=200`)).status, 200);
        }
      });
      it('publishes nothing about a child, their family or a member of staff, even for a service they used', async () => {
        // Made-up names no synthetic service could hold, so a match can only be a leak.
        const staff = staffUser(`${PRI}-leak-check`, 'teacher', 'Ottoline Zephyrwhistle', PRI);
        await hub.store.putUsers([staff]);
        const now = new Date();
        await hub.store.addToken(`demo_${staff.id}`, staff.id, 'api-key', new Date(now.getTime() + 86_400_000), now);
        const child = await call('POST', '/v1/learners', {
          as: `${PRI}-transition`,
          body: newLearner({
            legalForename: 'Quorabella',
            legalSurname: 'Vantablack-Ixworth',
            upn: 'A123456789012',
            contacts: [
              {
                name: 'Peregrine Vantablack-Ixworth',
                relationship: 'Father',
                parentalResponsibility: true,
                phone: '07700 900461',
                priority: 1,
              },
            ],
          }),
        });
        assert.equal(child.status, 201, JSON.stringify(child.json));
        const service = orukPage(
          z.looseObject({ id: z.string(), service_at_locations: z.array(OrukRecordSchema) }),
        ).parse((await call('GET', '/oruk/services?per_page=1')).json).contents[0]!;
        for (const [as, body] of [
          [
            staff.id,
            {
              kind: 'referred',
              serviceId: service.id,
              learnerId: LearnerSchema.parse(child.json).id,
              consent: { given: true, method: 'written' },
              note: 'Quorabella worries about lunchtimes.',
            },
          ],
          [
            'vol-family-support-worker',
            {
              kind: 'signposted',
              serviceId: service.id,
              familyReference: 'FAM-ZEPHYR',
              consent: { given: true, method: 'verbal' },
              note: 'Mum, Peregrine, asked for evening sessions.',
            },
          ],
        ] as const) {
          const r = await call('POST', '/v1/signposting', { as, body });
          assert.equal(r.status, 201, JSON.stringify(r.json));
        }
        const published: string[] = [];
        for (const path of [
          '/oruk/services?per_page=200',
          `/oruk/services/${service.id}`,
          '/oruk/service_at_locations?per_page=200',
          `/oruk/service_at_locations/${encodeURIComponent(service.service_at_locations[0]!.id)}`,
          '/oruk/taxonomies',
          '/oruk/taxonomy_terms?per_page=200',
          '/v1/services?limit=100',
          `/v1/services/${service.id}`,
          '/v1/taxonomies',
        ]) {
          const r = await call('GET', path);
          assert.equal(r.status, 200, path);
          published.push(JSON.stringify(r.json));
        }
        const feed = published.join('\n');
        for (const secret of [
          'Quorabella',
          'Vantablack',
          'A123456789012',
          '07700 900461',
          'Peregrine',
          'lunchtimes',
          'FAM-ZEPHYR',
          LearnerSchema.parse(child.json).id,
          'Zephyrwhistle',
          staff.email,
          staff.id,
          'vol-family-support-worker',
        ])
          assert.ok(!feed.includes(secret), `the public directory shows ${secret}`);
      });
    });

    describe('OpenAPI, CORS, headers and logs', () => {
      it('generates an OpenAPI 3.1 document covering every route from the registry', async () => {
        const r = await call('GET', '/v1/openapi.json');
        const doc = OpenApiDocument.parse(r.json);
        assert.equal(doc.openapi, '3.1.0');
        for (const route of hub.routes) {
          const op = operationOf(doc, route.path.replace(/:([A-Za-z_]+)/g, '{$1}'), route.method);
          assert.ok(op, `${route.method} ${route.path} documented`);
          assert.ok(op.responses.default);
        }
        // Every public schema is one named component, referred to wherever it appears (one type in generated code).
        const components = doc.components.schemas;
        const text = JSON.stringify(r.json);
        const refs = [...text.matchAll(/"\$ref":"([^"]+)"/g)].map((m) => m[1]!);
        assert.ok(refs.length > 100);
        for (const ref of new Set(refs)) {
          assert.match(ref, /^#\/components\/schemas\//);
          assert.ok(components[ref.split('/').pop()!], `${ref} resolves`);
        }
        assert.ok(!text.includes('$defs'), 'no schema keeps definitions of its own');
        const referred = new Set(refs.map((ref) => ref.split('/').pop()));
        assert.deepEqual(
          Object.keys(components).filter((id) => !referred.has(id)),
          [],
          'no unused components',
        );
        const create = operationOf(doc, '/v1/handovers', 'post');
        assert.equal(
          create?.requestBody?.content['application/json']?.schema.$ref,
          '#/components/schemas/HandoverCreate',
        );
        assert.equal(components.HandoverCreate!.additionalProperties, false);
        assert.equal(
          operationOf(doc, '/v1/handovers/{id}', 'get')?.responses['200']?.content?.['application/json']?.schema.$ref,
          '#/components/schemas/HandoverView',
        );
        assert.equal(components.Handover?.properties?.learner?.$ref, '#/components/schemas/LearnerCore');
        assert.ok(components.Problem && components.Service && components.Learner);
        assert.ok(create?.parameters?.some((p) => p.name === 'Idempotency-Key'));
        const search = operationOf(doc, '/v1/services', 'get');
        assert.equal(search?.parameters?.find((p) => p.name === 'age')?.schema?.type, 'number');
      });
      it('answers a preflight from an origin added or removed through another instance as of the next request', async () => {
        const portal = 'https://new-portal.example';
        const preflight = async () =>
          (
            await hub.app.request('/v1/handovers', {
              method: 'OPTIONS',
              headers: { origin: portal, 'access-control-request-method': 'POST' },
            })
          ).headers.get('access-control-allow-origin');
        const read = async () =>
          (await call('GET', '/v1/me', { as: `${PRI}-teacher`, headers: { origin: portal } })).headers.get(
            'access-control-allow-origin',
          );
        assert.equal(await preflight(), null);
        // As c2c-hub set-allowed-origins does it: through another connection to the same database.
        const other = await Store.open(databaseUrl);
        try {
          const org = (await other.organisation(PRI))!;
          await other.updateOrganisation({ ...org, allowedOrigins: [...org.allowedOrigins, portal] }, []);
          assert.equal(await preflight(), portal, 'an added origin: the next preflight');
          assert.equal(await read(), portal, 'and the next request');
          await other.updateOrganisation(org, []);
          assert.equal(await preflight(), null, 'a removed origin: the next preflight');
        } finally {
          await other.close();
        }
      });
      it('allows browser calls only from the caller’s organisation’s origins', async () => {
        const pre = await hub.app.request('/v1/handovers', {
          method: 'OPTIONS',
          headers: { origin: 'http://localhost:8080', 'access-control-request-method': 'POST' },
        });
        assert.equal(pre.status, 204);
        assert.equal(pre.headers.get('access-control-allow-origin'), 'http://localhost:8080');
        assert.match(pre.headers.get('access-control-allow-headers') ?? '', /Idempotency-Key/);
        const evil = await hub.app.request('/v1/handovers', {
          method: 'OPTIONS',
          headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
        });
        assert.equal(evil.headers.get('access-control-allow-origin'), null);
        const ok = await call('GET', '/v1/me', { as: `${PRI}-teacher`, headers: { origin: 'http://localhost:8080' } });
        assert.equal(ok.headers.get('access-control-allow-origin'), 'http://localhost:8080');
        const refused = await call('GET', '/v1/me', {
          as: `${PRI}-teacher`,
          headers: { origin: 'https://evil.example' },
        });
        problem(refused, 403, 'forbidden');
        // It says who can add the website and how (no administrator can, through the API), without echoing it.
        assert.match(
          ProblemSchema.parse(refused.json).detail,
          /list of allowed websites\. Ask whoever runs this hub .*c2c-hub set-allowed-origins/,
        );
        assert.doesNotMatch(ProblemSchema.parse(refused.json).detail, /evil\.example|An administrator can add it/);
        // A page the hub's own host serves is same-origin; a different host claiming to be it is not.
        const self = await call('GET', '/v1/me', {
          as: `${PRI}-teacher`,
          headers: { origin: 'http://hub.example:8090', host: 'hub.example:8090' },
        });
        assert.equal(self.status, 200);
        problem(
          await call('GET', '/v1/me', {
            as: `${PRI}-teacher`,
            headers: { origin: 'http://evil.example:8090', host: 'hub.example:8090' },
          }),
          403,
          'forbidden',
        );
      });
      it('sends secure headers and a request id on every response', async () => {
        const r = await call('GET', '/healthz', { headers: { 'x-request-id': 'trace-123' } });
        assert.equal(HealthSchema.parse(r.json).status, 'ok');
        assert.equal(r.headers.get('x-request-id'), 'trace-123');
        assert.equal(r.headers.get('x-content-type-options'), 'nosniff');
        assert.ok(r.headers.get('strict-transport-security'));
        assert.equal(record((await call('GET', '/readyz')).json).status, 'ok');
      });
      it('sends a child’s record, and a refusal, with headers that keep it out of frames, caches and referrers', async () => {
        const learner = await learnerOf(PRI);
        const own = await call('GET', `/v1/learners/${learner.id}`, { as: `${PRI}-teacher` });
        assert.equal(own.status, 200);
        const refused = await call('GET', `/v1/learners/${learner.id}`, { as: 'pri-hillcrest-teacher' });
        problem(refused, 404, 'not_found');
        for (const r of [own, refused]) {
          assert.equal(r.headers.get('content-security-policy'), "default-src 'none'; frame-ancestors 'none'");
          assert.equal(r.headers.get('x-frame-options'), 'DENY', 'as frame-ancestors says, for older browsers');
          assert.equal(r.headers.get('x-content-type-options'), 'nosniff');
          assert.equal(r.headers.get('referrer-policy'), 'no-referrer');
          assert.equal(r.headers.get('cache-control'), 'no-store');
          assert.match(r.headers.get('strict-transport-security') ?? '', /max-age=\d+/);
        }
      });
      it('logs every request as structured JSON with the route pattern and no personal data', async () => {
        const learners = await hub.store.learners({ organisationId: PRI }, undefined, null, 1000);
        const surname = learners[0]!.legalSurname;
        await call('POST', '/v1/learners/search', { as: `${PRI}-teacher`, body: { q: surname } });
        await call('GET', `/v1/learners/${learners[0]!.id}`, { as: `${PRI}-teacher` });
        await call('POST', '/v1/handovers', {
          as: `${PRI}-teacher`,
          body: {
            transition: 'y6-to-y7',
            learnerId: learners[0]!.id,
            receivingOrganisationId: SEC,
            sections: { 'pupil-voice': { 'all-about-me': `My name is ${learners[0]!.legalForename}` } },
          },
        });
        const requestLines = logs.lines.filter((l) => l.msg === 'request');
        assert.ok(requestLines.length > 50);
        for (const line of requestLines) {
          assert.ok(
            line.requestId &&
              line.method &&
              line.route &&
              typeof line.status === 'number' &&
              typeof line.durationMs === 'number',
          );
          assert.ok(!String(line.route).includes('?'));
        }
        assert.ok(requestLines.some((l) => l.route === '/v1/learners/:id'));
        const text = logs.lines.map((l) => JSON.stringify(l)).join('\n');
        const names = new Set(learners.flatMap((l) => [l.legalForename, l.legalSurname]).filter((n) => n.length > 3));
        for (const name of names) assert.ok(!text.includes(name), `a learner's name (${name}) reached the logs`);
        assert.ok(!text.includes('lrn-'), 'no learner ids in logs either');
      });
    });
  });
}

describe('rate limiting', () => {
  /** A small hub of its own with a limit of 60 a minute (bursts of 10), so the tests can reach it quickly. */
  const limitedHub = () =>
    createHub({
      databaseUrl: 'sqlite::memory:',
      seed: { learners: 20 },
      logger: captureLogger().logger,
      rateLimitPerMinute: 60,
    });

  it('answers 429 rate_limited with Retry-After once a token’s bucket is empty', async () => {
    const hub = await limitedHub();
    try {
      const statuses: number[] = [];
      let last: Response | undefined;
      for (let i = 0; i < 12; i++) {
        last = await hub.app.request('/v1/me', { headers: bearer('pri-millbrook-teacher') });
        statuses.push(last.status);
      }
      assert.deepEqual(statuses.slice(0, 10), Array(10).fill(200));
      assert.equal(statuses[11], 429);
      assert.ok(Number(last!.headers.get('retry-after')) >= 1);
      assert.equal(ProblemSchema.parse(await last!.json()).code, 'rate_limited');
      // Another token has its own bucket.
      assert.equal((await hub.app.request('/v1/me', { headers: bearer('pri-millbrook-senco') })).status, 200);
      // Spelling the scheme another way is the same token, and the same bucket.
      const token = bearer('pri-millbrook-senco').authorization.replace(/^Bearer /, '');
      const spelt: number[] = [];
      for (let i = 0; i < 12; i++)
        spelt.push(
          (await hub.app.request('/v1/me', { headers: { authorization: `${i % 2 ? 'bearer' : 'BEARER'}  ${token}` } }))
            .status,
        );
      assert.equal(spelt.at(-1), 429);
    } finally {
      await hub.close();
    }
  });

  it('slows guessing: each new wrong token still draws on its address’s bucket', async () => {
    const hub = await limitedHub();
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 14; i++)
        statuses.push(
          (await hub.app.request('/v1/me', { headers: { authorization: `Bearer c2c_s_guess-number-${i}` } })).status,
        );
      assert.deepEqual(statuses.slice(0, 8), Array(8).fill(401));
      assert.equal(statuses.at(-1), 429);
      // Refused is refused: a guess that happens to be right is not even looked up until the address may try again.
      // Asked straight away: the bucket refills by the second, and starting the hub below takes seconds on a busy
      // machine.
      const right = await hub.app.request('/v1/me', { headers: bearer('pri-millbrook-teacher') });
      assert.equal(right.status, 429);
      assert.ok(Number(right.headers.get('retry-after')) >= 1);
      // So does a header that is not a token at all, which would otherwise make a bucket per request.
      const fresh = await limitedHub();
      try {
        const malformed: number[] = [];
        for (let i = 0; i < 14; i++)
          malformed.push((await fresh.app.request('/v1/me', { headers: { authorization: `Bearer x${i}` } })).status);
        assert.deepEqual(malformed.slice(0, 8), Array(8).fill(401));
        assert.equal(malformed.at(-1), 429);
      } finally {
        await fresh.close();
      }
    } finally {
      await hub.close();
    }
  });

  it('behind a proxy, limits by the address the proxy saw, not one the client wrote into X-Forwarded-For', async () => {
    const hub = await createHub({
      databaseUrl: 'sqlite::memory:',
      seed: { learners: 20 },
      logger: captureLogger().logger,
      rateLimitPerMinute: 60,
      trustProxy: true,
    });
    try {
      // The load balancer appends the address it saw (203.0.113.9) to whatever the client sent.
      const forwarded = (i: number) => ({ 'x-forwarded-for': `198.51.100.${i}, 203.0.113.9` });
      const anonymous: number[] = [];
      for (let i = 0; i < 12; i++)
        anonymous.push((await hub.app.request('/v1/taxonomies', { headers: forwarded(i) })).status);
      assert.equal(anonymous.at(-1), 429);
      const guesses: number[] = [];
      for (let i = 0; i < 14; i++)
        guesses.push(
          (
            await hub.app.request('/v1/me', {
              headers: { authorization: `Bearer c2c_s_guess-${i}`, 'x-forwarded-for': `10.1.${i}.1, 203.0.113.10` },
            })
          ).status,
        );
      assert.equal(guesses.at(-1), 429);
      // Another client behind the same proxy has a bucket of its own.
      assert.equal(
        (await hub.app.request('/v1/taxonomies', { headers: { 'x-forwarded-for': '203.0.113.77' } })).status,
        200,
      );
    } finally {
      await hub.close();
    }
  });

  for (const makeTarget of targets()) {
    const target = makeTarget();
    it(`holds one limit per token across instances on one database (${target.name})`, async () => {
      const databaseUrl = await target.create();
      const logs = captureLogger('warn');
      const options = { databaseUrl, logger: logs.logger, rateLimitPerMinute: 60 };
      const a = await createHub({ ...options, seed: { learners: 20 } });
      const b = await createHub(options);
      const me = (hub: Hub, who = 'pri-millbrook-teacher') => hub.app.request('/v1/me', { headers: bearer(who) });
      try {
        // B meets the token once; then A spends nine of the ten requests a burst allows.
        assert.equal((await me(b)).status, 200);
        await b.shareRateLimits();
        for (let i = 0; i < 9; i++) assert.equal((await me(a)).status, 200, `request ${i + 1} through A`);
        await a.shareRateLimits();
        await b.shareRateLimits();
        // B now counts A's nine against the token: its bucket is empty, as A's is.
        const refused = await me(b);
        assert.equal(refused.status, 429);
        assert.ok(Number(refused.headers.get('retry-after')) >= 1);
        // Other tokens are untouched.
        assert.equal((await me(b, 'pri-millbrook-senco')).status, 200);
        // Neither tokens nor addresses are stored: only their hashes.
        const keys = (await a.store.db.selectFrom('rate_usage').select('key').execute()).map((r) => r.key);
        assert.ok(keys.length >= 1 && keys.every((k) => /^(t|ip):[0-9a-f]{64}$/.test(k)), keys.join(', '));
        assert.deepEqual(
          logs.lines.filter((l) => l.msg === 'could not share rate-limit counts'),
          [],
        );
      } finally {
        await b.close();
        await a.close();
        await target.dispose();
      }
    });
  }
});
