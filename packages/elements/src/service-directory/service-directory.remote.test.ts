import { aTimeout, expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { createClient } from '@c2c/sdk';
import { syntheticServices } from '@c2c/schema/synthetic';
import type { Service, Signposting } from '@c2c/schema';
import './define.js';
import type { C2cServiceDirectory, DirectoryClient } from './service-directory.js';
import { clearResultsCaches } from './test-utils/storage.js';

const FEED = new URL('/packages/elements/src/service-directory/test-fixtures/oruk', location.href).href;
const root = (el: C2cServiceDirectory) => el.shadowRoot!;
const names = (el: C2cServiceDirectory) =>
  [...root(el).querySelectorAll('.results li.result .name')].map((b) => b.textContent!.trim());

// No requestAnimationFrame here: the runner may keep this page in the background, where frames stop.
async function settle(el: C2cServiceDirectory) {
  await el.updateComplete;
  await aTimeout(10);
  await el.updateComplete;
}

// How many c2c-search events each directory has sent, counted from before it is mounted. The event leaves in the
// same timer callback as the count announcement, so a test can wait for that announcement to have happened rather
// than sleep past the moment it is due, which a loaded machine can overrun.
const searches = new WeakMap<EventTarget, number>();
document.addEventListener('c2c-search', (e) => searches.set(e.target!, (searches.get(e.target!) ?? 0) + 1));

// Every c2c-source-problem each directory has sent, from before it is mounted (the categories' one may come first).
const sourceProblems = new WeakMap<EventTarget, unknown[]>();
document.addEventListener('c2c-source-problem', (e) =>
  sourceProblems.set(e.target!, [...(sourceProblems.get(e.target!) ?? []), (e as CustomEvent<unknown>).detail]),
);
const problemsOf = (el: C2cServiceDirectory) => sourceProblems.get(el) ?? [];

/** Waits until the directory's debounced count announcement has run `times` times in all, and has rendered. */
async function countAnnounced(el: C2cServiceDirectory, times = 1) {
  await waitUntil(() => (searches.get(el) ?? 0) >= times, 'the count announcement', { timeout: 15000 });
  await settle(el);
}

/** What has keyboard focus, as text: a failed comparison of elements would have the runner serialise them whole. */
function focusedName(el: C2cServiceDirectory): string {
  const a = el.shadowRoot!.activeElement ?? document.activeElement;
  if (!a) return 'nothing';
  return a.tagName.toLowerCase() + (a.id ? `#${a.id}` : '') + [...a.classList].map((c) => `.${c}`).join('');
}

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), {
    status,
    headers: {
      'content-type': status >= 400 ? 'application/problem+json' : 'application/json',
      'x-request-id': 'req-1',
    },
  });

/** The real SDK client, talking to a fake hub, with no retries so a failure shows at once. */
const clientFor = (hub: { fetchImpl: typeof fetch }, token?: string): DirectoryClient =>
  createClient({ baseUrl: 'https://hub.example.org', fetch: hub.fetchImpl, retries: 0, ...(token ? { token } : {}) });

/**
 * A stand-in for the hub's HTTP API, answering as docs/hub-api.md says, so the real SDK client (request
 * pipeline, validation, pagination) runs unchanged. The real hub is covered by the end-to-end tests.
 */
function fakeHub(services: Service[], options: { fail?: () => boolean; hold?: Promise<void>; total?: boolean } = {}) {
  const calls: Array<{ method: string; url: URL; body?: unknown }> = [];
  const fetchImpl: typeof fetch = async (input, init) => {
    const request = input instanceof Request ? input : new Request(input, init);
    const url = new URL(request.url);
    const body = request.method === 'POST' ? await request.json() : undefined;
    calls.push({ method: request.method, url, body });
    if (options.hold) await options.hold;
    if (options.fail?.()) throw new TypeError('Failed to fetch');
    if (url.pathname === '/v1/taxonomies') {
      const terms = new Map(services.flatMap((s) => s.taxonomyTerms).map((t) => [t.id, t]));
      return json({ data: [...terms.values()] });
    }
    if (url.pathname === '/v1/services') {
      const q = url.searchParams.get('q')?.toLowerCase();
      const limit = Number(url.searchParams.get('limit') ?? 20);
      const start = Number(url.searchParams.get('cursor') ?? 0);
      const all = services.filter((s) => !q || s.name.toLowerCase().includes(q));
      const data = all.slice(start, start + limit);
      const nextCursor = start + limit < all.length ? String(start + limit) : null;
      // The hub's page may carry a count of every match (`total` in the SDK's Page).
      return json({ data, nextCursor, ...(options.total ? { total: all.length } : {}) });
    }
    const one = /^\/v1\/services\/(.+)$/.exec(url.pathname);
    if (one) {
      const s = services.find((x) => x.id === decodeURIComponent(one[1]!));
      return s
        ? json(s)
        : json(
            {
              type: 'about:blank',
              title: 'Not found',
              status: 404,
              code: 'not_found',
              detail: 'There is no such service.',
              requestId: 'req-1',
            },
            404,
          );
    }
    if (url.pathname === '/v1/signposting' && request.method === 'POST') {
      const input = body as {
        kind: 'signposted' | 'referred';
        serviceId: string;
        consent: { given: boolean; method: 'verbal' };
        familyReference?: string;
      };
      const record: Signposting = {
        id: 'sp-1',
        kind: input.kind,
        serviceId: input.serviceId,
        serviceName: services.find((s) => s.id === input.serviceId)?.name ?? '',
        consent: { ...input.consent, recordedAt: '2026-11-25T10:00:00Z' },
        ...(input.familyReference ? { familyReference: input.familyReference } : {}),
        organisationId: 'pri-millbrook',
        createdBy: 'pri-millbrook-teacher',
        createdAt: '2026-11-25T10:00:00Z',
      };
      return json(record, 201);
    }
    return json(
      {
        type: 'about:blank',
        title: 'Not found',
        status: 404,
        code: 'not_found',
        detail: 'No such route.',
        requestId: 'req-1',
      },
      404,
    );
  };
  return { fetchImpl, calls };
}

beforeEach(() => clearResultsCaches());

const realPrint = window.print;
afterEach(() => {
  window.print = realPrint;
});

const urlOf = (input: RequestInfo | URL): string => String(input instanceof Request ? input.url : input);

/** `hub`, except that asking it about the service `id` fails as a dropped connection does. */
const unreachableFor =
  (hub: { fetchImpl: typeof fetch }, id: string): typeof fetch =>
  (input, init) =>
    urlOf(input).includes(`/v1/services/${id}`)
      ? Promise.reject(new TypeError('Failed to fetch'))
      : hub.fetchImpl(input, init);

const OLD_DESCRIPTION = 'Old description from the day it was saved.';
/** `current` as saved on an earlier visit: with a description and a cost the service has since changed. */
const savedEarlier = (current: Service): Service => ({
  ...current,
  description: OLD_DESCRIPTION,
  free: false,
  costOptions: [{ option: 'Per session', amount: 97, currency: 'GBP' }],
});

/**
 * Runs `body` on a directory reading a hub through `fetchImpl`, once its first results are shown, with `saved` in its
 * shortlist from an earlier visit (under `storageKey`; `key` is the localStorage key). The shortlist is removed after.
 */
async function withSavedShortlist(
  storageKey: string,
  saved: Service[],
  fetchImpl: typeof fetch,
  body: (el: C2cServiceDirectory, key: string) => Promise<void>,
): Promise<void> {
  const key = `c2c:service-directory:${storageKey}:shortlist:v1`;
  localStorage.setItem(key, JSON.stringify({ items: saved }));
  try {
    const el = await fixture<C2cServiceDirectory>(
      html`<c2c-service-directory
        no-url-state
        storage-key=${storageKey}
        .client=${clientFor({ fetchImpl })}
      ></c2c-service-directory>`,
    );
    await waitUntil(() => names(el).length > 0, 'results', { timeout: 15000 });
    await body(el, key);
  } finally {
    localStorage.removeItem(key);
  }
}

/** The first saved service's summary, as the shortlist view shows it. */
const shortlistSummary = (el: C2cServiceDirectory): string =>
  root(el).querySelector('.shortlist li.result .summary')?.textContent?.trim() ?? '';

/** Stands in for the browser's print (restored after each test): each call records what the shortlist then says. */
function recordPrints(el: C2cServiceDirectory): string[] {
  const printed: string[] = [];
  window.print = () => void printed.push(shortlistSummary(el));
  return printed;
}

/** The directory in staff mode, signed in as the demo primary school's teacher through `hub`. */
function staffDirectory(hub: Parameters<typeof clientFor>[0]): Promise<C2cServiceDirectory> {
  return fixture<C2cServiceDirectory>(
    html`<c2c-service-directory
      no-url-state
      staff
      .client=${clientFor(hub, 'demo_pri-millbrook-teacher')}
    ></c2c-service-directory>`,
  );
}

/** A directory reading the feed through `fetch` three services at a time, once its first page is shown. */
async function firstPageOf(fetch: typeof globalThis.fetch): Promise<C2cServiceDirectory> {
  const el = await fixture<C2cServiceDirectory>(
    html`<c2c-service-directory no-url-state page-size="3" .fetch=${fetch} src=${FEED}></c2c-service-directory>`,
  );
  await waitUntil(() => names(el).length === 3, 'first page', { timeout: 15000 });
  return el;
}

describe('<c2c-service-directory> reading an Open Referral UK feed (src)', () => {
  it('lists the feed’s services and sends searches to the feed', async () => {
    const requested: string[] = [];
    const recordingFetch: typeof fetch = (input, init) => {
      requested.push(input instanceof Request ? input.url : String(input));
      return fetch(input, init);
    };
    const el = await fixture<C2cServiceDirectory>(
      html`<c2c-service-directory no-url-state .fetch=${recordingFetch} src=${FEED}></c2c-service-directory>`,
    );
    await waitUntil(() => names(el).length > 0, 'feed results', { timeout: 15000 });
    await expect(el).to.be.accessible();
    expect(names(el)).to.include('Baby Rhyme Time');
    expect(names(el)).to.have.length(8);
    expect(root(el).querySelector('#count')!.textContent).to.contain('8 services found');
    // The category filter is filled from the feed's taxonomy terms.
    await waitUntil(() => root(el).querySelector('#f-category'), undefined, { timeout: 15000 });
    const input = root(el).querySelector<HTMLInputElement>('#q')!;
    input.value = 'rhyme';
    root(el).querySelector<HTMLFormElement>('form.search')!.requestSubmit();
    await waitUntil(() => requested.some((u) => new URL(u).searchParams.get('search') === 'rhyme'), 'search sent', {
      timeout: 15000,
    });
    const search = new URL(requested.find((u) => new URL(u).searchParams.get('search') === 'rhyme')!);
    expect(search.pathname).to.match(/\/oruk\/services$/);
    expect(search.searchParams.get('per_page')).to.equal('50');
  });

  it('keeps the feed’s total after “Show more”', async () => {
    const feed = (await (await fetch(`${FEED}/services`)).json()) as { contents: unknown[] };
    // The fixture is one page; this answers in pages of `per_page`, each with the feed's total, as feeds do.
    const pagingFetch: typeof fetch = async (input, init) => {
      const url = new URL(input instanceof Request ? input.url : String(input));
      if (!url.pathname.endsWith('/oruk/services')) return fetch(input, init);
      const page = Number(url.searchParams.get('page') ?? 1);
      const size = Number(url.searchParams.get('per_page') ?? 50);
      const contents = feed.contents.slice((page - 1) * size, page * size);
      const pages = Math.ceil(feed.contents.length / size);
      return json({
        total_items: feed.contents.length,
        total_pages: pages,
        page_number: page,
        size: contents.length,
        first_page: page === 1,
        last_page: page >= pages,
        empty: contents.length === 0,
        contents,
      });
    };
    const el = await firstPageOf(pagingFetch);
    expect(root(el).querySelector('#count')!.textContent).to.contain('8 services found');
    root(el).querySelector<HTMLButtonElement>('.more')!.click();
    await waitUntil(() => names(el).length === 6, 'second page', { timeout: 15000 });
    await settle(el);
    expect(root(el).querySelector('#count')!.textContent).to.contain('8 services found');
  });

  it('pages through an ORUK 1.0 feed that numbers its pages from 0, asking for each page once', async () => {
    const feed = (await (await fetch(`${FEED}/services`)).json()) as { contents: unknown[] };
    const asked: number[] = [];
    // Spring-style 1.0 pages: `number` counts from 0 while the request's `page` counts from 1; like some feeds,
    // this one leaves out `first` and `last`, so only the page asked for says where the end is.
    const springFetch: typeof fetch = async (input, init) => {
      const url = new URL(input instanceof Request ? input.url : String(input));
      if (!url.pathname.endsWith('/oruk/services')) return fetch(input, init);
      const page = Number(url.searchParams.get('page') ?? 1);
      const size = Number(url.searchParams.get('per_page') ?? 50);
      asked.push(page);
      const content = feed.contents.slice((page - 1) * size, page * size);
      const pages = Math.ceil(feed.contents.length / size);
      return json({
        content,
        number: page - 1,
        size,
        totalPages: pages,
        totalElements: feed.contents.length,
      });
    };
    const el = await firstPageOf(springFetch);
    root(el).querySelector<HTMLButtonElement>('.more')!.click();
    await waitUntil(() => names(el).length === 6, 'second page', { timeout: 15000 });
    await settle(el);
    root(el).querySelector<HTMLButtonElement>('.more')!.click();
    await waitUntil(() => names(el).length === 8, 'third page', { timeout: 15000 });
    await settle(el);
    expect(new Set(names(el)).size, 'no service listed twice').to.equal(8);
    expect(root(el).querySelector('.more'), 'nothing more to show').to.equal(null);
    expect(asked).to.deep.equal([1, 2, 3]);
  });

  it('applies filters the feed cannot (free only) to the feed’s page', async () => {
    const el = await fixture<C2cServiceDirectory>(
      html`<c2c-service-directory no-url-state src=${FEED}></c2c-service-directory>`,
    );
    await waitUntil(() => names(el).length === 8, 'feed results', { timeout: 15000 });
    root(el).querySelector<HTMLInputElement>('#f-free')!.click();
    await waitUntil(() => names(el).length > 0 && names(el).length < 8, 'filtered', { timeout: 15000 });
    const freeNames = names(el);
    const feed = (await (await fetch(`${FEED}/services`)).json()) as {
      contents: Array<{ name: string; cost_options: unknown[] }>;
    };
    expect(freeNames.sort()).to.deep.equal(
      feed.contents
        .filter((s) => s.cost_options.length === 0)
        .map((s) => s.name)
        .sort(),
    );
  });
});

/**
 * The fixture feed in pages of `per_page` that never give a count, only whether a page is the last: `paid` marks
 * which records cost something, and `endless` has the feed say that more follow after every page.
 */
async function uncountedFeed(paid: (index: number) => boolean, options: { endless?: boolean } = {}) {
  const feed = (await (await fetch(`${FEED}/services`)).json()) as { contents: Array<Record<string, unknown>> };
  const fee = [{ option: 'Per session', amount: 5, currency: 'GBP' }];
  const records: Array<Record<string, unknown>> = feed.contents.map((r, i) => ({
    ...r,
    cost_options: paid(i) ? fee : [],
  }));
  const asked: number[] = [];
  const feedFetch: typeof fetch = async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    if (!url.pathname.endsWith('/oruk/services')) return fetch(input, init);
    const page = Number(url.searchParams.get('page') ?? 1);
    const size = Number(url.searchParams.get('per_page') ?? 50);
    asked.push(page);
    const contents = options.endless
      ? records.slice(0, size).map((r) => ({ ...r, id: `${String(r.id)}-p${page}` }))
      : records.slice((page - 1) * size, page * size);
    return json({ contents, first_page: page === 1, last_page: !options.endless && page * size >= records.length });
  };
  return { feedFetch, asked };
}

/**
 * The fixture feed, its services in pages of `per_page` as asked, except `/taxonomy_terms`, which ignores `page` and
 * answers every page with the terms `termIds` out of all eight, saying more follow (as the official ORUK example
 * feeds do). `termsAsked` counts its requests.
 */
async function feedIgnoringTermPages(termIds: string[]) {
  const feed = (await (await fetch(`${FEED}/services`)).json()) as { contents: unknown[] };
  const vocabulary = (await (await fetch(`${FEED}/taxonomy_terms`)).json()) as { contents: Array<{ id: string }> };
  const termsAsked: number[] = [];
  const asked: URL[] = [];
  const feedFetch: typeof fetch = async (input) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const page = Number(url.searchParams.get('page') ?? 1);
    if (url.pathname.endsWith('/oruk/taxonomy_terms')) {
      termsAsked.push(page);
      const contents = vocabulary.contents.filter((t) => termIds.includes(t.id));
      return json({ total_items: 8, total_pages: 3, page_number: 1, last_page: false, contents });
    }
    asked.push(url);
    const size = Number(url.searchParams.get('per_page') ?? 50);
    const term = url.searchParams.get('taxonomy_term_id');
    const all = feed.contents.filter((r) => !term || JSON.stringify(r).includes(`"id":"${term}"`));
    const contents = all.slice((page - 1) * size, page * size);
    const pages = Math.ceil(all.length / size);
    return json({ total_items: all.length, total_pages: pages, page_number: page, last_page: page >= pages, contents });
  };
  return { feedFetch, termsAsked, asked };
}

/**
 * The fixture feed as a feed that ignores `page`: whatever page is asked for, it answers with the first `per_page`
 * records, echoing page 1, with the feed's total and "more follow". `asked` lists the pages asked for.
 */
async function feedIgnoringPages() {
  const feed = (await (await fetch(`${FEED}/services`)).json()) as { contents: unknown[] };
  const asked: number[] = [];
  const feedFetch: typeof fetch = async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    if (!url.pathname.endsWith('/oruk/services')) return fetch(input, init);
    asked.push(Number(url.searchParams.get('page') ?? 1));
    const contents = feed.contents.slice(0, Number(url.searchParams.get('per_page') ?? 50));
    return json({ total_items: feed.contents.length, page_number: 1, first_page: true, last_page: false, contents });
  };
  return { feedFetch, asked };
}

const categoryOptions = (el: C2cServiceDirectory) =>
  [...root(el).querySelectorAll<HTMLOptionElement>('#f-category option')].map((o) => o.value).filter(Boolean);

describe('<c2c-service-directory> a feed that ignores the page asked for', () => {
  it('ends the list at “Show more” instead of listing the first page again, and says there may be more', async () => {
    const { feedFetch, asked } = await feedIgnoringPages();
    const el = await firstPageOf(feedFetch);
    const first = names(el);
    const more = root(el).querySelector<HTMLButtonElement>('.more')!;
    more.focus();
    more.click();
    await waitUntil(() => asked.length >= 2, 'page 2 asked for', { timeout: 15000 });
    await waitUntil(() => !root(el).querySelector('.more'), 'the list ended', { timeout: 15000 });
    await settle(el);
    expect(asked).to.deep.equal([1, 2]);
    expect(names(el), 'each service once').to.deep.equal(first);
    // Not "3 services found": the feed has 8, and the 5 it never sent may match.
    expect(root(el).querySelector('#count')!.textContent!.trim()).to.equal(
      '3 services shown. We could not load any more, so there may be others.',
    );
    expect(focusedName(el), 'focus goes to the count, which says why the list ended').to.equal('p#count.count');
    // The site owner hears of it, with the feed and the code only: the page's words stay with the family.
    expect(problemsOf(el)).to.deep.equal([{ code: 'repeated_page', list: '/services', feed: FEED }]);
    await expect(el).to.be.accessible();

    // Once a search: a new search that meets it again tells again, once.
    root(el).querySelector<HTMLInputElement>('#f-free')!.click();
    await waitUntil(() => asked.length >= 3, 'searched again', { timeout: 15000 });
    await waitUntil(() => root(el).querySelector('.more'), 'the new first page', { timeout: 15000 });
    root(el).querySelector<HTMLButtonElement>('.more')!.click();
    await waitUntil(() => !root(el).querySelector('.more'), 'the list ended again', { timeout: 15000 });
    await settle(el);
    expect(asked).to.deep.equal([1, 2, 1, 2]);
    expect(problemsOf(el)).to.have.length(2);
  });

  it('says so, not “No services found”, when the pages it skips for having nothing to show end at the repeat', async () => {
    const { feedFetch, asked } = await feedIgnoringPages();
    const el = await firstPageOf(feedFetch);
    // Cardiff: the first three services, in Leicestershire, are all more than a mile away, so page 1 shows nothing.
    el.geocode = async () => ({ lat: 51.48, lng: -3.18 });
    root(el).querySelector<HTMLDetailsElement>('details.filters')!.open = true;
    await settle(el);
    root(el).querySelector<HTMLInputElement>('#postcode')!.value = 'CF10 1AA';
    root(el).querySelector<HTMLButtonElement>('.distance .search-row button')!.click();
    await waitUntil(() => root(el).querySelector('#f-radius'), 'the origin set', { timeout: 15000 });
    await waitUntil(() => names(el).length === 3, 'searched from there', { timeout: 15000 });
    const searchesSoFar = searches.get(el) ?? 0;
    asked.length = 0;
    const radius = root(el).querySelector<HTMLSelectElement>('#f-radius')!;
    radius.value = [...radius.options].find((o) => o.textContent!.trim() === '1 mile')!.value;
    radius.dispatchEvent(new Event('change', { bubbles: true }));
    await countAnnounced(el, searchesSoFar + 1);
    expect(asked, 'page 1 had nothing within a mile, and page 2 repeated it').to.deep.equal([1, 2]);
    expect(names(el)).to.deep.equal([]);
    // The five services the feed never sent may be within a mile.
    expect(root(el).querySelector('#count')!.textContent!.trim()).to.equal(
      '0 services shown. We could not load any more, so there may be others.',
    );
    expect(problemsOf(el)).to.deep.equal([{ code: 'repeated_page', list: '/services', feed: FEED }]);
  });

  it('says so in Welsh', async () => {
    const { feedFetch } = await feedIgnoringPages();
    const wrapper = await fixture<HTMLDivElement>(
      html`<div lang="cy">
        <c2c-service-directory no-url-state page-size="3" .fetch=${feedFetch} src=${FEED}></c2c-service-directory>
      </div>`,
    );
    const el = wrapper.querySelector('c2c-service-directory')!;
    await waitUntil(() => names(el).length === 3, 'first page', { timeout: 15000 });
    root(el).querySelector<HTMLButtonElement>('.more')!.click();
    await waitUntil(() => !root(el).querySelector('.more'), 'the list ended', { timeout: 15000 });
    await settle(el);
    expect(root(el).querySelector('#count')!.textContent!.trim()).to.equal(
      'Yn dangos 3 o wasanaethau. Nid oedd modd llwytho rhagor, felly efallai fod rhai eraill.',
    );
  });

  it('counts the list as whole when the repeated page held every service the feed has', async () => {
    const feed = (await (await fetch(`${FEED}/services`)).json()) as { contents: unknown[] };
    // Three services in all, the feed says, in three pages; every page is the whole list.
    const contents = feed.contents.slice(0, 3);
    const wholeFetch: typeof fetch = async (input, init) => {
      const url = new URL(input instanceof Request ? input.url : String(input));
      if (!url.pathname.endsWith('/oruk/services')) return fetch(input, init);
      return json({ total_items: 3, total_pages: 3, page_number: 1, last_page: false, contents });
    };
    const el = await firstPageOf(wholeFetch);
    root(el).querySelector<HTMLButtonElement>('.more')!.click();
    await waitUntil(() => !root(el).querySelector('.more'), 'the list ended', { timeout: 15000 });
    await settle(el);
    expect(root(el).querySelector('#count')!.textContent!.trim()).to.equal('3 services found');
    expect(problemsOf(el), 'nothing is missing, so nothing to tell').to.deep.equal([]);
  });

  it('offers the categories it could read from the feed’s taxonomy, and those of the services it loads', async () => {
    // The taxonomy's repeated page holds three of the eight terms; services 1-3 bring three others.
    const { feedFetch, termsAsked, asked } = await feedIgnoringTermPages(['money', 'health', 'food']);
    const el = await firstPageOf(feedFetch);
    await waitUntil(() => root(el).querySelector('#f-category'), 'the category filter', { timeout: 15000 });
    await settle(el);
    expect(termsAsked, 'page 2 repeated page 1, so no more were asked for').to.deep.equal([1, 2]);
    expect(categoryOptions(el)).to.deep.equal(['money', 'health', 'food', 'early-years', 'send', 'mental-health']);
    expect(problemsOf(el)).to.deep.equal([{ code: 'repeated_page', list: '/taxonomy_terms', feed: FEED }]);
    await expect(el).to.be.accessible();

    // Services 4-6 bring two more (their third, money, is listed already).
    root(el).querySelector<HTMLButtonElement>('.more')!.click();
    await waitUntil(() => names(el).length === 6, 'second page', { timeout: 15000 });
    await settle(el);
    expect(categoryOptions(el)).to.deep.equal([
      'money',
      'health',
      'food',
      'early-years',
      'send',
      'mental-health',
      'parenting',
      'youth',
    ]);

    // A category seen only on a service filters like any other: the feed is asked for it.
    const select = root(el).querySelector<HTMLSelectElement>('#f-category')!;
    select.value = 'send';
    select.dispatchEvent(new Event('change', { bubbles: true }));
    await waitUntil(() => names(el).length === 1, 'the SEND service', { timeout: 15000 });
    expect(names(el)).to.deep.equal(['SENDIASS Advice Line']);
    expect(asked.at(-1)!.searchParams.get('taxonomy_term_id')).to.equal('send');
  });

  it('offers the categories of the services it loads, and tells the host, when the feed has more terms than the reader reads', async () => {
    // A new term on every page, and always "more follow": the SDK's reader stops at its 200 pages.
    const termsAsked: number[] = [];
    const endlessTerms: typeof fetch = async (input, init) => {
      const url = new URL(input instanceof Request ? input.url : String(input));
      if (!url.pathname.endsWith('/oruk/taxonomy_terms')) return fetch(input, init);
      const page = Number(url.searchParams.get('page') ?? 1);
      termsAsked.push(page);
      const contents = [{ id: `term-${page}`, name: `Term ${page}` }];
      return json({ total_items: 100000, total_pages: 100000, page_number: page, last_page: false, contents });
    };
    const el = await fixture<C2cServiceDirectory>(
      html`<c2c-service-directory no-url-state .fetch=${endlessTerms} src=${FEED}></c2c-service-directory>`,
    );
    await waitUntil(() => names(el).length === 8, 'feed results', { timeout: 15000 });
    await waitUntil(() => categoryOptions(el).length > 0, 'the category filter', { timeout: 15000 });
    await settle(el);
    expect(termsAsked).to.have.length(200);
    // The services' own categories, which the 200 terms read do not include.
    expect(categoryOptions(el).slice(200)).to.deep.equal([
      'early-years',
      'send',
      'mental-health',
      'parenting',
      'youth',
      'money',
      'health',
      'food',
    ]);
    expect(problemsOf(el)).to.deep.equal([{ code: 'page_limit', list: '/taxonomy_terms', feed: FEED }]);
  });

  it('keeps the feed’s own list of categories as it is when the feed reads its terms whole', async () => {
    // The fixture's taxonomy is one page of all eight terms: services add nothing to it, even ones it lacks.
    const feed = (await (await fetch(`${FEED}/taxonomy_terms`)).json()) as { contents: Array<{ id: string }> };
    const fewer: typeof fetch = async (input, init) => {
      const url = new URL(input instanceof Request ? input.url : String(input));
      if (!url.pathname.endsWith('/oruk/taxonomy_terms')) return fetch(input, init);
      const contents = feed.contents.filter((t) => t.id !== 'send');
      return json({ total_items: 7, total_pages: 1, last_page: true, contents });
    };
    const el = await fixture<C2cServiceDirectory>(
      html`<c2c-service-directory no-url-state .fetch=${fewer} src=${FEED}></c2c-service-directory>`,
    );
    await waitUntil(() => names(el).length === 8, 'feed results', { timeout: 15000 });
    await waitUntil(() => root(el).querySelector('#f-category'), 'the category filter', { timeout: 15000 });
    await settle(el);
    expect(categoryOptions(el)).to.not.include('send');
    expect(categoryOptions(el)).to.have.length(7);
    expect(problemsOf(el)).to.deep.equal([]);
  });
});

describe('<c2c-service-directory> a feed page with nothing to show that says more follow', () => {
  it('fetches the next pages by itself until one has services, instead of "0 services shown"', async () => {
    // Pages of 3: the first two hold only paid services, the third the two free ones.
    const { feedFetch, asked } = await uncountedFeed((i) => i < 6);
    const el = await firstPageOf(feedFetch);
    asked.length = 0;
    root(el).querySelector<HTMLInputElement>('#f-free')!.click();
    await waitUntil(() => names(el).length === 2, 'the free services on page 3', { timeout: 15000 });
    await settle(el);
    expect(asked).to.deep.equal([1, 2, 3]);
    expect(names(el).sort()).to.deep.equal(['Community Pantry', 'Stop Smoking Service']);
    const count = root(el).querySelector('#count')!.textContent!;
    expect(count).to.contain('2 services found');
    expect(count).not.to.contain('More are available');
    expect(root(el).querySelector('.more'), 'the last page: nothing more').to.equal(null);
    await expect(el).to.be.accessible();
  });

  it('moves focus to the count when “Show more” reaches a last page with nothing to show', async () => {
    // Free only: page 1 holds the three free services, pages 2 and 3 only paid ones.
    const { feedFetch, asked } = await uncountedFeed((i) => i >= 3);
    const el = await firstPageOf(feedFetch);
    root(el).querySelector<HTMLInputElement>('#f-free')!.click();
    await waitUntil(() => asked.length === 2, 'searched again', { timeout: 15000 });
    await settle(el);
    const more = root(el).querySelector<HTMLButtonElement>('.more')!;
    more.focus();
    more.click();
    await waitUntil(() => !root(el).querySelector('.more'), 'the end of the feed', { timeout: 15000 });
    await settle(el);
    expect(asked.slice(2)).to.deep.equal([2, 3]);
    expect(names(el)).to.have.length(3);
    expect(focusedName(el)).to.equal('p#count.count');
    expect(root(el).querySelector('#count')!.textContent).to.contain('3 services found');
  });

  it('stops after a bounded run of such pages and offers Try again', async () => {
    const { feedFetch, asked } = await uncountedFeed(() => true, { endless: true });
    const el = await firstPageOf(feedFetch);
    asked.length = 0;
    root(el).querySelector<HTMLInputElement>('#f-free')!.click();
    await waitUntil(() => root(el).querySelector('.retry'), 'the error', { timeout: 15000 });
    await settle(el);
    expect(asked, 'the first page and five more').to.deep.equal([1, 2, 3, 4, 5, 6]);
    expect(root(el).querySelector('#count')!.textContent!.trim()).to.equal('');
    expect(root(el).querySelector('.message.error h3')!.textContent).to.contain('could not load services');
    root(el).querySelector<HTMLButtonElement>('.retry')!.click();
    await waitUntil(() => asked.length === 12, 'searched again', { timeout: 15000 });
  });
});

/** The fixture feed with some of its records broken as `breakRecord` says. */
async function feedWith(breakRecord: (record: Record<string, unknown>, index: number) => void): Promise<typeof fetch> {
  const feed = (await (await fetch(`${FEED}/services`)).json()) as { contents: Array<Record<string, unknown>> };
  feed.contents.forEach(breakRecord);
  return async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    return url.pathname.endsWith('/oruk/services') ? json(feed) : fetch(input, init);
  };
}

describe('<c2c-service-directory> a feed with records it cannot read', () => {
  it('lists the rest and says, politely, how many could not be shown', async () => {
    const broken = await feedWith((r, i) => {
      if (i === 2) delete r.id;
      if (i === 4) r.name = 12345; // fixable: listed as "12345", reported by the SDK
    });
    const el = await fixture<C2cServiceDirectory>(
      html`<c2c-service-directory no-url-state .fetch=${broken} src=${FEED}></c2c-service-directory>`,
    );
    await waitUntil(() => names(el).length > 0, 'feed results', { timeout: 15000 });
    await settle(el);
    expect(names(el)).to.have.length(7);
    expect(names(el)).to.include('12345');
    expect(root(el).querySelector('#count')!.textContent).to.contain('7 services found');
    const note = root(el).querySelector('.unreadable')!;
    expect(note.textContent!.trim()).to.equal(
      '1 service in this list could not be shown because its details are incomplete.',
    );
    expect(note.closest('[role="alert"]')).to.equal(null);
    expect(note.previousElementSibling?.id, 'right under the count').to.equal('count');
    await expect(el).to.be.accessible();
  });

  it('says it in Welsh, with the Welsh plural', async () => {
    const broken = await feedWith((r, i) => {
      if (i < 2) delete r.name;
    });
    const wrapper = await fixture<HTMLDivElement>(
      html`<div lang="cy">
        <c2c-service-directory no-url-state .fetch=${broken} src=${FEED}></c2c-service-directory>
      </div>`,
    );
    const el = wrapper.querySelector('c2c-service-directory')!;
    await waitUntil(() => names(el).length > 0, 'feed results', { timeout: 15000 });
    await settle(el);
    expect(root(el).querySelector('.unreadable')!.textContent!.trim()).to.equal(
      'Nid oedd modd dangos 2 wasanaeth yn y rhestr hon am nad yw eu manylion yn gyflawn.',
    );
  });

  it('says nothing when every record could be read', async () => {
    const el = await fixture<C2cServiceDirectory>(
      html`<c2c-service-directory no-url-state src=${FEED}></c2c-service-directory>`,
    );
    await waitUntil(() => names(el).length === 8, 'feed results', { timeout: 15000 });
    expect(root(el).querySelector('.unreadable')).to.equal(null);
  });
});

describe('<c2c-service-directory> src addresses', () => {
  it('accepts a feed address relative to the page, and explains one that is not a web address', async () => {
    const relative = FEED.replace(location.origin, '');
    const el = await fixture<C2cServiceDirectory>(
      html`<c2c-service-directory no-url-state src=${relative}></c2c-service-directory>`,
    );
    await waitUntil(() => names(el).length === 8, 'relative feed', { timeout: 15000 });
    const bad = await fixture<C2cServiceDirectory>(
      html`<c2c-service-directory no-url-state src="javascript:alert(1)"></c2c-service-directory>`,
    );
    await settle(bad);
    expect(root(bad).querySelector('.message')!.textContent).to.contain('is not a web address');
    await expect(bad).to.be.accessible();
  });
});

describe('<c2c-service-directory> with an SDK client (hub mode)', () => {
  it('sends the hub the family’s location to about 100 m, never the device’s full precision', async () => {
    const services = syntheticServices(30, 7);
    const hub = fakeHub(services);
    const real = Object.getOwnPropertyDescriptor(Navigator.prototype, 'geolocation')!;
    // The browser's API, answered here as a phone would (not c2c-kit code).
    Object.defineProperty(navigator, 'geolocation', {
      configurable: true,
      value: {
        getCurrentPosition: (ok: PositionCallback) =>
          ok({ coords: { latitude: 51.4816123456, longitude: -3.1791234567 } } as GeolocationPosition),
      },
    });
    try {
      const el = await fixture<C2cServiceDirectory>(
        html`<c2c-service-directory no-url-state .client=${clientFor(hub)}></c2c-service-directory>`,
      );
      await waitUntil(() => names(el).length > 0, 'first page', { timeout: 15000 });
      const use = [...root(el).querySelectorAll<HTMLButtonElement>('button')].find((b) =>
        b.textContent!.includes('Use my location'),
      )!;
      use.click();
      await waitUntil(() => hub.calls.some((c) => c.url.searchParams.has('lat')), 'located search', { timeout: 15000 });
      const sent = hub.calls.find((c) => c.url.searchParams.has('lat'))!.url.searchParams;
      expect([sent.get('lat'), sent.get('lng')]).to.deep.equal(['51.482', '-3.179']);
    } finally {
      delete (navigator as { geolocation?: unknown }).geolocation;
      Object.defineProperty(Navigator.prototype, 'geolocation', real);
    }
  });

  const services = syntheticServices(30, 5);

  it('keeps the pages shown, and focus on the service, when its details close and the address steps back', async () => {
    const hub = fakeHub(services);
    const before = location.href;
    history.replaceState(null, '', location.pathname);
    try {
      const el = await fixture<C2cServiceDirectory>(
        html`<c2c-service-directory page-size="3" .client=${clientFor(hub)}></c2c-service-directory>`,
      );
      await waitUntil(() => names(el).length === 3, 'first page', { timeout: 15000 });
      root(el).querySelector<HTMLButtonElement>('.more')!.click();
      await waitUntil(() => names(el).length === 6, 'second page', { timeout: 15000 });
      const searches = () => hub.calls.filter((c) => c.url.pathname === '/v1/services').length;
      const asked = searches();
      const fifth = root(el).querySelectorAll<HTMLButtonElement>('.results .name')[4]!;
      fifth.click();
      await waitUntil(() => new URLSearchParams(location.search).has('c2c-service'), 'details in the address', {
        timeout: 15000,
      });
      const popped = oneEvent(window, 'popstate');
      root(el).querySelector<HTMLButtonElement>('.details .close')!.click();
      await popped;
      await settle(el);
      await aTimeout(50);
      expect(searches(), 'the same search is not sent again').to.equal(asked);
      expect(names(el)).to.have.length(6);
      expect(root(el).activeElement?.textContent, 'focus back on the service').to.equal(fifth.textContent);
    } finally {
      history.replaceState(null, '', before);
    }
  });

  it('searches through client.services.search and pages with “Show more”', async () => {
    const hub = fakeHub(services);
    const client = clientFor(hub);
    const el = await fixture<C2cServiceDirectory>(
      html`<c2c-service-directory no-url-state page-size="20" .client=${client}></c2c-service-directory>`,
    );
    await waitUntil(() => names(el).length === 20, 'first page', { timeout: 15000 });
    await expect(el).to.be.accessible();
    expect(root(el).querySelector('#count')!.textContent).to.contain('20 services shown. More are available.');
    root(el).querySelector<HTMLButtonElement>('.more')!.focus();
    root(el).querySelector<HTMLButtonElement>('.more')!.click();
    await waitUntil(() => names(el).length === 30, 'second page', { timeout: 15000 });
    await settle(el);
    expect(root(el).querySelector('.more')).to.equal(null);
    // The "Show more" button is gone, so focus moved to the first service of the new page.
    expect(root(el).activeElement?.getAttribute('data-open')).to.equal(services[20]!.id);
    expect(root(el).querySelector('#count')!.textContent).to.contain('30 services found');
    const searched = hub.calls.filter((c) => c.url.pathname === '/v1/services');
    expect(searched[1]!.url.searchParams.get('cursor')).to.equal('20');
  });

  it('says once what a typed search found, without a “Loading” before it when the source answers quickly', async () => {
    const el = await fixture<C2cServiceDirectory>(
      html`<c2c-service-directory
        no-url-state
        page-size="20"
        .client=${clientFor(fakeHub(services))}
      ></c2c-service-directory>`,
    );
    await waitUntil(() => names(el).length === 20, 'first page', { timeout: 15000 });
    await countAnnounced(el);
    const live = root(el).querySelector('#live')!;
    const heard: string[] = [];
    const observer = new MutationObserver(() => {
      const text = live.textContent!.trim();
      if (text && text !== heard.at(-1)) heard.push(text);
    });
    observer.observe(live, { childList: true, characterData: true, subtree: true });
    const word = services[0]!.name.split(' ')[0]!.toLowerCase();
    root(el).querySelector<HTMLInputElement>('#q')!.focus();
    const searched = oneEvent(el, 'c2c-search');
    await sendKeys({ type: word });
    await searched;
    // A "Loading…" would come before the count, so once the count is heard nothing more can be said for this search.
    await waitUntil(() => heard.length > 0, 'something said', { timeout: 15000 });
    await settle(el);
    observer.disconnect();
    expect(heard, heard.join(' | ')).to.have.length(1);
    expect(heard[0]).to.match(/^\d+ services? (found|shown)/);
  });

  it('keeps the total a source reports after “Show more”', async () => {
    const el = await fixture<C2cServiceDirectory>(
      html`<c2c-service-directory
        no-url-state
        page-size="10"
        .client=${clientFor(fakeHub(services, { total: true }))}
      ></c2c-service-directory>`,
    );
    await waitUntil(() => names(el).length === 10, 'first page', { timeout: 15000 });
    expect(root(el).querySelector('#count')!.textContent).to.contain('30 services found');
    root(el).querySelector<HTMLButtonElement>('.more')!.click();
    await waitUntil(() => names(el).length === 20, 'second page', { timeout: 15000 });
    await settle(el);
    expect(root(el).querySelector('#count')!.textContent).to.contain('30 services found');
  });

  it('keeps keyboard focus on “Show more” while the next page loads and after it, when more remain', async () => {
    const el = await fixture<C2cServiceDirectory>(
      html`<c2c-service-directory
        no-url-state
        page-size="10"
        .client=${clientFor(fakeHub(services))}
      ></c2c-service-directory>`,
    );
    await waitUntil(() => names(el).length === 10, 'first page', { timeout: 15000 });
    const more = root(el).querySelector<HTMLButtonElement>('.more')!;
    more.focus();
    more.click();
    await el.updateComplete;
    expect(more.getAttribute('aria-disabled')).to.equal('true');
    more.click(); // a second press while loading asks for nothing more
    await waitUntil(() => names(el).length === 20, 'second page', { timeout: 15000 });
    await settle(el);
    expect(names(el).length).to.equal(20);
    expect(root(el).activeElement).to.equal(root(el).querySelector('.more'));
    expect(root(el).querySelector('.more')!.getAttribute('aria-disabled')).to.equal('false');
  });

  it('says so, beside the button, when “Show more” fails, and loads the page when pressed again', async () => {
    let failing = false;
    const el = await fixture<C2cServiceDirectory>(
      html`<c2c-service-directory
        no-url-state
        page-size="10"
        .client=${clientFor(fakeHub(services, { fail: () => failing }))}
      ></c2c-service-directory>`,
    );
    await waitUntil(() => names(el).length === 10, 'first page', { timeout: 15000 });
    failing = true;
    root(el).querySelector<HTMLButtonElement>('.more')!.click();
    await waitUntil(() => root(el).querySelector('.more-error'), 'the failure shown', { timeout: 15000 });
    const said = 'Sorry, we could not load services. We could not reach the list of services. Try again later.';
    expect(root(el).querySelector('.more-error')!.textContent!.trim()).to.equal(said);
    // Styled as the directory's other errors: the theme's error colour (#d4351c by default), in bold.
    const look = getComputedStyle(root(el).querySelector('.more-error')!);
    expect([look.color, look.fontWeight]).to.deep.equal(['rgb(212, 53, 28)', '700']);
    await waitUntil(() => root(el).querySelector('#live')!.textContent!.trim() === said, 'said', { timeout: 15000 });
    expect(names(el)).to.have.length(10);
    await expect(el).to.be.accessible();
    failing = false;
    root(el).querySelector<HTMLButtonElement>('.more')!.click();
    await waitUntil(() => names(el).length === 20, 'second page', { timeout: 15000 });
    await settle(el);
    expect(root(el).querySelector('.more-error')).to.equal(null);
  });

  it('shows a loading skeleton, then an error with retry, then results', async () => {
    let release!: () => void;
    const hold = new Promise<void>((r) => (release = r));
    let failing = true;
    const hub = fakeHub(services, { hold, fail: () => failing });
    const client = clientFor(hub);
    const el = await fixture<C2cServiceDirectory>(
      html`<c2c-service-directory no-url-state .client=${client}></c2c-service-directory>`,
    );
    await settle(el);
    expect(root(el).querySelector('.skeleton')).to.not.equal(null);
    expect(root(el).querySelector('#count')!.textContent).to.contain('Loading services…');
    expect(root(el).querySelector('#count')!.getAttribute('aria-busy')).to.equal('true');
    // A wait that long is worth saying.
    await waitUntil(
      () => root(el).querySelector('#live')!.textContent!.trim() === 'Loading services…',
      'loading said',
      {
        timeout: 15000,
      },
    );
    release();
    await waitUntil(() => root(el).querySelector('.message.error'), 'error shown', { timeout: 15000 });
    // Said through the live region (see the next test), so the message itself is no second one.
    expect(root(el).querySelector('.message.error')!.closest('[role],[aria-live]')?.outerHTML ?? null).to.equal(null);
    expect(root(el).querySelector('.stale')).to.equal(null);
    expect(root(el).querySelector('#count')!.textContent!.trim(), 'no count beside the error').to.equal('');
    // Online (the fake hub's failure is a refused request): the words do not send the family to their connection.
    expect(root(el).querySelector('.message.error')!.textContent).to.contain(
      'We could not reach the list of services.',
    );
    await expect(el).to.be.accessible();
    failing = false;
    root(el).querySelector<HTMLButtonElement>('.retry')!.focus();
    root(el).querySelector<HTMLButtonElement>('.retry')!.click();
    await waitUntil(() => names(el).length > 0, 'results after retry', { timeout: 15000 });
    expect(root(el).querySelector('.message.error')).to.equal(null);
    // Keyboard focus was on the button, which is gone: it continues from the count, not the page's start.
    expect(root(el).activeElement?.id).to.equal('count');
  });

  it('says a failed load once, through the one live region, and again only when it fails again', async () => {
    let failing = true;
    const hub = fakeHub(services, { fail: () => failing });
    const el = await fixture<C2cServiceDirectory>(
      html`<c2c-service-directory no-url-state .client=${clientFor(hub)}></c2c-service-directory>`,
    );
    const live = root(el).querySelector('#live')!;
    const heard: string[] = [];
    const listen = new MutationObserver(() => {
      const text = live.textContent!.trim();
      if (text !== heard[heard.length - 1]) heard.push(text);
    });
    listen.observe(live, { childList: true, characterData: true, subtree: true });
    const error = 'Sorry, we could not load services. We could not reach the list of services. Try again later.';
    try {
      await waitUntil(() => root(el).querySelector('.message.error'), 'error shown', { timeout: 15000 });
      // Past the moment a slow load would say "Loading…", and through a re-render of the error.
      await aTimeout(1200);
      el.requestUpdate();
      await settle(el);
      expect(heard.filter((t) => t === error)).to.have.length(1);
      // Nothing else speaks the error: no alert, status or live region but #live holds its words.
      const others = [...root(el).querySelectorAll('[role="alert"], [role="status"], [aria-live]')].filter(
        (x) => x.id !== 'live' && x.textContent!.includes('could not load'),
      );
      expect(others.map((x) => x.outerHTML)).to.deep.equal([]);
      root(el).querySelector<HTMLButtonElement>('.retry')!.click();
      await waitUntil(() => heard.filter((t) => t === error).length === 2, 'a second failure is said', {
        timeout: 15000,
      });
      await aTimeout(1200);
      expect(heard.filter((t) => t === error)).to.have.length(2);
      failing = false;
    } finally {
      listen.disconnect();
    }
  });

  it('tells a source that answers with something unreadable apart from a lost connection', async () => {
    // The connection is fine: the source answered, but not with services (a broken proxy, a mistyped address).
    const broken: typeof fetch = async () =>
      new Response('<html><body>Bad gateway</body></html>', { status: 502, headers: { 'content-type': 'text/html' } });
    const el = await fixture<C2cServiceDirectory>(
      html`<c2c-service-directory no-url-state .client=${clientFor({ fetchImpl: broken })}></c2c-service-directory>`,
    );
    await waitUntil(() => root(el).querySelector('.message.error'), 'error shown', { timeout: 15000 });
    const text = root(el).querySelector('.message.error')!.textContent!;
    expect(text).to.contain('could not be read just now');
    expect(text).to.not.contain('internet connection');
    expect(root(el).querySelector('.retry')).to.not.equal(null);
  });

  it('shows the last good results, marked as saved earlier, when the hub cannot be reached', async () => {
    let failing = false;
    const hub = fakeHub(services, { fail: () => failing });
    const client = clientFor(hub);
    const first = await fixture<C2cServiceDirectory>(
      html`<c2c-service-directory no-url-state .client=${client}></c2c-service-directory>`,
    );
    await waitUntil(() => names(first).length > 0, 'first load', { timeout: 15000 });
    const good = names(first);
    failing = true;
    const second = await fixture<C2cServiceDirectory>(
      html`<c2c-service-directory no-url-state .client=${client}></c2c-service-directory>`,
    );
    await waitUntil(() => root(second).querySelector('.message.error'), 'error', { timeout: 15000 });
    await settle(second);
    expect(root(second).querySelector('.stale')!.textContent).to.match(
      /These results were saved on .+ and may be out of date\./,
    );
    expect(names(second)).to.deep.equal(good);
  });

  it('keeps what a family typed out of localStorage: a search’s saved results last for this tab only', async () => {
    let failing = false;
    const hub = fakeHub(services, { fail: () => failing });
    const el = await fixture<C2cServiceDirectory>(
      html`<c2c-service-directory no-url-state .client=${clientFor(hub)}></c2c-service-directory>`,
    );
    await waitUntil(() => names(el).length > 0, 'first load', { timeout: 15000 });
    // A search word can say a lot about a family ("domestic abuse support"), or be a child's name.
    const word = services[0]!.name.split(' ')[0]!.toLowerCase();
    root(el).querySelector<HTMLInputElement>('#q')!.value = word;
    root(el).querySelector<HTMLFormElement>('form.search')!.requestSubmit();
    await waitUntil(() => hub.calls.some((c) => c.url.searchParams.get('q') === word), 'search sent', {
      timeout: 15000,
    });
    await waitUntil(
      () => names(el).length > 0 && names(el).every((n) => n.toLowerCase().includes(word)),
      'results of the search',
      { timeout: 15000 },
    );
    // The saved results are public directory data (names with that word in them); the search itself is not.
    const searchesKept = Object.keys(localStorage)
      .filter((k) => k.startsWith('c2c:service-directory:cache:'))
      .flatMap((k) => (JSON.parse(localStorage.getItem(k)!) as Array<{ query: string }>).map((e) => e.query));
    expect(searchesKept).to.not.be.empty;
    expect(searchesKept.filter((query) => query.toLowerCase().includes(word))).to.deep.equal([]);
    // Within this visit, a dropped connection still shows the last results of that search.
    const good = names(el);
    failing = true;
    root(el).querySelector<HTMLFormElement>('form.search')!.requestSubmit();
    await waitUntil(() => root(el).querySelector('.message.error'), 'error', { timeout: 15000 });
    await settle(el);
    expect(root(el).querySelector('.stale')).to.exist;
    expect(names(el)).to.deep.equal(good);
  });

  it('keeps no saved results, not even for this tab, of a search with a postcode typed in it', async () => {
    const hub = fakeHub(services);
    const el = await fixture<C2cServiceDirectory>(
      html`<c2c-service-directory no-url-state .client=${clientFor(hub)}></c2c-service-directory>`,
    );
    await waitUntil(() => names(el).length > 0, 'first load', { timeout: 15000 });
    const before = searches.get(el) ?? 0;
    const typed = 'toddlers CF10 1AA';
    root(el).querySelector<HTMLInputElement>('#q')!.value = typed;
    root(el).querySelector<HTMLFormElement>('form.search')!.requestSubmit();
    // The search still goes to the hub with the words as typed; only what is kept in the browser leaves them out.
    await waitUntil(() => hub.calls.some((c) => c.url.searchParams.get('q') === typed), 'search sent', {
      timeout: 15000,
    });
    await countAnnounced(el, before + 1);
    // The searches whose results are kept, in either storage: their results are public directory data.
    const kept = [localStorage, sessionStorage].flatMap((storage) =>
      Object.keys(storage)
        .filter((k) => k.startsWith('c2c:service-directory:cache:'))
        .flatMap((k) => (JSON.parse(storage.getItem(k)!) as Array<{ query: string }>).map((e) => e.query)),
    );
    expect(kept).to.not.be.empty;
    expect(kept.filter((query) => /CF10/i.test(query))).to.deep.equal([]);
  });

  it('records signposting with consent in staff mode and emits c2c-signpost', async () => {
    const hub = fakeHub(services);
    const client = clientFor(hub, 'demo_pri-millbrook-teacher');
    const el = await fixture<C2cServiceDirectory>(
      html`<c2c-service-directory no-url-state staff .client=${client}></c2c-service-directory>`,
    );
    await waitUntil(() => names(el).length > 0, 'results', { timeout: 15000 });
    root(el).querySelector<HTMLButtonElement>('.results .name')!.click();
    await waitUntil(() => root(el).querySelector('form.signpost'), 'signpost form', { timeout: 15000 });
    await expect(el).to.be.accessible();
    const form = root(el).querySelector<HTMLFormElement>('form.signpost')!;
    // A referral without consent is refused before anything is sent.
    form.querySelector<HTMLInputElement>('#k-r')!.checked = true;
    form.requestSubmit();
    await settle(el);
    expect(form.querySelector('[role="alert"]')!.textContent).to.contain('A referral needs the family’s consent');
    expect(hub.calls.some((c) => c.method === 'POST')).to.equal(false);
    form.querySelector<HTMLInputElement>('#s-consent')!.checked = true;
    form.querySelector<HTMLInputElement>('#s-ref')!.value = 'FAM-12';
    const signposted = oneEvent(el, 'c2c-signpost');
    form.requestSubmit();
    const event = await signposted;
    expect(event.detail.signposting.kind).to.equal('referred');
    const post = hub.calls.find((c) => c.method === 'POST')!;
    expect(post.url.pathname).to.equal('/v1/signposting');
    expect(post.body).to.deep.include({
      kind: 'referred',
      familyReference: 'FAM-12',
      consent: { given: true, method: 'verbal' },
    });
    await settle(el);
    expect(form.querySelector('.ok')!.textContent).to.contain('Recorded: the family was referred to');
  });

  it('offers the last record’s family reference and consent method in the next one, without filling them in unasked (WCAG 3.3.7)', async () => {
    const hub = fakeHub(services);
    const el = await staffDirectory(hub);
    await waitUntil(() => names(el).length > 1, 'results', { timeout: 15000 });
    const openNth = async (n: number) => {
      root(el).querySelectorAll<HTMLButtonElement>('.results .name')[n]!.click();
      await waitUntil(() => root(el).querySelector('form.signpost'), 'signpost form', { timeout: 15000 });
      await settle(el);
      return root(el).querySelector<HTMLFormElement>('form.signpost')!;
    };
    let form = await openNth(0);
    // Nothing to offer before the first record.
    expect(form.querySelector('.use-previous')).to.equal(null);
    form.querySelector<HTMLInputElement>('#s-consent')!.checked = true;
    form.querySelector<HTMLInputElement>('#s-ref')!.value = 'FAM-12';
    form.querySelector<HTMLSelectElement>('#s-method')!.value = 'written';
    form.requestSubmit();
    await waitUntil(() => form.querySelector('.ok'), 'recorded', { timeout: 15000 });
    root(el).querySelector<HTMLButtonElement>('.details .close')!.click();
    await waitUntil(() => !root(el).querySelector('form.signpost'), 'details closed', { timeout: 15000 });

    // The same family, told about a second service.
    form = await openNth(1);
    const ref = form.querySelector<HTMLInputElement>('#s-ref')!;
    expect(ref.value, 'not filled in unasked').to.equal('');
    expect(form.querySelector<HTMLSelectElement>('#s-method')!.value).to.equal('written');
    expect(form.querySelector<HTMLInputElement>('#s-consent')!.checked, 'consent is asked each time').to.equal(false);
    const use = form.querySelector<HTMLButtonElement>('.use-previous')!;
    expect(use.textContent!.trim()).to.equal('Use FAM-12, the family reference from your last record');
    await expect(el).to.be.accessible();
    use.focus();
    await sendKeys({ press: 'Enter' });
    expect(ref.value).to.equal('FAM-12');
    expect(focusedName(el)).to.equal('input#s-ref');
    form.querySelector<HTMLInputElement>('#s-consent')!.checked = true;
    form.requestSubmit();
    await waitUntil(() => hub.calls.filter((c) => c.method === 'POST').length === 2, 'second record', {
      timeout: 15000,
    });
    expect(hub.calls.filter((c) => c.method === 'POST')[1]!.body).to.deep.include({
      familyReference: 'FAM-12',
      consent: { given: true, method: 'written' },
    });
  });

  it('ties a referral’s missing consent to the consent box and takes keyboard focus there', async () => {
    const hub = fakeHub(services);
    const el = await staffDirectory(hub);
    await waitUntil(() => names(el).length > 0, 'results', { timeout: 15000 });
    root(el).querySelector<HTMLButtonElement>('.results .name')!.click();
    await waitUntil(() => root(el).querySelector('form.signpost'), 'signpost form', { timeout: 15000 });
    const form = root(el).querySelector<HTMLFormElement>('form.signpost')!;
    form.querySelector<HTMLInputElement>('#k-r')!.focus();
    await sendKeys({ press: 'Space' });
    form.querySelector<HTMLButtonElement>('button.record')!.focus();
    await sendKeys({ press: 'Enter' });
    await settle(el);
    expect(hub.calls.some((c) => c.method === 'POST')).to.equal(false);
    const consent = form.querySelector<HTMLInputElement>('#s-consent')!;
    expect(focusedName(el)).to.equal('input#s-consent');
    expect(consent.getAttribute('aria-invalid')).to.equal('true');
    const described = (consent.getAttribute('aria-describedby') ?? '')
      .split(' ')
      .map((id) => root(el).getElementById(id)?.textContent ?? '')
      .join(' ');
    expect(described).to.contain('A referral needs the family’s consent');
    await expect(el).to.be.accessible();
  });

  it('keeps keyboard focus on Record while it sends and after “Recorded”', async () => {
    const hub = fakeHub(services);
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const slowPost: typeof fetch = async (input, init) => {
      if ((input instanceof Request ? input.method : init?.method) === 'POST') await gate;
      return hub.fetchImpl(input, init);
    };
    const el = await staffDirectory({ fetchImpl: slowPost });
    await waitUntil(() => names(el).length > 0, 'results', { timeout: 15000 });
    root(el).querySelector<HTMLButtonElement>('.results .name')!.click();
    await waitUntil(() => root(el).querySelector('form.signpost'), 'signpost form', { timeout: 15000 });
    const form = root(el).querySelector<HTMLFormElement>('form.signpost')!;
    form.querySelector<HTMLInputElement>('#s-consent')!.checked = true;
    const record = form.querySelector<HTMLButtonElement>('button.record')!;
    record.focus();
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => record.textContent!.includes('Recording…'), 'sending', { timeout: 15000 });
    expect(focusedName(el), 'focus stays on the busy button').to.equal('button.record');
    expect(record.getAttribute('aria-disabled')).to.equal('true');
    await sendKeys({ press: 'Enter' }); // a second press while sending records nothing more
    release();
    await waitUntil(() => form.querySelector('.ok'), 'recorded', { timeout: 15000 });
    await settle(el);
    expect(form.querySelector('.ok')!.closest('[role="status"]'), 'the confirmation is announced').to.not.equal(null);
    expect(focusedName(el), 'focus stays on the button').to.equal('button.record');
    expect(record.getAttribute('aria-disabled')).to.equal('false');
    expect(hub.calls.filter((c) => c.method === 'POST')).to.have.length(1);
  });

  it('names the accessibility filters in Welsh on a Welsh page, and still filters by the feed’s words', async () => {
    const hub = fakeHub(services);
    const wrapper = await fixture<HTMLDivElement>(
      html`<div lang="cy"><c2c-service-directory no-url-state .client=${clientFor(hub)}></c2c-service-directory></div>`,
    );
    const el = wrapper.querySelector('c2c-service-directory')!;
    await waitUntil(() => names(el).length > 0, 'results', { timeout: 15000 });
    const select = root(el).querySelector<HTMLSelectElement>('#f-access')!;
    const options = [...select.options].map((o) => [o.value, o.textContent!.trim()]);
    expect(options).to.deep.equal([
      ['', 'Dim ffafriaeth'],
      ['Step-free access', 'Mynediad heb risiau'],
      ['Accessible toilet', 'Toiled hygyrch'],
      ['Hearing loop', 'Dolen sain'],
      ['Parking', 'Parcio'],
      ['Changing Places toilet', 'Toiled Changing Places'],
      ['British Sign Language', 'Iaith Arwyddion Prydain'],
    ]);
    select.value = 'Hearing loop';
    select.dispatchEvent(new Event('change', { bubbles: true }));
    await waitUntil(
      () => hub.calls.some((c) => c.url.searchParams.get('accessibility') === 'Hearing loop'),
      'filter sent in the feed’s words',
      { timeout: 15000 },
    );
    await settle(el);
    const chip = root(el).querySelector('.chip[data-filter="accessibility"]')!;
    // Named from its text (the × beside it is drawn, not said), so the feed's words in it can keep their language.
    expect(chip.textContent!.replace('×', '').replace(/\s+/g, ' ').trim()).to.equal('Tynnu’r hidlydd: Dolen sain');
  });

  it('says it is loading a shared link’s services, then that they are gone', async () => {
    let release!: () => void;
    const hold = new Promise<void>((r) => (release = r));
    const hub = fakeHub(services, { hold });
    const before = location.href;
    history.replaceState(null, '', '?c2c-shortlist=gone-1,gone-2');
    try {
      const el = await fixture<C2cServiceDirectory>(
        html`<c2c-service-directory .client=${clientFor(hub)}></c2c-service-directory>`,
      );
      await waitUntil(() => root(el).querySelector('.shared-status'), 'shared view', { timeout: 15000 });
      expect(root(el).querySelector('.shared-status')!.textContent!.trim()).to.equal('Loading services…');
      expect(root(el).querySelector('.save-all')).to.equal(null);
      release();
      await waitUntil(
        () => root(el).querySelector('.shared-status')!.textContent!.includes('no longer listed'),
        'looked up',
        { timeout: 15000 },
      );
      expect(root(el).querySelector('.save-all')).to.equal(null);
    } finally {
      history.replaceState(null, '', before);
    }
  });

  it('says which saved services the hub no longer lists, but not one it could not be asked about', async () => {
    // The hub cannot be reached for one saved service: that says nothing about whether it is still listed.
    const fetchImpl = unreachableFor(fakeHub(services), 'unreachable-1');
    const saved = (id: string, name: string): Service => ({ ...services[1]!, id, name });
    const items = [services[0]!, saved('gone-9', 'Old Toddler Group'), saved('unreachable-1', 'Rhyme Time')];
    await withSavedShortlist('remote-unlisted', items, fetchImpl, async (el) => {
      root(el).querySelector<HTMLButtonElement>('.shortlist-button')!.click();
      await waitUntil(() => root(el).querySelector('.shortlist .unlisted'), 'checked', { timeout: 15000 });
      await settle(el);
      const rows = [...root(el).querySelectorAll('.shortlist li.result')].map((r) => ({
        name: r.querySelector('.result-name')!.textContent!.trim(),
        unlisted: r.textContent!.includes('no longer listed'),
      }));
      expect(rows).to.deep.equal([
        { name: services[0]!.name, unlisted: false },
        { name: 'Old Toddler Group', unlisted: true },
        { name: 'Rhyme Time', unlisted: false },
      ]);
      await expect(el).to.be.accessible();
    });
  });

  it('shows and keeps the hub’s current record of a saved service, and the saved copy when the hub cannot be asked', async () => {
    const fetchImpl = unreachableFor(fakeHub(services), 'unreachable-1');
    const current = services[0]!;
    const old = savedEarlier(current);
    const unreachable: Service = { ...services[1]!, id: 'unreachable-1', name: 'Rhyme Time' };
    await withSavedShortlist('remote-refresh', [old, unreachable], fetchImpl, async (el, key) => {
      const changes: unknown[] = [];
      el.addEventListener('c2c-shortlist-change', (e) => changes.push(e.detail));
      root(el).querySelector<HTMLButtonElement>('.shortlist-button')!.click();
      const summary = () => shortlistSummary(el);
      await waitUntil(() => summary() && summary() !== old.description, 'refreshed', { timeout: 15000 });
      await settle(el);
      const rows = [...root(el).querySelectorAll('.shortlist li.result')];
      expect(rows.map((r) => r.querySelector('.result-name')!.textContent!.trim())).to.deep.equal([
        current.name,
        'Rhyme Time',
      ]);
      expect(rows[0]!.textContent).to.not.contain('97');
      const stored = (JSON.parse(localStorage.getItem(key)!) as { items: Service[] }).items;
      expect(stored).to.deep.equal(JSON.parse(JSON.stringify([current, unreachable])));
      expect(changes, 'the same services are saved').to.deep.equal([]);
    });
  });

  it('prints the hub’s current record of a saved service, waiting for it when Print is pressed before it came', async () => {
    const hub = fakeHub(services);
    // The hub's answer about the saved service is held back until the test lets it go, after Print is pressed.
    let answer!: () => void;
    const held = new Promise<void>((resolve) => (answer = resolve));
    const current = services[0]!;
    const fetchImpl: typeof fetch = async (input, init) => {
      if (urlOf(input).includes(`/v1/services/${current.id}`)) await held;
      return hub.fetchImpl(input, init);
    };
    const old = savedEarlier(current);
    try {
      await withSavedShortlist('remote-print', [old], fetchImpl, async (el) => {
        const printed = recordPrints(el);
        root(el).querySelector<HTMLButtonElement>('.shortlist-button')!.click();
        await settle(el);
        expect(shortlistSummary(el), 'the saved copy, while the hub is asked').to.equal(old.description);
        root(el).querySelector<HTMLButtonElement>('.print')!.click();
        await settle(el);
        const status = root(el).querySelector('.share-status')!;
        expect(printed, 'nothing printed before the hub answers').to.deep.equal([]);
        expect(status.textContent!.trim()).to.equal('Getting the latest details of your services to print…');
        expect(root(el).querySelector('.print')!.getAttribute('aria-disabled')).to.equal('true');
        answer();
        await waitUntil(() => printed.length > 0, 'printed', { timeout: 15000 });
        await settle(el);
        expect(shortlistSummary(el), 'the current record').to.not.equal(old.description);
        expect(printed).to.deep.equal([shortlistSummary(el)]);
        expect(status.textContent!.trim(), 'nothing of the wait on paper').to.equal('');
        expect(root(el).querySelector('.print')!.getAttribute('aria-disabled')).to.equal('false');
      });
    } finally {
      answer();
    }
  });

  it('asks the hub again on Print about a saved service it could not be asked about when the shortlist opened', async () => {
    const hub = fakeHub(services);
    const current = services[1]!;
    let asked = 0;
    // The first question about the saved service fails (the connection dropped); the next is answered.
    const fetchImpl: typeof fetch = (input, init) => {
      if (urlOf(input).includes(`/v1/services/${current.id}`) && asked++ === 0)
        return Promise.reject(new TypeError('Failed to fetch'));
      return hub.fetchImpl(input, init);
    };
    const old: Service = { ...current, description: OLD_DESCRIPTION };
    await withSavedShortlist('remote-print-again', [old], fetchImpl, async (el) => {
      const printed = recordPrints(el);
      root(el).querySelector<HTMLButtonElement>('.shortlist-button')!.click();
      await waitUntil(() => asked === 1, 'asked once', { timeout: 15000 });
      await settle(el);
      expect(shortlistSummary(el), 'the saved copy stays when the hub cannot be asked').to.equal(old.description);
      root(el).querySelector<HTMLButtonElement>('.print')!.click();
      await waitUntil(() => printed.length > 0, 'printed', { timeout: 15000 });
      expect(asked).to.equal(2);
      expect(printed).to.have.length(1);
      expect(printed[0]).to.not.equal(old.description);
      expect(printed[0]).to.equal(shortlistSummary(el));
    });
  });

  it('shows a shared link’s services as the hub has them now, not as they were saved here', async () => {
    const hub = fakeHub(services);
    const key = 'c2c:service-directory:remote-shared-refresh:shortlist:v1';
    const current = services[0]!;
    localStorage.setItem(key, JSON.stringify({ items: [{ ...current, name: 'Old name' }] }));
    const before = location.href;
    history.replaceState(null, '', `?c2c-shortlist=${current.id}`);
    try {
      const el = await fixture<C2cServiceDirectory>(
        html`<c2c-service-directory
          storage-key="remote-shared-refresh"
          .client=${clientFor(hub)}
        ></c2c-service-directory>`,
      );
      await waitUntil(() => root(el).querySelector('.shortlist li.result'), 'shared services', { timeout: 15000 });
      await settle(el);
      expect(root(el).querySelector('.shortlist li.result .result-name')!.textContent!.trim()).to.equal(current.name);
      const stored = (JSON.parse(localStorage.getItem(key)!) as { items: Service[] }).items;
      expect(stored.map((s) => s.name)).to.deep.equal([current.name]);
    } finally {
      history.replaceState(null, '', before);
      localStorage.removeItem(key);
    }
  });

  it('offers no signposting without the staff attribute', async () => {
    const hub = fakeHub(services);
    const client = clientFor(hub);
    const el = await fixture<C2cServiceDirectory>(
      html`<c2c-service-directory no-url-state .client=${client}></c2c-service-directory>`,
    );
    await waitUntil(() => names(el).length > 0, 'results', { timeout: 15000 });
    root(el).querySelector<HTMLButtonElement>('.results .name')!.click();
    await waitUntil(() => root(el).querySelector('dialog')?.open, 'details open', { timeout: 15000 });
    await settle(el);
    expect(root(el).querySelector('form.signpost')).to.equal(null);
  });
});
