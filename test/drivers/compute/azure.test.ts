import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  AzureNodeDriver,
  getDriver,
  NodeAuthPassword,
  NodeAuthSSHKey,
  NodeState,
  Provider,
  StorageVolumeState,
  type AzureNodeExtra,
} from '../../../src/drivers/compute/index.js';
import { ImageDoesNotExistError, InvalidArgumentError, NodeDoesNotExistError, NotFoundError, OperationFailedError, type AccessToken, type TokenCredential } from '../../../src/index.js';
import { MockTransport, type MockReply, type RecordedRequest } from '../../../src/testing/index.js';

const FIXTURES = 'test/fixtures/compute/azure';
const SUB = '00000000-1111-4222-8333-444444444444';
const S = `/subscriptions/${SUB}`;
const RG = `${S}/resourceGroups/nubes-rg`;
const fixture = (name: string): unknown => JSON.parse(readFileSync(join(FIXTURES, name), 'utf8'));
const SSH = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBm8Rz0Xq2mZ3bJtq8J8k6Xyq0w1pE0b3k4y5n6m7o8p nubes@test';

class StaticCredential implements TokenCredential {
  readonly kind = 'static';
  async getToken(): Promise<AccessToken> {
    return { token: 'arm-static-token-value', expiresAt: Date.now() + 3_600_000 };
  }
}

function driverWith(mock: MockTransport, options: Record<string, unknown> = {}): AzureNodeDriver {
  return new AzureNodeDriver('72f988bf-0000-4000-8000-000000000000', SUB, {
    credentials: new StaticCredential(),
    transport: mock,
    env: {},
    retry: false,
    pollInterval: 1,
    ...options,
  });
}

/** A 202 whose Location answers 202 `n` times, then 200. */
function locationOperation(mock: MockTransport, id: string, n = 1): MockReply {
  const url = `https://management.azure.com${S}/providers/Microsoft.Compute/locations/westeurope/operations/${id}?monitor=true&api-version=2024-07-01`;
  let left = n;
  mock.on('GET', `${S}/providers/Microsoft.Compute/locations/westeurope/operations/${id}`, () => (left-- > 0 ? { status: 202, headers: { location: url, 'retry-after': '0' } } : { status: 200, body: '' }));
  return { status: 202, headers: { location: url, 'retry-after': '0' } };
}

/** A 201 with Azure-AsyncOperation whose status goes InProgress → `end`. */
function asyncOperation(mock: MockTransport, id: string, end: 'async-op-succeeded.json' | 'async-op-failed.json', body: unknown = {}): MockReply {
  const url = `https://management.azure.com${S}/providers/Microsoft.Compute/locations/westeurope/operations/${id}?api-version=2024-07-01`;
  let polls = 0;
  mock.on('GET', `${S}/providers/Microsoft.Compute/locations/westeurope/operations/${id}`, () => ({ json: fixture(++polls < 2 ? 'async-op-inprogress.json' : end), headers: { 'retry-after': '0' } }));
  return { status: 201, json: body, headers: { 'azure-asyncoperation': url, 'retry-after': '0' } };
}

/** The four listings of listNodes: VM models (two pages), VM statuses, NICs, public IPs. */
function listingMock(): MockTransport {
  return new MockTransport()
    .on('GET', `${S}/providers/Microsoft.Network/networkInterfaces`, { json: fixture('nics.json') })
    .on('GET', `${S}/providers/Microsoft.Network/publicIPAddresses`, { json: fixture('public-ips.json') })
    .on('GET', `${S}/providers/Microsoft.Compute/virtualMachines`, { json: fixture('vms-status.json') }, { query: { statusOnly: 'true' } })
    .on('GET', `${S}/providers/Microsoft.Compute/virtualMachines`, { json: fixture('vms-page-2.json') }, { query: { $skiptoken: 'ZmFrZS1za2lwdG9rZW4tMg' } })
    .on('GET', `${S}/providers/Microsoft.Compute/virtualMachines`, { json: fixture('vms-page-1.json') });
}

function calls(mock: MockTransport): string[] {
  return mock.requests.map((r: RecordedRequest) => `${r.method} ${r.path}`);
}

describe('AzureNodeDriver', () => {
  it('is registered as Provider.AZURE_ARM', () => {
    expect(getDriver(Provider.AZURE_ARM)).toBe(AzureNodeDriver);
  });

  it('lists every VM with its power state and addresses in four paged listings, not one request per VM', async () => {
    const mock = listingMock();
    const nodes = await driverWith(mock).listNodes();
    expect(nodes.map((n) => [n.name, n.state, n.publicIps, n.privateIps])).toEqual([
      ['web-1', NodeState.RUNNING, ['20.31.7.42'], ['10.0.0.4']],
      ['batch-7', NodeState.STOPPED, [], ['10.8.1.7']],
      ['db-1', NodeState.STOPPED, [], []],
    ]);
    expect(mock.requests).toHaveLength(5); // 2 model pages, statuses, NICs, IPs
    expect(mock.requests.filter((r) => r.query.statusOnly === 'true')).toHaveLength(1);
    const web = nodes[0]!.extra as AzureNodeExtra;
    expect(web).toMatchObject({ resourceGroup: 'nubes-rg', location: 'westeurope', vmSize: 'Standard_B1s', powerState: 'running', zones: ['1'], osType: 'Linux' });
    expect(nodes[0]!.image).toBe('Canonical:ubuntu-24_04-lts:server:latest');
    expect(nodes[1]!.image).toBe(`${S}/resourceGroups/images/providers/Microsoft.Compute/images/golden-2026`);
    expect(mock.requests.every((r) => r.headers.authorization === 'Bearer arm-static-token-value')).toBe(true);
  });

  it('lists a resource group as a filter of the status-only subscription list (case-insensitive)', async () => {
    const mock = listingMock();
    const nodes = await driverWith(mock, { resourceGroup: 'NUBES-rg' }).listNodes();
    expect(nodes.map((n) => [n.name, n.state])).toEqual([
      ['web-1', NodeState.RUNNING],
      ['db-1', NodeState.STOPPED],
    ]);
    expect(mock.requests).toHaveLength(5);
  });

  it('lists sizes per location, images (default offers + custom), physical locations', async () => {
    const mock = new MockTransport()
      .on('GET', `${S}/providers/Microsoft.Compute/locations/westeurope/vmSizes`, { json: fixture('vm-sizes.json') })
      .on('GET', `${S}/providers/Microsoft.Compute/locations/westeurope/publishers/Canonical/artifacttypes/vmimage/offers/ubuntu-24_04-lts/skus`, { json: fixture('skus-ubuntu-24.json') })
      .on('GET', `${S}/providers/Microsoft.Compute/locations/westeurope/publishers/Debian/artifacttypes/vmimage/offers/debian-12/skus`, {
        status: 404,
        json: { error: { code: 'NotFound', message: 'Artifact: VMImage was not found.' } },
      })
      .on('GET', `${S}/providers/Microsoft.Compute/images`, { json: fixture('images.json') })
      .on('GET', `${S}/locations`, { json: fixture('locations.json') });
    const driver = driverWith(mock, { region: 'westeurope', imageOffers: ['Canonical:ubuntu-24_04-lts', 'Debian:debian-12'] });
    const sizes = await driver.listSizes();
    expect(sizes.map((s) => [s.id, s.ram, s.vcpus, s.disk])).toEqual([
      ['Standard_B1s', 1024, 1, 1023],
      ['Standard_D2s_v5', 8192, 2, 1023],
    ]);
    const images = await driver.listImages();
    expect(images.map((i) => i.id)).toEqual([
      'Canonical:ubuntu-24_04-lts:server:latest',
      'Canonical:ubuntu-24_04-lts:server-arm64:latest',
      `${S}/resourceGroups/images/providers/Microsoft.Compute/images/golden-2026`,
    ]);
    const locations = await driver.listLocations();
    expect(locations.map((l) => [l.id, l.name, l.country])).toEqual([
      ['westeurope', 'West Europe', 'Europe'],
      ['eastus', 'East US', 'United States'],
    ]);
    await expect(driverWith(mock).listSizes()).rejects.toThrow(InvalidArgumentError);
  });

  it('createNode makes the VNet, public IP and NIC (tagged), then the VM, waiting for each operation', async () => {
    const mock = new MockTransport();
    mock
      .on('GET', `${RG}/providers/Microsoft.Network/virtualNetworks/nubes-vnet`, { status: 404, json: { error: { code: 'ResourceNotFound', message: 'not found' } } }, { times: 1 })
      .on('GET', `${RG}/providers/Microsoft.Network/virtualNetworks/nubes-vnet`, { json: { id: `${RG}/providers/Microsoft.Network/virtualNetworks/nubes-vnet`, name: 'nubes-vnet' } })
      .on('PUT', `${RG}/providers/Microsoft.Network/virtualNetworks/nubes-vnet`, asyncOperation(mock, 'vnet-op', 'async-op-succeeded.json'))
      .on('GET', `${RG}/providers/Microsoft.Network/publicIPAddresses/web-1-ip`, { json: (fixture('public-ips.json') as { value: unknown[] }).value[0] })
      .on('PUT', `${RG}/providers/Microsoft.Network/publicIPAddresses/web-1-ip`, asyncOperation(mock, 'ip-op', 'async-op-succeeded.json'))
      .on('GET', `${RG}/providers/Microsoft.Network/networkInterfaces/web-1-nic`, { json: (fixture('nics.json') as { value: unknown[] }).value[0] })
      .on('PUT', `${RG}/providers/Microsoft.Network/networkInterfaces/web-1-nic`, asyncOperation(mock, 'nic-op', 'async-op-succeeded.json'))
      .on('GET', `${RG}/providers/Microsoft.Compute/virtualMachines/web-1`, { json: fixture('vm-web-1.json') })
      .on('PUT', `${RG}/providers/Microsoft.Compute/virtualMachines/web-1`, asyncOperation(mock, 'vm-op', 'async-op-succeeded.json', { name: 'web-1', properties: { provisioningState: 'Creating' } }));
    const driver = driverWith(mock, { resourceGroup: 'nubes-rg', region: 'westeurope' });
    const node = await driver.createNode({
      name: 'web-1',
      size: 'Standard_B1s',
      image: 'Canonical:ubuntu-24_04-lts:server:latest',
      auth: new NodeAuthSSHKey(SSH),
      exOsDiskSizeGb: 40,
      exTags: { role: 'web' },
    });
    expect(node.state).toBe(NodeState.RUNNING);
    expect(node.publicIps).toEqual(['20.31.7.42']);
    const puts = mock.requests.filter((r) => r.method === 'PUT');
    expect(puts.map((r) => r.path.split('/').slice(-2).join('/'))).toEqual(['virtualNetworks/nubes-vnet', 'publicIPAddresses/web-1-ip', 'networkInterfaces/web-1-nic', 'virtualMachines/web-1']);
    // Deep ARM request bodies, read by path: a typed walk would say no more than the assertions do.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const [, ip, nic, vm] = puts.map((r) => r.json<Record<string, any>>());
    expect(ip!.tags).toEqual({ role: 'web', 'nubes-owner': 'web-1' });
    expect(nic!.properties.ipConfigurations[0].properties.publicIPAddress.id).toContain('publicIPAddresses/web-1-ip');
    expect(nic!.properties.ipConfigurations[0].properties.subnet.id).toBe(`${RG}/providers/Microsoft.Network/virtualNetworks/nubes-vnet/subnets/default`);
    expect(vm!.tags).toEqual({ role: 'web', 'nubes-created': 'true' });
    expect(vm!.properties.storageProfile.imageReference).toEqual({ publisher: 'Canonical', offer: 'ubuntu-24_04-lts', sku: 'server', version: 'latest' });
    expect(vm!.properties.storageProfile.osDisk).toMatchObject({ diskSizeGB: 40, managedDisk: { storageAccountType: 'StandardSSD_LRS' } });
    expect(vm!.properties.osProfile.linuxConfiguration.ssh.publicKeys[0]).toEqual({ path: '/home/azureuser/.ssh/authorized_keys', keyData: SSH });
    expect(mock.requests.every((r) => r.query['api-version'] !== undefined)).toBe(true);
  });

  it('createNode reuses an existing VNet, and a failed VM operation is an OperationFailedError with ARM code', async () => {
    const mock = new MockTransport();
    mock
      .on('GET', `${RG}/providers/Microsoft.Network/virtualNetworks/nubes-vnet`, { json: { id: 'vnet', name: 'nubes-vnet' } })
      .on('PUT', `${RG}/providers/Microsoft.Network/networkInterfaces/web-2-nic`, { json: { id: `${RG}/providers/Microsoft.Network/networkInterfaces/web-2-nic`, name: 'web-2-nic', properties: { provisioningState: 'Succeeded' } } })
      .on('PUT', `${RG}/providers/Microsoft.Compute/virtualMachines/web-2`, asyncOperation(mock, 'vm-fail', 'async-op-failed.json'));
    const driver = driverWith(mock, { resourceGroup: 'nubes-rg', region: 'westeurope' });
    const password = 'Corr3ct-Horse-Battery!';
    const err = (await driver
      .createNode({ name: 'web-2', size: 'Standard_B1s', image: 'Canonical:ubuntu-24_04-lts:server:latest', auth: new NodeAuthPassword(password), exPublicIp: false })
      .catch((e: unknown) => e)) as OperationFailedError;
    expect(err).toBeInstanceOf(OperationFailedError);
    expect(err.providerCode).toBe('OSProvisioningTimedOut');
    expect(err.message).not.toContain(password);
    expect(mock.requests.some((r) => r.method === 'PUT' && r.path.includes('virtualNetworks'))).toBe(false);
    expect(mock.requests.some((r) => r.path.includes('publicIPAddresses'))).toBe(false);
  });

  it('keeps the admin password and the token out of the NUBES_DEBUG log and the error', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nubes-azure-debug-'));
    const log = join(dir, 'debug.log');
    const password = 'Sup3r-Secret-Adm1n!';
    const mock = new MockTransport()
      .on('GET', `${RG}/providers/Microsoft.Network/virtualNetworks/nubes-vnet`, { json: { id: 'vnet' } })
      .on('PUT', `${RG}/providers/Microsoft.Network/networkInterfaces/win-1-nic`, { json: { id: `${RG}/providers/Microsoft.Network/networkInterfaces/win-1-nic` } })
      .on('PUT', `${RG}/providers/Microsoft.Compute/virtualMachines/win-1`, (r) => ({
        status: 400,
        json: { error: { code: 'InvalidParameter', message: `The supplied password ${r.json<{ properties: { osProfile: { adminPassword: string } } }>().properties.osProfile.adminPassword} must be between 8 and 123 characters.` } },
      }));
    const driver = driverWith(mock, { resourceGroup: 'nubes-rg', region: 'westeurope', debug: log });
    const err = (await driver
      .createNode({ name: 'win-1', size: 'Standard_B2s', image: 'MicrosoftWindowsServer:WindowsServer:2022-datacenter:latest', auth: new NodeAuthPassword(password), exPublicIp: false })
      .catch((e: unknown) => e)) as Error;
    expect(err.message).toContain('InvalidParameter');
    expect(err.message).not.toContain(password);
    const text = readFileSync(log, 'utf8');
    expect(text).toContain('virtualMachines/win-1');
    expect(text).not.toContain(password);
    expect(text).not.toContain('arm-static-token-value');
    rmSync(dir, { recursive: true, force: true });
  });

  it('validates createNode arguments before any request', async () => {
    const mock = new MockTransport();
    const driver = driverWith(mock, { resourceGroup: 'nubes-rg', region: 'westeurope' });
    const base = { name: 'web-3', size: 'Standard_B1s', image: 'Canonical:ubuntu-24_04-lts:server:latest', auth: new NodeAuthSSHKey(SSH) };
    await expect(driver.createNode({ ...base, image: 'ubuntu' })).rejects.toMatchObject({ option: 'image' });
    await expect(driver.createNode({ ...base, name: 'bad name!' })).rejects.toMatchObject({ option: 'name' });
    await expect(driver.createNode({ name: 'web-3', size: 'Standard_B1s', image: base.image })).rejects.toMatchObject({ option: 'auth' });
    await expect(driverWith(mock, { region: 'westeurope' }).createNode(base)).rejects.toMatchObject({ option: 'exResourceGroup' });
    expect(mock.requests).toHaveLength(0);
  });

  it('start, restart, deallocate and power-off POST their actions and wait on Location', async () => {
    const vm = `${RG}/providers/Microsoft.Compute/virtualMachines/web-1`;
    const mock = new MockTransport();
    mock
      .on('POST', `${vm}/start`, locationOperation(mock, 'start'))
      .on('POST', `${vm}/restart`, locationOperation(mock, 'restart'))
      .on('POST', `${vm}/deallocate`, locationOperation(mock, 'dealloc', 2))
      .on('POST', `${vm}/powerOff`, locationOperation(mock, 'off'));
    const driver = driverWith(mock, { resourceGroup: 'nubes-rg' });
    await driver.startNode(vm);
    await driver.rebootNode('web-1');
    await driver.stopNode(vm);
    await driver.exPowerOffNode(vm, { skipShutdown: true });
    expect(calls(mock).filter((c) => c.startsWith('POST'))).toEqual([`POST ${vm}/start`, `POST ${vm}/restart`, `POST ${vm}/deallocate`, `POST ${vm}/powerOff`]);
    expect(mock.requestsTo('POST', `${vm}/powerOff`)[0]!.query.skipShutdown).toBe('true');
    expect(mock.requests.filter((r) => r.path.endsWith('/operations/dealloc'))).toHaveLength(3);
  });

  it('destroyNode deletes the VM, then the NIC, IP and OS disk nubes created — or only the VM with exKeepResources', async () => {
    const vm = `${RG}/providers/Microsoft.Compute/virtualMachines/web-1`;
    const setup = () => {
      const mock = new MockTransport();
      mock
        .on('GET', vm, { json: fixture('vm-web-1.json') })
        .on('DELETE', vm, locationOperation(mock, 'del-vm'))
        .on('GET', `${RG}/providers/Microsoft.Network/networkInterfaces/web-1-nic`, { json: (fixture('nics.json') as { value: unknown[] }).value[0] })
        .on('DELETE', `${RG}/providers/Microsoft.Network/networkInterfaces/web-1-nic`, { status: 200, body: '' })
        .on('GET', `${RG}/providers/Microsoft.Network/publicIPAddresses/web-1-ip`, { json: (fixture('public-ips.json') as { value: unknown[] }).value[0] })
        .on('DELETE', `${RG}/providers/Microsoft.Network/publicIPAddresses/web-1-ip`, { status: 204 })
        .on('GET', `${RG}/providers/Microsoft.Compute/disks/web-1-osdisk`, { json: { id: `${RG}/providers/Microsoft.Compute/disks/web-1-osdisk`, name: 'web-1-osdisk' } })
        .on('DELETE', `${RG}/providers/Microsoft.Compute/disks/web-1-osdisk`, { status: 202, headers: {} });
      return mock;
    };
    const mock = setup();
    await driverWith(mock).destroyNode(vm);
    expect(calls(mock).filter((c) => c.startsWith('DELETE')).map((c) => c.split('/').slice(-2).join('/'))).toEqual([
      'virtualMachines/web-1',
      'networkInterfaces/web-1-nic',
      'publicIPAddresses/web-1-ip',
      'disks/web-1-osdisk',
    ]);
    const keep = setup();
    await driverWith(keep).destroyNode(vm, { exKeepResources: true });
    expect(calls(keep).filter((c) => c.startsWith('DELETE'))).toEqual([`DELETE ${vm}`]);
  });

  it('a missing VM is NodeDoesNotExistError', async () => {
    const vm = `${RG}/providers/Microsoft.Compute/virtualMachines/ghost`;
    const mock = new MockTransport().on('GET', vm, { status: 404, json: fixture('error-not-found.json'), headers: { 'x-ms-request-id': 'rid-404' } });
    const err = (await driverWith(mock).destroyNode(vm).catch((e: unknown) => e)) as NodeDoesNotExistError;
    expect(err).toBeInstanceOf(NodeDoesNotExistError);
    expect(err.requestId).toBe('rid-404');
    expect(err.providerCode).toBe('ResourceNotFound');
  });

  it('managed disks: list, create, attach at the first free LUN, detach, destroy', async () => {
    const vm = `${RG}/providers/Microsoft.Compute/virtualMachines/web-1`;
    const scratch = `${RG}/providers/Microsoft.Compute/disks/scratch`;
    const disks = (fixture('disks.json') as { value: Record<string, unknown>[] }).value;
    const mock = new MockTransport();
    mock
      .on('GET', `${RG}/providers/Microsoft.Compute/disks`, { json: fixture('disks.json') })
      .on('PUT', `${RG}/providers/Microsoft.Compute/disks/logs`, (r) => ({
        json: { id: `${RG}/providers/Microsoft.Compute/disks/logs`, name: 'logs', location: 'westeurope', sku: r.json<{ sku: unknown }>().sku, properties: { diskSizeGB: 32, diskState: 'Unattached', provisioningState: 'Succeeded' } },
      }))
      .on('GET', vm, { json: fixture('vm-web-1.json') })
      .on('PATCH', vm, { json: fixture('vm-web-1.json') })
      .on('GET', scratch, { json: { ...disks[1], managedBy: vm } })
      .on('DELETE', scratch, locationOperation(mock, 'del-disk'));
    const driver = driverWith(mock, { resourceGroup: 'nubes-rg', region: 'westeurope' });
    const volumes = await driver.listVolumes();
    expect(volumes.map((v) => [v.name, v.size, v.state])).toEqual([
      ['data-1', 64, StorageVolumeState.INUSE],
      ['scratch', 128, StorageVolumeState.AVAILABLE],
    ]);
    const logs = await driver.createVolume({ name: 'logs', size: 32, exSku: 'Premium_LRS' });
    expect(logs.extra.sku).toBe('Premium_LRS');
    expect(mock.requestsTo('PUT', `${RG}/providers/Microsoft.Compute/disks/logs`)[0]!.json()).toMatchObject({ location: 'westeurope', properties: { creationData: { createOption: 'Empty' }, diskSizeGB: 32 } });
    await driver.attachVolume(vm, 'scratch');
    const attach = mock.requests.filter((r) => r.method === 'PATCH')[0]!.json<{ properties: { storageProfile: { dataDisks: { lun: number; managedDisk: { id: string } }[] } } }>();
    expect(attach.properties.storageProfile.dataDisks.map((d) => [d.lun, d.managedDisk.id.split('/').pop()])).toEqual([
      [0, 'data-1'],
      [1, 'scratch'],
    ]);
    await driver.detachVolume('scratch');
    const detach = mock.requests.filter((r) => r.method === 'PATCH').at(-1)!.json<{ properties: { storageProfile: { dataDisks: { managedDisk: { id: string } }[] } } }>();
    expect(detach.properties.storageProfile.dataDisks.map((d) => d.managedDisk.id.split('/').pop())).toEqual(['data-1']);
    await driver.destroyVolume('scratch');
    expect(mock.requestsTo('DELETE', scratch)).toHaveLength(1);
    await expect(driver.createVolume({ name: 'x', size: 0 })).rejects.toMatchObject({ option: 'size' });
  });

  it('getVolume GETs the one disk, by resource id or by name in the resourceGroup option', async () => {
    const disks = (fixture('disks.json') as { value: Record<string, unknown>[] }).value;
    const scratch = `${RG}/providers/Microsoft.Compute/disks/scratch`;
    const ghost = `${RG}/providers/Microsoft.Compute/disks/ghost`;
    const mock = new MockTransport()
      .on('GET', scratch, { json: disks[1] })
      .on('GET', ghost, { status: 404, json: fixture('error-not-found.json') });
    const driver = driverWith(mock, { resourceGroup: 'nubes-rg', region: 'westeurope' });
    const byId = await driver.getVolume(scratch);
    expect([byId.name, byId.size, byId.state]).toEqual(['scratch', 128, StorageVolumeState.AVAILABLE]);
    expect((await driver.getVolume('scratch')).id).toBe(scratch);
    expect(mock.requests.map((r) => `${r.method} ${r.path}`)).toEqual([`GET ${scratch}`, `GET ${scratch}`]);
    expect(await driver.getVolume(ghost).catch((e: unknown) => e)).toBeInstanceOf(NotFoundError);
    await expect(driver.getVolume(`${RG}/providers/Microsoft.Compute/virtualMachines/web-1`)).rejects.toMatchObject({ option: 'id' });
  });

  it('resource groups as ex methods', async () => {
    const mock = new MockTransport();
    mock
      .on('GET', `${S}/resourcegroups`, { json: fixture('resource-groups.json') })
      .on('PUT', `${S}/resourcegroups/new-rg`, (r) => ({ status: 201, json: { id: `${S}/resourceGroups/new-rg`, name: 'new-rg', ...r.json<object>() } }))
      .on('DELETE', `${S}/resourcegroups/old-rg`, locationOperation(mock, 'del-rg'));
    const driver = driverWith(mock, { region: 'westeurope' });
    expect((await driver.exListResourceGroups()).map((g) => g.name)).toEqual(['nubes-rg']);
    expect(await driver.exCreateResourceGroup('new-rg', undefined, { env: 'test' })).toMatchObject({ name: 'new-rg', location: 'westeurope', tags: { env: 'test' } });
    expect(mock.requestsTo('PUT', `${S}/resourcegroups/new-rg`)[0]!.query['api-version']).toBe('2021-04-01');
    await driver.exDeleteResourceGroup('old-rg');
    await expect(driver.exCreateResourceGroup('bad/rg')).rejects.toBeInstanceOf(InvalidArgumentError);
  });

  it('getImage: a custom image by id, a marketplace URN checked against its versions', async () => {
    const custom = `${S}/resourceGroups/images/providers/Microsoft.Compute/images/golden-2026`;
    const versions = `${S}/providers/Microsoft.Compute/locations/westeurope/publishers/Canonical/artifacttypes/vmimage/offers/ubuntu-24_04-lts/skus/server/versions`;
    const mock = new MockTransport()
      .on('GET', custom, { json: (fixture('images.json') as { value: unknown[] }).value[0] })
      .on('GET', versions, { json: [{ name: '24.04.202410010', location: 'westeurope' }, { name: '24.04.202411030', location: 'westeurope' }] })
      .on('GET', `${S}/resourceGroups/images/providers/Microsoft.Compute/images/gone`, { status: 404, json: fixture('error-not-found.json') });
    const driver = driverWith(mock, { region: 'westeurope' });
    expect((await driver.getImage(custom)).extra).toMatchObject({ kind: 'custom', osType: 'Linux' });
    expect((await driver.getImage('Canonical:ubuntu-24_04-lts:server:latest')).id).toBe('Canonical:ubuntu-24_04-lts:server:latest');
    expect((await driver.getImage('Canonical:ubuntu-24_04-lts:server:24.04.202411030')).extra.version).toBe('24.04.202411030');
    await expect(driver.getImage('Canonical:ubuntu-24_04-lts:server:1.0.0')).rejects.toBeInstanceOf(ImageDoesNotExistError);
    await expect(driver.getImage(`${S}/resourceGroups/images/providers/Microsoft.Compute/images/gone`)).rejects.toBeInstanceOf(ImageDoesNotExistError);
  });

  it('names a bad subscription id, and reads AZURE_SUBSCRIPTION_ID', () => {
    expect(() => new AzureNodeDriver('t', 'not-a-sub', { credentials: 'managed-identity', env: {} })).toThrow(/subscriptionId/);
    expect(new AzureNodeDriver('', '', { credentials: 'managed-identity', env: { AZURE_SUBSCRIPTION_ID: SUB } }).subscriptionId).toBe(SUB);
    expect(() => new AzureNodeDriver('', SUB, { cloud: 'mars' as never, env: {} })).toThrow(InvalidArgumentError);
    expect(() => new AzureNodeDriver('', SUB, { resourceGroup: 'a/b', credentials: 'managed-identity', env: {} })).toThrow(InvalidArgumentError);
  });

  it('uses the sovereign cloud ARM host and authority', async () => {
    const mock = new MockTransport()
      .on('POST', '/tenant-x/oauth2/v2.0/token', (r) => ({ json: { access_token: 'cn-token-value', expires_in: 3599, scope: new URLSearchParams(r.text).get('scope') } }), { host: 'login.chinacloudapi.cn' })
      .on('GET', `${S}/locations`, { json: { value: [] } }, { host: 'management.chinacloudapi.cn' });
    const driver = new AzureNodeDriver('tenant-x', SUB, { cloud: 'china', clientId: 'app', clientSecret: 'cn-secret-value', transport: mock, env: {}, retry: false });
    await driver.listLocations();
    const token = mock.requestsTo('POST', '/tenant-x/oauth2/v2.0/token')[0]!;
    expect(new URLSearchParams(token.text).get('scope')).toBe('https://management.chinacloudapi.cn/.default');
    expect(mock.requestsTo('GET', `${S}/locations`)[0]!.headers.authorization).toBe('Bearer cn-token-value');
  });
});
