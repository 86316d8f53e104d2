/**
 * The hub client's options, the request description the resources hand the transport, and `createTransport`: the
 * core pipeline (internal/transport-core.ts) with the hub's layer (internal/hub-layer.ts) on top.
 */
import type { Handover } from '@c2c/schema';
import { hubLayer, requestIds } from './internal/hub-layer.js';
import type { Server } from './internal/status-errors.js';
import { kyLoop } from './internal/ky-loop.js';
import { createCoreTransport } from './internal/transport-core.js';
import type { Parser, ValidationMode } from './internal/validate.js';

export type { ValidationMode } from './internal/validate.js';

/** Options every SDK method accepts as its last argument. */
export interface RequestOptions {
  /** Cancels the request (and any retry wait). The promise rejects with the signal's reason. */
  signal?: AbortSignal | undefined;
  /**
   * For writes: the idempotency key to send. By default the SDK makes a random one per call and reuses it on
   * every retry of that call. Pass your own (for example a queue message id) to make a write safe to repeat
   * across restarts of your process: 1 to 200 visible ASCII characters with no spaces, as the hub requires, or
   * the call throws a `C2cError` with code `invalid_options` and sends nothing.
   */
  idempotencyKey?: string | undefined;
  /** Time limit for each attempt in milliseconds, overriding the client's `timeoutMs`. */
  timeoutMs?: number | undefined;
  /**
   * How many times to retry this call when it fails in a way worth retrying, overriding the client's `retries`: a
   * whole number from 0 to 10. Use 0 where a person is waiting and a later call replaces this one (a search as they
   * type), or more for a write a background job must land. The one token refresh after a 401 is not counted. Any
   * other value throws a `C2cError` with code `invalid_options` and sends nothing.
   */
  maxRetries?: number | undefined;
  /**
   * Extra headers for this call only, added to the client's `headers` (a name given in both takes this value): a
   * trace id from the job that made the call, say. The SDK's own headers win over them: `authorization` when the
   * client has a token, `idempotency-key` (use `idempotencyKey`) and a handover save's `if-match`. Their values are
   * cut out of error messages and causes, as the client's are.
   */
  headers?: Record<string, string> | undefined;
}

/** What the token callback is told about why it is being called. */
export interface TokenContext {
  /** True when the hub has just refused the last token (401): return a fresh one, not a cached one. */
  refresh: boolean;
}

/** Where a host receives the SDK's warnings (for example response-validation warnings in `warn` mode). */
export interface Logger {
  /** Called with a message and structured details. Neither ever holds personal data: only paths and codes. */
  warn(message: string, details?: Record<string, unknown>): void;
}

/** Told before each attempt of a request. Holds no personal data: ids in the path, never bodies. */
export interface RequestInfo {
  /** `GET`, `POST`, `PATCH` ... */
  method: string;
  /**
   * The URL, query string included, with every parameter that describes a child or family replaced by
   * `[redacted]` (what was typed, an age, a language, a place, an access need, a kind of help, `free`: the hub's
   * `q`, `age`, `language`, `accessibility`, `free`, `taxonomy`, `lat`, `lng`, and an ORUK feed's `search`,
   * `text`, `minimum_age`, `maximum_age`, `taxonomy_term_id`, `taxonomy_id`, `postcode`), so the URL can go to a
   * log as it is. Ids appear in paths.
   */
  url: string;
  /** 1 for the first try, 2 for the first retry, and so on. */
  attempt: number;
  /** The key sent with a write (the same on every attempt of one call); undefined for reads. */
  idempotencyKey: string | undefined;
}

/** Told after each attempt that got a response. */
export interface ResponseInfo extends RequestInfo {
  /** The HTTP status of this attempt's response. */
  status: number;
  /** From sending the request to reading the whole response body, in milliseconds. */
  durationMs: number;
  /** The hub's `X-Request-Id`, to find the request in the hub's logs. */
  requestId: string | undefined;
}

/** Options for {@link createClient} (and `createServicesClient`). */
export interface ClientOptions {
  /**
   * The hub's address, e.g. `https://hub.example.org` (a path prefix such as `/api` is kept), without the `/v1`
   * the SDK adds to every path: one ending in `/v1` is refused with `invalid_options`. In a browser a relative
   * address such as `/hub` is resolved against the page.
   */
  baseUrl: string;
  /** A fixed bearer token (an API key). Use `getToken` instead when tokens expire. */
  token?: string | undefined;
  /**
   * Returns the bearer token before each request. After a 401 it is called once more with `{ refresh: true }`
   * and the request is retried once with the new token. Requests that sent the same refused token share one
   * refresh, even when their 401s arrive after it has finished, so a single-use refresh token is spent once.
   * Waiting for it counts against the call's signal and each attempt's `timeoutMs`: a token that does not come in
   * time ends the attempt with a `TimeoutError` whose code is `token_timeout` (retried like any timeout), so a `getToken` that never settles
   * cannot hang requests. A refresh still under way when that happens goes on, and the request's retry and a later
   * 401 share it (its new token is not wasted), until it has run for four times that time limit: then it is given up,
   * and the next attempt that needs a refresh starts a new one.
   */
  getToken?: ((context: TokenContext) => string | Promise<string>) | undefined;
  /**
   * The fetch to use (a test double, a fetch with a proxy agent, or a polyfill whose Response has no `body` stream,
   * which is then read with `text()`). Defaults to the global fetch.
   */
  fetch?: typeof fetch | undefined;
  /** Time limit for each attempt, in milliseconds, including reading the body. Default 30 000; 0 for none. */
  timeoutMs?: number | undefined;
  /** How many times to retry a request that failed in a way worth retrying: a whole number from 0. Default 2. */
  retries?: number | undefined;
  /** The first retry waits a random time up to this many milliseconds; each later one doubles it. Default 500. */
  backoffBaseMs?: number | undefined;
  /** The most any backoff wait may be, in milliseconds. Default 8 000. */
  backoffMaxMs?: number | undefined;
  /**
   * The longest `Retry-After` the SDK will wait, in milliseconds. A longer one is not waited for: the error
   * (a `RateLimitError` for 429) is thrown at once, with `retryAfterMs` so you can schedule the retry. Default 20 000.
   */
  maxRetryAfterMs?: number | undefined;
  /** Extra headers for every request (for example a vendor's `User-Agent`-style product tag). */
  headers?: Record<string, string> | undefined;
  /**
   * What to do when the hub's data does not match the schema: `strict` (default) throws a
   * `ResponseValidationError` naming the field; `warn` logs one warning through `logger` and passes the data
   * through; `off` skips validation. Fields a newer hub added are accepted in every mode; a value a newer hub
   * added to a fixed list (a new handover status, say) is not, so `strict` refuses that response.
   */
  validation?: ValidationMode | undefined;
  /**
   * Receives warnings. Defaults to the console's `warn` when `validation` is `warn`. An exception it throws does not
   * change a call's result: it is reported to the console's `warn` (code `hook_failed`).
   */
  logger?: Logger | undefined;
  /** Called before each attempt. An exception it throws fails the call (a `NetworkError`) before anything is sent. */
  onRequest?: ((info: RequestInfo) => void) | undefined;
  /**
   * Called after each attempt that received a response. It only observes: an exception it throws does not change
   * the call's result (a write that landed still resolves), and is reported with `logger.warn` (the console's `warn`
   * when there is no `logger`) as `(message, { code: 'hook_failed', hook: 'onResponse', error })`. The message
   * names the method and route, never a query string or a body.
   */
  onResponse?: ((info: ResponseInfo) => void) | undefined;
}

/** One request, as the resources describe it to the transport. Internal. */
export interface RequestSpec<T> {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  path: string;
  query?: Record<string, string | number | boolean | undefined | null> | undefined;
  body?: unknown;
  headers?: Record<string, string> | undefined;
  /** The path with ids replaced by placeholders (`/v1/handovers/:id`), for messages and logs. */
  route?: string | undefined;
  /** The schema of a successful response body. */
  schema: Parser<T>;
  /** The schema of `current` in a 409 version conflict. */
  conflictSchema?: Parser<Handover> | undefined;
  /** Whether to send a bearer token. Default true. */
  auth?: boolean | undefined;
  /**
   * A POST that only reads (a search whose terms travel in the body, out of URLs): no Idempotency-Key, and
   * retried like a GET.
   */
  readOnly?: boolean | undefined;
  options?: RequestOptions | undefined;
}

/** The request pipeline the resources share. Internal: not part of the public surface. */
export interface Transport {
  request<T>(spec: RequestSpec<T>): Promise<T>;
  readonly options: Readonly<ClientOptions>;
}

/**
 * The hub's `X-Request-Id` for the response a method's result came from (a record, a list's page, an array), or
 * undefined for anything else. An error carries its own `requestId`; this is for a call that succeeded but whose
 * result looks wrong, so the hub's administrator can find the request in the hub's logs.
 *
 * @example
 * ```ts
 * const handover = await hub.handovers.get(id);
 * if (!handover.sections.pupilVoice) support.report('pupil voice missing', { requestId: requestIdOf(handover) });
 * ```
 */
export function requestIdOf(result: unknown): string | undefined {
  return typeof result === 'object' && result !== null ? requestIds.get(result) : undefined;
}

/** Internal: `part` (a list a resource unwraps from the response, say) came from the same response as `whole`. */
export function fromResponse<T extends object>(whole: object, part: T): T {
  const id = requestIds.get(whole);
  if (id) requestIds.set(part, id);
  return part;
}

export { newIdempotencyKey } from './internal/hub-layer.js';
export { loggableUrl } from './internal/transport-core.js';

/**
 * Creates a hub client's request pipeline: the core one every request goes through, sent by ky, with the hub's
 * token refresh, idempotency keys, validation and request ids layered on top.
 */
export function createTransport(
  given: ClientOptions,
  maker: string,
  /** `HUB`: each entry names its own, so it ships only that one's error wording. */
  server: Server,
): Transport {
  return createCoreTransport(given, maker, server, kyLoop, hubLayer);
}
