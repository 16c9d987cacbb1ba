import { describe, expect, it } from 'vitest';
import {
  ec2Endpoint,
  elbEndpoint,
  isVirtualHostableBucket,
  route53Endpoint,
  s3Endpoint,
  validateRegion,
  withAwsEndpoint,
} from '../../../src/common/aws/regions.js';
import { InvalidArgumentError } from '../../../src/common/errors/index.js';

describe('validateRegion', () => {
  it('accepts known and well-formed unknown AWS regions', () => {
    for (const r of ['us-east-1', 'eu-central-2', 'ap-southeast-4', 'us-gov-west-1', 'cn-northwest-1', 'us-isob-east-1', 'xx-future-9']) {
      expect(validateRegion(r)).toBe(r);
    }
  });

  it('refuses malformed names with an InvalidArgumentError naming region', () => {
    for (const r of ['', 'US-EAST-1', 'us-east', 'us east 1', 'us-east-1/x', 'useast1', 42]) {
      expect(() => validateRegion(r)).toThrow(InvalidArgumentError);
    }
    expect(() => validateRegion('nope')).toThrow(expect.objectContaining({ name: 'InvalidArgumentError', option: 'region' }));
  });

  it('accepts any simple name with a custom endpoint, still no spaces or slashes', () => {
    expect(validateRegion('garage', true)).toBe('garage');
    expect(validateRegion('default', true)).toBe('default');
    expect(() => validateRegion('a b', true)).toThrow(InvalidArgumentError);
    expect(() => validateRegion('a/b', true)).toThrow(InvalidArgumentError);
  });
});

describe('endpoints', () => {
  it('builds regional hosts, with the China suffix in cn- regions', () => {
    expect(ec2Endpoint('eu-west-3')).toBe('ec2.eu-west-3.amazonaws.com');
    expect(ec2Endpoint('cn-north-1')).toBe('ec2.cn-north-1.amazonaws.com.cn');
    expect(elbEndpoint('us-west-2')).toBe('elasticloadbalancing.us-west-2.amazonaws.com');
  });

  it('builds path-style and virtual-hosted S3 hosts', () => {
    expect(s3Endpoint('eu-west-3')).toBe('s3.eu-west-3.amazonaws.com');
    expect(s3Endpoint('eu-west-3', 'my-bucket')).toBe('my-bucket.s3.eu-west-3.amazonaws.com');
    // A dotted name would break the wildcard certificate: path style.
    expect(s3Endpoint('eu-west-3', 'my.bucket')).toBe('s3.eu-west-3.amazonaws.com');
  });

  it('knows which bucket names can be a TLS host label', () => {
    expect(isVirtualHostableBucket('logs-2024')).toBe(true);
    for (const b of ['Logs', 'a.b', 'ab', '-ab', 'ab-', 'x'.repeat(64)]) expect(isVirtualHostableBucket(b)).toBe(false);
  });

  it('signs Route 53 for its partition region', () => {
    expect(route53Endpoint()).toEqual({ host: 'route53.amazonaws.com', signingRegion: 'us-east-1' });
    expect(route53Endpoint('eu-west-1')).toEqual({ host: 'route53.amazonaws.com', signingRegion: 'us-east-1' });
    expect(route53Endpoint('cn-north-1')).toEqual({ host: 'route53.amazonaws.com.cn', signingRegion: 'cn-northwest-1' });
    expect(route53Endpoint('us-gov-east-1')).toEqual({ host: 'route53.us-gov.amazonaws.com', signingRegion: 'us-gov-west-1' });
  });

  it('fills in the host unless host or url was given', () => {
    expect(withAwsEndpoint({ port: 8443 }, 'ec2.x.amazonaws.com')).toEqual({ port: 8443, host: 'ec2.x.amazonaws.com' });
    expect(withAwsEndpoint({ host: 'localhost' }, 'ec2.x.amazonaws.com')).toEqual({ host: 'localhost' });
    expect(withAwsEndpoint({ url: 'http://127.0.0.1:4566' }, 'ec2.x.amazonaws.com')).toEqual({ url: 'http://127.0.0.1:4566' });
  });
});
