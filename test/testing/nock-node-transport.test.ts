/**
 * The nock way: nock 14 patches node:http, so it sees the `node` transport only. These
 * tests are the recipe docs/testing.md shows, and the proof of its warning: with the
 * default undici transport nock sees nothing, not even with disableNetConnect().
 */
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { InvalidCredentialsError } from '../../src/index.js';
import { startOrigin, type Origin } from '../helpers/origin.js';
import { WidgetsConnection } from './widgets-api.js';

const env = {};

afterEach(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

describe('nock with the node transport', () => {
  it('intercepts requests of a connection built with transport: node', async () => {
    const scope = nock('https://api.widgets.test')
      .get('/v1/widgets')
      .matchHeader('authorization', 'Bearer tok-1')
      .reply(200, { widgets: [{ id: 'w1', name: 'first' }], next: 2 })
      .get('/v1/widgets')
      .query({ page: '2' })
      .reply(200, { widgets: [{ id: 'w2', name: 'second' }], next: null });
    const conn = new WidgetsConnection('tok-1', { host: 'api.widgets.test', transport: 'node', env });
    expect((await conn.listWidgets()).map((w) => w.id)).toEqual(['w1', 'w2']);
    scope.done();
    await conn.close();
  });

  it('lets the driver map a provider error nock replies with', async () => {
    nock('https://api.widgets.test').get('/v1/widgets').reply(401, { id: 'unauthorized', message: 'Unable to authenticate you' });
    const conn = new WidgetsConnection('bad-token', { host: 'api.widgets.test', transport: 'node', env, retry: false });
    const err = await conn.listWidgets().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidCredentialsError);
    expect((err as Error).message).toContain('Unable to authenticate you');
    await conn.close();
  });

  it('turns an unmocked request into a network error once net connect is disabled', async () => {
    nock.disableNetConnect();
    const conn = new WidgetsConnection('tok', { host: 'api.widgets.test', transport: 'node', env, retry: false });
    await expect(conn.listWidgets()).rejects.toMatchObject({ code: 'NUBES_ERR_NETWORK' });
    await conn.close();
  });
});

describe('nock with the default undici transport', () => {
  let origin: Origin;
  beforeAll(async () => {
    origin = await startOrigin();
  });
  afterAll(async () => {
    await origin.close();
  });

  it('sees nothing: the request reaches the real server despite disableNetConnect()', async () => {
    nock.disableNetConnect();
    const scope = nock(origin.url).get('/json').reply(200, { from: 'nock' });
    const conn = new WidgetsConnection('tok', { url: origin.url, env });
    const res = await conn.request<Record<string, unknown>>('/json');
    expect(res.object).not.toEqual({ from: 'nock' });
    expect(origin.seen.some((r) => r.url === '/json')).toBe(true);
    expect(scope.isDone()).toBe(false);
    await conn.close();
  });
});
