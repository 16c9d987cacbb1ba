import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  Algorithm,
  ElbLoadBalancerDriver,
  getDriver,
  LOADBALANCER_METHODS,
  LoadBalancerDriver,
  Member,
  Provider,
  State,
  type AwsLoadBalancerOptions,
} from '../../../src/drivers/loadbalancer/index.js';
import { MockTransport } from '../../../src/testing/index.js';
import { expectCapabilitiesImplemented } from '../../helpers/capabilities.js';
import { resignAuthorization } from '../dns/aws-resign.js';
import { actions, called, form } from './aws-query.js';

const fixturesDir = fileURLToPath(new URL('../../fixtures/loadbalancer/elb/', import.meta.url));
const ACCESS_KEY = 'AKIAIOSFODNN7EXAMPLE';
const SECRET = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';
const T0 = new Date('2024-03-01T09:00:00Z');

function setup(options: AwsLoadBalancerOptions = {}): { mock: MockTransport; elb: ElbLoadBalancerDriver } {
  const mock = new MockTransport({ fixturesDir });
  const elb = new ElbLoadBalancerDriver(ACCESS_KEY, SECRET, { region: 'us-east-1', transport: mock, env: {}, retry: false, clock: () => T0, ...options });
  return { mock, elb };
}

/** Routes Query actions (POST /) to fixtures by Action. */
function onAction(mock: MockTransport, action: string, reply: Parameters<MockTransport['on']>[2], times?: number): void {
  mock.on('POST', '/', async (req) => (form(req).Action === action ? (typeof reply === 'function' ? reply(req) : reply) : { status: 599, body: `not ${action}` }), times === undefined ? {} : { times });
}

const web = new Member({ id: 'i-0aaa111122223333', ip: undefined, port: 8080, extra: {} });

describe('ElbLoadBalancerDriver', () => {
  it('declares exactly the methods it overrides', () => {
    expectCapabilitiesImplemented(ElbLoadBalancerDriver, LoadBalancerDriver, LOADBALANCER_METHODS);
  });

  it('is registered as the elb provider', () => {
    expect(getDriver(Provider.ELB)).toBe(ElbLoadBalancerDriver);
  });

  it('needs the secret access key', () => {
    // @ts-expect-error -- the type requires the secret; this checks the run-time guard (JavaScript callers)
    expect(() => new ElbLoadBalancerDriver(ACCESS_KEY, undefined, { env: {} })).toThrow(expect.objectContaining({ option: 'secret' }));
  });

  it('lists protocols and the one algorithm it accepts', () => {
    const { elb } = setup();
    expect(elb.listProtocols()).toEqual(['http', 'https', 'tcp', 'ssl']);
    expect(elb.listSupportedAlgorithms()).toEqual([Algorithm.ROUND_ROBIN]);
  });

  it('signs Query calls for the region and elasticloadbalancing, as AWS\'s own signer would', async () => {
    const { elb, mock } = setup({ region: 'eu-west-1', sessionToken: 'tok-EXAMPLE/+=' });
    actions(mock, { DescribeLoadBalancers: { fixture: 'describe_lb_web.xml' } });
    await elb.getBalancer('web');
    const req = mock.requests[0]!;
    expect(req.url.origin).toBe('https://elasticloadbalancing.eu-west-1.amazonaws.com');
    expect(form(req)).toEqual({ Action: 'DescribeLoadBalancers', Version: '2012-06-01', 'LoadBalancerNames.member.1': 'web' });
    expect(req.headers['x-amz-security-token']).toBe('tok-EXAMPLE/+=');
    expect(req.headers.authorization).toMatch(/Credential=AKIAIOSFODNN7EXAMPLE\/20240301\/eu-west-1\/elasticloadbalancing\/aws4_request/);
    expect(req.headers.authorization).toBe(
      await resignAuthorization(req, { service: 'elasticloadbalancing', region: 'eu-west-1', accessKeyId: ACCESS_KEY, secretAccessKey: SECRET, sessionToken: 'tok-EXAMPLE/+=', date: T0 }),
    );
  });

  it('lists balancers across three pages with Marker, mapping listeners, zones and instances', async () => {
    const { elb, mock } = setup();
    onAction(mock, 'DescribeLoadBalancers', (req) => ({ fixture: `describe_lbs_${{ undefined: 1, 'bWFya2VyLTE=': 2, 'bWFya2VyLTI=': 3 }[String(form(req).Marker)] ?? 9}.xml` }));
    const lbs = await elb.listBalancers();
    expect(mock.requests.map((r) => [form(r).Marker, form(r).PageSize])).toEqual([
      [undefined, '400'],
      ['bWFya2VyLTE=', '400'],
      ['bWFya2VyLTI=', '400'],
    ]);
    expect(lbs.map((b) => [b.id, b.name, b.state, b.ip, b.port])).toEqual([
      ['web', 'web', State.RUNNING, 'web-1234567890.us-east-1.elb.amazonaws.com', 80],
      ['api', 'api', State.RUNNING, 'api-1234567890.us-east-1.elb.amazonaws.com', 80],
      ['db-proxy', 'db-proxy', State.RUNNING, 'db-proxy-1234567890.us-east-1.elb.amazonaws.com', 5432],
      ['legacy', 'legacy', State.RUNNING, 'legacy-1234567890.us-east-1.elb.amazonaws.com', 80],
    ]);
    expect(lbs[0]!.extra).toMatchObject({
      canonicalHostedZoneNameId: 'Z35SXDOTRQ7X7K',
      listeners: [
        { protocol: 'HTTP', loadBalancerPort: 80, instanceProtocol: 'HTTP', instancePort: 8080, sslCertificateId: undefined },
        { protocol: 'HTTPS', loadBalancerPort: 443, instanceProtocol: 'HTTP', instancePort: 8080, sslCertificateId: 'arn:aws:iam::123456789012:server-certificate/web' },
      ],
      availabilityZones: ['us-east-1a', 'us-east-1b'],
      instanceIds: ['i-0123456789abcdef0', 'i-0fedcba9876543210'],
      healthCheck: { target: 'HTTP:80/health', interval: 30, timeout: 5 },
      scheme: 'internet-facing',
    });
    expect(lbs[2]!.extra).toMatchObject({ scheme: 'internal', subnets: ['subnet-0abc1234'], vpcId: 'vpc-0123abcd' });
  });

  it('maps LoadBalancerNotFound to LoadBalancerDoesNotExistError', async () => {
    const { elb, mock } = setup();
    actions(mock, { DescribeLoadBalancers: { status: 400, fixture: 'error_not_found.xml' } });
    await expect(elb.getBalancer('ghost')).rejects.toMatchObject({ name: 'LoadBalancerDoesNotExistError', providerCode: 'LoadBalancerNotFound', statusCode: 400 });
  });

  it('creates a balancer with its listener and zones, registers the members, and reads it back', async () => {
    const { elb, mock } = setup();
    actions(mock, {
      CreateLoadBalancer: { fixture: 'create_lb.xml' },
      RegisterInstancesWithLoadBalancer: { fixture: 'register.xml' },
      DescribeLoadBalancers: { fixture: 'describe_lb_web.xml' },
    });
    const lb = await elb.createBalancer({ name: 'web', port: 80, protocol: 'http', members: [web], exAvailabilityZones: ['us-east-1a', 'us-east-1b'], exScheme: 'internal' });
    expect(called(mock)).toEqual(['CreateLoadBalancer', 'RegisterInstancesWithLoadBalancer', 'DescribeLoadBalancers']);
    expect(form(mock.requests[0]!)).toEqual({
      Action: 'CreateLoadBalancer',
      Version: '2012-06-01',
      LoadBalancerName: 'web',
      'Listeners.member.1.Protocol': 'HTTP',
      'Listeners.member.1.LoadBalancerPort': '80',
      'Listeners.member.1.InstanceProtocol': 'HTTP',
      'Listeners.member.1.InstancePort': '8080',
      'AvailabilityZones.member.1': 'us-east-1a',
      'AvailabilityZones.member.2': 'us-east-1b',
      Scheme: 'internal',
    });
    expect(form(mock.requests[1]!)).toMatchObject({ LoadBalancerName: 'web', 'Instances.member.1.InstanceId': 'i-0aaa111122223333' });
    expect(lb.id).toBe('web');
  });

  it('creates an https listener with its certificate in subnets', async () => {
    const { elb, mock } = setup();
    actions(mock, { CreateLoadBalancer: { fixture: 'create_lb.xml' }, DescribeLoadBalancers: { fixture: 'describe_lb_web.xml' } });
    await elb.createBalancer({ name: 'shop', port: 443, protocol: 'https', exSubnets: ['subnet-1'], exSecurityGroups: ['sg-1'], exSslCertificateId: 'arn:aws:acm:us-east-1:123456789012:certificate/abc' });
    expect(form(mock.requests[0]!)).toMatchObject({
      'Listeners.member.1.Protocol': 'HTTPS',
      'Listeners.member.1.InstanceProtocol': 'HTTP',
      'Listeners.member.1.InstancePort': '443',
      'Listeners.member.1.SSLCertificateId': 'arn:aws:acm:us-east-1:123456789012:certificate/abc',
      'Subnets.member.1': 'subnet-1',
      'SecurityGroups.member.1': 'sg-1',
    });
  });

  it('maps DuplicateLoadBalancerName to ConflictError', async () => {
    const { elb, mock } = setup();
    actions(mock, { CreateLoadBalancer: { status: 400, fixture: 'error_duplicate.xml' } });
    await expect(elb.createBalancer({ name: 'web', port: 80, protocol: 'http', exAvailabilityZones: ['us-east-1a'] })).rejects.toMatchObject({
      name: 'ConflictError',
      providerCode: 'DuplicateLoadBalancerName',
    });
  });

  it.each([
    [{ name: '-bad', port: 80, protocol: 'http', exAvailabilityZones: ['a'] }, 'name'],
    [{ name: 'a'.repeat(33), port: 80, protocol: 'http', exAvailabilityZones: ['a'] }, 'name'],
    [{ name: 'web', port: 0, protocol: 'http', exAvailabilityZones: ['a'] }, 'port'],
    [{ name: 'web', port: 80, protocol: 'udp', exAvailabilityZones: ['a'] }, 'protocol'],
    [{ name: 'web', port: 80, protocol: 'http', algorithm: Algorithm.LEAST_CONNECTIONS, exAvailabilityZones: ['a'] }, 'algorithm'],
    [{ name: 'web', port: 80, protocol: 'http' }, 'exAvailabilityZones'],
    [{ name: 'web', port: 443, protocol: 'https', exAvailabilityZones: ['a'] }, 'exSslCertificateId'],
    [{ name: 'web', port: 80, protocol: 'http', exAvailabilityZones: ['a'], members: [new Member({ id: '10.0.0.5', ip: '10.0.0.5', port: 80, extra: {} })] }, 'member.id'],
  ])('refuses %j before any request (option %s)', async (options, option) => {
    const { elb, mock } = setup();
    await expect(elb.createBalancer(options as Parameters<ElbLoadBalancerDriver['createBalancer']>[0])).rejects.toMatchObject({ name: 'InvalidArgumentError', option });
    expect(mock.requests).toEqual([]);
  });

  it('destroys a balancer by name', async () => {
    const { elb, mock } = setup();
    actions(mock, { DeleteLoadBalancer: { fixture: 'delete_lb.xml' } });
    await elb.destroyBalancer('web');
    expect(form(mock.requests[0]!)).toEqual({ Action: 'DeleteLoadBalancer', Version: '2012-06-01', LoadBalancerName: 'web' });
  });

  it('attaches and detaches members and compute nodes by instance id', async () => {
    const { elb, mock } = setup();
    actions(mock, { RegisterInstancesWithLoadBalancer: { fixture: 'register.xml' }, DeregisterInstancesFromLoadBalancer: { fixture: 'deregister.xml' } });
    const member = await elb.balancerAttachMember('web', web);
    await elb.balancerAttachComputeNode('web', { id: 'i-0abc0000000000002', publicIps: ['198.51.100.7'], privateIps: ['10.0.0.7'] });
    await elb.balancerDetachMember('web', member);
    expect(mock.requests.map((r) => [form(r).Action, form(r)['Instances.member.1.InstanceId']])).toEqual([
      ['RegisterInstancesWithLoadBalancer', 'i-0aaa111122223333'],
      ['RegisterInstancesWithLoadBalancer', 'i-0abc0000000000002'],
      ['DeregisterInstancesFromLoadBalancer', 'i-0aaa111122223333'],
    ]);
    expect(member).toMatchObject({ id: 'i-0aaa111122223333', port: 8080 });
  });

  it('lists members with their health, and the instance port from the balancer', async () => {
    const { elb, mock } = setup();
    actions(mock, { DescribeLoadBalancers: { fixture: 'describe_lb_web.xml' }, DescribeInstanceHealth: { fixture: 'instance_health.xml' } });
    const lb = await elb.getBalancer('web');
    const members = await lb.listMembers();
    expect(members.map((m) => [m.id, m.port, m.extra.state, m.extra.reasonCode])).toEqual([
      ['i-0123456789abcdef0', 8080, 'InService', 'N/A'],
      ['i-0fedcba9876543210', 8080, 'OutOfService', 'Instance'],
    ]);
  });

  it('maps InvalidInstance to BadRequestError keeping the AWS code', async () => {
    const { elb, mock } = setup();
    actions(mock, { RegisterInstancesWithLoadBalancer: { status: 400, fixture: 'error_invalid_instance.xml' } });
    await expect(elb.balancerAttachMember('web', web)).rejects.toMatchObject({ name: 'BadRequestError', providerCode: 'InvalidInstance' });
  });

  it('maps Throttling and 429 to RateLimitError, and an invalid token to InvalidCredentialsError', async () => {
    const { elb, mock } = setup();
    mock.on('POST', '/', { status: 400, fixture: 'error_throttling.xml' }, { times: 1 });
    mock.on('POST', '/', { status: 429, headers: { 'retry-after': '4' }, fixture: 'error_throttling.xml' }, { times: 1 });
    mock.on('POST', '/', { status: 403, fixture: 'error_auth.xml' }, { times: 1 });
    await expect(elb.listBalancers()).rejects.toMatchObject({ name: 'RateLimitError', providerCode: 'Throttling' });
    await expect(elb.listBalancers()).rejects.toMatchObject({ name: 'RateLimitError', statusCode: 429, retryAfter: 4 });
    const err = (await elb.listBalancers().catch((e: unknown) => e)) as Error;
    expect(err).toMatchObject({ name: 'InvalidCredentialsError', providerCode: 'InvalidClientTokenId' });
    expect(`${err.message}${err.stack}`).not.toContain(SECRET);
  });

  it('sends its calls through proxyUrl and through HTTPS_PROXY from the env option', async () => {
    const explicit = setup({ proxyUrl: 'http://proxy.corp.example:3128' });
    actions(explicit.mock, { DescribeInstanceHealth: { fixture: 'instance_health.xml' } });
    await explicit.elb.balancerListMembers('web');
    expect(explicit.mock.requests[0]!.proxy).toMatchObject({ hostname: 'proxy.corp.example', port: 3128 });
    const env = setup({ env: { HTTPS_PROXY: 'http://env-proxy.example:8080' } });
    actions(env.mock, { DescribeInstanceHealth: { fixture: 'instance_health.xml' } });
    await env.elb.balancerListMembers('web');
    expect(env.mock.requests[0]!.proxy?.origin).toBe('http://env-proxy.example:8080');
  });
});
