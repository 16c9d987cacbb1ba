/**
 * The one cursor paginator: every paged `list*` in nubes has an `iterate*` twin built on
 * {@link paginate}, whatever the provider's cursor is — a page token (Google
 * `nextPageToken`), a next link (Azure `nextLink`, DigitalOcean `links.pages.next`), an
 * AWS `NextToken`/`Marker`, an OpenStack `marker` or a page number.
 */
import { AbortError, InvalidArgumentError, PaginationError } from './errors/index.js';
import { throwIfCallEnded } from '../connection/call-context.js';

/** One page of results and how to get the next. */
export interface Page<T, C> {
  /** The items of this page. */
  items: readonly T[];
  /** The cursor of the next page, or undefined (or null) on the last page. */
  next: C | undefined | null;
}

/** Options of {@link paginate}. */
export interface PaginateOptions {
  /**
   * The most pages to fetch; one more is a {@link PaginationError}. Default: unlimited.
   * A budget for callers who would rather fail than walk a runaway listing.
   */
  maxPages?: number;
  /** What is listed, for error messages (`'DigitalOcean droplets'`). */
  what?: string;
  /** The provider, carried on errors. */
  provider?: string;
  /** Stops the iteration between pages with an {@link AbortError}. */
  signal?: AbortSignal;
}

function cursorKey(cursor: unknown): unknown {
  return typeof cursor === 'object' && cursor !== null ? JSON.stringify(cursor) : cursor;
}

/**
 * Iterates over every item of a paged listing, fetching pages lazily (the next page is
 * asked for only when the caller has consumed this one; breaking out of `for await`
 * fetches nothing more).
 *
 * A provider that hands back a cursor it already gave would make a naive loop run
 * forever: here it is a {@link PaginationError} naming the listing, raised after the
 * items of the page that carried it.
 *
 * @param first The cursor of the first page (`undefined` when the first request has none).
 * @param fetchPage Fetches the page at `cursor`; returns its items and the next cursor.
 * @throws {PaginationError} on a repeated cursor, or past `maxPages`.
 * @throws {AbortError} when `signal` fires between pages.
 * @example
 * ```ts
 * import { paginate, type Connection } from 'nubes';
 *
 * // A Google-style page token: the cursor is the token itself.
 * function iterateThings(connection: Connection): AsyncGenerator<string, void, undefined> {
 *   return paginate<string, string>(undefined, async (pageToken) => {
 *     const res = await connection.request<{ items?: string[]; nextPageToken?: string }>('/things', {
 *       params: pageToken === undefined ? {} : { pageToken },
 *     });
 *     return { items: res.object.items ?? [], next: res.object.nextPageToken };
 *   }, { what: 'things' });
 * }
 * ```
 */
export async function* paginate<T, C>(
  first: C | undefined,
  fetchPage: (cursor: C | undefined) => Promise<Page<T, C>>,
  options: PaginateOptions = {},
): AsyncGenerator<T, void, undefined> {
  const { maxPages, what = 'listing', provider, signal } = options;
  if (maxPages !== undefined && (!Number.isInteger(maxPages) || maxPages < 1)) {
    throw new InvalidArgumentError(`maxPages must be a positive integer (got ${String(maxPages)})`, { option: 'maxPages' });
  }
  let cursor = first;
  const seen = new Set<unknown>();
  if (first !== undefined && first !== null) seen.add(cursorKey(first));
  for (let pages = 1; ; pages++) {
    if (signal?.aborted) throw new AbortError(`${what}: aborted between pages`, { cause: signal.reason, provider });
    // The driver call this listing belongs to (`iterateNodes({ signal, timeout })`): its
    // requests are ended by Connection.request; here no further page is even asked for.
    throwIfCallEnded();
    const page = await fetchPage(cursor);
    yield* page.items;
    if (page.next === undefined || page.next === null) return;
    const key = cursorKey(page.next);
    if (seen.has(key)) {
      throw new PaginationError(`${what}: the provider returned the same page cursor twice (after ${pages} pages); stopping instead of looping forever`, { provider });
    }
    if (maxPages !== undefined && pages >= maxPages) {
      throw new PaginationError(`${what}: more than maxPages (${maxPages}) pages; raise maxPages or narrow the listing`, { provider });
    }
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
