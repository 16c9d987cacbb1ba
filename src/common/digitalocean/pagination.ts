/**
 * DigitalOcean list pagination: `page` and `per_page` (1–200) in the query,
 * `links.pages.next` in the body while more pages exist.
 */
import { listMember } from '../payload.js';
import { InvalidArgumentError } from '../errors/index.js';
import { paginate } from '../pagination.js';
import type { Connection, QueryParams } from '../../connection/connection.js';

/** The largest `per_page` DigitalOcean accepts. */
export const DIGITALOCEAN_MAX_PER_PAGE = 200;

/** The `links` member of a DigitalOcean list body. */
export interface DigitalOceanLinks {
  /** Page URLs; `next` is absent on the last page. */
  pages?: {
    /** URL of the first page. */
    first?: string;
    /** URL of the previous page. */
    prev?: string;
    /** URL of the next page. */
    next?: string;
    /** URL of the last page. */
    last?: string;
  };
}

/** Options of {@link iterateDigitalOcean}. */
export interface DigitalOceanPageOptions {
  /** Extra query parameters (filters such as `type`, `private`, `tag_name`). */
  params?: QueryParams;
  /** Items per page, 1–200 (default 200: fewest round trips). */
  perPage?: number;
  /** Passed to every page request: aborting it stops the listing. */
  signal?: AbortSignal;
}

/**
 * The page number `links.pages.next` points to, or undefined on the last page. Only
 * the number is taken from the link: the request itself goes to the connection's own
 * endpoint, so a `host`/`url` override is never bypassed by an absolute link.
 */
export function nextPageNumber(links: DigitalOceanLinks | undefined): number | undefined {
  const next = links?.pages?.next;
  if (typeof next !== 'string' || next === '') return undefined;
  let page: string | null;
  try {
    page = new URL(next, 'https://placeholder.invalid').searchParams.get('page');
  } catch {
    return undefined;
  }
  const n = page === null ? NaN : Number(page);
  return Number.isInteger(n) && n > 0 ? n : undefined;
}

/**
 * Iterates over every item under `key` of a paged DigitalOcean listing, fetching
 * pages lazily.
 *
 * @example
 * ```ts
 * for await (const d of iterateDigitalOcean<DropletJson>(conn, '/droplets', 'droplets')) console.log(d.name);
 * ```
 */
export function iterateDigitalOcean<T>(
  connection: Connection,
  action: string,
  key: string,
  options: DigitalOceanPageOptions = {},
): AsyncGenerator<T, void, undefined> {
  const perPage = options.perPage ?? DIGITALOCEAN_MAX_PER_PAGE;
  if (!Number.isInteger(perPage) || perPage < 1 || perPage > DIGITALOCEAN_MAX_PER_PAGE) {
    throw new InvalidArgumentError(`perPage must be an integer from 1 to ${DIGITALOCEAN_MAX_PER_PAGE} (got ${String(perPage)})`, {
      option: 'perPage',
    });
  }
  return paginate<T, number>(1, async (page) => {
    const res = await connection.request<Record<string, unknown>>(action, {
      params: { ...(options.params ?? {}), page: page ?? 1, per_page: perPage },
      ...(options.signal ? { signal: options.signal } : {}),
    });
    const body = res.object;
    return {
      items: listMember<T>(body, key, { provider: 'digitalocean', what: `${action} page` }),
      next: nextPageNumber(body.links as DigitalOceanLinks | undefined),
    };
  });
}
