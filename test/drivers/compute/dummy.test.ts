import { describe, expect, it } from 'vitest';
import {
  BadRequestError,
  ConflictError,
  InvalidArgumentError,
  NodeDoesNotExistError,
  NotFoundError,
  getDriver as getAnyDriver,
  DriverType,
} from '../../../src/index.js';
import {
  COMPUTE_METHODS,
  DummyNodeDriver,
  NodeAuthPassword,
  NodeAuthSSHKey,
  NodeDriver,
  NodeState,
  Provider,
  StorageVolumeState,
  getDriver,
  md5Fingerprint,
} from '../../../src/drivers/compute/index.js';
import { MockTransport } from '../../../src/testing/index.js';
import { expectCapabilitiesImplemented } from '../../helpers/capabilities.js';

const PUBKEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHsJ7Nw6tjBV1Ef4ToZqKPHw0+PMs0y2dl5Fd3lOgMf2 alice@example';
const fixedClock = (): Date => new Date('2026-01-02T03:04:05Z');

function dummy(options: ConstructorParameters<typeof DummyNodeDriver>[2] = {}): DummyNodeDriver {
  return new DummyNodeDriver('key', undefined, { clock: fixedClock, ...options });
}

async function node(driver: DummyNodeDriver, name = 'web-1'): Promise<string> {
  return (await driver.createNode({ name, size: 'small', image: 'ubuntu-24.04' })).id;
}

describe('DummyNodeDriver', () => {
  it('is registered as Provider.DUMMY in the compute registry and the cross-area getDriver', () => {
    expect(getDriver(Provider.DUMMY)).toBe(DummyNodeDriver);
    expect(getAnyDriver(DriverType.COMPUTE, 'dummy')).toBe(DummyNodeDriver);
  });

  it('declares every compute method and overrides each one', () => {
    expect(DummyNodeDriver.capabilities).toEqual(COMPUTE_METHODS);
    expectCapabilitiesImplemented(DummyNodeDriver, NodeDriver, COMPUTE_METHODS);
  });

  it('never sends a request: its connection refuses, even when handed a transport', async () => {
    const mock = new MockTransport().on('*', /.*/, { json: {} });
    const driver = new DummyNodeDriver('key', undefined, { transport: mock });
    await driver.createNode({ name: 'a', size: 'small', image: 'debian-12' });
    await driver.listNodes();
    await expect(driver.connection.request('/anything')).rejects.toThrow(/sends no requests/);
    expect(mock.requests).toHaveLength(0);
  });

  it('creates running nodes with deterministic ids, IPs, size, image and clock time', async () => {
    const driver = dummy();
    const a = await driver.createNode({ name: 'web-1', size: 'small', image: 'ubuntu-24.04', exTags: ['web'] });
    const b = await driver.createNode({ name: 'web-2', size: 'medium', image: 'debian-12', location: 'dummy-eu-1' });
    expect(a).toMatchObject({ id: 'node-1', name: 'web-1', state: NodeState.RUNNING, publicIps: ['203.0.113.1'], privateIps: ['10.0.0.1'] });
    expect(a.extra).toEqual({ location: 'dummy-east-1', tags: ['web'], auth: 'none' });
    expect(a.createdAt?.toISOString()).toBe('2026-01-02T03:04:05.000Z');
    expect(typeof a.size === 'object' && a.size.ram).toBe(1024);
    expect(typeof a.image === 'object' && a.image.name).toBe('Ubuntu 24.04 LTS');
    expect(b).toMatchObject({ id: 'node-2', publicIps: ['203.0.113.2'], extra: { location: 'dummy-eu-1' } });
    expect((await driver.listNodes()).map((n) => n.id)).toEqual(['node-1', 'node-2']);
  });

  it('gives two drivers the same ids and IPs for the same calls', async () => {
    const one = dummy();
    const two = dummy();
    for (const d of [one, two]) {
      await node(d, 'a');
      await node(d, 'b');
    }
    expect(JSON.stringify(await one.listNodes())).toBe(JSON.stringify(await two.listNodes()));
  });

  it('accepts size, image and location objects from the catalog', async () => {
    const driver = dummy();
    const [size] = await driver.listSizes();
    const images = await driver.listImages();
    const locations = await driver.listLocations();
    const created = await driver.createNode({ name: 'x', size: size!, image: images[2]!, location: locations[3]! });
    expect(created.extra.location).toBe('dummy-ap-1');
    expect(typeof created.image === 'object' && created.image.id).toBe('debian-12');
  });

  it('records the kind of auth a node was created with', async () => {
    const driver = dummy();
    const a = await driver.createNode({ name: 'a', size: 'small', image: 'debian-12', auth: new NodeAuthSSHKey(PUBKEY) });
    const b = await driver.createNode({ name: 'b', size: 'small', image: 'debian-12', auth: new NodeAuthPassword('pw-123456') });
    expect([a.extra.auth, b.extra.auth]).toEqual(['ssh-key', 'password']);
  });

  it.each([
    ['size', { name: 'x', image: 'ubuntu-24.04' }],
    ['size', { name: 'x', size: 'huge', image: 'ubuntu-24.04' }],
    ['image', { name: 'x', size: 'small' }],
    ['image', { name: 'x', size: 'small', image: 'windows-95' }],
    ['location', { name: 'x', size: 'small', image: 'ubuntu-24.04', location: 'mars-1' }],
    ['name', { name: '', size: 'small', image: 'ubuntu-24.04' }],
  ])('refuses createNode with a missing or unknown %s, naming the option', async (option, options) => {
    const driver = dummy();
    const err = await driver.createNode(options as never).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidArgumentError);
    expect(err).toMatchObject({ option });
    expect(await driver.listNodes()).toEqual([]);
  });

  it('uses the region option as the default location and refuses an unknown region', async () => {
    const driver = dummy({ region: 'dummy-west-1' });
    expect((await driver.createNode({ name: 'x', size: 'small', image: 'debian-12' })).extra.location).toBe('dummy-west-1');
    expect(() => dummy({ region: 'nowhere' })).toThrow(expect.objectContaining({ option: 'region' }));
  });

  it('refuses unusable driver options', () => {
    expect(() => dummy({ pendingPolls: -1 })).toThrow(expect.objectContaining({ option: 'pendingPolls' }));
    expect(() => dummy({ pendingPolls: 1.5 })).toThrow(InvalidArgumentError);
    expect(() => dummy({ clock: 'now' as never })).toThrow(expect.objectContaining({ option: 'clock' }));
  });

  it('keeps new nodes pending, without a public IP, for pendingPolls observations', async () => {
    const driver = dummy({ pendingPolls: 2 });
    const created = await driver.createNode({ name: 'x', size: 'small', image: 'debian-12' });
    expect(created.state).toBe(NodeState.PENDING);
    expect(created.publicIps).toEqual([]);
    expect((await driver.getNode(created.id)).state).toBe(NodeState.PENDING);
    expect((await driver.listNodes())[0]!.state).toBe(NodeState.PENDING);
    const third = await driver.getNode(created.id);
    expect(third.state).toBe(NodeState.RUNNING);
    expect(third.publicIps).toEqual(['203.0.113.1']);
  });

  it('makes waitUntilRunning poll until a pending node runs', async () => {
    const driver = dummy({ pendingPolls: 3 });
    const created = await driver.createNode({ name: 'x', size: 'small', image: 'debian-12' });
    const [running] = await driver.waitUntilRunning([created], { interval: 1, timeout: 5000 });
    expect(running).toMatchObject({ id: created.id, state: NodeState.RUNNING, publicIps: ['203.0.113.1'] });
  });

  it('gets a node by id and throws NodeDoesNotExistError for an unknown id', async () => {
    const driver = dummy();
    const id = await node(driver);
    expect((await driver.getNode(id)).name).toBe('web-1');
    const err = await driver.getNode('node-99').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NodeDoesNotExistError);
    expect(err).toMatchObject({ statusCode: 404, provider: 'dummy', code: 'NUBES_ERR_NODE_NOT_FOUND' });
  });

  it('stops, starts and reboots a node, also through the node shortcuts', async () => {
    const driver = dummy();
    const created = await driver.createNode({ name: 'x', size: 'small', image: 'debian-12' });
    await created.stop();
    expect((await driver.getNode(created.id)).state).toBe(NodeState.STOPPED);
    await driver.startNode(created.id);
    expect((await driver.getNode(created.id)).state).toBe(NodeState.RUNNING);
    await driver.stopNode(created);
    await created.reboot();
    expect((await driver.getNode(created.id)).state).toBe(NodeState.RUNNING);
  });

  it('refuses to act on a node that is still pending, with ConflictError', async () => {
    const driver = dummy({ pendingPolls: 5 });
    const id = await node(driver);
    for (const call of [driver.rebootNode(id), driver.startNode(id), driver.stopNode(id)]) {
      await expect(call).rejects.toBeInstanceOf(ConflictError);
    }
  });

  it.each(['rebootNode', 'startNode', 'stopNode', 'destroyNode'] as const)('%s of an unknown node throws NodeDoesNotExistError', async (method) => {
    await expect(dummy()[method]('node-7')).rejects.toBeInstanceOf(NodeDoesNotExistError);
  });

  it('destroys a node, after which it is gone and its volumes are detached', async () => {
    const driver = dummy();
    const id = await node(driver);
    const vol = await driver.createVolume({ size: 10, name: 'data' });
    await driver.attachVolume(id, vol);
    await driver.destroyNode(id);
    expect(await driver.listNodes()).toEqual([]);
    await expect(driver.getNode(id)).rejects.toBeInstanceOf(NodeDoesNotExistError);
    expect((await driver.listVolumes())[0]).toMatchObject({ state: StorageVolumeState.AVAILABLE, extra: { nodeId: null } });
  });

  it('sets a node state directly with exSetNodeState', async () => {
    const driver = dummy();
    const id = await node(driver);
    driver.exSetNodeState(id, NodeState.ERROR);
    expect((await driver.getNode(id)).state).toBe(NodeState.ERROR);
    expect(() => driver.exSetNodeState(id, 'exploded' as NodeState)).toThrow(InvalidArgumentError);
  });

  it('lists the preset sizes with memory, disk, vCPUs, bandwidth and price', async () => {
    const sizes = await dummy().listSizes();
    expect(sizes.map((s) => s.id)).toEqual(['small', 'medium', 'large', 'xlarge']);
    expect(sizes[1]).toMatchObject({ ram: 4096, disk: 80, vcpus: 2, bandwidth: 4000, price: 0.036 });
    await expect(dummy().listSizes('nowhere')).rejects.toMatchObject({ option: 'location' });
  });

  it('lists locations with their country', async () => {
    const locations = await dummy().listLocations();
    expect(locations.map((l) => [l.id, l.country])).toEqual([
      ['dummy-east-1', 'US'],
      ['dummy-west-1', 'US'],
      ['dummy-eu-1', 'DE'],
      ['dummy-ap-1', 'SG'],
    ]);
  });

  it('creates, gets, lists and deletes a private image; public images cannot be deleted', async () => {
    const driver = dummy();
    const id = await node(driver);
    const image = await driver.createImage(id, 'golden');
    expect(image).toMatchObject({ id: 'image-1', name: 'golden', extra: { public: false, sourceNodeId: id } });
    expect((await driver.listImages()).map((i) => i.id)).toContain('image-1');
    expect((await driver.getImage('image-1')).name).toBe('golden');
    const fromImage = await driver.createNode({ name: 'clone', size: 'small', image });
    expect(typeof fromImage.image === 'object' && fromImage.image.id).toBe('image-1');
    await image.delete();
    await expect(driver.getImage('image-1')).rejects.toMatchObject({ name: 'ImageDoesNotExistError' });
    await expect(driver.deleteImage('ubuntu-24.04')).rejects.toThrow(/public image/);
    await expect(driver.deleteImage('image-1')).rejects.toMatchObject({ name: 'ImageDoesNotExistError' });
    await expect(driver.createImage('node-9', 'x')).rejects.toBeInstanceOf(NodeDoesNotExistError);
  });

  it('creates, attaches, detaches and destroys volumes with ConflictError for impossible transitions', async () => {
    const driver = dummy();
    const id = await node(driver);
    const a = await driver.createVolume({ size: 10, name: 'a' });
    const b = await driver.createVolume({ size: 20, name: 'b' });
    expect(a).toMatchObject({ id: 'vol-1', size: 10, state: StorageVolumeState.AVAILABLE, extra: { location: 'dummy-east-1' } });
    await a.attach(id);
    await driver.attachVolume(id, b.id);
    const [va, vb] = await driver.listVolumes();
    expect(va).toMatchObject({ state: StorageVolumeState.INUSE, extra: { nodeId: id, device: '/dev/vdb' } });
    expect(vb!.extra.device).toBe('/dev/vdc');
    await expect(driver.attachVolume(id, a)).rejects.toBeInstanceOf(ConflictError);
    await expect(driver.destroyVolume(a)).rejects.toBeInstanceOf(ConflictError);
    await a.detach();
    await expect(driver.detachVolume(a)).rejects.toBeInstanceOf(ConflictError);
    await a.destroy();
    expect((await driver.listVolumes()).map((v) => v.id)).toEqual(['vol-2']);
    await expect(driver.destroyVolume('vol-1')).rejects.toBeInstanceOf(NotFoundError);
  });

  it('refuses to attach a volume to a node in another location', async () => {
    const driver = dummy();
    const id = await node(driver);
    const vol = await driver.createVolume({ size: 10, name: 'far', location: 'dummy-eu-1' });
    await expect(driver.attachVolume(id, vol)).rejects.toBeInstanceOf(BadRequestError);
  });

  it.each([
    ['size', { size: 0, name: 'x' }],
    ['size', { size: 2.5, name: 'x' }],
    ['name', { size: 1, name: '' }],
    ['location', { size: 1, name: 'x', location: 'moon' }],
    ['snapshot', { size: 1, name: 'x', snapshot: 'snap-404' }],
  ])('refuses createVolume with a bad %s', async (option, options) => {
    await expect(dummy().createVolume(options as never)).rejects.toMatchObject({ name: 'InvalidArgumentError', option });
  });

  it('snapshots a volume, lists and destroys snapshots, and restores a volume from one', async () => {
    const driver = dummy();
    const vol = await driver.createVolume({ size: 10, name: 'data' });
    const s1 = await vol.snapshot();
    const s2 = await driver.createVolumeSnapshot(vol.id, 'nightly');
    expect(s1).toMatchObject({ id: 'snap-1', name: 'data-snap-1', size: 10, state: 'available', extra: { volumeId: vol.id } });
    expect(s1.createdAt?.toISOString()).toBe('2026-01-02T03:04:05.000Z');
    expect((await vol.listSnapshots()).map((s) => s.name)).toEqual(['data-snap-1', 'nightly']);
    const restored = await driver.createVolume({ size: 10, name: 'restored', snapshot: s2 });
    expect(restored.extra.snapshotId).toBe('snap-2');
    await expect(driver.createVolume({ size: 5, name: 'small', snapshot: s2 })).rejects.toMatchObject({ option: 'size' });
    await s1.destroy();
    expect((await driver.listVolumeSnapshots(vol)).map((s) => s.id)).toEqual(['snap-2']);
    await expect(driver.destroyVolumeSnapshot('snap-1')).rejects.toBeInstanceOf(NotFoundError);
    await expect(driver.listVolumeSnapshots('vol-9')).rejects.toBeInstanceOf(NotFoundError);
  });

  it('imports, creates, gets, lists and deletes key pairs', async () => {
    const driver = dummy();
    const imported = await driver.importKeyPairFromString('alice', PUBKEY);
    expect(imported).toMatchObject({ name: 'alice', id: 'key-1', publicKey: PUBKEY, fingerprint: md5Fingerprint(PUBKEY) });
    expect(imported.privateKey).toBeUndefined();
    const created = await driver.createKeyPair('bob');
    expect(created.publicKey).toMatch(/^ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI\S+ bob$/);
    expect(created.privateKey).toContain('BEGIN OPENSSH PRIVATE KEY');
    expect(JSON.stringify(created)).not.toContain('PRIVATE KEY');
    expect((await driver.getKeyPair('bob')).fingerprint).toBe(created.fingerprint);
    expect((await driver.listKeyPairs()).map((k) => k.name)).toEqual(['alice', 'bob']);
    await expect(driver.importKeyPairFromString('alice', PUBKEY)).rejects.toBeInstanceOf(ConflictError);
    await created.delete();
    await driver.deleteKeyPair('alice');
    expect(await driver.listKeyPairs()).toEqual([]);
    await expect(driver.getKeyPair('bob')).rejects.toMatchObject({ name: 'KeyPairDoesNotExistError' });
    await expect(driver.deleteKeyPair('bob')).rejects.toMatchObject({ name: 'KeyPairDoesNotExistError' });
  });

  it('derives the same key pair for the same name and sequence on another driver', async () => {
    const a = await dummy().createKeyPair('k');
    const b = await dummy().createKeyPair('k');
    expect(a.publicKey).toBe(b.publicKey);
  });

  it('refuses a public key that is not OpenSSH, naming publicKey', async () => {
    await expect(dummy().importKeyPairFromString('x', 'not a key')).rejects.toMatchObject({ option: 'publicKey' });
    await expect(dummy().importKeyPairFromString('x', 'ssh-rsa AAAAC3NzaC1lZDI1NTE5AAAAIHsJ')).rejects.toThrow(/does not match its type/);
  });

  it('imports a key pair from a file through the base method', async () => {
    const { writeFile, mkdtemp } = await import('node:fs/promises');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const dir = await mkdtemp(join(tmpdir(), 'nubes-dummy-'));
    await writeFile(join(dir, 'id.pub'), `${PUBKEY}\n`);
    const kp = await dummy().importKeyPairFromFile('file', join(dir, 'id.pub'));
    expect(kp.publicKey).toBe(PUBKEY);
  });
});
