/**
 * `{ signal, timeout }` on every driver method (src/common/call-options.ts and the
 * per-call context of src/connection/call-context.ts): what a caller sees, what the
 * server sees (a local HTTP server on 127.0.0.1: no page asked for after a `break`, the
 * socket handed back to the pool, a request in flight torn down on abort or deadline),
 * and the table of every area method of every registered driver.
 */
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { AbortError, InvalidArgumentError, TimeoutError } from '../../src/common/errors/index.js';
import { TokenCache, type AccessToken, type TokenCredential } from '../../src/common/oauth/token-credential.js';
import { Connection } from '../../src/connection/connection.js';
import { currentCall, openScope, runInCall } from '../../src/connection/call-context.js';
import { AzureNodeDriver, DigitalOceanNodeDriver, Ec2NodeDriver, GceNodeDriver } from '../../src/drivers/compute/index.js';
import { AzureBlobsStorageDriver, Container, GoogleCloudStorageDriver, LocalStorageDriver, S3StorageDriver, StorageObject, OpenStackSwiftStorageDriver, type StorageDriver } from '../../src/drivers/storage/index.js';
import { MockTransport } from '../../src/testing/index.js';
import { AREAS, constructorArgs, type ArgRow } from '../validation/table.js';

const fixtures = fileURLToPath(new URL('../fixtures/compute/digitalocean/', import.meta.url));
const page1 = readFileSync(`${fixtures}droplets_page1.json`, 'utf8');
const pages: Readonly<Record<string, string>> = {
  '1': page1,
  '2': readFileSync(`${fixtures}droplets_page2.json`, 'utf8'),
  '3': readFileSync(`${fixtures}droplets_page3.json`, 'utf8'),
};

/** What the local server saw. */
interface Seen {
  /** `page` query of each droplet listing request, in order. */
  pages: string[];
  /** Every socket a request came on. */
  sockets: Set<Socket>;
  /** Resolves when the socket of a stalled response closes (the client tore it down). */
  stalledClosed: Promise<void>;
}

type Behaviour = (page: string, res: http.ServerResponse, stall: (res: http.ServerResponse) => void) => void;

const servers: http.Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

/** A DigitalOcean-shaped API on 127.0.0.1; `behaviour` answers each `/v2/droplets` page. */
async function origin(behaviour: Behaviour): Promise<{ seen: Seen; driver: DigitalOceanNodeDriver }> {
  let closed!: () => void;
  const seen: Seen = { pages: [], sockets: new Set(), stalledClosed: new Promise<void>((resolve) => (closed = resolve)) };
  const stall = (res: http.ServerResponse): void => {
    res.socket?.once('close', () => closed());
  };
  const server = http.createServer((req, res) => {
    seen.sockets.add(req.socket);
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (!url.pathname.endsWith('/droplets')) {
      res.writeHead(404).end();
      return;
    }
    const page = url.searchParams.get('page') ?? '1';
    seen.pages.push(page);
    behaviour(page, res, stall);
  });
  servers.push(server);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  const driver = new DigitalOceanNodeDriver('do-token-example', undefined, { host: '127.0.0.1', port, secure: false, env: {}, retry: false });
  return { seen, driver };
}

const json = (res: http.ServerResponse, body: string): void => {
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }).end(body);
};

/** Serves the three pages of the fixture listing at once. */
const allPages: Behaviour = (page, res) => json(res, pages[page] ?? '{}');

describe('iterate*: breaking out of for await releases the connection', () => {
  /**
   * Page 1 padded to 16 MiB, more than loopback socket buffers hold: the server's response
   * finishes only once the client has read the body to its end. Resolves with the
   * response's socket once it has.
   */
  function bigFirstPage(): { behaviour: Behaviour; finished: Promise<Socket> } {
    let done!: (socket: Socket) => void;
    const finished = new Promise<Socket>((resolve) => (done = resolve));
    const big = JSON.stringify({ ...(JSON.parse(page1) as object), padding: 'x'.repeat(16 * 1024 * 1024) });
    const behaviour: Behaviour = (page, res) => {
      if (page !== '1') return json(res, pages[page] ?? '{}');
      const socket = res.socket!;
      res.once('finish', () => done(socket));
      json(res, big);
    };
    return { behaviour, finished };
  }

  it('asks for no further page, and the page read is consumed to its end with its socket kept for reuse', async () => {
    const { behaviour, finished } = bigFirstPage();
    const { seen, driver } = await origin(behaviour);
    for await (const node of driver.iterateNodes()) {
      expect(node.name).toBe('web-1');
      break;
    }
    const socket = await finished;
    await new Promise((r) => setTimeout(r, 20));
    expect(seen.pages).toEqual(['1']);
    // Not torn down: a keep-alive socket back in the pool, not one left busy.
    expect(socket.destroyed).toBe(false);
    await driver.listNodes();
    expect(seen.pages.slice(1)).toEqual(['1', '2', '3']);
  });

  it('with a signal and a timeout too: the break ends the call, its timer and its listeners', async () => {
    const { behaviour, finished } = bigFirstPage();
    const { seen, driver } = await origin(behaviour);
    const controller = new AbortController();
    for await (const node of driver.iterateNodes({ signal: controller.signal, timeout: 60_000 })) {
      expect(node.name).toBe('web-1');
      break;
    }
    // Aborting after the loop changes nothing: the call is over.
    controller.abort();
    const socket = await finished;
    expect(seen.pages).toEqual(['1']);
    expect(socket.destroyed).toBe(false);
    await driver.listNodes();
    expect(seen.pages).toHaveLength(4);
  });

  it('aborting between pages fetches no further page', async () => {
    const { seen, driver } = await origin(allPages);
    const controller = new AbortController();
    const names: string[] = [];
    const err = await (async () => {
      for await (const node of driver.iterateNodes({ signal: controller.signal })) {
        names.push(node.name);
        controller.abort(new Error('enough'));
      }
    })().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AbortError);
    expect(names).toEqual(['web-1']);
    expect(seen.pages).toEqual(['1']);
  });

  it('aborting mid-page tears down the request in flight: AbortError, and the server sees its socket closed', async () => {
    const { seen, driver } = await origin((_page, res, stall) => {
      // Headers and half the body, then nothing: the client is reading the page.
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(page1) });
      res.write(page1.slice(0, 100));
      stall(res);
    });
    const controller = new AbortController();
    const pending = driver.listNodes({ signal: controller.signal }).catch((e: unknown) => e);
    while (seen.pages.length === 0) await new Promise((r) => setTimeout(r, 2));
    controller.abort(new Error('user stop'));
    const err = await pending;
    expect(err).toBeInstanceOf(AbortError);
    expect((err as AbortError).cause).toBeInstanceOf(Error);
    await seen.stalledClosed;
    expect(seen.pages).toEqual(['1']);
  });
});

describe('timeout: the total time of the whole call', () => {
  it('ends a listing whose second page never comes with a TimeoutError of kind call, and closes that request', async () => {
    const { seen, driver } = await origin((page, res, stall) => {
      if (page === '1') json(res, page1);
      else stall(res);
    });
    // Long enough for page 2 to reach the server on a loaded machine.
    const err = await driver.listNodes({ timeout: 2_000 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TimeoutError);
    expect((err as TimeoutError).kind).toBe('call');
    expect((err as Error).message).toContain('listNodes');
    expect(seen.pages).toEqual(['1', '2']);
    await seen.stalledClosed;
  });

  it('bounds a write the same way: createNode({ ..., timeout })', async () => {
    const { seen, driver } = await origin((_page, res, stall) => stall(res));
    const err = await driver.createNode({ name: 'web-1', size: 's-1vcpu-1gb', image: 'ubuntu-24-04-x64', timeout: 2_000 }).catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'TimeoutError', kind: 'call' });
    expect(seen.pages).toHaveLength(1);
    await seen.stalledClosed;
  });
});

describe('bad call options', () => {
  const driver = new DigitalOceanNodeDriver('do-token-example', undefined, { transport: new MockTransport(), env: {}, retry: false });

  it.each([
    ['signal', 5],
    ['signal', 'stop'],
    ['timeout', -1],
    ['timeout', 0],
    ['timeout', 'soon'],
    ['timeout', Number.NaN],
  ])('%s: %s is an InvalidArgumentError naming the option (positional method and options object)', async (option, value) => {
    for (const call of [() => driver.getNode('1', { [option]: value } as never), () => driver.listNodes({ [option]: value } as never), () => driver.createNode({ name: 'a', size: 's', image: 'i', [option]: value })]) {
      const err = await call().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(InvalidArgumentError);
      expect((err as InvalidArgumentError).option).toBe(option);
      expect((err as Error).message).toContain(option);
    }
  });

  it('an iterate* reports a bad option on its first step, like any other failure of an iteration', async () => {
    const iterator = driver.iterateNodes({ timeout: -1 });
    await expect(iterator.next()).rejects.toBeInstanceOf(InvalidArgumentError);
  });
});

describe('storage: the non-transfer methods take { signal } too', () => {
  const roots: string[] = [];
  const localRoot = (): string => {
    const dir = mkdtempSync(join(tmpdir(), 'nubes-call-'));
    mkdirSync(join(dir, 'bucket'));
    roots.push(dir);
    return dir;
  };
  afterEach(() => {
    for (const dir of roots.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  const drivers: [string, () => StorageDriver][] = [
    ['s3', () => new S3StorageDriver('AKIDEXAMPLE', 'secret-key-example', { region: 'us-east-1', transport: new MockTransport(), env: {}, retry: false })],
    ['azure-blobs', () => new AzureBlobsStorageDriver('devaccount', Buffer.from('key').toString('base64'), { transport: new MockTransport(), env: {}, retry: false })],
    ['swift', () => new OpenStackSwiftStorageDriver('user', 'password', { authUrl: 'https://keystone.example:5000', tenantName: 'demo', region: 'RegionOne', transport: new MockTransport(), env: {}, retry: false } as never)],
    // No requests, but the same contract (and its overrides declare the options: this list type-checks on the class).
    ['local', () => new LocalStorageDriver(localRoot())],
  ];
  for (const [name, make] of drivers) {
    it(`${name}: an aborted signal rejects every listing and lookup before any request`, async () => {
      const driver = make();
      const mock = (driver.connection as unknown as { transport?: MockTransport }).transport;
      const signal = AbortSignal.abort();
      const container = new Container({ name: 'bucket', extra: {} }, driver);
      const object = new StorageObject({ name: 'a.txt', size: 1, hash: '', metaData: {}, container, extra: {} }, driver);
      const calls: [string, () => Promise<unknown>][] = [
        ['listContainers', () => driver.listContainers({ signal })],
        ['iterateContainers', () => driver.iterateContainers({ signal }).next()],
        ['getContainer', () => driver.getContainer('bucket', { signal })],
        ['createContainer', () => driver.createContainer('bucket', { signal })],
        ['deleteContainer', () => driver.deleteContainer('bucket', { signal })],
        ['listContainerObjects', () => driver.listContainerObjects('bucket', { prefix: 'a', signal })],
        ['iterateContainerObjects', () => driver.iterateContainerObjects('bucket', { signal }).next()],
        ['getObject', () => driver.getObject('bucket', 'a.txt', { signal })],
        ['deleteObject', () => driver.deleteObject(object, { signal })],
        ['container.delete', () => container.delete({ signal })],
        ['object.delete', () => object.delete({ signal })],
      ];
      const failures: string[] = [];
      for (const [method, call] of calls) {
        const err = await call().catch((e: unknown) => e);
        if (!(err instanceof AbortError)) failures.push(`${method}: ${err instanceof Error ? `${err.name}: ${err.message}` : 'resolved'}`);
      }
      expect(failures).toEqual([]);
      if (mock) expect(mock.requests).toHaveLength(0);
    });
  }
});

describe('storage: the Local driver declares the options on its own class', () => {
  it('getObject, getContainer, createContainer, deleteContainer, listContainers and deleteObject take { signal } (typed on LocalStorageDriver)', async () => {
    const root = mkdtempSync(join(tmpdir(), 'nubes-call-'));
    try {
      const local: LocalStorageDriver = new LocalStorageDriver(root);
      const bucket = await local.createContainer('bucket');
      const object = await local.uploadObjectViaStream(Buffer.from('x'), bucket, 'a.txt');
      const signal = AbortSignal.abort();
      for (const call of [
        () => local.getObject('bucket', 'a.txt', { signal }),
        () => local.getContainer('bucket', { signal }),
        () => local.createContainer('other', { signal }),
        () => local.deleteContainer('bucket', { signal }),
        () => local.listContainers({ signal }),
        () => local.deleteObject(object, { signal }),
      ]) {
        await expect(call()).rejects.toBeInstanceOf(AbortError);
      }
      // Nothing was done: the object and the container are still there.
      expect((await local.getObject('bucket', 'a.txt')).size).toBe(1);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('provider extras (ex*)', () => {
  it('take { signal } as their last argument', async () => {
    const mock = new MockTransport();
    const [k, s, options] = constructorArgs('ec2', mock);
    const ec2 = new (AREAS[0]!.classOf('ec2') as unknown as new (...args: unknown[]) => AnyDriver)(k, s, options);
    const err = await (ec2.exListElasticIps!({ signal: AbortSignal.abort() }) as Promise<unknown>).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AbortError);
    expect(mock.requests).toHaveLength(0);
  });

  it('the extras with optional positional arguments declare the options too (typed on their classes)', async () => {
    const failures: string[] = [];
    const signal = AbortSignal.abort();
    const check = async (name: string, mock: MockTransport, call: () => Promise<unknown>): Promise<void> => {
      const err = await call().catch((e: unknown) => e);
      if (!(err instanceof AbortError)) failures.push(`${name}: ${err instanceof Error ? err.name : 'resolved'}`);
      if (mock.requests.length > 0) failures.push(`${name}: sent ${mock.requests.length} request(s)`);
    };
    const args = <T extends abstract new (...a: never[]) => unknown>(provider: string, mock: MockTransport): ConstructorParameters<T> =>
      constructorArgs(provider, mock) as unknown as ConstructorParameters<T>;
    let mock = new MockTransport();
    const ec2 = new Ec2NodeDriver(...args<typeof Ec2NodeDriver>('ec2', mock));
    await check('ec2.exCreateSecurityGroup', mock, () => ec2.exCreateSecurityGroup('web', 'web servers', undefined, { signal }));
    mock = new MockTransport();
    const gce = new GceNodeDriver(...args<typeof GceNodeDriver>('gce', mock));
    await check('gce.exGetSerialPortOutput', mock, () => gce.exGetSerialPortOutput('europe-west1-b/web-1', 1, { signal }));
    mock = new MockTransport();
    const azure = new AzureNodeDriver(...args<typeof AzureNodeDriver>('azure', mock));
    await check('azure.exListImageVersions', mock, () => azure.exListImageVersions('Canonical', 'ubuntu', '24_04-lts', 'westeurope', { signal }));
    await check('azure.exCreateResourceGroup', mock, () => azure.exCreateResourceGroup('rg-1', 'westeurope', undefined, { signal }));
    mock = new MockTransport();
    const gcs = new GoogleCloudStorageDriver(...args<typeof GoogleCloudStorageDriver>('gce', mock));
    const source = new StorageObject({ name: 'a.txt', size: 1, hash: '', metaData: {}, container: new Container({ name: 'bucket', extra: {} }, gcs), extra: {} }, gcs);
    await check('gcs.exCopyObject', mock, () => gcs.exCopyObject(source, 'archive', 'b.txt', { timeout: 60_000, signal }));
    mock = new MockTransport();
    const swift = new OpenStackSwiftStorageDriver(...args<typeof OpenStackSwiftStorageDriver>('openstack', mock));
    await check('swift.exSetTempUrlKey', mock, () => swift.exSetTempUrlKey('temp-url-key-example', { signal }));
    expect(failures).toEqual([]);
  });

  it('leave a last argument that is user data alone (a tag or label named timeout is not a call option)', async () => {
    const mock = new MockTransport();
    mock.on('POST', /.*/, { xml: '<CreateTagsResponse><return>true</return></CreateTagsResponse>' });
    mock.on('GET', /.*/, { xml: '<CreateTagsResponse><return>true</return></CreateTagsResponse>' });
    const [k, s, options] = constructorArgs('azure', mock);
    const azure = new (AREAS[0]!.classOf('azure') as unknown as new (...args: unknown[]) => AnyDriver)(k, s, options);
    // `tags` is user data: its string `timeout` must reach the provider, not be refused as a bad call option.
    const err = await (azure.exCreateResourceGroup!('rg-1', 'westeurope', { timeout: 'soon', signal: 'none' }) as Promise<unknown>).catch((e: unknown) => e);
    expect(err).not.toBeInstanceOf(InvalidArgumentError);
  });
});

function validValue(arg: ArgRow, provider: string): unknown {
  return arg.validFor && provider in arg.validFor ? arg.validFor[provider] : arg.valid;
}

type AnyDriver = { supports(method: string): boolean } & Record<string, (...args: unknown[]) => unknown>;

describe('every area method of every registered driver takes { signal }', () => {
  for (const area of AREAS) {
    for (const provider of area.providers) {
      it(`${area.area}/${provider}: an aborted signal rejects every method with an AbortError before any request`, async () => {
        const failures: string[] = [];
        const Cls = area.classOf(provider) as unknown as new (...args: unknown[]) => AnyDriver;
        const rows = [...area.methods, ...extraRows(area.area)];
        for (const row of rows) {
          const mock = new MockTransport();
          const [k, s, options] = constructorArgs(provider, mock);
          const driver = new Cls(k, s, options);
          if (!driver.supports(row.method) && row.method !== 'waitUntilRunning' && !row.method.startsWith('wait')) continue;
          const signal = AbortSignal.abort(new Error('stop'));
          const optionsAt = row.args.findIndex((a) => a.options !== undefined);
          const args = row.args.map((a) => validValue(a, provider));
          if (optionsAt >= 0) args[optionsAt] = { ...(args[optionsAt] as object), signal };
          else args.push({ signal });
          let err: unknown;
          try {
            const result = driver[row.method]!(...args);
            if (result && typeof (result as AsyncIterator<unknown>).next === 'function') await (result as AsyncIterator<unknown>).next();
            else await result;
          } catch (e) {
            err = e;
          }
          if (!(err instanceof AbortError)) failures.push(`${row.method}: ${err === undefined ? 'resolved' : `${(err as Error).name}: ${(err as Error).message}`}`);
          if (mock.requests.length > 0) failures.push(`${row.method}: sent ${mock.requests.length} request(s)`);
        }
        expect(failures).toEqual([]);
      });
    }
  }
});

/** Methods the validation table leaves out (it feeds wrong values; these take valid ones). */
function extraRows(area: string): { method: string; args: ArgRow[] }[] {
  const none: ArgRow[] = [];
  switch (area) {
    case 'compute':
      return [
        { method: 'listNodes', args: none },
        { method: 'iterateNodes', args: none },
        { method: 'listLocations', args: none },
        { method: 'listVolumes', args: none },
        { method: 'listKeyPairs', args: none },
        { method: 'waitUntilState', args: [{ valid: '1234', names: [] }, { valid: ['running'], names: [] }] },
      ];
    case 'dns':
      return [
        { method: 'listZones', args: none },
        { method: 'iterateZones', args: none },
        { method: 'iterateRecords', args: [{ valid: 'example-com', names: [] }] },
      ];
    case 'loadbalancer':
      return [
        { method: 'listBalancers', args: none },
        { method: 'iterateBalancers', args: none },
      ];
    default:
      return [];
  }
}

describe('a shared token refresh', () => {
  it("serves every waiting caller: one caller's abort ends its own wait, not the refresh", async () => {
    let release!: (token: AccessToken) => void;
    const seenInRefresh: unknown[] = [];
    let calls = 0;
    const credential: TokenCredential = {
      kind: 'test',
      getToken: async () => {
        calls++;
        seenInRefresh.push(currentCall());
        return new Promise<AccessToken>((resolve) => (release = resolve));
      },
    } as unknown as TokenCredential;
    const cache = new TokenCache(credential);
    const connection = new Connection({ host: 'token.example', transport: new MockTransport(), env: {} });
    const controller = new AbortController();
    const { scope, dispose } = openScope('test.listNodes', { signal: controller.signal });
    const first = runInCall(scope, () => cache.get(['s'], connection)).catch((e: unknown) => e);
    const second = cache.get(['s'], connection);
    await new Promise((r) => setTimeout(r, 5));
    controller.abort(new Error('first caller stops'));
    expect(await first).toBeInstanceOf(AbortError);
    release({ token: 'tok-123', expiresAt: Date.now() + 3_600_000 });
    expect(await second).toBe('tok-123');
    // One refresh, run outside the first caller's call (its requests obey no caller's signal).
    expect(calls).toBe(1);
    expect(seenInRefresh).toEqual([undefined]);
    dispose();
  });
});
