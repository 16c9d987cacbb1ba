/**
 * S3-compatible stores: each is S3StorageDriver with its own metadata and profile
 * (default endpoint, region names, addressing, LocationConstraint rule). Endpoints
 * are from each provider's S3-compatibility documentation.
 */
import { InvalidArgumentError } from '../../../common/errors/index.js';
import { validateRegion } from '../../../common/aws/regions.js';
import { S3StorageDriver, type S3DriverOptions } from './driver.js';
import { regionByPattern, S3_LIMITS, selfHostedProfile, type S3Profile } from './profile.js';

const S3_OPTIONS = S3StorageDriver.driverOptionKeys;

/**
 * MinIO. No default endpoint: pass `host`/`port`/`secure` or `url`. Path-style; region
 * `us-east-1` unless the server was configured with another.
 *
 * @example
 * ```ts
 * import { MinIOStorageDriver } from 'nubes/storage';
 *
 * const minio = new MinIOStorageDriver(process.env.MINIO_ROOT_USER!, process.env.MINIO_ROOT_PASSWORD!, { url: 'http://127.0.0.1:9000' });
 * const bucket = await minio.createContainer('backups');
 * ```
 */
export class MinIOStorageDriver extends S3StorageDriver {
  static override readonly profile: S3Profile = selfHostedProfile('us-east-1');
  override readonly type: string = 'minio';
  override readonly name: string = 'MinIO';
  override readonly website: string = 'https://min.io/';
}

/**
 * Ceph Object Gateway (RGW). No default endpoint: pass `host` or `url`. Path-style;
 * region `us-east-1` (RGW signs with any name; set your zonegroup's if it checks).
 *
 * @example
 * ```ts
 * import { CephRGWStorageDriver } from 'nubes/storage';
 *
 * const rgw = new CephRGWStorageDriver(process.env.RGW_ACCESS_KEY!, process.env.RGW_SECRET_KEY!, { url: 'https://rgw.example.internal' });
 * const buckets = await rgw.listContainers();
 * ```
 */
export class CephRGWStorageDriver extends S3StorageDriver {
  static override readonly profile: S3Profile = selfHostedProfile('us-east-1');
  override readonly type: string = 'ceph-rgw';
  override readonly name: string = 'Ceph Object Gateway';
  override readonly website: string = 'https://docs.ceph.com/en/latest/radosgw/';
}

/**
 * DigitalOcean Spaces: `<region>.digitaloceanspaces.com` (region `nyc3`, `ams3`,
 * `fra1`, `sgp1`, ...), virtual-hosted. The region is in the host, so bucket creation
 * sends no LocationConstraint.
 *
 * @example
 * ```ts
 * import { DigitalOceanSpacesStorageDriver } from 'nubes/storage';
 *
 * const spaces = new DigitalOceanSpacesStorageDriver(process.env.SPACES_KEY!, process.env.SPACES_SECRET!, { region: 'ams3' });
 * const assets = await spaces.getContainer('my-assets');
 * ```
 */
export class DigitalOceanSpacesStorageDriver extends S3StorageDriver {
  static override readonly profile: S3Profile = {
    ...S3_LIMITS,
    defaultRegion: 'nyc3',
    region: regionByPattern(/^[a-z]{3}\d$/, 'nyc3'),
    endpoint: (region) => `${region}.digitaloceanspaces.com`,
    addressing: 'virtual',
    locationConstraint: () => undefined,
  };
  override readonly type: string = 'digitalocean-spaces';
  override readonly name: string = 'DigitalOcean Spaces';
  override readonly website: string = 'https://www.digitalocean.com/products/spaces';
}

/**
 * Backblaze B2 through its S3-compatible API: `s3.<region>.backblazeb2.com` (region
 * `us-west-004`, `eu-central-003`, ... — the one shown with your bucket), with an
 * application key id and key.
 *
 * @example
 * ```ts
 * import { BackblazeB2StorageDriver } from 'nubes/storage';
 *
 * const b2 = new BackblazeB2StorageDriver(process.env.B2_KEY_ID!, process.env.B2_APPLICATION_KEY!, { region: 'eu-central-003' });
 * const buckets = await b2.listContainers();
 * ```
 */
export class BackblazeB2StorageDriver extends S3StorageDriver {
  static override readonly profile: S3Profile = {
    ...S3_LIMITS,
    defaultRegion: 'us-west-004',
    region: regionByPattern(/^[a-z]{2}-[a-z]+-\d{3}$/, 'us-west-004'),
    endpoint: (region) => `s3.${region}.backblazeb2.com`,
    addressing: 'virtual',
    locationConstraint: () => undefined,
  };
  override readonly type: string = 'backblaze-b2';
  override readonly name: string = 'Backblaze B2';
  override readonly website: string = 'https://www.backblaze.com/cloud-storage';
}

/** Options of {@link CloudflareR2StorageDriver}. */
export interface CloudflareR2Options extends S3DriverOptions {
  /** The Cloudflare account id: the endpoint is `<accountId>.r2.cloudflarestorage.com`. Required unless `host`/`url` is given. */
  accountId?: string;
}

/**
 * Cloudflare R2: the account endpoint `<accountId>.r2.cloudflarestorage.com`, region
 * `auto` (R2 also accepts `us-east-1`, mapped to `auto`), path-style.
 *
 * @example
 * ```ts
 * import { CloudflareR2StorageDriver } from 'nubes/storage';
 *
 * const r2 = new CloudflareR2StorageDriver(process.env.R2_ACCESS_KEY_ID!, process.env.R2_SECRET_ACCESS_KEY!, {
 *   accountId: '023e105f4ecef8ad9ca31a8372d0c353',
 * });
 * const buckets = await r2.listContainers();
 * ```
 */
export class CloudflareR2StorageDriver extends S3StorageDriver {
  static override readonly driverOptionKeys: readonly string[] = [...S3_OPTIONS, 'accountId'];
  static override readonly profile: S3Profile = {
    ...S3_LIMITS,
    defaultRegion: 'auto',
    region: (region, custom) => {
      if (region === 'auto' || region === 'us-east-1' || region === '') return 'auto';
      if (custom) return validateRegion(region, true);
      throw new InvalidArgumentError(`Cloudflare R2's region is "auto" (got ${JSON.stringify(region)})`, { option: 'region' });
    },
    endpoint: (_region, options) => {
      const account = options.accountId;
      if (account === undefined) return undefined;
      if (typeof account !== 'string' || !/^[0-9a-f]{32}$/i.test(account)) {
        throw new InvalidArgumentError('accountId must be the 32-hex-digit Cloudflare account id', { option: 'accountId' });
      }
      return `${account.toLowerCase()}.r2.cloudflarestorage.com`;
    },
    addressing: 'path',
    locationConstraint: () => undefined,
  };
  override readonly type: string = 'cloudflare-r2';
  override readonly name: string = 'Cloudflare R2';
  override readonly website: string = 'https://www.cloudflare.com/developer-platform/r2/';

  constructor(accessKeyId: string, secretAccessKey: string, options: CloudflareR2Options = {}) {
    super(accessKeyId, secretAccessKey, options);
  }
}

/**
 * Wasabi: `s3.<region>.wasabisys.com` (region `us-east-1`, `eu-central-1`, `ap-northeast-1`, ...), virtual-hosted.
 *
 * @example
 * ```ts
 * import { WasabiStorageDriver } from 'nubes/storage';
 *
 * const wasabi = new WasabiStorageDriver(process.env.WASABI_ACCESS_KEY!, process.env.WASABI_SECRET_KEY!, { region: 'eu-central-1' });
 * const buckets = await wasabi.listContainers();
 * ```
 */
export class WasabiStorageDriver extends S3StorageDriver {
  static override readonly profile: S3Profile = {
    ...S3_LIMITS,
    defaultRegion: 'us-east-1',
    region: regionByPattern(/^[a-z]{2}-[a-z]+-\d$/, 'us-east-1'),
    endpoint: (region) => `s3.${region}.wasabisys.com`,
    addressing: 'virtual',
    locationConstraint: () => undefined,
  };
  override readonly type: string = 'wasabi';
  override readonly name: string = 'Wasabi';
  override readonly website: string = 'https://wasabi.com/';
}

/**
 * Scaleway Object Storage: `s3.<region>.scw.cloud` (region `fr-par`, `nl-ams`, `pl-waw`), virtual-hosted.
 *
 * @example
 * ```ts
 * import { ScalewayStorageDriver } from 'nubes/storage';
 *
 * const scw = new ScalewayStorageDriver(process.env.SCW_ACCESS_KEY!, process.env.SCW_SECRET_KEY!, { region: 'nl-ams' });
 * const buckets = await scw.listContainers();
 * ```
 */
export class ScalewayStorageDriver extends S3StorageDriver {
  static override readonly profile: S3Profile = {
    ...S3_LIMITS,
    defaultRegion: 'fr-par',
    region: regionByPattern(/^[a-z]{2}-[a-z]{3}$/, 'fr-par'),
    endpoint: (region) => `s3.${region}.scw.cloud`,
    addressing: 'virtual',
    locationConstraint: () => undefined,
  };
  override readonly type: string = 'scaleway';
  override readonly name: string = 'Scaleway Object Storage';
  override readonly website: string = 'https://www.scaleway.com/en/object-storage/';
}

/**
 * Google Cloud Storage through its XML API's S3 interoperability, with HMAC keys
 * (access id and secret from Cloud Storage → Settings → Interoperability):
 * `storage.googleapis.com`, signed for region `auto`. Buckets are created in the
 * project's default location.
 *
 * @example
 * ```ts
 * import { GoogleStorageDriver } from 'nubes/storage';
 *
 * const gcs = new GoogleStorageDriver(process.env.GCS_HMAC_ACCESS_ID!, process.env.GCS_HMAC_SECRET!);
 * const buckets = await gcs.listContainers();
 * ```
 */
export class GoogleStorageDriver extends S3StorageDriver {
  static override readonly profile: S3Profile = {
    ...S3_LIMITS,
    defaultRegion: 'auto',
    region: (region) => (region === 'auto' ? 'auto' : validateRegion(region, true)),
    endpoint: () => 'storage.googleapis.com',
    addressing: 'virtual',
    locationConstraint: () => undefined,
  };
  override readonly type: string = 'google-storage';
  override readonly name: string = 'Google Cloud Storage';
  override readonly website: string = 'https://cloud.google.com/storage';
}
