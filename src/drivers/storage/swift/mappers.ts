/**
 * From Swift's answers to nubes' value fields: JSON listings (`?format=json`) of the
 * account and of containers, and the headers of HEAD and GET.
 *
 * Reference: Object Storage API, "Show account details and list containers", "Show
 * container details and list objects", "Show object metadata"; SLO listing entries
 * carry `slo_etag` (the large object's ETag, quoted) and `bytes` is the whole size.
 */
import { MalformedResponseError } from '../../../common/errors/index.js';
import { byteCount, optionalByteCount } from '../payload.js';
import { metadataFromHeaders } from './names.js';
import type { SwiftContainerExtra, SwiftObjectExtra } from './types.js';

/** One entry of a container listing: an object, or a `subdir` with a delimiter. */
export interface SwiftObjectEntry {
  /** Object name (absent for a `subdir` entry). */
  name?: string;
  /** Size in bytes. */
  bytes?: number;
  /** The ETag: the MD5 for a plain object, the manifest's MD5 for a Static Large Object. */
  hash?: string;
  /** The stored Content-Type. */
  content_type?: string;
  /** When the object last changed, ISO 8601 without a zone (UTC). */
  last_modified?: string;
  /** For a Static Large Object: its ETag (the MD5 of the segments' MD5s), quoted. */
  slo_etag?: string;
  /** A common prefix, in a delimiter listing; the entry then has no other field. */
  subdir?: string;
}

/** One entry of an account listing. */
export interface SwiftContainerEntry {
  /** Container name. */
  name: string;
  /** Number of objects. */
  count?: number;
  /** Bytes used. */
  bytes?: number;
  /** When the container last changed, ISO 8601 without a zone (UTC). */
  last_modified?: string;
}

/** What an object's listing entry or headers say, before it becomes a StorageObject. */
export interface SwiftObjectFields {
  /** Size in bytes. */
  size: number;
  /** The ETag without quotes: the MD5 in hex for a plain object; for a Static Large Object the MD5 of its segments' MD5s. */
  hash: string;
  /** The stored Content-Type, if any. */
  contentType: string | undefined;
  /** User metadata, keys lowercase. */
  metaData: Record<string, string>;
  /** When the object last changed. */
  lastModified: Date | undefined;
  /** The Swift-specific fields. */
  extra: SwiftObjectExtra;
}

function set<T extends object, K extends keyof T>(target: T, key: K, value: T[K] | undefined): void {
  if (value !== undefined && value !== '') target[key] = value;
}

/** Strips the quotes Swift puts around large objects' ETags. */
export function unquoteEtag(etag: string | undefined): string {
  return (etag ?? '').replace(/^W\//, '').replace(/^"(.*)"$/, '$1');
}

/** Listing times are UTC without a zone (`2026-11-21T10:37:27.815520`); headers are HTTP dates. */
export function parseSwiftDate(value: string | undefined): Date | undefined {
  if (!value) return undefined;
  const text = /^\d{4}-\d\d-\d\dT[\d:.]+$/.test(value) ? `${value}Z` : value;
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

function parseCount(value: string | number | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  const n = Number(value);
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}

/** The JSON array of a listing page; an empty body (204) is an empty page. */
export function listingEntries<T>(body: unknown, what: string): T[] {
  if (body === undefined || body === null || body === '') return [];
  if (!Array.isArray(body)) {
    throw new MalformedResponseError(`${what}: expected a JSON array (format=json), got ${typeof body}`, { provider: 'openstack-swift' });
  }
  body.forEach((item: unknown, i) => {
    if (item === null || typeof item !== 'object' || Array.isArray(item)) {
      throw new MalformedResponseError(`${what}: entry ${i} is ${item === null ? 'null' : typeof item}, not an object`, { provider: 'openstack-swift' });
    }
  });
  return body as T[];
}

/** A container from its account listing entry. */
export function containerExtraFromEntry(entry: SwiftContainerEntry): SwiftContainerExtra {
  const extra: SwiftContainerExtra = {};
  set(extra, 'objectCount', parseCount(entry.count));
  set(extra, 'bytesUsed', parseCount(entry.bytes));
  set(extra, 'lastModified', parseSwiftDate(entry.last_modified));
  return extra;
}

/** A container from its HEAD headers. */
export function containerExtraFromHeaders(headers: Readonly<Record<string, string>>): SwiftContainerExtra {
  const extra: SwiftContainerExtra = { metaData: metadataFromHeaders(headers, 'x-container-meta-') };
  set(extra, 'objectCount', parseCount(headers['x-container-object-count']));
  set(extra, 'bytesUsed', parseCount(headers['x-container-bytes-used']));
  set(extra, 'lastModified', parseSwiftDate(headers['last-modified']));
  set(extra, 'storagePolicy', headers['x-storage-policy']);
  set(extra, 'readAcl', headers['x-container-read']);
  set(extra, 'writeAcl', headers['x-container-write']);
  return extra;
}

/**
 * An object from its listing entry. Listings carry no user metadata. For an SLO, `hash`
 * is the large object's ETag (`slo_etag`), the same as HEAD answers, and the manifest's
 * own MD5 goes to `extra.manifestEtag`.
 */
export function objectFromEntry(entry: SwiftObjectEntry): SwiftObjectFields {
  const extra: SwiftObjectExtra = {};
  const slo = typeof entry.slo_etag === 'string' && entry.slo_etag !== '';
  extra.staticLargeObject = slo;
  if (slo) {
    set(extra, 'etag', entry.slo_etag);
    set(extra, 'manifestEtag', entry.hash);
  } else {
    set(extra, 'etag', entry.hash);
  }
  return {
    size: byteCount(entry.bytes, 'openstack-swift', 'bytes', `Swift listing entry ${JSON.stringify(entry.name)}`),
    hash: slo ? unquoteEtag(entry.slo_etag) : (entry.hash ?? ''),
    contentType: entry.content_type || undefined,
    metaData: {},
    lastModified: parseSwiftDate(entry.last_modified),
    extra,
  };
}

/** An object from its HEAD (or GET) headers. */
export function objectFromHeaders(headers: Readonly<Record<string, string>>): SwiftObjectFields {
  const extra: SwiftObjectExtra = {};
  set(extra, 'etag', headers.etag);
  extra.staticLargeObject = /^true$/i.test(headers['x-static-large-object'] ?? '');
  set(extra, 'manifestEtag', headers['x-manifest-etag']);
  set(extra, 'dynamicLargeObject', headers['x-object-manifest']);
  set(extra, 'timestamp', headers['x-timestamp']);
  const deleteAt = parseCount(headers['x-delete-at']);
  set(extra, 'deleteAt', deleteAt === undefined ? undefined : new Date(deleteAt * 1000));
  set(extra, 'contentEncoding', headers['content-encoding']);
  set(extra, 'contentDisposition', headers['content-disposition']);
  return {
    size: optionalByteCount(headers['content-length'], 'openstack-swift', 'Content-Length', 'Swift object HEAD') ?? 0,
    hash: unquoteEtag(headers.etag),
    contentType: headers['content-type'] || undefined,
    metaData: metadataFromHeaders(headers),
    lastModified: parseSwiftDate(headers['last-modified']),
    extra,
  };
}
