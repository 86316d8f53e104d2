import { DAYS, toOruk, todayIso, type Day, type Service, type TaxonomyTerm } from '@c2c/schema';
import {
  HealthSchema,
  OrukIndexSchema,
  OrukItemQuerySchema,
  OrukPageSchema,
  OrukPagingQuerySchema,
  OrukRecordSchema,
  OrukServiceQuerySchema,
  OrukTermQuerySchema,
  ServiceAtLocationIdParams,
  ServiceIdParams,
} from '../api-schemas.js';
import { HttpProblem, notFound } from '../problem.js';
import { defineRoute, type AnyRoute } from '../registry.js';
import type { SearchPosition, ServiceSearch, Store } from '../store.js';
import type * as z from 'zod/mini';

const DEFAULT_PER_PAGE = 50;
const PUBLIC_CACHE = { 'cache-control': 'public, max-age=60' };
/** A search by postcode says where a family is: for them alone, kept by no shared cache (as `/v1/services` near a point). */
const PRIVATE_SEARCH = { 'cache-control': 'private, no-store' };
const WEEKDAYS: Record<string, Day> = {
  monday: 'MO',
  tuesday: 'TU',
  wednesday: 'WE',
  thursday: 'TH',
  friday: 'FR',
  saturday: 'SA',
  sunday: 'SU',
};

/** An HSDS-UK 3.0 page. */
function orukPage(contents: unknown[], total: number, page: number, perPage: number) {
  const totalPages = Math.max(1, Math.ceil(total / perPage));
  return {
    total_items: total,
    total_pages: totalPages,
    page_number: page,
    size: contents.length,
    first_page: page === 1,
    last_page: page >= totalPages,
    empty: contents.length === 0,
    contents,
  };
}

function pageSlice<T>(items: T[], page: number, perPage: number) {
  return orukPage(items.slice((page - 1) * perPage, page * perPage), items.length, page, perPage);
}

/** A 200 with the asked-for ORUK page of a short list held whole (taxonomies, terms), cacheable by anyone. */
function publicPage<T>(items: T[], query: { page?: number | undefined; per_page?: number | undefined }) {
  return {
    status: 200 as const,
    body: pageSlice(items, query.page ?? 1, query.per_page ?? DEFAULT_PER_PAGE),
    headers: PUBLIC_CACHE,
  };
}

const normPostcode = (p: string) => p.replace(/\s+/g, '').toUpperCase();

/** Maps ORUK's query parameters onto the hub's service search. */
function orukSearch(
  query: z.output<typeof OrukServiceQuerySchema>,
  page: number,
  perPage: number,
  near?: { lat: number; lng: number },
): ServiceSearch {
  let day: Day | undefined;
  if (query.day) {
    const d = query.day.trim();
    day = (DAYS as readonly string[]).includes(d.toUpperCase()) ? (d.toUpperCase() as Day) : WEEKDAYS[d.toLowerCase()];
    if (!day)
      throw new HttpProblem('validation_failed', 'day must be a day of the week, like monday or MO.', {
        status: 400,
        errors: [{ path: 'day', code: 'invalid_value', message: 'Use a day of the week, like monday or MO.' }],
      });
  }
  const extras: Array<(s: Service) => boolean> = [];
  if (query.taxonomy_id) {
    const wanted = query.taxonomy_id.toLowerCase();
    extras.push((s) => s.taxonomyTerms.some((t) => (t.taxonomy ?? '').toLowerCase() === wanted));
  }
  if (query.end_time) {
    const end = query.end_time.slice(0, 5);
    extras.push((s) => s.schedules.some((sc) => !sc.closesAt || sc.closesAt >= end));
  }
  if (query.organization_id) {
    const wanted = query.organization_id;
    extras.push((s) => s.organisation?.id === wanted);
  }
  if (query.modified_after) {
    const since = Date.parse(query.modified_after);
    // A service whose feed gave no (readable) modification time may have changed at any time: an incremental
    // reader that asks what changed since its last visit must not miss it.
    extras.push((s) => {
      const at = s.lastModified ? Date.parse(s.lastModified) : NaN;
      return Number.isNaN(at) || at >= since;
    });
  }
  // With a proximity, the postcode is the centre of a circle; without one, venues in that postcode (or district).
  if (query.postcode && !near) {
    const wanted = normPostcode(query.postcode);
    extras.push((s) => s.locations.some((l) => !!l.address && normPostcode(l.address.postcode).startsWith(wanted)));
  }
  return {
    query: {
      ...(query.search || query.text ? { q: query.search || query.text } : {}),
      ...(query.taxonomy_term_id ? { taxonomy: query.taxonomy_term_id } : {}),
      ...(day ? { day } : {}),
      ...(query.start_time ? { time: query.start_time.slice(0, 5) } : {}),
      ...(near && query.proximity ? { lat: near.lat, lng: near.lng, radiusKm: query.proximity / 1000 } : {}),
    },
    ageOverlap: {
      ...(query.minimum_age !== undefined ? { min: query.minimum_age } : {}),
      ...(query.maximum_age !== undefined ? { max: query.maximum_age } : {}),
    },
    ...(extras.length ? { extraFilter: (s: Service) => extras.every((f) => f(s)) } : {}),
    position: null,
    skipMatches: (page - 1) * perPage,
    limit: perPage,
    withTotal: true,
  };
}

function serviceAtLocations(service: Service): Array<Record<string, unknown>> {
  const { service_at_locations: sals, ...rest } = toOruk(service);
  return (sals as Array<Record<string, unknown>>).map((sal) => ({ ...sal, service_id: service.id, service: rest }));
}

/** The parameters that choose which services match: not `format`, `full` or `minimal`, which change no answer. */
function selecting(query: z.output<typeof OrukServiceQuerySchema>) {
  const { format: _format, full: _full, minimal: _minimal, ...rest } = query;
  return rest;
}

/** Text that `search` finds in a vocabulary's or term's name: any case, any accents. */
const finds = (search: string | undefined, name: string) => !search || fold(name).includes(fold(search.trim()));
const fold = (s: string) => s.toLowerCase().normalize('NFKD').replace(/\p{M}/gu, '');

/** How many matching services one step of a service-at-location page's walk reads (each step cached, see below). */
const SAL_BATCH = 2000;

/**
 * One page of services at locations: `per_page` of them, and their total, as ORUK's list of service_at_location
 * records counts them (a service with three venues is three items, one with none is no item). The hub pages
 * services, so it walks the matching services in steps, each a cached search that goes on from where the last
 * ended; a later page, or the same page again, reads the steps from the cache until the directory changes.
 */
async function serviceAtLocationPage(
  store: Store,
  query: z.output<typeof OrukServiceQuerySchema>,
  page: number,
  perPage: number,
  near: { lat: number; lng: number } | undefined,
  today: string,
): Promise<{ contents: Array<Record<string, unknown>>; total: number }> {
  const { page: _page, per_page: _perPage, ...filters } = selecting(query);
  const from = (page - 1) * perPage;
  const contents: Array<Record<string, unknown>> = [];
  let total = 0;
  let position: SearchPosition | null = null;
  // Bounded, so that a search that never ended could not hold a request for ever (1,000 steps: 2 million services).
  for (let step = 0; step < 1000; step++) {
    const result = await store.searchServicesCached(`oruk-sal:${JSON.stringify([filters, near, today, step])}`, {
      ...orukSearch(query, 1, SAL_BATCH, near),
      position,
      withTotal: false,
      today,
    });
    for (const { service } of result.items) {
      const n = service.locations.length;
      if (contents.length < perPage && total + n > from)
        contents.push(...serviceAtLocations(service).slice(Math.max(0, from - total), from + perPage - total));
      total += n;
    }
    if (!result.next) break;
    position = result.next;
  }
  return { contents, total };
}

function vocabularies(terms: TaxonomyTerm[]) {
  const names = [...new Set(terms.map((t) => t.taxonomy).filter((t): t is string => !!t))].sort();
  // ORUK requires a description; the hub holds only a vocabulary's name, so it says what the vocabulary is.
  return names.map((name) => ({ id: name, name, description: `Terms of the ${name} taxonomy.` }));
}
const orukTerm = (t: TaxonomyTerm) => ({
  id: t.id,
  name: t.name,
  // ORUK requires a description; a term has none but its name, which is the best the hub can say of it.
  description: t.name,
  ...(t.taxonomy ? { taxonomy_id: t.taxonomy, vocabulary: t.taxonomy } : {}),
  ...(t.parentId ? { parent_id: t.parentId } : {}),
});

/** Open Referral UK (HSDS-UK 3.0) read endpoints, open to anyone, plus the health checks. */
export function orukRoutes(): AnyRoute[] {
  const services = (kind: 'services' | 'service_at_locations') =>
    defineRoute({
      method: 'get',
      path: `/oruk/${kind}`,
      operationId: kind === 'services' ? 'orukServices' : 'orukServiceAtLocations',
      tag: 'Open Referral UK',
      summary: kind === 'services' ? 'Services, HSDS-UK 3.0' : 'Services at locations, HSDS-UK 3.0',
      auth: 'public',
      query: OrukServiceQuerySchema,
      responses: { 200: { description: 'An ORUK page', schema: OrukPageSchema } },
      async handler(ctx) {
        const page = ctx.query.page ?? 1;
        const perPage = ctx.query.per_page ?? DEFAULT_PER_PAGE;
        const near =
          ctx.query.proximity !== undefined ? await proximityCentre(ctx.hub.store, ctx.query.postcode) : undefined;
        const today = todayIso(ctx.hub.now());
        const headers = ctx.query.postcode ? PRIVATE_SEARCH : PUBLIC_CACHE;
        if (kind === 'service_at_locations') {
          const { contents, total } = await serviceAtLocationPage(ctx.hub.store, ctx.query, page, perPage, near, today);
          return { status: 200, body: orukPage(contents, total, page, perPage), headers };
        }
        const result = await ctx.hub.store.searchServicesCached(
          `oruk:${JSON.stringify([selecting(ctx.query), page, perPage, near, today])}`,
          { ...orukSearch(ctx.query, page, perPage, near), today },
        );
        const contents = result.items.map((r) => toOruk(r.service));
        return { status: 200, body: orukPage(contents, result.total ?? 0, page, perPage), headers };
      },
    });
  return [
    defineRoute({
      method: 'get',
      path: '/healthz',
      operationId: 'healthz',
      tag: 'Meta',
      summary: 'The process is up',
      auth: 'public',
      responses: { 200: { description: 'Up', schema: HealthSchema } },
      async handler() {
        return { status: 200, body: { status: 'ok' } };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/readyz',
      operationId: 'readyz',
      tag: 'Meta',
      summary: 'The hub can reach its database',
      auth: 'public',
      responses: { 200: { description: 'Ready', schema: HealthSchema } },
      async handler(ctx) {
        if (!(await ctx.hub.store.ping())) throw new HttpProblem('unavailable', 'The hub cannot reach its database.');
        return { status: 200, body: { status: 'ok' } };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/oruk',
      operationId: 'orukIndex',
      tag: 'Open Referral UK',
      summary: 'Which ORUK version this feed publishes',
      auth: 'public',
      query: OrukItemQuerySchema,
      responses: { 200: { description: 'Feed information', schema: OrukIndexSchema } },
      async handler(ctx) {
        return {
          status: 200,
          body: {
            version: 'HSDS-UK-3.0',
            profile: 'https://openreferraluk.org/',
            // ORUK's api_details schema wants a full URI here: the ORUK validator fails a relative one.
            openapi_url: publicUrl(
              '/v1/openapi.json',
              ctx.c.req.url,
              ctx.hub.trustProxy ? ctx.c.req.header('x-forwarded-proto') : undefined,
            ),
          },
        };
      },
    }),
    services('services'),
    defineRoute({
      method: 'get',
      path: '/oruk/services/:id',
      operationId: 'orukService',
      tag: 'Open Referral UK',
      summary: 'One service, HSDS-UK 3.0',
      auth: 'public',
      query: OrukItemQuerySchema,
      params: ServiceIdParams,
      responses: { 200: { description: 'The service', schema: OrukRecordSchema } },
      async handler(ctx) {
        const service = await ctx.hub.store.service(ctx.params.id);
        if (!service) throw notFound('service');
        return { status: 200, body: toOruk(service), headers: PUBLIC_CACHE };
      },
    }),
    services('service_at_locations'),
    defineRoute({
      method: 'get',
      path: '/oruk/service_at_locations/:id',
      operationId: 'orukServiceAtLocation',
      tag: 'Open Referral UK',
      summary: 'One service at a location',
      auth: 'public',
      query: OrukItemQuerySchema,
      params: ServiceAtLocationIdParams,
      responses: { 200: { description: 'The service at location', schema: OrukRecordSchema } },
      async handler(ctx) {
        const id = ctx.params.id;
        // Ids are `<service id>:<location id>`; either part may itself hold a colon, so try each split.
        for (let i = id.indexOf(':'); i > 0; i = id.indexOf(':', i + 1)) {
          const service = await ctx.hub.store.service(id.slice(0, i));
          const sal = service ? serviceAtLocations(service).find((s) => s.id === id) : undefined;
          if (sal) return { status: 200, body: sal, headers: PUBLIC_CACHE };
        }
        throw notFound('service at location');
      },
    }),
    defineRoute({
      method: 'get',
      path: '/oruk/taxonomies',
      operationId: 'orukTaxonomies',
      tag: 'Open Referral UK',
      summary: 'Taxonomies (vocabularies) in use',
      auth: 'public',
      query: OrukPagingQuerySchema,
      responses: { 200: { description: 'An ORUK page', schema: OrukPageSchema } },
      async handler(ctx) {
        const all = vocabularies(await ctx.hub.store.taxonomyTerms());
        return publicPage(
          all.filter((v) => finds(ctx.query.search, v.name)),
          ctx.query,
        );
      },
    }),
    defineRoute({
      method: 'get',
      path: '/oruk/taxonomies/:id',
      operationId: 'orukTaxonomy',
      tag: 'Open Referral UK',
      summary: 'One taxonomy',
      auth: 'public',
      query: OrukItemQuerySchema,
      params: ServiceIdParams,
      responses: { 200: { description: 'The taxonomy', schema: OrukRecordSchema } },
      async handler(ctx) {
        const found = vocabularies(await ctx.hub.store.taxonomyTerms()).find((v) => v.id === ctx.params.id);
        if (!found) throw notFound('taxonomy');
        return { status: 200, body: found, headers: PUBLIC_CACHE };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/oruk/taxonomy_terms',
      operationId: 'orukTaxonomyTerms',
      tag: 'Open Referral UK',
      summary: 'Taxonomy terms in use',
      auth: 'public',
      query: OrukTermQuerySchema,
      responses: { 200: { description: 'An ORUK page', schema: OrukPageSchema } },
      async handler(ctx) {
        const q = ctx.query;
        const terms = (await ctx.hub.store.taxonomyTerms()).filter(
          (t) =>
            finds(q.search, t.name) &&
            (!q.taxonomy_id || t.taxonomy === q.taxonomy_id) &&
            (!q.parent_id || t.parentId === q.parent_id) &&
            (!q.top_only || !t.parentId),
        );
        return publicPage(terms.map(orukTerm), q);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/oruk/taxonomy_terms/:id',
      operationId: 'orukTaxonomyTerm',
      tag: 'Open Referral UK',
      summary: 'One taxonomy term',
      auth: 'public',
      query: OrukItemQuerySchema,
      params: ServiceIdParams,
      responses: { 200: { description: 'The term', schema: OrukRecordSchema } },
      async handler(ctx) {
        const found = (await ctx.hub.store.taxonomyTerms()).find((t) => t.id === ctx.params.id);
        if (!found) throw notFound('taxonomy term');
        return { status: 200, body: orukTerm(found), headers: PUBLIC_CACHE };
      },
    }),
  ];
}

/**
 * `path` on the host asked. Behind a TLS-terminating proxy the hub is asked over plain HTTP, so with `TRUST_PROXY`
 * the scheme is the last `X-Forwarded-Proto` (the one the hub's own proxy set); without it, the header could be
 * anyone's and is not read.
 */
function publicUrl(path: string, requestUrl: string, forwardedProto: string | undefined): string {
  const url = new URL(path, requestUrl);
  const proto = forwardedProto?.split(',').at(-1)?.trim().toLowerCase();
  if (proto === 'https' || proto === 'http') url.protocol = `${proto}:`;
  return url.href;
}

/** The centre ORUK's `proximity` (metres) is measured from: the given postcode, placed from the directory's venues. */
async function proximityCentre(store: Store, postcode: string | undefined): Promise<{ lat: number; lng: number }> {
  if (!postcode)
    throw new HttpProblem('validation_failed', 'proximity needs a postcode to measure from.', {
      status: 400,
      errors: [{ path: 'postcode', code: 'required', message: 'Give the postcode that proximity is measured from.' }],
    });
  const point = await store.postcodePoint(postcode);
  if (!point)
    throw new HttpProblem(
      'validation_failed',
      'This hub cannot place that postcode: no service in its directory is in that postcode or district. Leave proximity out to find services in the postcode instead.',
      { errors: [{ path: 'postcode', code: 'unknown_postcode', message: 'Use a postcode in the directory’s area.' }] },
    );
  return { lat: point.lat, lng: point.lng };
}
