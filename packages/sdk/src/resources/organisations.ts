import { OrganisationSchema, pageOf, type Organisation } from '@c2c/schema';
import type { RequestOptions, Transport } from '../client.js';
import { PagePromise } from '../pagination.js';
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
    return new PagePromise((cursor) =>
      this.#t.request({
        method: 'GET',
        path: '/v1/organisations',
        query: { ...params, cursor: cursor ?? params.cursor },
        schema: OrganisationPage,
        options: opts,
      }),
    );
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
}
