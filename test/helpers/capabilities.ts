/**
 * Capability conformance for driver tests: what a driver declares in `static
 * capabilities` must be what it overrides, and the other way round. Used by the tests
 * of every driver of every area.
 *
 * @example
 * ```ts
 * import { COMPUTE_METHODS, NodeDriver } from '../../../src/drivers/compute/index.js';
 * it('declares exactly the methods it implements', () => {
 *   expectCapabilitiesImplemented(MyNodeDriver, NodeDriver, COMPUTE_METHODS, { derived: { getKeyPair: 'listKeyPairs' } });
 * });
 * ```
 */
import { expect } from 'vitest';

/** A class, as far as this helper looks at it. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any constructor signature
type AnyClass = abstract new (...args: any[]) => unknown;

/** Options of {@link expectCapabilitiesImplemented}. */
export interface CapabilityCheckOptions {
  /**
   * Capabilities the base class derives from another one (e.g. compute's `getKeyPair`
   * looks through `listKeyPairs`): declaring them without an override is fine as long
   * as the source capability is implemented.
   */
  derived?: Readonly<Record<string, string>>;
  /**
   * Capabilities a driver implements by overriding another (protected) method, e.g.
   * storage downloads through `openDownload`, which the base verifies.
   */
  implementedBy?: Readonly<Record<string, string>>;
}

/** Where `name` is defined between `Driver.prototype` (inclusive) and `Base.prototype` (exclusive). */
function isOverridden(Driver: AnyClass, Base: AnyClass, name: string): boolean {
  let proto: object | null = Driver.prototype as object;
  while (proto && proto !== Base.prototype) {
    if (Object.prototype.hasOwnProperty.call(proto, name)) return true;
    proto = Object.getPrototypeOf(proto) as object | null;
  }
  return false;
}

/** `listNodes` → `iterateNodes`: paged listings may be implemented through their iterator twin. */
function twinOf(method: string): string | undefined {
  return method.startsWith('list') ? `iterate${method.slice(4)}` : undefined;
}

/**
 * The problems found (empty when the driver is consistent): a declared capability
 * whose method is still the base's, or an overridden method that is not declared.
 */
export function capabilityProblems(
  Driver: AnyClass & { readonly capabilities?: readonly string[] },
  Base: AnyClass,
  methods: readonly string[],
  options: CapabilityCheckOptions = {},
): string[] {
  const declared = new Set<string>(Driver.capabilities ?? []);
  const derived = options.derived ?? {};
  const implementedBy = options.implementedBy ?? {};
  const implemented = (method: string): boolean => {
    const through = implementedBy[method];
    if (through !== undefined && isOverridden(Driver, Base, through)) return true;
    const twin = twinOf(method);
    return isOverridden(Driver, Base, method) || (twin !== undefined && twin in (Base.prototype as object) && isOverridden(Driver, Base, twin));
  };
  const problems: string[] = [];
  for (const name of declared) {
    if (!methods.includes(name)) problems.push(`${Driver.name} declares ${name}, which is not a method of ${Base.name}`);
  }
  for (const method of methods) {
    const has = implemented(method);
    const source = derived[method];
    if (declared.has(method) && !has) {
      if (source !== undefined && declared.has(source) && implemented(source)) continue;
      problems.push(`${Driver.name} declares ${method} but does not override it (the ${Base.name} method would run)`);
    }
    if (!declared.has(method) && has) {
      problems.push(`${Driver.name} overrides ${method} but does not declare it in static capabilities`);
    }
  }
  return problems;
}

/**
 * Asserts that every capability `Driver` declares is overridden (the base method is
 * not what runs) and that every method it overrides is declared.
 *
 * @param Driver - the driver class under test.
 * @param Base - the area's base class (`NodeDriver`, `StorageDriver`, ...).
 * @param methods - every method of the area (`COMPUTE_METHODS`, ...).
 */
export function expectCapabilitiesImplemented(
  Driver: AnyClass & { readonly capabilities?: readonly string[] },
  Base: AnyClass,
  methods: readonly string[],
  options: CapabilityCheckOptions = {},
): void {
  expect(capabilityProblems(Driver, Base, methods, options)).toEqual([]);
}
