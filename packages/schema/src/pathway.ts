import * as z from 'zod/mini';
import { Id, IsoDateSchema, PhaseSchema, requiredText, text } from './common.js';
import { HandoverStatusSchema } from './handover.js';
import { TransitionSchema } from './template.js';
import { MILESTONE_IDS, MILESTONE_STATES } from './dates.js';
import type { Role } from './user.js';

/** The four needs every child has; each pathway event belongs to one. */
export const STRANDS = ['safe', 'healthy', 'achieving', 'relationships'] as const;
export const StrandSchema = z.enum(STRANDS);
export type Strand = z.infer<typeof StrandSchema>;

/**
 * The roles each restricted strand is sent to: an allow-list, so a strand named here reaches only the roles listed
 * (a role added to `ROLES` later is not sent it until someone decides it should be), and a strand not named here goes
 * to everyone who may read the pathway. The hub filters every answer that carries pathway events by it, refuses to
 * record an event in a strand for a role it is not sent to, and the timeline draws no lane for a strand its viewer
 * can never be sent.
 *
 * `safe` (early help, child in need, child protection) is a safeguarding record: need-to-know, the DSL role only,
 * every view logged (KCSIE; OWASP ASVS 8.2.3, field-level access). Role by role:
 * - `dsl`: holds the child-protection file and decides who else needs to know what, so is sent it.
 * - `teacher`, `senco`, `transition-lead`: pass concerns to the DSL, who tells them what they need to know to support
 *   the child (KCSIE part 2); the hub does not make that decision for the DSL, so they are not sent it.
 * - `admin`: runs accounts, audit and subject access exports; none of that needs the content, so not sent it (a
 *   subject access export that must include it is made by the DSL).
 * - `family-worker`, `youth-worker`, `social-worker`: see a pathway because the family agreed to a signposting or
 *   referral; that consent is not a need to know about child protection, and children's social care gets it from the
 *   DSL through the multi-agency route (Working Together), so not sent it.
 * - `parent`: KCSIE leaves it to the professionals whether and how a family hears of these, so not sent it.
 *
 * Kept equal to `SAFEGUARDING_ROLES` (a test checks), but written out so its type is exact for the timeline's copy.
 */
export const STRAND_READERS = { safe: ['dsl'] } as const satisfies Partial<Record<Strand, readonly Role[]>>;
/** The type of {@link STRAND_READERS}, for code that must agree with it without importing the module. */
export type StrandReaders = typeof STRAND_READERS;

/** Whether the hub ever sends a person in `role` events in `strand` (see {@link STRAND_READERS}). */
export function receivesStrand(role: Role, strand: Strand): boolean {
  const readers: Partial<Record<Strand, readonly Role[]>> = STRAND_READERS;
  return Object.hasOwn(readers, strand) ? readers[strand]!.includes(role) : true;
}

export const EVENT_KINDS = ['handover', 'milestone', 'assessment', 'support', 'attendance', 'note'] as const;

export const PathwayEventSchema = z.strictObject({
  id: Id,
  learnerId: Id,
  kind: z.enum(EVENT_KINDS),
  strand: StrandSchema,
  date: IsoDateSchema,
  /** For support episodes: when it ended (absent while it continues). */
  endDate: z.optional(IsoDateSchema),
  title: requiredText(200),
  detail: z.optional(text(2000)),
  /** Who recorded it: an organisation of the hub, or an outside system. */
  source: z.strictObject({ organisationId: z.optional(Id), name: z.string() }),
  handoverId: z.optional(Id),
  handoverStatus: z.optional(HandoverStatusSchema),
  transition: z.optional(TransitionSchema),
  serviceId: z.optional(Id),
  serviceName: z.optional(z.string()),
  milestoneId: z.optional(z.enum(MILESTONE_IDS)),
});
export type PathwayEvent = z.infer<typeof PathwayEventSchema>;

export const PathwayEventCreateSchema = z.omit(PathwayEventSchema, { id: true, learnerId: true, source: true });
export type PathwayEventCreate = z.infer<typeof PathwayEventCreateSchema>;

export const PathwaySchema = z.strictObject({
  learnerId: Id,
  dateOfBirth: IsoDateSchema,
  /** The name to show (preferred forename), so a timeline can be read without the full record. */
  displayName: z.optional(z.string()),
  events: z.array(PathwayEventSchema),
});
export type Pathway = z.infer<typeof PathwaySchema>;

/** A statutory milestone placed for one child (the schema of {@link Milestone} from `milestonesFor`). */
export const MilestoneSchema = z.strictObject({
  id: z.enum(MILESTONE_IDS),
  phase: PhaseSchema,
  from: IsoDateSchema,
  by: IsoDateSchema,
  conditional: z.boolean(),
});

/** A milestone with where it stands today, as `GET /v1/learners/:id/milestones` returns it. */
export const MilestoneWithStateSchema = z.extend(MilestoneSchema, { state: z.enum(MILESTONE_STATES) });
export type MilestoneWithState = z.infer<typeof MilestoneWithStateSchema>;
