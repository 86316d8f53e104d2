import type { RemoteSource, ResultPage } from './sources.js';

/*
 * What every remote source needs, fetched beside the source itself (`hub-source.ts` for a client, `oruk-source.ts`,
 * with the SDK's ORUK reader, for `src`), so that a page with a `services` array never downloads any of them.
 */
export { ResultsCache } from './results-cache.js';

/**
 * Stands in for the ORUK source when its chunk (with the SDK's reader) did not arrive: every call fails with that
 * error, so the directory shows its error, the saved results for the search if it has them, and Try again, as when
 * the feed itself fails.
 */
export function unavailableSource(error: unknown): RemoteSource {
  const fail = () => Promise.reject(error);
  return { kind: 'oruk', search: fail, more: fail, get: fail, taxonomies: fail };
}

/** Further pages a search or "Show more" fetches on its own while each adds nothing yet says more follow. */
export const MAX_EMPTY_PAGES = 5;

/**
 * `source`, fetching the next page by itself while a page adds no service not already shown yet says more follow
 * (a feed's page emptied by a filter only the reader applies, such as free only or distance). Without this a
 * family saw "0 services shown. More are available." and nothing to press. A feed that keeps sending such pages
 * fails after {@link MAX_EMPTY_PAGES} more, so the directory shows its error and Try again, not loading for ever.
 */
export function skippingEmptyPages(source: RemoteSource): RemoteSource {
  let shown = new Set<string>();
  const useful = async (first: Promise<ResultPage>, signal?: AbortSignal): Promise<ResultPage> => {
    // This search's services: one that a newer search replaced must not add to the newer one's.
    const seen = shown;
    let page = await first;
    for (let n = 0; page.hasMore && page.items.every((s) => seen.has(s.id)); n++) {
      if (n === MAX_EMPTY_PAGES) throw new Error(`The feed sent ${n + 1} pages in a row with no new services.`);
      const next = await source.more({ signal });
      page = { ...next, unreadable: page.unreadable + next.unreadable };
    }
    for (const s of page.items) seen.add(s.id);
    return page;
  };
  return {
    kind: source.kind,
    get: (id, opts) => source.get(id, opts),
    taxonomies: (opts) => source.taxonomies(opts),
    search(query, opts) {
      shown = new Set();
      return useful(source.search(query, opts), opts.signal);
    },
    more: (opts) => useful(source.more(opts), opts.signal),
  };
}
