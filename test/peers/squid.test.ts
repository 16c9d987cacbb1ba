/**
 * The squid peer when one of its ports is taken between freePort() and squid's bind:
 * squid logs the failed bind and keeps running without that port, while whoever took it
 * still accepts connections there. A CI run on Node 24 sent two CONNECTs to such a port
 * and got another proxy's 403. startSquid must hand back only ports squid listens on.
 */
import http from 'node:http';
import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, missingPeer } from './process.js';
import { startSquid, type Squid } from './proxies.js';

const skip = missingPeer('squid', ['squid']);

/** Status and Server header of a plain-http GET sent through the proxy at `port`. */
function getThrough(port: number): Promise<{ status: number; server: string | undefined }> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path: 'http://127.0.0.1:9/', headers: { host: '127.0.0.1:9' } }, (res) => {
      res.resume();
      const server = res.headers.server;
      resolve({ status: res.statusCode ?? 0, server: Array.isArray(server) ? server.join(', ') : server });
    });
    req.on('error', reject);
  });
}

describe.skipIf(skip)('startSquid with a port another process took first', () => {
  let taker: Server;
  let taken: number;
  let squid: Squid;
  beforeAll(async () => {
    // Accepts connections and answers nothing, as a port someone else listens on.
    taker = createServer((socket) => socket.destroy());
    await new Promise<void>((resolve) => taker.listen(0, '127.0.0.1', resolve));
    taken = (taker.address() as { port: number }).port;
    let first = true;
    squid = await startSquid({
      portSource: async () => {
        if (!first) return freePort();
        first = false;
        return taken;
      },
    });
  }, 60_000);
  afterAll(async () => {
    await squid?.stop();
    await new Promise<void>((resolve) => taker.close(() => resolve()));
  });

  it('starts squid again on ports of its own, and every port it returns is answered by squid', async () => {
    expect([squid.openPort, squid.strictPort]).not.toContain(taken);
    for (const port of [squid.openPort, squid.strictPort]) {
      const answer = await getThrough(port);
      expect(answer.server ?? '').toMatch(/squid/i);
    }
  });
});
