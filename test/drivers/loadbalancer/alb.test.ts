import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  AlbLoadBalancerDriver,
  Algorithm,
  getDriver,
  LOADBALANCER_METHODS,
  LoadBalancerDriver,
  Member,
  Provider,
  State,
  type AlbCreateBalancerOptions,
  type AwsLoadBalancerOptions,
  type LoadBalancer,
} from '../../../src/drivers/loadbalancer/index.js';
import { MockTransport } from '../../../src/testing/index.js';
import { expectCapabilitiesImplemented } from '../../helpers/capabilities.js';
import { resignAuthorization } from '../dns/aws-resign.js';
import { actions, called, form } from './aws-query.js';

const fixturesDir = fileURLToPath(new URL('../../fixtures/loadbalancer/alb/', import.meta.url));
const ACCESS_KEY = 'AKIAIOSFODNN7EXAMPLE';
const SECRET = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';
const T0 = new Date('2024-03-01T09:00:00Z');
const LB_ARN = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web/50dc6c495c0c9101';
const TG_ARN = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web-tg/73e2d6bc24d8a001';
const SHARED_TG_ARN = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/shared-tg/73e2d6bc24d8a002';
const LISTENER_ARN = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/web/50dc6c495c0c9101/f2f7dc8efc522801';

function setup(options: AwsLoadBalancerOptions = {}): { mock: MockTransport; alb: AlbLoadBalancerDriver } {
  const mock = new MockTransport({ fixturesDir });
  const alb = new AlbLoadBalancerDriver(ACCESS_KEY, SECRET, { region: 'us-east-1', transport: mock, env: {}, retry: false, clock: () => T0, ...options });
  return { mock, alb };
}

const createOptions: AlbCreateBalancerOptions = {
  name: 'web',
  port: 80,
  protocol: 'http',
  exVpcId: 'vpc-3ac0fb5f',
  exSubnets: ['subnet-8360a9e7', 'subnet-b7d581c0'],
  exSecurityGroups: ['sg-5943793c'],
  members: [new Member({ id: 'i-0f76fade435676abd', ip: undefined, port: 8080, extra: {} })],
};

/** The calls of a createBalancer that succeeds. */
const CREATE_ACTIONS = {
  CreateLoadBalancer: { fixture: 'create_lb.xml' },
  CreateTargetGroup: { fixture: 'create_tg.xml' },
  CreateListener: { fixture: 'create_listener.xml' },
  RegisterTargets: { fixture: 'register_targets.xml' },
};

/** The calls of a destroyBalancer that succeeds. */
const DESTROY_ACTIONS = {
  DescribeListeners: { fixture: 'describe_listeners_web.xml' },
  DescribeTargetGroups: { fixture: 'describe_tgs_web.xml' },
  DeleteListener: { fixture: 'delete_listener.xml' },
  DeleteLoadBalancer: { fixture: 'delete_lb.xml' },
  DeleteTargetGroup: { fixture: 'delete_tg.xml' },
};

describe('AlbLoadBalancerDriver', () => {
  it('declares exactly the methods it overrides', () => {
    expectCapabilitiesImplemented(AlbLoadBalancerDriver, LoadBalancerDriver, LOADBALANCER_METHODS);
  });

  it('is registered as the alb provider', () => {
    expect(getDriver(Provider.ALB)).toBe(AlbLoadBalancerDriver);
  });

  it('needs the secret access key', () => {
    // @ts-expect-error -- the type requires the secret; this checks the run-time guard (JavaScript callers)
    expect(() => new AlbLoadBalancerDriver(ACCESS_KEY, undefined, { env: {} })).toThrow(expect.objectContaining({ name: 'InvalidArgumentError', option: 'secret' }));
  });

  it('signs ELBv2 Query calls (Version 2015-12-01) as AWS\'s own signer would', async () => {
    const { alb, mock } = setup({ region: 'ap-southeast-2' });
    actions(mock, { DescribeLoadBalancers: { fixture: 'describe_lbs_3.xml' } });
    await alb.listBalancers();
    const req = mock.requests[0]!;
    expect(req.url.host).toBe('elasticloadbalancing.ap-southeast-2.amazonaws.com');
    expect(form(req)).toEqual({ Action: 'DescribeLoadBalancers', Version: '2015-12-01', PageSize: '400' });
    expect(req.headers.authorization).toBe(
      await resignAuthorization(req, { service: 'elasticloadbalancing', region: 'ap-southeast-2', accessKeyId: ACCESS_KEY, secretAccessKey: SECRET, date: T0 }),
    );
  });

  it('lists application balancers across three pages, mapping states and leaving network balancers out', async () => {
    const { alb, mock } = setup();
    actions(mock, {
      DescribeLoadBalancers: (req) => ({ fixture: `describe_lbs_${{ undefined: 1, bWFyay0x: 2, bWFyay0y: 3 }[String(form(req).Marker)] ?? 9}.xml` }),
    });
    const lbs = await alb.listBalancers();
    expect(mock.requests.map((r) => form(r).Marker)).toEqual([undefined, 'bWFyay0x', 'bWFyay0y']);
    expect(lbs.map((b) => [b.name, b.state, b.extra.stateCode, b.port])).toEqual([
      ['web', State.RUNNING, 'active', undefined],
      ['api', State.PENDING, 'provisioning', undefined],
      ['batch', State.ERROR, 'active_impaired', undefined],
      ['old', State.ERROR, 'failed', undefined],
    ]);
    expect(lbs[0]).toMatchObject({
      id: LB_ARN,
      ip: 'web-1001.us-east-1.elb.amazonaws.com',
      extra: {
        canonicalHostedZoneId: 'Z35SXDOTRQ7X7K',
        scheme: 'internet-facing',
        vpcId: 'vpc-3ac0fb5f',
        availabilityZones: [
          { zoneName: 'us-east-1a', subnetId: 'subnet-8360a9e7' },
          { zoneName: 'us-east-1b', subnetId: 'subnet-b7d581c0' },
        ],
        securityGroups: ['sg-5943793c'],
        listeners: undefined,
      },
    });
  });

  it('gets a balancer by ARN or by name, with its listeners and port', async () => {
    const { alb, mock } = setup();
    actions(mock, { DescribeLoadBalancers: { fixture: 'describe_lb_web.xml' }, DescribeListeners: { fixture: 'describe_listeners_web.xml' } });
    const byArn = await alb.getBalancer(LB_ARN);
    await alb.getBalancer('web');
    expect(form(mock.requests[0]!)['LoadBalancerArns.member.1']).toBe(LB_ARN);
    expect(form(mock.requests[1]!)).toMatchObject({ Action: 'DescribeListeners', LoadBalancerArn: LB_ARN });
    expect(form(mock.requests[2]!)['Names.member.1']).toBe('web');
    expect(byArn.port).toBe(80);
    expect(byArn.extra.listeners).toEqual([
      { arn: LISTENER_ARN, port: 80, protocol: 'HTTP', targetGroupArns: [TG_ARN] },
      { arn: expect.stringContaining('listener/app/web/'), port: 443, protocol: 'HTTPS', targetGroupArns: [TG_ARN] },
    ]);
  });

  it('maps LoadBalancerNotFound to LoadBalancerDoesNotExistError', async () => {
    const { alb, mock } = setup();
    actions(mock, { DescribeLoadBalancers: { status: 400, fixture: 'error_lb_not_found.xml' } });
    await expect(alb.getBalancer('ghost')).rejects.toMatchObject({ name: 'LoadBalancerDoesNotExistError', providerCode: 'LoadBalancerNotFound' });
  });

  it('creates the balancer, its target group and a forwarding listener, then registers members', async () => {
    const { alb, mock } = setup();
    actions(mock, CREATE_ACTIONS);
    const lb = await alb.createBalancer(createOptions);
    expect(called(mock)).toEqual(['CreateLoadBalancer', 'CreateTargetGroup', 'CreateListener', 'RegisterTargets']);
    expect(form(mock.requests[0]!)).toEqual({
      Action: 'CreateLoadBalancer',
      Version: '2015-12-01',
      Name: 'web',
      Type: 'application',
      'Subnets.member.1': 'subnet-8360a9e7',
      'Subnets.member.2': 'subnet-b7d581c0',
      'SecurityGroups.member.1': 'sg-5943793c',
    });
    expect(form(mock.requests[1]!)).toMatchObject({ Name: 'web-tg', Protocol: 'HTTP', Port: '8080', VpcId: 'vpc-3ac0fb5f', TargetType: 'instance' });
    expect(form(mock.requests[2]!)).toMatchObject({
      LoadBalancerArn: LB_ARN,
      Protocol: 'HTTP',
      Port: '80',
      'DefaultActions.member.1.Type': 'forward',
      'DefaultActions.member.1.TargetGroupArn': TG_ARN,
    });
    expect(form(mock.requests[3]!)).toMatchObject({ TargetGroupArn: TG_ARN, 'Targets.member.1.Id': 'i-0f76fade435676abd', 'Targets.member.1.Port': '8080' });
    expect(lb).toMatchObject({ id: LB_ARN, state: State.PENDING, port: 80, extra: { listeners: [{ arn: LISTENER_ARN, targetGroupArns: [TG_ARN] }] } });
  });

  it('sets least outstanding requests on the target group for LEAST_CONNECTIONS, and https with a certificate', async () => {
    const { alb, mock } = setup();
    actions(mock, {
      CreateLoadBalancer: { fixture: 'create_lb.xml' },
      CreateTargetGroup: { fixture: 'create_tg.xml' },
      ModifyTargetGroupAttributes: { fixture: 'modify_tg_attributes.xml' },
      CreateListener: { fixture: 'create_listener.xml' },
    });
    await alb.createBalancer({ ...createOptions, members: [], port: 443, protocol: 'https', algorithm: Algorithm.LEAST_CONNECTIONS, exCertificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/abc' });
    expect(called(mock)).toEqual(['CreateLoadBalancer', 'CreateTargetGroup', 'ModifyTargetGroupAttributes', 'CreateListener']);
    expect(form(mock.requests[2]!)).toMatchObject({ 'Attributes.member.1.Key': 'load_balancing.algorithm.type', 'Attributes.member.1.Value': 'least_outstanding_requests' });
    expect(form(mock.requests[3]!)).toMatchObject({ Protocol: 'HTTPS', Port: '443', 'Certificates.member.1.CertificateArn': 'arn:aws:acm:us-east-1:123456789012:certificate/abc' });
  });

  it('deletes what it created when a later step fails, and rethrows the first error', async () => {
    const { alb, mock } = setup();
    actions(mock, {
      ...CREATE_ACTIONS,
      RegisterTargets: { status: 400, fixture: 'error_invalid_target.xml' },
      DeleteListener: { fixture: 'delete_listener.xml' },
      DeleteLoadBalancer: { status: 500, body: 'internal' },
      DeleteTargetGroup: { fixture: 'delete_tg.xml' },
    });
    await expect(alb.createBalancer(createOptions)).rejects.toMatchObject({ name: 'BadRequestError', providerCode: 'InvalidTarget' });
    expect(called(mock)).toEqual(['CreateLoadBalancer', 'CreateTargetGroup', 'CreateListener', 'RegisterTargets', 'DeleteListener', 'DeleteLoadBalancer', 'DeleteTargetGroup']);
    expect(form(mock.requests[6]!).TargetGroupArn).toBe(TG_ARN);
  });

  it('maps DuplicateTargetGroupName to ConflictError (after removing the new balancer)', async () => {
    const { alb, mock } = setup();
    actions(mock, {
      CreateLoadBalancer: { fixture: 'create_lb.xml' },
      CreateTargetGroup: { status: 400, fixture: 'error_duplicate_tg.xml' },
      DeleteLoadBalancer: { fixture: 'delete_lb.xml' },
    });
    await expect(alb.createBalancer(createOptions)).rejects.toMatchObject({ name: 'ConflictError', providerCode: 'DuplicateTargetGroupName' });
    expect(called(mock)).toEqual(['CreateLoadBalancer', 'CreateTargetGroup', 'DeleteLoadBalancer']);
  });

  it.each([
    [{ name: 'internal-web' }, 'name'],
    [{ port: 70000 }, 'port'],
    [{ protocol: 'tcp' }, 'protocol'],
    [{ algorithm: Algorithm.RANDOM }, 'algorithm'],
    [{ exSubnets: ['subnet-8360a9e7'] }, 'exSubnets'],
    [{ exVpcId: 'default' }, 'exVpcId'],
    [{ protocol: 'https', port: 443 }, 'exCertificateArn'],
    [{ exScheme: 'public' }, 'exScheme'],
    [{ members: [new Member({ id: 'web-1', ip: '10.0.0.5', port: 80, extra: {} })] }, 'member.id'],
    [{ exTargetType: 'ip', members: [new Member({ id: 'x', ip: undefined, port: 80, extra: {} })] }, 'member.ip'],
  ])('refuses %j before any request (option %s)', async (override, option) => {
    const { alb, mock } = setup();
    await expect(alb.createBalancer({ ...createOptions, ...override } as AlbCreateBalancerOptions)).rejects.toMatchObject({ name: 'InvalidArgumentError', option });
    expect(mock.requests).toEqual([]);
  });

  it('destroys listeners, the balancer, then only the target groups no other balancer uses', async () => {
    const { alb, mock } = setup();
    actions(mock, DESTROY_ACTIONS);
    await alb.destroyBalancer(LB_ARN);
    expect(called(mock)).toEqual(['DescribeListeners', 'DeleteListener', 'DeleteListener', 'DescribeTargetGroups', 'DeleteLoadBalancer', 'DeleteTargetGroup']);
    expect(form(mock.requests[5]!).TargetGroupArn).toBe(TG_ARN);
    expect(mock.requests.some((r) => form(r).TargetGroupArn === SHARED_TG_ARN)).toBe(false);
  });

  it('maps ResourceInUse on a target group to ConflictError', async () => {
    const { alb, mock } = setup();
    actions(mock, {
      ...DESTROY_ACTIONS,
      DeleteTargetGroup: { status: 400, fixture: 'error_resource_in_use.xml' },
    });
    await expect(alb.destroyBalancer(LB_ARN)).rejects.toMatchObject({ name: 'ConflictError', providerCode: 'ResourceInUse' });
  });

  it('lists members of the balancer\'s own target group with their health', async () => {
    const { alb, mock } = setup();
    actions(mock, { DescribeTargetGroups: { fixture: 'describe_tgs_web.xml' }, DescribeTargetHealth: { fixture: 'target_health.xml' } });
    const members = await alb.balancerListMembers(LB_ARN);
    expect(form(mock.requests[1]!)).toMatchObject({ Action: 'DescribeTargetHealth', TargetGroupArn: TG_ARN });
    expect(members.map((m) => [m.id, m.port, m.extra.state, m.extra.reason])).toEqual([
      ['i-0f76fade435676abd', 8080, 'healthy', undefined],
      ['i-0f76fade435676abe', 8081, 'unhealthy', 'Target.ResponseCodeMismatch'],
    ]);
  });

  it('attaches members and compute nodes to the target group, defaulting to its port, and detaches them', async () => {
    const { alb, mock } = setup();
    actions(mock, {
      DescribeLoadBalancers: { fixture: 'describe_lb_web.xml' },
      DescribeListeners: { fixture: 'describe_listeners_web.xml' },
      DescribeTargetGroups: { fixture: 'describe_tgs_web.xml' },
      RegisterTargets: { fixture: 'register_targets.xml' },
      DeregisterTargets: { fixture: 'deregister_targets.xml' },
    });
    const lb: LoadBalancer = await alb.getBalancer(LB_ARN);
    const member = await lb.attachComputeNode({ id: 'i-0f76fade435676abf', publicIps: [], privateIps: ['10.0.1.5'] });
    await lb.detachMember(member);
    const registers = mock.requests.filter((r) => /register/i.test(form(r).Action ?? '')).map(form);
    expect(registers).toEqual([
      expect.objectContaining({ Action: 'RegisterTargets', TargetGroupArn: TG_ARN, 'Targets.member.1.Id': 'i-0f76fade435676abf', 'Targets.member.1.Port': '8080' }),
      expect.objectContaining({ Action: 'DeregisterTargets', TargetGroupArn: TG_ARN, 'Targets.member.1.Id': 'i-0f76fade435676abf', 'Targets.member.1.Port': '8080' }),
    ]);
    expect(member).toMatchObject({ id: 'i-0f76fade435676abf', port: 8080, extra: { targetGroupArn: TG_ARN } });
  });

  it('maps Throttling to RateLimitError and 429 Retry-After to retryAfter', async () => {
    const { alb, mock } = setup();
    mock.on('POST', '/', { status: 400, fixture: 'error_throttling.xml' }, { times: 1 });
    mock.on('POST', '/', { status: 429, headers: { 'retry-after': '9' }, fixture: 'error_throttling.xml' }, { times: 1 });
    await expect(alb.listBalancers()).rejects.toMatchObject({ name: 'RateLimitError', providerCode: 'Throttling' });
    await expect(alb.listBalancers()).rejects.toMatchObject({ name: 'RateLimitError', retryAfter: 9 });
  });

  it('maps a rejected signature to InvalidCredentialsError without the secret or the session token', async () => {
    const { alb, mock } = setup({ sessionToken: 'session-token-EXAMPLE' });
    mock.on('POST', '/', {
      status: 403,
      xml: '<ErrorResponse><Error><Type>Sender</Type><Code>SignatureDoesNotMatch</Code><Message>Signature mismatch</Message></Error><RequestId>r-1</RequestId></ErrorResponse>',
    });
    const err = (await alb.listBalancers().catch((e: unknown) => e)) as Error;
    expect(err).toMatchObject({ name: 'InvalidCredentialsError', statusCode: 403, providerCode: 'SignatureDoesNotMatch', requestId: 'r-1' });
    expect(`${err.message}${err.stack}`).not.toContain(SECRET);
    expect(`${err.message}${err.stack}`).not.toContain('session-token-EXAMPLE');
  });

  it('sends every call of a multi-step operation through the configured proxy', async () => {
    const { alb, mock } = setup({ env: { HTTPS_PROXY: 'http://env-proxy.example:8080' } });
    actions(mock, CREATE_ACTIONS);
    await alb.createBalancer(createOptions);
    expect(mock.requests.map((r) => r.proxy?.origin)).toEqual(Array(4).fill('http://env-proxy.example:8080'));
    const explicit = setup({ proxyUrl: 'http://proxy.corp.example:3128' });
    actions(explicit.mock, { DescribeLoadBalancers: { fixture: 'describe_lbs_3.xml' } });
    await explicit.alb.listBalancers();
    expect(explicit.mock.requests[0]!.proxy).toMatchObject({ hostname: 'proxy.corp.example', port: 3128 });
  });
});
