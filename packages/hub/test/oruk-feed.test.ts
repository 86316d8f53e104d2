/**
 * The ORUK feed's behaviour against the ORUK 3.0 API description (the uk-profile's openapi.json, CC BY-SA 4.0:
 * "Human Services Data Specification UK: an Open Referral UK resource", https://openreferraluk.org/): how its
 * lists page, what its filters mean, which query parameters it takes, and the URLs it gives out.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as z from 'zod/mini';
import { ProblemSchema, type Service } from '@c2c/schema';
import type { Hub } from '../src/index.js';
import { createHub } from '../src/index.js';
import { OrukIndexSchema, OrukPageSchema, OrukRecordSchema } from '../src/api-schemas.js';
import { captureLogger, closeHub, seededHub, targets } from './helpers.js';

/** A page of the ORUK feed whose items are read as `item` says. */
const orukPage = <T extends z.ZodMiniType>(item: T) => z.extend(OrukPageSchema, { contents: z.array(item) });
/** Pages of records read by their id only (services, services at locations, terms, taxonomies). */
const IdPage = orukPage(OrukRecordSchema);
/** Pages of services read by their services at locations' ids. */
const ServicePage = orukPage(
  z.looseObject({ id: z.string(), service_at_locations: z.array(z.looseObject({ id: z.string() })) }),
);
/** The part of the ORUK validator's API description that says which requests it makes. */
const Parameter = z.looseObject({
  name: z.string(),
  schema: z.optional(z.looseObject({ type: z.optional(z.string()) })),
});
type Parameter = z.infer<typeof Parameter>;
/** A parameter described once, under components, and referred to. */
const Reference = z.looseObject({ $ref: z.string() });
const ApiDescription = z.looseObject({
  paths: z.record(
    z.string(),
    z.looseObject({
      get: z.looseObject({
        parameters: z.optional(z.array(z.union([Parameter, Reference]))),
      }),
    }),
  ),
  components: z.looseObject({ parameters: z.record(z.string(), Parameter) }),
});

const ORUK = process.env.ORUK_FIXTURES ?? fileURLToPath(new URL('../../../../shared/oruk/', import.meta.url));
const NO_ORUK = existsSync(ORUK) ? false : `the official ORUK API descriptions are not at ${ORUK} (set ORUK_FIXTURES)`;

for (const makeTarget of targets()) {
  const target = makeTarget();
  describe(`the ORUK feed, on ${target.name}`, () => {
    let hub: Hub;
    let base: Service;
    before(async () => {
      hub = await seededHub(await target.create(), captureLogger('info').logger);
      base = (await hub.store.searchServices({ query: {}, position: null, limit: 1 })).items[0]!.service;
    });
    after(() => closeHub(hub, target));

    const call = async (path: string, headers: Record<string, string> = {}) => {
      const res = await hub.app.request(path, { headers });
      return { status: res.status, json: (await res.json()) as unknown };
    };
    /** A synthetic service like the seeded ones, with its own id, name and venues. */
    const service = (id: string, name: string, more: Partial<Service> = {}): Service => ({
      ...base,
      id,
      name,
      locations: [{ id: `${id}-venue`, name: `${name} venue`, accessibility: [] }],
      ...more,
    });
    const venues = (id: string, n: number) =>
      Array.from({ length: n }, (_, i) => ({ id: `${id}-venue-${i}`, name: `Venue ${i}`, accessibility: [] }));

    it('pages service_at_locations by services at locations, not by services', async () => {
      await hub.store.putServices([
        service('quokka-three', 'Quokka Three Venues', { locations: venues('quokka-three', 3) }),
        service('quokka-none', 'Quokka No Venue', { locations: [] }),
        service('quokka-one', 'Quokka One Venue'),
      ]);
      const seen: string[] = [];
      for (let page = 1; page <= 3; page++) {
        const r = IdPage.parse((await call(`/oruk/service_at_locations?search=quokka&per_page=2&page=${page}`)).json);
        assert.equal(r.total_items, 4, 'four venues among three services');
        assert.equal(r.total_pages, 2);
        assert.equal(r.size, page <= 2 ? 2 : 0, `page ${page}`);
        assert.equal(r.last_page, page >= 2);
        seen.push(...r.contents.map((s) => s.id));
      }
      assert.deepEqual(seen.sort(), [
        'quokka-one:quokka-one-venue',
        'quokka-three:quokka-three-venue-0',
        'quokka-three:quokka-three-venue-1',
        'quokka-three:quokka-three-venue-2',
      ]);
      // And over the whole directory: one item per venue, none twice, none left out.
      const services = ServicePage.parse((await call('/oruk/services?per_page=200')).json).contents;
      const expected = services.flatMap((s) => s.service_at_locations.map((sal) => sal.id));
      const all: string[] = [];
      for (let page = 1; ; page++) {
        const r = IdPage.parse((await call(`/oruk/service_at_locations?per_page=7&page=${page}`)).json);
        assert.equal(r.total_items, expected.length);
        assert.equal(r.total_pages, Math.ceil(expected.length / 7));
        assert.ok(r.size <= 7);
        all.push(...r.contents.map((s) => s.id));
        if (r.last_page) break;
      }
      assert.deepEqual(all, expected);
    });

    it('reads minimum_age and maximum_age as the ages asked about: services whose range overlaps them', async () => {
      await hub.store.putServices([
        service('wombat-5-11', 'Wombat Five to Eleven', { minimumAge: 5, maximumAge: 11 }),
        service('wombat-0-18', 'Wombat Nought to Eighteen', { minimumAge: 0, maximumAge: 18 }),
        service('wombat-to-4', 'Wombat Up to Four', { maximumAge: 4 }),
        service('wombat-12-up', 'Wombat Twelve Up', { minimumAge: 12 }),
        service('wombat-any', 'Wombat Any Age'),
      ]);
      const ids = async (query: string) =>
        IdPage.parse((await call(`/oruk/services?per_page=200&${query}`)).json)
          .contents.map((s) => s.id)
          .sort();
      // The SDK's ORUK reader sends a child's age as both bounds: the services open to a child of 7.
      assert.deepEqual(await ids('search=wombat&minimum_age=7&maximum_age=7'), [
        'wombat-0-18',
        'wombat-5-11',
        'wombat-any',
      ]);
      assert.deepEqual(await ids('search=wombat&minimum_age=12'), ['wombat-0-18', 'wombat-12-up', 'wombat-any']);
      assert.deepEqual(await ids('search=wombat&maximum_age=4'), ['wombat-0-18', 'wombat-any', 'wombat-to-4']);
      // The ORUK validator's age test asks for a service's own ages and expects it back; so does this reading.
      assert.ok((await ids('search=wombat&minimum_age=5&maximum_age=11')).includes('wombat-5-11'));
    });

    it('gives openapi_url the scheme the hub’s own proxy was asked on, only when told to trust it', async () => {
      const proxied = { 'x-forwarded-proto': 'https' };
      const url = async (h: Hub, headers: Record<string, string> = {}) =>
        OrukIndexSchema.parse(await (await h.app.request('http://hub.example.org/oruk', { headers })).json())
          .openapi_url;
      // Not trusted (the default): anyone could send the header, so it is not read.
      assert.equal(await url(hub, proxied), 'http://hub.example.org/v1/openapi.json');
      const behindProxy = await createHub({
        store: hub.store,
        trustProxy: true,
        rateLimitPerMinute: 0,
        retention: { mode: 'off' },
        logger: captureLogger('info').logger,
      });
      try {
        assert.equal(await url(behindProxy, proxied), 'https://hub.example.org/v1/openapi.json');
        assert.equal(await url(behindProxy), 'http://hub.example.org/v1/openapi.json');
        // The last value is the one the hub's own proxy set; anything else is left alone.
        assert.equal(
          await url(behindProxy, { 'x-forwarded-proto': 'http, https' }),
          'https://hub.example.org/v1/openapi.json',
        );
        assert.equal(
          await url(behindProxy, { 'x-forwarded-proto': 'javascript' }),
          'http://hub.example.org/v1/openapi.json',
        );
      } finally {
        await behindProxy.close();
      }
    });

    it(
      'answers every request the ORUK validator makes, with each parameter its API description gives',
      { skip: NO_ORUK },
      async () => {
        const api = ApiDescription.parse(
          JSON.parse(readFileSync(`${ORUK}/oruk-3.0-validator-schemas/open_api.json`, 'utf8')),
        );
        const Addressed = z.looseObject({
          location: z.looseObject({ addresses: z.array(z.looseObject({ postal_code: z.optional(z.string()) })) }),
        });
        const postcode = orukPage(z.looseObject({ service_at_locations: z.array(Addressed) }))
          .parse((await call('/oruk/services?per_page=200')).json)
          .contents.flatMap((s) => s.service_at_locations)
          .map((sal) => sal.location.addresses[0]?.postal_code)
          .find(Boolean);
        assert.ok(postcode, 'a venue in the directory has a postcode');
        const sample: Record<string, string> = {
          format: 'json',
          modified_after: '2020-01-01T00:00:00Z',
          postcode,
          proximity: '1000',
          taxonomy_term_id: 'send',
          taxonomy_id: 'c2c-categories',
          parent_id: 'send',
        };
        const value = (p: Parameter) =>
          sample[p.name] ?? (p.schema?.type === 'integer' ? '1' : p.schema?.type === 'boolean' ? 'true' : 'club');
        let asked = 0;
        for (const [template, item] of Object.entries(api.paths)) {
          // The hub publishes no organisations (the validator's Optional endpoints).
          if (template.startsWith('/organizations')) continue;
          const path =
            `/oruk${template.replace('{id}', template.startsWith('/services') ? 'svc-00018' : template.startsWith('/service_at') ? 'svc-00018:loc-18' : template.startsWith('/taxonomies') ? 'c2c-categories' : 'send')}`.replace(
              /\/$/,
              '',
            );
          const params = (item.get.parameters ?? []).map((p) => {
            const given = Parameter.safeParse(p);
            if (given.success) return given.data;
            const { $ref } = Reference.parse(p);
            const named = api.components.parameters[$ref.split('/').at(-1)!];
            assert.ok(named, `${$ref} is described`);
            return named;
          });
          for (const p of [undefined, ...params]) {
            const query = new URLSearchParams(p ? { [p.name]: value(p) } : {});
            if (p?.name === 'proximity') query.set('postcode', postcode);
            const r = await call(`${path}?${query}`);
            assert.equal(r.status, 200, `GET ${path}?${query}: ${JSON.stringify(r.json).slice(0, 300)}`);
            asked++;
          }
        }
        assert.ok(asked > 30, `${asked} requests`);
      },
    );

    it('ignores query parameters it does not know, and still checks those it does', async () => {
      const ids = async (query: string) => {
        const r = await call(`/oruk/services?${query}`);
        assert.equal(r.status, 200, query);
        return IdPage.parse(r.json).contents.map((s) => s.id);
      };
      // A cache buster, an ORUK 1.0 parameter, a misspelling: the same answer as without them.
      assert.deepEqual(await ids('per_page=5&_=1733580000&coverage=BF1&vocabulary=x'), await ids('per_page=5'));
      for (const path of [
        '/oruk?_=1',
        '/oruk/services/svc-00018?_=1',
        '/oruk/taxonomies?_=1',
        '/oruk/taxonomy_terms/send?_=1',
      ])
        assert.equal((await call(path)).status, 200, path);
      for (const bad of [
        '/oruk/services?per_page=1000',
        '/oruk/services?format=ndjson',
        '/oruk/services?full=yes',
        '/oruk/services?modified_after=yesterday',
        '/oruk/services?modified_after=2026-03-01T09:00',
        '/oruk/services?minimum_age=old',
        '/oruk/service_at_locations?page=0',
        '/oruk/taxonomy_terms?top_only=1',
        '/oruk/services/svc-00018?format=xml',
      ]) {
        const r = await call(bad);
        assert.equal(r.status, 400, bad);
        assert.equal(ProblemSchema.parse(r.json).code, 'validation_failed', bad);
      }
    });

    it('honours the ORUK 3.0 filters it accepts: organization_id, modified_after, and the term filters', async () => {
      await hub.store.putServices([
        service('koala-old', 'Koala Old', {
          lastModified: '2025-01-01T00:00:00Z',
          organisation: { id: 'org-koala', name: 'Koala Trust' },
        }),
        service('koala-new', 'Koala New', {
          lastModified: '2026-06-01T00:00:00Z',
          organisation: { id: 'org-koala', name: 'Koala Trust' },
        }),
        service('koala-undated', 'Koala Undated', { lastModified: undefined, organisation: undefined }),
      ]);
      const ids = async (query: string) =>
        IdPage.parse((await call(`/oruk/services?per_page=200&${query}`)).json)
          .contents.map((s) => s.id)
          .sort();
      assert.deepEqual(await ids('organization_id=org-koala'), ['koala-new', 'koala-old']);
      // Undated services may have changed at any time, so an incremental reader gets them too.
      assert.deepEqual(await ids('search=koala&modified_after=2026-01-01'), ['koala-new', 'koala-undated']);
      assert.deepEqual(await ids('search=koala&modified_after=2026-06-01T01:00:00%2B01:00'), [
        'koala-new',
        'koala-undated',
      ]);
      const sals = IdPage.parse((await call('/oruk/service_at_locations?organization_id=org-koala')).json);
      assert.equal(sals.total_items, 2);
      const terms = async (query: string) =>
        IdPage.parse((await call(`/oruk/taxonomy_terms?per_page=200&${query}`)).json).contents.map((t) => t.id);
      assert.deepEqual(await terms('search=SEND'), ['send']);
      assert.deepEqual(await terms('taxonomy_id=nothing'), []);
      assert.equal((await terms('taxonomy_id=c2c-categories')).length, (await terms('')).length);
      assert.deepEqual(await terms('top_only=true'), await terms(''), 'no seeded term has a parent');
      assert.deepEqual(await terms('parent_id=send'), []);
      assert.deepEqual(IdPage.parse((await call('/oruk/taxonomies?search=nothing')).json).contents.length, 0);
      assert.deepEqual(
        IdPage.parse((await call('/oruk/taxonomies?search=categories')).json).contents.map((t) => t.id),
        ['c2c-categories'],
      );
    });

    // Last: it makes the directory too big for one page of 200.
    it('pages services at locations the same past the first 2,000 services, where the hub walks on', async () => {
      const many = Array.from({ length: 2100 }, (_, i) =>
        service(`bulk-${String(i).padStart(4, '0')}`, `Bulk ${i}`, { locations: venues(`bulk-${i}`, i % 3) }),
      );
      await hub.store.putServices(many);
      const expected: string[] = [];
      for (let page = 1; ; page++) {
        const r = ServicePage.parse((await call(`/oruk/services?per_page=200&page=${page}`)).json);
        expected.push(...r.contents.flatMap((s) => s.service_at_locations.map((sal) => sal.id)));
        if (r.last_page) break;
      }
      assert.ok(expected.length > 2100);
      const all: string[] = [];
      for (let page = 1; ; page++) {
        const r = IdPage.parse((await call(`/oruk/service_at_locations?per_page=200&page=${page}`)).json);
        assert.equal(r.total_items, expected.length);
        all.push(...r.contents.map((s) => s.id));
        if (r.last_page) break;
      }
      assert.deepEqual(all, expected);
    });
  });
}
