/**
 * How `importOruk` (and `c2c-hub import-oruk`) walks an ORUK feed's pages: the exact requests it makes, the
 * services that end up in a real SQLite database, and what it says when it stops at its page limit, when a feed
 * answers the same page whatever `page` asks for, and when a feed does not answer in time or cannot be reached, for
 * ORUK 1.0 feeds that count a page's `number` from 0 and from 1 and for ORUK 3.0. The feeds are real HTTP servers on
 * 127.0.0.1 serving pages of the shapes the specifications give (1.0: a Spring Data page, as in the ORUK 1.0
 * `page` schema; 3.0: the HSDS-UK page), so no fixture is needed.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fromOruk } from '@c2c/schema';
import { Store, importOruk } from '../src/index.js';

const dir = mkdtempSync(join(tmpdir(), 'c2c-hub-import-paging-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const cli = join(dirname(fileURLToPath(import.meta.url)), '..', 'src', 'cli.ts');

/** An ORUK 1.0 service record, with the 1.0 field names. */
const v1Service = (id: string) => ({
  id,
  name: `Service ${id}`,
  description: 'Stay and play for families.',
  status: 'active',
  url: 'https://example.org/services',
  organization: { id: '8c7c1f3e-5b0a-4a8e-9d2c-000000000001', name: 'Example Council', description: 'The council.' },
  eligibilitys: [{ minimum_age: 0, maximum_age: 5 }],
  regular_schedules: [{ weekday: 'Tuesday', opens_at: '09:30:00', closes_at: '11:30:00' }],
});

/** An HSDS-UK 3.0 service record. */
const v3Service = (id: string) => ({
  id,
  name: `Service ${id}`,
  description: 'Stay and play for families.',
  status: 'active',
  minimum_age: 0,
  maximum_age: 5,
  schedules: [{ freq: 'WEEKLY', byday: 'TU', opens_at: '09:30', closes_at: '11:30' }],
});

type Shape = '1.0 from 0' | '1.0 from 1' | '3.0';

const records = (shape: Shape, n: number, prefix = 'svc') =>
  Array.from({ length: n }, (_, i) => {
    const id = `${prefix}-${String(i + 1).padStart(3, '0')}`;
    return shape === '3.0' ? v3Service(id) : v1Service(id);
  });

/**
 * One answer of a feed of `items` in pages of `size`, to a request for page `asked` (numbered from 1, as both
 * versions of the ORUK API number the `page` parameter). A 1.0 feed counting from 0 is Spring Data with
 * one-indexed request parameters: it reads `page=2` as its page 1 and says `"number": 1`. Past the end it
 * answers an empty page, as Spring does.
 */
function pageOf(shape: Shape, items: unknown[], size: number, asked: number): Record<string, unknown> {
  const totalPages = Math.max(1, Math.ceil(items.length / size));
  const content = items.slice((asked - 1) * size, asked * size);
  if (shape === '3.0')
    return {
      total_items: items.length,
      total_pages: totalPages,
      page_number: asked,
      size,
      first_page: asked === 1,
      last_page: asked >= totalPages,
      empty: content.length === 0,
      contents: content,
    };
  return {
    content,
    pageable: { pageNumber: asked - 1, pageSize: size, offset: (asked - 1) * size, paged: true, unpaged: false },
    totalElements: items.length,
    totalPages,
    number: shape === '1.0 from 0' ? asked - 1 : asked,
    size,
    numberOfElements: content.length,
    sort: { empty: true, sorted: false, unsorted: true },
    first: asked === 1,
    last: asked >= totalPages,
    empty: content.length === 0,
  };
}

interface Feed {
  /** `/api/services` itself, with `per_page` as a real import URL would carry. */
  url: string;
  /** Each request the feed answered, as `path?query`. */
  requests: string[];
  close(): Promise<void>;
}

/**
 * Serves `items` at `/api/services` in pages of `size` (the feed's own page size, whatever `per_page` says, as
 * many feeds do). `edit` may change a page before it is sent, to make a feed that misreports its paging, leave
 * the request hanging (`'no answer'` sends nothing at all, `'half an answer'` the headers and part of the body),
 * or spoil it (`'cut off'` drops the connection part-way through the body, `'not JSON'` sends an HTML page).
 */
async function serveFeed(
  shape: Shape,
  items: unknown[],
  size: number,
  edit?: (
    page: Record<string, unknown>,
    asked: number,
  ) => void | 'no answer' | 'half an answer' | 'cut off' | 'not JSON',
): Promise<Feed> {
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://feed.invalid');
    requests.push(`${url.pathname}${url.search}`);
    if (url.pathname !== '/api/services') {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"message":"Not found"}');
      return;
    }
    const asked = Number(url.searchParams.get('page') ?? '1');
    const page = pageOf(shape, items, size, asked);
    const hang = edit?.(page, asked);
    if (hang === 'no answer') return;
    const body = JSON.stringify(page);
    if (hang === 'half an answer') res.writeHead(200, { 'content-type': 'application/json' }).write(body.slice(0, 20));
    else if (hang === 'cut off') {
      // Part of the page, then the connection drops (a proxy's timeout, a server that fell over).
      res.writeHead(200, { 'content-type': 'application/json' }).write(body.slice(0, 20), () => res.socket?.destroy());
    } else if (hang === 'not JSON')
      // A web server's own error page with a 200, where the feed's JSON was due.
      res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>Service unavailable</title>');
    else res.writeHead(200, { 'content-type': 'application/json' }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/api/services?per_page=${size}`,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((e) => (e ? reject(e) : resolve()));
      }),
  };
}

const sqlite = () => `sqlite:${join(mkdtempSync(join(dir, 'db-')), 'hub.sqlite')}`;

/** Asserts that the store holds exactly `items`, each as `fromOruk` reads it. */
async function assertStored(store: Store, items: ReadonlyArray<{ id: string }>) {
  assert.equal(await store.serviceCount(), items.length);
  for (const item of items) assert.deepEqual(await store.service(item.id), fromOruk(item).service, item.id);
}

/** Runs `test` with the feed `serving` starts and a hub on a fresh SQLite file, and closes both after. */
async function withFeed(serving: Promise<Feed>, test: (feed: Feed, store: Store) => Promise<void>): Promise<void> {
  const feed = await serving;
  const store = await Store.open(sqlite());
  try {
    await test(feed, store);
  } finally {
    await store.close();
    await feed.close();
  }
}

/**
 * Imports `url` with the progress it reports kept, at most 20 pages: a low cap, so that an import that goes round
 * in circles fails its test at once rather than after 10,000 pages.
 */
async function importWatched(store: Store, url: string) {
  const progress: Array<[number, number | null]> = [];
  const summary = await importOruk(store, url, {
    maxPages: 20,
    onProgress: (read, total) => progress.push([read, total]),
  });
  return { summary, progress };
}

/** Opens the hub database at `db` (as the CLI left it) and asserts it holds exactly `items`. */
async function assertStoredIn(db: string, items: ReadonlyArray<{ id: string }>) {
  const store = await Store.open(db);
  try {
    await assertStored(store, items);
  } finally {
    await store.close();
  }
}

/** The requests for pages `from`..`to` of a feed at `/api/services` read `size` at a time. */
const pages = (size: number, from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) =>
    from + i === 1 ? `/api/services?per_page=${size}` : `/api/services?per_page=${size}&page=${from + i}`,
  );

describe('import-oruk paging', () => {
  for (const shape of ['1.0 from 0', '1.0 from 1', '3.0'] as const) {
    it(`reads every page of an ORUK ${shape} feed once, and asks for none past the last`, async () => {
      const items = records(shape, 5);
      await withFeed(serveFeed(shape, items, 2), async (feed, store) => {
        const { summary, progress } = await importWatched(store, feed.url);
        assert.deepEqual(feed.requests, pages(2, 1, 3));
        assert.equal(summary.pages, 3);
        assert.equal(summary.imported, 5);
        assert.deepEqual(summary.skipped, []);
        assert.equal(summary.pageLimit, null);
        assert.equal(summary.repeatedPage, null);
        assert.deepEqual(progress, [
          [2, 5],
          [4, 5],
          [5, 5],
        ]);
        await assertStored(store, items);
      });
    });
  }

  it('starts from the page the URL names, and counts on from it', async () => {
    const items = records('1.0 from 0', 7);
    await withFeed(serveFeed('1.0 from 0', items, 2), async (feed, store) => {
      const summary = await importOruk(store, `${feed.url}&page=2`, { maxPages: 20 });
      assert.deepEqual(feed.requests, ['/api/services?per_page=2&page=2', ...pages(2, 3, 4)]);
      assert.equal(summary.pages, 3);
      await assertStored(store, items.slice(2));
    });
  });

  it('stops where the feed says its last page is, even if totalPages says more', async () => {
    const items = records('1.0 from 0', 6);
    // A feed whose count is off: it says 9 pages but flags page 2 as its last (and would serve page 3 if asked).
    await withFeed(
      serveFeed('1.0 from 0', items, 2, (page, asked) => {
        page.totalPages = 9;
        page.last = asked >= 2;
      }),
      async (feed, store) => {
        const summary = await importOruk(store, feed.url, { maxPages: 20 });
        assert.deepEqual(feed.requests, pages(2, 1, 2));
        assert.equal(summary.pages, 2);
        await assertStored(store, items.slice(0, 4));
      },
    );
  });

  it('stops at totalPages when a 1.0 feed never flags its last page', async () => {
    const items = records('1.0 from 0', 6);
    await withFeed(
      serveFeed('1.0 from 0', items, 2, (page) => {
        page.last = false;
      }),
      async (feed, store) => {
        const summary = await importOruk(store, feed.url, { maxPages: 20 });
        assert.deepEqual(feed.requests, pages(2, 1, 3));
        assert.equal(summary.pages, 3);
        await assertStored(store, items);
      },
    );
  });

  it('stops at an empty page, when the feed overstates its pages and flags none as the last', async () => {
    const items = records('3.0', 4);
    await withFeed(
      serveFeed('3.0', items, 2, (page) => {
        page.total_pages = 50;
        delete page.last_page;
      }),
      async (feed, store) => {
        const summary = await importOruk(store, feed.url, { maxPages: 20 });
        assert.deepEqual(feed.requests, pages(2, 1, 3));
        assert.equal(summary.pages, 3);
        assert.equal(summary.imported, 4);
        await assertStored(store, items);
      },
    );
  });

  it('says so when it stops at maxPages while the feed has more pages', async () => {
    const items = records('1.0 from 0', 9);
    await withFeed(serveFeed('1.0 from 0', items, 2), async (feed, store) => {
      const summary = await importOruk(store, feed.url, { maxPages: 3 });
      assert.deepEqual(feed.requests, pages(2, 1, 3));
      assert.equal(summary.pages, 3);
      assert.equal(summary.imported, 6);
      assert.deepEqual(summary.pageLimit, {
        maxPages: 3,
        lastPage: 3,
        totalPages: 5,
        totalItems: 9,
        message:
          'Stopped after page 3 of 5: the import reads at most 3 page(s), so the services on the pages after it were not imported.',
      });
      await assertStored(store, items.slice(0, 6));
    });
  });

  it('counts a limit from the page the URL starts at', async () => {
    const items = records('3.0', 9);
    await withFeed(serveFeed('3.0', items, 2), async (feed, store) => {
      const summary = await importOruk(store, `${feed.url}&page=2`, { maxPages: 2 });
      assert.deepEqual(feed.requests, ['/api/services?per_page=2&page=2', '/api/services?per_page=2&page=3']);
      assert.equal(summary.pageLimit?.lastPage, 3);
      assert.equal(summary.pageLimit?.totalPages, 5);
      await assertStored(store, items.slice(2, 6));
    });
  });

  it('says nothing, and asks for nothing more, when the limit falls on the last page', async () => {
    for (const shape of ['1.0 from 0', '1.0 from 1', '3.0'] as const) {
      const items = records(shape, 6);
      await withFeed(serveFeed(shape, items, 2), async (feed, store) => {
        const summary = await importOruk(store, feed.url, { maxPages: 3 });
        assert.deepEqual(feed.requests, pages(2, 1, 3), shape);
        assert.equal(summary.pageLimit, null, shape);
        await assertStored(store, items);
      });
    }
  });

  it('stops, and says so, at a page that holds only services read already (a feed that ignores page)', async () => {
    const items = records('3.0', 3);
    // Page 1 of 5 whatever page is asked for, as a feed that does not read the page parameter answers.
    await withFeed(
      serveFeed('3.0', items, 3, (page) => {
        Object.assign(page, pageOf('3.0', items, 3, 1), { total_items: 15, total_pages: 5, last_page: false });
      }),
      async (feed, store) => {
        const { summary, progress } = await importWatched(store, feed.url);
        assert.deepEqual(feed.requests, pages(3, 1, 2));
        assert.equal(summary.pages, 2);
        assert.equal(summary.imported, 3);
        assert.deepEqual(summary.repeatedPage, {
          page: 2,
          message:
            'Page 2 held only services already read from earlier pages, so the feed seems to ignore the page parameter; the import stopped there.',
        });
        assert.equal(summary.pageLimit, null);
        assert.deepEqual(progress, [[3, 15]]);
        await assertStored(store, items);
      },
    );
  });

  it('counts a service once when the feed serves it on two pages, and reads on', async () => {
    const items = records('3.0', 5);
    // Pages that overlap by one record, as when a service is added at the front between two requests: page 2
    // starts with the last record of page 1. Each page still brings something new, so nothing stops early.
    await withFeed(
      serveFeed('3.0', items, 2, (page, asked) => {
        if (asked > 1) page.contents = items.slice((asked - 1) * 2 - 1, asked * 2);
      }),
      async (feed, store) => {
        const summary = await importOruk(store, feed.url, { maxPages: 20 });
        assert.deepEqual(feed.requests, pages(2, 1, 3));
        assert.equal(summary.pages, 3);
        assert.equal(summary.imported, 5);
        assert.equal(summary.repeatedPage, null);
        await assertStored(store, items);
      },
    );
  });

  it('says when a page is cut off or is not JSON, keeping the pages before it', async () => {
    for (const [spoil, message] of [
      [
        'cut off',
        /^The feed's answer for http:\/\/127\.0\.0\.1:\d+\/api\/services\?per_page=2&page=2 was cut off: .+\.$/,
      ],
      [
        'not JSON',
        /^The feed's answer for http:\/\/127\.0\.0\.1:\d+\/api\/services\?per_page=2&page=2 is not JSON \(.+\)\.$/,
      ],
    ] as const) {
      const items = records('3.0', 6);
      await withFeed(
        serveFeed('3.0', items, 2, (_page, asked) => (asked === 2 ? spoil : undefined)),
        async (feed, store) => {
          await assert.rejects(importOruk(store, feed.url, { maxPages: 20 }), { message }, spoil);
          await assertStored(store, items.slice(0, 2));
        },
      );
    }
  });

  it('reports a record served on two pages once, in warnings and in skipped', async () => {
    const items: Array<Record<string, unknown>> = records('3.0', 5);
    // The record both pages hold has a schedule time it cannot read (a warning); another has no name (skipped).
    items[1] = { ...items[1], schedules: [{ freq: 'WEEKLY', byday: 'MO', opens_at: 'nine' }] };
    items[2] = { id: 'svc-no-name', status: 'active' };
    await withFeed(
      serveFeed('3.0', items, 2, (page, asked) => {
        if (asked > 1) page.contents = items.slice((asked - 1) * 2 - 1, asked * 2);
      }),
      async (feed, store) => {
        const summary = await importOruk(store, feed.url, { maxPages: 20 });
        assert.deepEqual(
          summary.warnings.map((w) => w.id),
          ['svc-002'],
        );
        assert.deepEqual(
          summary.skipped.map((s) => s.id),
          ['svc-no-name'],
        );
        assert.equal(summary.imported, 4);
      },
    );
  });

  it(
    'gives up on a page the feed does not answer in time, keeping the pages before it',
    { timeout: 60_000 },
    async (t) => {
      for (const hang of ['no answer', 'half an answer'] as const) {
        const items = records('3.0', 6);
        // Page 2 is never (fully) answered until the feed closes after the test, so only the importer's own
        // timeout can end the wait. The timeout applies to every page, so it is long enough that a page the feed
        // does answer cannot miss it on a loaded machine: with 200 ms, page 1 sometimes timed out instead.
        const feed = await serveFeed('3.0', items, 2, (_page, asked) => (asked === 2 ? hang : undefined));
        // An import that never times out fails this test at its own timeout rather than holding the run open:
        // closing the feed ends the request it waits on.
        const stop = () => void feed.close();
        t.signal.addEventListener('abort', stop);
        const store = await Store.open(sqlite());
        try {
          const page2 = `${feed.url}&page=2`;
          await assert.rejects(importOruk(store, feed.url, { maxPages: 20, timeoutMs: 5_000 }), {
            message: `The feed did not answer within 5 s for ${page2}.`,
          });
          assert.deepEqual(feed.requests, pages(2, 1, 2), hang);
          await assertStored(store, items.slice(0, 2));
        } finally {
          t.signal.removeEventListener('abort', stop);
          await store.close();
          await feed.close();
        }
      }
    },
  );

  it('says which feed it could not reach, and why', async () => {
    // A port that was free a moment ago: nothing listens there, so the connection is refused.
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const url = `http://127.0.0.1:${port}/api/services`;
    const store = await Store.open(sqlite());
    try {
      await assert.rejects(importOruk(store, url, { timeoutMs: 5_000 }), {
        message: `Could not reach the feed at ${url}: connect ECONNREFUSED 127.0.0.1:${port}.`,
      });
      assert.equal(await store.serviceCount(), 0);
    } finally {
      await store.close();
    }
  });

  it('refuses a timeoutMs of 0 before asking the feed for anything', async () => {
    await withFeed(serveFeed('3.0', records('3.0', 3), 2), async (feed, store) => {
      await assert.rejects(importOruk(store, feed.url, { timeoutMs: 0 }), /timeoutMs must be above 0/);
      assert.deepEqual(feed.requests, []);
    });
  });

  it('refuses a maxPages below 1 before asking the feed for anything', async () => {
    await withFeed(serveFeed('3.0', records('3.0', 3), 2), async (feed, store) => {
      await assert.rejects(importOruk(store, feed.url, { maxPages: 0 }), /maxPages must be at least 1/);
      assert.deepEqual(feed.requests, []);
      assert.equal(await store.serviceCount(), 0);
    });
  });
});

/** Runs `c2c-hub import-oruk` in its own process (the feed answers from this one, so it must not block). */
function runImport(
  args: string[],
  databaseUrl: string,
  signal: AbortSignal,
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--conditions=c2c-source', '--import', 'tsx', cli, 'import-oruk', ...args], {
    env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent' },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Ends the process if the test times out, e.g. an import going round in circles.
    signal,
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += String(d)));
  child.stderr.on('data', (d) => (stderr += String(d)));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (status) => resolve({ status, stdout, stderr }));
  });
}

describe('c2c-hub import-oruk paging', () => {
  it('reads a 1.0 feed counting from 0 to its end', { timeout: 60_000 }, async (t) => {
    const items = records('1.0 from 0', 5);
    const feed = await serveFeed('1.0 from 0', items, 2);
    const db = sqlite();
    try {
      const r = await runImport([feed.url], db, t.signal);
      assert.equal(r.status, 0, r.stderr);
      assert.deepEqual(feed.requests, pages(2, 1, 3));
      assert.deepEqual(JSON.parse(r.stdout), {
        imported: 5,
        skipped: 0,
        warnings: 0,
        pages: 3,
        pageLimit: null,
        repeatedPage: null,
      });
      assert.match(r.stderr, /Imported 5 services from 3 page\(s\)/);
      assert.doesNotMatch(r.stderr, /Stopped after/);
      assert.doesNotMatch(r.stderr, /ignore the page parameter/);
    } finally {
      await feed.close();
    }
    await assertStoredIn(db, items);
  });

  it('stops at --max-pages and says what was left', { timeout: 60_000 }, async (t) => {
    const items = records('1.0 from 1', 9);
    const feed = await serveFeed('1.0 from 1', items, 2);
    const db = sqlite();
    try {
      const r = await runImport([feed.url, '--max-pages', '2'], db, t.signal);
      assert.equal(r.status, 0, r.stderr);
      assert.deepEqual(feed.requests, pages(2, 1, 2));
      const out = JSON.parse(r.stdout) as Record<string, unknown>;
      assert.deepEqual(out, {
        imported: 4,
        skipped: 0,
        warnings: 0,
        pages: 2,
        pageLimit: {
          maxPages: 2,
          lastPage: 2,
          totalPages: 5,
          totalItems: 9,
          message:
            'Stopped after page 2 of 5: the import reads at most 2 page(s), so the services on the pages after it were not imported.',
        },
        repeatedPage: null,
      });
      assert.match(
        r.stderr,
        /Stopped after page 2 of 5: .* not imported\. Run it again with a higher --max-pages to import the rest\./,
      );
    } finally {
      await feed.close();
    }
    await assertStoredIn(db, items.slice(0, 4));
  });

  it('refuses --max-pages 0', { timeout: 60_000 }, async (t) => {
    const r = await runImport(['http://127.0.0.1:9/services', '--max-pages', '0'], sqlite(), t.signal);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /--max-pages must be at least 1/);
  });

  it('treats a mistyped option or a dash-led value as a usage mistake (exit 2)', { timeout: 60_000 }, async (t) => {
    const negative = await runImport(['http://127.0.0.1:9/services', '--timeout', '-5'], sqlite(), t.signal);
    assert.equal(negative.status, 2, negative.stderr);
    assert.match(negative.stderr, /--timeout/);
    assert.match(negative.stderr, /c2c-hub help/);
    // Given as --timeout=-5, the value reaches the command's own check.
    const attached = await runImport(['http://127.0.0.1:9/services', '--timeout=-5'], sqlite(), t.signal);
    assert.equal(attached.status, 2, attached.stderr);
    assert.match(attached.stderr, /--timeout must be a number of seconds above 0; it is "-5"/);
    const unknown = await runImport(['http://127.0.0.1:9/services', '--max-page', '3'], sqlite(), t.signal);
    assert.equal(unknown.status, 2, unknown.stderr);
    assert.match(unknown.stderr, /--max-page/);
  });

  it('says when the feed served the same page again, and stops there', { timeout: 60_000 }, async (t) => {
    const items = records('3.0', 3);
    const feed = await serveFeed('3.0', items, 3, (page) => {
      Object.assign(page, pageOf('3.0', items, 3, 1), { total_items: 15, total_pages: 5, last_page: false });
    });
    const db = sqlite();
    try {
      const r = await runImport([feed.url], db, t.signal);
      assert.equal(r.status, 0, r.stderr);
      assert.deepEqual(feed.requests, pages(3, 1, 2));
      const message =
        'Page 2 held only services already read from earlier pages, so the feed seems to ignore the page parameter; the import stopped there.';
      assert.deepEqual(JSON.parse(r.stdout), {
        imported: 3,
        skipped: 0,
        warnings: 0,
        pages: 2,
        pageLimit: null,
        repeatedPage: { page: 2, message },
      });
      assert.ok(r.stderr.split('\n').includes(message), r.stderr);
    } finally {
      await feed.close();
    }
    await assertStoredIn(db, items);
  });

  it(
    'gives up on a page not answered within --timeout, keeping the pages before it',
    { timeout: 60_000 },
    async (t) => {
      const items = records('3.0', 6);
      // As above: page 2 waits for the feed to close, and a timeout no answered page can miss under load.
      const feed = await serveFeed('3.0', items, 2, (_page, asked) => (asked === 2 ? 'no answer' : undefined));
      const db = sqlite();
      try {
        const r = await runImport([feed.url, '--timeout', '5'], db, t.signal);
        assert.equal(r.status, 1, r.stderr);
        assert.match(
          r.stderr,
          /c2c-hub: The feed did not answer within 5 s for http:\/\/127\.0\.0\.1:\d+\/api\/services\?per_page=2&page=2\./,
        );
        assert.equal(r.stdout, '');
        assert.deepEqual(feed.requests, pages(2, 1, 2));
      } finally {
        await feed.close();
      }
      await assertStoredIn(db, items.slice(0, 2));
    },
  );

  for (const value of ['0', 'abc', ''])
    it(`refuses --timeout "${value}"`, { timeout: 60_000 }, async (t) => {
      const r = await runImport(['http://127.0.0.1:9/services', '--timeout', value], sqlite(), t.signal);
      assert.equal(r.status, 2, r.stderr);
      assert.match(r.stderr, new RegExp(`--timeout must be a number of seconds above 0; it is "${value}"\\.`));
    });
});
