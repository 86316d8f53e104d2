import { readFile } from 'node:fs/promises';
import { fromOruk, readOrukPage, type Service } from '@c2c/schema';
import type { Store } from './store.js';

/** What an ORUK import did. */
export interface ImportSummary {
  /** Services stored (new or replaced). */
  imported: number;
  /** Records that could not be read as a service, with why. */
  skipped: Array<{ id: string | null; reasons: string[] }>;
  /** Records imported with something left out (a field that could not be mapped), with what. */
  warnings: Array<{ id: string; messages: string[] }>;
  pages: number;
}

export interface ImportOptions {
  /** Called after each page: records read so far and the feed's total when it gives one. */
  onProgress?: (read: number, total: number | null) => void;
  /** Stop after this many pages (a safety net for endless feeds). Default 10,000. */
  maxPages?: number;
  fetch?: typeof fetch;
}

const isUrl = (s: string) => /^https?:\/\//i.test(s);

/**
 * Loads an Open Referral UK feed into the hub: a JSON file holding a page or an array of services, or an
 * http(s) URL of `/services`, following its pages. Each record is mapped by `fromOruk`; a record that cannot
 * be read is skipped and reported, never half-stored.
 */
export async function importOruk(store: Store, source: string, options: ImportOptions = {}): Promise<ImportSummary> {
  const summary: ImportSummary = { imported: 0, skipped: [], warnings: [], pages: 0 };
  const maxPages = options.maxPages ?? 10_000;
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
  let location: string | null = source;
  let pageNumber = 1;
  while (location && summary.pages < maxPages) {
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
    if (!isUrl(source) || page.items.length === 0 || page.page >= page.totalPages) break;
    pageNumber = page.page + 1;
    const next = new URL(source);
    next.searchParams.set('page', String(pageNumber));
    location = next.toString();
  }
  return summary;
}
