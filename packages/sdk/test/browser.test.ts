/**
 * The SDK in a real browser (headless Chromium through playwright-core), talking to a real hub on another
 * origin, from a page served with a strict Content-Security-Policy: bundled as a host would bundle it, with no
 * polyfills. Registers no tests when Chromium is not installed.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { browserBundle } from './browser-bundle.js';
import type { Browser, Page } from 'playwright-core';
import { findChrome, launchChrome } from '../../../scripts/chromium.mjs';
import { createLogger, startHub, type RunningHub } from '@c2c/hub';

if (findChrome()) {
  describe('@c2c/sdk in Chromium', () => {
    let hub: RunningHub;
    let site: Server;
    let siteUrl: string;
    let browser: Browser;
    let page: Page;

    before(async () => {
      hub = await startHub({
        port: 0,
        databaseUrl: 'sqlite::memory:',
        seed: { learners: 120, services: 25 },
        rateLimitPerMinute: 0,
        logger: createLogger('silent'),
      });
      const files: Record<string, string> = {
        '/sdk.js': (await browserBundle('@c2c/sdk')).text,
        '/services.js': (await browserBundle('@c2c/sdk/services')).text,
        '/oruk.js': (await browserBundle('@c2c/sdk/oruk')).text,
      };
      site = createServer((req, res) => {
        const js = files[req.url ?? ''];
        // The strictest policy a school site might set: scripts from itself only, no eval, fetches to the hub only.
        // Port 9 (discard) is allowed, so a refused connection there is a network failure, not the policy's.
        const csp = `default-src 'none'; script-src 'self'; connect-src ${hub.url} http://127.0.0.1:9`;
        if (js) res.writeHead(200, { 'content-type': 'text/javascript', 'content-security-policy': csp }).end(js);
        else
          res
            .writeHead(200, { 'content-type': 'text/html', 'content-security-policy': csp })
            .end('<!doctype html><title>school</title>');
      });
      await new Promise<void>((r) => site.listen(0, '127.0.0.1', r));
      siteUrl = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
      // Let this page's origin call the hub with a token, as a school's allowed origin would.
      const org = (await hub.store.organisation('pri-millbrook'))!;
      await hub.store.putOrganisations([{ ...org, allowedOrigins: [...org.allowedOrigins, siteUrl] }]);
      browser = await launchChrome();
      page = await browser.newPage();
      await page.goto(siteUrl);
      // tsx compiles this file with esbuild's keepNames, which wraps named functions in a `__name` helper; the
      // functions passed to page.evaluate carry those calls into the page, so give the page the helper.
      await page.evaluate('globalThis.__name = (fn) => fn');
    });
    after(async () => {
      await browser?.close();
      await new Promise<void>((r) => site.close(() => r()));
      await hub.close();
    });

    it('searches the directory across pages with the services-only bundle', async () => {
      const result = await page.evaluate(async (hubUrl) => {
        const { createServicesClient } = await import('/services.js' as string);
        const directory = createServicesClient({ baseUrl: hubUrl });
        const first = await directory.search({ limit: 4 });
        const ids: string[] = [];
        for await (const s of directory.search({ limit: 4 })) ids.push(s.id);
        const one = await directory.get(ids[0]);
        const missing = await directory
          .get('no-such-service')
          .catch((e: Error & { status: number; code: string }) => ({ name: e.name, status: e.status, code: e.code }));
        return { firstPage: first.data.length, all: ids.length, distinct: new Set(ids).size, name: one.name, missing };
      }, hub.url);
      assert.equal(result.firstPage, 4);
      assert.equal(result.all, 25);
      assert.equal(result.distinct, 25);
      assert.ok(result.name.length > 0);
      assert.deepEqual(result.missing, { name: 'NotFoundError', status: 404, code: 'not_found' });
    });

    it('signs in, writes across origins (Idempotency-Key and If-Match pass CORS) and gets a ConflictError on a stale edit', async () => {
      const result = await page.evaluate(async (hubUrl) => {
        const { createClient, ConflictError } = await import('/sdk.js' as string);
        const hub = createClient({ baseUrl: hubUrl, getToken: () => 'demo_pri-millbrook-teacher' });
        const me = await hub.me();
        const learner = (await hub.learners.list({ limit: 1 })).data[0];
        const draft = await hub.handovers.create({
          transition: 'y6-to-y7',
          learnerId: learner.id,
          receivingOrganisationId: null,
        });
        await hub.handovers.update(draft.id, 1, { sections: { strengths: { strengths: 'Kind to others' } } });
        const stale = await hub.handovers.update(draft.id, 1, { sections: {} }).catch((e: unknown) => e);
        return {
          role: me.user.role,
          version: draft.version,
          conflict: stale instanceof ConflictError,
          currentVersion: (stale as { currentVersion?: number }).currentVersion,
        };
      }, hub.url);
      assert.deepEqual(result, { role: 'teacher', version: 1, conflict: true, currentVersion: 2 });
    });

    it('reads the hub’s ORUK feed with the ORUK bundle', async () => {
      const result = await page.evaluate(async (feedUrl) => {
        const { createOrukReader } = await import('/oruk.js' as string);
        const reader = createOrukReader(feedUrl);
        let n = 0;
        for await (const _ of reader.all({ perPage: 10 })) n++;
        return n;
      }, `${hub.url}/oruk`);
      assert.equal(result, 25);
    });

    it('can be aborted, and reports an unreachable hub as NetworkError', async () => {
      const result = await page.evaluate(async (hubUrl) => {
        const { createServicesClient } = await import('/services.js' as string);
        const controller = new AbortController();
        const p = createServicesClient({ baseUrl: hubUrl }).search({}, { signal: controller.signal });
        controller.abort();
        const aborted = await Promise.resolve(p).catch((e: Error) => e.name);
        const unreachable = await createServicesClient({ baseUrl: 'http://127.0.0.1:9', retries: 1, backoffBaseMs: 1 })
          .search({})
          .then(
            () => 'ok',
            (e: Error & { code: string }) => `${e.name} ${e.code}`,
          );
        return { aborted, unreachable };
      }, hub.url);
      assert.equal(result.aborted, 'AbortError');
      assert.equal(result.unreachable, 'NetworkError network_error');
    });

    it('says when the page’s own policy blocks the address, at once, naming only its origin', async () => {
      const result = await page.evaluate(async () => {
        const { createServicesClient } = await import('/services.js' as string);
        const attempts: number[] = [];
        // Not in the page's connect-src: Chromium refuses it before any connection.
        const client = createServicesClient({
          baseUrl: 'http://127.0.0.1:7',
          retries: 2,
          backoffBaseMs: 1,
          onRequest: (info: { attempt: number }) => attempts.push(info.attempt),
        });
        return client.search({ q: 'speech therapy' }).then(
          () => undefined,
          (e: Error & { code: string }) => ({ name: e.name, code: e.code, message: e.message, attempts }),
        );
      });
      assert.ok(result, 'the blocked search failed');
      assert.equal(result.name, 'NetworkError');
      assert.equal(result.code, 'blocked_by_page_policy');
      assert.match(
        result.message,
        /Content-Security-Policy .* the hub at http:\/\/127\.0\.0\.1:7\. Add that address to the policy's connect-src/,
      );
      assert.ok(!result.message.includes('speech'), result.message);
      // Retrying cannot help until the site's policy changes.
      assert.deepEqual(result.attempts, [1]);
    });
  });
}
