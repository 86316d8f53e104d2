import { UserSchema, pageOf, type User, type UserCreate, type UserUpdate } from '@c2c/schema';
import type { RequestOptions, Transport } from '../client.js';
import type { PagePromise } from '../pagination.js';
import { listPages } from '../internal/list.js';
import { seg } from '../internal/path.js';

const UserPage = pageOf(UserSchema);

/** Paging for {@link UsersResource.list}. */
export interface UserListParams {
  /** Items per page, 1 to 100 (default 20). */
  limit?: number | undefined;
  /** Start from this cursor (a page's `nextCursor`) instead of the first page. */
  cursor?: string | undefined;
}

/**
 * The people of your organisation and their roles (admins only). Give someone a token with `POST /v1/tokens`
 * after adding them, except a DSL: their access to safeguarding records is personal, so the hub's operator issues
 * their first session (`c2c-hub create-token`) and they renew it themselves. Disabling someone, or making them a
 * DSL, ends every token they hold at once.
 */
export class UsersResource {
  #t: Transport;

  /** @internal */
  constructor(transport: Transport) {
    this.#t = transport;
  }

  /** Your organisation's people, by id. Await for the first page or iterate for all. */
  list(params: UserListParams = {}, opts?: RequestOptions): PagePromise<User> {
    return listPages(this.#t, { path: '/v1/users', schema: UserPage }, params, opts);
  }

  /**
   * Adds someone to your organisation with a role. A parent or carer is linked to learners of your organisation
   * with `learnerIds`. Retried safely: the request carries an idempotency key.
   */
  create(input: UserCreate, opts?: RequestOptions): Promise<User> {
    return this.#t.request({ method: 'POST', path: '/v1/users', body: input, schema: UserSchema, options: opts });
  }

  /** Changes someone's name, email, role or linked learners, or disables them (`{ disabled: true }`). */
  update(id: string, patch: UserUpdate, opts?: RequestOptions): Promise<User> {
    return this.#t.request({
      method: 'PATCH',
      path: `/v1/users/${seg(id)}`,
      route: '/v1/users/:id',
      body: patch,
      schema: UserSchema,
      options: opts,
    });
  }
}
