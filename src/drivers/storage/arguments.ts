/**
 * Argument checks of every public storage method, installed by the storage base on every
 * driver instance: each call is checked BEFORE the driver's own code runs, so a wrong
 * type is an InvalidArgumentError naming the argument (never a raw TypeError from deep
 * inside a driver), and an unknown per-call option key is refused (with the key it was
 * probably meant to be) rather than silently ignored. Internal: not re-exported.
 */
import { InvalidArgumentError } from '../../common/errors/index.js';

type Check = (value: unknown, method: string) => void;

const fail = (method: string, option: string, why: string): never => {
  throw new InvalidArgumentError(`${method}: ${option} ${why}`, { option });
};

const describeValue = (value: unknown): string =>
  value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value === 'string' ? JSON.stringify(value) : typeof value;

function nonEmptyString(option: string): Check {
  return (value, method) => {
    if (typeof value !== 'string' || value === '') fail(method, option, `must be a non-empty string (got ${describeValue(value)})`);
  };
}

/** A string (the driver's own name rules, with their typed errors, judge its content). */
function stringArg(option: string): Check {
  return (value, method) => {
    if (typeof value !== 'string') fail(method, option, `must be a string (got ${describeValue(value)})`);
  };
}

function containerArg(option: string): Check {
  return (value, method) => {
    if (typeof value === 'string') return;
    if (value !== null && typeof value === 'object' && typeof (value as { name?: unknown }).name === 'string' && (value as { name: string }).name !== '') return;
    fail(method, option, `must be a Container or a non-empty container name (got ${describeValue(value)})`);
  };
}

function objectArg(option: string): Check {
  return (value, method) => {
    const o = value as { name?: unknown; container?: unknown } | null;
    const ok =
      o !== null &&
      typeof o === 'object' &&
      typeof o.name === 'string' &&
      o.name !== '' &&
      (typeof o.container === 'string' || (o.container !== null && typeof o.container === 'object' && typeof (o.container as { name?: unknown }).name === 'string'));
    if (!ok) fail(method, option, `must be a StorageObject (from getObject or a listing; got ${describeValue(value)})`);
  };
}

function sourceArg(value: unknown, method: string): void {
  if (value === undefined || value === null || typeof value === 'number' || typeof value === 'boolean') {
    fail(method, 'source', `must be a Readable, a web ReadableStream, an AsyncIterable, a Buffer or a string (got ${describeValue(value)})`);
  }
}

function rangeStart(value: unknown, method: string): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) fail(method, 'start', `must be a non-negative integer (got ${describeValue(value)})`);
}

function rangeEnd(value: unknown, method: string): void {
  if (value !== undefined && (typeof value !== 'number' || !Number.isInteger(value) || value < 1)) {
    fail(method, 'end', `must be a positive integer, exclusive, or omitted (got ${describeValue(value)})`);
  }
}

/** How each option value must look. */
const OPTION_TYPES: Readonly<Record<string, (value: unknown) => string | undefined>> = {
  signal: (v) => (v instanceof AbortSignal ? undefined : 'must be an AbortSignal'),
  onProgress: (v) => (typeof v === 'function' ? undefined : 'must be a function'),
  contentType: (v) => (typeof v === 'string' && v !== '' ? undefined : 'must be a non-empty string'),
  metaData: (v) =>
    v !== null && typeof v === 'object' && !Array.isArray(v) && Object.values(v as object).every((x) => typeof x === 'string')
      ? undefined
      : 'must be an object of string values',
  contentLength: (v) => (typeof v === 'number' && Number.isInteger(v) && v >= 0 ? undefined : 'must be a non-negative integer'),
  partSize: (v) => (typeof v === 'number' && Number.isInteger(v) && v > 0 ? undefined : 'must be a positive integer'),
  concurrency: (v) => (typeof v === 'number' && Number.isInteger(v) && v > 0 ? undefined : 'must be a positive integer'),
  verifyHash: (v) => (typeof v === 'boolean' ? undefined : 'must be true or false'),
  overwriteExisting: (v) => (typeof v === 'boolean' ? undefined : 'must be true or false'),
  deleteOnFailure: (v) => (typeof v === 'boolean' ? undefined : 'must be true or false'),
  leaveSegments: (v) => (typeof v === 'boolean' ? undefined : 'must be true or false'),
  prefix: (v) => (typeof v === 'string' ? undefined : 'must be a string'),
  delimiter: (v) => (typeof v === 'string' ? undefined : 'must be a string'),
  expiresIn: (v) => (typeof v === 'number' && Number.isInteger(v) && v > 0 ? undefined : 'must be a positive integer (seconds)'),
  method: (v) => (typeof v === 'string' ? undefined : 'must be a string'),
  digest: (v) => (typeof v === 'string' ? undefined : 'must be a string'),
  container: (v) => (typeof v === 'string' || (v !== null && typeof v === 'object') ? undefined : 'must be a Container or a container name'),
};

const TRANSFER = ['signal', 'onProgress'];
const UPLOAD = [...TRANSFER, 'contentType', 'metaData', 'contentLength', 'verifyHash', 'partSize', 'concurrency'];
const DOWNLOAD = [...TRANSFER, 'overwriteExisting', 'deleteOnFailure', 'verifyHash'];
const DOWNLOAD_STREAM = [...TRANSFER, 'verifyHash'];
/** Whole downloads may be split into parallel ranges. */
const WHOLE = ['concurrency', 'partSize'];
/** The per-call options of every non-transfer method (src/common/call-options.ts). */
const CALL = ['signal', 'timeout'];
const LIST = ['prefix', 'delimiter', ...CALL];

/** Levenshtein distance, for "did you mean". */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return row[b.length]!;
}

/** The known key `key` was probably meant to be, if one is close. */
export function closestKey(key: string, known: readonly string[]): string | undefined {
  const lower = key.toLowerCase();
  const same = known.find((k) => k.toLowerCase() === lower);
  if (same) return same;
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const k of known) {
    const d = distance(lower, k.toLowerCase());
    if (d < bestDistance) {
      best = k;
      bestDistance = d;
    }
  }
  return bestDistance <= Math.max(2, Math.floor(key.length / 3)) ? best : undefined;
}

function optionsArg(keys: readonly string[]): (value: unknown, method: string, extra: readonly string[]) => void {
  return (value, method, extra) => {
    if (value === undefined) return;
    if (value === null || typeof value !== 'object' || Array.isArray(value)) fail(method, 'options', `must be an object or omitted (got ${describeValue(value)})`);
    const known = [...keys, ...extra];
    for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
      if (!known.includes(key)) {
        const close = closestKey(key, known);
        throw new InvalidArgumentError(
          `${method}: unknown option ${JSON.stringify(key)}${close ? ` (did you mean ${JSON.stringify(close)}?)` : ''}; known: ${known.join(', ')}`,
          { option: key },
        );
      }
      if (v === undefined) continue;
      const why = OPTION_TYPES[key]?.(v);
      if (why !== undefined) fail(method, key, `${why} (got ${describeValue(v)})`);
    }
  };
}

/** The positional arguments of each public storage method, and its options argument. */
interface Signature {
  args: Check[];
  options?: ReturnType<typeof optionsArg>;
}

const SIGNATURES: Readonly<Record<string, Signature>> = {
  getContainer: { args: [stringArg('container')], options: optionsArg(CALL) },
  createContainer: { args: [stringArg('container')], options: optionsArg(CALL) },
  deleteContainer: { args: [containerArg('container')], options: optionsArg(CALL) },
  listContainerObjects: { args: [containerArg('container')], options: optionsArg(LIST) },
  iterateContainerObjects: { args: [containerArg('container')], options: optionsArg(LIST) },
  getObject: { args: [stringArg('container'), stringArg('objectName')], options: optionsArg(CALL) },
  uploadObject: { args: [nonEmptyString('filePath'), containerArg('container'), stringArg('objectName')], options: optionsArg(UPLOAD) },
  uploadObjectViaStream: { args: [sourceArg, containerArg('container'), stringArg('objectName')], options: optionsArg(UPLOAD) },
  downloadObject: { args: [objectArg('object'), nonEmptyString('destPath')], options: optionsArg([...DOWNLOAD, ...WHOLE]) },
  downloadObjectAsStream: { args: [objectArg('object')], options: optionsArg([...DOWNLOAD_STREAM, ...WHOLE]) },
  downloadObjectRange: { args: [objectArg('object'), nonEmptyString('destPath'), rangeStart, rangeEnd], options: optionsArg(DOWNLOAD) },
  downloadObjectRangeAsStream: { args: [objectArg('object'), rangeStart, rangeEnd], options: optionsArg(DOWNLOAD_STREAM) },
  deleteObject: { args: [objectArg('object')], options: optionsArg(CALL) },
  presignedUrl: { args: [objectArg('object')], options: optionsArg([]) },
};

/** Which capability a method belongs to (its checks are installed when the driver supports it). */
const CAPABILITY: Readonly<Record<string, string>> = {
  iterateContainerObjects: 'listContainerObjects',
  downloadObjectRangeAsStream: 'downloadObjectRange',
};

/**
 * Checks the arguments of a call to `method` (one of the public storage methods).
 * `extraKeys` are the per-call option keys the driver adds for that method.
 *
 * @throws {InvalidArgumentError} naming the argument or option.
 */
export function checkStorageArguments(method: string, args: readonly unknown[], extraKeys: readonly string[] = []): void {
  const signature = SIGNATURES[method];
  if (!signature) return;
  signature.args.forEach((check, i) => check(args[i], method));
  signature.options?.(args[signature.args.length], method, extraKeys);
}

/**
 * Installs argument checks in front of each public storage method `driver` supports:
 * non-enumerable own properties that check, then call the method as the class defines it.
 */
export function installArgumentChecks(
  driver: object,
  supports: (capability: string) => boolean,
  extraKeys: (method: string) => readonly string[],
): void {
  const target = driver as Record<string, unknown>;
  for (const method of Object.keys(SIGNATURES)) {
    if (!supports(CAPABILITY[method] ?? method)) continue;
    const original = target[method];
    if (typeof original !== 'function') continue;
    const keys = extraKeys(method);
    const isGenerator = method.startsWith('iterate');
    const checked = isGenerator
      ? function (this: unknown, ...args: unknown[]): AsyncGenerator<unknown, void, undefined> {
          checkStorageArguments(method, args, keys);
          return (original as (...a: unknown[]) => AsyncGenerator<unknown, void, undefined>).apply(this, args);
        }
      : async function (this: unknown, ...args: unknown[]): Promise<unknown> {
          checkStorageArguments(method, args, keys);
          return (original as (...a: unknown[]) => Promise<unknown>).apply(this, args);
        };
    Object.defineProperty(target, method, { value: checked, enumerable: false, configurable: true, writable: true });
  }
}
