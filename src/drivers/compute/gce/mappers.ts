/**
 * Compute Engine payloads → compute value objects. A malformed item (no id, name or
 * status) is a MalformedResponseError naming the provider and the field.
 */
import { MalformedResponseError } from '../../../common/errors/index.js';
import { Node, NodeImage, NodeLocation, NodeSize, NodeState, StorageVolume, StorageVolumeState, type NodeDriver } from '../base.js';
import type {
  DiskJson,
  FirewallJson,
  GceFirewall,
  GceImageExtra,
  GceLocationExtra,
  GceNetwork,
  GceNodeExtra,
  GceSizeExtra,
  GceVolumeExtra,
  ImageJson,
  InstanceJson,
  MachineTypeJson,
  NetworkJson,
  ZoneJson,
} from './types.js';

const PROVIDER = 'gce';

/**
 * Instance status → node state. Every documented status maps
 * (https://cloud.google.com/compute/docs/instances/instance-life-cycle): GCE's
 * `TERMINATED` is a stopped VM that can be started again, not a deleted one;
 * `SUSPENDED` keeps memory (paused); `REPAIRING` is Google fixing the host.
 */
const INSTANCE_STATES: Readonly<Record<string, NodeState>> = {
  PROVISIONING: NodeState.PENDING,
  STAGING: NodeState.STARTING,
  RUNNING: NodeState.RUNNING,
  STOPPING: NodeState.STOPPING,
  STOPPED: NodeState.STOPPED,
  SUSPENDING: NodeState.STOPPING,
  SUSPENDED: NodeState.PAUSED,
  REPAIRING: NodeState.UPDATING,
  TERMINATED: NodeState.STOPPED,
};

/** The documented instance statuses. */
export const GCE_INSTANCE_STATUSES: readonly string[] = Object.keys(INSTANCE_STATES);

/** The node state of an instance status (UNKNOWN only for a status GCE adds later). */
export function instanceState(status: string): NodeState {
  return INSTANCE_STATES[status] ?? NodeState.UNKNOWN;
}

/** Disk status → volume state (CREATING, RESTORING, FAILED, READY, DELETING). */
const DISK_STATES: Readonly<Record<string, StorageVolumeState>> = {
  CREATING: StorageVolumeState.CREATING,
  RESTORING: StorageVolumeState.CREATING,
  FAILED: StorageVolumeState.ERROR,
  READY: StorageVolumeState.AVAILABLE,
  DELETING: StorageVolumeState.DELETING,
};

/** Country of a zone's region, by the region's first part (`europe-west1` → not one country: ''). */
const REGION_COUNTRIES: Readonly<Record<string, string>> = {
  'us-central1': 'US',
  'us-east1': 'US',
  'us-east4': 'US',
  'us-east5': 'US',
  'us-south1': 'US',
  'us-west1': 'US',
  'us-west2': 'US',
  'us-west3': 'US',
  'us-west4': 'US',
  'europe-west1': 'BE',
  'europe-west2': 'GB',
  'europe-west3': 'DE',
  'europe-west4': 'NL',
  'europe-west6': 'CH',
  'europe-west8': 'IT',
  'europe-west9': 'FR',
  'europe-west10': 'DE',
  'europe-west12': 'IT',
  'europe-north1': 'FI',
  'europe-central2': 'PL',
  'europe-southwest1': 'ES',
  'asia-east1': 'TW',
  'asia-east2': 'HK',
  'asia-northeast1': 'JP',
  'asia-northeast2': 'JP',
  'asia-northeast3': 'KR',
  'asia-south1': 'IN',
  'asia-south2': 'IN',
  'asia-southeast1': 'SG',
  'asia-southeast2': 'ID',
  'australia-southeast1': 'AU',
  'australia-southeast2': 'AU',
  'northamerica-northeast1': 'CA',
  'northamerica-northeast2': 'CA',
  'southamerica-east1': 'BR',
  'southamerica-west1': 'CL',
  'me-west1': 'IL',
  'me-central1': 'QA',
  'africa-south1': 'ZA',
};

/** The last path segment of a GCE URL (`…/zones/europe-west1-b` → `europe-west1-b`). */
export function lastSegment(url: string | undefined): string | undefined {
  if (url === undefined || url === '') return undefined;
  const parts = url.split('/');
  return parts[parts.length - 1] || undefined;
}

/** The path of a GCE URL from `projects/` on (`https://…/compute/v1/projects/p/zones/z` → `projects/p/zones/z`). */
export function resourcePath(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  const at = url.indexOf('projects/');
  return at >= 0 ? url.slice(at) : undefined;
}

/** The value of `/projects/{p}/` in a GCE URL. */
export function projectOf(url: string | undefined): string | undefined {
  const match = url === undefined ? null : /(?:^|\/)projects\/([^/]+)/.exec(url);
  return match?.[1];
}

function need(item: Record<string, unknown> | null | undefined, fieldName: string, what: string): string {
  const value = item?.[fieldName];
  if (typeof value === 'string' && value !== '') return value;
  if (typeof value === 'number' && fieldName === 'id') return String(value);
  throw new MalformedResponseError(`GCE ${what}: the "${fieldName}" field is missing or not a string`, { provider: PROVIDER });
}

function date(value: string | undefined): Date | undefined {
  if (value === undefined) return undefined;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

function int(value: string | number | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? n : undefined;
}

/** An instance → Node (ids stay strings: they are uint64). */
export function toNode(json: InstanceJson, driver: NodeDriver): Node<GceNodeExtra> {
  const id = need(json as unknown as Record<string, unknown>, 'id', 'instance');
  const name = need(json as unknown as Record<string, unknown>, 'name', 'instance');
  const status = need(json as unknown as Record<string, unknown>, 'status', `instance ${name}`);
  const zone = lastSegment(json.zone);
  if (zone === undefined) throw new MalformedResponseError(`GCE instance ${name}: the "zone" field is missing`, { provider: PROVIDER });
  const publicIps: string[] = [];
  const privateIps: string[] = [];
  for (const nic of json.networkInterfaces ?? []) {
    if (nic.networkIP) privateIps.push(nic.networkIP);
    for (const ac of nic.accessConfigs ?? []) if (ac.natIP) publicIps.push(ac.natIP);
  }
  const metadata: Record<string, string> = {};
  for (const item of json.metadata?.items ?? []) if (item.key) metadata[item.key] = item.value ?? '';
  const machineType = lastSegment(json.machineType);
  const extra: GceNodeExtra = {
    zone,
    machineType,
    status,
    statusMessage: json.statusMessage,
    labels: { ...(json.labels ?? {}) },
    labelFingerprint: json.labelFingerprint,
    tags: [...(json.tags?.items ?? [])],
    metadata,
    disks: (json.disks ?? []).map((d) => ({ deviceName: d.deviceName, boot: d.boot === true, source: lastSegment(d.source), autoDelete: d.autoDelete === true })),
    serviceAccounts: (json.serviceAccounts ?? []).map((s) => ({ email: s.email, scopes: [...(s.scopes ?? [])] })),
    preemptible: json.scheduling?.preemptible === true || json.scheduling?.provisioningModel === 'SPOT',
    provisioningModel: json.scheduling?.provisioningModel,
    cpuPlatform: json.cpuPlatform,
    selfLink: json.selfLink,
    description: json.description,
  };
  return new Node<GceNodeExtra>(
    {
      id,
      name,
      state: instanceState(status),
      publicIps,
      privateIps,
      ...(machineType !== undefined ? { size: machineType } : {}),
      ...(date(json.creationTimestamp) ? { createdAt: date(json.creationTimestamp)! } : {}),
      extra,
    },
    driver,
  );
}

/** A machine type → NodeSize (id = name; RAM in MB; no disk: GCE disks are separate). */
export function toSize(json: MachineTypeJson, driver: NodeDriver): NodeSize<GceSizeExtra> {
  const name = need(json as unknown as Record<string, unknown>, 'name', 'machine type');
  const memory = int(json.memoryMb);
  if (memory === undefined) throw new MalformedResponseError(`GCE machine type ${name}: the "memoryMb" field is missing`, { provider: PROVIDER });
  return new NodeSize<GceSizeExtra>(
    {
      id: name,
      name,
      ram: memory,
      disk: 0,
      ...(json.guestCpus !== undefined ? { vcpus: json.guestCpus } : {}),
      extra: {
        zone: json.zone === undefined ? undefined : lastSegment(json.zone) ?? json.zone,
        description: json.description,
        maximumPersistentDisks: json.maximumPersistentDisks,
        isSharedCpu: json.isSharedCpu === true,
        deprecated: json.deprecated?.state ?? 'ACTIVE',
      },
    },
    driver,
  );
}

/**
 * An image → NodeImage. Its id is the image's path (`projects/debian-cloud/global/images/debian-12-bookworm-v20250101`),
 * which `createNode` accepts as is; the numeric id is `extra.imageId`.
 */
export function toImage(json: ImageJson, project: string, driver: NodeDriver): NodeImage<GceImageExtra> {
  const name = need(json as unknown as Record<string, unknown>, 'name', 'image');
  const imageId = need(json as unknown as Record<string, unknown>, 'id', `image ${name}`);
  const owner = projectOf(json.selfLink) ?? project;
  return new NodeImage<GceImageExtra>(
    {
      id: `projects/${owner}/global/images/${name}`,
      name,
      extra: {
        project: owner,
        family: json.family,
        deprecated: json.deprecated?.state ?? 'ACTIVE',
        replacement: json.deprecated?.replacement === undefined ? undefined : resourcePath(json.deprecated.replacement) ?? json.deprecated.replacement,
        imageId,
        description: json.description,
        diskSizeGb: int(json.diskSizeGb),
        architecture: json.architecture,
        status: json.status,
        selfLink: json.selfLink,
      },
    },
    driver,
  );
}

/** A zone → NodeLocation (id and name = zone name; region in `extra`). */
export function toLocation(json: ZoneJson, driver: NodeDriver): NodeLocation<GceLocationExtra> {
  const name = need(json as unknown as Record<string, unknown>, 'name', 'zone');
  const region = lastSegment(json.region) ?? name.replace(/-[a-z]$/, '');
  return new NodeLocation<GceLocationExtra>(
    {
      id: name,
      name,
      country: REGION_COUNTRIES[region] ?? '',
      extra: { region, status: json.status, description: json.description, availableCpuPlatforms: [...(json.availableCpuPlatforms ?? [])] },
    },
    driver,
  );
}

/** A disk → StorageVolume (size in GB; attached disks are INUSE). */
export function toVolume(json: DiskJson, driver: NodeDriver): StorageVolume<GceVolumeExtra> {
  const name = need(json as unknown as Record<string, unknown>, 'name', 'disk');
  const id = need(json as unknown as Record<string, unknown>, 'id', `disk ${name}`);
  const zone = lastSegment(json.zone);
  if (zone === undefined) throw new MalformedResponseError(`GCE disk ${name}: the "zone" field is missing`, { provider: PROVIDER });
  const users = (json.users ?? []).map((u) => lastSegment(u) ?? u);
  let state = DISK_STATES[json.status ?? ''] ?? StorageVolumeState.UNKNOWN;
  if (state === StorageVolumeState.AVAILABLE && users.length > 0) state = StorageVolumeState.INUSE;
  return new StorageVolume<GceVolumeExtra>(
    {
      id,
      name,
      size: int(json.sizeGb) ?? 0,
      state,
      extra: {
        zone,
        type: lastSegment(json.type),
        status: json.status,
        users,
        labels: { ...(json.labels ?? {}) },
        sourceImage: resourcePath(json.sourceImage) ?? json.sourceImage,
        sourceSnapshot: resourcePath(json.sourceSnapshot) ?? json.sourceSnapshot,
        selfLink: json.selfLink,
      },
    },
    driver,
  );
}

/** A firewall → {@link GceFirewall}. */
export function toFirewall(json: FirewallJson): GceFirewall {
  const name = need(json as unknown as Record<string, unknown>, 'name', 'firewall');
  return {
    id: need(json as unknown as Record<string, unknown>, 'id', `firewall ${name}`),
    name,
    network: lastSegment(json.network),
    direction: json.direction,
    priority: json.priority,
    disabled: json.disabled === true,
    sourceRanges: [...(json.sourceRanges ?? [])],
    targetTags: [...(json.targetTags ?? [])],
    allowed: (json.allowed ?? []).map((a) => ({ protocol: a.IPProtocol, ports: [...(a.ports ?? [])] })),
    denied: (json.denied ?? []).map((a) => ({ protocol: a.IPProtocol, ports: [...(a.ports ?? [])] })),
  };
}

/** A network → {@link GceNetwork}. */
export function toNetwork(json: NetworkJson): GceNetwork {
  const name = need(json as unknown as Record<string, unknown>, 'name', 'network');
  return {
    id: need(json as unknown as Record<string, unknown>, 'id', `network ${name}`),
    name,
    autoCreateSubnetworks: json.autoCreateSubnetworks === true,
    subnetworks: (json.subnetworks ?? []).map((s) => resourcePath(s)?.replace(/^projects\/[^/]+\//, '') ?? s),
    mtu: json.mtu,
    description: json.description,
  };
}
