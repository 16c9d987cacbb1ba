import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { BadRequestError, NetworkError, ProxyAuthenticationError, RateLimitError, SSLError } from '../../src/common/errors/index.js';
import { Connection } from '../../src/connection/connection.js';
import { isRetryableError } from '../../src/connection/retry.js';
import type { Transport } from '../../src/connection/transport/transport.js';

describe('isRetryableError', () => {
  it('retries a throttling error whatever its status (AWS Throttling comes as a 400)', () => {
    expect(isRetryableError(new RateLimitError('Throttling: Rate exceeded', { statusCode: 400 }))).toBe(true);
  });

  it('does not retry an ordinary 400', () => {
    expect(isRetryableError(new BadRequestError('bad', { statusCode: 400 }))).toBe(false);
  });
});

describe('Connection retries and TLS or proxy-auth failures', () => {
  // A reset while the TLS handshake or the proxy's 407 is under way carries the same
  // ECONNRESET / "socket hang up" cause as a stale keep-alive socket: still never retried.
  const reset = (): Error => Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
  it.each([
    ['SSLError', () => new SSLError('TLS verification failed', { cause: reset() })],
    ['ProxyAuthenticationError', () => new ProxyAuthenticationError('Proxy authentication failed (HTTP 407)', { statusCode: 407, cause: reset() })],
  ])('sends a GET that failed with %s once', async (_name, failure) => {
    let sends = 0;
    const transport: Transport = {
      name: 'failing',
      send: () => {
        sends++;
        return Promise.reject(failure());
      },
      close: () => Promise.resolve(),
    };
    const c = new Connection({ host: 'api.test', transport, env: {}, retry: { minDelay: 1 } });
    await expect(c.request('/x')).rejects.toBeInstanceOf(NetworkError);
    expect(sends).toBe(1);
  });

  it('still resends a GET once at once on a stale keep-alive socket', async () => {
    let sends = 0;
    const transport: Transport = {
      name: 'stale-once',
      send: () => {
        sends++;
        if (sends === 1) return Promise.reject(new NetworkError('Network error on GET', { cause: reset() }));
        return Promise.resolve({ status: 200, headers: {}, body: Readable.from([Buffer.from('ok')]) });
      },
      close: () => Promise.resolve(),
    };
    const c = new Connection({ host: 'api.test', transport, env: {}, retry: false });
    expect((await c.request('/x')).body).toBe('ok');
    expect(sends).toBe(2);
  });
});
