/**
 * The storage provider registry. Adding a provider is a driver folder, fixtures, a
 * test file and one line here.
 */
import { defineRegistry, DriverType, type DriverConstructor } from '../../common/registry.js';
import type { StorageDriver } from './base.js';
import { AzureBlobsStorageDriver } from './azure-blobs/driver.js';
import { LocalStorageDriver } from './local/driver.js';
import { GoogleCloudStorageDriver } from './gcs/driver.js';
import {
  BackblazeB2StorageDriver,
  CephRGWStorageDriver,
  CloudflareR2StorageDriver,
  DigitalOceanSpacesStorageDriver,
  GoogleStorageDriver,
  MinIOStorageDriver,
  ScalewayStorageDriver,
  WasabiStorageDriver,
} from './s3/compatible.js';
import { S3StorageDriver } from './s3/driver.js';
import { OpenStackSwiftStorageDriver } from './swift/driver.js';

/** Storage providers nubes ships. */
export enum Provider {
  /** The local file system (`LocalStorageDriver`). */
  LOCAL = 'local',
  /** Amazon S3. */
  S3 = 's3',
  /** MinIO (S3 API; set the endpoint). */
  MINIO = 'minio',
  /** Ceph RADOS Gateway (S3 API; set the endpoint). */
  CEPH_RGW = 'ceph-rgw',
  /** DigitalOcean Spaces (S3 API). */
  DIGITALOCEAN_SPACES = 'digitalocean-spaces',
  /** Backblaze B2 (S3 API). */
  BACKBLAZE_B2 = 'backblaze-b2',
  /** Cloudflare R2 (S3 API; needs `accountId`). */
  CLOUDFLARE_R2 = 'cloudflare-r2',
  /** Wasabi (S3 API). */
  WASABI = 'wasabi',
  /** Scaleway Object Storage (S3 API). */
  SCALEWAY = 'scaleway',
  /** Google Cloud Storage through its S3-interoperable XML API (HMAC keys). */
  GOOGLE_STORAGE = 'google-storage',
  /** Google Cloud Storage through its JSON API (OAuth 2.0 tokens; resumable uploads). */
  GOOGLE_STORAGE_JSON = 'google-storage-json',
  /** OpenStack Swift. */
  OPENSTACK_SWIFT = 'openstack-swift',
  /** Azure Blob Storage. */
  AZURE_BLOBS = 'azure-blobs',
}

/**
 * The driver class of every built-in provider. `getDriver(Provider.X)` is typed from
 * this map, so a provider's own options and `ex*` methods type-check.
 */
const BUILT_IN = {
  /** `Provider.LOCAL`: LocalStorageDriver. */
  [Provider.LOCAL]: LocalStorageDriver,
  /** `Provider.S3`: S3StorageDriver. */
  [Provider.S3]: S3StorageDriver,
  /** `Provider.MINIO`: MinIOStorageDriver. */
  [Provider.MINIO]: MinIOStorageDriver,
  /** `Provider.CEPH_RGW`: CephRGWStorageDriver. */
  [Provider.CEPH_RGW]: CephRGWStorageDriver,
  /** `Provider.DIGITALOCEAN_SPACES`: DigitalOceanSpacesStorageDriver. */
  [Provider.DIGITALOCEAN_SPACES]: DigitalOceanSpacesStorageDriver,
  /** `Provider.BACKBLAZE_B2`: BackblazeB2StorageDriver. */
  [Provider.BACKBLAZE_B2]: BackblazeB2StorageDriver,
  /** `Provider.CLOUDFLARE_R2`: CloudflareR2StorageDriver. */
  [Provider.CLOUDFLARE_R2]: CloudflareR2StorageDriver,
  /** `Provider.WASABI`: WasabiStorageDriver. */
  [Provider.WASABI]: WasabiStorageDriver,
  /** `Provider.SCALEWAY`: ScalewayStorageDriver. */
  [Provider.SCALEWAY]: ScalewayStorageDriver,
  /** `Provider.GOOGLE_STORAGE`: GoogleStorageDriver. */
  [Provider.GOOGLE_STORAGE]: GoogleStorageDriver,
  /** `Provider.GOOGLE_STORAGE_JSON`: GoogleCloudStorageDriver. */
  [Provider.GOOGLE_STORAGE_JSON]: GoogleCloudStorageDriver,
  /** `Provider.OPENSTACK_SWIFT`: OpenStackSwiftStorageDriver. */
  [Provider.OPENSTACK_SWIFT]: OpenStackSwiftStorageDriver,
  /** `Provider.AZURE_BLOBS`: AzureBlobsStorageDriver. */
  [Provider.AZURE_BLOBS]: AzureBlobsStorageDriver,
} as const;

/** The class `getDriver` returns for each built-in provider. */
export type ProviderClasses = typeof BUILT_IN;

/** The storage registry. */
export const registry = defineRegistry<StorageDriver>(DriverType.STORAGE, BUILT_IN);

declare module '../../common/registry.js' {
  interface AreaDriverClasses {
    /** What `getDriver(DriverType.STORAGE, ...)` returns. */
    storage: DriverConstructor<StorageDriver>;
  }
}

/**
 * The storage driver class of `provider` (synchronous).
 *
 * @throws {UnknownProviderError} listing the known providers.
 * @example
 * ```ts
 * import { getDriver, Provider } from 'nubes/storage';
 * const S3 = getDriver(Provider.S3);
 * const storage = new S3(process.env.AWS_ACCESS_KEY_ID!, process.env.AWS_SECRET_ACCESS_KEY!, { region: 'eu-west-1' });
 * ```
 */
export function getDriver<P extends keyof ProviderClasses>(provider: P): ProviderClasses[P];
export function getDriver(provider: string): DriverConstructor<StorageDriver>;
export function getDriver(provider: string): DriverConstructor<StorageDriver> {
  return registry.get(provider);
}

/**
 * Registers a third-party storage driver under `provider` (a class, or a function
 * returning one, resolved on first use). See docs/third-party-drivers.md.
 *
 * @throws {DriverAlreadyRegisteredError} when the name is taken (built-in names included).
 * @example
 * ```ts
 * import { StorageDriver, getDriver, setDriver } from 'nubes/storage';
 *
 * class MyStoreDriver extends StorageDriver {
 *   readonly type = 'my-cloud';
 *   readonly name = 'My Cloud';
 *   readonly website = 'https://my-cloud.example';
 * }
 * setDriver('my-cloud', MyStoreDriver);
 * const driver = new (getDriver('my-cloud'))(process.env.MY_CLOUD_TOKEN!);
 * ```
 */
export function setDriver(provider: string, driver: DriverConstructor<StorageDriver> | (() => DriverConstructor<StorageDriver>)): void {
  registry.set(provider, driver);
}
