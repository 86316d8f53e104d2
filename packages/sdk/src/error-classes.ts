/**
 * The error classes, apart from errors.ts (which re-exports them whole) so that internal/status-errors.ts can build
 * them without importing errors.ts, which imports it for `errorFromResponse`.
 */
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
  /**
   * `network_error`, or `blocked_by_page_policy` in a browser whose page's Content-Security-Policy (`connect-src`)
   * does not allow the hub's or feed's address: not retried, since it cannot succeed until the site's policy changes.
   */
  declare readonly code: 'network_error' | 'blocked_by_page_policy';
  constructor(
    message: string,
    options?: { cause?: unknown; code?: 'network_error' | 'blocked_by_page_policy' | undefined },
  ) {
    super(message, options?.code ?? 'network_error', options);
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
