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
    return url.protocol === 'tel:' || url.protocol === 'mailto:' ? trimmed : url.href;
  } catch {
    return undefined;
  }
}

/** A `tel:` link for a phone number as written in a feed (spaces and stray quotes removed). */
export function telHref(number: string): string | undefined {
  const digits = number.replace(/["'\s()-]/g, '');
  return /^\+?\d{6,15}$/.test(digits) ? `tel:${digits}` : undefined;
}
