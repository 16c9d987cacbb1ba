import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  BadRequestError,
  InvalidCredentialsError,
  NodeDoesNotExistError,
  NotFoundError,
  RateLimitError,
  ServiceUnavailableError,
} from '../../../src/index.js';
import {
  COMPUTE_METHODS,
  NodeAuthPassword,
  NodeAuthSSHKey,
  NodeDriver,
  NodeState,
  Provider,
  StorageVolumeState,
  VultrNodeDriver,
  getDriver,
  md5Fingerprint,
  vultrInstanceState,
  type VultrDriverOptions,
} from '../../../src/drivers/compute/index.js';
import { MockTransport } from '../../../src/testing/index.js';
import { expectCapabilitiesImplemented } from '../../helpers/capabilities.js';

const KEY = 'VULTRAPIKEY7Q2W3E4R5T6Y7U8I9O0PASDFGHJ';
const FIXTURES = fileURLToPath(new URL('../../fixtures/compute/vultr/', import.meta.url));
const PUBKEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHsJ7Nw6tjBV1Ef4ToZqKPHw0+PMs0y2dl5Fd3lOgMf2 alice@example';
const WEB1 = 'cb676a46-66fd-4dfb-b839-443f2e6c0b60';
const SNAP = '5359435d-28b6-4c3c-b3f1-4fd6f9d1a6b7';
const BLOCK = 'd6b9f5a4-9e2c-4f8b-ad30-4c7e6f9b2a51';

function setup(options: VultrDriverOptions = {}): { mock: MockTransport; driver: VultrNodeDriver } {
  const mock = new MockTransport({ fixturesDir: FIXTURES });
  const driver = new VultrNodeDriver(KEY, undefined, { transport: mock, env: {}, retry: false, ...options });
  return { mock, driver };
}

function routeInstancePages(mock: MockTransport): void {
  mock.on('GET', '/v2/instances', { fixture: 'instances_page2.json' }, { query: { cursor: 'bmV4dF9fY2I2NzZhNDY=' } });
  mock.on('GET', '/v2/instances', { fixture: 'instances_page3.json' }, { query: { cursor: 'bmV4dF9fOWY4YjhlNGE=' } });
  mock.on('GET', '/v2/instances', { fixture: 'instances_page1.json' });
}

describe('VultrNodeDriver', () => {
  it('is Provider.VULTR and declares exactly the methods it overrides', () => {
    expect(getDriver(Provider.VULTR)).toBe(VultrNodeDriver);
    expectCapabilitiesImplemented(VultrNodeDriver, NodeDriver, COMPUTE_METHODS, { derived: { getKeyPair: 'listKeyPairs' } });
    expect(VultrNodeDriver.capabilities).toHaveLength(23);
  });

  it('refuses a missing API key before any request', () => {
    expect(() => new VultrNodeDriver('')).toThrow(expect.objectContaining({ name: 'InvalidArgumentError', option: 'key' }));
  });

  describe('instances', () => {
    it('lists instances across three pages by following the cursor', async () => {
      const { mock, driver } = setup();
      routeInstancePages(mock);
      const nodes = await driver.listNodes();
      expect(nodes.map((n) => [n.name, n.state])).toEqual([
        ['web-1', NodeState.RUNNING],
        ['web-2', NodeState.STOPPED],
        ['db-1', NodeState.PENDING],
        ['batch-1', NodeState.STARTING],
        ['old-1', NodeState.SUSPENDED],
      ]);
      expect(mock.requests.map((r) => [r.url.origin, r.path, r.query, r.headers.authorization])).toEqual([
        ['https://api.vultr.com', '/v2/instances', { per_page: '500' }, `Bearer ${KEY}`],
        ['https://api.vultr.com', '/v2/instances', { per_page: '500', cursor: 'bmV4dF9fY2I2NzZhNDY=' }, `Bearer ${KEY}`],
        ['https://api.vultr.com', '/v2/instances', { per_page: '500', cursor: 'bmV4dF9fOWY4YjhlNGE=' }, `Bearer ${KEY}`],
      ]);
    });

    it('maps an instance: main IPv4 and IPv6, internal IP, plan as size, OS id as image, typed extra without the console URL', async () => {
      const { mock, driver } = setup();
      mock.on('GET', `/v2/instances/${WEB1}`, { fixture: 'instance_get.json' });
      const node = await driver.getNode(WEB1);
      expect(node).toMatchObject({ id: WEB1, name: 'web-1', publicIps: ['203.0.113.40', '2001:db8:1000::1'], privateIps: ['10.1.96.3'], image: '2284' });
      expect(node.size).toMatchObject({ id: 'vc2-1c-1gb', ram: 1024, disk: 25, vcpus: 1, bandwidth: 1024 });
      expect(node.createdAt?.toISOString()).toBe('2025-03-04T05:06:07.000Z');
      expect(node.extra).toEqual({
        status: 'active',
        powerStatus: 'running',
        serverStatus: 'ok',
        region: 'ewr',
        plan: 'vc2-1c-1gb',
        os: 'Ubuntu 24.04 LTS x64',
        osId: 2284,
        appId: null,
        imageId: null,
        hostname: 'web-1',
        tags: ['web'],
        features: ['ipv6'],
        internalIp: '10.1.96.3',
        gatewayV4: '203.0.113.1',
        netmaskV4: '255.255.254.0',
        firewallGroupId: null,
        defaultPassword: null,
      });
      expect(JSON.stringify(node)).not.toContain('novnc');
    });

    it('treats 0.0.0.0 as no address yet', async () => {
      const { mock, driver } = setup();
      routeInstancePages(mock);
      const db1 = (await driver.listNodes())[2]!;
      expect(db1.publicIps).toEqual([]);
      expect(db1.privateIps).toEqual([]);
    });

    it.each([
      ['active', 'running', 'ok', NodeState.RUNNING],
      ['active', 'running', 'installingbooting', NodeState.STARTING],
      ['active', 'running', 'none', NodeState.STARTING],
      ['active', 'running', 'locked', NodeState.UPDATING],
      ['active', 'stopped', 'ok', NodeState.STOPPED],
      ['pending', 'running', 'none', NodeState.PENDING],
      ['suspended', 'stopped', 'locked', NodeState.SUSPENDED],
      ['resizing', 'running', 'locked', NodeState.RECONFIGURING],
      ['active', 'starting', 'ok', NodeState.UNKNOWN],
      ['closed', 'stopped', 'none', NodeState.UNKNOWN],
    ])('maps status %s / power %s / server %s to %s', (status, power, server, state) => {
      expect(vultrInstanceState(status, power, server)).toBe(state);
    });

    it('turns a 404 on an instance into NodeDoesNotExistError with Vultr’s error text', async () => {
      const { mock, driver } = setup();
      mock.on('GET', '/v2/instances/nope', { status: 404, json: { error: 'Invalid instance-id.', status: 404 } });
      const err = await driver.getNode('nope').catch((e: unknown) => e);
      expect(err).toBeInstanceOf(NodeDoesNotExistError);
      expect(err).toMatchObject({ message: 'Invalid instance-id. (HTTP 404)', provider: 'vultr', statusCode: 404 });
    });

    it('refuses an id that is not one path segment before any request', async () => {
      const { mock, driver } = setup();
      await expect(driver.getNode('../account')).rejects.toMatchObject({ option: 'id' });
      await expect(driver.destroyNode('')).rejects.toMatchObject({ option: 'node' });
      expect(mock.requests).toEqual([]);
    });

    it('creates an instance from an OS id, with tags, base64 user data and the region option', async () => {
      const { mock, driver } = setup({ region: 'ewr' });
      mock.on('POST', '/v2/instances', { status: 202, fixture: 'instance_create.json' });
      const node = await driver.createNode({
        name: 'web-3',
        size: 'vc2-1c-1gb',
        image: '2284',
        exTags: ['web'],
        exUserData: '#cloud-config\n',
        exSshKeyIds: ['3b8066a7-b438-455a-9688-44afc9a3597f'],
        exEnableIpv6: true,
        exBackups: false,
      });
      expect(mock.requests[0]!.json()).toEqual({
        region: 'ewr',
        plan: 'vc2-1c-1gb',
        label: 'web-3',
        os_id: 2284,
        sshkey_id: ['3b8066a7-b438-455a-9688-44afc9a3597f'],
        tags: ['web'],
        user_data: Buffer.from('#cloud-config\n').toString('base64'),
        enable_ipv6: true,
        backups: 'disabled',
      });
      expect(node).toMatchObject({ id: '4f0f12e5-1f84-404f-aa84-85f431ea5ec2', state: NodeState.PENDING, publicIps: [] });
    });

    it('returns the generated root password hidden from JSON and inspect, and redacts it from later errors', async () => {
      const { mock, driver } = setup({ region: 'ewr' });
      mock.on('POST', '/v2/instances', { status: 202, fixture: 'instance_create.json' });
      mock.on('GET', '/v2/plans', { status: 400, json: { error: 'password v5{Xq$7RmT!d2Lw9 echoed', status: 400 } });
      const node = await driver.createNode({ name: 'web-3', size: 'vc2-1c-1gb', image: '2284' });
      expect(node.extra.defaultPassword?.password).toBe('v5{Xq$7RmT!d2Lw9');
      expect(node.extra.defaultPassword?.generated).toBe(true);
      expect(JSON.stringify(node)).not.toContain('v5{Xq');
      expect(inspect(node, { depth: 10 })).not.toContain('v5{Xq');
      const err = await driver.listSizes().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(BadRequestError);
      expect((err as Error).message).not.toContain('v5{Xq$7RmT!d2Lw9');
    });

    it.each([
      ['a snapshot id', SNAP, { snapshot_id: SNAP }],
      ['a marketplace image id', 'openlitespeed-wordpress', { image_id: 'openlitespeed-wordpress' }],
    ])('creates an instance from %s', async (_what, image, field) => {
      const { mock, driver } = setup();
      mock.on('POST', '/v2/instances', { status: 202, fixture: 'instance_create.json' });
      await driver.createNode({ name: 'web-3', size: 'vc2-1c-1gb', image, location: 'fra' });
      expect(mock.requests[0]!.json()).toEqual({ region: 'fra', plan: 'vc2-1c-1gb', label: 'web-3', ...field });
    });

    it('creates an instance from an image object of listImages', async () => {
      const { mock, driver } = setup({ region: 'ewr' });
      mock.on('GET', '/v2/os', { fixture: 'os.json' });
      mock.on('GET', '/v2/snapshots', { fixture: 'snapshots.json' });
      mock.on('POST', '/v2/instances', { status: 202, fixture: 'instance_create.json' });
      const [, debian, golden] = await driver.listImages();
      await driver.createNode({ name: 'a', size: 'vc2-1c-1gb', image: debian! });
      await driver.createNode({ name: 'b', size: 'vc2-1c-1gb', image: golden! });
      expect(mock.requests.slice(2).map((r) => r.json<Record<string, unknown>>())).toEqual([
        { region: 'ewr', plan: 'vc2-1c-1gb', label: 'a', os_id: 2136 },
        { region: 'ewr', plan: 'vc2-1c-1gb', label: 'b', snapshot_id: SNAP },
      ]);
    });

    it('uses an SSH key the account already has, matched by fingerprint', async () => {
      const { mock, driver } = setup({ region: 'ewr' });
      mock.on('GET', '/v2/ssh-keys', { fixture: 'ssh_keys.json' });
      mock.on('POST', '/v2/instances', { status: 202, fixture: 'instance_create.json' });
      await driver.createNode({ name: 'web-3', size: 'vc2-1c-1gb', image: '2284', auth: new NodeAuthSSHKey(PUBKEY) });
      expect(mock.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /v2/ssh-keys', 'POST /v2/instances']);
      expect(mock.requests[1]!.json<{ sshkey_id: string[] }>().sshkey_id).toEqual(['3b8066a7-b438-455a-9688-44afc9a3597f']);
    });

    it('imports an SSH key the account does not have before creating the instance', async () => {
      const { mock, driver } = setup({ region: 'ewr' });
      const other = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGdmZmZmZmZmZmZmZmZmZmZmZmZmZmZmZmZmZmZmZmZm dave@example';
      mock.on('GET', '/v2/ssh-keys', { fixture: 'ssh_keys.json' });
      mock.on('POST', '/v2/ssh-keys', { status: 201, fixture: 'ssh_key_create.json' });
      mock.on('POST', '/v2/instances', { status: 202, fixture: 'instance_create.json' });
      await driver.createNode({ name: 'web-3', size: 'vc2-1c-1gb', image: '2284', auth: new NodeAuthSSHKey(other) });
      expect(mock.requests[1]!.json()).toEqual({ name: 'web-3-key', ssh_key: other });
      expect(mock.requests[2]!.json<{ sshkey_id: string[] }>().sshkey_id).toEqual(['5da288c9-d65a-477c-b8aa-66c1ebc5719b']);
    });

    it.each([
      ['size', { name: 'x', image: '2284', location: 'ewr' }],
      ['image', { name: 'x', size: 'vc2-1c-1gb', location: 'ewr' }],
      ['location', { name: 'x', size: 'vc2-1c-1gb', image: '2284' }],
      ['name', { name: ' ', size: 'vc2-1c-1gb', image: '2284', location: 'ewr' }],
      ['auth', { name: 'x', size: 'vc2-1c-1gb', image: '2284', location: 'ewr', auth: new NodeAuthPassword('secret-pw-1') }],
    ])('refuses createNode without a valid %s before any request', async (option, options) => {
      const { mock, driver } = setup();
      await expect(driver.createNode(options as never)).rejects.toMatchObject({ name: 'InvalidArgumentError', option });
      expect(mock.requests).toEqual([]);
    });

    it('surfaces a 400 with Vultr’s error text', async () => {
      const { mock, driver } = setup({ region: 'ewr' });
      mock.on('POST', '/v2/instances', { status: 400, json: { error: 'Invalid plan chosen.', status: 400 } });
      await expect(driver.createNode({ name: 'x', size: 'vc9', image: '2284' })).rejects.toThrow('Invalid plan chosen. (HTTP 400)');
    });

    it.each([
      ['rebootNode', 'reboot'],
      ['startNode', 'start'],
      ['stopNode', 'halt'],
    ] as const)('%s posts to /%s', async (method, action) => {
      const { mock, driver } = setup();
      mock.on('POST', `/v2/instances/${WEB1}/${action}`, { status: 204 });
      await driver[method](WEB1);
      expect(mock.requests.map((r) => `${r.method} ${r.path}`)).toEqual([`POST /v2/instances/${WEB1}/${action}`]);
    });

    it('destroys an instance', async () => {
      const { mock, driver } = setup();
      mock.on('DELETE', `/v2/instances/${WEB1}`, { status: 204 });
      await driver.destroyNode(WEB1);
      expect(mock.requests).toHaveLength(1);
    });
  });

  describe('plans, images, regions', () => {
    it('lists plans with the hourly price when Vultr gives one, and filters by region', async () => {
      const { mock, driver } = setup();
      mock.on('GET', '/v2/plans', { fixture: 'plans.json' });
      const plans = await driver.listSizes();
      expect(plans.map((p) => [p.id, p.ram, p.disk, p.vcpus, p.bandwidth, p.price])).toEqual([
        ['vc2-1c-1gb', 1024, 25, 1, 1024, 0.007],
        ['vc2-2c-4gb', 4096, 80, 2, 3072, 0.03],
        ['vhf-2c-4gb', 4096, 128, 2, 3072, undefined],
      ]);
      expect(plans[2]!.extra).toEqual({ type: 'vhf', monthlyCost: 24, diskCount: 1, locations: ['fra'], gpuType: null, gpuVramGb: null });
      expect((await driver.listSizes('fra')).map((p) => p.id)).toEqual(['vc2-1c-1gb', 'vhf-2c-4gb']);
    });

    it('lists operating systems, then snapshots', async () => {
      const { mock, driver } = setup();
      mock.on('GET', '/v2/os', { fixture: 'os.json' });
      mock.on('GET', '/v2/snapshots', { fixture: 'snapshots.json' });
      const images = await driver.listImages();
      expect(images.map((i) => [i.id, i.name, i.extra.kind])).toEqual([
        ['2284', 'Ubuntu 24.04 LTS x64', 'os'],
        ['2136', 'Debian 12 x64 (bookworm)', 'os'],
        [SNAP, 'web-golden', 'snapshot'],
      ]);
      expect(images[2]!.extra).toMatchObject({ status: 'complete', size: 42949672960, osId: 2284, createdAt: new Date('2025-02-01T12:00:00Z') });
    });

    it('gets an OS image by id and a snapshot by id, and reports a missing one as ImageDoesNotExistError', async () => {
      const { mock, driver } = setup();
      mock.on('GET', '/v2/os', { fixture: 'os.json' });
      mock.on('GET', `/v2/snapshots/${SNAP}`, { fixture: 'snapshot_get.json' });
      mock.on('GET', '/v2/snapshots/missing', { status: 404, json: { error: 'Snapshot not found', status: 404 } });
      expect((await driver.getImage('2136')).name).toBe('Debian 12 x64 (bookworm)');
      expect((await driver.getImage(SNAP)).name).toBe('web-golden');
      await expect(driver.getImage('9999')).rejects.toMatchObject({ name: 'ImageDoesNotExistError' });
      await expect(driver.getImage('missing')).rejects.toMatchObject({ name: 'ImageDoesNotExistError' });
    });

    it('creates an image by snapshotting an instance and deletes snapshots only', async () => {
      const { mock, driver } = setup();
      mock.on('POST', '/v2/snapshots', { status: 202, fixture: 'snapshot_create.json' });
      mock.on('DELETE', /^\/v2\/snapshots\/.+$/, { status: 204 });
      const image = await driver.createImage(WEB1, 'snap-1');
      expect(image).toMatchObject({ id: '7a1d3c5e-9b2f-4d6a-8c0e-1f3a5b7d9e0c', name: 'snap-1', extra: { kind: 'snapshot', status: 'pending' } });
      expect(mock.requests[0]!.json()).toEqual({ instance_id: WEB1, description: 'snap-1' });
      await image.delete();
      expect(mock.lastRequest!.path).toBe('/v2/snapshots/7a1d3c5e-9b2f-4d6a-8c0e-1f3a5b7d9e0c');
      await expect(driver.deleteImage('2284')).rejects.toMatchObject({ option: 'image' });
      expect(mock.requests).toHaveLength(2);
    });

    it('lists regions by city with their country', async () => {
      const { mock, driver } = setup();
      mock.on('GET', '/v2/regions', { fixture: 'regions.json' });
      const regions = await driver.listLocations();
      expect(regions.map((r) => [r.id, r.name, r.country, r.extra.continent])).toEqual([
        ['ewr', 'New Jersey', 'US', 'North America'],
        ['fra', 'Frankfurt', 'DE', 'Europe'],
        ['sgp', 'Singapore', 'SG', 'Asia'],
      ]);
    });
  });

  describe('block storage', () => {
    it('lists volumes with states from status and attachment', async () => {
      const { mock, driver } = setup();
      mock.on('GET', '/v2/blocks', { fixture: 'blocks.json' });
      const volumes = await driver.listVolumes();
      expect(volumes.map((v) => [v.name, v.size, v.state, v.extra.instanceId])).toEqual([
        ['data-1', 100, StorageVolumeState.INUSE, WEB1],
        ['scratch', 50, StorageVolumeState.AVAILABLE, null],
        ['new-vol', 50, StorageVolumeState.CREATING, null],
      ]);
    });

    it('creates a volume in the region option and refuses a snapshot or a missing region', async () => {
      const { mock, driver } = setup({ region: 'ewr' });
      mock.on('POST', '/v2/blocks', { status: 202, fixture: 'block_create.json' });
      const volume = await driver.createVolume({ size: 40, name: 'logs' });
      expect(volume).toMatchObject({ name: 'logs', size: 40, state: StorageVolumeState.CREATING });
      expect(mock.requests[0]!.json()).toEqual({ region: 'ewr', size_gb: 40, label: 'logs' });
      await expect(driver.createVolume({ size: 40, name: 'x', snapshot: 's' })).rejects.toMatchObject({ option: 'snapshot' });
      await expect(setup().driver.createVolume({ size: 40, name: 'x' })).rejects.toMatchObject({ option: 'location' });
      expect(mock.requests).toHaveLength(1);
    });

    it('attaches and detaches live, and deletes', async () => {
      const { mock, driver } = setup();
      mock.on('POST', `/v2/blocks/${BLOCK}/attach`, { status: 204 });
      mock.on('POST', `/v2/blocks/${BLOCK}/detach`, { status: 204 });
      mock.on('DELETE', `/v2/blocks/${BLOCK}`, { status: 204 });
      await driver.attachVolume(WEB1, BLOCK);
      await driver.detachVolume(BLOCK);
      await driver.destroyVolume(BLOCK);
      expect(mock.requests.map((r) => `${r.method} ${r.path} ${r.text}`)).toEqual([
        `POST /v2/blocks/${BLOCK}/attach {"instance_id":"${WEB1}","live":true}`,
        `POST /v2/blocks/${BLOCK}/detach {"live":true}`,
        `DELETE /v2/blocks/${BLOCK} `,
      ]);
    });
  });

  describe('SSH keys', () => {
    it('lists keys with a computed fingerprint, imports and deletes by object, id and name', async () => {
      const { mock, driver } = setup();
      mock.on('GET', '/v2/ssh-keys', { fixture: 'ssh_keys.json' });
      mock.on('POST', '/v2/ssh-keys', { status: 201, fixture: 'ssh_key_create.json' });
      mock.on('DELETE', /^\/v2\/ssh-keys\/.+$/, { status: 204 });
      const keys = await driver.listKeyPairs();
      expect(keys.map((k) => [k.name, k.id])).toEqual([
        ['alice', '3b8066a7-b438-455a-9688-44afc9a3597f'],
        ['bob', '4c9177b8-c549-466b-a799-55b0dab4608a'],
      ]);
      expect(keys[0]!.fingerprint).toBe(md5Fingerprint(PUBKEY));
      const carol = await driver.importKeyPairFromString('carol', PUBKEY);
      expect(mock.requests[1]!.json()).toEqual({ name: 'carol', ssh_key: PUBKEY });
      await carol.delete();
      await driver.deleteKeyPair('4c9177b8-c549-466b-a799-55b0dab4608a');
      await driver.deleteKeyPair('alice');
      expect(mock.requests.map((r) => `${r.method} ${r.path}`).slice(2)).toEqual([
        'DELETE /v2/ssh-keys/5da288c9-d65a-477c-b8aa-66c1ebc5719b',
        'DELETE /v2/ssh-keys/4c9177b8-c549-466b-a799-55b0dab4608a',
        'GET /v2/ssh-keys',
        'DELETE /v2/ssh-keys/3b8066a7-b438-455a-9688-44afc9a3597f',
      ]);
    });
  });

  describe('errors and proxy', () => {
    it.each([
      [401, 'Invalid API token.', InvalidCredentialsError],
      [403, 'Unauthorized IP address: 198.51.100.7', InvalidCredentialsError],
      [404, 'Not found', NotFoundError],
    ] as const)('maps HTTP %i with Vultr’s error text and no key', async (status, error, Cls) => {
      const { mock, driver } = setup();
      mock.on('GET', '/v2/blocks', { status, json: { error, status } });
      const err = await driver.listVolumes().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(Cls);
      expect((err as Error).message).toBe(`${error} (HTTP ${status})`);
      expect((err as Error).message).not.toContain(KEY);
    });

    it('maps a 429 with Retry-After to RateLimitError.retryAfter', async () => {
      const { mock, driver } = setup();
      mock.on('GET', '/v2/regions', { status: 429, headers: { 'retry-after': '2' }, json: { error: 'Rate limit reached', status: 429 } });
      const err = (await driver.listLocations().catch((e: unknown) => e)) as RateLimitError;
      expect(err).toBeInstanceOf(RateLimitError);
      expect(err.retryAfter).toBe(2);
    });

    it('retries a 500 and then throws ServiceUnavailableError', async () => {
      const { mock, driver } = setup({ retry: { retries: 2, minDelay: 1, maxDelay: 2 } });
      mock.on('GET', '/v2/plans', { status: 500, json: { error: 'Internal error', status: 500 } });
      await expect(driver.listSizes()).rejects.toBeInstanceOf(ServiceUnavailableError);
      expect(mock.requests).toHaveLength(3);
    });

    it('keeps the API key and the generated root password out of NUBES_DEBUG output', async () => {
      const file = join(mkdtempSync(join(tmpdir(), 'nubes-vultr-')), 'debug.log');
      const { mock, driver } = setup({ region: 'ewr', debug: file });
      mock.on('POST', '/v2/instances', { status: 202, fixture: 'instance_create.json' });
      mock.on('GET', `/v2/instances/${WEB1}`, { status: 401, json: { error: `Invalid API key ${KEY}`, status: 401 } });
      await driver.createNode({ name: 'web-3', size: 'vc2-1c-1gb', image: '2284' });
      await driver.getNode(WEB1).catch(() => undefined);
      const log = readFileSync(file, 'utf8');
      expect(log).toContain('POST');
      expect(log).toContain('Bearer [REDACTED]');
      expect(log).not.toContain(KEY);
      expect(log).not.toContain('v5{Xq$7RmT!d2Lw9');
    });

    it('goes through the proxy of its connection', async () => {
      const { mock, driver } = setup({ proxyUrl: 'http://user:pw@127.0.0.1:3128' });
      mock.on('GET', '/v2/regions', { fixture: 'regions.json' });
      await driver.listLocations();
      expect(mock.requests[0]!.proxy).toMatchObject({ origin: 'http://127.0.0.1:3128', username: 'user' });
    });
  });
});
