import { AuditEntrySchema, pageOf, type AuditEntry } from '@c2c/schema';
import type { RequestOptions, Transport } from '../client.js';
import type { PagePromise } from '../pagination.js';
import { listPages } from '../internal/list.js';

const AuditPage = pageOf(AuditEntrySchema);

/** Filters for {@link AuditResource.list}. */
export interface AuditListParams {
  /** Only entries about this learner: who read or changed their records. */
  learnerId?: string | undefined;
  /** Only entries made by this user. */
  userId?: string | undefined;
  /** Items per page, 1 to 100 (default 20). */
  limit?: number | undefined;
  /** Start from this cursor (a page's `nextCursor`) instead of the first page. */
  cursor?: string | undefined;
}

/** The append-only audit log of your organisation (admins only): who read or changed which learner's record. */
export class AuditResource {
  #t: Transport;

  /** @internal */
  constructor(transport: Transport) {
    this.#t = transport;
  }

  /** Audit entries, newest first. Await for the first page or iterate for all. Needs the `admin` role. */
  list(params: AuditListParams = {}, opts?: RequestOptions): PagePromise<AuditEntry> {
    return listPages(this.#t, { path: '/v1/audit', schema: AuditPage }, params, opts);
  }
}
