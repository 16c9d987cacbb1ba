/**
 * Linode payloads → compute value objects.
 */
import { defineMapper } from '../../../common/payload.js';
import { KeyPair, Node, NodeImage, NodeLocation, NodeSize, NodeState, StorageVolume, StorageVolumeState, type NodeAuthPassword, type NodeDriver } from '../base.js';
import { md5Fingerprint } from '../ssh-public-key.js';
import type {
  ImageJson,
  InstanceJson,
  LinodeImageExtra,
  LinodeKeyPairExtra,
  LinodeLocationExtra,
  LinodeNodeExtra,
  LinodeSizeExtra,
  LinodeVolumeExtra,
  RegionJson,
  SshKeyJson,
  TypeJson,
  VolumeJson,
} from './types.js';

/** Instance status → node state (the documented statuses). */
const INSTANCE_STATES: Record<string, NodeState> = {
  running: NodeState.RUNNING,
  offline: NodeState.STOPPED,
  booting: NodeState.STARTING,
  provisioning: NodeState.PENDING,
  rebooting: NodeState.REBOOTING,
  shutting_down: NodeState.STOPPING,
  deleting: NodeState.TERMINATED,
  migrating: NodeState.MIGRATING,
  rebuilding: NodeState.PENDING,
  cloning: NodeState.PENDING,
  restoring: NodeState.PENDING,
  resizing: NodeState.RECONFIGURING,
  stopped: NodeState.STOPPED,
  billing_suspension: NodeState.SUSPENDED,
};

/** Volume status → volume state. */
const VOLUME_STATES: Record<string, StorageVolumeState> = {
  creating: StorageVolumeState.CREATING,
  resizing: StorageVolumeState.UPDATING,
  contact_support: StorageVolumeState.ERROR,
  key_rotating: StorageVolumeState.UPDATING,
};

/** The node state of an instance status. */
export function instanceState(status: string): NodeState {
  return INSTANCE_STATES[status] ?? NodeState.UNKNOWN;
}

/** Linode timestamps are UTC without a zone (`2018-01-01T00:01:01`). */
export function linodeDate(value: string | null | undefined): Date | undefined {
  if (!value) return undefined;
  const d = new Date(/(Z|[+-]\d\d:?\d\d)$/.test(value) ? value : `${value}Z`);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

/** RFC 1918 and Linode's private range (192.168.128.0/17 lies in 192.168.0.0/16). */
function isPrivateIpv4(ip: string): boolean {
  const [a, b] = ip.split('.').map(Number) as [number, number];
  return a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168);
}

const MB_PER_GB = 1024;

/** A Linode type as a NodeSize; the disk converted from MB to GB. */
export const toSize = defineMapper('linode', 'type', { id: 'id', label: 'string', memory: 'number', disk: 'number', vcpus: 'integer', transfer: 'number?', price: 'object?' }, (json: TypeJson, driver: NodeDriver): NodeSize<LinodeSizeExtra> => {
  return new NodeSize<LinodeSizeExtra>(
    {
      id: json.id,
      name: json.label,
      ram: json.memory,
      disk: Math.round(json.disk / MB_PER_GB),
      vcpus: json.vcpus,
      bandwidth: json.transfer,
      ...(typeof json.price?.hourly === 'number' ? { price: json.price.hourly } : {}),
      extra: {
        label: json.label,
        class: json.class ?? null,
        priceMonthly: json.price?.monthly ?? null,
        gpus: json.gpus ?? 0,
        networkOut: json.network_out ?? null,
        successor: json.successor ?? null,
      },
    },
    driver,
  );
});

/** A Linode instance as a Node; `rootPassword` is the one `createNode` generated, if any. */
export const toNode = defineMapper('linode', 'instance', { id: 'id', label: 'string', status: 'string', ipv4: 'list?', ipv6: 'string?', specs: 'object?', tags: 'list?', type: 'string?', image: 'string?', region: 'string?' }, (json: InstanceJson, driver: NodeDriver, rootPassword: NodeAuthPassword | null = null): Node<LinodeNodeExtra> => {
  const ipv4 = json.ipv4 ?? [];
  const ipv6 = json.ipv6 ? json.ipv6.replace(/\/\d+$/, '') : undefined;
  const createdAt = linodeDate(json.created);
  const size =
    json.type && json.specs
      ? new NodeSize<Record<string, never>>(
          {
            id: json.type,
            name: json.type,
            ram: json.specs.memory,
            disk: Math.round(json.specs.disk / MB_PER_GB),
            vcpus: json.specs.vcpus,
            bandwidth: json.specs.transfer,
            extra: {},
          },
          driver,
        )
      : (json.type ?? undefined);
  return new Node<LinodeNodeExtra>(
    {
      id: String(json.id),
      name: json.label,
      state: instanceState(json.status),
      publicIps: [...ipv4.filter((ip) => !isPrivateIpv4(ip)), ...(ipv6 ? [ipv6] : [])],
      privateIps: ipv4.filter(isPrivateIpv4),
      ...(size !== undefined ? { size } : {}),
      ...(json.image ? { image: json.image } : {}),
      ...(createdAt ? { createdAt } : {}),
      extra: {
        status: json.status,
        region: json.region,
        type: json.type ?? null,
        image: json.image ?? null,
        ipv6: json.ipv6 ?? null,
        group: json.group ?? '',
        tags: [...(json.tags ?? [])],
        hypervisor: json.hypervisor ?? null,
        watchdogEnabled: json.watchdog_enabled ?? false,
        backupsEnabled: json.backups?.enabled ?? false,
        updated: linodeDate(json.updated) ?? null,
        rootPassword,
      },
    },
    driver,
  );
});

/** An image as a NodeImage. */
export const toImage = defineMapper('linode', 'image', { id: 'id', label: 'string', size: 'number?' }, (json: ImageJson, driver: NodeDriver): NodeImage<LinodeImageExtra> => {
  return new NodeImage<LinodeImageExtra>(
    {
      id: json.id,
      name: json.label,
      extra: {
        isPublic: json.is_public,
        vendor: json.vendor ?? null,
        deprecated: json.deprecated ?? false,
        size: json.size ?? null,
        type: json.type ?? null,
        status: json.status ?? null,
        createdBy: json.created_by ?? null,
        created: linodeDate(json.created) ?? null,
        eol: linodeDate(json.eol) ?? null,
        description: json.description || null,
      },
    },
    driver,
  );
});

/** A region as a NodeLocation. */
export const toLocation = defineMapper('linode', 'region', { id: 'id', label: 'string?', country: 'string?', capabilities: 'list?' }, (json: RegionJson, driver: NodeDriver): NodeLocation<LinodeLocationExtra> => {
  return new NodeLocation<LinodeLocationExtra>(
    {
      id: json.id,
      name: json.label,
      country: (json.country ?? '').toUpperCase(),
      extra: { capabilities: [...(json.capabilities ?? [])], status: json.status ?? null, siteType: json.site_type ?? null },
    },
    driver,
  );
});

/** A block storage volume as a StorageVolume: in use while attached to a Linode. */
export const toVolume = defineMapper('linode', 'volume', { id: 'id', label: 'string', size: 'number', status: 'string' }, (json: VolumeJson, driver: NodeDriver): StorageVolume<LinodeVolumeExtra> => {
  const state = VOLUME_STATES[json.status] ?? (json.status === 'active' ? (json.linode_id ? StorageVolumeState.INUSE : StorageVolumeState.AVAILABLE) : StorageVolumeState.UNKNOWN);
  return new StorageVolume<LinodeVolumeExtra>(
    {
      id: String(json.id),
      name: json.label,
      size: json.size,
      state,
      extra: {
        region: json.region,
        status: json.status,
        linodeId: json.linode_id ?? null,
        linodeLabel: json.linode_label ?? null,
        filesystemPath: json.filesystem_path || null,
        tags: [...(json.tags ?? [])],
        created: linodeDate(json.created) ?? null,
        hardwareType: json.hardware_type || null,
      },
    },
    driver,
  );
});

/** A profile SSH key as a KeyPair (its MD5 fingerprint computed from the key). */
export const toKeyPair = defineMapper('linode', 'SSH key', { id: 'id', label: 'string', ssh_key: 'string?' }, (json: SshKeyJson, driver: NodeDriver): KeyPair<LinodeKeyPairExtra> => {
  let fingerprint: string | undefined;
  try {
    fingerprint = md5Fingerprint(json.ssh_key);
  } catch {
    fingerprint = undefined;
  }
  return new KeyPair<LinodeKeyPairExtra>(
    {
      name: json.label,
      id: String(json.id),
      publicKey: json.ssh_key,
      ...(fingerprint ? { fingerprint } : {}),
      extra: { created: linodeDate(json.created) ?? null },
    },
    driver,
  );
});
