/**
 * Persistent disks of the GCE driver: list (aggregated), create, attach, detach, destroy.
 * https://cloud.google.com/compute/docs/reference/rest/v1/disks
 */
import { InvalidArgumentError, NotFoundError } from '../../../common/errors/index.js';
import { checkCallOptions, requireString } from '../../../common/validate.js';
import { GCE_CALL_OPTIONS } from './call-options.js';
import { StorageVolume, idOf, type Node } from '../base.js';
import type { CreateVolumeOptions, NodeDriver, NodeLocation } from '../base.js';
import type { GceConnection } from './connection.js';
import { gceName, gceZone, optionalString } from './names.js';
import { iterateAggregated, type GceWarningHandler } from './listing.js';
import { lastSegment, resourcePath, toVolume } from './mappers.js';
import type { DiskJson, GceVolumeExtra, InstanceJson, OperationJson } from './types.js';

/** Options of {@link GceNodeDriver.createVolume}. `size` is in GB, `location` a zone. */
export interface GceCreateVolumeOptions extends CreateVolumeOptions {
  /** Disk type: `pd-balanced` (default), `pd-ssd`, `pd-standard`, ... */
  exDiskType?: string;
  /** Labels. */
  exLabels?: Readonly<Record<string, string>>;
}

/**
 * What the disk functions use of the driver (the GceNodeDriver passes itself); typed by
 * shape so this module does not import driver.ts, which imports it.
 */
interface GceNodeDriver extends NodeDriver {
  readonly connection: GceConnection;
  readonly warningHandler: GceWarningHandler;
  project(): Promise<string>;
  mutate(path: string, method: 'POST' | 'DELETE', data?: unknown, params?: Record<string, string>): Promise<OperationJson>;
  zoneOf(location: NodeLocation<object> | string | undefined, method: string): string;
  instanceRef(node: Node<object> | string): Promise<{ zone: string; name: string }>;
}

async function base(driver: GceNodeDriver): Promise<string> {
  return `/compute/v1/projects/${encodeURIComponent(await driver.project())}`;
}

/** `{zone, name}` of a disk: a StorageVolume, `'zone/name'`, or a name with the `zone` option. */
function diskRef(driver: GceNodeDriver, volume: StorageVolume<object> | string): { zone: string; name: string } {
  if (volume instanceof StorageVolume) {
    const zone = (volume.extra as Partial<GceVolumeExtra>).zone;
    if (typeof zone === 'string') return { zone, name: volume.name };
  }
  const ref = requireString(idOf(volume), 'volume');
  const parts = ref.split('/');
  if (parts.length === 2) return { zone: gceZone(parts[0], 'volume'), name: gceName(parts[1], 'volume') };
  return { zone: driver.zoneOf(undefined, 'A disk given by name'), name: gceName(ref, 'volume') };
}

async function diskPath(driver: GceNodeDriver, volume: StorageVolume<object> | string): Promise<{ path: string; zone: string; name: string }> {
  const { zone, name } = diskRef(driver, volume);
  return { path: `${await base(driver)}/zones/${encodeURIComponent(zone)}/disks/${encodeURIComponent(name)}`, zone, name };
}

/** Every disk, every zone. */
export async function* iterateVolumes(driver: GceNodeDriver): AsyncGenerator<StorageVolume<GceVolumeExtra>, void, undefined> {
  for await (const json of iterateAggregated<'disks', DiskJson>(driver.connection, await driver.project(), 'disks', 'disks', driver.warningHandler)) {
    yield toVolume(json, driver);
  }
}

/**
 * One disk: by its numeric id, one `aggregated/disks` call filtered on the server to that
 * id (a disk's id does not say its zone); by `zone/name`, the disk itself.
 */
export async function getVolume(driver: GceNodeDriver, id: string): Promise<StorageVolume<GceVolumeExtra>> {
  const ref = requireString(id, 'id');
  if (/^\d+$/.test(ref)) {
    const disks = iterateAggregated<'disks', DiskJson>(driver.connection, await driver.project(), 'disks', 'disks', driver.warningHandler, {
      params: { filter: `id = ${ref}` },
    });
    for await (const json of disks) if (json.id === ref) return toVolume(json, driver);
    throw new NotFoundError(`${driver.name}: no disk with id ${ref}`, { provider: driver.type, statusCode: 404 });
  }
  if (ref.split('/').length !== 2) {
    throw new InvalidArgumentError(`id: ${JSON.stringify(ref)} is neither a disk id (digits) nor zone/name`, { option: 'id' });
  }
  const { path } = await diskPath(driver, ref);
  return toVolume((await driver.connection.request<DiskJson>(path)).object, driver);
}

/** Creates a disk and waits for it. */
export async function createVolume(driver: GceNodeDriver, options: GceCreateVolumeOptions): Promise<StorageVolume<GceVolumeExtra>> {
  checkCallOptions(options, 'createVolume', GCE_CALL_OPTIONS.createVolume);
  const name = gceName(options.name, 'name');
  const zone = driver.zoneOf(options.location, 'createVolume');
  const size = requireVolumeSizeGb(options.size);
  const body: Record<string, unknown> = { name, sizeGb: String(size), type: `zones/${zone}/diskTypes/${optionalString(options.exDiskType, 'exDiskType') ?? 'pd-balanced'}` };
  if (options.snapshot !== undefined) {
    const snap = requireString(idOf(options.snapshot), 'snapshot');
    body.sourceSnapshot = snap.includes('/') ? (resourcePath(snap) ?? snap) : `global/snapshots/${snap}`;
  }
  if (options.exLabels !== undefined) body.labels = { ...options.exLabels };
  const zonePath = `${await base(driver)}/zones/${encodeURIComponent(zone)}`;
  await driver.mutate(`${zonePath}/disks`, 'POST', body);
  const res = await driver.connection.request<DiskJson>(`${zonePath}/disks/${name}`);
  return toVolume(res.object, driver);
}

function requireVolumeSizeGb(size: unknown): number {
  if (typeof size !== 'number' || !Number.isInteger(size) || size < 1 || size > 65_536) {
    throw new InvalidArgumentError(`size must be a whole number of GB from 1 to 65536 (got ${String(size)})`, { option: 'size' });
  }
  return size;
}

/** Attaches a disk to an instance in its zone. */
export async function attachVolume(driver: GceNodeDriver, node: Node<object> | string, volume: StorageVolume<object> | string, device?: string): Promise<void> {
  // Every argument's type first, so a wrong one is named before any reference is resolved or sent.
  idOf(node, 'node');
  idOf(volume, 'volume');
  if (device !== undefined) gceName(device, 'device');
  const disk = await diskPath(driver, volume);
  const instance = await driver.instanceRef(node);
  if (instance.zone !== disk.zone) {
    throw new InvalidArgumentError(`Disk ${disk.name} is in ${disk.zone} but instance ${instance.name} is in ${instance.zone}: a disk attaches only in its zone`, { option: 'volume' });
  }
  const body: Record<string, unknown> = { source: disk.path.replace(/^\/compute\/v1\//, ''), autoDelete: false, mode: 'READ_WRITE' };
  if (device !== undefined) body.deviceName = gceName(device, 'device');
  await driver.mutate(`${await base(driver)}/zones/${encodeURIComponent(instance.zone)}/instances/${encodeURIComponent(instance.name)}/attachDisk`, 'POST', body);
}

/** Detaches a disk from every instance using it (looked up from the disk's `users`). */
export async function detachVolume(driver: GceNodeDriver, volume: StorageVolume<object> | string): Promise<void> {
  const disk = await diskPath(driver, volume);
  const current = (await driver.connection.request<DiskJson>(disk.path)).object;
  const users = current.users ?? [];
  if (users.length === 0) throw new InvalidArgumentError(`Disk ${disk.name} is not attached to any instance`, { option: 'volume' });
  for (const user of users) {
    const instanceName = lastSegment(user) ?? user;
    const instancePath = `${await base(driver)}/zones/${encodeURIComponent(disk.zone)}/instances/${encodeURIComponent(instanceName)}`;
    const instance = (await driver.connection.request<InstanceJson>(instancePath)).object;
    const attached = (instance.disks ?? []).find((d) => lastSegment(d.source) === disk.name);
    if (attached?.deviceName === undefined) continue;
    await driver.mutate(`${instancePath}/detachDisk`, 'POST', undefined, { deviceName: attached.deviceName });
  }
}

/** Deletes a disk. */
export async function destroyVolume(driver: GceNodeDriver, volume: StorageVolume<object> | string): Promise<void> {
  const disk = await diskPath(driver, volume);
  await driver.mutate(disk.path, 'DELETE');
}
