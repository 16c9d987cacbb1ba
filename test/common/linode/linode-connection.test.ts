import { describe, expect, it } from 'vitest';
import {
  BadRequestError,
  InvalidArgumentError,
  InvalidCredentialsError,
  NotFoundError,
  RateLimitError,
  ServiceUnavailableError,
} from '../../../src/index.js';
import { LinodeConnection, iterateLinode } from '../../../src/common/linode/index.js';
import { collect } from '../../../src/common/pagination.js';
import { MockTransport } from '../../../src/testing/index.js';

const TOKEN = 'linode-token-abcdef0123456789';

function connect(mock: MockTransport, extra: ConstructorParameters<typeof LinodeConnection>[1] = {}): LinodeConnection {
  return new LinodeConnection(TOKEN, { transport: mock, env: {}, retry: false, ...extra });
}

describe('LinodeConnection', () => {
  it('sends the token as a bearer header to api.linode.com under /v4', async () => {
    const mock = new MockTransport().on('GET', '/v4/profile', { json: { username: 'me' } });
    const res = await connect(mock).request<{ username: string }>('/profile');
    expect(res.object.username).toBe('me');
    expect(mock.requests[0]!.url.origin).toBe('https://api.linode.com');
    expect(mock.requests[0]!.headers.authorization).toBe(`Bearer ${TOKEN}`);
  });

  it('refuses a missing token before any request', () => {
    expect(() => new LinodeConnection('  ', { env: {} })).toThrow(InvalidArgumentError);
  });

  it('names the field of a validation error in the message', async () => {
    const mock = new MockTransport().on('POST', '/v4/linode/instances', {
      status: 400,
      json: { errors: [{ reason: 'Label must be between 3 and 64 characters', field: 'label' }, { reason: 'Region is required', field: 'region' }] },
    });
    const err = await connect(mock).request('/linode/instances', { method: 'POST', data: {} }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BadRequestError);
    expect((err as Error).message).toBe('label: Label must be between 3 and 64 characters; region: Region is required (HTTP 400)');
  });

  it.each([
    [401, 'Invalid Token', InvalidCredentialsError],
    [403, 'Unauthorized', InvalidCredentialsError],
    [404, 'Not found', NotFoundError],
  ] as const)('maps HTTP %i to its error class with the reason', async (status, reason, Cls) => {
    const mock = new MockTransport().on('GET', '/v4/linode/instances/1', { status, json: { errors: [{ reason }] } });
    const err = await connect(mock).request('/linode/instances/1').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Cls);
    expect((err as Error).message).toBe(`${reason} (HTTP ${status})`);
  });

  it('takes retryAfter from Retry-After, else from x-ratelimit-reset', async () => {
    const mock = new MockTransport()
      .on('GET', '/v4/a', { status: 429, headers: { 'retry-after': '9' }, json: { errors: [{ reason: 'Too many requests' }] } })
      .on('GET', '/v4/b', {
        status: 429,
        headers: { 'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 20) },
        json: { errors: [{ reason: 'Too many requests' }] },
      });
    const a = (await connect(mock).request('/a').catch((e: unknown) => e)) as RateLimitError;
    expect(a).toBeInstanceOf(RateLimitError);
    expect(a.retryAfter).toBe(9);
    const b = (await connect(mock).request('/b').catch((e: unknown) => e)) as RateLimitError;
    expect(b.retryAfter).toBeGreaterThanOrEqual(18);
    expect(b.retryAfter).toBeLessThanOrEqual(21);
  });

  it('retries a 500 and then throws ServiceUnavailableError', async () => {
    const mock = new MockTransport().on('GET', '/v4/regions', { status: 500, json: { errors: [{ reason: 'Server error' }] } });
    const err = await connect(mock, { retry: { retries: 1, minDelay: 1 } }).request('/regions').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ServiceUnavailableError);
    expect(mock.requests).toHaveLength(2);
  });

  it('redacts a registered secret from errors', async () => {
    const mock = new MockTransport().on('POST', '/v4/x', { status: 400, json: { errors: [{ reason: 'bad root_pass Sup3r-S3cret!', field: 'root_pass' }] } });
    const conn = connect(mock);
    conn.addSecret('Sup3r-S3cret!');
    const err = await conn.request('/x', { method: 'POST', data: {} }).catch((e: unknown) => e);
    expect((err as Error).message).not.toContain('Sup3r-S3cret!');
  });

  it('iterates three pages using page and page_size until page reaches pages', async () => {
    const mock = new MockTransport();
    for (const page of [1, 2, 3]) {
      mock.on('GET', '/v4/things', { json: { data: [{ n: page }], page, pages: 3, results: 3 } }, { query: { page: String(page) } });
    }
    const items = await collect(iterateLinode<{ n: number }>(connect(mock), '/things', { pageSize: 25 }));
    expect(items.map((i) => i.n)).toEqual([1, 2, 3]);
    expect(mock.requests.map((r) => r.query)).toEqual([
      { page: '1', page_size: '25' },
      { page: '2', page_size: '25' },
      { page: '3', page_size: '25' },
    ]);
  });

  it('refuses a page size Linode would reject, before any request', () => {
    const mock = new MockTransport();
    expect(() => iterateLinode(connect(mock), '/things', { pageSize: 10 })).toThrow(/pageSize must be an integer from 25 to 500/);
    expect(mock.requests).toHaveLength(0);
  });
});
