import { DAYS, type Day } from '@c2c/schema';

/**
 * The part of the directory's state that a link carries: the search and its filters, the open service and a
 * shared shortlist. Never personal data: the family's location and postcode stay in memory only.
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
  set('q', state.q.trim() || undefined);
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

/** True when two states would write the same URL. */
export function sameUrlState(a: UrlState, b: UrlState): boolean {
  return writeUrlState('https://x.invalid/', a) === writeUrlState('https://x.invalid/', b);
}
