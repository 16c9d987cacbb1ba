/**
 * LinodeConnection: bearer-token auth against `https://api.linode.com/v4`, shared by
 * the Linode compute, DNS and NodeBalancer drivers.
 */
import type { ConnectionOptions } from '../../connection/connection.js';
import type { ResponseClass } from '../../connection/response.js';
import { BearerTokenConnection } from '../bearer-token-connection.js';
import { LinodeResponse } from './response.js';

/** The API host. */
export const LINODE_HOST = 'api.linode.com';
/** The API version prefix every action gets. */
export const LINODE_API_PREFIX = '/v4';

/**
 * A connection to the Linode API v4. Actions are relative to `/v4`
 * (`'/linode/instances'` → `https://api.linode.com/v4/linode/instances`); the token
 * goes in `Authorization: Bearer` (to this API's host only; see
 * {@link BearerTokenConnection}) and is redacted from every error and debug line.
 *
 * @example
 * ```ts
 * const conn = new LinodeConnection(process.env.LINODE_TOKEN!);
 * const res = await conn.request<{ username: string }>('/profile');
 * ```
 */
export class LinodeConnection extends BearerTokenConnection {
  /** `LinodeResponse`: reads Linode's JSON error body. */
  protected override responseCls: ResponseClass = LinodeResponse;

  constructor(token: string, options: ConnectionOptions = {}) {
    super(token, { host: LINODE_HOST, prefix: LINODE_API_PREFIX }, options);
  }
}
