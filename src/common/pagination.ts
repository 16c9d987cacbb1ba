/**
 * Async-iterator helpers: every paged `list*` has an `iterate*` twin built on these.
 */

/** One page of results and how to get the next. */
export interface Page<T, C> {
  /** The items of this page. */
  items: readonly T[];
  /** The cursor of the next page, or undefined on the last page. */
  next: C | undefined;
}

/**
 * Iterates over every item of a paged listing, fetching pages lazily.
 *
 * @example
 * ```ts
 * import { paginate, type Connection } from 'nubes';
 *
 * function iterateThings(connection: Connection): AsyncGenerator<string, void, undefined> {
 *   return paginate<string, number>(undefined, async (cursor) => {
 *     const page = cursor ?? 1;
 *     const res = await connection.request<{ things: string[]; links?: { next?: string } }>('/things', { params: { page } });
 *     return { items: res.object.things, next: res.object.links?.next ? page + 1 : undefined };
 *   });
 * }
 * ```
 */
export async function* paginate<T, C>(first: C | undefined, fetchPage: (cursor: C | undefined) => Promise<Page<T, C>>): AsyncGenerator<T, void, undefined> {
  let cursor = first;
  const seen = new Set<unknown>();
  for (;;) {
    const page = await fetchPage(cursor);
    yield* page.items;
    if (page.next === undefined || page.next === null) return;
    // A provider that returns the same cursor twice would loop forever.
    const key = typeof page.next === 'object' ? JSON.stringify(page.next) : page.next;
    if (seen.has(key)) return;
    seen.add(key);
    cursor = page.next;
  }
}

/** Collects an async iterable into an array. */
export async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}
