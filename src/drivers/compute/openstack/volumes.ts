/**
 * Volumes and snapshots (Cinder v3, found in the catalog as `block-storage`,
 * `volumev3` or `volume`) and volume attachments (Nova `os-volume_attachments`).
 */
import { InvalidArgumentError } from '../../../common/errors/index.js';
import { collect, paginate } from '../../../common/pagination.js';
import { requireOptionsObject } from '../../../common/validate.js';
import { idOf, type CreateVolumeOptions, type Node, type NodeDriver, type StorageVolume, type VolumeSnapshot } from '../base.js';
import { VOLUME_SERVICE, type OpenStackComputeConnection } from './connection.js';
import { field, idRef, ref } from './helpers.js';
import { nextFromLinks, toSnapshot, toVolume } from './mappers.js';
import type { CinderAttachment, CinderSnapshot, CinderVolume, NovaLink, OpenStackSnapshotExtra, OpenStackVolumeExtra } from './types.js';

/**
 * The driver these functions act for: OpenStackNodeDriver passes itself. Typed by what
 * they use (its connection, and the driver the values point back to) so this module does
 * not import driver.ts, which imports it.
 */
type VolumeDriver = NodeDriver & { readonly connection: OpenStackComputeConnection };

/** Options of {@link OpenStackNodeDriver.createVolume}. */
export interface OpenStackCreateVolumeOptions extends CreateVolumeOptions {
  /** Volume type (storage backend), e.g. `'ssd'`. Default: the cloud's default type. */
  volumeType?: string;
  /** Free-form description (`description`). */
  description?: string;
  /** Volume metadata, key to value (`metadata`). */
  metadata?: Readonly<Record<string, string>>;
  /** Create the volume from this Glance image (a bootable volume). */
  imageId?: string;
  /** Availability zone (also taken from `location`). */
  availabilityZone?: string;
}

const CINDER = { service: VOLUME_SERVICE };

/** Volumes, page by page, following `volumes_links`. */
export function iterateVolumes(driver: VolumeDriver): AsyncGenerator<StorageVolume<OpenStackVolumeExtra>, void, undefined> {
  return paginate<StorageVolume<OpenStackVolumeExtra>, Record<string, string>>(undefined, async (cursor) => {
    const res = await driver.connection.request('/volumes/detail', { params: cursor ?? {}, context: CINDER });
    const list = field<CinderVolume[]>(res, 'volumes', 'array');
    return { items: list.map((v) => toVolume(v, driver)), next: nextFromLinks((res.object as { volumes_links?: NovaLink[] }).volumes_links) };
  });
}

/** One Cinder volume (`GET /volumes/{id}`). */
export async function getVolume(driver: VolumeDriver, id: string): Promise<StorageVolume<OpenStackVolumeExtra>> {
  const res = await driver.connection.request(`/volumes/${ref(id, 'id')}`, { context: CINDER });
  return toVolume(field<CinderVolume>(res, 'volume', 'object'), driver);
}

/** Creates a Cinder volume (`POST /volumes`), empty or from `imageId`. */
export async function createVolume(driver: VolumeDriver, options: OpenStackCreateVolumeOptions): Promise<StorageVolume<OpenStackVolumeExtra>> {
  requireOptionsObject(options, 'createVolume');
  if (!Number.isInteger(options.size) || options.size < 1) {
    throw new InvalidArgumentError(`size must be a whole number of GB, at least 1 (got ${String(options.size)})`, { option: 'size' });
  }
  if (typeof options.name !== 'string') throw new InvalidArgumentError('name must be a string', { option: 'name' });
  const volume: Record<string, unknown> = { size: options.size, name: options.name };
  const zone = options.availabilityZone ?? (options.location !== undefined ? idOf(options.location, 'location') : undefined);
  if (zone !== undefined) volume.availability_zone = zone;
  if (options.snapshot !== undefined) volume.snapshot_id = idRef(options.snapshot, 'snapshot');
  if (options.imageId !== undefined) volume.imageRef = idRef(options.imageId, 'imageId');
  if (options.volumeType !== undefined) volume.volume_type = options.volumeType;
  if (options.description !== undefined) volume.description = options.description;
  if (options.metadata !== undefined) volume.metadata = { ...options.metadata };
  const res = await driver.connection.request('/volumes', { method: 'POST', data: { volume }, context: CINDER });
  return toVolume(field<CinderVolume>(res, 'volume', 'object'), driver);
}

/** Attaches a volume to a server through Nova (`os-volume_attachments`), at `device` when given. */
export async function attachVolume(
  driver: VolumeDriver,
  node: Node<object> | string,
  volume: StorageVolume<object> | string,
  device: string | undefined,
): Promise<void> {
  const volumeAttachment: Record<string, string> = { volumeId: idRef(volume, 'volume') };
  if (device !== undefined) {
    if (typeof device !== 'string' || !device.startsWith('/dev/')) {
      throw new InvalidArgumentError(`device must be a path like /dev/vdb (got ${JSON.stringify(device)})`, { option: 'device' });
    }
    volumeAttachment.device = device;
  }
  await driver.connection.request(`/servers/${ref(node, 'node')}/os-volume_attachments`, { method: 'POST', data: { volumeAttachment } });
}

/** Detaches a volume from `node`, or from every server it is attached to; reads the attachments fresh first. */
export async function detachVolume(driver: VolumeDriver, volume: StorageVolume<object> | string, node: Node<object> | string | undefined): Promise<void> {
  const volumeId = idRef(volume, 'volume');
  const onlyServer = node === undefined ? undefined : idRef(node, 'node');
  // Always read the attachments fresh: a StorageVolume object may be stale.
  const res = await driver.connection.request(`/volumes/${encodeURIComponent(volumeId)}`, { context: CINDER });
  const attachments = field<CinderVolume>(res, 'volume', 'object').attachments ?? [];
  const servers = [...new Set(attachments.map((a: CinderAttachment) => a.server_id))].filter((s) => onlyServer === undefined || s === onlyServer);
  if (servers.length === 0) {
    throw new InvalidArgumentError(
      onlyServer === undefined ? `Volume ${volumeId} is not attached to any server` : `Volume ${volumeId} is not attached to server ${onlyServer}`,
      { option: 'volume' },
    );
  }
  for (const server of servers) {
    await driver.connection.request(`/servers/${encodeURIComponent(server)}/os-volume_attachments/${encodeURIComponent(volumeId)}`, { method: 'DELETE' });
  }
}

/** Deletes a Cinder volume. */
export async function destroyVolume(driver: VolumeDriver, volume: StorageVolume<object> | string): Promise<void> {
  await driver.connection.request(`/volumes/${ref(volume, 'volume')}`, { method: 'DELETE', context: CINDER });
}

/** The Cinder snapshots of a volume, all pages. */
export async function listVolumeSnapshots(driver: VolumeDriver, volume: StorageVolume<object> | string): Promise<VolumeSnapshot<OpenStackSnapshotExtra>[]> {
  const volumeId = idRef(volume, 'volume');
  const all = await collect(
    paginate<CinderSnapshot, Record<string, string>>({ volume_id: volumeId }, async (cursor) => {
      const res = await driver.connection.request('/snapshots/detail', { params: { volume_id: volumeId, ...(cursor ?? {}) }, context: CINDER });
      return { items: field<CinderSnapshot[]>(res, 'snapshots', 'array'), next: nextFromLinks((res.object as { snapshots_links?: NovaLink[] }).snapshots_links) };
    }),
  );
  // Filter here too: a cloud whose policy disables the volume_id filter returns every snapshot.
  return all.filter((s) => s.volume_id === volumeId).map((s) => toSnapshot(s, driver));
}

/** Snapshots a volume (`POST /snapshots`); `force` allows a snapshot of an attached volume. */
export async function createVolumeSnapshot(
  driver: VolumeDriver,
  volume: StorageVolume<object> | string,
  name: string | undefined,
  options: { description?: string; force?: boolean },
): Promise<VolumeSnapshot<OpenStackSnapshotExtra>> {
  const snapshot: Record<string, unknown> = { volume_id: idRef(volume, 'volume') };
  if (name !== undefined) snapshot.name = name;
  if (options.description !== undefined) snapshot.description = options.description;
  if (options.force !== undefined) snapshot.force = options.force;
  const res = await driver.connection.request('/snapshots', { method: 'POST', data: { snapshot }, context: CINDER });
  return toSnapshot(field<CinderSnapshot>(res, 'snapshot', 'object'), driver);
}

/** Deletes a Cinder snapshot. */
export async function destroyVolumeSnapshot(driver: VolumeDriver, snapshot: VolumeSnapshot<object> | string): Promise<void> {
  await driver.connection.request(`/snapshots/${ref(snapshot, 'snapshot')}`, { method: 'DELETE', context: CINDER });
}
