/**
 * The Connection's pipeline, option validation and redaction, on the mock transport.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  Connection,
  ConnectionKey,
  InvalidArgumentError,
  JsonResponse,
  VERSION,
  type PreparedRequest,
  type QueryParams,
} from '../../src/index.js';
import { MockTransport } from '../../src/testing/index.js';

class HookedConnection extends ConnectionKey {
  protected override responseCls = JsonResponse;
  readonly calls: string[] = [];
  signatures = 0;

  protected override morphAction(action: string): string {
    this.calls.push('morphAction');
    return `/v9${action}`;
  }
  protected override addDefaultParams(params: QueryParams): QueryParams {
    this.calls.push('addDefaultParams');
    return { ...params, per_page: 50 };
  }
  protected override addDefaultHeaders(headers: Record<string, string>): Record<string, string> {
    this.calls.push('addDefaultHeaders');
    return { ...headers, authorization: `Bearer ${this.key}` };
  }
  protected override encodeData(data: unknown, headers: Record<string, string>): string | undefined {
    this.calls.push('encodeData');
    return super.encodeData(data, headers) as string | undefined;
  }
  protected override preConnectHook(request: PreparedRequest): void {
    this.calls.push('preConnectHook');
    this.signatures++;
    request.headers['x-signature'] = `sig-${this.signatures}`;
  }
}

describe('Connection pipeline', () => {
  it('runs the hooks in the fixed order and sends what they built', async () => {
    const mock = new MockTransport().on('POST', '/v9/things', { status: 201, json: { ok: true } });
    const c = new HookedConnection('tok-123456', { host: 'api.example.com', transport: mock, env: {} });
    const res = await c.request('/things', { method: 'POST', data: { a: 1 }, params: { q: 'x' } });
    expect(res.status).toBe(201);
    expect(res.object).toEqual({ ok: true });
    expect(c.calls).toEqual(['morphAction', 'addDefaultParams', 'addDefaultHeaders', 'encodeData', 'preConnectHook']);
    const sent = mock.requests[0]!;
    expect(sent.url.href).toBe('https://api.example.com/v9/things?q=x&per_page=50');
    expect(sent.headers.authorization).toBe('Bearer tok-123456');
    expect(sent.headers['x-signature']).toBe('sig-1');
    expect(sent.headers['content-type']).toBe('application/json');
    expect(sent.headers['content-length']).toBe('7');
    expect(sent.headers['user-agent']).toBe(`nubes/${VERSION} node/${process.version}`);
    expect(sent.json()).toEqual({ a: 1 });
  });

  it('re-runs preConnectHook on every retry so signatures stay fresh', async () => {
    const mock = new MockTransport()
      .on('GET', '/v9/x', { status: 503, json: { message: 'busy' } }, { times: 2 })
      .on('GET', '/v9/x', { json: {} });
    const c = new HookedConnection('tok-123456', { host: 'h', transport: mock, env: {}, retry: { minDelay: 1 } });
    await c.request('/x');
    expect(mock.requests.map((r) => r.headers['x-signature'])).toEqual(['sig-1', 'sig-2', 'sig-3']);
  });

  it('signs again for a same-origin redirect and sends nothing secret across origins', async () => {
    const mock = new MockTransport()
      .on('GET', '/v9/a', { status: 307, headers: { location: '/v9/b' } })
      .on('GET', '/v9/b', { status: 302, headers: { location: 'https://other.example.net/c' } })
      .on('GET', '/c', { json: { done: true } }, { host: 'other.example.net' });
    const c = new HookedConnection('tok-123456', { host: 'api.example.com', transport: mock, env: {}, followRedirects: true });
    const res = await c.request('/a');
    expect(res.object).toEqual({ done: true });
    const [first, second, third] = mock.requests;
    expect(first!.headers['x-signature']).toBe('sig-1');
    expect(second!.headers['x-signature']).toBe('sig-2');
    expect(second!.headers.authorization).toBe('Bearer tok-123456');
    expect(third!.url.host).toBe('other.example.net');
    expect(third!.headers.authorization).toBeUndefined();
    expect(c.signatures).toBe(2);
  });

  it('sends a request once more when shouldReauthenticate says the credentials were refreshed', async () => {
    class TokenConnection extends Connection {
      protected override responseCls = JsonResponse;
      token = 'old-token-1';
      hookCalls = 0;
      protected override preConnectHook(request: PreparedRequest): void {
        request.headers['x-token'] = this.token;
      }
      protected override shouldReauthenticate(): boolean {
        this.hookCalls++;
        this.token = 'new-token-2';
        return true;
      }
    }
    const mock = new MockTransport()
      .on('POST', '/x', (req) => (req.headers['x-token'] === 'new-token-2' ? { json: { ok: 1 } } : { status: 401, json: { message: 'expired' } }));
    const c = new TokenConnection({ host: 'h', transport: mock, env: {}, retry: false });
    expect((await c.request('/x', { method: 'POST', data: { a: 1 } })).object).toEqual({ ok: 1 });
    expect(mock.requests.map((r) => r.headers['x-token'])).toEqual(['old-token-1', 'new-token-2']);
    // A second 401 is final: the hook runs once per request.
    c.token = 'revoked';
    const always401 = new MockTransport().on('GET', '/y', { status: 401, json: { message: 'no' } });
    const d = new TokenConnection({ host: 'h', transport: always401, env: {}, retry: false });
    await expect(d.request('/y')).rejects.toMatchObject({ name: 'InvalidCredentialsError' });
    expect(d.hookCalls).toBe(1);
    expect(always401.requests).toHaveLength(2);
  });

  it('refuses a Proxy-Authorization header set by hand', async () => {
    const mock = new MockTransport();
    const c = new Connection({ host: 'h', transport: mock, env: {} });
    await expect(c.request('/', { headers: { 'Proxy-Authorization': 'Basic eA==' } })).rejects.toMatchObject({
      name: 'InvalidArgumentError',
      option: 'headers',
    });
    expect(mock.requests).toHaveLength(0);
  });

  it('redacts the key from error messages built from provider bodies', async () => {
    const mock = new MockTransport().on('GET', '/v9/x', { status: 401, json: { message: 'token tok-123456 is revoked' } });
    const c = new HookedConnection('tok-123456', { host: 'h', transport: mock, env: {} });
    const err = await c.request('/x').catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'InvalidCredentialsError', statusCode: 401 });
    expect((err as Error).message).not.toContain('tok-123456');
    expect((err as Error).message).toContain('[REDACTED]');
  });

  it('writes a redacted curl command and response to NUBES_DEBUG without changing the request', async () => {
    const file = `/tmp/nubes-debug-${process.pid}-${Date.now()}.log`;
    const mock = new MockTransport().on('GET', '/v9/x', { json: { hello: 'world' } });
    const c = new HookedConnection('tok-123456', {
      host: 'api.example.com',
      transport: mock,
      env: { NUBES_DEBUG: file },
      proxyUrl: 'http://alice:pr0xy-pass@127.0.0.1:3128',
    });
    await c.request('/x', { params: { token: 'query-secret' } });
    const log = readFileSync(file, 'utf8');
    expect(log).toContain("curl -i -X GET --proxy 'http://127.0.0.1:3128' --proxy-user 'alice:[REDACTED]'");
    expect(log).toContain("-H 'authorization: Bearer [REDACTED]'");
    expect(log).toContain('token=[REDACTED]');
    expect(log).toContain('{"hello":"world"}');
    for (const secret of ['tok-123456', 'pr0xy-pass', 'query-secret']) expect(log).not.toContain(secret);
    // What went on the wire is untouched by debug mode.
    expect(mock.requests[0]!.headers.authorization).toBe('Bearer tok-123456');
    expect(mock.requests[0]!.url.searchParams.get('token')).toBe('query-secret');
  });
});

describe('Connection options', () => {
  it.each([
    [{ hots: 'x' }, 'hots', /Unknown option "hots"/],
    [{ url: 'not a url' }, 'url', /not a valid URL/],
    [{ url: 'ftp://h' }, 'url', /http/],
    [{ url: 'https://u:p@h' }, 'url', /credentials/],
    [{ timeout: -1 }, 'timeout', /positive/],
    [{ timeout: { idle: 0 } }, 'timeout.idle', /positive/],
    [{ timeout: { conect: 5 } }, 'timeout.conect', /Unknown timeout option/],
    [{ transport: 'curl' }, 'transport', /Unknown transport "curl"/],
    [{ port: 70000 }, 'port', /1 to 65535/],
    [{ retry: { retires: 3 } }, 'retry.retires', /Unknown retry option/],
    [{ retry: -2 }, 'retry', /non-negative/],
    [{ caMode: 'merge' }, 'caMode', /append/],
    [{ proxyUrl: 'socks5://u:hunter22@h:1080' }, 'proxyUrl', /socks5/],
    [{ host: 'a b' }, 'host', /host name/],
  ])('refuses %j with an InvalidArgumentError naming %s', (options, option, message) => {
    let err: unknown;
    try {
      new Connection(options as never);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InvalidArgumentError);
    expect((err as InvalidArgumentError).option).toBe(option);
    expect((err as Error).message).toMatch(message);
    expect((err as Error).message).not.toContain('hunter22');
  });

  it('copies options so later mutation changes nothing', () => {
    const options = { host: 'a.example.com', port: 8443 };
    const c = new Connection(options);
    options.host = 'evil.example.com';
    expect(c.baseUrl).toBe('https://a.example.com:8443');
  });

  it('takes endpoint parts from url, including a base path', () => {
    const c = new Connection({ url: 'http://[::1]:9000/api/v2/' });
    expect(c).toMatchObject({ host: '::1', port: 9000, secure: false, basePath: '/api/v2' });
    expect(c.baseUrl).toBe('http://[::1]:9000/api/v2');
  });

  it('refuses credentials that are missing', () => {
    expect(() => new ConnectionKey('', {})).toThrow(/key is required/);
  });

  it('keeps the version in step with package.json', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(VERSION).toBe(pkg.version);
  });
});
