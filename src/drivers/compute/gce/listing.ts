/**
 * Compute Engine listings through the common cursor paginator: plain lists
 * (`{items, nextPageToken}`) and aggregated lists (one entry per zone or region), where
 * empty scopes carry a `NO_RESULTS_ON_PAGE` warning (ignored) and scopes that did not
 * answer are listed in `unreachables` (reported: the result is partial, not complete).
 * https://cloud.google.com/compute/docs/reference/rest/v1/instances/aggregatedList
 */
import { paginate } from '../../../common/pagination.js';
import type { QueryParams } from '../../../connection/connection.js';
import type { GceConnection } from './connection.js';
import type { AggregatedListJson, GcePartialResultWarning, ListJson, WarningJson } from './types.js';

/** Receives the partial-result warnings of a listing. */
export type GceWarningHandler = (warning: GcePartialResultWarning) => void;

/** Warnings that say nothing is missing. */
const HARMLESS = new Set(['NO_RESULTS_ON_PAGE']);

/** Up to 500 items a page, the API's maximum. */
const PAGE_SIZE = 500;

function report(onWarning: GceWarningHandler, warning: WarningJson | undefined, scope: string | undefined, listing: string): void {
  if (warning === undefined || warning.code === undefined || HARMLESS.has(warning.code)) return;
  const scopeFromData = warning.data?.find((d) => d.key === 'scope')?.value;
  const where = scope ?? scopeFromData;
  onWarning({ code: warning.code, scope: where, message: warning.message ?? `${warning.code}${where ? ` in ${where}` : ''}`, listing });
}

/** Every item of a plain list, page after page. */
export function iterateList<T>(
  connection: GceConnection,
  path: string,
  listing: string,
  onWarning: GceWarningHandler,
  options: { params?: QueryParams; signal?: AbortSignal | undefined } = {},
): AsyncGenerator<T, void, undefined> {
  return paginate<T, string>(
    undefined,
    async (pageToken) => {
      const res = await connection.request<ListJson<T>>(path, {
        params: { maxResults: PAGE_SIZE, ...options.params, pageToken },
        ...(options.signal ? { signal: options.signal } : {}),
      });
      const page = res.object ?? {};
      report(onWarning, page.warning, undefined, listing);
      return { items: page.items ?? [], next: page.nextPageToken || undefined };
    },
    { what: `GCE ${listing}`, provider: 'gce', ...(options.signal ? { signal: options.signal } : {}) },
  );
}

/**
 * Every item of an aggregated list (`aggregated/{resource}`), across every zone or
 * region, with `returnPartialSuccess=true`: an unreachable zone does not fail the whole
 * listing, it is reported to `onWarning` with the code `UNREACHABLE`.
 */
export function iterateAggregated<K extends string, T>(
  connection: GceConnection,
  project: string,
  resource: string,
  key: K,
  onWarning: GceWarningHandler,
  options: { params?: QueryParams; signal?: AbortSignal | undefined } = {},
): AsyncGenerator<T, void, undefined> {
  const path = `/compute/v1/projects/${encodeURIComponent(project)}/aggregated/${resource}`;
  return paginate<T, string>(
    undefined,
    async (pageToken) => {
      const res = await connection.request<AggregatedListJson<K, T>>(path, {
        params: { maxResults: PAGE_SIZE, returnPartialSuccess: true, ...options.params, pageToken },
        ...(options.signal ? { signal: options.signal } : {}),
      });
      const page = res.object ?? {};
      const items: T[] = [];
      for (const [scope, entry] of Object.entries(page.items ?? {})) {
        const list = entry?.[key];
        if (Array.isArray(list)) items.push(...list);
        report(onWarning, entry?.warning, scope, resource);
      }
      report(onWarning, page.warning, undefined, resource);
      for (const scope of page.unreachables ?? []) {
        onWarning({ code: 'UNREACHABLE', scope, message: `${scope} did not answer: the ${resource} listing is missing its items`, listing: resource });
      }
      return { items, next: page.nextPageToken || undefined };
    },
    { what: `GCE aggregated ${resource}`, provider: 'gce', ...(options.signal ? { signal: options.signal } : {}) },
  );
}

/** The default warning handler: a process warning (visible, never silently dropped). */
export function emitProcessWarning(warning: GcePartialResultWarning): void {
  process.emitWarning(`GCE ${warning.listing}: ${warning.message}`, { code: 'NUBES_GCE_PARTIAL_RESULT', detail: `code ${warning.code}${warning.scope ? `, scope ${warning.scope}` : ''}` });
}
