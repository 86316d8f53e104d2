import { createOrukReader, type OrukReader } from '@c2c/sdk/oruk';
import type { ServiceQuery } from '@c2c/schema';
import { withDistance, type RemoteSource, type ResultPage, type ServiceHit, type SourceProblem } from './sources.js';

/*
 * The ORUK feed source, with the SDK's ORUK reader in the same chunk: a page with `src` fetches it (beside the
 * results cache) in one step, and a page with a `services` array or an SDK client never downloads it.
 */

type Opts = { signal?: AbortSignal };

/**
 * Any Open Referral UK feed through the SDK's reader. The feed searches; the reader also applies every filter the
 * feed lacks.
 */
export function orukSource(src: string, pageSize: number, fetchImpl?: typeof fetch): RemoteSource {
  let reader: OrukReader | undefined;
  // Made on first use, in an async function, so a feed address the reader refuses is a failed search (the
  // directory's error and Try again), never an exception in the code that connects the source.
  const getReader = async () => (reader ??= createOrukReader(src, fetchImpl ? { fetch: fetchImpl } : {}));
  let last: ServiceQuery = {};
  let pageNo = 1;
  let more = false;
  // The ids of the last page read, to notice a feed that ignores `page` and answers the first page again.
  let lastIds = '';
  const page = async (query: ServiceQuery, n: number, opts: Opts): Promise<ResultPage> => {
    const r = await getReader();
    const { lat, lng, radiusKm, cursor, limit, ...rest } = query;
    void cursor;
    void limit;
    const res = await r.search({ ...rest, page: n, perPage: pageSize }, opts);
    pageNo = n;
    const ids = res.data.map((s) => s.id).join('\u0000');
    // "Show more" on such a feed would list the same services again, as often as the feed says more follow: the
    // list ends there instead (as the SDK's `all()` does, which throws repeated_page). Unless that page held the
    // feed's whole list, the services after it were never sent, so the count must not call those shown all of them.
    if (n > 1 && ids && ids === lastIds) {
      more = false;
      // A whole list thinned by the reader's own filters counts as short too: the count then says only that there
      // may be others, which stays true.
      const cutShort = res.data.length + res.skipped < res.totalItems;
      const problem: SourceProblem | undefined = cutShort ? { code: 'repeated_page', list: '/services' } : undefined;
      return { items: [], total: undefined, hasMore: false, unreadable: 0, cutShort, problem };
    }
    lastIds = ids;
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
    // A feed that gives no count has the reader count this page alone: a number below the records already passed,
    // or no more than them while more follow, is that page's size, not the list's.
    const passed = (n - 1) * pageSize + res.data.length + res.skipped;
    const counted = res.totalItems > passed || (!hasMore && res.totalItems === passed);
    const total = !hasMore && n === 1 ? items.length : dropped || !counted ? undefined : res.totalItems;
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
    async taxonomies(opts) {
      let problem: SourceProblem | undefined;
      const list = (path: string): SourceProblem['list'] => (path === '/taxonomies' ? path : '/taxonomy_terms');
      const reader = await getReader();
      const terms = await reader.taxonomies({
        ...opts,
        // The official ORUK example feeds answer every page of their terms with the first: a filter offering the
        // terms read (and the directory adds those of the services it loads) serves a family better than none.
        onRepeatedPage: (r) => void (problem = { code: 'repeated_page', list: list(r.path) }),
        // Past the reader's page limit the list is as partial, and was returned as if whole.
        onPageLimit: (l) => void (problem = { code: 'page_limit', list: list(l.path) }),
      });
      return { terms, partial: !!problem, problem };
    },
  };
}
