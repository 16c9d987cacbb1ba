/**
 * From Azure's listing XML and response headers to nubes values. Shapes follow the
 * "List Containers", "List Blobs", "Get Container Properties" and "Get Blob
 * Properties" references of the Blob service REST API.
 */
import { xmlChild, xmlChildren, xmlText, type XmlElement } from '../../../common/xml.js';
import { byteCount, optionalByteCount } from '../payload.js';
import { CRC32_METADATA } from './names.js';
import type { AzureBlobExtra, AzureContainerExtra } from './types.js';

/** A parsed HTTP date, or undefined. */
export function parseDate(value: string | undefined): Date | undefined {
  if (!value) return undefined;
  const at = new Date(value);
  return Number.isNaN(at.getTime()) ? undefined : at;
}

function parseBool(value: string | undefined): boolean | undefined {
  if (value === undefined || value === '') return undefined;
  return value.toLowerCase() === 'true';
}

/** A base64 Content-MD5 as lowercase hex, or undefined when it is not a 16-byte digest. */
export function md5Hex(base64: string | undefined): string | undefined {
  if (!base64) return undefined;
  const bytes = Buffer.from(base64, 'base64');
  return bytes.length === 16 ? bytes.toString('hex') : undefined;
}

function set<T extends object, K extends keyof T>(target: T, key: K, value: T[K] | undefined): void {
  if (value !== undefined && value !== '') target[key] = value;
}

/** The value nubes records in {@link CRC32_METADATA}: `<size>:<base64 of the big-endian CRC-32>`. */
export function crc32MetadataValue(size: number, crc32Base64: string): string {
  return `${size}:${crc32Base64}`;
}

/**
 * The CRC-32 (base64) recorded in {@link CRC32_METADATA}, when it is well formed and was
 * recorded for `size` bytes; else undefined. A blob rewritten by another tool that kept
 * nubes' entry (Set Blob Metadata copies, a Put Block List that keeps metadata) has, most
 * often, another size: its recorded CRC is then ignored rather than failing a sound
 * download. Ignoring never passes a bad download: the byte count and the Content-MD5
 * (when the blob has one) are still checked.
 */
export function recordedCrc32(value: string | undefined, size: number | undefined): string | undefined {
  if (value === undefined || size === undefined) return undefined;
  const m = /^(\d{1,16}):([A-Za-z0-9+/]{6}==)$/.exec(value.trim());
  if (!m || Number(m[1]) !== size) return undefined;
  return m[2];
}

/** `x-ms-meta-*` headers as metadata, keys lowercase. */
export function metadataFromHeaders(headers: Readonly<Record<string, string>>, hideCrc = false): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (!name.startsWith('x-ms-meta-')) continue;
    const key = name.slice('x-ms-meta-'.length).toLowerCase();
    if (!(hideCrc && key === CRC32_METADATA)) out[key] = value;
  }
  return out;
}

/** A `<Metadata>` element as metadata, keys lowercase. */
export function metadataFromXml(el: XmlElement | undefined, hideCrc = false): Record<string, string> {
  const out: Record<string, string> = {};
  if (!el) return out;
  for (const key of Object.keys(el)) {
    if (key === '$' || key === '_') continue;
    const name = key.toLowerCase();
    if (!(hideCrc && name === CRC32_METADATA)) out[name] = xmlText(el, key) ?? '';
  }
  return out;
}

/** The value of metadata entry `name` (any case) in a `<Metadata>` element. */
function xmlMetadataValue(el: XmlElement | undefined, name: string): string | undefined {
  if (!el) return undefined;
  const key = Object.keys(el).find((k) => k.toLowerCase() === name);
  return key === undefined ? undefined : xmlText(el, key);
}

/**
 * A listing `<Name>`: Azure percent-encodes names that XML cannot carry and marks them
 * `Encoded="true"` (version 2020-02-10 and later).
 */
export function nameFromXml(el: XmlElement | undefined): string {
  const name = xmlChild(el, 'Name');
  const text = xmlText(name) ?? '';
  return name?.$?.Encoded === 'true' ? decodeURIComponent(text) : text;
}

/** A container's extra from its listing entry. */
export function containerExtraFromXml(el: XmlElement): AzureContainerExtra {
  const props = xmlChild(el, 'Properties');
  const extra: AzureContainerExtra = { metaData: metadataFromXml(xmlChild(el, 'Metadata')) };
  set(extra, 'etag', xmlText(props, 'Etag'));
  set(extra, 'lastModified', parseDate(xmlText(props, 'Last-Modified')));
  set(extra, 'leaseState', xmlText(props, 'LeaseState'));
  set(extra, 'leaseStatus', xmlText(props, 'LeaseStatus'));
  set(extra, 'publicAccess', xmlText(props, 'PublicAccess'));
  set(extra, 'hasImmutabilityPolicy', parseBool(xmlText(props, 'HasImmutabilityPolicy')));
  set(extra, 'hasLegalHold', parseBool(xmlText(props, 'HasLegalHold')));
  return extra;
}

/** A container's extra from Get Container Properties headers. */
export function containerExtraFromHeaders(headers: Readonly<Record<string, string>>): AzureContainerExtra {
  const extra: AzureContainerExtra = { metaData: metadataFromHeaders(headers) };
  set(extra, 'etag', headers.etag);
  set(extra, 'lastModified', parseDate(headers['last-modified']));
  set(extra, 'leaseState', headers['x-ms-lease-state']);
  set(extra, 'leaseStatus', headers['x-ms-lease-status']);
  set(extra, 'publicAccess', headers['x-ms-blob-public-access']);
  set(extra, 'hasImmutabilityPolicy', parseBool(headers['x-ms-has-immutability-policy']));
  set(extra, 'hasLegalHold', parseBool(headers['x-ms-has-legal-hold']));
  return extra;
}

/** What a blob's listing entry or properties say, before it becomes a StorageObject. */
export interface BlobFields {
  /** Size in bytes. */
  size: number;
  /** MD5 in hex when Azure stored a Content-MD5, else the ETag without quotes. */
  hash: string;
  /** The stored Content-Type, if any. */
  contentType: string | undefined;
  /** User metadata, keys lowercase. */
  metaData: Record<string, string>;
  /** When the object last changed. */
  lastModified: Date | undefined;
  /** The Azure-specific fields. */
  extra: AzureBlobExtra;
}

/** `hash`: the MD5 in hex when Azure stored one, else the ETag without quotes. */
function hashOf(contentMd5: string | undefined, etag: string | undefined): string {
  return md5Hex(contentMd5) ?? (etag ?? '').replace(/^(W\/)?"(.*)"$/, '$2');
}

/** A blob from its `<Blob>` listing entry. */
export function blobFromXml(el: XmlElement): BlobFields {
  const props = xmlChild(el, 'Properties');
  const extra: AzureBlobExtra = {};
  const contentMd5 = xmlText(props, 'Content-MD5');
  const etag = xmlText(props, 'Etag');
  set(extra, 'etag', etag);
  set(extra, 'contentMd5', contentMd5);
  set(extra, 'blobType', xmlText(props, 'BlobType'));
  set(extra, 'accessTier', xmlText(props, 'AccessTier'));
  set(extra, 'leaseState', xmlText(props, 'LeaseState'));
  set(extra, 'leaseStatus', xmlText(props, 'LeaseStatus'));
  set(extra, 'creationTime', parseDate(xmlText(props, 'Creation-Time')));
  set(extra, 'serverEncrypted', parseBool(xmlText(props, 'ServerEncrypted')));
  set(extra, 'contentEncoding', xmlText(props, 'Content-Encoding'));
  set(extra, 'contentLanguage', xmlText(props, 'Content-Language'));
  set(extra, 'contentDisposition', xmlText(props, 'Content-Disposition'));
  set(extra, 'cacheControl', xmlText(props, 'Cache-Control'));
  const size = byteCount(xmlText(props, 'Content-Length'), 'azure-blobs', 'Properties.Content-Length', `Azure List Blobs entry ${JSON.stringify(nameFromXml(el))}`);
  const metadata = xmlChild(el, 'Metadata');
  set(extra, 'crc32', recordedCrc32(xmlMetadataValue(metadata, CRC32_METADATA), size));
  return {
    size,
    hash: hashOf(contentMd5, etag),
    contentType: xmlText(props, 'Content-Type') || undefined,
    metaData: metadataFromXml(metadata, true),
    lastModified: parseDate(xmlText(props, 'Last-Modified')),
    extra,
  };
}

/** A blob from Get Blob Properties (HEAD) or Get Blob (GET) headers. */
export function blobFromHeaders(headers: Readonly<Record<string, string>>): BlobFields {
  const extra: AzureBlobExtra = {};
  const contentMd5 = headers['content-md5'] ?? headers['x-ms-blob-content-md5'];
  set(extra, 'etag', headers.etag);
  set(extra, 'contentMd5', contentMd5);
  set(extra, 'blobType', headers['x-ms-blob-type']);
  set(extra, 'accessTier', headers['x-ms-access-tier']);
  set(extra, 'leaseState', headers['x-ms-lease-state']);
  set(extra, 'leaseStatus', headers['x-ms-lease-status']);
  set(extra, 'creationTime', parseDate(headers['x-ms-creation-time']));
  set(extra, 'serverEncrypted', parseBool(headers['x-ms-server-encrypted']));
  set(extra, 'contentEncoding', headers['content-encoding']);
  set(extra, 'contentLanguage', headers['content-language']);
  set(extra, 'contentDisposition', headers['content-disposition']);
  set(extra, 'cacheControl', headers['cache-control']);
  const size = optionalByteCount(headers['content-length'], 'azure-blobs', 'Content-Length', 'Azure blob properties') ?? 0;
  set(extra, 'crc32', recordedCrc32(headers[`x-ms-meta-${CRC32_METADATA}`], size));
  return {
    size,
    hash: hashOf(contentMd5, headers.etag),
    contentType: headers['content-type'] || undefined,
    metaData: metadataFromHeaders(headers, true),
    lastModified: parseDate(headers['last-modified']),
    extra,
  };
}

/** The entries of a listing page: `<Blob>` and `<BlobPrefix>` (or `<Container>`), and the next marker. */
export function listingPage(doc: XmlElement, section: 'Blobs' | 'Containers'): {
  /** The `<Blob>` or `<Container>` elements. */
  entries: XmlElement[];
  /** The names of the `<BlobPrefix>` elements (delimiter listings of blobs only). */
  prefixes: string[];
  /** The `marker` of the next page; undefined on the last page. */
  nextMarker: string | undefined;
} {
  const root = xmlChild(doc, 'EnumerationResults');
  const body = xmlChild(root, section);
  const entries = xmlChildren(body, section === 'Blobs' ? 'Blob' : 'Container');
  const prefixes = section === 'Blobs' ? xmlChildren(body, 'BlobPrefix').map((p) => nameFromXml(p)) : [];
  const next = xmlText(root, 'NextMarker');
  return { entries, prefixes, nextMarker: next ? next : undefined };
}
