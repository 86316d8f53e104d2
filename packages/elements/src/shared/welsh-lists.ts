/**
 * Welsh lists where the browser's `Intl` has no Welsh data: Debian's Chromium, for one, joins
 * `Intl.ListFormat('cy')` lists with "and". Welsh joins the last item with "a", "ac" before a vowel, and "a"
 * brings the aspirate mutation ("Saesneg a Phwyleg", "bara a chaws"); "neu" (or) brings the soft mutation
 * ("dydd Llun neu ddydd Mawrth"). Loaded by the localize controller, with a page's Welsh messages, only in such
 * browsers.
 */

const ASPIRATE: Record<string, string> = { c: 'ch', p: 'ph', t: 'th', C: 'Ch', P: 'Ph', T: 'Th' };

/** "a" or "ac" and the item after it, mutated as Welsh speakers write it. */
function afterA(item: string): string {
  if (/^[aeiouwyâêîôûŵŷ]/i.test(item)) return `ac ${item}`;
  // Acronyms (UPN, SEND) and words already in ch/ph/th keep their first letter.
  if (/^[A-Z]{2}/.test(item) || /^[cpt]h/i.test(item)) return `a ${item}`;
  const first = item[0] ?? '';
  return `a ${ASPIRATE[first] ? ASPIRATE[first] + item.slice(1) : item}`;
}

const SOFT: Array<[RegExp, string]> = [
  [/^ll/i, 'l'],
  [/^rh/i, 'r'],
  [/^p/i, 'b'],
  [/^t/i, 'd'],
  [/^c/i, 'g'],
  [/^b/i, 'f'],
  [/^d/i, 'dd'],
  [/^m/i, 'f'],
  [/^g/i, ''],
];

/** "neu" and the item after it, with the soft mutation. */
function afterNeu(item: string): string {
  if (/^[A-Z]{2}/.test(item) || /^(ch|ph|th)/i.test(item)) return `neu ${item}`;
  for (const [from, to] of SOFT) {
    const m = from.exec(item);
    if (!m) continue;
    let rest = to + item.slice(m[0].length);
    if (item[0] !== item[0]!.toLowerCase()) rest = rest.charAt(0).toUpperCase() + rest.slice(1);
    return `neu ${rest}`;
  }
  return `neu ${item}`;
}

/** Joins items as Welsh writes a list: "A, B a C" (conjunction) or "A, B neu C" (disjunction), mutated. */
export function formatWelshList(items: readonly string[], type: 'conjunction' | 'disjunction'): string {
  if (items.length <= 1) return items[0] ?? '';
  const head = items.slice(0, -1).join(', ');
  const last = items[items.length - 1]!;
  return `${head} ${type === 'conjunction' ? afterA(last) : afterNeu(last)}`;
}
