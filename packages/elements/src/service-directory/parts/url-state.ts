import { DAYS, type Day } from '@c2c/schema';

/**
 * The part of the directory's state that a link carries: the search and its filters, the open service and a
 * shared shortlist. Never personal data: the family's location and postcode stay in memory only, and a search
 * with a postcode in it is not written (see {@link writeUrlState}).
 */
export interface UrlState {
  q: string;
  taxonomy?: string;
  age?: number;
  free?: boolean;
  day?: Day;
  time?: string;
  language?: string;
  accessibility?: string;
  /** Id of the service whose details are open. */
  service?: string;
  /** Ids of a shortlist shared as a link. */
  shortlist?: string[];
}

export const URL_PREFIX = 'c2c-';
const KEYS = ['q', 'category', 'age', 'free', 'day', 'time', 'language', 'access', 'service', 'shortlist'] as const;
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
const short = (v: string | null, max: number) => (v && v.length <= max ? v : undefined);
/**
 * A full UK postcode anywhere in the text ("CF10 1AA", "toddlers sw1a1aa"). Families type their own into the search
 * box as readily as into the postcode box; a district alone ("CF10") places no one.
 */
const POSTCODE = /(^|[^a-z0-9])[a-z]{1,2}\d[a-z\d]?\s*\d[a-z]{2}(?![a-z0-9])/i;

/** Whether `text` holds a full UK postcode, which must not be written into a link. */
export function hasPostcode(text: string): boolean {
  return POSTCODE.test(text);
}

/**
 * A shared shortlist's id, escaped as it was written: a feed's ids are any text, and a comma in one split it in
 * two. A link made before ids were escaped, with a `%` that is not an escape, keeps the id as it is.
 */
function unescapeId(id: string): string {
  try {
    return decodeURIComponent(id);
  } catch {
    return id;
  }
}

/** Reads our `c2c-` parameters from a query string. Values are untrusted: anything malformed is ignored. */
export function readUrlState(search: string): UrlState {
  const p = new URLSearchParams(search);
  const get = (k: (typeof KEYS)[number]) => p.get(URL_PREFIX + k);
  const state: UrlState = { q: short(get('q'), 200) ?? '' };
  const taxonomy = short(get('category'), 200);
  if (taxonomy) state.taxonomy = taxonomy;
  const ageRaw = get('age');
  const age = ageRaw === null || ageRaw.trim() === '' ? NaN : Number(ageRaw);
  if (Number.isFinite(age) && age >= 0 && age <= 120) state.age = age;
  if (get('free') === '1') state.free = true;
  const day = get('day')?.toUpperCase();
  if (day && (DAYS as readonly string[]).includes(day)) state.day = day as Day;
  const time = get('time');
  if (time && TIME.test(time)) state.time = time;
  const language = short(get('language'), 60);
  if (language) state.language = language;
  const accessibility = short(get('access'), 100);
  if (accessibility) state.accessibility = accessibility;
  const service = short(get('service'), 200);
  if (service) state.service = service;
  const list = get('shortlist');
  if (list) {
    const ids = list
      .split(',')
      .map((s) => unescapeId(s.trim()))
      .filter((s) => s.length > 0 && s.length <= 200)
      .slice(0, 100);
    if (ids.length) state.shortlist = ids;
  }
  return state;
}

/** Writes `state` into a copy of `href`, replacing our parameters and keeping the page's own. */
export function writeUrlState(href: string, state: UrlState): string {
  const url = new URL(href);
  for (const k of KEYS) url.searchParams.delete(URL_PREFIX + k);
  const set = (k: (typeof KEYS)[number], v: string | undefined) => {
    if (v !== undefined && v !== '') url.searchParams.set(URL_PREFIX + k, v);
  };
  // A search with a postcode in it is still run, but left out of the address: the page URL reaches the server's
  // logs, the browser's history and, as the referrer, other sites, and a shared link would pass it on.
  const q = state.q.trim();
  set('q', q && !hasPostcode(q) ? q : undefined);
  set('category', state.taxonomy);
  set('age', state.age === undefined ? undefined : String(state.age));
  set('free', state.free ? '1' : undefined);
  set('day', state.day);
  set('time', state.time);
  set('language', state.language);
  set('access', state.accessibility);
  set('service', state.service);
  set('shortlist', state.shortlist?.length ? state.shortlist.map(encodeURIComponent).join(',') : undefined);
  return url.href;
}
