/**
 * The load balancer vocabulary: enums, the method list (one `as const` array, the
 * {@link LoadBalancerMethod} union derived from it), the value types and the options of the
 * area's methods. The driver base is in base.ts, which re-exports all of this, so
 * `import ... from './base.js'` keeps working.
 */
import { bindDriver } from '../../common/capabilities.js';
import type { LoadBalancerDriver } from './base.js';
import { refOf } from '../../common/validate.js';
import type { CallOptions } from '../../common/call-options.js';

/** The per-call options every method of the area takes (re-exported from the root entry). */
export type { CallOptions };

/** Provider-specific extra fields. */
export type Extra = Record<string, unknown>;

export type { ExtraOf } from '../../common/extra-of.js';

/**
 * The `extra` types of a load balancer driver's values: `{ balancer: AcmeBalancerExtra }`.
 * The base's `listBalancers`, `iterateBalancers` and `getBalancer` return it; left out,
 * it is {@link Extra}.
 */
export interface LoadBalancerExtras {
  /** `extra` of {@link LoadBalancer}. */
  balancer?: object;
}

/** {@link LoadBalancerExtras} for a driver that types its balancers: `LoadBalancerDriver<C, O, LoadBalancerExtraTypes<AcmeBalancerExtra>>`. */
export interface LoadBalancerExtraTypes<B extends object> extends LoadBalancerExtras {
  /** `extra` of {@link LoadBalancer}. */
  balancer: B;
}

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

/** All load balancer methods, in documentation order: the one list the {@link LoadBalancerMethod} union is derived from. */
export const LOADBALANCER_METHODS = [
  'listBalancers',
  'getBalancer',
  'createBalancer',
  'updateBalancer',
  'destroyBalancer',
  'balancerAttachMember',
  'balancerAttachComputeNode',
  'balancerDetachMember',
  'balancerListMembers',
] as const;

/** Every method a load balancer driver may implement; drivers declare theirs in `capabilities`. */
export type LoadBalancerMethod = (typeof LOADBALANCER_METHODS)[number];

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
  attachMember(member: Member<object>, options?: CallOptions): Promise<Member> {
    return this.driver.balancerAttachMember(this, member, options);
  }

  /** Adds a compute node as a member. */
  attachComputeNode(node: ComputeNodeLike, options?: CallOptions): Promise<Member> {
    return this.driver.balancerAttachComputeNode(this, node, options);
  }

  /** Removes a member. */
  detachMember(member: Member<object>, options?: CallOptions): Promise<void> {
    return this.driver.balancerDetachMember(this, member, options);
  }

  /** The members. */
  listMembers(options?: CallOptions): Promise<Member[]> {
    return this.driver.balancerListMembers(this, options);
  }

  /** Destroys this balancer. */
  destroy(options?: CallOptions): Promise<void> {
    return this.driver.destroyBalancer(this, options);
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

/** Options of {@link LoadBalancerDriver.createBalancer}, with the per-call `signal` and `timeout`. */
export interface CreateBalancerOptions extends CallOptions {
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
