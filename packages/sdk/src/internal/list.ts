import type { Page } from '@c2c/schema';
import type { RequestOptions, RequestSpec, Transport } from '../client.js';
import { PagePromise } from '../pagination.js';

type QueryValue = NonNullable<RequestSpec<unknown>['query']>[string];
/**
 * The query of a list call: its filters, and the cursor a caller may start from. Written as a mapped type so the
 * resources' parameter interfaces (which have no index signature) fit it.
 */
type ListQuery<Q> = { [K in keyof Q]: QueryValue } & { cursor?: string | undefined };

/**
 * A `GET` list endpoint as a {@link PagePromise}. Each page is asked for with the filters and the cursor it is at.
 * The first is at the caller's own `cursor` when they gave one, and that cursor counts as already read, so a hub
 * handing it back as `nextCursor` ends the list instead of repeating its first page.
 */
export function listPages<T, Q extends ListQuery<Q>>(
  transport: Transport,
  spec: Omit<RequestSpec<Page<T>>, 'method' | 'query' | 'options'>,
  query: Q,
  opts: RequestOptions | undefined,
): PagePromise<T> {
  return new PagePromise(
    (cursor) =>
      transport.request({ ...spec, method: 'GET', query: { ...query, cursor: cursor ?? query.cursor }, options: opts }),
    query.cursor,
  );
}
