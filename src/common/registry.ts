/**
 * The generic driver registry: one per area, with lazy entries and `setDriver` for
 * third-party drivers.
 */
import type { DriverOptions } from './base-driver.js';
import { DriverAlreadyRegisteredError, InvalidArgumentError, UnknownProviderError } from './errors/index.js';

/** The areas nubes covers. */
export enum DriverType {
  /** Servers: `nubes/compute`. */
  COMPUTE = 'compute',
  /** Object storage: `nubes/storage`. */
  STORAGE = 'storage',
  /** Zones and records: `nubes/dns`. */
  DNS = 'dns',
  /** Load balancers: `nubes/loadbalancer`. */
  LOADBALANCER = 'loadbalancer',
}

/**
 * Any driver constructor: `new Driver(key, secret?, options?)`. Options are typed as the
 * options every driver accepts; a driver's own extra options are on its class.
 */
export type DriverConstructor<D = unknown> = new (key: string, secret?: string, options?: DriverOptions) => D;

/**
 * A driver class whose constructor requires the secret (AWS, OpenStack, Azure Storage ...):
 * `new Driver(key)` does not compile. The constructor still checks it at run time.
 */
export type SecretDriverConstructor<D = unknown> = new (key: string, secret: string, options?: DriverOptions) => D;

/** A registry entry: the class, or a function returning it (resolved on first use). */
export type DriverEntry<D> = DriverConstructor<D> | (() => DriverConstructor<D>);

function isClass(entry: unknown): boolean {
  return typeof entry === 'function' && /^class[\s{]/.test(Function.prototype.toString.call(entry));
}

/**
 * What an area's providers.ts lists: each built-in provider's driver class (or a function
 * returning it, resolved on first use).
 */
export type BuiltInDrivers<D> = Readonly<Record<string, DriverEntry<D> | SecretDriverConstructor<D>>>;

/**
 * The registry of an area from its built-in providers: the one factory the four areas'
 * providers.ts use (a new provider is one line in that map).
 *
 * @typeParam D - the area's base driver type.
 */
export function defineRegistry<D>(area: DriverType, builtIns: BuiltInDrivers<D>): DriverRegistry<D> {
  // A class that requires its secret is stored as a DriverConstructor: `registry.get()` of
  // an untyped name cannot know which class it gets; the constructor checks at run time.
  return new DriverRegistry<D>(area, builtIns as Readonly<Record<string, DriverEntry<D>>>);
}

/**
 * Maps provider names to driver classes for one area.
 *
 * @typeParam D - the area's base driver type.
 */
export class DriverRegistry<D> {
  /** The area this registry serves. */
  readonly area: DriverType;
  readonly #entries = new Map<string, DriverEntry<D>>();
  readonly #resolved = new Map<string, DriverConstructor<D>>();

  constructor(area: DriverType, entries: Readonly<Record<string, DriverEntry<D>>> = {}) {
    this.area = area;
    for (const [name, entry] of Object.entries(entries)) this.#entries.set(name, entry);
  }

  /** Provider names known to this registry, sorted. */
  providers(): string[] {
    return [...this.#entries.keys()].sort();
  }

  /** True when `provider` is registered. */
  has(provider: string): boolean {
    return this.#entries.has(provider);
  }

  /**
   * The driver class for `provider` (synchronous).
   *
   * @throws {UnknownProviderError} listing the known providers.
   */
  get(provider: string): DriverConstructor<D> {
    const resolved = this.#resolved.get(provider);
    if (resolved) return resolved;
    const entry = this.#entries.get(provider);
    if (!entry) {
      throw new UnknownProviderError(
        `Unknown ${this.area} provider ${JSON.stringify(provider)}. Known: ${this.providers().join(', ') || '(none)'}`,
        { option: 'provider' },
      );
    }
    const cls = isClass(entry) ? (entry as DriverConstructor<D>) : (entry as () => DriverConstructor<D>)();
    this.#resolved.set(provider, cls);
    return cls;
  }

  /**
   * Registers a third-party driver.
   *
   * @throws {DriverAlreadyRegisteredError} when the name is taken.
   * @example
   * ```ts
   * import { setDriver } from 'nubes/compute';
   * setDriver('my-cloud', MyCloudNodeDriver);
   * ```
   */
  set(provider: string, entry: DriverEntry<D>): void {
    if (typeof provider !== 'string' || provider.trim() === '') {
      throw new InvalidArgumentError('provider must be a non-empty string', { option: 'provider' });
    }
    if (typeof entry !== 'function') {
      throw new InvalidArgumentError(`The driver for ${JSON.stringify(provider)} must be a class or a function returning one`, {
        option: 'driver',
      });
    }
    if (this.#entries.has(provider)) {
      throw new DriverAlreadyRegisteredError(`A ${this.area} driver named ${JSON.stringify(provider)} is already registered`, {
        option: 'provider',
      });
    }
    this.#entries.set(provider, entry);
  }
}

/**
 * Driver class per area, filled in by each area through declaration merging, so
 * `getDriver(DriverType.COMPUTE, ...)` is typed as the compute driver class.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- augmented by each area
export interface AreaDriverClasses {}

/** The driver class type `getDriver(type, ...)` returns for an area. */
export type AreaDriverClass<T extends DriverType> = T extends keyof AreaDriverClasses
  ? AreaDriverClasses[T]
  : DriverConstructor;
