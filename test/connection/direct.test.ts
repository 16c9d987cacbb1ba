import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Connection } from '../../src/connection/connection.js';
import { ProxyError } from '../../src/common/errors/index.js';
import { startOrigin, type Origin } from '../helpers/origin.js';

/** A port with nothing listening: any request routed to it as a proxy fails. */
async function deadPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe.each(['undici', 'node'] as const)('request({ direct: true }) on the %s transport', (transport) => {
  let origin: Origin;
  let proxy: string;
  beforeAll(async () => {
    origin = await startOrigin();
    proxy = `http://user:pw@127.0.0.1:${await deadPort()}`;
  });
  afterAll(() => origin.close());

  it('goes straight to the origin although an explicit proxy and the environment name one', async () => {
    const conn = new Connection({
      url: origin.url,
      transport,
      proxyUrl: proxy,
      env: { HTTP_PROXY: proxy, http_proxy: proxy, ALL_PROXY: proxy },
      retry: false,
    });
    const before = origin.seen.length;
    const res = await conn.request<{ method: string }>('/echo', { direct: true });
    expect(res.status).toBe(200);
    expect(origin.seen.length).toBe(before + 1);
    // The same connection without `direct` obeys the proxy (and fails on the dead one).
    await expect(conn.request('/echo')).rejects.toBeInstanceOf(ProxyError);
    conn.setHttpProxy(proxy);
    expect((await conn.request('/echo', { direct: true })).status).toBe(200);
    await conn.close();
  });
});
