/**
 * Classic Elastic Load Balancing (ELB): balancers, listeners and registered EC2 instances.
 */
import type { CallOptions } from '../../../common/call-options.js';
import { CREATE_BALANCER_OPTIONS, UPDATE_BALANCER_OPTIONS, type LoadBalancerCallOptions } from '../call-options.js';
import { checkCallOptions } from '../../../common/validate.js';
import { defineXmlMapper } from '../../../common/payload.js';
import { AwsConnection, flattenQueryList, type QueryActionOptions } from '../../../common/aws/index.js';
import { awsConnectionOptions } from '../../../common/aws/driver-options.js';
import { InvalidArgumentError, LoadBalancerDoesNotExistError } from '../../../common/errors/index.js';
import { paginate } from '../../../common/pagination.js';
import { xmlChild, xmlText, type XmlElement } from '../../../common/xml.js';
import type { ConnectionOptions } from '../../../connection/connection.js';
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
  type LoadBalancerExtraTypes,
} from '../base.js';
import {
  checkScheme,
  memberTexts,
  members,
  queryResult,
  xmlNumber,
  type AwsLoadBalancerOptions,
} from '../aws-elb-common.js';
import { checkPort, checkProtocol, stringList } from '../validate.js';
import { ElbConnection } from './connection.js';

/** A listener of a classic ELB. */
export interface ElbListener {
  /** `HTTP`, `HTTPS`, `TCP` or `SSL`. */
  readonly protocol: string;
  /** Port the balancer listens on (`LoadBalancerPort`). */
  readonly loadBalancerPort: number;
  /** Protocol to the instances (`InstanceProtocol`). */
  readonly instanceProtocol: string | undefined;
  /** Port the instances listen on (`InstancePort`). */
  readonly instancePort: number;
  /** ARN of the certificate of an HTTPS or SSL listener (`SSLCertificateId`). */
  readonly sslCertificateId: string | undefined;
}

/** `extra` of a classic ELB. */
export type ElbBalancerExtra = {
  /** Public DNS name of the balancer (`DNSName`). */
  readonly dnsName: string;
  /** The hosted zone to use for a Route 53 ALIAS record to this balancer. */
  readonly canonicalHostedZoneNameId: string | undefined;
  /** The listeners (`ListenerDescriptions`). */
  readonly listeners: readonly ElbListener[];
  /** Zones the balancer serves (`AvailabilityZones`). */
  readonly availabilityZones: readonly string[];
  /** Subnets of a VPC balancer (`Subnets`). */
  readonly subnets: readonly string[];
  /** VPC of the balancer (`VPCId`). */
  readonly vpcId: string | undefined;
  /** Security group ids (`SecurityGroups`). */
  readonly securityGroups: readonly string[];
  /** Registered EC2 instance ids. */
  readonly instanceIds: readonly string[];
  /** The health check of the instances (`HealthCheck`). */
  readonly healthCheck:
    | {
        /** What is probed (`Target`), `PROTOCOL:port[/path]`, e.g. `HTTP:80/health`. */
        readonly target: string;
        /** Seconds between probes of one instance (`Interval`). */
        readonly interval: number | undefined;
        /** Seconds a probe may take (`Timeout`). */
        readonly timeout: number | undefined;
      }
    | undefined;
  /** `internet-facing` or `internal`. */
  readonly scheme: string | undefined;
  /** When the balancer was created, ISO 8601 (`CreatedTime`). */
  readonly createdTime: string | undefined;
};

/** `extra` of a classic ELB member (an EC2 instance). */
export type ElbMemberExtra = {
  /** `InService`, `OutOfService` or `Unknown`. */
  readonly state: string | undefined;
  /** Whose side the state comes from (`ReasonCode`): `ELB` or `Instance`; `N/A` when in service. */
  readonly reasonCode: string | undefined;
  /** AWS's explanation of the state (`Description`). */
  readonly description: string | undefined;
};

/** ELB-specific options of `createBalancer`. */
export interface ElbCreateBalancerOptions extends CreateBalancerOptions {
  /** Port the instances listen on (default: the first member's port, else `port`). */
  exInstancePort?: number;
  /** Protocol to the instances (default: `HTTP` for http/https listeners, `TCP` for tcp/ssl). */
  exInstanceProtocol?: 'http' | 'https' | 'tcp' | 'ssl';
  /** Availability zones of an EC2-Classic/default-VPC balancer (this or `exSubnets` is required). */
  exAvailabilityZones?: readonly string[];
  /** VPC subnets (one per zone). */
  exSubnets?: readonly string[];
  /** Security group ids of a VPC balancer (default: the VPC's default group). */
  exSecurityGroups?: readonly string[];
  /** `internal` for a balancer reachable from the VPC only. */
  exScheme?: 'internet-facing' | 'internal';
  /** IAM or ACM certificate ARN, required for https and ssl. */
  exSslCertificateId?: string;
}

const PROTOCOLS = ['http', 'https', 'tcp', 'ssl'] as const;
/** DescribeLoadBalancers answers at most 400 balancers a page. */
const PAGE_SIZE = 400;
const NAME = /^(?!-)[A-Za-z0-9-]{1,32}(?<!-)$/;

/**
 * Classic Elastic Load Balancing driver (API 2012-06-01).
 *
 * A balancer's id is its name. Members are EC2 instances: `Member.id` is the instance
 * id, and `balancerListMembers` reports their health (`extra.state`: InService,
 * OutOfService, Unknown). Classic ELB has no state of its own: a balancer that is
 * listed is `State.RUNNING`. ELB picks the algorithm itself (round robin for TCP, least
 * outstanding requests for HTTP), so only `Algorithm.ROUND_ROBIN` is accepted.
 *
 * @example
 * ```ts
 * import { ElbLoadBalancerDriver, Member } from 'nubes/loadbalancer';
 *
 * const elb = new ElbLoadBalancerDriver(process.env.AWS_ACCESS_KEY_ID!, process.env.AWS_SECRET_ACCESS_KEY!, { region: 'eu-west-1' });
 * const lb = await elb.createBalancer({
 *   name: 'web', port: 80, protocol: 'http',
 *   members: [new Member({ id: 'i-0123456789abcdef0', ip: undefined, port: 8080, extra: {} })],
 *   exAvailabilityZones: ['eu-west-1a', 'eu-west-1b'],
 * });
 * ```
 */
export class ElbLoadBalancerDriver extends LoadBalancerDriver<
  ElbConnection,
  AwsLoadBalancerOptions,
  LoadBalancerExtraTypes<ElbBalancerExtra>
> {
  /** The per-call options of `createBalancer` and `updateBalancer` (checked before any request). */
  static readonly callOptions: LoadBalancerCallOptions = {
    createBalancer: { ...CREATE_BALANCER_OPTIONS, exInstancePort: 'integer', exInstanceProtocol: { oneOf: ['http', 'https', 'tcp', 'ssl'] }, exAvailabilityZones: 'strings', exSubnets: 'strings', exSecurityGroups: 'strings', exScheme: { oneOf: ['internet-facing', 'internal'] }, exSslCertificateId: 'string' },
    updateBalancer: UPDATE_BALANCER_OPTIONS,
  };
  static override readonly capabilities: readonly LoadBalancerMethod[] = [
    'listBalancers',
    'getBalancer',
    'createBalancer',
    'destroyBalancer',
    'balancerAttachMember',
    'balancerAttachComputeNode',
    'balancerDetachMember',
    'balancerListMembers',
  ];
  static override readonly driverOptionKeys: readonly string[] = AwsConnection.awsOptionKeys;

  readonly type = 'elb';
  readonly name = 'Amazon Elastic Load Balancing (classic)';
  readonly website = 'https://aws.amazon.com/elasticloadbalancing/';

  /**
   * @param key - the access key id.
   * @param secret - the secret access key.
   * @param options - connection options, plus `region`, `sessionToken` and `clock`.
   */
  constructor(key: string, secret: string, options?: AwsLoadBalancerOptions);
  /** No keys: the AWS credential chain finds them (environment, shared profiles, roles, web identity, containers, instance metadata; docs/aws-credentials.md). */
  constructor(key: undefined, secret: undefined, options?: AwsLoadBalancerOptions);
  constructor(key: string | undefined, secret: string | undefined, options: AwsLoadBalancerOptions = {}) {
    super(key ?? '', secret, options);
  }

  protected override createConnection(key: string, secret: string | undefined, options: ConnectionOptions): ElbConnection {
    return new ElbConnection(key || undefined, secret || undefined, awsConnectionOptions('ElbLoadBalancerDriver', key, secret, options, this.options));
  }

  /** The region this driver works in. */
  get region(): string {
    return this.connection.region;
  }

  listProtocols(): string[] {
    return [...PROTOCOLS];
  }

  listSupportedAlgorithms(): Algorithm[] {
    return [Algorithm.ROUND_ROBIN];
  }

  async #call(action: string, params: Record<string, string | number | undefined>, options: QueryActionOptions = {}): Promise<XmlElement | undefined> {
    const res = await this.connection.queryAction(action, params, options);
    return queryResult(res.object, action);
  }

  override async *iterateBalancers(_options?: CallOptions): AsyncGenerator<LoadBalancer<ElbBalancerExtra>, void, undefined> {
    yield* paginate<LoadBalancer<ElbBalancerExtra>, string>(undefined, async (marker) => {
      const result = await this.#call('DescribeLoadBalancers', { PageSize: PAGE_SIZE, Marker: marker });
      return { items: members(result, 'LoadBalancerDescriptions').map((d) => toBalancer(d, this)), next: xmlText(result, 'NextMarker') || undefined };
    });
  }

  /** @throws {LoadBalancerDoesNotExistError} */
  override async getBalancer(id: string, _options?: CallOptions): Promise<LoadBalancer<ElbBalancerExtra>> {
    const result = await this.#call('DescribeLoadBalancers', { 'LoadBalancerNames.member.1': checkName(id) });
    const description = members(result, 'LoadBalancerDescriptions')[0];
    if (!description) throw new LoadBalancerDoesNotExistError(`${this.name}: load balancer ${JSON.stringify(id)} does not exist`, { provider: this.type });
    return toBalancer(description, this);
  }

  /**
   * Creates a balancer with one listener (`protocol`/`port` → `exInstanceProtocol`/
   * `exInstancePort`) and registers `members` (EC2 instance ids).
   *
   * @throws {InvalidArgumentError} before any request for a bad name, port, protocol,
   *   algorithm, or without `exAvailabilityZones`/`exSubnets`.
   */
  override async createBalancer(options: ElbCreateBalancerOptions): Promise<LoadBalancer<ElbBalancerExtra>> {
    checkCallOptions(options, 'createBalancer', ElbLoadBalancerDriver.callOptions.createBalancer);
    const name = checkName(options.name);
    const port = checkPort(options.port, 'port');
    const protocol = checkProtocol(options.protocol, 'protocol', PROTOCOLS);
    if (options.algorithm !== undefined && options.algorithm !== Algorithm.ROUND_ROBIN) {
      throw new InvalidArgumentError(`${this.name} chooses its algorithm itself; only ${Algorithm.ROUND_ROBIN} is accepted (got ${String(options.algorithm)})`, {
        option: 'algorithm',
      });
    }
    const instanceIds = (options.members ?? []).map((m) => memberInstanceId(m));
    const instancePort = checkPort(options.exInstancePort ?? options.members?.[0]?.port ?? port, 'exInstancePort');
    const instanceProtocol = options.exInstanceProtocol === undefined ? (protocol === 'http' || protocol === 'https' ? 'http' : 'tcp') : checkProtocol(options.exInstanceProtocol, 'exInstanceProtocol', PROTOCOLS);
    const zones = stringList(options.exAvailabilityZones, 'exAvailabilityZones');
    const subnets = stringList(options.exSubnets, 'exSubnets');
    const groups = stringList(options.exSecurityGroups, 'exSecurityGroups');
    if (!zones?.length && !subnets?.length) {
      throw new InvalidArgumentError('A classic ELB needs exAvailabilityZones or exSubnets (where the balancer lives)', { option: 'exAvailabilityZones' });
    }
    if ((protocol === 'https' || protocol === 'ssl') && !options.exSslCertificateId) {
      throw new InvalidArgumentError(`${protocol} listeners need exSslCertificateId (an IAM or ACM certificate ARN)`, { option: 'exSslCertificateId' });
    }
    const scheme = checkScheme(options.exScheme);
    await this.#call('CreateLoadBalancer', {
      LoadBalancerName: name,
      'Listeners.member.1.Protocol': protocol.toUpperCase(),
      'Listeners.member.1.LoadBalancerPort': port,
      'Listeners.member.1.InstanceProtocol': instanceProtocol.toUpperCase(),
      'Listeners.member.1.InstancePort': instancePort,
      'Listeners.member.1.SSLCertificateId': options.exSslCertificateId,
      ...flattenQueryList('AvailabilityZones.member', zones ?? []),
      ...flattenQueryList('Subnets.member', subnets ?? []),
      ...flattenQueryList('SecurityGroups.member', groups ?? []),
      Scheme: scheme,
    });
    if (instanceIds.length > 0) await this.#register('RegisterInstancesWithLoadBalancer', name, instanceIds);
    return this.getBalancer(name);
  }

  /** Deletes the balancer (its instances keep running). Deleting one that does not exist succeeds, as in ELB. */
  override async destroyBalancer(balancer: LoadBalancer<object> | string, _options?: CallOptions): Promise<void> {
    await this.#call('DeleteLoadBalancer', { LoadBalancerName: checkName(balancerId(balancer, 'balancer')) });
  }

  /** Registers the EC2 instance `member.id`. */
  override async balancerAttachMember(balancer: LoadBalancer<object> | string, member: Member<object>, _options?: CallOptions): Promise<Member<ElbMemberExtra>> {
    const id = memberInstanceId(member);
    await this.#register('RegisterInstancesWithLoadBalancer', checkName(balancerId(balancer, 'balancer')), [id]);
    return new Member<ElbMemberExtra>({ id, ip: member.ip, port: member.port, extra: { state: undefined, reasonCode: undefined, description: undefined } });
  }

  /** Registers the node's instance id. */
  override async balancerAttachComputeNode(balancer: LoadBalancer<object> | string, node: ComputeNodeLike, _options?: CallOptions): Promise<Member<ElbMemberExtra>> {
    return this.balancerAttachMember(balancer, new Member({ id: node.id, ip: node.privateIps[0] ?? node.publicIps[0], port: undefined, extra: {} }));
  }

  /** Deregisters the EC2 instance `member.id`. */
  override async balancerDetachMember(balancer: LoadBalancer<object> | string, member: Member<object>, _options?: CallOptions): Promise<void> {
    await this.#register('DeregisterInstancesFromLoadBalancer', checkName(balancerId(balancer, 'balancer')), [memberInstanceId(member)]);
  }

  /** The registered instances with their health (DescribeInstanceHealth); `port` is the first listener's instance port when known. */
  override async balancerListMembers(balancer: LoadBalancer<object> | string, _options?: CallOptions): Promise<Member<ElbMemberExtra>[]> {
    const name = checkName(balancerId(balancer, 'balancer'));
    const result = await this.#call('DescribeInstanceHealth', { LoadBalancerName: name });
    const listeners = typeof balancer === 'string' ? undefined : (balancer.extra as Partial<ElbBalancerExtra>).listeners;
    const port = listeners?.[0]?.instancePort;
    return members(result, 'InstanceStates').map(
      (s) =>
        new Member<ElbMemberExtra>({
          id: xmlText(s, 'InstanceId') ?? '',
          ip: undefined,
          port,
          extra: { state: xmlText(s, 'State'), reasonCode: xmlText(s, 'ReasonCode'), description: xmlText(s, 'Description') },
        }),
    );
  }

  async #register(action: string, name: string, ids: readonly string[]): Promise<void> {
    const params: Record<string, string> = { LoadBalancerName: name };
    ids.forEach((id, i) => {
      params[`Instances.member.${i + 1}.InstanceId`] = id;
    });
    // Registering or deregistering the same instances twice is harmless: safe to retry.
    await this.#call(action, params, { idempotent: true });
  }
}

function checkName(name: unknown): string {
  if (typeof name !== 'string' || !NAME.test(name)) {
    throw new InvalidArgumentError(`name: a classic ELB name is 1-32 letters, digits and hyphens, not starting or ending with a hyphen (got ${JSON.stringify(name)})`, {
      option: 'name',
    });
  }
  return name;
}

function memberInstanceId(member: Member<object>): string {
  if (typeof member?.id !== 'string' || !/^i-[0-9a-f]+$/.test(member.id)) {
    throw new InvalidArgumentError(`classic ELB members are EC2 instances: member.id must be an instance id such as i-0123456789abcdef0 (got ${JSON.stringify(member?.id)})`, {
      option: 'member.id',
    });
  }
  return member.id;
}

/** A elb load balancer description as nubes sees it (checked against its declared shape first). */
export const toBalancer = defineXmlMapper('elb', 'load balancer description', { LoadBalancerName: 'id' }, (d: XmlElement, driver: ElbLoadBalancerDriver): LoadBalancer<ElbBalancerExtra> => {
  const listeners: ElbListener[] = members(d, 'ListenerDescriptions').map((m) => {
    const l = xmlChild(m, 'Listener');
    return {
      protocol: xmlText(l, 'Protocol') ?? '',
      loadBalancerPort: xmlNumber(l, 'LoadBalancerPort') ?? 0,
      instanceProtocol: xmlText(l, 'InstanceProtocol') || undefined,
      instancePort: xmlNumber(l, 'InstancePort') ?? 0,
      sslCertificateId: xmlText(l, 'SSLCertificateId') || undefined,
    };
  });
  const hc = xmlChild(d, 'HealthCheck');
  const name = xmlText(d, 'LoadBalancerName') ?? '';
  const dnsName = xmlText(d, 'DNSName') ?? '';
  return new LoadBalancer<ElbBalancerExtra>(
    {
      id: name,
      name,
      state: State.RUNNING,
      ip: dnsName || undefined,
      port: listeners[0]?.loadBalancerPort,
      extra: {
        dnsName,
        canonicalHostedZoneNameId: xmlText(d, 'CanonicalHostedZoneNameID') || undefined,
        listeners,
        availabilityZones: memberTexts(d, 'AvailabilityZones'),
        subnets: memberTexts(d, 'Subnets'),
        vpcId: xmlText(d, 'VPCId') || undefined,
        securityGroups: memberTexts(d, 'SecurityGroups'),
        instanceIds: members(d, 'Instances').map((i) => xmlText(i, 'InstanceId') ?? ''),
        healthCheck: hc ? { target: xmlText(hc, 'Target') ?? '', interval: xmlNumber(hc, 'Interval'), timeout: xmlNumber(hc, 'Timeout') } : undefined,
        scheme: xmlText(d, 'Scheme') || undefined,
        createdTime: xmlText(d, 'CreatedTime') || undefined,
      },
    },
    driver,
  );
});
