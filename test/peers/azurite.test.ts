/**
 * Smoke test of the Azurite peer, through nubes' AzureBlobConnection: Shared Key on
 * path-style URLs, SAS URLs and SAS tokens, and Azure's error codes, against a real
 * Blob service.
 */
import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AzureBlobConnection } from '../../src/common/azure/index.js';
import {
  ContainerAlreadyExistsError,
  ContainerDoesNotExistError,
  InvalidCredentialsError,
  ObjectDoesNotExistError,
  ObjectHashMismatchError,
} from '../../src/common/errors/index.js';
import { Connection } from '../../src/connection/connection.js';
import { xmlChildren, xmlFind, xmlText } from '../../src/common/xml.js';
import { AZURITE_ACCOUNT, AZURITE_KEY, azuriteUnavailable, startAzurite, type Azurite } from './azurite.js';

const skip = await azuriteUnavailable();
const env = {}; // no proxy variables leak in from the machine

async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks);
}

describe.skipIf(skip !== undefined)('Azurite peer', () => {
  let azurite: Azurite;
  let conn: AzureBlobConnection;
  // Container names: 3 to 63 lowercase letters, digits and single dashes.
  const container = `nubes-smoke-${randomBytes(4).toString('hex')}`;
  const blob = 'dir/hello wörld.txt';
  const content = Buffer.from('hello from nubes\n');

  beforeAll(async () => {
    azurite = await startAzurite();
    console.info(`Azurite (pid ${azurite.pid}) listening on ${azurite.port} after ${azurite.startupMs} ms`);
    conn = new AzureBlobConnection(AZURITE_ACCOUNT, AZURITE_KEY, { url: `http://127.0.0.1:${azurite.port}`, env });
  });

  afterAll(async () => {
    await conn?.close();
    await azurite?.stop();
  });

  it('creates a container with a Shared Key signed, path-style request', async () => {
    expect(conn.pathStyle).toBe(true);
    const res = await conn.request(`/${container}`, { method: 'PUT', params: { restype: 'container' } });
    expect(res.status).toBe(201);
    expect(res.requestId).toBeTruthy();
  });

  it('reports a second create as ContainerAlreadyExistsError', async () => {
    await expect(conn.request(`/${container}`, { method: 'PUT', params: { restype: 'container' } })).rejects.toBeInstanceOf(
      ContainerAlreadyExistsError,
    );
  });

  it('puts a block blob with metadata and Content-MD5, and gets the same bytes back', async () => {
    const md5 = createHash('md5').update(content).digest('base64');
    const path = conn.resourcePath(container, blob);
    const put = await conn.request(path, {
      method: 'PUT',
      data: content,
      headers: { 'x-ms-blob-type': 'BlockBlob', 'content-type': 'text/plain; charset=utf-8', 'content-md5': md5, 'x-ms-meta-purpose': 'smoke' },
    });
    expect(put.status).toBe(201);
    const got = await conn.request(path, { raw: true });
    expect(await readAll(got.body)).toEqual(content);
    expect(got.headers['content-md5']).toBe(md5);
    expect(got.headers['x-ms-meta-purpose']).toBe('smoke');
    expect(got.headers['content-type']).toBe('text/plain; charset=utf-8');
  });

  it('reads a byte range', async () => {
    const path = conn.resourcePath(container, blob);
    const res = await conn.request(path, { headers: { range: 'bytes=6-9' } });
    expect(res.status).toBe(206);
    expect(res.body).toBe('from');
  });

  it('lists blobs with a prefix and a comma-separated include list', async () => {
    const res = await conn.request(`/${container}`, {
      params: { restype: 'container', comp: 'list', prefix: 'dir/', include: 'metadata,snapshots' },
    });
    const blobs = xmlChildren(xmlFind(res.object as never, 'Blobs'), 'Blob');
    expect(blobs.map((b) => xmlText(b, 'Name'))).toEqual([blob]);
    expect(xmlText(xmlFind(blobs[0], 'Metadata'), 'purpose')).toBe('smoke');
  });

  it('serves a GET through a service SAS URL, with no Authorization header', async () => {
    const link = conn.blobSasUrl(container, blob, { permissions: 'r', expiresOn: new Date(Date.now() + 10 * 60_000) });
    const plain = new Connection({ env });
    const res = await plain.request(link, { raw: true });
    expect(await readAll(res.body)).toEqual(content);
    await plain.close();
  });

  it('lists and reads with a container SAS token as the credential', async () => {
    const token = new URL(conn.blobSasUrl(container, undefined, { permissions: 'rl', expiresOn: new Date(Date.now() + 10 * 60_000) })).search;
    const sasConn = new AzureBlobConnection(AZURITE_ACCOUNT, token, { url: `http://127.0.0.1:${azurite.port}`, env });
    expect(sasConn.authType).toBe('sas');
    const list = await sasConn.request(`/${container}`, { params: { restype: 'container', comp: 'list' } });
    expect(list.body).toContain('<Name>dir/hello wörld.txt</Name>');
    const path = sasConn.resourcePath(container, blob);
    expect((await sasConn.request(path)).body).toBe(content.toString());
    // Read-only: a write is refused as a credentials problem.
    await expect(
      sasConn.request(path, { method: 'PUT', data: 'x', headers: { 'x-ms-blob-type': 'BlockBlob' } }),
    ).rejects.toBeInstanceOf(InvalidCredentialsError);
    await sasConn.close();
  });

  it('maps BlobNotFound on a HEAD and ContainerNotFound on a listing', async () => {
    await expect(conn.request(`/${container}/missing.txt`, { method: 'HEAD' })).rejects.toBeInstanceOf(ObjectDoesNotExistError);
    await expect(conn.request('/nubes-no-such-container', { params: { restype: 'container', comp: 'list' } })).rejects.toBeInstanceOf(
      ContainerDoesNotExistError,
    );
  });

  it('maps a wrong Content-MD5 to ObjectHashMismatchError and stores nothing', async () => {
    const wrong = createHash('md5').update('other').digest('base64');
    await expect(
      conn.request(`/${container}/bad-md5.txt`, { method: 'PUT', data: content, headers: { 'x-ms-blob-type': 'BlockBlob', 'content-md5': wrong } }),
    ).rejects.toBeInstanceOf(ObjectHashMismatchError);
    await expect(conn.request(`/${container}/bad-md5.txt`, { method: 'HEAD' })).rejects.toBeInstanceOf(ObjectDoesNotExistError);
  });

  it('rejects a request signed with the wrong key as InvalidCredentialsError', async () => {
    const wrongKey = randomBytes(64).toString('base64');
    const bad = new AzureBlobConnection(AZURITE_ACCOUNT, wrongKey, { url: `http://127.0.0.1:${azurite.port}`, env, retry: false });
    const err = (await bad.request('/', { params: { comp: 'list' } }).catch((e: unknown) => e)) as Error;
    expect(err).toBeInstanceOf(InvalidCredentialsError);
    expect(err.message).toMatch(/AuthenticationFailed|AuthorizationFailure/);
    expect(err.message).not.toContain(wrongKey);
    await bad.close();
  });

  it('deletes the container', async () => {
    const res = await conn.request(`/${container}`, { method: 'DELETE', params: { restype: 'container' } });
    expect(res.status).toBe(202);
  });
});
