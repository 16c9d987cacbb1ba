/**
 * The storage provider registry. Adding a provider is a driver folder, fixtures, a
 * test file and one line here.
 */
import { DriverRegistry, DriverType, type DriverConstructor } from '../../common/registry.js';
import type { StorageDriver } from './base.js';
import { AzureBlobsStorageDriver } from './azure-blobs/azure-blobs-driver.js';
import { LocalStorageDriver } from './local/local-driver.js';
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
import { S3StorageDriver } from './s3/s3-driver.js';
import { OpenStackSwiftStorageDriver } from './swift/swift-driver.js';

/** Storage providers nubes ships. */
export enum Provider {
  LOCAL = 'local',
  S3 = 's3',
  MINIO = 'minio',
  CEPH_RGW = 'ceph-rgw',
  DIGITALOCEAN_SPACES = 'digitalocean-spaces',
  BACKBLAZE_B2 = 'backblaze-b2',
  CLOUDFLARE_R2 = 'cloudflare-r2',
  WASABI = 'wasabi',
  SCALEWAY = 'scaleway',
  GOOGLE_STORAGE = 'google-storage',
  OPENSTACK_SWIFT = 'openstack-swift',
  AZURE_BLOBS = 'azure-blobs',
}

/** The storage registry. */
export const registry = new DriverRegistry<StorageDriver>(DriverType.STORAGE, {
  [Provider.LOCAL]: LocalStorageDriver,
  [Provider.S3]: S3StorageDriver,
  [Provider.MINIO]: MinIOStorageDriver,
  [Provider.CEPH_RGW]: CephRGWStorageDriver,
  [Provider.DIGITALOCEAN_SPACES]: DigitalOceanSpacesStorageDriver,
  [Provider.BACKBLAZE_B2]: BackblazeB2StorageDriver,
  [Provider.CLOUDFLARE_R2]: CloudflareR2StorageDriver,
  [Provider.WASABI]: WasabiStorageDriver,
  [Provider.SCALEWAY]: ScalewayStorageDriver,
  [Provider.GOOGLE_STORAGE]: GoogleStorageDriver,
  [Provider.OPENSTACK_SWIFT]: OpenStackSwiftStorageDriver,
  [Provider.AZURE_BLOBS]: AzureBlobsStorageDriver,
});

declare module '../../common/registry.js' {
  interface AreaDriverClasses {
    storage: DriverConstructor<StorageDriver>;
  }
}

/**
 * The storage driver class of `provider` (synchronous).
 *
 * @throws {UnknownProviderError} listing the known providers.
 */
export function getDriver(provider: Provider | string): DriverConstructor<StorageDriver> {
  return registry.get(provider);
}

/** Registers a third-party storage driver under `provider`. */
export function setDriver(provider: string, driver: DriverConstructor<StorageDriver> | (() => DriverConstructor<StorageDriver>)): void {
  registry.set(provider, driver);
}
