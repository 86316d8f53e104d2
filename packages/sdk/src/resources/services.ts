import * as z from 'zod/mini';
import {
  ServiceSchema,
  TaxonomyTermSchema,
  pageOf,
  type Service,
  type ServiceQuery,
  type TaxonomyTerm,
} from '@c2c/schema';
import type { RequestOptions, Transport } from '../client.js';
import { fromResponse } from '../client.js';
import type { PagePromise } from '../pagination.js';
import { listPages } from '../internal/list.js';
import { seg } from '../internal/path.js';

/** A search result: a service and, when the query gave `lat`/`lng`, its distance in kilometres. */
export const ServiceHitSchema = z.extend(ServiceSchema, {
  /** Kilometres from the query's `lat`/`lng` to the nearest venue; absent without a location or venue coordinates. */
  distanceKm: z.optional(z.number()),
});
/** A search result: a service and, when the query gave `lat`/`lng`, its distance in kilometres. */
export type ServiceHit = z.infer<typeof ServiceHitSchema>;

/** A page of hits. Internal. */
export const HitPage = pageOf(ServiceHitSchema);
const TermList = z.object({ data: z.array(TaxonomyTermSchema) });

/** The public service directory: search, details and the taxonomy. Needs no token. */
export class ServicesResource {
  #t: Transport;

  /** @internal */
  constructor(transport: Transport) {
    this.#t = transport;
  }

  /**
   * Searches the directory. Await for the first page, or iterate for every matching service:
   * `for await (const s of client.services.search({ q: 'speech', age: 7 })) { ... }`.
   * Results are sorted by distance when `lat` and `lng` are given, otherwise by relevance then name.
   */
  search(query: ServiceQuery = {}, opts?: RequestOptions): PagePromise<ServiceHit> {
    return listPages(
      this.#t,
      { path: '/v1/services', route: '/v1/services', auth: false, schema: HitPage },
      query,
      opts,
    );
  }

  /** One service by id. Throws `NotFoundError` when there is none. */
  get(id: string, opts?: RequestOptions): Promise<Service> {
    return this.#t.request({
      method: 'GET',
      path: `/v1/services/${seg(id)}`,
      route: '/v1/services/:id',
      auth: false,
      schema: ServiceSchema,
      options: opts,
    });
  }

  /** Every taxonomy term the directory uses, for a category filter. */
  async taxonomies(opts?: RequestOptions): Promise<TaxonomyTerm[]> {
    const res = await this.#t.request({
      method: 'GET',
      path: '/v1/taxonomies',
      auth: false,
      schema: TermList,
      options: opts,
    });
    return fromResponse(res, res.data);
  }
}
