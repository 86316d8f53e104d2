import {
  matchesServiceFilters,
  nearestDistanceKm,
  type Service,
  type ServiceQuery,
  type Signposting,
  type SignpostingCreate,
  type TaxonomyTerm,
} from '@c2c/schema';
import type { ServiceIndex } from './search-index.js';
import { STOP_WORDS, fieldText, foldTerm } from './fold.js';
import { ukNow } from './schedule-text.js';

/** A search result: a service and, when the family gave a location, how far away it is. */
export type ServiceHit = Service & { distanceKm?: number };

type Opts = { signal?: AbortSignal };
/** The first page of an SDK list call: a promise-like of `{ data, nextCursor, total? }` (the SDK's PagePromise). */
type PageLike<T> = PromiseLike<{ data: T[]; nextCursor: string | null; total?: number }>;

/** The part of the SDK's services resource the directory uses (`client.services`, or `createServicesClient()`). */
export interface DirectoryServicesApi {
  search(query: ServiceQuery, opts?: Opts): PageLike<ServiceHit>;
  get(id: string, opts?: Opts): Promise<Service>;
  taxonomies(opts?: Opts): Promise<TaxonomyTerm[]>;
}

/**
 * What the directory needs from an SDK client (`createClient()` from `@c2c/sdk`): the services resource, and
 * for staff mode the signposting resource. A `createServicesClient()` result is accepted too.
 */
export type DirectoryClient =
  | {
      services: DirectoryServicesApi;
      signposting?: { create(input: SignpostingCreate, opts?: Opts): Promise<Signposting> };
    }
  | DirectoryServicesApi;

/** One page of results from any source. `total` is unknown when the source cannot count. */
export interface ResultPage {
  items: ServiceHit[];
  total: number | undefined;
  hasMore: boolean;
  /** Records on this page the source sent but that could not be read (missing an id or a name), so are not shown. */
  unreadable: number;
  /**
   * The source stopped before the end of the list (a feed that ignores the page asked for sent the last one again):
   * there may be services that were never sent, so what is shown must not be counted as all of them.
   */
  cutShort?: boolean;
  /** What the source did wrong to cut the list short, for the `c2c-source-problem` event. */
  problem?: SourceProblem | undefined;
}

/**
 * A remote source that misbehaved so that a list is not all there. `repeated_page`: the feed answered a page with the
 * same records as the page before (it ignores the page asked for). `page_limit`: the SDK's reader stopped at its
 * `maxPages` though the feed said more pages followed. `list` is the feed's list that was cut short.
 */
export interface SourceProblem {
  code: 'repeated_page' | 'page_limit' | 'blocked_by_page_policy';
  list: '/services' | '/taxonomy_terms' | '/taxonomies';
}

/**
 * The categories a remote source publishes. `partial` when it could read only part of them (a feed that ignores the
 * page asked for): the directory then adds the categories of the services it loads.
 */
export interface SourceTaxonomy {
  terms: TaxonomyTerm[];
  partial?: boolean;
  /** Why the terms are only part of the list, for the `c2c-source-problem` event. */
  problem?: SourceProblem | undefined;
}

/** A remote source: the hub through an SDK client, or any ORUK feed through the SDK's reader. */
export interface RemoteSource {
  readonly kind: 'hub' | 'oruk';
  search(query: ServiceQuery, opts: Opts): Promise<ResultPage>;
  /** The next page of the last search. */
  more(opts: Opts): Promise<ResultPage>;
  get(id: string, opts: Opts): Promise<Service>;
  taxonomies(opts: Opts): Promise<SourceTaxonomy>;
}

export const withDistance = (items: Service[], q: ServiceQuery): ServiceHit[] =>
  q.lat !== undefined && q.lng !== undefined
    ? items.map((s) =>
        (s as ServiceHit).distanceKm !== undefined ? s : { ...s, distanceKm: nearestDistanceKm(s, q.lat!, q.lng!) },
      )
    : items;

const byDistance = (a: ServiceHit, b: ServiceHit) => (a.distanceKm ?? Infinity) - (b.distanceKm ?? Infinity);

const collator = new Intl.Collator('en-GB', { sensitivity: 'base', numeric: true });
/** A cheap sort key: folded, with numbers padded so "Club 9" comes before "Club 10". Collator.compare is too slow for 10,000 names. */
const sortKey = (name: string) => foldTerm(name).replace(/\d+/g, (d) => d.padStart(10, '0'));

/**
 * A `services` array searched in the browser: MiniSearch for the words, `matchesServiceFilters` (the same
 * function the hub uses) for the filters, so both give the same answers.
 */
export class ArraySource {
  readonly services: Service[];
  readonly byId: Map<string, Service>;
  private readonly byName: Service[];
  private index: ServiceIndex | undefined;
  private indexing: Promise<void> | undefined;
  private folded: Array<readonly [string, string]> | undefined;

  constructor(services: Service[]) {
    this.services = services;
    this.byId = new Map();
    for (const s of services) if (!this.byId.has(s.id)) this.byId.set(s.id, s);
    this.byName = [...this.byId.values()]
      .map((s) => [sortKey(s.name), s] as const)
      .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
      .map(([, s]) => s);
  }

  /** Loads MiniSearch and builds the text index in the background. */
  startIndex(): Promise<void> {
    this.indexing ??= import('./search-index.js').then((m) => {
      this.index = new m.ServiceIndex(this.services);
      return this.index.ready;
    });
    return this.indexing;
  }

  get indexReady(): boolean {
    return !!this.index?.isReady;
  }

  /** Every match, best first: by distance when a location is given, else by relevance, else by name. */
  search(query: ServiceQuery): ResultPage {
    const text = query.q?.trim();
    let candidates: Service[];
    if (text) {
      void this.startIndex();
      candidates = [];
      for (const hit of this.index?.isReady ? this.index.search(text) : this.scan(text)) {
        const s = this.byId.get(hit.id);
        if (s) candidates.push(s);
      }
    } else candidates = this.byName;
    const filters = { ...query, q: undefined };
    const today = query.day || query.time ? ukNow(new Date()).date : undefined;
    let items: ServiceHit[] = candidates.filter((s) => matchesServiceFilters(s, filters, today));
    if (query.lat !== undefined && query.lng !== undefined) items = withDistance(items, query).sort(byDistance);
    return { items, total: items.length, hasMore: false, unreadable: 0 };
  }

  /**
   * Until the index is ready: every word (folded, stop words dropped) must appear in the name, organisation,
   * categories or description. Slower and stricter than the index, but never blank.
   */
  private scan(q: string): Array<{ id: string; score: number }> {
    const words = foldTerm(q)
      .split(/[\s\p{P}]+/u)
      .filter((w) => w && !STOP_WORDS.has(w));
    this.folded ??= this.services.map(
      (s) =>
        [
          foldTerm(s.name),
          foldTerm(`${fieldText(s, 'organisation')} ${fieldText(s, 'categories')} ${fieldText(s, 'description')}`),
        ] as const,
    );
    const out: Array<{ id: string; score: number }> = [];
    this.services.forEach((s, i) => {
      const [name, rest] = this.folded![i]!;
      if (words.every((w) => name.includes(w) || rest.includes(w)))
        out.push({ id: s.id, score: words.filter((w) => name.includes(w)).length + 1 });
    });
    return out.sort((a, b) => b.score - a.score);
  }

  private memo = new Map<string, unknown>();
  private once<T>(key: string, make: () => T): T {
    if (!this.memo.has(key)) this.memo.set(key, make());
    return this.memo.get(key) as T;
  }

  /** Categories used by the services, for the category filter. */
  taxonomies(): TaxonomyTerm[] {
    return this.once('taxonomies', () => this.computeTaxonomies());
  }

  private computeTaxonomies(): TaxonomyTerm[] {
    const terms = new Map<string, TaxonomyTerm>();
    for (const s of this.services) for (const t of s.taxonomyTerms) if (!terms.has(t.id)) terms.set(t.id, t);
    return [...terms.values()].sort((a, b) => collator.compare(a.name, b.name));
  }

  /** Languages the services offer, as `{ value, code? , name }`. */
  languages(): Array<{ value: string; code?: string; name: string }> {
    return this.once('languages', () => this.computeLanguages());
  }

  private computeLanguages(): Array<{ value: string; code?: string; name: string }> {
    const out = new Map<string, { value: string; code?: string; name: string }>();
    for (const s of this.services) {
      for (const l of s.languages) {
        const value = l.code ?? l.name;
        const key = value.toLowerCase();
        if (out.size < 40 && !out.has(key)) out.set(key, { value, name: l.name, ...(l.code ? { code: l.code } : {}) });
      }
    }
    return [...out.values()];
  }

  /** Accessibility features mentioned by services and their venues. */
  accessibility(): string[] {
    return this.once('accessibility', () => this.computeAccessibility());
  }

  private computeAccessibility(): string[] {
    const out = new Map<string, string>();
    const add = (a: string) => {
      if (out.size >= 30) return;
      const key = a.toLowerCase();
      if (!out.has(key)) out.set(key, a);
    };
    for (const s of this.services) {
      for (const a of s.accessibility) add(a);
      for (const l of s.locations) for (const a of l.accessibility) add(a);
    }
    return [...out.values()].sort(collator.compare);
  }

  /** Whether any service has a category: cheap (it stops at the first), for before {@link taxonomies} is worked out. */
  hasTaxonomies(): boolean {
    return this.once('has-taxonomies', () => this.services.some((s) => s.taxonomyTerms.length > 0));
  }

  /** Whether any service or venue mentions an accessibility feature: cheap, as {@link hasTaxonomies}. */
  hasAccessibility(): boolean {
    return this.once('has-accessibility', () =>
      this.services.some((s) => s.accessibility.length > 0 || s.locations.some((l) => l.accessibility.length > 0)),
    );
  }

  /** Whether any service has a venue with coordinates, so a distance filter means something. */
  hasCoordinates(): boolean {
    return this.once('coords', () =>
      this.services.some((s) => s.locations.some((l) => l.latitude !== undefined && l.longitude !== undefined)),
    );
  }
}
