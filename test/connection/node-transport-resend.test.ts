/**
 * The node transport resends a request that died on a reused keep-alive socket only
 * when that cannot run it twice: a server that read the request and then dropped the
 * connection must see a POST once.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Connection, JsonResponse, NetworkError } from '../../src/index.js';

class JsonConnection extends Connection {
  protected override responseCls = JsonResponse;
}

describe('node transport: requests on a reused socket the server drops', () => {
  let server: http.Server;
  let url = '';
  const seen: string[] = [];
  beforeAll(async () => {
    // Answers the first request of each connection; reads the second one whole, then
    // drops the connection without answering (a server that crashed after reading it).
    server = http.createServer((req, res) => {
      const socket = req.socket as typeof req.socket & { served?: number };
      socket.served = (socket.served ?? 0) + 1;
      req.resume();
      req.on('end', () => {
        seen.push(`${req.method} ${req.url}`);
        if (socket.served === 2) {
          socket.destroy();
          return;
        }
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ ok: true }));
      });
    });
    server.keepAliveTimeout = 10_000;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('does not send a POST again after the server read it and hung up', async () => {
    const c = new JsonConnection({ url, transport: 'node', env: {}, retry: false });
    await c.request('/first');
    seen.length = 0;
    const err = await c.request('/create', { method: 'POST', data: { name: 'n1' } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NetworkError);
    expect(seen).toEqual(['POST /create']);
    await c.close();
  });

  it('sends a GET again on a new socket after the same hang-up', async () => {
    const c = new JsonConnection({ url, transport: 'node', env: {}, retry: false });
    await c.request('/first');
    seen.length = 0;
    const res = await c.request<{ ok: boolean }>('/list');
    expect(res.object).toEqual({ ok: true });
    expect(seen).toEqual(['GET /list', 'GET /list']);
    await c.close();
  });

  it('sends a POST the caller marked idempotent again', async () => {
    const c = new JsonConnection({ url, transport: 'node', env: {}, retry: false });
    await c.request('/first');
    seen.length = 0;
    const res = await c.request<{ ok: boolean }>('/upsert', { method: 'POST', data: {}, idempotent: true });
    expect(res.object).toEqual({ ok: true });
    expect(seen).toEqual(['POST /upsert', 'POST /upsert']);
    await c.close();
  });
});
