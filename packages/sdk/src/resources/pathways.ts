import * as z from 'zod/mini';
import {
  MilestoneWithStateSchema,
  PathwayEventSchema,
  PathwaySchema,
  type MilestoneWithState,
  type Pathway,
  type PathwayEvent,
  type PathwayEventCreate,
} from '@c2c/schema';
import type { RequestOptions, Transport } from '../client.js';
import { fromResponse } from '../client.js';
import { seg } from '../internal/path.js';

const MilestoneList = z.object({ data: z.array(MilestoneWithStateSchema) });

/** A learner's pathway: the timeline of handovers, milestones, assessments and support. */
export class PathwaysResource {
  #t: Transport;

  /** @internal */
  constructor(transport: Transport) {
    this.#t = transport;
  }

  /** The learner's whole timeline. */
  get(learnerId: string, opts?: RequestOptions): Promise<Pathway> {
    return this.#t.request({
      method: 'GET',
      path: `/v1/learners/${seg(learnerId)}/pathway`,
      route: '/v1/learners/:id/pathway',
      schema: PathwaySchema,
      options: opts,
    });
  }

  /** Records an event on the timeline (staff who can read the learner). Sends an `Idempotency-Key`. */
  addEvent(learnerId: string, input: PathwayEventCreate, opts?: RequestOptions): Promise<PathwayEvent> {
    return this.#t.request({
      method: 'POST',
      path: `/v1/learners/${seg(learnerId)}/pathway/events`,
      route: '/v1/learners/:id/pathway/events',
      body: input,
      schema: PathwayEventSchema,
      options: opts,
    });
  }

  /** The statutory milestones for the learner, each with its state today (upcoming, due, done, overdue). */
  async milestones(learnerId: string, opts?: RequestOptions): Promise<MilestoneWithState[]> {
    const res = await this.#t.request({
      method: 'GET',
      path: `/v1/learners/${seg(learnerId)}/milestones`,
      route: '/v1/learners/:id/milestones',
      schema: MilestoneList,
      options: opts,
    });
    return fromResponse(res, res.data);
  }
}
