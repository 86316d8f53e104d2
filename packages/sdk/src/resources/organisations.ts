import {
  OrganisationRetentionSchema,
  OrganisationSchema,
  pageOf,
  type Organisation,
  type OrganisationRetention,
  type RetentionUpdate,
} from '@c2c/schema';
import type { RequestOptions, Transport } from '../client.js';
import type { PagePromise } from '../pagination.js';
import { listPages } from '../internal/list.js';
import { seg } from '../internal/path.js';

const OrganisationPage = pageOf(OrganisationSchema);

/** Paging for {@link OrganisationsResource.list}. */
export interface OrganisationListParams {
  /** Items per page, 1 to 100 (default 20). */
  limit?: number | undefined;
  /** Start from this cursor (a page's `nextCursor`) instead of the first page. */
  cursor?: string | undefined;
}

/** Schools, settings and services known to the hub, for choosing a receiving organisation. */
export class OrganisationsResource {
  #t: Transport;

  /** @internal */
  constructor(transport: Transport) {
    this.#t = transport;
  }

  /** Every organisation. Await for the first page or iterate for all. */
  list(params: OrganisationListParams = {}, opts?: RequestOptions): PagePromise<Organisation> {
    return listPages(this.#t, { path: '/v1/organisations', schema: OrganisationPage }, params, opts);
  }

  /** One organisation. */
  get(id: string, opts?: RequestOptions): Promise<Organisation> {
    return this.#t.request({
      method: 'GET',
      path: `/v1/organisations/${seg(id)}`,
      route: '/v1/organisations/:id',
      schema: OrganisationSchema,
      options: opts,
    });
  }

  /**
   * How long the hub keeps the organisation's records: the periods in force and those it chose. For the
   * administrator or DSL of that organisation; anyone else gets a `ForbiddenError`.
   */
  retention(id: string, opts?: RequestOptions): Promise<OrganisationRetention> {
    return this.#t.request({
      method: 'GET',
      path: `/v1/organisations/${seg(id)}/retention`,
      route: '/v1/organisations/:id/retention',
      schema: OrganisationRetentionSchema,
      options: opts,
    });
  }

  /**
   * Sets the organisation's own retention periods (its administrator only). A number sets a period, `null` goes
   * back to the hub's default, and a period left out stays as it is. The hub refuses a learner period under 18
   * years or a draft period under 30 days with a `ValidationError`.
   *
   * @example
   * ```ts
   * // A trust that keeps child-protection records for 50 years.
   * const { effective } = await hub.organisations.updateRetention('pri-millbrook', { learnerYears: 50 });
   * ```
   */
  updateRetention(id: string, update: RetentionUpdate, opts?: RequestOptions): Promise<OrganisationRetention> {
    return this.#t.request({
      method: 'PATCH',
      path: `/v1/organisations/${seg(id)}/retention`,
      route: '/v1/organisations/:id/retention',
      body: update,
      schema: OrganisationRetentionSchema,
      options: opts,
    });
  }
}
