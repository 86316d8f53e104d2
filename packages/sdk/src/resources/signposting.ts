import * as z from 'zod/mini';
import { SignpostingSchema, pageOf, type Signposting, type SignpostingCreate } from '@c2c/schema';
import type { RequestOptions, Transport } from '../client.js';
import type { PagePromise } from '../pagination.js';
import { listPages } from '../internal/list.js';
import { seg } from '../internal/path.js';

const SignpostingPage = pageOf(SignpostingSchema);

/** Filters for {@link SignpostingResource.list}. */
export interface SignpostingListParams {
  /** Only records about this learner. */
  learnerId?: string | undefined;
  /** Items per page, 1 to 100 (default 20). */
  limit?: number | undefined;
  /** Start from this cursor (a page's `nextCursor`) instead of the first page. */
  cursor?: string | undefined;
}

/** Records of families signposted or referred to services, with the consent given. */
export class SignpostingResource {
  #t: Transport;

  /** @internal */
  constructor(transport: Transport) {
    this.#t = transport;
  }

  /** Records that a family was signposted or referred. A referral needs consent. Sends an `Idempotency-Key`. */
  create(input: SignpostingCreate, opts?: RequestOptions): Promise<Signposting> {
    return this.#t.request({
      method: 'POST',
      path: '/v1/signposting',
      body: input,
      schema: SignpostingSchema,
      options: opts,
    });
  }

  /**
   * Deletes one of your organisation's records, as when the family withdraws the consent it rests on. Audited.
   * A record that is gone (or another organisation's) rejects with `NotFoundError`.
   */
  delete(id: string, opts?: RequestOptions): Promise<void> {
    return this.#t.request({
      method: 'DELETE',
      path: `/v1/signposting/${seg(id)}`,
      route: '/v1/signposting/:id',
      schema: z.undefined(),
      options: opts,
    });
  }

  /** Your organisation's records. Await for the first page or iterate for all. */
  list(params: SignpostingListParams = {}, opts?: RequestOptions): PagePromise<Signposting> {
    return listPages(this.#t, { path: '/v1/signposting', schema: SignpostingPage }, params, opts);
  }
}
