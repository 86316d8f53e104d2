// Starts the real demo (hub on a fresh seeded SQLite file plus the built example pages) in its own process,
// and a real headless Chromium through playwright-core. Nothing of ours is mocked.
import { spawn, type ChildProcess } from 'node:child_process';
import { after, before } from 'node:test';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChrome } from '../scripts/chromium.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

export interface Demo {
  url: string;
  browser: Browser;
  stop(): Promise<void>;
}

/**
 * The demo for the test file that calls this: started before its tests and stopped after them. The returned
 * object reads the running demo, so it can be passed around before the demo has started.
 */
export function useDemo(): Demo {
  let running: Demo | undefined;
  before(async () => {
    running = await startDemo();
  });
  after(async () => {
    await running?.stop();
  });
  const demo = () => {
    if (!running) throw new Error('The demo is not running: use it inside a test or hook of this file.');
    return running;
  };
  return {
    get url() {
      return demo().url;
    },
    get browser() {
      return demo().browser;
    },
    stop: () => demo().stop(),
  };
}

export async function startDemo(): Promise<Demo> {
  const dir = mkdtempSync(join(tmpdir(), 'c2c-e2e-'));
  const child: ChildProcess = spawn(
    process.execPath,
    [join(root, 'examples/server.mjs'), '--port', '0', '--db', `sqlite:${join(dir, 'demo.sqlite')}`],
    {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, LOG_LEVEL: 'warn' },
    },
  );
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`The demo did not start within 60 s:\n${output}`)), 60_000);
    const onData = (d: Buffer) => {
      output += d.toString();
      const m = /c2c-kit demo running at (http:\/\/[^\s/]+)\//.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`The demo exited with ${code}:\n${output}`));
    });
  });
  const browser = await launchChrome();
  return {
    url,
    browser,
    async stop() {
      await browser.close();
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A page that records console errors, uncaught exceptions and Content-Security-Policy violations. */
export interface WatchedPage {
  page: Page;
  context: BrowserContext;
  problems: string[];
  close(): Promise<void>;
}

export async function openPage(
  demo: Demo,
  path: string,
  options: { viewport?: { width: number; height: number }; fail?: RegExp } = {},
): Promise<WatchedPage> {
  const context = await demo.browser.newContext({ viewport: options.viewport ?? { width: 1280, height: 900 } });
  // A request the network loses (`fail`): what a dropped connection does to one file on a real site.
  if (options.fail) await context.route(options.fail, (route) => route.abort('connectionfailed'));
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console error: ${msg.text()}`);
  });
  page.on('pageerror', (err) => problems.push(`uncaught: ${err.message}`));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      (window as unknown as { __csp: string[] }).__csp ??= [];
      (window as unknown as { __csp: string[] }).__csp.push(`${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  await page.goto(`${demo.url}${path}`, { waitUntil: 'load' });
  return {
    page,
    context,
    problems,
    async close() {
      await context.close();
    },
  };
}

export async function cspViolations(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { __csp?: string[] }).__csp ?? []);
}

const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** Runs axe-core (WCAG 2.0-2.2 A and AA rules) over the page, shadow roots included. */
export async function axeViolations(page: Page): Promise<string[]> {
  // Evaluated through the DevTools protocol, which the page's CSP does not govern.
  await page.evaluate(axeSource);
  const result = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {
          run: (
            ctx: unknown,
            opts: unknown,
          ) => Promise<{ violations: Array<{ id: string; impact: string; nodes: Array<{ target: unknown }> }> }>;
        };
      }
    ).axe;
    const r = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
    });
    return r.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')}`);
  });
  return result;
}
