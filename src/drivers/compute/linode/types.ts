/**
 * Linode API v4 payloads (as documented) and the typed `extra` of the value objects
 * the compute driver returns.
 */
import type { NodeAuthPassword } from '../base.js';

/** An instance (`/linode/instances`). */
export interface InstanceJson {
  /** Instance id. */
  id: number;
  /** The user's name for the instance. */
  label: string;
  /** `running`, `offline`, `booting`, `rebooting`, `shutting_down`, `provisioning`, `deleting`, `migrating`, ... */
  status: string;
  /** Region id, e.g. `us-east`. */
  region: string;
  /** Linode type id, e.g. `g6-nanode-1`. */
  type: string | null;
  /** Image id it was deployed from, e.g. `linode/ubuntu24.04`; null when none. */
  image: string | null;
  /** IPv4 addresses, public and private. */
  ipv4: string[];
  /** SLAAC IPv6 address with its prefix length. */
  ipv6: string | null;
  /** When the instance was created (UTC, no zone). */
  created: string;
  /** When the instance last changed (UTC, no zone). */
  updated?: string;
  /** Display group (deprecated by Linode in favour of tags). */
  group?: string;
  /** Tag names. */
  tags?: string[];
  /** The virtualisation software, `kvm`. */
  hypervisor?: string;
  /** Whether Lassie, Linode's shutdown watchdog, is on. */
  watchdog_enabled?: boolean;
  /** The resources of its type. */
  specs?: {
    /** Disk in MB. */
    disk: number;
    /** Memory in MB. */
    memory: number;
    /** Virtual CPUs. */
    vcpus: number;
    /** Monthly transfer in GB. */
    transfer: number;
    /** GPUs. */
    gpus?: number;
  };
  /** The backup service. */
  backups?: {
    /** Whether the backup service is on. */
    enabled?: boolean;
  };
}

/** A Linode type (`/linode/types`). */
export interface TypeJson {
  /** Type id, e.g. `g6-nanode-1`. */
  id: string;
  /** Display name, e.g. `Nanode 1GB`. */
  label: string;
  /** `nanode`, `standard`, `dedicated`, `highmem`, `gpu`, ... */
  class?: string;
  /** MB. */
  disk: number;
  /** MB. */
  memory: number;
  /** Virtual CPUs. */
  vcpus: number;
  /** GPUs. */
  gpus?: number;
  /** Monthly transfer in GB. */
  transfer: number;
  /** Outbound bandwidth in Mbit/s. */
  network_out?: number;
  /** Price of an instance of this type. */
  price: {
    /** Hourly price in US dollars. */
    hourly: number | null;
    /** Monthly price in US dollars. */
    monthly: number | null;
  };
  /** The type that replaces this one, when it is being retired. */
  successor?: string | null;
}

/** An image (`/images`). */
export interface ImageJson {
  /** Image id, e.g. `linode/ubuntu24.04` or `private/12345`. */
  id: string;
  /** Display name. */
  label: string;
  /** The user's description. */
  description?: string | null;
  /** When the image was created (UTC, no zone). */
  created?: string;
  /** `linode` for public images, else the user name. */
  created_by?: string | null;
  /** Whether the image should no longer be used for new deployments. */
  deprecated?: boolean;
  /** True for Linode's public images. */
  is_public: boolean;
  /** MB. */
  size?: number;
  /** `manual` or `automatic` (made from a backup). */
  type?: string;
  /** Distribution vendor of a public image. */
  vendor?: string | null;
  /** `creating`, `pending_upload` or `available`. */
  status?: string;
  /** End of life of the distribution (UTC, no zone). */
  eol?: string | null;
}

/** A region (`/regions`). */
export interface RegionJson {
  /** Region id, e.g. `us-east`. */
  id: string;
  /** Display name, e.g. `Newark, NJ`. */
  label: string;
  /** Lowercase ISO 3166 code. */
  country: string;
  /** What the region offers: `Linodes`, `Block Storage`, `NodeBalancers`, ... */
  capabilities?: string[];
  /** `ok` or `outage`. */
  status?: string;
  /** `core` or `distributed`. */
  site_type?: string;
}

/** A block storage volume (`/volumes`). */
export interface VolumeJson {
  /** Volume id. */
  id: number;
  /** The user's name for the volume. */
  label: string;
  /** `creating`, `active`, `resizing`, ... */
  status: string;
  /** Region id. */
  region: string;
  /** GB. */
  size: number;
  /** The instance it is attached to, or null. */
  linode_id: number | null;
  /** Label of that instance, or null. */
  linode_label?: string | null;
  /** Where the volume appears inside the attached instance. */
  filesystem_path?: string;
  /** Tag names. */
  tags?: string[];
  /** When the volume was created (UTC, no zone). */
  created?: string;
  /** `hdd` or `nvme`. */
  hardware_type?: string;
}

/** A disk of an instance (`/linode/instances/{id}/disks`). */
export interface DiskJson {
  /** Disk id. */
  id: number;
  /** The user's name for the disk. */
  label: string;
  /** `ready`, `not ready` or `deleting`. */
  status: string;
  /** Size in MB. */
  size: number;
  /** Filesystem of the disk. */
  filesystem: 'raw' | 'swap' | 'ext3' | 'ext4' | 'initrd' | string;
}

/** An SSH key of the profile (`/profile/sshkeys`). */
export interface SshKeyJson {
  /** Key id. */
  id: number;
  /** The user's name for the key. */
  label: string;
  /** The OpenSSH public key. */
  ssh_key: string;
  /** When the key was added (UTC, no zone). */
  created?: string;
}

/** `extra` of a Linode node (instance). */
export type LinodeNodeExtra = {
  /** The status as Linode reports it (`running`, `offline`, `provisioning`, ...). */
  status: string;
  /** Region id (`region`), e.g. `us-east`. */
  region: string;
  /** Linode type id (`type`), e.g. `g6-nanode-1`; null while unknown. */
  type: string | null;
  /** Image id it was deployed from (`image`), e.g. `linode/ubuntu24.04`; null when none. */
  image: string | null;
  /** The SLAAC IPv6 address with its prefix length, e.g. `2600:3c03::1/128`. */
  ipv6: string | null;
  /** Display group (`group`, deprecated by Linode in favour of tags); empty when unset. */
  group: string;
  /** Tag names (`tags`). */
  tags: string[];
  /** The virtualisation software (`hypervisor`), `kvm`. */
  hypervisor: string | null;
  /** Whether Lassie, Linode's watchdog that reboots a Linode that powered off on its own, is on (`watchdog_enabled`). */
  watchdogEnabled: boolean;
  /** Whether the backup service is on (`backups.enabled`). */
  backupsEnabled: boolean;
  /** When the instance was last updated (`updated`). */
  updated: Date | null;
  /**
   * The root password nubes generated for `createNode` when none was given (Linode
   * requires one to deploy an image); null otherwise. Hidden from JSON and logs.
   */
  rootPassword: NodeAuthPassword | null;
};

/** `extra` of a Linode type. */
export type LinodeSizeExtra = {
  /** Display label (`label`), e.g. `Nanode 1GB`. */
  label: string;
  /** Type class (`class`): `nanode`, `standard`, `dedicated`, `highmem`, `gpu`, ... */
  class: string | null;
  /** Monthly price in US dollars (`price.monthly`); the hourly one is `NodeSize.price`. */
  priceMonthly: number | null;
  /** GPUs (`gpus`); 0 for types without. */
  gpus: number;
  /** Outbound bandwidth in Mbit/s. */
  networkOut: number | null;
  /** The type that replaces this one, when it is being retired (`successor`); null otherwise. */
  successor: string | null;
};

/** `extra` of a Linode image. */
export type LinodeImageExtra = {
  /** True for Linode's public images, false for your own (`is_public`). */
  isPublic: boolean;
  /** Distribution vendor of a public image (`vendor`), e.g. `Ubuntu`; null for private images. */
  vendor: string | null;
  /** Whether the image is deprecated and should not be used for new deployments (`deprecated`). */
  deprecated: boolean;
  /** MB. */
  size: number | null;
  /** `manual` or `automatic` (backups). */
  type: string | null;
  /** `creating`, `pending_upload` or `available` (`status`). */
  status: string | null;
  /** Who created it (`created_by`): `linode` for public images, else a user name. */
  createdBy: string | null;
  /** When it was created (`created`). */
  created: Date | null;
  /** End of life of the distribution (`eol`), when Linode publishes one. */
  eol: Date | null;
  /** Free-form description (`description`); null when empty. */
  description: string | null;
};

/** `extra` of a Linode region. */
export type LinodeLocationExtra = {
  /** What the region offers (`capabilities`): `Linodes`, `Block Storage`, `NodeBalancers`, ... */
  capabilities: string[];
  /** `ok` or `outage` (`status`). */
  status: string | null;
  /** `core` or `distributed` (`site_type`). */
  siteType: string | null;
};

/** `extra` of a Linode volume. */
export type LinodeVolumeExtra = {
  /** Region id (`region`); the volume attaches only to Linodes there. */
  region: string;
  /** Linode's volume status (`status`): `creating`, `active`, `resizing`, ... */
  status: string;
  /** The Linode it is attached to (`linode_id`), or null. */
  linodeId: number | null;
  /** Label of that Linode (`linode_label`), or null. */
  linodeLabel: string | null;
  /** Where the volume appears inside the Linode (`filesystem_path`), e.g. `/dev/disk/by-id/scsi-0Linode_Volume_data`. */
  filesystemPath: string | null;
  /** Tag names (`tags`). */
  tags: string[];
  /** When it was created (`created`). */
  created: Date | null;
  /** `hdd` or `nvme` (`hardware_type`). */
  hardwareType: string | null;
};

/** `extra` of a Linode SSH key. */
export type LinodeKeyPairExtra = {
  /** When the key was added to the profile (`created`). */
  created: Date | null;
};
