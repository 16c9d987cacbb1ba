/**
 * The LoadBalancerDriver base every load balancer driver extends. The vocabulary lives in
 * types.ts and is re-exported here, so every existing import keeps working.
 */
import { requireString } from '../../common/validate.js';
import { BaseDriver, type DriverOptions } from '../../common/base-driver.js';
import { notSupported, supports } from '../../common/capabilities.js';
import { InvalidArgumentError, LoadBalancerDoesNotExistError } from '../../common/errors/index.js';
import type { ExtraOf } from '../../common/extra-of.js';
import { collect } from '../../common/pagination.js';
import type { Connection } from '../../connection/connection.js';
import type { CallOptions } from '../../common/call-options.js';
import { type LoadBalancerExtras, Algorithm, type LoadBalancerMethod, Member, LoadBalancer, type ComputeNodeLike, type CreateBalancerOptions, type UpdateBalancerOptions } from './types.js';

export * from './types.js';

/**
 * The base of every load balancer driver.
 *
 * @example
 * ```ts
 * import { Member, type LoadBalancerDriver } from 'nubes/loadbalancer';
 *
 * async function webBalancer(driver: LoadBalancerDriver) {
 *   return driver.createBalancer({
 *     name: 'web', port: 80, protocol: 'http',
 *     members: [new Member({ id: '', ip: '10.0.0.5', port: 8080, extra: {} })],
 *   });
 * }
 * ```
 */
export abstract class LoadBalancerDriver<
  C extends Connection = Connection,
  O extends DriverOptions = DriverOptions,
  X extends LoadBalancerExtras = LoadBalancerExtras,
> extends BaseDriver<C, O> {
  /** The methods this driver implements. */
  static readonly capabilities: readonly LoadBalancerMethod[] = [];

  /** True when this driver implements `method`. */
  supports(method: LoadBalancerMethod): boolean {
    return supports(this, method);
  }

  /** Throws NotSupportedError for `method`. */
  protected notSupported(method: LoadBalancerMethod | string): never {
    return notSupported(this, method);
  }

  /** Protocols a balancer can listen with (`http`, `https`, `tcp`, ...). */
  abstract listProtocols(): string[];

  /** Algorithms this provider supports. */
  abstract listSupportedAlgorithms(): Algorithm[];

  /**
   * Refuses, before any request, an algorithm that is not one of `listSupportedAlgorithms()`.
   *
   * @throws {InvalidArgumentError} naming the option `algorithm`.
   */
  protected checkAlgorithm(algorithm: Algorithm): Algorithm {
    const supported = this.listSupportedAlgorithms();
    if (!supported.includes(algorithm)) {
      throw new InvalidArgumentError(`${this.name} supports ${supported.join(', ')} (got ${String(algorithm)})`, { option: 'algorithm' });
    }
    return algorithm;
  }

  /** All balancers. */
  async listBalancers(_options?: CallOptions): Promise<LoadBalancer<ExtraOf<X, 'balancer'>>[]> {
    if (this.iterateBalancers === LoadBalancerDriver.prototype.iterateBalancers) this.notSupported('listBalancers');
    return collect(this.iterateBalancers());
  }

  /** All balancers, page by page. */
  async *iterateBalancers(_options?: CallOptions): AsyncGenerator<LoadBalancer<ExtraOf<X, 'balancer'>>, void, undefined> {
    if (this.listBalancers === LoadBalancerDriver.prototype.listBalancers) this.notSupported('listBalancers');
    yield* await this.listBalancers();
  }

  /**
   * One balancer by id.
   *
   * @throws {LoadBalancerDoesNotExistError}
   */
  async getBalancer(id: string, _options?: CallOptions): Promise<LoadBalancer<ExtraOf<X, 'balancer'>>> {
    requireString(id, 'id');
    for await (const b of this.iterateBalancers()) if (b.id === id) return b;
    throw new LoadBalancerDoesNotExistError(`${this.name}: load balancer ${JSON.stringify(id)} does not exist`, { provider: this.type });
  }

  /** Creates a balancer. */
  async createBalancer(_options: CreateBalancerOptions): Promise<LoadBalancer> {
    return this.notSupported('createBalancer');
  }

  /** Changes a balancer's settings. */
  async updateBalancer(_balancer: LoadBalancer<object> | string, _options: UpdateBalancerOptions): Promise<LoadBalancer> {
    return this.notSupported('updateBalancer');
  }

  /** Destroys a balancer. */
  async destroyBalancer(_balancer: LoadBalancer<object> | string, _options?: CallOptions): Promise<void> {
    return this.notSupported('destroyBalancer');
  }

  /** Adds a member. */
  async balancerAttachMember(_balancer: LoadBalancer<object> | string, _member: Member<object>, _options?: CallOptions): Promise<Member> {
    return this.notSupported('balancerAttachMember');
  }

  /** Adds a compute node as a member (by id where the provider supports it, else by IP). */
  async balancerAttachComputeNode(_balancer: LoadBalancer<object> | string, _node: ComputeNodeLike, _options?: CallOptions): Promise<Member> {
    return this.notSupported('balancerAttachComputeNode');
  }

  /** Removes a member. */
  async balancerDetachMember(_balancer: LoadBalancer<object> | string, _member: Member<object>, _options?: CallOptions): Promise<void> {
    return this.notSupported('balancerDetachMember');
  }

  /** The members of a balancer. */
  async balancerListMembers(_balancer: LoadBalancer<object> | string, _options?: CallOptions): Promise<Member[]> {
    return this.notSupported('balancerListMembers');
  }
}
