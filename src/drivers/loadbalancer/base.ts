/**
 * The load balancer API: LoadBalancer, Member, Algorithm, State and the
 * LoadBalancerDriver base every load balancer driver extends.
 */
import { refOf, requireString } from '../../common/validate.js';
import { BaseDriver, type DriverOptions } from '../../common/base-driver.js';
import { bindDriver, notSupported, supports } from '../../common/capabilities.js';
import { InvalidArgumentError, LoadBalancerDoesNotExistError } from '../../common/errors/index.js';
import { collect } from '../../common/pagination.js';
import type { Connection } from '../../connection/connection.js';

/** Provider-specific extra fields. */
export type Extra = Record<string, unknown>;

/** States of a balancer, normalised. */
export enum State {
  /** Serving traffic. */
  RUNNING = 'running',
  /** Being created or changed. */
  PENDING = 'pending',
  /** A state nubes does not map; the provider's value is in `extra`. */
  UNKNOWN = 'unknown',
  /** The provider reports a failure. */
  ERROR = 'error',
  /** Deleted. */
  DELETED = 'deleted',
}

/** Balancing algorithms, normalised. */
export enum Algorithm {
  /** A random member per connection. */
  RANDOM = 'random',
  /** Members in turn. */
  ROUND_ROBIN = 'round_robin',
  /** The member with the fewest open connections. */
  LEAST_CONNECTIONS = 'least_connections',
  /** Members in turn, in proportion to their weights. */
  WEIGHTED_ROUND_ROBIN = 'weighted_round_robin',
  /** Fewest connections relative to weight. */
  WEIGHTED_LEAST_CONNECTIONS = 'weighted_least_connections',
  /** The member answering fastest. */
  SHORTEST_RESPONSE = 'shortest_response',
  /** The same member for the same client IP. */
  PERSISTENT_IP = 'persistent_ip',
}

/** Every method a load balancer driver may implement. */
export type LoadBalancerMethod =
  | 'listBalancers'
  | 'getBalancer'
  | 'createBalancer'
  | 'updateBalancer'
  | 'destroyBalancer'
  | 'balancerAttachMember'
  | 'balancerAttachComputeNode'
  | 'balancerDetachMember'
  | 'balancerListMembers';

/** All load balancer methods, in documentation order. */
export const LOADBALANCER_METHODS: readonly LoadBalancerMethod[] = [
  'listBalancers',
  'getBalancer',
  'createBalancer',
  'updateBalancer',
  'destroyBalancer',
  'balancerAttachMember',
  'balancerAttachComputeNode',
  'balancerDetachMember',
  'balancerListMembers',
];

/** Fields of a {@link Member}. */
export interface MemberInit<E extends object = Extra> {
  /** Provider id of the member (a node id where the provider attaches nodes; may be empty before attaching). */
  id: string;
  /** Address traffic goes to. */
  ip: string | undefined;
  /** Port traffic goes to. */
  port: number | undefined;
  /** Provider-specific fields, typed per driver. */
  extra: E;
}

/** A balancer member (backend). */
export class Member<E extends object = Extra> {
  /** Provider id of the member. */
  readonly id: string;
  /** Address traffic goes to. */
  readonly ip: string | undefined;
  /** Port traffic goes to. */
  readonly port: number | undefined;
  /** Provider-specific fields, typed per driver. */
  readonly extra: E;

  constructor(init: MemberInit<E>) {
    this.id = init.id;
    this.ip = init.ip;
    this.port = init.port;
    this.extra = init.extra;
  }
}

/** Fields of a {@link LoadBalancer}. */
export interface LoadBalancerInit<E extends object = Extra> {
  /** Provider id. */
  id: string;
  /** Name. */
  name: string;
  /** Normalised state. */
  state: State;
  /** Public IP or DNS name. */
  ip: string | undefined;
  /** Port it listens on. */
  port: number | undefined;
  /** Provider-specific fields, typed per driver. */
  extra: E;
}

/**
 * A load balancer. Shortcut methods call the driver.
 *
 * @example
 * ```ts
 * import type { LoadBalancerDriver } from 'nubes/loadbalancer';
 * import type { Node } from 'nubes/compute';
 *
 * async function addToFirstBalancer(lb: LoadBalancerDriver, node: Node): Promise<void> {
 *   const [balancer] = await lb.listBalancers();
 *   if (!balancer) return;
 *   await balancer.attachComputeNode(node);
 *   console.log((await balancer.listMembers()).map((m) => `${m.ip}:${m.port}`));
 * }
 * ```
 */
export class LoadBalancer<E extends object = Extra> {
  /** The driver this value came from (not enumerable: it stays out of JSON and test equality). */
  declare readonly driver: LoadBalancerDriver;
  /** Provider id. */
  readonly id: string;
  /** Name. */
  readonly name: string;
  /** Normalised state. */
  readonly state: State;
  /** Public IP or DNS name. */
  readonly ip: string | undefined;
  /** Port it listens on. */
  readonly port: number | undefined;
  /** Provider-specific fields, typed per driver. */
  readonly extra: E;

  constructor(init: LoadBalancerInit<E>, driver: LoadBalancerDriver) {
    this.id = init.id;
    this.name = init.name;
    this.state = init.state;
    this.ip = init.ip;
    this.port = init.port;
    this.extra = init.extra;
    bindDriver(this, driver);
  }

  /** Adds a member. */
  attachMember(member: Member<object>): Promise<Member> {
    return this.driver.balancerAttachMember(this, member);
  }

  /** Adds a compute node as a member. */
  attachComputeNode(node: ComputeNodeLike): Promise<Member> {
    return this.driver.balancerAttachComputeNode(this, node);
  }

  /** Removes a member. */
  detachMember(member: Member<object>): Promise<void> {
    return this.driver.balancerDetachMember(this, member);
  }

  /** The members. */
  listMembers(): Promise<Member[]> {
    return this.driver.balancerListMembers(this);
  }

  /** Destroys this balancer. */
  destroy(): Promise<void> {
    return this.driver.destroyBalancer(this);
  }
}

/** What `balancerAttachComputeNode` needs of a compute Node (kept structural, so areas stay independent). */
export interface ComputeNodeLike {
  /** The node id. */
  readonly id: string;
  /** Its public addresses. */
  readonly publicIps: readonly string[];
  /** Its private addresses. */
  readonly privateIps: readonly string[];
}

/** Options of {@link LoadBalancerDriver.createBalancer}. */
export interface CreateBalancerOptions {
  /** Name of the balancer. */
  name: string;
  /** Port it listens on. */
  port: number;
  /** One of `listProtocols()`. */
  protocol: string;
  /** One of `listSupportedAlgorithms()` (default round robin). */
  algorithm?: Algorithm;
  /** Members to attach at creation. */
  members?: readonly Member<object>[];
}

/** Options of {@link LoadBalancerDriver.updateBalancer}: what changes. */
export type UpdateBalancerOptions = Partial<Omit<CreateBalancerOptions, 'members'>>;

/** The id of a balancer, or the id itself. */
export function balancerId(balancer: LoadBalancer<object> | string, argument = 'balancer'): string {
  return refOf(balancer, argument);
}

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
export abstract class LoadBalancerDriver<C extends Connection = Connection, O extends DriverOptions = DriverOptions> extends BaseDriver<C, O> {
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
  async listBalancers(): Promise<LoadBalancer[]> {
    if (this.iterateBalancers === LoadBalancerDriver.prototype.iterateBalancers) this.notSupported('listBalancers');
    return collect(this.iterateBalancers());
  }

  /** All balancers, page by page. */
  async *iterateBalancers(): AsyncGenerator<LoadBalancer, void, undefined> {
    if (this.listBalancers === LoadBalancerDriver.prototype.listBalancers) this.notSupported('listBalancers');
    yield* await this.listBalancers();
  }

  /**
   * One balancer by id.
   *
   * @throws {LoadBalancerDoesNotExistError}
   */
  async getBalancer(id: string): Promise<LoadBalancer> {
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
  async destroyBalancer(_balancer: LoadBalancer<object> | string): Promise<void> {
    return this.notSupported('destroyBalancer');
  }

  /** Adds a member. */
  async balancerAttachMember(_balancer: LoadBalancer<object> | string, _member: Member<object>): Promise<Member> {
    return this.notSupported('balancerAttachMember');
  }

  /** Adds a compute node as a member (by id where the provider supports it, else by IP). */
  async balancerAttachComputeNode(_balancer: LoadBalancer<object> | string, _node: ComputeNodeLike): Promise<Member> {
    return this.notSupported('balancerAttachComputeNode');
  }

  /** Removes a member. */
  async balancerDetachMember(_balancer: LoadBalancer<object> | string, _member: Member<object>): Promise<void> {
    return this.notSupported('balancerDetachMember');
  }

  /** The members of a balancer. */
  async balancerListMembers(_balancer: LoadBalancer<object> | string): Promise<Member[]> {
    return this.notSupported('balancerListMembers');
  }
}
