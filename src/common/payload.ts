/**
 * Checks of provider payloads, shared by every mapper (provider payload → nubes value).
 *
 * A provider answering with a `null` item, an item without its id, or a size that is not
 * a number must give a {@link MalformedResponseError} naming the provider, the item and
 * the field — never a raw `TypeError` from deep inside a mapper, and never a value with
 * an empty id. Mappers declare the fields they need with {@link defineMapper} (JSON) or
 * {@link defineXmlMapper} (XML); the declaration is checked before the mapper runs, and
 * is what the validation table (test/validation/) reads to feed every mapper malformed
 * items, so a new driver's mappers are checked without writing a test for each.
 */
import { MalformedResponseError } from './errors/index.js';
import { xmlText, type XmlElement } from './xml.js';

/**
 * What a field must be. `id` is a non-empty string or a finite number (providers use
 * both); `string` may be empty; `number` is finite; `list` is an array; `object` is a
 * non-null, non-array object. A trailing `?` makes the field optional: absent or `null`
 * is accepted, any other wrong type is still refused.
 */
export type FieldKind = 'id' | 'string' | 'number' | 'integer' | 'boolean' | 'list' | 'object';

/** A field kind, optionally marked optional with a trailing `?`. */
export type FieldSpec = FieldKind | `${FieldKind}?`;

/** The fields a JSON mapper needs, by member name. */
export type PayloadShape = Readonly<Record<string, FieldSpec>>;

/** Where a payload came from: the provider (driver type) and what the item is (`droplet`, `record`). */
export interface PayloadContext {
  /** Provider (driver type), e.g. `digitalocean`. */
  readonly provider: string;
  /** What the item is, e.g. `droplet`, `domain record`. */
  readonly what: string;
}

/**
 * The error for a malformed item: names the provider, the item and the field.
 *
 * @example
 * ```ts
 * throw malformed({ provider: 'linode', what: 'instance' }, 'id', 'a string or number', null);
 * // MalformedResponseError: linode returned a malformed instance: field "id" must be a string or number (got null)
 * ```
 */
export function malformed(ctx: PayloadContext, field: string | undefined, expected: string, got: unknown): MalformedResponseError {
  const where = field === undefined ? `the ${ctx.what} must be ${expected}` : `field "${field}" must be ${expected}`;
  return new MalformedResponseError(`${ctx.provider} returned a malformed ${ctx.what}: ${where} (got ${describe(got)})`, {
    provider: ctx.provider,
  });
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return value.length > 40 ? `a string of ${value.length} characters` : JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return `a ${typeof value}`;
}

const EXPECTED: Readonly<Record<FieldKind, string>> = {
  id: 'a non-empty string or a number',
  string: 'a string',
  number: 'a number',
  integer: 'an integer',
  boolean: 'a boolean',
  list: 'a list',
  object: 'an object',
};

function isKind(value: unknown, kind: FieldKind): boolean {
  switch (kind) {
    case 'id':
      return (typeof value === 'string' && value !== '') || (typeof value === 'number' && Number.isFinite(value));
    case 'string':
      return typeof value === 'string';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'list':
      return Array.isArray(value);
    case 'object':
      return typeof value === 'object' && value !== null && !Array.isArray(value);
  }
}

/**
 * Returns `value` as an object when it is one (not `null`, not an array).
 *
 * @throws {MalformedResponseError} naming the provider and the item otherwise.
 */
export function requireItem(value: unknown, ctx: PayloadContext): Record<string, unknown> {
  if (!isKind(value, 'object')) throw malformed(ctx, undefined, 'an object', value);
  return value as Record<string, unknown>;
}

/**
 * Returns `obj[field]` when it is of `kind`.
 *
 * @throws {MalformedResponseError} naming the provider, the item and the field otherwise.
 * @example
 * ```ts
 * const id = requireField(json, 'id', 'id', { provider: 'vultr', what: 'instance' });
 * ```
 */
export function requireField(obj: Readonly<Record<string, unknown>>, field: string, kind: FieldKind, ctx: PayloadContext): unknown {
  const value = obj[field];
  if (!isKind(value, kind)) throw malformed(ctx, field, EXPECTED[kind], value);
  return value;
}

/**
 * Returns `obj[field]` when it is absent or `null` (as `undefined`) or of `kind`.
 *
 * @throws {MalformedResponseError} naming the provider, the item and the field for any other value.
 */
export function optionalField(obj: Readonly<Record<string, unknown>>, field: string, kind: FieldKind, ctx: PayloadContext): unknown {
  const value = obj[field];
  if (value === undefined || value === null) return undefined;
  if (!isKind(value, kind)) throw malformed(ctx, field, `${EXPECTED[kind]} when present`, value);
  return value;
}

/**
 * Returns `value` when it is an array (a listing's items).
 *
 * @throws {MalformedResponseError} naming the provider and the member otherwise.
 */
export function requireList(value: unknown, field: string, ctx: PayloadContext): unknown[] {
  if (!Array.isArray(value)) throw malformed(ctx, field, 'a list', value);
  return value;
}

/**
 * Checks an item against a shape: an object whose every field has its kind.
 *
 * @throws {MalformedResponseError} naming the provider, the item and the first wrong field.
 */
export function checkShape(value: unknown, shape: PayloadShape, ctx: PayloadContext): Record<string, unknown> {
  const obj = requireItem(value, ctx);
  for (const [field, spec] of Object.entries(shape)) {
    const optional = spec.endsWith('?');
    const kind = (optional ? spec.slice(0, -1) : spec) as FieldKind;
    if (optional) optionalField(obj, field, kind, ctx);
    else requireField(obj, field, kind, ctx);
  }
  return obj;
}

/**
 * Runs a mapper, turning a `TypeError`/`RangeError` it throws on a payload nobody
 * anticipated into a {@link MalformedResponseError} naming the provider and the item
 * (the original is its `cause`). The last line of defence behind the declared shape.
 */
export function guardMapping<T>(ctx: PayloadContext, map: () => T): T {
  try {
    return map();
  } catch (err) {
    if (err instanceof TypeError || err instanceof RangeError) {
      throw new MalformedResponseError(`${ctx.provider} returned a malformed ${ctx.what}: ${err.message}`, { provider: ctx.provider, cause: err });
    }
    throw err;
  }
}

/** The declaration {@link defineMapper} and {@link defineXmlMapper} attach to a mapper, for the validation table. */
export interface MapperDeclaration {
  /** Provider and item. */
  readonly context: PayloadContext;
  /** `json`: the first argument is a parsed JSON item; `xml`: an {@link XmlElement}. */
  readonly format: 'json' | 'xml';
  /** Required (and optional, with `?`) fields: JSON members, or XML child elements (kinds `id`, `string`, `integer`, `number`, `boolean`). */
  readonly shape: PayloadShape;
}

/** The property under which a mapper's {@link MapperDeclaration} is attached. */
export const MAPPER_DECLARATION: unique symbol = Symbol.for('nubes.mapperDeclaration');

/** A mapper function carrying its declaration. */
export type DeclaredMapper<F> = F & { readonly [MAPPER_DECLARATION]: MapperDeclaration };

/**
 * Declares a JSON mapper: before `map` runs, its first argument is checked against
 * `shape` (see {@link checkShape}), and a `TypeError` inside `map` becomes a
 * {@link MalformedResponseError} (see {@link guardMapping}).
 *
 * @example
 * ```ts
 * export const toNode = defineMapper('digitalocean', 'droplet', { id: 'id', name: 'string' },
 *   (json: DropletJson, driver: NodeDriver) => new Node({ id: String(json.id), ... }, driver));
 * ```
 */
export function defineMapper<J, A extends unknown[], R>(
  provider: string,
  what: string,
  shape: PayloadShape,
  map: (json: J, ...rest: A) => R,
): DeclaredMapper<(json: J, ...rest: A) => R> {
  const context: PayloadContext = { provider, what };
  const mapper = (json: J, ...rest: A): R => {
    checkShape(json, shape, context);
    return guardMapping(context, () => map(json, ...rest));
  };
  return Object.defineProperty(mapper, MAPPER_DECLARATION, { value: { context, format: 'json', shape } }) as DeclaredMapper<typeof mapper>;
}

/**
 * Returns the text of child `name` of an XML item when it is present and of `kind`
 * (text children: `id`/`string` are non-empty/any text, `integer`/`number` numeric text,
 * `boolean` `true`/`false`).
 *
 * @throws {MalformedResponseError} naming the provider, the item and the element otherwise.
 */
export function requireXmlText(item: XmlElement | undefined, name: string, kind: FieldKind, ctx: PayloadContext): string {
  const value = xmlText(item, name);
  if (value === undefined || !isXmlKind(value, kind)) throw malformed(ctx, name, `${EXPECTED[kind]} element`, value);
  return value;
}

function isXmlKind(text: string, kind: FieldKind): boolean {
  switch (kind) {
    case 'id':
      return text.trim() !== '';
    case 'integer':
      return /^-?\d+$/.test(text.trim());
    case 'number':
      return text.trim() !== '' && Number.isFinite(Number(text));
    case 'boolean':
      return text === 'true' || text === 'false';
    default:
      return true;
  }
}

/**
 * Declares an XML mapper: before `map` runs, its first argument must be an element
 * whose required children (see {@link requireXmlText}) are present and well-typed;
 * optional ones (`?`) must be well-typed when present.
 *
 * @example
 * ```ts
 * export const toVolume = defineXmlMapper('ec2', 'volume', { volumeId: 'id', size: 'integer' },
 *   (item: XmlElement, driver: NodeDriver) => ...);
 * ```
 */
export function defineXmlMapper<A extends unknown[], R>(
  provider: string,
  what: string,
  shape: PayloadShape,
  map: (item: XmlElement, ...rest: A) => R,
): DeclaredMapper<(item: XmlElement | undefined, ...rest: A) => R> {
  const context: PayloadContext = { provider, what };
  const mapper = (item: XmlElement | undefined, ...rest: A): R => {
    if (item === undefined) throw malformed(context, undefined, 'an element', item);
    requireItem(item, context);
    for (const [name, spec] of Object.entries(shape)) {
      const optional = spec.endsWith('?');
      const kind = (optional ? spec.slice(0, -1) : spec) as FieldKind;
      if (optional && (xmlText(item, name) ?? '') === '') continue;
      requireXmlText(item, name, kind, context);
    }
    return guardMapping(context, () => map(item, ...rest));
  };
  return Object.defineProperty(mapper, MAPPER_DECLARATION, { value: { context, format: 'xml', shape } }) as DeclaredMapper<typeof mapper>;
}

/** The declaration of a mapper made with {@link defineMapper}/{@link defineXmlMapper}, or undefined. */
export function mapperDeclaration(value: unknown): MapperDeclaration | undefined {
  return typeof value === 'function' ? (value as Partial<DeclaredMapper<unknown>>)[MAPPER_DECLARATION] : undefined;
}

/**
 * The items under `key` of a listing page: an array, or none when the member is absent.
 *
 * @throws {MalformedResponseError} naming the provider and the member when the page is
 * not an object or the member is present but not a list (`"droplets": null`, an object).
 */
export function listMember<T>(page: unknown, key: string, ctx: PayloadContext): T[] {
  const body = requireItem(page, ctx);
  const items = body[key];
  if (items === undefined) return [];
  return requireList(items, key, ctx) as T[];
}
