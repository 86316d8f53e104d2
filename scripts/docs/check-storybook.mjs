#!/usr/bin/env node
// Opens every story of the built Storybook (docs/dist/storybook) in headless Chromium and checks that it
// renders with no page errors, no console errors and no axe violations.
//
//   node scripts/docs/check-storybook.mjs [--dir docs/dist/storybook] [--screenshots DIR] [--only ID_SUBSTRING]
//
// Exits 1 if any story fails. Run `pnpm storybook:build` first.
import { mkdirSync, readFileSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createRequire } from 'node:module';
import { serveStatic } from './static-server.mjs';
import { launchChrome } from './browser.mjs';

const { values } = parseArgs({
  options: {
    dir: { type: 'string', default: 'docs/dist/storybook' },
    screenshots: { type: 'string' },
    only: { type: 'string' },
    'no-axe': { type: 'boolean', default: false },
  },
});

const dir = resolve(values.dir);
if (!existsSync(join(dir, 'index.json'))) {
  console.error(`No built Storybook in ${dir}. Run "pnpm storybook:build" first.`);
  process.exit(1);
}
const index = JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8'));
const stories = Object.values(index.entries)
  .filter((e) => e.type === 'story')
  .filter((e) => !values.only || e.id.includes(values.only));
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
if (values.screenshots) mkdirSync(values.screenshots, { recursive: true });

const server = await serveStatic(dir);
const browser = await launchChrome();
const rows = [];
let failed = 0;
try {
  const context = await browser.newContext({ viewport: { width: 1024, height: 768 } });
  for (const story of stories) {
    const page = await context.newPage();
    const problems = [];
    page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
    page.on('console', (msg) => {
      // Failed requests are reported with their URL below.
      if (msg.type() === 'error' && !msg.text().startsWith('Failed to load resource')) {
        problems.push(`console error: ${msg.text()}`);
      }
    });
    page.on('response', (res) => {
      if (res.status() >= 400 && !res.url().endsWith('/favicon.ico')) {
        problems.push(`HTTP ${res.status()}: ${res.url().replace(server.url, '')}`);
      }
    });
    const started = performance.now();
    await page.goto(`${server.url}/iframe.html?id=${encodeURIComponent(story.id)}&viewMode=story`);
    try {
      // Storybook marks the body when a story throws; otherwise wait for the story root to fill.
      await page.waitForFunction(
        () =>
          document.body.classList.contains('sb-show-errordisplay') ||
          (document.querySelector('#storybook-root')?.childElementCount ?? 0) > 0,
        undefined,
        // Generous: the ten-thousand-services story builds its data in the page, which took 17.5 s on a CI run
        // sharing two cores at load 16. A story that never renders still fails, only later.
        { timeout: 45000 },
      );
      // Let Lit finish its first update cycle (and any data loading kicked off by the story).
      await page.waitForTimeout(300);
      if (await page.evaluate(() => document.body.classList.contains('sb-show-errordisplay'))) {
        const text = await page
          .locator('#error-message')
          .textContent()
          .catch(() => '');
        problems.push(`story threw: ${(text ?? '').trim().slice(0, 300)}`);
      }
    } catch {
      problems.push('story did not render within 45 s');
    }
    let violations = 0;
    if (!values['no-axe'] && problems.length === 0) {
      await page.addScriptTag({ content: axeSource });
      // Storybook's Accessibility addon runs axe after each render too; axe allows one run at a time, so wait
      // for the addon's run to finish and try again.
      let result = [];
      for (let attempt = 1; ; attempt++) {
        try {
          result = await page.evaluate(async () => {
            // @ts-expect-error axe is injected above
            const r = await window.axe.run('#storybook-root', { resultTypes: ['violations'] });
            return r.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.length} node(s) - ${v.help}`);
          });
          break;
        } catch (err) {
          if (attempt >= 20 || !String(err).includes('Axe is already running')) throw err;
          await page.waitForTimeout(250);
        }
      }
      violations = result.length;
      for (const v of result) problems.push(`axe: ${v}`);
    }
    if (values.screenshots)
      await page.screenshot({ path: join(values.screenshots, `${story.id}.png`), fullPage: true });
    const ms = Math.round(performance.now() - started);
    rows.push({ story: story.id, ok: problems.length === 0, ms, axe: violations });
    if (problems.length) {
      failed++;
      console.error(`✗ ${story.id}\n  ${problems.join('\n  ')}`);
    }
    await page.close();
  }
} finally {
  await browser.close();
  await server.close();
}
console.table(rows);
console.log(`Storybook check: ${stories.length - failed} passed, ${failed} failed, ${stories.length} stories.`);
process.exit(failed ? 1 : 0);
