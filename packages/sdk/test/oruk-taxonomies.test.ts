/**
 * How `taxonomies()` ends on a feed that ignores `page` (as the official ORUK example feeds do), against feeds served
 * over a real local HTTP server: it must say the list was cut short, as `all()` does, not hand back the first page
 * as the whole list.
 */
import { describe, it, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { C2cError, createOrukReader, type OrukRepeatedPage } from '@c2c/sdk/oruk';
import { fakeServer, json, type Behaviour } from './fake-server.js';

const term = (n: number) => ({ id: `term-${n}`, name: `Term ${n}` });
const terms = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => term(from + i));

/** A 3.0 page of `contents` from a list of `total` terms in `pages` pages, whatever page was asked for. */
const v3Page =
  (contents: unknown[], total: number, pages: number): Behaviour =>
  (_req, res) =>
    json(res, 200, {
      total_items: total,
      total_pages: pages,
      page_number: 1,
      size: contents.length,
      first_page: true,
      last_page: false,
      contents,
    });

/** A 1.0 (Spring Data) page, the same whatever page was asked for. */
const v1Page =
  (content: unknown[], total: number, pages: number): Behaviour =>
  (_req, res) =>
    json(res, 200, {
      content,
      totalElements: total,
      totalPages: pages,
      number: 0,
      size: content.length,
      numberOfElements: content.length,
      first: true,
      last: false,
      empty: false,
    });

describe('ORUK reader: taxonomies() from a feed that ignores page', () => {
  let server: Awaited<ReturnType<typeof fakeServer>>;
  before(async () => {
    server = await fakeServer();
  });
  after(() => server.close());

  for (const [version, path, page] of [
    ['3.0', '/taxonomy_terms', v3Page],
    ['1.0', '/taxonomies', v1Page],
  ] as const) {
    it(`${version}: rejects with repeated_page instead of returning the first page as the whole list`, async () => {
      server.reset();
      // 250 terms in 3 pages, the feed says; it answers page 1 to every request.
      server.always(page(terms(1, 100), 250, 3));
      const reader = createOrukReader(server.url, { version, retries: 0 });
      const err = await reader.taxonomies().catch((e: unknown) => e);
      assert.ok(err instanceof C2cError, String(err));
      assert.equal(err.code, 'repeated_page');
      assert.match(err.message, new RegExp(`page 2 of ${path} with the same taxonomy terms as page 1`));
      assert.deepEqual(
        server.seen.map((s) => s.url),
        [`${path}?page=1&per_page=100`, `${path}?page=2&per_page=100`],
        'asked twice, then stopped',
      );
    });
  }

  it('with onRepeatedPage, returns the terms read before the repeat and says once that they are part of the list', async () => {
    server.reset();
    // 250 terms in 3 pages: pages 1 and 2 as asked, then page 2 again for page 3.
    const all = terms(1, 250);
    server.always((req, res, seen) => {
      const n = Math.min(2, Number(new URL(req.url ?? '/', 'http://feed').searchParams.get('page')));
      v3Page(all.slice((n - 1) * 100, n * 100), 250, 3)(req, res, seen);
    });
    const repeats: OrukRepeatedPage[] = [];
    const read = await createOrukReader(server.url, { retries: 0 }).taxonomies({
      onRepeatedPage: (r) => void repeats.push(r),
    });
    assert.deepEqual(
      read.map((t) => t.id),
      all.slice(0, 200).map((t) => t.id),
    );
    assert.equal(repeats.length, 1);
    const { message, ...rest } = repeats[0]!;
    assert.deepEqual(rest, { path: '/taxonomy_terms', page: 3, totalItems: 250 });
    assert.match(message, /page 3 of \/taxonomy_terms with the same taxonomy terms as page 2/);
    assert.equal(server.seen.length, 3, 'no page asked for after the repeat');
  });

  it('rejects with what onRepeatedPage throws, so a caller can keep the repeat an error', async () => {
    server.reset();
    server.always(v1Page(terms(1, 100), 250, 3));
    const err = await createOrukReader(server.url, { version: '1.0', retries: 0 })
      .taxonomies({
        onRepeatedPage: (r) => {
          throw new Error(`stopped: ${r.path}`);
        },
      })
      .catch((e: unknown) => e);
    assert.ok(err instanceof Error);
    assert.equal(err.message, 'stopped: /taxonomies');
  });

  it('all() with onRepeatedPage ends after the services it read instead of throwing', async () => {
    server.reset();
    const service = (n: number) => ({ id: `svc-${n}`, name: `Service ${n}` });
    server.always(v3Page([service(1), service(2)], 6, 3));
    const repeats: OrukRepeatedPage[] = [];
    const read: string[] = [];
    for await (const s of createOrukReader(server.url, { retries: 0 }).all(
      { q: 'stay and play' },
      { onRepeatedPage: (r) => void repeats.push(r) },
    ))
      read.push(s.id);
    assert.deepEqual(read, ['svc-1', 'svc-2']);
    assert.deepEqual(
      repeats.map(({ path, page, totalItems }) => ({ path, page, totalItems })),
      [{ path: '/services', page: 2, totalItems: 6 }],
    );
    // Meant for logs: no search words.
    assert.doesNotMatch(repeats[0]!.message, /stay/);
  });

  it('returns the terms when the repeated page holds the feed’s whole list: nothing is missing', async () => {
    server.reset();
    // Every answer is the whole list of 3, though the feed says it has 3 pages.
    server.always(v3Page(terms(1, 3), 3, 3));
    const read = await createOrukReader(server.url, { retries: 0 }).taxonomies();
    assert.deepEqual(
      read.map((t) => t.id),
      ['term-1', 'term-2', 'term-3'],
    );
    assert.equal(server.seen.length, 2);
  });

  it('reads every page of a feed that honours page, without an error', async () => {
    server.reset();
    const all = terms(1, 250);
    server.always((req, res) => {
      const n = Number(new URL(req.url ?? '/', 'http://feed').searchParams.get('page'));
      json(res, 200, {
        total_items: all.length,
        total_pages: 3,
        page_number: n,
        last_page: n === 3,
        contents: all.slice((n - 1) * 100, n * 100),
      });
    });
    const read = await createOrukReader(server.url, { retries: 0 }).taxonomies();
    assert.equal(read.length, 250);
    assert.equal(server.seen.length, 3);
  });
});
