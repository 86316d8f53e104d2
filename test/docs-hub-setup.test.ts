// The MIS vendors' page tells an operator to set up a new hub's first organisation and administrator with
// `c2c-hub` commands. This runs those commands, exactly as the page prints them, against a new SQLite file, then
// checks the administrator they made can sign in from the organisation's allowed origin and add a colleague, as
// the page says they then can, and that running them again keeps what the organisation's administrator chose
// meanwhile. A renamed option or a schema change that makes the sample's values invalid fails here, not on an
// operator's first day.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createHub, createLogger, issueToken } from '@c2c/hub';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const page = readFileSync(join(root, 'docs/getting-started/mis-vendor.md'), 'utf8');
// The source rather than bin/c2c-hub.mjs, which prefers a build that may be older than the page.
const cli = ['--conditions=c2c-source', '--import', 'tsx', join(root, 'packages/hub/src/cli.ts')];

/**
 * The `npx c2c-hub <command>` lines of the page's shell samples for the given commands, joined where a line ends
 * in a backslash, as argument lists. Words are split as a shell splits them here: on spaces, with 'single quotes'.
 */
function commands(names: string[]): string[][] {
  const found: string[][] = [];
  for (const [, block] of page.matchAll(/```sh\n([\s\S]*?)```/g)) {
    for (const line of block!.replace(/\\\n\s*/g, '').split('\n')) {
      const words = [...line.replace(/\s+#.*$/, '').matchAll(/'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2]!);
      if (words[0] === 'npx' && words[1] === 'c2c-hub' && names.includes(words[2]!)) found.push(words.slice(2));
    }
  }
  return found;
}

describe('the MIS vendors’ hub set-up commands', () => {
  const dir = mkdtempSync(join(tmpdir(), 'c2c-docs-setup-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('create an organisation and an administrator who can sign in and add people', async () => {
    const setup = commands(['create-organisation', 'create-user']);
    assert.deepEqual(
      setup.map((c) => c[0]),
      ['create-organisation', 'create-user'],
      'the page creates an organisation, then its administrator',
    );
    const databaseUrl = `sqlite:${join(dir, 'hub.sqlite')}`;
    const run = (args: string[]) => {
      const r = spawnSync(process.execPath, [...cli, ...args], {
        env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent' },
        encoding: 'utf8',
      });
      assert.equal(r.status, 0, `c2c-hub ${args[0]}: ${r.stderr}`);
    };
    for (const args of setup) run(args);

    const hub = await createHub({ databaseUrl, logger: createLogger('silent') });
    try {
      const [org] = await hub.store.organisations(null, 10);
      assert.ok(org, 'the commands stored an organisation');
      const audit = await hub.store.auditEntries({ organisationId: org.id }, null, 10);
      assert.deepEqual(audit.map((a) => `${a.action} ${a.resource}`).sort(), ['create organisation', 'create user']);
      const [admin] = await hub.store.users(org.id, null, 10);
      assert.equal(admin?.role, 'admin');
      const { token } = await issueToken({ store: hub.store, now: () => new Date() }, admin.id, 'session');
      const origin = org.allowedOrigins[0]!;
      const headers = { authorization: `Bearer ${token}`, origin, 'content-type': 'application/json' };
      const me = await hub.app.request('/v1/me', { headers });
      assert.equal(me.status, 200, await me.clone().text());
      const added = await hub.app.request('/v1/users', {
        method: 'POST',
        headers,
        body: JSON.stringify({ name: 'Tess Teacher', email: 'tess@example.org', role: 'teacher' }),
      });
      assert.equal(added.status, 201, await added.clone().text());

      // Run again, as a set-up script would be: what the organisation's administrator chose since stays.
      const retention = await hub.app.request(`/v1/organisations/${org.id}/retention`, {
        method: 'PATCH',
        headers,
        body: JSON.stringify({ learnerYears: 30 }),
      });
      assert.equal(retention.status, 200, await retention.clone().text());
      for (const args of setup) run(args);
      assert.equal((await hub.store.organisation(org.id))?.retention?.learnerYears, 30);
      assert.equal((await hub.store.user(admin.id))?.role, 'admin');

      // The page's way to change the websites later: the new list is in force at once.
      const [change] = commands(['set-allowed-origins']);
      assert.ok(change, 'the page shows set-allowed-origins');
      run(change);
      const allowed = (await hub.store.organisation(org.id))!.allowedOrigins;
      assert.deepEqual(
        allowed,
        change.filter((w) => /^https?:\/\//.test(w)),
      );
      const from = await hub.app.request('/v1/me', { headers: { ...headers, origin: allowed.at(-1)! } });
      assert.equal(from.status, 200, await from.clone().text());
    } finally {
      await hub.close();
    }
  });
});
