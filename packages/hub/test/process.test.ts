/**
 * The hub as a real process: the CLI, configuration errors, graceful shutdown, and the crash test (SIGKILL in
 * the middle of a stream of writes loses no write the hub acknowledged).
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { toOruk } from '@c2c/schema';
import { syntheticServices } from '@c2c/schema/synthetic';
import { Store, startHub } from '../src/index.js';
import { captureLogger, staffUser } from './helpers.js';

const here = dirname(fileURLToPath(import.meta.url));
const cli = join(here, '..', 'src', 'cli.ts');
const nodeArgs = ['--conditions=c2c-source', '--import', 'tsx', cli];
const dir = mkdtempSync(join(tmpdir(), 'c2c-hub-proc-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const env = (extra: Record<string, string>) => ({
  ...process.env,
  LOG_LEVEL: 'info',
  RATE_LIMIT_PER_MINUTE: '0',
  PORT: '0',
  ...extra,
});

/** Starts `c2c-hub start` and resolves with its URL once it logs that it is listening. */
function startProcess(
  databaseUrl: string,
  seed: boolean,
): Promise<{ child: ChildProcess; url: string; lines: string[] }> {
  const child = spawn(process.execPath, [...nodeArgs, 'start', ...(seed ? ['--seed-if-empty'] : [])], {
    env: env({ DATABASE_URL: databaseUrl }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  return new Promise((resolve, reject) => {
    let buffer = '';
    let stderr = '';
    child.stderr!.on('data', (d) => (stderr += String(d)));
    child.stdout!.on('data', (d) => {
      buffer += String(d);
      let nl: number;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        lines.push(line);
        try {
          const entry = JSON.parse(line) as { msg?: string; url?: string };
          if (entry.msg === 'listening' && entry.url) resolve({ child, url: entry.url, lines });
        } catch {
          /* not JSON: ignore */
        }
      }
    });
    child.once('exit', (code) => reject(new Error(`the hub exited (${code}) before listening: ${stderr}`)));
  });
}

const exited = (child: ChildProcess) =>
  new Promise<number | null>((resolve) =>
    child.exitCode !== null || child.signalCode ? resolve(child.exitCode) : child.once('exit', (code) => resolve(code)),
  );

describe('c2c-hub command line', () => {
  it('explains every bad setting and exits with status 2', () => {
    const r = spawnSync(process.execPath, [...nodeArgs, 'migrate'], {
      env: env({ PORT: 'eighty', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'chatty' }),
      encoding: 'utf8',
    });
    assert.equal(r.status, 2);
    assert.match(r.stderr, /PORT must be a whole number from 0 to 65535; it is "eighty"/);
    assert.match(r.stderr, /DATABASE_URL must be sqlite:/);
    assert.match(r.stderr, /LOG_LEVEL must be one of/);
  });
  it('prints help for an unknown command (through the bin script users run)', () => {
    const r = spawnSync(process.execPath, [join(here, '..', 'bin', 'c2c-hub.mjs'), 'frobnicate'], {
      env: env({}),
      encoding: 'utf8',
    });
    assert.equal(r.status, 2);
    assert.match(r.stderr, /Unknown command "frobnicate"/);
    assert.match(r.stderr, /import-oruk/);
  });
  it('migrates, seeds and issues a token that the hub accepts', async () => {
    const db = `sqlite:${join(dir, 'cli.sqlite')}`;
    assert.equal(
      spawnSync(process.execPath, [...nodeArgs, 'migrate'], { env: env({ DATABASE_URL: db }), encoding: 'utf8' })
        .status,
      0,
    );
    const seeded = spawnSync(process.execPath, [...nodeArgs, 'seed', '--learners', '40', '--services', '60'], {
      env: env({ DATABASE_URL: db }),
      encoding: 'utf8',
    });
    assert.equal(seeded.status, 0, seeded.stderr);
    assert.equal(JSON.parse(seeded.stdout).services, 60);
    const made = spawnSync(
      process.execPath,
      [...nodeArgs, 'create-token', 'pri-millbrook-admin', '--kind', 'session'],
      { env: env({ DATABASE_URL: db }), encoding: 'utf8' },
    );
    assert.equal(made.status, 0, made.stderr);
    const token = made.stdout.trim();
    assert.match(token, /^c2c_s_/);
    const missing = spawnSync(process.execPath, [...nodeArgs, 'create-token', 'nobody'], {
      env: env({ DATABASE_URL: db }),
      encoding: 'utf8',
    });
    assert.equal(missing.status, 1);
    assert.match(missing.stderr, /no user "nobody"/);
    const hub = await startHub({ port: 0, databaseUrl: db, logger: captureLogger().logger });
    try {
      const me = await fetch(`${hub.url}/v1/me`, { headers: { authorization: `Bearer ${token}` } });
      assert.equal(((await me.json()) as { tokenKind: string }).tokenKind, 'session');
      const disabled = spawnSync(process.execPath, [...nodeArgs, 'disable-user', 'pri-millbrook-admin'], {
        env: env({ DATABASE_URL: db }),
        encoding: 'utf8',
      });
      assert.equal(disabled.status, 0, disabled.stderr);
      assert.equal((await fetch(`${hub.url}/v1/me`, { headers: { authorization: `Bearer ${token}` } })).status, 401);
      assert.equal(
        (await fetch(`${hub.url}/v1/me`, { headers: { authorization: 'Bearer demo_pri-millbrook-admin' } })).status,
        401,
      );
    } finally {
      await hub.close();
    }
  });
  it('prints a failed command’s error as the hub’s logs do (class, driver code), never its message', async () => {
    // Synthetic, but shaped like what a driver's or a parser's message can quote: a child's name and UPN.
    const quoted = 'duplicate pupil Ada Testperson, UPN A123456789012';
    const cases: Array<[string, (store: Store) => Promise<unknown>, RegExp]> = [
      [
        'a database error',
        (store) =>
          sql
            .raw(`CREATE TRIGGER refuse_token BEFORE INSERT ON tokens BEGIN SELECT RAISE(ABORT, '${quoted}'); END`)
            .execute(store.db),
        /^c2c-hub: the command failed: SqliteError \(code SQLITE_CONSTRAINT_TRIGGER\)\. /m,
      ],
      [
        'a record that does not parse',
        (store) => store.db.updateTable('users').set({ doc: quoted }).execute(),
        /^c2c-hub: the command failed: SyntaxError\. /m,
      ],
    ];
    for (const [i, [what, breakIt, printed]] of cases.entries()) {
      const db = `sqlite:${join(dir, `cli-failure-${i}.sqlite`)}`;
      const store = await Store.open(db);
      try {
        await store.putUsers([staffUser('pri-test-teacher', 'teacher', 'Tess Teacher')]);
        await breakIt(store);
      } finally {
        await store.close();
      }
      const r = spawnSync(process.execPath, [...nodeArgs, 'create-token', 'pri-test-teacher'], {
        env: env({ DATABASE_URL: db }),
        encoding: 'utf8',
      });
      assert.equal(r.status, 1, `${what}: ${r.stderr}`);
      assert.equal(r.stdout, '', `${what}: no token printed`);
      assert.match(r.stderr, printed, what);
      assert.ok(!/Testperson|A123456789012/.test(r.stderr), `${what}: ${r.stderr}`);
    }
  });
  it('issues a DSL a session of a working day at most, never an API key, as the API does', async () => {
    const db = `sqlite:${join(dir, 'cli-dsl.sqlite')}`;
    const store = await Store.open(db);
    try {
      await store.putUsers([staffUser('pri-test-dsl', 'dsl', 'Dee Sutton')]);
    } finally {
      await store.close();
    }
    const createToken = (...args: string[]) =>
      spawnSync(process.execPath, [...nodeArgs, 'create-token', 'pri-test-dsl', ...args], {
        env: env({ DATABASE_URL: db }),
        encoding: 'utf8',
      });
    for (const args of [[], ['--kind', 'api-key'], ['--kind', 'session', '--ttl', '481']]) {
      const refused = createToken(...args);
      assert.equal(refused.status, 1, `${args.join(' ')}: ${refused.stderr}`);
      assert.equal(refused.stdout, '', 'no token printed');
      assert.match(refused.stderr, /session/);
    }
    const session = createToken('--kind', 'session', '--ttl', '480');
    assert.equal(session.status, 0, session.stderr);
    assert.match(session.stdout.trim(), /^c2c_s_/);
    const kept = await Store.open(db);
    try {
      const tokens = await kept.db.selectFrom('tokens').select('kind').execute();
      assert.deepEqual(
        tokens.map((t) => t.kind),
        ['session'],
      );
    } finally {
      await kept.close();
    }
  });
  it('counts what the retention schedule would delete, and deletes it only with --apply', async () => {
    const db = `sqlite:${join(dir, 'retention.sqlite')}`;
    const seeded = spawnSync(process.execPath, [...nodeArgs, 'seed', '--learners', '30', '--services', '2'], {
      env: env({ DATABASE_URL: db }),
      encoding: 'utf8',
    });
    assert.equal(seeded.status, 0, seeded.stderr);
    // A keep of one year from birth: every seeded learner (aged 2 to 18) is past it.
    const run = (...args: string[]) =>
      spawnSync(process.execPath, [...nodeArgs, 'retention', ...args], {
        env: env({ DATABASE_URL: db, RETENTION_LEARNER_YEARS: '1', RETENTION_EHC_PLAN_YEARS: '1' }),
        encoding: 'utf8',
      });
    const dry = run();
    assert.equal(dry.status, 0, dry.stderr);
    const counted = JSON.parse(dry.stdout) as { applied: boolean; learners: number };
    assert.equal(counted.applied, false);
    assert.equal(counted.learners, 30);
    assert.match(dry.stderr, /Would delete: .*30 learners/);
    assert.match(dry.stderr, /Run with --apply to delete/);
    // An organisation's own period holds its learners back, and the command says so.
    const store = await Store.open(db);
    const first = (await store.db.selectFrom('learners').select('organisation_id').executeTakeFirstOrThrow())
      .organisation_id;
    const own = (await store.organisation(first))!;
    const theirs = (await store.learners({ organisationId: own.id }, undefined, null, 100)).length;
    await store.updateOrganisation({ ...own, retention: { learnerYears: 100, ehcPlanYears: 100 } }, []);
    await store.close();
    const held = run();
    assert.ok(theirs > 0);
    assert.ok(JSON.parse(held.stdout).learners <= 30 - theirs, held.stdout);
    assert.ok(
      held.stderr.includes(
        `${own.id} keeps its own: drafts 365 days; learners 100 years (100 with an EHC plan); family signposting 6 years.`,
      ),
      held.stderr,
    );
    const reset = await Store.open(db);
    await reset.updateOrganisation(own, []);
    await reset.close();
    const applied = run('--apply');
    assert.equal(applied.status, 0, applied.stderr);
    assert.equal((JSON.parse(applied.stdout) as { learners: number }).learners, 30);
    assert.equal((JSON.parse(run().stdout) as { learners: number }).learners, 0, 'nothing left to delete');
  });
});

describe('c2c-hub command line audit', () => {
  /** Who the lines must name: "cli-" and this account, as the system records it. */
  const operator = `cli-${userInfo()
    .username.replace(/[^A-Za-z0-9_-]/g, '_')
    .slice(0, 60)}`;
  const db = `sqlite:${join(dir, 'cli-audit.sqlite')}`;
  const run = (...args: string[]) => {
    const r = spawnSync(process.execPath, [...nodeArgs, ...args], {
      env: env({ DATABASE_URL: db, RETENTION_LEARNER_YEARS: '1', RETENTION_EHC_PLAN_YEARS: '1' }),
      encoding: 'utf8',
    });
    assert.equal(r.status, 0, `${args.join(' ')}: ${r.stderr}`);
    return r;
  };
  /** The lines the command line wrote, with the id left out. */
  const lines = async () => {
    const store = await Store.open(db);
    try {
      return await store.db.selectFrom('audit').selectAll().where('role', '=', 'system').orderBy('id').execute();
    } finally {
      await store.close();
    }
  };
  let seen = 0;
  /** Lines written since the last call. */
  const fresh = async () => {
    const all = await lines();
    const out = all.slice(seen);
    seen = all.length;
    return out;
  };
  /** A line as who did what to which record, for whom: everything the operator's lines are checked by. */
  const who = (l: Awaited<ReturnType<typeof fresh>>[number]) => [
    l.user_id,
    l.role,
    l.action,
    l.resource,
    l.resource_id,
    l.organisation_id,
    l.learner_id,
  ];

  it('names the operator in a line for every record seed, create-token, disable-user, import-oruk and retention --apply change, and for retention’s count', async () => {
    const seeded = JSON.parse(run('seed', '--learners', '12', '--services', '3').stdout) as Record<string, number>;
    const seedLines = await fresh();
    assert.ok(seedLines.length > 0, 'seed is audited');
    assert.ok(
      seedLines.every((l) => l.user_id === operator && l.role === 'system'),
      JSON.stringify(seedLines[0]),
    );
    const count = (action: string, resource: string) =>
      seedLines.filter((l) => l.action === action && l.resource === resource).length;
    assert.equal(count('create', 'learner'), seeded.learners);
    assert.equal(count('create', 'user'), seeded.users);
    assert.equal(count('create', 'token:api-key'), seeded.users);
    assert.equal(count('create', 'organisation'), seeded.organisations);
    assert.equal(count('create', 'handover'), seeded.handovers);
    assert.equal(count('create', 'service'), seeded.services);
    for (const l of seedLines.filter((l) => l.resource === 'learner')) assert.equal(l.learner_id, l.resource_id);

    const token = run('create-token', 'pri-millbrook-teacher', '--kind', 'session').stdout.trim();
    const issued = await fresh();
    assert.deepEqual(
      issued.map((l) => [l.user_id, l.action, l.resource, l.resource_id, l.organisation_id, l.learner_id]),
      [[operator, 'create', 'token:session', 'pri-millbrook-teacher', 'pri-millbrook', null]],
    );
    // The token itself (a secret) is in no line, nor is its hash.
    const all = JSON.stringify(await lines());
    assert.ok(!all.includes(token) && !all.includes(token.slice(6)), 'no secret in the audit log');

    run('disable-user', 'pri-millbrook-teacher');
    assert.deepEqual(
      (await fresh()).map((l) => [l.user_id, l.action, l.resource, l.resource_id, l.organisation_id]),
      [[operator, 'update', 'user', 'pri-millbrook-teacher', 'pri-millbrook']],
    );

    const feed = join(dir, 'cli-audit-feed.json');
    const services = syntheticServices(4, 11);
    writeFileSync(feed, JSON.stringify(services.map(toOruk)));
    run('import-oruk', feed);
    assert.deepEqual(
      (await fresh()).map((l) => [l.user_id, l.action, l.resource, l.resource_id, l.organisation_id]),
      services.map((s) => [operator, 'update', 'service', s.id, '_hub']),
    );

    // Counting changes nothing, but reads every learner's date of birth: one line, naming the operator, with the
    // counts only. Deleting is audited record by record, naming the operator.
    const counted = JSON.parse(run('retention').stdout) as Record<string, number | boolean>;
    const numbers = Object.fromEntries(Object.entries(counted).filter(([k]) => k !== 'applied'));
    assert.deepEqual((await fresh()).map(who), [
      [
        operator,
        'system',
        'read',
        'retention',
        Object.entries(numbers)
          .map(([k, n]) => `${k}:${n}`)
          .join(','),
        '_hub',
        null,
      ],
    ]);
    const applied = JSON.parse(run('retention', '--apply').stdout) as { learners: number };
    assert.ok(applied.learners > 0);
    const deleted = await fresh();
    assert.equal(deleted.filter((l) => l.action === 'delete' && l.resource === 'learner').length, applied.learners);
    assert.ok(deleted.every((l) => l.user_id === operator && l.action === 'delete'));
  });

  it('writes a denied line, ids only, for every create-token or disable-user it refuses', async () => {
    await fresh();
    const refused = (...args: string[]) => {
      const r = spawnSync(
        process.execPath,
        [...nodeArgs, ...(args[0] === 'disable-user' ? [] : ['create-token']), ...args],
        {
          env: env({ DATABASE_URL: db }),
          encoding: 'utf8',
        },
      );
      assert.equal(r.status, 1, `${args.join(' ')}: ${r.stderr}`);
      assert.equal(r.stdout, '', 'no token printed');
    };
    refused('nobody-here');
    // Not shaped like an id: perhaps a name or an email address, so it is not copied into the log.
    refused('jo.bloggs@example.org', '--kind', 'session');
    refused('pri-millbrook-teacher', '--kind', 'session'); // disabled by the test above
    refused('pri-millbrook-dsl', '--kind', 'api-key');
    refused('pri-millbrook-dsl', '--kind', 'session', '--ttl', '481');
    refused('disable-user', 'nobody-here');
    assert.deepEqual((await fresh()).map(who), [
      [operator, 'system', 'denied', 'token:api-key', 'nobody-here', '_hub', null],
      [operator, 'system', 'denied', 'token:session', '', '_hub', null],
      [operator, 'system', 'denied', 'token:session', 'pri-millbrook-teacher', 'pri-millbrook', null],
      [operator, 'system', 'denied', 'token:api-key', 'pri-millbrook-dsl', 'pri-millbrook', null],
      [operator, 'system', 'denied', 'token:session', 'pri-millbrook-dsl', 'pri-millbrook', null],
      [operator, 'system', 'denied', 'user', 'nobody-here', '_hub', null],
    ]);
    assert.ok(!JSON.stringify(await lines()).includes('bloggs'), 'what was typed is not logged unless it is an id');
  });
});

describe('graceful shutdown', () => {
  it('finishes a request in flight before closing', async () => {
    const hub = await startHub({
      port: 0,
      databaseUrl: 'sqlite::memory:',
      seed: true,
      logger: captureLogger().logger,
      rateLimitPerMinute: 0,
    });
    const learner = (await hub.store.learners({ organisationId: 'pri-millbrook' }, undefined, null, 1))[0];
    if (!learner) {
      await hub.close();
      assert.fail('the seeded cluster has a Millbrook learner');
    }
    const body = JSON.stringify({
      kind: 'note',
      strand: 'achieving',
      date: '2026-01-05',
      title: 'Sent while the hub was stopping',
    });
    const response = new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = request(
        `${hub.url}/v1/learners/${learner.id}/pathway/events`,
        {
          method: 'POST',
          headers: {
            authorization: 'Bearer demo_pri-millbrook-teacher',
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
          },
        },
        (res) => {
          let text = '';
          res.on('data', (d) => (text += String(d)));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
        },
      );
      req.on('error', reject);
      // Half the body now; the rest after shutdown has begun, so the request is certainly in flight.
      req.write(body.slice(0, 20));
      setTimeout(() => {
        closing = hub.close();
        setTimeout(() => req.end(body.slice(20)), 100);
      }, 100);
    });
    let closing: Promise<void> | undefined;
    const r = await response;
    assert.equal(r.status, 201, r.text);
    await closing;
    await assert.rejects(fetch(`${hub.url}/healthz`));
  });
});

describe('crash safety', () => {
  it('keeps every acknowledged write when the process is killed with SIGKILL mid-stream', async () => {
    const db = `sqlite:${join(dir, 'crash.sqlite')}`;
    const first = await startProcess(db, true);
    const auth = { authorization: 'Bearer demo_pri-millbrook-teacher', 'content-type': 'application/json' };
    const learners = (await (await fetch(`${first.url}/v1/learners?limit=5`, { headers: auth })).json()) as {
      data: Array<{ id: string }>;
    };
    const learnerId = learners.data[0]!.id;
    const ackedEvents: string[] = [];
    const ackedHandovers: string[] = [];
    let stop = false;
    let n = 0;
    const writer = async () => {
      while (!stop) {
        const i = n++;
        try {
          if (i % 2 === 0) {
            const res = await fetch(`${first.url}/v1/learners/${learnerId}/pathway/events`, {
              method: 'POST',
              headers: auth,
              body: JSON.stringify({ kind: 'note', strand: 'achieving', date: '2026-01-05', title: `Crash test ${i}` }),
            });
            if (res.status === 201) ackedEvents.push(((await res.json()) as { id: string }).id);
          } else {
            const res = await fetch(`${first.url}/v1/handovers`, {
              method: 'POST',
              headers: auth,
              body: JSON.stringify({ transition: 'in-year', learnerId, receivingOrganisationId: null }),
            });
            if (res.status === 201) ackedHandovers.push(((await res.json()) as { id: string }).id);
          }
        } catch {
          // The connection died with the process: this write was never acknowledged.
        }
      }
    };
    const writers = Array.from({ length: 6 }, writer);
    while (ackedEvents.length + ackedHandovers.length < 150) await new Promise((r) => setTimeout(r, 10));
    first.child.kill('SIGKILL');
    await exited(first.child);
    stop = true;
    await Promise.all(writers);
    assert.ok(
      ackedEvents.length > 20 && ackedHandovers.length > 20,
      `enough writes acknowledged (${ackedEvents.length} events, ${ackedHandovers.length} handovers)`,
    );

    const second = await startProcess(db, false);
    try {
      const pathway = (await (
        await fetch(`${second.url}/v1/learners/${learnerId}/pathway`, { headers: auth })
      ).json()) as { events: Array<{ id: string }> };
      const present = new Set(pathway.events.map((e) => e.id));
      const lostEvents = ackedEvents.filter((id) => !present.has(id));
      assert.deepEqual(lostEvents, [], 'every acknowledged event survived');
      for (const id of ackedHandovers) {
        const res = await fetch(`${second.url}/v1/handovers/${id}/versions`, { headers: auth });
        assert.equal(res.status, 200, `handover ${id} survived`);
        assert.equal(
          ((await res.json()) as { data: unknown[] }).data.length,
          1,
          `handover ${id} has its first version (same transaction)`,
        );
      }
    } finally {
      second.child.kill('SIGTERM');
      assert.equal(await exited(second.child), 0, 'SIGTERM shuts down cleanly');
      assert.ok(second.lines.some((l) => l.includes('"msg":"stopped"')));
    }
  });
});
