import { describe, expect, it } from 'vitest';
import {
  BadRequestError,
  InvalidArgumentError,
  InvalidCredentialsError,
  NotFoundError,
  RateLimitError,
  ServiceUnavailableError,
} from '../../../src/index.js';
import { DigitalOceanConnection, iterateDigitalOcean, nextPageNumber } from '../../../src/common/digitalocean/index.js';
import { collect } from '../../../src/common/pagination.js';
import { MockTransport } from '../../../src/testing/index.js';

const TOKEN = 'dop_v1_0123456789abcdef-secret';

function connect(mock: MockTransport, extra: ConstructorParameters<typeof DigitalOceanConnection>[1] = {}): DigitalOceanConnection {
  return new DigitalOceanConnection(TOKEN, { transport: mock, env: {}, retry: false, ...extra });
}

describe('DigitalOceanConnection', () => {
  it('sends the token as a bearer header to api.digitalocean.com under /v2', async () => {
    const mock = new MockTransport().on('GET', '/v2/account', { json: { account: { email: 'a@example.com' } } });
    const res = await connect(mock).request<{ account: { email: string } }>('/account');
    expect(res.object.account.email).toBe('a@example.com');
    const req = mock.requests[0]!;
    expect(req.url.origin).toBe('https://api.digitalocean.com');
    expect(req.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(req.headers.accept).toBe('application/json');
  });

  it('keeps the /v2 prefix when pointed at another endpoint with url', async () => {
    const mock = new MockTransport().on('GET', '/v2/droplets', { json: { droplets: [] } });
    await connect(mock, { url: 'http://127.0.0.1:9999' }).request('/droplets');
    expect(mock.requests[0]!.url.href).toBe('http://127.0.0.1:9999/v2/droplets');
  });

  it('does not prefix an action that already starts with /v2', async () => {
    const mock = new MockTransport().on('GET', '/v2/sizes', { json: {} });
    await connect(mock).request('/v2/sizes');
    expect(mock.requests[0]!.path).toBe('/v2/sizes');
  });

  it('refuses a missing token before any request', () => {
    expect(() => new DigitalOceanConnection('', { env: {} })).toThrow(InvalidArgumentError);
    expect(() => new DigitalOceanConnection(undefined as unknown as string)).toThrow(/key is required/);
  });

  it('maps a not_found body to NotFoundError with id, message and the body request id', async () => {
    const mock = new MockTransport().on('GET', '/v2/droplets/1', {
      status: 404,
      json: { id: 'not_found', message: 'The resource you were accessing could not be found.', request_id: 'req-do-1' },
    });
    const err = await connect(mock).request('/droplets/1').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NotFoundError);
    expect((err as Error).message).toBe('not_found: The resource you were accessing could not be found. (HTTP 404, request id req-do-1)');
    expect(err).toMatchObject({ statusCode: 404, requestId: 'req-do-1', provider: undefined, providerCode: 'not_found' });
  });

  it.each([
    [401, 'unauthorized', 'Unable to authenticate you.', InvalidCredentialsError],
    [403, 'forbidden', 'You do not have access for the attempted action.', InvalidCredentialsError],
    [422, 'unprocessable_entity', 'Name is invalid', BadRequestError],
    [400, 'bad_request', 'error parsing request body', BadRequestError],
  ] as const)('maps HTTP %i (%s) to its error class with the provider message', async (status, id, message, Cls) => {
    const mock = new MockTransport().on('POST', '/v2/droplets', { status, json: { id, message } });
    const err = await connect(mock).request('/droplets', { method: 'POST', data: {} }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Cls);
    expect((err as Error).message).toContain(`${id}: ${message}`);
    expect((err as Error).message).not.toContain(TOKEN);
  });

  it('takes retryAfter from Retry-After on a 429', async () => {
    const mock = new MockTransport().on('GET', '/v2/droplets', {
      status: 429,
      headers: { 'retry-after': '17', 'ratelimit-reset': String(Math.floor(Date.now() / 1000) + 500) },
      json: { id: 'too_many_requests', message: 'API rate limit exceeded.' },
    });
    const err = await connect(mock).request('/droplets').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RateLimitError);
    expect((err as RateLimitError).retryAfter).toBe(17);
  });

  it('falls back to the ratelimit-reset epoch when a 429 has no Retry-After', async () => {
    const reset = Math.floor(Date.now() / 1000) + 40;
    const mock = new MockTransport().on('GET', '/v2/droplets', {
      status: 429,
      headers: { 'ratelimit-reset': String(reset), 'ratelimit-remaining': '0' },
      json: { id: 'too_many_requests', message: 'API rate limit exceeded.' },
    });
    const err = (await connect(mock).request('/droplets').catch((e: unknown) => e)) as RateLimitError;
    expect(err).toBeInstanceOf(RateLimitError);
    expect(err.retryAfter).toBeGreaterThanOrEqual(38);
    expect(err.retryAfter).toBeLessThanOrEqual(41);
  });

  it('retries a 500 and then throws ServiceUnavailableError', async () => {
    const mock = new MockTransport().on('GET', '/v2/droplets', { status: 500, json: { id: 'server_error', message: 'Unexpected server-side error' } });
    const err = await connect(mock, { retry: { retries: 2, minDelay: 1, maxDelay: 2 } })
      .request('/droplets')
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ServiceUnavailableError);
    expect((err as Error).message).toContain('server_error: Unexpected server-side error');
    expect(mock.requests).toHaveLength(3);
  });

  it('reads the next page number from links.pages.next', () => {
    expect(nextPageNumber({ pages: { next: 'https://api.digitalocean.com/v2/droplets?page=3&per_page=2', last: 'x' } })).toBe(3);
    expect(nextPageNumber({ pages: { first: 'https://api.digitalocean.com/v2/droplets?page=1', prev: 'p' } })).toBeUndefined();
    expect(nextPageNumber({})).toBeUndefined();
    expect(nextPageNumber(undefined)).toBeUndefined();
    expect(nextPageNumber({ pages: { next: 'https://api.digitalocean.com/v2/droplets?page=abc' } })).toBeUndefined();
  });

  it('iterates three pages on its own endpoint, never the absolute link host', async () => {
    const mock = new MockTransport();
    for (const page of [1, 2, 3]) {
      mock.on(
        'GET',
        '/v2/things',
        {
          json: {
            things: [{ n: page * 10 + 1 }, { n: page * 10 + 2 }],
            links: page < 3 ? { pages: { next: `https://elsewhere.example/v2/things?page=${page + 1}&per_page=2` } } : { pages: { prev: 'x' } },
            meta: { total: 6 },
          },
        },
        { query: { page: String(page) } },
      );
    }
    const items = await collect(iterateDigitalOcean<{ n: number }>(connect(mock, { url: 'http://127.0.0.1:1' }), '/things', 'things', { perPage: 2, params: { type: 'x' } }));
    expect(items.map((i) => i.n)).toEqual([11, 12, 21, 22, 31, 32]);
    expect(mock.requests.map((r) => r.url.host)).toEqual(['127.0.0.1:1', '127.0.0.1:1', '127.0.0.1:1']);
    expect(mock.requests.map((r) => r.query)).toEqual([
      { type: 'x', page: '1', per_page: '2' },
      { type: 'x', page: '2', per_page: '2' },
      { type: 'x', page: '3', per_page: '2' },
    ]);
  });

  it('asks for 200 per page by default and refuses a per-page beyond 200', async () => {
    const mock = new MockTransport().on('GET', '/v2/things', { json: { things: [], links: {} } });
    await collect(iterateDigitalOcean(connect(mock), '/things', 'things'));
    expect(mock.requests[0]!.query.per_page).toBe('200');
    expect(() => iterateDigitalOcean(connect(mock), '/things', 'things', { perPage: 201 })).toThrow(InvalidArgumentError);
    expect(mock.requests).toHaveLength(1);
  });
});
