import * as z from 'zod/mini';
import { Id, Timestamp } from './common.js';
import { RoleSchema, UserSchema } from './user.js';

/** Stable problem codes the hub returns, so callers can act on them without reading prose. */
export const PROBLEM_CODES = [
  'validation_failed',
  'unknown_field',
  'invalid_cursor',
  'body_too_large',
  'unsupported_media_type',
  'malformed_json',
  'unauthenticated',
  'token_expired',
  'forbidden',
  'not_found',
  'version_conflict',
  'precondition_required',
  'idempotency_in_progress',
  'idempotency_key_reused',
  'invalid_state',
  'rate_limited',
  'internal_error',
  'unavailable',
  'headers_too_large',
  'malformed_request',
  'request_timeout',
] as const;
export type ProblemCode = (typeof PROBLEM_CODES)[number];

/** RFC 9457 problem details, with a stable `code` and a message a school administrator understands. */
export const ProblemSchema = z.looseObject({
  type: z.string(),
  title: z.string(),
  status: z.number(),
  code: z.string(),
  detail: z.string(),
  instance: z.optional(z.string()),
  requestId: z.optional(z.string()),
  errors: z.optional(z.array(z.strictObject({ path: z.string(), code: z.string(), message: z.string() }))),
  /** On a version conflict: the version the server holds now. */
  currentVersion: z.optional(z.number()),
});
export type Problem = z.infer<typeof ProblemSchema>;

/**
 * One line of the append-only audit log: who read or changed which learner's record. The hub's own retention
 * schedule appears as user `retention` with role `system`, deleting what has reached the end of its keep.
 */
export const AuditEntrySchema = z.strictObject({
  id: z.number(),
  at: Timestamp,
  userId: Id,
  role: z.union([RoleSchema, z.literal('system')]),
  organisationId: Id,
  action: z.enum([
    'read',
    'create',
    'update',
    'submit',
    'acknowledge',
    'read-safeguarding',
    'update-safeguarding',
    'signpost',
    'denied',
    'export',
    'delete',
  ]),
  resource: z.string(),
  resourceId: z.string(),
  learnerId: z.nullable(Id),
});
export type AuditEntry = z.infer<typeof AuditEntrySchema>;

export const TokenCreateSchema = z.strictObject({
  userId: Id,
  kind: z.enum(['api-key', 'session']),
  /** Lifetime in minutes; sessions default to 8 hours, API keys to 1 year. */
  ttlMinutes: z.optional(z.number().check(z.int(), z.positive(), z.lte(525_600))),
});

/**
 * A person an administrator adds to their own organisation (`POST /v1/users`). Without an `id` the hub makes one;
 * a chosen one must start with the organisation's id and a hyphen (`pri-millbrook-j-smith`).
 * `learnerIds` is for parents and carers: the learners of the organisation they hold parental responsibility for.
 */
export const UserCreateSchema = z.extend(z.pick(UserSchema, { name: true, email: true, role: true }), {
  id: z.optional(Id),
  learnerIds: z.optional(z.array(Id).check(z.maxLength(20))),
});
export type UserCreate = z.infer<typeof UserCreateSchema>;

/** What an administrator may change about a user of their organisation (`PATCH /v1/users/:id`). */
export const UserUpdateSchema = z.partial(
  z.pick(UserSchema, { name: true, email: true, role: true, learnerIds: true, disabled: true }),
);
export type UserUpdate = z.infer<typeof UserUpdateSchema>;
