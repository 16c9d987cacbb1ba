/** GceNodeDriver against fixtures written from the Compute Engine v1 reference. */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  ConflictError,
  InvalidArgumentError,
  NodeDoesNotExistError,
  NotFoundError,
  NubesError,
  OperationFailedError,
  ProviderError,
  RateLimitError,
  ServiceUnavailableError,
  type TokenCredential,
} from '../../../../src/index.js';
import {
  COMPUTE_METHODS,
  GCE_INSTANCE_STATUSES,
  GceNodeDriver,
  NodeAuthPassword,
  NodeAuthSSHKey,
  NodeDriver,
  NodeState,
  Provider,
  StorageVolumeState,
  getDriver,
  instanceState,
  type GceDriverOptions,
  type GcePartialResultWarning,
} from '../../../../src/drivers/compute/index.js';
import { MockTransport } from '../../../../src/testing/index.js';
import { expectCapabilitiesImplemented } from '../../../helpers/capabilities.js';

const FIXTURES = fileURLToPath(new URL('../../../fixtures/compute/gce/', import.meta.url));
const P = '/compute/v1/projects/test-project';
const Z = `${P}/zones/europe-west1-b`;
const OP = 'operation-1733518800000-5f3a-insert';
const token: TokenCredential = { kind: 'static', getToken: async () => ({ token: 'ya29.static-gce-token', expiresAt: Date.now() + 3_600_000 }) };

function setup(options: GceDriverOptions = {}): { mock: MockTransport; driver: GceNodeDriver; warnings: GcePartialResultWarning[] } {
  const mock = new MockTransport({ fixturesDir: FIXTURES });
  const warnings: GcePartialResultWarning[] = [];
  const driver = new GceNodeDriver('', undefined, {
    project: 'test-project',
    zone: 'europe-west1-b',
    credentials: token,
    transport: mock,
    env: {},
    retry: false,
    pollInterval: 1,
    onWarning: (w) => warnings.push(w),
    ...options,
  });
  return { mock, driver, warnings };
}

function routeInstances(mock: MockTransport): void {
  mock.on('GET', `${P}/aggregated/instances`, { fixture: 'aggregated_instances_page2.json' }, { query: { pageToken: 'Cj0KBXpvbmVzEg9ldXJvcGUtd2VzdDEtYg==' } });
  mock.on('GET', `${P}/aggregated/instances`, { fixture: 'aggregated_instances_page1.json' });
}

async function failure(p: Promise<unknown>): Promise<NubesError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(NubesError);
  return err as NubesError;
}

describe('GceNodeDriver', () => {
  it('is Provider.GCE and declares exactly the methods it overrides', () => {
    expect(getDriver(Provider.GCE)).toBe(GceNodeDriver);
    expectCapabilitiesImplemented(GceNodeDriver, NodeDriver, COMPUTE_METHODS);
  });

  it('maps every documented instance status to a known state (TERMINATED is stopped, not gone)', () => {
    for (const status of GCE_INSTANCE_STATUSES) expect(instanceState(status)).not.toBe(NodeState.UNKNOWN);
    expect(GCE_INSTANCE_STATUSES).toHaveLength(9);
    expect(instanceState('TERMINATED')).toBe(NodeState.STOPPED);
    expect(instanceState('PROVISIONING')).toBe(NodeState.PENDING);
    expect(instanceState('SUSPENDED')).toBe(NodeState.PAUSED);
  });

  it('lists every zone through aggregated/instances, page after page, with the token, ids as strings', async () => {
    const { mock, driver, warnings } = setup();
    routeInstances(mock);
    const nodes = await driver.listNodes();
    expect(nodes.map((n) => [n.id, n.name, n.state, n.extra.zone])).toEqual([
      ['4567890123456789012', 'web-1', NodeState.RUNNING, 'europe-west1-b'],
      ['18446744073709551615', 'web-2', NodeState.STARTING, 'europe-west1-b'],
      ['3000000000000000001', 'batch-1', NodeState.STOPPED, 'us-central1-a'],
    ]);
    const [web1, web2, batch] = nodes as [(typeof nodes)[0], (typeof nodes)[0], (typeof nodes)[0]];
    expect(web1.publicIps).toEqual(['34.76.10.20']);
    expect(web1.privateIps).toEqual(['10.132.0.2']);
    expect(web1.size).toBe('e2-medium');
    expect(web1.extra.labels).toEqual({ env: 'prod' });
    expect(web1.extra.metadata['startup-script']).toContain('echo hi');
    expect(web2.publicIps).toEqual([]); // access config without natIP yet
    expect(batch.extra.preemptible).toBe(true);
    expect(batch.extra.provisioningModel).toBe('SPOT');
    const calls = mock.requestsTo('GET', `${P}/aggregated/instances`);
    expect(calls).toHaveLength(2);
    expect(calls[0]!.query).toMatchObject({ maxResults: '500', returnPartialSuccess: 'true' });
    expect(calls[1]!.query.pageToken).toBe('Cj0KBXpvbmVzEg9ldXJvcGUtd2VzdDEtYg==');
    expect(calls[0]!.headers.authorization).toBe('Bearer ya29.static-gce-token');
    // Empty zones are ignored; the unreachable zone is reported, not dropped.
    expect(warnings).toEqual([{ code: 'UNREACHABLE', scope: 'zones/asia-east1-a', listing: 'instances', message: expect.stringContaining('zones/asia-east1-a did not answer') }]);
  });

  it('without onWarning, an unreachable zone is a process warning', async () => {
    const mock = new MockTransport({ fixturesDir: FIXTURES });
    routeInstances(mock);
    const driver = new GceNodeDriver('', undefined, { project: 'test-project', credentials: token, transport: mock, env: {}, retry: false });
    const seen: Error[] = [];
    const listener = (w: Error): void => void seen.push(w);
    process.on('warning', listener);
    try {
      await driver.listNodes();
      await new Promise((r) => setImmediate(r));
    } finally {
      process.off('warning', listener);
    }
    expect(seen.map((w) => [(w as Error & { code?: string }).code, w.message])).toEqual([['NUBES_GCE_PARTIAL_RESULT', expect.stringContaining('zones/asia-east1-a')]]);
  });

  it('a repeated page token is a PaginationError, never a loop', async () => {
    const { mock, driver } = setup();
    mock.on('GET', `${P}/aggregated/instances`, { fixture: 'aggregated_instances_page1.json' });
    const err = await failure(driver.listNodes());
    expect(err.name).toBe('PaginationError');
  });

  it('getNode by numeric id filters the aggregated list; by zone/name it GETs the instance', async () => {
    const { mock, driver } = setup();
    mock.on('GET', `${P}/aggregated/instances`, { fixture: 'aggregated_instances_page2.json' });
    mock.on('GET', `${Z}/instances/web-3`, { fixture: 'instance_web3.json' });
    mock.on('GET', `${Z}/instances/nope`, { status: 404, fixture: 'error_not_found.json' });
    expect((await driver.getNode('3000000000000000001')).name).toBe('batch-1');
    expect(mock.requests[0]!.query.filter).toBe('id = 3000000000000000001');
    expect((await driver.getNode('europe-west1-b/web-3')).state).toBe(NodeState.PENDING);
    const err = await failure(driver.getNode('nope'));
    expect(err).toBeInstanceOf(NodeDoesNotExistError);
    expect(err.providerCode).toBe('notFound');
  });

  it('createNode sends the instance body and waits for the operation: PENDING → RUNNING → DONE', async () => {
    const { mock, driver } = setup();
    mock.on('POST', `${Z}/instances`, { fixture: 'operation_insert_pending.json' });
    mock.on('POST', `${Z}/operations/${OP}/wait`, { fixture: 'operation_insert_running.json' }, { times: 1 });
    mock.on('POST', `${Z}/operations/${OP}/wait`, { fixture: 'operation_insert_done.json' });
    mock.on('GET', `${Z}/instances/web-3`, { fixture: 'instance_web3.json' });
    const node = await driver.createNode({
      name: 'web-3',
      size: 'e2-medium',
      image: 'debian-cloud/family/debian-12',
      auth: new NodeAuthSSHKey('ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHsJ7Nw6tjBV1Ef4ToZqKPHw0 alice@example'),
      exDiskSizeGb: 20,
      exDiskType: 'pd-ssd',
      exSubnetwork: 'apps',
      exExternalIp: false,
      exLabels: { env: 'dev' },
      exTags: ['http-server'],
      exStartupScript: '#!/bin/sh\napt-get update',
      exServiceAccount: { email: 'app@test-project.iam.gserviceaccount.com', scopes: ['https://www.googleapis.com/auth/devstorage.read_only'] },
      exSpot: 'DELETE',
    });
    expect(node.id).toBe('5000000000000000003');
    const body = mock.requestsTo('POST', `${Z}/instances`)[0]!.json<Record<string, unknown>>();
    expect(body).toEqual({
      name: 'web-3',
      machineType: 'zones/europe-west1-b/machineTypes/e2-medium',
      disks: [{ boot: true, autoDelete: true, initializeParams: { sourceImage: 'projects/debian-cloud/global/images/family/debian-12', diskType: 'zones/europe-west1-b/diskTypes/pd-ssd', diskSizeGb: '20' } }],
      networkInterfaces: [{ network: 'global/networks/default', subnetwork: 'regions/europe-west1/subnetworks/apps' }],
      labels: { env: 'dev' },
      metadata: { items: [{ key: 'startup-script', value: '#!/bin/sh\napt-get update' }, { key: 'ssh-keys', value: 'nubes:ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHsJ7Nw6tjBV1Ef4ToZqKPHw0 alice@example' }] },
      serviceAccounts: [{ email: 'app@test-project.iam.gserviceaccount.com', scopes: ['https://www.googleapis.com/auth/devstorage.read_only'] }],
      tags: { items: ['http-server'] },
      scheduling: { provisioningModel: 'SPOT', instanceTerminationAction: 'DELETE' },
    });
    expect(mock.requestsTo('POST', `${Z}/operations/${OP}/wait`)).toHaveLength(2);
  });

  it('createNode defaults: external IP, default network and service account; preemptible', async () => {
    const { mock, driver } = setup();
    mock.on('POST', `${Z}/instances`, { fixture: 'operation_insert_done.json' });
    mock.on('GET', `${Z}/instances/web-3`, { fixture: 'instance_web3.json' });
    await driver.createNode({ name: 'web-3', size: 'e2-medium', image: 'golden-web-v3', exPreemptible: true });
    const body = mock.requestsTo('POST', `${Z}/instances`)[0]!.json<Record<string, Record<string, unknown>[]>>();
    expect(body.networkInterfaces).toEqual([{ network: 'global/networks/default', accessConfigs: [{ type: 'ONE_TO_ONE_NAT', name: 'External NAT' }] }]);
    expect((body.disks![0]!.initializeParams as Record<string, unknown>).sourceImage).toBe('projects/test-project/global/images/golden-web-v3');
    expect(body.serviceAccounts).toEqual([{ email: 'default', scopes: ['https://www.googleapis.com/auth/cloud-platform'] }]);
    expect(body.scheduling).toEqual({ preemptible: true });
    expect(mock.requestsTo('POST', /\/wait$/)).toHaveLength(0); // already DONE
  });

  it('an operation DONE with an error is an OperationFailedError carrying Google\'s code', async () => {
    const { mock, driver } = setup();
    mock.on('POST', `${Z}/instances`, { fixture: 'operation_insert_pending.json' });
    mock.on('POST', `${Z}/operations/${OP}/wait`, { fixture: 'operation_insert_error.json' });
    const err = await failure(driver.createNode({ name: 'web-3', size: 'e2-medium', image: 'debian-cloud/debian-12-bookworm-v20261110' }));
    expect(err).toBeInstanceOf(OperationFailedError);
    expect(err.providerCode).toBe('QUOTA_EXCEEDED');
    expect(err.statusCode).toBe(403);
    expect(err.message).toMatch(/Quota 'CPUS' exceeded/);
  });

  it.each([
    ['error_already_exists.json', 409, ConflictError, 'alreadyExists'],
    ['error_resource_in_use.json', 400, ConflictError, 'resourceInUseByAnotherResource'],
    ['error_quota_exceeded.json', 403, ProviderError, 'quotaExceeded'],
    ['error_rate_limit.json', 403, RateLimitError, 'rateLimitExceeded'],
    ['error_backend.json', 503, ServiceUnavailableError, 'backendError'],
  ])('%s → typed error with the reason', async (fixture, status, cls, reason) => {
    const { mock, driver } = setup();
    mock.on('POST', `${Z}/instances`, { status, fixture });
    const err = await failure(driver.createNode({ name: 'web-1', size: 'e2-medium', image: 'debian-cloud/family/debian-12' }));
    expect(err).toBeInstanceOf(cls);
    expect(err.providerCode).toBe(reason);
    expect(mock.requestsTo('POST', `${Z}/instances`)).toHaveLength(1); // a POST insert is never retried
  });

  it('a GET answered 503 backendError is retried per the Connection policy', async () => {
    const { mock, driver } = setup({ retry: { retries: 2, minDelay: 1, maxDelay: 1 } });
    mock.on('GET', `${P}/zones`, { status: 503, fixture: 'error_backend.json' }, { times: 1 });
    mock.on('GET', `${P}/zones`, { fixture: 'zones.json' });
    expect(await driver.listLocations()).toHaveLength(3);
    expect(mock.requestsTo('GET', `${P}/zones`)).toHaveLength(2);
  });

  it('reboot (reset), start, stop and destroy address the instance by zone/name and wait', async () => {
    const { mock, driver } = setup();
    routeInstances(mock);
    mock.on('POST', /\/instances\/[a-z0-9-]+\/(reset|start|stop)$/, { fixture: 'operation_reset_done.json' });
    mock.on('DELETE', /\/instances\/[a-z0-9-]+$/, { fixture: 'operation_reset_done.json' });
    const [web1] = await driver.listNodes();
    await driver.rebootNode(web1!);
    await driver.startNode('us-central1-a/batch-1');
    await driver.stopNode('web-2');
    await driver.destroyNode('3000000000000000001');
    expect(mock.calls().filter((c) => !c.includes('aggregated'))).toEqual([
      `POST ${Z}/instances/web-1/reset`,
      `POST ${P}/zones/us-central1-a/instances/batch-1/start`,
      `POST ${Z}/instances/web-2/stop`,
      `DELETE ${P}/zones/us-central1-a/instances/batch-1`,
    ]);
  });

  it('listSizes per zone (deprecation in extra), listLocations with regions', async () => {
    const { mock, driver } = setup();
    mock.on('GET', `${Z}/machineTypes`, { fixture: 'machine_types_europe-west1-b.json' });
    mock.on('GET', `${P}/zones`, { fixture: 'zones.json' });
    const sizes = await driver.listSizes();
    expect(sizes.map((s) => [s.id, s.ram, s.vcpus, s.extra.deprecated])).toEqual([
      ['e2-medium', 4096, 2, 'ACTIVE'],
      ['n2-standard-4', 16384, 4, 'ACTIVE'],
      ['n1-standard-1', 3840, 1, 'DEPRECATED'],
    ]);
    const zones = await driver.listLocations();
    expect(zones.map((z) => [z.id, z.extra.region, z.country, z.extra.status])).toEqual([
      ['europe-west1-b', 'europe-west1', 'BE', 'UP'],
      ['us-central1-a', 'us-central1', 'US', 'UP'],
      ['asia-east1-a', 'asia-east1', 'TW', 'DOWN'],
    ]);
  });

  it('listImages: own project then the public image projects, family and deprecation in extra', async () => {
    const { mock, driver } = setup();
    mock.on('GET', `${P}/global/images`, { fixture: 'images_test-project.json' });
    mock.on('GET', '/compute/v1/projects/debian-cloud/global/images', { fixture: 'images_debian-cloud_page2.json' }, { query: { pageToken: 'debian-page-2' } });
    mock.on('GET', '/compute/v1/projects/debian-cloud/global/images', { fixture: 'images_debian-cloud_page1.json' });
    mock.on('GET', /^\/compute\/v1\/projects\/[a-z-]+-cloud\/global\/images$/, { fixture: 'images_empty.json' });
    const images = await driver.listImages();
    expect(images.map((i) => [i.id, i.extra.family, i.extra.deprecated])).toEqual([
      ['projects/test-project/global/images/golden-web-v3', 'golden-web', 'ACTIVE'],
      ['projects/debian-cloud/global/images/debian-12-bookworm-v20261110', 'debian-12', 'ACTIVE'],
      ['projects/debian-cloud/global/images/debian-12-arm64-bookworm-v20261110', 'debian-12-arm64', 'ACTIVE'],
    ]);
    const projects = new Set(mock.requests.map((r) => r.path.split('/')[4]));
    expect([...projects]).toEqual(['test-project', 'debian-cloud', 'ubuntu-os-cloud', 'cos-cloud', 'rhel-cloud', 'rocky-linux-cloud', 'windows-cloud']);
    const all = await driver.listImages(undefined, { exIncludeDeprecated: true, exProjects: ['debian-cloud'] });
    const old = all.find((i) => i.name === 'debian-11-bullseye-v20250101')!;
    expect(old.extra.deprecated).toBe('DEPRECATED');
    expect(old.extra.replacement).toBe('projects/debian-cloud/global/images/debian-12-bookworm-v20261110');
  });

  it('getImage by path, project/name or family (getFromFamily); a missing one is ImageDoesNotExistError', async () => {
    const { mock, driver } = setup();
    mock.on('GET', '/compute/v1/projects/debian-cloud/global/images/family/debian-12', (r) => ({ json: { ...JSON.parse('{"id":"6000000000000000001","name":"debian-12-bookworm-v20261110","family":"debian-12"}'), selfLink: `https://www.googleapis.com${r.path.replace('/family/debian-12', '/debian-12-bookworm-v20261110')}` } }));
    mock.on('GET', `${P}/global/images/nope`, { status: 404, fixture: 'error_not_found.json' });
    const image = await driver.getImage('debian-cloud/family/debian-12');
    expect(image.id).toBe('projects/debian-cloud/global/images/debian-12-bookworm-v20261110');
    expect(image.extra.family).toBe('debian-12');
    const err = await failure(driver.getImage('nope'));
    expect(err.name).toBe('ImageDoesNotExistError');
  });

  it('getVolume by numeric id filters the aggregated disk list on the server; by zone/name it GETs the disk', async () => {
    const { mock, driver } = setup();
    mock.on('GET', `${P}/aggregated/disks`, { fixture: 'aggregated_disks.json' });
    mock.on('GET', `${Z}/disks/data-1`, { fixture: 'disk_data-1.json' });
    mock.on('GET', `${Z}/disks/nope`, { status: 404, fixture: 'error_not_found.json' });
    const scratch = await driver.getVolume('9100000000000000003');
    expect([scratch.name, scratch.extra.zone, scratch.state]).toEqual(['scratch-1', 'us-central1-a', StorageVolumeState.CREATING]);
    expect(mock.requests[0]!.query.filter).toBe('id = 9100000000000000003');
    const byName = await driver.getVolume('europe-west1-b/data-1');
    expect([byName.id, byName.size, byName.state]).toEqual(['9100000000000000002', 200, StorageVolumeState.AVAILABLE]);
    expect(mock.requests).toHaveLength(2);
    expect(await failure(driver.getVolume('9100000000000000009'))).toBeInstanceOf(NotFoundError);
    expect(await failure(driver.getVolume('europe-west1-b/nope'))).toBeInstanceOf(NotFoundError);
    const bad = await failure(driver.getVolume('a/b/c'));
    expect(bad).toBeInstanceOf(InvalidArgumentError);
    expect((bad as InvalidArgumentError).option).toBe('id');
  });

  it('volumes: list (aggregated), create, attach, detach, destroy', async () => {
    const { mock, driver } = setup();
    mock.on('GET', `${P}/aggregated/disks`, { fixture: 'aggregated_disks.json' });
    mock.on('POST', `${Z}/disks`, { fixture: 'operation_insert_done.json' });
    mock.on('GET', `${Z}/disks/data-1`, { fixture: 'disk_data-1_attached.json' });
    mock.on('POST', `${Z}/instances/web-1/attachDisk`, { fixture: 'operation_reset_done.json' });
    mock.on('GET', `${Z}/instances/web-1`, { fixture: 'instance_web1_with_data.json' });
    mock.on('POST', `${Z}/instances/web-1/detachDisk`, { fixture: 'operation_reset_done.json' });
    mock.on('DELETE', `${Z}/disks/data-1`, { fixture: 'operation_reset_done.json' });
    const volumes = await driver.listVolumes();
    expect(volumes.map((v) => [v.id, v.name, v.size, v.state, v.extra.zone])).toEqual([
      ['9100000000000000001', 'web-1', 10, StorageVolumeState.INUSE, 'europe-west1-b'],
      ['9100000000000000002', 'data-1', 200, StorageVolumeState.AVAILABLE, 'europe-west1-b'],
      ['9100000000000000003', 'scratch-1', 50, StorageVolumeState.CREATING, 'us-central1-a'],
    ]);
    const created = await driver.createVolume({ name: 'data-1', size: 200, exDiskType: 'pd-ssd' });
    expect(created.extra.users).toEqual(['web-1']);
    expect(mock.requestsTo('POST', `${Z}/disks`)[0]!.json()).toEqual({ name: 'data-1', sizeGb: '200', type: 'zones/europe-west1-b/diskTypes/pd-ssd' });
    await driver.attachVolume('europe-west1-b/web-1', volumes[1]!, 'data');
    expect(mock.requestsTo('POST', `${Z}/instances/web-1/attachDisk`)[0]!.json()).toEqual({
      source: 'projects/test-project/zones/europe-west1-b/disks/data-1',
      autoDelete: false,
      mode: 'READ_WRITE',
      deviceName: 'data',
    });
    await driver.detachVolume('data-1');
    expect(mock.requestsTo('POST', `${Z}/instances/web-1/detachDisk`)[0]!.query).toEqual({ deviceName: 'data' });
    await driver.destroyVolume(volumes[1]!);
    expect(mock.requestsTo('DELETE', `${Z}/disks/data-1`)).toHaveLength(1);
    await expect(driver.attachVolume('us-central1-a/batch-1', volumes[1]!)).rejects.toThrow(/a disk attaches only in its zone/);
  });

  it('extras: firewalls, networks, labels (with the fingerprint), serial port output', async () => {
    const { mock, driver } = setup();
    mock.on('GET', `${P}/global/firewalls`, { fixture: 'firewalls.json' });
    mock.on('GET', `${P}/global/networks`, { fixture: 'networks.json' });
    mock.on('GET', `${Z}/instances/web-1`, { fixture: 'instance_web1_with_data.json' });
    mock.on('POST', `${Z}/instances/web-1/setLabels`, { fixture: 'operation_reset_done.json' });
    mock.on('GET', `${Z}/instances/web-1/serialPort`, { fixture: 'serial_port.json' });
    const firewalls = await driver.exListFirewalls();
    expect(firewalls[1]).toEqual({
      id: '8800000000000000002',
      name: 'allow-http',
      network: 'default',
      direction: 'INGRESS',
      priority: 1000,
      disabled: false,
      sourceRanges: ['0.0.0.0/0'],
      targetTags: ['http-server'],
      allowed: [{ protocol: 'tcp', ports: ['80', '443'] }],
      denied: [],
    });
    const [network] = await driver.exListNetworks();
    expect(network!.subnetworks).toEqual(['regions/europe-west1/subnetworks/default', 'regions/us-central1/subnetworks/default']);
    await driver.exSetNodeLabels('web-1', { env: 'staging' });
    expect(mock.requestsTo('POST', `${Z}/instances/web-1/setLabels`)[0]!.json()).toEqual({ labels: { env: 'staging' }, labelFingerprint: '42WmSpB8rSM=' });
    expect(await driver.exGetSerialPortOutput('web-1')).toContain('web-1 login:');
    expect(mock.requestsTo('GET', `${Z}/instances/web-1/serialPort`)[0]!.query).toEqual({ port: '1' });
  });

  it('bad arguments are InvalidArgumentErrors before any request', async () => {
    const { mock, driver } = setup({ zone: undefined as unknown as string });
    const noZone = new GceNodeDriver('', undefined, { project: 'test-project', credentials: token, transport: mock, env: {} });
    await expect(noZone.createNode({ name: 'a1', size: 'e2-small', image: 'x' })).rejects.toThrow(expect.objectContaining({ option: 'location' }));
    await expect(driver.createNode({ name: 'Bad_Name', size: 'e2-small', image: 'x', location: 'europe-west1-b' })).rejects.toThrow(expect.objectContaining({ option: 'name' }));
    await expect(driver.createNode({ name: 'ok', size: 'e2-small', image: 'x', location: 'europe-west1-b', auth: new NodeAuthPassword('hunter2-secret') })).rejects.toThrow(
      expect.objectContaining({ option: 'auth' }),
    );
    await expect(driver.exGetSerialPortOutput('europe-west1-b/web-1', 9)).rejects.toThrow(InvalidArgumentError);
    for (const [option, bad] of [
      ['exNetwork', 42],
      ['exSubnetwork', {}],
      ['exDiskType', ''],
      ['exTags', 'http-server'],
      ['exSshKeys', [1]],
      ['exSpot', 'SOMETIMES'],
      ['exServiceAccount', 'default'],
      ['exLabels', { env: 1 }],
    ] as const) {
      const err = await failure(driver.createNode({ name: 'ok', size: 'e2-small', image: 'x', location: 'europe-west1-b', [option]: bad } as never));
      expect(err, option).toBeInstanceOf(InvalidArgumentError);
      expect((err as InvalidArgumentError).option, option).toMatch(new RegExp(`^${option}`));
    }
    await expect(driver.createVolume({ name: 'd1', size: 0, location: 'europe-west1-b' })).rejects.toThrow(expect.objectContaining({ option: 'size' }));
    expect(() => new GceNodeDriver('', undefined, { zone: 'Europe West', credentials: token, transport: mock, env: {} })).toThrow(expect.objectContaining({ option: 'zone' }));
    expect(() => new GceNodeDriver('/nonexistent/key.json', undefined, { transport: mock, env: {} })).toThrow(/key\.json \(no such file\)/);
    expect(() => new GceNodeDriver('/k.json', undefined, { credentials: token, transport: mock, env: {} })).toThrow(/not both/);
    expect(mock.requests).toHaveLength(0);
  });

  it('an operation that never finishes is a WaitTimeoutError naming its last state', async () => {
    const { mock, driver } = setup({ pollTimeout: 30 });
    mock.on('POST', `${Z}/instances/web-1/reset`, { fixture: 'operation_insert_pending.json' });
    mock.on('POST', `${Z}/operations/${OP}/wait`, { fixture: 'operation_insert_running.json' });
    const err = await failure(driver.rebootNode('web-1'));
    expect(err.name).toBe('WaitTimeoutError');
    expect(err.message).toMatch(/last state: RUNNING/);
  });

  it('waitUntilRunning polls the aggregated list until the nodes run', async () => {
    const { mock, driver } = setup();
    const page = (status: string): unknown => ({
      items: { 'zones/europe-west1-b': { instances: [{ id: '5000000000000000003', name: 'web-3', status, zone: 'zones/europe-west1-b', networkInterfaces: [{ networkIP: '10.0.0.7', accessConfigs: [{ natIP: '34.1.2.3' }] }] }] } },
    });
    mock.on('GET', `${P}/aggregated/instances`, { json: page('STAGING') }, { times: 1 });
    mock.on('GET', `${P}/aggregated/instances`, { json: page('RUNNING') });
    const [node] = await driver.waitUntilRunning(['5000000000000000003'], { interval: 1, timeout: 5_000 });
    expect(node!.state).toBe(NodeState.RUNNING);
    expect(node!.publicIps).toEqual(['34.1.2.3']);
  });

  it('a 404 elsewhere is a NotFoundError, not NodeDoesNotExistError', async () => {
    const { mock, driver } = setup();
    mock.on('GET', `${Z}/disks/nope`, { status: 404, fixture: 'error_not_found.json' });
    mock.on('POST', `${Z}/disks`, { fixture: 'operation_insert_done.json' });
    const err = await failure(driver.createVolume({ name: 'nope', size: 10 }));
    expect(err).toBeInstanceOf(NotFoundError);
    expect(err).not.toBeInstanceOf(NodeDoesNotExistError);
  });
});
