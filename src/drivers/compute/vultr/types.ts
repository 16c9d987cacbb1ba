/**
 * Vultr API v2 payloads (as documented) and the typed `extra` of the value objects
 * the compute driver returns.
 */
import type { NodeAuthPassword } from '../base.js';

/** An instance (`/v2/instances`). */
export interface InstanceJson {
  id: string;
  label: string;
  os: string;
  os_id: number;
  app_id?: number;
  image_id?: string;
  snapshot_id?: string;
  /** MB. */
  ram: number;
  /** GB. */
  disk: number;
  vcpu_count: number;
  /** GB per month. */
  allowed_bandwidth: number;
  main_ip: string;
  v6_main_ip?: string;
  internal_ip?: string;
  netmask_v4?: string;
  gateway_v4?: string;
  region: string;
  plan: string;
  date_created: string;
  /** `active`, `pending`, `suspended`, `resizing`. */
  status: string;
  /** `running`, `stopped`. */
  power_status: string;
  /** `none`, `locked`, `installingbooting`, `ok`. */
  server_status: string;
  hostname?: string;
  tags?: string[];
  features?: string[];
  firewall_group_id?: string;
  /** Only in the answer to a create. */
  default_password?: string;
}

/** A plan (`/v2/plans`). */
export interface PlanJson {
  id: string;
  vcpu_count: number;
  ram: number;
  disk: number;
  disk_count?: number;
  bandwidth: number;
  monthly_cost: number;
  hourly_cost?: number;
  type: string;
  locations: string[];
  gpu_vram_gb?: number;
  gpu_type?: string;
}

/** An operating system (`/v2/os`). */
export interface OsJson {
  id: number;
  name: string;
  arch: string;
  family: string;
}

/** A snapshot (`/v2/snapshots`). */
export interface SnapshotJson {
  id: string;
  date_created: string;
  description: string;
  /** Bytes. */
  size: number;
  compressed_size?: number;
  status: string;
  os_id?: number;
  app_id?: number;
}

/** A region (`/v2/regions`). */
export interface RegionJson {
  id: string;
  city: string;
  country: string;
  continent?: string;
  options?: string[];
}

/** A block storage volume (`/v2/blocks`). */
export interface BlockJson {
  id: string;
  label: string;
  status: string;
  size_gb: number;
  region: string;
  /** Instance id, or `''` when detached. */
  attached_to_instance: string;
  date_created?: string;
  cost?: number;
  mount_id?: string;
  block_type?: string;
}

/** An SSH key (`/v2/ssh-keys`). */
export interface SshKeyJson {
  id: string;
  name: string;
  ssh_key: string;
  date_created?: string;
}

/** `extra` of a Vultr node (instance). */
export type VultrNodeExtra = {
  /** Subscription status (`status`): `pending`, `active`, `suspended` or `resizing`. */
  status: string;
  /** `running` or `stopped` (`power_status`). */
  powerStatus: string;
  /** Server health (`server_status`): `none`, `locked`, `installingbooting` or `ok`. */
  serverStatus: string;
  /** Region id (`region`), e.g. `ewr`. */
  region: string;
  /** Plan id (`plan`), e.g. `vc2-1c-1gb`. */
  plan: string;
  /** Operating system name (`os`). */
  os: string;
  /** Operating system id (`os_id`). */
  osId: number;
  /** Marketplace application id (`app_id`), or null. */
  appId: number | null;
  /** Marketplace image id, or null. */
  imageId: string | null;
  /** Hostname set inside the instance (`hostname`), or null. */
  hostname: string | null;
  /** Tag names (`tags`). */
  tags: string[];
  /** Enabled features (`features`): `auto_backups`, `ipv6`, `ddos_protection`, ... */
  features: string[];
  /** Private network address (`internal_ip`), or null. */
  internalIp: string | null;
  /** IPv4 gateway (`gateway_v4`), or null. */
  gatewayV4: string | null;
  /** IPv4 netmask (`netmask_v4`), or null. */
  netmaskV4: string | null;
  /** Firewall group it belongs to (`firewall_group_id`), or null. */
  firewallGroupId: string | null;
  /** The root password Vultr generated, only on the node `createNode` returns. Hidden from JSON and logs. */
  defaultPassword: NodeAuthPassword | null;
};

/** `extra` of a Vultr plan. */
export type VultrSizeExtra = {
  /** Plan type (`type`): `vc2`, `vhf`, `vhp`, `vdc`, `vcg`, ... */
  type: string;
  /** Monthly price in US dollars (`monthly_cost`). */
  monthlyCost: number;
  /** Number of disks (`disk_count`; 1 when absent). */
  diskCount: number;
  /** Region ids where the plan can be deployed. */
  locations: string[];
  /** GPU model of a GPU plan (`gpu_type`), or null. */
  gpuType: string | null;
  /** GPU memory in GB of a GPU plan (`gpu_vram_gb`), or null. */
  gpuVramGb: number | null;
};

/** `extra` of a Vultr image (an operating system or a snapshot). */
export type VultrImageExtra = {
  /** `os` for an operating system from `/v2/os`, `snapshot` for one of your snapshots. */
  kind: 'os' | 'snapshot';
  /** OS family (`ubuntu`, `debian`, ...), for operating systems. */
  family: string | null;
  /** CPU architecture of an operating system (`arch`), e.g. `x64`. */
  arch: string | null;
  /** Snapshot status (`pending`, `complete`), for snapshots. */
  status: string | null;
  /** Snapshot size in bytes, for snapshots. */
  size: number | null;
  /** Operating system id (`id` of an OS, `os_id` of a snapshot). */
  osId: number | null;
  /** When a snapshot was taken (`date_created`); null for operating systems. */
  createdAt: Date | null;
};

/** `extra` of a Vultr region. */
export type VultrLocationExtra = {
  /** Continent name (`continent`), e.g. `Europe`. */
  continent: string | null;
  /** What the region offers beyond instances (`options`), e.g. `ddos_protection`, `block_storage_high_perf`. */
  options: string[];
};

/** `extra` of a Vultr block storage volume. */
export type VultrVolumeExtra = {
  /** Region id (`region`); the volume attaches only to instances there. */
  region: string;
  /** Vultr's volume status (`status`): `pending` or `active`. */
  status: string;
  /** The instance it is attached to, or null. */
  instanceId: string | null;
  /** `high_perf` (NVMe) or `storage_opt` (HDD) (`block_type`), or null. */
  blockType: string | null;
  /** Id that identifies the volume to the attached instance's OS (`mount_id`). */
  mountId: string | null;
  /** Monthly price in US dollars (`cost`), or null. */
  cost: number | null;
  /** When it was created (`date_created`). */
  createdAt: Date | null;
};

/** `extra` of a Vultr SSH key. */
export type VultrKeyPairExtra = {
  /** When the key was added to the account (`date_created`). */
  createdAt: Date | null;
};
