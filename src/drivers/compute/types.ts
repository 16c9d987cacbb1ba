/**
 * The compute vocabulary: the states, the method list (one `as const` array, the
 * {@link ComputeMethod} union derived from it), the value types (Node, NodeSize,
 * NodeImage, ...) and the options of the area's methods. The driver base is in base.ts,
 * which re-exports all of this, so `import ... from './base.js'` keeps working.
 */
import { bindDriver } from '../../common/capabilities.js';
import { InvalidArgumentError } from '../../common/errors/index.js';
import { refOf } from '../../common/validate.js';
import type { CallOptions } from '../../common/call-options.js';

/** The per-call options every method of the area takes (re-exported from the root entry). */
export type { CallOptions };
import type { NodeDriver } from './base.js';


/** Provider-specific extra fields of a value object. */
export type Extra = Record<string, unknown>;

export type { ExtraOf } from '../../common/extra-of.js';

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

/** All compute methods, in documentation order (for support matrices): the one list the {@link ComputeMethod} union is derived from. */
export const COMPUTE_METHODS = [
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
  'getVolume',
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
] as const;

/** Every method a compute driver may implement; drivers declare theirs in `capabilities`. */
export type ComputeMethod = (typeof COMPUTE_METHODS)[number];

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
  delete(options?: CallOptions): Promise<void> {
    return this.driver.deleteImage(this, options);
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
  reboot(options?: CallOptions): Promise<void> {
    return this.driver.rebootNode(this, options);
  }

  /** Starts this (stopped) node. */
  start(options?: CallOptions): Promise<void> {
    return this.driver.startNode(this, options);
  }

  /** Stops this node (it can be started again). */
  stop(options?: CallOptions): Promise<void> {
    return this.driver.stopNode(this, options);
  }

  /** Destroys this node. */
  destroy(options?: CallOptions): Promise<void> {
    return this.driver.destroyNode(this, options);
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
  attach(node: Node<object> | string, device?: string, options?: CallOptions): Promise<void> {
    return this.driver.attachVolume(node, this, device, options);
  }

  /** Detaches this volume. */
  detach(options?: CallOptions): Promise<void> {
    return this.driver.detachVolume(this, options);
  }

  /** Destroys this volume. */
  destroy(options?: CallOptions): Promise<void> {
    return this.driver.destroyVolume(this, options);
  }

  /** Snapshots of this volume. */
  listSnapshots(options?: CallOptions): Promise<VolumeSnapshot[]> {
    return this.driver.listVolumeSnapshots(this, options);
  }

  /** Takes a snapshot of this volume. */
  snapshot(name?: string, options?: CallOptions): Promise<VolumeSnapshot> {
    return this.driver.createVolumeSnapshot(this, name, options);
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
  destroy(options?: CallOptions): Promise<void> {
    return this.driver.destroyVolumeSnapshot(this, options);
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
  delete(options?: CallOptions): Promise<void> {
    return this.driver.deleteKeyPair(this, options);
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

/**
 * Options of {@link NodeDriver.createNode}, with the per-call `signal` and `timeout`.
 * Drivers extend this with their own typed extras.
 */
export interface CreateNodeOptions extends CallOptions {
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

/** Options of {@link NodeDriver.createVolume}, with the per-call `signal` and `timeout`. */
export interface CreateVolumeOptions extends CallOptions {
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
 * Options of the waiters ({@link NodeDriver.waitUntilState},
 * {@link NodeDriver.waitUntilVolumeState}): they poll on the common poller.
 */
export interface WaitOptions {
  /** Stops waiting (rejects with AbortError); the operation itself goes on at the provider. */
  signal?: AbortSignal | undefined;
  /** Give up after this many ms (default 600000), with a WaitTimeoutError. */
  timeout?: number | undefined;
  /** An absolute end (epoch ms, `Date.now()` scale); the earlier of `deadline` and `timeout` wins. */
  deadline?: number | undefined;
  /** The first delay between polls, in ms (default 3000; it grows up to 15 s). */
  interval?: number | undefined;
}

/**
 * The id of a value object or the id itself.
 *
 * @throws {InvalidArgumentError} naming `argument` for anything else (`null`, a number).
 */
export function idOf(value: { id: string } | string, argument = 'id'): string {
  return refOf(value, argument);
}
