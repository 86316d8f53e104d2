// The MIS vendors' page tells an operator to set up a new hub's first organisation and administrator with a
// script of their own (the hub has no endpoint or command for it). This runs that script, exactly as the page
// prints it, against a new SQLite file, then checks the administrator it made can sign in from the organisation's
// allowed origin and add a colleague, as the page says they then can, and that running it again keeps what the
// organisation's administrator chose meanwhile. A renamed `Store` method or a schema change
// that makes the sample's records invalid fails here, not on an operator's first day.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createHub, createLogger, issueToken } from '@c2c/hub';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const page = readFileSync(join(root, 'docs/getting-started/mis-vendor.md'), 'utf8');

describe('the MIS vendors’ hub set-up script', () => {
  const dir = mkdtempSync(join(tmpdir(), 'c2c-docs-setup-'));
  // In the repository, so the sample's `@c2c/hub` and `@c2c/schema` resolve as they do for the other tests.
  // One file per run: a module is evaluated once per URL.
  const scripts = [1, 2].map((run) => join(root, `.docs-samples-setup-${process.pid}-${run}.ts`));
  after(() => {
    rmSync(dir, { recursive: true, force: true });
    for (const script of scripts) rmSync(script, { force: true });
  });

  it('creates an organisation and an administrator who can sign in and add people', async () => {
    const sample = /```ts\n((?:(?!```)[\s\S])*?putOrganisations(?:(?!```)[\s\S])*?)```/.exec(page)?.[1];
    assert.ok(sample, 'the page has a ts sample that calls putOrganisations');
    const databaseUrl = `sqlite:${join(dir, 'hub.sqlite')}`;
    const run = async (script: string) => {
      writeFileSync(script, sample);
      const saved = process.env.DATABASE_URL;
      const log = console.log;
      process.env.DATABASE_URL = databaseUrl;
      console.log = () => {};
      try {
        await import(pathToFileURL(script).href);
      } finally {
        console.log = log;
        if (saved === undefined) delete process.env.DATABASE_URL;
        else process.env.DATABASE_URL = saved;
      }
    };
    await run(scripts[0]!);

    const hub = await createHub({ databaseUrl, logger: createLogger('silent') });
    try {
      const [org] = await hub.store.organisations(null, 10);
      assert.ok(org, 'the script stored an organisation');
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

      // The page says to run it again to change the organisation: what its administrator chose since stays.
      const retention = await hub.app.request(`/v1/organisations/${org.id}/retention`, {
        method: 'PATCH',
        headers,
        body: JSON.stringify({ learnerYears: 30 }),
      });
      assert.equal(retention.status, 200, await retention.clone().text());
      await run(scripts[1]!);
      assert.equal((await hub.store.organisation(org.id))?.retention?.learnerYears, 30);
      assert.equal((await hub.store.user(admin.id))?.role, 'admin');
      const again = await hub.store.auditEntries({ organisationId: org.id }, null, 20);
      assert.ok(again.some((a) => a.action === 'update' && a.resource === 'organisation'));
    } finally {
      await hub.close();
    }
  });
});
