/**
 * The compute API: value types (Node, NodeSize, NodeImage, ...) and the NodeDriver
 * base every compute driver extends.
 */
import { checkCallOptions, refOf, requireString } from '../../common/validate.js';
import { WAIT_UNTIL_RUNNING_OPTIONS } from './call-options.js';
import { readFile } from 'node:fs/promises';
import { BaseDriver, type DriverOptions } from '../../common/base-driver.js';
import { bindDriver, notSupported, supports } from '../../common/capabilities.js';
import {
  AbortError,
  ImageDoesNotExistError,
  InvalidArgumentError,
  KeyPairDoesNotExistError,
  NodeDoesNotExistError,
  NodeStateTimeoutError,
} from '../../common/errors/index.js';
import { collect } from '../../common/pagination.js';
import type { Connection } from '../../connection/connection.js';
import { sleep } from '../../connection/retry.js';

/** Provider-specific extra fields of a value object. */
export type Extra = Record<string, unknown>;

/** States a node can be in, normalised across providers. */
export enum NodeState {
  /** Up and serving. */
  RUNNING = 'running',
  /** Booting after a start. */
  STARTING = 'starting',
  /** Restarting. */
  REBOOTING = 'rebooting',
  /** Destroyed; some providers list terminated nodes for a while. */
  TERMINATED = 'terminated',
  /** Being created. */
  PENDING = 'pending',
  /** Shutting down. */
  STOPPING = 'stopping',
  /** Shut down; can be started again. */
  STOPPED = 'stopped',
  /** Suspended by the provider (often billing or abuse). */
  SUSPENDED = 'suspended',
  /** The provider reports a failure. */
  ERROR = 'error',
  /** Paused (memory kept, CPU stopped). */
  PAUSED = 'paused',
  /** Being resized or reconfigured. */
  RECONFIGURING = 'reconfiguring',
  /** Moving to another host. */
  MIGRATING = 'migrating',
  /** Being updated by the provider. */
  UPDATING = 'updating',
  /** A state nubes does not map; the provider's own value is in `extra`. */
  UNKNOWN = 'unknown',
}

/** States of a block storage volume. */
export enum StorageVolumeState {
  /** Ready to attach. */
  AVAILABLE = 'available',
  /** Attached to a node. */
  INUSE = 'inuse',
  /** Being created. */
  CREATING = 'creating',
  /** Being attached. */
  ATTACHING = 'attaching',
  /** Being deleted. */
  DELETING = 'deleting',
  /** Deleted. */
  DELETED = 'deleted',
  /** Being backed up. */
  BACKUP = 'backup',
  /** Moving. */
  MIGRATING = 'migrating',
  /** Being resized or updated. */
  UPDATING = 'updating',
  /** The provider reports a failure. */
  ERROR = 'error',
  /** A state nubes does not map. */
  UNKNOWN = 'unknown',
}

/** States of a volume snapshot. */
export enum VolumeSnapshotState {
  /** Ready to use. */
  AVAILABLE = 'available',
  /** Being taken. */
  CREATING = 'creating',
  /** Being deleted. */
  DELETING = 'deleting',
  /** A volume is being restored from it. */
  RESTORING = 'restoring',
  /** Being updated. */
  UPDATING = 'updating',
  /** The provider reports a failure. */
  ERROR = 'error',
  /** A state nubes does not map. */
  UNKNOWN = 'unknown',
}

/** Every method a compute driver may implement; drivers declare theirs in `capabilities`. */
export type ComputeMethod =
  | 'listNodes'
  | 'getNode'
  | 'createNode'
  | 'rebootNode'
  | 'startNode'
  | 'stopNode'
  | 'destroyNode'
  | 'listSizes'
  | 'listImages'
  | 'getImage'
  | 'createImage'
  | 'deleteImage'
  | 'listLocations'
  | 'listVolumes'
  | 'createVolume'
  | 'attachVolume'
  | 'detachVolume'
  | 'destroyVolume'
  | 'listVolumeSnapshots'
  | 'createVolumeSnapshot'
  | 'destroyVolumeSnapshot'
  | 'listKeyPairs'
  | 'getKeyPair'
  | 'createKeyPair'
  | 'importKeyPairFromString'
  | 'deleteKeyPair';

/** All compute methods, in documentation order (for support matrices). */
export const COMPUTE_METHODS: readonly ComputeMethod[] = [
  'listNodes',
  'getNode',
  'createNode',
  'rebootNode',
  'startNode',
  'stopNode',
  'destroyNode',
  'listSizes',
  'listImages',
  'getImage',
  'createImage',
  'deleteImage',
  'listLocations',
  'listVolumes',
  'createVolume',
  'attachVolume',
  'detachVolume',
  'destroyVolume',
  'listVolumeSnapshots',
  'createVolumeSnapshot',
  'destroyVolumeSnapshot',
  'listKeyPairs',
  'getKeyPair',
  'createKeyPair',
  'importKeyPairFromString',
  'deleteKeyPair',
];

/**
 * Every compute method but `missing`: how a driver declares its capabilities, so what
 * it lacks is named in one place.
 *
 * @example
 * ```ts
 * static override readonly capabilities = computeMethodsExcept('createKeyPair');
 * ```
 */
export function computeMethodsExcept(...missing: readonly ComputeMethod[]): readonly ComputeMethod[] {
  return COMPUTE_METHODS.filter((m) => !missing.includes(m));
}

// ---------------------------------------------------------------------------
// Value types

/** Fields of a {@link NodeSize}. */
export interface NodeSizeInit<E extends object = Extra> {
  /** Provider id, as `createNode` takes it. */
  id: string;
  /** Human-readable name. */
  name: string;
  /** Memory in MiB. */
  ram: number;
  /** Root disk in GB (0 when the size has no local disk). */
  disk: number;
  /** Virtual CPUs. */
  vcpus?: number;
  /** Included transfer in GB per month, when the provider says. */
  bandwidth?: number;
  /** Hourly price in USD, when the provider says. */
  price?: number;
  /** Provider-specific fields, typed per driver. */
  extra: E;
}

/** A machine size (flavor, plan, instance type). */
export class NodeSize<E extends object = Extra> {
  /** The driver this value came from (not enumerable: it stays out of JSON and test equality). */
  declare readonly driver: NodeDriver;
  /** Provider id, as `createNode` takes it. */
  readonly id: string;
  /** Human-readable name. */
  readonly name: string;
  /** Memory in MiB. */
  readonly ram: number;
  /** Root disk in GB (0 when the size has no local disk). */
  readonly disk: number;
  /** Virtual CPUs, when the provider says. */
  readonly vcpus: number | undefined;
  /** Included transfer in GB per month, when the provider says. */
  readonly bandwidth: number | undefined;
  /** Hourly price in USD, when the provider says. */
  readonly price: number | undefined;
  /** Provider-specific fields, typed per driver. */
  readonly extra: E;

  constructor(init: NodeSizeInit<E>, driver: NodeDriver) {
    this.id = init.id;
    this.name = init.name;
    this.ram = init.ram;
    this.disk = init.disk;
    this.vcpus = init.vcpus;
    this.bandwidth = init.bandwidth;
    this.price = init.price;
    this.extra = init.extra;
    bindDriver(this, driver);
  }
}

/** Fields of a {@link NodeImage}. */
export interface NodeImageInit<E extends object = Extra> {
  /** Provider id, as `createNode` takes it. */
  id: string;
  /** Human-readable name. */
  name: string;
  /** Provider-specific fields, typed per driver. */
  extra: E;
}

/** An image (template, AMI, distribution) nodes boot from. */
export class NodeImage<E extends object = Extra> {
  /** The driver this value came from (not enumerable: it stays out of JSON and test equality). */
  declare readonly driver: NodeDriver;
  /** Provider id, as `createNode` takes it. */
  readonly id: string;
  /** Human-readable name. */
  readonly name: string;
  /** Provider-specific fields, typed per driver. */
  readonly extra: E;

  constructor(init: NodeImageInit<E>, driver: NodeDriver) {
    this.id = init.id;
    this.name = init.name;
    this.extra = init.extra;
    bindDriver(this, driver);
  }

  /** Deletes this image. */
  delete(): Promise<void> {
    return this.driver.deleteImage(this);
  }
}

/** Fields of a {@link NodeLocation}. */
export interface NodeLocationInit<E extends object = Extra> {
  /** Provider id (region or zone), as `createNode` takes it. */
  id: string;
  /** Human-readable name. */
  name: string;
  /** ISO 3166 country code, when known. */
  country: string;
  /** Provider-specific fields, typed per driver. */
  extra: E;
}

/** A region, zone or data centre. */
export class NodeLocation<E extends object = Extra> {
  /** The driver this value came from (not enumerable: it stays out of JSON and test equality). */
  declare readonly driver: NodeDriver;
  /** Provider id (region or zone), as `createNode` takes it. */
  readonly id: string;
  /** Human-readable name. */
  readonly name: string;
  /** ISO 3166 country code, when known. */
  readonly country: string;
  /** Provider-specific fields, typed per driver. */
  readonly extra: E;

  constructor(init: NodeLocationInit<E>, driver: NodeDriver) {
    this.id = init.id;
    this.name = init.name;
    this.country = init.country;
    this.extra = init.extra;
    bindDriver(this, driver);
  }
}

/** Fields of a {@link Node}. */
export interface NodeInit<E extends object = Extra> {
  /** Provider id. */
  id: string;
  /** Name (label, hostname) given at creation. */
  name: string;
  /** Normalised state. */
  state: NodeState;
  /** Public IPv4 and IPv6 addresses. */
  publicIps: string[];
  /** Private addresses. */
  privateIps: string[];
  /** Size id, or the size itself when the provider returns it inline. */
  size?: NodeSize<object> | string;
  /** Image id, or the image itself. */
  image?: NodeImage<object> | string;
  /** When the provider created it. */
  createdAt?: Date;
  /** Provider-specific fields, typed per driver. */
  extra: E;
}

/**
 * A server. `reboot()`, `start()`, `stop()` and `destroy()` call the driver.
 *
 * @example
 * ```ts
 * import { NodeState, type NodeDriver } from 'nubes/compute';
 *
 * async function startFirstNode(driver: NodeDriver): Promise<void> {
 *   const [node] = await driver.listNodes();
 *   if (node?.state === NodeState.STOPPED) await node.start();
 * }
 * ```
 */
export class Node<E extends object = Extra> {
  /** The driver this value came from (not enumerable: it stays out of JSON and test equality). */
  declare readonly driver: NodeDriver;
  /** Provider id. */
  readonly id: string;
  /** Name (label, hostname) given at creation. */
  readonly name: string;
  /** Normalised state; the provider's own value is usually in `extra`. */
  readonly state: NodeState;
  /** Public IPv4 and IPv6 addresses (empty until assigned). */
  readonly publicIps: string[];
  /** Private addresses. */
  readonly privateIps: string[];
  /** Size id, or the size itself when the provider returns it inline. */
  readonly size: NodeSize<object> | string | undefined;
  /** Image id, or the image itself. */
  readonly image: NodeImage<object> | string | undefined;
  /** When the provider created it, when it says. */
  readonly createdAt: Date | undefined;
  /** Provider-specific fields, typed per driver. */
  readonly extra: E;

  constructor(init: NodeInit<E>, driver: NodeDriver) {
    this.id = init.id;
    this.name = init.name;
    this.state = init.state;
    this.publicIps = init.publicIps;
    this.privateIps = init.privateIps;
    this.size = init.size;
    this.image = init.image;
    this.createdAt = init.createdAt;
    this.extra = init.extra;
    bindDriver(this, driver);
  }

  /** Reboots this node. */
  reboot(): Promise<void> {
    return this.driver.rebootNode(this);
  }

  /** Starts this (stopped) node. */
  start(): Promise<void> {
    return this.driver.startNode(this);
  }

  /** Stops this node (it can be started again). */
  stop(): Promise<void> {
    return this.driver.stopNode(this);
  }

  /** Destroys this node. */
  destroy(): Promise<void> {
    return this.driver.destroyNode(this);
  }
}

/** Fields of a {@link StorageVolume}. */
export interface StorageVolumeInit<E extends object = Extra> {
  /** Provider id. */
  id: string;
  /** Name. */
  name: string;
  /** Size in GB. */
  size: number;
  /** Normalised state. */
  state: StorageVolumeState;
  /** Provider-specific fields, typed per driver. */
  extra: E;
}

/** A block storage volume. */
export class StorageVolume<E extends object = Extra> {
  /** The driver this value came from (not enumerable: it stays out of JSON and test equality). */
  declare readonly driver: NodeDriver;
  /** Provider id. */
  readonly id: string;
  /** Name. */
  readonly name: string;
  /** Size in GB. */
  readonly size: number;
  /** Normalised state. */
  readonly state: StorageVolumeState;
  /** Provider-specific fields, typed per driver. */
  readonly extra: E;

  constructor(init: StorageVolumeInit<E>, driver: NodeDriver) {
    this.id = init.id;
    this.name = init.name;
    this.size = init.size;
    this.state = init.state;
    this.extra = init.extra;
    bindDriver(this, driver);
  }

  /** Attaches this volume to a node. */
  attach(node: Node<object> | string, device?: string): Promise<void> {
    return this.driver.attachVolume(node, this, device);
  }

  /** Detaches this volume. */
  detach(): Promise<void> {
    return this.driver.detachVolume(this);
  }

  /** Destroys this volume. */
  destroy(): Promise<void> {
    return this.driver.destroyVolume(this);
  }

  /** Snapshots of this volume. */
  listSnapshots(): Promise<VolumeSnapshot[]> {
    return this.driver.listVolumeSnapshots(this);
  }

  /** Takes a snapshot of this volume. */
  snapshot(name?: string): Promise<VolumeSnapshot> {
    return this.driver.createVolumeSnapshot(this, name);
  }
}

/** Fields of a {@link VolumeSnapshot}. */
export interface VolumeSnapshotInit<E extends object = Extra> {
  /** Provider id. */
  id: string;
  /** Name, when the provider has one. */
  name?: string;
  /** Size in GB. */
  size: number;
  /** When it was taken. */
  createdAt?: Date;
  /** Normalised state. */
  state: VolumeSnapshotState;
  /** Provider-specific fields, typed per driver. */
  extra: E;
}

/** A snapshot of a volume. */
export class VolumeSnapshot<E extends object = Extra> {
  /** The driver this value came from (not enumerable: it stays out of JSON and test equality). */
  declare readonly driver: NodeDriver;
  /** Provider id. */
  readonly id: string;
  /** Name, when the provider has one. */
  readonly name: string | undefined;
  /** Size in GB. */
  readonly size: number;
  /** When it was taken, when the provider says. */
  readonly createdAt: Date | undefined;
  /** Normalised state. */
  readonly state: VolumeSnapshotState;
  /** Provider-specific fields, typed per driver. */
  readonly extra: E;

  constructor(init: VolumeSnapshotInit<E>, driver: NodeDriver) {
    this.id = init.id;
    this.name = init.name;
    this.size = init.size;
    this.createdAt = init.createdAt;
    this.state = init.state;
    this.extra = init.extra;
    bindDriver(this, driver);
  }

  /** Destroys this snapshot. */
  destroy(): Promise<void> {
    return this.driver.destroyVolumeSnapshot(this);
  }
}

/** Fields of a {@link KeyPair}. */
export interface KeyPairInit<E extends object = Extra> {
  /** Name, unique per account. */
  name: string;
  /** Provider id, when it differs from the name. */
  id?: string;
  /** OpenSSH public key. */
  publicKey?: string;
  /** Fingerprint as the provider computes it (MD5 or SHA256). */
  fingerprint?: string;
  /** Only set right after `createKeyPair`, when the provider generated the key. Never logged. */
  privateKey?: string;
  /** Provider-specific fields, typed per driver. */
  extra: E;
}

/** An SSH key pair known to the provider. */
export class KeyPair<E extends object = Extra> {
  /** The driver this value came from (not enumerable: it stays out of JSON and test equality). */
  declare readonly driver: NodeDriver;
  /** Name, unique per account. */
  readonly name: string;
  /** Provider id, when it differs from the name. */
  readonly id: string | undefined;
  /** OpenSSH public key, when the provider returns it. */
  readonly publicKey: string | undefined;
  /** Fingerprint as the provider computes it. */
  readonly fingerprint: string | undefined;
  /** Only set right after `createKeyPair`, when the provider generated the key. Not enumerable: it stays out of JSON and logs. */
  declare readonly privateKey: string | undefined;
  /** Provider-specific fields, typed per driver. */
  readonly extra: E;

  constructor(init: KeyPairInit<E>, driver: NodeDriver) {
    this.name = init.name;
    this.id = init.id;
    this.publicKey = init.publicKey;
    this.fingerprint = init.fingerprint;
    // Non-enumerable: a private key must not end up in JSON dumps or test snapshots by accident.
    Object.defineProperty(this, 'privateKey', { value: init.privateKey, enumerable: false });
    this.extra = init.extra;
    bindDriver(this, driver);
  }

  /** Deletes this key pair from the provider. */
  delete(): Promise<void> {
    return this.driver.deleteKeyPair(this);
  }
}

/** Log in with an SSH public key (OpenSSH format). */
export class NodeAuthSSHKey {
  /** Discriminant of {@link NodeAuth}. */
  readonly kind = 'ssh-key';
  /** @param pubkey - An OpenSSH public key (`ssh-ed25519 AAAA... comment`). */
  constructor(readonly pubkey: string) {
    if (typeof pubkey !== 'string' || !/^(ssh-|ecdsa-|sk-)/.test(pubkey.trim())) {
      throw new InvalidArgumentError('NodeAuthSSHKey needs an OpenSSH public key ("ssh-ed25519 AAAA...")', { option: 'auth' });
    }
  }
}

/** Log in with a password. The password never appears in `JSON.stringify` or `util.inspect`. */
export class NodeAuthPassword {
  /** Discriminant of {@link NodeAuth}. */
  readonly kind = 'password';
  /** The password (not enumerable; `toJSON` redacts it). */
  declare readonly password: string;
  /** True when the provider generated it. */
  readonly generated: boolean;
  constructor(password: string, generated = false) {
    if (typeof password !== 'string' || password === '') {
      throw new InvalidArgumentError('NodeAuthPassword needs a non-empty password', { option: 'auth' });
    }
    Object.defineProperty(this, 'password', { value: password, enumerable: false });
    this.generated = generated;
  }
  /** A redacted view for `JSON.stringify`. */
  toJSON(): {
    /** Always `'password'`. */
    kind: string;
    /** Always `'[REDACTED]'`. */
    password: string;
  } {
    return { kind: this.kind, password: '[REDACTED]' };
  }
}

/** How to log in to a new node. */
export type NodeAuth = NodeAuthSSHKey | NodeAuthPassword;

/** Options of {@link NodeDriver.createNode}. Drivers extend this with their own typed extras. */
export interface CreateNodeOptions {
  /** Name (label, hostname) of the new node. */
  name: string;
  /** A size from `listSizes()`, or its id. */
  size: NodeSize<object> | string;
  /** An image from `listImages()`, or its id. */
  image: NodeImage<object> | string;
  /** A location from `listLocations()`, or its id (default: the driver's region or the provider's default). */
  location?: NodeLocation<object> | string;
  /** How to log in: an SSH key or a password (default: the provider's default). */
  auth?: NodeAuth;
}

/** Options of {@link NodeDriver.createVolume}. */
export interface CreateVolumeOptions {
  /** Size in GB. */
  size: number;
  /** Name of the new volume. */
  name: string;
  /** Where to create it (default: the driver's region). */
  location?: NodeLocation<object> | string;
  /** Create from this snapshot. */
  snapshot?: VolumeSnapshot<object> | string;
}

/** Options of {@link NodeDriver.waitUntilRunning}. */
export interface WaitUntilRunningOptions {
  /** Give up after this many ms (default 600000). */
  timeout?: number;
  /** Poll every this many ms (default 3000). */
  interval?: number;
  /** Also wait until each node has a public IP (default true). */
  waitForPublicIp?: boolean;
  /** Stops waiting (rejects with AbortError). */
  signal?: AbortSignal;
}

/**
 * The id of a value object or the id itself.
 *
 * @throws {InvalidArgumentError} naming `argument` for anything else (`null`, a number).
 */
export function idOf(value: { id: string } | string, argument = 'id'): string {
  return refOf(value, argument);
}

// ---------------------------------------------------------------------------
// The driver

/**
 * The base of every compute driver. Drivers declare `static capabilities` and
 * override the methods they support; every other method throws NotSupportedError.
 * Paged listings implement `iterate*`; `list*` collects them.
 *
 * @example
 * ```ts
 * import { getDriver, Provider } from 'nubes/compute';
 * const Dummy = getDriver(Provider.DUMMY);
 * const driver = new Dummy('key');
 * const node = await driver.createNode({ name: 'web-1', size: 'small', image: 'ubuntu-24.04' });
 * await driver.waitUntilRunning([node]);
 * ```
 */
export abstract class NodeDriver<C extends Connection = Connection, O extends DriverOptions = DriverOptions> extends BaseDriver<C, O> {
  /** The compute methods this driver implements. */
  static readonly capabilities: readonly ComputeMethod[] = [];

  /** True when this driver implements `method`. */
  supports(method: ComputeMethod): boolean {
    return supports(this, method);
  }

  /** Throws NotSupportedError for `method`. */
  protected notSupported(method: ComputeMethod | string): never {
    return notSupported(this, method);
  }

  /**
   * The id of `location`, or else the driver's `region` option; undefined when neither
   * is given.
   *
   * @throws {InvalidArgumentError} (option `location`) for an empty location id.
   */
  protected locationOrRegion(location: NodeLocation<object> | string | undefined): string | undefined {
    return location !== undefined ? requireString(idOf(location, 'location'), 'location') : this.options.region;
  }

  /**
   * {@link locationOrRegion}, required: for providers where `method` cannot go without a region.
   *
   * @throws {InvalidArgumentError} (option `location`) when neither is given:
   *   `<method> needs a location (or the region option)`.
   */
  protected requireLocationOrRegion(location: NodeLocation<object> | string | undefined, method: 'createNode' | 'createVolume'): string {
    const region = this.locationOrRegion(location);
    if (region === undefined) throw new InvalidArgumentError(`${method} needs a location (or the region option)`, { option: 'location' });
    return region;
  }

  /**
   * The ids of `createNode`'s `size` and `image`, checked before any request.
   * `sizeWanted` says what the provider calls a size, e.g. `'size slug'` or
   * `'size: a Linode type id'`.
   *
   * @throws {InvalidArgumentError} (option `size` or `image`) when one is missing or empty.
   */
  protected requireSizeAndImage(options: Pick<CreateNodeOptions, 'size' | 'image'>, sizeWanted: string): {
    /** The size id. */
    size: string;
    /** The image id. */
    image: string;
  } {
    if (options.size === undefined || options.size === null) throw new InvalidArgumentError(`createNode needs a ${sizeWanted} (see listSizes())`, { option: 'size' });
    if (options.image === undefined || options.image === null) throw new InvalidArgumentError('createNode needs an image (see listImages())', { option: 'image' });
    return { size: requireString(idOf(options.size, 'size'), 'size'), image: requireString(idOf(options.image, 'image'), 'image') };
  }

  /**
   * `size` of `createVolume` when it is a positive whole number; `unit` is the
   * provider's word for its size unit (`'GB'`, `'GiB'`).
   *
   * @throws {InvalidArgumentError} (option `size`) otherwise.
   */
  protected requireVolumeSize(size: unknown, unit: 'GB' | 'GiB'): number {
    if (typeof size !== 'number' || !Number.isInteger(size) || size < 1) {
      throw new InvalidArgumentError(`size must be a positive whole number of ${unit} (got ${String(size)})`, { option: 'size' });
    }
    return size;
  }

  /** All nodes. */
  async listNodes(): Promise<Node[]> {
    if (this.iterateNodes === NodeDriver.prototype.iterateNodes) this.notSupported('listNodes');
    return collect(this.iterateNodes());
  }

  /** All nodes, fetched page by page. */
  async *iterateNodes(): AsyncGenerator<Node, void, undefined> {
    if (this.listNodes === NodeDriver.prototype.listNodes) this.notSupported('listNodes');
    yield* await this.listNodes();
  }

  /**
   * One node by id.
   *
   * @throws {NodeDoesNotExistError} when there is none.
   */
  async getNode(id: string): Promise<Node> {
    requireString(id, 'id');
    for await (const node of this.iterateNodes()) if (node.id === id) return node;
    throw new NodeDoesNotExistError(`${this.name}: node ${JSON.stringify(id)} does not exist`, { provider: this.type });
  }

  /** Creates a node. */
  async createNode(_options: CreateNodeOptions): Promise<Node> {
    return this.notSupported('createNode');
  }

  /** Reboots a node. */
  async rebootNode(_node: Node<object> | string): Promise<void> {
    return this.notSupported('rebootNode');
  }

  /** Starts a stopped node. */
  async startNode(_node: Node<object> | string): Promise<void> {
    return this.notSupported('startNode');
  }

  /** Stops a node. */
  async stopNode(_node: Node<object> | string): Promise<void> {
    return this.notSupported('stopNode');
  }

  /** Destroys a node. */
  async destroyNode(_node: Node<object> | string): Promise<void> {
    return this.notSupported('destroyNode');
  }

  /** Sizes available (in a location, when the provider distinguishes). */
  async listSizes(_location?: NodeLocation<object> | string): Promise<NodeSize[]> {
    return this.notSupported('listSizes');
  }

  /** Images available. */
  async listImages(location?: NodeLocation<object> | string): Promise<NodeImage[]> {
    if (this.iterateImages === NodeDriver.prototype.iterateImages) this.notSupported('listImages');
    return collect(this.iterateImages(location));
  }

  /** Images, fetched page by page. */
  async *iterateImages(location?: NodeLocation<object> | string): AsyncGenerator<NodeImage, void, undefined> {
    if (this.listImages === NodeDriver.prototype.listImages) this.notSupported('listImages');
    yield* await this.listImages(location);
  }

  /**
   * One image by id.
   *
   * @throws {ImageDoesNotExistError} when there is none.
   */
  async getImage(id: string): Promise<NodeImage> {
    requireString(id, 'id');
    for await (const image of this.iterateImages()) if (image.id === id) return image;
    throw new ImageDoesNotExistError(`${this.name}: image ${JSON.stringify(id)} does not exist`, { provider: this.type });
  }

  /** Creates an image from a node. */
  async createImage(_node: Node<object> | string, _name: string): Promise<NodeImage> {
    return this.notSupported('createImage');
  }

  /** Deletes an image. */
  async deleteImage(_image: NodeImage<object> | string): Promise<void> {
    return this.notSupported('deleteImage');
  }

  /** Regions, zones or data centres. */
  async listLocations(): Promise<NodeLocation[]> {
    return this.notSupported('listLocations');
  }

  /** All volumes. */
  async listVolumes(): Promise<StorageVolume[]> {
    if (this.iterateVolumes === NodeDriver.prototype.iterateVolumes) this.notSupported('listVolumes');
    return collect(this.iterateVolumes());
  }

  /** All volumes, fetched page by page. */
  async *iterateVolumes(): AsyncGenerator<StorageVolume, void, undefined> {
    if (this.listVolumes === NodeDriver.prototype.listVolumes) this.notSupported('listVolumes');
    yield* await this.listVolumes();
  }

  /** Creates a volume. */
  async createVolume(_options: CreateVolumeOptions): Promise<StorageVolume> {
    return this.notSupported('createVolume');
  }

  /** Attaches a volume to a node. */
  async attachVolume(_node: Node<object> | string, _volume: StorageVolume<object> | string, _device?: string): Promise<void> {
    return this.notSupported('attachVolume');
  }

  /** Detaches a volume. */
  async detachVolume(_volume: StorageVolume<object> | string): Promise<void> {
    return this.notSupported('detachVolume');
  }

  /** Destroys a volume. */
  async destroyVolume(_volume: StorageVolume<object> | string): Promise<void> {
    return this.notSupported('destroyVolume');
  }

  /** Snapshots of a volume. */
  async listVolumeSnapshots(_volume: StorageVolume<object> | string): Promise<VolumeSnapshot[]> {
    return this.notSupported('listVolumeSnapshots');
  }

  /** Snapshots a volume. */
  async createVolumeSnapshot(_volume: StorageVolume<object> | string, _name?: string): Promise<VolumeSnapshot> {
    return this.notSupported('createVolumeSnapshot');
  }

  /** Destroys a snapshot. */
  async destroyVolumeSnapshot(_snapshot: VolumeSnapshot<object> | string): Promise<void> {
    return this.notSupported('destroyVolumeSnapshot');
  }

  /** SSH key pairs. */
  async listKeyPairs(): Promise<KeyPair[]> {
    if (this.iterateKeyPairs === NodeDriver.prototype.iterateKeyPairs) this.notSupported('listKeyPairs');
    return collect(this.iterateKeyPairs());
  }

  /** SSH key pairs, fetched page by page. */
  async *iterateKeyPairs(): AsyncGenerator<KeyPair, void, undefined> {
    if (this.listKeyPairs === NodeDriver.prototype.listKeyPairs) this.notSupported('listKeyPairs');
    yield* await this.listKeyPairs();
  }

  /**
   * One key pair by name.
   *
   * @throws {KeyPairDoesNotExistError} when there is none.
   */
  async getKeyPair(name: string): Promise<KeyPair> {
    requireString(name, 'name');
    for await (const kp of this.iterateKeyPairs()) if (kp.name === name) return kp;
    throw new KeyPairDoesNotExistError(`${this.name}: key pair ${JSON.stringify(name)} does not exist`, { provider: this.type });
  }

  /** Creates a key pair; the provider generates the private key (`keyPair.privateKey`). */
  async createKeyPair(_name: string): Promise<KeyPair> {
    return this.notSupported('createKeyPair');
  }

  /** Imports an OpenSSH public key. */
  async importKeyPairFromString(_name: string, _publicKey: string): Promise<KeyPair> {
    return this.notSupported('importKeyPairFromString');
  }

  /** Imports an OpenSSH public key from a file. */
  async importKeyPairFromFile(name: string, path: string): Promise<KeyPair> {
    if (!this.supports('importKeyPairFromString')) this.notSupported('importKeyPairFromString');
    const publicKey = (await readFile(path, 'utf8')).trim();
    return this.importKeyPairFromString(name, publicKey);
  }

  /** Deletes a key pair. */
  async deleteKeyPair(_keyPair: KeyPair<object> | string): Promise<void> {
    return this.notSupported('deleteKeyPair');
  }

  /**
   * Polls until every node is running (and, by default, has a public IP).
   *
   * @throws {NodeStateTimeoutError} when `timeout` passes first.
   * @throws {AbortError} when `signal` aborts.
   */
  async waitUntilRunning(nodes: readonly (Node<object> | string)[], options: WaitUntilRunningOptions = {}): Promise<Node[]> {
    checkCallOptions(options, 'waitUntilRunning', WAIT_UNTIL_RUNNING_OPTIONS);
    const timeout = options.timeout ?? 600_000;
    const interval = options.interval ?? 3_000;
    const wantIp = options.waitForPublicIp ?? true;
    if (!(timeout > 0) || !(interval > 0)) {
      throw new InvalidArgumentError('waitUntilRunning: timeout and interval must be positive numbers of ms', { option: 'timeout' });
    }
    if (!Array.isArray(nodes)) throw new InvalidArgumentError('waitUntilRunning needs an array of nodes or node ids', { option: 'nodes' });
    const ids = nodes.map((n) => idOf(n, 'nodes'));
    const deadline = Date.now() + timeout;
    for (;;) {
      if (options.signal?.aborted) throw new AbortError('waitUntilRunning aborted', { cause: options.signal.reason });
      const all = await this.listNodes();
      const found = ids.map((id) => all.find((n) => n.id === id));
      const ready = found.every((n) => n !== undefined && n.state === NodeState.RUNNING && (!wantIp || n.publicIps.length > 0));
      if (ready) return found as Node[];
      if (Date.now() + interval > deadline) {
        const states = ids.map((id, i) => `${id}=${found[i]?.state ?? 'missing'}`).join(', ');
        throw new NodeStateTimeoutError(`${this.name}: nodes not running after ${timeout} ms (${states})`, { provider: this.type });
      }
      try {
        await sleep(interval, options.signal);
      } catch (reason) {
        throw new AbortError('waitUntilRunning aborted', { cause: reason });
      }
    }
  }
}
