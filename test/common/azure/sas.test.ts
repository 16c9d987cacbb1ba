/**
 * Service SAS signing and SAS tokens as credentials. The expected signature was
 * computed independently with openssl from the documented 2020-12-06 string-to-sign.
 */
import { describe, expect, it } from 'vitest';
import { blobServiceSas, blobServiceSasStringToSign, decodeAccountKey, SasToken, sasTime } from '../../../src/common/azure/index.js';
import { InvalidArgumentError } from '../../../src/common/errors/index.js';

const DEV_KEY = decodeAccountKey('Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==');
const base = { account: 'devstoreaccount1', accountKey: DEV_KEY, container: 'mycontainer' };
const expiresOn = new Date('2030-01-01T00:00:00.000Z');

describe('service SAS', () => {
  it('signs a read SAS for a blob with the documented fields and the openssl signature', () => {
    const query = new URLSearchParams(blobServiceSas({ ...base, blob: 'dir/my blob.txt', permissions: 'r', expiresOn }));
    expect(Object.fromEntries(query)).toEqual({
      sv: '2021-08-06',
      se: '2030-01-01T00:00:00Z',
      sr: 'b',
      sp: 'r',
      sig: 'WlAYhNqFqWrrhvm2ImGE3fs9i1c4a0dDzrCHBZF6hng=',
    });
  });

  it('lays out the 2020-12-06 string-to-sign as sixteen newline-separated fields', () => {
    const text = blobServiceSasStringToSign({
      permissions: 'rw',
      start: '2029-12-31T00:00:00Z',
      expiry: '2030-01-01T00:00:00Z',
      canonicalizedResource: '/blob/acc/c/b',
      identifier: '',
      ipRange: '10.0.0.1',
      protocol: 'https',
      version: '2021-08-06',
      resource: 'b',
      snapshotTime: '',
      encryptionScope: '',
      cacheControl: 'no-cache',
      contentDisposition: '',
      contentEncoding: '',
      contentLanguage: '',
      contentType: 'image/png',
    });
    expect(text).toBe('rw\n2029-12-31T00:00:00Z\n2030-01-01T00:00:00Z\n/blob/acc/c/b\n\n10.0.0.1\nhttps\n2021-08-06\nb\n\n\nno-cache\n\n\n\nimage/png');
  });

  it('puts permissions in the order the service requires and carries optional fields', () => {
    const query = new URLSearchParams(
      blobServiceSas({
        ...base,
        blob: 'a',
        permissions: 'wdr',
        expiresOn,
        startsOn: new Date('2029-12-31T23:00:00.123Z'),
        protocol: 'https',
        ipRange: '127.0.0.1',
        contentType: 'image/png',
      }),
    );
    expect(query.get('sp')).toBe('rwd');
    expect(query.get('st')).toBe('2029-12-31T23:00:00Z');
    expect(query.get('spr')).toBe('https');
    expect(query.get('sip')).toBe('127.0.0.1');
    expect(query.get('rsct')).toBe('image/png');
  });

  it('signs a container SAS (sr=c) that may list', () => {
    const query = new URLSearchParams(blobServiceSas({ ...base, permissions: 'lr', expiresOn }));
    expect(query.get('sr')).toBe('c');
    expect(query.get('sp')).toBe('rl');
  });

  it.each([
    [{ permissions: 'l' }, 'permissions'],
    [{ permissions: 'r', expiresOn: undefined }, 'expiresOn'],
    [{ startsOn: new Date('2031-01-01T00:00:00Z') }, 'expiresOn'],
    [{ expiresOn: new Date('nope') }, 'expiresOn'],
    [{ version: '2019-12-12' }, 'version'],
    [{ permissions: '' }, 'permissions'],
  ] as const)('refuses %o naming %s', (override, option) => {
    let caught: unknown;
    try {
      blobServiceSas({ ...base, blob: 'a', expiresOn, ...override } as Parameters<typeof blobServiceSas>[0]);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(InvalidArgumentError);
    expect((caught as InvalidArgumentError).option).toBe(option);
  });

  it('formats SAS times without milliseconds', () => {
    expect(sasTime(new Date('2024-05-06T07:08:09.999Z'))).toBe('2024-05-06T07:08:09Z');
  });
});

describe('SAS tokens as credentials', () => {
  const token = '?sv=2021-08-06&ss=b&srt=sco&sp=rl&se=2030-01-01T00%3A00%3A00Z&sig=abc%2Bdef%2Fghi%3D';

  it('parses a token with or without its leading ?', () => {
    const sas = new SasToken(token);
    expect(sas.signature).toBe('abc+def/ghi=');
    expect(sas.expiresOn?.toISOString()).toBe('2030-01-01T00:00:00.000Z');
    expect(new SasToken(token.slice(1)).params).toEqual(sas.params);
  });

  it('adds its parameters to a URL, replacing ones of the same name and keeping the others', () => {
    const url = new URL('https://a.blob.core.windows.net/c?restype=container&comp=list&sv=old');
    new SasToken(token).applyTo(url);
    expect(url.searchParams.getAll('sv')).toEqual(['2021-08-06']);
    expect(url.searchParams.get('comp')).toBe('list');
    expect(url.searchParams.get('sig')).toBe('abc+def/ghi=');
    expect(url.search).toContain('sig=abc%2Bdef%2Fghi%3D');
  });

  it('tells a SAS token from an account key exactly', () => {
    expect(SasToken.isSasToken(token)).toBe(true);
    expect(SasToken.isSasToken('sv=2021-08-06&sig=x')).toBe(true);
    expect(SasToken.isSasToken('Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==')).toBe(false);
  });

  it.each([
    ['sv=2021-08-06&sp=r', /sv= and sig=/],
    ['sig=secretvalue&sp=r', /sv= and sig=/],
    ['sv=2021-08-06&sig=secretvalue&comp=list', /unexpected parameter "comp"/],
  ])('refuses %j without quoting the signature', (bad, message) => {
    let caught: unknown;
    try {
      new SasToken(bad);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(InvalidArgumentError);
    expect((caught as Error).message).toMatch(message);
    expect((caught as Error).message).not.toContain('secretvalue');
  });
});
