import * as z from 'zod/mini';
import { EmailSchema, Id, requiredLineText } from './common.js';

/** Roles a person can hold; each is scoped to one organisation. */
export const ROLES = [
  'teacher',
  'senco',
  'dsl',
  'transition-lead',
  'family-worker',
  'youth-worker',
  'social-worker',
  'parent',
  'admin',
] as const;
export const RoleSchema = z.enum(ROLES);
export type Role = z.infer<typeof RoleSchema>;

export const UserSchema = z.strictObject({
  id: Id,
  name: requiredLineText(120),
  email: EmailSchema,
  role: RoleSchema,
  organisationId: Id,
  /** For parents and carers: the learners they hold parental responsibility for. */
  learnerIds: z.array(Id),
  disabled: z.boolean(),
});
export type User = z.infer<typeof UserSchema>;

/** Who the hub thinks is calling, as returned by `GET /v1/me`. */
export const PrincipalSchema = z.strictObject({
  user: UserSchema,
  organisationName: z.string(),
  tokenKind: z.enum(['api-key', 'session']),
});
export type Principal = z.infer<typeof PrincipalSchema>;

/** Roles that may read and change safeguarding transfer details (KCSIE: need to know). */
export const SAFEGUARDING_ROLES: readonly Role[] = ['dsl'];
/** Roles that work on handovers for their own organisation. */
export const HANDOVER_STAFF_ROLES: readonly Role[] = ['teacher', 'senco', 'dsl', 'transition-lead', 'admin'];
/** Roles that may record signposting and referrals: every staff role, not parents. */
export const SIGNPOSTING_ROLES: readonly Role[] = ROLES.filter((r) => r !== 'parent');
