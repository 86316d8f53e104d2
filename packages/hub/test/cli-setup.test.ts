/**
 * Setting up a new hub from the command line, as a real process on a real SQLite file: its first organisation,
 * that organisation's first administrator, and the websites its pages may call the hub from.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Store, startHub } from '../src/index.js';
import { captureLogger } from './helpers.js';

const here = dirname(fileURLToPath(import.meta.url));
const nodeArgs = ['--conditions=c2c-source', '--import', 'tsx', join(here, '..', 'src', 'cli.ts')];
const dir = mkdtempSync(join(tmpdir(), 'c2c-hub-cli-setup-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const operator = `cli-${userInfo()
  .username.replace(/[^A-Za-z0-9_-]/g, '_')
  .slice(0, 60)}`;

/** A `c2c-hub` for one database file: each call runs the command and answers its exit code and output. */
function hubCli(name: string) {
  const db = `sqlite:${join(dir, `${name}.sqlite`)}`;
  const run = (...args: string[]) => {
    const r = spawnSync(process.execPath, [...nodeArgs, ...args], {
      env: { ...process.env, DATABASE_URL: db, LOG_LEVEL: 'silent' },
      encoding: 'utf8',
    });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
  };
  const audit = async () => {
    const store = await Store.open(db);
    try {
      const rows = await store.db.selectFrom('audit').selectAll().orderBy('id').execute();
      return rows.map((l) => `${l.user_id} ${l.role} ${l.action} ${l.resource} ${l.resource_id} ${l.organisation_id}`);
    } finally {
      await store.close();
    }
  };
  const read = async <T>(f: (store: Store) => Promise<T>) => {
    const store = await Store.open(db);
    try {
      return await f(store);
    } finally {
      await store.close();
    }
  };
  return { db, run, audit, read };
}

const SCHOOL = ['--id', 'sec-riverside', '--name', 'Riverside Academy', '--kind', 'school', '--phase', 'ks3'];
const ADMIN = [
  '--organisation',
  'sec-riverside',
  '--id',
  'sec-riverside-admin',
  '--name',
  'Sam Office',
  '--email',
  'sam.office@riverside.example.org',
];

describe('c2c-hub create-organisation and create-user', () => {
  it('set up a new hub’s first organisation and its administrator, who can then sign in and add people', async () => {
    const cli = hubCli('first');
    const org = cli.run('create-organisation', ...SCHOOL, '--allowed-origin', 'https://portal.trust.example/');
    assert.equal(org.status, 0, org.stderr);
    assert.deepEqual(JSON.parse(org.stdout), { organisation: 'sec-riverside', created: true });
    const user = cli.run('create-user', ...ADMIN, '--role', 'admin');
    assert.equal(user.status, 0, user.stderr);
    assert.deepEqual(JSON.parse(user.stdout), { user: 'sec-riverside-admin', created: true });
    assert.deepEqual(await cli.audit(), [
      `${operator} system create organisation sec-riverside sec-riverside`,
      `${operator} system create user sec-riverside-admin sec-riverside`,
    ]);
    const stored = await cli.read((s) => s.organisation('sec-riverside'));
    // Written as browsers send Origin, so the hub's comparison finds it.
    assert.deepEqual(stored?.allowedOrigins, ['https://portal.trust.example']);

    const token = cli.run('create-token', 'sec-riverside-admin');
    assert.equal(token.status, 0, token.stderr);
    assert.match(token.stderr, /^An API key for sec-riverside-admin, valid until /m);
    const hub = await startHub({ port: 0, databaseUrl: cli.db, logger: captureLogger().logger });
    try {
      const headers = {
        authorization: `Bearer ${token.stdout.trim()}`,
        origin: 'https://portal.trust.example',
        'content-type': 'application/json',
      };
      const me = await fetch(`${hub.url}/v1/me`, { headers });
      assert.equal(me.status, 200);
      assert.equal(((await me.json()) as { user: { role: string } }).user.role, 'admin');
      const added = await fetch(`${hub.url}/v1/users`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ name: 'Tess Teacher', email: 'tess@riverside.example.org', role: 'teacher' }),
      });
      assert.equal(added.status, 201);
    } finally {
      await hub.close();
    }
  });

  it('change nothing when run again as they were, and refuse, changing nothing, when run with other details', async () => {
    const cli = hubCli('again');
    assert.equal(cli.run('create-organisation', ...SCHOOL).status, 0);
    assert.equal(cli.run('create-user', ...ADMIN, '--role', 'admin').status, 0);
    const before = await cli.audit();

    // A set-up script run twice goes on: exit 0, nothing written.
    const org = cli.run('create-organisation', ...SCHOOL.slice(0, -2), '--phase', 'ks3');
    assert.equal(org.status, 0, org.stderr);
    assert.deepEqual(JSON.parse(org.stdout), { organisation: 'sec-riverside', created: false });
    const user = cli.run('create-user', ...ADMIN, '--role', 'admin');
    assert.equal(user.status, 0, user.stderr);
    assert.deepEqual(JSON.parse(user.stdout), { user: 'sec-riverside-admin', created: false });
    assert.deepEqual(await cli.audit(), before);

    // Another role for an id that is taken is refused, not applied: a typo must not demote the administrator.
    const demoted = cli.run('create-user', ...ADMIN.slice(0, -2), '--email', 'other@example.org', '--role', 'teacher');
    assert.equal(demoted.status, 1);
    assert.match(demoted.stderr, /exists already, with another --email, --role; nothing was changed/);
    assert.doesNotMatch(demoted.stderr, /other@example\.org|sam\.office|Sam Office/);
    assert.equal((await cli.read((s) => s.user('sec-riverside-admin')))?.role, 'admin');
    const renamed = cli.run('create-organisation', '--id', 'sec-riverside', '--name', 'Riverside', '--kind', 'college');
    assert.equal(renamed.status, 1);
    assert.match(renamed.stderr, /exists already, with another --name, --kind, --phase; nothing was changed/);
    assert.equal((await cli.read((s) => s.organisation('sec-riverside')))?.name, 'Riverside Academy');
    // A user for an organisation the hub does not have.
    const stray = cli.run('create-user', ...ADMIN.slice(2), '--organisation', 'sec-nowhere', '--role', 'admin');
    assert.equal(stray.status, 1);
    assert.match(stray.stderr, /no organisation "sec-nowhere".*c2c-hub create-organisation/);
    assert.deepEqual((await cli.audit()).slice(before.length), [
      `${operator} system denied user sec-riverside-admin sec-riverside`,
      `${operator} system denied organisation sec-riverside sec-riverside`,
      `${operator} system denied user sec-riverside-admin _hub`,
    ]);
  });

  it('records an organisation’s local authority code, establishment number and postcode, checked by the shared schemas', async () => {
    const cli = hubCli('la-postcode');
    const bad = cli.run(
      'create-organisation',
      ...SCHOOL,
      '--la-code',
      '93',
      '--establishment-number',
      '9384001',
      '--postcode',
      'BF4',
    );
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /--la-code: An LA code is 3 digits\./);
    assert.match(bad.stderr, /--establishment-number: An establishment number is 4 digits\./);
    assert.match(bad.stderr, /--postcode: Enter a full UK postcode, like SW1A 1AA\./);
    assert.equal(await cli.read((s) => s.organisation('sec-riverside')), undefined);

    const dfe = ['--la-code', '938', '--establishment-number', '4001'];
    const org = cli.run('create-organisation', ...SCHOOL, ...dfe, '--postcode', ' bf42dl ');
    assert.equal(org.status, 0, org.stderr);
    const stored = await cli.read((s) => s.organisation('sec-riverside'));
    assert.equal(stored?.laCode, '938');
    assert.equal(stored?.establishmentNumber, '4001');
    assert.equal(stored?.postcode, 'BF4 2DL', 'one way of writing it, in capitals with its space');
    // Typed another way, it is the same postcode: a set-up script run again goes on.
    const again = cli.run('create-organisation', ...SCHOOL, ...dfe, '--postcode', 'BF4 2DL');
    assert.equal(again.status, 0, again.stderr);
    assert.equal(JSON.parse(again.stdout).created, false);
    const moved = cli.run(
      'create-organisation',
      ...SCHOOL,
      '--la-code',
      '939',
      '--establishment-number',
      '4002',
      '--postcode',
      'BF5 2DL',
    );
    assert.equal(moved.status, 1);
    assert.match(
      moved.stderr,
      /exists already, with another --la-code, --establishment-number, --postcode; nothing was changed/,
    );
    const kept = await cli.read((s) => s.organisation('sec-riverside'));
    assert.deepEqual([kept?.establishmentNumber, kept?.postcode], ['4001', 'BF4 2DL']);
    const help = cli.run('help');
    assert.match(
      help.stdout + help.stderr,
      /\[--la-code CODE\] \[--establishment-number NUMBER\] \[--postcode POSTCODE\]/,
    );
    assert.match(help.stdout + help.stderr, /--establishment-number: the school's\s+4 digits/);
  });

  it('refuse what the shared schemas refuse with exit 2, naming the option, never echoing a name or an email', () => {
    const cli = hubCli('invalid');
    const bad = cli.run(
      'create-user',
      '--organisation',
      'sec-riverside',
      '--id',
      'Sam Office',
      '--name',
      'Sam Office',
      '--email',
      'sam.office-at-riverside',
      '--role',
      'boss',
    );
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /--id: Use only letters, digits, hyphens and underscores/);
    assert.match(bad.stderr, /--email: Enter an email address/);
    assert.match(bad.stderr, /--role: Use one of: .*admin/);
    assert.doesNotMatch(bad.stderr, /Sam Office|sam\.office/);
    const kind = cli.run('create-organisation', '--id', 'x1', '--name', 'X', '--kind', 'shop');
    assert.equal(kind.status, 2);
    assert.match(kind.stderr, /--kind: Use one of: early-years-setting, school, college/);
    const own = cli.run('create-organisation', '--id', '_hub', '--name', 'The hub', '--kind', 'school');
    assert.equal(own.status, 2);
    assert.match(own.stderr, /"_hub" is the hub's own/);
    assert.equal(cli.run('create-user', '--id', 'x').status, 2);
    // A mistyped option is the operator's typing, not the hub's settings (its environment variables).
    const typo = cli.run('create-organisation', ...SCHOOL, '--postcodes', 'BF4 2DL');
    assert.equal(typo.status, 2);
    assert.match(typo.stderr, /^c2c-hub: Unknown option '--postcodes'/);
    assert.match(typo.stderr, /Run "c2c-hub help"/);
    assert.doesNotMatch(typo.stderr, /settings/);
  });
});

describe('c2c-hub set-allowed-origins', () => {
  it('replaces an organisation’s allowed origins, which the hub applies at once, and writes a line only for a change', async () => {
    const cli = hubCli('origins');
    assert.equal(cli.run('create-organisation', ...SCHOOL, '--allowed-origin', 'https://old.example').status, 0);
    assert.equal(cli.run('create-user', ...ADMIN, '--role', 'admin').status, 0);
    const token = cli.run('create-token', 'sec-riverside-admin').stdout.trim();
    const hub = await startHub({ port: 0, databaseUrl: cli.db, logger: captureLogger().logger });
    try {
      const from = (origin: string) =>
        fetch(`${hub.url}/v1/me`, { headers: { authorization: `Bearer ${token}`, origin } });
      assert.equal((await from('https://portal.trust.example')).status, 403);

      const set = cli.run(
        'set-allowed-origins',
        '--organisation',
        'sec-riverside',
        'https://portal.trust.example',
        'https://PORTAL.trust.example/',
        'http://localhost:5173',
      );
      assert.equal(set.status, 0, set.stderr);
      assert.deepEqual(JSON.parse(set.stdout), {
        organisation: 'sec-riverside',
        allowedOrigins: ['https://portal.trust.example', 'http://localhost:5173'],
        changed: true,
      });
      assert.equal((await from('https://portal.trust.example')).status, 200);
      assert.equal((await from('https://old.example')).status, 403);

      const lines = (await cli.audit()).length;
      const same = cli.run(
        'set-allowed-origins',
        '--organisation',
        'sec-riverside',
        'http://localhost:5173',
        'https://portal.trust.example',
      );
      assert.equal(same.status, 0, same.stderr);
      assert.equal(JSON.parse(same.stdout).changed, false);
      assert.equal((await cli.audit()).length, lines);
      assert.deepEqual(
        (await cli.audit()).filter((l) => l.includes('organisation-origins')),
        [`${operator} system update organisation-origins sec-riverside sec-riverside`],
      );
    } finally {
      await hub.close();
    }
  });

  it('refuses an origin that is not https (but for localhost) or that has a path, changing nothing', async () => {
    const cli = hubCli('bad-origins');
    assert.equal(cli.run('create-organisation', ...SCHOOL, '--allowed-origin', 'https://old.example').status, 0);
    for (const [origin, why] of [
      ['http://portal.trust.example', /must start with https:\/\//],
      [
        'https://portal.trust.example/handovers',
        /is a page's address, not an origin.*https:\/\/portal\.trust\.example\./,
      ],
      ['https://portal.trust.example/?x=1', /is a page's address/],
      ['portal.trust.example', /is not a web address/],
      ['ftp://portal.trust.example', /must start with https:\/\//],
    ] as const) {
      const r = cli.run('set-allowed-origins', '--organisation', 'sec-riverside', 'https://ok.example', origin);
      assert.equal(r.status, 2, origin);
      assert.match(r.stderr, why);
    }
    const bad = cli.run('create-organisation', ...SCHOOL, '--id', 'sec-other', '--allowed-origin', 'http://a.example');
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /must start with https:\/\//);
    assert.equal(cli.run('set-allowed-origins', '--organisation', 'sec-riverside').status, 2);
    const missing = cli.run('set-allowed-origins', '--organisation', 'sec-nowhere', 'https://ok.example');
    assert.equal(missing.status, 1);
    assert.match(missing.stderr, /no organisation "sec-nowhere"/);
    assert.deepEqual((await cli.read((s) => s.organisation('sec-riverside')))?.allowedOrigins, ['https://old.example']);
    assert.equal(await cli.read((s) => s.organisation('sec-other')), undefined);
    const none = cli.run('set-allowed-origins', '--organisation', 'sec-riverside', '--none');
    assert.equal(none.status, 0, none.stderr);
    assert.deepEqual((await cli.read((s) => s.organisation('sec-riverside')))?.allowedOrigins, []);
  });
});
