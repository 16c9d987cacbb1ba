/**
 * EC2 security groups and elastic IPs: typed shapes and their mapping from XML.
 */
import { xmlText, type XmlElement } from '../../../common/xml.js';
import { itemsOf, rootOf } from './mappers.js';

/** A security group. */
export interface Ec2SecurityGroup {
  /** Group id (`groupId`), e.g. `sg-0123456789abcdef0`. */
  readonly id: string;
  /** Group name (`groupName`). */
  readonly name: string;
  /** Description (`groupDescription`). */
  readonly description: string | undefined;
  /** VPC the group belongs to (`vpcId`). */
  readonly vpcId: string | undefined;
  /** AWS account id of the owner (`ownerId`). */
  readonly ownerId: string | undefined;
  /** Inbound rules. */
  readonly ingress: readonly Ec2IngressRule[];
}

/** An inbound rule. */
export interface Ec2IngressRule {
  /** `tcp`, `udp`, `icmp` or `-1` (all). */
  readonly protocol: string;
  /** First port of the range (`fromPort`); for ICMP the type; -1 for all. */
  readonly fromPort: number;
  /** Last port of the range (`toPort`); for ICMP the code; -1 for all. */
  readonly toPort: number;
  /** IPv4 ranges (default for authorize: `0.0.0.0/0`). */
  readonly cidrs?: readonly string[];
}

/** An elastic IP address. */
export interface Ec2ElasticIp {
  /** The public IPv4 address (`publicIp`). */
  readonly publicIp: string;
  /** Allocation id of a VPC address (`allocationId`), e.g. `eipalloc-...`; used to associate and release it. */
  readonly allocationId: string | undefined;
  /** Association id while attached (`associationId`), e.g. `eipassoc-...`. */
  readonly associationId: string | undefined;
  /** The instance it is associated with (`instanceId`), if any. */
  readonly instanceId: string | undefined;
  /** `vpc` or `standard`. */
  readonly domain: string | undefined;
}

function text(el: XmlElement | undefined, name: string): string | undefined {
  const v = xmlText(el, name);
  return v === undefined || v === '' ? undefined : v;
}

/** DescribeSecurityGroups → groups. */
export function ec2SecurityGroupsOf(doc: XmlElement): Ec2SecurityGroup[] {
  return itemsOf(rootOf(doc), 'securityGroupInfo').map((g) => ({
    id: text(g, 'groupId') ?? '',
    name: text(g, 'groupName') ?? '',
    description: text(g, 'groupDescription'),
    vpcId: text(g, 'vpcId'),
    ownerId: text(g, 'ownerId'),
    ingress: itemsOf(g, 'ipPermissions').map((p) => ({
      protocol: text(p, 'ipProtocol') ?? '-1',
      fromPort: Number(text(p, 'fromPort') ?? -1),
      toPort: Number(text(p, 'toPort') ?? -1),
      cidrs: itemsOf(p, 'ipRanges')
        .map((r) => text(r, 'cidrIp'))
        .filter((c): c is string => c !== undefined),
    })),
  }));
}

/** DescribeAddresses → elastic IPs. */
export function ec2AddressesOf(doc: XmlElement): Ec2ElasticIp[] {
  return itemsOf(rootOf(doc), 'addressesSet').map((a) => ({
    publicIp: text(a, 'publicIp') ?? '',
    allocationId: text(a, 'allocationId'),
    associationId: text(a, 'associationId'),
    instanceId: text(a, 'instanceId'),
    domain: text(a, 'domain'),
  }));
}

