/**
 * The Dummy compute driver: an in-memory cloud for examples, the CLI and tests. It is
 * deterministic (ids and IPs come from counters, `createdAt` from an injectable
 * clock), sends no request at all, and fails like a real provider does.
 */
import type { CallOptions } from '../../../common/call-options.js';
import { CREATE_NODE_OPTIONS, CREATE_VOLUME_OPTIONS, type ComputeCallOptions } from '../call-options.js';
import { checkCallOptions, checkOptionalLocation, requireObjectOrId, requireString } from '../../../common/validate.js';
import { createHash } from '../../../common/builtins.js';
import type { DriverOptions } from '../../../common/base-driver.js';
import {
  BadRequestError,
  ConflictError,
  ImageDoesNotExistError,
  InvalidArgumentError,
  KeyPairDoesNotExistError,
  NodeDoesNotExistError,
  NotFoundError,
} from '../../../common/errors/index.js';
import type { Connection, ConnectionOptions } from '../../../connection/connection.js';
import { DummyConnection } from './connection.js';
import {
  COMPUTE_METHODS,
  KeyPair,
  Node,
  NodeAuthPassword,
  NodeDriver,
  NodeImage,
  NodeLocation,
  NodeSize,
  NodeState,
  StorageVolume,
  StorageVolumeState,
  VolumeSnapshot,
  VolumeSnapshotState,
  idOf,
  type ComputeMethod,
  type CreateNodeOptions,
  type CreateVolumeOptions,
  type ComputeExtraTypes,
} from '../base.js';
import { md5Fingerprint, parseOpenSshPublicKey } from '../ssh-public-key.js';
import { DUMMY_IMAGES, DUMMY_LOCATIONS, DUMMY_SIZES } from './catalog.js';

/** Options of {@link DummyNodeDriver}, besides the connection options (which it ignores). */
export type DummyDriverOptions = DriverOptions & {
  /**
   * How many times a new node is seen `pending` (by `listNodes`, `getNode` or
   * `waitUntilRunning`) before it is `running` with a public IP. Default 0: nodes are
   * running as soon as `createNode` returns.
   */
  pendingPolls?: number;
  /** Where `createdAt` comes from (default `() => new Date()`). Pass a fixed clock for stable output. */
  clock?: () => Date;
};

/** `extra` of a Dummy node. */
export type DummyNodeExtra = {
  /** Id of the location the node runs in. */
  location: string;
  /** The `exTags` it was created with. */
  tags: string[];
  /** How the node was told to let users in. */
  auth: 'ssh-key' | 'password' | 'none';
};

/** `extra` of a Dummy volume. */
export type DummyVolumeExtra = {
  /** Id of the location the volume is in (it attaches only to nodes there). */
  location: string;
  /** The node it is attached to, or null. */
  nodeId: string | null;
  /** Device path while attached (e.g. `/dev/vdb`), or null. */
  device: string | null;
  /** When it was created, by the driver's clock. */
  createdAt: Date;
  /** The snapshot it was created from, or null. */
  snapshotId: string | null;
};

/** `extra` of a Dummy volume snapshot. */
export type DummySnapshotExtra = {
  /** Id of the volume the snapshot was taken of. */
  volumeId: string;
};

/** `extra` of a Dummy image. */
export type DummyImageExtra = {
  /** True for the preset catalog images (they cannot be deleted). */
  public: boolean;
  /** Distribution of a preset image, or null for a custom image. */
  distribution: string | null;
  /** The node a custom image was made from, or null. */
  sourceNodeId: string | null;
};

/** `extra` of a Dummy location. */
export type DummyLocationExtra = Record<string, never>;

/** `extra` of a Dummy size. */
export type DummySizeExtra = Record<string, never>;

/** `extra` of a Dummy key pair. */
export type DummyKeyPairExtra = {
  /** When the key pair was created or imported, by the driver's clock. */
  createdAt: Date;
};

/** Options of {@link DummyNodeDriver.createNode}. */
export interface DummyCreateNodeOptions extends CreateNodeOptions {
  /** Tags kept in `node.extra.tags`. */
  exTags?: string[];
}

interface NodeRecord {
  id: string;
  name: string;
  state: NodeState;
  sizeId: string;
  imageId: string;
  location: string;
  publicIp: string;
  privateIp: string;
  createdAt: Date;
  /** Observations left before a pending node runs. */
  pendingPolls: number;
  tags: string[];
  auth: DummyNodeExtra['auth'];
}

interface VolumeRecord {
  id: string;
  name: string;
  size: number;
  location: string;
  nodeId: string | null;
  device: string | null;
  createdAt: Date;
  snapshotId: string | null;
}

interface SnapshotRecord {
  id: string;
  name: string;
  size: number;
  volumeId: string;
  createdAt: Date;
}

interface ImageRecord {
  id: string;
  name: string;
  sourceNodeId: string;
  createdAt: Date;
}

interface KeyPairRecord {
  id: string;
  name: string;
  publicKey: string;
  fingerprint: string;
  createdAt: Date;
}

/** A public IPv4 from the documentation ranges (RFC 5737), by sequence number. */
function publicIpFor(n: number): string {
  const ranges = ['203.0.113', '198.51.100', '192.0.2'];
  const i = n - 1;
  const range = ranges[Math.floor(i / 254) % ranges.length]!;
  return `${range}.${(i % 254) + 1}`;
}

function privateIpFor(n: number): string {
  const i = n - 1;
  return `10.0.${Math.floor(i / 254) % 256}.${(i % 254) + 1}`;
}

/** An OpenSSH-format ed25519 public key derived from a seed (not a usable key pair). */
function fakeEd25519PublicKey(seed: string, comment: string): string {
  const type = Buffer.from('ssh-ed25519');
  const key = createHash('sha256').update(seed).digest();
  const len = (n: number): Buffer => {
    const b = Buffer.alloc(4);
    b.writeUInt32BE(n);
    return b;
  };
  const blob = Buffer.concat([len(type.length), type, len(key.length), key]);
  return `ssh-ed25519 ${blob.toString('base64')} ${comment}`;
}

/**
 * An in-memory compute driver that implements every {@link NodeDriver} method. Use it
 * in examples and in your own tests; it is `getDriver(Provider.DUMMY)`.
 *
 * - deterministic: node ids `node-1`, `node-2`, ...; public IPs from 203.0.113.0/24
 *   (then 198.51.100.0/24, 192.0.2.0/24), private IPs from 10.0.0.0/16; `createdAt`
 *   from the `clock` option;
 * - state: new nodes are `pending` for `pendingPolls` observations, then `running`;
 *   `stopNode`/`startNode`/`rebootNode` change it at once; `destroyNode` removes the node;
 * - errors like a provider: an unknown node is a {@link NodeDoesNotExistError}, a missing
 *   or unknown size/image/location an {@link InvalidArgumentError} naming the option,
 *   an impossible transition (attaching an attached volume) a {@link ConflictError};
 * - no network: its connection (`DummyConnection`, in connection.ts) refuses to send.
 *
 * The key (first argument) is not checked; each driver instance is its own cloud.
 *
 * @example
 * ```ts
 * import { getDriver, Provider } from 'nubes/compute';
 * const Dummy = getDriver(Provider.DUMMY);
 * const driver = new Dummy('any-key', undefined, { pendingPolls: 2 });
 * const node = await driver.createNode({ name: 'web-1', size: 'small', image: 'ubuntu-24.04' });
 * const [running] = await driver.waitUntilRunning([node], { interval: 10 });
 * console.log(running?.publicIps); // ['203.0.113.1']
 * ```
 */
export class DummyNodeDriver extends NodeDriver<
  Connection,
  DummyDriverOptions,
  ComputeExtraTypes<DummyNodeExtra, DummyImageExtra, DummyVolumeExtra, DummyKeyPairExtra>
> {
  /** The per-call options `createNode` and `createVolume` accept (checked before any request). */
  static readonly callOptions: ComputeCallOptions = {
    createNode: { ...CREATE_NODE_OPTIONS, exTags: 'strings' },
    createVolume: { ...CREATE_VOLUME_OPTIONS },
  };
  /** Every compute method. */
  static override readonly capabilities: readonly ComputeMethod[] = COMPUTE_METHODS;
  static override readonly driverOptionKeys: readonly string[] = ['region', 'pendingPolls', 'clock'];

  readonly type = 'dummy';
  readonly name = 'Dummy';
  readonly website = 'https://example.com/nubes-dummy';

  readonly #pendingPolls: number;
  readonly #clock: () => Date;
  readonly #counters = new Map<string, number>();
  readonly #nodes = new Map<string, NodeRecord>();
  readonly #volumes = new Map<string, VolumeRecord>();
  readonly #snapshots = new Map<string, SnapshotRecord>();
  readonly #images = new Map<string, ImageRecord>();
  readonly #keyPairs = new Map<string, KeyPairRecord>();

  constructor(key: string, secret?: string, options: DummyDriverOptions = {}) {
    super(key, secret, options);
    const polls = options.pendingPolls ?? 0;
    if (!Number.isInteger(polls) || polls < 0) {
      throw new InvalidArgumentError(`pendingPolls must be a non-negative integer (got ${String(polls)})`, { option: 'pendingPolls' });
    }
    if (options.clock !== undefined && typeof options.clock !== 'function') {
      throw new InvalidArgumentError('clock must be a function returning a Date', { option: 'clock' });
    }
    if (options.region !== undefined && !DUMMY_LOCATIONS.some((l) => l.id === options.region)) {
      throw new InvalidArgumentError(`Unknown region ${JSON.stringify(options.region)} (known: ${DUMMY_LOCATIONS.map((l) => l.id).join(', ')})`, {
        option: 'region',
      });
    }
    this.#pendingPolls = polls;
    this.#clock = options.clock ?? (() => new Date());
  }

  /** The connection is never used: a `DummyConnection` refuses to send, whatever `transport` says. */
  protected override createConnection(_key: string, _secret: string | undefined, options: ConnectionOptions): Connection {
    return new DummyConnection(options);
  }

  #next(kind: string): number {
    const n = (this.#counters.get(kind) ?? 0) + 1;
    this.#counters.set(kind, n);
    return n;
  }

  #now(): Date {
    return new Date(this.#clock().getTime());
  }

  // -------------------------------------------------------------------------
  // Catalog

  #size(id: string): NodeSize<DummySizeExtra> | undefined {
    const spec = DUMMY_SIZES.find((s) => s.id === id);
    return spec && new NodeSize<DummySizeExtra>({ ...spec, extra: {} }, this);
  }

  #image(id: string): NodeImage<DummyImageExtra> | undefined {
    const spec = DUMMY_IMAGES.find((i) => i.id === id);
    if (spec) return new NodeImage<DummyImageExtra>({ id: spec.id, name: spec.name, extra: { public: true, distribution: spec.distribution, sourceNodeId: null } }, this);
    const custom = this.#images.get(id);
    return custom && new NodeImage<DummyImageExtra>({ id: custom.id, name: custom.name, extra: { public: false, distribution: null, sourceNodeId: custom.sourceNodeId } }, this);
  }

  #location(id: string, option = 'location'): string {
    if (!DUMMY_LOCATIONS.some((l) => l.id === id)) {
      throw new InvalidArgumentError(`Unknown ${option} ${JSON.stringify(id)} (known: ${DUMMY_LOCATIONS.map((l) => l.id).join(', ')})`, { option });
    }
    return id;
  }

  #defaultLocation(): string {
    return this.options.region ?? DUMMY_LOCATIONS[0]!.id;
  }

  // -------------------------------------------------------------------------
  // Nodes

  #nodeRecord(node: Node<object> | string): NodeRecord {
    const id = idOf(node, 'node');
    const record = this.#nodes.get(id);
    if (!record) throw new NodeDoesNotExistError(`Dummy: node ${JSON.stringify(id)} does not exist`, { provider: this.type, statusCode: 404 });
    return record;
  }

  /** One observation of a node: a pending node counts down, then runs. */
  #observe(record: NodeRecord): Node<DummyNodeExtra> {
    if (record.state === NodeState.PENDING) {
      if (record.pendingPolls > 0) record.pendingPolls--;
      else record.state = NodeState.RUNNING;
    }
    return this.#toNode(record);
  }

  #toNode(record: NodeRecord): Node<DummyNodeExtra> {
    const hasIp = record.state !== NodeState.PENDING && record.state !== NodeState.TERMINATED;
    return new Node<DummyNodeExtra>(
      {
        id: record.id,
        name: record.name,
        state: record.state,
        publicIps: hasIp ? [record.publicIp] : [],
        privateIps: [record.privateIp],
        size: this.#size(record.sizeId) ?? record.sizeId,
        image: this.#image(record.imageId) ?? record.imageId,
        createdAt: new Date(record.createdAt.getTime()),
        extra: { location: record.location, tags: [...record.tags], auth: record.auth },
      },
      this,
    );
  }

  /** All nodes, in creation order. Each call is one observation of every node. */
  override async listNodes(_options?: CallOptions): Promise<Node<DummyNodeExtra>[]> {
    return [...this.#nodes.values()].map((r) => this.#observe(r));
  }

  /**
   * One node by id (one observation).
   *
   * @throws {NodeDoesNotExistError} when there is none.
   */
  override async getNode(id: string, _options?: CallOptions): Promise<Node<DummyNodeExtra>> {
    return this.#observe(this.#nodeRecord(id));
  }

  /**
   * Creates a node: `pending` when `pendingPolls` is set, else `running` at once.
   *
   * @throws {InvalidArgumentError} naming `name`, `size`, `image` or `location` when missing or unknown.
   */
  override async createNode(options: DummyCreateNodeOptions): Promise<Node<DummyNodeExtra>> {
    checkCallOptions(options, 'createNode', DummyNodeDriver.callOptions.createNode);
    const name = requireString(options.name, 'name');
    if (options.size === undefined || options.size === null || idOf(options.size, 'size') === '') {
      throw new InvalidArgumentError('createNode needs a size (see listSizes())', { option: 'size' });
    }
    if (options.image === undefined || options.image === null || idOf(options.image, 'image') === '') {
      throw new InvalidArgumentError('createNode needs an image (see listImages())', { option: 'image' });
    }
    const sizeId = idOf(options.size, 'size');
    if (!this.#size(sizeId)) {
      throw new InvalidArgumentError(`Unknown size ${JSON.stringify(sizeId)} (known: ${DUMMY_SIZES.map((s) => s.id).join(', ')})`, { option: 'size' });
    }
    const imageId = idOf(options.image, 'image');
    if (!this.#image(imageId)) {
      throw new InvalidArgumentError(`Unknown image ${JSON.stringify(imageId)} (see listImages())`, { option: 'image' });
    }
    const location = options.location === undefined ? this.#defaultLocation() : this.#location(idOf(options.location, 'location'));
    if (options.exTags !== undefined && (!Array.isArray(options.exTags) || options.exTags.some((t) => typeof t !== 'string'))) {
      throw new InvalidArgumentError('exTags must be an array of strings', { option: 'exTags' });
    }
    const n = this.#next('node');
    const record: NodeRecord = {
      id: `node-${n}`,
      name,
      state: this.#pendingPolls > 0 ? NodeState.PENDING : NodeState.RUNNING,
      sizeId,
      imageId,
      location,
      publicIp: publicIpFor(n),
      privateIp: privateIpFor(n),
      createdAt: this.#now(),
      pendingPolls: this.#pendingPolls,
      tags: [...(options.exTags ?? [])],
      auth: options.auth === undefined ? 'none' : options.auth instanceof NodeAuthPassword ? 'password' : 'ssh-key',
    };
    this.#nodes.set(record.id, record);
    return this.#toNode(record);
  }

  #conflict(message: string): ConflictError {
    return new ConflictError(`Dummy: ${message}`, { provider: this.type, statusCode: 409 });
  }

  /** Reboots a running or stopped node; it is `running` afterwards. */
  override async rebootNode(node: Node<object> | string, _options?: CallOptions): Promise<void> {
    const record = this.#nodeRecord(node);
    if (record.state === NodeState.PENDING) throw this.#conflict(`node ${record.id} is still pending and cannot be rebooted`);
    record.state = NodeState.RUNNING;
  }

  /** Starts a stopped node (a running node stays running). */
  override async startNode(node: Node<object> | string, _options?: CallOptions): Promise<void> {
    const record = this.#nodeRecord(node);
    if (record.state === NodeState.PENDING) throw this.#conflict(`node ${record.id} is still pending and cannot be started`);
    record.state = NodeState.RUNNING;
  }

  /** Stops a running node (a stopped node stays stopped). */
  override async stopNode(node: Node<object> | string, _options?: CallOptions): Promise<void> {
    const record = this.#nodeRecord(node);
    if (record.state === NodeState.PENDING) throw this.#conflict(`node ${record.id} is still pending and cannot be stopped`);
    record.state = NodeState.STOPPED;
  }

  /** Destroys a node; its volumes are detached and kept. */
  override async destroyNode(node: Node<object> | string, _options?: CallOptions): Promise<void> {
    const record = this.#nodeRecord(node);
    for (const volume of this.#volumes.values()) {
      if (volume.nodeId === record.id) {
        volume.nodeId = null;
        volume.device = null;
      }
    }
    this.#nodes.delete(record.id);
  }

  /**
   * Sets a node's state directly, to simulate what a provider might report (an error,
   * a migration, ...).
   */
  exSetNodeState(node: Node<object> | string, state: NodeState): void {
    if (!Object.values(NodeState).includes(state)) {
      throw new InvalidArgumentError(`Unknown node state ${JSON.stringify(state)}`, { option: 'state' });
    }
    const record = this.#nodeRecord(node);
    record.state = state;
    record.pendingPolls = 0;
  }

  // -------------------------------------------------------------------------
  // Sizes, images, locations

  /** The preset sizes (the same in every location). */
  override async listSizes(location?: NodeLocation<object> | string, _options?: CallOptions): Promise<NodeSize<DummySizeExtra>[]> {
    checkOptionalLocation(location);
    if (location !== undefined) this.#location(idOf(location, 'location'));
    return DUMMY_SIZES.map((s) => this.#size(s.id)!);
  }

  /** The public images, then images made with `createImage`. */
  override async listImages(location?: NodeLocation<object> | string, _options?: CallOptions): Promise<NodeImage<DummyImageExtra>[]> {
    checkOptionalLocation(location);
    if (location !== undefined) this.#location(idOf(location, 'location'));
    return [...DUMMY_IMAGES.map((i) => i.id), ...this.#images.keys()].map((id) => this.#image(id)!);
  }

  /**
   * One image by id.
   *
   * @throws {ImageDoesNotExistError} when there is none.
   */
  override async getImage(id: string, _options?: CallOptions): Promise<NodeImage<DummyImageExtra>> {
    requireString(id, 'id');
    const image = this.#image(id);
    if (!image) throw new ImageDoesNotExistError(`Dummy: image ${JSON.stringify(id)} does not exist`, { provider: this.type });
    return image;
  }

  /** Makes a private image from a node. */
  override async createImage(node: Node<object> | string, name: string, _options?: CallOptions): Promise<NodeImage<DummyImageExtra>> {
    requireString(name, 'name');
    const record = this.#nodeRecord(node);
    const id = `image-${this.#next('image')}`;
    this.#images.set(id, { id, name, sourceNodeId: record.id, createdAt: this.#now() });
    return this.#image(id)!;
  }

  /**
   * Deletes a private image.
   *
   * @throws {InvalidArgumentError} (option `image`) for a public image.
   * @throws {ImageDoesNotExistError} for an unknown one.
   */
  override async deleteImage(image: NodeImage<object> | string, _options?: CallOptions): Promise<void> {
    const id = idOf(image, 'image');
    if (DUMMY_IMAGES.some((i) => i.id === id)) {
      throw new InvalidArgumentError(`Dummy: image ${JSON.stringify(id)} is a public image and cannot be deleted`, { option: 'image' });
    }
    if (!this.#images.delete(id)) throw new ImageDoesNotExistError(`Dummy: image ${JSON.stringify(id)} does not exist`, { provider: this.type });
  }

  /** The preset locations. */
  override async listLocations(_options?: CallOptions): Promise<NodeLocation<DummyLocationExtra>[]> {
    return DUMMY_LOCATIONS.map((l) => new NodeLocation<DummyLocationExtra>({ ...l, extra: {} }, this));
  }

  // -------------------------------------------------------------------------
  // Volumes and snapshots

  #volumeRecord(volume: StorageVolume<object> | string): VolumeRecord {
    const id = idOf(volume, 'volume');
    const record = this.#volumes.get(id);
    if (!record) throw new NotFoundError(`Dummy: volume ${JSON.stringify(id)} does not exist`, { provider: this.type, statusCode: 404 });
    return record;
  }

  #toVolume(record: VolumeRecord): StorageVolume<DummyVolumeExtra> {
    return new StorageVolume<DummyVolumeExtra>(
      {
        id: record.id,
        name: record.name,
        size: record.size,
        state: record.nodeId ? StorageVolumeState.INUSE : StorageVolumeState.AVAILABLE,
        extra: {
          location: record.location,
          nodeId: record.nodeId,
          device: record.device,
          createdAt: new Date(record.createdAt.getTime()),
          snapshotId: record.snapshotId,
        },
      },
      this,
    );
  }

  /** One volume by id. */
  override async getVolume(id: string, _options?: CallOptions): Promise<StorageVolume<DummyVolumeExtra>> {
    return this.#toVolume(this.#volumeRecord(requireString(id, 'id')));
  }

  /** All volumes, in creation order. */
  override async listVolumes(_options?: CallOptions): Promise<StorageVolume<DummyVolumeExtra>[]> {
    return [...this.#volumes.values()].map((r) => this.#toVolume(r));
  }

  /**
   * Creates a volume (in the default location unless `location` is given).
   *
   * @throws {InvalidArgumentError} naming `size`, `name`, `location` or `snapshot`.
   */
  override async createVolume(options: CreateVolumeOptions): Promise<StorageVolume<DummyVolumeExtra>> {
    checkCallOptions(options, 'createVolume', DummyNodeDriver.callOptions.createVolume);
    this.requireVolumeSize(options.size, 'GB');
    const name = requireString(options.name, 'name');
    const location = options.location === undefined ? this.#defaultLocation() : this.#location(idOf(options.location, 'location'));
    let snapshotId: string | null = null;
    if (options.snapshot !== undefined) {
      const snapshot = this.#snapshots.get(idOf(options.snapshot, 'snapshot'));
      if (!snapshot) throw new InvalidArgumentError(`Unknown snapshot ${JSON.stringify(idOf(options.snapshot, 'snapshot'))}`, { option: 'snapshot' });
      if (options.size < snapshot.size) {
        throw new InvalidArgumentError(`size ${options.size} GB is smaller than snapshot ${snapshot.id} (${snapshot.size} GB)`, { option: 'size' });
      }
      snapshotId = snapshot.id;
    }
    const id = `vol-${this.#next('volume')}`;
    const record: VolumeRecord = { id, name, size: options.size, location, nodeId: null, device: null, createdAt: this.#now(), snapshotId };
    this.#volumes.set(id, record);
    return this.#toVolume(record);
  }

  /**
   * Attaches a volume to a node in the same location (`device` defaults to the next
   * free `/dev/vdX`).
   *
   * @throws {ConflictError} when the volume is attached already.
   * @throws {BadRequestError} when node and volume are in different locations.
   */
  override async attachVolume(node: Node<object> | string, volume: StorageVolume<object> | string, device?: string, _options?: CallOptions): Promise<void> {
    idOf(volume, 'volume');
    if (device !== undefined) requireString(device, 'device');
    const nodeRecord = this.#nodeRecord(node);
    const record = this.#volumeRecord(volume);
    if (record.nodeId) throw this.#conflict(`volume ${record.id} is already attached to ${record.nodeId}`);
    if (record.location !== nodeRecord.location) {
      throw new BadRequestError(`Dummy: volume ${record.id} is in ${record.location} but node ${nodeRecord.id} is in ${nodeRecord.location}`, {
        provider: this.type,
        statusCode: 400,
      });
    }
    if (device !== undefined) requireString(device, 'device');
    const used = new Set([...this.#volumes.values()].filter((v) => v.nodeId === nodeRecord.id).map((v) => v.device));
    let chosen = device;
    for (let c = 'b'.charCodeAt(0); chosen === undefined; c++) {
      const candidate = `/dev/vd${String.fromCharCode(c)}`;
      if (!used.has(candidate)) chosen = candidate;
    }
    record.nodeId = nodeRecord.id;
    record.device = chosen;
  }

  /**
   * Detaches a volume.
   *
   * @throws {ConflictError} when it is not attached.
   */
  override async detachVolume(volume: StorageVolume<object> | string, _options?: CallOptions): Promise<void> {
    const record = this.#volumeRecord(volume);
    if (!record.nodeId) throw this.#conflict(`volume ${record.id} is not attached`);
    record.nodeId = null;
    record.device = null;
  }

  /**
   * Destroys a detached volume (its snapshots are kept).
   *
   * @throws {ConflictError} while it is attached.
   */
  override async destroyVolume(volume: StorageVolume<object> | string, _options?: CallOptions): Promise<void> {
    const record = this.#volumeRecord(volume);
    if (record.nodeId) throw this.#conflict(`volume ${record.id} is attached to ${record.nodeId}; detach it first`);
    this.#volumes.delete(record.id);
  }

  #toSnapshot(record: SnapshotRecord): VolumeSnapshot<DummySnapshotExtra> {
    return new VolumeSnapshot<DummySnapshotExtra>(
      {
        id: record.id,
        name: record.name,
        size: record.size,
        createdAt: new Date(record.createdAt.getTime()),
        state: VolumeSnapshotState.AVAILABLE,
        extra: { volumeId: record.volumeId },
      },
      this,
    );
  }

  /** Snapshots of a volume, oldest first. */
  override async listVolumeSnapshots(volume: StorageVolume<object> | string, _options?: CallOptions): Promise<VolumeSnapshot<DummySnapshotExtra>[]> {
    const record = this.#volumeRecord(volume);
    return [...this.#snapshots.values()].filter((s) => s.volumeId === record.id).map((s) => this.#toSnapshot(s));
  }

  /** Snapshots a volume (default name `<volume name>-snap-<n>`). */
  override async createVolumeSnapshot(volume: StorageVolume<object> | string, name?: string, _options?: CallOptions): Promise<VolumeSnapshot<DummySnapshotExtra>> {
    if (name !== undefined) requireString(name, 'name');
    const record = this.#volumeRecord(volume);
    const n = this.#next('snapshot');
    const snapshot: SnapshotRecord = { id: `snap-${n}`, name: name ?? `${record.name}-snap-${n}`, size: record.size, volumeId: record.id, createdAt: this.#now() };
    this.#snapshots.set(snapshot.id, snapshot);
    return this.#toSnapshot(snapshot);
  }

  /** Destroys a snapshot. */
  override async destroyVolumeSnapshot(snapshot: VolumeSnapshot<object> | string, _options?: CallOptions): Promise<void> {
    const id = idOf(snapshot, 'snapshot');
    if (!this.#snapshots.delete(id)) throw new NotFoundError(`Dummy: snapshot ${JSON.stringify(id)} does not exist`, { provider: this.type, statusCode: 404 });
  }

  // -------------------------------------------------------------------------
  // Key pairs

  #toKeyPair(record: KeyPairRecord, privateKey?: string): KeyPair<DummyKeyPairExtra> {
    return new KeyPair<DummyKeyPairExtra>(
      {
        name: record.name,
        id: record.id,
        publicKey: record.publicKey,
        fingerprint: record.fingerprint,
        ...(privateKey !== undefined ? { privateKey } : {}),
        extra: { createdAt: new Date(record.createdAt.getTime()) },
      },
      this,
    );
  }

  #keyPairRecord(name: string): KeyPairRecord {
    for (const record of this.#keyPairs.values()) if (record.name === name) return record;
    throw new KeyPairDoesNotExistError(`Dummy: key pair ${JSON.stringify(name)} does not exist`, { provider: this.type });
  }

  #addKeyPair(name: string, publicKey: string): KeyPairRecord {
    if ([...this.#keyPairs.values()].some((k) => k.name === name)) throw this.#conflict(`a key pair named ${JSON.stringify(name)} exists already`);
    const record: KeyPairRecord = {
      id: `key-${this.#next('key')}`,
      name,
      publicKey,
      fingerprint: md5Fingerprint(publicKey),
      createdAt: this.#now(),
    };
    this.#keyPairs.set(record.id, record);
    return record;
  }

  /** All key pairs, in creation order. */
  override async listKeyPairs(_options?: CallOptions): Promise<KeyPair<DummyKeyPairExtra>[]> {
    return [...this.#keyPairs.values()].map((r) => this.#toKeyPair(r));
  }

  /**
   * One key pair by name.
   *
   * @throws {KeyPairDoesNotExistError} when there is none.
   */
  override async getKeyPair(name: string, _options?: CallOptions): Promise<KeyPair<DummyKeyPairExtra>> {
    requireString(name, 'name');
    return this.#toKeyPair(this.#keyPairRecord(name));
  }

  /**
   * "Generates" a key pair. The keys are derived from the name and a counter so output
   * is reproducible: they are placeholders, not a usable SSH key pair.
   */
  override async createKeyPair(name: string, _options?: CallOptions): Promise<KeyPair<DummyKeyPairExtra>> {
    requireString(name, 'name');
    const seed = `nubes-dummy:${name}:${(this.#counters.get('key') ?? 0) + 1}`;
    const record = this.#addKeyPair(name, fakeEd25519PublicKey(seed, name));
    const body = Buffer.from(`nubes dummy private key for ${name}; not a usable key`).toString('base64');
    return this.#toKeyPair(record, `-----BEGIN OPENSSH PRIVATE KEY-----\n${body}\n-----END OPENSSH PRIVATE KEY-----\n`);
  }

  /**
   * Imports an OpenSSH public key.
   *
   * @throws {InvalidArgumentError} (option `publicKey`) when it is not one.
   */
  override async importKeyPairFromString(name: string, publicKey: string, _options?: CallOptions): Promise<KeyPair<DummyKeyPairExtra>> {
    requireString(name, 'name');
    parseOpenSshPublicKey(publicKey);
    return this.#toKeyPair(this.#addKeyPair(name, publicKey.trim()));
  }

  /** Deletes a key pair (given as the object or its name). */
  override async deleteKeyPair(keyPair: KeyPair<object> | string, _options?: CallOptions): Promise<void> {
    requireObjectOrId(keyPair, 'keyPair');
    const name = requireString(typeof keyPair === 'string' ? keyPair : keyPair.name, 'keyPair');
    this.#keyPairs.delete(this.#keyPairRecord(name).id);
  }
}
