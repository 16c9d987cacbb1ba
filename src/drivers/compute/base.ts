/**
 * The NodeDriver base every compute driver extends. The vocabulary (states, the method
 * list, value types such as Node and NodeImage, options) lives in types.ts and is
 * re-exported here, so every existing import keeps working.
 */
import { readFile } from 'node:fs/promises';
import { BaseDriver, type DriverOptions } from '../../common/base-driver.js';
import { notSupported, supports } from '../../common/capabilities.js';
import {
  ImageDoesNotExistError,
  InvalidArgumentError,
  KeyPairDoesNotExistError,
  NodeDoesNotExistError,
  NodeStateTimeoutError,
  NotFoundError,
  OperationFailedError,
} from '../../common/errors/index.js';
import type { CallOptions } from '../../common/call-options.js';
import type { ExtraOf } from '../../common/extra-of.js';
import { collect } from '../../common/pagination.js';
import type { Connection } from '../../connection/connection.js';
import { poll, type PollOptions } from '../../common/poll.js';
import { checkCallOptions, checkOptionalLocation, requireString } from '../../common/validate.js';
import { WAIT_UNTIL_RUNNING_OPTIONS } from './call-options.js';
import {
  idOf,
  NodeState,
  type ComputeMethod,
  type CreateNodeOptions,
  type CreateVolumeOptions,
  type KeyPair,
  type Node,
  type NodeImage,
  type NodeLocation,
  type NodeSize,
  type StorageVolume,
  StorageVolumeState,
  type VolumeSnapshot,
  type WaitOptions,
  type WaitUntilRunningOptions,
} from './types.js';

export * from './types.js';

// ---------------------------------------------------------------------------
// The driver

/**
 * The `extra` types of a compute driver's values, one per kind. A driver names the kinds
 * it types (`{ node: AcmeNodeExtra; image: AcmeImageExtra }`); the base's `list*`,
 * `iterate*` and `get*` then return them, so `listNodes()` of that driver gives
 * `Node<AcmeNodeExtra>[]` without an override. A kind left out is {@link Extra}.
 */
export interface ComputeExtras {
  /** `extra` of {@link Node}. */
  node?: object;
  /** `extra` of {@link NodeImage}. */
  image?: object;
  /** `extra` of {@link StorageVolume}. */
  volume?: object;
  /** `extra` of {@link KeyPair}. */
  keyPair?: object;
}

/**
 * {@link ComputeExtras} for a driver that types all four kinds, as a driver passes it:
 * `NodeDriver<AcmeConnection, AcmeOptions, ComputeExtraTypes<AcmeNodeExtra, AcmeImageExtra, AcmeVolumeExtra, AcmeKeyPairExtra>>`.
 */
export interface ComputeExtraTypes<N extends object, I extends object, V extends object, K extends object> extends ComputeExtras {
  /** `extra` of {@link Node}. */
  node: N;
  /** `extra` of {@link NodeImage}. */
  image: I;
  /** `extra` of {@link StorageVolume}. */
  volume: V;
  /** `extra` of {@link KeyPair}. */
  keyPair: K;
}

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
export abstract class NodeDriver<
  C extends Connection = Connection,
  O extends DriverOptions = DriverOptions,
  X extends ComputeExtras = ComputeExtras,
> extends BaseDriver<C, O> {
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
  async listNodes(_options?: CallOptions): Promise<Node<ExtraOf<X, 'node'>>[]> {
    if (this.iterateNodes === NodeDriver.prototype.iterateNodes) this.notSupported('listNodes');
    return collect(this.iterateNodes());
  }

  /** All nodes, fetched page by page. */
  async *iterateNodes(_options?: CallOptions): AsyncGenerator<Node<ExtraOf<X, 'node'>>, void, undefined> {
    if (this.listNodes === NodeDriver.prototype.listNodes) this.notSupported('listNodes');
    yield* await this.listNodes();
  }

  /**
   * One node by id.
   *
   * @throws {NodeDoesNotExistError} when there is none.
   */
  async getNode(id: string, _options?: CallOptions): Promise<Node<ExtraOf<X, 'node'>>> {
    requireString(id, 'id');
    for await (const node of this.iterateNodes()) if (node.id === id) return node;
    throw new NodeDoesNotExistError(`${this.name}: node ${JSON.stringify(id)} does not exist`, { provider: this.type });
  }

  /** Creates a node. */
  async createNode(_options: CreateNodeOptions): Promise<Node> {
    return this.notSupported('createNode');
  }

  /** Reboots a node. */
  async rebootNode(_node: Node<object> | string, _options?: CallOptions): Promise<void> {
    return this.notSupported('rebootNode');
  }

  /** Starts a stopped node. */
  async startNode(_node: Node<object> | string, _options?: CallOptions): Promise<void> {
    return this.notSupported('startNode');
  }

  /** Stops a node. */
  async stopNode(_node: Node<object> | string, _options?: CallOptions): Promise<void> {
    return this.notSupported('stopNode');
  }

  /** Destroys a node. */
  async destroyNode(_node: Node<object> | string, _options?: CallOptions): Promise<void> {
    return this.notSupported('destroyNode');
  }

  /** Sizes available (in a location, when the provider distinguishes). */
  async listSizes(_location?: NodeLocation<object> | string, _options?: CallOptions): Promise<NodeSize[]> {
    return this.notSupported('listSizes');
  }

  /** Images available. */
  async listImages(location?: NodeLocation<object> | string, _options?: CallOptions): Promise<NodeImage<ExtraOf<X, 'image'>>[]> {
    if (this.iterateImages === NodeDriver.prototype.iterateImages) this.notSupported('listImages');
    checkOptionalLocation(location);
    return collect(this.iterateImages(location));
  }

  /** Images, fetched page by page. */
  async *iterateImages(location?: NodeLocation<object> | string, _options?: CallOptions): AsyncGenerator<NodeImage<ExtraOf<X, 'image'>>, void, undefined> {
    if (this.listImages === NodeDriver.prototype.listImages) this.notSupported('listImages');
    yield* await this.listImages(location);
  }

  /**
   * One image by id.
   *
   * @throws {ImageDoesNotExistError} when there is none.
   */
  async getImage(id: string, _options?: CallOptions): Promise<NodeImage<ExtraOf<X, 'image'>>> {
    requireString(id, 'id');
    for await (const image of this.iterateImages()) if (image.id === id) return image;
    throw new ImageDoesNotExistError(`${this.name}: image ${JSON.stringify(id)} does not exist`, { provider: this.type });
  }

  /** Creates an image from a node. */
  async createImage(_node: Node<object> | string, _name: string, _options?: CallOptions): Promise<NodeImage> {
    return this.notSupported('createImage');
  }

  /** Deletes an image. */
  async deleteImage(_image: NodeImage<object> | string, _options?: CallOptions): Promise<void> {
    return this.notSupported('deleteImage');
  }

  /** Regions, zones or data centres. */
  async listLocations(_options?: CallOptions): Promise<NodeLocation[]> {
    return this.notSupported('listLocations');
  }

  /** All volumes. */
  async listVolumes(_options?: CallOptions): Promise<StorageVolume<ExtraOf<X, 'volume'>>[]> {
    if (this.iterateVolumes === NodeDriver.prototype.iterateVolumes) this.notSupported('listVolumes');
    return collect(this.iterateVolumes());
  }

  /** All volumes, fetched page by page. */
  async *iterateVolumes(_options?: CallOptions): AsyncGenerator<StorageVolume<ExtraOf<X, 'volume'>>, void, undefined> {
    if (this.listVolumes === NodeDriver.prototype.listVolumes) this.notSupported('listVolumes');
    yield* await this.listVolumes();
  }

  /** Creates a volume. */
  async createVolume(_options: CreateVolumeOptions): Promise<StorageVolume> {
    return this.notSupported('createVolume');
  }

  /** Attaches a volume to a node. */
  async attachVolume(_node: Node<object> | string, _volume: StorageVolume<object> | string, _device?: string, _options?: CallOptions): Promise<void> {
    return this.notSupported('attachVolume');
  }

  /** Detaches a volume. */
  async detachVolume(_volume: StorageVolume<object> | string, _options?: CallOptions): Promise<void> {
    return this.notSupported('detachVolume');
  }

  /** Destroys a volume. */
  async destroyVolume(_volume: StorageVolume<object> | string, _options?: CallOptions): Promise<void> {
    return this.notSupported('destroyVolume');
  }

  /** Snapshots of a volume. */
  async listVolumeSnapshots(_volume: StorageVolume<object> | string, _options?: CallOptions): Promise<VolumeSnapshot[]> {
    return this.notSupported('listVolumeSnapshots');
  }

  /** Snapshots a volume. */
  async createVolumeSnapshot(_volume: StorageVolume<object> | string, _name?: string, _options?: CallOptions): Promise<VolumeSnapshot> {
    return this.notSupported('createVolumeSnapshot');
  }

  /** Destroys a snapshot. */
  async destroyVolumeSnapshot(_snapshot: VolumeSnapshot<object> | string, _options?: CallOptions): Promise<void> {
    return this.notSupported('destroyVolumeSnapshot');
  }

  /** SSH key pairs. */
  async listKeyPairs(_options?: CallOptions): Promise<KeyPair<ExtraOf<X, 'keyPair'>>[]> {
    if (this.iterateKeyPairs === NodeDriver.prototype.iterateKeyPairs) this.notSupported('listKeyPairs');
    return collect(this.iterateKeyPairs());
  }

  /** SSH key pairs, fetched page by page. */
  async *iterateKeyPairs(_options?: CallOptions): AsyncGenerator<KeyPair<ExtraOf<X, 'keyPair'>>, void, undefined> {
    if (this.listKeyPairs === NodeDriver.prototype.listKeyPairs) this.notSupported('listKeyPairs');
    yield* await this.listKeyPairs();
  }

  /**
   * One key pair by name.
   *
   * @throws {KeyPairDoesNotExistError} when there is none.
   */
  async getKeyPair(name: string, _options?: CallOptions): Promise<KeyPair<ExtraOf<X, 'keyPair'>>> {
    requireString(name, 'name');
    for await (const kp of this.iterateKeyPairs()) if (kp.name === name) return kp;
    throw new KeyPairDoesNotExistError(`${this.name}: key pair ${JSON.stringify(name)} does not exist`, { provider: this.type });
  }

  /** Creates a key pair; the provider generates the private key (`keyPair.privateKey`). */
  async createKeyPair(_name: string, _options?: CallOptions): Promise<KeyPair> {
    return this.notSupported('createKeyPair');
  }

  /** Imports an OpenSSH public key. */
  async importKeyPairFromString(_name: string, _publicKey: string, _options?: CallOptions): Promise<KeyPair> {
    return this.notSupported('importKeyPairFromString');
  }

  /** Imports an OpenSSH public key from a file. */
  async importKeyPairFromFile(name: string, path: string, _options?: CallOptions): Promise<KeyPair> {
    if (!this.supports('importKeyPairFromString')) this.notSupported('importKeyPairFromString');
    const publicKey = (await readFile(path, 'utf8')).trim();
    return this.importKeyPairFromString(name, publicKey);
  }

  /** Deletes a key pair. */
  async deleteKeyPair(_keyPair: KeyPair<object> | string, _options?: CallOptions): Promise<void> {
    return this.notSupported('deleteKeyPair');
  }

  /**
   * One volume by id. The base finds it in {@link NodeDriver.iterateVolumes}; drivers
   * whose provider fetches one volume directly override it.
   *
   * @throws {NotFoundError} when there is none.
   */
  async getVolume(id: string, _options?: CallOptions): Promise<StorageVolume<ExtraOf<X, 'volume'>>> {
    requireString(id, 'id');
    if (!this.supports('listVolumes')) this.notSupported('getVolume');
    for await (const volume of this.iterateVolumes()) if (volume.id === id) return volume;
    throw new NotFoundError(`${this.name}: volume ${JSON.stringify(id)} does not exist`, { provider: this.type });
  }

  /**
   * Polls one node ({@link NodeDriver.getNode}, not the whole listing) until its state
   * is one of `states`, on the common poller: backoff from `interval` (default 3 s) up to
   * 15 s, one deadline (`timeout`, default 10 minutes, and/or an absolute `deadline`),
   * `signal` checked during each poll and each wait. A request in flight when the
   * deadline passes is aborted.
   *
   * @returns the node as last fetched, in one of `states`.
   * @throws {NodeStateTimeoutError} (a `WaitTimeoutError`) when the deadline passes first, naming the last state.
   * @throws {OperationFailedError} when the node goes to `error` (and `error` is not in `states`).
   * @throws {AbortError} when `signal` aborts.
   * @throws {InvalidArgumentError} for an empty `states` or a bad option.
   * @example
   * ```ts
   * import { getDriver, NodeState, Provider } from 'nubes/compute';
   *
   * const driver = new (getDriver(Provider.DUMMY))('key');
   * const node = await driver.createNode({ name: 'web-1', size: 'small', image: 'ubuntu-24.04' });
   * await driver.stopNode(node);
   * await driver.waitUntilState(node, [NodeState.STOPPED], { timeout: 120_000, signal: AbortSignal.timeout(300_000) });
   * ```
   */
  async waitUntilState(node: Node<object> | string, states: readonly NodeState[], options: WaitOptions = {}): Promise<Node<ExtraOf<X, 'node'>>> {
    checkCallOptions(options, 'waitUntilState', WAIT_OPTIONS);
    const id = requireString(idOf(node, 'node'), 'node');
    const wanted = checkStates(states, Object.values(NodeState), 'waitUntilState');
    return poll(
      async () => {
        const current = await this.getNode(id);
        if (wanted.includes(current.state)) return { done: true, value: current };
        if (current.state === NodeState.ERROR) {
          throw new OperationFailedError(`${this.name}: node ${id} went to state error while waiting for ${wanted.join(' or ')}`, { provider: this.type, providerCode: 'error' });
        }
        return { done: false, state: current.state };
      },
      {
        ...waitPollOptions(options),
        what: `${this.name}: node ${id} to be ${wanted.join(' or ')}`,
        provider: this.type,
        timeoutError: (message) => new NodeStateTimeoutError(message, { provider: this.type }),
      },
    );
  }

  /**
   * Polls one volume ({@link NodeDriver.getVolume}) until its state is one of `states`,
   * on the common poller, like {@link NodeDriver.waitUntilState}.
   *
   * @returns the volume as last fetched.
   * @throws {WaitTimeoutError} when the deadline passes first, naming the last state.
   * @throws {OperationFailedError} when the volume goes to `error` (and `error` is not in `states`).
   * @throws {AbortError} when `signal` aborts.
   * @example
   * ```ts
   * import { getDriver, Provider, StorageVolumeState } from 'nubes/compute';
   *
   * const driver = new (getDriver(Provider.DUMMY))('key');
   * const volume = await driver.createVolume({ size: 10, name: 'data' });
   * await driver.waitUntilVolumeState(volume, [StorageVolumeState.AVAILABLE], { timeout: 60_000 });
   * ```
   */
  async waitUntilVolumeState(
    volume: StorageVolume<object> | string,
    states: readonly StorageVolumeState[],
    options: WaitOptions = {},
  ): Promise<StorageVolume<ExtraOf<X, 'volume'>>> {
    checkCallOptions(options, 'waitUntilVolumeState', WAIT_OPTIONS);
    const id = requireString(idOf(volume, 'volume'), 'volume');
    const wanted = checkStates(states, Object.values(StorageVolumeState), 'waitUntilVolumeState');
    return poll(
      async () => {
        const current = await this.getVolume(id);
        if (wanted.includes(current.state)) return { done: true, value: current };
        if (current.state === StorageVolumeState.ERROR) {
          throw new OperationFailedError(`${this.name}: volume ${id} went to state error while waiting for ${wanted.join(' or ')}`, { provider: this.type, providerCode: 'error' });
        }
        return { done: false, state: current.state };
      },
      { ...waitPollOptions(options), what: `${this.name}: volume ${id} to be ${wanted.join(' or ')}`, provider: this.type },
    );
  }

  /**
   * Polls until every node is running (and, by default, has a public IP), through the
   * common poller: a constant `interval`, one deadline, the signal checked before each
   * poll and during each wait. One node is polled with {@link NodeDriver.getNode} when
   * the driver fetches a node directly (a node not found yet counts as `missing`, as a
   * node just created may not be visible at once); several nodes, or a driver without a
   * direct fetch, with one listing per poll.
   *
   * @throws {NodeStateTimeoutError} (a `WaitTimeoutError`) when `timeout` passes first, naming each node's last state.
   * @throws {AbortError} when `signal` aborts.
   */
  async waitUntilRunning(nodes: readonly (Node<object> | string)[], options: WaitUntilRunningOptions = {}): Promise<Node<ExtraOf<X, 'node'>>[]> {
    checkCallOptions(options, 'waitUntilRunning', WAIT_UNTIL_RUNNING_OPTIONS);
    if (!Array.isArray(nodes)) throw new InvalidArgumentError('waitUntilRunning needs an array of nodes or node ids', { option: 'nodes' });
    const timeout = options.timeout ?? 600_000;
    const interval = options.interval ?? 3_000;
    const wantIp = options.waitForPublicIp ?? true;
    if (!(timeout > 0) || !(interval > 0)) {
      throw new InvalidArgumentError('waitUntilRunning: timeout and interval must be positive numbers of ms', { option: 'timeout' });
    }
    const ids = nodes.map((n) => idOf(n, 'nodes'));
    const one = ids.length === 1 && this.getNode !== NodeDriver.prototype.getNode;
    const fetch = async (): Promise<(Node<ExtraOf<X, 'node'>> | undefined)[]> => {
      if (!one) {
        const all = await this.listNodes();
        return ids.map((id) => all.find((n) => n.id === id));
      }
      try {
        return [await this.getNode(ids[0]!)];
      } catch (err) {
        if (err instanceof NodeDoesNotExistError) return [undefined];
        throw err;
      }
    };
    let states = '';
    return poll(
      async () => {
        const found = await fetch();
        const ready = found.every((n) => n !== undefined && n.state === NodeState.RUNNING && (!wantIp || n.publicIps.length > 0));
        if (ready) return { done: true, value: found as Node<ExtraOf<X, 'node'>>[] };
        states = ids.map((id, i) => `${id}=${found[i]?.state ?? 'missing'}`).join(', ');
        return { done: false, state: states };
      },
      {
        timeout,
        interval,
        maxInterval: interval,
        backoff: 1,
        what: `${this.name}: waitUntilRunning`,
        provider: this.type,
        ...(options.signal ? { signal: options.signal } : {}),
        timeoutError: () => new NodeStateTimeoutError(`${this.name}: nodes not running after ${timeout} ms (${states})`, { provider: this.type }),
      },
    );
  }
}

/** The options of the waiters, for `checkCallOptions`. */
const WAIT_OPTIONS = { signal: 'signal', timeout: 'number', deadline: 'number', interval: 'number' } as const;

/** The poller options of a waiter: `interval` default 3 s, growing to 15 s. */
function waitPollOptions(options: WaitOptions): PollOptions {
  return {
    interval: options.interval ?? 3_000,
    ...(options.timeout === undefined ? {} : { timeout: options.timeout }),
    ...(options.deadline === undefined ? {} : { deadline: options.deadline }),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  };
}

/**
 * `states` checked: a non-empty array of values of the state enum.
 *
 * @throws {InvalidArgumentError} (option `states`) otherwise.
 */
function checkStates<S extends string>(states: readonly S[], known: readonly string[], method: string): readonly S[] {
  if (!Array.isArray(states) || states.length === 0 || !states.every((state) => known.includes(state))) {
    throw new InvalidArgumentError(`${method} needs a non-empty array of states (known: ${known.join(', ')})`, { option: 'states' });
  }
  return states;
}
