import { describe, expect, it } from 'vitest';
import { AwsCredentials } from '../../../src/common/aws/credentials.js';
import {
  amzDate,
  canonicalHeaderValue,
  canonicalQuery,
  canonicalUri,
  EMPTY_PAYLOAD_HASH,
  SigV4Signer,
  UNSIGNED_PAYLOAD,
  uriEncode,
} from '../../../src/common/aws/sigv4.js';
import { InvalidArgumentError } from '../../../src/common/errors/index.js';

const credentials = new AwsCredentials({ accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' });
const withToken = new AwsCredentials({ ...{ accessKeyId: 'ASIAEXAMPLE', secretAccessKey: 'secret-secret-secret' }, sessionToken: 'TOKEN/with+chars==' });
const fixed = new Date('2024-02-29T23:59:59Z');

function signer(opts: Partial<ConstructorParameters<typeof SigV4Signer>[0]> = {}) {
  return new SigV4Signer({ credentials, region: 'eu-west-3', service: 'ec2', clock: () => fixed, ...opts });
}

describe('uriEncode', () => {
  it('leaves only the RFC 3986 unreserved characters unencoded', () => {
    expect(uriEncode("AZaz09-._~ !*'()/+=&é")).toBe('AZaz09-._~%20%21%2A%27%28%29%2F%2B%3D%26%C3%A9');
  });
});

describe('canonicalUri', () => {
  it('normalises dot segments and empty segments for non-S3 services', () => {
    expect(canonicalUri('/a/./b/../c//d/', true)).toBe('/a/c/d/');
    expect(canonicalUri('/..', true)).toBe('/');
    expect(canonicalUri('', true)).toBe('/');
  });

  it('double-encodes the wire path for non-S3 services', () => {
    expect(canonicalUri('/a%20b/c', true)).toBe('/a%2520b/c');
  });

  it('neither normalises nor double-encodes for S3', () => {
    expect(canonicalUri('/bucket/a%20b//./c', false)).toBe('/bucket/a%20b//./c');
  });

  it('makes a loosely encoded S3 path strict (parentheses, lower-case hex)', () => {
    expect(canonicalUri('/b/(x)%2fy', false)).toBe('/b/%28x%29%2Fy');
  });
});

describe('canonicalQuery', () => {
  it('sorts by encoded name, then value, and encodes spaces as %20', () => {
    expect(
      canonicalQuery([
        ['b', '2'],
        ['a', 'z y'],
        ['a', 'x'],
        ['ሴ', ''],
      ]),
    ).toBe('%E1%88%B4=&a=x&a=z%20y&b=2');
  });
});

describe('canonicalHeaderValue', () => {
  it('trims and collapses runs of spaces and tabs, even inside quotes', () => {
    expect(canonicalHeaderValue('  a \t  "b   c"  ')).toBe('a "b c"');
  });
});

describe('amzDate', () => {
  it('formats the long and short dates in UTC', () => {
    expect(amzDate(fixed)).toEqual({ long: '20240229T235959Z', short: '20240229' });
  });

  it('refuses an invalid date from the clock', () => {
    expect(() => amzDate(new Date('nope'))).toThrow(InvalidArgumentError);
  });
});

describe('SigV4Signer', () => {
  it('refuses a service or region it cannot put in a credential scope', () => {
    expect(() => signer({ service: 'ec2/x' })).toThrow(/service/);
    expect(() => signer({ region: 'eu west' })).toThrow(/region/);
  });

  it('requires a host header among the signed headers', () => {
    expect(() => signer().sign({ method: 'GET', path: '/', headers: { 'x-amz-date': 'x' }, payloadHash: EMPTY_PAYLOAD_HASH }, fixed)).toThrow(
      /host/,
    );
  });

  it('caches the signing key per day and derives a new one the next day', () => {
    const s = signer();
    const a = s.signingKey('20240229');
    expect(s.signingKey('20240229')).toBe(a);
    expect(s.signingKey('20240301').equals(a)).toBe(false);
  });

  it('leaves user-agent, accept-encoding and hop-by-hop headers unsigned', () => {
    const headers: Record<string, string> = {
      'user-agent': 'x',
      'accept-encoding': 'gzip',
      connection: 'keep-alive',
      'transfer-encoding': 'chunked',
      'proxy-foo': 'bar',
      'content-type': 'text/plain',
    };
    const result = signer().signHttp('POST', new URL('https://ec2.eu-west-3.amazonaws.com/'), headers, EMPTY_PAYLOAD_HASH, false);
    expect(result.signedHeaders).toBe('content-type;host;x-amz-date');
  });

  it('signHttp sets x-amz-date from the clock and an Authorization header of the documented shape', () => {
    const headers: Record<string, string> = {};
    signer().signHttp('GET', new URL('https://ec2.eu-west-3.amazonaws.com/?Action=DescribeRegions'), headers, EMPTY_PAYLOAD_HASH, false);
    expect(headers['x-amz-date']).toBe('20240229T235959Z');
    expect(headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/20240229\/eu-west-3\/ec2\/aws4_request, SignedHeaders=host;x-amz-date, Signature=[0-9a-f]{64}$/,
    );
    expect(headers['x-amz-content-sha256']).toBeUndefined();
  });

  it('signHttp signs the session token as x-amz-security-token', () => {
    const headers: Record<string, string> = {};
    const result = signer({ credentials: withToken }).signHttp('GET', new URL('https://ec2.eu-west-3.amazonaws.com/'), headers, EMPTY_PAYLOAD_HASH, false);
    expect(headers['x-amz-security-token']).toBe('TOKEN/with+chars==');
    expect(result.signedHeaders).toBe('host;x-amz-date;x-amz-security-token');
  });

  it('signHttp for S3 sends x-amz-content-sha256, UNSIGNED-PAYLOAD for streams', () => {
    const headers: Record<string, string> = {};
    const result = signer({ service: 's3', normalizePath: false }).signHttp(
      'PUT',
      new URL('https://b.s3.eu-west-3.amazonaws.com/key'),
      headers,
      UNSIGNED_PAYLOAD,
      true,
    );
    expect(headers['x-amz-content-sha256']).toBe(UNSIGNED_PAYLOAD);
    expect(result.canonicalRequest.endsWith('\nUNSIGNED-PAYLOAD')).toBe(true);
    expect(result.signedHeaders).toBe('host;x-amz-content-sha256;x-amz-date');
  });

  it('signHttp rewrites the query in canonical form, a + read as a space', () => {
    const url = new URL('https://ec2.eu-west-3.amazonaws.com/');
    url.searchParams.append('b', 'x y*');
    url.searchParams.append('a', '1');
    expect(url.search).toBe('?b=x+y*&a=1');
    signer().signHttp('GET', url, {}, EMPTY_PAYLOAD_HASH, false);
    expect(url.search).toBe('?a=1&b=x%20y%2A');
  });

  it('signHttp replaces a stale Authorization and keeps a non-default port in the signed host', () => {
    const headers: Record<string, string> = { authorization: 'old' };
    const result = signer().signHttp('GET', new URL('http://127.0.0.1:9000/'), headers, EMPTY_PAYLOAD_HASH, false);
    expect(result.canonicalRequest).toContain('\nhost:127.0.0.1:9000\n');
    expect(headers.authorization).not.toBe('old');
  });

  it('gives a different signature for a different secret', () => {
    const other = new AwsCredentials({ accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'another-secret' });
    const a: Record<string, string> = {};
    const b: Record<string, string> = {};
    signer().signHttp('GET', new URL('https://h/'), a, EMPTY_PAYLOAD_HASH, false);
    signer({ credentials: other }).signHttp('GET', new URL('https://h/'), b, EMPTY_PAYLOAD_HASH, false);
    expect(a.authorization).not.toBe(b.authorization);
  });
});

describe('SigV4Signer.presign', () => {
  const s3 = () => signer({ service: 's3', normalizePath: false, credentials: withToken });

  it('puts the documented X-Amz-* parameters in the URL', () => {
    const url = s3().presign('GET', new URL('https://b.s3.eu-west-3.amazonaws.com/report%20.pdf'), {}, { expires: 900 });
    const q = url.searchParams;
    expect(q.get('X-Amz-Algorithm')).toBe('AWS4-HMAC-SHA256');
    expect(q.get('X-Amz-Credential')).toBe('ASIAEXAMPLE/20240229/eu-west-3/s3/aws4_request');
    expect(q.get('X-Amz-Date')).toBe('20240229T235959Z');
    expect(q.get('X-Amz-Expires')).toBe('900');
    expect(q.get('X-Amz-SignedHeaders')).toBe('host');
    expect(q.get('X-Amz-Security-Token')).toBe('TOKEN/with+chars==');
    expect(q.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);
    expect(url.pathname).toBe('/report%20.pdf');
  });

  it('defaults to one hour', () => {
    expect(s3().presign('GET', new URL('https://h/k')).searchParams.get('X-Amz-Expires')).toBe('3600');
  });

  it('accepts 1 and 604800 seconds and refuses anything outside', () => {
    expect(() => s3().presign('GET', new URL('https://h/k'), {}, { expires: 1 })).not.toThrow();
    expect(() => s3().presign('GET', new URL('https://h/k'), {}, { expires: 604_800 })).not.toThrow();
    for (const expires of [0, -1, 604_801, 1.5, Number.NaN]) {
      expect(() => s3().presign('GET', new URL('https://h/k'), {}, { expires })).toThrow(InvalidArgumentError);
    }
  });

  it('signs extra headers for PUT and moves x-amz-* headers into the query', () => {
    const url = s3().presign('PUT', new URL('https://h/k'), { 'Content-Type': 'text/plain', 'x-amz-acl': 'private' });
    expect(url.searchParams.get('X-Amz-SignedHeaders')).toBe('content-type;host');
    expect(url.searchParams.get('x-amz-acl')).toBe('private');
  });

  it('does not mutate the URL it was given', () => {
    const original = new URL('https://h/k?a=1');
    s3().presign('GET', original);
    expect(original.href).toBe('https://h/k?a=1');
  });
});
