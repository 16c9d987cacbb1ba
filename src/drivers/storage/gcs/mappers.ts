/**
 * Cloud Storage payloads → nubes values. A malformed field is a MalformedResponseError
 * naming it; int64 strings are converted exactly or refused.
 */
import { InvalidArgumentError, MalformedResponseError } from '../../../common/errors/index.js';
import type { GcsBucketExtra, GcsBucketResource, GcsObjectExtra, GcsObjectResource } from './types.js';

const PROVIDER = 'google-storage-json';

function malformed(field: string, value: unknown): MalformedResponseError {
  return new MalformedResponseError(`Cloud Storage sent ${field} = ${JSON.stringify(value)}, which is not what the API documents`, {
    provider: PROVIDER,
  });
}

/** A JSON int64 string → a number, only when it is exactly representable. */
export function int64ToNumber(value: unknown, field: string): number {
  if (typeof value !== 'string' || !/^\d+$/.test(value)) throw malformed(field, value);
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw malformed(field, value);
  return n;
}

function optionalInt64(value: unknown, field: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !/^-?\d+$/.test(value)) throw malformed(field, value);
  return value;
}

function date(value: unknown, field: string): Date | undefined {
  if (value === undefined) return undefined;
  const d = typeof value === 'string' ? new Date(value) : new Date(NaN);
  if (Number.isNaN(d.getTime())) throw malformed(field, value);
  return d;
}

function str(value: unknown, field: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw malformed(field, value);
  return value;
}

/** The bucket's name and extra. */
export function bucketFields(b: GcsBucketResource): { name: string; extra: GcsBucketExtra } {
  const name = str(b.name, 'bucket.name');
  if (!name) throw malformed('bucket.name', b.name);
  return {
    name,
    extra: {
      location: str(b.location, 'bucket.location'),
      locationType: str(b.locationType, 'bucket.locationType'),
      storageClass: str(b.storageClass, 'bucket.storageClass'),
      projectNumber: optionalInt64(b.projectNumber, 'bucket.projectNumber'),
      metageneration: optionalInt64(b.metageneration, 'bucket.metageneration'),
      timeCreated: date(b.timeCreated, 'bucket.timeCreated'),
      etag: str(b.etag, 'bucket.etag'),
    },
  };
}

/** Base64 → hex, for a digest. */
export function base64ToHex(value: string): string {
  return Buffer.from(value, 'base64').toString('hex');
}

/** What a StorageObject is built from. */
export interface GcsObjectFields {
  name: string;
  size: number;
  hash: string;
  contentType: string | undefined;
  metaData: Record<string, string>;
  lastModified: Date | undefined;
  extra: GcsObjectExtra;
}

/**
 * An object resource → StorageObject fields. `hash` is the MD5 in hex when the object has
 * one, else its CRC32C in hex (8 digits; composite objects have no MD5).
 */
export function objectFields(o: GcsObjectResource): GcsObjectFields {
  const name = str(o.name, 'object.name');
  if (name === undefined || name === '') throw malformed('object.name', o.name);
  const md5Hash = str(o.md5Hash, 'object.md5Hash');
  const crc = str(o.crc32c, 'object.crc32c');
  if (o.metadata !== undefined && (typeof o.metadata !== 'object' || o.metadata === null)) throw malformed('object.metadata', o.metadata);
  const metaData: Record<string, string> = {};
  for (const [k, v] of Object.entries(o.metadata ?? {})) metaData[k.toLowerCase()] = String(v);
  if (o.componentCount !== undefined && (!Number.isInteger(o.componentCount) || o.componentCount < 0)) throw malformed('object.componentCount', o.componentCount);
  return {
    name,
    size: int64ToNumber(o.size ?? '0', 'object.size'),
    hash: md5Hash !== undefined ? base64ToHex(md5Hash) : crc !== undefined ? base64ToHex(crc) : '',
    contentType: str(o.contentType, 'object.contentType'),
    metaData,
    lastModified: date(o.updated, 'object.updated'),
    extra: {
      generation: optionalInt64(o.generation, 'object.generation'),
      metageneration: optionalInt64(o.metageneration, 'object.metageneration'),
      sizeString: str(o.size, 'object.size'),
      md5Hash,
      crc32c: crc,
      componentCount: o.componentCount,
      storageClass: str(o.storageClass, 'object.storageClass'),
      cacheControl: str(o.cacheControl, 'object.cacheControl'),
      contentEncoding: str(o.contentEncoding, 'object.contentEncoding'),
      timeCreated: date(o.timeCreated, 'object.timeCreated'),
      etag: str(o.etag, 'object.etag'),
    },
  };
}

/**
 * The digests in an `x-goog-hash` header (`crc32c=n03x6A==,md5=Ojk9c3dhfxgoKVVHYwFbHQ==`),
 * base64.
 */
export function parseGoogHash(header: string | undefined): { md5?: string; crc32c?: string } {
  const out: { md5?: string; crc32c?: string } = {};
  if (!header) return out;
  for (const part of header.split(',')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const key = part.slice(0, eq).trim().toLowerCase();
    const value = part.slice(eq + 1).trim();
    if (key === 'md5') out.md5 = value;
    else if (key === 'crc32c') out.crc32c = value;
  }
  return out;
}

/**
 * Bucket names: 3–63 characters (up to 222 with dots), lowercase letters, digits, `-`,
 * `_` and `.`, starting and ending with a letter or digit
 * (https://cloud.google.com/storage/docs/buckets#naming).
 *
 * @throws {InvalidArgumentError} naming `container`.
 */
export function checkBucketName(name: string): string {
  if (typeof name !== 'string' || !/^[a-z0-9][a-z0-9._-]{1,221}[a-z0-9]$/.test(name) || (!name.includes('.') && name.length > 63)) {
    throw new InvalidArgumentError(
      `Cloud Storage bucket names are 3-63 lowercase letters, digits, '-', '_' or '.', starting and ending with a letter or digit (got ${JSON.stringify(name)})`,
      { option: 'container' },
    );
  }
  return name;
}

/**
 * Object names: 1–1024 bytes of UTF-8, no CR or LF, not `.` or `..`
 * (https://cloud.google.com/storage/docs/objects#naming).
 *
 * @throws {InvalidArgumentError} naming `objectName`.
 */
export function checkObjectName(name: string): string {
  if (typeof name !== 'string' || name === '' || Buffer.byteLength(name) > 1024 || /[\r\n]/.test(name) || name === '.' || name === '..') {
    throw new InvalidArgumentError(`Cloud Storage object names are 1-1024 bytes of UTF-8 without CR/LF (got ${JSON.stringify(name)})`, {
      option: 'objectName',
    });
  }
  return name;
}

/** `/storage/v1/b/{bucket}/o/{object}` with the object name as one encoded segment (`/`, `#`, `?` included). */
export function objectPath(bucket: string, object: string): string {
  return `/storage/v1/b/${encodeURIComponent(bucket)}/o/${encodeURIComponent(object)}`;
}
