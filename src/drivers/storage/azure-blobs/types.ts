/**
 * Types of the Azure Blobs storage driver: its options and the `extra` fields of its
 * containers and objects.
 */
import type { DriverOptions } from '../../../common/base-driver.js';

/**
 * Options of {@link AzureBlobsStorageDriver}: every connection option (`url`, `proxyUrl`,
 * `timeout`, ...) plus these.
 */
export type AzureBlobsDriverOptions = DriverOptions & {
  /**
   * Block size for uploads, in bytes (default 8 MiB, at most 4000 MiB). Data up to this
   * size goes in one Put Blob; larger data as blocks (Put Block + Put Block List).
   * `UploadOptions.partSize` overrides it per upload.
   */
  blockSize?: number;
  /** Blocks uploaded at once (default 4). `UploadOptions.concurrency` overrides it per upload. */
  concurrency?: number;
  /** Entries per listing request (`maxresults`, 1 to 5000; default: the service's 5000). */
  listPageSize?: number;
};

/** Lease state of a container or blob. */
export type AzureLeaseState = 'available' | 'leased' | 'expired' | 'breaking' | 'broken';

/** Azure-specific fields of a container (a type alias: `extra` types need an index signature). */
export type AzureContainerExtra = {
  /** Entity tag of the container (quoted, as Azure sends it). */
  etag?: string;
  lastModified?: Date;
  leaseState?: AzureLeaseState | string;
  leaseStatus?: 'locked' | 'unlocked' | string;
  /** Anonymous access level: `'container'`, `'blob'`, or undefined for private. */
  publicAccess?: 'container' | 'blob' | string;
  hasImmutabilityPolicy?: boolean;
  hasLegalHold?: boolean;
  /** Container metadata (keys lowercase). */
  metaData: Record<string, string>;
};

/** Azure-specific fields of a blob. */
export type AzureBlobExtra = {
  /** Entity tag (quoted, as Azure sends it); use it for conditional requests. */
  etag?: string;
  /** The blob's stored Content-MD5, base64 (as Azure sends it). `hash` holds it in hex. */
  contentMd5?: string;
  /** `BlockBlob`, `PageBlob` or `AppendBlob`. */
  blobType?: string;
  /** `Hot`, `Cool`, `Cold`, `Archive`, ... */
  accessTier?: string;
  leaseState?: AzureLeaseState | string;
  leaseStatus?: 'locked' | 'unlocked' | string;
  creationTime?: Date;
  serverEncrypted?: boolean;
  contentEncoding?: string;
  contentLanguage?: string;
  contentDisposition?: string;
  cacheControl?: string;
};
