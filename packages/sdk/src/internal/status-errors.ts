/**
 * The two halves of `errorFromResponse`: the hub's mapping and a third-party feed's. They are apart, and the
 * transport is handed the one it needs by whoever makes it, because each carries wording the other never uses: a
 * page that reads only the hub's service directory ships none of the feed's sentences, and the ORUK reader none of
 * the hub's.
 */
import type { Problem } from '@c2c/schema';
import {
  ApiError,
  AuthError,
  ConflictError,
  ForbiddenError,
  NotFoundError,
  RateLimitError,
  ValidationError,
  type ApiErrorInit,
} from '../error-classes.js';
import type { ErrorResponseInfo } from '../errors.js';

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

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * {@link errorFromResponse} for a third-party feed (`source: 'feed'`): the SDK's own sentence, a code from the status
 * alone, and the feed's text only in `untrustedDetail`.
 */
export function feedError(info: ErrorResponseInfo): ApiError {
  const { status, headers, body } = info;
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

/** {@link errorFromResponse} for the hub, whose problem documents are trusted. */
export function hubError(info: ErrorResponseInfo): ApiError {
  const { status, headers, body } = info;
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

/** Who a transport talks to: what its messages call the server, and how its error statuses become errors. */
export interface Server {
  /** What the messages call the server: a third-party ORUK feed is not "the hub", and a developer looks elsewhere. */
  readonly name: 'hub' | 'feed';
  readonly toError: (info: ErrorResponseInfo) => ApiError;
}

/** A c2c-kit hub. */
export const HUB: Server = { name: 'hub', toError: hubError };

/** A third-party server (an ORUK feed): its error text is kept out of messages (see `feedError`). */
export const FEED: Server = { name: 'feed', toError: feedError };
