/**
 * Vultr list pagination: `per_page` (1–500) and `cursor` in the query; the body's
 * `meta.links.next` is the cursor of the next page (empty on the last).
 */
import { listMember } from '../payload.js';
import { InvalidArgumentError } from '../errors/index.js';
import { paginate } from '../pagination.js';
import type { Connection, QueryParams } from '../../connection/connection.js';

/** The largest `per_page` Vultr accepts. */
export const VULTR_MAX_PER_PAGE = 500;

/** The `meta` member of a Vultr list body. */
export interface VultrMeta {
  /** Number of items on all pages. */
  total?: number;
  /** Cursors of the neighbouring pages; an empty `next` means this is the last page. */
  links?: {
    /** Cursor of the next page (pass as `cursor`). */
    next?: string;
    /** Cursor of the previous page. */
    prev?: string;
  };
}

/** Options of {@link iterateVultr}. */
export interface VultrPageOptions {
  /** Extra query parameters (filters). */
  params?: QueryParams;
  /** Items per page, 1–500 (default 500: fewest round trips). */
  perPage?: number;
  /** Passed to every page request: aborting it stops the listing. */
  signal?: AbortSignal;
}

/**
 * Iterates over every item under `key` of a cursor-paged Vultr listing, fetching
 * pages lazily.
 *
 * @example
 * ```ts
 * for await (const i of iterateVultr<InstanceJson>(conn, '/instances', 'instances')) console.log(i.label);
 * ```
 */
export function iterateVultr<T>(connection: Connection, action: string, key: string, options: VultrPageOptions = {}): AsyncGenerator<T, void, undefined> {
  const perPage = options.perPage ?? VULTR_MAX_PER_PAGE;
  if (!Number.isInteger(perPage) || perPage < 1 || perPage > VULTR_MAX_PER_PAGE) {
    throw new InvalidArgumentError(`perPage must be an integer from 1 to ${VULTR_MAX_PER_PAGE} (got ${String(perPage)})`, {
      option: 'perPage',
    });
  }
  return paginate<T, string>(undefined, async (cursor) => {
    const res = await connection.request<Record<string, unknown>>(action, {
      params: { ...(options.params ?? {}), per_page: perPage, cursor },
      ...(options.signal ? { signal: options.signal } : {}),
    });
    const body = res.object;
    const items = listMember<T>(body, key, { provider: 'vultr', what: `${action} page` });
    const next = (body.meta as VultrMeta | undefined)?.links?.next;
    return { items, next: typeof next === 'string' && next !== '' ? next : undefined };
  });
}
