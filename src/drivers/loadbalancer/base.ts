/**
 * The load balancer API: LoadBalancer, Member, Algorithm, State and the
 * LoadBalancerDriver base every load balancer driver extends.
 */
import { BaseDriver, type DriverOptions } from '../../common/base-driver.js';
import { bindDriver, notSupported, supports } from '../../common/capabilities.js';
import { LoadBalancerDoesNotExistError } from '../../common/errors/index.js';
import { collect } from '../../common/pagination.js';
import type { Connection } from '../../connection/connection.js';

/** Provider-specific extra fields. */
export type Extra = Record<string, unknown>;

/** States of a balancer, normalised. */
export enum State {
  RUNNING = 'running',
  PENDING = 'pending',
  UNKNOWN = 'unknown',
  ERROR = 'error',
  DELETED = 'deleted',
}

/** Balancing algorithms, normalised. */
export enum Algorithm {
  RANDOM = 'random',
  ROUND_ROBIN = 'round_robin',
  LEAST_CONNECTIONS = 'least_connections',
  WEIGHTED_ROUND_ROBIN = 'weighted_round_robin',
  WEIGHTED_LEAST_CONNECTIONS = 'weighted_least_connections',
  SHORTEST_RESPONSE = 'shortest_response',
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
  id: string;
  ip: string | undefined;
  port: number | undefined;
  extra: E;
}

/** A balancer member (backend). */
export class Member<E extends object = Extra> {
  readonly id: string;
  readonly ip: string | undefined;
  readonly port: number | undefined;
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
  id: string;
  name: string;
  state: State;
  /** Public IP or DNS name. */
  ip: string | undefined;
  port: number | undefined;
  extra: E;
}

/** A load balancer. Shortcut methods call the driver. */
export class LoadBalancer<E extends object = Extra> {
  declare readonly driver: LoadBalancerDriver;
  readonly id: string;
  readonly name: string;
  readonly state: State;
  readonly ip: string | undefined;
  readonly port: number | undefined;
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
  readonly id: string;
  readonly publicIps: readonly string[];
  readonly privateIps: readonly string[];
}

/** Options of {@link LoadBalancerDriver.createBalancer}. */
export interface CreateBalancerOptions {
  name: string;
  port: number;
  /** One of `listProtocols()`. */
  protocol: string;
  /** One of `listSupportedAlgorithms()` (default round robin). */
  algorithm?: Algorithm;
  members?: readonly Member<object>[];
}

/** Options of {@link LoadBalancerDriver.updateBalancer}: what changes. */
export type UpdateBalancerOptions = Partial<Omit<CreateBalancerOptions, 'members'>>;

/** The id of a balancer, or the id itself. */
export function balancerId(balancer: LoadBalancer<object> | string): string {
  return typeof balancer === 'string' ? balancer : balancer.id;
}

/**
 * The base of every load balancer driver.
 *
 * @example
 * ```ts
 * const lb = await driver.createBalancer({ name: 'web', port: 80, protocol: 'http', members: [new Member({ id: '', ip: '10.0.0.5', port: 8080, extra: {} })] });
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
