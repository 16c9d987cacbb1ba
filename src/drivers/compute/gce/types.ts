/**
 * Compute Engine API v1 payloads (only the fields nubes reads) and the `extra` types of
 * the GCE value objects. Shapes: https://cloud.google.com/compute/docs/reference/rest/v1
 */

/** A `warning` of a list response or of one scope of an aggregated list. */
export interface WarningJson {
  /** `NO_RESULTS_ON_PAGE`, `UNREACHABLE`, `DEPRECATED_RESOURCE_USED`, ... */
  code?: string;
  message?: string;
  data?: { key?: string; value?: string }[];
}

/** A list page: `{items, nextPageToken, warning}`. */
export interface ListJson<T> {
  kind?: string;
  items?: T[];
  nextPageToken?: string;
  warning?: WarningJson;
}

/** An aggregated list page: one entry per scope (`zones/europe-west1-b`, `regions/…`). */
export interface AggregatedListJson<K extends string, T> {
  kind?: string;
  items?: Record<string, Partial<Record<K, T[]>> & { warning?: WarningJson }>;
  nextPageToken?: string;
  /** Scopes that could not be reached (with `returnPartialSuccess=true`). */
  unreachables?: string[];
  warning?: WarningJson;
}

/** `instances` resource. */
export interface InstanceJson {
  kind?: string;
  /** uint64 as a string. */
  id: string;
  name: string;
  description?: string;
  status: string;
  statusMessage?: string;
  /** Full URL; the last segment is the machine type name. */
  machineType?: string;
  /** Full URL of the zone. */
  zone?: string;
  creationTimestamp?: string;
  selfLink?: string;
  cpuPlatform?: string;
  labels?: Record<string, string>;
  labelFingerprint?: string;
  tags?: { items?: string[]; fingerprint?: string };
  networkInterfaces?: {
    name?: string;
    network?: string;
    subnetwork?: string;
    networkIP?: string;
    ipv6Address?: string;
    accessConfigs?: { type?: string; name?: string; natIP?: string; networkTier?: string }[];
  }[];
  disks?: { deviceName?: string; boot?: boolean; source?: string; autoDelete?: boolean; mode?: string; type?: string; diskSizeGb?: string }[];
  metadata?: { fingerprint?: string; items?: { key: string; value?: string }[] };
  serviceAccounts?: { email?: string; scopes?: string[] }[];
  scheduling?: { preemptible?: boolean; provisioningModel?: string; automaticRestart?: boolean; onHostMaintenance?: string; instanceTerminationAction?: string };
}

/** `operations` resource (zone, region or global). */
export interface OperationJson {
  kind?: string;
  id?: string;
  name: string;
  operationType?: string;
  status: 'PENDING' | 'RUNNING' | 'DONE' | string;
  progress?: number;
  targetLink?: string;
  targetId?: string;
  selfLink?: string;
  zone?: string;
  region?: string;
  httpErrorStatusCode?: number;
  httpErrorMessage?: string;
  error?: { errors?: { code?: string; message?: string; location?: string }[] };
  warnings?: WarningJson[];
}

/** `machineTypes` resource. */
export interface MachineTypeJson {
  id: string;
  name: string;
  description?: string;
  guestCpus?: number;
  memoryMb?: number;
  maximumPersistentDisks?: number;
  maximumPersistentDisksSizeGb?: string;
  zone?: string;
  isSharedCpu?: boolean;
  deprecated?: DeprecationJson;
}

/** Deprecation status of an image or machine type. */
export interface DeprecationJson {
  /** `ACTIVE`, `DEPRECATED`, `OBSOLETE` or `DELETED`. */
  state?: string;
  replacement?: string;
  deprecated?: string;
  obsolete?: string;
  deleted?: string;
}

/** `images` resource. */
export interface ImageJson {
  id: string;
  name: string;
  description?: string;
  family?: string;
  status?: string;
  diskSizeGb?: string;
  archiveSizeBytes?: string;
  architecture?: string;
  creationTimestamp?: string;
  selfLink?: string;
  licenses?: string[];
  labels?: Record<string, string>;
  deprecated?: DeprecationJson;
}

/** `zones` resource. */
export interface ZoneJson {
  id: string;
  name: string;
  description?: string;
  status?: string;
  /** Full URL of the region. */
  region?: string;
  availableCpuPlatforms?: string[];
  deprecated?: DeprecationJson;
}

/** `disks` resource. */
export interface DiskJson {
  id: string;
  name: string;
  description?: string;
  /** int64 as a string, in GB. */
  sizeGb?: string;
  /** `CREATING`, `RESTORING`, `FAILED`, `READY`, `DELETING`. */
  status?: string;
  zone?: string;
  type?: string;
  sourceImage?: string;
  sourceSnapshot?: string;
  /** Instances the disk is attached to (full URLs). */
  users?: string[];
  labels?: Record<string, string>;
  creationTimestamp?: string;
  selfLink?: string;
}

/** `firewalls` resource. */
export interface FirewallJson {
  id: string;
  name: string;
  description?: string;
  network?: string;
  priority?: number;
  direction?: string;
  disabled?: boolean;
  sourceRanges?: string[];
  destinationRanges?: string[];
  sourceTags?: string[];
  targetTags?: string[];
  allowed?: { IPProtocol: string; ports?: string[] }[];
  denied?: { IPProtocol: string; ports?: string[] }[];
  selfLink?: string;
}

/** `networks` resource. */
export interface NetworkJson {
  id: string;
  name: string;
  description?: string;
  autoCreateSubnetworks?: boolean;
  subnetworks?: string[];
  mtu?: number;
  routingConfig?: { routingMode?: string };
  selfLink?: string;
}

/** `serialPortOutput` of `instances.getSerialPortOutput`. */
export interface SerialPortOutputJson {
  contents?: string;
  start?: string;
  next?: string;
}

// ---------------------------------------------------------------------------
// extra types

/** `extra` of a GCE node. */
export type GceNodeExtra = {
  /** Zone name (`europe-west1-b`). */
  zone: string;
  /** Machine type name (`e2-medium`). */
  machineType: string | undefined;
  /** The GCE status as sent (`TERMINATED`, `SUSPENDED`, ...). */
  status: string;
  /** `statusMessage`, when GCE gives one. */
  statusMessage: string | undefined;
  /** Labels (`key: value`). */
  labels: Record<string, string>;
  /** Needed by `setLabels`. */
  labelFingerprint: string | undefined;
  /** Network tags. */
  tags: string[];
  /** Metadata items (`startup-script`, `ssh-keys`, ...). */
  metadata: Record<string, string>;
  /** Attached disks. */
  disks: {
    /** The device name inside the VM (`persistent-disk-0`). */
    deviceName: string | undefined;
    /** True for the boot disk. */
    boot: boolean;
    /** The disk's name. */
    source: string | undefined;
    /** Deleted with the instance. */
    autoDelete: boolean;
  }[];
  /** Service accounts and their scopes. */
  serviceAccounts: {
    /** The service account's e-mail. */
    email: string | undefined;
    /** Its OAuth scopes on the VM. */
    scopes: string[];
  }[];
  /** `preemptible` or `provisioningModel === 'SPOT'`. */
  preemptible: boolean;
  /** `STANDARD` or `SPOT`. */
  provisioningModel: string | undefined;
  /** The CPU platform (`Intel Broadwell`). */
  cpuPlatform: string | undefined;
  /** The resource URL. */
  selfLink: string | undefined;
  /** The description, if any. */
  description: string | undefined;
};

/** `extra` of a machine type. */
export type GceSizeExtra = {
  /** Zone name (`europe-west1-b`). */
  zone: string | undefined;
  /** The description, if any. */
  description: string | undefined;
  /** How many disks it can attach. */
  maximumPersistentDisks: number | undefined;
  /** A shared-core type (e2-micro, e2-small, ...). */
  isSharedCpu: boolean;
  /** Deprecation state (`ACTIVE` when not deprecated). */
  deprecated: string;
};

/** `extra` of an image. */
export type GceImageExtra = {
  /** The project the image lives in (`debian-cloud`, or yours). */
  project: string;
  /** The image family (`debian-12`); create from the family to get its latest image. */
  family: string | undefined;
  /** `ACTIVE`, `DEPRECATED`, `OBSOLETE` or `DELETED`. */
  deprecated: string;
  /** The suggested replacement of a deprecated image. */
  replacement: string | undefined;
  /** The numeric id. */
  imageId: string;
  /** The description, if any. */
  description: string | undefined;
  /** The boot disk size the image needs, in GB. */
  diskSizeGb: number | undefined;
  /** `X86_64` or `ARM64`. */
  architecture: string | undefined;
  /** The GCE status as sent. */
  status: string | undefined;
  /** The resource URL. */
  selfLink: string | undefined;
};

/** `extra` of a zone. */
export type GceLocationExtra = {
  /** The region (`europe-west1`). */
  region: string | undefined;
  /** `UP` or `DOWN`. */
  status: string | undefined;
  /** The description, if any. */
  description: string | undefined;
  /** CPU platforms offered in the zone. */
  availableCpuPlatforms: string[];
};

/** `extra` of a disk. */
export type GceVolumeExtra = {
  /** Zone name (`europe-west1-b`). */
  zone: string;
  /** Disk type name (`pd-balanced`). */
  type: string | undefined;
  /** The GCE status as sent. */
  status: string | undefined;
  /** Names of the instances the disk is attached to. */
  users: string[];
  /** Labels (`key: value`). */
  labels: Record<string, string>;
  /** The image the disk was made from (path). */
  sourceImage: string | undefined;
  /** The snapshot the disk was made from (path). */
  sourceSnapshot: string | undefined;
  /** The resource URL. */
  selfLink: string | undefined;
};

/** A firewall rule, as `exListFirewalls` returns it. */
export interface GceFirewall {
  /** Numeric id (a string). */
  id: string;
  /** The name. */
  name: string;
  /** Network name. */
  network: string | undefined;
  /** `INGRESS` or `EGRESS`. */
  direction: string | undefined;
  /** 0 (first) to 65535. */
  priority: number | undefined;
  /** True when the rule is off. */
  disabled: boolean;
  /** CIDR ranges the rule applies to. */
  sourceRanges: string[];
  /** Network tags of the instances it applies to (empty: all). */
  targetTags: string[];
  /** What the rule allows. */
  allowed: GceFirewallRule[];
  /** What the rule denies. */
  denied: GceFirewallRule[];
}

/** One protocol entry of a firewall rule. */
export interface GceFirewallRule {
  /** `tcp`, `udp`, `icmp`, `all`, or a protocol number. */
  protocol: string;
  /** Ports and ranges (`22`, `8000-8080`); empty means all. */
  ports: string[];
}

/** A VPC network, as `exListNetworks` returns it. */
export interface GceNetwork {
  /** Numeric id (a string). */
  id: string;
  /** The name. */
  name: string;
  /** Auto mode (one subnetwork per region). */
  autoCreateSubnetworks: boolean;
  /** Subnetwork paths (`regions/europe-west1/subnetworks/default`). */
  subnetworks: string[];
  /** Maximum transmission unit. */
  mtu: number | undefined;
  /** The description, if any. */
  description: string | undefined;
}

/**
 * A partial result: a listing left something out. `UNREACHABLE` — a zone or region that
 * did not answer (`unreachables` of an aggregated list) — means the listing is incomplete,
 * not empty. Other codes are the warnings GCE attaches to a scope or a page.
 */
export interface GcePartialResultWarning {
  /** `UNREACHABLE` for an unreachable scope, else GCE's warning code. */
  code: string;
  /** The scope (`zones/us-central1-a`) when known. */
  scope: string | undefined;
  /** A readable message. */
  message: string;
  /** What was being listed (`instances`, `disks`, `machineTypes`). */
  listing: string;
}
