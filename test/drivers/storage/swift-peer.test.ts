/**
 * The Swift driver against a real OpenStack Swift (test/peers/swift.ts, TempAuth): the
 * shared storage behavioural suite, then what is Swift's own — Static Large Objects and
 * their segments, integrity failures provoked on the wire, TempURLs, and secrets kept out
 * of debug output. One Swift serves the whole file (it takes seconds to start).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AbortError,
  ContainerDoesNotExistError,
  InvalidCredentialsError,
  ObjectDoesNotExistError,
  ObjectHashMismatchError,
} from '../../../src/common/errors/index.js';
import { Connection } from '../../../src/connection/connection.js';
import type { Transport, TransportBody, TransportRequest, TransportResponse } from '../../../src/connection/transport/transport.js';
import { UndiciTransport } from '../../../src/connection/transport/undici-transport.js';
import { Container, OpenStackSwiftStorageDriver, type SwiftDriverOptions } from '../../../src/drivers/storage/index.js';
import { missingPeer } from '../../peers/process.js';
import { startSquid, type ProxyPeer } from '../../peers/proxies.js';
import { startSwift, SWIFT_BINARIES, type SwiftPeer } from '../../peers/swift.js';
import { storageBehaviourSuite } from './behaviour.js';
import { bytes, md5, readAll } from './helpers.js';

const skip = missingPeer('swift', SWIFT_BINARIES);
const noSquid = skip ?? missingPeer('squid', ['squid']);
const MiB = 1024 * 1024;
let started: Promise<SwiftPeer> | undefined;
/** The file's one Swift, started on first use. */
function swift(): Promise<SwiftPeer> {
  started ??= startSwift().then((peer) => {
    // A measurement for the report, not an assertion.
    console.info(`Swift peer started in ${peer.startupMs} ms`);
    return peer;
  });
  return started;
}

afterAll(async () => {
  if (started) await (await started).stop();
});

function driverFor(peer: SwiftPeer, options: SwiftDriverOptions = {}): OpenStackSwiftStorageDriver {
  return new OpenStackSwiftStorageDriver(peer.user, peer.key, { authUrl: peer.authUrl, authVersion: '1.0', env: {}, ...options });
}

storageBehaviourSuite(
  'Swift (TempAuth)',
  async () => {
    const peer = await swift();
    // 1 MiB threshold and segments: the suite's 4 MiB download object is an SLO of 4 segments.
    const driver = driverFor(peer, { listPageSize: 3, largeObjectThreshold: MiB, segmentSize: MiB });
    return {
      driver,
      newContainerName: () => `suite-${randomBytes(5).toString('hex')}`,
      cleanup: () => driver.close(),
      pageSize: 3,
      multipart: { partSize: 256 * 1024 },
    };
  },
  { skip },
);

/** Flips the first byte of a body: what a faulty network or proxy could do. */
function corrupt(body: TransportBody): TransportBody {
  if (typeof body === 'string' || body instanceof Uint8Array) {
    const copy = Buffer.from(body);
    if (copy.length > 0) copy[0]! ^= 0xff;
    return copy;
  }
  let first = true;
  const flip = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      if (first && chunk.length > 0) {
        first = false;
        const copy = Buffer.from(chunk);
        copy[0]! ^= 0xff;
        callback(null, copy);
        return;
      }
      callback(null, chunk);
    },
  });
  body.on('error', (err) => flip.destroy(err));
  return body.pipe(flip);
}

/** The real transport, corrupting the bodies of the PUTs `match` selects. */
class CorruptingTransport implements Transport {
  readonly name = 'corrupting';
  readonly #inner = new UndiciTransport();
  constructor(private readonly match: (request: TransportRequest) => boolean) {}

  send(request: TransportRequest): Promise<TransportResponse> {
    if (request.method !== 'PUT' || request.body === undefined || !this.match(request)) return this.#inner.send(request);
    return this.#inner.send({ ...request, body: corrupt(request.body) });
  }

  close(): Promise<void> {
    return this.#inner.close();
  }
}

describe.skipIf(skip)('Swift driver on a real Swift', () => {
  let peer: SwiftPeer;
  let driver: OpenStackSwiftStorageDriver;
  let container: Container;
  let scratch: string;

  beforeAll(async () => {
    peer = await swift();
    driver = driverFor(peer, { largeObjectThreshold: MiB, segmentSize: 512 * 1024 });
    container = await driver.createContainer(`own-${randomBytes(5).toString('hex')}`);
    scratch = mkdtempSync(join(tmpdir(), 'nubes-swift-peer-'));
  });

  afterAll(async () => {
    await driver?.close();
    if (scratch) await rm(scratch, { recursive: true, force: true });
  });

  async function segmentsOf(name: string): Promise<string[]> {
    try {
      return (await driver.listContainerObjects(`${container.name}_segments`, { prefix: `${name}/` })).map((o) => o.name);
    } catch {
      return [];
    }
  }

  describe('Static Large Objects', () => {
    it('stores a source above the threshold as an SLO whose segments live in <container>_segments', async () => {
      const data = bytes(3 * MiB + 123, 1);
      const obj = await driver.uploadObjectViaStream(data, container, 'slo/big.bin', { metaData: { kind: 'slo' } });
      expect(obj.extra).toMatchObject({ staticLargeObject: true, segments: 7 });
      const got = await driver.getObject(container.name, 'slo/big.bin');
      expect(got).toMatchObject({ size: data.length, hash: obj.hash, metaData: { kind: 'slo' }, extra: { staticLargeObject: true } });
      expect(got.hash).not.toBe(md5(data));
      const segments = await segmentsOf('slo/big.bin');
      expect(segments).toHaveLength(7);
      expect(segments[0]).toMatch(/^slo\/big\.bin\/\d+\.\d{3}-[0-9a-f]{8}\/00000001$/);
      const listed = (await driver.listContainerObjects(container, { prefix: 'slo/' }))[0]!;
      expect(listed).toMatchObject({ size: data.length, hash: obj.hash, extra: { staticLargeObject: true } });

      expect(md5(await readAll(await driver.downloadObjectAsStream(got)))).toBe(md5(data));
      // A range across the boundary of segments 1 and 2.
      const range = await readAll(await driver.downloadObjectRangeAsStream(got, 512 * 1024 - 10, 512 * 1024 + 10));
      expect(range).toEqual(data.subarray(512 * 1024 - 10, 512 * 1024 + 10));
      const dest = join(scratch, 'slo.bin');
      await driver.downloadObject(listed, dest);
      expect(md5(readFileSync(dest))).toBe(md5(data));

      await driver.deleteObject(listed);
      await expect(driver.getObject(container.name, 'slo/big.bin')).rejects.toBeInstanceOf(ObjectDoesNotExistError);
      expect(await segmentsOf('slo/big.bin')).toEqual([]);
    });

    it('deletes the old segments when an SLO is overwritten, by another SLO and then by a small object', async () => {
      // A space and a non-ASCII letter: the manifest names segments unencoded, the DELETEs must encode them.
      const name = 'slo/over written ü.bin';
      const prefixOf = (segment: string): string => segment.replace(/\d{8}$/, '');
      await driver.uploadObjectViaStream(bytes(MiB + 100, 11), container, name);
      const first = await segmentsOf(name);
      expect(first).toHaveLength(3);

      const data = bytes(2 * MiB, 12);
      const second = await driver.uploadObjectViaStream(data, container, name);
      expect(second.extra).toMatchObject({ staticLargeObject: true, segments: 4 });
      expect(second.extra.leftoverSegments).toBeUndefined();
      const remaining = await segmentsOf(name);
      expect(remaining).toHaveLength(4);
      expect(new Set(remaining.map(prefixOf)).size).toBe(1);
      expect(prefixOf(remaining[0]!)).not.toBe(prefixOf(first[0]!));
      expect(md5(await readAll(await driver.downloadObjectAsStream(await driver.getObject(container.name, name))))).toBe(md5(data));

      const third = await driver.uploadObjectViaStream('small now', container, name);
      expect(third.extra.staticLargeObject).toBe(false);
      expect(third.extra.leftoverSegments).toBeUndefined();
      expect(await segmentsOf(name)).toEqual([]);
      expect((await readAll(await driver.downloadObjectAsStream(await driver.getObject(container.name, name)))).toString()).toBe('small now');
      await driver.deleteObject(third);
    });

    it('keeps the old segments with leaveSegments: true, and deletes only those of the manifest it replaces next', async () => {
      const name = 'slo/kept.bin';
      await driver.uploadObjectViaStream(bytes(MiB + 100, 13), container, name);
      const old = await segmentsOf(name);
      expect(old).toHaveLength(3);
      await driver.uploadObjectViaStream(bytes(MiB + 100, 14), container, name, { leaveSegments: true });
      const both = await segmentsOf(name);
      expect(both).toHaveLength(6);
      expect(both).toEqual(expect.arrayContaining(old));
      // The next overwrite only knows the current manifest: the segments left earlier stay.
      await driver.uploadObjectViaStream('small now', container, name);
      expect(await segmentsOf(name)).toEqual(old);
      for (const segment of old) {
        await driver.deleteObject(await driver.getObject(`${container.name}_segments`, segment));
      }
      await driver.deleteObject(await driver.getObject(container.name, name));
    });

    it('leaves no segment behind when an SLO upload is aborted after segments were stored', async () => {
      const ac = new AbortController();
      let sent = 0;
      const data = bytes(4 * MiB, 2);
      const source = new Readable({
        read() {
          if (sent >= data.length) return void this.push(null);
          const piece = data.subarray(sent, sent + 64 * 1024);
          sent += piece.length;
          setImmediate(() => this.push(piece));
        },
      });
      let stored = 0;
      await expect(
        driver.uploadObjectViaStream(source, container, 'slo/aborted.bin', {
          partSize: 256 * 1024,
          concurrency: 2,
          signal: ac.signal,
          // Progress counts stored segments: abort once two are in Swift.
          onProgress: (p) => {
            stored = p.loaded;
            if (p.loaded >= 512 * 1024) ac.abort();
          },
        }),
      ).rejects.toBeInstanceOf(AbortError);
      expect(stored).toBeGreaterThanOrEqual(512 * 1024);
      await expect(driver.getObject(container.name, 'slo/aborted.bin')).rejects.toBeInstanceOf(ObjectDoesNotExistError);
      expect(await segmentsOf('slo/aborted.bin')).toEqual([]);
    });

    it('fails with ObjectHashMismatchError when a segment is damaged on the way, leaving no object and no segment', async () => {
      const damaging = driverFor(peer, {
        largeObjectThreshold: MiB,
        segmentSize: 512 * 1024,
        retry: false,
        transport: new CorruptingTransport((r) => r.url.pathname.endsWith('/00000002')),
      });
      try {
        const err = await damaging.uploadObjectViaStream(bytes(2 * MiB, 3), container, 'slo/damaged.bin').catch((e: unknown) => e);
        expect(err).toBeInstanceOf(ObjectHashMismatchError);
        expect((err as ObjectHashMismatchError).statusCode).toBe(422);
      } finally {
        await damaging.close();
      }
      await expect(driver.getObject(container.name, 'slo/damaged.bin')).rejects.toBeInstanceOf(ObjectDoesNotExistError);
      expect(await segmentsOf('slo/damaged.bin')).toEqual([]);
    });
  });

  describe('integrity of plain uploads', () => {
    it('gets 422 from Swift for bytes damaged on the way (ETag sent) and stores nothing', async () => {
      const damaging = driverFor(peer, { retry: false, transport: new CorruptingTransport((r) => r.url.pathname.endsWith('/damaged/bytes.bin')) });
      try {
        await expect(damaging.uploadObjectViaStream(Buffer.from('precious bytes'), container, 'damaged/bytes.bin')).rejects.toBeInstanceOf(
          ObjectHashMismatchError,
        );
      } finally {
        await damaging.close();
      }
      await expect(driver.getObject(container.name, 'damaged/bytes.bin')).rejects.toBeInstanceOf(ObjectDoesNotExistError);
    });

    it('compares the ETag of a streamed upload with the bytes read, and deletes what Swift stored on a difference', async () => {
      const damaging = driverFor(peer, { retry: false, transport: new CorruptingTransport((r) => r.url.pathname.endsWith('/damaged/stream.bin')) });
      try {
        const err = await damaging
          .uploadObjectViaStream(Readable.from([Buffer.from('streamed '), Buffer.from('bytes')]), container, 'damaged/stream.bin')
          .catch((e: unknown) => e);
        expect(err).toBeInstanceOf(ObjectHashMismatchError);
        expect((err as Error).message).toContain(md5('streamed bytes'));
      } finally {
        await damaging.close();
      }
      await expect(driver.getObject(container.name, 'damaged/stream.bin')).rejects.toBeInstanceOf(ObjectDoesNotExistError);
    });
  });

  describe('containers', () => {
    it('reports a missing container while a large stream is being sent as ContainerDoesNotExistError', async () => {
      const data = bytes(2 * MiB, 4);
      const missing = `missing-${randomBytes(4).toString('hex')}`;
      await expect(driver.uploadObjectViaStream(Readable.from([data]), missing, 'x.bin')).rejects.toBeInstanceOf(ContainerDoesNotExistError);
      await expect(driver.uploadObjectViaStream(Readable.from([data]), missing, 'x.bin', { contentLength: data.length })).rejects.toBeInstanceOf(
        ContainerDoesNotExistError,
      );
      await expect(driver.uploadObjectViaStream(data, missing, 'x.bin')).rejects.toBeInstanceOf(ContainerDoesNotExistError);
    });

    it('reports object count and bytes used, and lists containers across pages', async () => {
      const c = await driver.createContainer(`count-${randomBytes(4).toString('hex')}`);
      await driver.uploadObjectViaStream('12345', c, 'a');
      await driver.uploadObjectViaStream('678', c, 'b');
      expect((await driver.getContainer(c.name)).extra).toMatchObject({ objectCount: 2, bytesUsed: 8, storagePolicy: 'Policy-0' });
      const paged = driverFor(peer, { listPageSize: 1 });
      try {
        const names = (await paged.listContainers()).map((x) => x.name);
        expect(names).toContain(c.name);
        expect(names).toContain(container.name);
        expect(new Set(names).size).toBe(names.length);
      } finally {
        await paged.close();
      }
    });
  });

  describe('TempURL', () => {
    it('reads through a GET URL and writes through a PUT URL with no credentials, and refuses a tampered one', async () => {
      await driver.exSetTempUrlKey(randomBytes(16).toString('hex'));
      const plain = new Connection({ env: {}, retry: false });
      try {
        const source = await driver.uploadObjectViaStream('shared secret', container, 'temp url/ünï.txt');
        const readUrl = await driver.presignedUrl(source, { expiresIn: 300 });
        expect((await plain.request(readUrl)).body).toBe('shared secret');
        const writeUrl = await driver.presignedUrl({ container: container.name, name: 'temp url/written.txt' }, { method: 'PUT', digest: 'sha1' });
        await plain.request(writeUrl, { method: 'PUT', data: 'from a client' });
        const written = await driver.getObject(container.name, 'temp url/written.txt');
        expect((await readAll(await driver.downloadObjectAsStream(written))).toString()).toBe('from a client');
        const tampered = readUrl.replace(/temp_url_sig=([0-9a-f])/, (_m, c: string) => `temp_url_sig=${c === '0' ? '1' : '0'}`);
        await expect(plain.request(tampered)).rejects.toBeInstanceOf(InvalidCredentialsError);
      } finally {
        await plain.close();
      }
    });
  });

  describe('through a real proxy', () => {
    /**
     * Auth, upload (a plain PUT and an SLO's segments and manifest), listing and download
     * through `proxy`; Swift is an http target, so each request reaches the proxy in
     * absolute form and the proxy's log names its method and URL.
     */
    async function roundTrip(proxy: ProxyPeer, proxyUrl: string, prefix: string): Promise<void> {
      const viaProxy = driverFor(peer, { proxyUrl, largeObjectThreshold: MiB, segmentSize: 512 * 1024 });
      try {
        const small = bytes(300_000, 7);
        const big = bytes(MiB + 512 * 1024, 8);
        await viaProxy.uploadObjectViaStream(Readable.from([small]), container, `${prefix}/small.bin`);
        await viaProxy.uploadObjectViaStream(big, container, `${prefix}/big.bin`);
        const got = await viaProxy.getObject(container.name, `${prefix}/small.bin`);
        expect(md5(await readAll(await viaProxy.downloadObjectAsStream(got)))).toBe(md5(small));
        const dest = join(scratch, `${prefix}-big.bin`);
        await viaProxy.downloadObject(await viaProxy.getObject(container.name, `${prefix}/big.bin`), dest);
        expect(md5(readFileSync(dest))).toBe(md5(big));
      } finally {
        await viaProxy.close();
      }
      const at = (url: string): string => url.replace(/[.?]/g, '\\$&');
      const object = (name: string): string => at(`${peer.storageUrl}/${container.name}/${prefix}/${name}`);
      // squid logs a request when it is done: wait for the last one.
      await proxy.waitForLog(new RegExp(`GET ${object('big.bin')} `));
      const log = proxy.log();
      expect(log).toMatch(new RegExp(`GET ${at(peer.authUrl)} `));
      expect(log).toMatch(new RegExp(`PUT ${object('small.bin')} `));
      expect(log).toMatch(new RegExp(`PUT ${at(peer.storageUrl)}/${container.name}_segments/${prefix}/big\\.bin/[^ /]+/00000003 `));
      expect(log).toMatch(new RegExp(`PUT ${object('big.bin')}\\?multipart-manifest=put `));
      expect(log).toMatch(new RegExp(`GET ${object('small.bin')} `));
    }

    it.skipIf(noSquid)('uploads and downloads through squid, whose access log shows every request', async () => {
      const squid = await startSquid();
      try {
        await roundTrip(squid, `http://127.0.0.1:${squid.openPort}`, 'via-squid');
      } finally {
        await squid.stop();
      }
    });

  });

  describe('secrets', () => {
    it('keeps the key, the token and the TempURL key out of debug output and errors', async () => {
      const log = join(scratch, 'debug.log');
      const tempKey = `tk-${randomBytes(12).toString('hex')}`;
      const debugged = driverFor(peer, { debug: log });
      try {
        await debugged.exSetTempUrlKey(tempKey);
        await debugged.uploadObjectViaStream('logged', container, 'debug/x.txt');
        await debugged.listContainerObjects(container, { prefix: 'debug/' });
        const err = (await debugged.getObject(container.name, 'debug/missing').catch((e: unknown) => e)) as Error;
        const token = debugged.connection.auth!.token;
        const text = readFileSync(log, 'utf8');
        expect(text).toContain('x-auth-key: [REDACTED]');
        expect(text).toContain('debug/x.txt');
        for (const secret of [peer.key, token, tempKey]) {
          expect(text).not.toContain(secret);
          expect(err.message).not.toContain(secret);
        }
      } finally {
        await debugged.close();
      }
    });

    it('refuses a wrong key with InvalidCredentialsError that does not quote it', async () => {
      const wrong = new OpenStackSwiftStorageDriver(peer.user, 'not-the-right-key', { authUrl: peer.authUrl, authVersion: '1.0', env: {} });
      try {
        const err = (await wrong.listContainers().catch((e: unknown) => e)) as Error;
        expect(err).toBeInstanceOf(InvalidCredentialsError);
        expect(err.message).not.toContain('not-the-right-key');
      } finally {
        await wrong.close();
      }
    });
  });
});
