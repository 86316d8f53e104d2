/**
 * @c2c/react: the wrappers rendered on the server (here, in Node) and by React in a real browser (headless
 * Chromium through playwright-core, as the SDK's browser test does). The browser half registers no tests when
 * Chromium is not installed.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import * as React from 'react';
import { renderToString } from 'react-dom/server';
import type { Browser, Page } from 'playwright-core';
import { findChrome, launchChrome } from '../../../scripts/chromium.mjs';

describe('@c2c/react on the server', () => {
  it('imports without a window, and renders each wrapper to HTML', async () => {
    const { HandoverForm, PathwayTimeline, ServiceDirectory } = await import('@c2c/react');
    assert.equal(typeof (globalThis as { window?: unknown }).window, 'undefined');
    const html = renderToString(
      React.createElement(
        React.Fragment,
        null,
        React.createElement(ServiceDirectory, { staff: true }),
        React.createElement(HandoverForm, { mode: 'review' }),
        React.createElement(PathwayTimeline, { learnerId: 'lrn-1' }),
      ),
    );
    assert.match(html, /<c2c-service-directory[^>]*><\/c2c-service-directory>/);
    assert.match(html, /<c2c-handover-form[^>]*><\/c2c-handover-form>/);
    assert.match(html, /<c2c-pathway-timeline[^>]*><\/c2c-pathway-timeline>/);
  });

  it('renders the props an element reads when it connects as attributes', async () => {
    const { HandoverForm, ServiceDirectory } = await import('@c2c/react');
    const html = (node: React.ReactElement) => renderToString(node);
    assert.match(html(React.createElement(ServiceDirectory, { noUrlState: true })), / no-url-state=""/);
    assert.doesNotMatch(html(React.createElement(ServiceDirectory, { noUrlState: false })), /no-url-state/);
    assert.doesNotMatch(html(React.createElement(ServiceDirectory, {})), /no-url-state/);
    assert.match(html(React.createElement(HandoverForm, { deviceRetentionDays: 5 })), / device-retention-days="5"/);
    assert.doesNotMatch(html(React.createElement(HandoverForm, {})), /device-retention-days/);
  });

  it('renders lang as an attribute on each wrapper, so a Welsh page is Welsh before scripts run', async () => {
    const { HandoverForm, PathwayTimeline, ServiceDirectory } = await import('@c2c/react');
    for (const wrapper of [ServiceDirectory, HandoverForm, PathwayTimeline] as React.ElementType[])
      assert.match(renderToString(React.createElement(wrapper, { lang: 'cy' })), / lang="cy"/i);
  });
});

if (findChrome()) {
  describe('@c2c/react in Chromium', () => {
    let site: Server;
    let browser: Browser;
    let page: Page;
    const errors: string[] = [];

    before(async () => {
      const bundle = await build({
        entryPoints: [fileURLToPath(new URL('./fixtures/wrappers-page.tsx', import.meta.url))],
        bundle: true,
        format: 'esm',
        platform: 'browser',
        target: 'es2022',
        conditions: ['c2c-source'],
        define: { 'process.env.NODE_ENV': '"development"' },
        jsx: 'automatic',
        tsconfig: fileURLToPath(new URL('../../../tsconfig.base.json', import.meta.url)),
        write: false,
        logLevel: 'silent',
      });
      const js = bundle.outputFiles[0]!.text;
      site = createServer((req, res) => {
        if (req.url === '/page.js') res.writeHead(200, { 'content-type': 'text/javascript' }).end(js);
        else
          res
            .writeHead(200, { 'content-type': 'text/html' })
            .end(
              '<!doctype html><html lang="en"><title>react host</title><script type="module" src="/page.js"></script>',
            );
      });
      await new Promise<void>((r) => site.listen(0, '127.0.0.1', r));
      browser = await launchChrome();
      page = await browser.newPage();
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(`http://127.0.0.1:${(site.address() as AddressInfo).port}/`);
      await page.waitForFunction('Boolean(window.c2cReact)');
    });
    after(async () => {
      await browser?.close();
      await new Promise<void>((r) => site.close(() => r()));
      assert.deepEqual(errors, [], 'no errors on the page');
    });

    it('a directory given noUrlState has it when it connects, so it ignores the page query', async () => {
      const r = await page.evaluate('window.c2cReact.directoryIgnoresUrl()');
      assert.deepEqual(r, {
        connected: [{ tag: 'c2c-service-directory', noUrlState: true }],
        search: '',
        noUrlState: true,
      });
    });

    it('a directory without noUrlState still reads the page query', async () => {
      const r = await page.evaluate('window.c2cReact.directoryReadsUrl()');
      assert.deepEqual(r, { search: 'food', attribute: false });
    });

    it("a form's deviceRetentionDays is set when it connects (the device-copy sweep reads it then), and follows updates", async () => {
      const r = await page.evaluate('window.c2cReact.formRetentionAtConnect()');
      assert.deepEqual(r, {
        connected: [{ tag: 'c2c-handover-form', deviceRetentionDays: 5 }],
        days: 5,
        after: 12,
        attribute: '12',
      });
    });

    it('a wrapper given lang has it when it connects, so it does not render in English first', async () => {
      const r = (await page.evaluate('window.c2cReact.langAtConnect()')) as Record<string, unknown>;
      assert.deepEqual(r.connected, [
        { tag: 'c2c-service-directory', noUrlState: true, lang: 'cy' },
        { tag: 'c2c-handover-form', deviceRetentionDays: 30, lang: 'cy' },
        { tag: 'c2c-pathway-timeline', lang: 'cy' },
      ]);
      assert.equal(r.after, 'en');
    });

    it("a directory's onC2cSourceProblem hears its c2c-source-problem event", async () => {
      const r = await page.evaluate('window.c2cReact.directorySourceProblem()');
      assert.deepEqual(r, [{ code: 'repeated_page', list: '/services', feed: 'https://feed.example.org/api/v3' }]);
    });

    it("a form's onC2cHubProblem hears its c2c-hub-problem event", async () => {
      const r = await page.evaluate('window.c2cReact.formHubProblem()');
      assert.deepEqual(r, [{ code: 'blocked_by_page_policy', message: 'connect-src lacks https://hub.test' }]);
    });

    it('refs reach the elements; callback props are one listener each, removed with the prop', async () => {
      const r = await page.evaluate('window.c2cReact.refsAndEvents()');
      assert.deepEqual(r, {
        calls: ['dir3:a', 'form3:p', 'tl3:2020-01-01'],
        tags: ['c2c-service-directory', 'c2c-handover-form', 'c2c-pathway-timeline'],
        methods: ['function', 'function', 'function'],
      });
    });
  });
}
