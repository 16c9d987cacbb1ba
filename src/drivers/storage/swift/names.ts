/**
 * Swift's naming rules and request paths, checked before any request ("Object Storage
 * API overview": container names up to 256 bytes without `/`, object names up to 1024
 * bytes; `/info` shows a cluster's own limits).
 */
import { InvalidArgumentError, InvalidContainerNameError } from '../../../common/errors/index.js';

/** Swift's default `max_container_name_length`, in UTF-8 bytes. */
export const MAX_CONTAINER_NAME_BYTES = 256;
/** Swift's default `max_object_name_length`, in UTF-8 bytes. */
export const MAX_OBJECT_NAME_BYTES = 1024;

/**
 * Checks a container name: 1 to 256 bytes, no `/`, not `.` or `..` (URLs normalise those
 * away, so the request would address the account).
 *
 * @throws {InvalidContainerNameError} naming the rule.
 */
export function checkContainerName(name: unknown): string {
  if (typeof name !== 'string' || name === '' || Buffer.byteLength(name) > MAX_CONTAINER_NAME_BYTES) {
    throw new InvalidContainerNameError(
      `Container name ${JSON.stringify(typeof name === 'string' ? name.slice(0, 40) : name)} is invalid: 1 to ${MAX_CONTAINER_NAME_BYTES} bytes`,
      { provider: 'openstack-swift' },
    );
  }
  if (name.includes('/') || name === '.' || name === '..') {
    throw new InvalidContainerNameError(`Container name ${JSON.stringify(name)} is invalid: it must not contain "/" or be "." or ".."`, {
      provider: 'openstack-swift',
    });
  }
  return name;
}

/**
 * Checks an object name: 1 to 1024 bytes, and no `.` or `..` path segment (URLs
 * normalise those away, so the request would address another object).
 *
 * @throws {InvalidArgumentError} naming `objectName`.
 */
export function checkObjectName(name: unknown): string {
  if (typeof name !== 'string' || name === '' || Buffer.byteLength(name) > MAX_OBJECT_NAME_BYTES) {
    throw new InvalidArgumentError(
      `Object name must be 1 to ${MAX_OBJECT_NAME_BYTES} bytes (got ${JSON.stringify(typeof name === 'string' ? name.slice(0, 40) : name)})`,
      { option: 'objectName' },
    );
  }
  if (name.split('/').some((segment) => segment === '.' || segment === '..')) {
    throw new InvalidArgumentError(`Object name ${JSON.stringify(name)} has a "." or ".." segment, which URLs cannot carry`, {
      option: 'objectName',
    });
  }
  return name;
}

/**
 * The request action of a container or object: each name percent-encoded, the `/` of
 * object names kept (Swift stores them as part of the name).
 */
export function swiftPath(container: string, object?: string): string {
  const c = encodeURIComponent(container);
  return object === undefined ? `/${c}` : `/${c}/${object.split('/').map(encodeURIComponent).join('/')}`;
}

/** A header name token (RFC 9110) without `_`: WSGI servers turn `_` into `-`. */
const META_KEY = /^[!#$%&'*+.^`|~0-9A-Za-z-]+$/;
/** Printable ASCII and tab: what passes through every HTTP stack unchanged. */
const META_VALUE = /^[\t\x20-\x7e]*$/;

/**
 * `X-Object-Meta-*` (or `X-Container-Meta-*`) headers for user metadata, keys lowercased.
 *
 * @throws {InvalidArgumentError} for a key with `_` (Swift, behind WSGI, would return it
 *   as `-`), a key that is not a header token, or a value that is not printable ASCII.
 */
export function metadataHeaders(metaData: Record<string, string> | undefined, prefix = 'x-object-meta-'): Record<string, string> {
  const headers: Record<string, string> = {};
  if (metaData === undefined) return headers;
  if (typeof metaData !== 'object' || metaData === null) {
    throw new InvalidArgumentError('metaData must be an object of string values', { option: 'metaData' });
  }
  for (const [key, value] of Object.entries(metaData)) {
    if (!META_KEY.test(key)) {
      throw new InvalidArgumentError(
        `Metadata key ${JSON.stringify(key)} is invalid: use letters, digits and "-" (Swift returns "_" as "-")`,
        { option: 'metaData' },
      );
    }
    if (typeof value !== 'string' || !META_VALUE.test(value)) {
      throw new InvalidArgumentError(`Metadata value of ${JSON.stringify(key)} must be a string of printable ASCII characters`, {
        option: 'metaData',
      });
    }
    headers[`${prefix}${key.toLowerCase()}`] = value;
  }
  return headers;
}

/** User metadata from response headers (`X-Object-Meta-*`), keys lowercase. */
export function metadataFromHeaders(headers: Readonly<Record<string, string>>, prefix = 'x-object-meta-'): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (name.startsWith(prefix) && name.length > prefix.length) out[name.slice(prefix.length)] = value;
  }
  return out;
}
