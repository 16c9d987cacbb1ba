import { describe, expect, it } from 'vitest';
import { InvalidArgumentError, NodeDoesNotExistError } from '../../../../src/common/errors/index.js';
import { NodeAuthPassword, NodeAuthSSHKey, NodeState } from '../../../../src/drivers/compute/base.js';
import { actionsOf, ec2Driver, ec2Mock, paramsOf } from './helpers.js';

describe('EC2 nodes', () => {
  it('lists instances across DescribeInstances pages, following NextToken', async () => {
    const mock = ec2Mock({ DescribeInstances: [{ fixture: 'describe_instances_page1.xml' }, { fixture: 'describe_instances_page2.xml' }] });
    const nodes = await ec2Driver(mock).listNodes();
    expect(nodes.map((n) => n.id)).toEqual([
      'i-0598c7d356eba48d7',
      'i-0b22a22eec53b9321',
      'i-0c33b33ffd64c0432',
      'i-0d44c44aae75d1543',
      'i-0e55d55bbf86e2654',
      'i-0f66e66ccf97f3765',
    ]);
    expect(nodes.map((n) => n.state)).toEqual([
      NodeState.RUNNING,
      NodeState.STOPPED,
      NodeState.STOPPING, // shutting-down
      NodeState.PENDING,
      NodeState.TERMINATED,
      NodeState.STOPPING,
    ]);
    const [first, second] = [paramsOf(mock.requests[0]), paramsOf(mock.requests[1])];
    expect(first).toEqual({ Action: 'DescribeInstances', Version: '2016-11-15', MaxResults: '1000' });
    expect(second).toEqual({ Action: 'DescribeInstances', Version: '2016-11-15', MaxResults: '1000', NextToken: 'eyJ2IjoiMiIsImMiOiJwYWdlMiJ9' });
  });

  it('maps the instance fields and typed extras', async () => {
    const mock = ec2Mock({ DescribeInstances: [{ fixture: 'describe_instances_page1.xml' }, { fixture: 'describe_instances_empty.xml' }] });
    const driver = ec2Driver(mock);
    const [web, win] = await driver.listNodes();
    expect(web).toMatchObject({
      id: 'i-0598c7d356eba48d7',
      name: 'web-1',
      publicIps: ['13.38.10.20'],
      privateIps: ['10.0.1.12'],
      size: 't3.micro',
      image: 'ami-0abcdef1234567890',
      createdAt: new Date('2024-03-01T09:15:00.000Z'),
    });
    expect(web!.extra).toEqual({
      instanceType: 't3.micro',
      availabilityZone: 'eu-west-3a',
      imageId: 'ami-0abcdef1234567890',
      keyName: 'deploy-key',
      privateDnsName: 'ip-10-0-1-12.eu-west-3.compute.internal',
      dnsName: 'ec2-13-38-10-20.eu-west-3.compute.amazonaws.com',
      vpcId: 'vpc-0ee975135dEXAMPLE',
      subnetId: 'subnet-0bb1c79de3EXAMPLE',
      architecture: 'x86_64',
      platform: undefined,
      rootDeviceType: 'ebs',
      rootDeviceName: '/dev/xvda',
      stateCode: 16,
      stateName: 'running',
      reservationId: 'r-0a1b2c3d4e5f60001',
      ownerId: '123456789012',
      securityGroups: [{ id: 'sg-0598c7d356EXAMPLE', name: 'web' }],
      blockDevices: [{ deviceName: '/dev/xvda', volumeId: 'vol-0aaaa1111bbbb2222' }],
      ipv6Addresses: ['2a05:d012:aaaa:bbbb::12'],
      tags: { Name: 'web-1', env: 'prod' },
    });
    // No Name tag: the id is the name; no public IP when stopped.
    expect(win).toMatchObject({ name: 'i-0b22a22eec53b9321', publicIps: [], privateIps: ['10.0.1.13'] });
    expect(win!.extra.platform).toBe('windows');
    expect(win!.driver).toBe(driver);
  });

  it('signs every call with SigV4 for ec2 in the driver region, on the regional endpoint', async () => {
    const mock = ec2Mock({ DescribeInstances: { fixture: 'describe_instances_empty.xml' } });
    await ec2Driver(mock).listNodes();
    const req = mock.lastRequest!;
    expect(req.url.host).toBe('ec2.eu-west-3.amazonaws.com');
    expect(req.headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE\/20240506\/eu-west-3\/ec2\/aws4_request, SignedHeaders=[a-z0-9;-]*host;x-amz-date, Signature=[0-9a-f]{64}$/,
    );
  });

  it('iterates lazily: stopping after the first node fetches one page', async () => {
    const mock = ec2Mock({ DescribeInstances: [{ fixture: 'describe_instances_page1.xml' }, { fixture: 'describe_instances_page2.xml' }] });
    for await (const node of ec2Driver(mock).iterateNodes()) {
      expect(node.id).toBe('i-0598c7d356eba48d7');
      break;
    }
    expect(mock.requests).toHaveLength(1);
  });

  it('gets one node by id', async () => {
    const mock = ec2Mock({ DescribeInstances: { fixture: 'describe_instances_page1.xml' } });
    const node = await ec2Driver(mock).getNode('i-0598c7d356eba48d7');
    expect(node.name).toBe('web-1');
    expect(paramsOf(mock.lastRequest)).toEqual({ Action: 'DescribeInstances', Version: '2016-11-15', 'InstanceId.1': 'i-0598c7d356eba48d7' });
  });

  it('throws NodeDoesNotExistError for an empty answer and for InvalidInstanceID.NotFound', async () => {
    const empty = ec2Mock({ DescribeInstances: { fixture: 'describe_instances_empty.xml' } });
    await expect(ec2Driver(empty).getNode('i-0000000000000dead')).rejects.toBeInstanceOf(NodeDoesNotExistError);
    const notFound = ec2Mock({ DescribeInstances: { status: 400, fixture: 'error_instance_not_found.xml' } });
    const err = await ec2Driver(notFound).getNode('i-0000000000000dead').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NodeDoesNotExistError);
    expect((err as NodeDoesNotExistError).providerCode).toBe('InvalidInstanceID.NotFound');
  });

  it('creates a node with RunInstances: size, image, zone, key, name tag, client token', async () => {
    const mock = ec2Mock({ RunInstances: { fixture: 'run_instances.xml' } });
    const node = await ec2Driver(mock).createNode({
      name: 'web-2',
      size: 't3.micro',
      image: 'ami-0abcdef1234567890',
      location: 'eu-west-3a',
      exKeyName: 'deploy-key',
      exSecurityGroupIds: ['sg-0598c7d356EXAMPLE'],
      exSubnetId: 'subnet-0bb1c79de3EXAMPLE',
      exUserData: '#!/bin/sh\necho hi\n',
      exTags: { env: 'staging' },
      exClientToken: 'nubes-test-token',
    });
    expect(paramsOf(mock.lastRequest)).toEqual({
      Action: 'RunInstances',
      Version: '2016-11-15',
      ImageId: 'ami-0abcdef1234567890',
      InstanceType: 't3.micro',
      MinCount: '1',
      MaxCount: '1',
      ClientToken: 'nubes-test-token',
      'TagSpecification.1.ResourceType': 'instance',
      'TagSpecification.1.Tag.1.Key': 'Name',
      'TagSpecification.1.Tag.1.Value': 'web-2',
      'TagSpecification.1.Tag.2.Key': 'env',
      'TagSpecification.1.Tag.2.Value': 'staging',
      'Placement.AvailabilityZone': 'eu-west-3a',
      KeyName: 'deploy-key',
      SubnetId: 'subnet-0bb1c79de3EXAMPLE',
      'SecurityGroupId.1': 'sg-0598c7d356EXAMPLE',
      UserData: Buffer.from('#!/bin/sh\necho hi\n').toString('base64'),
    });
    expect(node).toMatchObject({ id: 'i-0123456789abcdef0', name: 'web-2', state: NodeState.PENDING, privateIps: ['10.0.1.50'] });
    expect(node.extra.availabilityZone).toBe('eu-west-3a');
  });

  it('accepts size, image and location objects', async () => {
    const mock = ec2Mock({
      RunInstances: { fixture: 'run_instances.xml' },
      DescribeInstanceTypes: [{ fixture: 'describe_instance_types_page1.xml' }, { fixture: 'describe_instance_types_page2.xml' }],
    });
    const driver = ec2Driver(mock);
    const size = (await driver.listSizes()).find((s) => s.id === 't3.micro')!;
    await driver.createNode({ name: 'web-2', size, image: { id: 'ami-0abcdef1234567890' } as never, location: { id: 'eu-west-3b' } as never });
    const p = paramsOf(mock.lastRequest);
    expect([p.InstanceType, p.ImageId, p['Placement.AvailabilityZone']]).toEqual(['t3.micro', 'ami-0abcdef1234567890', 'eu-west-3b']);
    expect(p.ClientToken).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('retries RunInstances after throttling with the same client token', async () => {
    const mock = ec2Mock({ RunInstances: [{ status: 503, fixture: 'error_request_limit_exceeded.xml' }, { fixture: 'run_instances.xml' }] });
    await ec2Driver(mock).createNode({ name: 'web-2', size: 't3.micro', image: 'ami-0abcdef1234567890' });
    expect(mock.requests).toHaveLength(2);
    expect(paramsOf(mock.requests[0]).ClientToken).toBe(paramsOf(mock.requests[1]).ClientToken);
  });

  it('imports an SSH key given as auth and launches with it, reusing an already imported one', async () => {
    const pubkey = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFakeKeyForNubesTests user@host';
    const mock = ec2Mock({ ImportKeyPair: { status: 400, fixture: 'error_key_pair_duplicate.xml' }, RunInstances: { fixture: 'run_instances.xml' } });
    await ec2Driver(mock).createNode({ name: 'web-2', size: 't3.micro', image: 'ami-0abcdef1234567890', auth: new NodeAuthSSHKey(pubkey) });
    expect(actionsOf(mock)).toEqual(['ImportKeyPair', 'RunInstances']);
    const imported = paramsOf(mock.requests[0]);
    expect(imported.KeyName).toMatch(/^nubes-[0-9a-f]{16}$/);
    expect(Buffer.from(imported.PublicKeyMaterial!, 'base64').toString()).toBe(pubkey);
    expect(paramsOf(mock.requests[1]).KeyName).toBe(imported.KeyName);
  });

  it('refuses bad createNode input before any request', async () => {
    const mock = ec2Mock({});
    const driver = ec2Driver(mock);
    const cases: [Record<string, unknown>, string][] = [
      [{ name: 'x', image: 'ami-1' }, 'size'],
      [{ name: 'x', size: 't3.micro' }, 'image'],
      [{ size: 't3.micro', image: 'ami-1' }, 'name'],
      [{ name: 'x', size: 't3 micro', image: 'ami-1' }, 'size'],
      [{ name: 'x', size: 't3.micro', image: 'ami-1', auth: new NodeAuthPassword('hunter22') }, 'auth'],
      [{ name: 'x', size: 't3.micro', image: 'ami-1', exKeyName: 'k', auth: new NodeAuthSSHKey('ssh-ed25519 AAAA x') }, 'exKeyName'],
    ];
    for (const [options, option] of cases) {
      const err = await driver.createNode(options as never).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(InvalidArgumentError);
      expect((err as InvalidArgumentError).option).toBe(option);
    }
    expect(mock.requests).toHaveLength(0);
  });

  it.each([
    ['rebootNode', 'RebootInstances', 'reboot_instances.xml'],
    ['startNode', 'StartInstances', 'start_instances.xml'],
    ['stopNode', 'StopInstances', 'stop_instances.xml'],
    ['destroyNode', 'TerminateInstances', 'terminate_instances.xml'],
  ] as const)('%s sends %s for the instance', async (method, action, fixture) => {
    const mock = ec2Mock({ [action]: { fixture } });
    await ec2Driver(mock)[method]('i-0598c7d356eba48d7');
    expect(paramsOf(mock.lastRequest)).toEqual({ Action: action, Version: '2016-11-15', 'InstanceId.1': 'i-0598c7d356eba48d7' });
  });

  it('node shortcuts call the driver with the node id', async () => {
    const mock = ec2Mock({ DescribeInstances: { fixture: 'describe_instances_page1.xml' }, StopInstances: { fixture: 'stop_instances.xml' } });
    const node = await ec2Driver(mock).getNode('i-0598c7d356eba48d7');
    await node.stop();
    expect(paramsOf(mock.lastRequest)['InstanceId.1']).toBe('i-0598c7d356eba48d7');
  });
});
