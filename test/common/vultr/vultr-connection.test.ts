import { describe, expect, it } from 'vitest';
import { BadRequestError, InvalidArgumentError, InvalidCredentialsError, NotFoundError, RateLimitError } from '../../../src/index.js';
import { VultrConnection, iterateVultr } from '../../../src/common/vultr/index.js';
import { collect } from '../../../src/common/pagination.js';
import { MockTransport } from '../../../src/testing/index.js';

const TOKEN = 'VULTRKEY0123456789ABCDEF';

function connect(mock: MockTransport): VultrConnection {
  return new VultrConnection(TOKEN, { transport: mock, env: {}, retry: false });
}

describe('VultrConnection', () => {
  it('sends the key as a bearer header to api.vultr.com under /v2', async () => {
    const mock = new MockTransport().on('GET', '/v2/account', { json: { account: { name: 'x' } } });
    await connect(mock).request('/account');
    expect(mock.requests[0]!.url.origin).toBe('https://api.vultr.com');
    expect(mock.requests[0]!.headers.authorization).toBe(`Bearer ${TOKEN}`);
  });

  it('refuses a missing key before any request', () => {
    expect(() => new VultrConnection('', {})).toThrow(InvalidArgumentError);
  });

  it.each([
    [400, 'Invalid plan chosen.', BadRequestError],
    [401, 'Invalid API token.', InvalidCredentialsError],
    [404, 'Instance not found.', NotFoundError],
  ] as const)('maps HTTP %i to its error class with Vultr’s error text', async (status, error, Cls) => {
    const mock = new MockTransport().on('GET', '/v2/instances/x', { status, json: { error, status } });
    const err = await connect(mock).request('/instances/x').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Cls);
    expect((err as Error).message).toBe(`${error} (HTTP ${status})`);
  });

  it('maps a 429 with Retry-After to RateLimitError.retryAfter', async () => {
    const mock = new MockTransport().on('GET', '/v2/plans', { status: 429, headers: { 'retry-after': '3' }, json: { error: 'Rate limit reached', status: 429 } });
    const err = (await connect(mock).request('/plans').catch((e: unknown) => e)) as RateLimitError;
    expect(err).toBeInstanceOf(RateLimitError);
    expect(err.retryAfter).toBe(3);
  });

  it('iterates three pages by following the meta.links.next cursor', async () => {
    const mock = new MockTransport()
      .on('GET', '/v2/things', { json: { things: [{ n: 1 }], meta: { total: 3, links: { next: 'c2', prev: '' } } } }, { times: 1 })
      .on('GET', '/v2/things', { json: { things: [{ n: 2 }], meta: { total: 3, links: { next: 'c3', prev: 'c1' } } } }, { query: { cursor: 'c2' } })
      .on('GET', '/v2/things', { json: { things: [{ n: 3 }], meta: { total: 3, links: { next: '', prev: 'c2' } } } }, { query: { cursor: 'c3' } });
    const items = await collect(iterateVultr<{ n: number }>(connect(mock), '/things', 'things', { perPage: 1 }));
    expect(items.map((i) => i.n)).toEqual([1, 2, 3]);
    expect(mock.requests.map((r) => r.query)).toEqual([{ per_page: '1' }, { per_page: '1', cursor: 'c2' }, { per_page: '1', cursor: 'c3' }]);
  });

  it('refuses a per-page beyond 500 before any request', () => {
    const mock = new MockTransport();
    expect(() => iterateVultr(connect(mock), '/things', 'things', { perPage: 501 })).toThrow(InvalidArgumentError);
    expect(mock.requests).toHaveLength(0);
  });
});
