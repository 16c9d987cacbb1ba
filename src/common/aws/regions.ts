/**
 * AWS region names and service endpoints.
 *
 * Regions are checked by shape, not against a list, so a region AWS opens tomorrow
 * works today: `us-east-1`, `eu-central-2`, `us-gov-west-1`, `cn-northwest-1`,
 * `us-isob-east-1`. With a custom endpoint (`host` or `url` option: MinIO, Ceph, Garage,
 * LocalStack ...) any name without spaces or slashes is accepted, since those stores
 * choose their own (`default`, `garage`).
 *
 * Endpoints follow the AWS "Service endpoints" reference: `<service>.<region>.<suffix>`,
 * where the DNS suffix is `amazonaws.com`, or `amazonaws.com.cn` in the China regions.
 * The ISO partitions (`us-iso*`) have private suffixes and need the `host` option.
 */
import { InvalidArgumentError } from '../errors/index.js';
import type { ConnectionOptions } from '../../connection/connection.js';

/** The shape of an AWS region name. */
export const AWS_REGION_PATTERN = /^[a-z]{2}(?:-[a-z]{2,10}){1,3}-\d{1,2}$/;

const CUSTOM_REGION_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/;

/** The region used when none is given. */
export const DEFAULT_AWS_REGION = 'us-east-1';

/**
 * Checks a region name and returns it.
 *
 * @param customEndpoint - true when the caller points the driver at its own endpoint:
 *   then any simple name is accepted.
 * @throws {InvalidArgumentError} naming `region`.
 * @example
 * ```ts
 * import { validateRegion } from 'nubes/aws';
 *
 * validateRegion('eu-west-3'); // 'eu-west-3'
 * validateRegion('eu west');   // throws InvalidArgumentError
 * ```
 */
export function validateRegion(region: unknown, customEndpoint = false): string {
  if (typeof region !== 'string') {
    throw new InvalidArgumentError(`region must be a string such as "us-east-1" (got ${typeof region})`, { option: 'region' });
  }
  const ok = customEndpoint ? CUSTOM_REGION_PATTERN.test(region) : AWS_REGION_PATTERN.test(region);
  if (!ok) {
    throw new InvalidArgumentError(
      `region ${JSON.stringify(region)} is not an AWS region name (expected the form "us-east-1", "eu-central-2", "us-gov-west-1")`,
      { option: 'region' },
    );
  }
  return region;
}

/** The DNS suffix of a region's partition. */
export function awsDnsSuffix(region: string): string {
  return region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com';
}

/** `ec2.<region>.amazonaws.com`. */
export function ec2Endpoint(region: string): string {
  return `ec2.${region}.${awsDnsSuffix(region)}`;
}

/** `elasticloadbalancing.<region>.amazonaws.com` (ELB classic and ELBv2 share it). */
export function elbEndpoint(region: string): string {
  return `elasticloadbalancing.${region}.${awsDnsSuffix(region)}`;
}

/**
 * True for bucket names that can be a DNS label under TLS: 3–63 lower-case letters,
 * digits and hyphens, no dots (a dot breaks the `*.s3` wildcard certificate), not
 * shaped like an IP address.
 */
export function isVirtualHostableBucket(bucket: string): boolean {
  return /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/.test(bucket) && !bucket.includes('--x-s3') && !/^xn--/.test(bucket);
}

/**
 * The S3 host for a region: `s3.<region>.amazonaws.com`, or the virtual-hosted
 * `<bucket>.s3.<region>.amazonaws.com` when a bucket is given and its name allows it
 * (see {@link isVirtualHostableBucket}); otherwise the path-style host.
 */
export function s3Endpoint(region: string, bucket?: string): string {
  const host = `s3.${region}.${awsDnsSuffix(region)}`;
  return bucket !== undefined && isVirtualHostableBucket(bucket) ? `${bucket}.${host}` : host;
}

/** Route 53 is global: one endpoint and one signing region per partition. */
export interface GlobalEndpoint {
  /** Host name of the partition's endpoint, e.g. `route53.amazonaws.com`. */
  readonly host: string;
  /** The region requests are signed for. */
  readonly signingRegion: string;
}

/**
 * Route 53's endpoint for the partition a region belongs to: `route53.amazonaws.com`
 * signed for `us-east-1`; China `route53.amazonaws.com.cn` (`cn-northwest-1`); GovCloud
 * `route53.us-gov.amazonaws.com` (`us-gov-west-1`).
 */
export function route53Endpoint(region: string = DEFAULT_AWS_REGION): GlobalEndpoint {
  if (region.startsWith('cn-')) return { host: 'route53.amazonaws.com.cn', signingRegion: 'cn-northwest-1' };
  if (region.startsWith('us-gov-')) return { host: 'route53.us-gov.amazonaws.com', signingRegion: 'us-gov-west-1' };
  return { host: 'route53.amazonaws.com', signingRegion: 'us-east-1' };
}

/** True when the options point the connection at a caller-chosen endpoint (`host` or `url`). */
export function hasCustomEndpoint(options: Pick<ConnectionOptions, 'host' | 'url'>): boolean {
  return options.host !== undefined || options.url !== undefined;
}

/**
 * Connection options with the AWS host filled in, unless the caller chose an endpoint
 * (`host` or `url`), which always wins; `port` and `secure` are left to the caller.
 */
export function withAwsEndpoint<O extends ConnectionOptions>(options: O, host: string): O {
  return hasCustomEndpoint(options) ? options : { ...options, host };
}
