/**
 * Types of the Azure Blobs storage driver: its options and the `extra` fields of its
 * containers and objects.
 */
import type { AzureCredentialOptions } from '../../../common/azure/entra.js';
import type { DriverOptions } from '../../../common/base-driver.js';

/**
 * Options of {@link AzureBlobsStorageDriver}: every connection option (`url`, `proxyUrl`,
 * `timeout`, ...), the Microsoft Entra ID credential options (`tenantId`, `clientId`,
 * `clientSecret` | `certificatePath`, `credentials`, `managedIdentityClientId`,
 * `authorityHost`: used when no account key or SAS token is given), plus these.
 */
export type AzureBlobsDriverOptions = DriverOptions &
  AzureCredentialOptions & {
  /** Scope of the Entra token (default `https://storage.azure.com/.default`; or `https://<account>.blob.core.windows.net/.default`). */
  scope?: string;
  /**
   * Block size for uploads, in bytes (default 4 MiB, at most 4000 MiB). Data up to this
   * size goes in one Put Blob; larger data as blocks (Put Block + Put Block List).
   * `UploadOptions.partSize` overrides it per upload.
   */
  blockSize?: number;
  /** Blocks uploaded at once (default 4). `UploadOptions.concurrency` overrides it per upload. */
  concurrency?: number;
  /**
   * Send each Put Block with its own Content-MD5, which the service verifies (default
   * false). Off, every byte of a block upload is hashed once, with CRC-32, for the digest
   * that later downloads check; on, also with MD5. See docs/azure-blobs.md, "What is verified, when".
   */
  blockMd5?: boolean;
  /**
   * Compute the whole object's MD5 on block uploads (larger than `blockSize`) and store it
   * as the blob's Content-MD5 (default false; single Put Blobs always carry one). Tools
   * that compare Content-MD5 (nubes' `sync`, azcopy, rclone) then have one to compare;
   * it costs an MD5 pass over every byte (0.5–0.8 GB/s). Downloads check the CRC-32 nubes
   * records either way. See docs/azure-blobs.md, "What is verified, when".
   */
  blobMd5?: boolean;
  /** Entries per listing request (`maxresults`, 1 to 5000; default: the service's 5000). */
  listPageSize?: number;
};

/** Lease state of a container or blob. */
export type AzureLeaseState = 'available' | 'leased' | 'expired' | 'breaking' | 'broken';

/** Azure-specific fields of a container (a type alias: `extra` types need an index signature). */
export type AzureContainerExtra = {
  /** Entity tag of the container (quoted, as Azure sends it). */
  etag?: string;
  /** When the container or its properties last changed (`Last-Modified`). */
  lastModified?: Date;
  /** Lease state (`LeaseState` / `x-ms-lease-state`); `leased` blocks deletion without the lease id. */
  leaseState?: AzureLeaseState | string;
  /** `locked` while a lease is held (`LeaseStatus` / `x-ms-lease-status`). */
  leaseStatus?: 'locked' | 'unlocked' | string;
  /** Anonymous access level: `'container'`, `'blob'`, or undefined for private. */
  publicAccess?: 'container' | 'blob' | string;
  /** Whether a time-based retention policy is set (`HasImmutabilityPolicy`). */
  hasImmutabilityPolicy?: boolean;
  /** Whether a legal hold is set (`HasLegalHold`). */
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
  /**
   * The CRC-32 nubes recorded when it uploaded the blob (base64 of the big-endian value,
   * as S3's `x-amz-checksum-crc32`), from the reserved metadata entry `nubes_crc32`, which
   * `metaData` does not show. Downloads check it. Absent on blobs nubes did not write, and
   * when the entry was recorded for another size (the blob was rewritten by another tool).
   */
  crc32?: string;
  /** `BlockBlob`, `PageBlob` or `AppendBlob`. */
  blobType?: string;
  /** `Hot`, `Cool`, `Cold`, `Archive`, ... */
  accessTier?: string;
  /** Lease state (`LeaseState` / `x-ms-lease-state`); `leased` blocks writes without the lease id. */
  leaseState?: AzureLeaseState | string;
  /** `locked` while a lease is held (`LeaseStatus` / `x-ms-lease-status`). */
  leaseStatus?: 'locked' | 'unlocked' | string;
  /** When the blob was created (`Creation-Time` / `x-ms-creation-time`). */
  creationTime?: Date;
  /** Whether the data is encrypted at rest (`ServerEncrypted` / `x-ms-server-encrypted`). */
  serverEncrypted?: boolean;
  /** Stored `Content-Encoding`, e.g. `gzip`. */
  contentEncoding?: string;
  /** Stored `Content-Language`. */
  contentLanguage?: string;
  /** Stored `Content-Disposition`. */
  contentDisposition?: string;
  /** Stored `Cache-Control`. */
  cacheControl?: string;
};
