/**
 * Capabilities: each driver declares which of its area's methods it implements, so
 * docs print a support matrix and an unsupported call fails with a typed
 * NotSupportedError naming the driver and the method — never a silent no-op.
 */
import { NotSupportedError } from './errors/index.js';

/** The static side of a driver class that declares capabilities. */
export interface CapabilityStatics<M extends string> {
  /** The area methods the driver class implements. */
  readonly capabilities: readonly M[];
}

/** True when the driver class of `driver` declares `method`. */
export function supports<M extends string>(driver: object, method: M): boolean {
  const statics = driver.constructor as unknown as Partial<CapabilityStatics<M>>;
  return statics.capabilities?.includes(method) ?? false;
}

/** Throws the NotSupportedError for `method` on `driver`. */
export function notSupported(driver: { readonly name: string }, method: string): never {
  throw new NotSupportedError(`${driver.name} does not support ${method}() (see the support matrix in docs/)`, {
    driver: driver.name,
    method,
  });
}

/**
 * Attaches the driver to a value object as a non-enumerable property, so shortcut
 * methods (`node.reboot()`) work while `JSON.stringify(node)` and test equality see
 * only the data.
 */
export function bindDriver<T extends object, D>(value: T, driver: D): T & {
  /** The driver the value came from (not enumerable). */
  readonly driver: D;
} {
  Object.defineProperty(value, 'driver', { value: driver, enumerable: false, writable: false, configurable: false });
  return value as T & { readonly driver: D };
}
