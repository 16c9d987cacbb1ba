/**
 * The Linode compute driver (API v4): instances, types, images, regions, block
 * storage volumes, profile SSH keys.
 */
import type { CallOptions } from '../../../common/call-options.js';
import { CREATE_NODE_OPTIONS, CREATE_VOLUME_OPTIONS, type ComputeCallOptions } from '../call-options.js';
import { checkCallOptions, checkOptionalLocation, requireObjectOrId, requireString } from '../../../common/validate.js';
import { randomBytes } from '../../../common/builtins.js';
import type { DriverOptions } from '../../../common/base-driver.js';
import { ImageDoesNotExistError, InvalidArgumentError, ProviderError } from '../../../common/errors/index.js';
import { iterateLinode } from '../../../common/linode/index.js';
import { collect } from '../../../common/pagination.js';
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
  idOf,
  type ComputeMethod,
  type CreateNodeOptions,
  type CreateVolumeOptions,
  computeMethodsExcept,
  type ComputeExtraTypes,
} from '../base.js';
import { parseOpenSshPublicKey } from '../ssh-public-key.js';
import { LinodeNodeConnection } from './connection.js';
import { toImage, toKeyPair, toLocation, toNode, toSize, toVolume } from './mappers.js';
import type {
  DiskJson,
  ImageJson,
  InstanceJson,
  LinodeImageExtra,
  LinodeKeyPairExtra,
  LinodeLocationExtra,
  LinodeNodeExtra,
  LinodeSizeExtra,
  LinodeVolumeExtra,
  RegionJson,
  SshKeyJson,
  TypeJson,
  VolumeJson,
} from './types.js';

/** Options of {@link LinodeNodeDriver}: the connection options, plus `region`. */
export type LinodeDriverOptions = DriverOptions & {
  /** Default region for `createNode` and `createVolume` (e.g. `'us-east'`). */
  region?: string;
};

/** Options of {@link LinodeNodeDriver.createNode}. */
export interface LinodeCreateNodeOptions extends CreateNodeOptions {
  /** More OpenSSH public keys for root (besides a {@link NodeAuthSSHKey} `auth`). */
  exAuthorizedKeys?: readonly string[];
  /** Profile user names whose SSH keys go to root. */
  exAuthorizedUsers?: readonly string[];
  /** Tag names to apply (`tags`). */
  exTags?: readonly string[];
  /** Enable the backup service. */
  exBackups?: boolean;
  /** Add a private IPv4 address. */
  exPrivateIp?: boolean;
  /** Boot once deployed (Linode's default is true). */
  exBooted?: boolean;
}

const CAPABILITIES: readonly ComputeMethod[] = computeMethodsExcept('listVolumeSnapshots', 'createVolumeSnapshot', 'destroyVolumeSnapshot', 'createKeyPair');

/** Instance labels: 3–64 of letters, digits, `-`, `_`, `.`; alphanumeric at both ends; no doubled punctuation. */
const INSTANCE_LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9._-]{1,62})[A-Za-z0-9]$/;
/** Volume labels: 1–32 of letters, digits, `-`, `_`, starting with a letter. */
const VOLUME_LABEL = /^[A-Za-z][A-Za-z0-9_-]{0,31}$/;

/** A numeric Linode id (instances, volumes, SSH keys). */
function numericId(value: { id: string | undefined } | string, option: string): string {
  const id = typeof value === 'string' ? value : value?.id;
  if (typeof id !== 'string' || !/^\d+$/.test(id)) {
    throw new InvalidArgumentError(`${option} must be a Linode ${option} or its numeric id (got ${JSON.stringify(id)})`, { option });
  }
  return id;
}

/** A root password Linode accepts (length and character classes), from 24 random bytes. */
function generateRootPassword(): string {
  return `${randomBytes(24).toString('base64url')}-Aa9`;
}

/**
 * The Linode compute driver. The key is a personal access token; there is no secret.
 *
 * - `createNode` needs a region (`location` or the `region` option). Linode requires a
 *   root password to deploy an image: a {@link NodeAuthPassword} is used as it is;
 *   otherwise nubes generates a strong one and returns it in
 *   `node.extra.rootPassword` (hidden from JSON and logs). A {@link NodeAuthSSHKey}
 *   goes to `authorized_keys`.
 * - `stopNode` shuts the instance down, `startNode` boots it.
 * - `createImage` captures the instance's first non-swap disk.
 * - Sizes are Linode types; disk sizes are converted from MB to GB.
 *
 * @example
 * ```ts
 * import { getDriver, Provider, NodeAuthSSHKey } from 'nubes/compute';
 * const Linode = getDriver(Provider.LINODE);
 * const driver = new Linode(process.env.LINODE_TOKEN!, undefined, { region: 'us-east' });
 * const node = await driver.createNode({
 *   name: 'web-1', size: 'g6-standard-1', image: 'linode/ubuntu24.04',
 *   auth: new NodeAuthSSHKey('ssh-ed25519 AAAA... me@laptop'),
 * });
 * ```
 */
export class LinodeNodeDriver extends NodeDriver<
  LinodeNodeConnection,
  LinodeDriverOptions,
  ComputeExtraTypes<LinodeNodeExtra, LinodeImageExtra, LinodeVolumeExtra, LinodeKeyPairExtra>
> {
  /** The per-call options `createNode` and `createVolume` accept (checked before any request). */
  static readonly callOptions: ComputeCallOptions = {
    createNode: { ...CREATE_NODE_OPTIONS, exAuthorizedKeys: 'strings', exAuthorizedUsers: 'strings', exTags: 'strings', exBackups: 'boolean', exPrivateIp: 'boolean', exBooted: 'boolean' },
    createVolume: { ...CREATE_VOLUME_OPTIONS },
  };
  static override readonly connectionCls = LinodeNodeConnection;
  static override readonly capabilities: readonly ComputeMethod[] = CAPABILITIES;

  readonly type = 'linode';
  readonly name = 'Linode';
  readonly website = 'https://www.linode.com';

  constructor(token: string, secret?: string, options: LinodeDriverOptions = {}) {
    super(token, secret, options);
    if (options.region !== undefined) requireString(options.region, 'region');
  }

  async #get<T>(action: string): Promise<T> {
    return (await this.connection.request<T>(action)).object;
  }

  async #send<T>(method: HttpMethod, action: string, data?: unknown): Promise<T> {
    return (await this.connection.request<T>(action, { method, ...(data !== undefined ? { data } : {}) })).object;
  }

  // -------------------------------------------------------------------------
  // Instances

  /** All instances, fetched 500 per page. */
  override async *iterateNodes(_options?: CallOptions): AsyncGenerator<Node<LinodeNodeExtra>, void, undefined> {
    for await (const instance of iterateLinode<InstanceJson>(this.connection, '/linode/instances')) yield toNode(instance, this);
  }

  /**
   * One instance by id.
   *
   * @throws {NodeDoesNotExistError} when there is none.
   */
  override async getNode(id: string, _options?: CallOptions): Promise<Node<LinodeNodeExtra>> {
    return toNode(await this.#get<InstanceJson>(`/linode/instances/${numericId(id, 'id')}`), this);
  }

  /**
   * Creates an instance. `size` is a type id (`g6-standard-1`), `image` an image id
   * (`linode/ubuntu24.04`, `private/123`), `location` a region id.
   *
   * @throws {InvalidArgumentError} naming `name`, `size`, `image`, `location` or `auth` before any request.
   */
  override async createNode(options: LinodeCreateNodeOptions): Promise<Node<LinodeNodeExtra>> {
    checkCallOptions(options, 'createNode', LinodeNodeDriver.callOptions.createNode);
    const label = requireString(options.name, 'name');
    if (!INSTANCE_LABEL.test(label) || /[._-]{2}/.test(label)) {
      throw new InvalidArgumentError(
        `name must be 3-64 letters, digits, "-", "_" or ".", start and end alphanumeric, without doubled punctuation (got ${JSON.stringify(label)})`,
        { option: 'name' },
      );
    }
    const { size: type, image } = this.requireSizeAndImage(options, 'size: a Linode type id');
    const region = this.requireLocationOrRegion(options.location, 'createNode');
    const authorizedKeys = [...(options.exAuthorizedKeys ?? [])];
    for (const key of authorizedKeys) parseOpenSshPublicKey(key, 'exAuthorizedKeys');
    if (options.auth instanceof NodeAuthSSHKey) {
      parseOpenSshPublicKey(options.auth.pubkey, 'auth');
      authorizedKeys.push(options.auth.pubkey.trim());
    }
    const generated = options.auth instanceof NodeAuthPassword ? null : new NodeAuthPassword(generateRootPassword(), true);
    const rootPass = options.auth instanceof NodeAuthPassword ? options.auth.password : generated!.password;
    // The password travels in the request body: keep it out of errors and debug output.
    this.connection.addSecret(rootPass);

    const body: Record<string, unknown> = { label, type, image, region, root_pass: rootPass };
    if (authorizedKeys.length) body.authorized_keys = authorizedKeys;
    if (options.exAuthorizedUsers) body.authorized_users = [...options.exAuthorizedUsers];
    if (options.exTags) body.tags = [...options.exTags];
    if (options.exBackups !== undefined) body.backups_enabled = options.exBackups;
    if (options.exPrivateIp !== undefined) body.private_ip = options.exPrivateIp;
    if (options.exBooted !== undefined) body.booted = options.exBooted;
    const created = await this.#send<InstanceJson>('POST', '/linode/instances', body);
    return toNode(created, this, generated);
  }

  /** Reboots an instance. */
  override async rebootNode(node: Node<object> | string, _options?: CallOptions): Promise<void> {
    await this.#send('POST', `/linode/instances/${numericId(node, 'node')}/reboot`, {});
  }

  /** Boots an instance. */
  override async startNode(node: Node<object> | string, _options?: CallOptions): Promise<void> {
    await this.#send('POST', `/linode/instances/${numericId(node, 'node')}/boot`, {});
  }

  /** Shuts an instance down. */
  override async stopNode(node: Node<object> | string, _options?: CallOptions): Promise<void> {
    await this.#send('POST', `/linode/instances/${numericId(node, 'node')}/shutdown`, {});
  }

  /** Deletes an instance. */
  override async destroyNode(node: Node<object> | string, _options?: CallOptions): Promise<void> {
    await this.connection.request(`/linode/instances/${numericId(node, 'node')}`, { method: 'DELETE' });
  }

  // -------------------------------------------------------------------------
  // Types, images, regions

  /** Linode types (the same in every region; `location` is accepted and ignored). */
  override async listSizes(_location?: NodeLocation<object> | string, _options?: CallOptions): Promise<NodeSize<LinodeSizeExtra>[]> {
    checkOptionalLocation(_location);
    const out: NodeSize<LinodeSizeExtra>[] = [];
    for await (const type of iterateLinode<TypeJson>(this.connection, '/linode/types')) out.push(toSize(type, this));
    return out;
  }

  /** {@link listImages}, fetched page by page. */
  override async *iterateImages(_location?: NodeLocation<object> | string, _options?: CallOptions): AsyncGenerator<NodeImage<LinodeImageExtra>, void, undefined> {
    for await (const image of iterateLinode<ImageJson>(this.connection, '/images')) yield toImage(image, this);
  }

  /**
   * One image by id (`linode/debian12`, `private/123`).
   *
   * @throws {ImageDoesNotExistError} when there is none.
   */
  override async getImage(id: string, _options?: CallOptions): Promise<NodeImage<LinodeImageExtra>> {
    requireString(id, 'id');
    const ref = requireString(id, 'image');
    try {
      return toImage(await this.#get<ImageJson>(`/images/${ref.split('/').map(encodeURIComponent).join('/')}`), this);
    } catch (err) {
      if (err instanceof ProviderError && err.statusCode === 404) {
        throw new ImageDoesNotExistError(`Linode: image ${JSON.stringify(id)} does not exist`, { provider: this.type, statusCode: 404, cause: err });
      }
      throw err;
    }
  }

  /**
   * Captures an instance's first non-swap disk as a private image (status `creating`
   * until Linode finishes).
   */
  override async createImage(node: Node<object> | string, name: string, _options?: CallOptions): Promise<NodeImage<LinodeImageExtra>> {
    const id = numericId(node, 'node');
    const label = requireString(name, 'name');
    const disks = await collect(iterateLinode<DiskJson>(this.connection, `/linode/instances/${id}/disks`));
    const disk = disks.find((d) => d.filesystem !== 'swap');
    if (!disk) throw new InvalidArgumentError(`Linode: instance ${id} has no disk to capture`, { option: 'node' });
    return toImage(await this.#send<ImageJson>('POST', '/images', { disk_id: disk.id, label }), this);
  }

  /** Deletes a private image. */
  override async deleteImage(image: NodeImage<object> | string, _options?: CallOptions): Promise<void> {
    const ref = requireString(idOf(image, 'image'), 'image');
    await this.connection.request(`/images/${ref.split('/').map(encodeURIComponent).join('/')}`, { method: 'DELETE' });
  }

  /** Regions. */
  override async listLocations(_options?: CallOptions): Promise<NodeLocation<LinodeLocationExtra>[]> {
    const out: NodeLocation<LinodeLocationExtra>[] = [];
    for await (const region of iterateLinode<RegionJson>(this.connection, '/regions')) out.push(toLocation(region, this));
    return out;
  }

  // -------------------------------------------------------------------------
  // Volumes

  /** All volumes, fetched page by page. */
  /** One volume (`GET /v4/volumes/{id}`), for {@link NodeDriver.waitUntilVolumeState}. */
  override async getVolume(id: string, _options?: CallOptions): Promise<StorageVolume<LinodeVolumeExtra>> {
    return toVolume(await this.#get<VolumeJson>(`/volumes/${numericId(id, 'id')}`), this);
  }

  override async *iterateVolumes(_options?: CallOptions): AsyncGenerator<StorageVolume<LinodeVolumeExtra>, void, undefined> {
    for await (const volume of iterateLinode<VolumeJson>(this.connection, '/volumes')) yield toVolume(volume, this);
  }

  /**
   * Creates a volume in `location` (default: the `region` option). Linode volumes are
   * not created from snapshots, so `snapshot` is refused.
   *
   * @throws {InvalidArgumentError} naming `size`, `name`, `location` or `snapshot` before any request.
   */
  override async createVolume(options: CreateVolumeOptions): Promise<StorageVolume<LinodeVolumeExtra>> {
    checkCallOptions(options, 'createVolume', LinodeNodeDriver.callOptions.createVolume);
    const size = this.requireVolumeSize(options.size, 'GB');
    const label = requireString(options.name, 'name');
    if (!VOLUME_LABEL.test(label)) {
      throw new InvalidArgumentError(`name must be 1-32 letters, digits, "-" or "_", starting with a letter (got ${JSON.stringify(label)})`, { option: 'name' });
    }
    if (options.snapshot !== undefined) throw new InvalidArgumentError('Linode volumes cannot be created from a snapshot', { option: 'snapshot' });
    const region = this.requireLocationOrRegion(options.location, 'createVolume');
    return toVolume(await this.#send<VolumeJson>('POST', '/volumes', { label, size, region }), this);
  }

  /** Attaches a volume to an instance in its region. Linode picks the device, so `device` is refused. */
  override async attachVolume(node: Node<object> | string, volume: StorageVolume<object> | string, device?: string, _options?: CallOptions): Promise<void> {
    const linodeId = numericId(node, 'node');
    const volumeId = numericId(volume, 'volume');
    if (device !== undefined) throw new InvalidArgumentError('Linode chooses the device of an attached volume; leave device out', { option: 'device' });
    await this.#send('POST', `/volumes/${volumeId}/attach`, { linode_id: Number(linodeId) });
  }

  /** Detaches a volume. */
  override async detachVolume(volume: StorageVolume<object> | string, _options?: CallOptions): Promise<void> {
    await this.#send('POST', `/volumes/${numericId(volume, 'volume')}/detach`, {});
  }

  /** Deletes a (detached) volume. */
  override async destroyVolume(volume: StorageVolume<object> | string, _options?: CallOptions): Promise<void> {
    await this.connection.request(`/volumes/${numericId(volume, 'volume')}`, { method: 'DELETE' });
  }

  // -------------------------------------------------------------------------
  // SSH keys

  /** SSH keys of the profile, fetched page by page. */
  override async *iterateKeyPairs(_options?: CallOptions): AsyncGenerator<KeyPair<LinodeKeyPairExtra>, void, undefined> {
    for await (const key of iterateLinode<SshKeyJson>(this.connection, '/profile/sshkeys')) yield toKeyPair(key, this);
  }

  /**
   * Adds an OpenSSH public key to the profile.
   *
   * @throws {InvalidArgumentError} (option `publicKey`) before any request when it is not one.
   */
  override async importKeyPairFromString(name: string, publicKey: string, _options?: CallOptions): Promise<KeyPair<LinodeKeyPairExtra>> {
    const label = requireString(name, 'name');
    parseOpenSshPublicKey(publicKey);
    return toKeyPair(await this.#send<SshKeyJson>('POST', '/profile/sshkeys', { label, ssh_key: publicKey.trim() }), this);
  }

  /** Deletes an SSH key: a KeyPair, a numeric id, or a label (looked up). */
  override async deleteKeyPair(keyPair: KeyPair<object> | string, _options?: CallOptions): Promise<void> {
    requireObjectOrId(keyPair, 'keyPair');
    let id: string;
    if (typeof keyPair !== 'string') id = numericId({ id: keyPair.id }, 'keyPair');
    else if (/^\d+$/.test(keyPair)) id = keyPair;
    else id = numericId({ id: (await this.getKeyPair(requireString(keyPair, 'keyPair'))).id }, 'keyPair');
    await this.connection.request(`/profile/sshkeys/${id}`, { method: 'DELETE' });
  }
}
