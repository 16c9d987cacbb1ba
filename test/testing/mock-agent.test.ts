/**
 * The undici way: a `MockAgent` passed as the `dispatcher` option serves the default
 * transport, per connection, with no global state.
 */
import { MockAgent } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { RateLimitError } from '../../src/index.js';
import { WidgetsConnection } from './widgets-api.js';

const env = {};
let agent: MockAgent;

afterEach(async () => {
  await agent.close();
});

describe('undici MockAgent through the dispatcher option', () => {
  it('answers the connection and proves every interceptor was used', async () => {
    agent = new MockAgent();
    agent.disableNetConnect();
    const pool = agent.get('https://api.widgets.test');
    const json = { headers: { 'content-type': 'application/json' } };
    pool
      .intercept({ path: '/v1/widgets', method: 'GET', headers: { authorization: 'Bearer tok-2' } })
      .reply(200, { widgets: [{ id: 'w1', name: 'first' }], next: 2 }, json);
    pool.intercept({ path: '/v1/widgets?page=2', method: 'GET' }).reply(200, { widgets: [], next: null }, json);
    const conn = new WidgetsConnection('tok-2', { host: 'api.widgets.test', dispatcher: agent, env });
    expect((await conn.listWidgets()).map((w) => w.id)).toEqual(['w1']);
    agent.assertNoPendingInterceptors();
  });

  it('carries Retry-After into the error the connection raises', async () => {
    agent = new MockAgent();
    agent.disableNetConnect();
    agent
      .get('https://api.widgets.test')
      .intercept({ path: '/v1/widgets', method: 'GET' })
      .reply(429, { message: 'slow down' }, { headers: { 'content-type': 'application/json', 'retry-after': '7' } });
    const conn = new WidgetsConnection('tok', { host: 'api.widgets.test', dispatcher: agent, env, retry: false });
    const err = await conn.listWidgets().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RateLimitError);
    expect((err as RateLimitError).retryAfter).toBe(7);
  });

  it('refuses an unmocked request once net connect is disabled', async () => {
    agent = new MockAgent();
    agent.disableNetConnect();
    const conn = new WidgetsConnection('tok', { host: 'api.widgets.test', dispatcher: agent, env, retry: false });
    const err = await conn.listWidgets().catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'NUBES_ERR_NETWORK' });
    expect((err as Error).message).toMatch(/Mock dispatch not matched for path '\/v1\/widgets'/);
  });
});
