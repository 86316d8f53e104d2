import * as z from 'zod/mini';
import {
  HandoverSchema,
  HandoverVersionSchema,
  ParentHandoverSchema,
  pageOf,
  type Handover,
  type HandoverCreate,
  type HandoverView,
  type ParentHandover,
  type HandoverStatus,
  type HandoverUpdate,
  type HandoverVersion,
  type Page,
  type SafeguardingTransferMethod,
  type Transition,
} from '@c2c/schema';
import type { RequestOptions, Transport } from '../client.js';
import { fromResponse } from '../client.js';
import type { PagePromise } from '../pagination.js';
import { listPages } from '../internal/list.js';
import { seg } from '../internal/path.js';
import type { Parser } from '../internal/validate.js';
import { C2cError } from '../errors.js';

/**
 * The `If-Match` header for `version`. A version is a whole number from 1: a NaN, a negative or a fraction was
 * sent as `If-Match: "NaN"`, which the hub refuses with a 400 that says nothing of the caller's mistake.
 */
function ifMatch(route: string, version: number): Record<string, string> {
  if (typeof version !== 'number' || !Number.isSafeInteger(version) || version < 1)
    throw new C2cError(
      `No request was sent to ${route}: the version must be a whole number from 1, as the handover's \`version\` gives it.`,
      'invalid_options',
    );
  return { 'if-match': `"${version}"` };
}

/**
 * Parents get a narrower view (learner names, parent sections only): valid data, so it must pass validation.
 * The view is chosen by shape rather than with a zod union, so a bad field is still reported by its own path.
 * Typed as Handover so staff code stays simple: see the note on HandoversResource.
 */
const View: Parser<Handover> = {
  safeParse: (data) => {
    const learner = typeof data === 'object' && data !== null ? (data as { learner?: unknown }).learner : undefined;
    const parent = typeof learner === 'object' && learner !== null && !('dateOfBirth' in learner);
    return (parent ? ParentHandoverSchema : HandoverSchema).safeParse(data) as ReturnType<
      Parser<Handover>['safeParse']
    >;
  },
};
const StaffPage = pageOf(HandoverSchema);
const ParentPage = pageOf(ParentHandoverSchema);
/** A page holds one caller's view throughout, so its first item decides which schema checks the page. */
const HandoverPage: Parser<Page<Handover>> = {
  safeParse: (data) => {
    const first = typeof data === 'object' && data !== null ? (data as { data?: unknown[] }).data?.[0] : undefined;
    const learner = typeof first === 'object' && first !== null ? (first as { learner?: unknown }).learner : undefined;
    const parent = typeof learner === 'object' && learner !== null && !('dateOfBirth' in learner);
    return (parent ? ParentPage : StaffPage).safeParse(data) as ReturnType<Parser<Page<Handover>>['safeParse']>;
  },
};
const VersionList = z.object({ data: z.array(HandoverVersionSchema) });

/** Filters for {@link HandoversResource.list}. */
export interface HandoverListParams {
  /** `sent` (default): handovers your organisation is sending; `received`: handovers sent to it. */
  box?: 'sent' | 'received' | undefined;
  /** Only handovers in this state. */
  status?: HandoverStatus | undefined;
  /** Only handovers for this transition, e.g. `y6-to-y7`. */
  transition?: Transition | undefined;
  /** Only handovers about this learner. */
  learnerId?: string | undefined;
  /** Items per page, 1 to 100 (default 20). */
  limit?: number | undefined;
  /** Start from this cursor instead of the first page. */
  cursor?: string | undefined;
}

/**
 * Transition handovers: create, edit (with optimistic locking), submit, acknowledge, message.
 *
 * Methods return {@link Handover}. A parent's token gets the parent's view instead (`ParentHandover` in
 * `@c2c/schema`: `learner` holds names only, and only the `pupil-voice` and `family` sections are present);
 * use {@link isParentView} before reading staff-only fields in code that parents also run.
 */
export class HandoversResource {
  #t: Transport;

  /** @internal */
  constructor(transport: Transport) {
    this.#t = transport;
  }

  /** Handovers sent by or to your organisation. Await for the first page or iterate for all. */
  list(params: HandoverListParams = {}, opts?: RequestOptions): PagePromise<Handover> {
    return listPages(this.#t, { path: '/v1/handovers', schema: HandoverPage }, params, opts);
  }

  /** One handover. Sections the caller's role may not see (safeguarding, for most roles) are absent. */
  get(id: string, opts?: RequestOptions): Promise<Handover> {
    return this.#t.request({
      method: 'GET',
      path: `/v1/handovers/${seg(id)}`,
      route: '/v1/handovers/:id',
      schema: View,
      options: opts,
    });
  }

  /**
   * Starts a draft handover (version 1). Sends an `Idempotency-Key`, so a retry after a dropped connection
   * cannot create a second handover; pass `idempotencyKey` to make it safe across restarts too.
   */
  create(input: HandoverCreate, opts?: RequestOptions): Promise<Handover> {
    return this.#t.request({
      method: 'POST',
      path: '/v1/handovers',
      body: input,
      schema: HandoverSchema,
      options: opts,
    });
  }

  /**
   * Saves changes, sending `If-Match: <version>`. When someone else saved first, throws `ConflictError` with
   * `currentVersion` and `current` (the handover as it is now): merge the two, then update with the new version.
   * A version conflict is never retried. A `version` that is not a whole number from 1 is refused with a `C2cError`
   * whose code is `invalid_options`, and nothing is sent.
   */
  async update(id: string, version: number, patch: HandoverUpdate, opts?: RequestOptions): Promise<Handover> {
    return this.#t.request({
      method: 'PATCH',
      path: `/v1/handovers/${seg(id)}`,
      route: '/v1/handovers/:id',
      body: patch,
      headers: ifMatch('/v1/handovers/:id', version),
      schema: View,
      conflictSchema: View,
      options: opts,
    });
  }

  /**
   * Submits a draft to the receiving organisation. The hub checks the answers against the template first
   * (a `ValidationError` lists what is missing). Pass `version` to refuse to submit if it changed meanwhile (a
   * whole number from 1, as for `update`).
   */
  async submit(id: string, opts?: RequestOptions & { version?: number | undefined }): Promise<Handover> {
    return this.#t.request({
      method: 'POST',
      path: `/v1/handovers/${seg(id)}/submit`,
      route: '/v1/handovers/:id/submit',
      headers: opts?.version !== undefined ? ifMatch('/v1/handovers/:id/submit', opts.version) : undefined,
      schema: HandoverSchema,
      conflictSchema: View,
      options: opts,
    });
  }

  /**
   * Confirms receipt (receiving staff), with an optional message back to the sender. Pass `version`, the version
   * the receiving school read, so that an acknowledgement never stands for a copy the sender changed meanwhile:
   * the hub then answers with a `ConflictError` whose `current` is the copy to read again. Messages sent since (a
   * question to the sender, their reply) change nothing the school read, so they never cause that conflict.
   *
   * @example
   * ```ts
   * const h = await client.handovers.get('hnd-123');
   * await client.handovers.acknowledge(h.id, { message: 'Thank you.' }, { version: h.version });
   * ```
   */
  async acknowledge(
    id: string,
    input: { message?: string | undefined } = {},
    opts?: RequestOptions & { version?: number | undefined },
  ): Promise<Handover> {
    const body = input.message === undefined ? {} : { message: input.message };
    return this.#t.request({
      method: 'POST',
      path: `/v1/handovers/${seg(id)}/acknowledge`,
      route: '/v1/handovers/:id/acknowledge',
      headers: opts?.version !== undefined ? ifMatch('/v1/handovers/:id/acknowledge', opts.version) : undefined,
      body,
      schema: HandoverSchema,
      conflictSchema: View,
      options: opts,
    });
  }

  /**
   * Confirms that the child-protection file has arrived (the receiving school's DSL only; KCSIE). The hub records
   * who confirmed it and when. Give `method` only where the sending DSL recorded none. Taken once the handover is
   * submitted, and after it is acknowledged too, as the file often arrives later.
   *
   * @example
   * ```ts
   * const h = await dslClient.handovers.confirmSafeguardingReceipt('hnd-123');
   * h.safeguarding?.transfer?.receiptConfirmedAt; // now
   * ```
   */
  confirmSafeguardingReceipt(
    id: string,
    input: { method?: SafeguardingTransferMethod | undefined } = {},
    opts?: RequestOptions,
  ): Promise<Handover> {
    return this.#t.request({
      method: 'POST',
      path: `/v1/handovers/${seg(id)}/safeguarding-receipt`,
      route: '/v1/handovers/:id/safeguarding-receipt',
      body: input.method === undefined ? {} : { method: input.method },
      schema: HandoverSchema,
      options: opts,
    });
  }

  /** Adds a message to the handover's conversation between the two organisations. */
  addMessage(id: string, body: string, opts?: RequestOptions): Promise<Handover> {
    return this.#t.request({
      method: 'POST',
      path: `/v1/handovers/${seg(id)}/messages`,
      route: '/v1/handovers/:id/messages',
      body: { body },
      schema: View,
      options: opts,
    });
  }

  /** Every saved version of the handover, oldest first. */
  async versions(id: string, opts?: RequestOptions): Promise<HandoverVersion[]> {
    const res = await this.#t.request({
      method: 'GET',
      path: `/v1/handovers/${seg(id)}/versions`,
      route: '/v1/handovers/:id/versions',
      schema: VersionList,
      options: opts,
    });
    return fromResponse(res, res.data);
  }
}

/** True when the hub sent the parent's view of a handover (learner names only, parent sections only). */
export function isParentView(handover: HandoverView): handover is ParentHandover {
  return !('dateOfBirth' in handover.learner);
}
