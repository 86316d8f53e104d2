import type { FieldIssue, Handover, Problem } from '@c2c/schema';

/**
 * The base of every error the SDK throws, so one `instanceof C2cError` check catches them all.
 * `code` is stable and safe to branch on; `message` is a sentence for the person at the keyboard.
 */
export class C2cError extends Error {
  // Each class names itself in a string literal: minifiers rename classes, and hosts (and the elements) tell
  // errors apart by `name` when they cannot import the class.
  override name = 'C2cError';
  /** A stable, machine-readable code such as `network_error`, `timeout` or a hub problem code. */
  readonly code: string;

  constructor(message: string, code: string, options?: { cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
  }
}

/**
 * The hub could not be reached, or the connection dropped before a whole response arrived (retried automatically
 * where safe), or the host's own code (`getToken`, `onRequest`, or a `fetch` that throws)
 * failed: `cause` holds what it threw. A hook's exception is not retried, since it would only fail again. A header
 * value that `cause` (or a cause of it) quotes, as fetch's refusal of a value does, is replaced by `[redacted]` in a
 * copy that keeps the rest: every value the call sent from `headers`, its token and its idempotency key.
 */
export class NetworkError extends C2cError {
  override name = 'NetworkError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, 'network_error', options);
  }
}

/**
 * No complete response arrived within `timeoutMs` (`code` `timeout`), or the host's `getToken` did not return a
 * token in that time, so the attempt was never sent (`code` `token_timeout`). Retried automatically where safe.
 */
export class TimeoutError extends C2cError {
  override name = 'TimeoutError';
  /** The time limit that was exceeded, in milliseconds. */
  readonly timeoutMs: number;

  constructor(message: string, timeoutMs: number, code: 'timeout' | 'token_timeout' = 'timeout') {
    super(message, code);
    this.timeoutMs = timeoutMs;
  }
}

/** What every {@link ApiError} was built from. */
export interface ApiErrorInit {
  /** The HTTP status. */
  status: number;
  /** The hub's problem code, or one derived from the status when the body had none. */
  code: string;
  /** The sentence to show. */
  detail: string;
  /** The hub's request id. */
  requestId?: string | undefined;
  /** The RFC 9457 problem document, when there was one. */
  problem?: Problem | undefined;
  /** The response headers. */
  headers?: Headers | undefined;
  /** A third-party feed's own text about the error, verbatim (see {@link ApiError.untrustedDetail}). */
  untrustedDetail?: string | undefined;
}

/**
 * The hub answered with an error status. `detail` is the hub's own sentence for a school administrator;
 * `code` is one of the hub's stable problem codes (see `PROBLEM_CODES` in `@c2c/schema`).
 *
 * From a third-party feed (the ORUK reader's), `message` and `detail` are the SDK's own sentence for the status and
 * `code` is derived from the status alone: a feed's text may quote the request, and with it what the user searched
 * for. The feed's text is kept in {@link ApiError.untrustedDetail}.
 */
export class ApiError extends C2cError {
  override name = 'ApiError';
  /** The HTTP status, e.g. 404. */
  readonly status: number;
  /**
   * The hub's explanation, written for a school administrator. From a third-party feed, the SDK's own sentence
   * (the same as `message`).
   */
  readonly detail: string;
  /** The hub's request id: quote it when you contact support. */
  readonly requestId: string | undefined;
  /** The whole RFC 9457 problem document, when the hub sent one. */
  readonly problem: Problem | undefined;
  /** The response headers. */
  readonly headers: Headers | undefined;
  /**
   * Only for an error from a third-party feed (the ORUK reader's): the feed's own text about it (its `detail`, or
   * failing that its `message`), verbatim; undefined for the hub's errors and when the feed sent none. It may
   * quote the request, and so hold what the user typed (a postcode, a child's name): do not log it or show it to
   * anyone but that user. It is not enumerable, so loggers and `JSON.stringify` that copy an error's properties
   * leave it out.
   */
  declare readonly untrustedDetail: string | undefined;

  constructor(init: ApiErrorInit) {
    super(init.detail, init.code);
    this.status = init.status;
    this.detail = init.detail;
    this.requestId = init.requestId;
    this.problem = init.problem;
    this.headers = init.headers;
    Object.defineProperty(this, 'untrustedDetail', { value: init.untrustedDetail, enumerable: false });
  }
}

/**
 * 401: the token is missing, wrong, expired or belongs to a disabled user. When the call sent no token at all (the
 * client was given none), the message says so rather than repeating the hub's request for one.
 */
export class AuthError extends ApiError {
  override name = 'AuthError';
}

/** 403: the signed-in role may not do this (for example, a teacher writing safeguarding details). */
export class ForbiddenError extends ApiError {
  override name = 'ForbiddenError';
}

/**
 * 404: the record does not exist, or belongs to an organisation the caller cannot see. A 404 without the hub's problem
 * document came from something else at that address: its message says to check the client's `baseUrl`.
 */
export class NotFoundError extends ApiError {
  override name = 'NotFoundError';
}

/**
 * 409 `version_conflict`: someone else saved the record since you read it. `currentVersion` and `current`
 * are what the hub holds now, so a UI can merge the two edits instead of overwriting one.
 */
export class ConflictError extends ApiError {
  override name = 'ConflictError';
  /** The version the hub holds now; send it in the next update once the edits are merged. */
  readonly currentVersion: number | undefined;
  /** The record as the caller may see it now, when the hub sent it (and it passed validation). */
  readonly current: Handover | undefined;

  constructor(init: ApiErrorInit & { currentVersion?: number | undefined; current?: Handover | undefined }) {
    super(init);
    this.currentVersion = init.currentVersion;
    this.current = init.current;
  }
}

/** 400 or 422: the request was not valid. `issues` lists each field's problem. */
export class ValidationError extends ApiError {
  override name = 'ValidationError';
  /** One entry per field, with a dotted `path`, a stable `code` and a readable `message`. */
  readonly issues: FieldIssue[];

  constructor(init: ApiErrorInit & { issues?: FieldIssue[] | undefined }) {
    super(init);
    this.issues = init.issues ?? [];
  }
}

/** 429: too many requests. Wait `retryAfterMs` (when the hub said) before trying again. */
export class RateLimitError extends ApiError {
  override name = 'RateLimitError';
  /** How long the hub asked callers to wait, in milliseconds, from its `Retry-After` header. */
  readonly retryAfterMs: number | undefined;

  constructor(init: ApiErrorInit & { retryAfterMs?: number | undefined }) {
    super(init);
    this.retryAfterMs = init.retryAfterMs;
  }
}

/**
 * The hub (or something between it and you) sent data that does not match the schema, or is not JSON at
 * all. The message names the first field path; `issues` lists them all. Never retried. Nothing in it quotes the
 * response: for a body that is not JSON (`code` `malformed_response`), `cause` is a `SyntaxError` that says only
 * where the body stopped being JSON, not the parser's own error, which quotes part of the body.
 */
export class ResponseValidationError extends C2cError {
  override name = 'ResponseValidationError';
  /** Dotted path of the first bad field, e.g. `data.3.status`; empty when the whole body was unreadable. */
  readonly path: string;
  /** Every problem found. */
  readonly issues: FieldIssue[];
  /** The HTTP status of the response that failed validation. */
  readonly status: number;
  /** The hub's request id, when it sent one. */
  readonly requestId: string | undefined;

  constructor(init: {
    message: string;
    code?: string;
    issues: FieldIssue[];
    status: number;
    requestId?: string | undefined;
    cause?: unknown;
  }) {
    super(init.message, init.code ?? 'invalid_response', { cause: init.cause });
    this.issues = init.issues;
    this.path = init.issues[0]?.path ?? '';
    this.status = init.status;
    this.requestId = init.requestId;
  }
}

const STATUS_CODES: Record<number, string> = {
  400: 'validation_failed',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not_found',
  408: 'timeout',
  409: 'conflict',
  413: 'body_too_large',
  415: 'unsupported_media_type',
  422: 'validation_failed',
  425: 'too_early',
  428: 'precondition_required',
  429: 'rate_limited',
  503: 'unavailable',
};

const STATUS_DETAIL: Record<number, string> = {
  401: 'The hub did not accept your sign-in. Sign in again, or check the API key.',
  403: 'Your role does not allow this.',
  // The hub explains every 404 of its own in a problem document; one without is from whatever else answers at that
  // address (a web server, a proxy): almost always a baseUrl without the hub's path prefix, or another site's.
  // "This record was not found" sent developers looking for a missing record that was never asked for.
  404: 'Not found, and not in the hub’s words: check that baseUrl is the hub’s address, with its path prefix (such as /api) if any.',
  409: 'Someone else changed this record at the same time. Reload it and try again.',
  429: 'Too many requests were sent in a short time. Wait a moment and try again.',
};

/**
 * The SDK's own sentence for an error status from a third-party feed, which is all a feed error's `message` says:
 * it names no part of the request, so it can be logged as it is.
 */
function feedDetail(status: number): string {
  if (status === 400 || status === 422)
    return `The feed refused the request as not valid (status ${status}). If it keeps happening, leave out the filters the feed does not understand (the reader's sendFilters).`;
  if (status === 401)
    return 'The feed refused the request without sign-in (status 401). If it needs an API key, send it in the reader’s headers.';
  if (status === 403) return 'The feed does not allow this request (status 403).';
  if (status === 404) return 'The feed has no such record, or the feed address is wrong (status 404).';
  if (status === 429)
    return 'The feed had too many requests in a short time (status 429). Wait a moment and try again.';
  if (status >= 500)
    return `The feed had a problem and could not answer (status ${status}). Try again in a few minutes; if it keeps happening, tell whoever runs the feed.`;
  return `The feed answered with status ${status}.`;
}

/** The parts of a failed response {@link errorFromResponse} reads. */
export interface ErrorResponseInfo {
  /** The HTTP status. */
  status: number;
  /** The response headers (`X-Request-Id` is read from them). */
  headers: Headers;
  /** The parsed body when it was JSON, otherwise undefined. */
  body: unknown;
  /** `Retry-After` in milliseconds, when the response had a readable one. */
  retryAfterMs?: number | undefined;
  /** The conflicting record, already validated by the caller's schema. */
  current?: Handover | undefined;
  /**
   * Who answered: `hub` (default), whose problem documents are trusted, or `feed`, a third-party server (an ORUK
   * feed) whose text is kept out of `message`, `detail`, `code` and `problem` (see {@link ApiError.untrustedDetail}).
   */
  source?: 'hub' | 'feed' | undefined;
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The one mapping from an error response to an error class: status first, then the hub's problem code
 * (a 409 is a {@link ConflictError} only for `version_conflict`; `idempotency_in_progress` stays an {@link ApiError}).
 */
export function errorFromResponse(info: ErrorResponseInfo): ApiError {
  const { status, headers, body } = info;
  if (info.source === 'feed') {
    // A feed's detail (or its own problem code, or field messages) can echo the query back ("no services for Jane
    // Smith near SW1A 1AA"), and an error's message and properties go to logs as they are.
    const said = isObj(body) ? [body.detail, body.message].find((v) => typeof v === 'string' && v !== '') : undefined;
    const init: ApiErrorInit = {
      status,
      code: STATUS_CODES[status] ?? (status >= 500 ? 'internal_error' : 'http_error'),
      detail: feedDetail(status),
      requestId: headers.get('x-request-id') ?? undefined,
      headers,
      untrustedDetail: said as string | undefined,
    };
    if (status === 401) return new AuthError(init);
    if (status === 403) return new ForbiddenError(init);
    if (status === 404) return new NotFoundError(init);
    if (status === 400 || status === 422) return new ValidationError(init);
    if (status === 429) return new RateLimitError({ ...init, retryAfterMs: info.retryAfterMs });
    return new ApiError(init);
  }
  const problem = isObj(body) && typeof body.code === 'string' ? (body as Problem) : undefined;
  const code = problem?.code ?? STATUS_CODES[status] ?? (status >= 500 ? 'internal_error' : 'http_error');
  const detail =
    (problem && typeof problem.detail === 'string' && problem.detail) ||
    STATUS_DETAIL[status] ||
    (status >= 500
      ? 'The hub had a problem and could not finish this request. Try again in a few minutes.'
      : `The hub answered with status ${status}.`);
  const requestId =
    headers.get('x-request-id') ?? (typeof problem?.requestId === 'string' ? problem.requestId : undefined);
  const init: ApiErrorInit = { status, code, detail, requestId, problem, headers };
  if (status === 401) return new AuthError(init);
  if (status === 403) return new ForbiddenError(init);
  if (status === 404) return new NotFoundError(init);
  if (status === 409 && code === 'version_conflict') {
    const currentVersion = typeof problem?.currentVersion === 'number' ? problem.currentVersion : info.current?.version;
    return new ConflictError({ ...init, currentVersion, current: info.current });
  }
  if (status === 400 || status === 422) {
    const issues = Array.isArray(problem?.errors)
      ? problem.errors.filter((e) => isObj(e) && typeof e.path === 'string')
      : [];
    return new ValidationError({ ...init, issues });
  }
  if (status === 429) return new RateLimitError({ ...init, retryAfterMs: info.retryAfterMs });
  return new ApiError(init);
}
