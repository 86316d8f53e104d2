/**
 * What a hub client adds to the core request pipeline (see {@link HubLayer}): the bearer token and its shared
 * refresh after a 401, idempotency keys for writes, response validation and request ids, the `/v1` check of
 * `baseUrl`, and keeping secrets out of a logged client's options. The ORUK reader has none of it, so a page that
 * reads only a feed ships none of it.
 */
import { IDEMPOTENCY_KEY, type FieldIssue } from '@c2c/schema';
import type { ClientOptions, Logger } from '../client.js';
import { AuthError, C2cError, ResponseValidationError, TimeoutError } from '../errors.js';
import { bounded, type AttemptLimit, type HubCall, type HubLayer, type MakeHubLayer } from './transport-core.js';
import { check, type Parser, type ValidationMode } from './validate.js';

const WRITE_METHODS = new Set(['POST', 'PATCH', 'PUT', 'DELETE']);

/** The hub's request id for each object the SDK returned, by that object: it is not a field of the record. */
export const requestIds = new WeakMap<object, string>();

/**
 * A random UUID v4. `crypto.randomUUID` exists only in secure contexts (HTTPS or localhost), and a school
 * intranet page may be plain HTTP, so fall back to `getRandomValues`, which exists everywhere.
 */
export function newIdempotencyKey(): string {
  const c = globalThis.crypto;
  if (typeof c.randomUUID === 'function') return c.randomUUID();
  const b = c.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const hex = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Header names whose values are credentials (the docs tell people to send a feed's key in `headers`). */
const SECRET_HEADER = /authorization|cookie|token|key|secret|password/i;

/**
 * `client.options` is public, and a client gets logged while debugging (`console.log(hub)`, a framework printing
 * its state, an error reporter serialising context): Node's printout and JSON show `[redacted]` for the token and
 * for credential headers. The object itself is unchanged, so `options.token` still reads it and
 * `createClient({ ...hub.options, timeoutMs })` still carries it (both hooks are non-enumerable, so not copied).
 */
function hideSecrets(options: ClientOptions): void {
  const shown = () => {
    const headers = options.headers
      ? Object.fromEntries(
          Object.entries(options.headers).map(([k, v]) => [k, SECRET_HEADER.test(k) ? '[redacted]' : v]),
        )
      : undefined;
    return {
      ...options,
      ...(options.token !== undefined && { token: '[redacted]' }),
      ...(headers && { headers }),
    };
  };
  Object.defineProperty(options, 'toJSON', { value: shown, enumerable: false });
  Object.defineProperty(options, Symbol.for('nodejs.util.inspect.custom'), { value: shown, enumerable: false });
}

/** How many attempt time limits a token refresh stays shared for (see `token` below). */
const REFRESH_PATIENCE = 4;

/** The layer of a client made by `createClient` or `createServicesClient`. */
export const hubLayer: MakeHubLayer = (options, base, maker, hookFailed): HubLayer => {
  // The SDK adds /v1 itself, and an address copied from the API reference (or from other SDKs, whose base URLs end
  // in /v1) sent every call to /v1/v1/..., where the hub's 404 reads like a missing record. A feed may end in /v1.
  if (/\/v1\/*$/.test(base.pathname))
    throw new C2cError(`${maker}'s baseUrl must not end in /v1: the SDK adds it to every path.`, 'invalid_options');
  hideSecrets(options);
  const mode: ValidationMode = options.validation ?? 'strict';
  const logger: Logger | undefined =
    options.logger ?? (mode === 'warn' ? { warn: (m, d) => globalThis.console?.warn(m, d) } : undefined);
  const warned = new Set<string>();

  // Token refreshes, shared between requests: `begun` counts those started, `finished` those settled (either
  // way), and `latest` is the newest, under way or done.
  let begun = 0;
  let finished = 0;
  let latest: Promise<string> | undefined;
  /**
   * The bearer token for an attempt. After a 401, `refusedAt` is how many refreshes had finished when the refused
   * token was taken. A refresh begun since then, whether still under way or already finished, gives a newer token
   * than the refused one, so that refresh is used instead of starting another: requests that sent the same expired
   * token share one refresh even when their 401s arrive one after another. Refresh tokens are often single-use,
   * and a second refresh with the spent one would fail and sign the person out.
   */
  async function token(
    refusedAt: number | undefined,
    ms: number | false,
    timedOut: () => Error,
  ): Promise<string | undefined> {
    const getToken = options.getToken;
    if (!getToken) return options.token;
    if (refusedAt === undefined) return getToken({ refresh: false });
    if (latest === undefined || begun === refusedAt) {
      begun++;
      // Each caller waits for a refresh only its own attempt's time limit, but the refresh stays shared for
      // REFRESH_PATIENCE times the limit of the attempt that began it: given up as soon as that attempt was, a slow
      // refresh that then succeeded was wasted, and the next 401 spent the single-use refresh token a second time.
      // After that it counts as finished: one that never settles would otherwise make every later 401 share it,
      // and time out, for as long as the page stays open. Once given up it is no longer shared either: a retry
      // still waiting for a token starts a new refresh, rather than failing on this one at once.
      const refresh: Promise<string> = bounded(
        Promise.resolve().then(() => getToken({ refresh: true })),
        undefined,
        ms && ms * REFRESH_PATIENCE,
        () => {
          if (latest === refresh) latest = undefined;
          return timedOut();
        },
      ).finally(() => {
        finished++;
      });
      latest = refresh;
    }
    return latest;
  }

  function validate<T>(
    schema: Parser<T>,
    data: unknown,
    status: number,
    requestId: string | undefined,
    what: string,
  ): { ok: true; value: T } | { ok: false; issues: FieldIssue[] } {
    if (mode === 'off') return { ok: true, value: data as T };
    const result = check(schema, data);
    if (result.ok) return result;
    if (mode === 'warn') {
      const paths = result.issues.map((i) => i.path);
      // One warning per operation and kind of problem: list positions are folded (`data.*.status`), so a feed
      // of bad records, or polling, does not flood the host's log.
      const signature = `${what} ${[...new Set(paths.map((p) => p.replace(/(^|\.)\d+(?=\.|$)/g, '$1*')))].join(',')}`;
      if (!warned.has(signature)) {
        warned.add(signature);
        try {
          logger?.warn(
            `The hub's response to ${what} does not match the schema at ${paths[0] || '(root)'}; passing it through because validation is "warn".`,
            {
              code: 'invalid_response',
              status,
              requestId,
              issues: result.issues,
            },
          );
        } catch (error) {
          hookFailed('logger', what, error);
        }
      }
      return { ok: true, value: data as T };
    }
    return result;
  }

  return {
    call(spec) {
      const opts = spec.options ?? {};
      const idempotencyKey =
        WRITE_METHODS.has(spec.method) && !spec.readOnly ? (opts.idempotencyKey ?? newIdempotencyKey()) : undefined;
      // The hub's rule for the header. An empty key was sent as no header at all, so the write went without
      // idempotency and was not retried; a line break failed in fetch with a TypeError quoting the key.
      if (idempotencyKey !== undefined && !IDEMPOTENCY_KEY.test(idempotencyKey))
        throw new C2cError(
          `No request was sent to ${spec.route ?? spec.path}: the idempotency key must be 1 to 200 visible ASCII characters, with no spaces.`,
          'invalid_options',
        );
      /** Set after a 401: the next attempt refreshes the token (see `token`). */
      let refusedAt: number | undefined;
      /** How many token refreshes had finished when this attempt's token was taken. */
      let tokenEpoch = 0;
      const call: HubCall = {
        idempotencyKey,
        // The one 401 token refresh is a (forced) retry to ky, but does not spend the caller's retries.
        extraRetries: options.getToken ? 1 : 0,
        refreshed: false,
        token(signal, { ms, perAttempt, within }: AttemptLimit) {
          // Not the hub's fault, and told apart by its code: a developer looking for a slow hub would never find it.
          const tokenTimeoutError = () =>
            new TimeoutError(
              `This page's getToken did not return a token within ${within}, so the request was not sent to the hub. Check the sign-in or token refresh it waits for.`,
              perAttempt,
              'token_timeout',
            );
          tokenEpoch = finished;
          return bounded(token(refusedAt, ms, tokenTimeoutError), signal, ms, tokenTimeoutError);
        },
        sign(req, t, sent) {
          // Cleared only once a token came: the retry after a `token_timeout` took the refused token again
          // while the refresh was still under way, and its second 401 failed the call with AuthError.
          refusedAt = undefined;
          if (t) {
            sent.push(t);
            req.headers.set('authorization', `Bearer ${t}`);
          }
          // A client given no token at all leaves a host's own `authorization` header (a proxy's) alone.
          else if (options.getToken || options.token !== undefined) req.headers.delete('authorization');
        },
        refused(failure, req, what) {
          // The hub's 401 says to send a token, which a developer who wrote `token: process.env.C2C_API_KEY`
          // believes they did: say that none was sent, and why (an unset variable gives `undefined`).
          if (failure instanceof AuthError && !req.headers.has('authorization'))
            // Its own fields are its init's (status, code, request id, problem, headers); the words change.
            failure = new AuthError({
              ...failure,
              detail: `The hub refused ${what}: no token was sent (${
                options.getToken ? 'getToken gave none' : `${maker} got none: is its environment variable set?`
              }).`,
            });
          const refresh = failure instanceof AuthError && !!options.getToken && !call.refreshed;
          if (refresh) {
            call.refreshed = true;
            refusedAt = tokenEpoch;
          }
          return { failure, refresh };
        },
      };
      return call;
    },
    accept(schema, body, status, requestId, what) {
      const checked = validate(schema, body, status, requestId, what);
      if (!checked.ok) {
        const first = checked.issues[0]!;
        throw new ResponseValidationError({
          message: `The hub's response to ${what} does not match the expected shape at "${first.path || '(root)'}" (${first.message}), so it was not used.`,
          issues: checked.issues,
          status,
          requestId,
        });
      }
      if (requestId && typeof checked.value === 'object' && checked.value !== null)
        requestIds.set(checked.value, requestId);
      return checked.value;
    },
    current(spec, body, status, requestId, what) {
      if (status !== 409 || !spec.conflictSchema || !body || typeof body !== 'object' || !('current' in body))
        return undefined;
      const c = validate(
        spec.conflictSchema,
        (body as { current: unknown }).current,
        status,
        requestId,
        `${what} (conflict)`,
      );
      return c.ok ? c.value : undefined;
    },
  };
};
