/**
 * The Dummy compute driver's connection: the driver works in memory, so its connection
 * refuses every request, whatever `transport` or `dispatcher` the caller passed. It stays
 * a real Connection (proxy and TLS options are accepted and inspectable like any other
 * driver's) without touching the transport layer.
 */
import { NubesError } from '../../../common/errors/index.js';
import { Connection, type ConnectionOptions, type RequestOptions } from '../../../connection/connection.js';

/** A Connection that never sends: `request()` rejects with a NubesError. */
export class DummyConnection extends Connection {
  /** Drops `transport` and `dispatcher`: nothing is ever sent, so no transport is created. */
  constructor(options: ConnectionOptions = {}) {
    const { transport: _transport, dispatcher: _dispatcher, ...rest } = options;
    // 'node' loads its transport on first use, and there is no use: nothing is created.
    super({ ...rest, transport: 'node' });
  }

  /** Always rejects: the Dummy driver sends no requests. */
  override request(_action: string, _options?: RequestOptions): Promise<never> {
    return Promise.reject(new NubesError('The dummy driver works in memory and sends no requests'));
  }
}
