import type { ServiceHit } from './sources.js';
import { coerceService } from './shortlist-store.js';

/** A copy of the last good results for a search, shown (marked as out of date) when the source fails. */
export interface CachedResults {
  savedAt: string;
  items: ServiceHit[];
  total: number | undefined;
}

const MAX_SEARCHES = 5;
const MAX_ITEMS = 100;

/**
 * Keeps the last good results of the last few searches against one source in web storage, so that a family
 * on a patchy connection still sees something. Each entry is keyed by its search, so the directory gives
 * searches with words typed (which can say a lot about a family, or be a child's name) a cache in
 * sessionStorage, gone when the tab closes, and keeps only searches by filters in localStorage. The directory
 * caches no search that holds a location: neither the family's coordinates nor a postcode typed into the search.
 */
export class ResultsCache {
  private readonly key: string;

  constructor(
    source: string,
    private readonly storage: () => Storage = () => localStorage,
  ) {
    this.key = `c2c:service-directory:cache:v1:${source}`;
  }

  private readAll(): Array<{ query: string } & CachedResults> {
    try {
      const parsed: unknown = JSON.parse(this.storage().getItem(this.key) ?? '[]');
      return Array.isArray(parsed)
        ? parsed.filter(
            (e) => e && typeof e.query === 'string' && typeof e.savedAt === 'string' && Array.isArray(e.items),
          )
        : [];
    } catch {
      return [];
    }
  }

  get(query: string): CachedResults | undefined {
    const hit = this.readAll().find((e) => e.query === query);
    if (!hit) return undefined;
    const items = hit.items.map((s) => coerceService(s) as ServiceHit | undefined).filter((s): s is ServiceHit => !!s);
    return { savedAt: hit.savedAt, items, total: typeof hit.total === 'number' ? hit.total : undefined };
  }

  set(query: string, entry: Omit<CachedResults, 'savedAt'>, now = new Date()): void {
    const rest = this.readAll().filter((e) => e.query !== query);
    const next = [
      { query, savedAt: now.toISOString(), items: entry.items.slice(0, MAX_ITEMS), total: entry.total },
      ...rest,
    ].slice(0, MAX_SEARCHES);
    try {
      this.storage().setItem(this.key, JSON.stringify(next));
    } catch {
      // Storage full or blocked: the cache is a nicety, the directory works without it.
    }
  }
}
