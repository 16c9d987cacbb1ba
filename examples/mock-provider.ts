/**
 * Mocking a provider in a test: the DigitalOcean driver against a MockTransport. The
 * driver's whole pipeline runs — bearer auth, paging, its error mapping — and every
 * request is recorded; nothing goes over the network. In a test file the replies would
 * be fixture files (`MockTransport.fromFixtures('test/fixtures/...', { 'GET /v2/droplets': 'droplets.json' })`)
 * and the checks `expect(...)`; here they are inline and `node:assert`, so it runs alone.
 *
 * Run: npx tsx examples/mock-provider.ts
 * In your code, import from 'nubes', 'nubes/compute' and 'nubes/testing' instead of '../src/...'.
 */
import assert from 'node:assert/strict';
import { InvalidCredentialsError, NodeDoesNotExistError } from '../src/index.js';
import { getDriver, Provider } from '../src/drivers/compute/index.js';
import { MockTransport } from '../src/testing/index.js';

/** A droplet as the DigitalOcean API returns it (the fields the driver reads). */
function droplet(id: number, name: string, status: string, ip: string): Record<string, unknown> {
  return {
    id,
    name,
    status,
    memory: 1024,
    vcpus: 1,
    disk: 25,
    locked: false,
    created_at: '2026-11-01T09:00:00Z',
    size_slug: 's-1vcpu-1gb',
    region: { slug: 'fra1', name: 'Frankfurt 1' },
    networks: { v4: [{ ip_address: ip, type: 'public' }, { ip_address: '10.114.0.2', type: 'private' }], v6: [] },
    tags: [],
  };
}

const mock = MockTransport.fromFixtures('.', {
  // Two pages: the driver follows links.pages.next.
  'GET /v2/droplets?page=1': {
    json: { droplets: [droplet(101, 'web-1', 'active', '203.0.113.10')], links: { pages: { next: 'https://api.digitalocean.com/v2/droplets?page=2&per_page=200' } }, meta: { total: 2 } },
  },
  'GET /v2/droplets?page=2': { json: { droplets: [droplet(102, 'web-2', 'off', '203.0.113.11')], links: {}, meta: { total: 2 } } },
  'POST /v2/droplets/101/actions': { status: 201, json: { action: { id: 7, status: 'in-progress', type: 'reboot', resource_id: 101, resource_type: 'droplet' } } },
  'DELETE /v2/droplets/999': { status: 404, json: { id: 'not_found', message: 'The resource you were accessing could not be found.' } },
  'GET /v2/account/keys?page=1': { status: 401, json: { id: 'unauthorized', message: 'Unable to authenticate you' } },
});

const DigitalOcean = getDriver(Provider.DIGITAL_OCEAN);
// env: {} keeps the proxy variables of the machine running the test out of it.
const driver = new DigitalOcean('test-token', undefined, { transport: mock, env: {}, retry: false });

const nodes = await driver.listNodes();
assert.deepEqual(
  nodes.map((n) => [n.id, n.name, n.state, n.publicIps]),
  [
    ['101', 'web-1', 'running', ['203.0.113.10']],
    ['102', 'web-2', 'stopped', ['203.0.113.11']],
  ],
);
console.log(`listNodes: ${nodes.map((n) => `${n.name}=${n.state}`).join(', ')} (2 pages)`);

await driver.rebootNode('101');
const [reboot] = mock.requestsTo('POST', '/v2/droplets/101/actions');
assert.deepEqual(reboot?.json(), { type: 'reboot' });
console.log(`rebootNode: sent ${reboot?.text}`);

await assert.rejects(driver.destroyNode('999'), NodeDoesNotExistError);
console.log('destroyNode(999): NodeDoesNotExistError, from the provider\'s 404');

await assert.rejects(driver.listKeyPairs(), (err: unknown) => err instanceof InvalidCredentialsError && !err.message.includes('test-token'));
console.log('listKeyPairs with a bad token: InvalidCredentialsError, token not in the message');

assert.equal(mock.requests[0]?.headers.authorization, 'Bearer test-token');
assert.equal(mock.requests[0]?.proxy, null);
mock.assertDone();
console.log(`requests: ${mock.calls().join(' | ')}`);
