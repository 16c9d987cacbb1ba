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
  addr: string;
  version: 4 | 6;
  'OS-EXT-IPS:type'?: 'fixed' | 'floating';
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
  vmState: string | undefined;
  powerState: number | undefined;
  availabilityZone: string | undefined;
  keyName: string | null;
  metadata: Record<string, string>;
  /** Flavor id (before microversion 2.47) or name (from 2.47). */
  flavorId: string | undefined;
  /** Undefined for a server booted from a volume. */
  imageId: string | undefined;
  projectId: string | undefined;
  userId: string | undefined;
  hostId: string | undefined;
  updatedAt: Date | undefined;
  /** Addresses per network, as Nova lists them. */
  addresses: Record<string, NovaAddress[]>;
  securityGroups: string[];
  /** Ids of the volumes attached. */
  volumesAttached: string[];
  progress: number | undefined;
  /** The error that put the server in ERROR, when there is one. */
  fault: { code: number; message: string } | undefined;
  tags: string[];
  description: string | undefined;
  locked: boolean | undefined;
  /**
   * The administrator password Nova generated, on the node `createNode` returns (when
   * the cloud generates one). Non-enumerable: it never shows in `JSON.stringify(node)`.
   */
  readonly adminPass?: string;
};

/** `size.extra` of a flavor. */
export type OpenStackSizeExtra = {
  ephemeral: number;
  /** Swap in MiB (0 when none). */
  swap: number;
  rxtxFactor: number | undefined;
  isPublic: boolean | undefined;
  disabled: boolean | undefined;
  description: string | undefined;
};

/** `image.extra` of a Glance image. */
export type OpenStackImageExtra = {
  /** `queued`, `saving`, `active`, `killed`, `deleted`, `pending_delete`, `deactivated`, `importing`. */
  status: string;
  visibility: string | undefined;
  diskFormat: string | undefined;
  containerFormat: string | undefined;
  minDisk: number | undefined;
  minRam: number | undefined;
  size: number | undefined;
  checksum: string | undefined;
  owner: string | undefined;
  protected: boolean | undefined;
  tags: string[];
  createdAt: Date | undefined;
  updatedAt: Date | undefined;
  /** Custom image properties (`os_distro`, `hw_disk_bus`, ...). */
  properties: Record<string, unknown>;
};

/** `location.extra` of an availability zone. */
export type OpenStackLocationExtra = {
  available: boolean | undefined;
  /** The region the driver is configured for, if any. */
  region: string | undefined;
};

/** `volume.extra` of a Cinder volume. */
export type OpenStackVolumeExtra = {
  /** Cinder's own status (`available`, `in-use`, `error_deleting`, ...). */
  status: string;
  availabilityZone: string | undefined;
  createdAt: Date | undefined;
  description: string | undefined;
  volumeType: string | undefined;
  bootable: boolean;
  encrypted: boolean | undefined;
  multiattach: boolean | undefined;
  snapshotId: string | undefined;
  sourceVolumeId: string | undefined;
  metadata: Record<string, string>;
  attachments: { serverId: string; device: string | undefined; attachmentId: string | undefined }[];
};

/** `snapshot.extra` of a Cinder snapshot. */
export type OpenStackSnapshotExtra = {
  status: string;
  volumeId: string;
  description: string | undefined;
  progress: string | undefined;
  metadata: Record<string, string>;
};

/** `keyPair.extra` of a Nova key pair. */
export type OpenStackKeyPairExtra = {
  type: string | undefined;
  userId: string | undefined;
  createdAt: Date | undefined;
};
