/**
 * Requests that arrive together, against real databases (SQLite, and PostgreSQL when C2C_TEST_DATABASE_URL is
 * set): whoever wins, nothing is overwritten unseen and every write keeps its audit lines.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { sql } from 'kysely';
import {
  HandoverSchema,
  LearnerSchema,
  OrganisationRetentionSchema,
  ProblemSchema,
  UserSchema,
  type Handover,
} from '@c2c/schema';
import type { Hub } from '../src/index.js';
import {
  captureLogger,
  closeHub,
  hubCaller,
  newLearner,
  record,
  seededHub,
  targets,
  versionConflict,
} from './helpers.js';

const HUB_DIR = fileURLToPath(new URL('..', import.meta.url));
const STORE_MODULE = pathToFileURL(fileURLToPath(new URL('../src/index.ts', import.meta.url))).href;

/**
 * Runs `code` in another process with `store` open on the same database, as another hub instance would, and
 * returns once it is done (its writes committed). Synchronous, so it can run at an exact point inside a
 * retention run: between what the run reads and what it deletes.
 */
function elsewhere(databaseUrl: string, code: string): void {
  const script = `
    const { Store } = await import(${JSON.stringify(STORE_MODULE)});
    const store = await Store.open(${JSON.stringify(databaseUrl)}, { migrate: false });
    try { ${code} } finally { await store.close(); }`;
  execFileSync(process.execPath, ['--conditions=c2c-source', '--import', 'tsx', '--input-type=module', '-e', script], {
    cwd: HUB_DIR,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

/** Saves the next version of handover `id` elsewhere: `change` is spread over the stored handover. */
function saveElsewhere(databaseUrl: string, id: string, change: Record<string, unknown>): void {
  elsewhere(
    databaseUrl,
    `const h = await store.handover(${JSON.stringify(id)});
    const at = new Date().toISOString();
    const next = { ...h, version: h.version + 1, updatedAt: at, ...${JSON.stringify(change)} };
    if (next.status === 'submitted') next.submittedAt = at;
    const saved = await store.updateHandover(h, next, 'another-instance');
    if (saved !== 'ok') throw new Error(saved);`,
  );
}

/**
 * Runs `rounds` rate-limit shares as another hub instance would, in a process of its own, each round a
 * little over ten minutes after the one before (so every round finds the rows of the last one stale, and
 * prunes them while it counts), from `startAt` (a wall-clock time). Resolves with the last round's total per key, or rejects with the error.
 */
function shareElsewhere(
  databaseUrl: string,
  instance: string,
  keys: string[],
  rounds: number,
  startAt: number,
): Promise<number[]> {
  const script = `
    const { Store } = await import(${JSON.stringify(STORE_MODULE)});
    const store = await Store.open(${JSON.stringify(databaseUrl)}, { migrate: false });
    const keys = ${JSON.stringify(keys)};
    let totals;
    // Both processes start counting at the same moment, however long each took to start.
    await new Promise((resolve) => setTimeout(resolve, ${startAt} - Date.now()));
    try {
      for (let r = 0; r < ${rounds}; r++)
        totals = await store.shareRateUsage(${JSON.stringify(instance)}, new Map(keys.map((k) => [k, 1])), keys, 1e12 + r * 700000);
    } finally { await store.close(); }
    process.stdout.write(JSON.stringify(keys.map((k) => totals.get(k))));`;
  return new Promise((resolve, reject) =>
    execFile(
      process.execPath,
      ['--conditions=c2c-source', '--import', 'tsx', '--input-type=module', '-e', script],
      { cwd: HUB_DIR },
      (error, stdout, stderr) =>
        error ? reject(new Error(`${instance}: ${stderr.slice(-600)}`)) : resolve(JSON.parse(stdout) as number[]),
    ),
  );
}

const PRI = 'pri-millbrook';
const SEC = 'sec-brookfield-academy';

for (const makeTarget of targets()) {
  const target = makeTarget();
  describe(`concurrent requests on ${target.name}`, () => {
    let hub: Hub;
    let databaseUrl: string;
    const logs = captureLogger('info');

    const call = hubCaller(() => hub);
    const statuses = (rs: Array<{ status: number }>) => rs.map((r) => r.status).sort();

    /** A draft from Millbrook to Brookfield Academy with every required answer, as the Millbrook teacher. */
    const draft = async (): Promise<Handover> => {
      const learner = (await hub.store.learners({ organisationId: PRI }, undefined, null, 1))[0]!;
      const r = await call('POST', '/v1/handovers', {
        as: `${PRI}-teacher`,
        body: {
          transition: 'y6-to-y7',
          learnerId: learner.id,
          receivingOrganisationId: SEC,
          sections: { 'pupil-voice': { 'all-about-me': 'I like maths.' }, strengths: { strengths: 'Kind.' } },
        },
      });
      assert.equal(r.status, 201, JSON.stringify(r.json));
      return HandoverSchema.parse(r.json);
    };

    before(async () => {
      databaseUrl = await target.create();
      hub = await seededHub(databaseUrl, logs.logger);
    });
    after(() => closeHub(hub, target));

    describe('handovers', () => {
      it('lets one of three PATCHes of the same version win; the others get 409 with the winner’s copy', async () => {
        const h = await draft();
        const rs = await Promise.all(
          ['one', 'two', 'three'].map((words) =>
            call('PATCH', `/v1/handovers/${h.id}`, {
              as: `${PRI}-teacher`,
              headers: { 'if-match': '1' },
              body: { sections: { strengths: { strengths: words } } },
            }),
          ),
        );
        assert.deepEqual(statuses(rs), [200, 409, 409]);
        const won = HandoverSchema.parse(rs.find((r) => r.status === 200)!.json);
        for (const lost of rs.filter((r) => r.status === 409)) {
          const conflict = versionConflict(lost.json);
          assert.equal(conflict.code, 'version_conflict');
          assert.equal(conflict.currentVersion, 2);
          assert.deepEqual(conflict.current.sections, won.sections);
        }
        assert.deepEqual(
          (await hub.store.handoverVersions(h.id)).map((v) => v.version),
          [1, 2],
        );
      });

      it('submits once for three requests with one Idempotency-Key, and replays that answer', async () => {
        const h = await draft();
        const send = () =>
          call('POST', `/v1/handovers/${h.id}/submit`, {
            as: `${PRI}-teacher`,
            headers: { 'idempotency-key': `submit-${h.id}` },
          });
        const rs = await Promise.all([send(), send(), send()]);
        // One request carries the submission out. Each other one either meets it under way (409) or, on a loaded
        // machine, arrives once it is done and gets its answer replayed: never a submission of its own.
        const original = rs.filter((r) => r.status === 200 && r.headers.get('idempotent-replayed') !== 'true');
        assert.equal(original.length, 1, `statuses ${statuses(rs).join(', ')}`);
        for (const r of rs) {
          if (r === original[0]) continue;
          if (r.status === 409) assert.equal(ProblemSchema.parse(r.json).code, 'idempotency_in_progress');
          else {
            assert.equal(r.status, 200);
            assert.equal(r.headers.get('idempotent-replayed'), 'true');
            assert.deepEqual(r.json, original[0]!.json);
          }
        }
        const replay = await send();
        assert.equal(replay.status, 200);
        assert.equal(replay.headers.get('idempotent-replayed'), 'true');
        assert.deepEqual(replay.json, original[0]!.json);
        assert.deepEqual(
          (await hub.store.handoverVersions(h.id)).map((v) => `${v.version} ${v.status}`),
          ['1 draft', '2 submitted'],
        );
      });

      it('submits once for three requests with different Idempotency-Keys', async () => {
        const h = await draft();
        const rs = await Promise.all(
          [1, 2, 3].map((n) =>
            call('POST', `/v1/handovers/${h.id}/submit`, {
              as: `${PRI}-teacher`,
              headers: { 'idempotency-key': `submit-${n}-${h.id}` },
            }),
          ),
        );
        assert.deepEqual(statuses(rs), [200, 409, 409]);
        // Which refusal depends on when each read the draft: before the winner's save, or after.
        for (const r of rs.filter((x) => x.status === 409)) {
          const { code } = ProblemSchema.parse(r.json);
          assert.ok(['version_conflict', 'invalid_state'].includes(code), code);
        }
        assert.deepEqual(
          (await hub.store.handoverVersions(h.id)).map((v) => `${v.version} ${v.status}`),
          ['1 draft', '2 submitted'],
        );
      });

      describe('an acknowledgement and the sender’s PATCH of the same version', () => {
        /** A submitted handover, and the two requests that race for its next version (both changing version 2). */
        const submitted = async () => {
          const h = await draft();
          const sent = await call('POST', `/v1/handovers/${h.id}/submit`, { as: `${PRI}-teacher` });
          assert.equal(sent.status, 200);
          const seen = HandoverSchema.parse(sent.json);
          assert.equal(seen.version, 2);
          return {
            seen,
            // The receiving school acknowledges the copy it read, so it says which one that was.
            acknowledge: () =>
              call('POST', `/v1/handovers/${h.id}/acknowledge`, {
                as: `${SEC}-teacher`,
                headers: { 'if-match': String(seen.version) },
              }),
            patch: () =>
              call('PATCH', `/v1/handovers/${h.id}`, {
                as: `${PRI}-teacher`,
                headers: { 'if-match': String(seen.version) },
                body: { sections: { strengths: { strengths: 'Added late.' } } },
              }),
          };
        };

        /** The acknowledgement stands for the copy the receiving school saw: never for one changed under it. */
        const assertAcknowledged = async (seen: Handover) => {
          const versions = await hub.store.handoverVersions(seen.id);
          assert.deepEqual(
            versions.map((v) => `${v.version} ${v.status}`),
            ['1 draft', '2 submitted', '3 acknowledged'],
          );
          assert.deepEqual(versions[2]!.sections, seen.sections);
          const stored = (await hub.store.handover(seen.id))!;
          assert.equal(stored.status, 'acknowledged');
          assert.equal(stored.sections.strengths?.strengths, 'Kind.');
        };

        const assertAmended = async (seen: Handover, ack: { json: unknown }) => {
          const conflict = versionConflict(ack.json);
          assert.equal(conflict.code, 'version_conflict');
          assert.equal(conflict.currentVersion, 3);
          assert.equal(conflict.current.sections.strengths?.strengths, 'Added late.');
          assert.deepEqual(
            (await hub.store.handoverVersions(seen.id)).map((v) => `${v.version} ${v.status}`),
            ['1 draft', '2 submitted', '3 submitted'],
          );
          const stored = (await hub.store.handover(seen.id))!;
          assert.equal(stored.status, 'submitted');
          assert.equal(stored.acknowledgedAt, null);
        };

        it('refuses the acknowledgement of version 2 once the PATCH made version 3', async () => {
          const { seen, acknowledge, patch } = await submitted();
          assert.equal((await patch()).status, 200);
          const ack = await acknowledge();
          assert.equal(ack.status, 409);
          await assertAmended(seen, ack);
        });

        it('refuses the PATCH of version 2 once it is acknowledged', async () => {
          const { seen, acknowledge, patch } = await submitted();
          assert.equal((await acknowledge()).status, 200);
          const late = await patch();
          assert.equal(late.status, 409);
          assert.equal(ProblemSchema.parse(late.json).code, 'invalid_state');
          await assertAcknowledged(seen);
        });

        it('lets exactly one win when they arrive together, whichever it is', async () => {
          const { seen, acknowledge, patch } = await submitted();
          const [ack, change] = await Promise.all([acknowledge(), patch()]);
          assert.deepEqual(statuses([ack!, change!]), [200, 409]);
          if (ack!.status === 200) {
            // The PATCH either read version 2 and lost the save, or read the acknowledged version 3.
            assert.ok(
              ['version_conflict', 'invalid_state'].includes(ProblemSchema.parse(change!.json).code),
              JSON.stringify(change!.json),
            );
            await assertAcknowledged(seen);
          } else await assertAmended(seen, ack!);
        });

        it('takes both an acknowledgement and a message that arrive together, whichever is saved first', async () => {
          // A message changes nothing the receiving school acknowledges, so neither order refuses the acknowledgement:
          // sent first, the message is usually saved between the acknowledgement's read and its save.
          for (const messageFirst of [true, false, true, false]) {
            const { seen, acknowledge } = await submitted();
            const message = () =>
              call('POST', `/v1/handovers/${seen.id}/messages`, {
                as: `${PRI}-teacher`,
                body: { body: 'She has a new reading book.' },
              });
            const [ack, said] = messageFirst
              ? await Promise.all([message(), acknowledge()]).then(([m, a]) => [a, m])
              : await Promise.all([acknowledge(), message()]);
            assert.deepEqual(statuses([ack!, said!]), [200, 200], JSON.stringify([ack!.json, said!.json]));
            const stored = (await hub.store.handover(seen.id))!;
            assert.equal(stored.status, 'acknowledged');
            assert.deepEqual(
              stored.messages.map((m) => m.body),
              ['She has a new reading book.'],
            );
            const versions = await hub.store.handoverVersions(seen.id);
            assert.deepEqual(
              versions.map((v) => v.version),
              [1, 2, 3, 4],
            );
            assert.equal(versions.find((v) => v.status === 'acknowledged')?.acknowledges, seen.version);
          }
        });
      });

      it('keeps both schools’ messages sent at the same moment', async () => {
        const h = await draft();
        const submitted = await call('POST', `/v1/handovers/${h.id}/submit`, { as: `${PRI}-teacher` });
        assert.equal(submitted.status, 200);
        const send = (as: string, body: string) =>
          call('POST', `/v1/handovers/${h.id}/messages`, {
            as,
            headers: { 'idempotency-key': `message-${as}-${h.id}` },
            body: { body },
          });
        const rs = await Promise.all([
          send(`${PRI}-teacher`, 'Sent from Millbrook'),
          send(`${SEC}-teacher`, 'Sent from Brookfield'),
        ]);
        assert.deepEqual(statuses(rs), [200, 200], JSON.stringify(rs.map((r) => record(r.json).code)));
        const stored = await hub.store.handover(h.id);
        assert.deepEqual(stored?.messages.map((m) => m.body).sort(), ['Sent from Brookfield', 'Sent from Millbrook']);
        assert.deepEqual(
          (await hub.store.handoverVersions(h.id)).map((v) => v.version),
          [1, 2, 3, 4],
        );
      });
    });

    describe('retention', () => {
      it('keeps a draft that is submitted or edited while a retention run is deleting it, with every version', async () => {
        const submitted = await draft();
        const edited = await draft();
        const found = new Set<string>();
        const counts = await hub.store.expire(
          {
            // Both drafts are past their keep when the run reads them; another instance then saves each of them.
            draftsBefore: new Date('2100-01-01T00:00:00Z'),
            draftExpired: (_org, updatedAt) => {
              const mine = [submitted, edited].find((h) => h.updatedAt === updatedAt);
              if (!mine) return false;
              if (!found.has(mine.id)) {
                found.add(mine.id);
                saveElsewhere(
                  databaseUrl,
                  mine.id,
                  mine === submitted ? { status: 'submitted' } : { sections: { strengths: { strengths: 'Kinder.' } } },
                );
              }
              return true;
            },
            learnerExpired: () => false,
            familySignpostingBefore: '1900-01-01',
            familySignpostingExpired: () => false,
          },
          new Date(),
          true,
        );
        assert.equal(found.size, 2);
        assert.equal(counts.drafts, 2, 'both were past their keep when read');
        assert.equal((await hub.store.handover(submitted.id))?.status, 'submitted');
        for (const h of [submitted, edited]) {
          assert.deepEqual(
            (await hub.store.handoverVersions(h.id)).map((v) => v.version),
            [1, 2],
            `${h === submitted ? 'submitted' : 'edited'} draft keeps its versions`,
          );
          const lines = await hub.store.auditEntries({ organisationId: PRI, learnerId: h.learnerId }, null, 100);
          assert.ok(!lines.some((a) => a.userId === 'retention' && a.resourceId === h.id), 'no deletion audited');
        }
        assert.equal((await hub.store.handover(edited.id))?.sections.strengths?.strengths, 'Kinder.');
      });
      it('keeps a learner whom another organisation starts holding records about while the run decides', async () => {
        const made = await call('POST', '/v1/learners', {
          as: `${PRI}-teacher`,
          body: newLearner({ legalForename: 'Ada', legalSurname: 'Staying' }, PRI),
        });
        assert.equal(made.status, 201, JSON.stringify(made.json));
        const learnerId = LearnerSchema.parse(made.json).id;
        const first = await call('POST', '/v1/handovers', {
          as: `${PRI}-teacher`,
          body: { transition: 'y6-to-y7', learnerId, receivingOrganisationId: SEC },
        });
        assert.equal(first.status, 201);
        // Oakfield keeps its records longer than the others: once it holds one about her, she stays.
        const LONGER = 'pri-oakfield';
        const firstId = HandoverSchema.parse(first.json).id;
        const raced = `${firstId}-raced`;
        let started = false;
        const counts = await hub.store.expire(
          {
            draftsBefore: new Date('1900-01-01T00:00:00Z'),
            draftExpired: () => false,
            learnerExpired: (learner, holders) => {
              if (learner.id !== learnerId) return false;
              // Once the run has read who holds records about her, another instance sends Oakfield a handover.
              if (holders.length > 1 && !started) {
                started = true;
                elsewhere(
                  databaseUrl,
                  `const h = await store.handover(${JSON.stringify(firstId)});
                  await store.insertHandovers(
                    [{ ...h, id: ${JSON.stringify(raced)}, receivingOrganisationId: ${JSON.stringify(LONGER)} }],
                    'another-instance',
                  );`,
                );
              }
              return !holders.includes(LONGER);
            },
            familySignpostingBefore: '1900-01-01',
            familySignpostingExpired: () => false,
          },
          new Date(),
          true,
        );
        assert.ok(started, 'the handover was sent during the run');
        assert.equal(counts.learners, 1, 'she was past every holder’s keep when the run read her');
        assert.equal((await hub.store.learner(learnerId))?.id, learnerId, 'the learner stays');
        assert.deepEqual(
          (await hub.store.handoversForLearner(learnerId)).map((h) => h.id).sort(),
          [firstId, raced].sort(),
        );
        const lines = await hub.store.auditEntries({ organisationId: PRI, learnerId }, null, 50);
        assert.ok(!lines.some((a) => a.userId === 'retention'), 'no deletion audited');
      });
    });

    describe('writes and their audit lines', () => {
      it('issues no token when its audit line cannot be stored', async () => {
        const userId = `${SEC}-teacher`;
        const tokens = async () =>
          Number(
            (
              await hub.store.db
                .selectFrom('tokens')
                .select((eb) => eb.fn.countAll().as('n'))
                .where('user_id', '=', userId)
                .executeTakeFirstOrThrow()
            ).n,
          );
        const before = await tokens();
        // A real failure of the database at the audit insert: the table is out of reach for this one request.
        await sql`alter table audit rename to audit_away`.execute(hub.store.db);
        let r;
        try {
          r = await call('POST', '/v1/tokens', { as: `${SEC}-admin`, body: { userId, kind: 'session' } });
        } finally {
          await sql`alter table audit_away rename to audit`.execute(hub.store.db);
        }
        assert.equal(r.status, 500);
        assert.equal(record(r.json).token, undefined);
        assert.equal(await tokens(), before, 'no token stored without its audit line');
        const ok = await call('POST', '/v1/tokens', { as: `${SEC}-admin`, body: { userId, kind: 'session' } });
        assert.equal(ok.status, 201);
        assert.equal(await tokens(), before + 1);
        const lines = await hub.store.auditEntries({ organisationId: SEC, userId: `${SEC}-admin` }, null, 5);
        assert.ok(
          lines.some((a) => a.action === 'create' && a.resource === 'token:session' && a.resourceId === userId),
        );
      });
      it('answers a change that was made even when its answer cannot be kept for the Idempotency-Key', async () => {
        const learner = (await hub.store.learners({ organisationId: PRI }, undefined, null, 2))[1]!;
        const count = async () => (await hub.store.handoversForLearner(learner.id)).length;
        const before = await count();
        const create = () =>
          call('POST', '/v1/handovers', {
            as: `${PRI}-teacher`,
            headers: { 'idempotency-key': `answer-lost-${learner.id}` },
            body: { transition: 'y6-to-y7', learnerId: learner.id, receivingOrganisationId: SEC },
          });
        // A real failure of the database when the answer is stored: every update of the keys' table refused.
        if (target.name === 'postgres') {
          await sql`create function refuse_update() returns trigger language plpgsql as $$ begin raise exception 'refused'; end $$`.execute(
            hub.store.db,
          );
          await sql`create trigger refuse_update before update on idempotency for each row execute function refuse_update()`.execute(
            hub.store.db,
          );
        } else
          await sql`create trigger refuse_update before update on idempotency begin select raise(abort, 'refused'); end`.execute(
            hub.store.db,
          );
        let first;
        try {
          first = await create();
        } finally {
          await sql`drop trigger refuse_update${target.name === 'postgres' ? sql` on idempotency` : sql``}`.execute(
            hub.store.db,
          );
        }
        assert.equal(first.status, 201, JSON.stringify(first.json));
        assert.equal(await count(), before + 1);
        // The client had its answer; a retry with the key (a double click, say) must not start a second handover.
        const retry = await create();
        assert.equal(retry.status, 409);
        assert.equal(ProblemSchema.parse(retry.json).code, 'idempotency_in_progress');
        assert.equal(await count(), before + 1, 'one handover');
        assert.ok(logs.lines.some((l) => l.level === 'warn' && /idempotent/.test(l.msg)));
      });
    });

    describe('organisations', () => {
      it('keeps both of two administrators’ changes to the retention periods made at the same moment', async () => {
        const path = `/v1/organisations/${PRI}/retention`;
        const rs = await Promise.all([
          call('PATCH', path, { as: `${PRI}-admin`, body: { learnerYears: 50 } }),
          call('PATCH', path, { as: `${PRI}-admin`, body: { draftDays: 60 } }),
        ]);
        assert.deepEqual(statuses(rs), [200, 200]);
        const now = await call('GET', path, { as: `${PRI}-admin` });
        assert.deepEqual(OrganisationRetentionSchema.parse(now.json).overrides, { learnerYears: 50, draftDays: 60 });
      });

      it('never stores an EHC-plan period shorter than the learner period, however two changes interleave', async () => {
        const path = `/v1/organisations/${PRI}/retention`;
        // Each is allowed on its own (the learner period is 50 now); together they would break the rule.
        const rs = await Promise.all([
          call('PATCH', path, { as: `${PRI}-admin`, body: { ehcPlanYears: 55 } }),
          call('PATCH', path, { as: `${PRI}-admin`, body: { learnerYears: 60 } }),
        ]);
        assert.deepEqual(statuses(rs), [200, 422]);
        const { overrides } = OrganisationRetentionSchema.parse((await call('GET', path, { as: `${PRI}-admin` })).json);
        assert.ok(
          overrides.ehcPlanYears === undefined || overrides.ehcPlanYears >= (overrides.learnerYears ?? Infinity),
          JSON.stringify(overrides),
        );
      });
    });

    describe('users', () => {
      it('adds a user id once when two administrators add it at the same moment', async () => {
        const id = `${SEC}-jo-race`;
        const rs = await Promise.all([
          call('POST', '/v1/users', {
            as: `${SEC}-admin`,
            body: { id, name: 'Jo Teacher', email: 'jo.t@example.org', role: 'teacher' },
          }),
          call('POST', '/v1/users', {
            as: `${SEC}-admin`,
            body: { id, name: 'Jo Lead', email: 'jo.l@example.org', role: 'dsl' },
          }),
        ]);
        assert.deepEqual(statuses(rs), [201, 409]);
        const refused = ProblemSchema.parse(rs.find((r) => r.status === 409)!.json);
        assert.equal(refused.code, 'invalid_state');
        assert.ok(!JSON.stringify(refused).includes('jo-race'), 'the answer names the field, not the id sent');
        const created = UserSchema.parse(rs.find((r) => r.status === 201)!.json);
        const stored = await hub.store.user(id);
        assert.equal(stored?.name, created.name);
        assert.equal(stored?.role, created.role);
        const lines = await hub.store.auditEntries({ organisationId: SEC, userId: `${SEC}-admin` }, null, 20);
        assert.equal(lines.filter((a) => a.resource === 'user' && a.resourceId === id).length, 1);
      });

      it('keeps both of two administrators’ changes to one user made at the same moment', async () => {
        const id = `${SEC}-sam-race`;
        const made = await call('POST', '/v1/users', {
          as: `${SEC}-admin`,
          body: { id, name: 'Sam Example', email: 'sam@example.org', role: 'teacher' },
        });
        assert.equal(made.status, 201);
        // A rename sent from a screen that still shows Sam enabled must not enable them again.
        const rs = await Promise.all([
          call('PATCH', `/v1/users/${id}`, { as: `${SEC}-admin`, body: { disabled: true } }),
          call('PATCH', `/v1/users/${id}`, { as: `${SEC}-admin`, body: { name: 'Sam Renamed' } }),
        ]);
        assert.deepEqual(statuses(rs), [200, 200]);
        const stored = await hub.store.user(id);
        assert.equal(stored?.disabled, true);
        assert.equal(stored?.name, 'Sam Renamed');
        // Whichever landed second says so in its answer: it shows both changes.
        assert.ok(rs.map((r) => UserSchema.parse(r.json)).some((u) => u.disabled === true && u.name === 'Sam Renamed'));
      });
    });

    describe('rate-limit counts shared by instances', () => {
      it('lets two instances count the same keys at the same moments, each pruning the other’s stale rows', async () => {
        // Opposite orders, and each instance's rows stale when the other prunes: before the fix each held its
        // own rows while waiting to delete the other's, and PostgreSQL ended one with "deadlock detected".
        const keys = Array.from({ length: 40 }, (_, i) => `t:race-${String(i).padStart(2, '0')}`);
        const startAt = Date.now() + 4000;
        const [a, b] = await Promise.all([
          shareElsewhere(databaseUrl, 'instance-a', keys, 150, startAt),
          shareElsewhere(databaseUrl, 'instance-b', keys.toReversed(), 150, startAt),
        ]);
        // Each instance's last share counted in its own request, whatever the other pruned meanwhile.
        assert.ok(a.every((n) => n >= 1) && b.every((n) => n >= 1), JSON.stringify({ a, b }));
      });
    });
  });
}
