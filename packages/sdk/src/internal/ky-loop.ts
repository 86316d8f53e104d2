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
          // The attempt's own promise, not wrapped in another async step (see HubCall.token).
          (req, kyOptions, { retryCount }) => attempt.before(req, retryCount, kyOptions.signal ?? undefined),
        ],
        afterResponse: [
          (req, _options, response, { retryCount }) =>
            attempt
              .after(req, response, retryCount)
              // ky goes on with a bodyless copy: the body is read.
              .then((ok) =>
                ok === 'refresh'
                  ? ky.retry({ delay: 0, code: 'TOKEN_REFRESH' })
                  : new Response(null, { status: response.status }),
              ),
        ],
      },
    });
    return false;
  } catch (error) {
    if (isHTTPError(error)) return true;
    throw error;
  }
};
