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
  status: string;
  powerStatus: string;
  serverStatus: string;
  region: string;
  plan: string;
  os: string;
  osId: number;
  appId: number | null;
  /** Marketplace image id, or null. */
  imageId: string | null;
  hostname: string | null;
  tags: string[];
  features: string[];
  internalIp: string | null;
  gatewayV4: string | null;
  netmaskV4: string | null;
  firewallGroupId: string | null;
  /** The root password Vultr generated, only on the node `createNode` returns. Hidden from JSON and logs. */
  defaultPassword: NodeAuthPassword | null;
};

/** `extra` of a Vultr plan. */
export type VultrSizeExtra = {
  type: string;
  monthlyCost: number;
  diskCount: number;
  /** Region ids where the plan can be deployed. */
  locations: string[];
  gpuType: string | null;
  gpuVramGb: number | null;
};

/** `extra` of a Vultr image (an operating system or a snapshot). */
export type VultrImageExtra = {
  kind: 'os' | 'snapshot';
  /** OS family (`ubuntu`, `debian`, ...), for operating systems. */
  family: string | null;
  arch: string | null;
  /** Snapshot status (`pending`, `complete`), for snapshots. */
  status: string | null;
  /** Snapshot size in bytes, for snapshots. */
  size: number | null;
  osId: number | null;
  createdAt: Date | null;
};

/** `extra` of a Vultr region. */
export type VultrLocationExtra = {
  continent: string | null;
  options: string[];
};

/** `extra` of a Vultr block storage volume. */
export type VultrVolumeExtra = {
  region: string;
  status: string;
  /** The instance it is attached to, or null. */
  instanceId: string | null;
  blockType: string | null;
  mountId: string | null;
  cost: number | null;
  createdAt: Date | null;
};

/** `extra` of a Vultr SSH key. */
export type VultrKeyPairExtra = { createdAt: Date | null };
