// Shared by the component benchmarks: a local page server with the strict Content-Security-Policy a school
// site may run, headless Chromium started the way this machine needs, and the statistics they report.
import { createServer, type Server } from 'node:http';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { CHROME_ARGS, findChrome, launchChrome } from '../../scripts/chromium.mjs';
import { CDN } from './cdn-bundle.js';

/** A file the bench page serves: content type and body. */
export interface PageFile {
  type: string;
  body: string | Buffer;
}

export const html = (body: string): PageFile => ({ type: 'text/html; charset=utf-8', body });
export const css = (body: string): PageFile => ({ type: 'text/css', body });
export const js = (body: string): PageFile => ({ type: 'text/javascript', body });
export const json = (data: unknown): PageFile => ({ type: 'application/json', body: JSON.stringify(data) });

/**
 * Serves `files` by path and the built CDN bundles under `/cdn/`, all under a strict CSP, on a random port.
 * Nothing is cached unless `cdnCache`: then the bundles are served as a CDN serves them (cacheable for a
 * year), so a browser keeps them, and the code it compiled from them, for the next visit.
 */
export function serveStrictPage(files: Record<string, PageFile>, { cdnCache = false } = {}): Promise<Server> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const headers: Record<string, string> = {
      // Scripts and styles only from files, none inline: if a component needed more, the page would say so.
      'Content-Security-Policy':
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'",
      'Cache-Control': 'no-store',
    };
    const send = ({ type, body }: PageFile) => {
      res.writeHead(200, { ...headers, 'Content-Type': type });
      res.end(body);
    };
    const file = files[url.pathname];
    if (file) return send(file);
    if (url.pathname.startsWith('/cdn/')) {
      const path = join(CDN, url.pathname.slice(5).replace(/[^a-zA-Z0-9._-]/g, ''));
      try {
        const body = readFileSync(path);
        const type = path.endsWith('.map') ? 'application/json' : 'text/javascript';
        if (!cdnCache) return send({ type, body });
        res.writeHead(200, { ...headers, 'Content-Type': type, 'Cache-Control': 'public, max-age=31536000' });
        return res.end(body);
      } catch {
        // fall through to 404
      }
    }
    res.writeHead(url.pathname === '/favicon.ico' ? 204 : 404, headers);
    res.end();
  });
  return new Promise((r) => server.listen(0, '127.0.0.1', () => r(server)));
}

/** The window the bench pages are shown in. */
export const VIEWPORT = { width: 1280, height: 900 };
const executablePath = () => findChrome() ?? '/usr/bin/chromium';

/** Debian's Chromium, headless, with the flags this machine needs (root, no network). */
export function launchChromium(): Promise<Browser> {
  return launchChrome();
}

/**
 * The same Chromium on a profile kept in `userDataDir`, so what a page stores (IndexedDB, say) is still there
 * for a browser started later on the same directory: a returning visitor's first page load.
 */
export function launchChromiumWithProfile(userDataDir: string): Promise<BrowserContext> {
  return chromium.launchPersistentContext(userDataDir, {
    executablePath: executablePath(),
    args: CHROME_ARGS,
    viewport: VIEWPORT,
  });
}

/** The p-th percentile (nearest rank). */
export function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  const i = Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1));
  return s[i]!;
}

export const round = (n: number) => Math.round(n * 100) / 100;

/**
 * Opens the bench page (at `path`, `/` unless given), records console errors and uncaught exceptions, and waits
 * for the page script to publish its measurements on `window.__result`.
 */
export async function runBenchPage<T>(
  browser: Browser | BrowserContext,
  port: number,
  path = '/',
): Promise<{ page: Page; errors: string[]; result: T }> {
  const page = 'contexts' in browser ? await browser.newPage({ viewport: VIEWPORT }) : await browser.newPage();
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`http://127.0.0.1:${port}${path}`);
  await page.waitForFunction(() => (window as unknown as { __result?: unknown }).__result, undefined, {
    timeout: 120_000,
  });
  const result = (await page.evaluate(() => (window as unknown as { __result: unknown }).__result)) as T;
  return { page, errors, result };
}
