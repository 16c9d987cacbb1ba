/**
 * Mapping from Nova, Glance and Cinder payloads to the compute value types, and the
 * state tables.
 */
import { defineMapper } from '../../../common/payload.js';
import { isIP } from '../../../common/builtins.js';
import {
  KeyPair,
  Node,
  NodeImage,
  NodeLocation,
  NodeSize,
  NodeState,
  StorageVolume,
  StorageVolumeState,
  VolumeSnapshot,
  VolumeSnapshotState,
  type NodeDriver,
} from '../base.js';
import type {
  CinderSnapshot,
  CinderVolume,
  GlanceImage,
  NovaAvailabilityZone,
  NovaFlavor,
  NovaKeyPair,
  NovaLink,
  NovaServer,
  OpenStackImageExtra,
  OpenStackKeyPairExtra,
  OpenStackLocationExtra,
  OpenStackNodeExtra,
  OpenStackSizeExtra,
  OpenStackSnapshotExtra,
  OpenStackVolumeExtra,
} from './types.js';

/**
 * Nova server status → NodeState (https://docs.openstack.org/api-guide/compute/server_concepts.html).
 * A task in progress refines it: `powering-on` is STARTING, `powering-off` STOPPING.
 */
export const NOVA_STATES: Readonly<Record<string, NodeState>> = {
  ACTIVE: NodeState.RUNNING,
  BUILD: NodeState.PENDING,
  REBUILD: NodeState.PENDING,
  PASSWORD: NodeState.PENDING,
  RESCUE: NodeState.PENDING,
  REBOOT: NodeState.REBOOTING,
  HARD_REBOOT: NodeState.REBOOTING,
  RESIZE: NodeState.RECONFIGURING,
  REVERT_RESIZE: NodeState.RECONFIGURING,
  VERIFY_RESIZE: NodeState.RUNNING,
  MIGRATING: NodeState.MIGRATING,
  SHUTOFF: NodeState.STOPPED,
  STOPPED: NodeState.STOPPED,
  SHELVED: NodeState.STOPPED,
  SHELVED_OFFLOADED: NodeState.STOPPED,
  SUSPENDED: NodeState.SUSPENDED,
  PAUSED: NodeState.PAUSED,
  ERROR: NodeState.ERROR,
  DELETED: NodeState.TERMINATED,
  SOFT_DELETED: NodeState.TERMINATED,
  UNKNOWN: NodeState.UNKNOWN,
};

/** The NodeState of a server. */
export function nodeState(status: string, taskState?: string | null): NodeState {
  if (taskState === 'powering-on') return NodeState.STARTING;
  if (taskState === 'powering-off') return NodeState.STOPPING;
  return NOVA_STATES[status.toUpperCase()] ?? NodeState.UNKNOWN;
}

/** Cinder volume status → StorageVolumeState. */
export const CINDER_VOLUME_STATES: Readonly<Record<string, StorageVolumeState>> = {
  creating: StorageVolumeState.CREATING,
  downloading: StorageVolumeState.CREATING,
  available: StorageVolumeState.AVAILABLE,
  reserved: StorageVolumeState.ATTACHING,
  attaching: StorageVolumeState.ATTACHING,
  detaching: StorageVolumeState.UPDATING,
  'in-use': StorageVolumeState.INUSE,
  maintenance: StorageVolumeState.UPDATING,
  deleting: StorageVolumeState.DELETING,
  deleted: StorageVolumeState.DELETED,
  'backing-up': StorageVolumeState.BACKUP,
  'restoring-backup': StorageVolumeState.UPDATING,
  uploading: StorageVolumeState.UPDATING,
  retyping: StorageVolumeState.UPDATING,
  extending: StorageVolumeState.UPDATING,
  'awaiting-transfer': StorageVolumeState.UNKNOWN,
  error: StorageVolumeState.ERROR,
  error_deleting: StorageVolumeState.ERROR,
  error_backing_up: StorageVolumeState.ERROR,
  error_restoring: StorageVolumeState.ERROR,
  error_extending: StorageVolumeState.ERROR,
  error_managing: StorageVolumeState.ERROR,
};

/** Cinder snapshot status → VolumeSnapshotState. */
export const CINDER_SNAPSHOT_STATES: Readonly<Record<string, VolumeSnapshotState>> = {
  creating: VolumeSnapshotState.CREATING,
  available: VolumeSnapshotState.AVAILABLE,
  'backing-up': VolumeSnapshotState.UPDATING,
  deleting: VolumeSnapshotState.DELETING,
  restoring: VolumeSnapshotState.RESTORING,
  unmanaging: VolumeSnapshotState.DELETING,
  error: VolumeSnapshotState.ERROR,
  error_deleting: VolumeSnapshotState.ERROR,
};

/** True for addresses that are not routable on the internet (RFC 1918, CGNAT, link-local, ULA, loopback). */
export function isPrivateIp(ip: string): boolean {
  const family = isIP(ip);
  if (family === 4) {
    const [a = 0, b = 0] = ip.split('.').map(Number);
    return a === 10 || a === 127 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 100 && b >= 64 && b <= 127) || (a === 169 && b === 254);
  }
  if (family === 6) {
    const lower = ip.toLowerCase();
    return lower === '::1' || /^f[cd]/.test(lower) || /^fe[89ab]/.test(lower);
  }
  return false;
}

/** The query of the `rel: next` link (Nova and Cinder `*_links`), as params for the next page. */
export function nextFromLinks(links: readonly NovaLink[] | undefined): Record<string, string> | undefined {
  const next = links?.find((l) => l.rel === 'next')?.href;
  return next === undefined ? undefined : queryOf(next);
}

/**
 * The query of a next-page URL or path, as params. The driver requests the next page
 * on its own endpoint with these params, rather than the link's host: clouds behind a
 * proxy often advertise an internal host in their links.
 */
export function queryOf(href: string): Record<string, string> | undefined {
  const url = new URL(href, 'http://next.invalid');
  const params: Record<string, string> = {};
  for (const [k, v] of url.searchParams) params[k] = v;
  return Object.keys(params).length ? params : undefined;
}

function date(value: string | null | undefined): Date | undefined {
  if (!value) return undefined;
  const text = /(Z|[+-]\d\d:?\d\d)$/i.test(value) ? value : `${value}Z`;
  const d = new Date(text);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

/** A server as a Node. */
export const toNode = defineMapper('openstack', 'server', { id: 'id', name: 'string', status: 'string', addresses: 'object?', metadata: 'object?', flavor: 'object?', security_groups: 'list?', tags: 'list?' }, (server: NovaServer, driver: NodeDriver): Node<OpenStackNodeExtra> => {
  const publicIps: string[] = [];
  const privateIps: string[] = [];
  const add = (list: string[], ip: string): void => {
    if (!list.includes(ip)) list.push(ip);
  };
  for (const entries of Object.values(server.addresses ?? {})) {
    for (const entry of entries) {
      if (entry['OS-EXT-IPS:type'] === 'floating' || !isPrivateIp(entry.addr)) add(publicIps, entry.addr);
      else add(privateIps, entry.addr);
    }
  }
  for (const ip of [server.accessIPv4, server.accessIPv6]) if (ip) add(publicIps, ip);
  const flavorId = server.flavor?.id ?? server.flavor?.original_name;
  const imageId = server.image && typeof server.image === 'object' ? server.image.id : undefined;
  const extra: OpenStackNodeExtra = {
    status: server.status,
    taskState: server['OS-EXT-STS:task_state'] ?? null,
    vmState: server['OS-EXT-STS:vm_state'],
    powerState: server['OS-EXT-STS:power_state'],
    availabilityZone: server['OS-EXT-AZ:availability_zone'] || undefined,
    keyName: server.key_name ?? null,
    metadata: server.metadata ?? {},
    flavorId,
    imageId,
    projectId: server.tenant_id,
    userId: server.user_id,
    hostId: server.hostId || undefined,
    updatedAt: date(server.updated),
    addresses: server.addresses ?? {},
    securityGroups: [...new Set((server.security_groups ?? []).map((g) => g.name))],
    volumesAttached: (server['os-extended-volumes:volumes_attached'] ?? []).map((v) => v.id),
    progress: server.progress,
    fault: server.fault ? { code: server.fault.code, message: server.fault.message } : undefined,
    tags: server.tags ?? [],
    description: server.description ?? undefined,
    locked: server.locked,
  };
  return new Node<OpenStackNodeExtra>(
    {
      id: server.id,
      name: server.name,
      state: nodeState(server.status, server['OS-EXT-STS:task_state']),
      publicIps,
      privateIps,
      ...(flavorId !== undefined ? { size: flavorId } : {}),
      ...(imageId !== undefined ? { image: imageId } : {}),
      ...(date(server.created) ? { createdAt: date(server.created)! } : {}),
      extra,
    },
    driver,
  );
});

/** A flavor as a NodeSize. */
export const toSize = defineMapper('openstack', 'flavor', { id: 'id', name: 'string', ram: 'number', disk: 'number', vcpus: 'integer' }, (flavor: NovaFlavor, driver: NodeDriver): NodeSize<OpenStackSizeExtra> => {
  return new NodeSize<OpenStackSizeExtra>(
    {
      id: flavor.id,
      name: flavor.name,
      ram: flavor.ram,
      disk: flavor.disk,
      vcpus: flavor.vcpus,
      extra: {
        ephemeral: flavor['OS-FLV-EXT-DATA:ephemeral'] ?? 0,
        swap: typeof flavor.swap === 'number' ? flavor.swap : 0,
        rxtxFactor: flavor.rxtx_factor,
        isPublic: flavor['os-flavor-access:is_public'],
        disabled: flavor['OS-FLV-DISABLED:disabled'],
        description: flavor.description ?? undefined,
      },
    },
    driver,
  );
});

const GLANCE_CORE = new Set([
  'id', 'name', 'status', 'visibility', 'disk_format', 'container_format', 'min_disk', 'min_ram', 'size', 'virtual_size',
  'checksum', 'os_hash_algo', 'os_hash_value', 'owner', 'protected', 'tags', 'created_at', 'updated_at', 'self', 'file',
  'schema', 'locations', 'direct_url', 'os_hidden', 'stores',
]);

/** A Glance image as a NodeImage. */
export const toImage = defineMapper('openstack', 'image', { id: 'id', name: 'string?', size: 'number?', min_disk: 'number?', min_ram: 'number?', tags: 'list?' }, (image: GlanceImage, driver: NodeDriver): NodeImage<OpenStackImageExtra> => {
  const properties: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(image)) if (!GLANCE_CORE.has(k)) properties[k] = v;
  return new NodeImage<OpenStackImageExtra>(
    {
      id: image.id,
      name: image.name ?? '',
      extra: {
        status: image.status,
        visibility: image.visibility,
        diskFormat: image.disk_format ?? undefined,
        containerFormat: image.container_format ?? undefined,
        minDisk: image.min_disk,
        minRam: image.min_ram,
        size: image.size ?? undefined,
        checksum: image.checksum ?? undefined,
        owner: image.owner ?? undefined,
        protected: image.protected,
        tags: image.tags ?? [],
        createdAt: date(image.created_at),
        updatedAt: date(image.updated_at),
        properties,
      },
    },
    driver,
  );
});

/** An availability zone as a NodeLocation. Nova does not say which country a zone is in. */
export const toLocation = defineMapper('openstack', 'availability zone', { zoneName: 'id', zoneState: 'object?' }, (zone: NovaAvailabilityZone, region: string | undefined, driver: NodeDriver): NodeLocation<OpenStackLocationExtra> => {
  return new NodeLocation<OpenStackLocationExtra>(
    { id: zone.zoneName, name: zone.zoneName, country: '', extra: { available: zone.zoneState?.available, region } },
    driver,
  );
});

/** A Cinder volume as a StorageVolume. */
export const toVolume = defineMapper('openstack', 'volume', { id: 'id', name: 'string?', size: 'number', status: 'string', attachments: 'list?', metadata: 'object?' }, (volume: CinderVolume, driver: NodeDriver): StorageVolume<OpenStackVolumeExtra> => {
  return new StorageVolume<OpenStackVolumeExtra>(
    {
      id: volume.id,
      name: volume.name ?? '',
      size: volume.size,
      state: CINDER_VOLUME_STATES[volume.status] ?? StorageVolumeState.UNKNOWN,
      extra: {
        status: volume.status,
        availabilityZone: volume.availability_zone,
        createdAt: date(volume.created_at),
        description: volume.description ?? undefined,
        volumeType: volume.volume_type ?? undefined,
        bootable: volume.bootable === true || volume.bootable === 'true',
        encrypted: volume.encrypted,
        multiattach: volume.multiattach,
        snapshotId: volume.snapshot_id ?? undefined,
        sourceVolumeId: volume.source_volid ?? undefined,
        metadata: volume.metadata ?? {},
        attachments: (volume.attachments ?? []).map((a) => ({ serverId: a.server_id, device: a.device, attachmentId: a.attachment_id })),
      },
    },
    driver,
  );
});

/** A Cinder snapshot as a VolumeSnapshot. */
export const toSnapshot = defineMapper('openstack', 'volume snapshot', { id: 'id', name: 'string?', size: 'number', status: 'string', metadata: 'object?' }, (snapshot: CinderSnapshot, driver: NodeDriver): VolumeSnapshot<OpenStackSnapshotExtra> => {
  const createdAt = date(snapshot.created_at);
  return new VolumeSnapshot<OpenStackSnapshotExtra>(
    {
      id: snapshot.id,
      ...(snapshot.name ? { name: snapshot.name } : {}),
      size: snapshot.size,
      ...(createdAt ? { createdAt } : {}),
      state: CINDER_SNAPSHOT_STATES[snapshot.status] ?? VolumeSnapshotState.UNKNOWN,
      extra: {
        status: snapshot.status,
        volumeId: snapshot.volume_id,
        description: snapshot.description ?? undefined,
        progress: snapshot['os-extended-snapshot-attributes:progress'],
        metadata: snapshot.metadata ?? {},
      },
    },
    driver,
  );
});

/** A Nova key pair as a KeyPair. */
export const toKeyPair = defineMapper('openstack', 'key pair', { name: 'id', public_key: 'string?', fingerprint: 'string?' }, (keypair: NovaKeyPair, driver: NodeDriver): KeyPair<OpenStackKeyPairExtra> => {
  return new KeyPair<OpenStackKeyPairExtra>(
    {
      name: keypair.name,
      ...(keypair.id !== undefined ? { id: String(keypair.id) } : {}),
      ...(keypair.public_key ? { publicKey: keypair.public_key } : {}),
      ...(keypair.fingerprint ? { fingerprint: keypair.fingerprint } : {}),
      ...(keypair.private_key ? { privateKey: keypair.private_key } : {}),
      extra: { type: keypair.type, userId: keypair.user_id, createdAt: date(keypair.created_at) },
    },
    driver,
  );
});
