/**
 * A MockTransport serving Keystone (the token call goes through the same transport as
 * every Nova, Glance and Cinder call) and an OpenStack driver pointed at it.
 */
import { fileURLToPath } from 'node:url';
import { OpenStackNodeDriver, type OpenStackNodeDriverOptions } from '../../../../src/drivers/compute/openstack/index.js';
import { MockTransport, type MockReply } from '../../../../src/testing/index.js';

export const FIXTURES = fileURLToPath(new URL('../../../fixtures/compute/openstack/', import.meta.url));
export const TOKEN = 'gAAAAABnova-test-token-0123456789';
export const PASSWORD = 'os-Password-123';
export const NOVA = 'https://compute.example.net:8774/v2.1';
export const GLANCE = 'https://image.example.net:9292';
export const CINDER = 'https://volume.example.net:8776/v3/6b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e';

/** Hosts of the catalog endpoints, for `mock.on(..., { host })`. */
export const HOST = { nova: 'compute.example.net', glance: 'image.example.net', cinder: 'volume.example.net' } as const;

/** A driver on a fresh mock; `token` replaces Keystone's reply, `password` the secret. */
export function setup(
  options: OpenStackNodeDriverOptions = {},
  keystone: { token?: MockReply; password?: string } = {},
): { mock: MockTransport; driver: OpenStackNodeDriver } {
  const mock = new MockTransport({ fixturesDir: FIXTURES });
  const token = keystone.token ?? { status: 201, headers: { 'x-subject-token': TOKEN }, fixture: 'keystone-token.json' };
  mock.on('POST', '/v3/auth/tokens', token, { host: 'keystone.example.net' });
  const driver = new OpenStackNodeDriver('alice', keystone.password ?? PASSWORD, {
    authUrl: 'https://keystone.example.net:5000',
    projectName: 'demo',
    transport: mock,
    env: {},
    retry: false,
    ...options,
  });
  return { mock, driver };
}

/** The requests sent to one host (the token call excluded). */
/** A Keystone token reply whose catalog has compute endpoints in two regions. */
export const TWO_REGIONS: MockReply = {
  status: 201,
  headers: { 'x-subject-token': 'tok-two-regions' },
  json: {
    token: {
      expires_at: '2031-03-01T13:00:00Z',
      catalog: [
        {
          type: 'compute',
          endpoints: [
            { interface: 'public', region_id: 'RegionOne', url: 'https://nova.one/v2.1' },
            { interface: 'public', region_id: 'RegionTwo', url: 'https://nova.two/v2.1' },
          ],
        },
      ],
    },
  },
};

export function sentTo(mock: MockTransport, host: string): MockTransport['requests'] {
  return mock.requests.filter((r) => r.url.hostname === host);
}
