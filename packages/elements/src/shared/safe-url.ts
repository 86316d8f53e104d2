/**
 * Returns the URL when it is safe to put in an `href` (http, https, tel or mailto), else undefined.
 * Text from feeds is never trusted: `javascript:` and `data:` links are dropped.
 */
export function safeHref(value: string | undefined | null): string | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  try {
    const url = new URL(trimmed, 'https://invalid.example/');
    if (!/^(https?|tel|mailto):$/.test(url.protocol)) return undefined;
    // Relative links from a feed would resolve against the school's site, which is never what the feed meant.
    if (/^https?:$/.test(url.protocol) && !/^https?:\/\//i.test(trimmed)) return undefined;
    if (url.protocol === 'mailto:') return mailtoHref(trimmed.slice('mailto:'.length));
    return url.protocol === 'tel:' ? trimmed : url.href;
  } catch {
    return undefined;
  }
}

/** A `tel:` link for a phone number as written in a feed (spaces and stray quotes removed). */
export function telHref(number: string): string | undefined {
  const digits = number.replace(/["'\s()-]/g, '');
  return /^\+?\d{6,15}$/.test(digits) ? `tel:${digits}` : undefined;
}

/**
 * One plain address, with no `%` escapes and nothing a mail program reads as more: a feed's
 * `help@example.org?bcc=someone%40elsewhere` or `…?body=…` would otherwise open a message with a hidden copy
 * or words the family did not write. `#`, `&`, `/` and `?` are allowed in an address but no service uses them.
 */
const PLAIN_ADDRESS = /^[A-Za-z0-9.!$'*+=^_`{|}~-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/;

/** A `mailto:` link for an email address as written in a feed, or undefined when it is not just an address. */
export function mailtoHref(address: string): string | undefined {
  const trimmed = address.trim();
  return PLAIN_ADDRESS.test(trimmed) ? `mailto:${trimmed}` : undefined;
}
