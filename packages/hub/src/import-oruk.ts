import { readFile } from 'node:fs/promises';
import { fromOruk, readOrukPage, type OrukPage, type Service } from '@c2c/schema';
import type { Store } from './store.js';

/** What an ORUK import did. */
export interface ImportSummary {
  /** Services stored (new or replaced). */
  imported: number;
  /** Records that could not be read as a service, with why. */
  skipped: Array<{ id: string | null; reasons: string[] }>;
  /** Records imported with something left out (a field that could not be mapped), with what. */
  warnings: Array<{ id: string; messages: string[] }>;
  /** Pages read. */
  pages: number;
  /**
   * Set when the import stopped at `maxPages` while the feed said it had more pages: the services on the pages
   * after `lastPage` were not imported. `null` when the import read the feed to its end.
   */
  pageLimit: ImportPageLimit | null;
}

/** The import stopped at {@link ImportOptions.maxPages} though the feed had more pages. */
export interface ImportPageLimit {
  /** The `maxPages` the import ran with. */
  maxPages: number;
  /** The last page read, numbered as the request's `page` parameter is (from 1). */
  lastPage: number;
  /** How many pages the feed says there are. */
  totalPages: number;
  /** How many services the feed says there are in all. */
  totalItems: number;
  /** A sentence for a log or an administrator. */
  message: string;
}

export interface ImportOptions {
  /** Called after each page: records read so far and the feed's total when it gives one. */
  onProgress?: (read: number, total: number | null) => void;
  /**
   * Stop after this many pages (a safety net for endless feeds). Default 10,000. Stopping here while the feed
   * says it has more pages is reported in the summary's `pageLimit`.
   */
  maxPages?: number;
  fetch?: typeof fetch;
}

const isUrl = (s: string) => /^https?:\/\//i.test(s);

/** The page a feed URL asks for: its `page` parameter when that is a whole number from 1, else 1 (the default). */
function startPage(url: string): number {
  const page = Number(new URL(url).searchParams.get('page') ?? '1');
  return Number.isInteger(page) && page >= 1 ? page : 1;
}

/**
 * Whether the feed has a page after `asked`, the page the import asked for: not when the page is empty, when the
 * feed flags it as its last (3.0 `last_page`, 1.0 `last`), or when `asked` has reached the feed's `totalPages`.
 * Either signal ending the feed is enough, since a request past the end costs a round trip and some feeds answer
 * it with an error. The same rule as the SDK's ORUK reader.
 */
const hasMore = (page: OrukPage, asked: number): boolean =>
  page.items.length > 0 && page.last !== true && asked < page.totalPages;

/**
 * Loads an Open Referral UK feed into the hub: a JSON file holding a page or an array of services, or an
 * http(s) URL of `/services`, following its pages. Each record is mapped by `fromOruk`; a record that cannot
 * be read is skipped and reported, never half-stored.
 *
 * Pages are asked for by number as `page=2`, `page=3`, ... after the URL itself (which is page 1, or the page its
 * own `page` names), for feeds of either version: the ORUK 1.0 API numbers `page` from 1 too. The import stops
 * after an empty page, a page the feed flags as its last, or page `totalPages`, whichever comes first; what a
 * 1.0 feed says back in `number` is not relied on, since some count it from 0 and some from 1.
 */
export async function importOruk(store: Store, source: string, options: ImportOptions = {}): Promise<ImportSummary> {
  const summary: ImportSummary = { imported: 0, skipped: [], warnings: [], pages: 0, pageLimit: null };
  const maxPages = options.maxPages ?? 10_000;
  if (!(maxPages >= 1)) throw new RangeError(`maxPages must be at least 1; it is ${maxPages}.`);
  const doFetch = options.fetch ?? fetch;
  let read = 0;
  const load = async (location: string): Promise<unknown> => {
    if (isUrl(location)) {
      const res = await doFetch(location, { headers: { accept: 'application/json' } });
      if (!res.ok) throw new Error(`The feed answered ${res.status} ${res.statusText} for ${location}.`);
      return res.json();
    }
    return JSON.parse(await readFile(location, 'utf8')) as unknown;
  };
  // The page asked for, counted as the request's `page` parameter counts (from 1 in ORUK 3.0 and 1.0 alike):
  // the URL's own `page` when it names one, else 1. Not the number a page says of itself, which a 1.0 feed
  // counts from 0 or from 1, so that going by it re-read the same page of a feed counting from 0 until maxPages.
  let asked = isUrl(source) ? startPage(source) : 1;
  let location: string = source;
  for (;;) {
    const json = await load(location);
    const page = readOrukPage(json);
    if (!page)
      throw new Error(
        'This is not an Open Referral UK feed: expected a page with "contents" (or "content") or an array of services.',
      );
    summary.pages++;
    const batch: Service[] = [];
    for (const item of page.items) {
      const rawId =
        typeof item === 'object' && item !== null && 'id' in item ? String((item as { id: unknown }).id) : null;
      const { service, problems } = fromOruk(item);
      if (!service)
        summary.skipped.push({
          id: rawId,
          reasons: problems.map((p) => (p.path ? `${p.path}: ${p.message}` : p.message)),
        });
      else {
        batch.push(service);
        if (problems.length)
          summary.warnings.push({ id: service.id, messages: problems.map((p) => `${p.path}: ${p.message}`) });
      }
    }
    await store.putServices(batch);
    summary.imported += batch.length;
    read += page.items.length;
    options.onProgress?.(read, page.totalItems || null);
    if (!isUrl(source) || !hasMore(page, asked)) break;
    // A limit that falls on the feed's last page is not one: that case ended the loop above, with no extra request.
    if (summary.pages >= maxPages) {
      summary.pageLimit = {
        maxPages,
        lastPage: asked,
        totalPages: page.totalPages,
        totalItems: page.totalItems,
        message: `Stopped after page ${asked} of ${page.totalPages}: the import reads at most ${maxPages} page(s), so the services on the pages after it were not imported.`,
      };
      break;
    }
    asked++;
    const next = new URL(source);
    next.searchParams.set('page', String(asked));
    location = next.toString();
  }
  return summary;
}
