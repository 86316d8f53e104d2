/**
 * The ORUK reader's request loop, on plain `fetch`: a read needs no more of ky than sending, a time limit and
 * retrying, and the retry policy itself ({@link Attempt.wait}) is the one the hub client's ky loop follows. It has
 * no forced retry (a feed takes no token to refresh).
 */
import { MAX_TIMEOUT, type Loop } from './transport-core.js';

export const fetchLoop: Loop = async (init) => {
  const { attempt, signal } = init;
  for (let retryCount = 0; ; retryCount++) {
    let error: unknown;
    let answered = false;
    const abort = new AbortController();
    try {
      const headers = new Headers(init.headers);
      const json = init.body === undefined ? undefined : JSON.stringify(init.body);
      if (json !== undefined && !headers.has('content-type')) headers.set('content-type', 'application/json');
      const req = new Request(init.url, {
        method: init.method,
        headers,
        body: json,
        signal: signal ? AbortSignal.any([signal, abort.signal]) : abort.signal,
      });
      await attempt.before(req, retryCount);
      const response = await headersWithin(init.fetch(req), init.timeoutMs, () => {
        abort.abort();
        return init.timeoutError();
      });
      const ok = await attempt.after(req, response, retryCount);
      if (ok === true) return false;
      answered = ok === false;
    } catch (e) {
      error = e;
    }
    const wait =
      retryCount + 1 > init.limit || !init.methods.includes(init.method.toLowerCase())
        ? false
        : attempt.wait(error, retryCount + 1, answered);
    if (wait === false) {
      if (answered) return true;
      throw error;
    }
    await pause(Math.min(wait, MAX_TIMEOUT), signal);
  }
};

/** `response`, or `timedOut()` after `ms` (none when false). */
function headersWithin(response: Promise<Response>, ms: number | false, timedOut: () => Error): Promise<Response> {
  if (ms === false) return response;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(timedOut()), ms);
    response.then(resolve, reject).finally(() => clearTimeout(timer));
  });
}

/** Waits `ms`, or rejects with the signal's reason as soon as it is aborted. */
function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    signal?.throwIfAborted();
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
