/**
 * Small argument checks shared by drivers: each throws an InvalidArgumentError naming
 * the option, before any request is sent.
 */
import { InvalidArgumentError } from './errors/index.js';

/**
 * Returns `value` when it is a non-empty string.
 *
 * @throws {InvalidArgumentError} naming `option` otherwise.
 * @example
 * ```ts
 * const region = requireString(options.region, 'region');
 * ```
 */
export function requireString(value: unknown, option: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new InvalidArgumentError(`${option} is required and must be a non-empty string`, { option });
  }
  return value;
}

/**
 * Checks that the options argument of `method` is an object (plain JavaScript callers
 * may pass anything).
 *
 * @throws {InvalidArgumentError} (option `options`) otherwise: `<method> needs an options object`.
 * @example
 * ```ts
 * requireOptionsObject(options, 'createVolume');
 * ```
 */
export function requireOptionsObject(options: unknown, method: string): void {
  if (typeof options !== 'object' || options === null) throw new InvalidArgumentError(`${method} needs an options object`, { option: 'options' });
}

/**
 * Returns `value` when it is an integer from `min` to `max` (both included).
 *
 * @throws {InvalidArgumentError} naming `option` and the range otherwise.
 * @example
 * ```ts
 * const concurrency = requireInteger(options.concurrency, 'concurrency', 1, 64);
 * ```
 */
export function requireInteger(value: unknown, option: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new InvalidArgumentError(`${option} must be an integer from ${min} to ${max} (got ${String(value)})`, { option });
  }
  return value;
}

/**
 * What a per-call option must be. `ref`: a value object with a non-empty string `id`, or
 * the id itself (a node, an image, a location); `strings`: an array of strings; `ids`: an
 * array of strings or numbers; `record`: an object of string values; `bytes`: a string or
 * a Uint8Array; `signal`: an AbortSignal; `list`: any array; `object`: any non-array object.
 */
export type OptionKind = 'string' | 'number' | 'integer' | 'boolean' | 'ref' | 'strings' | 'ids' | 'record' | 'bytes' | 'signal' | 'list' | 'object' | 'any';

/** One accepted form of an option: a kind, or one of a fixed set of values. */
export type OptionForm =
  | OptionKind
  | {
      /** The values the option may take (`{ oneOf: ['master', 'slave'] }`). */
      readonly oneOf: readonly (string | number | boolean)[];
    };

/** An option's rule: one form, or several accepted forms. */
export type OptionRule = OptionForm | readonly OptionForm[];

/** The options a method accepts, by name. */
export type OptionSpec = Readonly<Record<string, OptionRule>>;

const OPTION_KIND_TEXT: Readonly<Record<OptionKind, string>> = {
  string: 'a string',
  number: 'a finite number',
  integer: 'an integer',
  boolean: 'a boolean',
  ref: 'a non-empty id or an object with one',
  strings: 'an array of strings',
  ids: 'an array of ids (strings or numbers)',
  record: 'an object of string values',
  bytes: 'a string or a Uint8Array',
  signal: 'an AbortSignal',
  list: 'an array',
  object: 'an object',
  any: 'anything',
};

function matchesForm(value: unknown, form: OptionForm): boolean {
  if (typeof form === 'object') return form.oneOf.includes(value as string | number | boolean);
  switch (form) {
    case 'string':
      return typeof value === 'string';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'ref':
      return isRef(value);
    case 'strings':
      return Array.isArray(value) && value.every((v) => typeof v === 'string');
    case 'ids':
      return Array.isArray(value) && value.every((v) => (typeof v === 'string' && v !== '') || (typeof v === 'number' && Number.isFinite(v)));
    case 'record':
      return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.values(value).every((v) => typeof v === 'string');
    case 'bytes':
      return typeof value === 'string' || value instanceof Uint8Array;
    case 'signal':
      return value instanceof AbortSignal;
    case 'list':
      return Array.isArray(value);
    case 'object':
      return typeof value === 'object' && value !== null && !Array.isArray(value);
    case 'any':
      return true;
  }
}

function isRef(value: unknown): boolean {
  if (typeof value === 'string') return value.trim() !== '';
  if (typeof value !== 'object' || value === null) return false;
  const id = (value as { id?: unknown }).id;
  return typeof id === 'string' && id.trim() !== '';
}

function formText(form: OptionForm): string {
  return typeof form === 'object' ? `one of ${form.oneOf.map((v) => JSON.stringify(v)).join(', ')}` : OPTION_KIND_TEXT[form];
}

function shown(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return value.length > 40 ? `a string of ${value.length} characters` : JSON.stringify(value);
  if (typeof value === 'object') return 'an object';
  return String(value);
}

/**
 * Checks the options object of a call: an object, every key known to `spec`, every
 * value (other than `undefined`) of the form its rule allows. Required options are
 * left to the method (it knows how to say what is missing).
 *
 * @throws {InvalidArgumentError} naming the option: `<method>: unknown option "metadata"
 *   (known: ...)` or `<method>: option "name" must be a string (got 42)`; option
 *   `options` when `options` is not an object.
 * @example
 * ```ts
 * checkCallOptions(options, 'createNode', { name: 'string', size: 'ref', image: 'ref', exTags: 'strings' });
 * ```
 */
export function checkCallOptions(options: unknown, method: string, spec: OptionSpec): void {
  requireOptionsObject(options, method);
  for (const [key, value] of Object.entries(options as object)) {
    const rule = Object.prototype.hasOwnProperty.call(spec, key) ? spec[key] : undefined;
    if (rule === undefined) {
      throw new InvalidArgumentError(`${method}: unknown option ${JSON.stringify(key)} (known: ${Object.keys(spec).sort().join(', ')})`, { option: key });
    }
    if (value === undefined) continue;
    const forms: readonly OptionForm[] = Array.isArray(rule) ? (rule as readonly OptionForm[]) : [rule as OptionForm];
    if (!forms.some((form) => matchesForm(value, form))) {
      throw new InvalidArgumentError(`${method}: option ${JSON.stringify(key)} must be ${forms.map(formText).join(' or ')} (got ${shown(value)})`, { option: key });
    }
  }
}

/**
 * The id of a value object (`{ id }`) or the id itself, for a positional argument.
 *
 * @throws {InvalidArgumentError} naming `argument` when `value` is neither (`null`, a
 *   number, an empty string, an object without a string id).
 * @example
 * ```ts
 * const id = requireRef(node, 'node');
 * ```
 */
export function requireRef(value: unknown, argument: string): string {
  if (!isRef(value)) throw new InvalidArgumentError(`${argument} must be a non-empty id or an object with one (got ${shown(value)})`, { option: argument });
  return typeof value === 'string' ? value : (value as { id: string }).id;
}

/**
 * The id of a value object (`{ id }`) or the id itself, as given (an empty string stays
 * empty: callers that need a non-empty id check it with their own option name).
 *
 * @throws {InvalidArgumentError} naming `argument` when `value` is neither a string nor
 *   an object with a string `id` (`null`, `undefined`, a number).
 */
export function refOf(value: unknown, argument: string): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && value !== null && typeof (value as { id?: unknown }).id === 'string') return (value as { id: string }).id;
  throw new InvalidArgumentError(`${argument} must be an id or an object with one (got ${shown(value)})`, { option: argument });
}

/**
 * Checks a positional argument that is a value object or its id/name string.
 *
 * @throws {InvalidArgumentError} naming `argument` for `null`, `undefined`, numbers and
 *   other non-objects, and for an empty string.
 */
export function requireObjectOrId(value: unknown, argument: string): void {
  if (typeof value === 'string' ? value.trim() === '' : typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InvalidArgumentError(`${argument} must be a non-empty id or name, or the object itself (got ${shown(value)})`, { option: argument });
  }
}

/**
 * Checks an optional location argument (`listSizes(location?)`, `listImages(location?)`):
 * absent, a non-empty id, or an object with one.
 *
 * @throws {InvalidArgumentError} (option `location`) otherwise.
 */
export function checkOptionalLocation(location: unknown): void {
  if (location !== undefined) requireRef(location, 'location');
}
