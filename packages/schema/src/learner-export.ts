import * as z from 'zod/mini';
import { Id, Timestamp } from './common.js';
import { LearnerSchema } from './learner.js';
import { HandoverSchema, HandoverVersionSchema } from './handover.js';
import { PathwayEventSchema } from './pathway.js';
import { SignpostingSchema } from './signposting.js';
import { AuditEntrySchema } from './api.js';

/**
 * Everything the hub holds about one learner for their school (`GET /v1/learners/:id/export`), for a subject
 * access request or an educational-record request: the record, the handovers the school sent or received (with
 * their safeguarding records only when a DSL exports) and every stored version of them, pathway events, the
 * school's signposting records, and the audit lines about the learner. What other organisations recorded is
 * theirs to answer for.
 */
export const LearnerExportSchema = z.strictObject({
  exportedAt: Timestamp,
  exportedBy: Id,
  learner: LearnerSchema,
  handovers: z.array(HandoverSchema),
  /**
   * Every version of those handovers the hub keeps, oldest first, as `GET /v1/handovers/:id/versions` gives them
   * to the school (a received handover's from its submission on): an answer since changed is still held, so it is
   * part of what a subject access request is answered with.
   */
  handoverVersions: z.array(z.extend(HandoverVersionSchema, { handoverId: Id })),
  pathwayEvents: z.array(PathwayEventSchema),
  signposting: z.array(SignpostingSchema),
  audit: z.array(AuditEntrySchema),
});
export type LearnerExport = z.infer<typeof LearnerExportSchema>;
