import { LearnerExportSchema, LearnerSchema, pageOf, type Learner, type LearnerExport } from '@c2c/schema';
import type { RequestOptions, Transport } from '../client.js';
import { PagePromise } from '../pagination.js';
import { seg } from '../internal/path.js';

const LearnerPage = pageOf(LearnerSchema);

/** A new learner: every field of {@link Learner} except `id` (the hub assigns it) and derived `upnTemporary`. */
export type LearnerCreate = Omit<Learner, 'id' | 'upnTemporary'>;

/** Filters for {@link LearnersResource.list}. */
export interface LearnerListParams {
  /**
   * Matches names and UPN. Sent in the body of `POST /v1/learners/search`, never in the URL, so what was typed
   * stays out of access logs and proxies.
   */
  q?: string | undefined;
  /** Items per page, 1 to 100 (default 20). */
  limit?: number | undefined;
  /** Start from this cursor (a page's `nextCursor`) instead of the first page. */
  cursor?: string | undefined;
}

/** Learners your organisation is responsible for (a parent sees their own children). Personal data. */
export class LearnersResource {
  #t: Transport;

  /** @internal */
  constructor(transport: Transport) {
    this.#t = transport;
  }

  /**
   * Learners the caller may see, or those matching `q`. Await for the first page or iterate for all.
   *
   * @example
   * ```ts
   * const page = await hub.learners.list({ q: 'Okafor', limit: 20 });
   * const everyone: Learner[] = [];
   * for await (const learner of hub.learners.list()) everyone.push(learner);
   * ```
   */
  list(params: LearnerListParams = {}, opts?: RequestOptions): PagePromise<Learner> {
    const { q, ...page } = params;
    return new PagePromise(
      (cursor) =>
        q === undefined || q.trim() === ''
          ? this.#t.request({
              method: 'GET',
              path: '/v1/learners',
              query: { ...page, cursor: cursor ?? page.cursor },
              schema: LearnerPage,
              options: opts,
            })
          : this.#t.request({
              method: 'POST',
              path: '/v1/learners/search',
              body: { ...page, q, cursor: cursor ?? page.cursor },
              readOnly: true,
              schema: LearnerPage,
              options: opts,
            }),
      page.cursor,
    );
  }

  /** One learner. */
  get(id: string, opts?: RequestOptions): Promise<Learner> {
    return this.#t.request({
      method: 'GET',
      path: `/v1/learners/${seg(id)}`,
      route: '/v1/learners/:id',
      schema: LearnerSchema,
      options: opts,
    });
  }

  /**
   * Everything the hub holds about one of your organisation's learners, for a subject access request: the
   * record, the handovers your school sent or received (safeguarding records only when a DSL exports), pathway
   * events, your signposting records and the audit lines about them. Administrators and DSLs only; audited.
   *
   * @example
   * ```ts
   * const bundle = await admin.learners.export('lrn-0166');
   * await writeFile('sar-lrn-0166.json', JSON.stringify(bundle, null, 2));
   * ```
   */
  export(id: string, opts?: RequestOptions): Promise<LearnerExport> {
    return this.#t.request({
      method: 'GET',
      path: `/v1/learners/${seg(id)}/export`,
      route: '/v1/learners/:id/export',
      schema: LearnerExportSchema,
      options: opts,
    });
  }

  /** Adds a learner (staff only). Sends an `Idempotency-Key`, so a retried call cannot add them twice. */
  create(input: LearnerCreate, opts?: RequestOptions): Promise<Learner> {
    return this.#t.request({ method: 'POST', path: '/v1/learners', body: input, schema: LearnerSchema, options: opts });
  }
}
