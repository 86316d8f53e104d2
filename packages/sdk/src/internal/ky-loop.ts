/**
 * The hub client's request loop: ky sends each attempt, with the SDK's retry policy ({@link Attempt.wait}) deciding
 * every retry and its wait, so ky's own rules (statuses, Retry-After, jitter) never apply.
 */
import ky, { isHTTPError } from 'ky';
import { MAX_TIMEOUT, type Loop } from './transport-core.js';

export const kyLoop: Loop = async (init) => {
  const { attempt, signal } = init;
  /** The wait the policy chose for the retry ky is about to make. */
  let next = 0;
  try {
    await ky(init.url, {
      method: init.method,
      headers: init.headers,
      json: init.body,
      signal,
      fetch: (input) => init.fetch(input as Request), // ky always passes the Request it built
      timeout: init.timeoutMs,
      retry: {
        limit: init.limit,
        methods: init.methods,
        // true with the policy's wait, or false: ky's own rules are never reached.
        shouldRetry: ({ error, retryCount }) => {
          const wait = attempt.wait(error, retryCount, isHTTPError(error));
          if (wait === false) return false;
          next = Math.min(wait, MAX_TIMEOUT);
          return true;
        },
        delay: () => next,
      },
      hooks: {
        beforeRequest: [
          async (req, kyOptions, { retryCount }) => {
            await attempt.before(req, retryCount);
            // Each attempt gets a Request made here, tied to ky's signal (the caller's, and ky's own timeout)
            // directly. ky sends a retry as a clone of the first Request, and in Node's fetch a clone's signal
            // follows the original's only through a weak reference: after a garbage collection an abort no
            // longer reached the retry, which then ran to its end (or its timeout) as if not cancelled.
            return kyOptions.signal ? new Request(req, { signal: kyOptions.signal }) : undefined;
          },
        ],
        afterResponse: [
          async (req, _options, response, { retryCount }) => {
            const ok = await attempt.after(req, response, retryCount);
            if (ok === 'refresh') return ky.retry({ delay: 0, code: 'TOKEN_REFRESH' });
            // ky goes on with a bodyless copy: the body is read.
            return new Response(null, { status: response.status });
          },
        ],
      },
    });
    return false;
  } catch (error) {
    if (isHTTPError(error)) return true;
    throw error;
  }
};
