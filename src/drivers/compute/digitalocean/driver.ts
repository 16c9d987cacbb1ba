/**
 * The DigitalOcean compute driver (API v2): droplets, sizes, images and snapshots,
 * regions, block storage volumes and their snapshots, SSH keys.
 */
import type { CallOptions } from '../../../common/call-options.js';
import { CREATE_NODE_OPTIONS, CREATE_VOLUME_OPTIONS, type ComputeCallOptions } from '../call-options.js';
import { checkCallOptions, checkOptionalLocation, requireObjectOrId, requireString } from '../../../common/validate.js';
import type { DriverOptions } from '../../../common/base-driver.js';
import { iterateDigitalOcean } from '../../../common/digitalocean/index.js';
import {
  ImageDoesNotExistError,
  InvalidArgumentError,
  NodeStateTimeoutError,
  NotFoundError,
  ProviderError,
} from '../../../common/errors/index.js';
import { poll } from '../../../common/poll.js';
import type { HttpMethod } from '../../../connection/connection.js';
import {
  KeyPair,
  Node,
  NodeAuthPassword,
  NodeAuthSSHKey,
  NodeDriver,
  NodeImage,
  NodeLocation,
  NodeSize,
  StorageVolume,
  VolumeSnapshot,
  idOf,
  type ComputeMethod,
  type CreateNodeOptions,
  type CreateVolumeOptions,
  computeMethodsExcept,
  type ComputeExtraTypes,
} from '../base.js';
import { md5Fingerprint, parseOpenSshPublicKey } from '../ssh-public-key.js';
import { DigitalOceanNodeConnection } from './connection.js';
import { snapshotToImage, toImage, toKeyPair, toLocation, toNode, toSize, toSnapshot, toVolume } from './mappers.js';
import type {
  ActionJson,
  DigitalOceanImageExtra,
  DigitalOceanKeyPairExtra,
  DigitalOceanLocationExtra,
  DigitalOceanNodeExtra,
  DigitalOceanSizeExtra,
  DigitalOceanSnapshotExtra,
  DigitalOceanVolumeExtra,
  DropletJson,
  ImageJson,
  RegionJson,
  SizeJson,
  SnapshotJson,
  SshKeyJson,
  VolumeJson,
} from './types.js';

/** Options of {@link DigitalOceanNodeDriver}: the connection options, plus these. */
export type DigitalOceanDriverOptions = DriverOptions & {
  /** Default region slug for `createNode` and `createVolume` (e.g. `'nyc3'`). */
  region?: string;
  /** How often `createImage` polls the snapshot action, in ms (default 5000). */
  pollInterval?: number;
  /** How long `createImage` waits for the snapshot, in ms (default 1800000: 30 minutes). */
  pollTimeout?: number;
};

/** Options of {@link DigitalOceanNodeDriver.createNode}. */
export interface DigitalOceanCreateNodeOptions extends CreateNodeOptions {
  /** SSH keys already on the account, by id or MD5 fingerprint, embedded for root. */
  exSshKeys?: readonly (number | string)[];
  /** Tag names to apply (`tags`); tags that do not exist yet are created. */
  exTags?: readonly string[];
  /** cloud-init user data (plain text, up to 64 KiB). */
  exUserData?: string;
  /** VPC to place the droplet in (`vpc_uuid`). Default: the region's default VPC. */
  exVpcUuid?: string;
  /** Enable IPv6 networking (`ipv6`). Default: DigitalOcean's (off). */
  exIpv6?: boolean;
  /** Install the agent for DigitalOcean Monitoring (`monitoring`). Default: off. */
  exMonitoring?: boolean;
  /** Enable automated backups, billed extra (`backups`). Default: off. */
  exBackups?: boolean;
  /** Volume ids to attach once created. */
  exVolumes?: readonly string[];
}

const CAPABILITIES: readonly ComputeMethod[] = computeMethodsExcept('createKeyPair');

/** DigitalOcean volume names: lowercase letters, digits and `-`, starting with a letter, up to 64. */
const VOLUME_NAME = /^[a-z][a-z0-9-]{0,63}$/;

function positiveMs(value: unknown, option: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new InvalidArgumentError(`${option} must be a positive number of ms (got ${String(value)})`, { option });
  }
  return value;
}

/** A droplet id: DigitalOcean droplet ids are integers. */
function dropletId(node: Node<object> | string, option = 'node'): string {
  const id = typeof node === 'string' ? node : node?.id;
  if (typeof id !== 'string' || !/^\d+$/.test(id)) {
    throw new InvalidArgumentError(`${option} must be a droplet or its numeric id (got ${JSON.stringify(id)})`, { option });
  }
  return id;
}

function resourceId(value: { id: string } | string, option: string): string {
  const id = typeof value === 'string' ? value : value?.id;
  return encodeURIComponent(requireString(id, option));
}

/**
 * The DigitalOcean compute driver. The key is a personal access token; there is no
 * secret.
 *
 * - `stopNode` powers the droplet off (`power_off`); {@link exShutdownNode} asks the OS
 *   to shut down gracefully.
 * - `createNode` with a {@link NodeAuthSSHKey} looks the key up on the account by its
 *   fingerprint and imports it first when it is not there; root passwords cannot be set
 *   (DigitalOcean e-mails one), so {@link NodeAuthPassword} is refused.
 * - `createImage` snapshots the droplet and waits for the snapshot action to finish
 *   (`pollInterval`, `pollTimeout`), then returns the snapshot as an image.
 * - `listImages` returns distribution images and your private images (snapshots,
 *   backups, custom images).
 *
 * @example
 * ```ts
 * import { getDriver, Provider } from 'nubes/compute';
 * const DigitalOcean = getDriver(Provider.DIGITAL_OCEAN);
 * const driver = new DigitalOcean(process.env.DIGITALOCEAN_TOKEN!, undefined, { region: 'nyc3' });
 * const node = await driver.createNode({ name: 'web-1', size: 's-1vcpu-1gb', image: 'ubuntu-24-04-x64' });
 * await driver.waitUntilRunning([node]);
 * ```
 */
export class DigitalOceanNodeDriver extends NodeDriver<
  DigitalOceanNodeConnection,
  DigitalOceanDriverOptions,
  ComputeExtraTypes<DigitalOceanNodeExtra, DigitalOceanImageExtra, DigitalOceanVolumeExtra, DigitalOceanKeyPairExtra>
> {
  /** The per-call options `createNode` and `createVolume` accept (checked before any request). */
  static readonly callOptions: ComputeCallOptions = {
    createNode: { ...CREATE_NODE_OPTIONS, exSshKeys: 'ids', exTags: 'strings', exUserData: 'string', exVpcUuid: 'string', exMonitoring: 'boolean', exBackups: 'boolean', exVolumes: 'strings', exIpv6: 'boolean' },
    createVolume: { ...CREATE_VOLUME_OPTIONS },
  };
  static override readonly connectionCls = DigitalOceanNodeConnection;
  static override readonly capabilities: readonly ComputeMethod[] = CAPABILITIES;
  static override readonly driverOptionKeys: readonly string[] = ['region', 'pollInterval', 'pollTimeout'];

  readonly type = 'digitalocean';
  readonly name = 'DigitalOcean';
  readonly website = 'https://www.digitalocean.com';

  readonly #pollInterval: number;
  readonly #pollTimeout: number;

  constructor(token: string, secret?: string, options: DigitalOceanDriverOptions = {}) {
    super(token, secret, options);
    this.#pollInterval = positiveMs(options.pollInterval, 'pollInterval', 5_000);
    this.#pollTimeout = positiveMs(options.pollTimeout, 'pollTimeout', 30 * 60_000);
    if (options.region !== undefined) requireString(options.region, 'region');
  }

  async #get<T>(action: string): Promise<T> {
    return (await this.connection.request<T>(action)).object;
  }

  async #send<T>(method: HttpMethod, action: string, data?: unknown): Promise<T> {
    return (await this.connection.request<T>(action, { method, ...(data !== undefined ? { data } : {}) })).object;
  }

  // -------------------------------------------------------------------------
  // Droplets

  /** All droplets, fetched 200 per page. */
  override async *iterateNodes(_options?: CallOptions): AsyncGenerator<Node<DigitalOceanNodeExtra>, void, undefined> {
    for await (const droplet of iterateDigitalOcean<DropletJson>(this.connection, '/droplets', 'droplets')) yield toNode(droplet, this);
  }

  /**
   * One droplet by id.
   *
   * @throws {NodeDoesNotExistError} when there is none.
   */
  override async getNode(id: string, _options?: CallOptions): Promise<Node<DigitalOceanNodeExtra>> {
    const body = await this.#get<{ droplet: DropletJson }>(`/droplets/${dropletId(id, 'id')}`);
    return toNode(body.droplet, this);
  }

  /**
   * Creates a droplet. `size` is a size slug, `image` an image slug or numeric id,
   * `location` a region slug (default: the `region` option; DigitalOcean picks one when
   * neither is given).
   *
   * @throws {InvalidArgumentError} naming `name`, `size`, `image` or `auth` before any request.
   */
  override async createNode(options: DigitalOceanCreateNodeOptions): Promise<Node<DigitalOceanNodeExtra>> {
    checkCallOptions(options, 'createNode', DigitalOceanNodeDriver.callOptions.createNode);
    const name = requireString(options.name, 'name');
    const { size, image: imageId } = this.requireSizeAndImage(options, 'size slug');
    const region = this.locationOrRegion(options.location);
    if (options.auth instanceof NodeAuthPassword) {
      throw new InvalidArgumentError('DigitalOcean cannot set a root password at creation: use NodeAuthSSHKey or exSshKeys', { option: 'auth' });
    }
    const sshKeys: (number | string)[] = [];
    for (const key of options.exSshKeys ?? []) {
      if ((typeof key !== 'number' || !Number.isInteger(key)) && (typeof key !== 'string' || key.trim() === '')) {
        throw new InvalidArgumentError(`exSshKeys entries must be key ids or fingerprints (got ${JSON.stringify(key)})`, { option: 'exSshKeys' });
      }
      sshKeys.push(key);
    }
    const authKey = options.auth instanceof NodeAuthSSHKey ? options.auth.pubkey : undefined;
    if (authKey !== undefined) parseOpenSshPublicKey(authKey, 'auth');

    if (authKey !== undefined) sshKeys.push(await this.#accountKeyId(authKey));
    const body: Record<string, unknown> = {
      name,
      size,
      image: /^\d+$/.test(imageId) ? Number(imageId) : imageId,
    };
    if (region !== undefined) body.region = region;
    if (sshKeys.length) body.ssh_keys = sshKeys;
    if (options.exTags) body.tags = [...options.exTags];
    if (options.exUserData !== undefined) body.user_data = options.exUserData;
    if (options.exVpcUuid !== undefined) body.vpc_uuid = options.exVpcUuid;
    if (options.exIpv6 !== undefined) body.ipv6 = options.exIpv6;
    if (options.exMonitoring !== undefined) body.monitoring = options.exMonitoring;
    if (options.exBackups !== undefined) body.backups = options.exBackups;
    if (options.exVolumes) body.volumes = [...options.exVolumes];
    const created = await this.#send<{ droplet: DropletJson }>('POST', '/droplets', body);
    return toNode(created.droplet, this);
  }

  /** The id of `publicKey` on the account, importing it first when it is not there. */
  async #accountKeyId(publicKey: string): Promise<number> {
    const fingerprint = md5Fingerprint(publicKey, 'auth');
    try {
      const found = await this.#get<{ ssh_key: SshKeyJson }>(`/account/keys/${fingerprint}`);
      return found.ssh_key.id;
    } catch (err) {
      if (!(err instanceof NotFoundError)) throw err;
    }
    const name = `nubes-${fingerprint.replace(/:/g, '').slice(0, 12)}`;
    const created = await this.#send<{ ssh_key: SshKeyJson }>('POST', '/account/keys', { name, public_key: publicKey.trim() });
    return created.ssh_key.id;
  }

  async #dropletAction(node: Node<object> | string, type: string, extra: Record<string, unknown> = {}): Promise<ActionJson> {
    const body = await this.#send<{ action: ActionJson }>('POST', `/droplets/${dropletId(node)}/actions`, { type, ...extra });
    return body.action;
  }

  /** Reboots a droplet (`reboot` action). */
  override async rebootNode(node: Node<object> | string, _options?: CallOptions): Promise<void> {
    await this.#dropletAction(node, 'reboot');
  }

  /** Powers a droplet on (`power_on` action). */
  override async startNode(node: Node<object> | string, _options?: CallOptions): Promise<void> {
    await this.#dropletAction(node, 'power_on');
  }

  /** Powers a droplet off (`power_off` action, like pulling the plug; see {@link exShutdownNode}). */
  override async stopNode(node: Node<object> | string, _options?: CallOptions): Promise<void> {
    await this.#dropletAction(node, 'power_off');
  }

  /** Asks the droplet's OS to shut down gracefully (`shutdown` action). */
  async exShutdownNode(node: Node<object> | string, _options?: CallOptions): Promise<void> {
    await this.#dropletAction(node, 'shutdown');
  }

  /** Destroys a droplet. */
  override async destroyNode(node: Node<object> | string, _options?: CallOptions): Promise<void> {
    await this.connection.request(`/droplets/${dropletId(node)}`, { method: 'DELETE' });
  }

  // -------------------------------------------------------------------------
  // Sizes, images, regions

  /** Sizes; with `location`, those available in that region. */
  override async listSizes(location?: NodeLocation<object> | string, _options?: CallOptions): Promise<NodeSize<DigitalOceanSizeExtra>[]> {
    checkOptionalLocation(location);
    const region = location === undefined ? undefined : requireString(idOf(location, 'location'), 'location');
    const out: NodeSize<DigitalOceanSizeExtra>[] = [];
    for await (const size of iterateDigitalOcean<SizeJson>(this.connection, '/sizes', 'sizes')) {
      if (region === undefined || size.regions.includes(region)) out.push(toSize(size, this));
    }
    return out;
  }

  /** {@link listImages}, fetched page by page. */
  override async *iterateImages(location?: NodeLocation<object> | string, _options?: CallOptions): AsyncGenerator<NodeImage<DigitalOceanImageExtra>, void, undefined> {
    const region = location === undefined ? undefined : requireString(idOf(location, 'location'), 'location');
    // Distribution, application (1-Click, marketplace) and the account's own images: the
    // API lists each kind on its own (GET /v2/images?type=distribution|application,
    // ?private=true).
    for (const params of [{ type: 'distribution' }, { type: 'application' }, { private: 'true' }]) {
      for await (const image of iterateDigitalOcean<ImageJson>(this.connection, '/images', 'images', { params })) {
        if (region === undefined || (image.regions ?? []).includes(region)) yield toImage(image, this);
      }
    }
  }

  /**
   * One image by numeric id or slug.
   *
   * @throws {ImageDoesNotExistError} when there is none.
   */
  override async getImage(id: string, _options?: CallOptions): Promise<NodeImage<DigitalOceanImageExtra>> {
    requireString(id, 'id');
    const ref = resourceId(id, 'image');
    try {
      return toImage((await this.#get<{ image: ImageJson }>(`/images/${ref}`)).image, this);
    } catch (err) {
      if (err instanceof NotFoundError) {
        throw new ImageDoesNotExistError(`DigitalOcean: image ${JSON.stringify(id)} does not exist`, { provider: this.type, statusCode: 404, cause: err });
      }
      throw err;
    }
  }

  /**
   * Snapshots a droplet and waits until the snapshot exists (polling its action every
   * `pollInterval` ms, up to `pollTimeout`); returns the snapshot as an image.
   *
   * @throws {NodeStateTimeoutError} when the snapshot takes longer than `pollTimeout`.
   * @throws {ProviderError} when the snapshot action fails.
   */
  override async createImage(node: Node<object> | string, name: string, _options?: CallOptions): Promise<NodeImage<DigitalOceanImageExtra>> {
    const id = dropletId(node);
    requireString(name, 'name');
    const started = await this.#dropletAction(id, 'snapshot', { name });
    // The action's own answer is the first check; later checks read /actions/{id}
    // (https://docs.digitalocean.com/reference/api/digitalocean/#tag/Actions).
    await poll<ActionJson>(
      async (attempt) => {
        const action = attempt === 0 ? started : (await this.#get<{ action: ActionJson }>(`/actions/${started.id}`)).action;
        if (action.status === 'errored') {
          throw new ProviderError(`DigitalOcean: snapshot action ${action.id} of droplet ${id} failed`, { provider: this.type });
        }
        return action.status === 'completed' ? { done: true, value: action } : { done: false, state: action.status };
      },
      {
        timeout: this.#pollTimeout,
        interval: this.#pollInterval,
        maxInterval: this.#pollInterval,
        backoff: 1,
        what: `DigitalOcean: snapshot of droplet ${id}`,
        provider: this.type,
        timeoutError: () =>
          new NodeStateTimeoutError(`DigitalOcean: snapshot of droplet ${id} not done after ${this.#pollTimeout} ms (action ${started.id})`, {
            provider: this.type,
          }),
      },
    );
    let found: SnapshotJson | undefined;
    for await (const snapshot of iterateDigitalOcean<SnapshotJson>(this.connection, `/droplets/${id}/snapshots`, 'snapshots')) {
      if (snapshot.name === name && (!found || snapshot.created_at >= found.created_at)) found = snapshot;
    }
    if (!found) throw new ProviderError(`DigitalOcean: snapshot ${JSON.stringify(name)} of droplet ${id} finished but is not listed`, { provider: this.type });
    return snapshotToImage(found, this);
  }

  /** Deletes a private image (snapshot, backup or custom image). */
  override async deleteImage(image: NodeImage<object> | string, _options?: CallOptions): Promise<void> {
    await this.connection.request(`/images/${resourceId(image, 'image')}`, { method: 'DELETE' });
  }

  /** Regions. */
  override async listLocations(_options?: CallOptions): Promise<NodeLocation<DigitalOceanLocationExtra>[]> {
    const out: NodeLocation<DigitalOceanLocationExtra>[] = [];
    for await (const region of iterateDigitalOcean<RegionJson>(this.connection, '/regions', 'regions')) out.push(toLocation(region, this));
    return out;
  }

  // -------------------------------------------------------------------------
  // Volumes

  /** All block storage volumes, fetched page by page. */
  override async *iterateVolumes(_options?: CallOptions): AsyncGenerator<StorageVolume<DigitalOceanVolumeExtra>, void, undefined> {
    for await (const volume of iterateDigitalOcean<VolumeJson>(this.connection, '/volumes', 'volumes')) yield toVolume(volume, this);
  }

  /**
   * One volume by id (`GET /v2/volumes/{id}`), for {@link NodeDriver.waitUntilVolumeState}.
   *
   * @throws {NotFoundError} when there is none.
   */
  override async getVolume(id: string, _options?: CallOptions): Promise<StorageVolume<DigitalOceanVolumeExtra>> {
    requireString(id, 'id');
    return toVolume((await this.#get<{ volume: VolumeJson }>(`/volumes/${encodeURIComponent(id)}`)).volume, this);
  }

  /**
   * Creates a volume in `location` (default: the `region` option), or from `snapshot`.
   *
   * @throws {InvalidArgumentError} naming `size`, `name` or `location` before any request.
   */
  override async createVolume(options: CreateVolumeOptions): Promise<StorageVolume<DigitalOceanVolumeExtra>> {
    checkCallOptions(options, 'createVolume', DigitalOceanNodeDriver.callOptions.createVolume);
    const size = this.requireVolumeSize(options.size, 'GiB');
    const name = requireString(options.name, 'name');
    if (!VOLUME_NAME.test(name)) {
      throw new InvalidArgumentError(`name must be lowercase letters, digits and "-", start with a letter, at most 64 long (got ${JSON.stringify(name)})`, {
        option: 'name',
      });
    }
    const region = this.locationOrRegion(options.location);
    if (region === undefined && options.snapshot === undefined) {
      throw new InvalidArgumentError('createVolume needs a location (or the region option, or a snapshot)', { option: 'location' });
    }
    const body: Record<string, unknown> = { size_gigabytes: size, name };
    if (region !== undefined) body.region = region;
    if (options.snapshot !== undefined) body.snapshot_id = requireString(idOf(options.snapshot, 'snapshot'), 'snapshot');
    const created = await this.#send<{ volume: VolumeJson }>('POST', '/volumes', body);
    return toVolume(created.volume, this);
  }

  async #volumeAction(volumeId: string, body: Record<string, unknown>): Promise<void> {
    await this.#send<{ action: ActionJson }>('POST', `/volumes/${volumeId}/actions`, body);
  }

  /**
   * Attaches a volume to a droplet in its region. DigitalOcean picks the device, so
   * `device` is refused.
   */
  override async attachVolume(node: Node<object> | string, volume: StorageVolume<object> | string, device?: string, _options?: CallOptions): Promise<void> {
    const id = dropletId(node);
    const volumeId = resourceId(volume, 'volume');
    if (device !== undefined) throw new InvalidArgumentError('DigitalOcean chooses the device of an attached volume; leave device out', { option: 'device' });
    const region = typeof volume === 'string' ? undefined : (volume.extra as Partial<DigitalOceanVolumeExtra>).region;
    await this.#volumeAction(volumeId, { type: 'attach', droplet_id: Number(id), ...(region ? { region } : {}) });
  }

  /** Detaches a volume from its droplet (looked up first when only the id is given). */
  override async detachVolume(volume: StorageVolume<object> | string, _options?: CallOptions): Promise<void> {
    const volumeId = resourceId(volume, 'volume');
    let extra = typeof volume === 'string' ? undefined : (volume.extra as Partial<DigitalOceanVolumeExtra>);
    if (!extra?.dropletIds) extra = toVolume((await this.#get<{ volume: VolumeJson }>(`/volumes/${volumeId}`)).volume, this).extra;
    const dropletIds = extra.dropletIds ?? [];
    if (dropletIds.length === 0) throw new InvalidArgumentError(`DigitalOcean: volume ${idOf(volume, 'volume')} is not attached`, { option: 'volume' });
    await this.#volumeAction(volumeId, { type: 'detach', droplet_id: dropletIds[0], ...(extra.region ? { region: extra.region } : {}) });
  }

  /** Destroys a (detached) volume. */
  override async destroyVolume(volume: StorageVolume<object> | string, _options?: CallOptions): Promise<void> {
    await this.connection.request(`/volumes/${resourceId(volume, 'volume')}`, { method: 'DELETE' });
  }

  /** Snapshots of a volume. */
  override async listVolumeSnapshots(volume: StorageVolume<object> | string, _options?: CallOptions): Promise<VolumeSnapshot<DigitalOceanSnapshotExtra>[]> {
    const out: VolumeSnapshot<DigitalOceanSnapshotExtra>[] = [];
    const action = `/volumes/${resourceId(volume, 'volume')}/snapshots`;
    for await (const snapshot of iterateDigitalOcean<SnapshotJson>(this.connection, action, 'snapshots')) out.push(toSnapshot(snapshot, this));
    return out;
  }

  /** Snapshots a volume (DigitalOcean needs a name: default `<volume>-<UTC timestamp>`). */
  override async createVolumeSnapshot(volume: StorageVolume<object> | string, name?: string, _options?: CallOptions): Promise<VolumeSnapshot<DigitalOceanSnapshotExtra>> {
    const volumeId = resourceId(volume, 'volume');
    if (name !== undefined) requireString(name, 'name');
    const base = typeof volume === 'string' ? volume : volume.name;
    const snapshotName = name ?? `${base}-${new Date().toISOString().replace(/[-:]/g, '').replace(/\..*$/, '')}`;
    const created = await this.#send<{ snapshot: SnapshotJson }>('POST', `/volumes/${volumeId}/snapshots`, { name: snapshotName });
    return toSnapshot(created.snapshot, this);
  }

  /** Destroys a volume snapshot. */
  override async destroyVolumeSnapshot(snapshot: VolumeSnapshot<object> | string, _options?: CallOptions): Promise<void> {
    await this.connection.request(`/volumes/snapshots/${resourceId(snapshot, 'snapshot')}`, { method: 'DELETE' });
  }

  // -------------------------------------------------------------------------
  // SSH keys

  /** SSH keys on the account, fetched page by page. */
  override async *iterateKeyPairs(_options?: CallOptions): AsyncGenerator<KeyPair<DigitalOceanKeyPairExtra>, void, undefined> {
    for await (const key of iterateDigitalOcean<SshKeyJson>(this.connection, '/account/keys', 'ssh_keys')) yield toKeyPair(key, this);
  }

  /**
   * Adds an OpenSSH public key to the account.
   *
   * @throws {InvalidArgumentError} (option `publicKey`) before any request when it is not one.
   */
  override async importKeyPairFromString(name: string, publicKey: string, _options?: CallOptions): Promise<KeyPair<DigitalOceanKeyPairExtra>> {
    requireString(name, 'name');
    parseOpenSshPublicKey(publicKey);
    const created = await this.#send<{ ssh_key: SshKeyJson }>('POST', '/account/keys', { name, public_key: publicKey.trim() });
    return toKeyPair(created.ssh_key, this);
  }

  /** Deletes an SSH key: a KeyPair, a numeric id, a fingerprint, or a name (looked up). */
  override async deleteKeyPair(keyPair: KeyPair<object> | string, _options?: CallOptions): Promise<void> {
    requireObjectOrId(keyPair, 'keyPair');
    let ref: string;
    if (typeof keyPair !== 'string') ref = requireString(keyPair.id ?? keyPair.fingerprint, 'keyPair');
    else if (/^\d+$/.test(keyPair) || keyPair.includes(':')) ref = keyPair;
    else ref = requireString((await this.getKeyPair(requireString(keyPair, 'keyPair'))).id, 'keyPair');
    await this.connection.request(`/account/keys/${encodeURIComponent(ref)}`, { method: 'DELETE' });
  }
}
