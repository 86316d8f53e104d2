/**
 * Welsh dates where the browser's `Intl` has no Welsh data. Some builds (Debian's Chromium among them)
 * ship without the `cy` locale, and `Intl.DateTimeFormat('cy-GB')` then silently formats in US English
 * ("September 1, 2015"). Welsh Government style is day, month, year: "1 Medi 2015".
 */

export const WELSH_MONTHS = [
  'Ionawr',
  'Chwefror',
  'Mawrth',
  'Ebrill',
  'Mai',
  'Mehefin',
  'Gorffennaf',
  'Awst',
  'Medi',
  'Hydref',
  'Tachwedd',
  'Rhagfyr',
] as const;
export const WELSH_MONTHS_SHORT = [
  'Ion',
  'Chwef',
  'Maw',
  'Ebr',
  'Mai',
  'Meh',
  'Gorff',
  'Awst',
  'Medi',
  'Hyd',
  'Tach',
  'Rhag',
] as const;

let supported: boolean | undefined;
/** Whether this browser's `Intl` formats dates in Welsh itself. */
export function intlHasWelsh(): boolean {
  supported ??= Intl.DateTimeFormat.supportedLocalesOf(['cy']).length > 0;
  return supported;
}

/**
 * Formats a calendar date in Welsh without `Intl`: `long` "1 Medi 2015", `short` "1 Medi 2015" with
 * abbreviated month, `month` "Medi 2015", `monthOnly` "Medi".
 */
export function formatWelshDate(date: Date, style: 'long' | 'short' | 'month' | 'monthOnly' | 'monthShort'): string {
  const d = date.getUTCDate();
  const m = date.getUTCMonth();
  const y = date.getUTCFullYear();
  switch (style) {
    case 'long':
      return `${d} ${WELSH_MONTHS[m]} ${y}`;
    case 'short':
      return `${d} ${WELSH_MONTHS_SHORT[m]} ${y}`;
    case 'month':
      return `${WELSH_MONTHS_SHORT[m]} ${y}`;
    case 'monthOnly':
      return WELSH_MONTHS[m]!;
    case 'monthShort':
      return WELSH_MONTHS_SHORT[m]!;
  }
}
