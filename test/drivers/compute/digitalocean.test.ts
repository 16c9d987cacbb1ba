import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  BadRequestError,
  InvalidCredentialsError,
  NodeDoesNotExistError,
  NodeStateTimeoutError,
  ProviderError,
  RateLimitError,
  ServiceUnavailableError,
} from '../../../src/index.js';
import {
  COMPUTE_METHODS,
  DigitalOceanNodeDriver,
  NodeAuthPassword,
  NodeAuthSSHKey,
  NodeDriver,
  NodeState,
  Provider,
  StorageVolumeState,
  getDriver,
  md5Fingerprint,
  type DigitalOceanDriverOptions,
} from '../../../src/drivers/compute/index.js';
import { MockTransport } from '../../../src/testing/index.js';
import { expectCapabilitiesImplemented } from '../../helpers/capabilities.js';

const TOKEN = 'dop_v1_9f8e7d6c5b4a39281706f5e4d3c2b1a0-secret-token';
const FIXTURES = fileURLToPath(new URL('../../fixtures/compute/digitalocean/', import.meta.url));
const PUBKEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHsJ7Nw6tjBV1Ef4ToZqKPHw0+PMs0y2dl5Fd3lOgMf2 alice@example';
const VOL1 = '7724db7c-e098-11e5-b522-000f53304e51';
const VOL2 = '506f78a4-e098-11e5-ad9f-000f53306ae1';

function setup(options: DigitalOceanDriverOptions = {}): { mock: MockTransport; driver: DigitalOceanNodeDriver } {
  const mock = new MockTransport({ fixturesDir: FIXTURES });
  const driver = new DigitalOceanNodeDriver(TOKEN, undefined, { transport: mock, env: {}, retry: false, ...options });
  return { mock, driver };
}

function routeDropletPages(mock: MockTransport): void {
  for (const page of [1, 2, 3]) mock.on('GET', '/v2/droplets', { fixture: `droplets_page${page}.json` }, { query: { page: String(page) } });
}

describe('DigitalOceanNodeDriver', () => {
  it('is Provider.DIGITAL_OCEAN and declares exactly the methods it overrides', () => {
    expect(getDriver(Provider.DIGITAL_OCEAN)).toBe(DigitalOceanNodeDriver);
    expectCapabilitiesImplemented(DigitalOceanNodeDriver, NodeDriver, COMPUTE_METHODS, { derived: { getKeyPair: 'listKeyPairs' } });
    expect(DigitalOceanNodeDriver.capabilities).toHaveLength(26);
    expect(new DigitalOceanNodeDriver(TOKEN).supports('createKeyPair')).toBe(false);
  });

  it('refuses a missing token and bad options before any request', () => {
    expect(() => new DigitalOceanNodeDriver('')).toThrow(expect.objectContaining({ name: 'InvalidArgumentError', option: 'key' }));
    expect(() => new DigitalOceanNodeDriver(TOKEN, undefined, { pollInterval: 0 })).toThrow(expect.objectContaining({ option: 'pollInterval' }));
    expect(() => new DigitalOceanNodeDriver(TOKEN, undefined, { pollTimeout: -5 })).toThrow(expect.objectContaining({ option: 'pollTimeout' }));
    expect(() => new DigitalOceanNodeDriver(TOKEN, undefined, { zone: 'x' } as never)).toThrow(/Unknown option "zone"/);
  });

  describe('nodes', () => {
    it('lists droplets across three pages with the token, page and per_page', async () => {
      const { mock, driver } = setup();
      routeDropletPages(mock);
      const nodes = await driver.listNodes();
      expect(nodes.map((n) => [n.id, n.name, n.state])).toEqual([
        ['3164444', 'web-1', NodeState.RUNNING],
        ['3164450', 'web-2', NodeState.STOPPED],
        ['3164460', 'db-1', NodeState.PENDING],
        ['3164470', 'old-1', NodeState.TERMINATED],
      ]);
      expect(mock.requests.map((r) => [r.method, r.url.origin, r.path, r.query])).toEqual([
        ['GET', 'https://api.digitalocean.com', '/v2/droplets', { page: '1', per_page: '200' }],
        ['GET', 'https://api.digitalocean.com', '/v2/droplets', { page: '2', per_page: '200' }],
        ['GET', 'https://api.digitalocean.com', '/v2/droplets', { page: '3', per_page: '200' }],
      ]);
      for (const r of mock.requests) expect(r.headers.authorization).toBe(`Bearer ${TOKEN}`);
    });

    it('maps a droplet: public v4 and v6, private v4, inline size and image, created time and typed extra', async () => {
      const { mock, driver } = setup();
      routeDropletPages(mock);
      const [web1, , db1] = await driver.listNodes();
      expect(web1!.publicIps).toEqual(['203.0.113.10', '2604:a880:800:14::494c']);
      expect(web1!.privateIps).toEqual(['10.108.0.2']);
      expect(web1!.createdAt?.toISOString()).toBe('2025-03-04T05:06:07.000Z');
      expect(web1!.size).toMatchObject({ id: 's-1vcpu-1gb', ram: 1024, disk: 25, vcpus: 1, bandwidth: 1000, price: 0.00893 });
      expect(web1!.image).toMatchObject({ id: '152872481', name: '24.04 (LTS) x64', extra: { slug: 'ubuntu-24-04-x64', distribution: 'Ubuntu' } });
      expect(web1!.extra).toEqual({
        status: 'active',
        region: 'nyc3',
        sizeSlug: 's-1vcpu-1gb',
        imageSlug: 'ubuntu-24-04-x64',
        vcpus: 1,
        memory: 1024,
        disk: 25,
        locked: false,
        tags: ['web'],
        features: ['droplet_agent', 'private_networking', 'ipv6'],
        volumeIds: [VOL1],
        backupIds: [],
        snapshotIds: [],
        vpcUuid: '5a4981aa-9653-4bd1-bef5-d6bff52042e4',
      });
      expect(db1).toMatchObject({ publicIps: [], privateIps: [], extra: { region: 'ams3' } });
    });

    it('iterates lazily: stopping after the first droplet fetches one page', async () => {
      const { mock, driver } = setup();
      routeDropletPages(mock);
      for await (const node of driver.iterateNodes()) {
        expect(node.name).toBe('web-1');
        break;
      }
      expect(mock.requests).toHaveLength(1);
    });

    it('gets one droplet by id', async () => {
      const { mock, driver } = setup();
      mock.on('GET', '/v2/droplets/3164444', { fixture: 'droplet_get.json' });
      const node = await driver.getNode('3164444');
      expect(node).toMatchObject({ id: '3164444', name: 'web-1', state: NodeState.RUNNING });
    });

    it('turns a 404 on a droplet into NodeDoesNotExistError with the provider message', async () => {
      const { mock, driver } = setup();
      mock.on('GET', '/v2/droplets/42', {
        status: 404,
        headers: { 'x-request-id': 'req-404' },
        json: { id: 'not_found', message: 'The resource you were accessing could not be found.' },
      });
      mock.on('POST', '/v2/droplets/42/actions', { status: 404, json: { id: 'not_found', message: 'The resource you were accessing could not be found.' } });
      const err = await driver.getNode('42').catch((e: unknown) => e);
      expect(err).toBeInstanceOf(NodeDoesNotExistError);
      expect(err).toMatchObject({ statusCode: 404, provider: 'digitalocean', requestId: 'req-404', providerCode: 'not_found' });
      expect((err as Error).message).toBe('not_found: The resource you were accessing could not be found. (HTTP 404, request id req-404)');
      await expect(driver.rebootNode('42')).rejects.toBeInstanceOf(NodeDoesNotExistError);
    });

    it('refuses a non-numeric droplet id before any request', async () => {
      const { mock, driver } = setup();
      await expect(driver.getNode('web-1')).rejects.toMatchObject({ name: 'InvalidArgumentError', option: 'id' });
      await expect(driver.destroyNode('../account')).rejects.toMatchObject({ option: 'node' });
      expect(mock.requests).toEqual([]);
    });

    it('creates a droplet from slugs with tags, user data and the region option', async () => {
      const { mock, driver } = setup({ region: 'nyc3' });
      mock.on('POST', '/v2/droplets', { status: 202, fixture: 'droplet_create.json' });
      const node = await driver.createNode({
        name: 'web-3',
        size: 's-1vcpu-1gb',
        image: 'ubuntu-24-04-x64',
        exTags: ['web'],
        exUserData: '#cloud-config\n',
        exSshKeys: [512189, '3b:16:bf:e4:8b:00:8b:b8:59:8c:a9:d3:f0:19:45:fa'],
        exIpv6: true,
        exMonitoring: true,
      });
      expect(node).toMatchObject({ id: '3164494', name: 'web-3', state: NodeState.PENDING, publicIps: [] });
      const req = mock.requests[0]!;
      expect(req.headers['content-type']).toBe('application/json');
      expect(req.json()).toEqual({
        name: 'web-3',
        size: 's-1vcpu-1gb',
        image: 'ubuntu-24-04-x64',
        region: 'nyc3',
        ssh_keys: [512189, '3b:16:bf:e4:8b:00:8b:b8:59:8c:a9:d3:f0:19:45:fa'],
        tags: ['web'],
        user_data: '#cloud-config\n',
        ipv6: true,
        monitoring: true,
      });
    });

    it('sends a numeric image id as a number and a location object as its slug', async () => {
      const { mock, driver } = setup();
      mock.on('GET', '/v2/regions', { fixture: 'regions.json' });
      mock.on('POST', '/v2/droplets', { status: 202, fixture: 'droplet_create.json' });
      const [, ams3] = await driver.listLocations();
      await driver.createNode({ name: 'x', size: 's-1vcpu-1gb', image: '152872481', location: ams3! });
      expect(mock.requests[1]!.json()).toEqual({ name: 'x', size: 's-1vcpu-1gb', image: 152872481, region: 'ams3' });
    });

    it('uses an SSH key already on the account, found by its fingerprint', async () => {
      const { mock, driver } = setup();
      const fp = md5Fingerprint(PUBKEY);
      mock.on('GET', `/v2/account/keys/${fp}`, { json: { ssh_key: { id: 512189, fingerprint: fp, public_key: PUBKEY, name: 'alice' } } });
      mock.on('POST', '/v2/droplets', { status: 202, fixture: 'droplet_create.json' });
      await driver.createNode({ name: 'x', size: 's-1vcpu-1gb', image: 'debian-12-x64', auth: new NodeAuthSSHKey(PUBKEY) });
      expect(mock.requests.map((r) => `${r.method} ${r.path}`)).toEqual([`GET /v2/account/keys/${fp}`, 'POST /v2/droplets']);
      expect(mock.requests[1]!.json<{ ssh_keys: unknown[] }>().ssh_keys).toEqual([512189]);
    });

    it('imports an SSH key that is not on the account before creating the droplet', async () => {
      const { mock, driver } = setup();
      const fp = md5Fingerprint(PUBKEY);
      mock.on('GET', `/v2/account/keys/${fp}`, { status: 404, json: { id: 'not_found', message: 'The resource you were accessing could not be found.' } });
      mock.on('POST', '/v2/account/keys', { status: 201, fixture: 'ssh_key_create.json' });
      mock.on('POST', '/v2/droplets', { status: 202, fixture: 'droplet_create.json' });
      await driver.createNode({ name: 'x', size: 's-1vcpu-1gb', image: 'debian-12-x64', auth: new NodeAuthSSHKey(PUBKEY) });
      expect(mock.requests[1]!.json()).toEqual({ name: `nubes-${fp.replace(/:/g, '').slice(0, 12)}`, public_key: PUBKEY });
      expect(mock.requests[2]!.json<{ ssh_keys: unknown[] }>().ssh_keys).toEqual([512200]);
    });

    it.each([
      ['size', { name: 'x', image: 'ubuntu-24-04-x64' }],
      ['image', { name: 'x', size: 's-1vcpu-1gb' }],
      ['name', { size: 's-1vcpu-1gb', image: 'ubuntu-24-04-x64' }],
      ['auth', { name: 'x', size: 's-1vcpu-1gb', image: 'u', auth: new NodeAuthPassword('hunter2hunter2') }],
      ['exSshKeys', { name: 'x', size: 's-1vcpu-1gb', image: 'u', exSshKeys: [''] }],
    ])('refuses createNode without a valid %s before any request', async (option, options) => {
      const { mock, driver } = setup();
      await expect(driver.createNode(options as never)).rejects.toMatchObject({ name: 'InvalidArgumentError', option });
      expect(mock.requests).toEqual([]);
    });

    it('surfaces a 422 with DigitalOcean’s message as BadRequestError', async () => {
      const { mock, driver } = setup();
      mock.on('POST', '/v2/droplets', { status: 422, json: { id: 'unprocessable_entity', message: 'You specified an invalid size for Droplet creation.' } });
      const err = await driver.createNode({ name: 'x', size: 'huge', image: 'u' }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(BadRequestError);
      expect((err as Error).message).toContain('unprocessable_entity: You specified an invalid size for Droplet creation.');
    });

    it.each([
      ['rebootNode', 'reboot'],
      ['startNode', 'power_on'],
      ['stopNode', 'power_off'],
      ['exShutdownNode', 'shutdown'],
    ] as const)('%s posts a %s droplet action', async (method, type) => {
      const { mock, driver } = setup();
      mock.on('POST', '/v2/droplets/3164444/actions', { status: 201, fixture: 'droplet_action_reboot.json' });
      await driver[method]('3164444');
      expect(mock.requests[0]!.json()).toEqual({ type });
    });

    it('reboots through the node shortcut', async () => {
      const { mock, driver } = setup();
      mock.on('GET', '/v2/droplets/3164444', { fixture: 'droplet_get.json' });
      mock.on('POST', '/v2/droplets/3164444/actions', { status: 201, fixture: 'droplet_action_reboot.json' });
      await (await driver.getNode('3164444')).reboot();
      expect(mock.lastRequest!.json()).toEqual({ type: 'reboot' });
    });

    it('destroys a droplet with DELETE and accepts the 204', async () => {
      const { mock, driver } = setup();
      mock.on('DELETE', '/v2/droplets/3164444', { status: 204 });
      await driver.destroyNode('3164444');
      expect(mock.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['DELETE /v2/droplets/3164444']);
    });
  });

  describe('sizes, images, locations', () => {
    it('lists sizes with RAM in MiB, disk in GB, transfer TB as GB and the hourly price', async () => {
      const { mock, driver } = setup();
      mock.on('GET', '/v2/sizes', { fixture: 'sizes.json' });
      const sizes = await driver.listSizes();
      expect(sizes.map((s) => s.id)).toEqual(['s-1vcpu-1gb', 's-2vcpu-4gb', 'g-2vcpu-8gb']);
      expect(sizes[1]).toMatchObject({ ram: 4096, disk: 80, vcpus: 2, bandwidth: 4000, price: 0.03571 });
      expect(sizes[2]!.extra).toEqual({ priceMonthly: 63, regions: ['fra1'], available: false, description: 'General Purpose' });
    });

    it('lists only the sizes of a region when given one', async () => {
      const { mock, driver } = setup();
      mock.on('GET', '/v2/sizes', { fixture: 'sizes.json' });
      expect((await driver.listSizes('fra1')).map((s) => s.id)).toEqual(['s-1vcpu-1gb', 'g-2vcpu-8gb']);
    });

    it('lists distribution, application (1-Click) and private images with the names the API gives', async () => {
      const { mock, driver } = setup();
      mock.on('GET', '/v2/images', { fixture: 'images_distribution.json' }, { query: { type: 'distribution' } });
      mock.on('GET', '/v2/images', { fixture: 'images_application.json' }, { query: { type: 'application' } });
      mock.on('GET', '/v2/images', { fixture: 'images_private.json' }, { query: { private: 'true' } });
      const images = await driver.listImages();
      expect(images.map((i) => [i.id, i.name, i.extra.distribution, i.extra.type])).toEqual([
        ['152872481', '24.04 (LTS) x64', 'Ubuntu', 'base'],
        ['149020223', '12 x64', 'Debian', 'base'],
        ['170000001', 'WordPress 6.5 on Ubuntu 22.04', 'Ubuntu', 'base'],
        ['160000001', 'web-golden', 'Ubuntu', 'snapshot'],
        ['160000002', 'nixos-23.11-custom', 'Unknown OS', 'custom'],
      ]);
      expect(images[0]!.extra).toMatchObject({ slug: 'ubuntu-24-04-x64', distribution: 'Ubuntu', public: true, minDiskSize: 7 });
      expect(mock.requests.map((r) => r.query)).toEqual([
        { type: 'distribution', page: '1', per_page: '200' },
        { type: 'application', page: '1', per_page: '200' },
        { private: 'true', page: '1', per_page: '200' },
      ]);
    });

    it('filters images by region when given a location', async () => {
      const { mock, driver } = setup();
      mock.on('GET', '/v2/images', { fixture: 'images_distribution.json' }, { query: { type: 'distribution' } });
      mock.on('GET', '/v2/images', { fixture: 'images_application.json' }, { query: { type: 'application' } });
      mock.on('GET', '/v2/images', { fixture: 'images_private.json' }, { query: { private: 'true' } });
      expect((await driver.listImages('fra1')).map((i) => i.id)).toEqual(['152872481', '170000001']);
    });

    it('gets an image by slug, and reports a missing one as ImageDoesNotExistError', async () => {
      const { mock, driver } = setup();
      mock.on('GET', '/v2/images/ubuntu-24-04-x64', { fixture: 'image_get.json' });
      mock.on('GET', '/v2/images/nope', { status: 404, json: { id: 'not_found', message: 'The resource you were accessing could not be found.' } });
      expect((await driver.getImage('ubuntu-24-04-x64')).id).toBe('152872481');
      await expect(driver.getImage('nope')).rejects.toMatchObject({ name: 'ImageDoesNotExistError', code: 'NUBES_ERR_IMAGE_NOT_FOUND', statusCode: 404 });
    });

    it('creates an image by snapshotting the droplet and polling the action until done', async () => {
      const { mock, driver } = setup({ pollInterval: 1 });
      mock.on('POST', '/v2/droplets/3164444/actions', { status: 201, fixture: 'droplet_action_snapshot.json' });
      mock.on('GET', '/v2/actions/36805000', { fixture: 'droplet_action_snapshot.json' }, { times: 2 });
      mock.on('GET', '/v2/actions/36805000', { fixture: 'action_snapshot_completed.json' });
      mock.on('GET', '/v2/droplets/3164444/snapshots', { fixture: 'droplet_snapshots.json' });
      const image = await driver.createImage('3164444', 'web-golden');
      expect(image).toMatchObject({ id: '160000001', name: 'web-golden', extra: { type: 'snapshot', public: false, regions: ['nyc3'] } });
      expect(mock.requests[0]!.json()).toEqual({ type: 'snapshot', name: 'web-golden' });
      expect(mock.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
        'POST /v2/droplets/3164444/actions',
        'GET /v2/actions/36805000',
        'GET /v2/actions/36805000',
        'GET /v2/actions/36805000',
        'GET /v2/droplets/3164444/snapshots',
      ]);
    });

    it('fails createImage with ProviderError when the snapshot action errors', async () => {
      const { mock, driver } = setup({ pollInterval: 1 });
      mock.on('POST', '/v2/droplets/3164444/actions', { status: 201, fixture: 'droplet_action_snapshot.json' });
      mock.on('GET', '/v2/actions/36805000', { fixture: 'action_snapshot_errored.json' });
      await expect(driver.createImage('3164444', 'x')).rejects.toBeInstanceOf(ProviderError);
    });

    it('gives up on createImage after pollTimeout with NodeStateTimeoutError', async () => {
      const { mock, driver } = setup({ pollInterval: 5, pollTimeout: 20 });
      mock.on('POST', '/v2/droplets/3164444/actions', { status: 201, fixture: 'droplet_action_snapshot.json' });
      mock.on('GET', '/v2/actions/36805000', { fixture: 'droplet_action_snapshot.json' });
      await expect(driver.createImage('3164444', 'x')).rejects.toBeInstanceOf(NodeStateTimeoutError);
    });

    it('deletes an image', async () => {
      const { mock, driver } = setup();
      mock.on('DELETE', '/v2/images/160000001', { status: 204 });
      await driver.deleteImage('160000001');
      expect(mock.requests).toHaveLength(1);
    });

    it('lists regions as locations with their country', async () => {
      const { mock, driver } = setup();
      mock.on('GET', '/v2/regions', { fixture: 'regions.json' });
      const locations = await driver.listLocations();
      expect(locations.map((l) => [l.id, l.name, l.country])).toEqual([
        ['nyc3', 'New York 3', 'US'],
        ['ams3', 'Amsterdam 3', 'NL'],
        ['fra1', 'Frankfurt 1', 'DE'],
        ['sgp1', 'Singapore 1', 'SG'],
      ]);
      expect(locations[2]!.extra.available).toBe(false);
    });
  });

  describe('volumes', () => {
    it('lists volumes with their state from droplet_ids', async () => {
      const { mock, driver } = setup();
      mock.on('GET', '/v2/volumes', { fixture: 'volumes.json' });
      const [a, b] = await driver.listVolumes();
      expect(a).toMatchObject({ id: VOL1, name: 'data-1', size: 100, state: StorageVolumeState.INUSE });
      expect(a!.extra).toEqual({
        region: 'nyc3',
        dropletIds: [3164444],
        description: 'Block store for web-1',
        filesystemType: 'ext4',
        filesystemLabel: 'data',
        createdAt: new Date('2025-02-01T12:00:00Z'),
        tags: ['web'],
      });
      expect(b).toMatchObject({ id: VOL2, state: StorageVolumeState.AVAILABLE, extra: { description: null, tags: [] } });
    });

    it('creates a volume in the region option', async () => {
      const { mock, driver } = setup({ region: 'nyc3' });
      mock.on('POST', '/v2/volumes', { status: 201, fixture: 'volume_create.json' });
      const volume = await driver.createVolume({ size: 20, name: 'logs' });
      expect(volume).toMatchObject({ name: 'logs', size: 20 });
      expect(mock.requests[0]!.json()).toEqual({ size_gigabytes: 20, name: 'logs', region: 'nyc3' });
    });

    it('creates a volume from a snapshot without a region', async () => {
      const { mock, driver } = setup();
      mock.on('POST', '/v2/volumes', { status: 201, fixture: 'volume_create.json' });
      await driver.createVolume({ size: 20, name: 'logs', snapshot: 'snap-uuid' });
      expect(mock.requests[0]!.json()).toEqual({ size_gigabytes: 20, name: 'logs', snapshot_id: 'snap-uuid' });
    });

    it.each([
      ['location', { size: 10, name: 'logs' }],
      ['size', { size: 0, name: 'logs', location: 'nyc3' }],
      ['name', { size: 10, name: 'Logs_1', location: 'nyc3' }],
    ])('refuses createVolume with a bad %s before any request', async (option, options) => {
      const { mock, driver } = setup();
      await expect(driver.createVolume(options as never)).rejects.toMatchObject({ name: 'InvalidArgumentError', option });
      expect(mock.requests).toEqual([]);
    });

    it('attaches a volume with an attach action naming the droplet and region', async () => {
      const { mock, driver } = setup();
      mock.on('GET', '/v2/volumes', { fixture: 'volumes.json' });
      mock.on('POST', `/v2/volumes/${VOL2}/actions`, { status: 202, fixture: 'volume_action_attach.json' });
      const [, scratch] = await driver.listVolumes();
      await scratch!.attach('3164444');
      expect(mock.requests[1]!.json()).toEqual({ type: 'attach', droplet_id: 3164444, region: 'nyc3' });
      await expect(driver.attachVolume('3164444', VOL2, '/dev/sdb')).rejects.toMatchObject({ option: 'device' });
    });

    it('detaches a volume given by id after looking up its droplet', async () => {
      const { mock, driver } = setup();
      mock.on('GET', `/v2/volumes/${VOL1}`, { fixture: 'volume_get_attached.json' });
      mock.on('POST', `/v2/volumes/${VOL1}/actions`, { status: 202, fixture: 'volume_action_attach.json' });
      await driver.detachVolume(VOL1);
      expect(mock.requests[1]!.json()).toEqual({ type: 'detach', droplet_id: 3164444, region: 'nyc3' });
    });

    it('refuses to detach a volume that is not attached', async () => {
      const { mock, driver } = setup();
      mock.on('GET', '/v2/volumes', { fixture: 'volumes.json' });
      const [, scratch] = await driver.listVolumes();
      await expect(driver.detachVolume(scratch!)).rejects.toMatchObject({ option: 'volume' });
      expect(mock.requests).toHaveLength(1);
    });

    it('destroys a volume', async () => {
      const { mock, driver } = setup();
      mock.on('DELETE', `/v2/volumes/${VOL2}`, { status: 204 });
      await driver.destroyVolume(VOL2);
      expect(mock.requests).toHaveLength(1);
    });

    it('lists, creates and destroys volume snapshots', async () => {
      const { mock, driver } = setup();
      mock.on('GET', `/v2/volumes/${VOL1}/snapshots`, { fixture: 'volume_snapshots.json' });
      mock.on('POST', `/v2/volumes/${VOL1}/snapshots`, { status: 201, fixture: 'volume_snapshot_create.json' });
      mock.on('DELETE', '/v2/volumes/snapshots/8eb4d51a-873f-11e6-96bf-000f53315a41', { status: 204 });
      const [snap] = await driver.listVolumeSnapshots(VOL1);
      expect(snap).toMatchObject({ id: '8eb4d51a-873f-11e6-96bf-000f53315a41', name: 'data-1-nightly', size: 4.2, state: 'available' });
      expect(snap!.extra).toEqual({ resourceId: VOL1, resourceType: 'volume', regions: ['nyc3'], minDiskSize: 100, tags: [] });
      const created = await driver.createVolumeSnapshot(VOL1, 'before-upgrade');
      expect(created.name).toBe('before-upgrade');
      expect(mock.requests[1]!.json()).toEqual({ name: 'before-upgrade' });
      await snap!.destroy();
      expect(mock.requests.map((r) => r.method)).toEqual(['GET', 'POST', 'DELETE']);
    });

    it('names a volume snapshot after the volume when no name is given', async () => {
      const { mock, driver } = setup();
      mock.on('POST', `/v2/volumes/${VOL1}/snapshots`, { status: 201, fixture: 'volume_snapshot_create.json' });
      await driver.createVolumeSnapshot(VOL1);
      expect(mock.requests[0]!.json<{ name: string }>().name).toMatch(new RegExp(`^${VOL1}-\\d{8}T\\d{6}$`));
    });
  });

  describe('SSH keys', () => {
    it('lists keys and gets one by name', async () => {
      const { mock, driver } = setup();
      mock.on('GET', '/v2/account/keys', { fixture: 'ssh_keys.json' });
      const keys = await driver.listKeyPairs();
      expect(keys.map((k) => [k.name, k.id])).toEqual([
        ['alice', '512189'],
        ['bob', '512190'],
      ]);
      expect(keys[0]).toMatchObject({ fingerprint: '3b:16:bf:e4:8b:00:8b:b8:59:8c:a9:d3:f0:19:45:fa', publicKey: PUBKEY });
      expect((await driver.getKeyPair('bob')).id).toBe('512190');
      await expect(driver.getKeyPair('carol')).rejects.toMatchObject({ name: 'KeyPairDoesNotExistError', code: 'NUBES_ERR_KEY_PAIR_NOT_FOUND' });
    });

    it('imports a public key, refusing one that is not OpenSSH before any request', async () => {
      const { mock, driver } = setup();
      mock.on('POST', '/v2/account/keys', { status: 201, fixture: 'ssh_key_create.json' });
      const kp = await driver.importKeyPairFromString('carol', `${PUBKEY}\n`);
      expect(kp).toMatchObject({ name: 'carol', id: '512200' });
      expect(mock.requests[0]!.json()).toEqual({ name: 'carol', public_key: PUBKEY });
      await expect(driver.importKeyPairFromString('x', 'BEGIN RSA')).rejects.toMatchObject({ option: 'publicKey' });
      expect(mock.requests).toHaveLength(1);
    });

    it('deletes a key by object, by fingerprint, and by name (looked up)', async () => {
      const { mock, driver } = setup();
      mock.on('GET', '/v2/account/keys', { fixture: 'ssh_keys.json' });
      mock.on('DELETE', /^\/v2\/account\/keys\/.+$/, { status: 204 });
      const [alice] = await driver.listKeyPairs();
      await alice!.delete();
      await driver.deleteKeyPair('12:34:56:78:90:ab:cd:ef:12:34:56:78:90:ab:cd:ef');
      await driver.deleteKeyPair('bob');
      expect(mock.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
        'GET /v2/account/keys',
        'DELETE /v2/account/keys/512189',
        'DELETE /v2/account/keys/12:34:56:78:90:ab:cd:ef:12:34:56:78:90:ab:cd:ef',
        'GET /v2/account/keys',
        'DELETE /v2/account/keys/512190',
      ]);
    });
  });

  describe('errors, proxy and secrets', () => {
    it.each([
      [401, 'unauthorized', 'Unable to authenticate you.', InvalidCredentialsError],
      [403, 'forbidden', 'You do not have access for the attempted action.', InvalidCredentialsError],
    ] as const)('maps HTTP %i to %s without the token in the message', async (status, id, message, Cls) => {
      const { mock, driver } = setup();
      mock.on('GET', '/v2/droplets', { status, json: { id, message } });
      const err = await driver.listNodes().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(Cls);
      expect((err as Error).message).toContain(message);
      expect((err as Error).message).not.toContain(TOKEN);
      expect(err).toMatchObject({ statusCode: status, provider: 'digitalocean' });
    });

    it('maps a 429 with Retry-After to RateLimitError.retryAfter', async () => {
      const { mock, driver } = setup();
      mock.on('GET', '/v2/sizes', {
        status: 429,
        headers: { 'retry-after': '30', 'ratelimit-remaining': '0' },
        json: { id: 'too_many_requests', message: 'API rate limit exceeded.' },
      });
      const err = (await driver.listSizes().catch((e: unknown) => e)) as RateLimitError;
      expect(err).toBeInstanceOf(RateLimitError);
      expect(err.retryAfter).toBe(30);
    });

    it('retries a 500 and then throws ServiceUnavailableError', async () => {
      const { mock, driver } = setup({ retry: { retries: 2, minDelay: 1, maxDelay: 2 } });
      mock.on('GET', '/v2/regions', { status: 500, json: { id: 'server_error', message: 'Unexpected server-side error' } });
      await expect(driver.listLocations()).rejects.toBeInstanceOf(ServiceUnavailableError);
      expect(mock.requests).toHaveLength(3);
    });

    it('goes through the proxy of its connection (proxyUrl option)', async () => {
      const { mock, driver } = setup({ proxyUrl: 'http://user:pw@127.0.0.1:3128' });
      mock.on('GET', '/v2/regions', { fixture: 'regions.json' });
      await driver.listLocations();
      expect(mock.requests[0]!.proxy).toMatchObject({ origin: 'http://127.0.0.1:3128', username: 'user', source: { kind: 'option' } });
    });

    it('goes through the proxy of the environment (HTTPS_PROXY)', async () => {
      const { mock, driver } = setup({ env: { HTTPS_PROXY: 'http://proxy.corp.example:8080' } });
      mock.on('GET', '/v2/regions', { fixture: 'regions.json' });
      await driver.listLocations();
      expect(mock.requests[0]!.proxy?.origin).toBe('http://proxy.corp.example:8080');
    });

    it('keeps the token out of NUBES_DEBUG output', async () => {
      const file = join(mkdtempSync(join(tmpdir(), 'nubes-do-')), 'debug.log');
      const { mock, driver } = setup({ debug: file });
      mock.on('GET', '/v2/droplets/3164444', { fixture: 'droplet_get.json' });
      mock.on('GET', '/v2/droplets/1', { status: 401, json: { id: 'unauthorized', message: `bad token ${TOKEN}` } });
      await driver.getNode('3164444');
      const err = await driver.getNode('1').catch((e: unknown) => e);
      const log = readFileSync(file, 'utf8');
      expect(log).toContain('Bearer [REDACTED]');
      expect(log).toContain('/v2/droplets/3164444');
      expect(log).not.toContain(TOKEN);
      expect((err as Error).message).not.toContain(TOKEN);
    });
  });
});
