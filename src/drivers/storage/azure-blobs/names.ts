/**
 * Azure's naming rules, checked before any request ("Naming and Referencing Containers,
 * Blobs, and Metadata").
 */
import { InvalidArgumentError, InvalidContainerNameError } from '../../../common/errors/index.js';

/** 3–63 characters: lowercase letters, digits and single dashes, starting and ending with a letter or digit. */
const CONTAINER_NAME = /^(?=.{3,63}$)[a-z0-9]+(-[a-z0-9]+)*$/;

/** Containers Azure creates itself; they exist and may be read, not created by name rules. */
const SYSTEM_CONTAINERS = new Set(['$root', '$web', '$logs', '$blobchangefeed']);

/**
 * Checks a container name for creation.
 *
 * @throws {InvalidContainerNameError} naming the rule.
 */
export function checkNewContainerName(name: unknown): string {
  if (typeof name !== 'string' || (!CONTAINER_NAME.test(name) && !SYSTEM_CONTAINERS.has(name))) {
    throw new InvalidContainerNameError(
      `Container name ${JSON.stringify(name)} is invalid: 3 to 63 lowercase letters, digits and single dashes, starting and ending with a letter or digit`,
      { provider: 'azure-blobs' },
    );
  }
  return name;
}

/**
 * Checks a container name used to address one (it may be a system container).
 *
 * @throws {InvalidArgumentError} for an empty name or one with `/`.
 */
export function checkContainerName(name: unknown): string {
  if (typeof name !== 'string' || name === '' || name.includes('/')) {
    throw new InvalidArgumentError(`Container name ${JSON.stringify(name)} is invalid`, { option: 'container' });
  }
  return name;
}

/**
 * Checks a blob name: 1 to 1024 characters, and no `.` or `..` path segment (URLs
 * normalise those away, so the request would address another blob).
 *
 * @throws {InvalidArgumentError} naming `objectName`.
 */
export function checkBlobName(name: unknown): string {
  if (typeof name !== 'string' || name.length === 0 || name.length > 1024) {
    throw new InvalidArgumentError(`Object name must be 1 to 1024 characters (got ${JSON.stringify(typeof name === 'string' ? name.slice(0, 40) : name)})`, {
      option: 'objectName',
    });
  }
  if (name.split('/').some((segment) => segment === '.' || segment === '..')) {
    throw new InvalidArgumentError(`Object name ${JSON.stringify(name)} has a "." or ".." segment, which URLs cannot carry`, {
      option: 'objectName',
    });
  }
  return name;
}

/** A metadata name must be a C# identifier (letters, digits, underscore; not starting with a digit). */
const METADATA_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * The metadata entry in which nubes records the CRC-32 and size of what it uploaded
 * (`x-ms-meta-nubes_crc32: <size>:<base64 CRC-32>`): a C# identifier as Azure requires
 * ("Setting and retrieving properties and metadata for Blob service resources"). It is
 * reserved: uploads refuse it in `metaData`, and objects show it as `extra.crc32`, not in
 * `metaData`. See docs/azure-blobs.md, "What is verified, when".
 */
export const CRC32_METADATA = 'nubes_crc32';

/**
 * Metadata as `x-ms-meta-*` headers (names lowercased).
 *
 * @throws {InvalidArgumentError} (option `metaData`) for a name that is not an identifier,
 *   or a value with characters an HTTP header cannot carry (Azure takes ASCII only).
 */
export function metadataHeaders(metaData: Readonly<Record<string, string>> | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  if (metaData === undefined) return headers;
  if (typeof metaData !== 'object' || metaData === null) {
    throw new InvalidArgumentError('metaData must be an object of string values', { option: 'metaData' });
  }
  for (const [name, value] of Object.entries(metaData)) {
    if (!METADATA_NAME.test(name)) {
      throw new InvalidArgumentError(
        `Metadata name ${JSON.stringify(name)} is invalid for Azure: letters, digits and underscores, not starting with a digit`,
        { option: 'metaData' },
      );
    }
    if (typeof value !== 'string' || !/^[\x20-\x7e\t]*$/.test(value)) {
      throw new InvalidArgumentError(`Metadata value of ${JSON.stringify(name)} must be printable ASCII`, { option: 'metaData' });
    }
    if (name.toLowerCase() === CRC32_METADATA) {
      throw new InvalidArgumentError(`Metadata name ${JSON.stringify(name)} is reserved: nubes records the object's CRC-32 there`, { option: 'metaData' });
    }
    const header = `x-ms-meta-${name.toLowerCase()}`;
    if (header in headers) {
      throw new InvalidArgumentError(`Metadata names ${JSON.stringify(name)} differ only in case`, { option: 'metaData' });
    }
    headers[header] = value;
  }
  return headers;
}
