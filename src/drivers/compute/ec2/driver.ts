/**
 * The Amazon EC2 compute driver (Query API 2016-11-15).
 */
import type { CallOptions } from '../../../common/call-options.js';
import { CREATE_NODE_OPTIONS, CREATE_VOLUME_OPTIONS, type ComputeCallOptions } from '../call-options.js';
import { checkCallOptions, checkOptionalLocation, requireObjectOrId } from '../../../common/validate.js';
import { createHash } from '../../../common/builtins.js';
import { AwsConnection } from '../../../common/aws/aws-connection.js';
import { awsConnectionOptions } from '../../../common/aws/driver-options.js';
import { flattenQueryFilters, flattenQueryList, type AwsQueryParams, type QueryActionOptions } from '../../../common/aws/aws-query-connection.js';
import {
  ConflictError,
  ImageDoesNotExistError,
  InvalidArgumentError,
  KeyPairDoesNotExistError,
  NodeDoesNotExistError,
  NotFoundError,
  ProviderError,
} from '../../../common/errors/index.js';
import { collect, paginate } from '../../../common/pagination.js';
import { xmlText, type XmlElement } from '../../../common/xml.js';
import type { ConnectionOptions } from '../../../connection/connection.js';
import type { DriverOptions } from '../../../common/base-driver.js';
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
  type ComputeMethod,
  type CreateNodeOptions,
  type CreateVolumeOptions,
  COMPUTE_METHODS,
  type ComputeExtraTypes,
} from '../base.js';
import { Ec2Connection } from './connection.js';
import {
  itemsOf,
  nodesOf,
  rootOf,
  toImage,
  toKeyPair,
  toLocation,
  toSize,
  toSnapshot,
  toVolume,
  type Ec2ImageExtra,
  type Ec2KeyPairExtra,
  type Ec2LocationExtra,
  type Ec2NodeExtra,
  type Ec2SnapshotExtra,
  type Ec2Tags,
  type Ec2VolumeExtra,
} from './mappers.js';
import type { Ec2SizeExtra } from './sizes.js';
import { ec2SecurityGroupsOf, ec2AddressesOf, type Ec2ElasticIp, type Ec2IngressRule, type Ec2SecurityGroup } from './network.js';

/** Options of {@link Ec2NodeDriver}: the connection options plus region, session token and clock. */
export interface Ec2DriverOptions extends DriverOptions {
  /** Region, e.g. `eu-west-3` (default: `AWS_REGION`, `AWS_DEFAULT_REGION`, then the profile's region). */
  region?: string;
  /** The profile of ~/.aws/config and ~/.aws/credentials (default `AWS_PROFILE`, else `default`). */
  profile?: string;
  /** Session token of temporary credentials (STS, SSO, instance roles). */
  sessionToken?: string;
  /** Time source for signatures (tests). */
  clock?: () => Date;
}

/** Options of {@link Ec2NodeDriver.createNode}. */
export interface Ec2CreateNodeOptions extends CreateNodeOptions {
  /** An existing key pair to log in with (instead of `auth`). */
  exKeyName?: string;
  /** Security group ids (default: the VPC's default group). */
  exSecurityGroupIds?: readonly string[];
  /** Subnet to launch into (default: the default VPC's subnet in the zone). */
  exSubnetId?: string;
  /** User data (cloud-init), as text; the driver base64-encodes it. */
  exUserData?: string;
  /** More tags besides `Name`. */
  exTags?: Readonly<Ec2Tags>;
  /**
   * Idempotency token (default: a random UUID per call). With it, RunInstances is safe
   * to retry: a retried request never launches a second instance.
   */
  exClientToken?: string;
}

/** Options of {@link Ec2NodeDriver.exIterateImages}. */
export interface Ec2ImageQuery {
  /** Owners: `self`, `amazon`, `aws-marketplace` or account ids (default `['self']`). */
  owners?: readonly string[];
  /** Specific AMI ids. */
  imageIds?: readonly string[];
  /** EC2 filters, e.g. `{ name: ['ubuntu/images/*24.04*'], architecture: ['arm64'] }`. */
  filters?: Readonly<Record<string, readonly string[]>>;
}

/** Every compute method EC2 implements. */
const EC2_CAPABILITIES: readonly ComputeMethod[] = COMPUTE_METHODS;

function requireString(value: unknown, option: string): string {
  if (typeof value !== 'string' || value.trim() === '' || /\s/.test(value)) {
    throw new InvalidArgumentError(`${option} must be a non-empty id without spaces (got ${JSON.stringify(value)})`, { option });
  }
  return value;
}

function refId(value: { id: string } | string | undefined, option: string): string {
  if (value === undefined || value === null) throw new InvalidArgumentError(`${option} is required`, { option });
  return requireString(typeof value === 'string' ? value : value.id, option);
}

/** `TagSpecification.N.*` parameters for a resource type. */
function tagSpecification(resourceType: string, tags: Readonly<Ec2Tags>, index = 1): Record<string, string> {
  const out: Record<string, string> = {};
  const entries = Object.entries(tags);
  if (entries.length === 0) return out;
  out[`TagSpecification.${index}.ResourceType`] = resourceType;
  entries.forEach(([key, value], i) => {
    out[`TagSpecification.${index}.Tag.${i + 1}.Key`] = key;
    out[`TagSpecification.${index}.Tag.${i + 1}.Value`] = value;
  });
  return out;
}

/**
 * Amazon EC2. `key` is the access key id, `secret` the secret access key.
 *
 * Sizes come from a static table (see `sizes.ts`); `listImages()` lists your own AMIs
 * (`exIterateImages({ owners: ['amazon'], filters })` finds public ones); a node's
 * location is its availability zone.
 *
 * @example
 * ```ts
 * import { getDriver, Provider } from 'nubes/compute';
 * const EC2 = getDriver(Provider.EC2);
 * const ec2 = new EC2(process.env.AWS_ACCESS_KEY_ID!, process.env.AWS_SECRET_ACCESS_KEY!, { region: 'eu-west-3' });
 * const node = await ec2.createNode({ name: 'web-1', size: 't3.micro', image: 'ami-0123456789abcdef0', location: 'eu-west-3a' });
 * await ec2.waitUntilRunning([node]);
 * ```
 */
export class Ec2NodeDriver extends NodeDriver<
  Ec2Connection,
  Ec2DriverOptions,
  ComputeExtraTypes<Ec2NodeExtra, Ec2ImageExtra, Ec2VolumeExtra, Ec2KeyPairExtra>
> {
  /** The per-call options `createNode` and `createVolume` accept (checked before any request). */
  static readonly callOptions: ComputeCallOptions = {
    createNode: { ...CREATE_NODE_OPTIONS, exKeyName: 'string', exSecurityGroupIds: 'strings', exSubnetId: 'string', exUserData: 'string', exTags: 'record', exClientToken: 'string' },
    createVolume: { ...CREATE_VOLUME_OPTIONS, exVolumeType: 'string' },
  };
  static override readonly connectionCls = Ec2Connection;
  static override readonly driverOptionKeys: readonly string[] = AwsConnection.awsOptionKeys;
  static override readonly capabilities: readonly ComputeMethod[] = EC2_CAPABILITIES;

  readonly type = 'ec2';
  readonly name = 'Amazon EC2';
  readonly website = 'https://aws.amazon.com/ec2/';

  /**
   * @param key - the access key id.
   * @param secret - the secret access key (required; redacted from every error and log): the type requires it, so a missing secret fails at compile time.
   * @param options - {@link Ec2DriverOptions}.
   */
  constructor(key: string, secret: string, options?: Ec2DriverOptions);
  /** No keys: the AWS credential chain finds them (environment, shared profiles, roles, web identity, containers, instance metadata; docs/aws-credentials.md). */
  constructor(key: undefined, secret: undefined, options?: Ec2DriverOptions);
  constructor(key: string | undefined, secret: string | undefined, options: Ec2DriverOptions = {}) {
    super(key ?? '', secret, options);
  }

  /** The region this driver works in. */
  get region(): string {
    return this.connection.region;
  }

  protected override createConnection(key: string, secret: string | undefined, options: ConnectionOptions): Ec2Connection {
    return new Ec2Connection(key || undefined, secret || undefined, awsConnectionOptions('Ec2NodeDriver', key, secret, options, this.options));
  }

  async #call(action: string, params: AwsQueryParams = {}, options: QueryActionOptions = {}): Promise<XmlElement> {
    const res = await this.connection.queryAction(action, params, options);
    return res.object;
  }

  /** Calls an action whose answer is `<return>true</return>`; false is an error. */
  async #callTrue(action: string, params: AwsQueryParams, options: QueryActionOptions = {}): Promise<void> {
    const doc = await this.#call(action, params, options);
    if (xmlText(rootOf(doc), 'return') === 'false') {
      throw new ProviderError(`${action} returned false`, { provider: this.type });
    }
  }

  // -------------------------------------------------------------------------
  // Nodes

  /** All instances, 1000 per DescribeInstances page (NextToken pagination). */
  override async *iterateNodes(_options?: CallOptions): AsyncGenerator<Node<Ec2NodeExtra>, void, undefined> {
    yield* paginate<Node<Ec2NodeExtra>, string>(undefined, async (token) => {
      const doc = await this.#call('DescribeInstances', { MaxResults: 1000, NextToken: token });
      const next = xmlText(rootOf(doc), 'nextToken');
      return { items: nodesOf(doc, this), next: next === '' ? undefined : next };
    });
  }

  /**
   * One instance by id.
   *
   * @throws {NodeDoesNotExistError} for an unknown id (EC2's `InvalidInstanceID.NotFound`).
   */
  override async getNode(id: string, _options?: CallOptions): Promise<Node<Ec2NodeExtra>> {
    const doc = await this.#call('DescribeInstances', { 'InstanceId.1': requireString(id, 'id') });
    const node = nodesOf(doc, this)[0];
    if (!node) throw new NodeDoesNotExistError(`${this.name}: instance ${JSON.stringify(id)} does not exist`, { provider: this.type });
    return node;
  }

  /**
   * Launches one instance (RunInstances): `size` is the instance type, `image` the AMI,
   * `location` the availability zone; `auth` an SSH public key (imported as a key pair
   * named after its fingerprint) or `exKeyName` an existing key pair. Passwords are not
   * supported by EC2. The name becomes the `Name` tag.
   *
   * @throws {InvalidArgumentError} before any request for a missing size, image or name.
   */
  override async createNode(options: Ec2CreateNodeOptions): Promise<Node<Ec2NodeExtra>> {
    checkCallOptions(options, 'createNode', Ec2NodeDriver.callOptions.createNode);
    if (typeof options !== 'object' || options === null) throw new InvalidArgumentError('createNode needs options', { option: 'options' });
    if (typeof options.name !== 'string' || options.name.trim() === '') {
      throw new InvalidArgumentError('createNode: name is required', { option: 'name' });
    }
    const instanceType = refId(options.size, 'size');
    const imageId = refId(options.image, 'image');
    const zone = options.location === undefined ? undefined : refId(options.location, 'location');
    if (options.auth instanceof NodeAuthPassword) {
      throw new InvalidArgumentError('EC2 does not set passwords at launch: use a NodeAuthSSHKey or exKeyName', { option: 'auth' });
    }
    if (options.auth !== undefined && options.exKeyName !== undefined) {
      throw new InvalidArgumentError('Give either auth or exKeyName, not both', { option: 'exKeyName' });
    }
    let keyName = options.exKeyName === undefined ? undefined : requireString(options.exKeyName, 'exKeyName');
    if (options.auth instanceof NodeAuthSSHKey) keyName = await this.#ensureImportedKey(options.auth.pubkey);
    const params: Record<string, string | number> = {
      ImageId: imageId,
      InstanceType: instanceType,
      MinCount: 1,
      MaxCount: 1,
      ClientToken: options.exClientToken ?? crypto.randomUUID(),
      ...tagSpecification('instance', { Name: options.name, ...(options.exTags ?? {}) }),
    };
    if (zone !== undefined) params['Placement.AvailabilityZone'] = zone;
    if (keyName !== undefined) params.KeyName = keyName;
    if (options.exSubnetId !== undefined) params.SubnetId = requireString(options.exSubnetId, 'exSubnetId');
    if (options.exSecurityGroupIds !== undefined) Object.assign(params, flattenQueryList('SecurityGroupId', options.exSecurityGroupIds));
    if (options.exUserData !== undefined) params.UserData = Buffer.from(options.exUserData, 'utf8').toString('base64');
    // The ClientToken makes RunInstances idempotent, so it may be retried.
    const doc = await this.#call('RunInstances', params, { idempotent: true });
    const node = nodesOf(doc, this)[0];
    if (!node) throw new ProviderError('RunInstances answered without an instance', { provider: this.type });
    return node;
  }

  async #ensureImportedKey(publicKey: string): Promise<string> {
    const name = `nubes-${createHash('sha256').update(publicKey.trim()).digest('hex').slice(0, 16)}`;
    try {
      await this.importKeyPairFromString(name, publicKey);
    } catch (err) {
      if (!(err instanceof ConflictError)) throw err; // InvalidKeyPair.Duplicate: imported before
    }
    return name;
  }

  override async rebootNode(node: Node<object> | string, _options?: CallOptions): Promise<void> {
    await this.#callTrue('RebootInstances', { 'InstanceId.1': refId(node, 'node') }, { idempotent: true });
  }

  override async startNode(node: Node<object> | string, _options?: CallOptions): Promise<void> {
    await this.#call('StartInstances', { 'InstanceId.1': refId(node, 'node') }, { idempotent: true });
  }

  override async stopNode(node: Node<object> | string, _options?: CallOptions): Promise<void> {
    await this.#call('StopInstances', { 'InstanceId.1': refId(node, 'node') }, { idempotent: true });
  }

  /** Terminates an instance (TerminateInstances); EBS volumes marked delete-on-termination go with it. */
  override async destroyNode(node: Node<object> | string, _options?: CallOptions): Promise<void> {
    await this.#call('TerminateInstances', { 'InstanceId.1': refId(node, 'node') }, { idempotent: true });
  }

  // -------------------------------------------------------------------------
  // Sizes, images, locations

  /** Common instance types, from a static table (EC2 has no priced size listing; see sizes.ts). */
  /**
   * The instance types the region offers, from DescribeInstanceTypes (100 per page,
   * NextToken pagination); vCPUs, memory (MiB), instance storage (GB, 0 for EBS-only
   * types) and architectures from the API.
   */
  override async listSizes(location?: NodeLocation<object> | string, _options?: CallOptions): Promise<NodeSize<Ec2SizeExtra>[]> {
    // One catalogue for the whole region: a location is accepted only to be checked.
    checkOptionalLocation(location);
    return collect(this.iterateSizes());
  }

  /** {@link listSizes}, fetched page by page. */
  async *iterateSizes(): AsyncGenerator<NodeSize<Ec2SizeExtra>, void, undefined> {
    yield* paginate<NodeSize<Ec2SizeExtra>, string>(
      undefined,
      async (token) => {
        const doc = await this.#call('DescribeInstanceTypes', { MaxResults: 100, NextToken: token });
        const root = rootOf(doc);
        const next = xmlText(root, 'nextToken');
        return { items: itemsOf(root, 'instanceTypeSet').map((item) => toSize(item, this)), next: next === '' ? undefined : next };
      },
      { what: 'DescribeInstanceTypes', provider: this.type },
    );
  }


  /** Your own AMIs (owner `self`). For public ones use {@link Ec2NodeDriver.exIterateImages}. */
  override async *iterateImages(_location?: NodeLocation<object> | string, _options?: CallOptions): AsyncGenerator<NodeImage<Ec2ImageExtra>, void, undefined> {
    yield* this.exIterateImages({ owners: ['self'] });
  }

  /**
   * AMIs by owner, id and filters (DescribeImages, paged by NextToken when no ids are given).
   *
   * @example
   * ```ts
   * for await (const image of ec2.exIterateImages({ owners: ['amazon'], filters: { name: ['al2023-ami-*'] } })) {
   *   console.log(image.id, image.name);
   * }
   * ```
   */
  async *exIterateImages(query: Ec2ImageQuery = {}): AsyncGenerator<NodeImage<Ec2ImageExtra>, void, undefined> {
    const base: Record<string, string | number> = {
      ...flattenQueryList('Owner', query.owners ?? (query.imageIds ? [] : ['self'])),
      ...flattenQueryList('ImageId', query.imageIds ?? []),
      ...flattenQueryFilters(query.filters ?? {}),
    };
    const paged = query.imageIds === undefined;
    yield* paginate<NodeImage<Ec2ImageExtra>, string>(undefined, async (token) => {
      const doc = await this.#call('DescribeImages', { ...base, ...(paged ? { MaxResults: 1000, NextToken: token } : {}) });
      const root = rootOf(doc);
      const next = xmlText(root, 'nextToken');
      return { items: itemsOf(root, 'imagesSet').map((i) => toImage(i, this)), next: next === '' ? undefined : next };
    });
  }

  /**
   * One AMI by id (any owner).
   *
   * @throws {ImageDoesNotExistError} when there is no such image, as the base API does.
   */
  override async getImage(id: string, _options?: CallOptions): Promise<NodeImage<Ec2ImageExtra>> {
    requireString(id, 'id');
    requireString(id, 'image');
    try {
      for await (const image of this.exIterateImages({ imageIds: [id] })) return image;
    } catch (err) {
      if (!(err instanceof NotFoundError)) throw err;
    }
    throw new ImageDoesNotExistError(`${this.name}: image ${JSON.stringify(id)} does not exist`, { provider: this.type });
  }

  /** Creates an AMI from an instance (CreateImage); it starts in state `pending`. */
  override async createImage(node: Node<object> | string, name: string, _options?: CallOptions): Promise<NodeImage<Ec2ImageExtra>> {
    const instanceId = refId(node, 'node');
    if (typeof name !== 'string' || name.length < 3 || name.length > 128) {
      throw new InvalidArgumentError('createImage: name must be 3 to 128 characters', { option: 'name' });
    }
    const doc = await this.#call('CreateImage', { InstanceId: instanceId, Name: name });
    const imageId = xmlText(rootOf(doc), 'imageId') ?? '';
    return toImage({ imageId: [imageId], name: [name], imageState: ['pending'] }, this);
  }

  /** Deregisters an AMI (its snapshots stay). */
  override async deleteImage(image: NodeImage<object> | string, _options?: CallOptions): Promise<void> {
    await this.#callTrue('DeregisterImage', { ImageId: refId(image, 'image') }, { idempotent: true });
  }

  /** The availability zones of the region. */
  override async listLocations(_options?: CallOptions): Promise<NodeLocation<Ec2LocationExtra>[]> {
    const doc = await this.#call('DescribeAvailabilityZones');
    return itemsOf(rootOf(doc), 'availabilityZoneInfo').map((z) => toLocation(z, this));
  }

  // -------------------------------------------------------------------------
  // Volumes and snapshots

  /** All EBS volumes, 500 per page. */
  /**
   * One volume (`DescribeVolumes` with `VolumeId.1`), for {@link NodeDriver.waitUntilVolumeState}.
   *
   * @throws {NotFoundError} when there is none (`InvalidVolume.NotFound`).
   */
  override async getVolume(id: string, _options?: CallOptions): Promise<StorageVolume<Ec2VolumeExtra>> {
    const doc = await this.#call('DescribeVolumes', { 'VolumeId.1': requireString(id, 'id') });
    const volume = itemsOf(rootOf(doc), 'volumeSet')[0];
    if (!volume) throw new NotFoundError(`${this.name}: volume ${JSON.stringify(id)} does not exist`, { provider: this.type });
    return toVolume(volume, this);
  }

  override async *iterateVolumes(_options?: CallOptions): AsyncGenerator<StorageVolume<Ec2VolumeExtra>, void, undefined> {
    yield* paginate<StorageVolume<Ec2VolumeExtra>, string>(undefined, async (token) => {
      const doc = await this.#call('DescribeVolumes', { MaxResults: 500, NextToken: token });
      const root = rootOf(doc);
      const next = xmlText(root, 'nextToken');
      return { items: itemsOf(root, 'volumeSet').map((v) => toVolume(v, this)), next: next === '' ? undefined : next };
    });
  }

  /**
   * Creates an EBS volume. `location` (the availability zone) is required by EC2.
   *
   * @throws {InvalidArgumentError} before any request for a missing zone or a size outside 1..65536 GB.
   */
  override async createVolume(options: CreateVolumeOptions & { exVolumeType?: string }): Promise<StorageVolume<Ec2VolumeExtra>> {
    checkCallOptions(options, 'createVolume', Ec2NodeDriver.callOptions.createVolume);
    const zone = refId(options.location, 'location');
    if (!Number.isInteger(options.size) || options.size < 1 || options.size > 65_536) {
      throw new InvalidArgumentError(`createVolume: size must be an integer number of GB from 1 to 65536 (got ${String(options.size)})`, {
        option: 'size',
      });
    }
    const params: Record<string, string | number> = {
      AvailabilityZone: zone,
      Size: options.size,
      ClientToken: crypto.randomUUID(),
      ...tagSpecification('volume', options.name ? { Name: options.name } : {}),
    };
    if (options.snapshot !== undefined) params.SnapshotId = refId(options.snapshot, 'snapshot');
    if (options.exVolumeType !== undefined) params.VolumeType = requireString(options.exVolumeType, 'exVolumeType');
    const doc = await this.#call('CreateVolume', params, { idempotent: true });
    return toVolume(rootOf(doc), this);
  }

  /**
   * Attaches a volume as `device` (e.g. `/dev/sdf`), which EC2 requires.
   *
   * @throws {InvalidArgumentError} before any request when `device` is missing.
   */
  override async attachVolume(node: Node<object> | string, volume: StorageVolume<object> | string, device?: string, _options?: CallOptions): Promise<void> {
    const params = { VolumeId: refId(volume, 'volume'), InstanceId: refId(node, 'node'), Device: requireString(device, 'device') };
    await this.#call('AttachVolume', params);
  }

  override async detachVolume(volume: StorageVolume<object> | string, _options?: CallOptions): Promise<void> {
    await this.#call('DetachVolume', { VolumeId: refId(volume, 'volume') });
  }

  override async destroyVolume(volume: StorageVolume<object> | string, _options?: CallOptions): Promise<void> {
    await this.#callTrue('DeleteVolume', { VolumeId: refId(volume, 'volume') }, { idempotent: true });
  }

  /** Your snapshots of one volume. */
  override async listVolumeSnapshots(volume: StorageVolume<object> | string, _options?: CallOptions): Promise<VolumeSnapshot<Ec2SnapshotExtra>[]> {
    const out: VolumeSnapshot<Ec2SnapshotExtra>[] = [];
    for await (const s of this.exIterateSnapshots({ 'volume-id': [refId(volume, 'volume')] })) out.push(s);
    return out;
  }

  /** Your snapshots (owner `self`), optionally filtered, 1000 per page. */
  async *exIterateSnapshots(filters: Readonly<Record<string, readonly string[]>> = {}): AsyncGenerator<VolumeSnapshot<Ec2SnapshotExtra>, void, undefined> {
    const base = { 'Owner.1': 'self', ...flattenQueryFilters(filters) };
    yield* paginate<VolumeSnapshot<Ec2SnapshotExtra>, string>(undefined, async (token) => {
      const doc = await this.#call('DescribeSnapshots', { ...base, MaxResults: 1000, NextToken: token });
      const root = rootOf(doc);
      const next = xmlText(root, 'nextToken');
      return { items: itemsOf(root, 'snapshotSet').map((s) => toSnapshot(s, this)), next: next === '' ? undefined : next };
    });
  }

  override async createVolumeSnapshot(volume: StorageVolume<object> | string, name?: string, _options?: CallOptions): Promise<VolumeSnapshot<Ec2SnapshotExtra>> {
    const params: Record<string, string> = { VolumeId: refId(volume, 'volume') };
    if (name !== undefined && (typeof name !== 'string' || name.trim() === '')) throw new InvalidArgumentError('name must be a non-empty string', { option: 'name' });
    if (name !== undefined) Object.assign(params, { Description: name }, tagSpecification('snapshot', { Name: name }));
    const doc = await this.#call('CreateSnapshot', params);
    return toSnapshot(rootOf(doc), this);
  }

  override async destroyVolumeSnapshot(snapshot: VolumeSnapshot<object> | string, _options?: CallOptions): Promise<void> {
    await this.#callTrue('DeleteSnapshot', { SnapshotId: refId(snapshot, 'snapshot') }, { idempotent: true });
  }

  // -------------------------------------------------------------------------
  // Key pairs

  override async listKeyPairs(_options?: CallOptions): Promise<KeyPair<Ec2KeyPairExtra>[]> {
    const doc = await this.#call('DescribeKeyPairs');
    return itemsOf(rootOf(doc), 'keySet').map((k) => toKeyPair(k, this));
  }

  /**
   * One key pair by name.
   *
   * @throws {KeyPairDoesNotExistError} when there is none, as the base API does.
   */
  override async getKeyPair(name: string, _options?: CallOptions): Promise<KeyPair<Ec2KeyPairExtra>> {
    requireString(name, 'name');
    requireString(name, 'name');
    let found: KeyPair<Ec2KeyPairExtra> | undefined;
    try {
      const doc = await this.#call('DescribeKeyPairs', { 'KeyName.1': name });
      const item = itemsOf(rootOf(doc), 'keySet')[0];
      found = item ? toKeyPair(item, this) : undefined;
    } catch (err) {
      if (!(err instanceof NotFoundError)) throw err;
    }
    if (!found) throw new KeyPairDoesNotExistError(`${this.name}: key pair ${JSON.stringify(name)} does not exist`, { provider: this.type });
    return found;
  }

  /**
   * Creates a key pair; EC2 generates it and returns the private key once
   * (`keyPair.privateKey`, never logged: the answer bypasses NUBES_DEBUG).
   */
  override async createKeyPair(name: string, _options?: CallOptions): Promise<KeyPair<Ec2KeyPairExtra>> {
    const doc = await this.#call('CreateKeyPair', { KeyName: requireString(name, 'name') }, { sensitive: true });
    return toKeyPair(rootOf(doc), this);
  }

  /** Imports an OpenSSH public key (ImportKeyPair). */
  override async importKeyPairFromString(name: string, publicKey: string, _options?: CallOptions): Promise<KeyPair<Ec2KeyPairExtra>> {
    requireString(name, 'name');
    if (typeof publicKey !== 'string' || !/^(ssh-(rsa|ed25519)|ecdsa-sha2-)\S* \S+/.test(publicKey.trim())) {
      throw new InvalidArgumentError('importKeyPairFromString: publicKey must be an OpenSSH public key ("ssh-ed25519 AAAA...")', { option: 'publicKey' });
    }
    const material = Buffer.from(publicKey.trim(), 'utf8').toString('base64');
    const doc = await this.#call('ImportKeyPair', { KeyName: name, PublicKeyMaterial: material });
    return toKeyPair(rootOf(doc), this, publicKey.trim());
  }

  override async deleteKeyPair(keyPair: KeyPair<object> | string, _options?: CallOptions): Promise<void> {
    requireObjectOrId(keyPair, 'keyPair');
    const name = typeof keyPair === 'string' ? keyPair : keyPair.name;
    await this.#callTrue('DeleteKeyPair', { KeyName: requireString(name, 'keyPair') }, { idempotent: true });
  }

  // -------------------------------------------------------------------------
  // Security groups and elastic IPs (EC2 only)

  /** Security groups of the region. */
  async exListSecurityGroups(_options?: CallOptions): Promise<Ec2SecurityGroup[]> {
    return ec2SecurityGroupsOf(await this.#call('DescribeSecurityGroups'));
  }

  /** Creates a security group (in `vpcId`, or the default VPC); returns its id. */
  async exCreateSecurityGroup(name: string, description: string, vpcId?: string, _options?: CallOptions): Promise<string> {
    if (typeof description !== 'string' || description === '') {
      throw new InvalidArgumentError('exCreateSecurityGroup: description is required', { option: 'description' });
    }
    const params: Record<string, string> = { GroupName: requireString(name, 'name'), GroupDescription: description };
    if (vpcId !== undefined) params.VpcId = requireString(vpcId, 'vpcId');
    const doc = await this.#call('CreateSecurityGroup', params);
    return xmlText(rootOf(doc), 'groupId') ?? '';
  }

  /** Opens ports in a security group (AuthorizeSecurityGroupIngress). */
  async exAuthorizeSecurityGroupIngress(groupId: string, rule: Ec2IngressRule, _options?: CallOptions): Promise<void> {
    const params: Record<string, string | number> = {
      GroupId: requireString(groupId, 'groupId'),
      'IpPermissions.1.IpProtocol': rule.protocol,
      'IpPermissions.1.FromPort': rule.fromPort,
      'IpPermissions.1.ToPort': rule.toPort,
    };
    (rule.cidrs ?? ['0.0.0.0/0']).forEach((cidr, i) => {
      params[`IpPermissions.1.IpRanges.${i + 1}.CidrIp`] = cidr;
    });
    await this.#callTrue('AuthorizeSecurityGroupIngress', params);
  }

  /** Deletes a security group. */
  async exDeleteSecurityGroup(groupId: string, _options?: CallOptions): Promise<void> {
    await this.#callTrue('DeleteSecurityGroup', { GroupId: requireString(groupId, 'groupId') }, { idempotent: true });
  }

  /** Elastic IP addresses. */
  async exListElasticIps(_options?: CallOptions): Promise<Ec2ElasticIp[]> {
    return ec2AddressesOf(await this.#call('DescribeAddresses'));
  }

  /** Allocates an elastic IP (VPC); returns it. */
  async exAllocateElasticIp(_options?: CallOptions): Promise<Ec2ElasticIp> {
    const root = rootOf(await this.#call('AllocateAddress', { Domain: 'vpc' }));
    return {
      publicIp: xmlText(root, 'publicIp') ?? '',
      allocationId: xmlText(root, 'allocationId'),
      associationId: undefined,
      instanceId: undefined,
      domain: xmlText(root, 'domain'),
    };
  }

  /** Associates an elastic IP with an instance; returns the association id. */
  async exAssociateElasticIp(allocationId: string, node: Node<object> | string, _options?: CallOptions): Promise<string | undefined> {
    const root = rootOf(
      await this.#call('AssociateAddress', { AllocationId: requireString(allocationId, 'allocationId'), InstanceId: refId(node, 'node') }),
    );
    return xmlText(root, 'associationId');
  }

  /** Disassociates an elastic IP. */
  async exDisassociateElasticIp(associationId: string, _options?: CallOptions): Promise<void> {
    await this.#callTrue('DisassociateAddress', { AssociationId: requireString(associationId, 'associationId') }, { idempotent: true });
  }

  /** Releases an elastic IP. */
  async exReleaseElasticIp(allocationId: string, _options?: CallOptions): Promise<void> {
    await this.#callTrue('ReleaseAddress', { AllocationId: requireString(allocationId, 'allocationId') }, { idempotent: true });
  }
}

