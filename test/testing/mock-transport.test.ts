import { AssertionError } from 'node:assert';
import { describe, expect, it } from 'vitest';
import { Connection, InvalidCredentialsError, XmlResponse, xmlText, type XmlElement } from '../../src/index.js';
import { MockTransport, UnmatchedRequestError } from '../../src/testing/index.js';
import { FIXTURES, WidgetsConnection } from './widgets-api.js';

const env = {}; // no proxy variables leak in from the machine

function connect(mock: MockTransport, options: { proxyUrl?: string; env?: Record<string, string> } = {}): WidgetsConnection {
  return new WidgetsConnection('secret-token-123', { host: 'api.widgets.test', transport: mock, env, retry: false, ...options });
}

describe('MockTransport', () => {
  it('serves replies by method and path and records what was sent', async () => {
    const mock = new MockTransport().on('POST', '/v1/widgets', (req) => ({ status: 201, json: { widget: { id: 'w9', ...req.json<object>() } } }));
    const res = await connect(mock).request<{ widget: { id: string; name: string } }>('/v1/widgets', { method: 'POST', data: { name: 'new' } });
    expect(res.status).toBe(201);
    expect(res.object.widget).toEqual({ id: 'w9', name: 'new' });
    expect(mock.lastRequest?.headers.authorization).toBe('Bearer secret-token-123');
    expect(mock.lastRequest?.headers['content-type']).toBe('application/json');
    expect(mock.lastRequest?.url.host).toBe('api.widgets.test');
  });

  it('names the request and lists every route tried when nothing matches, without the token', async () => {
    const mock = new MockTransport()
      .on('GET', '/v1/widgets', { json: { widgets: [], next: null } })
      .on('DELETE', /^\/v1\/widgets\/\w+$/, { status: 204 })
      .on('GET', '/v1/gadgets', { json: {} }, { query: { page: '2' }, times: 1 });
    const err = await connect(mock)
      .request('/v1/widgets/w1', { method: 'PATCH', data: { name: 'x' } })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnmatchedRequestError);
    const message = (err as Error).message;
    expect(message).toContain('No mock route matches PATCH https://api.widgets.test/v1/widgets/w1');
    expect(message).toContain('routes tried:\n  GET /v1/widgets\n  DELETE /^\\/v1\\/widgets\\/\\w+$/\n  GET /v1/gadgets?page=2 (used 0/1)');
    expect(message).not.toContain('secret-token-123');
    expect((err as UnmatchedRequestError).code).toBe('NUBES_ERR_MOCK_UNMATCHED');
    expect(mock.unmatchedRequests.map((r) => r.method)).toEqual(['PATCH']);
  });

  it('stops answering from a route once its times are used up and falls through to the next', async () => {
    const mock = new MockTransport()
      .on('GET', '/v1/status', { status: 503, json: { message: 'busy' } }, { times: 2 })
      .on('GET', '/v1/status', { json: { ok: true } });
    const conn = connect(mock);
    await expect(conn.request('/v1/status')).rejects.toMatchObject({ statusCode: 503 });
    await expect(conn.request('/v1/status')).rejects.toMatchObject({ statusCode: 503 });
    expect((await conn.request<{ ok: boolean }>('/v1/status')).object).toEqual({ ok: true });
    expect(mock.pendingRoutes()).toEqual([]);
  });

  it('matches on query parameters, ignoring extra ones', async () => {
    const mock = new MockTransport()
      .on('GET', '/v1/widgets', { json: { widgets: [{ id: 'w2', name: 'second' }], next: null } }, { query: { page: '2' } })
      .on('GET', '/v1/widgets', { json: { widgets: [{ id: 'w1', name: 'first' }], next: 2 } });
    expect(await connect(mock).listWidgets()).toEqual([
      { id: 'w1', name: 'first' },
      { id: 'w2', name: 'second' },
    ]);
    const res = await connect(mock).request<{ widgets: unknown[] }>('/v1/widgets', { params: { page: 2, sort: 'name' } });
    expect(res.object.widgets).toHaveLength(1);
    expect(mock.requests.at(-1)?.query).toEqual({ page: '2', sort: 'name' });
  });

  it('records the proxy the connection decided on, without contacting it', async () => {
    const mock = new MockTransport().on('GET', '/v1/widgets', { json: { widgets: [], next: null } });
    await connect(mock, { proxyUrl: 'http://alice:pw-proxy@proxy.corp.test:3128' }).listWidgets();
    expect(mock.lastRequest?.proxy?.origin).toBe('http://proxy.corp.test:3128');
    expect(mock.lastRequest?.proxy?.source).toEqual({ kind: 'option' });
    expect(mock.lastRequest?.proxy?.redacted).not.toContain('pw-proxy');

    const fromEnv = new MockTransport().on('GET', '/v1/widgets', { json: { widgets: [], next: null } });
    await connect(fromEnv, { env: { HTTPS_PROXY: 'proxy.env.test:8080', NO_PROXY: 'other.test' } }).listWidgets();
    expect(fromEnv.lastRequest?.proxy?.source).toEqual({ kind: 'env', variable: 'HTTPS_PROXY' });

    const bypassed = new MockTransport().on('GET', '/v1/widgets', { json: { widgets: [], next: null } });
    await connect(bypassed, { env: { HTTPS_PROXY: 'proxy.env.test:8080', NO_PROXY: '.widgets.test' } }).listWidgets();
    expect(bypassed.lastRequest?.proxy).toBeNull();
  });

  it('lets the driver map provider errors from canned replies', async () => {
    const mock = new MockTransport({ fixturesDir: FIXTURES }).on('GET', '/v1/widgets', { status: 401, fixture: 'error-401.json' });
    const err = await connect(mock).listWidgets().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidCredentialsError);
    expect((err as Error).message).toContain('Unable to authenticate you');
  });
});

describe('MockTransport.fromFixtures', () => {
  it('routes METHOD /path keys to fixture files with their content type', async () => {
    const mock = MockTransport.fromFixtures(FIXTURES, {
      'GET /v1/widgets': 'list-page-1.json',
      'GET /v1/widgets?page=2': 'list-page-2.json',
    });
    expect((await connect(mock).listWidgets()).map((w) => w.id)).toEqual(['w1', 'w2']);
    expect(mock.calls()).toEqual(['GET /v1/widgets', 'GET /v1/widgets?page=2']);
  });

  it('matches one path segment with * and any depth with **', async () => {
    const mock = MockTransport.fromFixtures(FIXTURES, {
      'GET /v1/widgets/*': 'widget.json',
      'DELETE /v1/widgets/**': { status: 204 },
    });
    const conn = connect(mock);
    expect((await conn.request<{ widget: { id: string } }>('/v1/widgets/w1')).object.widget.id).toBe('w1');
    await expect(conn.request('/v1/widgets/w1/parts')).rejects.toBeInstanceOf(UnmatchedRequestError);
    expect((await conn.request('/v1/widgets/w1/parts/p2', { method: 'DELETE' })).status).toBe(204);
    expect(mock.requestsTo('DELETE', /^\/v1\/widgets\//)).toHaveLength(1);
  });

  it('serves a list of replies once each, in order, and reports the ones left', async () => {
    const mock = MockTransport.fromFixtures(FIXTURES, {
      'GET /v1/jobs/j1': [{ json: { state: 'pending' } }, { json: { state: 'running' } }, { json: { state: 'done' } }],
    });
    const conn = connect(mock);
    expect((await conn.request<{ state: string }>('/v1/jobs/j1')).object.state).toBe('pending');
    expect((await conn.request<{ state: string }>('/v1/jobs/j1')).object.state).toBe('running');
    expect(() => mock.assertDone()).toThrow(AssertionError);
    expect(() => mock.assertDone()).toThrow(/route not used up: GET \/v1\/jobs\/j1 \(used 0\/1\)/);
    await conn.request('/v1/jobs/j1');
    expect(() => mock.assertDone()).not.toThrow();
    await expect(conn.request('/v1/jobs/j1')).rejects.toBeInstanceOf(UnmatchedRequestError);
  });

  it('matches the host of absolute-URL keys (token endpoints on another host)', async () => {
    const mock = MockTransport.fromFixtures(FIXTURES, {
      'POST https://auth.widgets.test/oauth/token': 'token.json',
      'GET /v1/widgets/w1': 'widget.json',
    });
    const conn = connect(mock);
    const token = await conn.request<{ access_token: string }>('https://auth.widgets.test/oauth/token', { method: 'POST', data: 'grant_type=x' });
    expect(token.object.access_token).toBe('t-123');
    await expect(conn.request('https://elsewhere.test/oauth/token', { method: 'POST', data: '' })).rejects.toBeInstanceOf(UnmatchedRequestError);
    expect(mock.unusedRoutes()).toEqual(['GET /v1/widgets/w1']);
  });

  it('reports an unmatched request at assertDone even when the caller swallowed it', async () => {
    const mock = MockTransport.fromFixtures(FIXTURES, { 'GET /v1/widgets/w1': 'widget.json' });
    await connect(mock).request('/v1/nothing').catch(() => undefined);
    expect(() => mock.assertDone()).toThrow(/unmatched request: GET https:\/\/api\.widgets\.test\/v1\/nothing/);
    mock.clearRequests();
    expect(() => mock.assertDone()).not.toThrow();
  });

  it('serves XML fixtures as XML', async () => {
    class XmlConnection extends Connection {
      protected override responseCls = XmlResponse;
    }
    const mock = MockTransport.fromFixtures(FIXTURES, { 'GET /status': 'status.xml' });
    const res = await new XmlConnection({ host: 'xml.test', transport: mock, env }).request<XmlElement>('/status');
    expect(res.headers['content-type']).toBe('application/xml');
    expect(xmlText(res.object.Status as unknown as XmlElement, 'Healthy')).toBe('true');
  });

  it('refuses a malformed route key', () => {
    expect(() => MockTransport.fromFixtures(FIXTURES, { '/v1/widgets': 'x.json' })).toThrow(/must look like 'GET \/path'/);
  });
});
