/**
 * What differs between S3 and the S3-compatible stores: default endpoint, region
 * names, addressing, whether bucket creation sends a LocationConstraint, part sizes.
 * Each driver class carries one profile; the code is shared.
 */
import { InvalidArgumentError } from '../../../common/errors/index.js';
import { awsDnsSuffix, validateRegion } from '../../../common/aws/regions.js';
import type { S3Addressing } from './connection.js';

/** 1 MiB. */
export const MiB = 1024 * 1024;

/** Options a profile's endpoint function may read (e.g. Cloudflare R2's `accountId`). */
export type S3EndpointOptions = Readonly<Record<string, unknown>>;

/** How one S3 flavour is reached. */
export interface S3Profile {
  /** Region used when none is given. */
  readonly defaultRegion: string;
  /**
   * Checks a region and returns the one to sign with.
   *
   * @param customEndpoint - true when `host` or `url` points the driver elsewhere.
   * @throws {InvalidArgumentError} naming `region`.
   */
  readonly region: (region: string, customEndpoint: boolean) => string;
  /** The default host for a region; undefined when the store has none (the `host`/`url` option is then required). */
  readonly endpoint: (region: string, options: S3EndpointOptions) => string | undefined;
  /** Addressing on the default endpoint (with a custom endpoint, path-style is the default). */
  readonly addressing: S3Addressing;
  /** The LocationConstraint to send when creating a bucket in `region`, if any. */
  readonly locationConstraint: (region: string) => string | undefined;
  /** Smallest part of a multipart upload but the last (S3: 5 MiB). */
  readonly minPartSize: number;
  /** Most parts in one multipart upload (S3: 10000). */
  readonly maxParts: number;
  /** Largest part (S3: 5 GiB). */
  readonly maxPartSize: number;
  /** Largest page of a listing (S3: 1000 keys). */
  readonly maxListPageSize: number;
}

/** A region check by pattern; with a custom endpoint any simple name passes. */
export function regionByPattern(pattern: RegExp, example: string): (region: string, customEndpoint: boolean) => string {
  return (region, customEndpoint) => {
    if (customEndpoint) return validateRegion(region, true);
    if (typeof region !== 'string' || !pattern.test(region)) {
      throw new InvalidArgumentError(`region ${JSON.stringify(region)} is not a region of this provider (expected the form ${JSON.stringify(example)})`, {
        option: 'region',
      });
    }
    return region;
  };
}

/** S3's own limits, shared by every profile unless it says otherwise. */
export const S3_LIMITS = {
  /** Smallest part but the last of a multipart upload: 5 MiB. */
  minPartSize: 5 * MiB,
  /** Most parts of a multipart upload. */
  maxParts: 10_000,
  /** Largest part: 5 GiB. */
  maxPartSize: 5 * 1024 * MiB,
  /** Most keys a ListObjectsV2 page returns. */
  maxListPageSize: 1000,
} as const;

/** Amazon S3. */
export const AWS_S3_PROFILE: S3Profile = {
  ...S3_LIMITS,
  defaultRegion: 'us-east-1',
  region: (region, custom) => validateRegion(region, custom),
  endpoint: (region) => `s3.${region}.${awsDnsSuffix(region)}`,
  addressing: 'virtual',
  // us-east-1 is the default location: S3 refuses a LocationConstraint naming it.
  locationConstraint: (region) => (region === 'us-east-1' ? undefined : region),
};

/** A self-hosted store (MinIO, Ceph RGW): no default endpoint, path-style, any region name. */
export function selfHostedProfile(defaultRegion: string): S3Profile {
  return {
    ...S3_LIMITS,
    defaultRegion,
    region: (region) => validateRegion(region, true),
    endpoint: () => undefined,
    addressing: 'path',
    locationConstraint: (region) => (region === 'us-east-1' || region === defaultRegion ? undefined : region),
  };
}
