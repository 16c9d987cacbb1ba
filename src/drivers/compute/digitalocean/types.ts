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
  region: string | null;
  sizeSlug: string;
  imageSlug: string | null;
  vcpus: number;
  /** MiB. */
  memory: number;
  /** GB. */
  disk: number;
  locked: boolean;
  tags: string[];
  features: string[];
  volumeIds: string[];
  backupIds: number[];
  snapshotIds: number[];
  vpcUuid: string | null;
};

/** `extra` of a DigitalOcean size. */
export type DigitalOceanSizeExtra = {
  priceMonthly: number;
  /** Region slugs where the size can be created. */
  regions: string[];
  available: boolean;
  description: string | null;
};

/** `extra` of a DigitalOcean image. */
export type DigitalOceanImageExtra = {
  /** Slug of a public image (usable in place of the id), or null. */
  slug: string | null;
  distribution: string | null;
  /** `base`, `snapshot`, `backup`, `custom` or `admin`. */
  type: string | null;
  public: boolean;
  regions: string[];
  minDiskSize: number | null;
  sizeGigabytes: number | null;
  createdAt: Date | null;
  status: string | null;
  description: string | null;
};

/** `extra` of a DigitalOcean region. */
export type DigitalOceanLocationExtra = {
  features: string[];
  available: boolean;
  sizes: string[];
};

/** `extra` of a DigitalOcean volume. */
export type DigitalOceanVolumeExtra = {
  region: string | null;
  /** Droplets it is attached to (at most one). */
  dropletIds: number[];
  description: string | null;
  filesystemType: string | null;
  filesystemLabel: string | null;
  createdAt: Date | null;
  tags: string[];
};

/** `extra` of a DigitalOcean volume snapshot. */
export type DigitalOceanSnapshotExtra = {
  resourceId: string | null;
  resourceType: string | null;
  regions: string[];
  minDiskSize: number;
  tags: string[];
};

/** `extra` of a DigitalOcean SSH key. */
export type DigitalOceanKeyPairExtra = Record<string, never>;
