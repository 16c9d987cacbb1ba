/**
 * The JSON shapes `--json` prints. Field names are stable: scripts rely on them, so a
 * field is only ever added, never renamed or removed. `extra` holds the provider's own
 * fields as the driver returns them (not stable across providers).
 */
import type { Node, NodeImage, NodeLocation, NodeSize } from '../drivers/compute/base.js';
import type { Record as DnsRecord, Zone } from '../drivers/dns/base.js';
import type { LoadBalancer, Member } from '../drivers/loadbalancer/base.js';
import type { Container, StorageObject } from '../drivers/storage/base.js';

const idOrNull = (value: { id: string } | string | undefined): string | null =>
  value === undefined ? null : typeof value === 'string' ? value : value.id;

/** `{ id, name, state, publicIps, privateIps, size, image, createdAt, extra }` */
export function nodeJson(node: Node<object>): Record<string, unknown> {
  return {
    id: node.id,
    name: node.name,
    state: node.state,
    publicIps: node.publicIps,
    privateIps: node.privateIps,
    size: idOrNull(node.size),
    image: idOrNull(node.image),
    createdAt: node.createdAt?.toISOString() ?? null,
    extra: node.extra,
  };
}

/** `{ id, name, ram, disk, vcpus, bandwidth, price, extra }` */
export function sizeJson(size: NodeSize<object>): Record<string, unknown> {
  return {
    id: size.id,
    name: size.name,
    ram: size.ram,
    disk: size.disk,
    vcpus: size.vcpus ?? null,
    bandwidth: size.bandwidth ?? null,
    price: size.price ?? null,
    extra: size.extra,
  };
}

/** `{ id, name, extra }` */
export function imageJson(image: NodeImage<object>): Record<string, unknown> {
  return { id: image.id, name: image.name, extra: image.extra };
}

/** `{ id, name, country, extra }` */
export function locationJson(location: NodeLocation<object>): Record<string, unknown> {
  return { id: location.id, name: location.name, country: location.country, extra: location.extra };
}

/** `{ name, extra }` */
export function containerJson(container: Container<object>): Record<string, unknown> {
  return { name: container.name, extra: container.extra };
}

/** `{ container, name, kind, size, hash, contentType, lastModified, metaData }` */
export function objectJson(object: StorageObject<object>): Record<string, unknown> {
  return {
    container: object.container.name,
    name: object.name,
    kind: object.kind,
    size: object.size,
    hash: object.hash,
    contentType: object.contentType ?? null,
    lastModified: object.lastModified?.toISOString() ?? null,
    metaData: object.metaData,
  };
}

/** `{ id, domain, type, ttl, extra }` */
export function zoneJson(zone: Zone<object>): Record<string, unknown> {
  return { id: zone.id, domain: zone.domain, type: zone.type, ttl: zone.ttl ?? null, extra: zone.extra };
}

/** `{ id, name, fqdn, type, data, ttl, priority, extra }` */
export function recordJson(record: DnsRecord<object>): Record<string, unknown> {
  return {
    id: record.id,
    name: record.name,
    fqdn: record.fqdn,
    type: record.type,
    data: record.data,
    ttl: record.ttl ?? null,
    priority: record.priority ?? null,
    extra: record.extra,
  };
}

/** `{ id, name, state, ip, port, extra }` */
export function balancerJson(balancer: LoadBalancer<object>): Record<string, unknown> {
  return { id: balancer.id, name: balancer.name, state: balancer.state, ip: balancer.ip ?? null, port: balancer.port ?? null, extra: balancer.extra };
}

/** A load balancer member. */
export function memberJson(member: Member<object>): Record<string, unknown> {
  return { id: member.id, ip: member.ip ?? null, port: member.port ?? null, extra: member.extra };
}
