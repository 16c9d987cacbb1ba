/**
 * The area bases type `list*`, `iterate*` and `get*` with each driver's `extra` types,
 * so no driver needs a `listX()` override to narrow them: `getDriver(Provider.EC2)`
 * still lists `Node<Ec2NodeExtra>`. These are compile-time checks (vitest's
 * expectTypeOf, checked by `tsc --noEmit`) plus one run on the dummy drivers.
 */
import { describe, expectTypeOf, expect, it } from 'vitest';
import {
  getDriver as getCompute,
  Provider as ComputeProvider,
  type DigitalOceanNodeExtra,
  type DummyNodeExtra,
  type Ec2ImageExtra,
  type Ec2NodeExtra,
  type Ec2VolumeExtra,
  type Extra,
  type KeyPair,
  type LinodeKeyPairExtra,
  type Node,
  type NodeImage,
  type OpenStackNodeExtra,
  type StorageVolume,
  type VultrVolumeExtra,
} from '../../src/drivers/compute/index.js';
import { NodeDriver } from '../../src/drivers/compute/base.js';
import {
  getDriver as getDns,
  Provider as DnsProvider,
  type Record as DnsRecord,
  type Route53RecordExtra,
  type Route53ZoneExtra,
  type Zone,
} from '../../src/drivers/dns/index.js';
import {
  getDriver as getStorage,
  Provider as StorageProvider,
  type AzureBlobExtra,
  type Container,
  type StorageObject,
  type SwiftContainerExtra,
} from '../../src/drivers/storage/index.js';
import { getDriver as getLb, Provider as LbProvider, type AlbBalancerExtra, type LoadBalancer } from '../../src/drivers/loadbalancer/index.js';

type Instance<T> = T extends abstract new (...args: never[]) => infer I ? I : never;

describe('area bases typed by the drivers\' extra types', () => {
  it('gives compute drivers their own extra types from the base list/iterate/get methods', () => {
    type Ec2 = Instance<ReturnType<typeof getCompute<ComputeProvider.EC2>>>;
    expectTypeOf<Awaited<ReturnType<Ec2['listNodes']>>>().toEqualTypeOf<Node<Ec2NodeExtra>[]>();
    expectTypeOf<Awaited<ReturnType<Ec2['getNode']>>>().toEqualTypeOf<Node<Ec2NodeExtra>>();
    expectTypeOf<Awaited<ReturnType<Ec2['listImages']>>>().toEqualTypeOf<NodeImage<Ec2ImageExtra>[]>();
    expectTypeOf<Awaited<ReturnType<Ec2['listVolumes']>>>().toEqualTypeOf<StorageVolume<Ec2VolumeExtra>[]>();
    type Do = Instance<ReturnType<typeof getCompute<ComputeProvider.DIGITAL_OCEAN>>>;
    expectTypeOf<Awaited<ReturnType<Do['listNodes']>>>().toEqualTypeOf<Node<DigitalOceanNodeExtra>[]>();
    type Os = Instance<ReturnType<typeof getCompute<ComputeProvider.OPENSTACK>>>;
    expectTypeOf<Awaited<ReturnType<Os['listNodes']>>>().toEqualTypeOf<Node<OpenStackNodeExtra>[]>();
    type Li = Instance<ReturnType<typeof getCompute<ComputeProvider.LINODE>>>;
    expectTypeOf<Awaited<ReturnType<Li['listKeyPairs']>>>().toEqualTypeOf<KeyPair<LinodeKeyPairExtra>[]>();
    type Vu = Instance<ReturnType<typeof getCompute<ComputeProvider.VULTR>>>;
    expectTypeOf<Awaited<ReturnType<Vu['listVolumes']>>>().toEqualTypeOf<StorageVolume<VultrVolumeExtra>[]>();
  });

  it('keeps the plain Extra for a driver that names no extra types', () => {
    expectTypeOf<Awaited<ReturnType<NodeDriver['listNodes']>>>().toEqualTypeOf<Node<Extra>[]>();
  });

  it('gives DNS and load balancer drivers their extra types', () => {
    type R53 = Instance<ReturnType<typeof getDns<DnsProvider.ROUTE53>>>;
    expectTypeOf<Awaited<ReturnType<R53['listZones']>>>().toEqualTypeOf<Zone<Route53ZoneExtra>[]>();
    expectTypeOf<Awaited<ReturnType<R53['listRecords']>>>().toEqualTypeOf<DnsRecord<Route53RecordExtra>[]>();
    type Alb = Instance<ReturnType<typeof getLb<LbProvider.ALB>>>;
    expectTypeOf<Awaited<ReturnType<Alb['listBalancers']>>>().toEqualTypeOf<LoadBalancer<AlbBalancerExtra>[]>();
  });

  it('gives storage drivers their extra types', () => {
    type Swift = Instance<ReturnType<typeof getStorage<StorageProvider.OPENSTACK_SWIFT>>>;
    expectTypeOf<Awaited<ReturnType<Swift['listContainers']>>>().toEqualTypeOf<Container<SwiftContainerExtra>[]>();
    type Azure = Instance<ReturnType<typeof getStorage<StorageProvider.AZURE_BLOBS>>>;
    expectTypeOf<Awaited<ReturnType<Azure['listContainerObjects']>>>().toEqualTypeOf<StorageObject<AzureBlobExtra>[]>();
  });

  it('lists through the base on a driver without a listNodes override', async () => {
    const Dummy = getCompute(ComputeProvider.DUMMY);
    const driver = new Dummy('key');
    await driver.createNode({ name: 'web-1', size: 'small', image: 'ubuntu-24.04' });
    const nodes = await driver.listNodes();
    expectTypeOf(nodes).toEqualTypeOf<Node<DummyNodeExtra>[]>();
    expect(nodes.map((n) => n.name)).toEqual(['web-1']);
  });
});
