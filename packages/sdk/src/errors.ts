import type { Handover } from '@c2c/schema';
import type { ApiError } from './error-classes.js';
// The two mappings live apart so that each entry's transport ships only its own (see internal/status-errors.ts).
import { feedError, hubError } from './internal/status-errors.js';

export * from './error-classes.js';

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

/**
 * The one mapping from an error response to an error class: status first, then the hub's problem code
 * (a 409 is a {@link ConflictError} only for `version_conflict`; `idempotency_in_progress` stays an {@link ApiError}).
 */
export function errorFromResponse(info: ErrorResponseInfo): ApiError {
  return info.source === 'feed' ? feedError(info) : hubError(info);
}
