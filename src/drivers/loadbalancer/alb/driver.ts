/**
 * Application Load Balancers (Elastic Load Balancing v2): a balancer, the target group
 * it forwards to and the listener between them.
 */
import type { CallOptions } from '../../../common/call-options.js';
import { CREATE_BALANCER_OPTIONS, UPDATE_BALANCER_OPTIONS, type LoadBalancerCallOptions } from '../call-options.js';
import { checkCallOptions } from '../../../common/validate.js';
import { defineXmlMapper } from '../../../common/payload.js';
import { AwsConnection, flattenQueryList, type QueryActionOptions } from '../../../common/aws/index.js';
import { awsConnectionOptions } from '../../../common/aws/driver-options.js';
import { InvalidArgumentError, LoadBalancerDoesNotExistError, NotFoundError } from '../../../common/errors/index.js';
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
import { AlbConnection } from './connection.js';

/** A listener of an ALB. */
export interface AlbListener {
  /** The listener's ARN (`ListenerArn`). */
  readonly arn: string;
  /** Port the balancer listens on (`Port`). */
  readonly port: number;
  /** `HTTP` or `HTTPS`. */
  readonly protocol: string;
  /** Target groups the default actions forward to. */
  readonly targetGroupArns: readonly string[];
}

/** A target group, as far as the driver uses it. */
export interface AlbTargetGroup {
  /** The target group's ARN (`TargetGroupArn`). */
  readonly arn: string;
  /** Target group name (`TargetGroupName`). */
  readonly name: string;
  /** Protocol to the targets (`Protocol`): `HTTP`, `HTTPS`, ... */
  readonly protocol: string | undefined;
  /** Default port of the targets (`Port`). */
  readonly port: number | undefined;
  /** `instance`, `ip` or `lambda`. */
  readonly targetType: string | undefined;
  /** Balancers that forward to the group (`LoadBalancerArns`). */
  readonly loadBalancerArns: readonly string[];
}

/** `extra` of an ALB. */
export type AlbBalancerExtra = {
  /** The balancer's ARN (`LoadBalancerArn`), also its nubes id. */
  readonly arn: string;
  /** Public DNS name of the balancer (`DNSName`), e.g. `web-123456.eu-west-1.elb.amazonaws.com`. */
  readonly dnsName: string;
  /** The hosted zone to use for a Route 53 ALIAS record to this balancer. */
  readonly canonicalHostedZoneId: string | undefined;
  /** AWS's state code: `active`, `provisioning`, `active_impaired`, `failed`. */
  readonly stateCode: string | undefined;
  /** `internet-facing` or `internal` (`Scheme`). */
  readonly scheme: string | undefined;
  /** VPC of the balancer (`VpcId`). */
  readonly vpcId: string | undefined;
  /** Zones the balancer runs in, with its subnet in each (`AvailabilityZones`). */
  readonly availabilityZones: readonly {
    /** Zone name (`ZoneName`), e.g. `eu-west-1a`. */
    readonly zoneName: string;
    /** The balancer's subnet in that zone (`SubnetId`). */
    readonly subnetId: string | undefined;
  }[];
  /** Security group ids (`SecurityGroups`). */
  readonly securityGroups: readonly string[];
  /** `ipv4` or `dualstack` (`IpAddressType`). */
  readonly ipAddressType: string | undefined;
  /** When the balancer was created, ISO 8601 (`CreatedTime`). */
  readonly createdTime: string | undefined;
  /** The listeners (filled by getBalancer and createBalancer; undefined in listings). */
  readonly listeners: readonly AlbListener[] | undefined;
};

/** `extra` of an ALB member (a target). */
export type AlbMemberExtra = {
  /** The target group the member belongs to. */
  readonly targetGroupArn: string;
  /** `initial`, `healthy`, `unhealthy`, `unused`, `draining`, `unavailable` (when listed). */
  readonly state: string | undefined;
  /** Why the target is not healthy (`TargetHealth.Reason`), e.g. `Target.FailedHealthChecks`; when listed. */
  readonly reason: string | undefined;
  /** AWS's explanation of that reason (`TargetHealth.Description`); when listed. */
  readonly description: string | undefined;
};

/** ALB-specific options of `createBalancer`. */
export interface AlbCreateBalancerOptions extends CreateBalancerOptions {
  /** Subnets in at least two availability zones (required). */
  exSubnets: readonly string[];
  /** The VPC of the target group (required). */
  exVpcId: string;
  /** Security group ids for the balancer (default: the VPC's default group). */
  exSecurityGroups?: readonly string[];
  /** `internal` for a balancer reachable from the VPC only. */
  exScheme?: 'internet-facing' | 'internal';
  /** ACM certificate ARN, required for https. */
  exCertificateArn?: string;
  /** Port the targets listen on (default: the first member's port, else `port`). */
  exTargetPort?: number;
  /** Protocol to the targets (default `http`). */
  exTargetProtocol?: 'http' | 'https';
  /** Target group name (default `<name>-tg`, cut to 32 characters). */
  exTargetGroupName?: string;
  /** `instance` (default: members are EC2 instance ids) or `ip` (members are IP addresses). */
  exTargetType?: 'instance' | 'ip';
  /** Health check path (default `/`). */
  exHealthCheckPath?: string;
}

const PROTOCOLS = ['http', 'https'] as const;
const PAGE_SIZE = 400;
const NAME = /^(?!-)(?!internal-)[A-Za-z0-9-]{1,32}(?<!-)$/;

const STATES: Readonly<Record<string, State>> = {
  active: State.RUNNING,
  provisioning: State.PENDING,
  active_impaired: State.ERROR,
  failed: State.ERROR,
};

/**
 * Application Load Balancer driver (Elastic Load Balancing v2, API 2015-12-01).
 *
 * A balancer's id is its ARN (`getBalancer` also takes a name). nubes' one-balancer
 * model maps to three AWS resources: `createBalancer` creates the load balancer, a
 * target group and a listener forwarding to it (and removes what it made if a later
 * step fails); `destroyBalancer` deletes the listeners, the balancer and the target
 * groups used by this balancer only. Members are the targets of the balancer's target
 * group — the one only this balancer uses, else the first one attached — EC2 instance
 * ids (`Member.id`) or, for `ip` target groups, addresses (`Member.ip`).
 *
 * Listings hold application balancers only (network and gateway balancers are left
 * out) and leave `port` and `extra.listeners` undefined; `getBalancer` fills them with
 * one DescribeListeners call. Algorithms: round robin, or least outstanding requests
 * as `Algorithm.LEAST_CONNECTIONS`.
 *
 * @example
 * ```ts
 * import { AlbLoadBalancerDriver } from 'nubes/loadbalancer';
 * import { Ec2NodeDriver } from 'nubes/compute';
 *
 * const credentials = [process.env.AWS_ACCESS_KEY_ID!, process.env.AWS_SECRET_ACCESS_KEY!] as const;
 * const alb = new AlbLoadBalancerDriver(...credentials, { region: 'eu-west-1' });
 * const lb = await alb.createBalancer({
 *   name: 'web', port: 80, protocol: 'http', exVpcId: 'vpc-3ac0fb5f', exSubnets: ['subnet-8360a9e7', 'subnet-b7d581c0'],
 * });
 * const ec2 = new Ec2NodeDriver(...credentials, { region: 'eu-west-1' });
 * await lb.attachComputeNode(await ec2.getNode('i-0123456789abcdef0'));
 * ```
 */
export class AlbLoadBalancerDriver extends LoadBalancerDriver<
  AlbConnection,
  AwsLoadBalancerOptions,
  LoadBalancerExtraTypes<AlbBalancerExtra>
> {
  /** The per-call options of `createBalancer` and `updateBalancer` (checked before any request). */
  static readonly callOptions: LoadBalancerCallOptions = {
    createBalancer: { ...CREATE_BALANCER_OPTIONS, exSubnets: 'strings', exVpcId: 'string', exSecurityGroups: 'strings', exScheme: { oneOf: ['internet-facing', 'internal'] }, exCertificateArn: 'string', exTargetPort: 'integer', exTargetProtocol: { oneOf: ['http', 'https'] }, exTargetGroupName: 'string', exTargetType: { oneOf: ['instance', 'ip'] }, exHealthCheckPath: 'string' },
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

  readonly type = 'alb';
  readonly name = 'Amazon Application Load Balancer';
  readonly website = 'https://aws.amazon.com/elasticloadbalancing/application-load-balancer/';

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

  protected override createConnection(key: string, secret: string | undefined, options: ConnectionOptions): AlbConnection {
    return new AlbConnection(key || undefined, secret || undefined, awsConnectionOptions('AlbLoadBalancerDriver', key, secret, options, this.options));
  }

  /** The region this driver works in. */
  get region(): string {
    return this.connection.region;
  }

  listProtocols(): string[] {
    return [...PROTOCOLS];
  }

  listSupportedAlgorithms(): Algorithm[] {
    return [Algorithm.ROUND_ROBIN, Algorithm.LEAST_CONNECTIONS];
  }

  async #call(action: string, params: Record<string, string | number | undefined>, options: QueryActionOptions = {}): Promise<XmlElement | undefined> {
    const res = await this.connection.queryAction(action, params, options);
    return queryResult(res.object, action);
  }

  /** Every `<member>` of `list` over all Marker pages of `action`. */
  #pages(action: string, params: Record<string, string | number | undefined>, list: string, pageSize: boolean): AsyncGenerator<XmlElement, void, undefined> {
    return paginate<XmlElement, string>(undefined, async (marker) => {
      const result = await this.#call(action, { ...params, ...(pageSize ? { PageSize: PAGE_SIZE } : {}), Marker: marker });
      return { items: members(result, list), next: xmlText(result, 'NextMarker') || undefined };
    });
  }

  override async *iterateBalancers(_options?: CallOptions): AsyncGenerator<LoadBalancer<AlbBalancerExtra>, void, undefined> {
    for await (const el of this.#pages('DescribeLoadBalancers', {}, 'LoadBalancers', true)) {
      if ((xmlText(el, 'Type') ?? 'application') === 'application') yield toBalancer(el, undefined, this);
    }
  }

  /**
   * One balancer by ARN (or name), with its listeners.
   *
   * @throws {LoadBalancerDoesNotExistError}
   */
  override async getBalancer(id: string, _options?: CallOptions): Promise<LoadBalancer<AlbBalancerExtra>> {
    const el = await this.#describe(id);
    return toBalancer(el, await this.#listeners(xmlText(el, 'LoadBalancerArn') ?? ''), this);
  }

  /**
   * Creates the balancer, its target group (with the algorithm) and a listener
   * forwarding to it, then registers `members`. When a step after the balancer fails,
   * what was created is deleted again and the error is rethrown.
   *
   * @throws {InvalidArgumentError} before any request for a bad name, port, protocol or
   *   algorithm, fewer than two subnets, no VPC, or https without a certificate.
   */
  override async createBalancer(options: AlbCreateBalancerOptions): Promise<LoadBalancer<AlbBalancerExtra>> {
    checkCallOptions(options, 'createBalancer', AlbLoadBalancerDriver.callOptions.createBalancer);
    const name = checkName(options.name, 'name');
    const port = checkPort(options.port, 'port');
    const protocol = checkProtocol(options.protocol, 'protocol', PROTOCOLS);
    const algorithm = this.checkAlgorithm(options.algorithm ?? Algorithm.ROUND_ROBIN);
    const subnets = stringList(options.exSubnets, 'exSubnets');
    if (!subnets || subnets.length < 2) throw new InvalidArgumentError('an ALB needs exSubnets in at least two availability zones', { option: 'exSubnets' });
    if (typeof options.exVpcId !== 'string' || !/^vpc-[0-9a-f]+$/.test(options.exVpcId)) {
      throw new InvalidArgumentError(`exVpcId must be a VPC id such as vpc-3ac0fb5f (got ${JSON.stringify(options.exVpcId)})`, { option: 'exVpcId' });
    }
    const groups = stringList(options.exSecurityGroups, 'exSecurityGroups');
    if (protocol === 'https' && !options.exCertificateArn) throw new InvalidArgumentError('https listeners need exCertificateArn', { option: 'exCertificateArn' });
    const scheme = checkScheme(options.exScheme);
    const targetType = options.exTargetType ?? 'instance';
    if (targetType !== 'instance' && targetType !== 'ip') throw new InvalidArgumentError(`exTargetType must be 'instance' or 'ip'`, { option: 'exTargetType' });
    const targets = (options.members ?? []).map((m) => targetOf(m, targetType));
    const targetPort = checkPort(options.exTargetPort ?? options.members?.[0]?.port ?? port, 'exTargetPort');
    const targetProtocol = options.exTargetProtocol === undefined ? 'http' : checkProtocol(options.exTargetProtocol, 'exTargetProtocol', PROTOCOLS);
    const tgName = checkName(options.exTargetGroupName ?? `${name}-tg`.slice(0, 32).replace(/-+$/, ''), 'exTargetGroupName');

    const created = await this.#call('CreateLoadBalancer', {
      Name: name,
      Type: 'application',
      ...flattenQueryList('Subnets.member', subnets ?? []),
      ...flattenQueryList('SecurityGroups.member', groups ?? []),
      Scheme: scheme,
    });
    const lbEl = members(created, 'LoadBalancers')[0];
    const lbArn = xmlText(lbEl, 'LoadBalancerArn') ?? '';
    let tgArn: string | undefined;
    let listener: AlbListener | undefined;
    try {
      const tg = await this.#call('CreateTargetGroup', {
        Name: tgName,
        Protocol: targetProtocol.toUpperCase(),
        Port: targetPort,
        VpcId: options.exVpcId,
        TargetType: targetType,
        HealthCheckPath: options.exHealthCheckPath,
      });
      tgArn = xmlText(members(tg, 'TargetGroups')[0], 'TargetGroupArn') ?? '';
      if (algorithm === Algorithm.LEAST_CONNECTIONS) {
        await this.#call('ModifyTargetGroupAttributes', {
          TargetGroupArn: tgArn,
          'Attributes.member.1.Key': 'load_balancing.algorithm.type',
          'Attributes.member.1.Value': 'least_outstanding_requests',
        });
      }
      const l = await this.#call('CreateListener', {
        LoadBalancerArn: lbArn,
        Protocol: protocol.toUpperCase(),
        Port: port,
        'DefaultActions.member.1.Type': 'forward',
        'DefaultActions.member.1.TargetGroupArn': tgArn,
        'Certificates.member.1.CertificateArn': options.exCertificateArn,
      });
      listener = parseListener(members(l, 'Listeners')[0]);
      if (targets.length > 0) await this.#targets('RegisterTargets', tgArn, targets.map((t) => ({ ...t, port: t.port ?? targetPort })));
    } catch (err) {
      await this.#cleanUp(lbArn, tgArn, listener?.arn);
      throw err;
    }
    return toBalancer(lbEl!, [listener], this);
  }

  /** Deletes the listeners, the balancer, then the target groups no other balancer uses. */
  override async destroyBalancer(balancer: LoadBalancer<object> | string, _options?: CallOptions): Promise<void> {
    const arn = await this.#arnOf(balancer);
    for (const l of await this.#listeners(arn)) await this.#call('DeleteListener', { ListenerArn: l.arn });
    const own = (await this.exTargetGroups(arn)).filter((tg) => tg.loadBalancerArns.length === 1 && tg.loadBalancerArns[0] === arn);
    await this.#call('DeleteLoadBalancer', { LoadBalancerArn: arn });
    for (const tg of own) await this.#call('DeleteTargetGroup', { TargetGroupArn: tg.arn });
  }

  /** Registers a target: `member.id` (an instance id) or, for `ip` target groups, `member.ip`; `member.port` or the group's port. */
  override async balancerAttachMember(balancer: LoadBalancer<object> | string, member: Member<object>, _options?: CallOptions): Promise<Member<AlbMemberExtra>> {
    const tg = await this.#targetGroup(balancer);
    const target = targetOf(member, tg.targetType === 'ip' ? 'ip' : 'instance');
    const port = target.port ?? tg.port;
    await this.#targets('RegisterTargets', tg.arn, [{ id: target.id, port }]);
    return new Member<AlbMemberExtra>({ id: target.id, ip: member.ip, port, extra: { targetGroupArn: tg.arn, state: undefined, reason: undefined, description: undefined } });
  }

  /** Registers the node: its instance id, or its first private IP for an `ip` target group. */
  override async balancerAttachComputeNode(balancer: LoadBalancer<object> | string, node: ComputeNodeLike, _options?: CallOptions): Promise<Member<AlbMemberExtra>> {
    return this.balancerAttachMember(balancer, new Member({ id: node.id, ip: node.privateIps[0] ?? node.publicIps[0], port: undefined, extra: {} }));
  }

  /** Deregisters the target `member.id` (with `member.port` when given). */
  override async balancerDetachMember(balancer: LoadBalancer<object> | string, member: Member<object>, _options?: CallOptions): Promise<void> {
    const tg = await this.#targetGroup(balancer);
    const target = targetOf(member, tg.targetType === 'ip' ? 'ip' : 'instance');
    await this.#targets('DeregisterTargets', tg.arn, [target]);
  }

  /** The targets of the balancer's target group with their health (DescribeTargetHealth). */
  override async balancerListMembers(balancer: LoadBalancer<object> | string, _options?: CallOptions): Promise<Member<AlbMemberExtra>[]> {
    const tg = await this.#targetGroup(balancer);
    const result = await this.#call('DescribeTargetHealth', { TargetGroupArn: tg.arn });
    return members(result, 'TargetHealthDescriptions').map((d) => {
      const t = xmlChild(d, 'Target');
      const h = xmlChild(d, 'TargetHealth');
      const id = xmlText(t, 'Id') ?? '';
      return new Member<AlbMemberExtra>({
        id,
        ip: tg.targetType === 'ip' ? id : undefined,
        port: xmlNumber(t, 'Port'),
        extra: { targetGroupArn: tg.arn, state: xmlText(h, 'State'), reason: xmlText(h, 'Reason'), description: xmlText(h, 'Description') },
      });
    });
  }

  /** The target groups attached to a balancer. */
  async exTargetGroups(balancer: LoadBalancer<object> | string, _options?: CallOptions): Promise<AlbTargetGroup[]> {
    const arn = await this.#arnOf(balancer);
    const out: AlbTargetGroup[] = [];
    for await (const el of this.#pages('DescribeTargetGroups', { LoadBalancerArn: arn }, 'TargetGroups', true)) {
      out.push({
        arn: xmlText(el, 'TargetGroupArn') ?? '',
        name: xmlText(el, 'TargetGroupName') ?? '',
        protocol: xmlText(el, 'Protocol') || undefined,
        port: xmlNumber(el, 'Port'),
        targetType: xmlText(el, 'TargetType') || undefined,
        loadBalancerArns: memberTexts(el, 'LoadBalancerArns'),
      });
    }
    return out;
  }

  /** The group members go to: the one only this balancer uses, else the first. */
  async #targetGroup(balancer: LoadBalancer<object> | string): Promise<AlbTargetGroup> {
    const arn = await this.#arnOf(balancer);
    const groups = await this.exTargetGroups(arn);
    const tg = groups.find((g) => g.loadBalancerArns.length === 1 && g.loadBalancerArns[0] === arn) ?? groups[0];
    if (!tg) throw new NotFoundError(`${this.name}: balancer ${arn} has no target group to hold members`, { provider: this.type });
    return tg;
  }

  async #targets(action: 'RegisterTargets' | 'DeregisterTargets', tgArn: string, targets: readonly { id: string; port: number | undefined }[]): Promise<void> {
    const params: Record<string, string | number | undefined> = { TargetGroupArn: tgArn };
    targets.forEach((t, i) => {
      params[`Targets.member.${i + 1}.Id`] = t.id;
      params[`Targets.member.${i + 1}.Port`] = t.port;
    });
    // (De)registering the same target twice is harmless: safe to retry.
    await this.#call(action, params, { idempotent: true });
  }

  async #describe(id: string): Promise<XmlElement> {
    if (typeof id !== 'string' || id === '') throw new InvalidArgumentError('balancer id must be an ARN or a name', { option: 'balancer' });
    const params = id.startsWith('arn:') ? { 'LoadBalancerArns.member.1': id } : { 'Names.member.1': checkName(id, 'balancer') };
    const result = await this.#call('DescribeLoadBalancers', params);
    const el = members(result, 'LoadBalancers')[0];
    if (!el) throw new LoadBalancerDoesNotExistError(`${this.name}: load balancer ${JSON.stringify(id)} does not exist`, { provider: this.type });
    return el;
  }

  async #arnOf(balancer: LoadBalancer<object> | string): Promise<string> {
    const id = balancerId(balancer, 'balancer');
    if (typeof id === 'string' && id.startsWith('arn:')) return id;
    return xmlText(await this.#describe(id), 'LoadBalancerArn') ?? '';
  }

  async #listeners(lbArn: string): Promise<AlbListener[]> {
    const out: AlbListener[] = [];
    for await (const el of this.#pages('DescribeListeners', { LoadBalancerArn: lbArn }, 'Listeners', true)) out.push(parseListener(el));
    return out;
  }

  /** Best effort: a failure here must not hide the error that made us clean up. */
  async #cleanUp(lbArn: string, tgArn: string | undefined, listenerArn: string | undefined): Promise<void> {
    const steps: [string, Record<string, string>][] = [];
    if (listenerArn) steps.push(['DeleteListener', { ListenerArn: listenerArn }]);
    steps.push(['DeleteLoadBalancer', { LoadBalancerArn: lbArn }]);
    if (tgArn) steps.push(['DeleteTargetGroup', { TargetGroupArn: tgArn }]);
    for (const [action, params] of steps) {
      try {
        await this.#call(action, params);
      } catch {
        // keep going: delete as much as possible
      }
    }
  }
}

function parseListener(el: XmlElement | undefined): AlbListener {
  return {
    arn: xmlText(el, 'ListenerArn') ?? '',
    port: xmlNumber(el, 'Port') ?? 0,
    protocol: xmlText(el, 'Protocol') ?? '',
    targetGroupArns: members(el, 'DefaultActions')
      .map((a) => xmlText(a, 'TargetGroupArn'))
      .filter((a): a is string => typeof a === 'string' && a !== ''),
  };
}

function checkName(name: unknown, option: string): string {
  if (typeof name !== 'string' || !NAME.test(name)) {
    throw new InvalidArgumentError(`${option} must be 1-32 letters, digits and hyphens, not starting or ending with a hyphen nor starting with "internal-" (got ${JSON.stringify(name)})`, { option });
  }
  return name;
}

function targetOf(member: Member<object>, type: 'instance' | 'ip'): { id: string; port: number | undefined } {
  const port = member.port === undefined ? undefined : checkPort(member.port, 'member.port');
  if (type === 'ip') {
    if (typeof member.ip !== 'string' || member.ip === '') throw new InvalidArgumentError('ip target groups need member.ip', { option: 'member.ip' });
    return { id: member.ip, port };
  }
  if (typeof member.id !== 'string' || !/^i-[0-9a-f]+$/.test(member.id)) {
    throw new InvalidArgumentError(`instance target groups take EC2 instance ids: member.id such as i-0123456789abcdef0 (got ${JSON.stringify(member.id)})`, { option: 'member.id' });
  }
  return { id: member.id, port };
}

/** A alb load balancer as nubes sees it (checked against its declared shape first). */
export const toBalancer = defineXmlMapper('alb', 'load balancer', { LoadBalancerArn: 'id', LoadBalancerName: 'id' }, (el: XmlElement, listeners: readonly (AlbListener | undefined)[] | undefined, driver: AlbLoadBalancerDriver): LoadBalancer<AlbBalancerExtra> => {
  const code = xmlText(xmlChild(el, 'State'), 'Code');
  const dnsName = xmlText(el, 'DNSName') ?? '';
  const ls = listeners?.filter((l): l is AlbListener => l !== undefined);
  return new LoadBalancer<AlbBalancerExtra>(
    {
      id: xmlText(el, 'LoadBalancerArn') ?? '',
      name: xmlText(el, 'LoadBalancerName') ?? '',
      state: (code ? STATES[code] : undefined) ?? State.UNKNOWN,
      ip: dnsName || undefined,
      port: ls?.[0]?.port,
      extra: {
        arn: xmlText(el, 'LoadBalancerArn') ?? '',
        dnsName,
        canonicalHostedZoneId: xmlText(el, 'CanonicalHostedZoneId') || undefined,
        stateCode: code || undefined,
        scheme: xmlText(el, 'Scheme') || undefined,
        vpcId: xmlText(el, 'VpcId') || undefined,
        availabilityZones: members(el, 'AvailabilityZones').map((z) => ({ zoneName: xmlText(z, 'ZoneName') ?? '', subnetId: xmlText(z, 'SubnetId') || undefined })),
        securityGroups: memberTexts(el, 'SecurityGroups'),
        ipAddressType: xmlText(el, 'IpAddressType') || undefined,
        createdTime: xmlText(el, 'CreatedTime') || undefined,
        listeners: ls,
      },
    },
    driver,
  );
});
