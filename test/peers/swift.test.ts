/**
 * Smoke test of the Swift peer: TempAuth through a nubes connection, then raw HTTP
 * container and object calls, an S3 call through s3api, and a check that every socket
 * the peer opened is a loopback TCP listener (no UDP logger falling back to 0.0.0.0).
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Connection, InvalidCredentialsError, XmlResponse, type PreparedRequest } from '../../src/index.js';
import { OpenStackConnection } from '../../src/common/openstack/index.js';
import { missingPeer } from './process.js';
import { startSwift, SWIFT_BINARIES, type SwiftPeer } from './swift.js';

const skip = missingPeer('swift', SWIFT_BINARIES);

/** Signs each request with SigV4 for s3api (which refuses aws-chunked and needs x-amz-content-sha256). */
class S3Connection extends Connection {
  protected override responseCls = XmlResponse;
  readonly #signer: SignatureV4;
  constructor(url: string, accessKeyId: string, secretAccessKey: string, region: string) {
    super({ url, env: {}, retry: false });
    this.#signer = new SignatureV4({ credentials: { accessKeyId, secretAccessKey }, region, service: 's3', sha256: Sha256 });
    this.secrets.add(secretAccessKey);
  }
  protected override async preConnectHook(prepared: PreparedRequest): Promise<void> {
    const body = typeof prepared.body === 'string' || prepared.body instanceof Uint8Array ? prepared.body : '';
    const digest = new Sha256();
    digest.update(body);
    const payloadHash = Buffer.from(await digest.digest()).toString('hex');
    const query: Record<string, string> = {};
    for (const [k, v] of prepared.url.searchParams) query[k] = v;
    const signed = await this.#signer.sign({
      method: prepared.method,
      protocol: prepared.url.protocol,
      hostname: prepared.url.hostname,
      port: Number(prepared.url.port),
      path: prepared.url.pathname,
      query,
      headers: { ...prepared.headers, host: prepared.url.host, 'x-amz-content-sha256': payloadHash },
    });
    for (const [k, v] of Object.entries(signed.headers)) if (k !== 'host') prepared.headers[k.toLowerCase()] = v;
  }
}

/** Socket inodes → "tcp 127.0.0.1:port LISTEN" / "udp ..." from /proc/net. */
function socketTable(): Map<string, string> {
  const table = new Map<string, string>();
  for (const proto of ['tcp', 'tcp6', 'udp', 'udp6']) {
    let text: string;
    try {
      text = readFileSync(`/proc/net/${proto}`, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      if (cols.length < 10) continue;
      const [local, , state] = [cols[1]!, cols[2]!, cols[3]!];
      const [hexIp, hexPort] = local.split(':');
      const ip = proto.endsWith('6')
        ? hexIp!
        : (hexIp!.match(/../g) ?? []).reverse().map((h) => parseInt(h, 16)).join('.');
      table.set(cols[9]!, `${proto} ${ip}:${parseInt(hexPort!, 16)} ${state === '0A' ? 'LISTEN' : state}`);
    }
  }
  return table;
}

function socketsOf(pid: number, table: Map<string, string>): string[] {
  const out: string[] = [];
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    let target: string;
    try {
      target = readlinkSync(`/proc/${pid}/fd/${fd}`);
    } catch {
      continue;
    }
    const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
    const entry = inode ? table.get(inode) : undefined;
    if (entry) out.push(entry);
  }
  return out;
}

describe.skipIf(skip)('Swift peer', () => {
  let swift: SwiftPeer;
  beforeAll(async () => {
    swift = await startSwift();
    // A measurement for the report, not an assertion.
    console.info(`Swift peer started in ${swift.startupMs} ms`);
  }, 90_000);
  afterAll(async () => {
    await swift?.stop();
  });

  it('issues a TempAuth token to a nubes connection and stores and returns an object', async () => {
    const conn = new OpenStackConnection(swift.user, swift.key, { authUrl: swift.authUrl, authVersion: '1.0', env: {} });
    const auth = await conn.authenticate();
    expect(auth.storageUrl).toBe(swift.storageUrl);
    expect(auth.token).toMatch(/^AUTH_tk/);

    const created = await conn.request('/nubes-smoke', { method: 'PUT' });
    expect([201, 202]).toContain(created.status);
    const put = await conn.request('/nubes-smoke/hello.txt', {
      method: 'PUT',
      data: 'hello from nubes',
      headers: { 'content-type': 'text/plain' },
    });
    expect(put.status).toBe(201);
    expect(put.headers.etag).toBe(createHash('md5').update('hello from nubes').digest('hex'));

    const got = await conn.request('/nubes-smoke/hello.txt');
    expect(got.body).toBe('hello from nubes');
    expect(got.headers['content-type']).toBe('text/plain');

    const listing = await conn.request<{ name: string; bytes: number }[]>('/nubes-smoke', { params: { format: 'json' } });
    expect(JSON.parse(listing.body)).toEqual([expect.objectContaining({ name: 'hello.txt', bytes: 16 })]);
    await conn.close();
  });

  it('refuses a wrong TempAuth key with InvalidCredentialsError', async () => {
    const conn = new OpenStackConnection(swift.user, 'not-the-key', { authUrl: swift.authUrl, authVersion: '1.0', env: {} });
    await expect(conn.authenticate()).rejects.toBeInstanceOf(InvalidCredentialsError);
    await conn.close();
  });

  it('serves the same account through s3api with SigV4', async () => {
    const s3 = new S3Connection(swift.s3.endpoint, swift.s3.accessKeyId, swift.s3.secret, swift.s3.region);
    const put = await s3.request('/nubes-s3-smoke', { method: 'PUT' });
    expect(put.status).toBe(200);
    const list = await s3.request('/');
    expect(list.body).toContain('<Name>nubes-s3-smoke</Name>');
    await s3.close();
  });

  it.skipIf(process.platform !== 'linux')('opens only loopback TCP listeners and no UDP socket', () => {
    const table = socketTable();
    const sockets = swift.pids.flatMap((pid) => socketsOf(pid, table));
    const listeners = sockets.filter((s) => s.endsWith('LISTEN'));
    expect(listeners.length).toBeGreaterThanOrEqual(5);
    expect(listeners.every((s) => s.startsWith('tcp 127.0.0.1:'))).toBe(true);
    expect(sockets.filter((s) => s.startsWith('udp'))).toEqual([]);
  });
});
