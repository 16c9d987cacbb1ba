/**
 * One digest per download: the cheapest the provider vouches for (see docs/storage.md,
 * "What is verified, when").
 */
import { describe, expect, it } from 'vitest';
import { cheapestDigest } from '../../../src/drivers/storage/download.js';

describe('cheapestDigest', () => {
  it('prefers CRC-32, then CRC-32C, then SHA-256, SHA-1 and MD5 last', () => {
    const all = { md5: 'm', sha1: 's1', sha256: 's256', crc32c: 'c', crc32: 'z' };
    expect(cheapestDigest(all)).toEqual({ crc32: 'z' });
    expect(cheapestDigest({ ...all, crc32: undefined })).toEqual({ crc32c: 'c' });
    expect(cheapestDigest({ md5: 'm', sha1: 's1', sha256: 's256' })).toEqual({ sha256: 's256' });
    expect(cheapestDigest({ md5: 'm', sha1: 's1' })).toEqual({ sha1: 's1' });
    expect(cheapestDigest({ md5: 'm' })).toEqual({ md5: 'm' });
  });

  it('checks nothing when the provider offers nothing', () => {
    expect(cheapestDigest({})).toEqual({});
    expect(cheapestDigest({ md5: undefined, crc32c: undefined })).toEqual({});
  });
});
