/**
 * A provider whose constructor needs a secret has a constructor type that requires it:
 * `new Ec2NodeDriver('AKIA')` does not compile (`npm run typecheck` covers this file; an
 * unused `@ts-expect-error` is itself an error), while token-only providers still take
 * just the token. `getDriver(Provider.X)` keeps the precise class.
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import { DigitalOceanNodeDriver, Ec2NodeDriver, getDriver, OpenStackNodeDriver, Provider } from '../../src/drivers/compute/index.js';
import { Route53DNSDriver } from '../../src/drivers/dns/index.js';
import { AlbLoadBalancerDriver, ElbLoadBalancerDriver } from '../../src/drivers/loadbalancer/index.js';
import {
  AzureBlobsStorageDriver,
  CloudflareR2StorageDriver,
  MinIOStorageDriver,
  OpenStackSwiftStorageDriver,
  S3StorageDriver,
} from '../../src/drivers/storage/index.js';
import { InvalidArgumentError } from '../../src/index.js';

describe('constructor types', () => {
  it('require the secret where the provider needs one', () => {
    // Each line would compile if the secret were optional in the type, and the
    // expect-error directive above it would make `npm run typecheck` fail.
    // @ts-expect-error -- EC2 needs the secret access key
    expect(() => new Ec2NodeDriver('AKIA')).toThrow(InvalidArgumentError);
    // @ts-expect-error -- so does EC2 through the registry
    expect(() => new (getDriver(Provider.EC2))('AKIA')).toThrow(InvalidArgumentError);
    // @ts-expect-error -- OpenStack needs a password or credential secret
    expect(() => new OpenStackNodeDriver('alice', undefined, { authUrl: 'https://keystone.example.net:5000' })).toThrow(InvalidArgumentError);
    // @ts-expect-error -- S3
    expect(() => new S3StorageDriver('AKIA')).toThrow(InvalidArgumentError);
    // @ts-expect-error -- S3-compatible stores inherit it
    expect(() => new MinIOStorageDriver('AKIA')).toThrow(InvalidArgumentError);
    // @ts-expect-error -- R2 has its own constructor
    expect(() => new CloudflareR2StorageDriver('AKIA', undefined, { accountId: 'a' })).toThrow(InvalidArgumentError);
    // @ts-expect-error -- Swift
    expect(() => new OpenStackSwiftStorageDriver('test:tester')).toThrow(InvalidArgumentError);
    // @ts-expect-error -- Azure Blob Storage
    expect(() => new AzureBlobsStorageDriver('account')).toThrow(InvalidArgumentError);
    // @ts-expect-error -- Route 53
    expect(() => new Route53DNSDriver('AKIA')).toThrow(InvalidArgumentError);
    // @ts-expect-error -- ELB
    expect(() => new ElbLoadBalancerDriver('AKIA')).toThrow(InvalidArgumentError);
    // @ts-expect-error -- ALB
    expect(() => new AlbLoadBalancerDriver('AKIA')).toThrow(InvalidArgumentError);
  });

  it('take only the token where the provider needs no secret, and keep the precise class', () => {
    const driver = new (getDriver(Provider.DIGITAL_OCEAN))('token');
    expectTypeOf(driver).toEqualTypeOf<DigitalOceanNodeDriver>();
    expectTypeOf(getDriver(Provider.EC2)).toEqualTypeOf<typeof Ec2NodeDriver>();
    expect(new Ec2NodeDriver('AKIA', 'secret', { region: 'eu-west-1', env: {} }).region).toBe('eu-west-1');
  });
});
