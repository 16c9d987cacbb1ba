/**
 * Container and object names for the Local driver, checked lexically before the file
 * system is touched: nothing a caller passes can name a path outside the root.
 */
import { resolve, sep } from 'node:path';
import { InvalidArgumentError } from '../../../common/errors/index.js';

/** The directory at the top of every container that holds nubes' own files (sidecars, temp files). */
export const RESERVED_DIR = '.nubes';

const MAX_SEGMENT_BYTES = 255; // NAME_MAX on Linux, macOS and Windows
const MAX_NAME_BYTES = 1024; // S3's key limit: names that work here work there

/** Control characters (NUL included) and backslash: never part of a portable path segment. */
// eslint-disable-next-line no-control-regex -- control characters are what this refuses
const FORBIDDEN = /[\u0000-\u001f\u007f\\]/;

function describe(name: string): string {
  return JSON.stringify(name);
}

/**
 * Checks a container name: one path segment, not hidden, no control characters or
 * backslashes.
 *
 * @throws {InvalidArgumentError} naming `container`.
 */
export function checkContainerName(name: string): string {
  const bad = (why: string): never => {
    throw new InvalidArgumentError(`Invalid container name ${describe(name)}: ${why}`, { option: 'container' });
  };
  if (typeof name !== 'string' || name === '') bad('it must be a non-empty string');
  if (FORBIDDEN.test(name)) bad('control characters and backslashes are not allowed');
  if (name.includes('/')) bad('it must not contain "/"');
  if (name.startsWith('.')) bad('it must not start with "." (hidden directories are not containers)');
  if (Buffer.byteLength(name) > MAX_SEGMENT_BYTES) bad(`it must be at most ${MAX_SEGMENT_BYTES} bytes`);
  return name;
}

/**
 * Splits an object name into path segments, refusing every name that is not a plain
 * relative path: absolute names, empty, `.` and `..` segments, NUL and other control
 * characters, backslashes (a path separator on Windows), names in the reserved
 * `.nubes` directory, and segments or names longer than the file system allows.
 *
 * @throws {InvalidArgumentError} naming `objectName`.
 */
export function objectSegments(name: string): string[] {
  const bad = (why: string): never => {
    throw new InvalidArgumentError(`Invalid object name ${describe(name)}: ${why}`, { option: 'objectName' });
  };
  if (typeof name !== 'string' || name === '') bad('it must be a non-empty string');
  if (FORBIDDEN.test(name)) bad('control characters (NUL included) and backslashes are not allowed');
  if (name.startsWith('/')) bad('it must be relative (no leading "/")');
  if (Buffer.byteLength(name) > MAX_NAME_BYTES) bad(`it must be at most ${MAX_NAME_BYTES} bytes`);
  const segments = name.split('/');
  for (const segment of segments) {
    if (segment === '') bad('empty path segments ("//" or a trailing "/") are not allowed');
    if (segment === '.' || segment === '..') bad('"." and ".." segments are not allowed');
    if (Buffer.byteLength(segment) > MAX_SEGMENT_BYTES) bad(`each "/"-separated segment must be at most ${MAX_SEGMENT_BYTES} bytes`);
  }
  if (segments[0] === RESERVED_DIR) bad(`"${RESERVED_DIR}/" is reserved for nubes' own files`);
  return segments;
}

/**
 * The absolute path of `segments` under `base`, with a final containment check as a
 * second line of defence behind {@link objectSegments}.
 */
export function pathInside(base: string, segments: readonly string[], what: string): string {
  const path = resolve(base, ...segments);
  if (!path.startsWith(base + sep)) {
    throw new InvalidArgumentError(`Invalid ${what}: it resolves outside ${base}`, { option: what });
  }
  return path;
}
