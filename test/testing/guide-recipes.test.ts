/**
 * The recipes of docs/testing.md, as written there, against the real DigitalOcean
 * driver: if the guide's code stops working, this fails.
 */
import nock from 'nock';
import { MockAgent } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { getDriver, Provider } from '../../src/drivers/compute/index.js';
import { MockTransport } from '../../src/testing/index.js';

const DigitalOcean = getDriver(Provider.DIGITAL_OCEAN);
const empty = { droplets: [], links: {}, meta: { total: 0 } };

afterEach(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

describe('docs/testing.md recipes', () => {
  it('MockTransport: routes, the recorded auth header, and the proxy decision', async () => {
    const mock = new MockTransport().on('GET', '/v2/droplets', { json: empty });
    const driver = new DigitalOcean('test-token', undefined, { transport: mock, env: { HTTPS_PROXY: 'http://proxy.corp:3128' } });
    expect(await driver.listNodes()).toEqual([]);
    expect(mock.lastRequest?.headers.authorization).toBe('Bearer test-token');
    expect(mock.lastRequest?.proxy?.origin).toBe('http://proxy.corp:3128');
  });

  it('nock with transport: node', async () => {
    const scope = nock('https://api.digitalocean.com')
      .get('/v2/droplets')
      .query(true)
      .matchHeader('authorization', 'Bearer test-token')
      .reply(200, empty);
    const driver = new DigitalOcean('test-token', undefined, { transport: 'node', env: {} });
    expect(await driver.listNodes()).toEqual([]);
    scope.done();
    await driver.close();
  });

  it('undici MockAgent through the dispatcher option', async () => {
    const agent = new MockAgent();
    agent.disableNetConnect();
    agent
      .get('https://api.digitalocean.com')
      .intercept({ path: /^\/v2\/droplets/, method: 'GET' })
      .reply(200, empty, { headers: { 'content-type': 'application/json' } });
    const driver = new DigitalOcean('test-token', undefined, { dispatcher: agent, env: {} });
    expect(await driver.listNodes()).toEqual([]);
    agent.assertNoPendingInterceptors();
    await agent.close();
  });
});
