/**
 * One real request of a REST compute driver through a real (tiny, in-test) forward
 * proxy: the driver inherits its connection's proxy handling, credentials go to the
 * proxy only. The full proxy matrix (squid, tinyproxy, mitmproxy, CONNECT) lives in
 * the connection tests.
 */
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DigitalOceanNodeDriver } from '../../../src/drivers/compute/index.js';

const REGIONS = readFileSync(fileURLToPath(new URL('../../fixtures/compute/digitalocean/regions.json', import.meta.url)));
const TOKEN = 'dop_v1_proxy-test-token-0123456789';

interface Seen {
  url: string;
  proxyAuthorization: string | undefined;
  authorization: string | undefined;
}

function listen(server: http.Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
}

describe('DigitalOcean driver through a real forward proxy', () => {
  const atProxy: Seen[] = [];
  const atOrigin: Seen[] = [];
  let origin: http.Server;
  let proxy: http.Server;
  let originPort = 0;
  let proxyPort = 0;

  beforeAll(async () => {
    origin = http.createServer((req, res) => {
      atOrigin.push({ url: req.url ?? '', proxyAuthorization: req.headers['proxy-authorization'], authorization: req.headers.authorization });
      res.writeHead(req.url?.startsWith('/v2/regions') ? 200 : 404, { 'content-type': 'application/json' });
      res.end(req.url?.startsWith('/v2/regions') ? REGIONS : '{"id":"not_found","message":"nope"}');
    });
    // An http target goes to the proxy in absolute form; the proxy forwards it.
    proxy = http.createServer((req, res) => {
      atProxy.push({ url: req.url ?? '', proxyAuthorization: req.headers['proxy-authorization'], authorization: req.headers.authorization });
      const target = new URL(req.url ?? '');
      const headers = { ...req.headers };
      delete headers['proxy-authorization'];
      delete headers['proxy-connection'];
      const upstream = http.request({ host: target.hostname, port: target.port, path: `${target.pathname}${target.search}`, method: req.method, headers }, (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      });
      upstream.on('error', () => res.destroy());
      req.pipe(upstream);
    });
    originPort = await listen(origin);
    proxyPort = await listen(proxy);
  });

  afterAll(async () => {
    origin.closeAllConnections();
    proxy.closeAllConnections();
    await Promise.all([new Promise((r) => origin.close(r)), new Promise((r) => proxy.close(r))]);
  });

  it('sends listLocations through the proxy with proxy credentials for the proxy and the token for the origin', async () => {
    const driver = new DigitalOceanNodeDriver(TOKEN, undefined, {
      url: `http://127.0.0.1:${originPort}`,
      proxyUrl: `http://user:pw@127.0.0.1:${proxyPort}`,
      env: {},
      retry: false,
    });
    const locations = await driver.listLocations();
    await driver.close();
    expect(locations.map((l) => l.id)).toEqual(['nyc3', 'ams3', 'fra1', 'sgp1']);
    expect(atProxy).toHaveLength(1);
    expect(atProxy[0]!.url).toBe(`http://127.0.0.1:${originPort}/v2/regions?page=1&per_page=200`);
    expect(atProxy[0]!.proxyAuthorization).toBe(`Basic ${Buffer.from('user:pw').toString('base64')}`);
    expect(atOrigin).toHaveLength(1);
    expect(atOrigin[0]).toEqual({ url: '/v2/regions?page=1&per_page=200', proxyAuthorization: undefined, authorization: `Bearer ${TOKEN}` });
  });
});
