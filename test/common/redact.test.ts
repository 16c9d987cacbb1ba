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
