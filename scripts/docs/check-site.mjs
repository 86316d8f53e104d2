#!/usr/bin/env node
// Opens every page of the built docs site (docs/dist, not api/ or storybook/) in headless Chromium and checks
// for page errors, console errors (CSP violations show up there), failed requests and axe violations.
//
//   node scripts/docs/check-site.mjs [--dir docs/dist] [--screenshots DIR] [--only SUBSTRING]
//
// Exits 1 if any page fails. Run `pnpm run docs` first (`pnpm docs` alone is a pnpm built-in).
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { launchChrome } from './browser.mjs';
import { serveStatic } from './static-server.mjs';

const { values } = parseArgs({
  options: {
    dir: { type: 'string', default: 'docs/dist' },
    screenshots: { type: 'string' },
    only: { type: 'string' },
  },
});
const dir = resolve(values.dir);
if (!existsSync(join(dir, 'index.html'))) {
  console.error(`No built docs in ${dir}. Run "pnpm run docs" first.`);
  process.exit(1);
}
const pages = [];
const walk = (d) => {
  for (const e of readdirSync(d, { withFileTypes: true })) {
    const p = join(d, e.name);
    if (e.isDirectory()) {
      if (!['api', 'storybook'].includes(relative(dir, p))) walk(p);
    } else if (e.name.endsWith('.html')) pages.push(relative(dir, p).split('\\').join('/'));
  }
};
walk(dir);
const selected = pages.filter((p) => !values.only || p.includes(values.only)).sort();
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
if (values.screenshots) mkdirSync(values.screenshots, { recursive: true });

const server = await serveStatic(dir);
const browser = await launchChrome();
let failed = 0;
try {
  // The page's own CSP meta tag applies; axe is injected through the DevTools protocol, which CSP does not block.
  const context = await browser.newContext({ viewport: { width: 1200, height: 900 }, bypassCSP: false });
  for (const path of selected) {
    const page = await context.newPage();
    const problems = [];
    page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
    page.on('console', (msg) => {
      if (msg.type() === 'error' && !msg.text().startsWith('Failed to load resource'))
        problems.push(`console: ${msg.text()}`);
    });
    page.on('response', (res) => {
      if (res.status() >= 400) problems.push(`HTTP ${res.status()}: ${res.url().replace(server.url, '')}`);
    });
    await page.goto(`${server.url}/${path}`, { waitUntil: 'load' });
    const cdp = await context.newCDPSession(page);
    await cdp.send('Runtime.evaluate', { expression: axeSource });
    const { result } = await cdp.send('Runtime.evaluate', {
      expression: `axe.run(document, { resultTypes: ['violations'] }).then(r => JSON.stringify(r.violations.map(v => v.id + ' (' + v.impact + '): ' + v.nodes.length + ' node(s): ' + v.help)))`,
      awaitPromise: true,
      returnByValue: true,
    });
    for (const v of JSON.parse(result.value ?? '[]')) problems.push(`axe: ${v}`);
    if (values.screenshots) {
      await page.screenshot({ path: join(values.screenshots, `${path.replaceAll('/', '_')}.png`), fullPage: false });
    }
    if (problems.length) {
      failed++;
      console.error(`✗ ${path}\n  ${problems.join('\n  ')}`);
    }
    await page.close();
  }
} finally {
  await browser.close();
  await server.close();
}
console.log(`Docs site check: ${selected.length - failed} passed, ${failed} failed, ${selected.length} pages.`);
process.exit(failed ? 1 : 0);
