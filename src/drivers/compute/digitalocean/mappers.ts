/**
 * DigitalOcean payloads → compute value objects.
 */
import { defineMapper } from '../../../common/payload.js';
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
import type {
  DigitalOceanImageExtra,
  DigitalOceanKeyPairExtra,
  DigitalOceanLocationExtra,
  DigitalOceanNodeExtra,
  DigitalOceanSizeExtra,
  DigitalOceanSnapshotExtra,
  DigitalOceanVolumeExtra,
  DropletJson,
  ImageJson,
  RegionJson,
  SizeJson,
  SnapshotJson,
  SshKeyJson,
  VolumeJson,
} from './types.js';

/** Droplet status → node state (documented statuses: new, active, off, archive). */
const DROPLET_STATES: Record<string, NodeState> = {
  new: NodeState.PENDING,
  active: NodeState.RUNNING,
  off: NodeState.STOPPED,
  archive: NodeState.TERMINATED,
};

/** Country of a region by its slug prefix (DigitalOcean names data centres after a city). */
const REGION_COUNTRIES: Record<string, string> = {
  nyc: 'US',
  sfo: 'US',
  atl: 'US',
  ric: 'US',
  ams: 'NL',
  sgp: 'SG',
  lon: 'GB',
  fra: 'DE',
  tor: 'CA',
  blr: 'IN',
  syd: 'AU',
};

/** The node state of a droplet status. */
export function dropletState(status: string): NodeState {
  return DROPLET_STATES[status] ?? NodeState.UNKNOWN;
}

function date(value: string | null | undefined): Date | undefined {
  if (!value) return undefined;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

/** 1 TB of transfer is 1000 GB. */
const GB_PER_TB = 1000;

/** A size (`/v2/sizes` entry or a droplet's inline `size`) as a NodeSize; `bandwidth` converted from TB to GB. */
export const toSize = defineMapper('digitalocean', 'size', { slug: 'id', memory: 'number', vcpus: 'integer', disk: 'number', transfer: 'number', price_hourly: 'number?', price_monthly: 'number?', regions: 'list?' }, (json: SizeJson, driver: NodeDriver): NodeSize<DigitalOceanSizeExtra> => {
  return new NodeSize<DigitalOceanSizeExtra>(
    {
      id: json.slug,
      name: json.slug,
      ram: json.memory,
      disk: json.disk,
      vcpus: json.vcpus,
      bandwidth: Math.round(json.transfer * GB_PER_TB),
      price: json.price_hourly,
      extra: {
        priceMonthly: json.price_monthly,
        regions: [...(json.regions ?? [])],
        available: json.available ?? true,
        description: json.description ?? null,
      },
    },
    driver,
  );
});

/**
 * An image as a NodeImage, with the name the API gives (`24.04 (LTS) x64`); the
 * distribution (`Ubuntu`, `Unknown OS` for custom images) is `extra.distribution`.
 */
export const toImage = defineMapper('digitalocean', 'image', { id: 'id', name: 'string', regions: 'list?', min_disk_size: 'number?', size_gigabytes: 'number?', distribution: 'string?', slug: 'string?' }, (json: ImageJson, driver: NodeDriver): NodeImage<DigitalOceanImageExtra> => {
  return new NodeImage<DigitalOceanImageExtra>(
    {
      id: String(json.id),
      name: json.name,
      extra: {
        slug: json.slug ?? null,
        distribution: json.distribution ?? null,
        type: json.type ?? null,
        public: json.public ?? false,
        regions: [...(json.regions ?? [])],
        minDiskSize: json.min_disk_size ?? null,
        sizeGigabytes: json.size_gigabytes ?? null,
        createdAt: date(json.created_at) ?? null,
        status: json.status ?? null,
        description: json.description ?? null,
      },
    },
    driver,
  );
});

/** A droplet snapshot (from `/v2/droplets/{id}/snapshots`) as an image nodes can boot from. */
export const snapshotToImage = defineMapper('digitalocean', 'snapshot', { id: 'id', name: 'string', regions: 'list?' }, (json: SnapshotJson, driver: NodeDriver): NodeImage<DigitalOceanImageExtra> => {
  return new NodeImage<DigitalOceanImageExtra>(
    {
      id: String(json.id),
      name: json.name,
      extra: {
        slug: null,
        distribution: null,
        type: json.type ?? 'snapshot',
        public: false,
        regions: [...(json.regions ?? [])],
        minDiskSize: json.min_disk_size ?? null,
        sizeGigabytes: json.size_gigabytes ?? null,
        createdAt: date(json.created_at) ?? null,
        status: null,
        description: null,
      },
    },
    driver,
  );
});

/** A region as a NodeLocation; the country comes from the slug's city prefix. */
export const toLocation = defineMapper('digitalocean', 'region', { slug: 'id', name: 'string', features: 'list?', sizes: 'list?' }, (json: RegionJson, driver: NodeDriver): NodeLocation<DigitalOceanLocationExtra> => {
  return new NodeLocation<DigitalOceanLocationExtra>(
    {
      id: json.slug,
      name: json.name,
      country: REGION_COUNTRIES[json.slug.replace(/\d+$/, '')] ?? '',
      extra: { features: [...(json.features ?? [])], available: json.available ?? true, sizes: [...(json.sizes ?? [])] },
    },
    driver,
  );
});

/** A droplet as a Node: public and private IPv4/IPv6 addresses split by network type. */
export const toNode = defineMapper('digitalocean', 'droplet', { id: 'id', name: 'string', status: 'string', size: 'object?', size_slug: 'string?', image: 'object?', networks: 'object?', tags: 'list?', features: 'list?', volume_ids: 'list?', backup_ids: 'list?', snapshot_ids: 'list?', region: 'object?', memory: 'number?', vcpus: 'number?', disk: 'number?' }, (json: DropletJson, driver: NodeDriver): Node<DigitalOceanNodeExtra> => {
  const v4 = json.networks?.v4 ?? [];
  const v6 = json.networks?.v6 ?? [];
  const createdAt = date(json.created_at);
  return new Node<DigitalOceanNodeExtra>(
    {
      id: String(json.id),
      name: json.name,
      state: dropletState(json.status),
      publicIps: [...v4, ...v6].filter((n) => n.type === 'public').map((n) => n.ip_address),
      privateIps: [...v4, ...v6].filter((n) => n.type === 'private').map((n) => n.ip_address),
      size: json.size ? toSize(json.size, driver) : json.size_slug,
      ...(json.image ? { image: toImage(json.image, driver) } : {}),
      ...(createdAt ? { createdAt } : {}),
      extra: {
        status: json.status,
        region: json.region?.slug ?? null,
        sizeSlug: json.size_slug,
        imageSlug: json.image?.slug ?? null,
        vcpus: json.vcpus,
        memory: json.memory,
        disk: json.disk,
        locked: json.locked,
        tags: [...(json.tags ?? [])],
        features: [...(json.features ?? [])],
        volumeIds: [...(json.volume_ids ?? [])],
        backupIds: [...(json.backup_ids ?? [])],
        snapshotIds: [...(json.snapshot_ids ?? [])],
        vpcUuid: json.vpc_uuid ?? null,
      },
    },
    driver,
  );
});

/** A block storage volume as a StorageVolume: in use when attached to a droplet. */
export const toVolume = defineMapper('digitalocean', 'volume', { id: 'id', name: 'string', size_gigabytes: 'number', droplet_ids: 'list?', tags: 'list?', region: 'object?' }, (json: VolumeJson, driver: NodeDriver): StorageVolume<DigitalOceanVolumeExtra> => {
  const dropletIds = [...(json.droplet_ids ?? [])];
  return new StorageVolume<DigitalOceanVolumeExtra>(
    {
      id: json.id,
      name: json.name,
      size: json.size_gigabytes,
      // DigitalOcean volumes have no status: attached or not is what there is to say.
      state: dropletIds.length ? StorageVolumeState.INUSE : StorageVolumeState.AVAILABLE,
      extra: {
        region: json.region?.slug ?? null,
        dropletIds,
        description: json.description || null,
        filesystemType: json.filesystem_type || null,
        filesystemLabel: json.filesystem_label || null,
        createdAt: date(json.created_at) ?? null,
        tags: [...(json.tags ?? [])],
      },
    },
    driver,
  );
});

/** A volume snapshot as a VolumeSnapshot. */
export const toSnapshot = defineMapper('digitalocean', 'snapshot', { id: 'id', name: 'string', size_gigabytes: 'number', regions: 'list?', tags: 'list?' }, (json: SnapshotJson, driver: NodeDriver): VolumeSnapshot<DigitalOceanSnapshotExtra> => {
  const createdAt = date(json.created_at);
  return new VolumeSnapshot<DigitalOceanSnapshotExtra>(
    {
      id: String(json.id),
      name: json.name,
      size: json.size_gigabytes,
      ...(createdAt ? { createdAt } : {}),
      state: VolumeSnapshotState.AVAILABLE,
      extra: {
        resourceId: json.resource_id ?? null,
        resourceType: json.resource_type ?? null,
        regions: [...(json.regions ?? [])],
        minDiskSize: json.min_disk_size,
        tags: [...(json.tags ?? [])],
      },
    },
    driver,
  );
});

/** An account SSH key as a KeyPair. */
export const toKeyPair = defineMapper('digitalocean', 'SSH key', { id: 'id', name: 'string', public_key: 'string?', fingerprint: 'string?' }, (json: SshKeyJson, driver: NodeDriver): KeyPair<DigitalOceanKeyPairExtra> => {
  return new KeyPair<DigitalOceanKeyPairExtra>(
    { name: json.name, id: String(json.id), publicKey: json.public_key, fingerprint: json.fingerprint, extra: {} },
    driver,
  );
});
