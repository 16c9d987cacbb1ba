/**
 * Payload shapes of the Nova (compute v2.1), Glance (image v2) and Cinder (block
 * storage v3) APIs as this driver reads them, and the typed `extra` of each value
 * object. Only the fields nubes uses are declared; providers add more.
 *
 * References: https://docs.openstack.org/api-ref/compute/,
 * https://docs.openstack.org/api-ref/image/v2/, https://docs.openstack.org/api-ref/block-storage/v3/
 */

/** A `*_links` entry (`{ rel: 'next', href }`). */
export interface NovaLink {
  rel: string;
  href: string;
}

/** One address of a server (`addresses.<network>[]`). */
export interface NovaAddress {
  /** The IP address. */
  addr: string;
  /** IP version. */
  version: 4 | 6;
  /** `fixed` (on the network) or `floating` (NATed from a public pool). */
  'OS-EXT-IPS:type'?: 'fixed' | 'floating';
  /** MAC address of the port the address is on. */
  'OS-EXT-IPS-MAC:mac_addr'?: string;
}

/** A server (`GET /servers/detail`, `GET /servers/{id}`). */
export interface NovaServer {
  id: string;
  name: string;
  status: string;
  created?: string;
  updated?: string;
  tenant_id?: string;
  user_id?: string;
  hostId?: string;
  key_name?: string | null;
  metadata?: Record<string, string>;
  addresses?: Record<string, NovaAddress[]>;
  accessIPv4?: string;
  accessIPv6?: string;
  /** `{id, links}` before microversion 2.47, `{original_name, ram, vcpus, disk, ...}` from it. */
  flavor?: { id?: string; original_name?: string; ram?: number; vcpus?: number; disk?: number; ephemeral?: number; swap?: number };
  /** `{id, links}`, or `""` for a server booted from a volume. */
  image?: { id: string } | '';
  progress?: number;
  fault?: { code: number; message: string; created?: string; details?: string };
  security_groups?: { name: string }[];
  'OS-EXT-AZ:availability_zone'?: string;
  'OS-EXT-STS:task_state'?: string | null;
  'OS-EXT-STS:vm_state'?: string;
  'OS-EXT-STS:power_state'?: number;
  'os-extended-volumes:volumes_attached'?: { id: string; delete_on_termination?: boolean }[];
  config_drive?: string | boolean;
  locked?: boolean;
  description?: string | null;
  tags?: string[];
}

/** A flavor (`GET /flavors/detail`). */
export interface NovaFlavor {
  id: string;
  name: string;
  ram: number;
  disk: number;
  vcpus: number;
  swap?: number | '';
  rxtx_factor?: number;
  description?: string | null;
  'OS-FLV-EXT-DATA:ephemeral'?: number;
  'OS-FLV-DISABLED:disabled'?: boolean;
  'os-flavor-access:is_public'?: boolean;
}

/** A key pair (`GET /os-keypairs` wraps each in `{keypair}`). */
export interface NovaKeyPair {
  name: string;
  public_key?: string;
  fingerprint?: string;
  /** Only in the answer to a create without a public key (before microversion 2.92). */
  private_key?: string;
  type?: 'ssh' | 'x509';
  user_id?: string;
  id?: number;
  created_at?: string;
}

/** An availability zone (`GET /os-availability-zone`). */
export interface NovaAvailabilityZone {
  zoneName: string;
  zoneState?: { available: boolean };
  hosts?: unknown;
}

/** A Glance v2 image; custom properties appear as extra top-level keys. */
export interface GlanceImage {
  id: string;
  name: string | null;
  status: string;
  visibility?: string;
  disk_format?: string | null;
  container_format?: string | null;
  min_disk?: number;
  min_ram?: number;
  size?: number | null;
  checksum?: string | null;
  owner?: string | null;
  protected?: boolean;
  tags?: string[];
  created_at?: string;
  updated_at?: string;
  [property: string]: unknown;
}

/** A Cinder volume attachment (`volume.attachments[]`). */
export interface CinderAttachment {
  server_id: string;
  attachment_id?: string;
  device?: string;
  volume_id?: string;
  host_name?: string | null;
  id?: string;
}

/** A Cinder v3 volume. */
export interface CinderVolume {
  id: string;
  name: string | null;
  size: number;
  status: string;
  availability_zone?: string;
  created_at?: string;
  description?: string | null;
  volume_type?: string | null;
  bootable?: string | boolean;
  encrypted?: boolean;
  multiattach?: boolean;
  snapshot_id?: string | null;
  source_volid?: string | null;
  metadata?: Record<string, string>;
  attachments?: CinderAttachment[];
}

/** A Cinder v3 snapshot. */
export interface CinderSnapshot {
  id: string;
  name: string | null;
  size: number;
  status: string;
  volume_id: string;
  created_at?: string;
  description?: string | null;
  metadata?: Record<string, string>;
  'os-extended-snapshot-attributes:progress'?: string;
}

// ---------------------------------------------------------------------------
// Typed extras (type aliases, not interfaces: they must fit the base's `Record<string, unknown>`)

/** `node.extra` of an OpenStack server. */
export type OpenStackNodeExtra = {
  /** Nova's own status (`ACTIVE`, `BUILD`, `SHUTOFF`, ...). */
  status: string;
  /** Task in progress (`spawning`, `powering-off`, ...), or null. */
  taskState: string | null;
  /** VM state (`OS-EXT-STS:vm_state`): `active`, `building`, `stopped`, `error`, ... */
  vmState: string | undefined;
  /** Hypervisor power state (`OS-EXT-STS:power_state`): 0 no state, 1 running, 3 paused, 4 shut down, 6 crashed, 7 suspended. */
  powerState: number | undefined;
  /** Availability zone (`OS-EXT-AZ:availability_zone`). */
  availabilityZone: string | undefined;
  /** Name of the key pair it was created with (`key_name`), or null. */
  keyName: string | null;
  /** User metadata, key to value (`metadata`). */
  metadata: Record<string, string>;
  /** Flavor id (before microversion 2.47) or name (from 2.47). */
  flavorId: string | undefined;
  /** Undefined for a server booted from a volume. */
  imageId: string | undefined;
  /** Project that owns the server (`tenant_id`). */
  projectId: string | undefined;
  /** User who created it (`user_id`). */
  userId: string | undefined;
  /** Opaque id of the compute host, hashed per project (`hostId`): equal ids mean the same host. */
  hostId: string | undefined;
  /** When the server last changed (`updated`). */
  updatedAt: Date | undefined;
  /** Addresses per network, as Nova lists them. */
  addresses: Record<string, NovaAddress[]>;
  /** Names of its security groups (`security_groups[].name`), without duplicates. */
  securityGroups: string[];
  /** Ids of the volumes attached. */
  volumesAttached: string[];
  /** Build or resize progress in percent (`progress`), while one runs. */
  progress: number | undefined;
  /** The error that put the server in ERROR, when there is one. */
  fault:
    | {
        /** HTTP-like status code of the fault (`fault.code`), e.g. 500. */
        code: number;
        /** The fault message (`fault.message`). */
        message: string;
      }
    | undefined;
  /** Server tags (`tags`, microversion 2.26 and later). */
  tags: string[];
  /** Free-form description (`description`, microversion 2.19 and later). */
  description: string | undefined;
  /** Whether an administrator or the owner locked the server against actions (`locked`, microversion 2.9 and later). */
  locked: boolean | undefined;
  /**
   * The administrator password Nova generated, on the node `createNode` returns (when
   * the cloud generates one). Non-enumerable: it never shows in `JSON.stringify(node)`.
   */
  readonly adminPass?: string;
};

/** `size.extra` of a flavor. */
export type OpenStackSizeExtra = {
  /** Ephemeral disk in GB (`OS-FLV-EXT-DATA:ephemeral`; 0 when none). */
  ephemeral: number;
  /** Swap in MiB (0 when none). */
  swap: number;
  /** Network bandwidth factor relative to the base flavor (`rxtx_factor`). */
  rxtxFactor: number | undefined;
  /** Whether every project can use the flavor (`os-flavor-access:is_public`). */
  isPublic: boolean | undefined;
  /** Whether the flavor is disabled (`OS-FLV-DISABLED:disabled`). */
  disabled: boolean | undefined;
  /** Free-form description (`description`, microversion 2.55 and later). */
  description: string | undefined;
};

/** `image.extra` of a Glance image. */
export type OpenStackImageExtra = {
  /** `queued`, `saving`, `active`, `killed`, `deleted`, `pending_delete`, `deactivated`, `importing`. */
  status: string;
  /** `public`, `community`, `shared` or `private` (`visibility`). */
  visibility: string | undefined;
  /** Disk format (`disk_format`): `qcow2`, `raw`, `vmdk`, `iso`, ... */
  diskFormat: string | undefined;
  /** Container format (`container_format`): `bare`, `ovf`, `docker`, ... */
  containerFormat: string | undefined;
  /** Smallest root disk, in GB, needed to boot it (`min_disk`). */
  minDisk: number | undefined;
  /** Smallest memory, in MiB, needed to boot it (`min_ram`). */
  minRam: number | undefined;
  /** Size of the image data in bytes (`size`). */
  size: number | undefined;
  /** MD5 of the image data (`checksum`). */
  checksum: string | undefined;
  /** Project that owns the image (`owner`). */
  owner: string | undefined;
  /** Whether the image is protected against deletion (`protected`). */
  protected: boolean | undefined;
  /** Image tags (`tags`). */
  tags: string[];
  /** When it was created (`created_at`). */
  createdAt: Date | undefined;
  /** When it last changed (`updated_at`). */
  updatedAt: Date | undefined;
  /** Custom image properties (`os_distro`, `hw_disk_bus`, ...). */
  properties: Record<string, unknown>;
};

/** `location.extra` of an availability zone. */
export type OpenStackLocationExtra = {
  /** Whether the zone accepts new servers (`zoneState.available`). */
  available: boolean | undefined;
  /** The region the driver is configured for, if any. */
  region: string | undefined;
};

/** `volume.extra` of a Cinder volume. */
export type OpenStackVolumeExtra = {
  /** Cinder's own status (`available`, `in-use`, `error_deleting`, ...). */
  status: string;
  /** Availability zone (`availability_zone`). */
  availabilityZone: string | undefined;
  /** When it was created (`created_at`). */
  createdAt: Date | undefined;
  /** Free-form description (`description`). */
  description: string | undefined;
  /** Volume type name (`volume_type`), as the cloud defines them. */
  volumeType: string | undefined;
  /** Whether a server can boot from it (`bootable`). */
  bootable: boolean;
  /** Whether it is encrypted (`encrypted`). */
  encrypted: boolean | undefined;
  /** Whether it can be attached to several servers at once (`multiattach`). */
  multiattach: boolean | undefined;
  /** Snapshot it was created from (`snapshot_id`). */
  snapshotId: string | undefined;
  /** Volume it was cloned from (`source_volid`). */
  sourceVolumeId: string | undefined;
  /** User metadata, key to value (`metadata`). */
  metadata: Record<string, string>;
  /** Where it is attached (`attachments`). */
  attachments: {
    /** The server the volume is attached to (`server_id`). */
    serverId: string;
    /** Device name on that server (`device`), e.g. `/dev/vdb`. */
    device: string | undefined;
    /** Cinder's id of the attachment (`attachment_id`). */
    attachmentId: string | undefined;
  }[];
};

/** `snapshot.extra` of a Cinder snapshot. */
export type OpenStackSnapshotExtra = {
  /** Cinder's own status (`status`): `creating`, `available`, `error`, `deleting`, ... */
  status: string;
  /** The volume the snapshot was taken of (`volume_id`). */
  volumeId: string;
  /** Free-form description (`description`). */
  description: string | undefined;
  /** Progress as Cinder reports it (`os-extended-snapshot-attributes:progress`), e.g. `100%`. */
  progress: string | undefined;
  /** User metadata, key to value (`metadata`). */
  metadata: Record<string, string>;
};

/** `keyPair.extra` of a Nova key pair. */
export type OpenStackKeyPairExtra = {
  /** `ssh` or `x509` (`type`, microversion 2.2 and later). */
  type: string | undefined;
  /** User who owns the key pair (`user_id`). */
  userId: string | undefined;
  /** When it was created (`created_at`). */
  createdAt: Date | undefined;
};
