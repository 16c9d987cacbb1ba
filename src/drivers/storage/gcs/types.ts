/**
 * Cloud Storage JSON API payloads (the fields nubes reads) and the `extra` types of its
 * containers and objects. Reference: https://cloud.google.com/storage/docs/json_api/v1/objects
 * and .../buckets. int64 fields (`size`, `generation`, `metageneration`) arrive as JSON strings.
 */
import type { CallOptions } from '../../../common/call-options.js';
import type { DriverOptions } from '../../../common/base-driver.js';
import type { GoogleOptions } from '../../../common/google/index.js';

/** A `storage#bucket` resource. */
export interface GcsBucketResource {
  kind?: string;
  id?: string;
  name?: string;
  projectNumber?: string;
  location?: string;
  locationType?: string;
  storageClass?: string;
  timeCreated?: string;
  updated?: string;
  metageneration?: string;
  etag?: string;
  selfLink?: string;
}

/** A `storage#object` resource. */
export interface GcsObjectResource {
  kind?: string;
  id?: string;
  name?: string;
  bucket?: string;
  generation?: string;
  metageneration?: string;
  contentType?: string;
  contentEncoding?: string;
  cacheControl?: string;
  storageClass?: string;
  size?: string;
  md5Hash?: string;
  crc32c?: string;
  etag?: string;
  componentCount?: number;
  timeCreated?: string;
  updated?: string;
  mediaLink?: string;
  selfLink?: string;
  metadata?: Record<string, string>;
}

/** A listing page (`storage#objects` / `storage#buckets`). */
export interface GcsListPage<T> {
  kind?: string;
  items?: T[];
  prefixes?: string[];
  nextPageToken?: string;
}

/** `extra` of a Cloud Storage bucket. */
export type GcsBucketExtra = {
  /** The bucket's location (`US`, `EUROPE-WEST1`, ...). */
  readonly location: string | undefined;
  /** `multi-region`, `dual-region` or `region`. */
  readonly locationType: string | undefined;
  /** Default storage class of new objects (`STANDARD`, `NEARLINE`, `COLDLINE`, `ARCHIVE`). */
  readonly storageClass: string | undefined;
  /** The project number (a decimal string). */
  readonly projectNumber: string | undefined;
  /** Metadata generation (int64 as a decimal string). */
  readonly metageneration: string | undefined;
  /** When the bucket was created. */
  readonly timeCreated: Date | undefined;
  /** The HTTP ETag of the bucket's metadata. */
  readonly etag: string | undefined;
};

/** `extra` of a Cloud Storage object. */
export type GcsObjectExtra = {
  /** The object generation (int64 as an exact decimal string; it does not fit a JS number). */
  readonly generation: string | undefined;
  /** Metadata generation (int64 as a decimal string). */
  readonly metageneration: string | undefined;
  /** The exact size as Google sent it (an int64 decimal string). */
  readonly sizeString: string | undefined;
  /** MD5 of the data, base64 (absent for composite objects). */
  readonly md5Hash: string | undefined;
  /** CRC32C of the data, base64 of the big-endian bytes (every object has one). */
  readonly crc32c: string | undefined;
  /** Number of components of a composite object. */
  readonly componentCount: number | undefined;
  /** The object's storage class. */
  readonly storageClass: string | undefined;
  /** `Cache-Control` served with the object. */
  readonly cacheControl: string | undefined;
  /** `Content-Encoding` stored with the object (`gzip` for transcoded objects). */
  readonly contentEncoding: string | undefined;
  /** When this generation was created. */
  readonly timeCreated: Date | undefined;
  /** The HTTP ETag. */
  readonly etag: string | undefined;
};

/** A service account's signing identity, for V4 signed URLs. */
export interface GcsUrlSigner {
  /** The service account's email (`client_email` of its key file). */
  clientEmail: string;
  /** Its private key, PKCS#8 PEM (`private_key` of its key file). A secret: never printed. */
  privateKey: string;
}

/**
 * Options of {@link GoogleCloudStorageDriver}: the shared Google options (`credentials`,
 * `project`, `scopes`; default scope `devstorage.read_write`), plus the storage ones.
 */
export interface GcsDriverOptions extends DriverOptions, GoogleOptions {
  /** Resumable-upload chunk size in bytes, a multiple of 256 KiB (default 8 MiB); also the single-request upload limit. */
  chunkSize?: number;
  /** Listing page size (`maxResults`, at most 1000). */
  listPageSize?: number;
  /** Retries of one resumable chunk after a 5xx, 429 or broken connection (default 5). */
  chunkRetries?: number;
  /** First delay before a chunk retry, in ms (default 500; doubles each time, up to 16 s). */
  chunkRetryDelay?: number;
  /**
   * Signing identity for `presignedUrl` (V4, RSA-SHA256). Default: the service-account
   * key given as the first argument or the `credentials` option (path or parsed key).
   */
  signer?: GcsUrlSigner;
}

/** Options of {@link GoogleCloudStorageDriver.createContainer}. */
export interface GcsCreateBucketOptions extends CallOptions {
  /** Location (`US`, `EU`, `EUROPE-WEST1`, ...); Google's default is `US`. */
  location?: string;
  /** Default storage class (`STANDARD`, `NEARLINE`, `COLDLINE`, `ARCHIVE`). */
  storageClass?: string;
}
