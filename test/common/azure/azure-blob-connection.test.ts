/**
 * AzureBlobConnection: endpoints, signing, SAS credentials, and that secrets stay out
 * of errors and debug output. Every test has its own MockTransport.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { AzureBlobConnection, sharedKeyStringToSign, SharedKeySigner } from '../../../src/common/azure/index.js';
import { InvalidArgumentError, InvalidCredentialsError, NotSupportedError } from '../../../src/common/errors/index.js';
import { MockTransport, type RecordedRequest } from '../../../src/testing/index.js';
import { tempDir } from '../../peers/process.js';

const KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';
const env = {};

/** The error a promise rejects with (fails the test when it resolves). */
async function failure<E extends Error = Error>(promise: Promise<unknown>): Promise<E> {
  try {
    await promise;
  } catch (err) {
    return err as E;
  }
  throw new Error('expected the request to fail');
}

/** Recomputes the signature the server would and compares it with the request's. */
function expectValidSignature(account: string, request: RecordedRequest): void {
  const { authorization, ...headers } = request.headers;
  const signer = new SharedKeySigner(account, KEY);
  const expected = signer.signature(sharedKeyStringToSign(account, { method: request.method, url: request.url, headers }));
  expect(authorization).toBe(`SharedKey ${account}:${expected}`);
}

describe('AzureBlobConnection endpoints', () => {
  it('talks to https://<account>.blob.core.windows.net by default, host-style', async () => {
    const mock = new MockTransport().on('GET', '/', { xml: '<EnumerationResults/>' }, { host: 'myaccount.blob.core.windows.net' });
    const conn = new AzureBlobConnection('myaccount', KEY, { transport: mock, env });
    expect(conn.pathStyle).toBe(false);
    await conn.request('/', { params: { comp: 'list' } });
    const req = mock.lastRequest!;
    expect(req.url.href).toBe('https://myaccount.blob.core.windows.net/?comp=list');
    expect(req.headers['x-ms-version']).toBe('2021-08-06');
    expect(req.headers['x-ms-date']).toMatch(/GMT$/);
    expectValidSignature('myaccount', req);
  });

  it('puts the account in the path for an emulator host and signs the account twice', async () => {
    const mock = new MockTransport().on('PUT', '/devstoreaccount1/photos', { status: 201 });
    const conn = new AzureBlobConnection('devstoreaccount1', KEY, { host: '127.0.0.1', port: 10000, secure: false, transport: mock, env });
    expect(conn.pathStyle).toBe(true);
    expect(conn.baseUrl).toBe('http://127.0.0.1:10000/devstoreaccount1');
    await conn.request('/photos', { method: 'PUT', params: { restype: 'container' } });
    const req = mock.lastRequest!;
    expect(req.url.href).toBe('http://127.0.0.1:10000/devstoreaccount1/photos?restype=container');
    const { authorization: _a, ...headers } = req.headers;
    expect(sharedKeyStringToSign('devstoreaccount1', { method: 'PUT', url: req.url, headers })).toContain(
      '\n/devstoreaccount1/devstoreaccount1/photos\nrestype:container',
    );
    expectValidSignature('devstoreaccount1', req);
  });

  it.each([
    ['http://127.0.0.1:10000', 'http://127.0.0.1:10000/devstoreaccount1', true],
    ['http://localhost:10000/', 'http://localhost:10000/devstoreaccount1', true],
    ['http://[::1]:10000', 'http://[::1]:10000/devstoreaccount1', true],
    ['http://127.0.0.1:10000/devstoreaccount1', 'http://127.0.0.1:10000/devstoreaccount1', true],
    ['https://storage.example.com', 'https://storage.example.com:443', false],
  ])('with url %s uses %s (path-style: %s)', (url, baseUrl, pathStyle) => {
    const conn = new AzureBlobConnection('devstoreaccount1', KEY, { url, env });
    expect(conn.baseUrl).toBe(baseUrl);
    expect(conn.pathStyle).toBe(pathStyle);
  });

  it('keeps host-style for a custom domain given as host', () => {
    const conn = new AzureBlobConnection('myaccount', KEY, { host: 'myaccount.blob.core.chinacloudapi.cn', env });
    expect(conn.baseUrl).toBe('https://myaccount.blob.core.chinacloudapi.cn:443');
    expect(conn.pathStyle).toBe(false);
  });

  it.each(['', 'My_Account', 'ab', 'a'.repeat(25)])('refuses the account name %j for Azure before any request', (account) => {
    expect(() => new AzureBlobConnection(account, KEY, { env })).toThrow(InvalidArgumentError);
  });

  it('refuses a credential that is neither a base64 key nor a SAS token', () => {
    expect(() => new AzureBlobConnection('myaccount', 'not a key!', { env })).toThrow(/base64/);
  });

  it('encodes blob names per path segment and signs the encoded path', async () => {
    const mock = new MockTransport().on('GET', /.*/, { body: 'x' });
    const conn = new AzureBlobConnection('myaccount', KEY, { transport: mock, env });
    const url = conn.resourceUrl('c', 'dir/a b#?%ü.txt');
    expect(url.pathname).toBe('/c/dir/a%20b%23%3F%25%C3%BC.txt');
    await conn.request(url.pathname);
    expect(mock.lastRequest!.url.pathname).toBe('/c/dir/a%20b%23%3F%25%C3%BC.txt');
    expectValidSignature('myaccount', mock.lastRequest!);
  });
});

describe('AzureBlobConnection bodies', () => {
  it('signs the length of a buffered body', async () => {
    const mock = new MockTransport().on('PUT', '/c/b', { status: 201 });
    const conn = new AzureBlobConnection('myaccount', KEY, { transport: mock, env });
    await conn.request('/c/b', { method: 'PUT', data: Buffer.from('hello world'), headers: { 'x-ms-blob-type': 'BlockBlob' } });
    expect(mock.lastRequest!.headers['content-length']).toBe('11');
    expectValidSignature('myaccount', mock.lastRequest!);
  });

  it('refuses a streamed body without content-length before sending anything', async () => {
    const mock = new MockTransport().on('PUT', '/c/b', { status: 201 });
    const conn = new AzureBlobConnection('myaccount', KEY, { transport: mock, env });
    await expect(conn.request('/c/b', { method: 'PUT', data: Readable.from([Buffer.from('abc')]) })).rejects.toThrow(/content-length/);
    expect(mock.requests).toHaveLength(0);
  });

  it('signs a streamed body whose content-length is given', async () => {
    const mock = new MockTransport().on('PUT', '/c/b', { status: 201 });
    const conn = new AzureBlobConnection('myaccount', KEY, { transport: mock, env });
    await conn.request('/c/b', { method: 'PUT', data: Readable.from([Buffer.from('abc')]), headers: { 'content-length': '3' } });
    expect(mock.lastRequest!.text).toBe('abc');
    expectValidSignature('myaccount', mock.lastRequest!);
  });

  it('signs every retry afresh', async () => {
    const busy = '<?xml version="1.0" encoding="utf-8"?><Error><Code>ServerBusy</Code><Message>Busy</Message></Error>';
    const mock = new MockTransport().on('GET', '/c', { status: 503, xml: busy }, { times: 1 }).on('GET', '/c', { xml: '<ok/>' });
    const conn = new AzureBlobConnection('myaccount', KEY, { transport: mock, env, retry: { retries: 2, minDelay: 1, maxDelay: 2 } });
    await conn.request('/c', { params: { restype: 'container' } });
    expect(mock.requests).toHaveLength(2);
    for (const req of mock.requests) expectValidSignature('myaccount', req);
  });
});

describe('AzureBlobConnection with a SAS token', () => {
  const sas = 'sv=2021-08-06&ss=b&srt=sco&sp=rwdlac&se=2030-01-01T00%3A00%3A00Z&sig=c2VjcmV0LXNpZ25hdHVyZS12YWx1ZQ%3D%3D';
  const sig = 'c2VjcmV0LXNpZ25hdHVyZS12YWx1ZQ==';

  it('adds the token to every request instead of an Authorization header', async () => {
    const mock = new MockTransport().on('GET', '/c', { xml: '<EnumerationResults/>' });
    const conn = new AzureBlobConnection('myaccount', `?${sas}`, { transport: mock, env });
    expect(conn.authType).toBe('sas');
    await conn.request('/c', { params: { restype: 'container', comp: 'list' } });
    const req = mock.lastRequest!;
    expect(req.headers.authorization).toBeUndefined();
    expect(req.query).toMatchObject({ restype: 'container', comp: 'list', sv: '2021-08-06', sp: 'rwdlac', sig });
  });

  it('keeps the signature out of error messages', async () => {
    const mock = new MockTransport().on('GET', '/c', {
      status: 403,
      xml: `<Error><Code>AuthorizationPermissionMismatch</Code><Message>Not allowed for sig ${sig}</Message></Error>`,
    });
    const conn = new AzureBlobConnection('myaccount', sas, { transport: mock, env, retry: false });
    const err = await failure(conn.request('/c'));
    expect(err).toBeInstanceOf(InvalidCredentialsError);
    expect(err.message).not.toContain(sig);
    expect(err.message).not.toContain('c2VjcmV0LXNpZ25hdHVyZS12YWx1ZQ%3D%3D');
  });

  it('cannot sign a SAS URL without the account key', () => {
    const conn = new AzureBlobConnection('myaccount', sas, { env });
    expect(() => conn.blobSasUrl('c', 'b', { expiresOn: new Date(Date.now() + 60_000) })).toThrow(NotSupportedError);
  });
});

describe('AzureBlobConnection SAS URLs', () => {
  it('builds a blob SAS URL on the connection endpoint', () => {
    const conn = new AzureBlobConnection('devstoreaccount1', KEY, { url: 'http://127.0.0.1:10000', env });
    const link = new URL(conn.blobSasUrl('photos', 'dir/cat 1.jpg', { permissions: 'r', expiresOn: new Date('2030-01-01T00:00:00Z') }));
    expect(link.origin + link.pathname).toBe('http://127.0.0.1:10000/devstoreaccount1/photos/dir/cat%201.jpg');
    expect(link.searchParams.get('sr')).toBe('b');
    expect(link.searchParams.get('sig')).toMatch(/^[A-Za-z0-9+/]{43}=$/);
  });
});

describe('AzureBlobConnection secrets in debug output', () => {
  it('never writes the account key, the request signature or a SAS signature to the debug log', async () => {
    const dir = tempDir('azure-debug');
    const file = join(dir, 'debug.log');
    const signatures: string[] = [];
    // Azure quotes the request's signature back in AuthenticationFailed details.
    const mock = new MockTransport().on('GET', /.*/, (req) => {
      const signature = req.headers.authorization?.split(':')[1] ?? '';
      signatures.push(signature);
      return {
        status: 403,
        headers: { 'x-ms-request-id': 'req-1', 'x-ms-error-code': 'AuthenticationFailed' },
        xml:
          '<?xml version="1.0" encoding="utf-8"?><Error><Code>AuthenticationFailed</Code>' +
          '<Message>Server failed to authenticate the request.\nRequestId:req-1\nTime:2024-01-01T00:00:00.0000000Z</Message>' +
          `<AuthenticationErrorDetail>The MAC signature found in the HTTP request '${signature}' is not the same as any computed signature. Server used following string to sign: 'GET'.</AuthenticationErrorDetail></Error>`,
      };
    });
    const conn = new AzureBlobConnection('myaccount', KEY, { transport: mock, env, debug: file, retry: false });
    const err = await failure<InvalidCredentialsError>(conn.request('/c/b'));
    expect(err).toBeInstanceOf(InvalidCredentialsError);
    expect(err.requestId).toBe('req-1');
    expect(err.message).toContain('AuthenticationFailed: Server failed to authenticate the request.');
    expect(err.message).toContain("The MAC signature found in the HTTP request '[REDACTED]'");
    expect(err.message).not.toContain('RequestId:');

    const sas = 'sv=2021-08-06&sp=r&sr=b&se=2030-01-01T00%3A00%3A00Z&sig=U0FTLXNpZ25hdHVyZS1zZWNyZXQ%3D';
    const sasConn = new AzureBlobConnection('myaccount', sas, { transport: new MockTransport().on('GET', /.*/, { status: 404, xml: '<Error><Code>BlobNotFound</Code><Message>no</Message></Error>' }), env, debug: file, retry: false });
    await sasConn.request('/c/b').catch(() => undefined);

    const log = readFileSync(file, 'utf8');
    expect(log).toContain('authorization: SharedKey [REDACTED]');
    expect(log).toContain("The MAC signature found in the HTTP request '[REDACTED]'");
    expect(log).toContain('sig=[REDACTED]');
    expect(signatures[0]).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    for (const secret of [KEY, signatures[0]!, encodeURIComponent(signatures[0]!), 'U0FTLXNpZ25hdHVyZS1zZWNyZXQ']) {
      expect(log).not.toContain(secret);
    }
    expect(err.message).not.toContain(signatures[0]!);
  });
});
