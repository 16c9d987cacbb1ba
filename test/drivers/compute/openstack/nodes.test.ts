import { describe, expect, it } from 'vitest';
import { InvalidArgumentError, NodeDoesNotExistError } from '../../../../src/common/errors/index.js';
import { getDriver, NodeAuthPassword, NodeAuthSSHKey, NodeState, Provider } from '../../../../src/drivers/compute/index.js';
import { OpenStackNodeDriver, type OpenStackNodeExtra } from '../../../../src/drivers/compute/openstack/index.js';
import { HOST, NOVA, PASSWORD, sentTo, setup, TOKEN } from './setup.js';

const WEB = '0b7d4a1e-5c9f-4f2a-9d3e-1a2b3c4d5e6f';
const NEW = '3e0a7d4b-8f2c-4c5d-8a6b-4d5e6f708192';

describe('OpenStack compute driver: registration and auth', () => {
  it('is registered as the openstack compute provider and declares every compute method', () => {
    expect(getDriver(Provider.OPENSTACK)).toBe(OpenStackNodeDriver);
    expect(OpenStackNodeDriver.capabilities).toHaveLength(27);
  });

  it('gets a Keystone token through the same transport, then calls Nova from the catalog with it', async () => {
    const { mock, driver } = setup();
    mock.on('GET', '/v2.1/servers/detail', { fixture: 'servers-detail-page2.json' }, { host: HOST.nova });
    await driver.listNodes();
    const [token, list] = mock.requests;
    expect(token!.url.href).toBe('https://keystone.example.net:5000/v3/auth/tokens');
    expect(token!.json()).toMatchObject({
      auth: { identity: { password: { user: { name: 'alice', password: PASSWORD } } }, scope: { project: { name: 'demo' } } },
    });
    expect(list!.url.href).toBe(`${NOVA}/servers/detail`);
    expect(list!.headers['x-auth-token']).toBe(TOKEN);
    expect(list!.headers['openstack-api-version']).toBeUndefined();
  });

  it('sends the microversion header to Nova only, when asked', async () => {
    const { mock, driver } = setup({ microversion: '2.47' });
    mock.on('GET', '/v2.1/servers/detail', { json: { servers: [] } });
    mock.on('GET', '/v2/images', { json: { images: [] } });
    await driver.listNodes();
    await driver.listImages();
    expect(sentTo(mock, HOST.nova)[0]!.headers['openstack-api-version']).toBe('compute 2.47');
    expect(sentTo(mock, HOST.nova)[0]!.headers['x-openstack-nova-api-version']).toBe('2.47');
    expect(sentTo(mock, HOST.glance)[0]!.headers['openstack-api-version']).toBeUndefined();
    expect(mock.requests[0]!.headers['openstack-api-version']).toBeUndefined();
  });

  it('refuses a bad microversion and unknown options before any request', () => {
    expect(() => setup({ microversion: 'latest' })).toThrow(InvalidArgumentError);
    expect(() => setup({ bogus: true } as never)).toThrow(/Unknown option "bogus"/);
  });

  it('needs a secret', () => {
    // @ts-expect-error -- the type requires the secret; this checks the run-time guard (JavaScript callers)
    expect(() => new OpenStackNodeDriver('alice', undefined, { authUrl: 'https://keystone.example.net:5000' })).toThrow(/second argument/);
  });
});

describe('OpenStack compute driver: listing servers', () => {
  it('follows servers_links on its own endpoint and maps every server', async () => {
    const { mock, driver } = setup();
    mock.on('GET', '/v2.1/servers/detail', { fixture: 'servers-detail-page2.json' }, { query: { marker: '1c8e5b2f-6d0a-4a3b-8e4f-2b3c4d5e6f70' } });
    mock.on('GET', '/v2.1/servers/detail', { fixture: 'servers-detail-page1.json' });
    const nodes = await driver.listNodes();
    expect(nodes.map((n) => [n.name, n.state])).toEqual([
      ['web-1', NodeState.RUNNING],
      ['db-1', NodeState.STARTING],
      ['worker-1', NodeState.ERROR],
    ]);
    const pages = sentTo(mock, HOST.nova);
    expect(pages).toHaveLength(2);
    // The link names an internal host; the driver asks its own endpoint with the link's query.
    expect(pages[1]!.url.href).toBe(`${NOVA}/servers/detail?limit=2&marker=1c8e5b2f-6d0a-4a3b-8e4f-2b3c4d5e6f70`);
  });

  it('iterates lazily with a page size', async () => {
    const { mock, driver } = setup();
    mock.on('GET', '/v2.1/servers/detail', { fixture: 'servers-detail-page1.json' });
    const it = driver.iterateNodes({ pageSize: 2 });
    const first = await it.next();
    expect((first.value as { name: string }).name).toBe('web-1');
    expect(sentTo(mock, HOST.nova)).toHaveLength(1);
    expect(sentTo(mock, HOST.nova)[0]!.query).toEqual({ limit: '2' });
    await it.return(undefined);
    await expect(driver.iterateNodes({ pageSize: 0 }).next()).rejects.toThrow(/pageSize/);
  });

  it('maps addresses, flavor, image, zone and the rest into the node', async () => {
    const { mock, driver } = setup();
    mock.on('GET', '/v2.1/servers/detail', { fixture: 'servers-detail-page1.json' }, { times: 1 });
    mock.on('GET', '/v2.1/servers/detail', { json: { servers: [] } });
    const [web, db] = await driver.listNodes();
    if (!web || !db) throw new Error('expected two nodes');
    expect(web.publicIps).toEqual(['203.0.113.45']);
    expect(web.privateIps).toEqual(['10.0.0.12', 'fd5e:a1b2:c3d4::f816:3eff:fe4c:2a11']);
    expect(web.size).toBe('2');
    expect(web.image).toBe('9c1f3a5b-7d9e-4b1c-8e2f-3a4b5c6d7e8f');
    expect(web.createdAt?.toISOString()).toBe('2031-02-10T09:15:42.000Z');
    const extra = web.extra as OpenStackNodeExtra;
    expect(extra).toMatchObject({
      status: 'ACTIVE',
      taskState: null,
      vmState: 'active',
      powerState: 1,
      availabilityZone: 'nova',
      keyName: 'ops',
      metadata: { role: 'web' },
      flavorId: '2',
      securityGroups: ['default', 'web'],
      volumesAttached: ['5f6e7d8c-9b0a-4c1d-8e2f-4a5b6c7d8e9f'],
      projectId: '6b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e',
    });
    // A fixed address outside private ranges is public; a server booted from a volume has no image.
    expect(db.publicIps).toEqual(['198.51.100.20']);
    expect(db.privateIps).toEqual(['10.0.0.13']);
    expect(db.image).toBeUndefined();
    expect((db.extra as OpenStackNodeExtra).keyName).toBeNull();
  });

  it('keeps the fault of a server in ERROR', async () => {
    const { mock, driver } = setup();
    mock.on('GET', '/v2.1/servers/detail', { fixture: 'servers-detail-page2.json' });
    const [node] = await driver.listNodes();
    expect((node!.extra as OpenStackNodeExtra).fault).toEqual({ code: 500, message: 'No valid host was found. There are not enough hosts available.' });
  });
});

describe('OpenStack compute driver: one server', () => {
  it('gets a server by id', async () => {
    const { mock, driver } = setup();
    mock.on('GET', `/v2.1/servers/${NEW}`, { fixture: 'server-build.json' });
    const node = await driver.getNode(NEW);
    expect(node.state).toBe(NodeState.PENDING);
    expect((node.extra as OpenStackNodeExtra).taskState).toBe('scheduling');
  });

  it('reads the embedded flavor, tags and description of microversion 2.47+', async () => {
    const { mock, driver } = setup({ microversion: '2.47' });
    mock.on('GET', /\/v2\.1\/servers\/[^/]+$/, { fixture: 'server-247.json' });
    const node = await driver.getNode('4f1b8e5c-9a3d-4d6e-9b7c-5e6f708192a3');
    expect(node.state).toBe(NodeState.REBOOTING);
    expect(node.size).toBe('m1.small');
    expect((node.extra as OpenStackNodeExtra).tags).toEqual(['blue', 'canary']);
    expect((node.extra as OpenStackNodeExtra).description).toBe('multi-version server');
  });

  it('maps itemNotFound to NodeDoesNotExistError with Nova message', async () => {
    const { mock, driver } = setup();
    mock.on('GET', /\/v2\.1\/servers\//, { status: 404, fixture: 'error-item-not-found.json', headers: { 'x-compute-request-id': 'req-9f8e' } });
    const err = await driver.getNode('0b7d4a1e-5c9f-4f2a-9d3e-000000000000').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NodeDoesNotExistError);
    expect((err as Error).message).toContain('could not be found');
    expect((err as NodeDoesNotExistError).requestId).toBe('req-9f8e');
    expect((err as NodeDoesNotExistError).providerCode).toBe('itemNotFound');
  });

  it('percent-encodes ids and refuses empty ones before any request', async () => {
    const { mock, driver } = setup();
    mock.on('GET', /.*/, { fixture: 'server-build.json' });
    await driver.getNode('a/b');
    expect(mock.lastRequest!.url.pathname).toBe('/v2.1/servers/a%2Fb');
    const before = mock.requests.length;
    await expect(driver.getNode('')).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(driver.destroyNode('  ')).rejects.toBeInstanceOf(InvalidArgumentError);
    expect(mock.requests).toHaveLength(before);
  });
});

describe('OpenStack compute driver: createNode', () => {
  it('posts the server with flavor, image, zone, key, networks, groups, metadata and user data', async () => {
    const { mock, driver } = setup();
    mock.on('POST', '/v2.1/servers', { status: 202, fixture: 'server-create.json' });
    mock.on('GET', `/v2.1/servers/${NEW}`, { fixture: 'server-build.json' });
    const node = await driver.createNode({
      name: 'new-1',
      size: '2',
      image: '9c1f3a5b-7d9e-4b1c-8e2f-3a4b5c6d7e8f',
      location: 'az-2',
      keyName: 'ops',
      networks: ['net-a', { port: 'port-b' }, { uuid: 'net-c', fixedIp: '10.0.0.99' }],
      securityGroups: ['default', 'web'],
      metadata: { env: 'test' },
      userData: '#cloud-config\npackages: [nginx]\n',
      configDrive: true,
    });
    const post = sentTo(mock, HOST.nova).find((r) => r.method === 'POST')!;
    expect(post.json()).toEqual({
      server: {
        name: 'new-1',
        flavorRef: '2',
        imageRef: '9c1f3a5b-7d9e-4b1c-8e2f-3a4b5c6d7e8f',
        availability_zone: 'az-2',
        key_name: 'ops',
        networks: [{ uuid: 'net-a' }, { port: 'port-b' }, { uuid: 'net-c', fixed_ip: '10.0.0.99' }],
        security_groups: [{ name: 'default' }, { name: 'web' }],
        metadata: { env: 'test' },
        user_data: Buffer.from('#cloud-config\npackages: [nginx]\n').toString('base64'),
        config_drive: true,
      },
    });
    expect(node.id).toBe(NEW);
    expect(node.state).toBe(NodeState.PENDING);
  });

  it('keeps a generated admin password out of JSON and sends a given one as adminPass', async () => {
    const { mock, driver } = setup();
    mock.on('POST', '/v2.1/servers', { status: 202, fixture: 'server-create.json' });
    mock.on('GET', `/v2.1/servers/${NEW}`, { fixture: 'server-build.json' });
    const node = await driver.createNode({ name: 'new-1', size: '2', image: 'img', auth: new NodeAuthPassword('Given-Pa55') });
    expect(sentTo(mock, HOST.nova)[0]!.json()).toMatchObject({ server: { adminPass: 'Given-Pa55' } });
    expect((node.extra as OpenStackNodeExtra).adminPass).toBe('Gen3rated-Pa55word');
    expect(JSON.stringify(node)).not.toContain('Gen3rated');
  });

  it("sends 'auto' networks as Nova expects from microversion 2.37", async () => {
    const { mock, driver } = setup();
    mock.on('POST', '/v2.1/servers', { status: 202, fixture: 'server-create.json' });
    mock.on('GET', `/v2.1/servers/${NEW}`, { fixture: 'server-build.json' });
    await driver.createNode({ name: 'n', size: '2', image: 'img', networks: 'auto' });
    expect(sentTo(mock, HOST.nova)[0]!.json()).toMatchObject({ server: { networks: 'auto' } });
  });

  it('still returns the new server when reading it back fails', async () => {
    const { mock, driver } = setup();
    mock.on('POST', '/v2.1/servers', { status: 202, fixture: 'server-create.json' });
    mock.on('GET', `/v2.1/servers/${NEW}`, { status: 503, body: 'busy' });
    const node = await driver.createNode({ name: 'new-1', size: '2', image: 'img' });
    expect(node.id).toBe(NEW);
    expect(node.state).toBe(NodeState.PENDING);
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['a missing name', { size: '2', image: 'i' }, 'name'],
    ['a missing size', { name: 'n', image: 'i' }, 'size'],
    ['a missing image', { name: 'n', size: '2' }, 'image'],
    ['an SSH key as auth', { name: 'n', size: '2', image: 'i', auth: new NodeAuthSSHKey('ssh-ed25519 AAAAC3Nz test') }, 'auth'],
    ['a bad network', { name: 'n', size: '2', image: 'i', networks: [{}] }, 'networks[0]'],
    ['a non-string metadata value', { name: 'n', size: '2', image: 'i', metadata: { a: 1 } }, 'metadata.a'],
  ])('refuses %s before any request', async (_what, options, option) => {
    const { mock, driver } = setup();
    const err = await driver.createNode(options as never).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidArgumentError);
    expect((err as InvalidArgumentError).option).toBe(option);
    expect(mock.requests).toHaveLength(0);
  });
});

describe('OpenStack compute driver: server actions', () => {
  it.each<[string, (d: OpenStackNodeDriver) => Promise<void>, unknown]>([
    ['a soft reboot', (d) => d.rebootNode(WEB), { reboot: { type: 'SOFT' } }],
    ['a hard reboot', (d) => d.rebootNode(WEB, { type: 'HARD' }), { reboot: { type: 'HARD' } }],
    ['a start', (d) => d.startNode(WEB), { 'os-start': null }],
    ['a stop', (d) => d.stopNode(WEB), { 'os-stop': null }],
  ])('posts %s to the action endpoint', async (_what, call, body) => {
    const { mock, driver } = setup();
    mock.on('POST', `/v2.1/servers/${WEB}/action`, { status: 202 });
    await call(driver);
    const action = sentTo(mock, HOST.nova)[0]!;
    expect(action.json()).toEqual(body);
    expect(action.headers['content-type']).toBe('application/json');
  });

  it('works from the node object too', async () => {
    const { mock, driver } = setup();
    mock.on('GET', `/v2.1/servers/${NEW}`, { fixture: 'server-build.json' });
    mock.on('POST', `/v2.1/servers/${NEW}/action`, { status: 202 });
    mock.on('DELETE', `/v2.1/servers/${NEW}`, { status: 204 });
    const node = await driver.getNode(NEW);
    await node.stop();
    await node.destroy();
    expect(sentTo(mock, HOST.nova).map((r) => r.method)).toEqual(['GET', 'POST', 'DELETE']);
  });

  it('refuses an unknown reboot type', async () => {
    const { driver } = setup();
    await expect(driver.rebootNode(WEB, { type: 'WARM' as never })).rejects.toBeInstanceOf(InvalidArgumentError);
  });

  it('maps a 404 on an action to NodeDoesNotExistError', async () => {
    const { mock, driver } = setup();
    mock.on('POST', /\/action$/, { status: 404, fixture: 'error-item-not-found.json' });
    await expect(driver.startNode(WEB)).rejects.toBeInstanceOf(NodeDoesNotExistError);
  });

  it('deletes a server', async () => {
    const { mock, driver } = setup();
    mock.on('DELETE', `/v2.1/servers/${WEB}`, { status: 204 });
    await driver.destroyNode(WEB);
    expect(sentTo(mock, HOST.nova)[0]!.method).toBe('DELETE');
  });

  it('waits until a server is running, through the base polling', async () => {
    const { mock, driver } = setup();
    // One server is polled by id (GET /servers/{id}), not by listing every server.
    mock.on('GET', `/v2.1/servers/${NEW}`, { json: { server: { id: NEW, name: 'n', status: 'BUILD', addresses: {} } } }, { times: 1 });
    mock.on('GET', `/v2.1/servers/${NEW}`, {
      json: { server: { id: NEW, name: 'n', status: 'ACTIVE', addresses: { net: [{ addr: '203.0.113.9', version: 4, 'OS-EXT-IPS:type': 'floating' }] } } },
    });
    const [node] = await driver.waitUntilRunning([NEW], { interval: 1, timeout: 5_000 });
    expect(node!.publicIps).toEqual(['203.0.113.9']);
  });
});

describe('OpenStack compute driver: token reuse across calls', () => {
  it('authenticates once for many calls to several services', async () => {
    const { mock, driver } = setup();
    mock.on('GET', /.*/, { json: { servers: [], flavors: [], images: [], volumes: [], availabilityZoneInfo: [], keypairs: [] } });
    await Promise.all([driver.listNodes(), driver.listSizes(), driver.listImages(), driver.listVolumes(), driver.listLocations(), driver.listKeyPairs()]);
    expect(mock.requests.filter((r) => r.path === '/v3/auth/tokens')).toHaveLength(1);
    expect(new Set(mock.requests.slice(1).map((r) => r.url.hostname))).toEqual(new Set([HOST.nova, HOST.glance, HOST.cinder]));
  });
});
