/**
 * Dates as GOV.UK and the Welsh Government write them: "1 September 2015", "1 Medi 2015". Written out
 * here rather than through `Intl.DateTimeFormat` because the output must be the same in every browser
 * (some Chromium builds have no Welsh data and fall back to US English), and because building the first
 * `Intl.DateTimeFormat` on a page costs tens of milliseconds, a third of the timeline's first render.
 */
import { WELSH_MONTHS, WELSH_MONTHS_SHORT } from '../shared/welsh-dates.js';
import type { Lang } from '../shared/localize.js';
import { ukToday } from '../shared/uk-time.js';

/** English month names, as `WELSH_MONTHS` gives the Welsh. */
export const EN_MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
] as const;
const EN_MONTHS_SHORT = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sept', 'Oct', 'Nov', 'Dec'] as const;

/** `long` 1 September 2015; `short` 1 Sept 2015; `month` Sept 2015; `monthLong` September 2015; `monthShort` Sept. */
export type DateStyle = 'long' | 'short' | 'month' | 'monthLong' | 'monthShort';

/** Formats a calendar date (`YYYY-MM-DD`, read as written: no time zone) in English or Welsh. */
export function formatDate(lang: Lang, iso: string, style: DateStyle): string {
  const y = Number(iso.slice(0, 4));
  const m = Number(iso.slice(5, 7)) - 1;
  const d = Number(iso.slice(8, 10));
  const long = lang === 'cy' ? WELSH_MONTHS : EN_MONTHS;
  const short = lang === 'cy' ? WELSH_MONTHS_SHORT : EN_MONTHS_SHORT;
  switch (style) {
    case 'long':
      return `${d} ${long[m]} ${y}`;
    case 'short':
      return `${d} ${short[m]} ${y}`;
    case 'month':
      return `${short[m]} ${y}`;
    case 'monthLong':
      return `${long[m]} ${y}`;
    case 'monthShort':
      return short[m]!;
  }
}

/**
 * Welsh month names as written after "i" (to), which brings the soft mutation: "Ionawr i Fawrth", "Medi i Ragfyr".
 * Names starting with a vowel, "Ch" or "H" do not change. Abbreviations ("Rhag") are left as written.
 */
const WELSH_MONTHS_AFTER_I: Readonly<Record<string, string>> = {
  Mawrth: 'Fawrth',
  Mai: 'Fai',
  Mehefin: 'Fehefin',
  Gorffennaf: 'Orffennaf',
  Medi: 'Fedi',
  Tachwedd: 'Dachwedd',
  Rhagfyr: 'Ragfyr',
};

/** A date as written after Welsh "i": one that starts with a month name ("Rhagfyr 2030") takes the soft mutation. */
export function welshAfterI(date: string): string {
  const space = date.indexOf(' ');
  const first = space < 0 ? date : date.slice(0, space);
  const mutated = Object.hasOwn(WELSH_MONTHS_AFTER_I, first) ? WELSH_MONTHS_AFTER_I[first] : undefined;
  return mutated ? mutated + date.slice(first.length) : date;
}

/**
 * When the next day starts in the UK after `now`, in milliseconds since the epoch: midnight in Europe/London, which is
 * 23:00 UTC the evening before during British Summer Time.
 */
export function nextUkMidnight(now: Date = new Date()): number {
  const tomorrow = Date.parse(ukToday(now)) + 86_400_000;
  const inSummer = tomorrow - 3_600_000;
  return ukToday(new Date(inSummer)) === new Date(tomorrow).toISOString().slice(0, 10) ? inSummer : tomorrow;
}
