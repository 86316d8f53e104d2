import type { RemoteSource } from './sources.js';

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
