/**
 * DigitalOcean Load Balancers over the DigitalOcean API v2.
 */
import type { CallOptions } from '../../../common/call-options.js';
import { CREATE_BALANCER_OPTIONS, UPDATE_BALANCER_OPTIONS, type LoadBalancerCallOptions } from '../call-options.js';
import { checkCallOptions } from '../../../common/validate.js';
import { defineMapper } from '../../../common/payload.js';
import type { DriverOptions } from '../../../common/base-driver.js';
import { DigitalOceanConnection, DigitalOceanResponse, iterateDigitalOcean } from '../../../common/digitalocean/index.js';
import { asErrorClass, InvalidArgumentError, LoadBalancerDoesNotExistError, type NubesError } from '../../../common/errors/index.js';
import type { ConnectionOptions } from '../../../connection/connection.js';
import type { ResponseClass } from '../../../connection/response.js';
import {
  Algorithm,
  LoadBalancer,
  LoadBalancerDriver,
  Member,
  State,
  balancerId,
  type ComputeNodeLike,
  type CreateBalancerOptions,
  type LoadBalancerMethod,
  type UpdateBalancerOptions,
  type LoadBalancerExtraTypes,
} from '../base.js';
import { checkPort, checkProtocol } from '../validate.js';

/** A forwarding rule of a DigitalOcean load balancer. */
export interface DigitalOceanForwardingRule {
  /** Protocol clients use: `http`, `https`, `http2`, `http3`, `tcp` or `udp`. */
  entry_protocol: string;
  /** Port the balancer listens on. */
  entry_port: number;
  /** Protocol to the droplets: `http`, `https`, `http2`, `tcp` or `udp`. */
  target_protocol: string;
  /** Port the droplets listen on. */
  target_port: number;
  /** Id of the DigitalOcean certificate that terminates TLS on an https entry. */
  certificate_id?: string;
  /** Pass encrypted traffic through to the droplets instead of terminating TLS. */
  tls_passthrough?: boolean;
}

/** A load balancer as the API returns it. */
export interface DigitalOceanBalancerPayload {
  /** Balancer id (a UUID). */
  readonly id: string;
  /** Balancer name. */
  readonly name: string;
  /** Public IPv4 address, once assigned. */
  readonly ip?: string;
  /** Public IPv6 address, when the balancer has one. */
  readonly ipv6?: string;
  /** `new`, `active` or `errored`. */
  readonly status?: string;
  /** `round_robin` or `least_connections` (deprecated by DigitalOcean). */
  readonly algorithm?: string;
  /** When the balancer was created, ISO 8601. */
  readonly created_at?: string;
  /** How traffic is forwarded, one rule per entry port. */
  readonly forwarding_rules?: readonly DigitalOceanForwardingRule[];
  /** The health check settings (`protocol`, `port`, `path`, intervals and thresholds). */
  readonly health_check?: { readonly [key: string]: unknown };
  /** Session affinity. */
  readonly sticky_sessions?: {
    /** `none` or `cookies`. */
    readonly type?: string;
  };
  /** The region: an object with a `slug`, or (in some answers) the slug itself. */
  readonly region?:
    | {
        /** Region slug, e.g. `ams3`. */
        readonly slug?: string;
      }
    | string;
  /** Droplets carrying this tag are the targets, when set. */
  readonly tag?: string;
  /** Ids of the target droplets. */
  readonly droplet_ids?: readonly number[];
  /** Whether http requests are redirected to https. */
  readonly redirect_http_to_https?: boolean;
  /** Whether the PROXY protocol header is sent to the droplets. */
  readonly enable_proxy_protocol?: boolean;
  /** The VPC of the balancer. */
  readonly vpc_uuid?: string;
  /** Number of nodes the balancer is scaled to. */
  readonly size_unit?: number;
  /** Legacy size slug (`lb-small`, `lb-medium`, `lb-large`) of older balancers. */
  readonly size?: string;
}

/** `extra` of a DigitalOcean load balancer. */
export type DigitalOceanBalancerExtra = {
  /** `new`, `active` or `errored`. */
  readonly status: string | undefined;
  /** Region slug (`region.slug`). */
  readonly region: string | undefined;
  /** The forwarding rules (`forwarding_rules`), as returned. */
  readonly forwardingRules: readonly DigitalOceanForwardingRule[];
  /** Ids of the target droplets (`droplet_ids`). */
  readonly dropletIds: readonly number[];
  /** Droplets are chosen by this tag instead of by id, when set. */
  readonly tag: string | undefined;
  /** `round_robin` or `least_connections` (`algorithm`). */
  readonly algorithm: string | undefined;
  /** The health check settings (`health_check`), as returned. */
  readonly healthCheck: { readonly [key: string]: unknown } | undefined;
  /** Session affinity type (`sticky_sessions.type`): `none` or `cookies`. */
  readonly stickySessions: string | undefined;
  /** The VPC of the balancer (`vpc_uuid`). */
  readonly vpcUuid: string | undefined;
  /** Public IPv6 address (`ipv6`), when there is one. */
  readonly ipv6: string | undefined;
  /** Number of nodes the balancer is scaled to (`size_unit`). */
  readonly sizeUnit: number | undefined;
  /** When the balancer was created, ISO 8601 (`created_at`). */
  readonly createdAt: string | undefined;
};

/** DigitalOcean-specific options of `createBalancer`. */
export interface DigitalOceanCreateBalancerOptions extends CreateBalancerOptions {
  /** Region slug (default: the driver's `region` option; one of them is required). */
  exRegion?: string;
  /** Port of the droplets (default: the first member's port, else `port`). */
  exTargetPort?: number;
  /** Protocol to the droplets (default: `protocol`, https → http). */
  exTargetProtocol?: string;
  /** Certificate id, required for an https entry unless `exTlsPassthrough`. */
  exCertificateId?: string;
  /** Pass https traffic through to the droplets undecrypted (`tls_passthrough`); no certificate needed. */
  exTlsPassthrough?: boolean;
  /** Balance the droplets carrying this tag instead of `members`. */
  exTag?: string;
  /** VPC to create the balancer in (`vpc_uuid`). Default: the region's default VPC. */
  exVpcUuid?: string;
  /** Redirect http requests to https (`redirect_http_to_https`). Default: off. */
  exRedirectHttpToHttps?: boolean;
}

const PROTOCOLS = ['http', 'https', 'http2', 'http3', 'tcp', 'udp'] as const;
const STATES: Readonly<Record<string, State>> = { new: State.PENDING, active: State.RUNNING, errored: State.ERROR };
const ALGORITHMS: Readonly<Record<string, Algorithm>> = { round_robin: Algorithm.ROUND_ROBIN, least_connections: Algorithm.LEAST_CONNECTIONS };

/** DigitalOcean load balancer answers: a 404 on a balancer path → LoadBalancerDoesNotExistError. */
export class DigitalOceanLoadBalancerResponse<T = unknown> extends DigitalOceanResponse<T> {
  /** The DigitalOcean error, except that a 404 on a balancer path becomes `LoadBalancerDoesNotExistError`. */
  override async parseError(): Promise<NubesError> {
    const base = await super.parseError();
    if (this.status !== 404 || !/\/load_balancers\/[^/]+/.test(new URL(this.url, 'https://placeholder.invalid').pathname)) return base;
    return asErrorClass(base, LoadBalancerDoesNotExistError);
  }
}

/** The DigitalOcean connection with the load balancer error mapping. */
export class DigitalOceanLoadBalancerConnection extends DigitalOceanConnection {
  /** {@link DigitalOceanLoadBalancerResponse}: maps 404s on balancers to `LoadBalancerDoesNotExistError`. */
  protected override responseCls: ResponseClass = DigitalOceanLoadBalancerResponse;
}

/**
 * DigitalOcean Load Balancer driver (API v2).
 *
 * Members are droplets: `Member.id` is the droplet id (a number, as a string); their
 * port is the first forwarding rule's target port. DigitalOcean reports no health per
 * droplet. Status `new` → PENDING, `active` → RUNNING, `errored` → ERROR. Algorithms:
 * round robin and least connections (DigitalOcean deprecated the choice; newer
 * balancers ignore it). `updateBalancer` changes the name, algorithm, entry port and
 * protocol (a PUT of the whole balancer, read first).
 *
 * @example
 * ```ts
 * import { getDriver, Provider, Member } from 'nubes/loadbalancer';
 *
 * const DO = getDriver(Provider.DIGITAL_OCEAN);
 * const lbs = new DO(process.env.DIGITALOCEAN_TOKEN!, undefined, { region: 'ams3' });
 * const lb = await lbs.createBalancer({ name: 'web', port: 80, protocol: 'http', members: [new Member({ id: '3164444', ip: undefined, port: 8080, extra: {} })] });
 * ```
 */
export class DigitalOceanLoadBalancerDriver extends LoadBalancerDriver<
  DigitalOceanLoadBalancerConnection,
  DriverOptions,
  LoadBalancerExtraTypes<DigitalOceanBalancerExtra>
> {
  /** The per-call options of `createBalancer` and `updateBalancer` (checked before any request). */
  static readonly callOptions: LoadBalancerCallOptions = {
    createBalancer: { ...CREATE_BALANCER_OPTIONS, exRegion: 'string', exTargetPort: 'integer', exTargetProtocol: 'string', exCertificateId: 'string', exTlsPassthrough: 'boolean', exTag: 'string', exVpcUuid: 'string', exRedirectHttpToHttps: 'boolean' },
    updateBalancer: UPDATE_BALANCER_OPTIONS,
  };
  static override readonly capabilities: readonly LoadBalancerMethod[] = [
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

  readonly type = 'digitalocean';
  readonly name = 'DigitalOcean Load Balancers';
  readonly website = 'https://www.digitalocean.com/products/load-balancer';

  /**
   * @param key - a personal access token.
   * @param secret - unused.
   * @param options - connection options, plus `region` (the default region of new balancers).
   */
  constructor(key: string, secret?: string, options: DriverOptions = {}) {
    super(key, secret, options);
  }

  protected override createConnection(key: string, _secret: string | undefined, options: ConnectionOptions): DigitalOceanLoadBalancerConnection {
    return new DigitalOceanLoadBalancerConnection(key, options);
  }

  listProtocols(): string[] {
    return [...PROTOCOLS];
  }

  listSupportedAlgorithms(): Algorithm[] {
    return Object.values(ALGORITHMS);
  }

  override async *iterateBalancers(_options?: CallOptions): AsyncGenerator<LoadBalancer<DigitalOceanBalancerExtra>, void, undefined> {
    for await (const b of iterateDigitalOcean<DigitalOceanBalancerPayload>(this.connection, '/load_balancers', 'load_balancers')) yield toBalancer(b, this);
  }

  /** @throws {LoadBalancerDoesNotExistError} */
  override async getBalancer(id: string, _options?: CallOptions): Promise<LoadBalancer<DigitalOceanBalancerExtra>> {
    return toBalancer(await this.#read(id), this);
  }

  /**
   * Creates a balancer with one forwarding rule to `members` (droplet ids) or the
   * droplets tagged `exTag`.
   *
   * @throws {InvalidArgumentError} before any request for a bad protocol, port or
   *   algorithm, no region, a member that is not a droplet id, or https without a certificate.
   */
  override async createBalancer(options: DigitalOceanCreateBalancerOptions): Promise<LoadBalancer<DigitalOceanBalancerExtra>> {
    checkCallOptions(options, 'createBalancer', DigitalOceanLoadBalancerDriver.callOptions.createBalancer);
    if (typeof options.name !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9.-]{0,254}$/.test(options.name)) {
      throw new InvalidArgumentError(`name must be letters, digits, dots and hyphens (got ${JSON.stringify(options.name)})`, { option: 'name' });
    }
    const region = options.exRegion ?? this.options.region;
    if (typeof region !== 'string' || region === '') throw new InvalidArgumentError('DigitalOcean load balancers need a region: exRegion or the driver option region', { option: 'exRegion' });
    const rule = this.#rule(options);
    const algorithm = this.#algorithm(options.algorithm);
    const dropletIds = (options.members ?? []).map(dropletId);
    if (options.exTag !== undefined && dropletIds.length > 0) throw new InvalidArgumentError('give members or exTag, not both', { option: 'exTag' });
    const body: { [key: string]: unknown } = {
      name: options.name,
      region,
      forwarding_rules: [rule],
      ...(options.exTag !== undefined ? { tag: options.exTag } : { droplet_ids: dropletIds }),
      ...(algorithm !== undefined ? { algorithm } : {}),
      ...(options.exVpcUuid !== undefined ? { vpc_uuid: options.exVpcUuid } : {}),
      ...(options.exRedirectHttpToHttps !== undefined ? { redirect_http_to_https: options.exRedirectHttpToHttps } : {}),
    };
    const res = await this.connection.request<{ load_balancer: DigitalOceanBalancerPayload }>('/load_balancers', { method: 'POST', data: body });
    return toBalancer(res.object.load_balancer, this);
  }

  /** Changes the name, algorithm, or the first rule's entry port and protocol: reads the balancer, then PUTs it whole. */
  override async updateBalancer(balancer: LoadBalancer<object> | string, options: UpdateBalancerOptions): Promise<LoadBalancer<DigitalOceanBalancerExtra>> {
    checkCallOptions(options, 'updateBalancer', DigitalOceanLoadBalancerDriver.callOptions.updateBalancer);
    const port = options.port === undefined ? undefined : checkPort(options.port, 'port');
    const protocol = options.protocol === undefined ? undefined : checkProtocol(options.protocol, 'protocol', PROTOCOLS);
    const algorithm = this.#algorithm(options.algorithm);
    if (options.name !== undefined && (typeof options.name !== 'string' || options.name === '')) throw new InvalidArgumentError('name must be a non-empty string', { option: 'name' });
    const current = await this.#read(balancerId(balancer, 'balancer'));
    const rules = [...(current.forwarding_rules ?? [])].map((r) => ({ ...r }));
    if (rules[0]) {
      if (port !== undefined) rules[0].entry_port = port;
      if (protocol !== undefined) rules[0].entry_protocol = protocol;
    }
    const body: { [key: string]: unknown } = {
      name: options.name ?? current.name,
      region: typeof current.region === 'string' ? current.region : current.region?.slug,
      forwarding_rules: rules,
      ...(current.tag ? { tag: current.tag } : { droplet_ids: current.droplet_ids ?? [] }),
      ...(current.health_check ? { health_check: current.health_check } : {}),
      ...(current.sticky_sessions ? { sticky_sessions: current.sticky_sessions } : {}),
      ...(current.vpc_uuid ? { vpc_uuid: current.vpc_uuid } : {}),
      ...(current.redirect_http_to_https !== undefined ? { redirect_http_to_https: current.redirect_http_to_https } : {}),
      ...(current.enable_proxy_protocol !== undefined ? { enable_proxy_protocol: current.enable_proxy_protocol } : {}),
      ...(algorithm !== undefined ? { algorithm } : current.algorithm ? { algorithm: current.algorithm } : {}),
    };
    const res = await this.connection.request<{ load_balancer: DigitalOceanBalancerPayload }>(`/load_balancers/${lbPath(current.id)}`, { method: 'PUT', data: body });
    return toBalancer(res.object.load_balancer, this);
  }

  override async destroyBalancer(balancer: LoadBalancer<object> | string, _options?: CallOptions): Promise<void> {
    await this.connection.request(`/load_balancers/${lbPath(balancerId(balancer, 'balancer'))}`, { method: 'DELETE' });
  }

  /** Adds the droplet `member.id`. */
  override async balancerAttachMember(balancer: LoadBalancer<object> | string, member: Member<object>, _options?: CallOptions): Promise<Member> {
    const id = dropletId(member);
    await this.connection.request(`/load_balancers/${lbPath(balancerId(balancer, 'balancer'))}/droplets`, { method: 'POST', data: { droplet_ids: [id] }, idempotent: true });
    return new Member({ id: String(id), ip: member.ip, port: member.port ?? targetPort(balancer), extra: {} });
  }

  /** Adds the node's droplet. */
  override async balancerAttachComputeNode(balancer: LoadBalancer<object> | string, node: ComputeNodeLike, _options?: CallOptions): Promise<Member> {
    return this.balancerAttachMember(balancer, new Member({ id: node.id, ip: node.publicIps[0] ?? node.privateIps[0], port: undefined, extra: {} }));
  }

  /** Removes the droplet `member.id`. */
  override async balancerDetachMember(balancer: LoadBalancer<object> | string, member: Member<object>, _options?: CallOptions): Promise<void> {
    await this.connection.request(`/load_balancers/${lbPath(balancerId(balancer, 'balancer'))}/droplets`, { method: 'DELETE', data: { droplet_ids: [dropletId(member)] } });
  }

  /** The balancer's droplets (read afresh), with the first rule's target port. */
  override async balancerListMembers(balancer: LoadBalancer<object> | string, _options?: CallOptions): Promise<Member[]> {
    const b = await this.#read(balancerId(balancer, 'balancer'));
    const port = b.forwarding_rules?.[0]?.target_port;
    return (b.droplet_ids ?? []).map((id) => new Member({ id: String(id), ip: undefined, port, extra: {} }));
  }

  async #read(id: string): Promise<DigitalOceanBalancerPayload> {
    const res = await this.connection.request<{ load_balancer: DigitalOceanBalancerPayload }>(`/load_balancers/${lbPath(id)}`);
    return res.object.load_balancer;
  }

  #algorithm(algorithm: Algorithm | undefined): string | undefined {
    if (algorithm === undefined) return undefined;
    this.checkAlgorithm(algorithm);
    return Object.entries(ALGORITHMS).find(([, a]) => a === algorithm)?.[0];
  }

  #rule(options: DigitalOceanCreateBalancerOptions): DigitalOceanForwardingRule {
    const entryPort = checkPort(options.port, 'port');
    const entryProtocol = checkProtocol(options.protocol, 'protocol', PROTOCOLS);
    const targetProtocol = options.exTargetProtocol === undefined ? (entryProtocol === 'https' || entryProtocol === 'http2' || entryProtocol === 'http3' ? 'http' : entryProtocol) : checkProtocol(options.exTargetProtocol, 'exTargetProtocol', PROTOCOLS);
    const targetPort = checkPort(options.exTargetPort ?? options.members?.[0]?.port ?? entryPort, 'exTargetPort');
    const tls = entryProtocol === 'https' || entryProtocol === 'http2' || entryProtocol === 'http3';
    if (tls && !options.exTlsPassthrough && !options.exCertificateId) {
      throw new InvalidArgumentError(`${entryProtocol} entries need exCertificateId (or exTlsPassthrough)`, { option: 'exCertificateId' });
    }
    return {
      entry_protocol: entryProtocol,
      entry_port: entryPort,
      target_protocol: targetProtocol,
      target_port: targetPort,
      ...(options.exCertificateId !== undefined ? { certificate_id: options.exCertificateId } : {}),
      ...(options.exTlsPassthrough !== undefined ? { tls_passthrough: options.exTlsPassthrough } : {}),
    };
  }
}

function dropletId(member: Member<object> | { id: string }): number {
  if (typeof member?.id !== 'string' || !/^\d+$/.test(member.id)) {
    throw new InvalidArgumentError(`DigitalOcean balancer members are droplets: member.id must be a droplet id such as 3164444 (got ${JSON.stringify(member?.id)})`, { option: 'member.id' });
  }
  return Number(member.id);
}

function lbPath(id: string): string {
  if (typeof id !== 'string' || !/^[0-9a-f-]{8,}$/i.test(id)) throw new InvalidArgumentError(`load balancer ids are UUIDs (got ${JSON.stringify(id)})`, { option: 'balancer' });
  return id;
}

function targetPort(balancer: LoadBalancer<object> | string): number | undefined {
  if (typeof balancer === 'string') return undefined;
  return (balancer.extra as Partial<DigitalOceanBalancerExtra>).forwardingRules?.[0]?.target_port;
}

/** A digitalocean load balancer as nubes sees it (checked against its declared shape first). */
export const toBalancer = defineMapper('digitalocean', 'load balancer', { id: 'id', name: 'string', status: 'string?', ip: 'string?', forwarding_rules: 'list?', droplet_ids: 'list?' }, (b: DigitalOceanBalancerPayload, driver: DigitalOceanLoadBalancerDriver): LoadBalancer<DigitalOceanBalancerExtra> => {
  const rules = b.forwarding_rules ?? [];
  return new LoadBalancer<DigitalOceanBalancerExtra>(
    {
      id: b.id,
      name: b.name,
      state: (b.status ? STATES[b.status] : undefined) ?? State.UNKNOWN,
      ip: b.ip || undefined,
      port: rules[0]?.entry_port,
      extra: {
        status: b.status,
        region: typeof b.region === 'string' ? b.region : b.region?.slug,
        forwardingRules: rules,
        dropletIds: b.droplet_ids ?? [],
        tag: b.tag || undefined,
        algorithm: b.algorithm,
        healthCheck: b.health_check,
        stickySessions: b.sticky_sessions?.type,
        vpcUuid: b.vpc_uuid,
        ipv6: b.ipv6 || undefined,
        sizeUnit: b.size_unit,
        createdAt: b.created_at,
      },
    },
    driver,
  );
});
