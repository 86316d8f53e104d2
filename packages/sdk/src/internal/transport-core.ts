/**
 * The request pipeline every read and write goes through, the hub client's and the ORUK reader's: the retry policy
 * (which failures, backoff with jitter, Retry-After), the per-attempt timeout and reading the body within it,
 * redaction of URLs and sent secrets, and the error classes and their wording, each here once. A {@link Loop} sends
 * the attempts (ky for the hub client, plain fetch for the reader) and asks this policy before every retry. What
 * only a hub needs (tokens and their refresh, idempotency keys, response validation, request ids) is a
 * {@link HubLayer} the hub client passes in, so a page that reads only a feed ships none of it, and no ky.
 */
import type { Handover } from '@c2c/schema';
import type { ClientOptions, RequestSpec, Transport } from '../client.js';
import { ApiError, C2cError, NetworkError, ResponseValidationError, TimeoutError } from '../errors.js';
import { IDEMPOTENT_METHODS, isRetryableStatus, parseRetryAfter, retryWaitMs } from './retry.js';
import type { Server } from './status-errors.js';

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
export function bounded<T>(
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
/** The largest timeout ky (and setTimeout) accepts. */
export const MAX_TIMEOUT = 2_147_483_647;

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

/** Reports an exception from a host's hook that only observes, and lets the call go on (see `hookFailed`). */
export type HookFailed = (hook: 'onResponse' | 'logger', what: string, error: unknown) => void;

/** An attempt's time limit, as the core worked it out, for the layer's own timeout (a slow `getToken`). */
export interface AttemptLimit {
  /** The limit in milliseconds, or false for none. */
  ms: number | false;
  /** The limit as given, for the error's `timeoutMs`. */
  perAttempt: number;
  /** The limit in words ("30 seconds"), for the error's message. */
  within: string;
}

/** One hub call's extras, made by {@link HubLayer.call}. */
export interface HubCall {
  /** The write's idempotency key, already checked against the hub's rule; undefined for reads. */
  readonly idempotencyKey: string | undefined;
  /** Retries allowed beyond the caller's: the one forced retry after a token refresh. */
  readonly extraRetries: number;
  /** Whether this call has spent its token refresh, which does not count against the caller's retries. */
  refreshed: boolean;
  /**
   * The attempt's token, within its time limit. Not an async function, so the attempt awaits one promise, as it
   * did before the layer was apart: a host that releases its fetch only once the element has rendered relies on the
   * request having been sent by then.
   */
  token(signal: AbortSignal | undefined, limit: AttemptLimit): Promise<string | undefined>;
  /** Sets or removes the attempt's `authorization` header for `token`; adds it to `sent`, to be cut out of errors. */
  sign(req: Request, token: string | undefined, sent: string[]): void;
  /** The error a refusal becomes, and whether to retry at once with a refreshed token. */
  refused(failure: ApiError, req: Request, what: string): { failure: ApiError; refresh: boolean };
}

/** What a hub client adds to the core pipeline. The ORUK reader has none of it. */
export interface HubLayer {
  /** The extras of one call; throws `invalid_options` for an idempotency key the hub would refuse. */
  call(spec: RequestSpec<unknown>): HubCall;
  /** A successful body, checked against `schema` as the client's `validation` says; throws when it is refused. */
  accept<T>(
    schema: RequestSpec<T>['schema'],
    body: unknown,
    status: number,
    requestId: string | undefined,
    what: string,
  ): T;
  /** The record a 409 version conflict sent as `current`, when it passes `conflictSchema`. */
  current(
    spec: RequestSpec<unknown>,
    body: unknown,
    status: number,
    requestId: string | undefined,
    what: string,
  ): Handover | undefined;
}

/** One attempt's work, the same whichever loop sends it. */
export interface Attempt {
  /**
   * Before each attempt is sent: the caller's abort, the token, `onRequest`. With `signal`, the Request to send
   * instead of `req`, tied to it (see the ky loop).
   */
  before(req: Request, retryCount: number, signal?: AbortSignal): Promise<Request | undefined>;
  /**
   * After each attempt got a response: reads the body, tells `onResponse`, maps an error status. Whether the
   * response was a success, or `refresh` to send the attempt again at once with a refreshed token.
   */
  after(req: Request, response: Response, retryCount: number): Promise<boolean | 'refresh'>;
  /**
   * The retry policy, one for every loop: how long to wait before retry `retryCount` (1 for the first), or false
   * to stop. `answered` when the attempt got an error status (its error is then the last response's).
   */
  wait(error: unknown, retryCount: number, answered: boolean): number | false;
}

/** What a {@link Loop} sends, and how. */
export interface LoopInit {
  url: string;
  method: string;
  headers: Record<string, string>;
  /** Sent as JSON. */
  body: unknown;
  signal: AbortSignal | undefined;
  fetch: (request: Request) => Promise<Response>;
  /** Until the response headers arrive; false for none. */
  timeoutMs: number | false;
  timeoutError: () => TimeoutError;
  /** The most retries, forced ones included. */
  limit: number;
  /** The methods that may be retried, in lower case. */
  methods: string[];
  attempt: Attempt;
}

/**
 * Sends a call's attempts until one succeeds or {@link Attempt.wait} says stop: resolves true when the last
 * attempt got an error status (its error is then the call's), false on success; rejects with any other failure.
 */
export type Loop = (init: LoopInit) => Promise<boolean>;

/** A timeout, ky's or the SDK's own: both are called `TimeoutError`. */
export const isTimeout = (e: unknown): boolean =>
  typeof e === 'object' && e !== null && (e as { name?: unknown }).name === 'TimeoutError';

/**
 * Makes a client's {@link HubLayer} from its checked options, after the core's own checks of `baseUrl`; throws
 * `invalid_options` for a base URL only a hub refuses.
 */
export type MakeHubLayer = (options: ClientOptions, base: URL, maker: string, hookFailed: HookFailed) => HubLayer;

/**
 * Creates the request pipeline. `loop` sends each attempt; the {@link Attempt} below reads the body inside it, maps
 * errors and decides every retry, and `makeHub` adds a hub's auth, token refresh and validation.
 */
export function createCoreTransport(
  given: ClientOptions,
  maker: string,
  /**
   * `HUB`, or `FEED` for a third-party server (an ORUK feed). No default: each entry names its own, so it ships only
   * that one's error wording.
   */
  server: Server,
  /** Sends the attempts: {@link kyLoop} for the hub client, `fetchLoop` for the ORUK reader. */
  loop: Loop,
  /** A hub client's layer; left out by the ORUK reader, whose page then ships none of it. */
  makeHub?: MakeHubLayer,
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
  const options: ClientOptions = { ...given, baseUrl: base.href };
  const hub = makeHub?.(options, base, maker, hookFailed);
  // A number option that is not a number (NaN from `Number(process.env.X)` when X is unset) is refused here:
  // every comparison with NaN is false, so ky would retry a failing request without end, and no timeout would run.
  for (const name of ['timeoutMs', 'retries', 'backoffBaseMs', 'backoffMaxMs', 'maxRetryAfterMs'] as const)
    checkNumberOption(`${maker}'s ${name}`, options[name], name === 'retries' ? 'retries' : 'milliseconds');
  const retries = Math.max(0, options.retries ?? 2);
  const timeoutMs = options.timeoutMs ?? 30_000;
  const backoffBase = options.backoffBaseMs ?? 500;
  const backoffMax = options.backoffMaxMs ?? 8_000;
  const maxRetryAfter = options.maxRetryAfterMs ?? 20_000;
  // The hub layer adds a console logger for its `warn` mode: its messages go to the console either way.
  const logger = options.logger;
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
  // `this` (browsers throw "Illegal invocation") and exactly the one Request, so the loops are given this wrapper.
  // A fetch that fails without being aborted could not reach the hub: a NetworkError, which is retried.
  const fetchImpl = options.fetch;
  const send = (request: Request): Promise<Response> => {
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
    const call = hub?.call(spec as RequestSpec<unknown>);
    const idempotencyKey = call?.idempotencyKey;
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
    // Names are folded to lower case, so a later layer replaces an earlier one's value rather than joining it
    // ("a, b"), whatever case each was written in.
    const headers = Object.assign(Object.create(null) as Record<string, string>, { accept: 'application/json' });
    for (const layer of [options.headers, opts.headers, spec.headers])
      for (const [name, value] of Object.entries(layer ?? {})) headers[name.toLowerCase()] = value;
    if (idempotencyKey) headers['idempotency-key'] = idempotencyKey;
    // Not `accept` or a resource's `if-match`: the SDK's own, and cutting them would only lose words.
    sent.push(...Object.values(options.headers ?? {}), ...Object.values(opts.headers ?? {}), idempotencyKey ?? '');
    const state: { last?: Received; started: number } = { started: 0 };

    // Reads and PUT/DELETE are safe to repeat; a POST because it carries an Idempotency-Key (every write does), so
    // a retried submit never creates two handovers, or because it only reads (a search). The hub honours the key on
    // POST and DELETE only: a PATCH is safe to repeat because every one the SDK sends sets fields to given values,
    // and a handover's carries If-Match. A PATCH that adds or counts would not be.
    const methods =
      idempotencyKey || spec.readOnly ? [...IDEMPOTENT_METHODS, method.toLowerCase()] : [...IDEMPOTENT_METHODS];
    const attempt: Attempt = {
      async before(req, retryCount, tied) {
        signal?.throwIfAborted();
        if (call && spec.auth !== false)
          call.sign(req, await call.token(signal, { ms: limited && perAttempt, perAttempt, within }), sent);
        options.onRequest?.({ method, url: loggableUrl(url), attempt: retryCount + 1, idempotencyKey });
        state.started = Date.now();
        // Each attempt gets a Request made here, tied to ky's signal (the caller's, and ky's own timeout)
        // directly. ky sends a retry as a clone of the first Request, and in Node's fetch a clone's signal
        // follows the original's only through a weak reference: after a garbage collection an abort no
        // longer reached the retry, which then ran to its end (or its timeout) as if not cancelled.
        return tied ? new Request(req, { signal: tied }) : undefined;
      },
      async after(req, response, retryCount) {
        let text: string;
        try {
          // Read inside the attempt, so a stalled body is a timeout and a cut-off one a network error, both
          // retried like any other, rather than a hang or bad JSON.
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
        if (!response.ok) {
          received.retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
          received.failure = toApiError(received);
          if (call) {
            const { failure, refresh } = call.refused(received.failure, req, what);
            received.failure = failure;
            if (refresh) return 'refresh';
          }
        }
        state.last = received;
        return response.ok;
      },
      wait(error, retryCount, answered) {
        if (signal?.aborted || retryCount - (call?.refreshed ? 1 : 0) > callRetries) return false;
        let after: number | undefined;
        if (answered) {
          const { failure, retryAfterMs } = state.last ?? {};
          if (!failure || !isRetryableStatus(failure.status, failure.code)) return false;
          // A Retry-After over the cap is not waited for: the error goes back to the caller at once.
          if (retryAfterMs !== undefined && retryAfterMs > maxRetryAfter) return false;
          after = retryAfterMs;
        } else if (error instanceof NetworkError) {
          if (error.code === 'blocked_by_page_policy') return false;
        } else if (!isTimeout(error)) return false;
        return retryWaitMs(retryCount, after, backoffBase, backoffMax);
      },
    };

    let failed: boolean;
    try {
      failed = await loop({
        url,
        method,
        headers,
        body: spec.body,
        signal,
        fetch: send,
        // Per attempt, until the response headers arrive; `after` gives the body the rest.
        timeoutMs: limited ? Math.min(perAttempt, MAX_TIMEOUT) : false,
        timeoutError,
        // The one 401 token refresh is a (forced) retry, but does not spend the caller's retries.
        limit: callRetries + (call?.extraRetries ?? 0),
        methods,
        attempt,
      });
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      if (!(error instanceof C2cError) && isTimeout(error)) throw timeoutError();
      throw error;
    }
    if (failed) {
      if (signal?.aborted) throw signal.reason;
      throw state.last!.failure!;
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
    // Without a hub layer (the ORUK reader) the body goes back as it is: the reader checks each record it maps.
    return hub ? hub.accept(spec.schema, body, status, requestId, what) : (body as T);

    /** The typed error an error status maps to. */
    function toApiError(received: Received): ApiError {
      const { body } = parseBody(received.text);
      return server.toError({
        status: received.status,
        headers: received.headers,
        body,
        retryAfterMs: received.retryAfterMs,
        current: hub?.current(spec as RequestSpec<unknown>, body, received.status, received.requestId, what),
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
