/**
 * Linode API v4 payloads (as documented) and the typed `extra` of the value objects
 * the compute driver returns.
 */
import type { NodeAuthPassword } from '../base.js';

/** An instance (`/linode/instances`). */
export interface InstanceJson {
  id: number;
  label: string;
  status: string;
  region: string;
  type: string | null;
  image: string | null;
  ipv4: string[];
  ipv6: string | null;
  created: string;
  updated?: string;
  group?: string;
  tags?: string[];
  hypervisor?: string;
  watchdog_enabled?: boolean;
  specs?: { disk: number; memory: number; vcpus: number; transfer: number; gpus?: number };
  backups?: { enabled?: boolean };
}

/** A Linode type (`/linode/types`). */
export interface TypeJson {
  id: string;
  label: string;
  class?: string;
  /** MB. */
  disk: number;
  /** MB. */
  memory: number;
  vcpus: number;
  gpus?: number;
  /** Monthly transfer in GB. */
  transfer: number;
  network_out?: number;
  price: { hourly: number | null; monthly: number | null };
  successor?: string | null;
}

/** An image (`/images`). */
export interface ImageJson {
  id: string;
  label: string;
  description?: string | null;
  created?: string;
  created_by?: string | null;
  deprecated?: boolean;
  is_public: boolean;
  /** MB. */
  size?: number;
  type?: string;
  vendor?: string | null;
  status?: string;
  eol?: string | null;
}

/** A region (`/regions`). */
export interface RegionJson {
  id: string;
  label: string;
  /** Lowercase ISO 3166 code. */
  country: string;
  capabilities?: string[];
  status?: string;
  site_type?: string;
}

/** A block storage volume (`/volumes`). */
export interface VolumeJson {
  id: number;
  label: string;
  status: string;
  region: string;
  /** GB. */
  size: number;
  linode_id: number | null;
  linode_label?: string | null;
  filesystem_path?: string;
  tags?: string[];
  created?: string;
  hardware_type?: string;
}

/** A disk of an instance (`/linode/instances/{id}/disks`). */
export interface DiskJson {
  id: number;
  label: string;
  status: string;
  size: number;
  filesystem: 'raw' | 'swap' | 'ext3' | 'ext4' | 'initrd' | string;
}

/** An SSH key of the profile (`/profile/sshkeys`). */
export interface SshKeyJson {
  id: number;
  label: string;
  ssh_key: string;
  created?: string;
}

/** `extra` of a Linode node (instance). */
export type LinodeNodeExtra = {
  /** The status as Linode reports it (`running`, `offline`, `provisioning`, ...). */
  status: string;
  region: string;
  type: string | null;
  image: string | null;
  /** The SLAAC IPv6 address with its prefix length, e.g. `2600:3c03::1/128`. */
  ipv6: string | null;
  group: string;
  tags: string[];
  hypervisor: string | null;
  watchdogEnabled: boolean;
  backupsEnabled: boolean;
  updated: Date | null;
  /**
   * The root password nubes generated for `createNode` when none was given (Linode
   * requires one to deploy an image); null otherwise. Hidden from JSON and logs.
   */
  rootPassword: NodeAuthPassword | null;
};

/** `extra` of a Linode type. */
export type LinodeSizeExtra = {
  label: string;
  class: string | null;
  priceMonthly: number | null;
  gpus: number;
  /** Outbound bandwidth in Mbit/s. */
  networkOut: number | null;
  successor: string | null;
};

/** `extra` of a Linode image. */
export type LinodeImageExtra = {
  isPublic: boolean;
  vendor: string | null;
  deprecated: boolean;
  /** MB. */
  size: number | null;
  /** `manual` or `automatic` (backups). */
  type: string | null;
  status: string | null;
  createdBy: string | null;
  created: Date | null;
  eol: Date | null;
  description: string | null;
};

/** `extra` of a Linode region. */
export type LinodeLocationExtra = {
  capabilities: string[];
  status: string | null;
  siteType: string | null;
};

/** `extra` of a Linode volume. */
export type LinodeVolumeExtra = {
  region: string;
  status: string;
  linodeId: number | null;
  linodeLabel: string | null;
  filesystemPath: string | null;
  tags: string[];
  created: Date | null;
  hardwareType: string | null;
};

/** `extra` of a Linode SSH key. */
export type LinodeKeyPairExtra = { created: Date | null };
