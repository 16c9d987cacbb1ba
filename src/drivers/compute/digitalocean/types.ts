/**
 * DigitalOcean API v2 payloads (as documented) and the typed `extra` of the value
 * objects the compute driver returns.
 */

/** A network interface address of a droplet. */
export interface DropletNetworkJson {
  /** The address. */
  ip_address: string;
  /** `public` or `private`. */
  type: 'public' | 'private' | string;
  /** Netmask (IPv4, dotted) or prefix length (IPv6). */
  netmask?: string | number;
  /** Gateway address. */
  gateway?: string | null;
}

/** A size (`/v2/sizes`, and inline in droplets). */
export interface SizeJson {
  /** Size slug, e.g. `s-1vcpu-1gb`. */
  slug: string;
  /** Memory in MB. */
  memory: number;
  /** Virtual CPUs. */
  vcpus: number;
  /** Disk in GB. */
  disk: number;
  /** Monthly transfer in TB. */
  transfer: number;
  /** Monthly price in US dollars. */
  price_monthly: number;
  /** Hourly price in US dollars. */
  price_hourly: number;
  /** Region slugs where the size can be created. */
  regions: string[];
  /** Whether droplets of this size can be created now. */
  available: boolean;
  /** Short description, e.g. `Basic`. */
  description?: string;
}

/** An image (`/v2/images`, and inline in droplets). */
export interface ImageJson {
  /** Image id. */
  id: number;
  /** Display name, e.g. `24.04 (LTS) x64`. */
  name: string;
  /** `base`, `snapshot`, `backup`, `custom` or `admin`. */
  type?: string;
  /** Distribution, e.g. `Ubuntu`. */
  distribution?: string;
  /** Slug of a public image, usable in place of the id; null for private images. */
  slug?: string | null;
  /** True for DigitalOcean's public images. */
  public?: boolean;
  /** Region slugs where the image can be used. */
  regions?: string[];
  /** When the image was created, ISO 8601. */
  created_at?: string;
  /** Smallest disk, in GB, a droplet needs to boot it. */
  min_disk_size?: number | null;
  /** Size of the image in GB. */
  size_gigabytes?: number | null;
  /** Free-form description. */
  description?: string;
  /** `NEW`, `available`, `pending`, `deleted` or `retired`. */
  status?: string;
}

/** A region (`/v2/regions`, and inline in droplets and volumes). */
export interface RegionJson {
  /** Region slug, e.g. `nyc3`. */
  slug: string;
  /** Display name, e.g. `New York 3`. */
  name: string;
  /** Features the region offers: `backups`, `ipv6`, `metadata`, ... */
  features?: string[];
  /** Whether new resources can be created in the region. */
  available?: boolean;
  /** Size slugs that can be created in the region. */
  sizes?: string[];
}

/** A droplet (`/v2/droplets`). */
export interface DropletJson {
  /** Droplet id. */
  id: number;
  /** The user's name for the droplet. */
  name: string;
  /** Memory in MB. */
  memory: number;
  /** Virtual CPUs. */
  vcpus: number;
  /** Disk in GB. */
  disk: number;
  /** True while the droplet is locked against user actions. */
  locked: boolean;
  /** `new`, `active`, `off` or `archive`. */
  status: 'new' | 'active' | 'off' | 'archive' | string;
  /** When the droplet was created, ISO 8601. */
  created_at: string;
  /** Enabled features: `backups`, `ipv6`, `monitoring`, `private_networking`, ... */
  features?: string[];
  /** Ids of its automated backup images. */
  backup_ids?: number[];
  /** Ids of its snapshot images. */
  snapshot_ids?: number[];
  /** The image it was built from. */
  image?: ImageJson;
  /** Ids of the attached volumes. */
  volume_ids?: string[];
  /** Its size. */
  size?: SizeJson;
  /** Its size slug. */
  size_slug: string;
  /** Its network interfaces. */
  networks?: {
    /** IPv4 interfaces. */
    v4?: DropletNetworkJson[];
    /** IPv6 interfaces. */
    v6?: DropletNetworkJson[];
  };
  /** Its region. */
  region?: RegionJson;
  /** Tag names. */
  tags?: string[];
  /** The VPC it is in. */
  vpc_uuid?: string;
}

/** An action (`/v2/actions/{id}`, droplet and volume actions). */
export interface ActionJson {
  /** Action id. */
  id: number;
  /** `in-progress`, `completed` or `errored`. */
  status: 'in-progress' | 'completed' | 'errored' | string;
  /** What the action does, e.g. `snapshot`, `power_off`, `attach`. */
  type: string;
  /** When it started, ISO 8601. */
  started_at?: string;
  /** When it finished, ISO 8601; null while in progress. */
  completed_at?: string | null;
  /** Id of the droplet or volume acted on. */
  resource_id?: number | null;
  /** `droplet`, `volume`, ... */
  resource_type?: string;
  /** Region of the resource. */
  region_slug?: string | null;
}

/** A block storage volume (`/v2/volumes`). */
export interface VolumeJson {
  /** Volume id (a UUID). */
  id: string;
  /** Volume name. */
  name: string;
  /** Size in GB. */
  size_gigabytes: number;
  /** Droplets it is attached to (at most one). */
  droplet_ids: number[] | null;
  /** Free-form description. */
  description?: string;
  /** When the volume was created, ISO 8601. */
  created_at?: string;
  /** Its region. */
  region?: RegionJson;
  /** Filesystem it was formatted with at creation (`ext4`, `xfs`). */
  filesystem_type?: string;
  /** Label of that filesystem. */
  filesystem_label?: string;
  /** Tag names. */
  tags?: string[] | null;
}

/** A snapshot (volume snapshots; droplet snapshots have a numeric id and a `type`). */
export interface SnapshotJson {
  /** Snapshot id. */
  id: string | number;
  /** Snapshot name. */
  name: string;
  /** When the snapshot was taken, ISO 8601. */
  created_at: string;
  /** Region slugs where it is available. */
  regions: string[];
  /** Smallest disk or volume, in GB, created from it. */
  min_disk_size: number;
  /** Stored size in GB. */
  size_gigabytes: number;
  /** Id of the droplet or volume it was taken of. */
  resource_id?: string;
  /** `droplet` or `volume`. */
  resource_type?: 'droplet' | 'volume' | string;
  /** `snapshot` or `backup`, for droplet images. */
  type?: 'snapshot' | 'backup' | string;
  /** Tag names. */
  tags?: string[] | null;
}

/** An SSH key (`/v2/account/keys`). */
export interface SshKeyJson {
  /** Key id. */
  id: number;
  /** MD5 fingerprint of the key, colon-separated hex. */
  fingerprint: string;
  /** The OpenSSH public key. */
  public_key: string;
  /** The user's name for the key. */
  name: string;
}

/** `extra` of a DigitalOcean node (droplet). */
export type DigitalOceanNodeExtra = {
  /** The droplet status as DigitalOcean reports it (`new`, `active`, `off`, `archive`). */
  status: string;
  /** Region slug (`region.slug`), e.g. `nyc3`; null when the droplet has no region. */
  region: string | null;
  /** Size slug (`size_slug`), e.g. `s-1vcpu-1gb`. */
  sizeSlug: string;
  /** Slug of the image it was built from (`image.slug`); null for snapshots and custom images. */
  imageSlug: string | null;
  /** Virtual CPUs (`vcpus`). */
  vcpus: number;
  /** MiB. */
  memory: number;
  /** GB. */
  disk: number;
  /** True while the droplet is locked against user actions (`locked`). */
  locked: boolean;
  /** Tag names (`tags`). */
  tags: string[];
  /** Enabled features (`features`): `backups`, `ipv6`, `monitoring`, `private_networking`, ... */
  features: string[];
  /** Ids of the block storage volumes attached (`volume_ids`). */
  volumeIds: string[];
  /** Ids of the automated backup images (`backup_ids`). */
  backupIds: number[];
  /** Ids of the snapshot images taken of it (`snapshot_ids`). */
  snapshotIds: number[];
  /** The VPC it is in (`vpc_uuid`), or null. */
  vpcUuid: string | null;
};

/** `extra` of a DigitalOcean size. */
export type DigitalOceanSizeExtra = {
  /** Monthly price in US dollars (`price_monthly`); the hourly one is `NodeSize.price`. */
  priceMonthly: number;
  /** Region slugs where the size can be created. */
  regions: string[];
  /** Whether droplets of this size can be created now (`available`). */
  available: boolean;
  /** DigitalOcean's short description (`description`), e.g. `Basic`; null when absent. */
  description: string | null;
};

/** `extra` of a DigitalOcean image. */
export type DigitalOceanImageExtra = {
  /** Slug of a public image (usable in place of the id), or null. */
  slug: string | null;
  /** Distribution name (`distribution`), e.g. `Ubuntu`; null when absent. */
  distribution: string | null;
  /** `base`, `snapshot`, `backup`, `custom` or `admin`. */
  type: string | null;
  /** True for DigitalOcean's public images, false for yours (`public`). */
  public: boolean;
  /** Region slugs where the image can be used (`regions`). */
  regions: string[];
  /** Smallest disk, in GB, a droplet needs to boot it (`min_disk_size`). */
  minDiskSize: number | null;
  /** Size of the image in GB (`size_gigabytes`). */
  sizeGigabytes: number | null;
  /** When the image was created (`created_at`). */
  createdAt: Date | null;
  /** `NEW`, `available`, `pending`, `deleted` or `retired` (`status`); null when absent. */
  status: string | null;
  /** Free-form description (`description`); null when absent. */
  description: string | null;
};

/** `extra` of a DigitalOcean region. */
export type DigitalOceanLocationExtra = {
  /** Features the region offers (`features`): `backups`, `ipv6`, `metadata`, `install_agent`, ... */
  features: string[];
  /** Whether new resources can be created in the region (`available`). */
  available: boolean;
  /** Size slugs that can be created in the region (`sizes`). */
  sizes: string[];
};

/** `extra` of a DigitalOcean volume. */
export type DigitalOceanVolumeExtra = {
  /** Region slug (`region.slug`); null when absent. */
  region: string | null;
  /** Droplets it is attached to (at most one). */
  dropletIds: number[];
  /** Free-form description (`description`); null when empty. */
  description: string | null;
  /** Filesystem the volume was formatted with at creation (`filesystem_type`, `ext4` or `xfs`); null when unformatted. */
  filesystemType: string | null;
  /** Label of that filesystem (`filesystem_label`); null when none. */
  filesystemLabel: string | null;
  /** When the volume was created (`created_at`). */
  createdAt: Date | null;
  /** Tag names (`tags`). */
  tags: string[];
};

/** `extra` of a DigitalOcean volume snapshot. */
export type DigitalOceanSnapshotExtra = {
  /** Id of the volume (or droplet) the snapshot was taken from (`resource_id`). */
  resourceId: string | null;
  /** `volume` or `droplet` (`resource_type`). */
  resourceType: string | null;
  /** Region slugs where the snapshot is available (`regions`). */
  regions: string[];
  /** Smallest size, in GB, of a volume created from it (`min_disk_size`). */
  minDiskSize: number;
  /** Tag names (`tags`). */
  tags: string[];
};

/** `extra` of a DigitalOcean SSH key. */
export type DigitalOceanKeyPairExtra = Record<string, never>;
