/** Methods that are safe to repeat without an idempotency key, in lower case. */
export const IDEMPOTENT_METHODS: readonly string[] = ['get', 'head', 'options', 'put', 'delete'];

/** Statuses worth another try: the same request may well succeed a moment later. */
export function isRetryableStatus(status: number, problemCode: string | undefined): boolean {
  if (status === 408 || status === 425 || status === 429 || status >= 500) return true;
  // A 409 is only transient when the first request with this idempotency key is still running; a version
  // conflict will conflict again, so it goes back to the caller to merge.
  return status === 409 && problemCode === 'idempotency_in_progress';
}

/**
 * The ceiling of the wait before retry number `retry` (1 for the first): `baseMs`, doubling each time, capped
 * at `maxMs`. {@link retryWaitMs} then waits a random time between zero and it (full jitter). Capped here, before
 * the jitter, so waits at the cap stay random too.
 */
export function backoffCeilingMs(retry: number, baseMs: number, maxMs: number): number {
  return Math.min(maxMs, baseMs * 2 ** (retry - 1));
}

/**
 * The wait before retry number `retry` (1 for the first): the server's `Retry-After` when it gave one, otherwise a
 * random time between zero and {@link backoffCeilingMs} (full jitter), so that many clients failing together do
 * not come back together. The one rule for every request loop, the hub client's and the ORUK reader's.
 */
export function retryWaitMs(retry: number, retryAfterMs: number | undefined, baseMs: number, maxMs: number): number {
  return retryAfterMs ?? Math.min(maxMs, Math.random() * backoffCeilingMs(retry, baseMs, maxMs));
}

/** Reads `Retry-After` (seconds or an HTTP date) as milliseconds from now; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  // Only an HTTP date (`Sun, 06 Nov 1994 08:49:37 GMT`, RFC 850's `Sunday, 06-Nov-94 ...`, asctime's
  // `Sun Nov  6 08:49:37 1994`) names its month and gives the time. Node's and Chrome's Date.parse read almost
  // anything else as some date (`-1` and `5.` as years long past, so the retry went at once; `3600.` as the year
  // 3600). asctime, which ends with the year, has no zone but is GMT; Date.parse would read it as local time.
  if (!/[a-z]{3}.* \d\d:\d\d:\d\d/i.test(trimmed)) return undefined;
  const at = Date.parse(/\d{4}$/.test(trimmed) ? `${trimmed} GMT` : trimmed);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}
