/**
 * The Google Compute Engine driver (API v1): instances, machine types, images, zones,
 * persistent disks, and firewalls/networks/labels/serial output as extras.
 */
import { CALL_OPTIONS, type CallOptions } from '../../../common/call-options.js';
import type { DriverOptions } from '../../../common/base-driver.js';
import { ImageDoesNotExistError, InvalidArgumentError, NodeDoesNotExistError, NotFoundError } from '../../../common/errors/index.js';
import { GOOGLE_OPTION_KEYS, googleDriverConnectionOptions, type GoogleOptions } from '../../../common/google/index.js';
import { checkCallOptions, checkOptionalLocation, requireString } from '../../../common/validate.js';
import type { ComputeCallOptions } from '../call-options.js';
import { GCE_CALL_OPTIONS } from './call-options.js';
import type { ConnectionOptions } from '../../../connection/connection.js';
import {
  Node,
  NodeAuthPassword,
  NodeAuthSSHKey,
  NodeDriver,
  NodeImage,
  NodeLocation,
  NodeSize,
  StorageVolume,
  computeMethodsExcept,
  idOf,
  type ComputeMethod,
  type CreateNodeOptions,
} from '../base.js';
import { GceConnection } from './connection.js';
import { gceName, gceZone, optionalString, optionalStrings } from './names.js';
import { emitProcessWarning, iterateAggregated, iterateList, type GceWarningHandler } from './listing.js';
import { resourcePath, toFirewall, toImage, toLocation, toNetwork, toNode, toSize } from './mappers.js';
import { waitForOperation } from './operations.js';
import type {
  GceFirewall,
  GceImageExtra,
  GceLocationExtra,
  GceNetwork,
  GceNodeExtra,
  GceSizeExtra,
  GceVolumeExtra,
  FirewallJson,
  ImageJson,
  InstanceJson,
  MachineTypeJson,
  NetworkJson,
  OperationJson,
  SerialPortOutputJson,
  ZoneJson,
} from './types.js';
import * as volumes from './volumes.js';
import type { GceCreateVolumeOptions } from './volumes.js';

/** Options of {@link GceNodeDriver}: the connection options, the Google options, plus these. */
export type GceDriverOptions = DriverOptions &
  GoogleOptions & {
    /** Default zone (`europe-west1-b`) for `createNode`, `createVolume`, `listSizes` and names given without a zone. */
    zone?: string;
    /**
     * Receives partial-result warnings: a zone that did not answer an aggregated listing
     * (`UNREACHABLE`), or another GCE warning. Default: `process.emitWarning` (code
     * `NUBES_GCE_PARTIAL_RESULT`). Empty-zone warnings are ignored.
     */
    onWarning?: GceWarningHandler;
    /** First delay between operation checks, in ms (default 1000; each check blocks server side). */
    pollInterval?: number;
    /** How long a mutation waits for its operation, in ms (default 600000). */
    pollTimeout?: number;
  };

/** Options of {@link GceNodeDriver.createNode}. `size` is a machine type (`e2-medium`), `location` a zone. */
export interface GceCreateNodeOptions extends CreateNodeOptions {
  /** Boot disk size in GB (default: the image's size). */
  exDiskSizeGb?: number;
  /** Boot disk type: `pd-balanced` (default), `pd-ssd`, `pd-standard`, `hyperdisk-balanced`, ... */
  exDiskType?: string;
  /** VPC network name or path (default `default`). */
  exNetwork?: string;
  /** Subnetwork name (in the zone's region) or path. */
  exSubnetwork?: string;
  /** Give the instance an ephemeral external IP (default true). */
  exExternalIp?: boolean;
  /** Labels (`env: 'prod'`). */
  exLabels?: Readonly<Record<string, string>>;
  /** Network tags (used by firewall rules). */
  exTags?: readonly string[];
  /** Metadata items (`enable-oslogin: 'TRUE'`, ...). */
  exMetadata?: Readonly<Record<string, string>>;
  /** The `startup-script` metadata item. */
  exStartupScript?: string;
  /** `ssh-keys` entries, each `user:ssh-ed25519 AAAA… comment`. A NodeAuthSSHKey in `auth` adds one for `exSshUser`. */
  exSshKeys?: readonly string[];
  /** User for the `auth` key (default `nubes`). */
  exSshUser?: string;
  /** Service account and scopes; `null` for none. Default: the project's default account with `cloud-platform`. */
  exServiceAccount?: {
    /** The account's e-mail (default `default`: the project's Compute Engine default account). */
    email?: string;
    /** Its scopes on the VM (default `cloud-platform`). */
    scopes?: readonly string[];
  } | null;
  /** Legacy preemptible VM. */
  exPreemptible?: boolean;
  /** Spot VM (`provisioningModel: SPOT`); `'DELETE'` or `'STOP'` (default) on preemption. */
  exSpot?: boolean | 'STOP' | 'DELETE';
  /** Description. */
  exDescription?: string;
}

export type { GceCreateVolumeOptions } from './volumes.js';

/** Options of {@link GceNodeDriver.listImages}. */
export interface GceListImagesOptions extends CallOptions {
  /** Also list DEPRECATED, OBSOLETE and DELETED images (default false). */
  exIncludeDeprecated?: boolean;
  /** Image projects to list besides yours (default {@link GCE_PUBLIC_IMAGE_PROJECTS}). */
  exProjects?: readonly string[];
}

/** What {@link GceListImagesOptions} may hold. */
const LIST_IMAGES_OPTIONS = { ...CALL_OPTIONS, exIncludeDeprecated: 'boolean', exProjects: 'strings' } as const;

/** The public image projects `listImages` includes. */
export const GCE_PUBLIC_IMAGE_PROJECTS: readonly string[] = ['debian-cloud', 'ubuntu-os-cloud', 'cos-cloud', 'rhel-cloud', 'rocky-linux-cloud', 'windows-cloud'];

const CAPABILITIES: readonly ComputeMethod[] = computeMethodsExcept(
  'createImage',
  'deleteImage',
  'listVolumeSnapshots',
  'createVolumeSnapshot',
  'destroyVolumeSnapshot',
  'listKeyPairs',
  'getKeyPair',
  'createKeyPair',
  'importKeyPairFromString',
  'deleteKeyPair',
);

function positiveMs(value: unknown, option: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new InvalidArgumentError(`${option} must be a positive number of ms (got ${String(value)})`, { option });
  }
  return value;
}

function stringMap(value: unknown, option: string): Record<string, string> {
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new InvalidArgumentError(`${option} must be an object of strings`, { option });
  for (const [k, v] of Object.entries(value)) if (typeof v !== 'string') throw new InvalidArgumentError(`${option}.${k} must be a string`, { option: `${option}.${k}` });
  return { ...(value as Record<string, string>) };
}

/** The path of an image reference (see {@link GceNodeDriver.createNode}). */
export function imagePath(image: NodeImage<object> | string, project: string): string {
  const ref = requireString(idOf(image), 'image');
  if (/^https?:\/\//.test(ref)) return resourcePath(ref) ?? ref;
  if (ref.startsWith('projects/')) return ref;
  if (ref.startsWith('global/images/')) return `projects/${project}/${ref}`;
  const parts = ref.split('/');
  if (parts.length === 2 && parts[0] === 'family') return `projects/${project}/global/images/family/${parts[1]}`;
  if (parts.length === 3 && parts[1] === 'family') return `projects/${parts[0]}/global/images/family/${parts[2]}`;
  if (parts.length === 2) return `projects/${parts[0]}/global/images/${parts[1]}`;
  if (parts.length === 1) return `projects/${project}/global/images/${ref}`;
  throw new InvalidArgumentError(`image must be a name, "project/name", "project/family/name" or an image path (got ${JSON.stringify(ref)})`, { option: 'image' });
}

/**
 * The Google Compute Engine driver.
 *
 * Constructor: `new GceNodeDriver(keyFileOrClientEmail, undefined, { project, zone, credentials, ...connection options })`.
 * The first argument is the path of a service-account key file, or a service-account
 * e-mail (with `credentials`, or to pick the metadata server's account), or `''` for the
 * credential chain (GOOGLE_APPLICATION_CREDENTIALS, the gcloud application-default file,
 * the metadata server). `project` defaults to the key's `project_id`.
 *
 * - Node ids are GCE's numeric instance ids (strings: they are uint64). Methods taking a
 *   node accept a Node, `'zone/name'`, a name (with the `zone` option), or the numeric id.
 * - Mutations wait for their operation (`zoneOperations.wait`, looped until `DONE`); a
 *   failed operation is an OperationFailedError with Google's error code in `providerCode`.
 * - `listNodes` reads `aggregated/instances` (every zone, paged); a zone that did not
 *   answer is reported to `onWarning` as `UNREACHABLE` instead of being dropped silently.
 * - `TERMINATED` instances are stopped (`NodeState.STOPPED`), not deleted.
 *
 * @example
 * ```ts
 * import { getDriver, Provider } from 'nubes/compute';
 *
 * const gce = new (getDriver(Provider.GCE))('/secrets/sa-key.json', undefined, { zone: 'europe-west1-b' });
 * const node = await gce.createNode({ name: 'web-1', size: 'e2-small', image: 'debian-cloud/family/debian-12' });
 * ```
 */
export class GceNodeDriver extends NodeDriver<GceConnection, GceDriverOptions> {
  /** The per-call options `createNode` and `createVolume` accept (checked before any request). */
  static readonly callOptions: ComputeCallOptions = GCE_CALL_OPTIONS;
  static override readonly connectionCls = GceConnection;
  static override readonly capabilities: readonly ComputeMethod[] = CAPABILITIES;
  static override readonly driverOptionKeys: readonly string[] = [...GOOGLE_OPTION_KEYS, 'zone', 'onWarning', 'pollInterval', 'pollTimeout'];

  /** `'gce'`. */
  readonly type = 'gce';
  /** `'Google Compute Engine'`. */
  readonly name = 'Google Compute Engine';
  /** The product page. */
  readonly website = 'https://cloud.google.com/compute';

  readonly #onWarning: GceWarningHandler;
  readonly #pollInterval: number;
  readonly #pollTimeout: number;

  constructor(key: string, secret?: string, options: GceDriverOptions = {}) {
    super(key, secret, options);
    if (options.zone !== undefined) gceZone(options.zone, 'zone');
    if (options.onWarning !== undefined && typeof options.onWarning !== 'function') {
      throw new InvalidArgumentError('onWarning must be a function', { option: 'onWarning' });
    }
    this.#onWarning = options.onWarning ?? emitProcessWarning;
    this.#pollInterval = positiveMs(options.pollInterval, 'pollInterval', 1000);
    this.#pollTimeout = positiveMs(options.pollTimeout, 'pollTimeout', 600_000);
  }

  protected override createConnection(key: string, _secret: string | undefined, options: ConnectionOptions): GceConnection {
    return new GceConnection(googleDriverConnectionOptions(key, this.options, options));
  }

  /** The project every call addresses. */
  project(): Promise<string> {
    return this.connection.projectId();
  }

  /** `/compute/v1/projects/{project}` */
  async #base(): Promise<string> {
    return `/compute/v1/projects/${encodeURIComponent(await this.project())}`;
  }

  /** @internal The warning handler (for the volume helpers). */
  get warningHandler(): GceWarningHandler {
    return this.#onWarning;
  }

  /** @internal Sends a mutation and waits for its operation. */
  async mutate(path: string, method: 'POST' | 'DELETE', data?: unknown, params?: Record<string, string>): Promise<OperationJson> {
    const res = await this.connection.request<OperationJson>(path, { method, ...(data !== undefined ? { data } : {}), ...(params ? { params } : {}) });
    return waitForOperation(this.connection, await this.project(), res.object, { timeout: this.#pollTimeout, interval: this.#pollInterval });
  }

  /** @internal The zone: the given one, else the `zone` option. */
  zoneOf(location: NodeLocation<object> | string | undefined, method: string): string {
    if (location !== undefined) return gceZone(idOf(location), 'location');
    if (this.options.zone !== undefined) return this.options.zone;
    throw new InvalidArgumentError(`${method} needs a location (a zone such as europe-west1-b) or the zone option`, { option: 'location' });
  }

  /** @internal `{zone, name}` of a node reference. */
  async instanceRef(node: Node<object> | string): Promise<{ zone: string; name: string }> {
    if (node instanceof Node) {
      const zone = (node.extra as Partial<GceNodeExtra>).zone;
      if (typeof zone === 'string') return { zone, name: node.name };
      return this.instanceRef(node.id);
    }
    const ref = requireString(node, 'node');
    const slash = ref.split('/');
    if (slash.length === 2) return { zone: gceZone(slash[0], 'node'), name: gceName(slash[1], 'node') };
    if (/^\d+$/.test(ref)) {
      const found = await this.getNode(ref);
      return { zone: (found.extra as GceNodeExtra).zone, name: found.name };
    }
    return { zone: this.zoneOf(undefined, 'A node given by name'), name: gceName(ref, 'node') };
  }

  async #instancePath(node: Node<object> | string): Promise<string> {
    const { zone, name } = await this.instanceRef(node);
    return `${await this.#base()}/zones/${encodeURIComponent(zone)}/instances/${encodeURIComponent(name)}`;
  }

  // -------------------------------------------------------------------------
  // Nodes

  /** Every instance of the project, every zone (`aggregated/instances`, paged). */
  override async *iterateNodes(_options?: CallOptions): AsyncGenerator<Node<GceNodeExtra>, void, undefined> {
    const instances = iterateAggregated<'instances', InstanceJson>(this.connection, await this.project(), 'instances', 'instances', this.#onWarning);
    for await (const json of instances) yield toNode(json, this);
  }

  override async listNodes(_options?: CallOptions): Promise<Node<GceNodeExtra>[]> {
    const out: Node<GceNodeExtra>[] = [];
    for await (const node of this.iterateNodes()) out.push(node);
    return out;
  }

  /** One instance, by numeric id (aggregated list filtered by id), `'zone/name'`, or name with the `zone` option. */
  override async getNode(id: string, _options?: CallOptions): Promise<Node<GceNodeExtra>> {
    const ref = requireString(id, 'id');
    if (/^\d+$/.test(ref)) {
      const instances = iterateAggregated<'instances', InstanceJson>(this.connection, await this.project(), 'instances', 'instances', this.#onWarning, {
        params: { filter: `id = ${ref}` },
      });
      for await (const json of instances) if (json.id === ref) return toNode(json, this);
      throw new NodeDoesNotExistError(`${this.name}: no instance with id ${ref}`, { provider: this.type });
    }
    const res = await this.connection.request<InstanceJson>(await this.#instancePath(ref));
    return toNode(res.object, this);
  }

  /**
   * Creates an instance and waits for its insert operation. `size` is a machine type,
   * `location` a zone (default: the `zone` option). `image` is an image from
   * `listImages()`, an image path, `project/name`, `project/family/family-name` (the
   * family's latest image, e.g. `debian-cloud/family/debian-12`), or a name in your project.
   * A {@link NodeAuthSSHKey} becomes an `ssh-keys` entry for `exSshUser` (default `nubes`).
   */
  override async createNode(options: GceCreateNodeOptions): Promise<Node<GceNodeExtra>> {
    checkCallOptions(options, 'createNode', GceNodeDriver.callOptions.createNode);
    const name = gceName(options.name, 'name');
    const zone = this.zoneOf(options.location, 'createNode');
    const { size } = this.requireSizeAndImage(options, 'machine type');
    const project = await this.project();
    const region = zone.replace(/-[a-z]$/, '');
    const metadata = stringMap(options.exMetadata, 'exMetadata');
    if (options.exStartupScript !== undefined) metadata['startup-script'] = requireString(options.exStartupScript, 'exStartupScript');
    const sshKeys = optionalStrings(options.exSshKeys, 'exSshKeys') ?? [];
    if (options.auth instanceof NodeAuthPassword) {
      throw new InvalidArgumentError('GCE does not set passwords: give a NodeAuthSSHKey (auth) or exSshKeys', { option: 'auth' });
    }
    if (options.auth instanceof NodeAuthSSHKey) sshKeys.push(`${optionalString(options.exSshUser, 'exSshUser') ?? 'nubes'}:${options.auth.pubkey.trim()}`);
    if (sshKeys.length > 0) metadata['ssh-keys'] = [metadata['ssh-keys'], ...sshKeys].filter(Boolean).join('\n');
    const diskSize = options.exDiskSizeGb === undefined ? undefined : this.requireVolumeSize(options.exDiskSizeGb, 'GB');
    const network = optionalString(options.exNetwork, 'exNetwork') ?? 'default';
    const subnetwork = optionalString(options.exSubnetwork, 'exSubnetwork');
    const diskType = optionalString(options.exDiskType, 'exDiskType') ?? 'pd-balanced';
    const tags = optionalStrings(options.exTags, 'exTags');
    const description = optionalString(options.exDescription, 'exDescription');
    const nic: Record<string, unknown> = { network: network.includes('/') ? network : `global/networks/${network}` };
    if (subnetwork !== undefined) nic.subnetwork = subnetwork.includes('/') ? subnetwork : `regions/${region}/subnetworks/${subnetwork}`;
    if (options.exExternalIp !== false) nic.accessConfigs = [{ type: 'ONE_TO_ONE_NAT', name: 'External NAT' }];
    const scheduling: Record<string, unknown> = {};
    if (options.exPreemptible === true) scheduling.preemptible = true;
    if (options.exSpot !== undefined && ![true, false, 'STOP', 'DELETE'].includes(options.exSpot)) {
      throw new InvalidArgumentError(`exSpot must be true, false, 'STOP' or 'DELETE' (got ${JSON.stringify(options.exSpot)})`, { option: 'exSpot' });
    }
    if (options.exSpot !== undefined && options.exSpot !== false) {
      scheduling.provisioningModel = 'SPOT';
      scheduling.instanceTerminationAction = options.exSpot === 'DELETE' ? 'DELETE' : 'STOP';
    }
    const account = options.exServiceAccount;
    if (account !== undefined && account !== null && (typeof account !== 'object' || Array.isArray(account))) {
      throw new InvalidArgumentError('exServiceAccount must be { email?, scopes? } or null', { option: 'exServiceAccount' });
    }
    const accountEmail = account ? optionalString(account.email, 'exServiceAccount.email') : undefined;
    const accountScopes = account ? optionalStrings(account.scopes, 'exServiceAccount.scopes') : undefined;
    const body: Record<string, unknown> = {
      name,
      machineType: size.includes('/') ? resourcePath(size) ?? size : `zones/${zone}/machineTypes/${size}`,
      disks: [
        {
          boot: true,
          autoDelete: true,
          initializeParams: {
            sourceImage: imagePath(options.image, project),
            diskType: `zones/${zone}/diskTypes/${diskType}`,
            ...(diskSize !== undefined ? { diskSizeGb: String(diskSize) } : {}),
          },
        },
      ],
      networkInterfaces: [nic],
      labels: stringMap(options.exLabels, 'exLabels'),
      metadata: { items: Object.entries(metadata).map(([key, value]) => ({ key, value })) },
      serviceAccounts: account === null ? [] : [{ email: accountEmail ?? 'default', scopes: accountScopes ?? ['https://www.googleapis.com/auth/cloud-platform'] }],
    };
    if (tags !== undefined) body.tags = { items: tags };
    if (description !== undefined) body.description = description;
    if (Object.keys(scheduling).length > 0) body.scheduling = scheduling;
    const base = await this.#base();
    await this.mutate(`${base}/zones/${encodeURIComponent(zone)}/instances`, 'POST', body);
    const res = await this.connection.request<InstanceJson>(`${base}/zones/${encodeURIComponent(zone)}/instances/${name}`);
    return toNode(res.object, this);
  }

  /** Hard reset (`instances.reset`). */
  override async rebootNode(node: Node<object> | string, _options?: CallOptions): Promise<void> {
    await this.mutate(`${await this.#instancePath(node)}/reset`, 'POST');
  }

  /** `instances.start`. */
  override async startNode(node: Node<object> | string, _options?: CallOptions): Promise<void> {
    await this.mutate(`${await this.#instancePath(node)}/start`, 'POST');
  }

  /** `instances.stop` (the instance becomes TERMINATED, i.e. STOPPED). */
  override async stopNode(node: Node<object> | string, _options?: CallOptions): Promise<void> {
    await this.mutate(`${await this.#instancePath(node)}/stop`, 'POST');
  }

  /** `instances.delete` (boot disks with autoDelete go with it). */
  override async destroyNode(node: Node<object> | string, _options?: CallOptions): Promise<void> {
    await this.mutate(await this.#instancePath(node), 'DELETE');
  }

  // -------------------------------------------------------------------------
  // Sizes, images, locations

  /** Machine types of a zone (the argument, else the `zone` option), or of every zone when neither is set. */
  override async listSizes(location?: NodeLocation<object> | string, _options?: CallOptions): Promise<NodeSize<GceSizeExtra>[]> {
    checkOptionalLocation(location);
    const project = await this.project();
    const zone = location !== undefined ? gceZone(idOf(location, 'location'), 'location') : this.options.zone;
    const items =
      zone !== undefined
        ? iterateList<MachineTypeJson>(this.connection, `/compute/v1/projects/${encodeURIComponent(project)}/zones/${encodeURIComponent(zone)}/machineTypes`, 'machineTypes', this.#onWarning)
        : iterateAggregated<'machineTypes', MachineTypeJson>(this.connection, project, 'machineTypes', 'machineTypes', this.#onWarning);
    const out: NodeSize<GceSizeExtra>[] = [];
    for await (const json of items) out.push(toSize(json, this));
    return out;
  }

  /**
   * Your project's images, then the public image projects ({@link GCE_PUBLIC_IMAGE_PROJECTS}).
   * Deprecated images are left out unless `exIncludeDeprecated`; `extra` has the family
   * and the deprecation state.
   */
  override async *iterateImages(location?: NodeLocation<object> | string, options: GceListImagesOptions = {}): AsyncGenerator<NodeImage<GceImageExtra>, void, undefined> {
    // Images are global: a location is accepted (the area signature) but must still be well formed.
    checkOptionalLocation(location);
    checkCallOptions(options, 'listImages', LIST_IMAGES_OPTIONS);
    const project = await this.project();
    const projects = [project, ...(options.exProjects ?? GCE_PUBLIC_IMAGE_PROJECTS).filter((p) => p !== project)];
    for (const p of projects) {
      for await (const json of iterateList<ImageJson>(this.connection, `/compute/v1/projects/${encodeURIComponent(p)}/global/images`, 'images', this.#onWarning)) {
        const image = toImage(json, p, this);
        if (options.exIncludeDeprecated === true || image.extra.deprecated === 'ACTIVE') yield image;
      }
    }
  }

  override async listImages(location?: NodeLocation<object> | string, options: GceListImagesOptions = {}): Promise<NodeImage<GceImageExtra>[]> {
    checkOptionalLocation(location);
    const out: NodeImage<GceImageExtra>[] = [];
    for await (const image of this.iterateImages(location, options)) out.push(image);
    return out;
  }

  /**
   * One image by reference (see {@link GceNodeDriver.createNode} for the forms): a
   * `…/family/NAME` reference returns the family's current image
   * (https://cloud.google.com/compute/docs/reference/rest/v1/images/getFromFamily).
   */
  override async getImage(id: string, _options?: CallOptions): Promise<NodeImage<GceImageExtra>> {
    const path = imagePath(requireString(id, 'id'), await this.project());
    try {
      const res = await this.connection.request<ImageJson>(`/compute/v1/${path.split('/').map(encodeURIComponent).join('/')}`);
      return toImage(res.object, path.split('/')[1]!, this);
    } catch (err) {
      if (err instanceof NotFoundError) throw new ImageDoesNotExistError(err.message, { provider: this.type, statusCode: 404, cause: err, ...(err.providerCode ? { providerCode: err.providerCode } : {}) });
      throw err;
    }
  }

  /** Zones, with their region in `extra`. */
  override async listLocations(_options?: CallOptions): Promise<NodeLocation<GceLocationExtra>[]> {
    const out: NodeLocation<GceLocationExtra>[] = [];
    for await (const json of iterateList<ZoneJson>(this.connection, `${await this.#base()}/zones`, 'zones', this.#onWarning)) out.push(toLocation(json, this));
    return out;
  }

  // -------------------------------------------------------------------------
  // Volumes (persistent disks): see volumes.ts

  /** Every disk of the project, every zone (`aggregated/disks`). */
  override iterateVolumes(_options?: CallOptions): AsyncGenerator<StorageVolume<GceVolumeExtra>, void, undefined> {
    return volumes.iterateVolumes(this);
  }

  /**
   * One disk by its id (one `aggregated/disks` call filtered to it on the server, as
   * disk ids do not carry the zone) or by `zone/name` (one GET).
   *
   * @throws {NotFoundError} when there is none.
   */
  override async getVolume(id: string, _options?: CallOptions): Promise<StorageVolume<GceVolumeExtra>> {
    return volumes.getVolume(this, id);
  }

  override async listVolumes(_options?: CallOptions): Promise<StorageVolume<GceVolumeExtra>[]> {
    const out: StorageVolume<GceVolumeExtra>[] = [];
    for await (const v of this.iterateVolumes()) out.push(v);
    return out;
  }

  /** Creates a blank disk (or one from `snapshot`) of `size` GB in a zone. */
  override createVolume(options: GceCreateVolumeOptions): Promise<StorageVolume<GceVolumeExtra>> {
    return volumes.createVolume(this, options);
  }

  /** Attaches a disk (`device` is its device name, default the disk's name). */
  override attachVolume(node: Node<object> | string, volume: StorageVolume<object> | string, device?: string, _options?: CallOptions): Promise<void> {
    return volumes.attachVolume(this, node, volume, device);
  }

  /** Detaches a disk from the instance using it. */
  override detachVolume(volume: StorageVolume<object> | string, _options?: CallOptions): Promise<void> {
    return volumes.detachVolume(this, volume);
  }

  /** Deletes a disk. */
  override destroyVolume(volume: StorageVolume<object> | string, _options?: CallOptions): Promise<void> {
    return volumes.destroyVolume(this, volume);
  }

  // -------------------------------------------------------------------------
  // Extras

  /** The project's firewall rules. */
  async exListFirewalls(_options?: CallOptions): Promise<GceFirewall[]> {
    const out: GceFirewall[] = [];
    for await (const json of iterateList<FirewallJson>(this.connection, `${await this.#base()}/global/firewalls`, 'firewalls', this.#onWarning)) out.push(toFirewall(json));
    return out;
  }

  /** The project's VPC networks. */
  async exListNetworks(_options?: CallOptions): Promise<GceNetwork[]> {
    const out: GceNetwork[] = [];
    for await (const json of iterateList<NetworkJson>(this.connection, `${await this.#base()}/global/networks`, 'networks', this.#onWarning)) out.push(toNetwork(json));
    return out;
  }

  /** Replaces an instance's labels (reads the current `labelFingerprint` first, as GCE requires). */
  async exSetNodeLabels(node: Node<object> | string, labels: Readonly<Record<string, string>>, _options?: CallOptions): Promise<void> {
    const path = await this.#instancePath(node);
    const current = await this.connection.request<InstanceJson>(path);
    await this.mutate(`${path}/setLabels`, 'POST', { labels: stringMap(labels, 'labels'), labelFingerprint: current.object.labelFingerprint });
  }

  /** The serial console output of an instance (port 1 by default). */
  async exGetSerialPortOutput(node: Node<object> | string, port = 1, _options?: CallOptions): Promise<string> {
    if (!Number.isInteger(port) || port < 1 || port > 4) throw new InvalidArgumentError(`port must be 1 to 4 (got ${String(port)})`, { option: 'port' });
    const res = await this.connection.request<SerialPortOutputJson>(`${await this.#instancePath(node)}/serialPort`, { params: { port } });
    return res.object.contents ?? '';
  }
}
