/**
 * Types of the OpenStack Swift storage driver: its options and the `extra` fields of
 * its containers and objects.
 */
import type { DriverOptions } from '../../../common/base-driver.js';
import type { OpenStackOptions } from '../../../common/openstack/index.js';
import type { UploadOptions } from '../base.js';

/**
 * Options of {@link OpenStackSwiftStorageDriver}: every connection option (`proxyUrl`,
 * `timeout`, `caCertsPath`, ...), the OpenStack family's options (`authUrl`,
 * `authVersion`, `projectName`, `region`, `interface`, `endpointOverride`, ...) and these.
 */
export type SwiftDriverOptions = DriverOptions &
  OpenStackOptions & {
    /**
     * Sources of a known length above this many bytes are uploaded as a Static Large
     * Object (segments plus a manifest). Default 1 GiB (one streaming PUT below it, as
     * python-swiftclient and rclone do); at most 5 GiB, Swift's default largest single
     * object. A cluster whose `max_file_size` is lower needs a value at most that.
     */
    largeObjectThreshold?: number;
    /**
     * Segment size of Static Large Objects, in bytes (default 16 MiB). Raised for a source
     * of known length so that it fits in 1000 segments (Swift's default
     * `max_manifest_segments`). `UploadOptions.partSize` overrides it per upload.
     */
    segmentSize?: number;
    /** Segments uploaded at once (default 4). `UploadOptions.concurrency` overrides it per upload. */
    concurrency?: number;
    /**
     * Keep the segments of a Static Large Object that an upload overwrites (default
     * false: they are deleted once the new object is stored, as python-swiftclient does
     * unless `--leave-segments`). `SwiftUploadOptions.leaveSegments` overrides it per upload.
     */
    leaveSegments?: boolean;
    /** Entries per listing request, 1 to 10000 (default 10000, Swift's default `container_listing_limit`). */
    listPageSize?: number;
    /**
     * The account's TempURL key (`X-Account-Meta-Temp-URL-Key`), for `presignedUrl`.
     * Default: read from the account (one HEAD request, needs an account owner).
     * Secret: redacted everywhere.
     */
    tempUrlKey?: string;
  };

/**
 * Options of Swift uploads: every {@link UploadOptions} and `leaveSegments`.
 *
 * @example
 * ```ts
 * // Keep the segments of the SLO this replaces (another manifest still lists them):
 * await swift.uploadObject('./db.dump', 'backups', 'db/latest.dump', { leaveSegments: true });
 * ```
 */
export interface SwiftUploadOptions extends UploadOptions {
  /**
   * Keep the segments of the Static Large Object this upload overwrites (default: the
   * driver's `leaveSegments` option, false). When false, the upload first looks at what
   * the name holds (one HEAD; for an SLO also a HEAD of the container and the manifest)
   * and, after the new object is stored, deletes the old segments. True skips both.
   */
  leaveSegments?: boolean;
}

/** Swift-specific fields of a container (a type alias: `extra` types need an index signature). */
export type SwiftContainerExtra = {
  /** `X-Container-Object-Count` (HEAD), or `count` (listing). */
  objectCount?: number;
  /** `X-Container-Bytes-Used` (HEAD), or `bytes` (listing). */
  bytesUsed?: number;
  /** When the container last changed (`Last-Modified`, or `last_modified` in a listing). */
  lastModified?: Date;
  /** `X-Storage-Policy` (HEAD only). */
  storagePolicy?: string;
  /** `X-Container-Read` ACL (HEAD only, account owners). */
  readAcl?: string;
  /** `X-Container-Write` ACL (HEAD only, account owners). */
  writeAcl?: string;
  /** Container metadata (`X-Container-Meta-*`, keys lowercase; HEAD only). */
  metaData?: Record<string, string>;
};

/** Swift-specific fields of an object. */
export type SwiftObjectExtra = {
  /** The ETag as Swift sent it (quoted for large objects). */
  etag?: string;
  /** True for a Static Large Object manifest (`X-Static-Large-Object`, or `slo_etag` in a listing). */
  staticLargeObject?: boolean;
  /** MD5 of an SLO's manifest body (`X-Manifest-Etag`, or the listing's `hash`). */
  manifestEtag?: string;
  /** A Dynamic Large Object's `X-Object-Manifest` (`container/prefix`). */
  dynamicLargeObject?: string;
  /** `X-Timestamp`: when Swift stored this version, seconds since the epoch. */
  timestamp?: string;
  /** `X-Delete-At`: when Swift will expire the object. */
  deleteAt?: Date;
  /** Stored `Content-Encoding`, e.g. `gzip` (HEAD and GET only). */
  contentEncoding?: string;
  /** Stored `Content-Disposition` (HEAD and GET only). */
  contentDisposition?: string;
  /** Segments of an SLO uploaded by nubes (0 or absent for a plain object). */
  segments?: number;
  /**
   * Set by an upload that replaced a Static Large Object when some of the old segments
   * could not be deleted afterwards (the new object is stored all the same): their paths,
   * `/<container>/<object>` as the old manifest named them (not URL-encoded), for the
   * caller to delete or report. Absent when every old segment is gone.
   */
  leftoverSegments?: string[];
};
