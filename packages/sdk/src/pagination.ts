import type { Page } from '@c2c/schema';
import { C2cError } from './errors.js';

export type { Page } from '@c2c/schema';

/** The most items {@link PagePromise.toArray} collects unless told otherwise. */
export const DEFAULT_TO_ARRAY_MAX = 1_000;

/**
 * The most empty pages in a row, each with a next cursor, that a list follows before it gives up (see
 * {@link PagePromise.pages}). A hub may send an empty page now and then, but one that never stops would be
 * asked for page after page for ever, each cursor new so {@link PagePromise.pages} cannot tell it is looping.
 */
export const MAX_EMPTY_PAGES = 10;

/**
 * The result of a list method. Await it for the first {@link Page} (`{ data, nextCursor }`), or iterate it
 * with `for await` to get every item of every page, the SDK fetching the next page when you reach it:
 *
 * ```ts
 * const first = await client.handovers.list({ box: 'received' });
 * for await (const handover of client.handovers.list({ box: 'received' })) { ... }
 * const all = await client.services.search({ q: 'speech' }).toArray(200);
 * ```
 *
 * Nothing is sent until you await or iterate it, so an unused list call costs nothing and can never end in an
 * unhandled rejection. The first page is fetched once and shared by `await` and every iteration; later pages
 * are fetched afresh by each iteration. To retry after the first page failed, call the list method again.
 */
export class PagePromise<T> implements Promise<Page<T>>, AsyncIterable<T> {
  #fetchPage: (cursor: string | undefined) => Promise<Page<T>>;
  #start: string | undefined;
  #first: Promise<Page<T>> | undefined;

  /**
   * @internal Resources create these; callers receive them from list methods. `fetchPage(undefined)` fetches the
   * first page, which is at `start` when the caller gave a cursor to begin from.
   */
  constructor(fetchPage: (cursor: string | undefined) => Promise<Page<T>>, start?: string | undefined) {
    this.#fetchPage = fetchPage;
    this.#start = start;
  }

  /** Makes a PagePromise usable wherever a `Promise<Page<T>>` is expected. */
  get [Symbol.toStringTag](): string {
    return 'PagePromise';
  }

  #firstPage(): Promise<Page<T>> {
    this.#first ??= this.#fetchPage(undefined);
    return this.#first;
  }

  /** Resolves to the first page. */
  then<R1 = Page<T>, R2 = never>(
    onfulfilled?: ((value: Page<T>) => R1 | PromiseLike<R1>) | null,
    onrejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    return this.#firstPage().then(onfulfilled, onrejected);
  }

  /** Handles a failure to fetch the first page. */
  catch<R = never>(onrejected?: ((reason: unknown) => R | PromiseLike<R>) | null): Promise<Page<T> | R> {
    return this.#firstPage().catch(onrejected);
  }

  /** Runs `onfinally` once the first page has arrived or failed. */
  finally(onfinally?: (() => void) | null): Promise<Page<T>> {
    return this.#firstPage().finally(onfinally);
  }

  /**
   * Every page in turn, starting with the first, until the hub says there are no more.
   *
   * @throws {@link C2cError} with code `repeated_cursor` when the hub hands back a cursor it already gave (or the
   * one the list started from), after yielding every page read so far: following it would loop for ever, and
   * ending quietly would pass off a partial list as the whole.
   * @throws {@link C2cError} with code `empty_pages` after {@link MAX_EMPTY_PAGES} empty pages in a row that each
   * point to a next page, for the same reasons: each cursor may be new, yet the list would never end.
   */
  async *pages(): AsyncGenerator<Page<T>, void, undefined> {
    let page = await this.#firstPage();
    yield page;
    // The first page's own cursor counts as seen: handing it back would fetch and yield that page again.
    const seen = new Set<string>(this.#start ? [this.#start] : []);
    let empty = 0;
    while (page.nextCursor) {
      empty = page.data.length === 0 ? empty + 1 : 0;
      if (empty >= MAX_EMPTY_PAGES)
        throw new C2cError(
          `The hub sent ${empty} empty pages in a row, each saying more would follow, so the list was stopped there: any items after them could not be read. Report this to whoever runs the hub.`,
          'empty_pages',
        );
      if (seen.has(page.nextCursor))
        throw new C2cError(
          'The hub sent a page cursor it had already sent, so the list was stopped there: the items after it could not be read. Report this to whoever runs the hub.',
          'repeated_cursor',
        );
      seen.add(page.nextCursor);
      page = await this.#fetchPage(page.nextCursor);
      yield page;
    }
  }

  /** Every item of every page. */
  async *[Symbol.asyncIterator](): AsyncGenerator<T, void, undefined> {
    for await (const page of this.pages()) yield* page.data;
  }

  /**
   * Collects items across pages into an array. With `max`, it stops at `max` items: the first `max` are what was
   * asked for. Without it, it collects up to 1 000, so that a very long list cannot exhaust memory by accident, and
   * if the list has more it throws rather than hand back the first 1 000 as if they were all: an import that
   * believed it had every learner would quietly miss the rest. Pass `Infinity` when you really mean everything.
   *
   * @param max - A whole number from 0, or `Infinity` for no cap.
   * @throws {@link C2cError} with code `invalid_options`, before anything is sent, when `max` is anything else:
   * every comparison with `NaN` is false, so a `NaN` (from `Number()` of a blank field) collected without a cap.
   * @throws {@link C2cError} with code `too_many_items` when `max` was not given and the list has more than 1 000.
   */
  async toArray(max?: number): Promise<T[]> {
    const limit = max === undefined ? DEFAULT_TO_ARRAY_MAX : max;
    if (typeof limit !== 'number' || !(Number.isInteger(limit) || limit === Infinity) || limit < 0)
      throw new C2cError(
        'toArray needs the most items to collect as a whole number from 0, or Infinity for every item.',
        'invalid_options',
      );
    const out: T[] = [];
    if (limit === 0) return out;
    for await (const item of this) {
      // Only reached without a `max`: one item past the default cap means the list is longer than the caller knew.
      if (out.length >= limit)
        throw new C2cError(
          `toArray() stopped at ${limit.toLocaleString('en-GB')} items and the list has more: pass the most you want (toArray(5000)), or Infinity for every item, or go through it with for await.`,
          'too_many_items',
        );
      out.push(item);
      if (max !== undefined && out.length >= limit) break;
    }
    return out;
  }
}
