/**
 * DigitalOcean API v2 payloads (as documented) and the typed `extra` of the value
 * objects the compute driver returns.
 */

/** A network interface address of a droplet. */
export interface DropletNetworkJson {
  ip_address: string;
  type: 'public' | 'private' | string;
  netmask?: string | number;
  gateway?: string | null;
}

/** A size (`/v2/sizes`, and inline in droplets). */
export interface SizeJson {
  slug: string;
  memory: number;
  vcpus: number;
  disk: number;
  /** Monthly transfer in TB. */
  transfer: number;
  price_monthly: number;
  price_hourly: number;
  regions: string[];
  available: boolean;
  description?: string;
}

/** An image (`/v2/images`, and inline in droplets). */
export interface ImageJson {
  id: number;
  name: string;
  type?: string;
  distribution?: string;
  slug?: string | null;
  public?: boolean;
  regions?: string[];
  created_at?: string;
  min_disk_size?: number | null;
  size_gigabytes?: number | null;
  description?: string;
  status?: string;
}

/** A region (`/v2/regions`, and inline in droplets and volumes). */
export interface RegionJson {
  slug: string;
  name: string;
  features?: string[];
  available?: boolean;
  sizes?: string[];
}

/** A droplet (`/v2/droplets`). */
export interface DropletJson {
  id: number;
  name: string;
  memory: number;
  vcpus: number;
  disk: number;
  locked: boolean;
  status: 'new' | 'active' | 'off' | 'archive' | string;
  created_at: string;
  features?: string[];
  backup_ids?: number[];
  snapshot_ids?: number[];
  image?: ImageJson;
  volume_ids?: string[];
  size?: SizeJson;
  size_slug: string;
  networks?: { v4?: DropletNetworkJson[]; v6?: DropletNetworkJson[] };
  region?: RegionJson;
  tags?: string[];
  vpc_uuid?: string;
}

/** An action (`/v2/actions/{id}`, droplet and volume actions). */
export interface ActionJson {
  id: number;
  status: 'in-progress' | 'completed' | 'errored' | string;
  type: string;
  started_at?: string;
  completed_at?: string | null;
  resource_id?: number | null;
  resource_type?: string;
  region_slug?: string | null;
}

/** A block storage volume (`/v2/volumes`). */
export interface VolumeJson {
  id: string;
  name: string;
  size_gigabytes: number;
  droplet_ids: number[] | null;
  description?: string;
  created_at?: string;
  region?: RegionJson;
  filesystem_type?: string;
  filesystem_label?: string;
  tags?: string[] | null;
}

/** A snapshot (volume snapshots; droplet snapshots have a numeric id and a `type`). */
export interface SnapshotJson {
  id: string | number;
  name: string;
  created_at: string;
  regions: string[];
  min_disk_size: number;
  size_gigabytes: number;
  resource_id?: string;
  resource_type?: 'droplet' | 'volume' | string;
  type?: 'snapshot' | 'backup' | string;
  tags?: string[] | null;
}

/** An SSH key (`/v2/account/keys`). */
export interface SshKeyJson {
  id: number;
  fingerprint: string;
  public_key: string;
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
