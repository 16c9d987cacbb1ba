/**
 * DigitalOceanConnection: bearer-token auth against `https://api.digitalocean.com/v2`,
 * shared by the DigitalOcean compute, DNS and load-balancer drivers.
 */
import type { ConnectionOptions } from '../../connection/connection.js';
import type { ResponseClass } from '../../connection/response.js';
import { BearerTokenConnection } from '../bearer-token-connection.js';
import { DigitalOceanResponse } from './response.js';

/** The API host. */
export const DIGITALOCEAN_HOST = 'api.digitalocean.com';
/** The API version prefix every action gets. */
export const DIGITALOCEAN_API_PREFIX = '/v2';

/**
 * A connection to the DigitalOcean API v2. Actions are relative to `/v2`
 * (`'/droplets'` → `https://api.digitalocean.com/v2/droplets`); the token goes in
 * `Authorization: Bearer` (to this API's host only; see
 * {@link BearerTokenConnection}) and is redacted from every error and debug line. `host`,
 * `port`, `secure` or `url` point it at a mock (give the origin; `/v2` is added).
 *
 * @example
 * ```ts
 * const conn = new DigitalOceanConnection(process.env.DIGITALOCEAN_TOKEN!);
 * const res = await conn.request<{ account: { email: string } }>('/account');
 * ```
 */
export class DigitalOceanConnection extends BearerTokenConnection {
  /** `DigitalOceanResponse`: reads DigitalOcean's JSON error body. */
  protected override responseCls: ResponseClass = DigitalOceanResponse;

  constructor(token: string, options: ConnectionOptions = {}) {
    super(token, { host: DIGITALOCEAN_HOST, prefix: DIGITALOCEAN_API_PREFIX }, options);
  }
}
