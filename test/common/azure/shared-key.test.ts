/**
 * Shared Key string-to-sign and signatures. Expected strings are written out by hand
 * from the documented algorithm; two signatures were computed independently with
 * `openssl dgst -sha256 -mac HMAC -macopt hexkey:<decoded key>`.
 */
import { describe, expect, it } from 'vitest';
import {
  canonicalizedHeaders,
  canonicalizedResource,
  decodeAccountKey,
  SharedKeySigner,
  sharedKeyStringToSign,
} from '../../../src/common/azure/index.js';
import { InvalidArgumentError } from '../../../src/common/errors/index.js';

// The emulator's published development account key.
const DEV_ACCOUNT = 'devstoreaccount1';
const DEV_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';
const DATE = 'Fri, 26 Jun 2015 23:39:12 GMT';

describe('Shared Key string-to-sign', () => {
  it('signs a list-containers GET with twelve blank standard lines and the account twice for path-style URLs', () => {
    const request = {
      method: 'GET',
      url: new URL('http://127.0.0.1:10000/devstoreaccount1/?comp=list'),
      headers: { 'x-ms-date': DATE, 'x-ms-version': '2021-08-06', 'user-agent': 'nubes/0', 'accept-encoding': 'gzip' },
    };
    expect(sharedKeyStringToSign(DEV_ACCOUNT, request)).toBe(
      'GET\n\n\n\n\n\n\n\n\n\n\n\nx-ms-date:Fri, 26 Jun 2015 23:39:12 GMT\nx-ms-version:2021-08-06\n/devstoreaccount1/devstoreaccount1/\ncomp:list',
    );
  });

  it('produces the signature openssl computes for the list-containers request', () => {
    const signer = new SharedKeySigner(DEV_ACCOUNT, DEV_KEY);
    const headers: Record<string, string> = { 'x-ms-version': '2021-08-06' };
    const signature = signer.sign({ method: 'GET', url: new URL('http://127.0.0.1:10000/devstoreaccount1/?comp=list'), headers }, new Date(DATE));
    expect(headers['x-ms-date']).toBe(DATE);
    expect(signature).toBe('C0aqtIZ2rcz+tyDOUm41YGQx0oFxiSPABUIdOIWuANA=');
    expect(headers.authorization).toBe(`SharedKey devstoreaccount1:${signature}`);
  });

  it('signs a Put Blob with length, content type, sorted trimmed x-ms- headers and the encoded path', () => {
    const request = {
      method: 'put',
      url: new URL('http://127.0.0.1:10000/devstoreaccount1/mycontainer/dir/my%20blob.txt'),
      headers: {
        'content-length': '11',
        'content-type': 'text/plain; charset=utf-8',
        'x-ms-version': '2021-08-06',
        'x-ms-meta-zeta': 'z',
        'x-ms-blob-type': 'BlockBlob',
        'x-ms-meta-alpha': '  spaced value ',
        'x-ms-date': DATE,
      },
    };
    const expected =
      'PUT\n\n\n11\n\ntext/plain; charset=utf-8\n\n\n\n\n\n\n' +
      'x-ms-blob-type:BlockBlob\nx-ms-date:Fri, 26 Jun 2015 23:39:12 GMT\nx-ms-meta-alpha:spaced value\nx-ms-meta-zeta:z\nx-ms-version:2021-08-06\n' +
      '/devstoreaccount1/devstoreaccount1/mycontainer/dir/my%20blob.txt';
    expect(sharedKeyStringToSign(DEV_ACCOUNT, request)).toBe(expected);
    const signer = new SharedKeySigner(DEV_ACCOUNT, DEV_KEY);
    expect(signer.signature(expected)).toBe('qsM8FKC26CPDYCpf7kBjvekyWgWFv0pthXXzd1G5wm4=');
  });

  it('leaves Content-Length blank when it is 0 and signs Range and conditional headers in their slots', () => {
    const request = {
      method: 'GET',
      url: new URL('https://myaccount.blob.core.windows.net/c/b'),
      headers: {
        'content-length': '0',
        'if-match': '"0x8D"',
        'if-none-match': '*',
        'if-modified-since': 'Mon, 01 Jan 2024 00:00:00 GMT',
        'if-unmodified-since': 'Tue, 02 Jan 2024 00:00:00 GMT',
        range: 'bytes=0-99',
        'content-md5': 'Q2hlY2sgSW50ZWdyaXR5IQ==',
        'content-encoding': 'gzip',
        'content-language': 'en',
        date: DATE,
      },
    };
    expect(sharedKeyStringToSign('myaccount', request)).toBe(
      'GET\ngzip\nen\n\nQ2hlY2sgSW50ZWdyaXR5IQ==\n\nFri, 26 Jun 2015 23:39:12 GMT\n' +
        'Mon, 01 Jan 2024 00:00:00 GMT\n"0x8D"\n*\nTue, 02 Jan 2024 00:00:00 GMT\nbytes=0-99\n/myaccount/c/b',
    );
  });

  it('canonicalizes query parameters: lowercase names, sorted, decoded, repeated values sorted and comma-joined', () => {
    const url = new URL('https://myaccount.blob.core.windows.net/mycontainer');
    url.searchParams.append('restype', 'container');
    url.searchParams.append('Comp', 'list');
    url.searchParams.append('prefix', 'a b/ü');
    url.searchParams.append('include', 'snapshots');
    url.searchParams.append('include', 'metadata');
    expect(canonicalizedResource('myaccount', url)).toBe(
      '/myaccount/mycontainer\ncomp:list\ninclude:metadata,snapshots\nprefix:a b/ü\nrestype:container',
    );
  });

  it('uses / as the path of the service root for host-style URLs', () => {
    expect(canonicalizedResource('myaccount', new URL('https://myaccount.blob.core.windows.net?comp=properties&restype=service'))).toBe(
      '/myaccount/\ncomp:properties\nrestype:service',
    );
  });

  it('sorts x-ms- headers by code point and ignores every other header', () => {
    expect(
      canonicalizedHeaders({ 'x-ms-meta-b': '2', 'x-ms-meta-a_b': '3', 'x-ms-meta-a1': '1', 'content-type': 'x', 'X-MS-Date': DATE }),
    ).toBe(`x-ms-date:${DATE}\nx-ms-meta-a1:1\nx-ms-meta-a_b:3\nx-ms-meta-b:2\n`);
  });

  it('refreshes x-ms-date on every signing, so a retried request is not stale', () => {
    const signer = new SharedKeySigner('myaccount', DEV_KEY);
    const headers: Record<string, string> = {};
    const url = new URL('https://myaccount.blob.core.windows.net/c');
    const first = signer.sign({ method: 'GET', url, headers }, new Date('2024-01-01T00:00:00Z'));
    const second = signer.sign({ method: 'GET', url, headers }, new Date('2024-01-01T00:00:05Z'));
    expect(headers['x-ms-date']).toBe('Mon, 01 Jan 2024 00:00:05 GMT');
    expect(second).not.toBe(first);
  });
});

describe('account keys', () => {
  it('decodes a base64 key', () => {
    expect(decodeAccountKey(DEV_KEY)).toHaveLength(64);
  });

  it.each(['', 'not base64!', 'abc', 'a&b=c'])('refuses %j without quoting it', (bad) => {
    let caught: unknown;
    try {
      new SharedKeySigner('myaccount', bad);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(InvalidArgumentError);
    expect((caught as InvalidArgumentError).option).toBe('key');
    if (bad.length > 3) expect((caught as Error).message).not.toContain(bad);
  });
});
