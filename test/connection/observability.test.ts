/**
 * The `logger` option and the `nubes:*` diagnostics channels, on both transports against
 * a loopback origin: events in order with one request id (503 then 200, redirects, an
 * error, an OAuth token refresh), the same events on the channels as in the logger, no
 * work at all when nobody listens, and no secret in any event (raw, URL-encoded, base64).
 */
import diagnosticsChannel from 'node:diagnostics_channel';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { OAuthConnection } from '../../src/common/oauth/oauth-connection.js';
import type { AccessToken, TokenCredential } from '../../src/common/oauth/token-credential.js';
import { NodeTransport } from '../../src/connection/transport/node-transport.js';
import { UndiciTransport } from '../../src/connection/transport/undici-transport.js';
import {
  Connection,
  EVENT_CHANNELS,
  InvalidArgumentError,
  JsonResponse,
  type Logger,
  type NubesEvent,
  type Transport,
  type TransportName,
} from '../../src/index.js';
import { getDriver, Provider } from '../../src/drivers/compute/index.js';
import { startOrigin, type Origin } from '../helpers/origin.js';
import { startNodeProxy } from '../peers/proxies.js';

class JsonConnection extends Connection {
  protected override responseCls = JsonResponse;
}

const env = {}; // no proxy variables or NUBES_DEBUG leak in from the machine

interface Logged {
  level: 'debug' | 'info' | 'warn';
  event: NubesEvent;
}

function recordingLogger(): Logger & { logged: Logged[] } {
  const logged: Logged[] = [];
  return {
    logged,
    debug: (event) => logged.push({ level: 'debug', event }),
    info: (event) => logged.push({ level: 'info', event }),
    warn: (event) => logged.push({ level: 'warn', event }),
  };
}

/** Subscribes to every nubes channel; `stop()` unsubscribes (so later tests see no subscriber). */
function subscribeAll(): { messages: { channel: string; event: NubesEvent }[]; stop: () => void } {
  const messages: { channel: string; event: NubesEvent }[] = [];
  const handlers = Object.values(EVENT_CHANNELS).map((name) => {
    const handler = (message: unknown): void => {
      messages.push({ channel: name, event: message as NubesEvent });
    };
    diagnosticsChannel.subscribe(name, handler);
    return { name, handler };
  });
  return { messages, stop: () => handlers.forEach(({ name, handler }) => diagnosticsChannel.unsubscribe(name, handler)) };
}

let stops: (() => void)[] = [];
afterEach(() => {
  for (const stop of stops) stop();
  stops = [];
});

const names = (logged: readonly Logged[]): string[] => logged.map((l) => l.event.event);

describe.each<TransportName>(['undici', 'node'])('observability: %s transport', (transport) => {
  let origin: Origin;
  beforeAll(async () => {
    origin = await startOrigin();
  });
  afterAll(async () => {
    await origin.close();
  });
  const conn = (opts: ConstructorParameters<typeof Connection>[0] = {}): JsonConnection =>
    new JsonConnection({ url: origin.url, transport, env, retry: { retries: 3, minDelay: 5, maxDelay: 20 }, ...opts });

  it('logs start, retry, start, end for a 503 then a 200, with one request id, and publishes the same on the channels', async () => {
    const logger = recordingLogger();
    const sub = subscribeAll();
    stops.push(sub.stop);
    const c = conn({ logger });
    c.provider = 'acme';
    const res = await c.request(`/flaky/${transport}-retry/1`);
    expect(res.status).toBe(200);
    expect(names(logger.logged)).toEqual(['nubes.request.start', 'nubes.request.retry', 'nubes.request.start', 'nubes.request.end']);
    expect(logger.logged.map((l) => l.level)).toEqual(['debug', 'warn', 'debug', 'debug']);
    const [start1, retry, start2, end] = logger.logged.map((l) => l.event) as [NubesEvent, NubesEvent, NubesEvent, NubesEvent];
    const ids = new Set(logger.logged.map((l) => ('requestId' in l.event ? l.event.requestId : undefined)));
    expect(ids.size).toBe(1);
    expect([...ids][0]).toMatch(/\S/);
    expect(start1).toMatchObject({ attempt: 1, method: 'GET', url: `${origin.url}/flaky/${transport}-retry/1`, proxy: null, transport, provider: 'acme' });
    expect(retry).toMatchObject({ retry: 1, maxRetries: 3, reason: 'ServiceUnavailableError', status: 503, code: expect.stringMatching(/^NUBES_/) });
    expect(retry.event === 'nubes.request.retry' && retry.delayMs).toBeGreaterThanOrEqual(0);
    expect(retry.message).toMatch(/retry 1\/3 after \d+ ms: ServiceUnavailableError \(HTTP 503\)/);
    expect(start2).toMatchObject({ attempt: 2 });
    expect(end).toMatchObject({ status: 200, attempts: 2, bytes: res.body.length });
    expect(end.event === 'nubes.request.end' && end.durationMs).toBeGreaterThanOrEqual(0);

    // The same event objects, in the same order, on the matching channels.
    expect(sub.messages.map((m) => m.event)).toEqual(logger.logged.map((l) => l.event));
    expect(sub.messages.map((m) => m.channel)).toEqual(['nubes:request:start', 'nubes:request:retry', 'nubes:request:start', 'nubes:request:end']);
    await c.close();
  });

  it('reports a followed redirect, and one given up at the limit at warn', async () => {
    const logger = recordingLogger();
    const c = conn({ logger, followRedirects: true });
    await c.request('/redirect?to=/json');
    expect(names(logger.logged)).toEqual(['nubes.request.start', 'nubes.request.redirect', 'nubes.request.end']);
    expect(logger.logged[1]).toMatchObject({
      level: 'debug',
      event: { status: 302, from: `${origin.url}/redirect?to=/json`, to: `${origin.url}/json`, followed: true },
    });
    await c.close();

    const limited = recordingLogger();
    const c1 = conn({ logger: limited, followRedirects: 1, retry: false });
    await expect(c1.request(`/redirect?to=${encodeURIComponent('/redirect?to=/json')}`)).rejects.toThrow();
    expect(names(limited.logged)).toEqual(['nubes.request.start', 'nubes.request.redirect', 'nubes.request.redirect', 'nubes.request.error']);
    expect(limited.logged[2]).toMatchObject({ level: 'warn', event: { followed: false, to: '/json', status: 302 } });
    expect(limited.logged[3]).toMatchObject({ level: 'warn', event: { status: 302 } });
    await c1.close();
  });

  it('reports a failed request with its class, code and status, and a connection failure', async () => {
    const logger = recordingLogger();
    const sub = subscribeAll();
    stops.push(sub.stop);
    const c = conn({ logger, retry: false });
    await expect(c.request('/status/404')).rejects.toThrow();
    expect(names(logger.logged)).toEqual(['nubes.request.start', 'nubes.request.error']);
    expect(logger.logged[1]).toMatchObject({ level: 'warn', event: { error: 'NotFoundError', code: 'NUBES_ERR_NOT_FOUND', status: 404, attempts: 1 } });
    await c.close();

    const dead = new JsonConnection({ url: 'http://127.0.0.1:1', transport, env, logger, retry: false });
    await expect(dead.request('/x')).rejects.toThrow();
    const last = logger.logged.at(-1)!;
    expect(last.event).toMatchObject({ event: 'nubes.request.error', status: undefined, code: expect.stringMatching(/^NUBES_/) });
    expect(sub.messages.at(-1)?.channel).toBe('nubes:request:error');
    await dead.close();
  });

  it('reports an OAuth token refresh at info, between the token exchange and the API call, without the token', async () => {
    const token = `ya29.${transport}-S3cr3t+T0ken/with=chars`;
    const credential: TokenCredential = {
      kind: 'test-endpoint',
      async getToken(_scopes, connection): Promise<AccessToken> {
        await connection.request(`${origin.url}/json`, { context: { auth: false } });
        return { token, expiresAt: Date.now() + 3_600_000 };
      },
    };
    class ApiConnection extends OAuthConnection {
      protected override responseCls = JsonResponse;
    }
    const logger = recordingLogger();
    const sub = subscribeAll();
    stops.push(sub.stop);
    const c = new ApiConnection(credential, ['scope-a'], { url: origin.url, transport, env, logger });
    const res = await c.request<{ headers: Record<string, string> }>('/echo');
    expect(res.object.headers.authorization).toBe(`Bearer ${token}`);
    expect(names(logger.logged)).toEqual(['nubes.request.start', 'nubes.request.end', 'nubes.token.refresh', 'nubes.request.start', 'nubes.request.end']);
    expect(logger.logged[2]).toMatchObject({ level: 'info', event: { credential: 'test-endpoint', scopes: ['scope-a'], error: undefined } });
    const exchange = logger.logged[0]!.event as { requestId: string };
    const api = logger.logged[3]!.event as { requestId: string };
    expect(exchange.requestId).not.toBe(api.requestId);
    expect(sub.messages.map((m) => m.channel)[2]).toBe('nubes:token:refresh');
    const all = JSON.stringify([logger.logged, sub.messages]);
    for (const form of [token, encodeURIComponent(token), Buffer.from(token).toString('base64')]) expect(all).not.toContain(form);
    await c.close();
  });

  it('keeps every secret out of logger events and channel messages (raw, URL-encoded, base64)', async () => {
    const proxyPassword = 'pr0xy:p@ss/w0rd';
    const proxy = await startNodeProxy({ credentials: { user: 'alice', password: proxyPassword } });
    const registered = 'registered-Secret+Value/42';
    const signature = 'a'.repeat(64);
    const sas = 'sv2024sigvalue%2Bsecret';
    const bearer = 'bearer-token-abcdef123456';
    const logger = recordingLogger();
    const sub = subscribeAll();
    stops.push(sub.stop);
    const proxyUrl = `http://alice:${encodeURIComponent(proxyPassword)}@127.0.0.1:${proxy.port}`;
    const c = conn({ logger, proxyUrl, followRedirects: true });
    c.addSecret(registered);
    try {
      const res = await c.request('/echo', {
        params: { 'X-Amz-Signature': signature, sig: sas, note: registered },
        headers: { authorization: `Bearer ${bearer}` },
      });
      expect(res.status).toBe(200);
      await c.request(`/redirect?to=${encodeURIComponent(`/json?X-Amz-Signature=${signature}&sig=${sas}`)}`);
      await expect(c.request('/status/404', { params: { token: bearer }, retry: false })).rejects.toThrow();
      expect(proxy.authorizations.length).toBeGreaterThan(0); // it went through the proxy
      const start = logger.logged[0]!.event;
      expect(start).toMatchObject({ event: 'nubes.request.start', proxy: expect.stringContaining('alice:[REDACTED]@127.0.0.1') });
      expect(names(logger.logged)).toContain('nubes.request.redirect');
      const all = JSON.stringify([logger.logged, sub.messages]);
      const secrets = [proxyPassword, signature, sas, registered, bearer];
      for (const secret of secrets) {
        for (const form of [secret, encodeURIComponent(secret), Buffer.from(secret).toString('base64'), Buffer.from(`alice:${secret}`).toString('base64')]) {
          expect(all, secret).not.toContain(form);
        }
      }
      expect(all).toContain('[REDACTED]');
    } finally {
      await c.close();
      await proxy.close();
    }
  });

  it('does no work when no logger is set and nobody subscribes', async () => {
    // The transport's name is a field of the start event: a getter counts the reads.
    let reads = 0;
    const inner = transport === 'undici' ? new UndiciTransport() : new NodeTransport();
    const counting: Transport = {
      get name() {
        reads++;
        return inner.name;
      },
      send: (request) => inner.send(request),
      close: () => inner.close(),
    };
    const c = new JsonConnection({ url: origin.url, transport: counting, env });
    for (const channel of Object.values(EVENT_CHANNELS)) expect(diagnosticsChannel.hasSubscribers(channel), channel).toBe(false);
    await c.request('/json');
    await c.request(`/flaky/${transport}-quiet/1`);
    expect(reads).toBe(0);

    const sub = subscribeAll();
    stops.push(sub.stop);
    await c.request('/json');
    expect(reads).toBe(1);
    expect(sub.messages.map((m) => m.channel)).toEqual(['nubes:request:start', 'nubes:request:end']);
    await inner.close();
  });

  it('labels retries in the NUBES_DEBUG log and sends the same bytes with debug on or off', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'nubes-observe-')), 'debug.log');
    const c = conn({ env: { NUBES_DEBUG: file } });
    await c.request(`/flaky/${transport}-debug/1`);
    const log = readFileSync(file, 'utf8');
    expect(log).toMatch(/^# nubes retry 1\/3 after \d+ ms: ServiceUnavailableError \(HTTP 503\)$/m);
    await c.close();

    const seenBefore = origin.seen.length;
    const quiet = conn();
    await quiet.request('/echo', { method: 'POST', data: { a: 1 } });
    const loud = conn({ debug: file, logger: recordingLogger() });
    await loud.request('/echo', { method: 'POST', data: { a: 1 } });
    const [off, on] = origin.seen.slice(seenBefore);
    const strip = (h: Record<string, unknown>): Record<string, unknown> => {
      const { connection: _c, ...rest } = h;
      return rest;
    };
    expect(strip(on!.headers)).toEqual(strip(off!.headers));
    expect(on!.sha256).toBe(off!.sha256);
    expect(on!.url).toBe(off!.url);
    await quiet.close();
    await loud.close();
  });
});

describe('the logger option', () => {
  it('accepts console, pino- and winston-shaped loggers, and drivers pass it through', () => {
    const pinoLike = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined, child: () => pinoLike };
    for (const logger of [console, pinoLike]) expect(new Connection({ logger, env }).options.logger).toBe(logger);
    const Ec2 = getDriver(Provider.EC2);
    const driver = new Ec2('AKIAIOSFODNN7EXAMPLE', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', { region: 'eu-west-1', env, logger: pinoLike });
    expect(driver.connection.options.logger).toBe(pinoLike);
  });

  it('refuses a non-object or an object missing a method, naming logger and the missing methods', () => {
    expect(() => new Connection({ logger: 'console' as unknown as Logger })).toThrow(InvalidArgumentError);
    try {
      new Connection({ logger: { debug: () => undefined } as unknown as Logger });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(InvalidArgumentError);
      expect((err as InvalidArgumentError).option).toBe('logger');
      expect((err as Error).message).toContain('missing: info, warn');
    }
  });

  it('a logger that throws does not fail the request', async () => {
    const origin = await startOrigin();
    const boom = (): never => {
      throw new Error('logger broke');
    };
    const c = new JsonConnection({ url: origin.url, env, logger: { debug: boom, info: boom, warn: boom } });
    try {
      expect((await c.request('/json')).status).toBe(200);
    } finally {
      await c.close();
      await origin.close();
    }
  });
});
