import ky, { isHTTPError, isTimeoutError, type Input } from 'ky';
import { IDEMPOTENCY_KEY, type FieldIssue, type Handover } from '@c2c/schema';
import { ApiError, AuthError, C2cError, NetworkError, ResponseValidationError, TimeoutError } from './errors.js';
import {
  IDEMPOTENT_METHODS,
  RETRY_STATUSES,
  backoffCeilingMs,
  isRetryableStatus,
  parseRetryAfter,
} from './internal/retry.js';
import type { Server } from './internal/status-errors.js';
import { check, type Parser, type ValidationMode } from './internal/validate.js';

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

const WRITE_METHODS = new Set(['POST', 'PATCH', 'PUT', 'DELETE']);

/** The hub's request id for each object the SDK returned, by that object: it is not a field of the record. */
const requestIds = new WeakMap<object, string>();

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

/**
 * The base URL, parsed; undefined when it is not one. A relative base URL (`/oruk`, as a school website page may
 * give) is resolved against the page.
 */
function absoluteBase(baseUrl: unknown): URL | undefined {
  const here = (globalThis as { location?: { href?: string } }).location?.href;
  try {
    return new URL(baseUrl as string, here);
  } catch {
    return undefined;
  }
}

function buildUrl(baseUrl: string, path: string, query: RequestSpec<unknown>['query']): string {
  let url = baseUrl.replace(/\/+$/, '') + path;
  if (query) {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
    const qs = params.toString();
    if (qs) url += `?${qs}`;
  }
  return url;
}

const isAbortError = (e: unknown) =>
  typeof e === 'object' && e !== null && (e as { name?: unknown }).name === 'AbortError';

/**
 * Query parameters that describe a child or family, from everything the SDK sends in a query string: the hub's
 * service search (`q`, `age`, `language`, `accessibility`, `free`, `taxonomy`, `lat`, `lng`) and what the ORUK
 * reader sends a feed (`search` in 3.0 and `text` in 1.0, `minimum_age`/`maximum_age`, `taxonomy_term_id` in 3.0
 * and `taxonomy_id` in 1.0, `postcode`). Together they say what a person typed (a child's name, a UPN), a child's
 * age, the family's language, where they are, whether they can pay, and what help or access need a child has.
 * Left as they are: paging, distances (`radiusKm`, `proximity`) and a service's opening `day` and time.
 */
const PERSONAL_PARAMS = [
  'q',
  'search',
  'text',
  'age',
  'minimum_age',
  'maximum_age',
  'language',
  'accessibility',
  'free',
  'taxonomy',
  'taxonomy_term_id',
  'taxonomy_id',
  'lat',
  'lng',
  'postcode',
];
/** The URL as the hooks see it: {@link PERSONAL_PARAMS} replaced, everything else unchanged. */
export function loggableUrl(url: string): string {
  const u = new URL(url);
  let changed = false;
  for (const name of PERSONAL_PARAMS)
    if (u.searchParams.has(name)) {
      u.searchParams.set(name, '[redacted]');
      changed = true;
    }
  return changed ? u.href : url;
}

/**
 * `promise`, or the signal's reason as soon as it is aborted, or `timedOut()` after `ms` (none when false): a
 * caller does not wait for a host's slow `getToken` (a sign-in or refresh still under way) past a cancel or the
 * attempt's time limit, and one that never settles cannot hang every request. A refresh shared with other
 * requests goes on for them.
 */
function bounded<T>(
  promise: Promise<T>,
  signal: AbortSignal | undefined,
  ms: number | false,
  timedOut: () => unknown,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal!.reason);
    if (signal?.aborted) return onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });
    const timer = ms === false ? undefined : setTimeout(() => reject(timedOut()), Math.min(ms, MAX_TIMEOUT));
    promise.then(resolve, reject).finally(() => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    });
  });
}

/**
 * `error` with every header value the call sent (`sent`: the host's headers, the token, the idempotency key) cut out
 * of its message, stack and string properties, and its causes': fetch's and `Headers`' refusal of a value quotes it
 * (`Headers.set: "Bearer a\nb" is an invalid header value.`), a host's fetch or hook may quote one in words of its
 * own, and a NetworkError keeping it as `cause` took the token to every log it went to. A refusal that quotes a value
 * the SDK never saw (one the host's fetch added) has the quoted part cut. The rest is kept: the words around the
 * value say which header and why, and an error with nothing to cut is handed back as it is.
 */
function safeCause(error: unknown, sent: readonly string[]): unknown {
  const values = sent
    // Trimmed as Headers sends (and quotes) them, and so a substring of the value as given too; a host's plain JS
    // may give a number, which Headers takes as its string.
    .map((v) => String(v).trim())
    .filter(Boolean)
    .sort((a, b) => b.length - a.length)
    .map((v) => v.replace(/[$()*+.?[\\\]^{|}]/g, '\\$&'));
  const known = values.length ? new RegExp(values.join('|'), 'g') : undefined;
  const cut = (text: unknown) => {
    if (typeof text !== 'string') return text;
    const out = known ? text.replace(known, '[redacted]') : text;
    return out !== text ? out : out.replace(/(["'])[^]*?\1(?= is an invalid header value)/g, '$1[redacted]$1');
  };
  const scrub = (e: unknown, depth: number): unknown => {
    if (!(e instanceof Error) || depth > 4) return e;
    const cause = scrub(e.cause, depth + 1);
    const message = cut(e.message);
    const stack = cut(e.stack);
    if (message === e.message && stack === e.stack && cause === e.cause) return e;
    const copy = new (e instanceof TypeError ? TypeError : Error)(
      message as string,
      cause === undefined ? undefined : { cause },
    );
    for (const [k, v] of Object.entries(e)) if (k !== 'cause') (copy as unknown as Record<string, unknown>)[k] = cut(v);
    if (copy.name !== e.name) copy.name = e.name;
    copy.stack = stack as string;
    return copy;
  };
  return scrub(error, 0);
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

/**
 * In a browser, watches for the page's Content-Security-Policy refusing a request to `url`'s origin. fetch rejects
 * such a request with the same bare "Failed to fetch" as a dropped connection, and Chromium fires the
 * `securitypolicyviolation` event only after that rejection, so {@link PagePolicyWatch.blocked} waits one task for it.
 * The event's `blockedURI` is the whole URL (a search's words with it): only its origin is compared, and kept.
 */
interface PagePolicyWatch {
  blocked(): Promise<boolean>;
  stop(): void;
}
function watchPagePolicy(url: string): PagePolicyWatch | undefined {
  const scope = globalThis as unknown as Partial<EventTarget>;
  if (typeof SecurityPolicyViolationEvent === 'undefined' || !scope.addEventListener) return undefined;
  const origin = new URL(url).origin;
  let seen = false;
  const onViolation = (event: Event) => {
    const { blockedURI, effectiveDirective } = event as SecurityPolicyViolationEvent;
    if (!/^(connect-src|default-src)$/.test(effectiveDirective)) return;
    try {
      if (new URL(blockedURI).origin === origin) seen = true;
    } catch {
      // A blockedURI that is not a URL ("inline", "eval") is about something else.
    }
  };
  scope.addEventListener('securitypolicyviolation', onViolation, true);
  return {
    blocked: () => new Promise((resolve) => setTimeout(() => resolve(seen))),
    stop: () => scope.removeEventListener!('securitypolicyviolation', onViolation, true),
  };
}

const blockedByPolicy = (url: string, cause: unknown, source: 'hub' | 'feed') =>
  new NetworkError(
    `This page's Content-Security-Policy does not allow connections to the ${source} at ${new URL(url).origin}. Add that address to the policy's connect-src, where the site sets its policy (its web server, or its content management system's security settings).`,
    { cause, code: 'blocked_by_page_policy' },
  );

const networkError = (url: string, cause: unknown, source: 'hub' | 'feed') =>
  new NetworkError(
    `Could not reach the ${source} at ${new URL(url).origin}. Check the internet connection and the ${source} address, then try again.`,
    { cause },
  );

/**
 * Refuses a number option that is not a number from 0 (left out is fine): {@link createTransport} says why. A
 * negative `timeoutMs` (a deadline already past, say) ran the request with no time limit at all.
 */
function checkNumberOption(name: string, value: unknown, unit: string): void {
  // A count of retries is whole and finite: `Infinity` retried a hub that was down for as long as the page stayed
  // open, and 2.5 is no count at all.
  if (
    value !== undefined &&
    (typeof value !== 'number' || Number.isNaN(value) || value < 0 || (unit === 'retries' && !Number.isInteger(value)))
  )
    throw new C2cError(`${name} must be a number of ${unit} from 0, or left out for the default.`, 'invalid_options');
}

/** How many attempt time limits a token refresh stays shared for (see `token` in {@link createTransport}). */
const REFRESH_PATIENCE = 4;

/** The largest timeout ky (and setTimeout) accepts. */
const MAX_TIMEOUT = 2_147_483_647;

/** Thrown by {@link readText} when the body did not arrive in time. */
const BODY_TIMEOUT = Symbol('body timeout');

/**
 * Reads a body as text within `ms` (none when false). ky's `timeout` stops when the headers arrive, so the
 * body gets this scope of its own: on expiry the stream is cancelled (which, once ky cancels its copy too,
 * closes the connection) and {@link BODY_TIMEOUT} is thrown, so a body that stalls half way is a timeout,
 * not a hang. Decodes as UTF-8, as `Response.text()` does.
 */
async function readText(response: Response, ms: number | false): Promise<string> {
  // A fetch polyfill's Response (whatwg-fetch, React Native) has no `body` stream at all, where a real one without
  // a body has null: every answer read as empty, so every call failed as malformed. It is read whole instead.
  if (response.body === undefined) return bounded(response.text(), undefined, ms, () => BODY_TIMEOUT);
  const reader = response.body?.getReader();
  if (!reader) return '';
  let timedOut = false;
  const timer =
    ms === false
      ? undefined
      : setTimeout(
          () => {
            timedOut = true;
            reader.cancel().catch(() => undefined);
          },
          // A longer delay than a timer holds fires at once (Node and browsers), which would end every body.
          Math.min(Math.max(0, ms), MAX_TIMEOUT),
        );
  const decoder = new TextDecoder();
  let text = '';
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (timedOut) throw BODY_TIMEOUT;
      if (done) return text + decoder.decode();
      text += decoder.decode(value, { stream: true });
    }
  } finally {
    clearTimeout(timer);
  }
}

/** What the last attempt of a call received, read inside that attempt (see the `afterResponse` hook). */
interface Received {
  status: number;
  headers: Headers;
  text: string;
  requestId: string | undefined;
  /** The error the status maps to; undefined for a 2xx. */
  failure?: ApiError | undefined;
  /** The response's `Retry-After`, in milliseconds, when it had a readable one. */
  retryAfterMs?: number | undefined;
}

/**
 * Creates the request pipeline. ky sends each attempt and owns retries (which methods and statuses, backoff
 * with jitter, Retry-After), the per-attempt timeout, the JSON body and the custom fetch; the hooks below add
 * auth, the 401 token refresh, reading the body inside the attempt, error mapping and validation.
 */
export function createTransport(
  given: ClientOptions,
  maker: string,
  /**
   * `HUB`, or `FEED` for a third-party server (an ORUK feed). No default: each entry names its own, so it ships only
   * that one's error wording.
   */
  server: Server,
): Transport {
  const source = server.name;
  // Messages name `maker`, the function the caller called: a page that reads only a feed never calls createClient.
  const base = given && typeof given.baseUrl === 'string' ? absoluteBase(given.baseUrl) : undefined;
  if (!base || !/^https?:$/.test(base.protocol)) {
    throw new C2cError(
      `${maker} needs a baseUrl that is an http:// or https:// address, such as https://hub.example.org.`,
      'invalid_options',
    );
  }
  // fetch refuses a URL with a user name or password, in a TypeError that quotes the whole URL (the password, and
  // a search's words); a query or #fragment would have every path appended inside it. Neither URL is quoted here.
  if (base.username || base.password || /[?#]/.test(base.href)) {
    throw new C2cError(
      `${maker}'s baseUrl must have no user name, password, ?query or #fragment: send credentials in \`headers\`.`,
      'invalid_options',
    );
  }
  // The SDK adds /v1 itself, and an address copied from the API reference (or from other SDKs, whose base URLs end
  // in /v1) sent every call to /v1/v1/..., where the hub's 404 reads like a missing record. A feed may end in /v1.
  if (source === 'hub' && /\/v1\/*$/.test(base.pathname))
    throw new C2cError(`${maker}'s baseUrl must not end in /v1: the SDK adds it to every path.`, 'invalid_options');
  const options: ClientOptions = { ...given, baseUrl: base.href };
  hideSecrets(options);
  // A number option that is not a number (NaN from `Number(process.env.X)` when X is unset) is refused here:
  // every comparison with NaN is false, so ky would retry a failing request without end, and no timeout would run.
  for (const name of ['timeoutMs', 'retries', 'backoffBaseMs', 'backoffMaxMs', 'maxRetryAfterMs'] as const)
    checkNumberOption(`${maker}'s ${name}`, options[name], name === 'retries' ? 'retries' : 'milliseconds');
  const retries = Math.max(0, options.retries ?? 2);
  const timeoutMs = options.timeoutMs ?? 30_000;
  const backoffBase = options.backoffBaseMs ?? 500;
  const backoffMax = options.backoffMaxMs ?? 8_000;
  const maxRetryAfter = options.maxRetryAfterMs ?? 20_000;
  const mode: ValidationMode = options.validation ?? 'strict';
  const logger: Logger | undefined =
    options.logger ?? (mode === 'warn' ? { warn: (m, d) => globalThis.console?.warn(m, d) } : undefined);
  const warned = new Set<string>();
  /**
   * Reports an exception from the host's `onResponse` or `logger` and lets the call go on: a hook that only
   * observes turned a write that had landed into a failure, which the caller would then repeat or report as lost.
   * It goes to `logger` (to the console when there is none, or when the logger is what threw). `what` is the
   * method and route: no query string, no body.
   */
  function hookFailed(hook: 'onResponse' | 'logger', what: string, error: unknown): void {
    const message = `The ${hook} given to ${maker} threw while observing ${what}; the request's result is unchanged.`;
    const details = { code: 'hook_failed', hook, error };
    try {
      (hook !== 'logger' && logger ? logger : globalThis.console)?.warn(message, details);
    } catch {
      globalThis.console?.warn(message, details);
    }
  }
  // ky calls its `fetch` option as `options.fetch(request, init)`; a host's `fetch: window.fetch` must get no
  // `this` (browsers throw "Illegal invocation") and exactly the one Request, so ky is given this wrapper.
  // A fetch that fails without being aborted could not reach the hub: a NetworkError, which ky retries.
  const fetchImpl = options.fetch;
  const send = (input: Input): Promise<Response> => {
    const request = input as Request; // ky always passes the Request it built
    const policy = watchPagePolicy(request.url);
    // A fetch that throws at once (a polyfill's TypeError, say) instead of rejecting failed the same way.
    return new Promise<Response>((resolve) => resolve((fetchImpl ?? fetch)(request)))
      .catch(async (error: unknown) => {
        if (request.signal.aborted || isAbortError(error)) throw error;
        if (policy && (await policy.blocked())) throw blockedByPolicy(request.url, error, source);
        throw networkError(request.url, error, source);
      })
      .finally(() => policy?.stop());
  };

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

  /**
   * Runs `spec`, with every failure a `C2cError` (or the reason of the caller's own abort, as `fetch` gives it):
   * an exception from the host's code (`getToken`, `onRequest`, a `fetch` that throws; `onResponse` and `logger` are
   * reported by `hookFailed` instead) or from ky itself used to escape raw, past every `instanceof C2cError` check. It becomes a NetworkError keeping it as `cause`, and is not
   * retried (`shouldRetry` lets only the SDK's own errors through): a bug in a hook would only fail again.
   */
  function request<T>(spec: RequestSpec<T>): Promise<T> {
    const sent: string[] = [];
    return run(spec, sent).catch((error: unknown) => {
      if (spec.options?.signal?.aborted) throw error;
      // Every NetworkError of the call, from `send`, a body cut off or a hook, has its cause scrubbed here, once.
      if (error instanceof NetworkError) error.cause = safeCause(error.cause, sent);
      if (error instanceof C2cError) throw error;
      throw new NetworkError(
        `The request ${spec.method} ${spec.route ?? spec.path} failed in this page's own code, not at the hub: see the cause.`,
        { cause: safeCause(error, sent) },
      );
    });
  }

  /** `sent` collects the header values the host gave this call, for {@link safeCause}. */
  async function run<T>(spec: RequestSpec<T>, sent: string[]): Promise<T> {
    const method = spec.method;
    // `seg` encodes an id but leaves `.` and `..`, which a URL resolves as steps up the path, and an empty id
    // leaves an empty segment: `learners.get('.')` read the learner list, `signposting.delete('..')` sent
    // `DELETE /v1/`. No record has such an id, so nothing is sent.
    if (/\/\.{0,2}(?=\/|$)/.test(spec.path))
      throw new C2cError(
        `No request was sent to ${spec.route ?? spec.path}: an id was empty, "." or "..".`,
        'invalid_id',
      );
    const opts = spec.options ?? {};
    const signal = opts.signal;
    const idempotencyKey =
      WRITE_METHODS.has(method) && !spec.readOnly ? (opts.idempotencyKey ?? newIdempotencyKey()) : undefined;
    // The hub's rule for the header. An empty key was sent as no header at all, so the write went without
    // idempotency and was not retried; a line break failed in fetch with a TypeError quoting the key.
    if (idempotencyKey !== undefined && !IDEMPOTENCY_KEY.test(idempotencyKey))
      throw new C2cError(
        `No request was sent to ${spec.route ?? spec.path}: the idempotency key must be 1 to 200 visible ASCII characters, with no spaces.`,
        'invalid_options',
      );
    // Capped, unlike the client's `retries`: one call's override, from a form or a job's settings, should not
    // keep a page retrying a hub that is down for minutes.
    const { maxRetries } = opts;
    if (maxRetries !== undefined && !(Number.isInteger(maxRetries) && maxRetries >= 0 && maxRetries <= 10))
      throw new C2cError(
        `No request was sent to ${spec.route ?? spec.path}: the request option maxRetries must be a whole number from 0 to 10.`,
        'invalid_options',
      );
    const callRetries = maxRetries ?? retries;
    const url = buildUrl(options.baseUrl, spec.path, spec.query);
    const what = `${method} ${spec.route ?? spec.path}`;
    // The same for one call's timeout: a NaN would run it with no time limit at all.
    checkNumberOption('The request option timeoutMs', opts.timeoutMs, 'milliseconds');
    const perAttempt = opts.timeoutMs ?? timeoutMs;
    const limited = Number.isFinite(perAttempt) && perAttempt > 0;
    // Rounded to tenths of a second, a limit under 50 ms read "within 0 seconds", and 1 000 ms "1 seconds".
    const seconds = Math.round(perAttempt / 100) / 10;
    const within = seconds
      ? `${seconds} second${seconds === 1 ? '' : 's'}`
      : `${Math.round(perAttempt)} millisecond${Math.round(perAttempt) === 1 ? '' : 's'}`;
    const timeoutError = () =>
      new TimeoutError(
        `The ${source} did not answer within ${within}. Try again in a moment; if it keeps happening, the ${source} may be down.`,
        perAttempt,
      );
    // Not the hub's fault, and told apart by its code: a developer looking for a slow hub would never find it.
    const tokenTimeoutError = () =>
      new TimeoutError(
        `This page's getToken did not return a token within ${within}, so the request was not sent to the hub. Check the sign-in or token refresh it waits for.`,
        perAttempt,
        'token_timeout',
      );
    // Names are folded to lower case, so a later layer replaces an earlier one's value rather than joining it
    // ("a, b"), whatever case each was written in.
    const headers = Object.assign(Object.create(null) as Record<string, string>, { accept: 'application/json' });
    for (const layer of [options.headers, opts.headers, spec.headers])
      for (const [name, value] of Object.entries(layer ?? {})) headers[name.toLowerCase()] = value;
    if (idempotencyKey) headers['idempotency-key'] = idempotencyKey;
    // Not `accept` or a resource's `if-match`: the SDK's own, and cutting them would only lose words.
    sent.push(...Object.values(options.headers ?? {}), ...Object.values(opts.headers ?? {}), idempotencyKey ?? '');
    const state: {
      last?: Received;
      refreshed: boolean;
      /** Set after a 401: the next attempt refreshes the token (see `token`). */
      refusedAt?: number | undefined;
      /** How many token refreshes had finished when this attempt's token was taken. */
      tokenEpoch: number;
      started: number;
    } = {
      refreshed: false,
      tokenEpoch: 0,
      started: 0,
    };

    try {
      await ky(url, {
        method,
        headers,
        json: spec.body,
        signal,
        fetch: send,
        // Per attempt, until the response headers arrive; the afterResponse hook gives the body the rest.
        timeout: limited ? Math.min(perAttempt, MAX_TIMEOUT) : false,
        retry: {
          // The one 401 token refresh is a (forced) retry to ky, but does not spend the caller's retries.
          limit: callRetries + (options.getToken ? 1 : 0),
          // Reads and PUT/DELETE are safe to repeat; a POST because it carries an Idempotency-Key (every write
          // does), so a retried submit never creates two handovers, or because it only reads (a search). The hub
          // honours the key on POST and DELETE only: a PATCH is safe to repeat because every one the SDK sends sets
          // fields to given values, and a handover's carries If-Match. A PATCH that adds or counts would not be.
          methods:
            idempotencyKey || spec.readOnly ? [...IDEMPOTENT_METHODS, method.toLowerCase()] : [...IDEMPOTENT_METHODS],
          statusCodes: RETRY_STATUSES,
          // Retry-After is honoured on every retried status, not only ky's default 413, 429 and 503.
          afterStatusCodes: RETRY_STATUSES,
          maxRetryAfter,
          // Full jitter: a random wait between zero and the capped exponential ceiling.
          delay: (retry) => backoffCeilingMs(retry, backoffBase, backoffMax),
          jitter: true,
          backoffLimit: backoffMax,
          retryOnTimeout: true,
          // Returns false to stop, undefined to let ky's own rules (statuses, Retry-After) decide.
          shouldRetry: ({ error, retryCount }) => {
            if (signal?.aborted || retryCount - (state.refreshed ? 1 : 0) > callRetries) return false;
            if (isHTTPError(error)) {
              const { failure, retryAfterMs } = state.last ?? {};
              if (!failure || !isRetryableStatus(failure.status, failure.code)) return false;
              // A Retry-After over the cap is not waited for: the error goes back to the caller at once
              // (ky's maxRetryAfter would wait the cap instead).
              return retryAfterMs !== undefined && retryAfterMs > maxRetryAfter ? false : undefined;
            }
            if (error instanceof NetworkError) return error.code === 'blocked_by_page_policy' ? false : undefined;
            return isTimeoutError(error) ? undefined : false;
          },
        },
        hooks: {
          beforeRequest: [
            async (req, kyOptions, { retryCount }) => {
              signal?.throwIfAborted();
              if (spec.auth !== false) {
                state.tokenEpoch = finished;
                const t = await bounded(
                  token(state.refusedAt, limited && perAttempt, tokenTimeoutError),
                  signal,
                  limited && perAttempt,
                  tokenTimeoutError,
                );
                // Cleared only once a token came: the retry after a `token_timeout` took the refused token again
                // while the refresh was still under way, and its second 401 failed the call with AuthError.
                state.refusedAt = undefined;
                if (t) {
                  sent.push(t);
                  req.headers.set('authorization', `Bearer ${t}`);
                }
                // A client given no token at all leaves a host's own `authorization` header (a proxy's) alone.
                else if (options.getToken || options.token !== undefined) req.headers.delete('authorization');
              }
              options.onRequest?.({ method, url: loggableUrl(url), attempt: retryCount + 1, idempotencyKey });
              state.started = Date.now();
              // Each attempt gets a Request made here, tied to ky's signal (the caller's, and ky's own timeout)
              // directly. ky sends a retry as a clone of the first Request, and in Node's fetch a clone's signal
              // follows the original's only through a weak reference: after a garbage collection an abort no
              // longer reached the retry, which then ran to its end (or its timeout) as if not cancelled.
              return kyOptions.signal ? new Request(req, { signal: kyOptions.signal }) : undefined;
            },
          ],
          afterResponse: [
            async (req, _options, response, { retryCount }) => {
              let text: string;
              try {
                // Read inside the attempt, so a stalled body is a timeout and a cut-off one a network error,
                // both retried by ky like any other, rather than a hang or bad JSON.
                text = await readText(response, limited && perAttempt - (Date.now() - state.started));
              } catch (error) {
                if (error === BODY_TIMEOUT) throw timeoutError();
                if (signal?.aborted || isAbortError(error)) throw error;
                throw networkError(url, error, source);
              }
              const requestId = response.headers.get('x-request-id') ?? undefined;
              try {
                options.onResponse?.({
                  method,
                  url: loggableUrl(url),
                  attempt: retryCount + 1,
                  idempotencyKey,
                  status: response.status,
                  durationMs: Date.now() - state.started,
                  requestId,
                });
              } catch (error) {
                hookFailed('onResponse', what, error);
              }
              const received: Received = { status: response.status, headers: response.headers, text, requestId };
              let retryAfterMs: number | undefined;
              if (!response.ok) {
                retryAfterMs = received.retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
                received.failure = toApiError(received);
                // The hub's 401 says to send a token, which a developer who wrote `token: process.env.C2C_API_KEY`
                // believes they did: say that none was sent, and why (an unset variable gives `undefined`).
                const refused = received.failure;
                if (refused instanceof AuthError && source === 'hub' && !req.headers.has('authorization'))
                  // Its own fields are its init's (status, code, request id, problem, headers); the words change.
                  received.failure = new AuthError({
                    ...refused,
                    detail: `The hub refused ${what}: no token was sent (${
                      options.getToken ? 'getToken gave none' : `${maker} got none: is its environment variable set?`
                    }).`,
                  });
                if (received.failure instanceof AuthError && options.getToken && !state.refreshed) {
                  state.refreshed = true;
                  state.refusedAt = state.tokenEpoch;
                  return ky.retry({ delay: 0, code: 'TOKEN_REFRESH' });
                }
              }
              state.last = received;
              // ky goes on with a bodyless copy (the body is read), whose only header is the Retry-After the
              // SDK understood, in seconds: a date, or an unreadable value, then behaves as documented.
              return new Response(null, {
                status: response.status,
                headers: retryAfterMs === undefined ? undefined : { 'retry-after': String(retryAfterMs / 1000) },
              });
            },
          ],
        },
      });
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      if (isHTTPError(error) && state.last?.failure) throw state.last.failure;
      if (!(error instanceof C2cError) && isTimeoutError(error)) throw timeoutError();
      throw error;
    }

    const { status, text, requestId, headers: answered } = state.last!;
    // A 204 is an answer only where no body is expected (a delete); for a call that expects data it is as empty
    // as a blank 200, and is refused below rather than handed back as `undefined`.
    if (status === 204 && spec.schema.safeParse(undefined).success) return undefined as T;
    const { body, parseError } = parseBody(text);
    if (parseError !== undefined || text === '') {
      const cause = parseError === undefined ? undefined : notJson(parseError, text.length);
      // A web page is what a site's own server (a portal that answers every path with its index.html) sends: the
      // address is wrong, and "try again" would only send the developer round the same loop.
      const page = /html/i.test(answered.get('content-type') ?? '');
      throw new ResponseValidationError({
        message: page
          ? `The answer to ${what} was a web page, not the ${source}'s JSON: check the address given to ${maker}.`
          : `The ${source}'s response to ${what} was not readable JSON, so it was not used. Try again; if it keeps happening, contact the ${source}'s administrator.`,
        code: 'malformed_response',
        issues: [{ path: '', code: 'malformed_json', message: cause?.message ?? 'The response body is empty.' }],
        status,
        requestId,
        cause,
      });
    }
    const checked = validate(spec.schema, body, status, requestId, what);
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

    /** The typed error an error status maps to. */
    function toApiError(received: Received): ApiError {
      const { body } = parseBody(received.text);
      let current: Handover | undefined;
      if (received.status === 409 && spec.conflictSchema && body && typeof body === 'object' && 'current' in body) {
        const c = validate(
          spec.conflictSchema,
          (body as { current: unknown }).current,
          received.status,
          received.requestId,
          `${what} (conflict)`,
        );
        if (c.ok) current = c.value;
      }
      return server.toError({
        status: received.status,
        headers: received.headers,
        body,
        retryAfterMs: received.retryAfterMs,
        current,
      });
    }
  }

  return { request, options };
}

/**
 * The parser's reason a body is not JSON, without any of the body: V8 quotes its start or the part around the fault
 * (`Unexpected token 'J', "Jane Smith..." is not valid JSON`), Safari the word it stopped at, and a body may hold a
 * learner's name, which the error then took to every log. Only where the parser stopped, and whether the body (of
 * `length` characters) ended too soon, are kept, in a SyntaxError made here, so its stack holds none of the
 * parser's message either.
 */
function notJson(error: unknown, length: number): SyntaxError {
  const said = error instanceof Error ? error.message : '';
  const position = /position (\d+)/i.exec(said)?.[1];
  const lineColumn = /line (\d+) column (\d+)/i.exec(said);
  const where = [
    position && `at position ${position}`,
    lineColumn && `(line ${lineColumn[1]}, column ${lineColumn[2]})`,
  ].filter(Boolean);
  const short = /end of (json input|data)/i.test(said) || Number(position) >= length;
  return new SyntaxError(
    `The response body is not valid JSON${short ? ': it ends too soon' : ''}${where.length ? `, ${where.join(' ')}` : ''}.`,
  );
}

function parseBody(text: string): { body: unknown; parseError: unknown } {
  if (text === '') return { body: undefined, parseError: undefined };
  try {
    return { body: JSON.parse(text), parseError: undefined };
  } catch (error) {
    return { body: undefined, parseError: error };
  }
}
