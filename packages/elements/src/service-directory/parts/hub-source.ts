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

/*
 * The hub's source, in a chunk of its own: a page with a `services` array never downloads it, and neither does a
 * page reading an ORUK feed (`src`).
 */

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
    taxonomies: async (opts) => ({ terms: await api.taxonomies(opts) }),
  };
}
