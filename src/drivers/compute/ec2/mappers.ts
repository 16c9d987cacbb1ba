/**
 * From EC2 XML (API 2016-11-15) to the compute value types. Field names follow the EC2
 * API reference (Instance, Image, AvailabilityZone, Volume, Snapshot, KeyPairInfo).
 */
import { defineXmlMapper, malformed } from '../../../common/payload.js';
import { xmlChild, xmlChildren, xmlText, type XmlElement } from '../../../common/xml.js';
import {
  KeyPair,
  Node,
  NodeImage,
  NodeLocation,
  NodeSize,
  NodeState,
  StorageVolume,
  StorageVolumeState,
  VolumeSnapshot,
  VolumeSnapshotState,
  type NodeDriver,
} from '../base.js';
import { EC2_SIZES, type Ec2SizeExtra } from './sizes.js';

/** Tags as a map (`Name` among them). */
export type Ec2Tags = Record<string, string>;

/** Extra fields of an EC2 node. */
export type Ec2NodeExtra = {
  /** Instance type (`instanceType`), e.g. `t3.micro`. */
  readonly instanceType: string | undefined;
  /** Availability zone (`placement.availabilityZone`), e.g. `us-east-1a`. */
  readonly availabilityZone: string | undefined;
  /** AMI it was launched from (`imageId`). */
  readonly imageId: string | undefined;
  /** Name of the key pair it was launched with (`keyName`). */
  readonly keyName: string | undefined;
  /** Private DNS name (`privateDnsName`). */
  readonly privateDnsName: string | undefined;
  /** Public DNS name (`dnsName`); undefined without a public address. */
  readonly dnsName: string | undefined;
  /** VPC it runs in (`vpcId`). */
  readonly vpcId: string | undefined;
  /** Subnet it runs in (`subnetId`). */
  readonly subnetId: string | undefined;
  /** CPU architecture (`architecture`): `x86_64`, `arm64`, `i386`, ... */
  readonly architecture: string | undefined;
  /** `windows` for Windows instances, else undefined. */
  readonly platform: string | undefined;
  /** `ebs` or `instance-store` (`rootDeviceType`). */
  readonly rootDeviceType: string | undefined;
  /** Device name of the root volume (`rootDeviceName`), e.g. `/dev/xvda`. */
  readonly rootDeviceName: string | undefined;
  /** The numeric state code (0 pending, 16 running, 32 shutting-down, 48 terminated, 64 stopping, 80 stopped). */
  readonly stateCode: number | undefined;
  /** The raw EC2 state name. */
  readonly stateName: string | undefined;
  /** The reservation (launch request) it belongs to (`reservationId`). */
  readonly reservationId: string | undefined;
  /** AWS account id that owns the reservation (`ownerId`). */
  readonly ownerId: string | undefined;
  /** Security groups of the instance (`groupSet`). */
  readonly securityGroups: readonly {
    /** Security group id (`groupId`), e.g. `sg-0123456789abcdef0`. */
    readonly id: string;
    /** Security group name (`groupName`). */
    readonly name: string | undefined;
  }[];
  /** Attached block devices (`blockDeviceMapping`). */
  readonly blockDevices: readonly {
    /** Device name as the instance sees it (`deviceName`), e.g. `/dev/xvda`. */
    readonly deviceName: string;
    /** The EBS volume behind it (`ebs.volumeId`); undefined for non-EBS devices. */
    readonly volumeId: string | undefined;
  }[];
  /** IPv6 addresses of all its network interfaces. */
  readonly ipv6Addresses: readonly string[];
  /** Tags (`tagSet`), key to value. */
  readonly tags: Ec2Tags;
};

/** Extra fields of an EC2 image (AMI). */
export type Ec2ImageExtra = {
  /** `available`, `pending`, `failed`, `deregistered`, ... (`imageState`). */
  readonly state: string | undefined;
  /** AWS account id of the owner (`imageOwnerId`). */
  readonly ownerId: string | undefined;
  /** Owner alias such as `amazon` or `aws-marketplace` (`imageOwnerAlias`); undefined for ordinary accounts. */
  readonly ownerAlias: string | undefined;
  /** CPU architecture (`architecture`): `x86_64`, `arm64`, `i386`, ... */
  readonly architecture: string | undefined;
  /** `machine`, `kernel` or `ramdisk` (`imageType`). */
  readonly imageType: string | undefined;
  /** `windows` for Windows AMIs, else undefined (`platform`). */
  readonly platform: string | undefined;
  /** `ebs` or `instance-store` (`rootDeviceType`). */
  readonly rootDeviceType: string | undefined;
  /** `hvm` or `paravirtual` (`virtualizationType`). */
  readonly virtualizationType: string | undefined;
  /** When the AMI was created, ISO 8601 as EC2 sends it (`creationDate`). */
  readonly creationDate: string | undefined;
  /** Free-form description (`description`). */
  readonly description: string | undefined;
  /** True when the AMI has public launch permissions (`isPublic`). */
  readonly isPublic: boolean;
  /** Tags (`tagSet`), key to value. */
  readonly tags: Ec2Tags;
};

/** Extra fields of an EC2 availability zone. */
export type Ec2LocationExtra = {
  /** Region of the zone (`regionName`), e.g. `us-east-1`. */
  readonly regionName: string | undefined;
  /** The zone's account-independent id (`zoneId`), e.g. `use1-az1`; zone names map to ids differently per account. */
  readonly zoneId: string | undefined;
  /** `available`, `information`, `impaired`, `unavailable`. */
  readonly state: string | undefined;
  /** `availability-zone`, `local-zone`, `wavelength-zone`. */
  readonly zoneType: string | undefined;
};

/** Extra fields of an EBS volume. */
export type Ec2VolumeExtra = {
  /** Availability zone (`availabilityZone`); the volume attaches only to instances there. */
  readonly availabilityZone: string | undefined;
  /** `gp3`, `gp2`, `io1`, `io2`, `st1`, `sc1` or `standard` (`volumeType`). */
  readonly volumeType: string | undefined;
  /** Provisioned I/O operations per second (`iops`), for the types that have them. */
  readonly iops: number | undefined;
  /** Whether the volume is encrypted (`encrypted`). */
  readonly encrypted: boolean;
  /** Snapshot the volume was created from (`snapshotId`); undefined for an empty volume. */
  readonly snapshotId: string | undefined;
  /** When it was created, ISO 8601 as EC2 sends it (`createTime`). */
  readonly createTime: string | undefined;
  /** The raw EC2 state. */
  readonly status: string | undefined;
  /** Where it is attached (`attachmentSet`); a Multi-Attach volume can have several. */
  readonly attachments: readonly {
    /** The instance the volume is attached to (`instanceId`). */
    readonly instanceId: string | undefined;
    /** Device name on that instance (`device`), e.g. `/dev/sdf`. */
    readonly device: string | undefined;
    /** `attaching`, `attached`, `detaching` or `detached` (the attachment's `status`). */
    readonly state: string | undefined;
  }[];
  /** Tags (`tagSet`), key to value. */
  readonly tags: Ec2Tags;
};

/** Extra fields of an EBS snapshot. */
export type Ec2SnapshotExtra = {
  /** The volume the snapshot was taken of (`volumeId`). */
  readonly volumeId: string | undefined;
  /** Free-form description (`description`). */
  readonly description: string | undefined;
  /** AWS account id of the owner (`ownerId`). */
  readonly ownerId: string | undefined;
  /** E.g. `100%`. */
  readonly progress: string | undefined;
  /** Whether the snapshot is encrypted (`encrypted`). */
  readonly encrypted: boolean;
  /** The raw EC2 state. */
  readonly status: string | undefined;
  /** Tags (`tagSet`), key to value. */
  readonly tags: Ec2Tags;
};

/** Extra fields of an EC2 key pair. */
export type Ec2KeyPairExtra = {
  /** EC2's id of the key pair (`keyPairId`), e.g. `key-0123456789abcdef0`. */
  readonly keyPairId: string | undefined;
  /** `rsa` or `ed25519`. */
  readonly keyType: string | undefined;
};

/** The document's root element (e.g. `<DescribeInstancesResponse>`). */
export function rootOf(doc: XmlElement): XmlElement {
  const name = Object.keys(doc)[0];
  return (name === undefined ? undefined : xmlChild(doc, name)) ?? {};
}

/** The `<item>` children of a `*Set` element. */
export function itemsOf(el: XmlElement | undefined, setName: string): XmlElement[] {
  return xmlChildren(xmlChild(el, setName), 'item');
}

function text(el: XmlElement | undefined, name: string): string | undefined {
  const value = xmlText(el, name);
  return value === undefined || value === '' ? undefined : value;
}

function int(el: XmlElement | undefined, name: string): number | undefined {
  const value = text(el, name);
  return value === undefined || !/^-?\d+$/.test(value) ? undefined : Number(value);
}

function bool(el: XmlElement | undefined, name: string): boolean {
  return text(el, name) === 'true';
}

function date(value: string | undefined): Date | undefined {
  if (value === undefined) return undefined;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

/** `<tagSet><item><key/><value/></item></tagSet>` as a map. */
export function tagsOf(el: XmlElement | undefined): Ec2Tags {
  const tags: Ec2Tags = {};
  for (const item of itemsOf(el, 'tagSet')) {
    const key = text(item, 'key');
    if (key !== undefined) tags[key] = xmlText(item, 'value') ?? '';
  }
  return tags;
}

const NODE_STATES: Readonly<Record<string, NodeState>> = {
  pending: NodeState.PENDING,
  running: NodeState.RUNNING,
  // Going down on its way to `terminated`: no longer usable, not yet gone.
  'shutting-down': NodeState.STOPPING,
  terminated: NodeState.TERMINATED,
  stopping: NodeState.STOPPING,
  stopped: NodeState.STOPPED,
};

/** EC2 instance state name → NodeState. */
export function nodeStateOf(name: string | undefined): NodeState {
  return (name !== undefined ? NODE_STATES[name] : undefined) ?? NodeState.UNKNOWN;
}

/** One `<item>` of an `instancesSet`. */
export const toNode = defineXmlMapper('ec2', 'instance', { instanceId: 'id' }, (item: XmlElement, driver: NodeDriver, reservation?: XmlElement): Node<Ec2NodeExtra> => {
  const id = text(item, 'instanceId') ?? '';
  const tags = tagsOf(item);
  const stateName = text(xmlChild(item, 'instanceState'), 'name');
  const publicIp = text(item, 'ipAddress');
  const privateIp = text(item, 'privateIpAddress');
  const ipv6: string[] = [];
  for (const nic of itemsOf(item, 'networkInterfaceSet')) {
    for (const addr of itemsOf(nic, 'ipv6AddressesSet')) {
      const a = text(addr, 'ipv6Address');
      if (a !== undefined) ipv6.push(a);
    }
  }
  const extra: Ec2NodeExtra = {
    instanceType: text(item, 'instanceType'),
    availabilityZone: text(xmlChild(item, 'placement'), 'availabilityZone'),
    imageId: text(item, 'imageId'),
    keyName: text(item, 'keyName'),
    privateDnsName: text(item, 'privateDnsName'),
    dnsName: text(item, 'dnsName'),
    vpcId: text(item, 'vpcId'),
    subnetId: text(item, 'subnetId'),
    architecture: text(item, 'architecture'),
    platform: text(item, 'platform'),
    rootDeviceType: text(item, 'rootDeviceType'),
    rootDeviceName: text(item, 'rootDeviceName'),
    stateCode: int(xmlChild(item, 'instanceState'), 'code'),
    stateName,
    reservationId: text(reservation, 'reservationId'),
    ownerId: text(reservation, 'ownerId'),
    securityGroups: itemsOf(item, 'groupSet').map((g) => ({ id: text(g, 'groupId') ?? '', name: text(g, 'groupName') })),
    blockDevices: itemsOf(item, 'blockDeviceMapping').map((b) => ({
      deviceName: text(b, 'deviceName') ?? '',
      volumeId: text(xmlChild(b, 'ebs'), 'volumeId'),
    })),
    ipv6Addresses: ipv6,
    tags,
  };
  const launched = date(text(item, 'launchTime'));
  return new Node<Ec2NodeExtra>(
    {
      id,
      name: tags.Name ?? id,
      state: nodeStateOf(stateName),
      publicIps: publicIp !== undefined ? [publicIp] : [],
      privateIps: privateIp !== undefined ? [privateIp] : [],
      ...(extra.instanceType !== undefined ? { size: extra.instanceType } : {}),
      ...(extra.imageId !== undefined ? { image: extra.imageId } : {}),
      ...(launched !== undefined ? { createdAt: launched } : {}),
      extra,
    },
    driver,
  );
});

/** Every node of a DescribeInstances / RunInstances document. */
export function nodesOf(doc: XmlElement, driver: NodeDriver): Node<Ec2NodeExtra>[] {
  const root = rootOf(doc);
  const reservations = itemsOf(root, 'reservationSet');
  // RunInstances answers with one reservation as the root itself.
  const sources = reservations.length > 0 ? reservations : [root];
  return sources.flatMap((r) => itemsOf(r, 'instancesSet').map((i) => toNode(i, driver, r)));
}

/** One `<item>` of an `imagesSet`. */
export const toImage = defineXmlMapper('ec2', 'image', { imageId: 'id' }, (item: XmlElement, driver: NodeDriver): NodeImage<Ec2ImageExtra> => {
  const id = text(item, 'imageId') ?? '';
  return new NodeImage<Ec2ImageExtra>(
    {
      id,
      name: text(item, 'name') ?? id,
      extra: {
        state: text(item, 'imageState'),
        ownerId: text(item, 'imageOwnerId'),
        ownerAlias: text(item, 'imageOwnerAlias'),
        architecture: text(item, 'architecture'),
        imageType: text(item, 'imageType'),
        platform: text(item, 'platform'),
        rootDeviceType: text(item, 'rootDeviceType'),
        virtualizationType: text(item, 'virtualizationType'),
        creationDate: text(item, 'creationDate'),
        description: text(item, 'description'),
        isPublic: bool(item, 'isPublic'),
        tags: tagsOf(item),
      },
    },
    driver,
  );
});

// ISO 3166 country of each AWS region (from the region's documented location).
const REGION_COUNTRIES: Readonly<Record<string, string>> = {
  'us-east-1': 'US',
  'us-east-2': 'US',
  'us-west-1': 'US',
  'us-west-2': 'US',
  'us-gov-east-1': 'US',
  'us-gov-west-1': 'US',
  'ca-central-1': 'CA',
  'ca-west-1': 'CA',
  'mx-central-1': 'MX',
  'sa-east-1': 'BR',
  'eu-west-1': 'IE',
  'eu-west-2': 'GB',
  'eu-west-3': 'FR',
  'eu-central-1': 'DE',
  'eu-central-2': 'CH',
  'eu-north-1': 'SE',
  'eu-south-1': 'IT',
  'eu-south-2': 'ES',
  'af-south-1': 'ZA',
  'me-south-1': 'BH',
  'me-central-1': 'AE',
  'il-central-1': 'IL',
  'ap-east-1': 'HK',
  'ap-south-1': 'IN',
  'ap-south-2': 'IN',
  'ap-northeast-1': 'JP',
  'ap-northeast-2': 'KR',
  'ap-northeast-3': 'JP',
  'ap-southeast-1': 'SG',
  'ap-southeast-2': 'AU',
  'ap-southeast-3': 'ID',
  'ap-southeast-4': 'AU',
  'ap-southeast-5': 'MY',
  'ap-southeast-7': 'TH',
  'cn-north-1': 'CN',
  'cn-northwest-1': 'CN',
};

/** One `<item>` of an `availabilityZoneInfo`. */
export const toLocation = defineXmlMapper('ec2', 'availability zone', { zoneName: 'id' }, (item: XmlElement, driver: NodeDriver): NodeLocation<Ec2LocationExtra> => {
  const zone = text(item, 'zoneName') ?? '';
  const region = text(item, 'regionName');
  return new NodeLocation<Ec2LocationExtra>(
    {
      id: zone,
      name: zone,
      country: (region !== undefined ? REGION_COUNTRIES[region] : undefined) ?? '',
      extra: { regionName: region, zoneId: text(item, 'zoneId'), state: text(item, 'zoneState'), zoneType: text(item, 'zoneType') },
    },
    driver,
  );
});

const VOLUME_STATES: Readonly<Record<string, StorageVolumeState>> = {
  creating: StorageVolumeState.CREATING,
  available: StorageVolumeState.AVAILABLE,
  'in-use': StorageVolumeState.INUSE,
  deleting: StorageVolumeState.DELETING,
  deleted: StorageVolumeState.DELETED,
  error: StorageVolumeState.ERROR,
};

/** A `<volumeSet><item>` or a CreateVolume response root. */
export const toVolume = defineXmlMapper('ec2', 'volume', { volumeId: 'id', size: 'integer?', iops: 'integer?' }, (item: XmlElement, driver: NodeDriver): StorageVolume<Ec2VolumeExtra> => {
  const id = text(item, 'volumeId') ?? '';
  const tags = tagsOf(item);
  const status = text(item, 'status');
  return new StorageVolume<Ec2VolumeExtra>(
    {
      id,
      name: tags.Name ?? id,
      size: int(item, 'size') ?? 0,
      state: (status !== undefined ? VOLUME_STATES[status] : undefined) ?? StorageVolumeState.UNKNOWN,
      extra: {
        availabilityZone: text(item, 'availabilityZone'),
        volumeType: text(item, 'volumeType'),
        iops: int(item, 'iops'),
        encrypted: bool(item, 'encrypted'),
        snapshotId: text(item, 'snapshotId'),
        createTime: text(item, 'createTime'),
        status,
        attachments: itemsOf(item, 'attachmentSet').map((a) => ({
          instanceId: text(a, 'instanceId'),
          device: text(a, 'device'),
          state: text(a, 'status'),
        })),
        tags,
      },
    },
    driver,
  );
});

const SNAPSHOT_STATES: Readonly<Record<string, VolumeSnapshotState>> = {
  pending: VolumeSnapshotState.CREATING,
  completed: VolumeSnapshotState.AVAILABLE,
  error: VolumeSnapshotState.ERROR,
  recoverable: VolumeSnapshotState.ERROR,
  recovering: VolumeSnapshotState.RESTORING,
};

/** A `<snapshotSet><item>` or a CreateSnapshot response root. */
export const toSnapshot = defineXmlMapper('ec2', 'snapshot', { snapshotId: 'id', volumeSize: 'integer?' }, (item: XmlElement, driver: NodeDriver): VolumeSnapshot<Ec2SnapshotExtra> => {
  const id = text(item, 'snapshotId') ?? '';
  const tags = tagsOf(item);
  const status = text(item, 'status');
  const started = date(text(item, 'startTime'));
  const name = tags.Name ?? text(item, 'description');
  return new VolumeSnapshot<Ec2SnapshotExtra>(
    {
      id,
      ...(name !== undefined ? { name } : {}),
      size: int(item, 'volumeSize') ?? 0,
      ...(started !== undefined ? { createdAt: started } : {}),
      state: (status !== undefined ? SNAPSHOT_STATES[status] : undefined) ?? VolumeSnapshotState.UNKNOWN,
      extra: {
        volumeId: text(item, 'volumeId'),
        description: text(item, 'description'),
        ownerId: text(item, 'ownerId'),
        progress: text(item, 'progress'),
        encrypted: bool(item, 'encrypted'),
        status,
        tags,
      },
    },
    driver,
  );
});

/** A `<keySet><item>`, or a CreateKeyPair / ImportKeyPair response root. */
export const toKeyPair = defineXmlMapper('ec2', 'key pair', { keyName: 'id' }, (item: XmlElement, driver: NodeDriver, publicKey?: string): KeyPair<Ec2KeyPairExtra> => {
  const privateKey = xmlText(item, 'keyMaterial');
  const fingerprint = text(item, 'keyFingerprint');
  const keyPairId = text(item, 'keyPairId');
  const pub = publicKey ?? text(item, 'publicKey');
  return new KeyPair<Ec2KeyPairExtra>(
    {
      name: text(item, 'keyName') ?? '',
      ...(keyPairId !== undefined ? { id: keyPairId } : {}),
      ...(fingerprint !== undefined ? { fingerprint } : {}),
      ...(pub !== undefined ? { publicKey: pub } : {}),
      ...(privateKey !== undefined && privateKey !== '' ? { privateKey } : {}),
      extra: { keyPairId, keyType: text(item, 'keyType') },
    },
    driver,
  );
});

/**
 * One `<item>` of DescribeInstanceTypes' `instanceTypeSet` (EC2 API reference:
 * InstanceTypeInfo, VCpuInfo.defaultVCpus, MemoryInfo.sizeInMiB,
 * InstanceStorageInfo.totalSizeInGB, ProcessorInfo.supportedArchitectures). A field the
 * API leaves out is taken from the static table (`EC2_SIZES`) when it knows the type;
 * vCPUs and memory are required from one or the other.
 */
export const toSize = defineXmlMapper('ec2', 'instance type', { instanceType: 'id' }, (item: XmlElement, driver: NodeDriver): NodeSize<Ec2SizeExtra> => {
  const ctx = { provider: 'ec2', what: 'instance type' };
  const id = text(item, 'instanceType')!;
  const known = EC2_SIZES.find((row) => row.id === id);
  const vcpus = int(xmlChild(item, 'vCpuInfo'), 'defaultVCpus') ?? known?.vcpus;
  if (vcpus === undefined) throw malformed(ctx, 'vCpuInfo.defaultVCpus', 'an integer element', xmlText(xmlChild(item, 'vCpuInfo'), 'defaultVCpus'));
  const ram = int(xmlChild(item, 'memoryInfo'), 'sizeInMiB') ?? known?.ram;
  if (ram === undefined) throw malformed(ctx, 'memoryInfo.sizeInMiB', 'an integer element', xmlText(xmlChild(item, 'memoryInfo'), 'sizeInMiB'));
  const disk = int(xmlChild(item, 'instanceStorageInfo'), 'totalSizeInGB') ?? (text(item, 'instanceStorageSupported') === 'false' ? 0 : (known?.disk ?? 0));
  const architectures = itemsOf(xmlChild(item, 'processorInfo'), 'supportedArchitectures').map((a) => xmlText(a) ?? '').filter((a) => a !== '');
  const generation = text(item, 'currentGeneration');
  return new NodeSize<Ec2SizeExtra>(
    {
      id,
      name: id,
      ram,
      disk,
      vcpus,
      extra: {
        family: id.split('.')[0]!,
        architecture: architectures.some((a) => a.startsWith('arm64')) ? 'arm64' : architectures.length > 0 ? 'x86_64' : (known?.architecture ?? 'x86_64'),
        burstable: text(item, 'burstablePerformanceSupported') === undefined ? id.startsWith('t') : bool(item, 'burstablePerformanceSupported'),
        architectures,
        currentGeneration: generation === undefined ? undefined : generation === 'true',
      },
    },
    driver,
  );
});
