/**
 * Linode list pagination: `page` and `page_size` (25–500) in the query; the body says
 * `page`, `pages` and `results`.
 */
import { listMember } from '../payload.js';
import { InvalidArgumentError } from '../errors/index.js';
import { paginate } from '../pagination.js';
import type { Connection, QueryParams } from '../../connection/connection.js';

/** The smallest and largest `page_size` Linode accepts. */
export const LINODE_MIN_PAGE_SIZE = 25;
/** The largest `page_size` Linode accepts. */
export const LINODE_MAX_PAGE_SIZE = 500;

/** A Linode list body. */
export interface LinodePage<T> {
  /** The items of this page. */
  data: T[];
  /** This page's number, from 1. */
  page: number;
  /** Number of pages. */
  pages: number;
  /** Number of items on all pages. */
  results: number;
}

/** Options of {@link iterateLinode}. */
export interface LinodePageOptions {
  /** Extra query parameters. */
  params?: QueryParams;
  /** Items per page, 25–500 (default 500: fewest round trips). */
  pageSize?: number;
  /** Headers for every page request (e.g. `X-Filter`). */
  headers?: Record<string, string>;
  /** Passed to every page request: aborting it stops the listing. */
  signal?: AbortSignal;
}

/**
 * Iterates over every item (`data`) of a paged Linode listing, fetching pages lazily
 * until `page` reaches `pages`.
 *
 * @example
 * ```ts
 * for await (const l of iterateLinode<LinodeJson>(conn, '/linode/instances')) console.log(l.label);
 * ```
 */
export function iterateLinode<T>(connection: Connection, action: string, options: LinodePageOptions = {}): AsyncGenerator<T, void, undefined> {
  const pageSize = options.pageSize ?? LINODE_MAX_PAGE_SIZE;
  if (!Number.isInteger(pageSize) || pageSize < LINODE_MIN_PAGE_SIZE || pageSize > LINODE_MAX_PAGE_SIZE) {
    throw new InvalidArgumentError(
      `pageSize must be an integer from ${LINODE_MIN_PAGE_SIZE} to ${LINODE_MAX_PAGE_SIZE} (got ${String(pageSize)})`,
      { option: 'pageSize' },
    );
  }
  return paginate<T, number>(1, async (cursor) => {
    const requested = cursor ?? 1;
    const res = await connection.request<Partial<LinodePage<T>>>(action, {
      params: { ...(options.params ?? {}), page: requested, page_size: pageSize },
      ...(options.headers ? { headers: options.headers } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
    const body = res.object;
    const data = listMember<T>(body, 'data', { provider: 'linode', what: `${action} page` });
    const page = typeof body.page === 'number' ? body.page : requested;
    const pages = typeof body.pages === 'number' ? body.pages : page;
    return { items: data, next: page < pages ? page + 1 : undefined };
  });
}
