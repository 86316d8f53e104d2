import { readFile } from 'node:fs/promises';
import { fromOruk, readOrukPage, type OrukPage, type Service } from '@c2c/schema';
import { toNfc } from './nfc.js';
import { HUB_ORGANISATION, type AuditActor, type Store } from './store.js';

/** What an ORUK import did. */
export interface ImportSummary {
  /**
   * Services stored (new or replaced), each counted once however many times the feed served it in this import.
   */
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
  /**
   * Set when the import stopped because a page held only services already read from earlier pages of this import:
   * the feed seems to ignore the `page` parameter and answer the same page every time, so reading on would only
   * read the same services again (up to `maxPages` times). Services the feed holds beyond the pages it repeats
   * were not imported. `null` when every page brought something new.
   */
  repeatedPage: ImportRepeatedPage | null;
}

/** The import stopped at a page that repeated earlier ones (see {@link ImportSummary.repeatedPage}). */
export interface ImportRepeatedPage {
  /** The page that held nothing new, numbered as the request's `page` parameter is (from 1). */
  page: number;
  /** A sentence for a log or an administrator. */
  message: string;
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
  /**
   * How long to wait for each page of a feed URL, in milliseconds, from asking for it to having read all of it.
   * Default 30,000. A feed that takes longer fails the import with an Error saying so; the services stored from
   * earlier pages stay stored.
   */
  timeoutMs?: number;
  fetch?: typeof fetch;
  /**
   * Who imports, for the audit log: given, each service stored gets an `update` line of resource `service`
   * (organisation `_hub`), in the transaction that stores it. The command line names its operator here.
   */
  actor?: AuditActor;
}

/** The longest timeout a timer can keep: a longer one would fire at once. */
const MAX_TIMEOUT_MS = 2_147_483_647;

const isUrl = (s: string) => /^https?:\/\//i.test(s);

/** Seconds for a message: `30`, `0.2`, `1.5`. */
const seconds = (ms: number) => String(Math.ceil(ms) / 1000);

/**
 * Why fetch could not get an answer, from the `cause` it gives under its own "fetch failed": e.g. `connect
 * ECONNREFUSED 127.0.0.1:8080` or `getaddrinfo ENOTFOUND example.org`. An AggregateError (every address of a
 * host refused) carries its messages in `errors`.
 */
function networkCause(error: unknown): string {
  const cause = error instanceof Error && error.cause !== undefined ? error.cause : error;
  if (cause instanceof AggregateError && !cause.message)
    return [...new Set(cause.errors.map((e: unknown) => (e instanceof Error ? e.message : String(e))))].join('; ');
  if (cause instanceof Error) return cause.message || (cause as { code?: string }).code || cause.name;
  return String(cause);
}

/** The feed's server answered, but not with a page: an error status, or something other than JSON. */
class FeedAnswerError extends Error {}

const NOT_A_FEED =
  'This is not an Open Referral UK feed: expected a page with "contents" (or "content") or an array of services.';

/**
 * The services address of a feed given by its base address (`https://example.org/oruk`, as a directory element's
 * `src` takes it), or undefined when the address ends in `/services` already. The query is kept, so
 * `/oruk?per_page=50` becomes `/oruk/services?per_page=50`.
 */
function servicesAddress(url: string): string | undefined {
  const u = new URL(url);
  if (/\/services\/?$/.test(u.pathname)) return undefined;
  u.pathname = `${u.pathname.replace(/\/+$/, '')}/services`;
  return u.toString();
}

/** `text` read as JSON, or an error naming where it came from (an HTML error page, say, where JSON was due). */
function parseJson(text: string, from: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new FeedAnswerError(`The feed's answer for ${from} is not JSON (${(error as Error).message}).`, {
      cause: error,
    });
  }
}

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
 * http(s) URL of `/services`, following its pages. A URL that does not end in `/services` and answers no page
 * itself (a feed's base address, as a directory element's `src` takes it) is read at its `/services`. Each record is mapped by `fromOruk`; a record that cannot
 * be read is skipped and reported, never half-stored.
 *
 * Pages are asked for by number as `page=2`, `page=3`, ... after the URL itself (which is page 1, or the page its
 * own `page` names), for feeds of either version: the ORUK 1.0 API numbers `page` from 1 too. The import stops
 * after an empty page, a page the feed flags as its last, or page `totalPages`, whichever comes first; what a
 * 1.0 feed says back in `number` is not relied on, since some count it from 0 and some from 1. It also stops at a
 * page holding only services already read from earlier pages, reported as `repeatedPage`: a feed that ignores
 * `page` answers its first page every time.
 *
 * Each page must arrive within `timeoutMs`; a page that does not, or a feed that cannot be reached, rejects with
 * an Error naming the URL. Services from the pages before it are stored already, and stay stored.
 */
export async function importOruk(store: Store, source: string, options: ImportOptions = {}): Promise<ImportSummary> {
  const summary: ImportSummary = {
    imported: 0,
    skipped: [],
    warnings: [],
    pages: 0,
    pageLimit: null,
    repeatedPage: null,
  };
  const maxPages = options.maxPages ?? 10_000;
  if (!(maxPages >= 1)) throw new RangeError(`maxPages must be at least 1; it is ${maxPages}.`);
  const timeoutMs = options.timeoutMs ?? 30_000;
  if (!(timeoutMs > 0 && timeoutMs <= MAX_TIMEOUT_MS))
    throw new RangeError(`timeoutMs must be above 0 and at most ${MAX_TIMEOUT_MS}; it is ${timeoutMs}.`);
  const doFetch = options.fetch ?? fetch;
  let read = 0;
  const load = async (location: string): Promise<unknown> => {
    if (!isUrl(location)) return parseJson(await readFile(location, 'utf8'), location);
    // One signal for the request and reading its body, so that a feed that sends its headers and then stalls
    // times out too. Without it a feed that accepts the connection and never answers held the import for ever.
    const signal = AbortSignal.timeout(Math.ceil(timeoutMs));
    const timedOut = () => new Error(`The feed did not answer within ${seconds(timeoutMs)} s for ${location}.`);
    let res: Response;
    try {
      res = await doFetch(location, { headers: { accept: 'application/json' }, signal });
    } catch (error) {
      if (signal.aborted) throw timedOut();
      // fetch says only "fetch failed"; what went wrong (refused, no such host, ...) is in its cause.
      throw new Error(`Could not reach the feed at ${location}: ${networkCause(error)}.`, { cause: error });
    }
    if (!res.ok) throw new FeedAnswerError(`The feed answered ${res.status} ${res.statusText} for ${location}.`);
    let body: string;
    try {
      body = await res.text();
    } catch (error) {
      if (signal.aborted) throw timedOut();
      // The connection closed part-way through the page: fetch says only "terminated".
      throw new Error(`The feed's answer for ${location} was cut off: ${networkCause(error)}.`, { cause: error });
    }
    return parseJson(body, location);
  };
  // Every record id read in this import, to notice a page that brings nothing new, and the ids of the services
  // stored, so that `imported` counts each service once.
  const seen = new Set<string>();
  const stored = new Set<string>();
  // The page asked for, counted as the request's `page` parameter counts (from 1 in ORUK 3.0 and 1.0 alike):
  // the URL's own `page` when it names one, else 1. Not the number a page says of itself, which a 1.0 feed
  // counts from 0 or from 1, so that going by it re-read the same page of a feed counting from 0 until maxPages.
  let asked = isUrl(source) ? startPage(source) : 1;
  // The address pages are asked for at: the one given, or its /services when that was the base address.
  let feed = source;
  let location: string = source;
  for (;;) {
    let page: OrukPage | null;
    const services = summary.pages === 0 && isUrl(source) ? servicesAddress(source) : undefined;
    if (services) {
      // The feed's base address, as a directory element's `src` takes it: its services are at <base>/services.
      // The base itself answers a page for some feeds and an index, or an error, for others (this hub's /oruk
      // answers its version), so a base that gives no page is asked for its /services instead.
      const first = await load(location).then(
        (json) => readOrukPage(json),
        (error: unknown) => {
          if (error instanceof FeedAnswerError) return null;
          throw error;
        },
      );
      if (first) page = first;
      else {
        const neither = `This is not an Open Referral UK feed, and neither is ${services}: give the feed's services address, which usually ends in /services.`;
        page = await load(services).then(
          (json) => readOrukPage(json),
          (error: unknown) => {
            throw new Error(`${neither} (${error instanceof Error ? error.message : String(error)})`, { cause: error });
          },
        );
        if (!page) throw new Error(neither);
        feed = services;
        location = services;
      }
    } else page = readOrukPage(await load(location));
    if (!page) throw new Error(NOT_A_FEED);
    summary.pages++;
    const ids = page.items.map((item) =>
      typeof item === 'object' && item !== null && 'id' in item ? String((item as { id: unknown }).id) : null,
    );
    // A page (after the first) with records, each of them read already: the feed is answering the same page
    // again, most likely because it ignores `page`. Reading on would only read it again, up to maxPages times.
    // A record without an id cannot be told apart, so a page with one counts as new.
    if (summary.pages > 1 && ids.length > 0 && ids.every((id) => id !== null && seen.has(id))) {
      summary.repeatedPage = {
        page: asked,
        message: `Page ${asked} held only services already read from earlier pages, so the feed seems to ignore the page parameter; the import stopped there.`,
      };
      break;
    }
    const batch: Service[] = [];
    for (const [i, item] of page.items.entries()) {
      const rawId = ids[i] ?? null;
      // Served again on a later page (pages that overlap): stored again, as it may have changed, but its
      // problems were reported the first time.
      const again = rawId !== null && seen.has(rawId);
      if (rawId !== null) seen.add(rawId);
      // In NFC, as every request body is (nfc.ts): a council's "Café" written decomposed is one name, not two.
      const { service, problems } = fromOruk(toNfc(item));
      if (!service) {
        if (!again)
          summary.skipped.push({
            id: rawId,
            reasons: problems.map((p) => (p.path ? `${p.path}: ${p.message}` : p.message)),
          });
      } else {
        batch.push(service);
        if (problems.length && !again)
          summary.warnings.push({ id: service.id, messages: problems.map((p) => `${p.path}: ${p.message}`) });
      }
    }
    const at = new Date().toISOString();
    const actor = options.actor;
    await store.putServices(batch, undefined, (part) =>
      actor
        ? part.map((s) => ({
            at,
            userId: actor.userId,
            role: actor.role,
            organisationId: HUB_ORGANISATION,
            action: 'update' as const,
            resource: 'service',
            resourceId: s.id,
            learnerId: null,
          }))
        : [],
    );
    for (const service of batch) stored.add(service.id);
    summary.imported = stored.size;
    read += page.items.length;
    options.onProgress?.(read, page.totalItems || null);
    if (!isUrl(feed) || !hasMore(page, asked)) break;
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
    const next = new URL(feed);
    next.searchParams.set('page', String(asked));
    location = next.toString();
  }
  return summary;
}
