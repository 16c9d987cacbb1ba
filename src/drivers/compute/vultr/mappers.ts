/**
 * Vultr payloads → compute value objects.
 */
import { defineMapper } from '../../../common/payload.js';
import { KeyPair, Node, NodeAuthPassword, NodeImage, NodeLocation, NodeSize, NodeState, StorageVolume, StorageVolumeState, type NodeDriver } from '../base.js';
import { md5Fingerprint } from '../ssh-public-key.js';
import type {
  BlockJson,
  InstanceJson,
  OsJson,
  PlanJson,
  RegionJson,
  SnapshotJson,
  SshKeyJson,
  VultrImageExtra,
  VultrKeyPairExtra,
  VultrLocationExtra,
  VultrNodeExtra,
  VultrSizeExtra,
  VultrVolumeExtra,
} from './types.js';

/**
 * The node state of an instance from its three status fields: `status` (billing and
 * provisioning), `power_status` and `server_status` (what the OS is doing).
 */
export function instanceState(status: string, powerStatus: string, serverStatus: string): NodeState {
  switch (status) {
    case 'pending':
      return NodeState.PENDING;
    case 'suspended':
      return NodeState.SUSPENDED;
    case 'resizing':
      return NodeState.RECONFIGURING;
    case 'active':
      break;
    default:
      return NodeState.UNKNOWN;
  }
  if (powerStatus === 'stopped') return NodeState.STOPPED;
  if (powerStatus !== 'running') return NodeState.UNKNOWN;
  switch (serverStatus) {
    case 'ok':
      return NodeState.RUNNING;
    case 'none':
    case 'installingbooting':
      return NodeState.STARTING;
    case 'locked':
      return NodeState.UPDATING;
    default:
      return NodeState.UNKNOWN;
  }
}

function date(value: string | null | undefined): Date | undefined {
  if (!value) return undefined;
  // Vultr documents ISO 8601 (`2020-10-10T01:56:20+00:00`); older answers use `2013-12-19 14:45:41` (UTC).
  const text = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/.test(value) ? `${value.replace(' ', 'T')}Z` : value;
  const d = new Date(text);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

/** Empty strings and Vultr's placeholders (`0.0.0.0`, `::`) mean "no address". */
function address(value: string | undefined): string | undefined {
  return value && value !== '0.0.0.0' && value !== '::' ? value : undefined;
}

/** An instance as a Node. */
export const toNode = defineMapper('vultr', 'instance', { id: 'id', label: 'string', status: 'string', power_status: 'string?', server_status: 'string?', tags: 'list?', features: 'list?', ram: 'number?', disk: 'number?', vcpu_count: 'number?' }, (json: InstanceJson, driver: NodeDriver): Node<VultrNodeExtra> => {
  const createdAt = date(json.date_created);
  const publicIps = [address(json.main_ip), address(json.v6_main_ip)].filter((ip): ip is string => ip !== undefined);
  const internal = address(json.internal_ip);
  return new Node<VultrNodeExtra>(
    {
      id: json.id,
      name: json.label,
      state: instanceState(json.status, json.power_status, json.server_status),
      publicIps,
      privateIps: internal ? [internal] : [],
      size: new NodeSize<Record<string, never>>(
        { id: json.plan, name: json.plan, ram: json.ram, disk: json.disk, vcpus: json.vcpu_count, bandwidth: json.allowed_bandwidth, extra: {} },
        driver,
      ),
      image: json.snapshot_id || json.image_id || String(json.os_id),
      ...(createdAt ? { createdAt } : {}),
      extra: {
        status: json.status,
        powerStatus: json.power_status,
        serverStatus: json.server_status,
        region: json.region,
        plan: json.plan,
        os: json.os,
        osId: json.os_id,
        appId: json.app_id || null,
        imageId: json.image_id || null,
        hostname: json.hostname || null,
        tags: [...(json.tags ?? [])],
        features: [...(json.features ?? [])],
        internalIp: internal ?? null,
        gatewayV4: json.gateway_v4 || null,
        netmaskV4: json.netmask_v4 || null,
        firewallGroupId: json.firewall_group_id || null,
        defaultPassword: json.default_password ? new NodeAuthPassword(json.default_password, true) : null,
      },
    },
    driver,
  );
});

/** A plan as a NodeSize. */
export const toSize = defineMapper('vultr', 'plan', { id: 'id', vcpu_count: 'integer', ram: 'number', disk: 'number', bandwidth: 'number?', hourly_cost: 'number?', monthly_cost: 'number?', locations: 'list?' }, (json: PlanJson, driver: NodeDriver): NodeSize<VultrSizeExtra> => {
  return new NodeSize<VultrSizeExtra>(
    {
      id: json.id,
      name: json.id,
      ram: json.ram,
      disk: json.disk,
      vcpus: json.vcpu_count,
      bandwidth: json.bandwidth,
      ...(typeof json.hourly_cost === 'number' ? { price: json.hourly_cost } : {}),
      extra: {
        type: json.type,
        monthlyCost: json.monthly_cost,
        diskCount: json.disk_count ?? 1,
        locations: [...(json.locations ?? [])],
        gpuType: json.gpu_type ?? null,
        gpuVramGb: json.gpu_vram_gb ?? null,
      },
    },
    driver,
  );
});

/** An operating system (`/v2/os`) as a NodeImage. */
export const osToImage = defineMapper('vultr', 'OS image', { id: 'id', name: 'string' }, (json: OsJson, driver: NodeDriver): NodeImage<VultrImageExtra> => {
  return new NodeImage<VultrImageExtra>(
    {
      id: String(json.id),
      name: json.name,
      extra: { kind: 'os', family: json.family, arch: json.arch, status: null, size: null, osId: json.id, createdAt: null },
    },
    driver,
  );
});

/** A snapshot as a NodeImage (named by its description). */
export const snapshotToImage = defineMapper('vultr', 'snapshot', { id: 'id', size: 'number?', description: 'string?' }, (json: SnapshotJson, driver: NodeDriver): NodeImage<VultrImageExtra> => {
  return new NodeImage<VultrImageExtra>(
    {
      id: json.id,
      name: json.description || json.id,
      extra: {
        kind: 'snapshot',
        family: null,
        arch: null,
        status: json.status,
        size: json.size,
        osId: json.os_id ?? null,
        createdAt: date(json.date_created) ?? null,
      },
    },
    driver,
  );
});

/** A region as a NodeLocation (named by its city). */
export const toLocation = defineMapper('vultr', 'region', { id: 'id', city: 'string?', country: 'string?', options: 'list?' }, (json: RegionJson, driver: NodeDriver): NodeLocation<VultrLocationExtra> => {
  return new NodeLocation<VultrLocationExtra>(
    { id: json.id, name: json.city, country: json.country.toUpperCase(), extra: { continent: json.continent ?? null, options: [...(json.options ?? [])] } },
    driver,
  );
});

/** A block storage volume as a StorageVolume: in use while attached to an instance. */
export const toVolume = defineMapper('vultr', 'block storage volume', { id: 'id', label: 'string?', size_gb: 'number', status: 'string?' }, (json: BlockJson, driver: NodeDriver): StorageVolume<VultrVolumeExtra> => {
  const instanceId = json.attached_to_instance || null;
  const state =
    json.status === 'active' ? (instanceId ? StorageVolumeState.INUSE : StorageVolumeState.AVAILABLE) : json.status === 'pending' ? StorageVolumeState.CREATING : StorageVolumeState.UNKNOWN;
  return new StorageVolume<VultrVolumeExtra>(
    {
      id: json.id,
      name: json.label,
      size: json.size_gb,
      state,
      extra: {
        region: json.region,
        status: json.status,
        instanceId,
        blockType: json.block_type || null,
        mountId: json.mount_id || null,
        cost: json.cost ?? null,
        createdAt: date(json.date_created) ?? null,
      },
    },
    driver,
  );
});

/** An account SSH key as a KeyPair (its MD5 fingerprint computed from the key). */
export const toKeyPair = defineMapper('vultr', 'SSH key', { id: 'id', name: 'string', ssh_key: 'string?' }, (json: SshKeyJson, driver: NodeDriver): KeyPair<VultrKeyPairExtra> => {
  let fingerprint: string | undefined;
  try {
    fingerprint = md5Fingerprint(json.ssh_key);
  } catch {
    fingerprint = undefined;
  }
  return new KeyPair<VultrKeyPairExtra>(
    { name: json.name, id: json.id, publicKey: json.ssh_key, ...(fingerprint ? { fingerprint } : {}), extra: { createdAt: date(json.date_created) ?? null } },
    driver,
  );
});
