import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ImageDoesNotExistError, InvalidArgumentError, KeyPairDoesNotExistError, ProviderError } from '../../../../src/common/errors/index.js';
import { StorageVolumeState, VolumeSnapshotState } from '../../../../src/drivers/compute/base.js';
import { ec2Driver, ec2Mock, paramsOf } from './helpers.js';

const V = { Version: '2016-11-15' };

describe('EC2 sizes, images and locations', () => {
  it('lists the instance types the region offers with DescribeInstanceTypes, across NextToken pages', async () => {
    const mock = ec2Mock({ DescribeInstanceTypes: [{ fixture: 'describe_instance_types_page1.xml' }, { fixture: 'describe_instance_types_page2.xml' }] });
    const sizes = await ec2Driver(mock).listSizes();
    // Types the old static catalogue lacked are there, as the region lists them.
    expect(sizes.map((s) => s.id)).toEqual(['t2.micro', 'm5.large', 'c5.xlarge', 'r5.large', 'm7g.large', 'm5d.large', 't3.micro']);
    expect(paramsOf(mock.requests[0])).toEqual({ Action: 'DescribeInstanceTypes', ...V, MaxResults: '100' });
    expect(paramsOf(mock.requests[1]).NextToken).toBe('aW5zdGFuY2UtdHlwZXMtcGFnZS0y');
    expect(mock.requests).toHaveLength(2);
    expect(sizes[0]).toMatchObject({
      name: 't2.micro',
      ram: 1024,
      vcpus: 1,
      disk: 0,
      extra: { family: 't2', architecture: 'x86_64', architectures: ['i386', 'x86_64'], burstable: true, currentGeneration: true },
    });
    expect(sizes.find((s) => s.id === 'r5.large')).toMatchObject({ ram: 16384, vcpus: 2, extra: { burstable: false } });
    expect(sizes.find((s) => s.id === 'm7g.large')!.extra.architecture).toBe('arm64');
    expect(sizes.find((s) => s.id === 'm5d.large')!.disk).toBe(75);
  });

  it('says MalformedResponseError naming the field for an instance type without vCPUs the table cannot fill', async () => {
    const xml = (body: string): string =>
      `<DescribeInstanceTypesResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><instanceTypeSet><item>${body}</item></instanceTypeSet></DescribeInstanceTypesResponse>`;
    const mock = ec2Mock({ DescribeInstanceTypes: { xml: xml('<instanceType>x9.huge</instanceType><memoryInfo><sizeInMiB>1024</sizeInMiB></memoryInfo>') } });
    await expect(ec2Driver(mock).listSizes()).rejects.toMatchObject({ name: 'MalformedResponseError', provider: 'ec2', message: expect.stringContaining('vCpuInfo.defaultVCpus') });
    const noType = ec2Mock({ DescribeInstanceTypes: { xml: xml('<vCpuInfo><defaultVCpus>2</defaultVCpus></vCpuInfo>') } });
    await expect(ec2Driver(noType).listSizes()).rejects.toMatchObject({ name: 'MalformedResponseError', message: expect.stringContaining('"instanceType"') });
  });

  it('lists your own images across DescribeImages pages', async () => {
    const mock = ec2Mock({ DescribeImages: [{ fixture: 'describe_images.xml' }, { fixture: 'describe_images_page2.xml' }] });
    const images = await ec2Driver(mock).listImages();
    expect(images.map((i) => i.id)).toEqual(['ami-0abcdef1234567890', 'ami-0fedcba9876543210', 'ami-0123123123123123a']);
    expect(paramsOf(mock.requests[0])).toEqual({ Action: 'DescribeImages', ...V, 'Owner.1': 'self', MaxResults: '1000' });
    expect(paramsOf(mock.requests[1]).NextToken).toBe('aW1hZ2VzLXBhZ2UtMg==');
    expect(images[0]).toMatchObject({ name: 'web-golden-2024-03' });
    expect(images[0]!.extra).toEqual({
      state: 'available',
      ownerId: '123456789012',
      ownerAlias: undefined,
      architecture: 'x86_64',
      imageType: 'machine',
      platform: undefined,
      rootDeviceType: 'ebs',
      virtualizationType: 'hvm',
      creationDate: '2024-03-01T08:00:00.000Z',
      description: 'Golden web image',
      isPublic: false,
      tags: { team: 'web' },
    });
    // No name: the id stands in.
    expect(images[1]).toMatchObject({ name: 'ami-0fedcba9876543210', extra: { isPublic: true, platform: 'windows', state: 'pending' } });
  });

  it('finds public images by owner and filters', async () => {
    const mock = ec2Mock({ DescribeImages: { fixture: 'describe_images_page2.xml' } });
    const found = [];
    for await (const image of ec2Driver(mock).exIterateImages({ owners: ['amazon'], filters: { name: ['al2023-ami-*'], architecture: ['arm64'] } })) found.push(image);
    expect(found).toHaveLength(1);
    expect(paramsOf(mock.lastRequest)).toEqual({
      Action: 'DescribeImages',
      ...V,
      'Owner.1': 'amazon',
      'Filter.1.Name': 'name',
      'Filter.1.Value.1': 'al2023-ami-*',
      'Filter.2.Name': 'architecture',
      'Filter.2.Value.1': 'arm64',
      MaxResults: '1000',
    });
  });

  it('gets one image by id, any owner, without paging parameters', async () => {
    const mock = ec2Mock({ DescribeImages: { fixture: 'describe_images.xml' } });
    const image = await ec2Driver(mock).getImage('ami-0abcdef1234567890');
    expect(image.id).toBe('ami-0abcdef1234567890');
    expect(paramsOf(mock.lastRequest)).toEqual({ Action: 'DescribeImages', ...V, 'ImageId.1': 'ami-0abcdef1234567890' });
  });

  it('reports a missing image as ImageDoesNotExistError, like the base API', async () => {
    const empty = ec2Mock({ DescribeImages: { fixture: 'describe_images_empty.xml' } });
    await expect(ec2Driver(empty).getImage('ami-0000000000000dead')).rejects.toBeInstanceOf(ImageDoesNotExistError);
    const notFound = ec2Mock({ DescribeImages: { status: 400, fixture: 'error_ami_not_found.xml' } });
    await expect(ec2Driver(notFound).getImage('ami-0000000000000dead')).rejects.toBeInstanceOf(ImageDoesNotExistError);
  });

  it('creates an image from a node and deregisters one', async () => {
    const mock = ec2Mock({ CreateImage: { fixture: 'create_image.xml' }, DeregisterImage: { fixture: 'deregister_image.xml' } });
    const driver = ec2Driver(mock);
    const image = await driver.createImage('i-0598c7d356eba48d7', 'web-golden-2024-05');
    expect(paramsOf(mock.lastRequest)).toEqual({ Action: 'CreateImage', ...V, InstanceId: 'i-0598c7d356eba48d7', Name: 'web-golden-2024-05' });
    expect(image).toMatchObject({ id: 'ami-0bbbbccccddddeeee', name: 'web-golden-2024-05', extra: { state: 'pending' } });
    await image.delete();
    expect(paramsOf(mock.lastRequest)).toEqual({ Action: 'DeregisterImage', ...V, ImageId: 'ami-0bbbbccccddddeeee' });
    await expect(driver.createImage('i-0598c7d356eba48d7', 'x')).rejects.toBeInstanceOf(InvalidArgumentError);
  });

  it('lists availability zones as locations', async () => {
    const mock = ec2Mock({ DescribeAvailabilityZones: { fixture: 'describe_availability_zones.xml' } });
    const zones = await ec2Driver(mock).listLocations();
    expect(zones.map((z) => [z.id, z.name, z.country])).toEqual([
      ['eu-west-3a', 'eu-west-3a', 'FR'],
      ['eu-west-3b', 'eu-west-3b', 'FR'],
    ]);
    expect(zones[1]!.extra).toEqual({ regionName: 'eu-west-3', zoneId: 'euw3-az2', state: 'impaired', zoneType: 'availability-zone' });
  });
});

describe('EC2 volumes and snapshots', () => {
  it('lists volumes with state, size and attachments', async () => {
    const mock = ec2Mock({ DescribeVolumes: { fixture: 'describe_volumes.xml' } });
    const [root, data] = await ec2Driver(mock).listVolumes();
    expect(paramsOf(mock.lastRequest)).toEqual({ Action: 'DescribeVolumes', ...V, MaxResults: '500' });
    expect(root).toMatchObject({ id: 'vol-0aaaa1111bbbb2222', name: 'vol-0aaaa1111bbbb2222', size: 8, state: StorageVolumeState.INUSE });
    expect(root!.extra).toMatchObject({
      availabilityZone: 'eu-west-3a',
      volumeType: 'gp3',
      iops: 3000,
      encrypted: true,
      snapshotId: 'snap-0aaaa1111bbbb2222',
      attachments: [{ instanceId: 'i-0598c7d356eba48d7', device: '/dev/xvda', state: 'attached' }],
    });
    expect(data).toMatchObject({ name: 'data-1', size: 100, state: StorageVolumeState.AVAILABLE, extra: { snapshotId: undefined, attachments: [] } });
  });

  it('creates a volume in a zone, named by tag', async () => {
    const mock = ec2Mock({ CreateVolume: { fixture: 'create_volume.xml' } });
    const volume = await ec2Driver(mock).createVolume({ size: 20, name: 'scratch', location: 'eu-west-3a', exVolumeType: 'gp3' });
    const p = paramsOf(mock.lastRequest);
    expect(p).toMatchObject({
      Action: 'CreateVolume',
      AvailabilityZone: 'eu-west-3a',
      Size: '20',
      VolumeType: 'gp3',
      'TagSpecification.1.ResourceType': 'volume',
      'TagSpecification.1.Tag.1.Key': 'Name',
      'TagSpecification.1.Tag.1.Value': 'scratch',
    });
    expect(p.ClientToken).toMatch(/^[0-9a-f-]{36}$/);
    expect(volume).toMatchObject({ id: 'vol-0eeee5555ffff6666', name: 'scratch', size: 20, state: StorageVolumeState.CREATING });
  });

  it('refuses a volume without a zone or with a bad size before any request', async () => {
    const mock = ec2Mock({});
    const driver = ec2Driver(mock);
    await expect(driver.createVolume({ size: 20, name: 'x' })).rejects.toMatchObject({ option: 'location' });
    await expect(driver.createVolume({ size: 0, name: 'x', location: 'eu-west-3a' })).rejects.toMatchObject({ option: 'size' });
    await expect(driver.createVolume({ size: 1.5, name: 'x', location: 'eu-west-3a' })).rejects.toBeInstanceOf(InvalidArgumentError);
    expect(mock.requests).toHaveLength(0);
  });

  it('attaches with a device, detaches and deletes', async () => {
    const mock = ec2Mock({
      AttachVolume: { fixture: 'attach_volume.xml' },
      DetachVolume: { fixture: 'detach_volume.xml' },
      DeleteVolume: { fixture: 'delete_volume.xml' },
    });
    const driver = ec2Driver(mock);
    await driver.attachVolume('i-0598c7d356eba48d7', 'vol-0eeee5555ffff6666', '/dev/sdf');
    expect(paramsOf(mock.lastRequest)).toEqual({ Action: 'AttachVolume', ...V, VolumeId: 'vol-0eeee5555ffff6666', InstanceId: 'i-0598c7d356eba48d7', Device: '/dev/sdf' });
    await driver.detachVolume('vol-0eeee5555ffff6666');
    expect(paramsOf(mock.lastRequest)).toEqual({ Action: 'DetachVolume', ...V, VolumeId: 'vol-0eeee5555ffff6666' });
    await driver.destroyVolume('vol-0eeee5555ffff6666');
    expect(paramsOf(mock.lastRequest)).toEqual({ Action: 'DeleteVolume', ...V, VolumeId: 'vol-0eeee5555ffff6666' });
  });

  it('refuses to attach without a device before any request', async () => {
    const mock = ec2Mock({});
    await expect(ec2Driver(mock).attachVolume('i-1', 'vol-1')).rejects.toMatchObject({ option: 'device' });
    expect(mock.requests).toHaveLength(0);
  });

  it('treats <return>false</return> as a failure', async () => {
    const mock = ec2Mock({ DeleteVolume: { fixture: 'delete_volume_false.xml' } });
    await expect(ec2Driver(mock).destroyVolume('vol-1')).rejects.toBeInstanceOf(ProviderError);
  });

  it('lists the snapshots of a volume with state mapping', async () => {
    const mock = ec2Mock({ DescribeSnapshots: { fixture: 'describe_snapshots.xml' } });
    const snaps = await ec2Driver(mock).listVolumeSnapshots('vol-0aaaa1111bbbb2222');
    expect(paramsOf(mock.lastRequest)).toEqual({
      Action: 'DescribeSnapshots',
      ...V,
      'Owner.1': 'self',
      'Filter.1.Name': 'volume-id',
      'Filter.1.Value.1': 'vol-0aaaa1111bbbb2222',
      MaxResults: '1000',
    });
    expect(snaps.map((s) => [s.id, s.name, s.size, s.state])).toEqual([
      ['snap-0aaaa1111bbbb2222', 'web-1-nightly', 8, VolumeSnapshotState.AVAILABLE],
      ['snap-0bbbb2222cccc3333', undefined, 8, VolumeSnapshotState.CREATING],
    ]);
    expect(snaps[0]!.createdAt).toEqual(new Date('2024-03-01T08:00:00.000Z'));
    expect(snaps[1]!.extra).toMatchObject({ progress: '42%', volumeId: 'vol-0aaaa1111bbbb2222', encrypted: false });
  });

  it('creates and deletes a snapshot', async () => {
    const mock = ec2Mock({ CreateSnapshot: { fixture: 'create_snapshot.xml' }, DeleteSnapshot: { fixture: 'delete_snapshot.xml' } });
    const driver = ec2Driver(mock);
    const snap = await driver.createVolumeSnapshot('vol-0aaaa1111bbbb2222', 'before-upgrade');
    expect(paramsOf(mock.lastRequest)).toEqual({
      Action: 'CreateSnapshot',
      ...V,
      VolumeId: 'vol-0aaaa1111bbbb2222',
      Description: 'before-upgrade',
      'TagSpecification.1.ResourceType': 'snapshot',
      'TagSpecification.1.Tag.1.Key': 'Name',
      'TagSpecification.1.Tag.1.Value': 'before-upgrade',
    });
    expect(snap).toMatchObject({ id: 'snap-0cccc3333dddd4444', name: 'before-upgrade', state: VolumeSnapshotState.CREATING });
    await snap.destroy();
    expect(paramsOf(mock.lastRequest)).toEqual({ Action: 'DeleteSnapshot', ...V, SnapshotId: 'snap-0cccc3333dddd4444' });
  });
});

describe('EC2 key pairs', () => {
  const dir = mkdtempSync(join(tmpdir(), 'nubes-ec2-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('lists key pairs', async () => {
    const mock = ec2Mock({ DescribeKeyPairs: { fixture: 'describe_key_pairs.xml' } });
    const keys = await ec2Driver(mock).listKeyPairs();
    expect(keys.map((k) => [k.name, k.id, k.fingerprint, k.extra.keyType])).toEqual([
      ['deploy-key', 'key-0a1b2c3d4e5f60001', '1f:51:ae:28:bf:89:e9:d8:1f:25:5d:37:2d:7d:b8:ca:9f:f5:f1:6f', 'rsa'],
      ['laptop', 'key-0a1b2c3d4e5f60002', 'bGFwdG9wLWZpbmdlcnByaW50LWV4YW1wbGU=', 'ed25519'],
    ]);
  });

  it('gets one key pair by name, and reports a missing one as KeyPairDoesNotExistError', async () => {
    const mock = ec2Mock({ DescribeKeyPairs: [{ fixture: 'describe_key_pairs_one.xml' }, { status: 400, fixture: 'error_key_pair_not_found.xml' }] });
    const driver = ec2Driver(mock);
    expect((await driver.getKeyPair('laptop')).name).toBe('laptop');
    expect(paramsOf(mock.lastRequest)).toEqual({ Action: 'DescribeKeyPairs', ...V, 'KeyName.1': 'laptop' });
    await expect(driver.getKeyPair('nope')).rejects.toBeInstanceOf(KeyPairDoesNotExistError);
  });

  it('creates a key pair, returns the private key, and keeps it out of the debug log', async () => {
    const debug = join(dir, 'create-key.log');
    const mock = ec2Mock({ CreateKeyPair: { fixture: 'create_key_pair.xml' } });
    const key = await ec2Driver(mock, { debug }).createKeyPair('ci-key');
    expect(paramsOf(mock.lastRequest)).toEqual({ Action: 'CreateKeyPair', ...V, KeyName: 'ci-key' });
    expect(key).toMatchObject({ name: 'ci-key', id: 'key-0a1b2c3d4e5f60003', fingerprint: '9d:2e:6c:2f:6b:aa:a8:16:4f:1c:aa:ad:95:6c:8c:01:ff:9e:c3:42' });
    expect(key.privateKey).toContain('FAKEPRIVATEKEYMATERIALFORTESTSONLYnubes0001');
    expect(JSON.stringify(key)).not.toContain('PRIVATE KEY');
    const log = readFileSync(debug, 'utf8');
    expect(log).toContain('CreateKeyPair');
    expect(log).not.toContain('FAKEPRIVATEKEYMATERIAL');
  });

  it('imports an OpenSSH public key base64-encoded, refusing anything else before any request', async () => {
    const pub = 'ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQFakeKey me@laptop';
    const mock = ec2Mock({ ImportKeyPair: { fixture: 'import_key_pair.xml' } });
    const driver = ec2Driver(mock);
    const key = await driver.importKeyPairFromString('imported', pub);
    const p = paramsOf(mock.lastRequest);
    expect(p).toEqual({ Action: 'ImportKeyPair', ...V, KeyName: 'imported', PublicKeyMaterial: Buffer.from(pub).toString('base64') });
    expect(key).toMatchObject({ name: 'imported', publicKey: pub, id: 'key-0a1b2c3d4e5f60004' });
    await expect(driver.importKeyPairFromString('bad', '-----BEGIN PRIVATE KEY-----')).rejects.toMatchObject({ option: 'publicKey' });
    expect(mock.requests).toHaveLength(1);
  });

  it('deletes a key pair by name', async () => {
    const mock = ec2Mock({ DeleteKeyPair: { fixture: 'delete_key_pair.xml' } });
    await ec2Driver(mock).deleteKeyPair('laptop');
    expect(paramsOf(mock.lastRequest)).toEqual({ Action: 'DeleteKeyPair', ...V, KeyName: 'laptop' });
  });
});

describe('EC2 security groups and elastic IPs', () => {
  it('lists, creates, opens and deletes security groups', async () => {
    const mock = ec2Mock({
      DescribeSecurityGroups: { fixture: 'describe_security_groups.xml' },
      CreateSecurityGroup: { fixture: 'create_security_group.xml' },
      AuthorizeSecurityGroupIngress: { fixture: 'authorize_security_group_ingress.xml' },
      DeleteSecurityGroup: { fixture: 'delete_security_group.xml' },
    });
    const driver = ec2Driver(mock);
    expect(await driver.exListSecurityGroups()).toEqual([
      {
        id: 'sg-0598c7d356EXAMPLE',
        name: 'web',
        description: 'web servers',
        vpcId: 'vpc-0ee975135dEXAMPLE',
        ownerId: '123456789012',
        ingress: [{ protocol: 'tcp', fromPort: 443, toPort: 443, cidrs: ['0.0.0.0/0'] }],
      },
    ]);
    expect(await driver.exCreateSecurityGroup('api', 'api servers', 'vpc-0ee975135dEXAMPLE')).toBe('sg-0aaaabbbbccccdddd');
    expect(paramsOf(mock.lastRequest)).toEqual({ Action: 'CreateSecurityGroup', ...V, GroupName: 'api', GroupDescription: 'api servers', VpcId: 'vpc-0ee975135dEXAMPLE' });
    await driver.exAuthorizeSecurityGroupIngress('sg-0aaaabbbbccccdddd', { protocol: 'tcp', fromPort: 22, toPort: 22, cidrs: ['10.0.0.0/8'] });
    expect(paramsOf(mock.lastRequest)).toEqual({
      Action: 'AuthorizeSecurityGroupIngress',
      ...V,
      GroupId: 'sg-0aaaabbbbccccdddd',
      'IpPermissions.1.IpProtocol': 'tcp',
      'IpPermissions.1.FromPort': '22',
      'IpPermissions.1.ToPort': '22',
      'IpPermissions.1.IpRanges.1.CidrIp': '10.0.0.0/8',
    });
    await driver.exDeleteSecurityGroup('sg-0aaaabbbbccccdddd');
    expect(paramsOf(mock.lastRequest)).toEqual({ Action: 'DeleteSecurityGroup', ...V, GroupId: 'sg-0aaaabbbbccccdddd' });
  });

  it('lists, allocates, associates, disassociates and releases elastic IPs', async () => {
    const mock = ec2Mock({
      DescribeAddresses: { fixture: 'describe_addresses.xml' },
      AllocateAddress: { fixture: 'allocate_address.xml' },
      AssociateAddress: { fixture: 'associate_address.xml' },
      DisassociateAddress: { fixture: 'disassociate_address.xml' },
      ReleaseAddress: { fixture: 'release_address.xml' },
    });
    const driver = ec2Driver(mock);
    const ips = await driver.exListElasticIps();
    expect(ips[0]).toEqual({
      publicIp: '203.0.113.25',
      allocationId: 'eipalloc-08229861EXAMPLE',
      associationId: 'eipassoc-f0229810EXAMPLE',
      instanceId: 'i-0598c7d356eba48d7',
      domain: 'vpc',
    });
    expect(ips[1]!.instanceId).toBeUndefined();
    const ip = await driver.exAllocateElasticIp();
    expect(ip).toMatchObject({ publicIp: '198.51.100.9', allocationId: 'eipalloc-5723d13eEXAMPLE', domain: 'vpc' });
    expect(paramsOf(mock.lastRequest)).toEqual({ Action: 'AllocateAddress', ...V, Domain: 'vpc' });
    expect(await driver.exAssociateElasticIp(ip.allocationId!, 'i-0598c7d356eba48d7')).toBe('eipassoc-fc5ca095EXAMPLE');
    expect(paramsOf(mock.lastRequest)).toEqual({ Action: 'AssociateAddress', ...V, AllocationId: 'eipalloc-5723d13eEXAMPLE', InstanceId: 'i-0598c7d356eba48d7' });
    await driver.exDisassociateElasticIp('eipassoc-fc5ca095EXAMPLE');
    expect(paramsOf(mock.lastRequest)).toEqual({ Action: 'DisassociateAddress', ...V, AssociationId: 'eipassoc-fc5ca095EXAMPLE' });
    await driver.exReleaseElasticIp('eipalloc-5723d13eEXAMPLE');
    expect(paramsOf(mock.lastRequest)).toEqual({ Action: 'ReleaseAddress', ...V, AllocationId: 'eipalloc-5723d13eEXAMPLE' });
  });
});
