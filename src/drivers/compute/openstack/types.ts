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
  /** Link relation: `next`, `previous`, `self`, `bookmark`. */
  rel: string;
  /** URL of the linked page or resource. */
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
  /** Server id (a UUID). */
  id: string;
  /** Server name. */
  name: string;
  /** `ACTIVE`, `BUILD`, `SHUTOFF`, `ERROR`, `REBOOT`, ... */
  status: string;
  /** When the server was created, ISO 8601. */
  created?: string;
  /** When the server last changed, ISO 8601. */
  updated?: string;
  /** Project that owns the server. */
  tenant_id?: string;
  /** User who created it. */
  user_id?: string;
  /** Opaque id of the compute host, hashed per project. */
  hostId?: string;
  /** Name of the key pair it was created with. */
  key_name?: string | null;
  /** User metadata. */
  metadata?: Record<string, string>;
  /** Addresses per network name. */
  addresses?: Record<string, NovaAddress[]>;
  /** The IPv4 address the user set for access (usually empty). */
  accessIPv4?: string;
  /** The IPv6 address the user set for access (usually empty). */
  accessIPv6?: string;
  /** `{id, links}` before microversion 2.47, `{original_name, ram, vcpus, disk, ...}` from it. */
  flavor?: {
    /** Flavor id (before microversion 2.47). */
    id?: string;
    /** Flavor name (from microversion 2.47). */
    original_name?: string;
    /** Memory in MiB (from 2.47). */
    ram?: number;
    /** Virtual CPUs (from 2.47). */
    vcpus?: number;
    /** Root disk in GB (from 2.47). */
    disk?: number;
    /** Ephemeral disk in GB (from 2.47). */
    ephemeral?: number;
    /** Swap in MiB (from 2.47). */
    swap?: number;
  };
  /** `{id, links}`, or `""` for a server booted from a volume. */
  image?:
    | {
        /** Image id. */
        id: string;
      }
    | '';
  /** Build or resize progress in percent. */
  progress?: number;
  /** Why the server is in ERROR. */
  fault?: {
    /** HTTP-like status code of the fault. */
    code: number;
    /** The fault message. */
    message: string;
    /** When the fault happened, ISO 8601. */
    created?: string;
    /** More detail (a traceback, for administrators). */
    details?: string;
  };
  /** The server's security groups (a name can repeat, once per port). */
  security_groups?: {
    /** Security group name. */
    name: string;
  }[];
  /** Availability zone. */
  'OS-EXT-AZ:availability_zone'?: string;
  /** Task in progress (`spawning`, `powering-off`, ...), or null. */
  'OS-EXT-STS:task_state'?: string | null;
  /** VM state: `active`, `building`, `stopped`, `error`, ... */
  'OS-EXT-STS:vm_state'?: string;
  /** Hypervisor power state: 0 no state, 1 running, 3 paused, 4 shut down, 6 crashed, 7 suspended. */
  'OS-EXT-STS:power_state'?: number;
  /** Volumes attached to the server. */
  'os-extended-volumes:volumes_attached'?: {
    /** Volume id. */
    id: string;
    /** Whether the volume is deleted with the server. */
    delete_on_termination?: boolean;
  }[];
  /** Whether a config drive is attached: `"True"` or `""` (a boolean on some clouds). */
  config_drive?: string | boolean;
  /** Whether the server is locked against actions (microversion 2.9). */
  locked?: boolean;
  /** Free-form description (microversion 2.19). */
  description?: string | null;
  /** Server tags (microversion 2.26). */
  tags?: string[];
}

/** A flavor (`GET /flavors/detail`). */
export interface NovaFlavor {
  /** Flavor id. */
  id: string;
  /** Flavor name, e.g. `m1.small`. */
  name: string;
  /** Memory in MiB. */
  ram: number;
  /** Root disk in GB (0: the image's size). */
  disk: number;
  /** Virtual CPUs. */
  vcpus: number;
  /** Swap in MiB; `""` when none. */
  swap?: number | '';
  /** Network bandwidth factor relative to the base flavor. */
  rxtx_factor?: number;
  /** Free-form description (microversion 2.55). */
  description?: string | null;
  /** Ephemeral disk in GB. */
  'OS-FLV-EXT-DATA:ephemeral'?: number;
  /** Whether the flavor is disabled. */
  'OS-FLV-DISABLED:disabled'?: boolean;
  /** Whether every project can use the flavor. */
  'os-flavor-access:is_public'?: boolean;
}

/** A key pair (`GET /os-keypairs` wraps each in `{keypair}`). */
export interface NovaKeyPair {
  /** Key pair name. */
  name: string;
  /** The public key. */
  public_key?: string;
  /** Fingerprint of the key. */
  fingerprint?: string;
  /** Only in the answer to a create without a public key (before microversion 2.92). */
  private_key?: string;
  /** `ssh` or `x509` (microversion 2.2). */
  type?: 'ssh' | 'x509';
  /** User who owns the key pair. */
  user_id?: string;
  /** Numeric id (in `GET /os-keypairs/{name}` only). */
  id?: number;
  /** When it was created, ISO 8601. */
  created_at?: string;
}

/** An availability zone (`GET /os-availability-zone`). */
export interface NovaAvailabilityZone {
  /** Zone name. */
  zoneName: string;
  /** The zone's state. */
  zoneState?: {
    /** Whether the zone accepts new servers. */
    available: boolean;
  };
  /** Hosts and services of the zone (administrators only); unused. */
  hosts?: unknown;
}

/** A Glance v2 image; custom properties appear as extra top-level keys. */
export interface GlanceImage {
  /** Image id (a UUID). */
  id: string;
  /** Image name, or null. */
  name: string | null;
  /** `queued`, `saving`, `active`, `killed`, `deleted`, `pending_delete`, `deactivated`, `importing`. */
  status: string;
  /** `public`, `community`, `shared` or `private`. */
  visibility?: string;
  /** Disk format: `qcow2`, `raw`, `vmdk`, `iso`, ... */
  disk_format?: string | null;
  /** Container format: `bare`, `ovf`, `docker`, ... */
  container_format?: string | null;
  /** Smallest root disk, in GB, needed to boot it. */
  min_disk?: number;
  /** Smallest memory, in MiB, needed to boot it. */
  min_ram?: number;
  /** Size of the image data in bytes. */
  size?: number | null;
  /** MD5 of the image data. */
  checksum?: string | null;
  /** Project that owns the image. */
  owner?: string | null;
  /** Whether the image is protected against deletion. */
  protected?: boolean;
  /** Image tags. */
  tags?: string[];
  /** When it was created, ISO 8601. */
  created_at?: string;
  /** When it last changed, ISO 8601. */
  updated_at?: string;
  [property: string]: unknown;
}

/** A Cinder volume attachment (`volume.attachments[]`). */
export interface CinderAttachment {
  /** The server the volume is attached to. */
  server_id: string;
  /** Id of the attachment. */
  attachment_id?: string;
  /** Device name on the server, e.g. `/dev/vdb`. */
  device?: string;
  /** The attached volume. */
  volume_id?: string;
  /** Compute host of the server (administrators only). */
  host_name?: string | null;
  /** Id of the attachment (older deployments). */
  id?: string;
}

/** A Cinder v3 volume. */
export interface CinderVolume {
  /** Volume id (a UUID). */
  id: string;
  /** Volume name, or null. */
  name: string | null;
  /** Size in GB. */
  size: number;
  /** `creating`, `available`, `in-use`, `attaching`, `detaching`, `error`, `deleting`, ... */
  status: string;
  /** Availability zone. */
  availability_zone?: string;
  /** When it was created, ISO 8601. */
  created_at?: string;
  /** Free-form description. */
  description?: string | null;
  /** Volume type name. */
  volume_type?: string | null;
  /** Whether a server can boot from it (`"true"`/`"false"`, or a boolean). */
  bootable?: string | boolean;
  /** Whether it is encrypted. */
  encrypted?: boolean;
  /** Whether it can be attached to several servers at once. */
  multiattach?: boolean;
  /** Snapshot it was created from. */
  snapshot_id?: string | null;
  /** Volume it was cloned from. */
  source_volid?: string | null;
  /** User metadata. */
  metadata?: Record<string, string>;
  /** Where it is attached. */
  attachments?: CinderAttachment[];
}

/** A Cinder v3 snapshot. */
export interface CinderSnapshot {
  /** Snapshot id (a UUID). */
  id: string;
  /** Snapshot name, or null. */
  name: string | null;
  /** Size in GB (that of the volume). */
  size: number;
  /** `creating`, `available`, `error`, `deleting`, ... */
  status: string;
  /** The volume it was taken of. */
  volume_id: string;
  /** When it was taken, ISO 8601. */
  created_at?: string;
  /** Free-form description. */
  description?: string | null;
  /** User metadata. */
  metadata?: Record<string, string>;
  /** Progress, e.g. `100%`. */
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
