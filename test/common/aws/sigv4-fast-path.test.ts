/**
 * The SigV4 signer's shortcuts against the rules they stand for: plain paths and names
 * returned as they are, the one-shot hash, a KeyObject-keyed HMAC, and `host` signed
 * without copying the headers. Each is compared with the general computation written
 * out here, on inputs that take the shortcut and inputs that do not.
 */
import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AwsCredentials } from '../../../src/common/aws/credentials.js';
import { canonicalUri, EMPTY_PAYLOAD_HASH, sha256Hex, SigV4Signer, uriEncode, type SignableHeaders } from '../../../src/common/aws/sigv4.js';

/** The general rules, as the AWS documentation writes them. */
const reference = {
  uriEncode: (text: string): string => encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`),
  canonicalUri(path: string, normalize: boolean): string {
    if (path === '') return '/';
    const decode = (t: string): string => {
      try {
        return decodeURIComponent(t);
      } catch {
        return t;
      }
    };
    if (!normalize) return path.split('/').map((s) => reference.uriEncode(decode(s))).join('/');
    const segments: string[] = [];
    for (const segment of path.split('/')) {
      if (segment === '' || segment === '.') continue;
      if (segment === '..') segments.pop();
      else segments.push(segment);
    }
    const joined = `${path.startsWith('/') ? '/' : ''}${segments.map(reference.uriEncode).join('/')}${segments.length > 0 && path.endsWith('/') ? '/' : ''}`;
    return joined === '' ? '/' : joined;
  },
};

const TEXTS = ['', 'plain', 'AZaz09-._~', 'a b', "!*'()", 'é', '%41', '%2f', 'x+y=z&w', '😀', '.', '..', '...', '.hidden', 'a~b'];
const PATHS = ['/', '/a', 'a', '/a/', '/a/b/c.txt', '/bucket/key.bin', '//', '/a//b', '/./a', '/a/.', '/a/..', '/..', '/...', '/.hidden/x', '/a b/c', '/%41/%2f', '/a/./b/../c//d/', '/~user/x-y_z'];

describe('uriEncode and canonicalUri, shortcut or not', () => {
  it('encode names and values as the general rule does', () => {
    for (const text of TEXTS) expect(uriEncode(text)).toBe(reference.uriEncode(text));
  });

  it('give every path the canonical form the general rules give', () => {
    for (const path of PATHS) {
      for (const normalize of [true, false]) expect([path, normalize, canonicalUri(path, normalize)]).toEqual([path, normalize, reference.canonicalUri(path, normalize)]);
    }
  });
});

describe('hashing', () => {
  it('sha256Hex is SHA-256 of strings (UTF-8) and bytes', () => {
    for (const data of ['', 'abc', 'é😀', Buffer.from([0, 1, 2, 255]), new Uint8Array(70_000).fill(7)]) {
      expect(sha256Hex(data)).toBe(createHash('sha256').update(data).digest('hex'));
    }
    expect(sha256Hex('')).toBe(EMPTY_PAYLOAD_HASH);
  });
});

describe('signHttp', () => {
  const credentials = new AwsCredentials({ accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' });
  const date = new Date('2024-02-29T23:59:59Z');

  it('signs what sign() signs for the headers plus the URL host, whatever host headers they carry', () => {
    const cases: Record<string, string>[] = [
      {},
      { 'user-agent': 'ua', 'accept-encoding': 'gzip' },
      { host: 'stale.example.com', 'x-amz-meta-a': ' two  spaces ' },
      { Host: 'upper.example.com', 'Content-Type': 'text/plain' },
      { 'content-md5': 'abc', 'x-amz-acl': 'private', range: 'bytes=0-1', '123': 'numeric name' },
    ];
    for (const headers of cases) {
      for (const service of ['s3', 'ec2']) {
        const signer = new SigV4Signer({ credentials, region: 'eu-west-3', service, normalizePath: service !== 's3', clock: () => date });
        const url = new URL('https://bucket.s3.eu-west-3.amazonaws.com:8443/a%20b/c?b=2&a=1');
        const sent = { ...headers };
        const result = signer.signHttp('GET', url, sent, EMPTY_PAYLOAD_HASH, service === 's3');
        // The general computation: the signed headers as one object with `host` set.
        const signed: SignableHeaders = { ...sent, host: url.host };
        delete (signed as Record<string, string>).authorization;
        const expected = signer.sign({ method: 'GET', path: url.pathname, query: [...url.searchParams], headers: signed, payloadHash: EMPTY_PAYLOAD_HASH }, date);
        expect(result).toEqual(expected);
        expect(sent.authorization).toBe(expected.authorization);
      }
    }
  });

  it('keys its HMAC with the derived signing key', () => {
    const signer = new SigV4Signer({ credentials, region: 'eu-west-3', service: 's3', normalizePath: false, clock: () => date });
    const result = signer.signHttp('HEAD', new URL('http://127.0.0.1:8080/bucket/key'), {}, EMPTY_PAYLOAD_HASH, true);
    expect(result.signature).toBe(createHmac('sha256', signer.signingKey('20240229')).update(result.stringToSign).digest('hex'));
  });
});
