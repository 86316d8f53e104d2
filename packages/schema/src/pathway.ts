import * as z from 'zod/mini';
import { Id, IsoDateSchema, PhaseSchema, requiredText, text } from './common.js';
import { HandoverStatusSchema } from './handover.js';
import { TransitionSchema } from './template.js';
import { MILESTONE_IDS } from './dates.js';
import type { Role } from './user.js';

/** The four needs every child has; each pathway event belongs to one. */
export const STRANDS = ['safe', 'healthy', 'achieving', 'relationships'] as const;
export const StrandSchema = z.enum(STRANDS);
export type Strand = z.infer<typeof StrandSchema>;

/**
 * Strands the hub leaves out of a role's view of a pathway, so a viewer in that role never receives an event in
 * them: a parent or carer is not sent `safe` (early help, child in need, child protection), as KCSIE leaves it to
 * the professionals whether and how a family hears of those. The hub filters by it; the timeline draws no lane for
 * a strand its viewer can never be sent.
 */
export const WITHHELD_STRANDS = { parent: ['safe'] } as const satisfies Partial<Record<Role, readonly Strand[]>>;
/** The type of {@link WITHHELD_STRANDS}, for code that must agree with it without importing the module. */
export type WithheldStrands = typeof WITHHELD_STRANDS;

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

export const MILESTONE_STATES = ['upcoming', 'due', 'done', 'overdue'] as const;

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
