/**
 * Small helpers shared by the token-authenticated JSON REST families
 * (`common/digitalocean`, `common/linode`, `common/vultr`).
 */
import type { ConnectionOptions } from '../connection/connection.js';

/** `options` with `host` set to the provider's API host, unless the caller chose an endpoint (`host` or `url`). */
export function withDefaultHost(options: ConnectionOptions, host: string): ConnectionOptions {
  return options.url !== undefined || options.host !== undefined ? options : { ...options, host };
}

/**
 * Prefixes a relative action with the API version once (`'/droplets'` → `'/v2/droplets'`);
 * absolute URLs and already-prefixed actions are left alone.
 */
export function prefixAction(action: string, prefix: string): string {
  if (/^https?:\/\//i.test(action)) return action;
  const path = action.startsWith('/') ? action : `/${action}`;
  return path === prefix || path.startsWith(`${prefix}/`) ? path : `${prefix}${path}`;
}

/**
 * A rate-limit reset header given as a Unix epoch second (DigitalOcean's
 * `ratelimit-reset`, Linode's `x-ratelimit-reset`) as a `Retry-After` delay in
 * seconds from `now`; undefined when absent or not a number. Values below 10^9 are
 * taken as a delay already.
 */
export function retryAfterFromReset(value: string | undefined, now: number = Date.now()): string | undefined {
  if (value === undefined || !/^\s*\d+\s*$/.test(value)) return undefined;
  const epoch = Number(value);
  if (epoch < 1_000_000_000) return String(epoch);
  return String(Math.max(0, Math.ceil(epoch - now / 1000)));
}

/**
 * The wait in seconds a response asks for: its `Retry-After` header or, for a 429
 * without one, the time until the epoch in `resetHeader` (see {@link retryAfterFromReset}).
 */
export function retryAfterOrReset(headers: Readonly<Record<string, string>>, status: number, resetHeader: string): string | undefined {
  const header = headers['retry-after'];
  if (header !== undefined && header.trim() !== '') return header;
  if (status !== 429) return undefined;
  return retryAfterFromReset(headers[resetHeader]);
}
