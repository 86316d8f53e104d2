import type { OrukReader } from '@c2c/sdk/oruk';
import type { ServiceQuery } from '@c2c/schema';
import { coerceService } from './shortlist-store.js';
import {
  withDistance,
  type DirectoryClient,
  type DirectoryServicesApi,
  type RemoteSource,
  type ResultPage,
  type ServiceHit,
} from './sources.js';

/**
 * The remote sources, in their own module so that a page with a `services` array never downloads them (and a
 * page with `src` downloads the SDK's ORUK reader only through `orukSource`).
 */
export { ResultsCache } from './results-cache.js';

type Opts = { signal?: AbortSignal };

/** The hub (or any server speaking its API) through an SDK client. Filters and paging happen on the server. */
export function hubSource(client: DirectoryClient, pageSize: number): RemoteSource {
  const api: DirectoryServicesApi = 'services' in client ? client.services : client;
  let last: ServiceQuery = {};
  let cursor: string | null = null;
  const page = async (query: ServiceQuery, opts: Opts): Promise<ResultPage> => {
    const res = await api.search(query, opts);
    cursor = res.nextCursor;
    const items = res.data.map((s) => coerceService(s) as ServiceHit | undefined).filter((s): s is ServiceHit => !!s);
    // Without the hub's count, only a first page that is also the last knows the total: it is that page.
    const total = res.total ?? (cursor || query.cursor ? undefined : items.length);
    return { items: withDistance(items, query), total, hasMore: !!cursor, unreadable: res.data.length - items.length };
  };
  return {
    kind: 'hub',
    search(query, opts) {
      last = { ...query, limit: pageSize };
      return page(last, opts);
    },
    more(opts) {
      if (!cursor) return Promise.resolve({ items: [], total: undefined, hasMore: false, unreadable: 0 });
      return page({ ...last, cursor }, opts);
    },
    get: (id, opts) => api.get(id, opts),
    taxonomies: (opts) => api.taxonomies(opts),
  };
}

/**
 * Any Open Referral UK feed through the SDK's reader, loaded on first use so pages that pass a `services`
 * array never download it. The feed searches; the reader also applies every filter the feed lacks.
 */
export function orukSource(src: string, pageSize: number, fetchImpl?: typeof fetch): RemoteSource {
  let reader: Promise<OrukReader> | undefined;
  const getReader = () =>
    (reader ??= import('@c2c/sdk/oruk').then(({ createOrukReader }) =>
      createOrukReader(src, fetchImpl ? { fetch: fetchImpl } : {}),
    ));
  let last: ServiceQuery = {};
  let pageNo = 1;
  let more = false;
  const page = async (query: ServiceQuery, n: number, opts: Opts): Promise<ResultPage> => {
    const r = await getReader();
    const { lat, lng, radiusKm, cursor, limit, ...rest } = query;
    void cursor;
    void limit;
    const res = await r.search({ ...rest, page: n, perPage: pageSize }, opts);
    pageNo = n;
    // The reader's own judgement: a 1.0 feed's page numbers (from 0 or 1) are no guide to whether more follow.
    more = res.hasMore;
    // The feed cannot filter by a coordinate radius; the reader has already applied the other filters.
    let items: ServiceHit[] = withDistance(res.data, query);
    if (lat !== undefined && lng !== undefined && radiusKm !== undefined)
      items = items.filter((s) => s.distanceKm !== undefined && s.distanceKm <= radiusKm);
    const hasMore = res.hasMore;
    // The feed counts before the reader's own filtering; when that dropped anything the count is unknown.
    const dropped =
      items.length < res.data.length ||
      res.data.length < Math.min(pageSize, Math.max(0, res.totalItems - (n - 1) * pageSize));
    const total = !hasMore && n === 1 ? items.length : dropped ? undefined : res.totalItems;
    // Records the reader could not map are left out; the directory says how many (what was wrong is in `problems`).
    return { items, total, hasMore, unreadable: res.skipped };
  };
  return {
    kind: 'oruk',
    search(query, opts) {
      last = query;
      return page(query, 1, opts);
    },
    more(opts) {
      if (!more) return Promise.resolve({ items: [], total: undefined, hasMore: false, unreadable: 0 });
      return page(last, pageNo + 1, opts);
    },
    get: async (id, opts) => (await (await getReader()).get(id, opts)).service,
    taxonomies: async (opts) => (await getReader()).taxonomies(opts),
  };
}
