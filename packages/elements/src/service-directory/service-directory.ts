import { LitElement, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { DAYS, type Service, type ServiceQuery, type Signposting, type TaxonomyTerm } from '@c2c/schema';
import { LocalizeController } from '../shared/localize.js';
import { mailtoHref, safeHref, telHref } from '../shared/safe-url.js';
import { emit } from '../shared/events.js';
import type {} from './define.js';
import { directoryStrings, type DirectoryKey, type DirectoryMessages } from './strings.js';
import { styles } from './service-directory.styles.js';
import {
  ArraySource,
  type DirectoryClient,
  type RemoteSource,
  type ResultPage,
  type ServiceHit,
  type SourceProblem,
} from './parts/sources.js';
import { ShortlistStore, coerceService } from './parts/shortlist-store.js';
import { RowWindow } from './parts/row-window.js';
import type { ResultsCache } from './parts/results-cache.js';
import { hasPostcode, readUrlState, writeUrlState, type UrlState } from './parts/url-state.js';
import { capitalise, nextOpeningText, scheduleText, timeText, ukNow } from './parts/schedule-text.js';
import type { SignpostPrevious } from './parts/signpost-form.js';

/** How long a shortlist link may wait for the clipboard before it is shown to copy by hand. */
const CLIPBOARD_WAIT_MS = 1500;
/**
 * How long Print waits for a remote source's current records of the saved services before printing what it has:
 * paper cannot be refreshed once printed, but a source that does not answer must not keep the family from printing.
 */
const PRINT_WAIT_MS = 3000;

export type { DirectoryClient, ServiceHit } from './parts/sources.js';
export type { DirectoryMessages } from './strings.js';

/** The `detail` of the directory's `c2c-search` event. */
export interface DirectorySearchDetail {
  /**
   * The search that ran: its words (`q`) and filters, never the family's location (`lat`, `lng`). `q` is left out
   * when {@link DirectorySearchDetail.textWithheld} is true.
   */
  query: Omit<ServiceQuery, 'lat' | 'lng'>;
  /**
   * True when the words typed held a full UK postcode ("CF10 1AA"), so `q` is left out. The search itself ran with
   * them; a host that counts searches can count this one, without the words.
   */
  textWithheld: boolean;
}

/**
 * The `detail` of the directory's `c2c-source-problem` event: the `src` feed misbehaved, so a list the directory
 * shows is not all there. It says which feed and what went wrong, never what the family searched for.
 */
export interface DirectorySourceProblemDetail {
  /**
   * What went wrong, a stable code. `repeated_page`: the feed answered a page with the same records as the page
   * before, so it seems to ignore the page asked for and what follows them could not be read. `page_limit`: the
   * feed said more pages followed after the most the SDK's reader reads (200). `blocked_by_page_policy`: the page's
   * Content-Security-Policy does not let the directory ask the feed (its origin is missing from `connect-src`), so
   * families see that the website is not set up to reach the list; nothing is shown until the policy is changed.
   */
  code: 'repeated_page' | 'page_limit' | 'blocked_by_page_policy';
  /** The feed's list that was cut short: `/services`, or its categories, `/taxonomy_terms` (`/taxonomies` in 1.0). */
  list: '/services' | '/taxonomy_terms' | '/taxonomies';
  /** The feed's address, its origin and path only (`https://example.org/api/v3`): no query string, no credentials. */
  feed: string;
}

/** The filters a family can set; the same fields a link carries (see `url-state`). */
type Filters = Omit<UrlState, 'service' | 'shortlist'>;
type Status = 'idle' | 'loading' | 'ready' | 'error';
/** Where distances are measured from. Kept in memory only: never in the URL, storage or events. */
interface Origin {
  lat: number;
  lng: number;
  postcode?: string;
}
/** Turns a postcode into coordinates; the host provides it (the directory has no geocoder of its own). */
export type Geocoder = (postcode: string) => Promise<{ lat: number; lng: number } | null | undefined>;

/** Whether this browser's `Intl.DisplayNames` has language names in `locale` (Debian's Chromium has none in Welsh). */
const intlNamesLanguagesIn = (locale: string): boolean => Intl.DisplayNames.supportedLocalesOf([locale]).length > 0;

const roundTo3 = (degrees: number): number => Math.round(degrees * 1000) / 1000;

const TIMES = [
  '07:00',
  '08:00',
  '09:00',
  '10:00',
  '11:00',
  '12:00',
  '13:00',
  '14:00',
  '15:00',
  '16:00',
  '17:00',
  '18:00',
  '19:00',
  '20:00',
];
const RADII = { mi: [1, 2, 5, 10, 25], km: [1, 2, 5, 10, 25, 50] };
const KM_PER_MILE = 1.609344;
/**
 * Features offered as filters for a remote source. The value is what is matched against the data, in English as
 * feeds write it; the label comes from the messages, so a Welsh page shows Welsh.
 */
const ACCESSIBILITY: ReadonlyArray<readonly [value: string, label: DirectoryKey]> = [
  ['Step-free access', 'access_step_free'],
  ['Accessible toilet', 'access_toilet'],
  ['Hearing loop', 'access_hearing_loop'],
  ['Parking', 'access_parking'],
  ['Changing Places toilet', 'access_changing_places'],
  ['British Sign Language', 'access_bsl'],
];
const REMOTE_ACCESSIBILITY = ACCESSIBILITY.map(([value]) => value);
const ACCESSIBILITY_LABEL = new Map(ACCESSIBILITY.map(([value, label]) => [value.toLowerCase(), label]));
const POSTCODE_ERRORS: ReadonlyArray<DirectoryKey | undefined> = ['postcode_empty', 'postcode_not_found'];
const ANNOUNCE_DELAY_MS = 400;
/** How long the live region stays empty before the same words are said again. */
const REPEAT_ANNOUNCE_MS = 100;
/** A remote search that has not answered by then says it is loading; a quicker one says only what it found. */
const LOADING_ANNOUNCE_MS = 1000;
const VIRTUALIZE_OVER = 50;
/**
 * Above this many services, the filters' lists (categories, languages, accessibility) are worked out just after
 * the first results are painted: going through 10,000 services for them took a fifth of the time to first results.
 */
const DEFER_FILTER_LISTS_OVER = 2000;
/** Below this width (52rem at 16px) the filters start folded away, so results are the first thing on a phone. */
const WIDE_PX = 832;
const REMOTE_DEBOUNCE_MS = 300;
const URL_DEBOUNCE_MS = 400;

const emptyFilters = (): Filters => ({ q: '' });
/**
 * What went wrong with a source, for the family's message: the page's own security policy refused the address
 * (`blocked`, which trying again cannot mend), no connection (`network`), or an answer that could not be read.
 */
type ErrorKind = 'network' | 'source' | 'blocked';
/** The SDK's typed errors tell a lost connection from a feed that answered with something unreadable. */
const errorKindOf = (err: unknown): ErrorKind => {
  const { name, code } = (err ?? {}) as { name?: string; code?: string };
  if (name === 'NetworkError' && code === 'blocked_by_page_policy') return 'blocked';
  return name === 'NetworkError' || name === 'TimeoutError' || !navigator.onLine ? 'network' : 'source';
};
const EMAIL = /^[^\s@<>"'()]+@[^\s@<>"'()]+\.[^\s@<>"'()]+$/;

/**
 * A directory of local services that families can search and filter, in English or Welsh, on any page.
 * Data comes from a `services` array (searched in the browser), an SDK `client` (the hub), or the `src` URL
 * of any Open Referral UK feed. Search and filters live in the page URL (`c2c-` parameters), so a link reopens
 * the same view and back/forward work; a shortlist is kept in the browser and can be printed or shared.
 *
 * @summary Family service directory: search, filters, details, shortlist, staff signposting.
 *
 * @slot header - Replaces the default heading ("Find local services").
 * @slot empty - Replaces the message shown when no service matches.
 *
 * @event {CustomEvent<DirectorySearchDetail>} c2c-search - A search ran (after typing settles, a filter changed or the search was submitted). `detail: { query, textWithheld }`: `query` is the `ServiceQuery` without the family's location (`lat`, `lng`), and without its words (`q`) when they held a full UK postcode, in which case `textWithheld` is true.
 * @event c2c-service-open - A service's details were opened. `detail: { service: Service }`, never with its distance from the family.
 * @event c2c-shortlist-change - The shortlist changed. `detail: { ids: string[] }`.
 * @event c2c-signpost - Staff recorded that a family was signposted or referred (staff mode). `detail: { signposting: Signposting }`.
 * @event {CustomEvent<DirectorySourceProblemDetail>} c2c-source-problem - The `src` feed misbehaved, so a list shown is not all there (families see "We could not load any more, so there may be others", or fewer categories): for the site owner to pass on to whoever runs the feed; or the page's own policy stopped the directory asking it. Sent at most once per search for the services, and once per feed for its categories. `detail: { code, list, feed }`: `code` is `repeated_page` (the feed ignores the page asked for), `page_limit` (the feed has more pages than the reader reads) or `blocked_by_page_policy` (the page's Content-Security-Policy `connect-src` does not name the feed's origin: add it); `list` is `/services`, `/taxonomy_terms` or `/taxonomies`; `feed` is the feed's origin and path. Never the search or anything the family entered.
 *
 * @csspart base - The whole directory.
 * @csspart header - The heading row with the shortlist button.
 * @csspart search - The search form.
 * @csspart filters - The filters panel.
 * @csspart chips - The list of active filters.
 * @csspart chip - One active filter's remove button.
 * @csspart count - The visible result count.
 * @csspart results - The list of results.
 * @csspart result - One result.
 * @csspart details - The details dialog.
 * @csspart shortlist - The shortlist view.
 * @csspart shortlist-button - The button that opens the shortlist.
 * @csspart message - Loading, empty, error and offline messages.
 *
 * @cssprop --c2c-directory-accent - Accent colour for headings' rule and the selected state. Defaults to `--c2c-color-brand`.
 * @cssprop --c2c-directory-result-gap - Space between results. Defaults to `--c2c-space-3`.
 * @cssprop --c2c-directory-result-background - Result card background. Defaults to `--c2c-color-background`.
 * @cssprop --c2c-directory-result-border - Result card border colour. Defaults to `--c2c-color-border`.
 * @cssprop --c2c-directory-chip-background - Active filter chip background. Defaults to `--c2c-color-surface`.
 * @cssprop --c2c-directory-filters-width - Width of the filters column on wide layouts. Defaults to `18rem`.
 * @cssprop --c2c-directory-heading-size - Size of the directory heading. Defaults to `1.5rem`.
 * @cssprop --c2c-color-text - Text colour (system token).
 * @cssprop --c2c-color-link - Link colour (system token).
 * @cssprop --c2c-color-focus - Focus ring colour (system token).
 * @cssprop --c2c-font-family - Font (system token).
 */
export class C2cServiceDirectory extends LitElement {
  static override styles = styles;

  // Declared here rather than with decorators: each decorator call cost the CDN bundle its own statement and pulled
  // in Lit's decorator modules, 0.3 kB gzipped (issue #6). The fields below keep their documentation. Lit makes a
  // `state` property attribute-less by itself; `attribute: false` is spelled out for the manifest analyzer, which
  // otherwise lists every state as an attribute of the element.
  static override properties = {
    src: { reflect: true },
    services: { attribute: false },
    client: { attribute: false },
    staff: { type: Boolean, reflect: true },
    geocode: { attribute: false },
    noUrlState: { type: Boolean, attribute: 'no-url-state' },
    distanceUnit: { attribute: 'distance-unit' },
    storageKey: { attribute: 'storage-key' },
    pageSize: { type: Number, attribute: 'page-size' },
    messages: { attribute: false },
    fetch: { attribute: false },
    feedLang: { attribute: 'feed-lang' },
    filters: { state: true, attribute: false },
    origin: { state: true, attribute: false },
    radiusKm: { state: true, attribute: false },
    status: { state: true, attribute: false },
    errorKind: { state: true, attribute: false },
    moreError: { state: true, attribute: false },
    results: { state: true, attribute: false },
    total: { state: true, attribute: false },
    hasMore: { state: true, attribute: false },
    unreadable: { state: true, attribute: false },
    loadingMore: { state: true, attribute: false },
    staleSavedAt: { state: true, attribute: false },
    online: { state: true, attribute: false },
    view: { state: true, attribute: false },
    shortlist: { state: true, attribute: false },
    unlisted: { state: true, attribute: false },
    printing: { state: true, attribute: false },
    sharedIds: { state: true, attribute: false },
    shared: { state: true, attribute: false },
    sharedFor: { state: true, attribute: false },
    detail: { state: true, attribute: false },
    announcement: { state: true, attribute: false },
    taxonomyOptions: { state: true, attribute: false },
    cutShort: { state: true, attribute: false },
    filterListsPending: { state: true, attribute: false },
    locating: { state: true, attribute: false },
    locationError: { state: true, attribute: false },
    shareNote: { state: true, attribute: false },
    filtersOpen: { state: true, attribute: false },
    signpostState: { state: true, attribute: false },
    signpostParts: { state: true, attribute: false },
    lastSignpost: { state: true, attribute: false },
  };

  /**
   * URL of an Open Referral UK feed (a council's, or a hub's `/oruk`). Searched on the server. The feed's base address
   * and its `/services` address (`https://hub.example.org/oruk/services`, as feeds often give it) both work. It starts
   * with `https://` (or `http://`), or is a path on this site (`/oruk`): an address that starts with a host name but
   * no `https://` (`hub.example.org/oruk`) shows the "not a web address" message, rather than being read as a path
   * on this site or guessed to be https.
   */
  src?: string;

  /**
   * Services to search in the browser, for fully offline use. Takes precedence over `client` and `src`. A record
   * without an `id` or a `name` is left out (see {@link servicesLeftOut}), and the family is told that some
   * services could not be shown; lists a record does not have (`taxonomyTerms`, `languages`, ...) count as empty.
   */
  services?: Service[];

  /**
   * The positions in `services` of the records left out because they are not objects or lack an `id` or a `name`,
   * in order (`[]` when every record is shown). For the site owner, in the browser's console:
   * `document.querySelector('c2c-service-directory').servicesLeftOut`. Read-only; set when `services` is.
   */
  get servicesLeftOut(): readonly number[] {
    return this.leftOut;
  }
  private leftOut: readonly number[] = [];

  /** An SDK client (`createClient()` from `@c2c/sdk`) for a hub. Takes precedence over `src`. */
  client?: DirectoryClient;

  /** Shows staff actions (record signposting); needs a `client` with a staff token. */
  staff = false;

  /** Turns a typed postcode into coordinates. Without it, only "Use my location" is offered. */
  geocode?: Geocoder;

  /** Keeps search and filters out of the page URL (for pages with more than one directory, or their own routing). */
  noUrlState = false;

  /** Unit for distances: miles (`mi`, default) or kilometres (`km`). */
  distanceUnit: 'mi' | 'km' = 'mi';

  /** Namespace for the shortlist in localStorage, for sites with more than one directory. */
  storageKey = 'default';

  /** Results fetched per page from a remote source. */
  pageSize = 50;

  /** Overrides for any message, per language: `{ en: { heading: 'Our local offer' }, cy: { ... } }`. */
  messages?: DirectoryMessages;

  /** A custom `fetch` for the `src` feed (tests, proxies). */
  fetch?: typeof fetch;

  /**
   * The language of the services' own text (names, descriptions, addresses), as a BCP 47 tag: English (`en`)
   * unless the feed, hub or array is written in another. That text is marked with it, so a screen reader on a
   * Welsh page reads an English name as English (WCAG 3.1.2); the directory's own words follow the page.
   */
  feedLang = 'en';

  private readonly l = new LocalizeController<DirectoryKey>(this, directoryStrings, () => this.messages);

  private filters: Filters = emptyFilters();
  private origin?: Origin;
  private radiusKm?: number;
  private status: Status = 'idle';
  /** Why the last load failed: the connection (check it, try again), or the source itself (tell the school). */
  private errorKind: ErrorKind = 'network';
  /** Why the last "Show more" failed, until the next press or search. */
  private moreError: ErrorKind | undefined;
  private results: ServiceHit[] = [];
  private total: number | undefined = 0;
  private hasMore = false;
  /** Records the source sent for the results so far that could not be read, so are not listed. */
  private unreadable = 0;
  private loadingMore = false;
  private staleSavedAt?: string;
  private online = true;
  private view: 'results' | 'shortlist' | 'shared' = 'results';
  private shortlist: Service[] = [];
  /** Saved services a remote source answered "not found" for: gone from the directory since they were saved. */
  private unlisted: ReadonlySet<string> = new Set();
  /** Saved services a remote source has been asked about (see {@link checkShortlist}). */
  private askedSaved = new Set<string>();
  /** The questions about saved services still waiting for the source's answer, by service id. */
  private checkingSaved = new Map<string, Promise<void>>();
  /** Print was pressed and waits for the saved services' current records (see {@link print}). */
  private printing = false;
  private sharedIds: string[] = [];
  private shared: Service[] = [];
  /** The shared ids that `shared` was looked up for: until they match `sharedIds`, the lookup is still running. */
  private sharedFor?: string[];
  private detail?: Service;
  private announcement = '';
  private taxonomyOptions: TaxonomyTerm[] = [];
  /** The remote source could read only part of its categories: those of the services it loads are added. */
  private taxonomyPartial = false;
  /** The remote source stopped before the end of the list (see `ResultPage.cutShort`). */
  private cutShort = false;
  /** The array's filter lists are still to be worked out (see {@link DEFER_FILTER_LISTS_OVER}). */
  private filterListsPending = false;
  private locating = false;
  private locationError?: DirectoryKey;
  private shareNote?: 'copied' | 'failed';
  private filtersOpen = true;
  private signpostState: {
    status: 'idle' | 'sending' | 'done' | 'error';
    message?: string;
    field?: 'consent';
  } = {
    status: 'idle',
  };

  private get dialog(): HTMLDialogElement | null {
    return this.renderRoot.querySelector('dialog');
  }

  private array?: ArraySource;
  private remote?: RemoteSource;
  private cache?: ResultsCache;
  /** Results of searches with words typed: this tab only (see `searchRemote`). */
  private tabCache?: ResultsCache;
  private store = new ShortlistStore('default');
  private readonly rows = new RowWindow<ServiceHit>(
    this,
    () => this.renderRoot?.querySelector<HTMLElement>('ul.results.windowed'),
    (s) => s.id,
  );
  private abort?: AbortController;
  private announceTimer?: ReturnType<typeof setTimeout>;
  private remoteTimer?: ReturnType<typeof setTimeout>;
  private urlTimer?: ReturnType<typeof setTimeout>;
  private openerId?: string;
  private pendingServiceId?: string;
  private pushedDetails = false;
  /** The select whose key is down (arrow keys and the like): its `change` is a step, not a choice. */
  private steppingSelect?: string;
  /** The select whose run of keyboard steps made the current history entry, which its next steps replace. */
  private historyRun?: string;
  private indexPromise: Promise<void> = Promise.resolve();
  private sourceGeneration = 0;
  /** The current search has sent its `c2c-source-problem` (at most one a search). */
  private searchProblemSent = false;
  private signpostParts?: typeof import('./parts/signpost-form.js');
  /** What staff entered in their last record, offered in the next (in memory only, for this source). */
  private lastSignpost?: SignpostPrevious;

  /**
   * Resolves when the in-browser search index over `services` is built (it is built in the background after
   * the first results are shown; searches before then use a slower plain scan). For benchmarks and tests.
   */
  get searchIndexReady(): Promise<void> {
    return this.indexPromise;
  }

  /** The services currently listed, in order. */
  get currentResults(): readonly ServiceHit[] {
    return this.results;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.online = typeof navigator === 'undefined' ? true : navigator.onLine !== false;
    window.addEventListener('online', this.onOnline);
    window.addEventListener('offline', this.onOffline);
    window.addEventListener('popstate', this.onPopState);
    window.addEventListener('storage', this.onStorage);
    if (!this.noUrlState) this.applyUrlState(readUrlState(location.search));
    if (!this.hasUpdated) {
      const width = this.getBoundingClientRect().width;
      if (width > 0 && width < WIDE_PX) this.filtersOpen = false;
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('online', this.onOnline);
    window.removeEventListener('offline', this.onOffline);
    window.removeEventListener('popstate', this.onPopState);
    window.removeEventListener('storage', this.onStorage);
    this.abort?.abort();
    clearTimeout(this.announceTimer);
    clearTimeout(this.remoteTimer);
    clearTimeout(this.urlTimer);
  }

  /** A page in Welsh loads the Welsh messages first (once per page), so it never shows English before Welsh. */
  protected override scheduleUpdate(): void | Promise<unknown> {
    return this.l.whenLoaded(() => super.scheduleUpdate());
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('storageKey')) {
      this.store = new ShortlistStore(this.storageKey);
      this.shortlist = this.store.load();
    }
    if (
      changed.has('services') ||
      changed.has('client') ||
      changed.has('src') ||
      changed.has('fetch') ||
      changed.has('pageSize')
    )
      this.setUpSource();
    // An array holds every service's current record: the saved copies give way to them at once.
    const array = this.array;
    if (array && (changed.has('storageKey') || changed.has('services'))) this.refreshSaved((id) => array.byId.get(id));
  }

  private setUpSource(): void {
    this.sourceGeneration++;
    this.abort?.abort();
    this.array = undefined;
    this.remote = undefined;
    this.cache = this.tabCache = undefined;
    this.staleSavedAt = undefined;
    this.unreadable = 0;
    this.taxonomyPartial = this.cutShort = false;
    this.filterListsPending = false;
    this.unlisted = new Set();
    this.askedSaved = new Set();
    this.checkingSaved = new Map();
    // Another client may be another member of staff.
    this.lastSignpost = undefined;
    this.leftOut = [];
    if (this.services) {
      const { services, leftOut } = readServices(this.services);
      this.leftOut = leftOut;
      // Told as a feed's unreadable records are (see `unreadable`), which no search of the array changes.
      this.unreadable = leftOut.length;
      const array = (this.array = new ArraySource(services));
      if (services.length > DEFER_FILTER_LISTS_OVER) {
        // The selects are there from the first frame (so nothing moves), with their lists a task after it.
        this.taxonomyOptions = [];
        this.filterListsPending = true;
        void afterPaint().then(() => {
          if (this.array !== array) return;
          this.taxonomyOptions = array.taxonomies();
          array.languages();
          array.accessibility();
          this.filterListsPending = false;
        });
      } else this.taxonomyOptions = array.taxonomies();
      this.searchNow({ announce: true });
      // Index once the first results are on screen (two frames: Lit's render, then the row window's measuring),
      // so they never wait for MiniSearch to download or index.
      this.indexPromise = afterPaint()
        .then(afterPaint)
        .then(() => (this.array === array ? array.startIndex() : undefined));
      this.indexPromise.then(() => {
        // Results found by the fallback scan are re-ranked by the index once it is ready.
        if (this.filters.q.trim()) this.searchNow({ announce: false });
      });
      this.afterSource();
    } else if (!this.client && this.src && !feedUrl(this.src)) {
      this.status = 'idle';
      this.results = [];
    } else if (this.client || this.src) {
      this.results = [];
      this.connectRemote();
    } else {
      this.status = 'idle';
      this.results = [];
    }
  }

  /** Fetches the remote-source code (its own chunk: pages with a services array never download it) and searches. */
  private connectRemote(): void {
    const generation = ++this.sourceGeneration;
    this.status = 'loading';
    this.announceLoading();
    // The shared part and the one source this page uses, fetched side by side (the ORUK source brings the SDK's
    // reader). A feed source that did not arrive fails each search, so the saved results can still be shown.
    const client = this.client;
    Promise.all([
      import('./parts/remote-sources.js'),
      client
        ? import('./parts/hub-source.js')
        : import('./parts/oruk-source.js').catch((error: unknown) => ({ error })),
    ]).then(
      ([m, s]) => {
        if (generation !== this.sourceGeneration) return;
        const source = client ? `hub:${this.src ?? 'client'}` : `oruk:${this.src}`;
        this.remote = m.skippingEmptyPages(
          'hubSource' in s
            ? s.hubSource(client!, this.pageSize)
            : 'orukSource' in s
              ? s.orukSource(feedUrl(this.src!)!, this.pageSize, this.fetch)
              : m.unavailableSource(s.error),
        );
        this.cache = new m.ResultsCache(source);
        this.tabCache = new m.ResultsCache(source, () => sessionStorage);
        this.startRemote(this.remote);
      },
      () => {
        // The chunk did not arrive (a dropped connection, or a self-hosted copy missing the bundle's other
        // files): say so, with Try again, rather than loading for ever.
        if (generation !== this.sourceGeneration) return;
        this.status = 'error';
        this.errorKind = 'network';
        this.announceError();
      },
    );
  }

  private startRemote(remote: RemoteSource): void {
    remote
      .taxonomies({})
      .then(({ terms, partial, problem }) => {
        if (this.remote !== remote) return;
        this.taxonomyPartial = !!partial;
        if (problem) this.sourceProblem(problem);
        this.taxonomyOptions = terms;
        this.addCategoriesOf(this.results);
      })
      .catch(() => {
        // Without the taxonomy the category filter is simply not offered.
      });
    void this.searchRemote();
    this.afterSource();
  }

  /**
   * Adds to a partial category list (see {@link taxonomyPartial}) the categories of `services` it lacks, so that a
   * family can still filter by every category it can see on a result.
   */
  private addCategoriesOf(services: Service[]): void {
    if (!this.taxonomyPartial) return;
    const known = new Set(this.taxonomyOptions.map((t) => t.id));
    const added: TaxonomyTerm[] = [];
    for (const s of services)
      for (const t of s.taxonomyTerms)
        if (!known.has(t.id)) {
          known.add(t.id);
          added.push(t);
        }
    if (added.length) this.taxonomyOptions = [...this.taxonomyOptions, ...added];
  }

  /** Opens what the page address asked for (a service's details, a shared shortlist) once data can be read. */
  private afterSource(): void {
    if (this.pendingServiceId) void this.openById(this.pendingServiceId, { push: false });
    if (this.sharedIds.length) void this.loadShared();
    this.checkShortlist();
  }

  // ---- searching ----

  private serviceQuery(): ServiceQuery {
    const f = this.filters;
    const q: ServiceQuery = {};
    if (f.q.trim()) q.q = f.q.trim();
    if (f.taxonomy) q.taxonomy = f.taxonomy;
    if (f.age !== undefined) q.age = f.age;
    if (f.free) q.free = true;
    if (f.day) q.day = f.day;
    if (f.time) q.time = f.time;
    if (f.language) q.language = f.language;
    if (f.accessibility) q.accessibility = f.accessibility;
    if (this.origin) {
      q.lat = this.origin.lat;
      q.lng = this.origin.lng;
      if (this.radiusKm) q.radiusKm = this.radiusKm;
    }
    return q;
  }

  /** Runs the search for the current filters: at once for an array, debounced for a remote source while typing. */
  private search(options: { typing?: boolean } = {}): void {
    if (this.array) this.searchNow({ announce: true });
    else if (this.remote) {
      clearTimeout(this.remoteTimer);
      if (options.typing) this.remoteTimer = setTimeout(() => void this.searchRemote(), REMOTE_DEBOUNCE_MS);
      else void this.searchRemote();
    }
  }

  private searchNow(options: { announce: boolean }): void {
    if (!this.array) return;
    const page = this.array.search(this.serviceQuery());
    this.results = page.items;
    this.total = page.total;
    this.hasMore = false;
    this.status = 'ready';
    if (options.announce) this.scheduleAnnouncement();
  }

  private async searchRemote(): Promise<void> {
    const remote = this.remote;
    if (!remote) return;
    this.abort?.abort();
    const controller = new AbortController();
    this.abort = controller;
    const query = this.serviceQuery();
    // A search near the family's location is never cached: storage must not reveal where they are, and words with
    // their postcode in them say it as plainly. What else a family typed is kept for this tab only: on a shared
    // computer the next person must not find it in localStorage.
    const cacheKey = query.lat === undefined && !(query.q && hasPostcode(query.q)) ? JSON.stringify(query) : undefined;
    const cache = query.q ? this.tabCache : this.cache;
    this.status = 'loading';
    this.staleSavedAt = undefined;
    this.moreError = undefined;
    this.cutShort = false;
    this.searchProblemSent = false;
    this.announceLoading();
    try {
      const page = await remote.search(query, { signal: controller.signal });
      if (controller.signal.aborted || this.remote !== remote) return;
      this.results = page.items;
      this.addCategoriesOf(page.items);
      // The pages skipped for having nothing to show can end at a feed's repeated page: its cut-short list, as after
      // "Show more", is not "No services found".
      this.cutShort = !!page.cutShort;
      this.reportProblemOf(page);
      // After pages with nothing to show were skipped, the last page may not count, but it tells the total.
      this.total = page.total ?? (page.hasMore || page.cutShort ? undefined : page.items.length);
      this.hasMore = page.hasMore;
      this.unreadable = page.unreadable;
      this.status = 'ready';
      if (cacheKey) cache?.set(cacheKey, { items: page.items, total: page.total });
      this.scheduleAnnouncement();
    } catch (err) {
      if (controller.signal.aborted || this.remote !== remote) return;
      const cached = cacheKey ? cache?.get(cacheKey) : undefined;
      this.status = 'error';
      this.results = cached?.items ?? [];
      this.total = cached?.total;
      this.hasMore = false;
      this.unreadable = 0;
      this.staleSavedAt = cached?.savedAt;
      this.errorKind = errorKindOf(err);
      this.announceError();
      // The family can do nothing about it; the site owner, told, can.
      if (this.errorKind === 'blocked')
        this.reportProblemOf({ problem: { code: 'blocked_by_page_policy', list: '/services' } });
    }
  }

  private async loadMore(): Promise<void> {
    const remote = this.remote;
    // A second press while a page loads does nothing. The button is aria-disabled, not disabled: disabling the
    // focused button would drop keyboard focus to the page.
    if (!remote || this.loadingMore) return;
    this.loadingMore = true;
    this.moreError = undefined;
    const controller = new AbortController();
    this.abort = controller;
    try {
      const page = await remote.more({ signal: controller.signal });
      if (controller.signal.aborted || remote !== this.remote) return;
      const seen = new Set(this.results.map((s) => s.id));
      const added = page.items.filter((s) => !seen.has(s.id));
      this.results = [...this.results, ...added];
      this.addCategoriesOf(added);
      this.hasMore = page.hasMore;
      this.unreadable += page.unreadable;
      this.cutShort = !!page.cutShort;
      this.reportProblemOf(page);
      // An ORUK feed (and the hub, when it counts) gives the total on every page; otherwise the last page tells it,
      // unless the source stopped short of the end.
      this.total = page.total ?? (page.hasMore || page.cutShort ? undefined : this.results.length);
      this.scheduleAnnouncement();
      // The button that had focus goes with the last page: continue from the first new result, or from the count
      // when the last page brought none (every service on it left out by a filter the feed cannot apply).
      if (!page.hasMore) {
        const target = added[0] ? `[data-open="${CSS.escape(added[0].id)}"]` : '#count';
        void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(target)?.focus());
      }
    } catch (err) {
      if (controller.signal.aborted || remote !== this.remote) return;
      this.hasMore = true;
      // Said and shown beside the button: a press that silently brought nothing would look as if it did not work.
      this.moreError = errorKindOf(err);
      this.announceError(this.moreError);
      if (this.moreError === 'blocked')
        this.reportProblemOf({ problem: { code: 'blocked_by_page_policy', list: '/services' } });
    } finally {
      this.loadingMore = false;
    }
  }

  private retry = (): void => {
    if (this.remote) void this.searchRemote();
    else this.connectRemote();
    // The button goes while the search runs; the count that says "Loading…" and then the result holds focus.
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('#count')?.focus());
  };

  // ---- announcements and events ----

  /**
   * Tells the host, once a search, that the feed cut the list of services short. Families see only that there may be
   * more; the library may not log, so without this the site owner, who can take it up with whoever runs the feed,
   * would never hear of it.
   */
  private reportProblemOf(page: Pick<ResultPage, 'problem'>): void {
    if (!page.problem || this.searchProblemSent) return;
    this.searchProblemSent = true;
    this.sourceProblem(page.problem);
  }

  /** Names the feed by origin and path only: a query string may carry an API key, which hosts should not log. */
  private sourceProblem(problem: SourceProblem): void {
    const url = this.src ? feedUrl(this.src) : undefined;
    if (!url) return;
    const { origin, pathname } = new URL(url);
    emit(this, 'c2c-source-problem', { code: problem.code, list: problem.list, feed: origin + pathname });
  }

  private countText(): string {
    // Nothing loaded and no saved copy: the error says so; "0 services shown. More are available." would not.
    if (this.status === 'error' && this.results.length === 0) return '';
    if (this.cutShort) return this.l.plural('results_cut_short', this.results.length);
    if (this.total === undefined) return this.l.plural('results_shown', this.results.length);
    if (this.total === 0) return this.l.t('results_none');
    return this.l.plural('results', this.total);
  }

  /** The live region speaks once typing settles, not on every keystroke. */
  private scheduleAnnouncement(): void {
    clearTimeout(this.announceTimer);
    this.announceTimer = setTimeout(() => {
      // The whole directory's count, heard over a shared shortlist or the shortlist, would describe a list not shown.
      if (this.view === 'results') this.announce(this.countText());
      const { lat, lng, q, ...filters } = this.serviceQuery();
      void lat;
      void lng;
      // Hosts forward this event to analytics: a family's own postcode, typed into the search box, places them as
      // surely as their location would. It is left out of the page address for the same reason.
      const textWithheld = q !== undefined && hasPostcode(q);
      emit(this, 'c2c-search', { query: q === undefined || textWithheld ? filters : { q, ...filters }, textWithheld });
    }, ANNOUNCE_DELAY_MS);
  }

  /**
   * The error is said here only: the message on screen is no live region, or a screen reader would hear it twice,
   * and again each time it re-renders.
   */
  private announceError(kind = this.errorKind): void {
    this.announce(this.errorText(kind));
  }

  private errorText(kind: ErrorKind): string {
    return this.l.t('error_spoken', { title: this.l.t('error_title'), body: this.l.t(this.errorBody(kind)) });
  }

  /**
   * A request that fails while the browser is online was most often refused by the page's `connect-src` or by the
   * feed's CORS: "Check your internet connection" would send the family to a connection that works.
   */
  private errorBody(kind: ErrorKind): DirectoryKey {
    if (kind === 'blocked') return 'error_body_blocked';
    return kind === 'source' ? 'error_body_source' : this.online ? 'error_body_unreachable' : 'error_body';
  }

  private announce(text: string): void {
    clearTimeout(this.announceTimer);
    if (text && text === this.announcement) {
      // The same words again are no change to a live region, so a filter change that finds as many services would
      // be met with silence: empty it, and say them again once the emptying has reached the accessibility tree.
      this.announcement = '';
      this.announceTimer = setTimeout(() => (this.announcement = text), REPEAT_ANNOUNCE_MS);
    } else this.announcement = text;
  }

  /**
   * "Loading" followed at once by the count is two announcements for one search, and a screen reader speaks
   * both: say it only when the wait is long enough to need saying. The count (or the error) cancels it.
   */
  private announceLoading(): void {
    clearTimeout(this.announceTimer);
    this.announceTimer = setTimeout(() => this.announce(this.l.t('loading')), LOADING_ANNOUNCE_MS);
  }

  // ---- URL state ----

  private applyUrlState(state: UrlState): void {
    const { service, shortlist, ...filters } = state;
    this.filters = { ...emptyFilters(), ...filters };
    this.sharedIds = shortlist ?? [];
    this.view = this.sharedIds.length ? 'shared' : this.view === 'shared' ? 'results' : this.view;
    this.pendingServiceId = service;
  }

  private urlState(): UrlState {
    return {
      ...this.filters,
      ...(this.detail ? { service: this.detail.id } : {}),
      ...(this.view === 'shared' && this.sharedIds.length ? { shortlist: this.sharedIds } : {}),
    };
  }

  private writeUrl(mode: 'push' | 'replace', marker: string | null = null): void {
    clearTimeout(this.urlTimer);
    if (this.noUrlState) return;
    const href = writeUrlState(location.href, this.urlState());
    if (href === location.href) return;
    if (mode === 'push') history.pushState({ c2cDirectory: marker }, '', href);
    else history.replaceState(history.state, '', href);
  }

  private onPopState = (): void => {
    if (this.noUrlState) return;
    this.historyRun = undefined;
    const state = readUrlState(location.search);
    const query = JSON.stringify(this.serviceQuery());
    this.applyUrlState(state);
    this.pushedDetails = false;
    if (!state.service && this.detail) this.closeDialog();
    if (state.service && state.service !== this.detail?.id) void this.openById(state.service, { push: false });
    // applyUrlState gave the shared ids a new list, which shows as loading until it is looked up.
    if (this.view === 'shared') void this.loadShared();
    // Closing details steps back to an entry with the same search: searching again would drop the pages added
    // with "Show more", and with them the row that focus returns to.
    if (JSON.stringify(this.serviceQuery()) !== query) this.search();
  };

  // ---- filters ----

  private setFilters(patch: Partial<Filters>, history: 'push' | 'replace' = 'push', typing = false): void {
    this.historyRun = undefined;
    const next = { ...this.filters, ...patch };
    for (const k of Object.keys(next) as Array<keyof Filters>)
      if (next[k] === undefined || next[k] === '') delete next[k];
    this.filters = { ...next, q: next.q ?? '' };
    this.search({ typing });
    if (history === 'replace') {
      clearTimeout(this.urlTimer);
      this.urlTimer = setTimeout(() => this.writeUrl('replace'), URL_DEBOUNCE_MS);
    } else this.writeUrl('push');
  }

  private onQueryInput = (e: Event): void => {
    this.setFilters({ q: (e.target as HTMLInputElement).value }, 'replace', true);
  };

  private onSearchSubmit = (e: Event): void => {
    e.preventDefault();
    const value = (this.renderRoot.querySelector('#q') as HTMLInputElement | null)?.value ?? '';
    this.setFilters({ q: value }, 'push');
  };

  /**
   * Chromium fires `change` for every arrow-key step through a closed select. Stepping through a select makes one
   * history entry, updated as it goes, and a remote search once the steps settle (as typing does); a choice made
   * with the mouse or the picker, or a step after any other change, makes its own entry so Back returns to it.
   */
  private onSelect(key: 'taxonomy' | 'day' | 'time' | 'language' | 'accessibility') {
    return (e: Event) => {
      const select = e.target as HTMLSelectElement;
      const stepping = this.steppingSelect === select.id;
      const continuing = stepping && this.historyRun === key;
      const patch = { [key]: select.value || undefined } as Partial<Filters>;
      this.setFilters(patch, continuing ? 'replace' : 'push', stepping);
      this.historyRun = stepping ? key : undefined;
    };
  }

  private onSelectKey = (e: KeyboardEvent): void => {
    if (!(e.target instanceof HTMLSelectElement)) return;
    const id = e.target.id;
    if (e.type === 'keyup' || e.altKey || e.ctrlKey || e.metaKey) {
      if (this.steppingSelect === id) this.steppingSelect = undefined;
    } else if (e.key.length === 1 || /^(Arrow|Page|Home|End)/.test(e.key)) this.steppingSelect = id;
  };

  private onSelectBlur = (): void => {
    this.steppingSelect = undefined;
    this.historyRun = undefined;
  };

  private onAge = (e: Event): void => {
    const input = e.target as HTMLInputElement;
    const raw = input.value.trim();
    const age = raw === '' ? undefined : Number(raw);
    if (age !== undefined && (!Number.isFinite(age) || age < 0 || age > 120)) return;
    this.setFilters({ age }, e.type === 'change' ? 'push' : 'replace', e.type !== 'change');
  };

  private onFree = (e: Event): void => {
    this.setFilters({ free: (e.target as HTMLInputElement).checked || undefined });
  };

  private onRadius = (e: Event): void => {
    const v = Number((e.target as HTMLSelectElement).value);
    this.radiusKm = v > 0 ? v : undefined;
    this.search();
  };

  /**
   * Once there is an origin, the buttons that set it give way to "Near …" and the radius: focus goes to "Near …",
   * which says what happened, instead of being dropped to the page with the button.
   */
  private focusOrigin(): void {
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('.origin')?.focus());
  }

  private useMyLocation = (): void => {
    // A press while locating does nothing. The button is aria-disabled, not disabled: disabling the focused
    // button would drop keyboard focus to the page.
    if (this.locating) return;
    this.locationError = undefined;
    if (!('geolocation' in navigator)) {
      this.locationError = 'location_unavailable';
      return;
    }
    this.locating = true;
    navigator.geolocation.getCurrentPosition(
      (pos) => {
        this.locating = false;
        // A family's position is personal data: to about 100 m is enough to sort by distance, and is all that
        // leaves this function (for the hub's query, and any cache on the way).
        this.origin = { lat: roundTo3(pos.coords.latitude), lng: roundTo3(pos.coords.longitude) };
        this.search();
        this.focusOrigin();
      },
      () => {
        this.locating = false;
        this.locationError = 'location_failed';
      },
      { timeout: 15000, maximumAge: 600000 },
    );
  };

  private usePostcode = async (e: Event): Promise<void> => {
    e.preventDefault();
    const input = this.renderRoot.querySelector('#postcode') as HTMLInputElement | null;
    const postcode = input?.value.trim().toUpperCase() ?? '';
    if (!this.geocode || this.locating) return;
    if (!postcode) {
      // GOV.UK: say what to do beside the box, rather than do nothing.
      this.locationError = 'postcode_empty';
      input?.focus();
      return;
    }
    this.locationError = undefined;
    this.locating = true;
    try {
      const point = await this.geocode(postcode);
      if (point && Number.isFinite(point.lat) && Number.isFinite(point.lng)) {
        this.origin = { lat: point.lat, lng: point.lng, postcode };
        this.search();
        this.focusOrigin();
      } else this.locationError = 'postcode_not_found';
    } catch {
      this.locationError = 'postcode_not_found';
    } finally {
      this.locating = false;
    }
  };

  private clearLocation = (): void => {
    this.origin = undefined;
    this.radiusKm = undefined;
    this.search();
  };

  private activeFilters(): Array<{ key: string; label: string; remove: () => void; feed?: boolean }> {
    const f = this.filters;
    const out: Array<{ key: string; label: string; remove: () => void; feed?: boolean }> = [];
    if (f.q.trim())
      out.push({
        key: 'q',
        label: this.l.t('chip_query', { q: f.q.trim() }),
        remove: () => this.setFilters({ q: '' }),
      });
    if (f.taxonomy)
      out.push({
        key: 'taxonomy',
        label: this.categoryName(f.taxonomy),
        remove: () => this.setFilters({ taxonomy: undefined }),
        feed: true,
      });
    if (f.age !== undefined)
      out.push({
        key: 'age',
        label: this.l.t('chip_age', { age: this.l.number(f.age) }),
        remove: () => this.setFilters({ age: undefined }),
      });
    if (f.free)
      out.push({ key: 'free', label: this.l.t('chip_free'), remove: () => this.setFilters({ free: undefined }) });
    if (f.day)
      out.push({
        key: 'day',
        label: capitalise(this.l.t(`day_${f.day}` as DirectoryKey)),
        remove: () => this.setFilters({ day: undefined }),
      });
    if (f.time)
      out.push({
        key: 'time',
        label: this.l.t('chip_time', { time: timeText(f.time, this.l) }),
        remove: () => this.setFilters({ time: undefined }),
      });
    if (f.language)
      out.push({
        key: 'language',
        label: this.languageName(f.language),
        remove: () => this.setFilters({ language: undefined }),
        feed: !LANGUAGE_CODE.test(f.language),
      });
    if (f.accessibility)
      out.push({
        key: 'accessibility',
        label: this.accessibilityName(f.accessibility),
        remove: () => this.setFilters({ accessibility: undefined }),
        feed: !ACCESSIBILITY_LABEL.has(f.accessibility.toLowerCase()),
      });
    if (this.origin) {
      const label = this.radiusKm
        ? this.l.t('chip_distance', { distance: this.radiusText(this.radiusKm) })
        : this.l.t('chip_near');
      out.push({ key: 'distance', label, remove: this.clearLocation });
    }
    return out;
  }

  private clearAll = (): void => {
    this.origin = undefined;
    this.radiusKm = undefined;
    this.filters = emptyFilters();
    this.search();
    this.writeUrl('push');
    this.updateComplete.then(() => (this.renderRoot.querySelector('#q') as HTMLElement | null)?.focus());
  };

  /** Removing a chip removes the button that had focus: move focus to its neighbour, or to the search box. */
  private removeChip(index: number, remove: () => void): void {
    remove();
    this.updateComplete.then(() => {
      const chips = [...this.renderRoot.querySelectorAll<HTMLElement>('.chip')];
      (chips[index] ?? chips[index - 1] ?? (this.renderRoot.querySelector('#q') as HTMLElement | null))?.focus();
    });
  }

  /**
   * A suggestion in the empty state goes with it once results come back: focus the count, which says what the press
   * did. The chip of another filter would only invite a second press that removes that one too.
   */
  private removeSuggestion(index: number, remove: () => void): void {
    remove();
    void this.updateComplete.then(() => {
      const left = [...this.renderRoot.querySelectorAll<HTMLElement>('.suggestion')];
      (left[index] ?? left[index - 1] ?? this.renderRoot.querySelector<HTMLElement>('#count'))?.focus();
    });
  }

  // ---- details ----

  private async openById(id: string, options: { push: boolean }): Promise<void> {
    this.pendingServiceId = undefined;
    let service: Service | undefined =
      this.array?.byId.get(id) ??
      this.results.find((s) => s.id === id) ??
      // A saved copy stands in while a remote source is asked (and refreshes it); an array has the last word.
      (this.array ? undefined : this.shortlist.find((s) => s.id === id));
    if (!service && this.remote) {
      try {
        service = await this.remote.get(id, {});
      } catch {
        service = undefined;
      }
    }
    if (!service && !this.array && !this.remote) {
      this.pendingServiceId = id;
      return;
    }
    if (service) await this.openDetails(service, options);
  }

  private async openDetails(service: Service, options: { push: boolean } = { push: true }): Promise<void> {
    this.openerId = service.id;
    this.detail = service;
    this.signpostState = { status: 'idle' };
    await this.updateComplete;
    const dialog = this.dialog;
    if (dialog && !dialog.open) dialog.showModal();
    (this.renderRoot.querySelector('#details-title') as HTMLElement | null)?.focus();
    if (options.push) {
      this.writeUrl('push', 'details');
      this.pushedDetails = true;
    }
    // A result near the family carries its distance from them; a few of those, with the venues' public
    // coordinates, place the family. Events reach whatever the host page runs (analytics too): the service only.
    emit(this, 'c2c-service-open', { service: stripDistance(service) });
    if (this.remote) {
      // List pages can carry less than the full record; refresh the details quietly.
      this.remote
        .get(service.id, {})
        .then((full) => {
          if (this.detail?.id === full.id) this.detail = full;
          this.refreshSaved((id) => (id === full.id ? full : undefined));
        })
        .catch(() => undefined);
    }
  }

  private closeDialog(): void {
    if (this.dialog?.open) this.dialog.close();
    else this.onDialogClosed();
  }

  private onDialogClosed = (): void => {
    if (!this.detail) return;
    this.detail = undefined;
    if (this.pushedDetails && history.state?.c2cDirectory === 'details') {
      this.pushedDetails = false;
      history.back();
    } else this.writeUrl('replace');
    const id = this.openerId;
    this.updateComplete.then(() => {
      const opener = id ? this.renderRoot.querySelector<HTMLElement>(`[data-open="${CSS.escape(id)}"]`) : null;
      // Its service may have been taken off the shortlist in the dialog, and its row with it: the view's heading.
      (opener ?? this.renderRoot.querySelector<HTMLElement>('#count, #shortlist-title'))?.focus();
    });
  };

  // ---- shortlist ----

  private isSaved(id: string): boolean {
    return this.shortlist.some((s) => s.id === id);
  }

  /**
   * A saved service the directory no longer lists (taken out of the array, or gone from the feed or hub). Its saved
   * copy is no guide to what is on offer now, so the shortlist shows its name, says so and offers to remove it.
   */
  private isUnlisted(id: string): boolean {
    return this.array ? !this.array.byId.has(id) : this.unlisted.has(id);
  }

  /**
   * Asks a remote source, while the shortlist is shown, about each saved service it has not yet been asked about,
   * and shows (and stores) the record it answers in place of the saved copy. Only "not found" makes one unlisted: a
   * failed request (offline, a feed's bad day) says nothing about it, and the saved copy stays. Resolves when every
   * saved service's question, this call's or an earlier one still waiting, has its answer (or has failed).
   */
  private checkShortlist(): Promise<void> {
    const remote = this.remote;
    if (!remote || this.view !== 'shortlist') return Promise.resolve();
    const waiting: Array<Promise<void>> = [];
    for (const { id } of this.shortlist) {
      const pending = this.checkingSaved.get(id);
      if (pending) waiting.push(pending);
      if (this.askedSaved.has(id)) continue;
      this.askedSaved.add(id);
      const checking = this.checkingSaved;
      const asked = remote.get(id, {}).then(
        (current) => {
          if (this.remote === remote) this.refreshSaved((saved) => (saved === id ? current : undefined));
        },
        (err: unknown) => {
          if (this.remote !== remote) return;
          if (isGone(err)) this.unlisted = new Set([...this.unlisted, id]);
          else this.askedSaved.delete(id);
        },
      );
      checking.set(id, asked);
      void asked.then(() => checking.delete(id));
      waiting.push(asked);
    }
    return Promise.all(waiting).then(() => undefined);
  }

  private toggleSaved(service: Service): void {
    this.setShortlist(
      this.isSaved(service.id)
        ? this.shortlist.filter((s) => s.id !== service.id)
        : [...this.shortlist, stripDistance(service)],
    );
  }

  /** The save button of a result in a list (the details dialog's own stays where it is). */
  private onSaveClick(service: Service): void {
    const index = this.view === 'shortlist' ? this.shortlist.findIndex((s) => s.id === service.id) : -1;
    this.toggleSaved(service);
    if (index < 0) return;
    // In the shortlist, removing a service removes its row and the focused button with it: focus moves on to the
    // service now in its place, or the one before when it was last, or the heading when none are left.
    void this.updateComplete.then(() => {
      const rest = this.renderRoot.querySelectorAll<HTMLElement>('.shortlist .save');
      const next =
        rest[Math.min(index, rest.length - 1)] ?? this.renderRoot.querySelector<HTMLElement>('#shortlist-title');
      next?.focus();
    });
  }

  /**
   * Puts the current record of each saved service that `current` has in place of its saved copy, which would show
   * the opening times, cost and contacts of the day it was saved, and stores them so the copy kept for offline use
   * is the newest one seen. A service `current` does not have keeps its saved copy.
   */
  private refreshSaved(
    current: (id: string) => Service | undefined,
    options: { store: boolean } = { store: true },
  ): void {
    let changed = false;
    const next = this.shortlist.map((saved) => {
      const found = current(saved.id);
      if (!found) return saved;
      const fresh = stripDistance(found);
      if (JSON.stringify(fresh) === JSON.stringify(saved)) return saved;
      changed = true;
      return fresh;
    });
    if (!changed) return;
    this.shortlist = next;
    // The same services, so no c2c-shortlist-change.
    if (options.store) this.store.save(next);
  }

  private setShortlist(next: Service[]): void {
    this.shortlist = next;
    this.store.save(next);
    emit(this, 'c2c-shortlist-change', { ids: next.map((s) => s.id) });
  }

  private onStorage = (e: StorageEvent): void => {
    // localStorage.clear() in another tab (a shared computer's sign-out) reaches this tab with a null key: the
    // shortlist kept here must go too, not be shown and saved again by the next change.
    if (e.key !== null && e.key !== this.store.key) return;
    this.shortlist = this.store.load();
    // Shown current, but not stored again: two tabs with different versions of the directory would otherwise
    // answer each other's writes for ever.
    const array = this.array;
    if (array) this.refreshSaved((id) => array.byId.get(id), { store: false });
  };

  private showShortlist = (): void => {
    this.view = 'shortlist';
    this.shareNote = undefined;
    this.checkShortlist();
    this.updateComplete.then(() => (this.renderRoot.querySelector('#shortlist-title') as HTMLElement | null)?.focus());
  };

  private backToResults = (): void => {
    const wasShared = this.view === 'shared';
    this.view = 'results';
    if (wasShared) {
      this.sharedIds = [];
      this.writeUrl('push');
    }
    this.updateComplete.then(() => (this.renderRoot.querySelector('#count') as HTMLElement | null)?.focus());
  };

  /** A link that opens this page with the shortlist's service ids (public ids only) and nothing else of ours. */
  shareLink(): string {
    return writeUrlState(location.href, { q: '', shortlist: this.shortlist.map((s) => s.id) });
  }

  private share = async (): Promise<void> => {
    // A clipboard write can wait without end (a page without focus, a permission prompt left open): after a
    // moment the link is shown to copy by hand rather than the button seeming to do nothing.
    const gaveUp = new Promise<'failed'>((r) => setTimeout(() => r('failed'), CLIPBOARD_WAIT_MS));
    const note = await Promise.race([
      // Only a secure context has `navigator.clipboard`: on a page served over http it is undefined, and the link
      // is shown to copy by hand.
      Promise.resolve()
        .then(() => navigator.clipboard.writeText(this.shareLink()))
        .then(
          () => 'copied' as const,
          () => 'failed' as const,
        ),
      gaveUp,
    ]);
    // Empty the status first, so a second copy is a change a screen reader announces again.
    this.shareNote = undefined;
    await this.updateComplete;
    this.shareNote = note;
  };

  private print = async (): Promise<void> => {
    if (this.printing) return;
    this.view = 'shortlist';
    // Paper keeps what it was printed with: the opening times, cost and contacts of a saved copy would go out as
    // current. A remote source's answers (asked for when the shortlist opened, or again now if that failed) come
    // first, for a few seconds at most; a service the source could not be asked about prints from its saved copy.
    this.printing = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([this.checkShortlist(), new Promise((resolve) => (timer = setTimeout(resolve, PRINT_WAIT_MS)))]);
    clearTimeout(timer);
    this.printing = false;
    await this.updateComplete;
    window.print();
  };

  private async loadShared(): Promise<void> {
    const ids = this.sharedIds;
    if (!this.array && !this.remote) return;
    // The current record, as the source has it; a saved copy only when the source cannot be asked, not when it
    // says the service has gone.
    const found = await Promise.all(
      ids.map(async (id) => {
        if (this.array) return this.array.byId.get(id);
        return this.remote
          ?.get(id, {})
          .catch((err: unknown) => (isGone(err) ? undefined : this.shortlist.find((s) => s.id === id)));
      }),
    );
    if (ids !== this.sharedIds) return;
    this.shared = found.filter((s): s is Service => !!s);
    const current = new Map(this.shared.map((s) => [s.id, s]));
    this.refreshSaved((id) => current.get(id));
    this.sharedFor = ids;
    if (this.view === 'shared') this.announce(this.sharedStatus().join(' '));
  }

  /** What a shared link holds and how to leave it, as whole sentences: shown under the heading, and said once. */
  private sharedStatus(): string[] {
    const found = this.shared.length;
    return [
      found ? this.l.plural('shared_count', found) : this.l.t('shared_none'),
      ...(found && found < this.sharedIds.length ? [this.l.t('shared_missing')] : []),
      this.l.t('shared_back'),
    ];
  }

  private saveShared = (): void => {
    const have = new Set(this.shortlist.map((s) => s.id));
    this.setShortlist([...this.shortlist, ...this.shared.filter((s) => !have.has(s.id))]);
  };

  // ---- online / offline ----

  private onOnline = (): void => {
    this.online = true;
    if (this.status !== 'error') return;
    if (this.remote) void this.searchRemote();
    else this.connectRemote();
  };

  private onOffline = (): void => {
    this.online = false;
    // The notice appears above the search, far from where a screen reader user is: say it where they will hear it.
    this.announce(this.l.t('offline'));
  };

  // ---- staff: signposting ----

  private get signpostingApi() {
    const c = this.client;
    return c && 'signposting' in c ? c.signposting : undefined;
  }

  private onSignpost = async (e: SubmitEvent): Promise<void> => {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const service = this.detail;
    const api = this.signpostingApi;
    const parts = this.signpostParts;
    // A second press while sending records nothing twice. The button is aria-disabled, not disabled: disabling
    // the focused button would drop keyboard focus to the page, and it stays where it is for the confirmation.
    if (!service || !api || !parts || this.signpostState.status === 'sending') return;
    const { input, consentMissing } = parts.readSignpostForm(form, service.id);
    if (consentMissing) {
      this.signpostState = { status: 'error', message: this.l.t('referral_needs_consent'), field: 'consent' };
      // GOV.UK: take the user to the box to fix, which reads out the message tied to it.
      void this.updateComplete.then(() => form.querySelector<HTMLElement>('#s-consent')?.focus());
      return;
    }
    this.signpostState = { status: 'sending' };
    try {
      const signposting: Signposting = await api.create(input);
      this.signpostState = {
        status: 'done',
        message: this.l.t(input.kind === 'referred' ? 'recorded_referral' : 'recorded', { service: service.name }),
      };
      this.lastSignpost = {
        familyReference: input.familyReference,
        consentMethod: input.consent.method,
      };
      form.reset();
      emit(this, 'c2c-signpost', { signposting });
    } catch (err) {
      const detail = err instanceof Error && 'code' in err ? err.message : '';
      this.signpostState = {
        status: 'error',
        message: detail ? this.l.t('signpost_failed', { detail }) : this.l.t('signpost_failed_generic'),
      };
    }
  };

  /** The signposting form is staff-only, so it is its own chunk, fetched the first time it is needed. */
  private renderSignpost(s: Service): TemplateResult | typeof nothing {
    if (!this.signpostParts) {
      void import('./parts/signpost-form.js').then((m) => {
        this.signpostParts = m;
      });
      return nothing;
    }
    return this.signpostParts.renderSignpostForm({
      t: (k, v) => this.l.t(k, v),
      state: this.signpostState,
      onSubmit: this.onSignpost,
      serviceId: s.id,
      previous: this.lastSignpost,
    });
  }

  // ---- formatting ----

  private languageName(value: string): string {
    if (LANGUAGE_CODE.test(value)) {
      const own =
        this.l.lang === 'en' || intlNamesLanguagesIn(this.l.locale)
          ? ''
          : this.l.t('language_name', { code: value.toLowerCase() });
      if (own) return own;
      try {
        return new Intl.DisplayNames([this.l.locale], { type: 'language' }).of(value.toLowerCase()) ?? value;
      } catch {
        return value;
      }
    }
    return value;
  }

  /**
   * The languages a service is offered in, as a list in the page's language. A language the feed names without a code
   * is the feed's own word ("Polish" on a Welsh page): it is marked with the feed's language, and left out of the
   * Welsh mutation after "a", which would make an English word of it that no one writes ("a Pholish").
   */
  private languageList(s: Service) {
    // Each feed word stands in the list as a numbered mark, which no language's list formatting changes.
    const joined = this.l.list(s.languages.map((x, i) => (x.code ? this.languageName(x.code) : `\u0000${i}\u0000`)));
    return joined
      .split('\u0000')
      .map((part, k) => (k % 2 ? html`<span lang=${this.fl}>${s.languages[Number(part)]!.name}</span>` : part));
  }

  /** A category's name, by its id or name; one the source does not list is shown as it was given. */
  private categoryName(value: string): string {
    // A category from the address may be shown before the lists are worked out: the array knows its name.
    const terms = this.filterListsPending && this.array ? this.array.taxonomies() : this.taxonomyOptions;
    return terms.find((t) => t.id === value || t.name === value)?.name ?? value;
  }

  /** A feature's name in the page's language when it is one we know; a feed's own words otherwise. */
  private accessibilityName(value: string): string {
    const label = ACCESSIBILITY_LABEL.get(value.toLowerCase());
    return label ? this.l.t(label) : value;
  }

  private toUnit(km: number): number {
    const v = this.distanceUnit === 'km' ? km : km / KM_PER_MILE;
    return v < 10 ? Math.round(v * 10) / 10 : Math.round(v);
  }

  private radiusText(km: number): string {
    return this.l.plural(`radius_${this.distanceUnit === 'km' ? 'km' : 'mi'}`, this.toUnit(km));
  }

  /** The language of the services' text; see {@link feedLang}. */
  private get fl(): string {
    return this.feedLang || 'en';
  }

  /**
   * The search box's hint. On a Welsh page over services written in English, the Welsh examples ("bwyd") found
   * nothing: the search matches the services' own words. It then says to search in English, with English examples
   * marked as English. A host's own Welsh `search_hint` (a bilingual feed, say) is kept.
   */
  private searchHint() {
    const english = this.fl.toLowerCase().split('-')[0] === 'en';
    if (this.l.lang !== 'cy' || !english || this.messages?.cy?.search_hint !== undefined)
      return this.l.t('search_hint');
    const message = this.messages?.en?.search_examples ?? directoryStrings.en.search_examples;
    const examples = typeof message === 'function' ? message({}) : message;
    const [before, after] = this.l.t('search_hint_english', { examples: '\u0000' }).split('\u0000');
    return after === undefined ? before : html`${before}<span lang="en">${examples}</span>${after}`;
  }

  /**
   * One of our messages with a feed's words in it ("Run by {organisation}"): the message follows the page's
   * language, the feed's words are marked with theirs. A host's message without the value is shown as it is.
   */
  private withFeed(key: DirectoryKey, name: string, text: string, values: Record<string, string> = {}) {
    const [before, after] = this.l.t(key, { ...values, [name]: '\u0000' }).split('\u0000');
    return after === undefined ? before : html`${before}<span lang=${this.fl}>${text}</span>${after}`;
  }

  private costText(s: Service) {
    if (s.free) return this.l.t('cost_free');
    const priced = s.costOptions.find((c) => c.amount !== undefined);
    if (priced) {
      let amount: string;
      try {
        amount = this.l.number(priced.amount!, { style: 'currency', currency: priced.currency || 'GBP' });
      } catch {
        amount = this.l.number(priced.amount!);
      }
      return priced.option
        ? this.withFeed('cost_amount', 'option', priced.option, { amount })
        : this.l.t('cost_amount', { amount, option: '' });
    }
    return s.fees ? html`<span lang=${this.fl}>${s.fees}</span>` : this.l.t('cost_unknown');
  }

  private agesText(s: Service): string | undefined {
    const min = s.minimumAge;
    const max = s.maximumAge;
    if (min !== undefined && max !== undefined)
      return this.l.t('ages_range', { min: this.l.number(min), max: this.l.number(max) });
    if (min !== undefined) return this.l.t('ages_from', { min: this.l.number(min) });
    if (max !== undefined) return this.l.t('ages_to', { max: this.l.number(max) });
    return undefined;
  }

  // ---- rendering ----

  protected override render(): TemplateResult {
    const badSrc = !this.services && !this.client && !!this.src && !feedUrl(this.src);
    // The words for a src that is a web address, but one with a part the directory cannot send on.
    const withQuery = badSrc && /^https?:\/\/[^?#]*[?#]./i.test(this.src!.trim());
    const noSource = !this.services && !this.client && !this.src;
    return html`
      <div class="directory" part="base">
        <div class="header" part="header">
          <slot name="header"><h2 class="heading">${this.l.t('heading')}</h2></slot>
          <button type="button" class="secondary shortlist-button" part="shortlist-button" @click=${this.showShortlist}>
            ${this.l.t('shortlist_button', { count: this.l.number(this.shortlist.length) })}
          </button>
        </div>
        ${this.online ? nothing : html`<p class="message offline" part="message">${this.l.t('offline')}</p>`}
        ${
          noSource || badSrc
            ? html`<p class="message" part="message">
                ${this.l.t(withQuery ? 'bad_src_query' : badSrc ? 'bad_src' : 'no_source')}
              </p>`
            : this.view === 'results'
              ? this.renderResultsView()
              : this.renderShortlistView()
        }
        <div class="visually-hidden" role="status" aria-live="polite" aria-atomic="true" id="live">
          ${this.announcement}
        </div>
        <dialog part="details" aria-labelledby="details-title" @close=${this.onDialogClosed}>
          ${this.detail ? this.renderDetails(this.detail) : nothing}
        </dialog>
      </div>
    `;
  }

  private renderResultsView(): TemplateResult {
    return html`
      <form class="search" role="search" part="search" @submit=${this.onSearchSubmit}>
        <label class="label" for="q">${this.l.t('search_label')}</label>
        <p class="hint" id="q-hint">${this.searchHint()}</p>
        <div class="search-row">
          <input
            id="q"
            name="q"
            type="search"
            autocomplete="off"
            enterkeyhint="search"
            maxlength="200"
            aria-describedby="q-hint"
            .value=${this.filters.q}
            @input=${this.onQueryInput}
          />
          <button type="submit">${this.l.t('search_button')}</button>
        </div>
      </form>
      <div class="layout">
        ${this.renderFilters()}
        <section class="results-area" aria-labelledby="count">
          ${this.renderChips()}
          <p
            id="count"
            class="count"
            part="count"
            tabindex="-1"
            aria-busy=${this.status === 'loading' ? 'true' : 'false'}
          >
            ${this.status === 'loading' && this.results.length === 0 ? this.l.t('loading') : this.countText()}
          </p>
          ${
            // A feed's broken records are left out, but not in silence: the family knows the list is short.
            this.unreadable > 0 && this.status === 'ready'
              ? html`<p class="muted unreadable">${this.l.plural('unreadable', this.unreadable)}</p>`
              : nothing
          }
          ${this.renderBody()}
        </section>
      </div>
    `;
  }

  private renderBody(): TemplateResult {
    if (this.status === 'loading' && this.results.length === 0) return this.renderSkeleton();
    if (this.status === 'error') {
      return html`
        <div class="message error" part="message">
          <h3>${this.l.t('error_title')}</h3>
          <p>${this.l.t(this.errorBody(this.errorKind))}</p>
          ${this.staleSavedAt ? html`<p class="stale">${this.l.t('stale', { date: this.l.date(this.staleSavedAt, { day: 'numeric', month: 'long', hour: 'numeric', minute: '2-digit' }) })}</p>` : nothing}
          <button type="button" class="retry" @click=${this.retry}>${this.l.t('retry')}</button>
        </div>
        ${this.results.length ? this.renderList(this.results) : nothing}
      `;
    }
    if (this.status === 'ready' && this.results.length === 0) return this.renderEmpty();
    return html`
      ${this.renderList(this.results)}
      ${this.hasMore && this.moreError ? html`<p class="error-text more-error">${this.errorText(this.moreError)}</p>` : nothing}
      ${
        this.hasMore
          ? html`<button
              type="button"
              class="secondary more"
              aria-disabled=${this.loadingMore ? 'true' : 'false'}
              @click=${() => this.loadMore()}
            >
              ${this.l.t('show_more')}
            </button>`
          : nothing
      }
    `;
  }

  private renderSkeleton(): TemplateResult {
    return html`<ul class="skeleton" aria-hidden="true">
      ${[0, 1, 2].map(() => html`<li><span class="bone wide"></span><span class="bone"></span><span class="bone"></span></li>`)}
    </ul>`;
  }

  private renderEmpty(): TemplateResult {
    const active = this.activeFilters();
    return html`<div class="message empty" part="message">
      <slot name="empty">
        <h3>${this.l.t('empty_title')}</h3>
        ${
          active.length
            ? html`<p>${this.l.t('empty_widen')}</p>
                <ul class="suggestions">
                  ${active.map((f, i) => html`<li><button type="button" class="secondary suggestion" @click=${() => this.removeSuggestion(i, f.remove)}>${f.feed ? this.withFeed('remove_filter', 'label', f.label) : this.l.t('remove_filter', { label: f.label })}</button></li>`)}
                </ul>`
            : nothing
        }
        <p>${this.l.t('empty_spelling')}</p>
      </slot>
    </div>`;
  }

  /**
   * A chip's name, "Remove filter: Polish", from its content rather than an aria-label: a label is one string in the
   * page's language, so a Welsh voice read the feed's word in it as Welsh even though the chip marks it. The words
   * around the filter's own are there for assistive technology only; the chip shows the filter and its ×.
   */
  private chipName(f: { label: string; feed?: boolean }) {
    const words = html`<span class="chip-label" lang=${f.feed ? this.fl : nothing}>${f.label}</span>`;
    if (this.chipLabel(f) !== undefined) return words;
    const [before, after] = this.l.t('remove_filter', { label: '\u0000' }).split('\u0000');
    const hidden = (text: string | undefined) =>
      text?.trim() ? html`<span class="visually-hidden">${text}</span>` : nothing;
    return html`${hidden(before)}${words}${hidden(after)}`;
  }

  /** The chip's whole name as a label, only for a host's `remove_filter` with no place for the filter in it. */
  private chipLabel(f: { label: string }): string | undefined {
    const message = this.l.t('remove_filter', { label: '\u0000' });
    return message.includes('\u0000') ? undefined : this.l.t('remove_filter', { label: f.label });
  }

  private renderChips(): TemplateResult | typeof nothing {
    const active = this.activeFilters();
    if (!active.length) return nothing;
    return html`<div class="chips-row">
      <h3 class="visually-hidden">${this.l.t('active_filters')}</h3>
      <ul class="chips" part="chips">
        ${active.map(
          (f, i) =>
            html`<li>
              <button
                type="button"
                class="chip"
                part="chip"
                data-filter=${f.key}
                aria-label=${this.chipLabel(f) ?? nothing}
                @click=${() => this.removeChip(i, f.remove)}
              >
                ${this.chipName(f)}<span class="x" aria-hidden="true">×</span>
              </button>
            </li>`,
        )}
      </ul>
      <button type="button" class="link clear-all" @click=${this.clearAll}>${this.l.t('clear_all')}</button>
    </div>`;
  }

  private renderFilters(): TemplateResult {
    const f = this.filters;
    const pending = this.filterListsPending;
    const languages = this.array
      ? pending
        ? []
        : this.array.languages()
      : [
          { value: 'en', name: 'English' },
          { value: 'cy', name: 'Welsh' },
        ];
    const accessibility = this.array ? (pending ? [] : this.array.accessibility()) : REMOTE_ACCESSIBILITY;
    // A value from a hand-edited link that the lists do not offer ("07:30", a language no service lists) is still
    // searched for and shown as a chip, so each select offers it too: showing "Any" beside the chip would say two
    // different things. A value that is not well formed never gets this far (readUrlState drops it).
    const times = f.time && !TIMES.includes(f.time) ? [...TIMES, f.time].sort() : TIMES;
    const languageList =
      f.language && !languages.some((lang) => lang.value === f.language)
        ? [...languages, { value: f.language, name: f.language }]
        : languages;
    const categoryOf = (t: { id: string; name: string }) => t.id === f.taxonomy || t.name === f.taxonomy;
    const categories =
      f.taxonomy && !this.taxonomyOptions.some(categoryOf)
        ? [...this.taxonomyOptions, { id: f.taxonomy, name: this.categoryName(f.taxonomy) }]
        : this.taxonomyOptions;
    const accessibilityList =
      f.accessibility && !accessibility.includes(f.accessibility) ? [...accessibility, f.accessibility] : accessibility;
    const showCategory = this.taxonomyOptions.length > 0 || (pending && !!this.array?.hasTaxonomies());
    const showAccessibility = accessibility.length > 0 || (pending && !!this.array?.hasAccessibility());
    const distance = this.array ? this.array.hasCoordinates() : true;
    const count = this.activeFilters().filter((a) => a.key !== 'q').length;
    const unit = this.distanceUnit === 'km' ? 'km' : 'mi';
    return html`<details
      class="filters"
      part="filters"
      ?open=${this.filtersOpen}
      @toggle=${(e: Event) => (this.filtersOpen = (e.target as HTMLDetailsElement).open)}
    >
      <summary>${count ? this.l.t('filters_count', { count: this.l.number(count) }) : this.l.t('filters')}</summary>
      <form
        class="filter-form"
        @submit=${(e: Event) => e.preventDefault()}
        @keydown=${this.onSelectKey}
        @keyup=${this.onSelectKey}
        @focusout=${this.onSelectBlur}
      >
        ${
          showCategory
            ? html`<div class="field">
                <label class="label" for="f-category">${this.l.t('category')}</label>
                <select id="f-category" @change=${this.onSelect('taxonomy')}>
                  <option value="" .selected=${!f.taxonomy}>${this.l.t('any_category')}</option>
                  ${categories.map((t) => html`<option value=${t.id} lang=${this.fl} .selected=${categoryOf(t)}>${t.name}</option>`)}
                </select>
              </div>`
            : nothing
        }
        <div class="field">
          <label class="label" for="f-age">${this.l.t('age')}</label>
          <p class="hint" id="f-age-hint">${this.l.t('age_hint')}</p>
          <input
            id="f-age"
            class="age"
            type="number"
            inputmode="decimal"
            min="0"
            max="25"
            step="0.5"
            aria-describedby="f-age-hint"
            .value=${f.age === undefined ? '' : String(f.age)}
            @input=${this.onAge}
            @change=${this.onAge}
          />
        </div>
        <fieldset>
          <legend>${this.l.t('cost')}</legend>
          <div class="check">
            <input id="f-free" type="checkbox" .checked=${!!f.free} @change=${this.onFree} />
            <label for="f-free">${this.l.t('free_only')}</label>
          </div>
        </fieldset>
        <fieldset>
          <legend>${this.l.t('when')}</legend>
          <div class="field">
            <label class="label" for="f-day">${this.l.t('day')}</label>
            <select id="f-day" @change=${this.onSelect('day')}>
              <option value="" .selected=${!f.day}>${this.l.t('any_day')}</option>
              ${DAYS.map((d) => html`<option value=${d} .selected=${f.day === d}>${capitalise(this.l.t(`day_${d}` as DirectoryKey))}</option>`)}
            </select>
          </div>
          <div class="field">
            <label class="label" for="f-time">${this.l.t('time')}</label>
            <select id="f-time" @change=${this.onSelect('time')}>
              <option value="" .selected=${!f.time}>${this.l.t('any_time')}</option>
              ${times.map((t) => html`<option value=${t} .selected=${f.time === t}>${timeText(t, this.l)}</option>`)}
            </select>
          </div>
        </fieldset>
        <div class="field">
          <label class="label" for="f-language">${this.l.t('language')}</label>
          <select id="f-language" @change=${this.onSelect('language')}>
            <option value="" .selected=${!f.language}>${this.l.t('any_language')}</option>
            ${languageList.map((lang) => html`<option value=${lang.value} lang=${LANGUAGE_CODE.test(lang.value) ? nothing : this.fl} .selected=${f.language === lang.value}>${this.languageName(lang.value) || lang.name}</option>`)}
          </select>
        </div>
        ${
          showAccessibility
            ? html`<div class="field">
                <label class="label" for="f-access">${this.l.t('accessibility')}</label>
                <select id="f-access" @change=${this.onSelect('accessibility')}>
                  <option value="" .selected=${!f.accessibility}>${this.l.t('any_accessibility')}</option>
                  ${accessibilityList.map((a) => html`<option value=${a} lang=${ACCESSIBILITY_LABEL.has(a.toLowerCase()) ? nothing : this.fl} .selected=${f.accessibility === a}>${this.accessibilityName(a)}</option>`)}
                </select>
              </div>`
            : nothing
        }
        ${distance ? this.renderDistance(unit) : nothing}
      </form>
    </details>`;
  }

  private renderDistance(unit: 'mi' | 'km'): TemplateResult {
    // A postcode problem is named beside its box and tied to it; a location problem below the buttons.
    const postcodeError = !!this.geocode && POSTCODE_ERRORS.includes(this.locationError!);
    return html`<fieldset class="distance">
      <legend>${this.l.t('distance')}</legend>
      ${
        this.origin
          ? html`<p class="origin" tabindex="-1">
                ${this.origin.postcode ? this.l.t('near_postcode', { postcode: this.origin.postcode }) : this.l.t('near_you')}
              </p>
              <div class="field">
                <label class="label" for="f-radius">${this.l.t('radius')}</label>
                <select id="f-radius" @change=${this.onRadius}>
                  <option value="" .selected=${!this.radiusKm}>${this.l.t('any_distance')}</option>
                  ${RADII[unit].map((n) => {
                    const km = unit === 'km' ? n : n * KM_PER_MILE;
                    return html`<option
                      value=${String(km)}
                      .selected=${this.radiusKm !== undefined && Math.abs(this.radiusKm - km) < 1e-6}
                    >
                      ${this.l.plural(`radius_${unit}`, n)}
                    </option>`;
                  })}
                </select>
              </div>
              <button type="button" class="secondary" @click=${this.clearLocation}>
                ${this.l.t('stop_location')}
              </button>`
          : html`<button
                type="button"
                class="secondary use-location"
                aria-disabled=${this.locating ? 'true' : 'false'}
                @click=${this.useMyLocation}
              >
                ${this.locating ? this.l.t('locating') : this.l.t('use_location')}
              </button>
              ${
                this.geocode
                  ? html`<div class="field">
                      <label class="label" for="postcode">${this.l.t('postcode')}</label>
                      ${
                        postcodeError
                          ? html`<p class="error-text" id="postcode-error" role="alert">
                              <span class="visually-hidden">${this.l.t('error_prefix')}:</span>
                              ${this.l.t(this.locationError!)}
                            </p>`
                          : nothing
                      }
                      <div class="search-row">
                        <input
                          id="postcode"
                          class="postcode"
                          autocomplete="postal-code"
                          maxlength="10"
                          aria-invalid=${postcodeError ? 'true' : nothing}
                          aria-describedby=${postcodeError ? 'postcode-error' : nothing}
                          @keydown=${(e: KeyboardEvent) => e.key === 'Enter' && this.usePostcode(e)}
                        />
                        <button
                          type="button"
                          class="secondary use-postcode"
                          aria-disabled=${this.locating ? 'true' : 'false'}
                          @click=${this.usePostcode}
                        >
                          ${this.l.t('use_postcode')}
                        </button>
                      </div>
                    </div>`
                  : nothing
              }`
      }
      ${
        this.locationError && !postcodeError
          ? html`<p class="error-text" role="alert">${this.l.t(this.locationError)}</p>`
          : nothing
      }
    </fieldset>`;
  }

  private renderList(items: readonly ServiceHit[]): TemplateResult {
    // Short lists are rendered whole, so every result is in the tab order and findable in the page;
    // long ones are virtualised (only the rows near the viewport exist) so 10,000 scroll smoothly.
    if (items.length <= VIRTUALIZE_OVER) {
      this.rows.off();
      return html`<ul class="results" part="results" aria-labelledby="count">
        ${items.map((s, i) => this.renderResult(s, i, items.length))}
      </ul>`;
    }
    const [from, to] = this.rows.window(items);
    return html`<ul class="results windowed" part="results" aria-labelledby="count">
      ${repeat(
        items.slice(from, to),
        (s) => s.id,
        (s, i) => this.renderResult(s, from + i, items.length),
      )}
    </ul>`;
  }

  /**
   * When a service is open and how to reach it, for the printed shortlist: a family holding the paper has no details
   * dialog to open. Hidden on screen, where the details dialog has the same with links. Its opening times stand in
   * for the screen's "Next open: today…", which is wrong on any later day the paper is read.
   */
  private renderPrintContact(s: Service): TemplateResult | typeof nothing {
    const times = this.currentSchedules(s)
      .map((sc) => [scheduleText(sc, this.l), sc.byDay.length ? undefined : this.fl] as const)
      .filter(([t]) => t);
    const phones = s.contacts.flatMap((c) => c.phones.map((p) => p.number));
    const emails = emailsOf(s);
    const places = s.locations
      .map((loc) => {
        const a = loc.address;
        return [loc.name, a?.line1, a?.line2, a?.city, a?.postcode].filter((x): x is string => !!x).join(', ');
      })
      .filter(Boolean);
    if (!times.length && !phones.length && !emails.length && !places.length) return nothing;
    return html`<ul class="print-contact">
      ${times.map(([t, lang]) => html`<li lang=${lang ?? nothing}>${t}</li>`)}
      ${phones.map((n) => html`<li>${this.l.t('call', { number: n })}</li>`)}
      ${emails.map((e) => html`<li>${this.l.t('email', { email: e.trim() })}</li>`)}
      ${places.map((p) => html`<li lang=${this.fl}>${p}</li>`)}
    </ul>`;
  }

  private renderResult(s: ServiceHit, index: number, size: number, options: { print?: boolean } = {}): TemplateResult {
    const next = nextOpeningText(s, new Date(), this.l);
    const saved = this.isSaved(s.id);
    const distance =
      s.distanceKm === undefined
        ? undefined
        : this.l.plural(`distance_${this.distanceUnit === 'km' ? 'km' : 'mi'}`, this.toUnit(s.distanceKm));
    return html`<li class="result" part="result" aria-setsize=${size} aria-posinset=${index + 1}>
      <h3 class="result-name" id="rn-${index}" lang=${this.fl}>
        <button type="button" class="link name" data-open=${s.id} @click=${() => this.openDetails(s)}>${s.name}</button>
      </h3>
      ${s.organisation?.name ? html`<p class="org" lang=${this.fl}>${s.organisation.name}</p>` : nothing}
      ${s.description ? html`<p class="summary" lang=${this.fl}>${shorten(s.description, 180)}</p>` : nothing}
      <ul class="facts">
        ${next ? html`<li class="next">${next}</li>` : nothing}
        <li>${this.costText(s)}</li>
        ${distance ? html`<li>${distance}</li>` : nothing}
      </ul>
      ${options.print ? this.renderPrintContact(s) : nothing}
      <button
        type="button"
        class="secondary save"
        aria-pressed=${saved ? 'true' : 'false'}
        aria-describedby="rn-${index}"
        @click=${() => this.onSaveClick(s)}
      >
        ${this.l.t('save')}
      </button>
    </li>`;
  }

  /** A schedule that has ended (an ORUK `until`, `count` or `valid_to` in the past) is no opening time. */
  private currentSchedules(s: Service): Service['schedules'] {
    const today = ukNow(new Date()).date;
    return s.schedules.filter((sc) => !sc.validTo || sc.validTo.slice(0, 10) >= today);
  }

  private renderDetails(s: Service): TemplateResult {
    const ages = this.agesText(s);
    const website = safeHref(s.url);
    const orgUrl = safeHref(s.organisation?.url);
    const emails = emailsOf(s);
    const phones = s.contacts.flatMap((c) => c.phones.map((p) => ({ ...p, href: telHref(p.number) })));
    const saved = this.isSaved(s.id);
    const schedules = this.currentSchedules(s);
    return html`<div class="details">
      <div class="details-head">
        <h2 id="details-title" tabindex="-1" lang=${this.fl}>${s.name}</h2>
        <button type="button" class="secondary close" @click=${() => this.closeDialog()}>${this.l.t('close')}</button>
      </div>
      ${
        s.organisation?.name
          ? html`<p class="org">
              ${orgUrl ? html`<a href=${orgUrl} rel="noopener noreferrer">${this.withFeed('run_by', 'organisation', s.organisation.name)}</a>` : this.withFeed('run_by', 'organisation', s.organisation.name)}
            </p>`
          : nothing
      }
      ${
        s.description
          ? html`<h3>${this.l.t('about')}</h3>
              <p class="description" lang=${this.fl}>${s.description}</p>`
          : nothing
      }
      <h3>${this.l.t('opening_times')}</h3>
      ${
        schedules.length
          ? html`<ul>
              ${schedules
                .map((sc) => [scheduleText(sc, this.l), sc.byDay.length ? undefined : this.fl] as const)
                .filter(([t]) => t)
                .map(([t, lang]) => html`<li lang=${lang ?? nothing}>${t}</li>`)}
            </ul>`
          : html`<p>${this.l.t('no_schedule')}</p>`
      }
      ${
        ages || s.eligibility
          ? html`<h3>${this.l.t('who_for')}</h3>
              ${ages ? html`<p>${ages}</p>` : nothing}${s.eligibility ? html`<p lang=${this.fl}>${s.eligibility}</p>` : nothing}`
          : nothing
      }
      ${
        s.howToAccess
          ? html`<h3>${this.l.t('how_to_access')}</h3>
              <p lang=${this.fl}>${s.howToAccess}</p>`
          : nothing
      }
      <h3>${this.l.t('cost')}</h3>
      <p>${this.costText(s)}</p>
      ${
        phones.length || emails.length || website
          ? html`<h3>${this.l.t('contact')}</h3>
              <ul class="contacts">
                ${phones.map((p) => html`<li>${p.href ? html`<a href=${p.href}>${this.l.t('call', { number: p.number })}</a>` : p.number}${p.description ? html` <span class="muted" lang=${this.fl}>(${p.description})</span>` : nothing}</li>`)}
                ${emails.map((e) => {
                  const href = mailtoHref(e);
                  return html`<li>
                    ${href ? html`<a href=${href}>${this.l.t('email', { email: e.trim() })}</a>` : e}
                  </li>`;
                })}
                ${website ? html`<li><a href=${website} rel="noopener noreferrer">${this.l.t('website')}</a></li>` : nothing}
              </ul>`
          : nothing
      }
      ${
        s.locations.length
          ? html`<h3>${this.l.t('where')}</h3>
              ${s.locations.map((loc) => {
                const a = loc.address;
                const lines = [loc.name, a?.line1, a?.line2, a?.city, a?.postcode].filter((x): x is string => !!x);
                const map = mapHref(loc.latitude, loc.longitude, a?.postcode);
                return html`<div class="location">
                  <address lang=${this.fl}>${lines.map((line) => html`<span>${line}</span>`)}</address>
                  ${map ? html`<a href=${map} rel="noopener noreferrer">${this.withFeed('map_link', 'place', loc.name ?? a?.postcode ?? s.name)}</a>` : nothing}
                  ${
                    loc.accessibility.length
                      ? html`<ul class="access" lang=${this.fl}>
                          ${loc.accessibility.map((x) => html`<li>${x}</li>`)}
                        </ul>`
                      : nothing
                  }
                </div>`;
              })}`
          : nothing
      }
      ${
        s.languages.length
          ? html`<h3>${this.l.t('languages')}</h3>
              <p>${this.languageList(s)}</p>`
          : nothing
      }
      ${
        s.accessibility.length
          ? html`<h3>${this.l.t('accessibility')}</h3>
              <ul lang=${this.fl}>
                ${s.accessibility.map((x) => html`<li>${x}</li>`)}
              </ul>`
          : nothing
      }
      ${s.lastModified && !Number.isNaN(Date.parse(s.lastModified)) ? html`<p class="muted">${this.l.t('last_updated', { date: this.l.date(s.lastModified) })}</p>` : nothing}
      <div class="actions">
        <button
          type="button"
          class="secondary save"
          aria-pressed=${saved ? 'true' : 'false'}
          @click=${() => this.toggleSaved(s)}
        >
          ${this.l.t('save')}
        </button>
      </div>
      ${this.staff && this.signpostingApi ? this.renderSignpost(s) : nothing}
    </div>`;
  }

  /**
   * A saved service the directory no longer lists: its saved name, what has happened, and a way to remove it. Not
   * its saved opening times, cost or contacts, which would read as current; nor its details, for the same reason.
   */
  private renderUnlisted(s: Service, index: number, size: number): TemplateResult {
    return html`<li class="result unlisted" part="result" aria-setsize=${size} aria-posinset=${index + 1}>
      <h3 class="result-name" id="rn-${index}" lang=${this.fl}>${s.name}</h3>
      <p class="unlisted-note"><strong>${this.l.t('shortlist_unlisted')}</strong></p>
      <button type="button" class="secondary save" aria-describedby="rn-${index}" @click=${() => this.onSaveClick(s)}>
        ${this.l.t('unsave')}
      </button>
    </li>`;
  }

  /** A shared link's state: still looking its services up, some or all of them gone, or something to save. */
  private renderSharedHead(): TemplateResult {
    const loading = this.sharedFor !== this.sharedIds;
    const found = this.shared.length;
    // No live region here: loadShared says the same words through the directory's one live region, which (unlike
    // a region drawn with the view) is there to be listened to before they change.
    return html`<p class="muted shared-status">${loading ? this.l.t('loading') : this.sharedStatus().join(' ')}</p>
      ${!loading && found ? html`<button type="button" class="save-all" @click=${this.saveShared}>${this.l.t('save_all')}</button>` : nothing}`;
  }

  private renderShortlistView(): TemplateResult {
    const shared = this.view === 'shared';
    const items = shared ? (this.sharedFor === this.sharedIds ? this.shared : []) : this.shortlist;
    return html`<section class="shortlist" part="shortlist" aria-labelledby="shortlist-title">
      <button type="button" class="link back" @click=${this.backToResults}>
        ${this.l.t(shared ? 'back_to_directory' : 'back_to_results')}
      </button>
      <h2 id="shortlist-title" tabindex="-1">${shared ? this.l.t('shared_title') : this.l.t('shortlist')}</h2>
      ${
        shared
          ? this.renderSharedHead()
          : items.length === 0
            ? html`<p>${this.l.t('shortlist_empty')}</p>`
            : html`<p class="muted">${this.l.t('shortlist_note')}</p>
                <div class="actions">
                  <button
                    type="button"
                    class="secondary print"
                    aria-disabled=${this.printing ? 'true' : 'false'}
                    @click=${this.print}
                  >
                    ${this.l.t('print')}
                  </button>
                  <button type="button" class="secondary share" @click=${this.share}>${this.l.t('share')}</button>
                </div>
                <p role="status" class="share-status">
                  ${
                    this.printing
                      ? this.l.t('print_preparing')
                      : this.shareNote
                        ? this.l.t(this.shareNote === 'copied' ? 'copied' : 'copy_failed')
                        : nothing
                  }
                </p>
                ${
                  this.shareNote
                    ? html`<label class="label share-link-label" for="share-link">${this.l.t('share_link')}</label>
                        <input
                          id="share-link"
                          class="share-link"
                          readonly
                          .value=${this.shareLink()}
                          @focus=${(e: Event) => (e.target as HTMLInputElement).select()}
                        />`
                    : nothing
                }`
      }
      <ul class="results static">
        ${items.map((s, i) =>
          !shared && this.isUnlisted(s.id)
            ? this.renderUnlisted(s, i, items.length)
            : this.renderResult(s, i, items.length, { print: true }),
        )}
      </ul>
    </section>`;
  }
}

/**
 * The feed address from `src`: absolute, or relative to the page (a hub on the school's own site, `/oruk`).
 * Undefined when it is not an http(s) address, so the directory can say so instead of failing later.
 */
function feedUrl(src: string): string | undefined {
  const given = src.trim();
  // `hub.example.org/oruk` would be read as a path on the school's own site, and its 404 shown to families as a
  // feed that cannot be read "just now". Taking it as https:// instead could send the family's searches to a host
  // the site owner never named, so it is refused, with the message that shows the https:// form.
  if (HOST_WITHOUT_SCHEME.test(given)) return undefined;
  try {
    const url = new URL(given, document.baseURI);
    if (!/^https?:$/.test(url.protocol)) return undefined;
    // The reader adds its paths and parameters to the address, so a ?query (an API key, say) or #fragment in it would
    // be lost or misplaced: the SDK refuses it, and families read that the list "could not be read just now".
    if (url.search || url.hash) return undefined;
    // A feed's own address ends in /services, which the reader adds: `c2c-hub import-oruk` takes both forms too.
    url.pathname = url.pathname.replace(/\/services\/*$/, '');
    return url.href.replace(/\/+$/, '');
  } catch {
    return undefined;
  }
}

/**
 * The records of a `services` array that can be shown, made safe to render, and the positions of those that cannot.
 * The array is often written by hand, from the docs' example, so it is checked here at the property boundary; by
 * hand rather than with the schema's ServiceSchema, which would bring zod into the bundle of every page (see
 * bench/directory.bench.ts). A record that is already whole is kept as it is: no copy of a 10,000-service list.
 */
function readServices(given: unknown): { services: Service[]; leftOut: number[] } {
  const services: Service[] = [];
  const leftOut: number[] = [];
  (Array.isArray(given) ? (given as unknown[]) : []).forEach((v, i) => {
    const s = isWhole(v) ? v : coerceService(v);
    if (s) services.push(s);
    else leftOut.push(i);
  });
  return { services, leftOut };
}

const LISTS = [
  'locations',
  'contacts',
  'schedules',
  'costOptions',
  'languages',
  'serviceAreas',
  'taxonomyTerms',
  'accessibility',
] as const;

/** Whether a record has an id, a name and every list the directory goes through, down to those inside them. */
function isWhole(v: unknown): v is Service {
  const s = v as Service | null;
  return (
    typeof s?.id === 'string' &&
    !!s.id &&
    typeof s.name === 'string' &&
    !!s.name &&
    LISTS.every((k) => Array.isArray(s[k])) &&
    s.locations.every((l) => Array.isArray(l?.accessibility)) &&
    s.contacts.every((c) => Array.isArray(c?.phones)) &&
    s.schedules.every((x) => Array.isArray(x?.byDay))
  );
}

/** A language filter's value that is a language code (named in the page's language), not the feed's own word for it. */
const LANGUAGE_CODE = /^[a-z]{2,3}$/i;

/**
 * A `src` that starts with a host name (`hub.example.org/oruk`, `www.council.gov.uk`) and no scheme. A relative path
 * whose first part has a dot in it can still be written `./feeds.v2/oruk`.
 */
const HOST_WITHOUT_SCHEME = /^[a-z\d-]+(\.[a-z\d-]+)*\.[a-z]{2,}(:\d+)?([/?#]|$)/i;

/** Resolves just after the next frame is painted (a task queued from a frame callback runs after paint). */
function afterPaint(): Promise<void> {
  return new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
}

/** A service's email addresses, as far as they look like addresses; only a plain one becomes a link (mailtoHref). */
function emailsOf(s: Service): string[] {
  return [s.email, ...s.contacts.map((c) => c.email)].filter((e): e is string => !!e && EMAIL.test(e.trim()));
}

function shorten(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).replace(/[\s,.;:]+$/, '')}…`;
}

/** A remote source's answer that the service is not there (404, or 410 Gone), as against a failure to ask. */
function isGone(err: unknown): boolean {
  const e = err as { name?: unknown; status?: unknown } | undefined;
  return e?.name === 'NotFoundError' || e?.status === 404 || e?.status === 410;
}

/** The service without its distance from the family, for what is stored or leaves the element. */
function stripDistance(s: Service): Service {
  const { distanceKm, ...rest } = s as ServiceHit;
  void distanceKm;
  return rest;
}

/** A map link for a venue: OpenStreetMap at its coordinates, or a postcode search when it has none. */
export function mapHref(
  lat: number | undefined,
  lng: number | undefined,
  postcode: string | undefined,
): string | undefined {
  if (lat !== undefined && lng !== undefined && Number.isFinite(lat) && Number.isFinite(lng)) {
    return safeHref(`https://www.openstreetmap.org/?mlat=${lat}&mlon=${lng}#map=17/${lat}/${lng}`);
  }
  if (postcode) return safeHref(`https://www.openstreetmap.org/search?query=${encodeURIComponent(postcode)}`);
  return undefined;
}
