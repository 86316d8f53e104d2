/**
 * How the ORUK reader walks a feed's pages: which requests it makes (and that it makes no extra one), for ORUK 1.0
 * feeds that count a page's `number` from 0 and from 1 and for ORUK 3.0, and how it says that it stopped at
 * `maxPages`. The feeds are in-memory `fetch` functions serving pages of the shapes the specifications give
 * (1.0: a Spring Data page, as in the ORUK 1.0 `page` schema; 3.0: the HSDS-UK page), so no fixture is needed.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { C2cError, createOrukReader, type OrukPageLimit, type OrukProblem } from '@c2c/sdk/oruk';

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

/**
 * One answer of a feed of `items` in pages of `size`, to a request for page `asked` (numbered from 1, as both
 * versions of the ORUK API number the `page` parameter). A 1.0 feed counting from 0 is Spring Data with
 * one-indexed request parameters: it reads `page=2` as its page 1 and says `"number": 1`. Past the end it
 * answers an empty page, as Spring does.
 */
function pageOf(shape: Shape, items: unknown[], size: number, asked: number) {
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

/**
 * A feed as a `fetch` function: `lists` maps a path to its items, served in pages of `size` (the feed's own
 * page size, whatever `per_page` says, as many feeds do), without the page fields named in `omit`. Records each
 * request as `path?query`.
 */
function feed(shape: Shape, lists: Record<string, unknown[]>, size: number, omit: readonly string[] = []) {
  const requests: string[] = [];
  const fetch = (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = new URL(new Request(input, init).url);
    // The feed lives under /api, as real feeds live under a prefix; the reader must keep it.
    const path = url.pathname.startsWith('/api/') ? url.pathname.slice('/api'.length) : url.pathname;
    requests.push(`${path}${url.search}`);
    const items = lists[path];
    if (!items) return Promise.resolve(Response.json({ message: 'Not found' }, { status: 404 }));
    const asked = Number(url.searchParams.get('page') ?? '1');
    const page: Record<string, unknown> = pageOf(shape, items, size, asked);
    for (const key of omit) delete page[key];
    return Promise.resolve(Response.json(page));
  };
  return { fetch, requests };
}

const ids = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}-${i + 1}`);
const BASE = 'https://feed.example.org/api';

async function collect(iterable: AsyncIterable<{ id: string }>): Promise<string[]> {
  const out: string[] = [];
  for await (const s of iterable) out.push(s.id);
  return out;
}

describe('ORUK reader: paging, 1.0 feeds counting from 0 and from 1, and 3.0', () => {
  const cases: ReadonlyArray<{ shape: Shape; version: '1.0' | '3.0'; record: (id: string) => object }> = [
    { shape: '1.0 from 0', version: '1.0', record: v1Service },
    { shape: '1.0 from 1', version: '1.0', record: v1Service },
    { shape: '3.0', version: '3.0', record: v3Service },
  ];

  for (const { shape, version, record } of cases) {
    it(`${shape}: all() asks for pages 1, 2 and 3 of three, once each, and returns every service in order`, async () => {
      const services = ids('svc', 5).map(record);
      const f = feed(shape, { '/services': services }, 2);
      const reader = createOrukReader(BASE, { version, fetch: f.fetch, retries: 0 });
      const limits: OrukPageLimit[] = [];
      assert.deepEqual(await collect(reader.all({ perPage: 2 }, { onPageLimit: (l) => limits.push(l) })), [
        'svc-1',
        'svc-2',
        'svc-3',
        'svc-4',
        'svc-5',
      ]);
      assert.deepEqual(f.requests, [
        '/services?page=1&per_page=2',
        '/services?page=2&per_page=2',
        '/services?page=3&per_page=2',
      ]);
      assert.deepEqual(limits, []);
    });

    it(`${shape}: search() says which page it read and whether another follows`, async () => {
      const f = feed(shape, { '/services': ids('svc', 5).map(record) }, 2);
      const reader = createOrukReader(BASE, { version, fetch: f.fetch, retries: 0 });
      const second = await reader.search({ page: 2, perPage: 2 });
      assert.deepEqual(
        [second.page, second.totalPages, second.hasMore, second.data.map((s) => s.id)],
        [2, 3, true, ['svc-3', 'svc-4']],
      );
      const third = await reader.search({ page: 3, perPage: 2 });
      assert.deepEqual([third.page, third.hasMore, third.data.map((s) => s.id)], [3, false, ['svc-5']]);
      const first = await reader.search({ perPage: 2 });
      assert.deepEqual([first.page, first.hasMore], [1, true]);
    });

    it(`${shape}: all() from a later page reads from there to the last page and no further`, async () => {
      const f = feed(shape, { '/services': ids('svc', 6).map(record) }, 2);
      const reader = createOrukReader(BASE, { version, fetch: f.fetch, retries: 0 });
      assert.deepEqual(await collect(reader.all({ page: 2 })), ['svc-3', 'svc-4', 'svc-5', 'svc-6']);
      assert.deepEqual(f.requests, ['/services?page=2', '/services?page=3']);
    });
  }

  it('1.0 from 0, without `first` and `last`: all() and taxonomies() still ask for no page past the last', async () => {
    // Every field of the 1.0 page schema is optional, and the ORUK validator lists feeds' missing paging fields;
    // here only `totalPages` and the page asked for can tell where the list ends.
    const f = feed('1.0 from 0', { '/services': ids('svc', 5).map(v1Service) }, 2, ['first', 'last']);
    const reader = createOrukReader(BASE, { version: '1.0', fetch: f.fetch, retries: 0 });
    assert.deepEqual(await collect(reader.all()), ['svc-1', 'svc-2', 'svc-3', 'svc-4', 'svc-5']);
    assert.deepEqual(f.requests, ['/services?page=1', '/services?page=2', '/services?page=3']);

    const g = feed('1.0 from 0', { '/taxonomies': ids('term', 250).map((id) => ({ id, name: `Term ${id}` })) }, 100, [
      'first',
      'last',
    ]);
    const terms = await createOrukReader(BASE, { version: '1.0', fetch: g.fetch, retries: 0 }).taxonomies();
    assert.equal(terms.length, 250);
    assert.deepEqual(g.requests, [
      '/taxonomies?page=1&per_page=100',
      '/taxonomies?page=2&per_page=100',
      '/taxonomies?page=3&per_page=100',
    ]);
  });

  it('1.0 from 0: onProblems names the page the unreadable record was on, not the number the feed echoes', async () => {
    const services: unknown[] = ids('svc', 4).map(v1Service);
    services[2] = { id: 'no-name' }; // first record of page 2, which this feed calls `"number": 1`
    const f = feed('1.0 from 0', { '/services': services }, 2);
    const reader = createOrukReader(BASE, { version: '1.0', fetch: f.fetch, retries: 0 });
    const reported: Array<[string | undefined, number]> = [];
    const onProblems = (problems: OrukProblem[], page: number) =>
      problems.forEach((p) => reported.push([p.recordId, page]));
    assert.deepEqual(await collect(reader.all({}, { onProblems })), ['svc-1', 'svc-2', 'svc-4']);
    assert.deepEqual(reported, [['no-name', 2]]);
  });

  it('1.0 from 0: taxonomies() reads /taxonomies page by page and asks for no page past the last', async () => {
    const terms = ids('term', 150).map((id) => ({ id, name: `Term ${id}`, vocabulary: 'esdServiceTypes' }));
    const f = feed('1.0 from 0', { '/taxonomies': terms }, 100);
    const reader = createOrukReader(BASE, { version: '1.0', fetch: f.fetch, retries: 0 });
    const read = await reader.taxonomies();
    assert.equal(read.length, 150);
    assert.deepEqual(read[149], { id: 'term-150', name: 'Term term-150', taxonomy: 'esdServiceTypes' });
    assert.deepEqual(f.requests, ['/taxonomies?page=1&per_page=100', '/taxonomies?page=2&per_page=100']);
  });

  it('stops where the feed says its page is the last, even if total_pages says more', async () => {
    // The ORUK validator's V3.0-UK-Warn taxonomy_term_list.json says both `total_pages: 2` and `last_page: true`.
    const f = feed('3.0', { '/services': ids('svc', 4).map(v3Service) }, 2);
    const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
      const res = await f.fetch(input, init);
      const body = (await res.json()) as Record<string, unknown>;
      return Response.json({ ...body, last_page: true });
    };
    const reader = createOrukReader(BASE, { fetch, retries: 0 });
    assert.deepEqual(await collect(reader.all()), ['svc-1', 'svc-2']);
    assert.deepEqual(f.requests, ['/services?page=1']);
  });

  it('goes by total_pages when a feed does not say which page is the last', async () => {
    const f = feed('3.0', { '/services': ids('svc', 3).map(v3Service) }, 2, ['first_page', 'last_page']);
    const reader = createOrukReader(BASE, { fetch: f.fetch, retries: 0 });
    assert.deepEqual(await collect(reader.all()), ['svc-1', 'svc-2', 'svc-3']);
    assert.deepEqual(f.requests, ['/services?page=1', '/services?page=2']);
  });

  it('goes by last_page when a feed leaves out total_pages, and reads every page', async () => {
    // ORUK 3.0 requires total_pages; a feed that leaves it out but says `last_page: false` has more to read.
    const f = feed('3.0', { '/services': ids('svc', 5).map(v3Service) }, 2, ['total_pages']);
    const reader = createOrukReader(BASE, { fetch: f.fetch, retries: 0 });
    assert.deepEqual(await collect(reader.all()), ['svc-1', 'svc-2', 'svc-3', 'svc-4', 'svc-5']);
    assert.deepEqual(f.requests, ['/services?page=1', '/services?page=2', '/services?page=3']);
  });
});

describe('ORUK reader: stopping at maxPages is reported, not silent', () => {
  it('all() stops after maxPages pages and calls onPageLimit once, after the last service read', async () => {
    const f = feed('1.0 from 0', { '/services': ids('svc', 6).map(v1Service) }, 2);
    const reader = createOrukReader(BASE, { version: '1.0', fetch: f.fetch, retries: 0, maxPages: 2 });
    const events: string[] = [];
    const limits: OrukPageLimit[] = [];
    for await (const s of reader.all(
      { q: 'stay and play' },
      {
        onPageLimit: (l) => {
          limits.push(l);
          events.push('limit');
        },
      },
    ))
      events.push(s.id);
    assert.deepEqual(events, ['svc-1', 'svc-2', 'svc-3', 'svc-4', 'limit']);
    assert.deepEqual(f.requests, ['/services?text=stay+and+play&page=1', '/services?text=stay+and+play&page=2']);
    assert.equal(limits.length, 1);
    const { message, ...rest } = limits[0]!;
    assert.deepEqual(rest, { path: '/services', maxPages: 2, lastPage: 2, totalPages: 3, totalItems: 6 });
    assert.match(message, /after page 2 of 3/);
    assert.match(message, /maxPages is 2/);
    // The message is meant for logs: it carries no search words.
    assert.doesNotMatch(message, /stay/);
  });

  it('all() from a later page counts maxPages from there and names the real last page', async () => {
    const f = feed('3.0', { '/services': ids('svc', 8).map(v3Service) }, 2);
    const reader = createOrukReader(BASE, { fetch: f.fetch, retries: 0, maxPages: 2 });
    const limits: OrukPageLimit[] = [];
    const read = await collect(reader.all({ page: 2 }, { onPageLimit: (l) => limits.push(l) }));
    assert.deepEqual(read, ['svc-3', 'svc-4', 'svc-5', 'svc-6']);
    assert.deepEqual(f.requests, ['/services?page=2', '/services?page=3']);
    assert.deepEqual(
      limits.map((l) => [l.lastPage, l.totalPages]),
      [[3, 4]],
    );
  });

  it('says nothing when the last page read is the feed’s last page', async () => {
    const f = feed('1.0 from 1', { '/services': ids('svc', 6).map(v1Service) }, 2);
    const reader = createOrukReader(BASE, { version: '1.0', fetch: f.fetch, retries: 0, maxPages: 3 });
    const limits: OrukPageLimit[] = [];
    assert.equal((await collect(reader.all({}, { onPageLimit: (l) => limits.push(l) }))).length, 6);
    assert.deepEqual(limits, []);
    assert.equal(f.requests.length, 3);
  });

  it('keeps the default of 200 pages, and reports reaching it', async () => {
    const f = feed('3.0', { '/services': ids('svc', 201).map(v3Service) }, 1);
    const reader = createOrukReader(BASE, { fetch: f.fetch, retries: 0 });
    const limits: OrukPageLimit[] = [];
    const read = await collect(reader.all({}, { onPageLimit: (l) => limits.push(l) }));
    assert.equal(read.length, 200);
    assert.equal(f.requests.length, 200);
    assert.deepEqual(
      limits.map((l) => [l.maxPages, l.lastPage, l.totalPages]),
      [[200, 200, 201]],
    );
  });

  it('without onPageLimit, all() still ends quietly with what it read (existing callers are not broken)', async () => {
    const f = feed('3.0', { '/services': ids('svc', 6).map(v3Service) }, 2);
    const reader = createOrukReader(BASE, { fetch: f.fetch, retries: 0, maxPages: 2 });
    assert.deepEqual(await collect(reader.all()), ['svc-1', 'svc-2', 'svc-3', 'svc-4']);
  });

  it('throwing from onPageLimit makes the limit an error, after everything read was delivered', async () => {
    const f = feed('3.0', { '/services': ids('svc', 6).map(v3Service) }, 2);
    const reader = createOrukReader(BASE, { fetch: f.fetch, retries: 0, maxPages: 2 });
    const read: string[] = [];
    const err = await (async () => {
      for await (const s of reader.all(
        {},
        {
          onPageLimit: (l) => {
            throw new Error(l.message);
          },
        },
      ))
        read.push(s.id);
    })().catch((e: unknown) => e);
    assert.ok(err instanceof Error);
    assert.match(err.message, /maxPages is 2/);
    assert.deepEqual(read, ['svc-1', 'svc-2', 'svc-3', 'svc-4']);
  });

  it('taxonomies() stops at maxPages, returns the terms it read and calls onPageLimit', async () => {
    const terms = ids('term', 250).map((id) => ({ id, name: `Term ${id}` }));
    const f = feed('3.0', { '/taxonomy_terms': terms }, 100);
    const reader = createOrukReader(BASE, { fetch: f.fetch, retries: 0, maxPages: 2 });
    const limits: OrukPageLimit[] = [];
    const read = await reader.taxonomies({ onPageLimit: (l) => limits.push(l) });
    assert.equal(read.length, 200);
    assert.deepEqual(f.requests, ['/taxonomy_terms?page=1&per_page=100', '/taxonomy_terms?page=2&per_page=100']);
    assert.equal(limits.length, 1);
    const { message, ...rest } = limits[0]!;
    assert.deepEqual(rest, { path: '/taxonomy_terms', maxPages: 2, lastPage: 2, totalPages: 3, totalItems: 250 });
    assert.match(message, /\/taxonomy_terms after page 2 of 3/);
  });
});

describe('ORUK reader: a feed that ignores page', () => {
  /** `f`'s feed, answering page 1 whatever page is asked for, as some feeds do. */
  const ignoringPage =
    (f: ReturnType<typeof feed>) =>
    (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
      const url = new URL(new Request(input, init).url);
      url.searchParams.delete('page');
      return f.fetch(url);
    };

  for (const [shape, version] of [
    ['3.0', '3.0'],
    ['1.0 from 0', '1.0'],
  ] as const) {
    it(`${shape}: all() delivers what it read, then throws repeated_page instead of passing it off as the whole list`, async () => {
      const record: (id: string) => object = version === '3.0' ? v3Service : v1Service;
      const f = feed(shape, { '/services': ids('svc', 6).map(record) }, 2);
      const reader = createOrukReader(BASE, { version, fetch: ignoringPage(f), retries: 0 });
      const read: string[] = [];
      const err = await (async () => {
        for await (const s of reader.all({ q: 'stay and play' })) read.push(s.id);
      })().catch((e: unknown) => e);
      assert.deepEqual(read, ['svc-1', 'svc-2']);
      assert.ok(err instanceof C2cError, String(err));
      assert.equal(err.code, 'repeated_page');
      assert.match(err.message, /page 2 of \/services with the same services as page 1/);
      // Meant for logs: no search words.
      assert.doesNotMatch(err.message, /stay/);
      assert.equal(f.requests.length, 2, 'asked twice, then stopped');
    });
  }

  it('all() ends quietly when the repeated page holds the feed’s whole list: nothing is missing', async () => {
    // Every answer is the whole list of 3, though the feed says it has 3 pages.
    const all = ids('svc', 3).map(v3Service);
    const fetch = () =>
      Promise.resolve(
        Response.json({ total_items: 3, total_pages: 3, page_number: 1, last_page: false, contents: all }),
      );
    const reader = createOrukReader(BASE, { fetch, retries: 0 });
    assert.deepEqual(await collect(reader.all()), ['svc-1', 'svc-2', 'svc-3']);
  });

  it('pages of records without ids are told apart by their content, not taken for a repeated page', async () => {
    const pages = [1, 2].map((n) => ({
      total_items: 2,
      total_pages: 2,
      last_page: n === 2,
      contents: [{ name: `No id ${n}`, description: 'A record without an id.' }],
    }));
    const requests: string[] = [];
    const fetch = (input: RequestInfo | URL) => {
      const page = Number(new URL(String(input instanceof Request ? input.url : input)).searchParams.get('page'));
      requests.push(String(page));
      return Promise.resolve(Response.json(pages[page - 1]));
    };
    const reader = createOrukReader(BASE, { fetch, retries: 0 });
    // Neither record can be read (no id), but both pages are asked for and nothing is thrown.
    assert.deepEqual(await collect(reader.all()), []);
    assert.deepEqual(requests, ['1', '2']);
  });
});
