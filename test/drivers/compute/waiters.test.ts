/**
 * The compute waiters on the common poller: waitUntilState polls the one node
 * (getNode, never the whole listing), waitUntilVolumeState the one volume (getVolume);
 * the state is reached, a deadline passes (WaitTimeoutError), a signal aborts
 * (AbortError), a failed resource ends the wait (OperationFailedError), and a request in
 * flight when the wait runs out is torn down.
 */
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { AbortError, InvalidArgumentError, NodeStateTimeoutError, OperationFailedError, WaitTimeoutError } from '../../../src/common/errors/index.js';
import {
  DigitalOceanNodeDriver,
  LinodeNodeDriver,
  Node,
  NodeDriver,
  NodeState,
  StorageVolume,
  StorageVolumeState,
  VultrNodeDriver,
} from '../../../src/drivers/compute/index.js';
import { MockTransport } from '../../../src/testing/index.js';
import { ec2Driver, ec2Mock, paramsOf } from './ec2/helpers.js';

/** A driver whose getNode/iterateVolumes replay scripted states, and whose listNodes must not be used. */
class ScriptedDriver extends NodeDriver {
  static override readonly capabilities = ['listNodes', 'getNode', 'listVolumes'] as const;
  readonly type = 'scripted';
  readonly name = 'Scripted';
  readonly website = 'https://example.invalid';
  nodeStates: NodeState[] = [];
  volumeStates: StorageVolumeState[] = [];
  getNodeCalls = 0;
  volumeListings = 0;

  override async listNodes(): Promise<Node[]> {
    throw new Error('waitUntilState must poll getNode, not list every node');
  }

  override async getNode(id: string): Promise<Node> {
    const state = this.nodeStates[Math.min(this.getNodeCalls++, this.nodeStates.length - 1)]!;
    return new Node({ id, name: 'n', state, publicIps: [], privateIps: [], extra: {} }, this);
  }

  override async *iterateVolumes(): AsyncGenerator<StorageVolume, void, undefined> {
    const state = this.volumeStates[Math.min(this.volumeListings++, this.volumeStates.length - 1)]!;
    yield new StorageVolume({ id: 'other', name: 'other', size: 1, state: StorageVolumeState.AVAILABLE, extra: {} }, this);
    yield new StorageVolume({ id: 'vol-1', name: 'data', size: 10, state, extra: {} }, this);
  }
}

describe('NodeDriver.waitUntilState', () => {
  it('polls getNode until the node is in one of the states, and returns it', async () => {
    const d = new ScriptedDriver('k');
    d.nodeStates = [NodeState.STOPPING, NodeState.STOPPING, NodeState.STOPPED];
    const node = await d.waitUntilState('n1', [NodeState.STOPPED, NodeState.TERMINATED], { interval: 1 });
    expect(node).toMatchObject({ id: 'n1', state: NodeState.STOPPED });
    expect(d.getNodeCalls).toBe(3);
  });

  it('takes a node object as well as an id', async () => {
    const d = new ScriptedDriver('k');
    d.nodeStates = [NodeState.RUNNING];
    const node = new Node({ id: 'n2', name: 'x', state: NodeState.PENDING, publicIps: [], privateIps: [], extra: {} }, d);
    expect(await d.waitUntilState(node, [NodeState.RUNNING])).toMatchObject({ id: 'n2', state: NodeState.RUNNING });
  });

  it('ends with a NodeStateTimeoutError (a WaitTimeoutError) naming the last state when timeout passes', async () => {
    const d = new ScriptedDriver('k');
    d.nodeStates = [NodeState.PENDING];
    const err = await d.waitUntilState('n1', [NodeState.RUNNING], { interval: 5, timeout: 40 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NodeStateTimeoutError);
    expect(err).toBeInstanceOf(WaitTimeoutError);
    expect(err).toMatchObject({ provider: 'scripted' });
    expect((err as Error).message).toContain('pending');
  });

  it('ends at an absolute deadline the same way', async () => {
    const d = new ScriptedDriver('k');
    d.nodeStates = [NodeState.PENDING];
    const err = await d.waitUntilState('n1', [NodeState.RUNNING], { interval: 5, deadline: Date.now() + 40 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WaitTimeoutError);
  });

  it('ends with an AbortError whose cause is the reason when the signal aborts', async () => {
    const d = new ScriptedDriver('k');
    d.nodeStates = [NodeState.PENDING];
    const controller = new AbortController();
    const reason = new Error('user stop');
    const pending = d.waitUntilState('n1', [NodeState.RUNNING], { interval: 60_000, signal: controller.signal }).catch((e: unknown) => e);
    while (d.getNodeCalls === 0) await new Promise((r) => setTimeout(r, 1));
    controller.abort(reason);
    const err = await pending;
    expect(err).toBeInstanceOf(AbortError);
    expect((err as AbortError).cause).toBe(reason);
    expect(d.getNodeCalls).toBe(1);
  });

  it('ends with an OperationFailedError when the node goes to error', async () => {
    const d = new ScriptedDriver('k');
    d.nodeStates = [NodeState.PENDING, NodeState.ERROR];
    const err = await d.waitUntilState('n1', [NodeState.RUNNING], { interval: 1 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OperationFailedError);
    expect((err as Error).message).toContain('error');
  });

  it('waits for error itself when asked to', async () => {
    const d = new ScriptedDriver('k');
    d.nodeStates = [NodeState.ERROR];
    expect(await d.waitUntilState('n1', [NodeState.ERROR])).toMatchObject({ state: NodeState.ERROR });
  });

  it('refuses empty or unknown states and bad options before polling', async () => {
    const d = new ScriptedDriver('k');
    d.nodeStates = [NodeState.RUNNING];
    for (const [call, option] of [
      [() => d.waitUntilState('n1', []), 'states'],
      [() => d.waitUntilState('n1', ['runing' as NodeState]), 'states'],
      [() => d.waitUntilState('', [NodeState.RUNNING]), 'node'],
      [() => d.waitUntilState('n1', [NodeState.RUNNING], { interval: 'fast' as never }), 'interval'],
      [() => d.waitUntilState('n1', [NodeState.RUNNING], { signal: 5 as never }), 'signal'],
      [() => d.waitUntilState('n1', [NodeState.RUNNING], { every: 1 } as never), 'every'],
    ] as const) {
      const err = await call().catch((e: unknown) => e);
      expect(err, option).toBeInstanceOf(InvalidArgumentError);
      expect((err as InvalidArgumentError).option).toBe(option);
    }
    expect(d.getNodeCalls).toBe(0);
  });
});

describe('NodeDriver.waitUntilVolumeState and getVolume', () => {
  it('getVolume finds one volume in the listing when the driver has no direct fetch', async () => {
    const d = new ScriptedDriver('k');
    d.volumeStates = [StorageVolumeState.AVAILABLE];
    expect(await d.getVolume('vol-1')).toMatchObject({ id: 'vol-1', name: 'data' });
    await expect(d.getVolume('vol-404')).rejects.toMatchObject({ name: 'NotFoundError' });
  });

  it('polls until the volume is in one of the states', async () => {
    const d = new ScriptedDriver('k');
    d.volumeStates = [StorageVolumeState.CREATING, StorageVolumeState.AVAILABLE];
    const volume = await d.waitUntilVolumeState('vol-1', [StorageVolumeState.AVAILABLE], { interval: 1 });
    expect(volume).toMatchObject({ id: 'vol-1', state: StorageVolumeState.AVAILABLE });
    expect(d.volumeListings).toBe(2);
  });

  it('times out, aborts and fails like waitUntilState', async () => {
    const d = new ScriptedDriver('k');
    d.volumeStates = [StorageVolumeState.CREATING];
    const timedOut = await d.waitUntilVolumeState('vol-1', [StorageVolumeState.AVAILABLE], { interval: 5, timeout: 30 }).catch((e: unknown) => e);
    expect(timedOut).toBeInstanceOf(WaitTimeoutError);
    expect((timedOut as Error).message).toContain('creating');
    const aborted = await d.waitUntilVolumeState('vol-1', [StorageVolumeState.AVAILABLE], { signal: AbortSignal.abort() }).catch((e: unknown) => e);
    expect(aborted).toBeInstanceOf(AbortError);
    d.volumeStates = [StorageVolumeState.ERROR];
    const failed = await d.waitUntilVolumeState('vol-1', [StorageVolumeState.AVAILABLE], { interval: 1 }).catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(OperationFailedError);
  });
});

const fixtures = fileURLToPath(new URL('../../fixtures/compute/digitalocean/', import.meta.url));
const droplet = (JSON.parse(readFileSync(`${fixtures}droplet_get.json`, 'utf8')) as { droplet: Record<string, unknown> }).droplet;

describe('DigitalOcean: the waiters poll one resource', () => {
  it('waitUntilState polls GET /v2/droplets/{id} and nothing else', async () => {
    const mock = new MockTransport();
    mock.on('GET', '/v2/droplets/3164444', { json: { droplet: { ...droplet, status: 'active' } } }, { times: 1 });
    mock.on('GET', '/v2/droplets/3164444', { json: { droplet: { ...droplet, status: 'off' } } });
    const driver = new DigitalOceanNodeDriver('do-token-example', undefined, { transport: mock, env: {}, retry: false });
    const node = await driver.waitUntilState('3164444', [NodeState.STOPPED], { interval: 1 });
    expect(node.state).toBe(NodeState.STOPPED);
    expect(mock.requests.map((r) => r.path)).toEqual(['/v2/droplets/3164444', '/v2/droplets/3164444']);
  });

  it('waitUntilRunning of one node polls that node, not the listing', async () => {
    const mock = new MockTransport();
    mock.on('GET', '/v2/droplets/3164444', { json: { droplet: { ...droplet, status: 'new' } } }, { times: 1 });
    mock.on('GET', '/v2/droplets/3164444', { json: { droplet: { ...droplet, status: 'active' } } });
    const driver = new DigitalOceanNodeDriver('do-token-example', undefined, { transport: mock, env: {}, retry: false });
    const [node] = await driver.waitUntilRunning(['3164444'], { interval: 1, timeout: 5_000 });
    expect(node?.state).toBe(NodeState.RUNNING);
    expect(new Set(mock.requests.map((r) => r.path))).toEqual(new Set(['/v2/droplets/3164444']));
  });

  it('waitUntilVolumeState polls GET /v2/volumes/{id}', async () => {
    const mock = new MockTransport({ fixturesDir: fixtures });
    mock.on('GET', /^\/v2\/volumes\/[^/]+$/, { fixture: 'volume_get_attached.json' });
    const driver = new DigitalOceanNodeDriver('do-token-example', undefined, { transport: mock, env: {}, retry: false });
    const id = (JSON.parse(readFileSync(`${fixtures}volume_get_attached.json`, 'utf8')) as { volume: { id: string } }).volume.id;
    const volume = await driver.waitUntilVolumeState(id, [StorageVolumeState.INUSE, StorageVolumeState.AVAILABLE]);
    expect(volume.id).toBe(id);
    expect(mock.requests.map((r) => r.path)).toEqual([`/v2/volumes/${id}`]);
  });
});

describe('a poll in flight when the wait runs out', () => {
  const servers: http.Server[] = [];
  afterEach(async () => {
    for (const server of servers.splice(0)) {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('is torn down, and the wait ends with its WaitTimeoutError', async () => {
    let closed!: () => void;
    const socketClosed = new Promise<void>((resolve) => (closed = resolve));
    let requests = 0;
    // Answers nothing: the getNode of the first poll hangs.
    const server = http.createServer((req) => {
      requests++;
      req.socket.once('close', () => closed());
    });
    servers.push(server);
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as AddressInfo;
    const driver = new DigitalOceanNodeDriver('do-token-example', undefined, { host: '127.0.0.1', port, secure: false, env: {}, retry: false });
    // Long enough for the poll to reach the server on a loaded machine; the wait still
    // ends at its deadline, far before the connection's own timeouts.
    const err = await driver.waitUntilState('3164444', [NodeState.RUNNING], { timeout: 2_000 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NodeStateTimeoutError);
    expect(requests).toBe(1);
    await socketClosed;
  });
});

describe('getVolume fetches one volume where the provider can', () => {
  it('EC2: DescribeVolumes with VolumeId.1', async () => {
    const mock = ec2Mock({ DescribeVolumes: { fixture: 'describe_volumes.xml' } });
    const volume = await ec2Driver(mock).waitUntilVolumeState('vol-0aaaa1111bbbb2222', [StorageVolumeState.INUSE]);
    expect(volume.id).toBe('vol-0aaaa1111bbbb2222');
    expect(paramsOf(mock.lastRequest)).toMatchObject({ Action: 'DescribeVolumes', 'VolumeId.1': 'vol-0aaaa1111bbbb2222' });
    expect(mock.requests).toHaveLength(1);
  });

  it('Linode: GET /v4/volumes/{id}, polled until active', async () => {
    const linodeFixtures = fileURLToPath(new URL('../../fixtures/compute/linode/', import.meta.url));
    const created = JSON.parse(readFileSync(`${linodeFixtures}volume_create.json`, 'utf8')) as Record<string, unknown>;
    const mock = new MockTransport();
    mock.on('GET', '/v4/volumes/12350', { json: created }, { times: 1 });
    mock.on('GET', '/v4/volumes/12350', { json: { ...created, status: 'active' } });
    const driver = new LinodeNodeDriver('linode-token-example', undefined, { transport: mock, env: {}, retry: false });
    const volume = await driver.waitUntilVolumeState('12350', [StorageVolumeState.AVAILABLE], { interval: 1 });
    expect(volume.id).toBe('12350');
    expect(mock.requests.map((r) => r.path)).toEqual(['/v4/volumes/12350', '/v4/volumes/12350']);
  });

  it('Vultr: GET /v2/blocks/{id}', async () => {
    const vultrFixtures = fileURLToPath(new URL('../../fixtures/compute/vultr/', import.meta.url));
    const created = JSON.parse(readFileSync(`${vultrFixtures}block_create.json`, 'utf8')) as { block: Record<string, unknown> & { id: string } };
    const mock = new MockTransport();
    mock.on('GET', `/v2/blocks/${created.block.id}`, { json: { block: { ...created.block, status: 'active' } } });
    const driver = new VultrNodeDriver('vultr-key-example', undefined, { transport: mock, env: {}, retry: false });
    const volume = await driver.getVolume(created.block.id);
    expect(volume.id).toBe(created.block.id);
    expect(mock.requests.map((r) => r.path)).toEqual([`/v2/blocks/${created.block.id}`]);
  });
});
