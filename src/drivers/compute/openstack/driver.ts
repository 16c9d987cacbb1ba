/**
 * The OpenStack compute driver: Nova (servers, flavors, availability zones, key pairs,
 * server images and volume attachments), Glance v2 (images) and Cinder v3 (volumes,
 * snapshots), each found in the Keystone service catalog.
 */
import { CREATE_NODE_OPTIONS, CREATE_VOLUME_OPTIONS, type ComputeCallOptions } from '../call-options.js';
import { checkCallOptions, checkOptionalLocation, requireObjectOrId, requireString } from '../../../common/validate.js';
import {
  errorContext,
  ImageDoesNotExistError,
  InvalidArgumentError,
  KeyPairDoesNotExistError,
  MalformedResponseError,
  NotFoundError,
  NubesError,
  type NubesErrorOptions,
} from '../../../common/errors/index.js';

/** Status, request id and cause of a provider's 404, for the specific error it becomes. */
function contextOf(err: NotFoundError, provider: string): NubesErrorOptions {
  return { ...errorContext(err), cause: err, provider: err.provider ?? provider, statusCode: err.statusCode ?? 404 };
}
import { isOpenStackOption, OPENSTACK_OPTION_KEYS, type OpenStackOptions } from '../../../common/openstack/index.js';
import { collect, paginate } from '../../../common/pagination.js';
import type { CallOptions } from '../../../common/call-options.js';
import type { DriverOptions } from '../../../common/base-driver.js';
import type { ConnectionOptions } from '../../../connection/connection.js';
import {
  idOf,
  Node,
  NodeAuthPassword,
  NodeAuthSSHKey,
  NodeDriver,
  type ComputeMethod,
  type CreateNodeOptions,
  type KeyPair,
  type NodeImage,
  type NodeLocation,
  type NodeSize,
  type StorageVolume,
  type VolumeSnapshot,
  COMPUTE_METHODS,
  type ComputeExtraTypes,
} from '../base.js';
import { IMAGE_SERVICE, OpenStackComputeConnection } from './connection.js';
import { nextFromLinks, queryOf, toImage, toKeyPair, toLocation, toNode, toSize } from './mappers.js';
import type {
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
import { checkName, field, idRef, pageSize, ref } from './helpers.js';
import * as volumes from './volumes.js';

/** Options of {@link OpenStackNodeDriver}: connection options, the OpenStack family's options, and `microversion`. */
export interface OpenStackNodeDriverOptions extends DriverOptions, OpenStackOptions {
  /** Nova microversion to request, e.g. `'2.47'` (default: none, the 2.1 behaviour). */
  microversion?: string;
}

/** A network for {@link OpenStackCreateNodeOptions.networks}: a network id, or a port or fixed IP. */
export type OpenStackNetworkRef =
  | string
  | {
      /** Neutron network id (`uuid`); one of `uuid` and `port` is required. */
      uuid?: string;
      /** An existing Neutron port to plug in (`port`). */
      port?: string;
      /** The IPv4 or IPv6 address to ask for on the network (`fixed_ip`). */
      fixedIp?: string;
      /** A device tag for the interface (`tag`, microversion 2.32 and later), visible in the metadata service. */
      tag?: string;
    };

/** Options of {@link OpenStackNodeDriver.createNode}. */
export interface OpenStackCreateNodeOptions extends CreateNodeOptions {
  /** Availability zone (also taken from `location`). */
  availabilityZone?: string;
  /** A Nova key pair to inject (import a public key first with `importKeyPairFromString`). */
  keyName?: string;
  /** Networks by id, ports or fixed IPs; `'auto'` or `'none'` (needed from microversion 2.37). Default: the cloud's choice. */
  networks?: readonly OpenStackNetworkRef[] | 'auto' | 'none';
  /** Security group names. */
  securityGroups?: readonly string[];
  /** Server metadata (string values). */
  metadata?: Readonly<Record<string, string>>;
  /** Cloud-init user data (base64-encoded for you). */
  userData?: string | Uint8Array;
  /** Attach a config drive. */
  configDrive?: boolean;
}

/** Options of {@link OpenStackNodeDriver.rebootNode}. */
export interface OpenStackRebootOptions extends CallOptions {
  /** `'SOFT'` (default, asks the guest OS) or `'HARD'` (power cycle). */
  type?: 'SOFT' | 'HARD';
}

const CAPABILITIES: readonly ComputeMethod[] = COMPUTE_METHODS;

function networkBody(networks: OpenStackCreateNodeOptions['networks']): unknown {
  if (networks === 'auto' || networks === 'none') return networks;
  if (!Array.isArray(networks)) throw new InvalidArgumentError("networks must be a list, 'auto' or 'none'", { option: 'networks' });
  return networks.map((n: OpenStackNetworkRef, i: number) => {
    if (typeof n === 'string' && n !== '') return { uuid: n };
    if (n && typeof n === 'object' && (n.uuid || n.port)) {
      return {
        ...(n.uuid ? { uuid: n.uuid } : {}),
        ...(n.port ? { port: n.port } : {}),
        ...(n.fixedIp ? { fixed_ip: n.fixedIp } : {}),
        ...(n.tag ? { tag: n.tag } : {}),
      };
    }
    throw new InvalidArgumentError(`networks[${i}] must be a network id or { uuid | port, fixedIp? }`, { option: `networks[${i}]` });
  });
}

/**
 * OpenStack compute (Nova, with Glance and Cinder).
 *
 * @example
 * ```ts
 * import { OpenStackNodeDriver } from 'nubes/compute';
 *
 * // The class itself (rather than getDriver) types the OpenStack-only options such as keyName.
 * const driver = new OpenStackNodeDriver('alice', process.env.OS_PASSWORD, {
 *   authUrl: 'https://keystone.example.com:5000',
 *   projectName: 'demo',
 *   region: 'RegionOne',
 * });
 * const node = await driver.createNode({ name: 'web-1', size: 'm1.small-id', image: 'ubuntu-id', keyName: 'ops' });
 * await driver.waitUntilRunning([node]);
 * ```
 */
export class OpenStackNodeDriver extends NodeDriver<
  OpenStackComputeConnection,
  OpenStackNodeDriverOptions,
  ComputeExtraTypes<OpenStackNodeExtra, OpenStackImageExtra, OpenStackVolumeExtra, OpenStackKeyPairExtra>
> {
  /** The per-call options `createNode` and `createVolume` accept (checked before any request). */
  static readonly callOptions: ComputeCallOptions = {
    createNode: { ...CREATE_NODE_OPTIONS, availabilityZone: 'string', keyName: 'string', networks: ['list', { oneOf: ['auto', 'none'] }], securityGroups: 'strings', metadata: 'object', userData: 'bytes', configDrive: 'boolean' },
    createVolume: { ...CREATE_VOLUME_OPTIONS, volumeType: 'string', description: 'string', metadata: 'record', imageId: 'string', availabilityZone: 'string' },
  };
  static override readonly connectionCls = OpenStackComputeConnection;
  static override readonly driverOptionKeys: readonly string[] = [...OPENSTACK_OPTION_KEYS, 'microversion'];
  static override readonly capabilities: readonly ComputeMethod[] = CAPABILITIES;

  readonly type = 'openstack';
  readonly name = 'OpenStack';
  readonly website = 'https://www.openstack.org';

  /**
   * @param key - the user name, or the application credential id.
   * @param secret - the password or application-credential secret (required; redacted from every error and log): the type requires it, so a missing secret fails at compile time.
   * @param options - {@link OpenStackNodeDriverOptions}.
   */
  constructor(key: string, secret: string, options: OpenStackNodeDriverOptions = {}) {
    super(key, secret, options);
  }

  /** Passes the OpenStack options (auth URL, project, region, ...) to the connection. */
  protected override createConnection(key: string, secret: string | undefined, options: ConnectionOptions): OpenStackComputeConnection {
    if (typeof secret !== 'string' || secret === '') {
      throw new InvalidArgumentError('OpenStackNodeDriver needs a password or application-credential secret as its second argument', {
        option: 'secret',
      });
    }
    const extra: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(this.options)) if (isOpenStackOption(name) || name === 'microversion') extra[name] = value;
    return new OpenStackComputeConnection(key, secret, { ...options, ...extra });
  }

  // -------------------------------------------------------------------------
  // Servers

  /**
   * Servers, page by page (`GET /servers/detail`, following `servers_links`).
   *
   * @param options.pageSize - servers per page (default: the cloud's maximum, usually 1000).
   */
  override async *iterateNodes(options: { pageSize?: number } & CallOptions = {}): AsyncGenerator<Node<OpenStackNodeExtra>, void, undefined> {
    const first = options.pageSize !== undefined ? { limit: String(pageSize(options.pageSize)) } : {};
    yield* paginate<Node<OpenStackNodeExtra>, Record<string, string>>(first, async (cursor) => {
      const res = await this.connection.request('/servers/detail', { params: cursor ?? {} });
      const servers = field<NovaServer[]>(res, 'servers', 'array');
      return { items: servers.map((s) => toNode(s, this)), next: nextFromLinks((res.object as { servers_links?: NovaLink[] }).servers_links) };
    });
  }

  /**
   * One server (`GET /servers/{id}`).
   *
   * @throws {NodeDoesNotExistError} when Nova has no such server.
   */
  override async getNode(id: string, _options?: CallOptions): Promise<Node<OpenStackNodeExtra>> {
    const res = await this.connection.request(`/servers/${ref(id, 'id')}`);
    return toNode(field<NovaServer>(res, 'server', 'object'), this);
  }

  /**
   * Creates a server (`POST /servers`) and returns it as Nova reports it right after
   * (usually `pending`). A password Nova generated is in `node.extra.adminPass`
   * (non-enumerable) and redacted from this connection's later logs.
   *
   * @throws {InvalidArgumentError} before any request for a missing name, size or image,
   *   or an SSH key given as `auth` (Nova injects keys by `keyName`).
   */
  override async createNode(options: OpenStackCreateNodeOptions): Promise<Node<OpenStackNodeExtra>> {
    checkCallOptions(options, 'createNode', OpenStackNodeDriver.callOptions.createNode);
    const server: Record<string, unknown> = {
      name: checkName(options.name, 'name'),
      flavorRef: idRef(options.size, 'size'),
      imageRef: idRef(options.image, 'image'),
    };
    const zone = options.availabilityZone ?? (options.location !== undefined ? idOf(options.location, 'location') : undefined);
    if (zone !== undefined) server.availability_zone = checkName(zone, 'availabilityZone');
    if (options.keyName !== undefined) server.key_name = checkName(options.keyName, 'keyName');
    if (options.auth instanceof NodeAuthSSHKey) {
      throw new InvalidArgumentError(
        'Nova injects SSH keys by key pair name: import the key with importKeyPairFromString(name, publicKey) and pass keyName',
        { option: 'auth' },
      );
    }
    if (options.auth instanceof NodeAuthPassword) {
      server.adminPass = options.auth.password;
      this.connection.addSecret(options.auth.password);
    } else if (options.auth !== undefined) {
      throw new InvalidArgumentError('auth must be a NodeAuthPassword (or use keyName for SSH keys)', { option: 'auth' });
    }
    if (options.networks !== undefined) server.networks = networkBody(options.networks);
    if (options.securityGroups !== undefined) {
      server.security_groups = options.securityGroups.map((name, i) => ({ name: checkName(name, `securityGroups[${i}]`) }));
    }
    if (options.metadata !== undefined) {
      for (const [k, v] of Object.entries(options.metadata)) {
        if (typeof v !== 'string') throw new InvalidArgumentError(`metadata.${k} must be a string`, { option: `metadata.${k}` });
      }
      server.metadata = { ...options.metadata };
    }
    if (options.userData !== undefined) server.user_data = Buffer.from(options.userData).toString('base64');
    if (options.configDrive !== undefined) server.config_drive = options.configDrive;

    const res = await this.connection.request('/servers', { method: 'POST', data: { server } });
    const created = field<{ id: string; adminPass?: string }>(res, 'server', 'object');
    const adminPass = created.adminPass;
    this.connection.addSecret(adminPass);
    let node: Node<OpenStackNodeExtra>;
    try {
      node = await this.getNode(created.id);
    } catch (err) {
      // The server exists: a failed read-back must not hide its id.
      if (!(err instanceof NubesError)) throw err;
      node = toNode({ id: created.id, name: options.name, status: 'BUILD' }, this);
    }
    if (adminPass !== undefined) Object.defineProperty(node.extra, 'adminPass', { value: adminPass, enumerable: false });
    return node;
  }

  async #action(node: Node<object> | string, body: Record<string, unknown>): Promise<void> {
    await this.connection.request(`/servers/${ref(node, 'node')}/action`, { method: 'POST', data: body });
  }

  /** Reboots a server: soft by default, `{ type: 'HARD' }` to power-cycle it. */
  override async rebootNode(node: Node<object> | string, options: OpenStackRebootOptions = {}): Promise<void> {
    const type = options.type ?? 'SOFT';
    if (type !== 'SOFT' && type !== 'HARD') throw new InvalidArgumentError(`type must be 'SOFT' or 'HARD' (got ${JSON.stringify(type)})`, { option: 'type' });
    await this.#action(node, { reboot: { type } });
  }

  /** Starts a stopped server (`os-start`). */
  override async startNode(node: Node<object> | string, _options?: CallOptions): Promise<void> {
    await this.#action(node, { 'os-start': null });
  }

  /** Stops a server (`os-stop`); it keeps its resources and can be started again. */
  override async stopNode(node: Node<object> | string, _options?: CallOptions): Promise<void> {
    await this.#action(node, { 'os-stop': null });
  }

  /** Deletes a server. */
  override async destroyNode(node: Node<object> | string, _options?: CallOptions): Promise<void> {
    await this.connection.request(`/servers/${ref(node, 'node')}`, { method: 'DELETE' });
  }

  // -------------------------------------------------------------------------
  // Flavors, availability zones

  /** Flavors (`GET /flavors/detail`, every page). */
  override async listSizes(location?: NodeLocation<object> | string, _options?: CallOptions): Promise<NodeSize<OpenStackSizeExtra>[]> {
    // One catalogue for the whole region: a location is accepted only to be checked.
    checkOptionalLocation(location);
    return collect(
      paginate<NodeSize<OpenStackSizeExtra>, Record<string, string>>(undefined, async (cursor) => {
        const res = await this.connection.request('/flavors/detail', { params: cursor ?? {} });
        const flavors = field<NovaFlavor[]>(res, 'flavors', 'array');
        return { items: flavors.map((f) => toSize(f, this)), next: nextFromLinks((res.object as { flavors_links?: NovaLink[] }).flavors_links) };
      }),
    );
  }

  /** Availability zones (`GET /os-availability-zone`); `extra.region` is the configured region. */
  override async listLocations(_options?: CallOptions): Promise<NodeLocation<OpenStackLocationExtra>[]> {
    const res = await this.connection.request('/os-availability-zone');
    const zones = field<NovaAvailabilityZone[]>(res, 'availabilityZoneInfo', 'array');
    return zones.map((z) => toLocation(z, this.connection.settings.region, this));
  }

  // -------------------------------------------------------------------------
  // Images (Glance v2)

  /** Images, page by page (`GET /v2/images` on Glance, following `next`). */
  override async *iterateImages(_location?: NodeLocation<object> | string, _options?: CallOptions): AsyncGenerator<NodeImage<OpenStackImageExtra>, void, undefined> {
    yield* paginate<NodeImage<OpenStackImageExtra>, Record<string, string>>(undefined, async (cursor) => {
      const res = await this.connection.request('/v2/images', { params: cursor ?? {}, context: { service: IMAGE_SERVICE } });
      const images = field<GlanceImage[]>(res, 'images', 'array');
      const next = (res.object as { next?: string }).next;
      return { items: images.map((i) => toImage(i, this)), next: next ? queryOf(next) : undefined };
    });
  }

  /**
   * One image (`GET /v2/images/{id}` on Glance).
   *
   * @throws {ImageDoesNotExistError} when Glance has no such image.
   */
  override async getImage(id: string, _options?: CallOptions): Promise<NodeImage<OpenStackImageExtra>> {
    requireString(id, 'id');
    const path = `/v2/images/${ref(id, 'id')}`;
    const res = await this.connection.request(path, { context: { service: IMAGE_SERVICE } }).catch((err: unknown) => {
      throw err instanceof NotFoundError ? new ImageDoesNotExistError(`OpenStack: image ${JSON.stringify(id)} does not exist: ${err.message}`, contextOf(err, this.type)) : err;
    });
    const image = res.object as GlanceImage | undefined;
    if (!image || typeof image !== 'object' || typeof image.id !== 'string') {
      throw new MalformedResponseError(`${res.method} ${res.url}: expected an image in the response`, { statusCode: res.status });
    }
    return toImage(image, this);
  }

  /**
   * Snapshots a server into an image (`createImage` action) and returns the image from
   * Glance (usually `queued` or `saving` at first).
   */
  override async createImage(
    node: Node<object> | string,
    name: string,
    options: { metadata?: Readonly<Record<string, string>> } & CallOptions = {},
  ): Promise<NodeImage<OpenStackImageExtra>> {
    const body = { createImage: { name: checkName(name, 'name'), ...(options.metadata ? { metadata: { ...options.metadata } } : {}) } };
    const res = await this.connection.request(`/servers/${ref(node, 'node')}/action`, { method: 'POST', data: body });
    // Microversion 2.45+ answers {image_id}; before, only the Location header names it.
    const fromBody = (res.object as { image_id?: string } | undefined)?.image_id;
    const fromLocation = res.headers.location?.replace(/\/+$/, '').split('/').pop();
    const imageId = fromBody ?? fromLocation;
    if (!imageId) throw new MalformedResponseError(`${res.method} ${res.url}: no image id in the createImage response`, { statusCode: res.status });
    return this.getImage(decodeURIComponent(imageId));
  }

  /** Deletes an image (`DELETE /v2/images/{id}` on Glance). */
  override async deleteImage(image: NodeImage<object> | string, _options?: CallOptions): Promise<void> {
    await this.connection.request(`/v2/images/${ref(image, 'image')}`, { method: 'DELETE', context: { service: IMAGE_SERVICE } });
  }

  // -------------------------------------------------------------------------
  // Volumes and snapshots (Cinder v3), attachments (Nova)

  /** Volumes, page by page (`GET /volumes/detail` on Cinder). */
  /** One volume (`GET /volumes/{id}` on Cinder), for {@link NodeDriver.waitUntilVolumeState}. */
  override async getVolume(id: string, _options?: CallOptions): Promise<StorageVolume<OpenStackVolumeExtra>> {
    return volumes.getVolume(this, id);
  }

  override async *iterateVolumes(_options?: CallOptions): AsyncGenerator<StorageVolume<OpenStackVolumeExtra>, void, undefined> {
    yield* volumes.iterateVolumes(this);
  }

  /** Creates a volume (`POST /volumes` on Cinder), optionally from a snapshot. */
  override async createVolume(options: volumes.OpenStackCreateVolumeOptions): Promise<StorageVolume<OpenStackVolumeExtra>> {
    checkCallOptions(options, 'createVolume', OpenStackNodeDriver.callOptions.createVolume);
    return volumes.createVolume(this, options);
  }

  /** Attaches a volume to a server (`POST /servers/{id}/os-volume_attachments`); `device` like `/dev/vdb`, default Nova's choice. */
  override async attachVolume(node: Node<object> | string, volume: StorageVolume<object> | string, device?: string, _options?: CallOptions): Promise<void> {
    return volumes.attachVolume(this, node, volume, device);
  }

  /**
   * Detaches a volume from the server it is attached to (or only from `node`). The call
   * options come last: `detachVolume(volume, node, { signal })`, or
   * `detachVolume(volume, { signal })` without a node.
   */
  override async detachVolume(volume: StorageVolume<object> | string, node?: Node<object> | string | CallOptions, _options?: CallOptions): Promise<void> {
    const server = typeof node === 'string' || (typeof node === 'object' && node !== null && 'id' in node) ? node : undefined;
    return volumes.detachVolume(this, volume, server);
  }

  /** Deletes a volume. */
  override async destroyVolume(volume: StorageVolume<object> | string, _options?: CallOptions): Promise<void> {
    return volumes.destroyVolume(this, volume);
  }

  /** Snapshots of a volume (`GET /snapshots/detail?volume_id=` on Cinder). */
  override async listVolumeSnapshots(volume: StorageVolume<object> | string, _options?: CallOptions): Promise<VolumeSnapshot<OpenStackSnapshotExtra>[]> {
    return volumes.listVolumeSnapshots(this, volume);
  }

  /** Snapshots a volume; `force` snapshots an in-use volume. */
  override async createVolumeSnapshot(
    volume: StorageVolume<object> | string,
    name?: string,
    options: { description?: string; force?: boolean } & CallOptions = {},
  ): Promise<VolumeSnapshot<OpenStackSnapshotExtra>> {
    if (name !== undefined && (typeof name !== 'string' || name.trim() === '')) throw new InvalidArgumentError('name must be a non-empty string', { option: 'name' });
    checkCallOptions(options, 'createVolumeSnapshot', { description: 'string', force: 'boolean' });
    return volumes.createVolumeSnapshot(this, volume, name, options);
  }

  /** Deletes a snapshot. */
  override async destroyVolumeSnapshot(snapshot: VolumeSnapshot<object> | string, _options?: CallOptions): Promise<void> {
    return volumes.destroyVolumeSnapshot(this, snapshot);
  }

  // -------------------------------------------------------------------------
  // Key pairs (Nova os-keypairs)

  /** Key pairs (`GET /os-keypairs`, following `keypairs_links` from microversion 2.35). */
  override async *iterateKeyPairs(_options?: CallOptions): AsyncGenerator<KeyPair<OpenStackKeyPairExtra>, void, undefined> {
    yield* paginate<KeyPair<OpenStackKeyPairExtra>, Record<string, string>>(undefined, async (cursor) => {
      const res = await this.connection.request('/os-keypairs', { params: cursor ?? {} });
      const wrapped = field<{ keypair: NovaKeyPair }[]>(res, 'keypairs', 'array');
      return {
        items: wrapped.map((w) => toKeyPair(w.keypair, this)),
        next: nextFromLinks((res.object as { keypairs_links?: NovaLink[] }).keypairs_links),
      };
    });
  }

  /**
   * One key pair by name (`GET /os-keypairs/{name}`).
   *
   * @throws {KeyPairDoesNotExistError} when Nova has no such key pair.
   */
  override async getKeyPair(name: string, _options?: CallOptions): Promise<KeyPair<OpenStackKeyPairExtra>> {
    requireString(name, 'name');
    const path = `/os-keypairs/${encodeURIComponent(checkName(name, 'name'))}`;
    const res = await this.connection.request(path).catch((err: unknown) => {
      throw err instanceof NotFoundError ? new KeyPairDoesNotExistError(`OpenStack: key pair ${JSON.stringify(name)} does not exist: ${err.message}`, contextOf(err, this.type)) : err;
    });
    return toKeyPair(field<NovaKeyPair>(res, 'keypair', 'object'), this);
  }

  /**
   * Creates a key pair Nova generates; the private key is in `keyPair.privateKey`
   * (non-enumerable), and only in this answer. Clouds from microversion 2.92 no longer
   * generate keys: import one instead.
   */
  override async createKeyPair(name: string, _options?: CallOptions): Promise<KeyPair<OpenStackKeyPairExtra>> {
    const res = await this.connection.request('/os-keypairs', { method: 'POST', data: { keypair: { name: checkName(name, 'name') } } });
    const keypair = field<NovaKeyPair>(res, 'keypair', 'object');
    this.connection.addSecret(keypair.private_key);
    return toKeyPair(keypair, this);
  }

  /** Imports an OpenSSH public key as a key pair. */
  override async importKeyPairFromString(name: string, publicKey: string, _options?: CallOptions): Promise<KeyPair<OpenStackKeyPairExtra>> {
    if (typeof publicKey !== 'string') throw new InvalidArgumentError('importKeyPairFromString: publicKey must be an OpenSSH public key string', { option: 'publicKey' });
    const key = new NodeAuthSSHKey(publicKey).pubkey.trim();
    const res = await this.connection.request('/os-keypairs', {
      method: 'POST',
      data: { keypair: { name: checkName(name, 'name'), public_key: key } },
    });
    return toKeyPair(field<NovaKeyPair>(res, 'keypair', 'object'), this);
  }

  /** Deletes a key pair. */
  override async deleteKeyPair(keyPair: KeyPair<object> | string, _options?: CallOptions): Promise<void> {
    requireObjectOrId(keyPair, 'keyPair');
    const name = typeof keyPair === 'string' ? keyPair : keyPair?.name;
    await this.connection.request(`/os-keypairs/${encodeURIComponent(checkName(name, 'keyPair'))}`, { method: 'DELETE' });
  }
}
