import type { FieldIssue, ProblemCode } from '@c2c/schema';

const TITLES: Record<ProblemCode, string> = {
  validation_failed: 'Some details need correcting',
  unknown_field: 'The request has fields the hub does not recognise',
  invalid_cursor: 'The page link is not valid',
  body_too_large: 'The request is too large',
  unsupported_media_type: 'The request must be JSON',
  malformed_json: 'The request is not valid JSON',
  unauthenticated: 'Sign-in needed',
  token_expired: 'The sign-in has expired',
  forbidden: 'Not allowed',
  not_found: 'Not found',
  version_conflict: 'Someone else changed this record',
  precondition_required: 'The version being changed is missing',
  idempotency_in_progress: 'The same request is still being processed',
  idempotency_key_reused: 'This request key was already used for a different request',
  invalid_state: 'This cannot be done at the record’s current stage',
  rate_limited: 'Too many requests',
  internal_error: 'Something went wrong on the hub',
  unavailable: 'The hub is not ready',
  headers_too_large: 'The request’s headers are too large',
  malformed_request: 'The request is not valid HTTP',
  request_timeout: 'The request took too long to arrive',
};

/** The HTTP status each problem code is answered with. */
export const PROBLEM_STATUS: Record<ProblemCode, number> = {
  validation_failed: 422,
  unknown_field: 400,
  invalid_cursor: 400,
  body_too_large: 413,
  unsupported_media_type: 415,
  malformed_json: 400,
  unauthenticated: 401,
  token_expired: 401,
  forbidden: 403,
  not_found: 404,
  version_conflict: 409,
  precondition_required: 428,
  idempotency_in_progress: 409,
  idempotency_key_reused: 422,
  invalid_state: 409,
  rate_limited: 429,
  internal_error: 500,
  unavailable: 503,
  headers_too_large: 431,
  malformed_request: 400,
  request_timeout: 408,
};

/**
 * An error the hub answers as RFC 9457 problem details. `detail` is written for a school administrator;
 * `code` is stable so software can act on it.
 */
export class HttpProblem extends Error {
  readonly status: number;
  constructor(
    readonly code: ProblemCode,
    readonly detail: string,
    readonly extra: {
      errors?: FieldIssue[];
      currentVersion?: number;
      current?: unknown;
      headers?: Record<string, string>;
      status?: number;
      /**
       * For a `forbidden`: the record and learner its `denied` audit line names, instead of the route's `:id` and
       * the learner the request concerned. A refusal whose mere existence tells something about a learner (a
       * safeguarding concern) is audited naming nobody but the caller.
       */
      deniedAbout?: { resourceId: string; learnerId: string | null };
    } = {},
  ) {
    super(detail);
    this.name = 'HttpProblem';
    this.status = extra.status ?? PROBLEM_STATUS[code];
  }

  /** The problem+json body. */
  body(requestId: string, instance?: string): Record<string, unknown> {
    return {
      type: `https://c2c-kit.dev/problems/${this.code.replace(/_/g, '-')}`,
      title: TITLES[this.code],
      status: this.status,
      code: this.code,
      detail: this.detail,
      ...(instance ? { instance } : {}),
      requestId,
      ...(this.extra.errors ? { errors: this.extra.errors } : {}),
      ...(this.extra.currentVersion !== undefined ? { currentVersion: this.extra.currentVersion } : {}),
      ...(this.extra.current !== undefined ? { current: this.extra.current } : {}),
    };
  }
}

export const notFound = (what = 'record') =>
  new HttpProblem(
    'not_found',
    `There is no ${what} with this id that you can see. Check the link, or ask the organisation that shared it.`,
  );
export const forbidden = (detail: string) => new HttpProblem('forbidden', detail);
