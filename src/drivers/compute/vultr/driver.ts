/**
 * The Vultr compute driver (API v2): instances, plans, operating systems and
 * snapshots, regions, block storage, SSH keys.
 */
import type { CallOptions } from '../../../common/call-options.js';
import { CREATE_NODE_OPTIONS, CREATE_VOLUME_OPTIONS, type ComputeCallOptions } from '../call-options.js';
import { checkCallOptions, checkOptionalLocation, requireObjectOrId, requireString } from '../../../common/validate.js';
import type { DriverOptions } from '../../../common/base-driver.js';
import { ImageDoesNotExistError, InvalidArgumentError, ProviderError } from '../../../common/errors/index.js';
import { iterateVultr } from '../../../common/vultr/index.js';
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
import { md5Fingerprint, parseOpenSshPublicKey } from '../ssh-public-key.js';
import { VultrNodeConnection } from './connection.js';
import { osToImage, snapshotToImage, toKeyPair, toLocation, toNode, toSize, toVolume } from './mappers.js';
import type {
  BlockJson,
  InstanceJson,
  OsJson,
  PlanJson,
  RegionJson,
  SnapshotJson,
  SshKeyJson,
  VultrImageExtra,
  VultrKeyPairExtra,
  VultrLocationExtra,
  VultrNodeExtra,
  VultrSizeExtra,
  VultrVolumeExtra,
} from './types.js';

/** Options of {@link VultrNodeDriver}: the connection options, plus `region`. */
export type VultrDriverOptions = DriverOptions & {
  /** Default region for `createNode` and `createVolume` (e.g. `'ewr'`). */
  region?: string;
};

/** Options of {@link VultrNodeDriver.createNode}. */
export interface VultrCreateNodeOptions extends CreateNodeOptions {
  /** Ids of SSH keys already on the account. */
  exSshKeyIds?: readonly string[];
  /** Tag names to apply (`tags`). */
  exTags?: readonly string[];
  /** cloud-init user data as plain text (nubes base64-encodes it, as Vultr wants). */
  exUserData?: string;
  /** Hostname to set inside the instance (`hostname`). Default: Vultr derives one from the label. */
  exHostname?: string;
  /** Give the instance an IPv6 address (`enable_ipv6`). Default: Vultr's (off). */
  exEnableIpv6?: boolean;
  /** Turn on automatic backups, billed extra (`backups`: `enabled`/`disabled`). Default: Vultr's (off). */
  exBackups?: boolean;
  /** Firewall group to put the instance in (`firewall_group_id`). */
  exFirewallGroupId?: string;
}

const CAPABILITIES: readonly ComputeMethod[] = computeMethodsExcept('listVolumeSnapshots', 'createVolumeSnapshot', 'destroyVolumeSnapshot', 'createKeyPair');

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A Vultr resource id (UUIDs): one path segment. */
function segment(value: { id: string | undefined } | string, option: string): string {
  const id = requireString(typeof value === 'string' ? value : value?.id, option);
  if (/[/?#]/.test(id) || id === '.' || id === '..') {
    throw new InvalidArgumentError(`${option} must be a Vultr id (got ${JSON.stringify(id)})`, { option });
  }
  return encodeURIComponent(id);
}

/** Which create field an image id goes in: numeric → `os_id`, UUID → `snapshot_id`, else a marketplace `image_id`. */
function imageField(image: NodeImage<object> | string): Record<string, string | number> {
  const id = requireString(idOf(image, 'image'), 'image');
  const kind = typeof image === 'string' ? undefined : (image.extra as Partial<VultrImageExtra>).kind;
  if (kind === 'os' || (kind === undefined && /^\d+$/.test(id))) return { os_id: Number(id) };
  if (kind === 'snapshot' || UUID.test(id)) return { snapshot_id: id };
  return { image_id: id };
}

/**
 * The Vultr compute driver. The key is an API key; there is no secret.
 *
 * - `createNode` needs a region (`location` or the `region` option). `image` is an OS
 *   id (`2284`), a snapshot id (UUID) or a marketplace image id. A
 *   {@link NodeAuthSSHKey} is matched against the account's keys and imported when
 *   missing. Vultr generates the root password: it is returned in
 *   `node.extra.defaultPassword` (hidden from JSON and logs); {@link NodeAuthPassword}
 *   is refused.
 * - `stopNode` halts the instance (`/halt`), `startNode` starts it.
 * - Images are operating systems plus your snapshots; `createImage` and `deleteImage`
 *   work on snapshots.
 * - Volumes are attached and detached live (no restart of the instance).
 *
 * @example
 * ```ts
 * import { getDriver, Provider } from 'nubes/compute';
 * const Vultr = getDriver(Provider.VULTR);
 * const driver = new Vultr(process.env.VULTR_API_KEY!, undefined, { region: 'ewr' });
 * const node = await driver.createNode({ name: 'web-1', size: 'vc2-1c-1gb', image: '2284' });
 * ```
 */
export class VultrNodeDriver extends NodeDriver<
  VultrNodeConnection,
  VultrDriverOptions,
  ComputeExtraTypes<VultrNodeExtra, VultrImageExtra, VultrVolumeExtra, VultrKeyPairExtra>
> {
  /** The per-call options `createNode` and `createVolume` accept (checked before any request). */
  static readonly callOptions: ComputeCallOptions = {
    createNode: { ...CREATE_NODE_OPTIONS, exSshKeyIds: 'strings', exTags: 'strings', exUserData: 'string', exHostname: 'string', exBackups: 'boolean', exFirewallGroupId: 'string', exEnableIpv6: 'boolean' },
    createVolume: { ...CREATE_VOLUME_OPTIONS },
  };
  static override readonly connectionCls = VultrNodeConnection;
  static override readonly capabilities: readonly ComputeMethod[] = CAPABILITIES;

  readonly type = 'vultr';
  readonly name = 'Vultr';
  readonly website = 'https://www.vultr.com';

  constructor(key: string, secret?: string, options: VultrDriverOptions = {}) {
    super(key, secret, options);
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

  /** All instances, fetched 500 per page by cursor. */
  override async *iterateNodes(_options?: CallOptions): AsyncGenerator<Node<VultrNodeExtra>, void, undefined> {
    for await (const instance of iterateVultr<InstanceJson>(this.connection, '/instances', 'instances')) yield toNode(instance, this);
  }

  /**
   * One instance by id.
   *
   * @throws {NodeDoesNotExistError} when there is none.
   */
  override async getNode(id: string, _options?: CallOptions): Promise<Node<VultrNodeExtra>> {
    return toNode((await this.#get<{ instance: InstanceJson }>(`/instances/${segment(id, 'id')}`)).instance, this);
  }

  /**
   * Creates an instance. `size` is a plan id (`vc2-1c-1gb`), `location` a region id.
   *
   * @throws {InvalidArgumentError} naming `name`, `size`, `image`, `location` or `auth` before any request.
   */
  override async createNode(options: VultrCreateNodeOptions): Promise<Node<VultrNodeExtra>> {
    checkCallOptions(options, 'createNode', VultrNodeDriver.callOptions.createNode);
    const label = requireString(options.name, 'name');
    const plan = this.requireSizeAndImage(options, 'size: a Vultr plan id').size;
    const image = imageField(options.image);
    const region = this.requireLocationOrRegion(options.location, 'createNode');
    if (options.auth instanceof NodeAuthPassword) {
      throw new InvalidArgumentError('Vultr generates the root password (see node.extra.defaultPassword): use NodeAuthSSHKey or leave auth out', { option: 'auth' });
    }
    const sshKeyIds = [...(options.exSshKeyIds ?? [])].map((id) => requireString(id, 'exSshKeyIds'));
    const authKey = options.auth instanceof NodeAuthSSHKey ? options.auth.pubkey.trim() : undefined;
    if (authKey !== undefined) parseOpenSshPublicKey(authKey, 'auth');

    if (authKey !== undefined) sshKeyIds.push(await this.#accountKeyId(authKey, label));
    const body: Record<string, unknown> = { region, plan, label, ...image };
    if (sshKeyIds.length) body.sshkey_id = sshKeyIds;
    if (options.exTags) body.tags = [...options.exTags];
    if (options.exUserData !== undefined) body.user_data = Buffer.from(options.exUserData, 'utf8').toString('base64');
    if (options.exHostname !== undefined) body.hostname = options.exHostname;
    if (options.exEnableIpv6 !== undefined) body.enable_ipv6 = options.exEnableIpv6;
    if (options.exBackups !== undefined) body.backups = options.exBackups ? 'enabled' : 'disabled';
    if (options.exFirewallGroupId !== undefined) body.firewall_group_id = options.exFirewallGroupId;
    const created = await this.#send<{ instance: InstanceJson }>('POST', '/instances', body);
    // Later errors and debug lines of this connection must not show it either.
    if (created.instance.default_password) this.connection.addSecret(created.instance.default_password);
    return toNode(created.instance, this);
  }

  /** The id of `publicKey` among the account's keys (compared by fingerprint), importing it when missing. */
  async #accountKeyId(publicKey: string, nodeName: string): Promise<string> {
    const fingerprint = md5Fingerprint(publicKey, 'auth');
    for await (const key of this.iterateKeyPairs()) {
      if (key.fingerprint === fingerprint && key.id) return key.id;
    }
    const created = await this.#send<{ ssh_key: SshKeyJson }>('POST', '/ssh-keys', { name: `${nodeName}-key`, ssh_key: publicKey });
    return created.ssh_key.id;
  }

  /** Reboots an instance. */
  override async rebootNode(node: Node<object> | string, _options?: CallOptions): Promise<void> {
    await this.#send('POST', `/instances/${segment(node, 'node')}/reboot`);
  }

  /** Starts an instance. */
  override async startNode(node: Node<object> | string, _options?: CallOptions): Promise<void> {
    await this.#send('POST', `/instances/${segment(node, 'node')}/start`);
  }

  /** Halts an instance (powers it off). */
  override async stopNode(node: Node<object> | string, _options?: CallOptions): Promise<void> {
    await this.#send('POST', `/instances/${segment(node, 'node')}/halt`);
  }

  /** Destroys an instance. */
  override async destroyNode(node: Node<object> | string, _options?: CallOptions): Promise<void> {
    await this.connection.request(`/instances/${segment(node, 'node')}`, { method: 'DELETE' });
  }

  // -------------------------------------------------------------------------
  // Plans, images, regions

  /** Plans; with `location`, those deployable in that region. */
  override async listSizes(location?: NodeLocation<object> | string, _options?: CallOptions): Promise<NodeSize<VultrSizeExtra>[]> {
    checkOptionalLocation(location);
    const region = location === undefined ? undefined : requireString(idOf(location, 'location'), 'location');
    const out: NodeSize<VultrSizeExtra>[] = [];
    for await (const plan of iterateVultr<PlanJson>(this.connection, '/plans', 'plans')) {
      if (region === undefined || plan.locations.includes(region)) out.push(toSize(plan, this));
    }
    return out;
  }

  /** {@link listImages}, fetched page by page. */
  override async *iterateImages(_location?: NodeLocation<object> | string, _options?: CallOptions): AsyncGenerator<NodeImage<VultrImageExtra>, void, undefined> {
    for await (const os of iterateVultr<OsJson>(this.connection, '/os', 'os')) yield osToImage(os, this);
    for await (const snapshot of iterateVultr<SnapshotJson>(this.connection, '/snapshots', 'snapshots')) yield snapshotToImage(snapshot, this);
  }

  /**
   * One image: an OS by numeric id (looked up in the OS list) or a snapshot by id.
   *
   * @throws {ImageDoesNotExistError} when there is none.
   */
  override async getImage(id: string, _options?: CallOptions): Promise<NodeImage<VultrImageExtra>> {
    requireString(id, 'id');
    const ref = requireString(id, 'image');
    if (/^\d+$/.test(ref)) {
      for await (const os of iterateVultr<OsJson>(this.connection, '/os', 'os')) if (String(os.id) === ref) return osToImage(os, this);
    } else {
      try {
        return snapshotToImage((await this.#get<{ snapshot: SnapshotJson }>(`/snapshots/${segment(ref, 'image')}`)).snapshot, this);
      } catch (err) {
        if (!(err instanceof ProviderError && err.statusCode === 404)) throw err;
      }
    }
    throw new ImageDoesNotExistError(`Vultr: image ${JSON.stringify(id)} does not exist`, { provider: this.type });
  }

  /** Snapshots an instance (status `pending` until Vultr finishes). */
  override async createImage(node: Node<object> | string, name: string, _options?: CallOptions): Promise<NodeImage<VultrImageExtra>> {
    const instanceId = decodeURIComponent(segment(node, 'node'));
    const description = requireString(name, 'name');
    const created = await this.#send<{ snapshot: SnapshotJson }>('POST', '/snapshots', { instance_id: instanceId, description });
    return snapshotToImage(created.snapshot, this);
  }

  /**
   * Deletes a snapshot.
   *
   * @throws {InvalidArgumentError} (option `image`) for an operating system image.
   */
  override async deleteImage(image: NodeImage<object> | string, _options?: CallOptions): Promise<void> {
    const id = requireString(idOf(image, 'image'), 'image');
    const kind = typeof image === 'string' ? undefined : (image.extra as Partial<VultrImageExtra>).kind;
    if (kind === 'os' || /^\d+$/.test(id)) throw new InvalidArgumentError(`Vultr: image ${id} is an operating system, not a snapshot you can delete`, { option: 'image' });
    await this.connection.request(`/snapshots/${segment(id, 'image')}`, { method: 'DELETE' });
  }

  /** Regions. */
  override async listLocations(_options?: CallOptions): Promise<NodeLocation<VultrLocationExtra>[]> {
    const out: NodeLocation<VultrLocationExtra>[] = [];
    for await (const region of iterateVultr<RegionJson>(this.connection, '/regions', 'regions')) out.push(toLocation(region, this));
    return out;
  }

  // -------------------------------------------------------------------------
  // Block storage

  /** All block storage volumes, fetched page by page. */
  /** One block storage volume (`GET /v2/blocks/{id}`), for {@link NodeDriver.waitUntilVolumeState}. */
  override async getVolume(id: string, _options?: CallOptions): Promise<StorageVolume<VultrVolumeExtra>> {
    return toVolume((await this.#get<{ block: BlockJson }>(`/blocks/${segment(id, 'id')}`)).block, this);
  }

  override async *iterateVolumes(_options?: CallOptions): AsyncGenerator<StorageVolume<VultrVolumeExtra>, void, undefined> {
    for await (const block of iterateVultr<BlockJson>(this.connection, '/blocks', 'blocks')) yield toVolume(block, this);
  }

  /**
   * Creates a volume in `location` (default: the `region` option). Vultr volumes are
   * not created from snapshots, so `snapshot` is refused.
   *
   * @throws {InvalidArgumentError} naming `size`, `name`, `location` or `snapshot` before any request.
   */
  override async createVolume(options: CreateVolumeOptions): Promise<StorageVolume<VultrVolumeExtra>> {
    checkCallOptions(options, 'createVolume', VultrNodeDriver.callOptions.createVolume);
    const size = this.requireVolumeSize(options.size, 'GB');
    const label = requireString(options.name, 'name');
    if (options.snapshot !== undefined) throw new InvalidArgumentError('Vultr block storage cannot be created from a snapshot', { option: 'snapshot' });
    const region = this.requireLocationOrRegion(options.location, 'createVolume');
    const created = await this.#send<{ block: BlockJson }>('POST', '/blocks', { region, size_gb: size, label });
    return toVolume(created.block, this);
  }

  /** Attaches a volume live (no restart). Vultr picks the device, so `device` is refused. */
  override async attachVolume(node: Node<object> | string, volume: StorageVolume<object> | string, device?: string, _options?: CallOptions): Promise<void> {
    const instanceId = decodeURIComponent(segment(node, 'node'));
    const blockId = segment(volume, 'volume');
    if (device !== undefined) throw new InvalidArgumentError('Vultr chooses the device of an attached volume; leave device out', { option: 'device' });
    await this.#send('POST', `/blocks/${blockId}/attach`, { instance_id: instanceId, live: true });
  }

  /** Detaches a volume live (no restart). */
  override async detachVolume(volume: StorageVolume<object> | string, _options?: CallOptions): Promise<void> {
    await this.#send('POST', `/blocks/${segment(volume, 'volume')}/detach`, { live: true });
  }

  /** Deletes a (detached) volume. */
  override async destroyVolume(volume: StorageVolume<object> | string, _options?: CallOptions): Promise<void> {
    await this.connection.request(`/blocks/${segment(volume, 'volume')}`, { method: 'DELETE' });
  }

  // -------------------------------------------------------------------------
  // SSH keys

  /** SSH keys on the account, fetched page by page. */
  override async *iterateKeyPairs(_options?: CallOptions): AsyncGenerator<KeyPair<VultrKeyPairExtra>, void, undefined> {
    for await (const key of iterateVultr<SshKeyJson>(this.connection, '/ssh-keys', 'ssh_keys')) yield toKeyPair(key, this);
  }

  /**
   * Adds an OpenSSH public key to the account.
   *
   * @throws {InvalidArgumentError} (option `publicKey`) before any request when it is not one.
   */
  override async importKeyPairFromString(name: string, publicKey: string, _options?: CallOptions): Promise<KeyPair<VultrKeyPairExtra>> {
    requireString(name, 'name');
    parseOpenSshPublicKey(publicKey);
    const created = await this.#send<{ ssh_key: SshKeyJson }>('POST', '/ssh-keys', { name, ssh_key: publicKey.trim() });
    return toKeyPair(created.ssh_key, this);
  }

  /** Deletes an SSH key: a KeyPair, an id (UUID), or a name (looked up). */
  override async deleteKeyPair(keyPair: KeyPair<object> | string, _options?: CallOptions): Promise<void> {
    requireObjectOrId(keyPair, 'keyPair');
    let id: string;
    if (typeof keyPair !== 'string') id = segment({ id: keyPair.id }, 'keyPair');
    else if (UUID.test(keyPair)) id = keyPair;
    else id = segment({ id: (await this.getKeyPair(requireString(keyPair, 'keyPair'))).id }, 'keyPair');
    await this.connection.request(`/ssh-keys/${id}`, { method: 'DELETE' });
  }
}
