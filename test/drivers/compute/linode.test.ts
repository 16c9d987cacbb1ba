import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  BadRequestError,
  InvalidArgumentError,
  InvalidCredentialsError,
  NodeDoesNotExistError,
  NotFoundError,
  RateLimitError,
  ServiceUnavailableError,
} from '../../../src/index.js';
import {
  COMPUTE_METHODS,
  LinodeNodeDriver,
  NodeAuthPassword,
  NodeAuthSSHKey,
  NodeDriver,
  NodeState,
  Provider,
  StorageVolumeState,
  getDriver,
  linodeInstanceState as instanceState,
  md5Fingerprint,
  type LinodeDriverOptions,
} from '../../../src/drivers/compute/index.js';
import { MockTransport } from '../../../src/testing/index.js';
import { expectCapabilitiesImplemented } from '../../helpers/capabilities.js';

const TOKEN = 'linode-pat-4f3e2d1c0b9a88776655443322110000aabbccdd';
const FIXTURES = fileURLToPath(new URL('../../fixtures/compute/linode/', import.meta.url));
const PUBKEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHsJ7Nw6tjBV1Ef4ToZqKPHw0+PMs0y2dl5Fd3lOgMf2 alice@example';

function setup(options: LinodeDriverOptions = {}): { mock: MockTransport; driver: LinodeNodeDriver } {
  const mock = new MockTransport({ fixturesDir: FIXTURES });
  const driver = new LinodeNodeDriver(TOKEN, undefined, { transport: mock, env: {}, retry: false, ...options });
  return { mock, driver };
}

function routeInstancePages(mock: MockTransport): void {
  for (const page of [1, 2, 3]) mock.on('GET', '/v4/linode/instances', { fixture: `instances_page${page}.json` }, { query: { page: String(page) } });
}

describe('LinodeNodeDriver', () => {
  it('is Provider.LINODE and declares exactly the methods it overrides', () => {
    expect(getDriver(Provider.LINODE)).toBe(LinodeNodeDriver);
    expectCapabilitiesImplemented(LinodeNodeDriver, NodeDriver, COMPUTE_METHODS, { derived: { getKeyPair: 'listKeyPairs' } });
    expect(LinodeNodeDriver.capabilities).toHaveLength(23);
  });

  it('refuses a missing token before any request', () => {
    expect(() => new LinodeNodeDriver('')).toThrow(expect.objectContaining({ name: 'InvalidArgumentError', option: 'key' }));
    expect(() => new LinodeNodeDriver(TOKEN, undefined, { region: '' })).toThrow(expect.objectContaining({ option: 'region' }));
  });

  describe('instances', () => {
    it('lists instances across three pages with the token, page and page_size', async () => {
      const { mock, driver } = setup();
      routeInstancePages(mock);
      const nodes = await driver.listNodes();
      expect(nodes.map((n) => [n.id, n.name, n.state])).toEqual([
        ['54748754', 'web-1', NodeState.RUNNING],
        ['54748760', 'web-2', NodeState.STOPPED],
        ['54748770', 'db-1', NodeState.PENDING],
        ['54748780', 'batch-1', NodeState.STOPPING],
        ['54748790', 'img-1', NodeState.PENDING],
      ]);
      expect(mock.requests.map((r) => [r.url.origin, r.path, r.query, r.headers.authorization])).toEqual(
        [1, 2, 3].map((p) => ['https://api.linode.com', '/v4/linode/instances', { page: String(p), page_size: '500' }, `Bearer ${TOKEN}`]),
      );
    });

    it('maps an instance: public and private IPv4, IPv6 without its prefix, specs as size, UTC time, typed extra', async () => {
      const { mock, driver } = setup();
      mock.on('GET', '/v4/linode/instances/54748754', { fixture: 'instance_get.json' });
      const node = await driver.getNode('54748754');
      expect(node.publicIps).toEqual(['203.0.113.20', '2600:3c03::f03c:95ff:fe52:1a2b']);
      expect(node.privateIps).toEqual(['192.168.139.10']);
      expect(node.createdAt?.toISOString()).toBe('2025-03-04T05:06:07.000Z');
      expect(node.size).toMatchObject({ id: 'g6-standard-1', ram: 2048, disk: 50, vcpus: 1, bandwidth: 2000 });
      expect(node.image).toBe('linode/ubuntu24.04');
      expect(node.extra).toEqual({
        status: 'running',
        region: 'us-east',
        type: 'g6-standard-1',
        image: 'linode/ubuntu24.04',
        ipv6: '2600:3c03::f03c:95ff:fe52:1a2b/128',
        group: '',
        tags: ['web'],
        hypervisor: 'kvm',
        watchdogEnabled: true,
        backupsEnabled: false,
        updated: new Date('2025-03-05T00:00:00Z'),
        rootPassword: null,
      });
    });

    it.each([
      ['running', NodeState.RUNNING],
      ['offline', NodeState.STOPPED],
      ['booting', NodeState.STARTING],
      ['provisioning', NodeState.PENDING],
      ['rebooting', NodeState.REBOOTING],
      ['shutting_down', NodeState.STOPPING],
      ['deleting', NodeState.TERMINATED],
      ['migrating', NodeState.MIGRATING],
      ['rebuilding', NodeState.PENDING],
      ['cloning', NodeState.PENDING],
      ['restoring', NodeState.PENDING],
      ['resizing', NodeState.RECONFIGURING],
      ['something_new', NodeState.UNKNOWN],
    ])('maps status %s to %s', (status, state) => {
      expect(instanceState(status)).toBe(state);
    });

    it('turns a 404 on an instance into NodeDoesNotExistError with Linode’s reason', async () => {
      const { mock, driver } = setup();
      mock.on('GET', '/v4/linode/instances/1', { status: 404, json: { errors: [{ reason: 'Not found' }] } });
      mock.on('POST', '/v4/linode/instances/1/boot', { status: 404, json: { errors: [{ reason: 'Not found' }] } });
      const err = await driver.getNode('1').catch((e: unknown) => e);
      expect(err).toBeInstanceOf(NodeDoesNotExistError);
      expect(err).toMatchObject({ statusCode: 404, provider: 'linode', message: 'Not found (HTTP 404)' });
      await expect(driver.startNode('1')).rejects.toBeInstanceOf(NodeDoesNotExistError);
    });

    it('refuses a non-numeric instance id before any request', async () => {
      const { mock, driver } = setup();
      await expect(driver.getNode('web-1')).rejects.toMatchObject({ option: 'id' });
      await expect(driver.rebootNode('x/../y')).rejects.toMatchObject({ option: 'node' });
      expect(mock.requests).toEqual([]);
    });

    it('creates an instance with an SSH key, a generated root password kept out of JSON, inspect and debug output', async () => {
      const file = join(mkdtempSync(join(tmpdir(), 'nubes-linode-')), 'debug.log');
      const { mock, driver } = setup({ region: 'us-east', debug: file });
      mock.on('POST', '/v4/linode/instances', { fixture: 'instance_create.json' });
      const node = await driver.createNode({
        name: 'web-3',
        size: 'g6-standard-1',
        image: 'linode/ubuntu24.04',
        auth: new NodeAuthSSHKey(PUBKEY),
        exTags: ['web'],
        exPrivateIp: true,
      });
      const body = mock.requests[0]!.json<Record<string, unknown>>();
      const rootPass = body.root_pass as string;
      expect(body).toEqual({
        label: 'web-3',
        type: 'g6-standard-1',
        image: 'linode/ubuntu24.04',
        region: 'us-east',
        root_pass: rootPass,
        authorized_keys: [PUBKEY],
        tags: ['web'],
        private_ip: true,
      });
      expect(rootPass.length).toBeGreaterThanOrEqual(32);
      expect(node).toMatchObject({ id: '54748800', name: 'web-3', state: NodeState.PENDING });
      expect(node.extra.rootPassword?.password).toBe(rootPass);
      expect(node.extra.rootPassword?.generated).toBe(true);
      expect(JSON.stringify(node)).not.toContain(rootPass);
      expect(inspect(node, { depth: 10 })).not.toContain(rootPass);
      const log = readFileSync(file, 'utf8');
      expect(log).toContain('/v4/linode/instances');
      expect(log).not.toContain(rootPass);
      expect(log).not.toContain(TOKEN);
    });

    it('generates a different root password for every node', async () => {
      const { mock, driver } = setup({ region: 'us-east' });
      mock.on('POST', '/v4/linode/instances', { fixture: 'instance_create.json' });
      await driver.createNode({ name: 'web-3', size: 'g6-nanode-1', image: 'linode/debian12' });
      await driver.createNode({ name: 'web-4', size: 'g6-nanode-1', image: 'linode/debian12' });
      const [a, b] = mock.requests.map((r) => r.json<{ root_pass: string }>().root_pass);
      expect(a).not.toBe(b);
    });

    it('uses a given password as root_pass and keeps it out of errors', async () => {
      const { mock, driver } = setup();
      const password = 'Corr3ct-Horse-Battery-Staple';
      mock.on('POST', '/v4/linode/instances', { status: 400, json: { errors: [{ reason: `Password ${password} is too weak`, field: 'root_pass' }] } });
      const err = await driver
        .createNode({ name: 'web-3', size: 'g6-nanode-1', image: 'linode/debian12', location: 'eu-central', auth: new NodeAuthPassword(password) })
        .catch((e: unknown) => e);
      expect(mock.requests[0]!.json()).toMatchObject({ root_pass: password, region: 'eu-central' });
      expect(err).toBeInstanceOf(BadRequestError);
      expect((err as Error).message).toBe('root_pass: Password [REDACTED] is too weak (HTTP 400)');
    });

    it.each([
      ['size', { name: 'web-1', image: 'linode/debian12', location: 'us-east' }],
      ['image', { name: 'web-1', size: 'g6-nanode-1', location: 'us-east' }],
      ['location', { name: 'web-1', size: 'g6-nanode-1', image: 'linode/debian12' }],
      ['name', { name: 'x', size: 'g6-nanode-1', image: 'linode/debian12', location: 'us-east' }],
      ['name', { name: 'web--1', size: 'g6-nanode-1', image: 'linode/debian12', location: 'us-east' }],
      ['exAuthorizedKeys', { name: 'web-1', size: 'g6-nanode-1', image: 'linode/debian12', location: 'us-east', exAuthorizedKeys: ['nope'] }],
    ])('refuses createNode without a valid %s before any request', async (option, options) => {
      const { mock, driver } = setup();
      await expect(driver.createNode(options as never)).rejects.toMatchObject({ name: 'InvalidArgumentError', option });
      expect(mock.requests).toEqual([]);
    });

    it('names the offending field of a 400 in the error', async () => {
      const { mock, driver } = setup({ region: 'us-east' });
      mock.on('POST', '/v4/linode/instances', { status: 400, json: { errors: [{ reason: 'A valid plan type by that ID was not found', field: 'type' }] } });
      await expect(driver.createNode({ name: 'web-1', size: 'g9-huge', image: 'linode/debian12' })).rejects.toThrow(
        'type: A valid plan type by that ID was not found (HTTP 400)',
      );
    });

    it.each([
      ['rebootNode', 'reboot'],
      ['startNode', 'boot'],
      ['stopNode', 'shutdown'],
    ] as const)('%s posts to /%s', async (method, action) => {
      const { mock, driver } = setup();
      mock.on('POST', `/v4/linode/instances/54748754/${action}`, { json: {} });
      await driver[method]('54748754');
      expect(mock.requests.map((r) => `${r.method} ${r.path}`)).toEqual([`POST /v4/linode/instances/54748754/${action}`]);
    });

    it('deletes an instance', async () => {
      const { mock, driver } = setup();
      mock.on('GET', '/v4/linode/instances/54748754', { fixture: 'instance_get.json' });
      mock.on('DELETE', '/v4/linode/instances/54748754', { json: {} });
      await (await driver.getNode('54748754')).destroy();
      expect(mock.lastRequest!.method).toBe('DELETE');
    });
  });

  describe('types, images, regions', () => {
    it('lists types with memory in MiB, disk MB as GB, transfer and the hourly price', async () => {
      const { mock, driver } = setup();
      mock.on('GET', '/v4/linode/types', { fixture: 'types.json' });
      const sizes = await driver.listSizes();
      expect(sizes.map((s) => [s.id, s.name, s.ram, s.disk, s.vcpus, s.bandwidth, s.price])).toEqual([
        ['g6-nanode-1', 'Nanode 1GB', 1024, 25, 1, 1000, 0.0075],
        ['g6-standard-1', 'Linode 2GB', 2048, 50, 1, 2000, 0.018],
        ['g6-dedicated-2', 'Dedicated 4GB', 4096, 80, 2, 4000, 0.054],
      ]);
      expect(sizes[2]!.extra).toEqual({ label: 'Dedicated 4GB', class: 'dedicated', priceMonthly: 36, gpus: 0, networkOut: 1000, successor: null });
    });

    it('lists images across pages', async () => {
      const { mock, driver } = setup();
      mock.on('GET', '/v4/images', { fixture: 'images_page1.json' }, { query: { page: '1' } });
      mock.on('GET', '/v4/images', { fixture: 'images_page2.json' }, { query: { page: '2' } });
      const images = await driver.listImages();
      expect(images.map((i) => [i.id, i.name, i.extra.isPublic])).toEqual([
        ['linode/ubuntu24.04', 'Ubuntu 24.04 LTS', true],
        ['linode/debian12', 'Debian 12', true],
        ['private/15464', 'web-golden', false],
      ]);
      expect(images[0]!.extra).toMatchObject({ vendor: 'Ubuntu', size: 2500, eol: new Date('2029-05-31T04:00:00Z') });
    });

    it('gets an image by its slash id and reports a missing one as ImageDoesNotExistError', async () => {
      const { mock, driver } = setup();
      mock.on('GET', '/v4/images/linode/debian12', { fixture: 'image_get.json' });
      mock.on('GET', '/v4/images/private/1', { status: 404, json: { errors: [{ reason: 'Not found' }] } });
      expect((await driver.getImage('linode/debian12')).name).toBe('Debian 12');
      await expect(driver.getImage('private/1')).rejects.toMatchObject({ name: 'ImageDoesNotExistError', statusCode: 404 });
    });

    it('creates an image from the first non-swap disk', async () => {
      const { mock, driver } = setup();
      mock.on('GET', '/v4/linode/instances/54748754/disks', { fixture: 'instance_disks.json' });
      mock.on('POST', '/v4/images', { fixture: 'image_create.json' });
      const image = await driver.createImage('54748754', 'snap-1');
      expect(image).toMatchObject({ id: 'private/15470', name: 'snap-1', extra: { status: 'creating', isPublic: false } });
      expect(mock.requests[1]!.json()).toEqual({ disk_id: 25675, label: 'snap-1' });
    });

    it('deletes an image', async () => {
      const { mock, driver } = setup();
      mock.on('DELETE', '/v4/images/private/15470', { json: {} });
      await driver.deleteImage('private/15470');
      expect(mock.requests[0]!.url.pathname).toBe('/v4/images/private/15470');
    });

    it('lists regions with an upper-case country', async () => {
      const { mock, driver } = setup();
      mock.on('GET', '/v4/regions', { fixture: 'regions.json' });
      const regions = await driver.listLocations();
      expect(regions.map((r) => [r.id, r.name, r.country, r.extra.status])).toEqual([
        ['us-east', 'Newark, NJ', 'US', 'ok'],
        ['eu-central', 'Frankfurt, DE', 'DE', 'ok'],
        ['ap-south', 'Singapore, SG', 'SG', 'outage'],
      ]);
    });
  });

  describe('volumes', () => {
    it('lists volumes with states from status and attachment', async () => {
      const { mock, driver } = setup();
      mock.on('GET', '/v4/volumes', { fixture: 'volumes.json' });
      const volumes = await driver.listVolumes();
      expect(volumes.map((v) => [v.id, v.name, v.size, v.state])).toEqual([
        ['12345', 'data-1', 100, StorageVolumeState.INUSE],
        ['12346', 'scratch', 20, StorageVolumeState.AVAILABLE],
        ['12347', 'new-vol', 20, StorageVolumeState.CREATING],
      ]);
      expect(volumes[0]!.extra).toMatchObject({ region: 'us-east', linodeId: 54748754, linodeLabel: 'web-1', hardwareType: 'nvme' });
    });

    it('creates a volume in a location', async () => {
      const { mock, driver } = setup();
      mock.on('POST', '/v4/volumes', { fixture: 'volume_create.json' });
      const volume = await driver.createVolume({ size: 20, name: 'logs', location: 'us-east' });
      expect(volume).toMatchObject({ id: '12350', name: 'logs', state: StorageVolumeState.CREATING });
      expect(mock.requests[0]!.json()).toEqual({ label: 'logs', size: 20, region: 'us-east' });
    });

    it.each([
      ['location', { size: 20, name: 'logs' }],
      ['snapshot', { size: 20, name: 'logs', location: 'us-east', snapshot: 's1' }],
      ['name', { size: 20, name: '1logs', location: 'us-east' }],
      ['size', { size: -1, name: 'logs', location: 'us-east' }],
    ])('refuses createVolume with a bad %s before any request', async (option, options) => {
      const { mock, driver } = setup();
      await expect(driver.createVolume(options as never)).rejects.toMatchObject({ name: 'InvalidArgumentError', option });
      expect(mock.requests).toEqual([]);
    });

    it('attaches, detaches and deletes a volume', async () => {
      const { mock, driver } = setup();
      mock.on('POST', '/v4/volumes/12346/attach', { fixture: 'volume_attach.json' });
      mock.on('POST', '/v4/volumes/12346/detach', { json: {} });
      mock.on('DELETE', '/v4/volumes/12346', { json: {} });
      await driver.attachVolume('54748754', '12346');
      await driver.detachVolume('12346');
      await driver.destroyVolume('12346');
      expect(mock.requests.map((r) => `${r.method} ${r.path} ${r.text}`)).toEqual([
        'POST /v4/volumes/12346/attach {"linode_id":54748754}',
        'POST /v4/volumes/12346/detach {}',
        'DELETE /v4/volumes/12346 ',
      ]);
      await expect(driver.attachVolume('54748754', '12346', '/dev/sdc')).rejects.toMatchObject({ option: 'device' });
    });

    it('does not support volume snapshots', async () => {
      const { driver } = setup();
      await expect(driver.listVolumeSnapshots('12346')).rejects.toMatchObject({ name: 'NotSupportedError', method: 'listVolumeSnapshots' });
    });
  });

  describe('SSH keys', () => {
    it('lists profile keys with a computed fingerprint and gets one by label', async () => {
      const { mock, driver } = setup();
      mock.on('GET', '/v4/profile/sshkeys', { fixture: 'sshkeys.json' });
      const keys = await driver.listKeyPairs();
      expect(keys.map((k) => [k.id, k.name])).toEqual([
        ['42', 'alice'],
        ['43', 'bob'],
      ]);
      expect(keys[0]).toMatchObject({ publicKey: PUBKEY, fingerprint: md5Fingerprint(PUBKEY), extra: { created: new Date('2024-03-10T12:00:00Z') } });
      expect((await driver.getKeyPair('bob')).id).toBe('43');
    });

    it('imports a key and deletes keys by object, id and label', async () => {
      const { mock, driver } = setup();
      mock.on('POST', '/v4/profile/sshkeys', { fixture: 'sshkey_create.json' });
      mock.on('GET', '/v4/profile/sshkeys', { fixture: 'sshkeys.json' });
      mock.on('DELETE', /^\/v4\/profile\/sshkeys\/\d+$/, { json: {} });
      const kp = await driver.importKeyPairFromString('carol', PUBKEY);
      expect(mock.requests[0]!.json()).toEqual({ label: 'carol', ssh_key: PUBKEY });
      await kp.delete();
      await driver.deleteKeyPair('43');
      await driver.deleteKeyPair('alice');
      expect(mock.requests.map((r) => `${r.method} ${r.path}`).slice(1)).toEqual([
        'DELETE /v4/profile/sshkeys/44',
        'DELETE /v4/profile/sshkeys/43',
        'GET /v4/profile/sshkeys',
        'DELETE /v4/profile/sshkeys/42',
      ]);
      await expect(driver.importKeyPairFromString('x', 'garbage')).rejects.toMatchObject({ option: 'publicKey' });
    });
  });

  describe('errors and proxy', () => {
    it.each([
      [401, 'Invalid Token', InvalidCredentialsError],
      [403, 'Your OAuth token is not authorized to use this endpoint.', InvalidCredentialsError],
      [404, 'Not found', NotFoundError],
    ] as const)('maps HTTP %i with Linode’s reason and no token', async (status, reason, Cls) => {
      const { mock, driver } = setup();
      mock.on('GET', '/v4/volumes', { status, json: { errors: [{ reason }] } });
      const err = await driver.listVolumes().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(Cls);
      expect((err as Error).message).toBe(`${reason} (HTTP ${status})`);
      expect((err as Error).message).not.toContain(TOKEN);
    });

    it('maps a 429 with Retry-After to RateLimitError.retryAfter', async () => {
      const { mock, driver } = setup();
      mock.on('GET', '/v4/regions', { status: 429, headers: { 'retry-after': '12' }, json: { errors: [{ reason: 'Too Many Requests' }] } });
      const err = (await driver.listLocations().catch((e: unknown) => e)) as RateLimitError;
      expect(err).toBeInstanceOf(RateLimitError);
      expect(err.retryAfter).toBe(12);
    });

    it('retries a 500 and then throws ServiceUnavailableError', async () => {
      const { mock, driver } = setup({ retry: { retries: 2, minDelay: 1, maxDelay: 2 } });
      mock.on('GET', '/v4/linode/types', { status: 500, json: { errors: [{ reason: 'Please try again later' }] } });
      await expect(driver.listSizes()).rejects.toBeInstanceOf(ServiceUnavailableError);
      expect(mock.requests).toHaveLength(3);
    });

    it('goes through the proxy of its connection', async () => {
      const { mock, driver } = setup({ proxyUrl: 'http://user:pw@127.0.0.1:3128' });
      mock.on('GET', '/v4/regions', { fixture: 'regions.json' });
      await driver.listLocations();
      expect(mock.requests[0]!.proxy).toMatchObject({ origin: 'http://127.0.0.1:3128', username: 'user' });
    });

    it('a bad argument is an InvalidArgumentError, not a provider error', async () => {
      const { driver } = setup();
      await expect(driver.destroyVolume('')).rejects.toBeInstanceOf(InvalidArgumentError);
    });
  });
});
