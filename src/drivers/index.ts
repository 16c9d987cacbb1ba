/**
 * `getDriver(type, provider)` over every area's registry.
 */
import { DriverType, type AreaDriverClass, type DriverRegistry } from '../common/registry.js';
import { InvalidArgumentError } from '../common/errors/index.js';
import { registry as compute } from './compute/providers.js';
import { registry as dns } from './dns/providers.js';
import { registry as loadbalancer } from './loadbalancer/providers.js';
import { registry as storage } from './storage/providers.js';

const registries: Record<DriverType, DriverRegistry<unknown>> = {
  [DriverType.COMPUTE]: compute,
  [DriverType.STORAGE]: storage,
  [DriverType.DNS]: dns,
  [DriverType.LOADBALANCER]: loadbalancer,
};

/**
 * The driver class of `provider` in the area `type` (synchronous).
 *
 * @throws {InvalidArgumentError} for an unknown area; {@link UnknownProviderError} for an unknown provider.
 * @example
 * ```ts
 * import { getDriver, DriverType } from 'nubes';
 *
 * const Dummy = getDriver(DriverType.COMPUTE, 'dummy');
 * const driver = new Dummy('key');
 * const nodes = await driver.listNodes();
 * ```
 */
export function getDriver<T extends DriverType>(type: T, provider: string): AreaDriverClass<T> {
  const registry = registries[type];
  if (!registry) {
    throw new InvalidArgumentError(
      `Unknown driver type ${JSON.stringify(type)} (known: ${Object.values(DriverType).join(', ')})`,
      { option: 'type' },
    );
  }
  return registry.get(provider) as AreaDriverClass<T>;
}

/**
 * The registry of an area, for listing providers.
 *
 * @example
 * ```ts
 * import { getRegistry, DriverType } from 'nubes';
 *
 * console.log(getRegistry(DriverType.STORAGE).providers()); // ['azure-blobs', 'local', 's3', ...]
 * ```
 */
export function getRegistry(type: DriverType): DriverRegistry<unknown> {
  const registry = registries[type];
  if (!registry) throw new InvalidArgumentError(`Unknown driver type ${JSON.stringify(type)}`, { option: 'type' });
  return registry;
}
