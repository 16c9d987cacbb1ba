/**
 * VultrConnection: bearer-token auth against `https://api.vultr.com/v2`, shared by the
 * Vultr compute, DNS and load-balancer drivers.
 */
import type { ConnectionOptions } from '../../connection/connection.js';
import type { ResponseClass } from '../../connection/response.js';
import { BearerTokenConnection } from '../bearer-token-connection.js';
import { VultrResponse } from './response.js';

/** The API host. */
export const VULTR_HOST = 'api.vultr.com';
/** The API version prefix every action gets. */
export const VULTR_API_PREFIX = '/v2';

/**
 * A connection to the Vultr API v2. Actions are relative to `/v2`
 * (`'/instances'` → `https://api.vultr.com/v2/instances`); the API key goes in
 * `Authorization: Bearer` (to this API's host only; see
 * {@link BearerTokenConnection}) and is redacted from every error and debug line.
 *
 * @example
 * ```ts
 * const conn = new VultrConnection(process.env.VULTR_API_KEY!);
 * const res = await conn.request<{ account: { email: string } }>('/account');
 * ```
 */
export class VultrConnection extends BearerTokenConnection {
  /** `VultrResponse`: reads Vultr's JSON error body. */
  protected override responseCls: ResponseClass = VultrResponse;

  constructor(token: string, options: ConnectionOptions = {}) {
    super(token, { host: VULTR_HOST, prefix: VULTR_API_PREFIX }, options);
  }
}
