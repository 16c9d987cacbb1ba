/**
 * Vultr API v2 payloads (as documented) and the typed `extra` of the value objects
 * the compute driver returns.
 */
import type { NodeAuthPassword } from '../base.js';

/** An instance (`/v2/instances`). */
export interface InstanceJson {
  /** Instance id (a UUID). */
  id: string;
  /** The user's name for the instance. */
  label: string;
  /** Operating system name. */
  os: string;
  /** Operating system id. */
  os_id: number;
  /** Marketplace application id; 0 when none. */
  app_id?: number;
  /** Marketplace image id; empty when none. */
  image_id?: string;
  /** Snapshot it was deployed from; empty when none. */
  snapshot_id?: string;
  /** MB. */
  ram: number;
  /** GB. */
  disk: number;
  /** Virtual CPUs. */
  vcpu_count: number;
  /** GB per month. */
  allowed_bandwidth: number;
  /** Main public IPv4 address (`0.0.0.0` until assigned). */
  main_ip: string;
  /** Main public IPv6 address, when IPv6 is enabled. */
  v6_main_ip?: string;
  /** Private network address, when there is one. */
  internal_ip?: string;
  /** Netmask of `main_ip`. */
  netmask_v4?: string;
  /** IPv4 gateway. */
  gateway_v4?: string;
  /** Region id, e.g. `ewr`. */
  region: string;
  /** Plan id, e.g. `vc2-1c-1gb`. */
  plan: string;
  /** When the instance was created, ISO 8601. */
  date_created: string;
  /** `active`, `pending`, `suspended`, `resizing`. */
  status: string;
  /** `running`, `stopped`. */
  power_status: string;
  /** `none`, `locked`, `installingbooting`, `ok`. */
  server_status: string;
  /** Hostname inside the instance. */
  hostname?: string;
  /** Tag names. */
  tags?: string[];
  /** Enabled features: `auto_backups`, `ipv6`, `ddos_protection`, ... */
  features?: string[];
  /** Firewall group id; empty when none. */
  firewall_group_id?: string;
  /** Only in the answer to a create. */
  default_password?: string;
}

/** A plan (`/v2/plans`). */
export interface PlanJson {
  /** Plan id, e.g. `vc2-1c-1gb`. */
  id: string;
  /** Virtual CPUs. */
  vcpu_count: number;
  /** Memory in MB. */
  ram: number;
  /** Disk in GB (per disk). */
  disk: number;
  /** Number of disks. */
  disk_count?: number;
  /** Included transfer in GB per month. */
  bandwidth: number;
  /** Monthly price in US dollars. */
  monthly_cost: number;
  /** Hourly price in US dollars. */
  hourly_cost?: number;
  /** Plan type: `vc2`, `vhf`, `vhp`, `vdc`, `vcg`, ... */
  type: string;
  /** Region ids where the plan can be deployed. */
  locations: string[];
  /** GPU memory in GB, for GPU plans. */
  gpu_vram_gb?: number;
  /** GPU model, for GPU plans. */
  gpu_type?: string;
}

/** An operating system (`/v2/os`). */
export interface OsJson {
  /** Operating system id, as `os_id` takes it. */
  id: number;
  /** Display name, e.g. `Ubuntu 24.04 LTS x64`. */
  name: string;
  /** CPU architecture, e.g. `x64`. */
  arch: string;
  /** OS family, e.g. `ubuntu`. */
  family: string;
}

/** A snapshot (`/v2/snapshots`). */
export interface SnapshotJson {
  /** Snapshot id. */
  id: string;
  /** When the snapshot was taken, ISO 8601. */
  date_created: string;
  /** The user's description. */
  description: string;
  /** Bytes. */
  size: number;
  /** Stored (compressed) size in bytes. */
  compressed_size?: number;
  /** `pending` or `complete`. */
  status: string;
  /** Operating system id of the snapshotted instance. */
  os_id?: number;
  /** Application id of the snapshotted instance. */
  app_id?: number;
}

/** A region (`/v2/regions`). */
export interface RegionJson {
  /** Region id, e.g. `ewr`. */
  id: string;
  /** City name, e.g. `New Jersey`. */
  city: string;
  /** ISO 3166-1 alpha-2 country code. */
  country: string;
  /** Continent name. */
  continent?: string;
  /** Services the region offers, e.g. `ddos_protection`, `block_storage_high_perf`. */
  options?: string[];
}

/** A block storage volume (`/v2/blocks`). */
export interface BlockJson {
  /** Volume id. */
  id: string;
  /** The user's name for the volume. */
  label: string;
  /** `pending` or `active`. */
  status: string;
  /** Size in GB. */
  size_gb: number;
  /** Region id. */
  region: string;
  /** Instance id, or `''` when detached. */
  attached_to_instance: string;
  /** When the volume was created, ISO 8601. */
  date_created?: string;
  /** Monthly price in US dollars. */
  cost?: number;
  /** Id the volume is known by inside the attached instance. */
  mount_id?: string;
  /** `high_perf` (NVMe) or `storage_opt` (HDD). */
  block_type?: string;
}

/** An SSH key (`/v2/ssh-keys`). */
export interface SshKeyJson {
  /** Key id. */
  id: string;
  /** The user's name for the key. */
  name: string;
  /** The OpenSSH public key. */
  ssh_key: string;
  /** When the key was added, ISO 8601. */
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
