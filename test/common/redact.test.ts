import { describe, expect, it } from 'vitest';
import { REDACTED, SecretSet, redactHeaders, redactSecrets, redactUrl } from '../../src/index.js';

describe('redaction', () => {
  it('keeps the auth scheme and hides credentials in headers', () => {
    expect(
      redactHeaders({
        Authorization: 'Bearer abc.def.ghi',
        'Proxy-Authorization': 'Basic dXNlcjpwYXNz',
        'x-auth-token': 'gAAAA-token',
        'x-amz-security-token': 'FQoGZXIvYXdzE',
        cookie: 'session=1',
        'content-type': 'application/json',
      }),
    ).toEqual({
      Authorization: `Bearer ${REDACTED}`,
      'Proxy-Authorization': `Basic ${REDACTED}`,
      'x-auth-token': REDACTED,
      'x-amz-security-token': REDACTED,
      cookie: REDACTED,
      'content-type': 'application/json',
    });
    expect(redactHeaders({ authorization: 'AWS4-HMAC-SHA256 Credential=AKID/20261121/us-east-1/s3/aws4_request, Signature=abcdef' })).toEqual({
      authorization: `AWS4-HMAC-SHA256 ${REDACTED}`,
    });
  });

  it('hides URL passwords, also when typed raw with @ and :', () => {
    expect(redactUrl('http://user:p%40ss@proxy:3128')).toBe(`http://user:${REDACTED}@proxy:3128`);
    expect(redactUrl('http://user:p@ss:w0rd@proxy:3128/x')).toBe(`http://user:${REDACTED}@proxy:3128/x`);
    expect(redactUrl('http://user@proxy:3128')).toBe('http://user@proxy:3128');
  });

  it('hides signatures and tokens in query strings', () => {
    const url =
      'https://b.s3.amazonaws.com/k?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKID%2F2026&X-Amz-Signature=deadbeef&X-Amz-Security-Token=tok&versionId=3';
    const out = redactUrl(url);
    expect(out).not.toContain('deadbeef');
    expect(out).not.toContain('=tok');
    expect(out).toContain('versionId=3');
    expect(redactUrl('https://a.blob.core.windows.net/c/b?sv=2021&sig=abc%2Bdef')).toBe(`https://a.blob.core.windows.net/c/b?sv=2021&sig=${REDACTED}`);
  });

  it('removes known secrets in raw and percent-encoded forms', () => {
    const secrets = new SecretSet();
    secrets.add('p@ss:w0rd/x');
    secrets.add('abc'); // too short to redact safely: ignored
    expect(secrets.redact('got p@ss:w0rd/x and p%40ss%3Aw0rd%2Fx and abc')).toBe(`got ${REDACTED} and ${REDACTED} and abc`);
    expect(redactSecrets('nothing here', ['secret-value'])).toBe('nothing here');
  });
});

describe('SecretSet default patterns', () => {
  it('hides signatures a server echoes in bodies, by shape', () => {
    const s = new SecretSet();
    const sig = 'a'.repeat(64);
    const body = `<Error><Message>AWS4-HMAC-SHA256 Credential=AKID/x, SignedHeaders=host, Signature=${sig}</Message><Url>https://b.example/k?X-Amz-Signature=ffff0000&x=1</Url><Sas>?sv=1&amp;sig=abc%2B</Sas></Error>`;
    const out = s.redact(body);
    expect(out).not.toContain(sig);
    expect(out).not.toContain('ffff0000');
    expect(out).not.toContain('abc%2B');
    expect(out).toContain('x=1');
  });
});

describe('base64 forms of secrets (issue 12)', () => {
  const secret = 'S3cret/Value+9';
  const b64 = (s: string): string => Buffer.from(s).toString('base64');
  const b64url = (s: string): string => Buffer.from(s).toString('base64url');

  it('hides the whole base64 and base64url encodings', () => {
    const s = new SecretSet();
    s.add(secret);
    expect(s.redact(`a ${b64(secret)} b ${b64url(secret)} c`)).toBe(`a ${REDACTED} b ${REDACTED} c`);
    expect(redactSecrets(`a ${b64(secret)} b`, [secret])).toBe(`a ${REDACTED} b`);
  });

  it.each([0, 1, 2, 3, 4, 5])('hides the secret embedded in a longer base64 string after %i bytes', (offset) => {
    const s = new SecretSet();
    s.add(secret);
    for (const encode of [b64, b64url]) {
      const encoded = encode(`${'p'.repeat(offset)}${secret}tail`);
      const out = s.redact(encoded);
      expect(out).toContain(REDACTED);
      // What is left are the characters that also encode the surrounding bytes.
      const left = out.replace(REDACTED, '');
      expect(left.length).toBeLessThanOrEqual(Math.ceil((offset * 8) / 6) + 8);
    }
  });

  it('hides user:password pairs (proxy and Basic credentials) in base64', () => {
    const s = new SecretSet();
    s.addPair('alice', 'pr0xy-pass');
    expect(s.redact(`Basic ${b64('alice:pr0xy-pass')}`)).toBe(`Basic ${REDACTED}`);
    expect(s.redact('raw pr0xy-pass')).toBe(`raw ${REDACTED}`);
    // A user name alone is not a secret.
    expect(s.redact('alice')).toBe('alice');
  });

  it('leaves ordinary text alone', () => {
    const s = new SecretSet();
    s.add(secret);
    const text = 'InstanceId i-0123456789abcdef0 is in state running; next token eyJhbGciOi';
    expect(s.redact(text)).toBe(text);
  });
});
