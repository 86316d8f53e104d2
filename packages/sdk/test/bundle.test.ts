/**
 * Tree-shaking and platform checks on the real bundles: a page that imports only the services entry must not
 * ship handover, learner or ORUK code, and no entry may need Node built-ins (it runs in browsers unchanged).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { browserBundle } from './browser-bundle.js';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';

const bundle = async (entry: string) => (await browserBundle(entry, { external: ['zod', 'zod/*'] })).text;

describe('bundles', () => {
  it('the services-only entry leaves out handover, learner, pathway and ORUK code', async () => {
    const services = await bundle('@c2c/sdk/services');
    assert.ok(services.includes('/v1/services'));
    for (const absent of ['/v1/handovers', '/v1/learners', '/v1/signposting', 'if-match', 'service_at_locations']) {
      assert.ok(!services.includes(absent), `${absent} should not be in the services bundle`);
    }
  });

  it("the services entry leaves out the schema's staff-only API and user schemas", async () => {
    // Importing pageOf from @c2c/schema once brought in all of api.ts and user.ts, whose zod calls no bundler drops.
    const services = await bundle('@c2c/sdk/services');
    for (const absent of ['read-safeguarding', 'idempotency_key_reused', 'transition-lead'])
      assert.ok(!services.includes(absent), `${absent} should not be in the services bundle`);
  });

  it('the full entry has every resource, and the ORUK entry has the mapping', async () => {
    const full = await bundle('@c2c/sdk');
    for (const present of ['/v1/handovers', '/v1/learners', '/v1/signposting', '/v1/organisations', 'if-match'])
      assert.ok(full.includes(present), present);
    const oruk = await bundle('@c2c/sdk/oruk');
    assert.ok(oruk.includes('service_at_locations'));
    assert.ok(!oruk.includes('/v1/handovers'));
  });

  it("each entry ships only its own server's error wording", async () => {
    // The hub's and a feed's sentences for an error status are only ever read by their own transport: a school
    // page with the services entry carried the feed's, and the ORUK chunk the hub's, on every family's phone.
    const services = await bundle('@c2c/sdk/services');
    const oruk = await bundle('@c2c/sdk/oruk');
    assert.ok(services.includes('Not found, and not in the hub'));
    assert.ok(!services.includes('The feed had a problem'), 'the services entry has the feed wording');
    assert.ok(oruk.includes('The feed had a problem'));
    assert.ok(!oruk.includes('Not found, and not in the hub'), 'the ORUK entry has the hub wording');
  });

  it("the ORUK entry ships neither ky nor the hub client's token, idempotency and validation layer", async () => {
    // A page with <c2c-service-directory src> downloads the reader: it sends read-only GETs to a feed, so the hub
    // client's layer and ky (about 5 kB gzipped) were dead weight there (issue #6). The hub entries keep both.
    const oruk = await bundle('@c2c/sdk/oruk');
    const services = await bundle('@c2c/sdk/services');
    const hubOnly = ['TOKEN_REFRESH', 'getToken gave none', 'must not end in /v1', 'does not match the expected shape'];
    for (const text of hubOnly) {
      assert.ok(services.includes(text), `the services entry has ${text}`);
      assert.ok(!oruk.includes(text), `the ORUK entry has ${text}`);
    }
    // ky's own messages, whatever its functions are renamed to.
    const ky = 'Request streams are not supported';
    assert.ok(services.includes(ky), 'the services entry has ky');
    assert.ok(!oruk.includes(ky), 'the ORUK entry has ky');
  });

  it('the services entry is the size the SDK guide and README say it is', async () => {
    // A page author picks the entry by this figure; the pages said 12 kB while the entry had grown to 14.
    const bytes = gzipSync(await browserBundle('@c2c/sdk/services', { external: ['zod', 'zod/*'] }), { level: 9 });
    const root = fileURLToPath(new URL('../../../', import.meta.url));
    for (const page of ['docs/sdk.md', 'packages/sdk/README.md']) {
      const said = /about (\d+) kB gzipped with ky/.exec(readFileSync(join(root, page), 'utf8'));
      assert.ok(said, `${page} gives the services entry's size`);
      const kB = bytes.length / 1024;
      assert.ok(Math.abs(kB - Number(said[1])) < 1, `${page} says about ${said[1]} kB; it is ${kB.toFixed(1)} kB`);
    }
  });

  it('no entry imports a Node built-in', async () => {
    for (const entry of ['@c2c/sdk', '@c2c/sdk/services', '@c2c/sdk/oruk']) {
      const code = await bundle(entry);
      assert.ok(!/from\s*["'](node:|fs|http|crypto)["']/.test(code), `${entry} imports a Node module`);
    }
  });

  it('errors keep their names when minified, so hosts can tell them apart by name', async () => {
    const code = await bundle('./packages/sdk/src/errors.ts');
    const dir = mkdtempSync(join(tmpdir(), 'c2c-sdk-bundle-'));
    try {
      const file = join(dir, 'errors.mjs');
      writeFileSync(file, code);
      const m = (await import(pathToFileURL(file).href)) as typeof import('../src/errors.js');
      const conflict = m.errorFromResponse({
        status: 409,
        headers: new Headers(),
        body: { code: 'version_conflict', detail: 'x', currentVersion: 3 },
      });
      assert.equal(conflict.name, 'ConflictError');
      assert.equal(new m.NetworkError('x').name, 'NetworkError');
      assert.equal(
        new m.ResponseValidationError({ message: 'x', issues: [], status: 200 }).name,
        'ResponseValidationError',
      );
      assert.equal(m.errorFromResponse({ status: 429, headers: new Headers(), body: null }).name, 'RateLimitError');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
