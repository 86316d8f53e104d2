import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { formatWelshDate, intlHasWelsh } from './welsh-dates.js';

/** Languages every component ships. A host can add others through a component's `messages` property. */
export type Lang = 'en' | 'cy';
export const SUPPORTED_LANGS: readonly Lang[] = ['en', 'cy'];

/** A message: plain text, or a function of named values (so Welsh can order and mutate words itself). */
export type Message = string | ((values: Record<string, string | number>) => string);
export type Messages<K extends string = string> = Record<K, Message>;

/** A language's messages, or a function that loads them, so a page in English never downloads the Welsh. */
export type CatalogueEntry<K extends string = string> = Messages<K> | (() => Promise<Messages<K>>);

/** A component's messages in every language it ships: English always bundled, the others bundled or loaded on first use. */
export type Catalogue<K extends string = string> = { en: Messages<K> } & Record<Exclude<Lang, 'en'>, CatalogueEntry<K>>;

/**
 * Messages loaded so far, by loader, shared by every element of a kind: `undefined` once a load failed (the
 * element then speaks English rather than nothing, and does not ask again on every render).
 */
const loadedMessages = new WeakMap<() => Promise<Messages>, Promise<Messages | undefined> | Messages | undefined>();

/** The nearest `lang` attribute, looking through shadow roots to the document, reduced to a supported language. */
export function resolveLang(el: Element): Lang {
  let node: Node | null = el;
  while (node) {
    if (node instanceof Element && node.hasAttribute('lang')) return normalise(node.getAttribute('lang')!);
    node = node instanceof ShadowRoot ? node.host : node.parentNode;
  }
  return normalise(document.documentElement.lang || navigator.language || 'en');
}

function normalise(tag: string): Lang {
  const base = tag.toLowerCase().split('-')[0] as Lang;
  return SUPPORTED_LANGS.includes(base) ? base : 'en';
}

/**
 * `Intl` formatters, made once per kind, locale and options. Making one is slow (the first on a page also loads
 * ICU's locale data: 25 to 90 ms here), and a form asks for the same few on every render and keystroke.
 */
const formatters = new Map<string, unknown>();
function formatter<F>(kind: string, locale: string, options: object | undefined, make: () => F): F {
  const key = `${kind}|${locale}|${options ? JSON.stringify(options) : ''}`;
  let f = formatters.get(key) as F | undefined;
  if (f === undefined) formatters.set(key, (f = make()));
  return f;
}

/** Locales whose whole numbers are written with a comma between thousands and a hyphen-minus: both of ours. */
const COMMA_GROUPED = new Set(['en-GB', 'cy-GB']);
/** `1234567` → `1,234,567`, exactly as `Intl.NumberFormat` writes a whole number in en-GB and cy-GB. */
function groupThousands(n: number): string {
  const digits = String(Math.abs(n));
  let out = digits.slice(0, digits.length % 3 || 3);
  for (let i = out.length; i < digits.length; i += 3) out += `,${digits.slice(i, i + 3)}`;
  return n < 0 || Object.is(n, -0) ? `-${out}` : out;
}

let welshListsSupported: boolean | undefined;
/** Whether this browser's `Intl.ListFormat` writes lists in Welsh itself (Debian's Chromium does not). */
function intlListsHaveWelsh(): boolean {
  welshListsSupported ??= Intl.ListFormat.supportedLocalesOf(['cy']).length > 0;
  return welshListsSupported;
}
type WelshLists = typeof import('./welsh-lists.js');
/**
 * The Welsh list writer, fetched with a page's Welsh messages only where `Intl` cannot write Welsh lists; `null`
 * once that fetch failed (lists are then joined by `Intl` as best it can, and nothing waits for them again).
 */
let welshLists: WelshLists | Promise<WelshLists | null> | null | undefined;
function loadWelshLists(): Promise<unknown> | undefined {
  if (welshLists === undefined && !intlListsHaveWelsh())
    welshLists = import('./welsh-lists.js').then(
      (m) => (welshLists = m),
      // Settled for good: a promise left pending here would have every Welsh render wait on it for ever.
      () => (welshLists = null),
    );
  return welshLists instanceof Promise ? welshLists : undefined;
}

const observedHosts = new Set<LocalizeController<string>>();
let docObserver: MutationObserver | undefined;
function watchDocument() {
  if (docObserver) return;
  // One observer for the page: a site's language switcher changing <html lang> updates every component.
  docObserver = new MutationObserver(() => observedHosts.forEach((c) => c.refresh()));
  docObserver.observe(document.documentElement, { attributes: true, attributeFilter: ['lang'], subtree: true });
}

/**
 * Gives a component its language (the nearest `lang`), its messages with host overrides, and `Intl`
 * formatters for that language. Re-renders the host when any `lang` on the page changes.
 */
export class LocalizeController<K extends string = string> implements ReactiveController {
  lang: Lang = 'en';
  private readonly host: ReactiveControllerHost & HTMLElement;
  private readonly catalogue: Catalogue<K>;
  private readonly overrides: () => Partial<Record<Lang, Partial<Messages<K>>>> | undefined;

  constructor(
    host: ReactiveControllerHost & HTMLElement,
    catalogue: Catalogue<K>,
    overrides: () => Partial<Record<Lang, Partial<Messages<K>>>> | undefined = () => undefined,
  ) {
    this.host = host;
    this.catalogue = catalogue;
    this.overrides = overrides;
    host.addController(this);
  }

  hostConnected(): void {
    this.lang = resolveLang(this.host);
    void this.loading();
    observedHosts.add(this);
    watchDocument();
  }

  hostDisconnected(): void {
    observedHosts.delete(this);
  }

  /** Re-reads the language; called when a `lang` attribute changes. */
  refresh(): void {
    const next = resolveLang(this.host);
    if (next !== this.lang) {
      this.lang = next;
      void this.loading();
      this.host.requestUpdate();
    }
  }

  /** The built-in messages of `lang`, or `undefined` while they load (or when they could not be loaded). */
  private builtIn(lang: Lang): Messages<K> | undefined {
    const entry = this.catalogue[lang];
    if (typeof entry !== 'function') return entry;
    const got = loadedMessages.get(entry as () => Promise<Messages>);
    return got instanceof Promise ? undefined : (got as Messages<K> | undefined);
  }

  /** Starts loading the current language's messages if it has to; the promise settles once they are in (or failed). */
  private loading(): Promise<unknown> | undefined {
    const lists = this.lang === 'cy' ? loadWelshLists() : undefined;
    const messages = this.loadingMessages();
    return lists && messages ? Promise.all([lists, messages]) : (lists ?? messages);
  }

  private loadingMessages(): Promise<unknown> | undefined {
    const entry = this.catalogue[this.lang];
    if (typeof entry !== 'function') return undefined;
    const load = entry as () => Promise<Messages>;
    if (!loadedMessages.has(load)) {
      const pending = load().then(
        (messages) => (loadedMessages.set(load, messages), messages),
        // The browser's console already reports the failed request; English is shown instead.
        () => (loadedMessages.set(load, undefined), undefined),
      );
      loadedMessages.set(load, pending);
    }
    const got = loadedMessages.get(load);
    return got instanceof Promise ? got : undefined;
  }

  /**
   * Runs `update` once the current language's messages are in, so a Welsh page never shows English first. For
   * a component's `scheduleUpdate`: `return this.l.whenLoaded(() => super.scheduleUpdate())`.
   */
  whenLoaded<T>(update: () => T): T | Promise<T> {
    const pending = this.loading();
    return pending ? pending.then(() => this.whenLoaded(update)) : update();
  }

  /** The message for `key` in the current language, with values filled in. */
  t(key: K, values: Record<string, string | number> = {}): string {
    const message = this.overrides()?.[this.lang]?.[key] ?? this.builtIn(this.lang)?.[key] ?? this.catalogue.en[key];
    return typeof message === 'function' ? message(values) : message;
  }

  /** The BCP 47 locale for `Intl`: Welsh as used in the UK, English as used in the UK. */
  get locale(): string {
    return this.lang === 'cy' ? 'cy-GB' : 'en-GB';
  }

  number(n: number, options?: Intl.NumberFormatOptions): string {
    // Counts (characters left, results) are whole numbers: writing them needs no Intl object, so a component's
    // first render does not wait for ICU's data. The output is the same (see localize.test.ts).
    if (!options && Number.isSafeInteger(n) && COMMA_GROUPED.has(this.locale)) return groupThousands(n);
    return formatter('number', this.locale, options, () => new Intl.NumberFormat(this.locale, options)).format(n);
  }

  /** Formats an ISO date (`YYYY-MM-DD`) or timestamp as a date in the current language. */
  date(
    value: string | Date,
    options: Intl.DateTimeFormatOptions = { day: 'numeric', month: 'long', year: 'numeric' },
  ): string {
    const d =
      typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T12:00:00Z`) : new Date(value);
    if (this.lang === 'cy' && !intlHasWelsh() && (options.day || options.month)) {
      // Browsers without Welsh locale data (Debian's Chromium) would silently print US English.
      const ymd = { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' } as const;
      const [y, m, day] = formatter('date', 'en-CA', ymd, () => new Intl.DateTimeFormat('en-CA', ymd))
        .format(d)
        .split('-')
        .map(Number) as [number, number, number];
      const london = new Date(Date.UTC(y, m - 1, day));
      const datePart = formatWelshDate(london, options.day ? (options.month === 'short' ? 'short' : 'long') : 'month');
      if (!options.hour && !options.minute) return datePart;
      const hm = { timeZone: 'Europe/London', hour: '2-digit', minute: '2-digit' } as const;
      const time = formatter('date', 'en-GB', hm, () => new Intl.DateTimeFormat('en-GB', hm)).format(d);
      return `${datePart} ${time}`;
    }
    const london = { timeZone: 'Europe/London', ...options };
    return formatter('date', this.locale, london, () => new Intl.DateTimeFormat(this.locale, london)).format(d);
  }

  /** Formats `HH:MM` as people say it in the current language (9:30, 14:00 → 2pm in English). */
  time(hhmm: string): string {
    const [h, m] = hhmm.split(':').map(Number) as [number, number];
    const d = new Date(Date.UTC(2024, 0, 1, h, m));
    const options = { hour: 'numeric', minute: m ? '2-digit' : undefined, timeZone: 'UTC' } as const;
    return formatter('date', this.locale, options, () => new Intl.DateTimeFormat(this.locale, options)).format(d);
  }

  /** Joins items as a sentence does in the current language: "a, b and c". */
  list(items: string[], type: 'conjunction' | 'disjunction' = 'conjunction'): string {
    if (this.lang === 'cy' && welshLists && !(welshLists instanceof Promise))
      return welshLists.formatWelshList(items, type);
    const options = { style: 'long', type } as const;
    return formatter('list', this.locale, options, () => new Intl.ListFormat(this.locale, options)).format(items);
  }

  /** Picks `${key}_${category}` by `Intl.PluralRules` (Welsh has six categories), falling back to `_other`. */
  plural(key: string, count: number, values: Record<string, string | number> = {}): string {
    const category = formatter('plural', this.locale, undefined, () => new Intl.PluralRules(this.locale)).select(count);
    const all = {
      ...this.catalogue.en,
      ...this.builtIn(this.lang),
      ...(this.overrides()?.[this.lang] ?? {}),
    } as Record<string, Message>;
    const message = all[`${key}_${category}`] ?? all[`${key}_other`];
    if (message === undefined) return String(count);
    const filled = { count: this.number(count), ...values };
    return typeof message === 'function' ? message(filled) : message;
  }
}
