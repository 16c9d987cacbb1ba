import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { DriverOptions } from '../../../src/index.js';
import {
  Algorithm,
  DigitalOceanLoadBalancerDriver,
  getDriver,
  LOADBALANCER_METHODS,
  LoadBalancerDriver,
  Member,
  Provider,
  State,
  type DigitalOceanCreateBalancerOptions,
} from '../../../src/drivers/loadbalancer/index.js';
import { MockTransport } from '../../../src/testing/index.js';
import { expectCapabilitiesImplemented } from '../../helpers/capabilities.js';

const fixturesDir = fileURLToPath(new URL('../../fixtures/loadbalancer/digitalocean/', import.meta.url));
const TOKEN = 'dop_v1_0123456789abcdef0123456789abcdef';
const LBS = '/v2/load_balancers';
const WEB = '4de7ac8b-495b-4884-9a69-1050c6793cd6';

function setup(options: DriverOptions = {}): { mock: MockTransport; lbs: DigitalOceanLoadBalancerDriver } {
  const mock = new MockTransport({ fixturesDir });
  return { mock, lbs: new DigitalOceanLoadBalancerDriver(TOKEN, undefined, { transport: mock, env: {}, retry: false, ...options }) };
}

const create: DigitalOceanCreateBalancerOptions = {
  name: 'shop',
  port: 80,
  protocol: 'http',
  members: [new Member({ id: '3164444', ip: undefined, port: 8080, extra: {} })],
};

describe('DigitalOceanLoadBalancerDriver', () => {
  it('is registered as the digitalocean load balancer provider', () => {
    expect(getDriver(Provider.DIGITAL_OCEAN)).toBe(DigitalOceanLoadBalancerDriver);
  });

  it('declares exactly the methods it implements', () => {
    expectCapabilitiesImplemented(DigitalOceanLoadBalancerDriver, LoadBalancerDriver, LOADBALANCER_METHODS);
  });

  it('lists balancers across three pages, mapping status, rules and droplets', async () => {
    const { lbs, mock } = setup();
    for (const page of ['1', '2', '3']) mock.on('GET', LBS, { fixture: `lbs_page${page}.json` }, { query: { page } });
    const all = await lbs.listBalancers();
    expect(mock.requests.map((r) => r.query)).toEqual([
      { page: '1', per_page: '200' },
      { page: '2', per_page: '200' },
      { page: '3', per_page: '200' },
    ]);
    expect(mock.requests[0]!.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(all.map((b) => [b.name, b.state, b.ip, b.port])).toEqual([
      ['web', State.RUNNING, '104.131.186.241', 80],
      ['api', State.PENDING, undefined, 80],
      ['tcp-lb', State.ERROR, '104.131.186.241', 5432],
      ['tagged', State.RUNNING, '104.131.186.241', 80],
    ]);
    expect(all[0]!.extra).toMatchObject({
      region: 'ams3',
      dropletIds: [3164444, 3164445],
      algorithm: 'round_robin',
      forwardingRules: [{ entry_protocol: 'http', entry_port: 80, target_protocol: 'http', target_port: 8080 }],
      vpcUuid: 'c33931f2-a26a-4e61-b85c-4e95a2ec431b',
    });
    expect(all[3]!.extra.tag).toBe('web');
  });

  it('maps a 404 to LoadBalancerDoesNotExistError', async () => {
    const { lbs, mock } = setup();
    mock.on('GET', `${LBS}/${WEB}`, { status: 404, fixture: 'error_not_found.json' });
    await expect(lbs.getBalancer(WEB)).rejects.toMatchObject({ name: 'LoadBalancerDoesNotExistError', providerCode: 'not_found' });
  });

  it('creates a balancer in the driver\'s region with one forwarding rule to the members\' port', async () => {
    const { lbs, mock } = setup({ region: 'ams3' });
    mock.on('POST', LBS, { status: 202, fixture: 'lb_create.json' });
    const lb = await lbs.createBalancer({ ...create, algorithm: Algorithm.LEAST_CONNECTIONS });
    expect(mock.requests[0]!.json()).toEqual({
      name: 'shop',
      region: 'ams3',
      forwarding_rules: [{ entry_protocol: 'http', entry_port: 80, target_protocol: 'http', target_port: 8080 }],
      droplet_ids: [3164444],
      algorithm: 'least_connections',
    });
    expect(lb).toMatchObject({ name: 'shop', state: State.PENDING });
  });

  it('creates an https balancer by tag with a certificate', async () => {
    const { lbs, mock } = setup();
    mock.on('POST', LBS, { status: 202, fixture: 'lb_create.json' });
    await lbs.createBalancer({ name: 'shop', port: 443, protocol: 'https', exRegion: 'nyc3', exTag: 'web', exTargetPort: 80, exCertificateId: 'cert-1', exRedirectHttpToHttps: true });
    expect(mock.requests[0]!.json()).toEqual({
      name: 'shop',
      region: 'nyc3',
      forwarding_rules: [{ entry_protocol: 'https', entry_port: 443, target_protocol: 'http', target_port: 80, certificate_id: 'cert-1' }],
      tag: 'web',
      redirect_http_to_https: true,
    });
  });

  it.each([
    [{ exRegion: undefined }, 'exRegion'],
    [{ protocol: 'ftp' }, 'protocol'],
    [{ port: 0 }, 'port'],
    [{ algorithm: Algorithm.RANDOM }, 'algorithm'],
    [{ protocol: 'https', port: 443 }, 'exCertificateId'],
    [{ members: [new Member({ id: 'i-0abc', ip: undefined, port: 80, extra: {} })] }, 'member.id'],
    [{ exTag: 'web' }, 'exTag'],
  ])('refuses %j before any request (option %s)', async (override, option) => {
    const { lbs, mock } = setup();
    await expect(lbs.createBalancer({ ...create, exRegion: 'ams3', ...override } as DigitalOceanCreateBalancerOptions)).rejects.toMatchObject({ name: 'InvalidArgumentError', option });
    expect(mock.requests).toEqual([]);
  });

  it('names the algorithms it supports when refusing another', async () => {
    const { lbs } = setup({ region: 'ams3' });
    expect(lbs.listSupportedAlgorithms()).toEqual([Algorithm.ROUND_ROBIN, Algorithm.LEAST_CONNECTIONS]);
    await expect(lbs.createBalancer({ ...create, algorithm: Algorithm.RANDOM })).rejects.toThrow('DigitalOcean Load Balancers supports round_robin, least_connections (got random)');
  });

  it('maps a 422 to BadRequestError with DigitalOcean\'s message', async () => {
    const { lbs, mock } = setup({ region: 'ams3' });
    mock.on('POST', LBS, { status: 422, fixture: 'error_invalid.json' });
    await expect(lbs.createBalancer(create)).rejects.toMatchObject({ name: 'BadRequestError', providerCode: 'unprocessable_entity' });
  });

  it('updates a balancer by reading it and PUTting it whole with the changes', async () => {
    const { lbs, mock } = setup();
    mock.on('GET', `${LBS}/${WEB}`, { fixture: 'lb.json' });
    mock.on('PUT', `${LBS}/${WEB}`, { fixture: 'lb_update.json' });
    const lb = await lbs.updateBalancer(WEB, { name: 'web-2', algorithm: Algorithm.LEAST_CONNECTIONS, port: 8000 });
    expect(mock.requests[1]!.json()).toMatchObject({
      name: 'web-2',
      region: 'ams3',
      algorithm: 'least_connections',
      droplet_ids: [3164444, 3164445],
      forwarding_rules: [{ entry_protocol: 'http', entry_port: 8000, target_protocol: 'http', target_port: 8080 }],
      health_check: { protocol: 'http', port: 8080, path: '/' },
      vpc_uuid: 'c33931f2-a26a-4e61-b85c-4e95a2ec431b',
    });
    expect(lb).toMatchObject({ name: 'web-2', extra: { algorithm: 'least_connections' } });
  });

  it('attaches, lists and detaches droplets', async () => {
    const { lbs, mock } = setup();
    mock.on('GET', `${LBS}/${WEB}`, { fixture: 'lb.json' });
    mock.on('POST', `${LBS}/${WEB}/droplets`, { status: 204 });
    mock.on('DELETE', `${LBS}/${WEB}/droplets`, { status: 204 });
    const lb = await lbs.getBalancer(WEB);
    const member = await lb.attachComputeNode({ id: '3164446', publicIps: ['203.0.113.6'], privateIps: [] });
    const members = await lb.listMembers();
    await lb.detachMember(member);
    expect(member).toMatchObject({ id: '3164446', ip: '203.0.113.6', port: 8080 });
    expect(members.map((m) => [m.id, m.port])).toEqual([
      ['3164444', 8080],
      ['3164445', 8080],
    ]);
    expect(mock.requests.filter((r) => r.path.endsWith('/droplets')).map((r) => [r.method, r.json()])).toEqual([
      ['POST', { droplet_ids: [3164446] }],
      ['DELETE', { droplet_ids: [3164446] }],
    ]);
  });

  it('destroys a balancer', async () => {
    const { lbs, mock } = setup();
    mock.on('DELETE', `${LBS}/${WEB}`, { status: 204 });
    await lbs.destroyBalancer(WEB);
    expect(mock.requests[0]!.method).toBe('DELETE');
  });

  it('maps 429 to RateLimitError with Retry-After, and 401 without the token', async () => {
    const { lbs, mock } = setup();
    mock.on('GET', LBS, { status: 429, headers: { 'retry-after': '7' }, fixture: 'error_rate_limited.json' }, { times: 1 });
    mock.on('GET', LBS, { status: 401, json: { id: 'Unauthorized', message: 'Unable to authenticate you' } });
    await expect(lbs.listBalancers()).rejects.toMatchObject({ name: 'RateLimitError', retryAfter: 7 });
    const err = (await lbs.listBalancers().catch((e: unknown) => e)) as Error;
    expect(err).toMatchObject({ name: 'InvalidCredentialsError' });
    expect(`${err.message}${err.stack}`).not.toContain(TOKEN);
  });

  it('sends its calls through proxyUrl and through HTTPS_PROXY from the env option', async () => {
    const a = setup({ proxyUrl: 'http://proxy.corp.example:3128' });
    a.mock.on('GET', `${LBS}/${WEB}`, { fixture: 'lb.json' });
    await a.lbs.getBalancer(WEB);
    expect(a.mock.requests[0]!.proxy).toMatchObject({ hostname: 'proxy.corp.example', port: 3128 });
    const b = setup({ env: { HTTPS_PROXY: 'http://env-proxy.example:8080' } });
    b.mock.on('GET', `${LBS}/${WEB}`, { fixture: 'lb.json' });
    b.mock.on('PUT', `${LBS}/${WEB}`, { fixture: 'lb_update.json' });
    await b.lbs.updateBalancer(WEB, { name: 'web-2' });
    expect(b.mock.requests.map((r) => r.proxy?.origin)).toEqual(Array(2).fill('http://env-proxy.example:8080'));
  });
});
