/**
 * The connection of the Swift driver: the OpenStack family's connection (Keystone v3 or
 * TempAuth, the catalog's `object-store` endpoint or TempAuth's storage URL, one new
 * token on a 401) with Swift's response class.
 */
import { OpenStackConnection, type OpenStackConnectionOptions } from '../../../common/openstack/index.js';
import type { ResponseClass } from '../../../connection/response.js';
import { SwiftResponse } from './response.js';

/**
 * A connection to Swift. Relative actions (`/container/object`) go to the account's
 * storage URL.
 *
 * @example
 * ```ts
 * import { SwiftConnection } from 'nubes/storage';
 *
 * const conn = new SwiftConnection('test:tester', 'testing', { authUrl: 'http://127.0.0.1:8080', authVersion: '1.0' });
 * const res = await conn.request('/photos', { params: { format: 'json' } });
 * ```
 */
export class SwiftConnection extends OpenStackConnection {
  protected override responseCls: ResponseClass = SwiftResponse;

  /** `serviceType` defaults to `object-store`, the catalog type of Swift. */
  constructor(userId: string, key: string, options: OpenStackConnectionOptions = {}) {
    super(userId, key, options.serviceType === undefined ? { ...options, serviceType: 'object-store' } : options);
  }
}
