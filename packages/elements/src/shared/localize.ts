import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { formatWelshDate, intlHasWelsh } from './welsh-dates.js';

/** Languages every component ships. A host can add others through a component's `messages` property. */
export type Lang = 'en' | 'cy';
export const SUPPORTED_LANGS: readonly Lang[] = ['en', 'cy'];

/** A message: plain text, or a function of named values (so Welsh can order and mutate words itself). */
export type Message = string | ((values: Record<string, string | number>) => string);
export type Messages<K extends string = string> = Record<K, Message>;

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
  private readonly catalogue: Record<Lang, Messages<K>>;
  private readonly overrides: () => Partial<Record<Lang, Partial<Messages<K>>>> | undefined;

  constructor(
    host: ReactiveControllerHost & HTMLElement,
    catalogue: Record<Lang, Messages<K>>,
    overrides: () => Partial<Record<Lang, Partial<Messages<K>>>> | undefined = () => undefined,
  ) {
    this.host = host;
    this.catalogue = catalogue;
    this.overrides = overrides;
    host.addController(this);
  }

  hostConnected(): void {
    this.lang = resolveLang(this.host);
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
      this.host.requestUpdate();
    }
  }

  /** The message for `key` in the current language, with values filled in. */
  t(key: K, values: Record<string, string | number> = {}): string {
    const message = this.overrides()?.[this.lang]?.[key] ?? this.catalogue[this.lang][key] ?? this.catalogue.en[key];
    return typeof message === 'function' ? message(values) : message;
  }

  /** The BCP 47 locale for `Intl`: Welsh as used in the UK, English as used in the UK. */
  get locale(): string {
    return this.lang === 'cy' ? 'cy-GB' : 'en-GB';
  }

  number(n: number, options?: Intl.NumberFormatOptions): string {
    return new Intl.NumberFormat(this.locale, options).format(n);
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
      const [y, m, day] = new Intl.DateTimeFormat('en-CA', {
        timeZone: 'Europe/London',
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
      })
        .format(d)
        .split('-')
        .map(Number) as [number, number, number];
      const london = new Date(Date.UTC(y, m - 1, day));
      const datePart = formatWelshDate(london, options.day ? (options.month === 'short' ? 'short' : 'long') : 'month');
      if (!options.hour && !options.minute) return datePart;
      const time = new Intl.DateTimeFormat('en-GB', {
        timeZone: 'Europe/London',
        hour: '2-digit',
        minute: '2-digit',
      }).format(d);
      return `${datePart} ${time}`;
    }
    return new Intl.DateTimeFormat(this.locale, { timeZone: 'Europe/London', ...options }).format(d);
  }

  /** Formats `HH:MM` as people say it in the current language (9:30, 14:00 → 2pm in English). */
  time(hhmm: string): string {
    const [h, m] = hhmm.split(':').map(Number) as [number, number];
    const d = new Date(Date.UTC(2024, 0, 1, h, m));
    return new Intl.DateTimeFormat(this.locale, {
      hour: 'numeric',
      minute: m ? '2-digit' : undefined,
      timeZone: 'UTC',
    }).format(d);
  }

  list(items: string[], type: 'conjunction' | 'disjunction' = 'conjunction'): string {
    return new Intl.ListFormat(this.locale, { style: 'long', type }).format(items);
  }

  /** Picks `${key}_${category}` by `Intl.PluralRules` (Welsh has six categories), falling back to `_other`. */
  plural(key: string, count: number, values: Record<string, string | number> = {}): string {
    const category = new Intl.PluralRules(this.locale).select(count);
    const all = {
      ...this.catalogue.en,
      ...this.catalogue[this.lang],
      ...(this.overrides()?.[this.lang] ?? {}),
    } as Record<string, Message>;
    const message = all[`${key}_${category}`] ?? all[`${key}_other`];
    if (message === undefined) return String(count);
    const filled = { count: this.number(count), ...values };
    return typeof message === 'function' ? message(filled) : message;
  }
}
