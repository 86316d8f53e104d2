/**
 * The ORUK reader against the official Open Referral fixtures (HSDS 3.0 examples, the ORUK 3.0 UK profile
 * examples and the ORUK validator's mock feeds), served over a real local HTTP server. The fixtures live
 * outside the repository (see /work/shared/oruk/README.txt for their licences); when they are absent this
 * file registers no tests.
 */
import { describe, it, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { C2cError, createOrukReader, mappingReport, ResponseValidationError } from '@c2c/sdk/oruk';

const dir = process.env.C2C_ORUK_FIXTURES ?? fileURLToPath(new URL('../../../../shared/oruk/', import.meta.url));

/** Serves one fixture folder as a feed: /services, /services/:id, /taxonomy_terms. Records the query strings. */
async function feed(files: { list: unknown; full?: unknown; terms?: unknown }) {
  const seen: URL[] = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://feed');
    seen.push(url);
    const body =
      url.pathname === '/services'
        ? files.list
        : url.pathname.startsWith('/services/')
          ? files.full
          : url.pathname === '/taxonomy_terms'
            ? files.terms
            : undefined;
    res.writeHead(body === undefined ? 404 : 200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body ?? { message: 'not found' }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

const load = (path: string): unknown => JSON.parse(readFileSync(dir + path, 'utf8'));

if (existsSync(dir)) {
  const sets = [
    { name: 'ORUK validator mock feed (V3.0-UK-Default)', base: 'oruk-validator-mocks/V3.0-UK-Default/' },
    { name: 'ORUK validator mock feed (V3.0-UK-Warn)', base: 'oruk-validator-mocks/V3.0-UK-Warn/' },
    { name: 'ORUK 3.0 UK profile examples', base: 'oruk-3.0-uk-profile/examples/' },
    { name: 'HSDS 3.0 examples', base: 'hsds-3.0/examples/' },
  ];

  for (const set of sets) {
    describe(`ORUK reader: ${set.name}`, () => {
      let f: Awaited<ReturnType<typeof feed>>;
      const list = load(`${set.base}service_list.json`) as {
        contents: Array<{ id: string; name: string }>;
        total_items: number;
      };
      const full = load(`${set.base}service_full.json`) as { id: string; name: string };
      before(async () => {
        f = await feed({ list, full, terms: load(`${set.base}taxonomy_term_list.json`) });
      });
      after(() => f.close());

      it('reads the service list into valid services', async () => {
        const result = await createOrukReader(f.url).search();
        assert.equal(result.data.length, list.contents.length);
        assert.deepEqual(
          result.data.map((s) => s.name),
          list.contents.map((c) => c.name),
        );
        assert.equal(result.totalItems, list.total_items);
        assert.ok(result.data.every((s) => Array.isArray(s.locations) && typeof s.free === 'boolean'));
      });

      it('reads the full service record with its locations, contacts and schedules', async () => {
        const { service, problems } = await createOrukReader(f.url).get(full.id);
        assert.equal(service.id, full.id);
        assert.equal(service.name, full.name);
        assert.ok(service.locations.length > 0, 'has locations');
        assert.ok(service.contacts.length > 0, 'has contacts');
        // Whatever was not mapped is reported with a path, never silently dropped.
        for (const p of problems) assert.ok(typeof p.path === 'string' && p.message.length > 0);
      });

      it('reads the taxonomy terms, without looping on a feed that ignores page, and says when it cut them short', async () => {
        const before = f.seen.length;
        const termList = load(`${set.base}taxonomy_term_list.json`) as { contents: unknown[]; total_items: number };
        const read = createOrukReader(f.url).taxonomies();
        if (termList.contents.length >= termList.total_items) {
          const terms = await read;
          assert.ok(terms.length > 0);
          assert.ok(terms.every((t) => t.id && t.name));
          assert.equal(new Set(terms.map((t) => t.id)).size, terms.length, 'no duplicates');
        } else {
          // The page holds part of the list and is the answer to every page: the rest can never be read.
          await assert.rejects(read, (e: unknown) => e instanceof C2cError && e.code === 'repeated_page');
        }
        // The fixtures claim up to 10 pages but always answer page 1: the reader asks twice at most.
        assert.ok(f.seen.length - before <= 2);
      });
    });
  }

  describe('ORUK reader: validator feed that must fail (V3.0-UK-Fail)', () => {
    let f: Awaited<ReturnType<typeof feed>>;
    let g: Awaited<ReturnType<typeof feed>>;
    const failList = load('oruk-validator-mocks/V3.0-UK-Fail/service_list.json') as { contents: unknown[] };
    before(async () => {
      f = await feed({ list: failList, full: load('oruk-validator-mocks/V3.0-UK-Fail/service_full.json') });
      g = await feed({ list: failList, full: failList.contents[0] });
    });
    after(async () => {
      await f.close();
      await g.close();
    });

    it('reports each unreadable record in problems instead of failing the page', async () => {
      const result = await createOrukReader(f.url).search();
      assert.equal(result.data.length, 0, 'no record has a name, so none is listed');
      const nameProblems = result.problems.filter((p) => p.path === 'name');
      assert.equal(nameProblems.length, 4);
      assert.deepEqual(
        nameProblems.map((p) => p.index),
        [0, 1, 2, 3],
      );
      assert.equal(nameProblems[1]!.recordId, 'b644a0d2-9e8a-4c33-9390-ae9ee93fc056');
      const report = mappingReport(result.problems);
      assert.equal(report[0]!.path, 'name');
      assert.equal(report[0]!.count, 4);
    });

    it('reads a detail record with off-spec values, reporting each one', async () => {
      const { service, problems } = await createOrukReader(f.url).get('ac148810-d857-441c-9679-408f346de14b');
      assert.equal(service.name, 'Community Counselling');
      const coords = problems.find((p) => p.path === 'service_at_locations[0].location.latitude');
      assert.ok(coords, 'out-of-range coordinates are reported');
      assert.equal(service.locations[0]?.latitude, undefined, 'and not used');
    });

    it('throws ResponseValidationError for a detail record it cannot read at all', async () => {
      const err = await createOrukReader(g.url)
        .get('ac148810-d857-441c-9679-408f346de14b')
        .catch((e: unknown) => e);
      assert.ok(err instanceof ResponseValidationError);
      assert.equal(err.code, 'unmappable_record');
    });
  });

  describe('ORUK reader: query mapping and paging', () => {
    const record = load('oruk-validator-mocks/V3.0-UK-Default/service_full.json') as Record<string, unknown>;

    it('maps a ServiceQuery to ORUK 3.0 parameters', async () => {
      const f = await feed({ list: load('oruk-validator-mocks/V3.0-UK-Default/service_list.json') });
      try {
        await createOrukReader(f.url).search({
          q: 'counselling',
          taxonomy: 't1',
          age: 14,
          day: 'MO',
          time: '10:00',
          postcode: 'BS1 5TR',
          proximity: 1000,
          page: 2,
          perPage: 5,
          lat: 51.4,
          lng: -2.6,
        });
        const p = f.seen[0]!.searchParams;
        assert.equal(p.get('search'), 'counselling');
        assert.equal(p.get('taxonomy_term_id'), 't1');
        assert.equal(p.get('minimum_age'), '14');
        assert.equal(p.get('maximum_age'), '14');
        assert.equal(p.get('day'), 'MO');
        assert.equal(p.get('start_time'), '10:00');
        assert.equal(p.get('postcode'), 'BS1 5TR');
        assert.equal(p.get('proximity'), '1000');
        assert.equal(p.get('page'), '2');
        assert.equal(p.get('per_page'), '5');
        assert.equal(p.has('lat'), false, 'lat/lng are not ORUK parameters');
      } finally {
        await f.close();
      }
    });

    it('leaves out the filters a feed reads differently when told to, and still applies them itself', async () => {
      const f = await feed({ list: load('oruk-validator-mocks/V3.0-UK-Default/service_list.json') });
      try {
        const reader = createOrukReader(f.url, { sendFilters: ['search', 'taxonomy'] });
        // The mock service is for ages 12 to 100.
        assert.equal((await reader.search({ q: 'counselling', age: 30 })).data.length, 1);
        assert.equal((await reader.search({ age: 8 })).data.length, 0);
        await reader.search({ time: '10:00' });
        assert.equal(f.seen[2]!.searchParams.has('start_time'), false);
        const p = f.seen[0]!.searchParams;
        assert.equal(p.get('search'), 'counselling');
        assert.equal(p.has('minimum_age'), false);
        assert.equal(p.has('maximum_age'), false);
      } finally {
        await f.close();
      }
    });

    it('applies filters the feed cannot express to each page (free, language)', async () => {
      // The HSDS 3.0 full example, which (unlike the ORUK mocks) names its language: Urdu.
      const list = {
        ...(load('oruk-validator-mocks/V3.0-UK-Default/service_list.json') as object),
        contents: [load('hsds-3.0/examples/service_full.json')],
      };
      const f = await feed({ list });
      try {
        const reader = createOrukReader(f.url);
        const all = await reader.search({});
        assert.equal(all.data.length, 1);
        assert.equal(all.data[0]!.languages[0]?.name, 'Urdu');
        assert.equal((await reader.search({ language: 'ur' })).data.length, 1);
        assert.equal((await reader.search({ language: 'Urdu', free: false, age: 30 })).data.length, 1);
        assert.equal((await reader.search({ language: 'Klingon' })).data.length, 0);
        assert.equal((await reader.search({ free: !all.data[0]!.free })).data.length, 0);
      } finally {
        await f.close();
      }
    });

    it('reads every page of a multi-page feed with all()', async () => {
      const pages = [1, 2, 3].map((n) => ({
        total_items: 6,
        total_pages: 3,
        page_number: n,
        size: 2,
        first_page: n === 1,
        last_page: n === 3,
        empty: false,
        contents: [0, 1].map((i) => ({ ...record, id: `svc-${n}-${i}`, name: `Service ${n}.${i}` })),
      }));
      const seen: string[] = [];
      const server = createServer((req, res) => {
        const url = new URL(req.url ?? '/', 'http://feed');
        seen.push(url.searchParams.get('page') ?? '');
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(pages[Number(url.searchParams.get('page') ?? 1) - 1]));
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      try {
        const reader = createOrukReader(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
        const names: string[] = [];
        for await (const s of reader.all({ perPage: 2 })) names.push(s.name);
        assert.deepEqual(names, [
          'Service 1.0',
          'Service 1.1',
          'Service 2.0',
          'Service 2.1',
          'Service 3.0',
          'Service 3.1',
        ]);
        assert.deepEqual(seen, ['1', '2', '3']);
      } finally {
        await new Promise<void>((r) => server.close(() => r()));
      }
    });

    it('reads an ORUK 1.0 page (content, totalElements, number) and sends text for search', async () => {
      // Field names from oruk-1.0-schemas/service_list.json and empty_page.json.
      const v1 = {
        content: [
          {
            id: '11240340-7ffe-4303-aa36-be8104acdf7e',
            name: 'Extra Care - Redwood Glades',
            status: 'active',
            description: 'Housing with care.',
            url: 'https://example.org/redwood',
            fees: 'No charge',
            organization: { id: 'a8b5a1b2-0000-4000-8000-000000000001', name: 'Example Council' },
            regular_schedules: [{ weekday: 'Monday', opens_at: '09:00:00', closes_at: '17:00:00' }],
            service_taxonomys: [{ taxonomy: { id: 'housing', name: 'Housing', vocabulary: 'esdServiceTypes' } }],
            eligibilitys: [{ minimum_age: 55, maximum_age: 120 }],
          },
          { id: 'no-name-record' },
        ],
        totalElements: 2,
        totalPages: 1,
        number: 0,
        size: 2,
        first: true,
        last: true,
        empty: false,
      };
      const f = await feed({ list: v1 });
      try {
        const result = await createOrukReader(f.url, { version: '1.0' }).search({ q: 'Extra Care', age: 70 });
        assert.equal(f.seen[0]!.searchParams.get('text'), 'Extra Care');
        assert.equal(f.seen[0]!.searchParams.has('search'), false);
        assert.equal(result.data.length, 1);
        const s = result.data[0]!;
        assert.equal(s.minimumAge, 55);
        assert.deepEqual(s.schedules[0]?.byDay, ['MO']);
        assert.equal(s.schedules[0]?.opensAt, '09:00');
        assert.equal(s.taxonomyTerms[0]?.taxonomy, 'esdServiceTypes');
        assert.equal(result.page, 1);
        assert.equal(result.totalItems, 2);
        assert.equal(result.problems[0]?.recordId, 'no-name-record');
      } finally {
        await f.close();
      }
    });

    it('refuses a response that is not an ORUK page, saying so', async () => {
      const f = await feed({ list: { services: [] } });
      try {
        const err = await createOrukReader(f.url)
          .search()
          .catch((e: unknown) => e);
        assert.ok(err instanceof ResponseValidationError);
        assert.equal(err.code, 'not_oruk');
      } finally {
        await f.close();
      }
    });
  });
}
