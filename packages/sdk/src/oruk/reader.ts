import {
  fromOruk,
  matchesServiceFilters,
  readOrukPage,
  todayIso,
  type MappingProblem,
  type OrukPage,
  type Service,
  type ServiceQuery,
  type TaxonomyTerm,
} from '@c2c/schema';
import type { ClientOptions, RequestOptions, Transport } from '../client.js';
import type { Parser } from '../internal/validate.js';
import { C2cError, ResponseValidationError } from '../errors.js';
import { seg } from '../internal/path.js';
import { FEED } from '../internal/status-errors.js';
import { fetchLoop } from '../internal/fetch-loop.js';
import { createCoreTransport } from '../internal/transport-core.js';

// A feed's page is read as any JSON here and each record checked as it is mapped (`fromOruk`), so the transport has
// nothing to check; no zod schema for it, so that a page with a feed ships no zod runtime.
const Anything: Parser<unknown> = { safeParse: (data) => ({ success: true, data }) };

/** A problem met while reading a feed record, with which record it was in. */
export interface OrukProblem extends MappingProblem {
  /** The record's id, when it had one. */
  recordId?: string | undefined;
  /** The record's position on its page, from 0. */
  index?: number | undefined;
}

/** Options for {@link createOrukReader}. */
export interface OrukReaderOptions extends Pick<
  ClientOptions,
  | 'fetch'
  | 'timeoutMs'
  | 'retries'
  | 'backoffBaseMs'
  | 'backoffMaxMs'
  | 'maxRetryAfterMs'
  | 'headers'
  | 'onRequest'
  | 'onResponse'
> {
  /**
   * Which version of the standard the feed speaks. `3.0` (default) sends `search` and `taxonomy_term_id`;
   * `1.0` sends `text` and `taxonomy_id` and reads taxonomy from `/taxonomies`. Pages of either shape are read
   * whichever is chosen.
   */
  version?: '3.0' | '1.0' | undefined;
  /**
   * The most pages {@link OrukReader.all} and {@link OrukReader.taxonomies} will read, so that a feed with no end
   * cannot keep a page busy for ever. Default 200. When a feed has more, they stop and say so through
   * `onPageLimit` (see {@link OrukListOptions}).
   */
  maxPages?: number | undefined;
  /**
   * Which filters to send to the feed (default: all of them). Feeds read `minimum_age`/`maximum_age` and
   * `start_time` in two ways: most, and the c2c-kit hub, as "the service's range covers this age / it is open at
   * this time"; the ORUK 3.0 text as bounds on the service's own values ("a minimum age of at least 7"), which
   * leaves out services that do cover the age. For such a feed leave `age` or `time` out: the reader applies
   * every filter to each page itself anyway, so results stay right, only on sparser pages.
   */
  sendFilters?: ReadonlyArray<OrukFilter> | undefined;
}

/**
 * {@link OrukReader.all} or {@link OrukReader.taxonomies} stopped at `maxPages` while the feed said it had more
 * pages: everything after `lastPage` was not read.
 */
export interface OrukPageLimit {
  /** The list that was cut short: `/services`, `/taxonomy_terms` or (1.0) `/taxonomies`. */
  path: string;
  /** The `maxPages` the reader was created with. */
  maxPages: number;
  /** The last page read, from 1. */
  lastPage: number;
  /** How many pages the feed says there are. */
  totalPages: number;
  /** The feed's count of items in the whole list, before any filter the SDK applied itself. */
  totalItems: number;
  /** A sentence for a log or an administrator, with no search words in it. */
  message: string;
}

/**
 * {@link OrukReader.all} or {@link OrukReader.taxonomies} stopped because the feed answered page `page` with the same
 * records as the page before (it ignores `page`): what follows them was never read.
 */
export interface OrukRepeatedPage {
  /** The list that was cut short: `/services`, `/taxonomy_terms` or (1.0) `/taxonomies`. */
  path: string;
  /** The page, from 1, that came back the same as the one before it. */
  page: number;
  /** The feed's count of items in the whole list, before any filter the SDK applied itself. */
  totalItems: number;
  /** The same sentence as the `repeated_page` error's, for a log or an administrator, with no search words in it. */
  message: string;
}

/** Options for the methods that read every page: {@link OrukReader.all} and {@link OrukReader.taxonomies}. */
export interface OrukListOptions extends RequestOptions {
  /**
   * Called once when the method stops at `maxPages` though the feed has more pages, after everything read so far
   * has been delivered. Without it the shortened list looks complete. Throw from it to make the limit an error:
   * `all()` then rejects the pending `next()`, and `taxonomies()` rejects.
   */
  onPageLimit?: ((limit: OrukPageLimit) => void) | undefined;
  /**
   * Called once when the feed answers a page with the same records as the page before (it ignores `page`), after
   * everything read so far has been delivered. Without it the method throws a `C2cError` with code `repeated_page`;
   * with it, it ends there instead: `all()` finishes and `taxonomies()` returns the terms it read, which are
   * then known to be only part of the list (a category filter built from them is not the feed's whole taxonomy).
   * Throw from it to make it an error again. Not called when the repeated page held the feed's whole list.
   */
  onRepeatedPage?: ((repeat: OrukRepeatedPage) => void) | undefined;
}

/** A query filter the reader can send to a feed as an ORUK parameter. */
export type OrukFilter = 'search' | 'taxonomy' | 'age' | 'day' | 'time' | 'location';

/** A service query for an ORUK feed: the directory's {@link ServiceQuery} plus the feed's own location filter. */
export type OrukQuery = Omit<ServiceQuery, 'cursor' | 'limit'> & {
  /**
   * Page number, from 1, sent as `page` to feeds of either version: the ORUK 1.0 API also numbers the `page`
   * parameter from 1, even where a feed's answer counts its `number` from 0. Anything but a whole number from 1
   * is refused with a `C2cError` whose code is `invalid_options`, and nothing is sent.
   */
  page?: number | undefined;
  /** Items per page, as the feed allows: a whole number from 1, or refused like `page`. */
  perPage?: number | undefined;
  /** Postcode for the feed's proximity search (ORUK's own location filter). */
  postcode?: string | undefined;
  /** Distance from `postcode`, in the feed's unit (metres in most feeds). */
  proximity?: number | undefined;
};

/** One page read from a feed. */
export interface OrukSearchResult {
  /** The services on this page that could be read and that match every filter. */
  data: Service[];
  /** This page's number, from 1: the page asked for (`query.page`, default 1), not the number the feed echoes. */
  page: number;
  /** How many pages the feed says there are. */
  totalPages: number;
  /**
   * Whether the feed has a page after this one: not when it says this is its last page (`last_page`, or 1.0
   * `last`), when `page` has reached `totalPages`, or when this page was empty.
   */
  hasMore: boolean;
  /** The feed's own count, before any filter the SDK applied itself. */
  totalItems: number;
  /** What could not be mapped: records skipped, values fixed or ignored. Never hidden. */
  problems: OrukProblem[];
  /** How many records on this page could not be read at all and are left out of `data` (why is in `problems`). */
  skipped: number;
}

/** One service read from a feed, with what could not be mapped. */
export interface OrukRecord {
  /** The service, valid against `ServiceSchema`. */
  service: Service;
  /** What was fixed, ignored or skipped while reading it. */
  problems: OrukProblem[];
}

/** Reads an Open Referral UK feed into `@c2c/schema` services. Create it with {@link createOrukReader}. */
export interface OrukReader {
  /**
   * One page of services. `q`, `taxonomy`, `age`, `day` and `time` are sent as the feed's `search`,
   * `taxonomy_term_id`, `minimum_age`/`maximum_age`, `day` and `start_time`; `postcode` and `proximity` as
   * themselves. ORUK has no parameter for `free`, `language`, `accessibility` or a `lat`/`lng` radius, and
   * feeds differ in which parameters they honour, so every filter is also applied to each page here with
   * `matchesServiceFilters`: a page may therefore hold fewer items than `perPage`.
   */
  search(query?: OrukQuery, opts?: RequestOptions): Promise<OrukSearchResult>;
  /** One service by id, with what could not be mapped. Throws `ResponseValidationError` when the record cannot be read at all. */
  get(id: string, opts?: RequestOptions): Promise<OrukRecord>;
  /**
   * Every taxonomy term the feed publishes (all pages, up to `maxPages`: past it `opts.onPageLimit` is called and
   * the terms read so far are returned). Read from `/taxonomy_terms`, or `/taxonomies` for a 1.0 feed.
   *
   * @throws {@link C2cError} with code `repeated_page` when the feed answers a page with the same terms as the page
   * before (it ignores `page`, as the official ORUK example feeds do): the terms after them were never read, and
   * returning the rest would pass off part of the list as the whole. Not when that page held the feed's whole list
   * (as many terms as its `totalItems`): then nothing is missing, and the terms are returned. As for
   * {@link OrukReader.all}, the message names the list and the page, and can be logged as it is. A caller that can
   * use part of the list (a category filter that offers what it can) passes `opts.onRepeatedPage` instead: then it
   * hears of the repeat and the terms read before it are returned.
   */
  taxonomies(opts?: OrukListOptions): Promise<TaxonomyTerm[]>;
  /**
   * Every matching service on every page, from `query.page` (default 1) to the last. Records that could not be
   * read are left out; `opts.onProblems` hears of them with the page they were on. Stops after `maxPages` pages,
   * and then calls `opts.onPageLimit` if the feed has more.
   *
   * @throws {@link C2cError} with code `repeated_page` when the feed answers a page with the same records as the
   * page before (it ignores `page`), after yielding every service read so far: following it would repeat them, and
   * ending quietly would pass off part of the list as the whole. Not when that page held the feed's whole list
   * (as many records as its `totalItems`): then nothing is missing, and the list simply ends. With
   * `opts.onRepeatedPage` the list ends there too, after telling it.
   */
  all(
    query?: OrukQuery,
    opts?: OrukListOptions & { onProblems?: ((problems: OrukProblem[], page: number) => void) | undefined },
  ): AsyncIterable<Service>;
}

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined =>
  typeof v === 'string' && v.trim() !== '' ? v.trim() : typeof v === 'number' ? String(v) : undefined;

function notOruk(what: string): ResponseValidationError {
  return new ResponseValidationError({
    message: `The feed's answer to ${what} is not an Open Referral UK page. Check the feed address: it is the part before /services, such as https://example.org/api/v3.`,
    code: 'not_oruk',
    issues: [
      { path: '', code: 'not_oruk', message: 'Expected a page with `contents` (ORUK 3.0) or `content` (ORUK 1.0).' },
    ],
    status: 200,
  });
}

/**
 * Refuses a number that is not a whole number from 1 (left out is fine): a page number or count of NaN, 0 or 2.5
 * was sent to the feed as `page=NaN`, or read no page at all.
 */
function fromOne(what: string, value: unknown): void {
  if (value !== undefined && !(Number.isInteger(value) && (value as number) >= 1))
    throw new C2cError(`${what} must be a whole number, 1 or more.`, 'invalid_options');
}

function readTerm(raw: unknown): TaxonomyTerm | undefined {
  if (!isObj(raw)) return undefined;
  const id = str(raw.id);
  const name = str(raw.name) ?? str(raw.term);
  if (!id || !name) return undefined;
  const term: TaxonomyTerm = { id, name };
  const taxonomy = isObj(raw.taxonomy_detail)
    ? str(raw.taxonomy_detail.name)
    : (str(raw.taxonomy) ?? str(raw.vocabulary));
  const parent = str(raw.parent_id) ?? (isObj(raw.parent) ? str(raw.parent.id) : str(raw.parent));
  if (taxonomy) term.taxonomy = taxonomy;
  if (parent) term.parentId = parent;
  return term;
}

/**
 * Creates a reader for any Open Referral UK feed (HSDS-UK 3.0, or 1.0), such as a council's Family Information
 * Service or a hub's `/oruk` endpoints. Records are mapped with `fromOruk`; a record that cannot be read is
 * reported in `problems` and skipped, never failing the page.
 *
 * @example
 * ```ts
 * const feed = createOrukReader('https://hub.example.org/oruk');
 * const { data, problems } = await feed.search({ q: 'speech', age: 7 });
 * ```
 */
export function createOrukReader(baseUrl: string, options: OrukReaderOptions = {}): OrukReader {
  // Every feed counts as a third party, a hub's own /oruk too: the reader cannot tell them apart. No hub layer: a
  // feed takes no token or idempotency key, and each record is checked as it is mapped, not the page as a whole.
  // Sent on plain fetch, with the same retry policy as the hub client's ky loop: a page with a feed ships no ky.
  const t: Transport = createCoreTransport({ ...options, baseUrl }, 'createOrukReader', FEED, fetchLoop);
  const v1 = options.version === '1.0';
  // NaN would make `all()` read no page and report nothing; a count of pages is a whole number from 1.
  const maxPages = options.maxPages ?? 200;
  fromOne('createOrukReader’s maxPages', maxPages);

  const get = (
    path: string,
    route: string,
    query: Record<string, string | number | undefined>,
    opts?: RequestOptions,
  ) => t.request({ method: 'GET', path, route, query, schema: Anything, auth: false, options: opts });

  const send = new Set<OrukFilter>(options.sendFilters ?? ['search', 'taxonomy', 'age', 'day', 'time', 'location']);
  const only = <V>(filter: OrukFilter, value: V): V | undefined => (send.has(filter) ? value : undefined);

  function params(q: OrukQuery): Record<string, string | number | undefined> {
    // In whole years: a feed comparing 5.5 with "0 to 5" strictly would drop a service that runs to the sixth
    // birthday (withinAges, which the reader's own check applies to what comes back).
    const years = q.age === undefined ? undefined : Math.floor(q.age);
    return {
      [v1 ? 'text' : 'search']: only('search', q.q),
      [v1 ? 'taxonomy_id' : 'taxonomy_term_id']: only('taxonomy', q.taxonomy),
      // Sent as a one-year range: feeds that read the pair as an overlap return the services covering this age.
      minimum_age: only('age', years),
      maximum_age: only('age', years),
      day: only('day', q.day),
      start_time: only('time', q.time),
      postcode: only('location', q.postcode),
      proximity: only('location', q.proximity),
      page: q.page,
      per_page: q.perPage,
    };
  }

  /**
   * Whether the feed has a page after `asked`, the page the reader asked for. Not by the page number the feed
   * echoes: a 1.0 `number` counts from 0 in some feeds and from 1 in others, so page 2 of one reads as page 1 of
   * the other, and going by it the reader asked for a page past the last. `last` and `totalPages` mean the same
   * in every feed; either one saying "no more" ends the list, because a request past the end costs a round trip
   * and some feeds answer it with an error. A feed that says `last: false` has more, whatever `totalPages` says:
   * it is 1 when a feed leaves the count out, which would end the list after its first page.
   */
  const hasMore = (page: OrukPage, asked: number): boolean =>
    page.items.length > 0 && page.last !== true && (page.last === false || asked < page.totalPages);

  /** Tells the caller that a list was cut short at `maxPages`. */
  function pageLimit(
    opts: OrukListOptions | undefined,
    path: string,
    lastPage: number,
    { totalPages, totalItems }: { totalPages: number; totalItems: number },
  ): void {
    opts?.onPageLimit?.({
      path,
      maxPages,
      lastPage,
      totalPages,
      totalItems,
      message: `Stopped reading ${path} after page ${lastPage} of ${totalPages}: the reader's maxPages is ${maxPages}. Raise maxPages to read the rest.`,
    });
  }

  /**
   * A list that a feed ignoring `page` cut short at page `n`: tells `opts.onRepeatedPage` when the caller gave one,
   * or else throws the `repeated_page` error. Names the list and the page, never the query, so it can be logged as
   * it is.
   */
  function repeatedPage(
    opts: OrukListOptions | undefined,
    path: string,
    n: number,
    what: string,
    totalItems: number,
  ): void {
    const message = `The feed answered page ${n} of ${path} with the same ${what} as page ${n - 1}: it seems to ignore the page asked for, so the list was stopped there and the ${what} after them could not be read. Report this to whoever runs the feed.`;
    if (!opts?.onRepeatedPage) throw new C2cError(message, 'repeated_page');
    opts.onRepeatedPage({ path, page: n, totalItems, message });
  }

  /**
   * A fingerprint of a page's records, to notice a feed that answers the same page whatever `page` says. A record
   * without an id counts whole, so that two pages of such records are not taken for the same page.
   */
  const fingerprint = (items: unknown[]) =>
    items.map((i) => (isObj(i) && str(i.id)) || JSON.stringify(i)).join('\u0000');

  async function search(query: OrukQuery = {}, opts?: RequestOptions): Promise<OrukSearchResult> {
    return (await searchPage(query, opts)).result;
  }

  async function searchPage(
    query: OrukQuery,
    opts?: RequestOptions,
  ): Promise<{ result: OrukSearchResult; fingerprint: string; whole: boolean }> {
    fromOne('The ORUK query’s page', query.page);
    fromOne('The ORUK query’s perPage', query.perPage);
    // ORUK's `page` defaults to 1 (3.0 and 1.0 alike), so a query without one is a request for page 1.
    const asked = query.page ?? 1;
    const json = await get('/services', '/services', params(query), opts);
    const page = readOrukPage(json);
    if (!page) throw notOruk('GET /services');
    const data: Service[] = [];
    const problems: OrukProblem[] = [];
    const today = todayIso();
    let skipped = 0;
    page.items.forEach((raw, index) => {
      let mapped: ReturnType<typeof fromOruk>;
      try {
        mapped = fromOruk(raw);
      } catch {
        // fromOruk is meant to be total; if a hostile record still breaks it, the page must survive.
        mapped = { service: null, problems: [{ path: '', message: 'The record could not be read.' }] };
      }
      const recordId = isObj(raw) ? str(raw.id) : undefined;
      for (const p of mapped.problems) problems.push({ ...p, recordId, index });
      if (!mapped.service) skipped++;
      else if (matchesServiceFilters(mapped.service, query, today)) data.push(mapped.service);
    });
    return {
      result: {
        data,
        page: asked,
        totalPages: page.totalPages,
        hasMore: hasMore(page, asked),
        totalItems: page.totalItems,
        problems,
        skipped,
      },
      fingerprint: fingerprint(page.items),
      whole: page.items.length >= page.totalItems,
    };
  }

  return {
    search,

    async get(id, opts) {
      const json = await get(`/services/${seg(id)}`, '/services/:id', {}, opts);
      const mapped = fromOruk(json);
      if (!mapped.service) {
        throw new ResponseValidationError({
          message: `The feed's service ${id} could not be read: ${mapped.problems[0]?.message ?? 'it is not a service record.'}`,
          code: 'unmappable_record',
          issues: mapped.problems.map((p) => ({ path: p.path, code: 'unmappable', message: p.message })),
          status: 200,
        });
      }
      return { service: mapped.service, problems: mapped.problems.map((p) => ({ ...p, recordId: id })) };
    },

    async taxonomies(opts) {
      const path = v1 ? '/taxonomies' : '/taxonomy_terms';
      const terms = new Map<string, TaxonomyTerm>();
      let previous: string | undefined;
      for (let n = 1; n <= maxPages; n++) {
        const json = await get(path, path, { page: n, per_page: 100 }, opts);
        const page = readOrukPage(json);
        if (!page) throw notOruk(`GET ${path}`);
        // A feed that ignores `page` answers the same records again: following its total_pages would loop, and
        // ending quietly handed back its first page as the whole list, so a category filter built from it lacked
        // every later term with nothing to say so.
        const print = fingerprint(page.items);
        if (print === previous) {
          if (page.items.length < page.totalItems) repeatedPage(opts, path, n, 'taxonomy terms', page.totalItems);
          break;
        }
        previous = print;
        for (const raw of page.items) {
          const term = readTerm(raw);
          if (term && !terms.has(term.id)) terms.set(term.id, term);
        }
        if (!hasMore(page, n)) break;
        if (n === maxPages) pageLimit(opts, path, n, page);
      }
      return [...terms.values()];
    },

    all(query = {}, opts) {
      return {
        async *[Symbol.asyncIterator]() {
          let n = query.page ?? 1;
          let previous: string | undefined;
          for (let read = 1; read <= maxPages; read++, n++) {
            const { result, fingerprint: print, whole } = await searchPage({ ...query, page: n }, opts);
            // A feed that ignores `page` answers the same records again: stop rather than repeat them, and say so
            // unless the page holds the whole list.
            if (print === previous) {
              if (!whole) repeatedPage(opts, '/services', n, 'services', result.totalItems);
              return;
            }
            previous = print;
            if (result.problems.length > 0) opts?.onProblems?.(result.problems, result.page);
            yield* result.data;
            if (!result.hasMore) return;
            if (read === maxPages) pageLimit(opts, '/services', n, result);
          }
        },
      };
    },
  };
}

/** One line of a {@link mappingReport}: a kind of problem, how often it happened, and one example. */
export interface MappingReportLine {
  /** The field path with record positions removed, e.g. `schedules[].byday`. */
  path: string;
  /** How many problems had this path. */
  count: number;
  /** One message for this path, to show what went wrong. */
  example: string;
  /** Up to five record ids that had it. */
  recordIds: string[];
}

/**
 * Groups problems by field so a directory administrator can see at a glance what a feed gets wrong
 * ("schedules[].byday: 40 records"), most frequent first.
 */
export function mappingReport(problems: readonly OrukProblem[]): MappingReportLine[] {
  const lines = new Map<string, MappingReportLine>();
  for (const p of problems) {
    const path = p.path.replace(/\[\d+\]/g, '[]');
    let line = lines.get(path);
    if (!line) lines.set(path, (line = { path, count: 0, example: p.message, recordIds: [] }));
    line.count++;
    if (p.recordId && line.recordIds.length < 5 && !line.recordIds.includes(p.recordId))
      line.recordIds.push(p.recordId);
  }
  return [...lines.values()].sort((a, b) => b.count - a.count || a.path.localeCompare(b.path));
}
