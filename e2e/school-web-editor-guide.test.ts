// The school web editors' guide, followed as written: its script tag and element on a school's page, the built CDN
// bundle served from another origin with only the headers the guide tells a school's file server to send, the page
// under the guide's Content-Security-Policy line, and the feed a seeded hub's. Three local servers stand in for the
// school's site, the CDN and the hub (their origins replace the guide's `https://cdn.jsdelivr.net` and
// `https://hub.example.org`), so the browser applies CORS and the CSP to them as to real ones.
//
// Its troubleshooting table is checked too: each error it explains is brought about here, and the table must quote
// what the family sees and what the console says. Runs after `pnpm build`, as test/docs-self-host.test.ts does.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createHub, createLogger, type Hub } from '@c2c/hub';
import { launchChrome } from '../scripts/chromium.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const guide = readFileSync(join(root, 'docs/getting-started/school-web-editor.md'), 'utf8');
const cdnDir = join(root, 'packages/elements/dist/cdn');

/** The body of the first fenced block of `lang` under `heading` (before the next heading of its level or above). */
function block(heading: string, lang: string, containing = ''): string {
  const at = guide.indexOf(`\n${heading}\n`);
  // A page that says nothing about a step is followed as it is: the server sends nothing the page did not ask for.
  if (at < 0) return '';
  const level = /^#+/.exec(heading)![0].length;
  const rest = guide.slice(at + heading.length + 1);
  const next = new RegExp(`\n#{1,${level}} `).exec(rest);
  const section = next ? rest.slice(0, next.index) : rest;
  for (const m of section.matchAll(/^```(\w*)\n([\s\S]*?)^```$/gm))
    if (m[1] === lang && m[2]!.includes(containing)) return m[2]!;
  return '';
}

const pasted = block('## 1. Paste the two lines', 'html');
const welsh = block('## Welsh pages', 'html');
const withIntegrity = block('### Checking the file has not been changed (SRI)', 'html');
const policy = block('## Content-Security-Policy', 'text', 'cdn.jsdelivr.net').trim();
/** The headers the guide tells a school to have its file server send, as `name: value` lines. */
const fileHeaders = Object.fromEntries(
  block('### Files on another address', 'text')
    .trim()
    .split('\n')
    .map((line) => /^([\w-]+):\s*(.+)$/.exec(line.trim()))
    .filter((m) => m !== null)
    .map((m) => [m[1]!.toLowerCase(), m[2]!]),
);
const troubleshooting = guide.slice(guide.indexOf('\n## Troubleshooting\n'));

const scriptSrc = new URL(/<script[^>]*\ssrc="([^"]+)"/.exec(pasted)![1]!);
const CDN_ORIGIN = scriptSrc.origin;
const cdnPath = scriptSrc.pathname.slice(0, scriptSrc.pathname.lastIndexOf('/') + 1);
const feed = /<c2c-service-directory[^>]*\ssrc="([^"]+)"/.exec(pasted)![1]!;
const HUB_ORIGIN = new URL(feed).origin;

function schoolPage(lang: string, body: string): string {
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>Family support</title></head>
<body><main><h1>Family support near you</h1>${body}</main></body></html>`;
}

let hub: Hub;
let browser: Browser;
const servers: Server[] = [];
let school = '';
let cdn = '';
let hubOrigin = '';
/** What the school's server sends now: its page and policy. */
let schoolAnswer = { html: '', csp: '' };
/** The headers the CDN sends with each file now. */
let cdnHeaders: Record<string, string> = {};

async function listen(handler: Parameters<typeof createServer>[1]): Promise<string> {
  const server = createServer(handler);
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

before(async () => {
  hub = await createHub({ databaseUrl: 'sqlite::memory:', seed: true, logger: createLogger('silent') });
  school = await listen((req, res) => {
    // Browsers ask for a favicon; a 404 would be a console error that is not the directory's.
    if (req.url !== '/') return void res.writeHead(req.url === '/favicon.ico' ? 204 : 404).end();
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': schoolAnswer.csp });
    res.end(schoolAnswer.html);
  });
  cdn = await listen((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const name = path.startsWith(cdnPath) ? path.slice(cdnPath.length) : '';
    let body: Buffer;
    try {
      body = readFileSync(join(cdnDir, /^[\w.-]+$/.test(name) ? name : '-'));
    } catch {
      return void res.writeHead(404).end();
    }
    res.writeHead(200, cdnHeaders).end(body);
  });
  hubOrigin = await listen(async (req, res) => {
    const answer = await hub.app.request(req.url ?? '/', {
      method: req.method,
      headers: Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)])),
    });
    res.writeHead(answer.status, Object.fromEntries(answer.headers));
    res.end(Buffer.from(await answer.arrayBuffer()));
  });
  browser = await launchChrome();
});
after(async () => {
  await browser?.close();
  for (const s of servers) s.close();
  await hub?.close();
});

/** The guide's text with its CDN and hub addresses replaced by the local stand-ins' origins. */
const local = (text: string) => text.replaceAll(CDN_ORIGIN, cdn).replaceAll(HUB_ORIGIN, hubOrigin);

interface Opened {
  page: Page;
  context: BrowserContext;
  /** Console errors and uncaught exceptions, in order. */
  problems: string[];
  /** CSP violations: directive and blocked address. */
  csp: string[];
  /** Addresses answered 404, as the Network tab lists them. */
  notFound: string[];
}

/** Opens `html` (the guide's addresses in it) as the school's page, under `csp`, with the CDN sending `headers`. */
async function open(html: string, csp = policy, headers: Record<string, string> = fileHeaders): Promise<Opened> {
  schoolAnswer = { html: local(html), csp: local(csp).replace(/^Content-Security-Policy:\s*/, '') };
  cdnHeaders = headers;
  const context = await browser.newContext();
  const page = await context.newPage();
  const problems: string[] = [];
  const violations: string[] = [];
  const notFound: string[] = [];
  page.on('response', (r) => {
    if (r.status() === 404) notFound.push(r.url());
  });
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(`uncaught: ${e.message}`));
  await page.exposeFunction('__cspViolation', (v: string) => violations.push(v));
  await page.addInitScript(() =>
    document.addEventListener('securitypolicyviolation', (e) =>
      (window as unknown as { __cspViolation(v: string): void }).__cspViolation(
        `${e.violatedDirective} ${e.blockedURI}`,
      ),
    ),
  );
  await page.goto(`${school}/`);
  return { page, context, problems, csp: violations, notFound };
}

const shadowText = (page: Page) =>
  page.evaluate(() => document.querySelector('c2c-service-directory')?.shadowRoot?.textContent ?? null);

describe('the school web editors’ guide, followed as written', () => {
  it('shows the directory from the CDN under the guide’s policy, with no CSP violation or console error', async () => {
    const o = await open(schoolPage('en', pasted));
    try {
      await o.page.locator('c2c-service-directory .result').first().waitFor({ timeout: 20_000 });
      assert.match((await o.page.locator('c2c-service-directory #count').textContent()) ?? '', /\d+ services? found/);
      assert.deepEqual(o.csp, []);
      assert.deepEqual(o.problems, []);
    } finally {
      await o.context.close();
    }
  });

  it('is in Welsh with the guide’s lang="cy", its Welsh parts loaded from the CDN', async () => {
    const o = await open(schoolPage('en', `${/<script[^>]*><\/script>/.exec(pasted)![0]}\n${welsh}`));
    try {
      await o.page.locator('c2c-service-directory .result').first().waitFor({ timeout: 20_000 });
      await o.page.getByLabel('Chwilio am wasanaeth').waitFor({ timeout: 10_000 });
      assert.deepEqual(o.csp, []);
      assert.deepEqual(o.problems, []);
    } finally {
      await o.context.close();
    }
  });

  it('loads with the guide’s integrity attribute, and says what the guide says when the hash is wrong', async () => {
    // The hash as the guide's openssl command makes it: SHA-384 of the file, in base64.
    const hash = createHash('sha384')
      .update(readFileSync(join(cdnDir, 'service-directory.js')))
      .digest('base64');
    assert.match(withIntegrity, /integrity="sha384-…"/, 'the guide’s tag has an integrity attribute to fill in');
    const tag = (value: string) => withIntegrity.replace('sha384-…', value);
    const element = /<c2c-service-directory[\s\S]*?<\/c2c-service-directory>/.exec(pasted)![0];
    const o = await open(schoolPage('en', `${tag(`sha384-${hash}`)}\n${element}`));
    try {
      await o.page.locator('c2c-service-directory .result').first().waitFor({ timeout: 20_000 });
      assert.deepEqual(o.problems, []);
    } finally {
      await o.context.close();
    }
    const said = "Failed to find a valid digest in the 'integrity' attribute";
    assert.ok(guide.includes(said), `the guide quotes "${said}"`);
    const wrong = await open(schoolPage('en', `${tag(`sha384-${'A'.repeat(64)}`)}\n${element}`));
    try {
      await waitForProblem(wrong, said);
      assert.equal(await shadowText(wrong.page), null, 'nothing where the directory should be');
    } finally {
      await wrong.context.close();
    }
  });

  it('shows nothing when the browser refuses the file, and the console says what the troubleshooting table says', async () => {
    const selfHosted = block('## Content-Security-Policy', 'text', "script-src 'self';").trim();
    const cases: Array<{ headers?: Record<string, string>; csp?: string; said: string }> = [
      // The server holding the files sends no CORS header.
      { headers: { 'content-type': fileHeaders['content-type'] ?? 'text/javascript' }, said: 'blocked by CORS policy' },
      // It sends a type browsers do not run as a module (a storage bucket's default for unknown files).
      {
        headers: { 'access-control-allow-origin': '*', 'content-type': 'application/octet-stream' },
        said: 'Failed to load module script',
      },
      // The policy for self-hosted files, with the CDN's tag.
      { csp: selfHosted, said: 'violates the following Content Security Policy directive: "script-src' },
    ];
    for (const c of cases) {
      const quoted = c.said.replace('"', '');
      assert.ok(troubleshooting.includes(quoted), `the table quotes "${quoted}"`);
      const o = await open(schoolPage('en', pasted), c.csp ?? policy, c.headers ?? fileHeaders);
      try {
        await waitForProblem(o, c.said);
        assert.equal(await shadowText(o.page), null, 'nothing where the directory should be');
      } finally {
        await o.context.close();
      }
    }
  });

  it('takes the feed’s address with /services on the end, as feeds often give it', async () => {
    assert.ok(guide.includes('can end in `/services` or not'), 'the guide says both forms work');
    const o = await open(schoolPage('en', pasted.replace(`src="${feed}"`, `src="${feed}/services"`)));
    try {
      await o.page.locator('c2c-service-directory .result').first().waitFor({ timeout: 20_000 });
      assert.deepEqual(o.notFound, []);
      assert.deepEqual(o.problems, []);
    } finally {
      await o.context.close();
    }
  });

  it('explains each error a wrong src or policy brings: what the family sees, and what the console says', async () => {
    const unreadable = {
      en: 'The list of services could not be read just now',
      cy: 'Nid oedd modd darllen y rhestr o wasanaethau ar hyn o bryd',
    };
    const cases: Array<{
      src: string;
      shown: { en: string; cy: string };
      said?: string;
      missing?: () => [inTable: string, asked: string];
    }> = [
      // An address with a wrong part: the feed answers 404, which the Network tab shows.
      {
        src: `${feed}/v9`,
        shown: unreadable,
        missing: () => ['a `404`', `${local(feed)}/v9/services?`],
      },
      // A feed the page's connect-src does not name.
      {
        src: 'https://directory.example.gov.uk/api',
        shown: {
          en: 'This website is not set up to reach its list of services',
          cy: 'Nid yw’r wefan hon wedi’i gosod i gyrraedd ei rhestr o wasanaethau',
        },
        said: 'violates the following Content Security Policy directive: "connect-src',
      },
      // Without https:// the address would be read as a page of the school's own site: it is refused, saying so.
      {
        src: feed.replace(/^https:\/\//, ''),
        shown: {
          en: 'This directory’s src attribute is not a web address',
          cy: 'Nid yw priodoledd src y cyfeiriadur hwn yn gyfeiriad gwe',
        },
      },
      {
        src: 'ftp://hub.example.org/oruk',
        shown: {
          en: 'This directory’s src attribute is not a web address',
          cy: 'Nid yw priodoledd src y cyfeiriadur hwn yn gyfeiriad gwe',
        },
      },
    ];
    // A Welsh page's web editor sees the Welsh, so the table quotes both.
    for (const lang of ['en', 'cy'] as const)
      for (const c of cases) {
        const shown = c.shown[lang];
        assert.ok(troubleshooting.includes(`"${shown}`), `the table quotes "${shown}"`);
        const o = await open(schoolPage(lang, pasted.replace(`src="${feed}"`, `src="${c.src}"`)));
        try {
          await o.page.locator('c2c-service-directory').getByText(shown).first().waitFor({ timeout: 20_000 });
          if (c.missing) {
            const [example, address] = c.missing();
            assert.ok(troubleshooting.includes(example), `the table shows ${example}`);
            assert.ok(
              o.notFound.some((u) => u.startsWith(address)),
              `404 for ${address}…:\n${o.notFound.join('\n')}`,
            );
          }
          if (c.said) {
            await waitForProblem(o, c.said);
            assert.ok(troubleshooting.includes(c.said.replace('"', '')), `the table quotes "${c.said}"`);
          }
        } finally {
          await o.context.close();
        }
      }
  });
});

/** Waits until a console error containing `text` has been seen (the browser reports it asynchronously). */
async function waitForProblem(o: Opened, text: string): Promise<void> {
  for (let i = 0; i < 200 && !o.problems.some((p) => p.includes(text)); i++) await o.page.waitForTimeout(50);
  assert.ok(
    o.problems.some((p) => p.includes(text)),
    `the console says "${text}":\n${o.problems.join('\n')}`,
  );
}
