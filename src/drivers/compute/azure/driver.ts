/**
 * The Azure compute driver on Azure Resource Manager: virtual machines, VM sizes,
 * marketplace and custom images, locations, managed disks, resource groups. Signs in
 * with Microsoft Entra ID (client secret, client certificate, managed identity or the
 * `AZURE_*` environment) through the driver's own connection.
 */
import { armSubscriptionId, ENTRA_OPTION_KEYS, entraCredentialOptions, resolveAzureCredential, type AzureCredentialOptions } from '../../../common/azure/entra.js';
import { azureCloud, type AzureCloudName } from '../../../common/azure/clouds.js';
import type { ArmConnectionOptions, ArmResourceType } from '../../../common/azure/arm-connection.js';
import type { ConnectionClass, DriverOptions } from '../../../common/base-driver.js';
import { ImageDoesNotExistError, InvalidArgumentError, NotFoundError } from '../../../common/errors/index.js';
import { collect } from '../../../common/pagination.js';
import type { CallOptions } from '../../../common/call-options.js';
import { checkCallOptions, requireString } from '../../../common/validate.js';
import { CREATE_NODE_OPTIONS, CREATE_VOLUME_OPTIONS, type ComputeCallOptions } from '../call-options.js';
import type { ConnectionOptions, HttpMethod } from '../../../connection/connection.js';
import {
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
} from '../base.js';
import { AzureNodeConnection } from './connection.js';
import { parseArmId, toCustomImage, toLocation, toMarketplaceImage, toNode, toSize, toVolume, type VmAddresses } from './mappers.js';
import type {
  AzureImageExtra,
  AzureLocationExtra,
  AzureNodeExtra,
  AzureSizeExtra,
  AzureVolumeExtra,
  CustomImageJson,
  DataDiskJson,
  DiskJson,
  ImageReferenceJson,
  LocationJson,
  NetworkInterfaceJson,
  PublicIpJson,
  ResourceGroupJson,
  VirtualMachineJson,
  VmImageResourceJson,
  VmSizeJson,
} from './types.js';

/** The tag nubes puts on the NIC and public IP it creates for a VM: its value is the VM name. */
export const AZURE_OWNER_TAG = 'nubes-owner';
/** The tag nubes puts on a VM it created (so `destroyNode` knows the OS disk is its own). */
export const AZURE_CREATED_TAG = 'nubes-created';

/**
 * The marketplace offers `listImages` lists SKUs of, as `publisher:offer` (one request
 * per offer). Override with the `imageOffers` option; any other image can be given to
 * `createNode` as a URN `publisher:offer:sku:version`.
 */
export const AZURE_DEFAULT_IMAGE_OFFERS: readonly string[] = [
  'Canonical:ubuntu-24_04-lts',
  'Canonical:0001-com-ubuntu-server-jammy',
  'Debian:debian-12',
  'RedHat:RHEL',
  'MicrosoftWindowsServer:WindowsServer',
];

/** Options of {@link AzureNodeDriver}: the connection options, the Entra credential options, plus these. */
export type AzureDriverOptions = DriverOptions &
  Omit<AzureCredentialOptions, 'tenantId'> & {
    /** Limit listings to this resource group, and the default group of `createNode`/`createVolume`. */
    resourceGroup?: string;
    /** `public` (default), `china` or `usgov`: picks the authority and the ARM host. */
    cloud?: AzureCloudName;
    /** Overrides of the pinned api-versions, by resource type (see ARM_API_VERSIONS). */
    apiVersions?: ArmConnectionOptions['apiVersions'];
    /** `publisher:offer` pairs `listImages` lists (default {@link AZURE_DEFAULT_IMAGE_OFFERS}). */
    imageOffers?: readonly string[];
    /** First delay between long-running-operation checks when ARM gives no Retry-After, ms (default 2000). */
    pollInterval?: number;
    /** The longest wait for a long-running operation, ms (default 1800000). */
    pollTimeout?: number;
  };

/** Options of {@link AzureNodeDriver.createNode}. */
export interface AzureCreateNodeOptions extends CreateNodeOptions {
  /** The resource group (default: the `resourceGroup` option). It must exist (see exCreateResourceGroup). */
  exResourceGroup?: string;
  /** The admin user (default `azureuser`). */
  exAdminUsername?: string;
  /** OS disk size in GiB (default: the image's). */
  exOsDiskSizeGb?: number;
  /** OS disk type: `Standard_LRS`, `StandardSSD_LRS` (default), `Premium_LRS`, ... */
  exOsDiskType?: string;
  /** Reuse this NIC (its ARM id): nubes then creates no NIC, public IP or VNet. */
  exNetworkInterfaceId?: string;
  /** Put the new NIC in this subnet (its ARM id) instead of the `nubes-vnet` VNet nubes creates or reuses. */
  exSubnetId?: string;
  /** Create a public IP (Standard SKU, static) for the NIC (default true). */
  exPublicIp?: boolean;
  /** Tags of the VM (and of the NIC and IP nubes creates). */
  exTags?: Record<string, string>;
  /** cloud-init / custom data, plain text (sent base64). */
  exCustomData?: string;
  /** An availability zone (`'1'`). */
  exZone?: string;
}

/** Options of {@link AzureNodeDriver.createVolume}. */
export interface AzureCreateVolumeOptions extends CreateVolumeOptions {
  /** The resource group (default: the `resourceGroup` option). */
  exResourceGroup?: string;
  /** Disk SKU: `Standard_LRS`, `StandardSSD_LRS` (default), `Premium_LRS`, ... */
  exSku?: string;
  /** An availability zone. */
  exZone?: string;
  /** Tags. */
  exTags?: Record<string, string>;
}

const CAPABILITIES: readonly ComputeMethod[] = [
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
  'listLocations',
  'listVolumes',
  'getVolume',
  'createVolume',
  'attachVolume',
  'detachVolume',
  'destroyVolume',
];

const VM_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9._-]{0,62}[A-Za-z0-9_])?$/;
const RG_NAME = /^[-\w.()]{0,89}[-\w()]$/;
const VM = 'Microsoft.Compute/virtualMachines' as const;

function enc(value: string): string {
  return encodeURIComponent(value);
}

function positiveMs(value: unknown, option: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new InvalidArgumentError(`${option} must be a positive number of ms (got ${String(value)})`, { option });
  }
  return value;
}

function tagsOption(value: unknown, option: string): Record<string, string> {
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value) || !Object.values(value).every((v) => typeof v === 'string')) {
    throw new InvalidArgumentError(`${option} must be an object of string tag values`, { option });
  }
  return { ...(value as Record<string, string>) };
}

/**
 * The Azure compute driver (Azure Resource Manager).
 *
 * `new AzureNodeDriver(tenantId, subscriptionId, options)`: the tenant may be `''` to
 * read `AZURE_TENANT_ID` (or for managed identity, which needs none), the subscription
 * `''` to read `AZURE_SUBSCRIPTION_ID`. Credentials: `clientId` with `clientSecret` or
 * `certificatePath`, or `credentials: 'managed-identity'`, or nothing to take the chain
 * (explicit → `AZURE_*` environment → managed identity). See docs/compute-azure.md.
 *
 * - `listNodes` lists the subscription's (or `resourceGroup`'s) VMs with their power
 *   state (one `statusOnly=true` listing for all of them) and their addresses (one NIC
 *   and one public-IP listing): four paged listings, never one request per VM.
 * - `stopNode` deallocates (compute billing stops); {@link exPowerOffNode} only powers off.
 * - `destroyNode` also deletes the NIC, public IP and OS disk nubes created for the VM
 *   (tagged `nubes-owner` / `nubes-created`), unless `exKeepResources`.
 * - Every write waits for its long-running operation (`Azure-AsyncOperation`, else
 *   `Location`), honouring `Retry-After`.
 *
 * @example
 * ```ts
 * import { getDriver, Provider } from 'nubes/compute';
 * const Azure = getDriver(Provider.AZURE_ARM);
 * const driver = new Azure(process.env.AZURE_TENANT_ID ?? '', process.env.AZURE_SUBSCRIPTION_ID ?? '', {
 *   clientId: process.env.AZURE_CLIENT_ID ?? '',
 *   clientSecret: process.env.AZURE_CLIENT_SECRET ?? '',
 *   resourceGroup: 'nubes-rg',
 *   region: 'westeurope',
 * });
 * const nodes = await driver.listNodes();
 * ```
 */
export class AzureNodeDriver extends NodeDriver<AzureNodeConnection, AzureDriverOptions> {
  /** The per-call options `createNode` and `createVolume` accept (checked before any request). */
  static readonly callOptions: ComputeCallOptions = {
    createNode: {
      ...CREATE_NODE_OPTIONS,
      exResourceGroup: 'string',
      exAdminUsername: 'string',
      exOsDiskSizeGb: 'integer',
      exOsDiskType: 'string',
      exNetworkInterfaceId: 'string',
      exSubnetId: 'string',
      exPublicIp: 'boolean',
      exTags: 'record',
      exCustomData: 'string',
      exZone: 'string',
    },
    createVolume: { ...CREATE_VOLUME_OPTIONS, exResourceGroup: 'string', exSku: 'string', exZone: 'string', exTags: 'record' },
  };
  // createConnection is overridden (the connection needs the Entra credential); this names the class for introspection.
  static override readonly connectionCls = AzureNodeConnection as unknown as ConnectionClass;
  static override readonly capabilities: readonly ComputeMethod[] = CAPABILITIES;
  static override readonly driverOptionKeys: readonly string[] = [
    'region',
    'resourceGroup',
    'cloud',
    'apiVersions',
    'imageOffers',
    'pollInterval',
    'pollTimeout',
    ...ENTRA_OPTION_KEYS,
  ];
  readonly type = 'azure';
  readonly name = 'Microsoft Azure (Resource Manager)';
  readonly website = 'https://azure.microsoft.com/';
  /** The subscription every call is scoped to. */
  readonly subscriptionId: string;

  constructor(tenantId: string, subscriptionId?: string, options: AzureDriverOptions = {}) {
    super(tenantId ?? '', subscriptionId ?? '', options);
    this.subscriptionId = armSubscriptionId(subscriptionId, options.env ?? process.env);
    if (options.resourceGroup !== undefined) this.#rg(options.resourceGroup, 'resourceGroup');
    positiveMs(options.pollInterval, 'pollInterval', 2000);
    positiveMs(options.pollTimeout, 'pollTimeout', 1);
    if (options.imageOffers !== undefined && (!Array.isArray(options.imageOffers) || !options.imageOffers.every((o) => typeof o === 'string' && /^[^:]+:[^:]+$/.test(o)))) {
      throw new InvalidArgumentError('imageOffers must be an array of "publisher:offer" strings', { option: 'imageOffers' });
    }
  }

  protected override createConnection(key: string, _secret: string | undefined, options: ConnectionOptions): AzureNodeConnection {
    const o = this.options;
    const cloud = azureCloud(o.cloud);
    const env = options.env ?? process.env;
    const credential = resolveAzureCredential(
      entraCredentialOptions(key === '' ? undefined : key, o),
      env,
      cloud.authorityHost,
    );
    const conn = new AzureNodeConnection(credential, {
      host: cloud.armHost,
      ...options,
      scope: cloud.armScope,
      apiVersions: o.apiVersions,
    });
    conn.addSecret(o.clientSecret);
    conn.addSecret(o.certificatePassword);
    return conn;
  }

  // -------------------------------------------------------------------------
  // helpers

  #rg(value: unknown, option: string): string {
    const rg = requireString(value, option);
    if (!RG_NAME.test(rg)) throw new InvalidArgumentError(`${option}: ${JSON.stringify(rg)} is not a valid resource group name (1-90 letters, digits, _-.() not ending in .)`, { option });
    return rg;
  }

  get #sub(): string {
    return `/subscriptions/${enc(this.subscriptionId)}`;
  }

  #scope(resourceGroup?: string): string {
    const rg = resourceGroup ?? this.options.resourceGroup;
    return rg === undefined ? this.#sub : `${this.#sub}/resourceGroups/${enc(rg)}`;
  }

  #groupFor(value: string | undefined, method: string): string {
    const rg = value ?? this.options.resourceGroup;
    if (rg === undefined) throw new InvalidArgumentError(`${method} needs exResourceGroup (or the resourceGroup option)`, { option: 'exResourceGroup' });
    return this.#rg(rg, 'exResourceGroup');
  }

  /** The ARM path of a VM: its id, or a name in the `resourceGroup` option's group. */
  #vmPath(node: Node<object> | string, option = 'node'): string {
    const id = requireString(idOf(node), option);
    if (id.startsWith('/subscriptions/')) {
      const parsed = parseArmId(id);
      if (parsed === undefined || !/\/providers\/Microsoft\.Compute\/virtualMachines\//i.test(id)) {
        throw new InvalidArgumentError(`${option} must be a VM resource id (/subscriptions/…/virtualMachines/<name>) or a VM name`, { option });
      }
      return id;
    }
    if (!VM_NAME.test(id)) throw new InvalidArgumentError(`${option}: ${JSON.stringify(id)} is neither a VM resource id nor a VM name`, { option });
    const rg = this.#groupFor(undefined, option);
    return `${this.#sub}/resourceGroups/${enc(rg)}/providers/Microsoft.Compute/virtualMachines/${enc(id)}`;
  }

  #diskPath(volume: StorageVolume<object> | string, option = 'volume'): string {
    const id = requireString(idOf(volume), option);
    if (id.startsWith('/subscriptions/')) {
      if (!/\/providers\/Microsoft\.Compute\/disks\/[^/]+$/i.test(id)) throw new InvalidArgumentError(`${option} must be a managed disk resource id`, { option });
      return id;
    }
    const rg = this.#groupFor(undefined, option);
    return `${this.#sub}/resourceGroups/${enc(rg)}/providers/Microsoft.Compute/disks/${enc(id)}`;
  }

  #wait(what: string): { what: string; interval: number; timeout: number } {
    return { what, interval: positiveMs(this.options.pollInterval, 'pollInterval', 2000), timeout: positiveMs(this.options.pollTimeout, 'pollTimeout', 30 * 60_000) };
  }

  #send<T>(method: HttpMethod, path: string, type: ArmResourceType, data: unknown, what: string): Promise<T | undefined> {
    return this.connection.send<T>(method, path, type, data, this.#wait(what));
  }

  // -------------------------------------------------------------------------
  // nodes

  /**
   * Every VM of the subscription (or of the `resourceGroup` option), with power state and
   * addresses, in four paged listings whatever the number of VMs: the VM models, their
   * run-time status (`statusOnly=true`, which returns the instance view of every VM of
   * the subscription but not the model), the NICs and the public IPs, joined by id.
   * The resource-group list cannot return the instance view (`$expand=instanceView`
   * needs a scale-set `$filter`, https://learn.microsoft.com/rest/api/compute/virtual-machines/list),
   * so a resource group filters the subscription-wide lists; a VM's NIC may live in
   * another group, so addresses are subscription-wide too.
   */
  override async *iterateNodes(_options?: CallOptions): AsyncGenerator<Node<AzureNodeExtra>, void, undefined> {
    const path = `${this.#sub}/providers/Microsoft.Compute/virtualMachines`;
    const [addresses, statuses] = await Promise.all([
      this.#addresses(this.#sub),
      collect(this.connection.iterate<VirtualMachineJson>(path, VM, { params: { statusOnly: 'true' }, what: 'Azure virtual machine statuses' })),
    ]);
    const viewById = new Map(statuses.map((s) => [String(s?.id).toLowerCase(), s?.properties?.instanceView]));
    const group = this.options.resourceGroup?.toLowerCase();
    for await (const vm of this.connection.iterate<VirtualMachineJson>(path, VM, { what: 'Azure virtual machines' })) {
      const id = String(vm?.id).toLowerCase();
      const view = vm?.properties?.instanceView ?? viewById.get(id);
      const merged: VirtualMachineJson = view === undefined ? vm : { ...vm, properties: { ...vm.properties, instanceView: view } };
      const node = toNode(merged, this, addresses.get(id));
      if (group === undefined || node.extra.resourceGroup.toLowerCase() === group) yield node;
    }
  }

  /** VM id (lowercase) → its private and public addresses, from one NIC and one public-IP listing. */
  async #addresses(scope: string): Promise<Map<string, VmAddresses>> {
    const [nics, ips] = await Promise.all([
      collect(this.connection.iterate<NetworkInterfaceJson>(`${scope}/providers/Microsoft.Network/networkInterfaces`, 'Microsoft.Network/networkInterfaces', { what: 'Azure network interfaces' })),
      collect(this.connection.iterate<PublicIpJson>(`${scope}/providers/Microsoft.Network/publicIPAddresses`, 'Microsoft.Network/publicIPAddresses', { what: 'Azure public IPs' })),
    ]);
    const ipById = new Map(ips.map((ip) => [String(ip.id).toLowerCase(), ip.properties?.ipAddress]));
    const out = new Map<string, VmAddresses>();
    for (const nic of nics) {
      const vm = nic.properties?.virtualMachine?.id?.toLowerCase();
      if (vm === undefined) continue;
      const entry = out.get(vm) ?? { publicIps: [], privateIps: [] };
      for (const config of nic.properties?.ipConfigurations ?? []) {
        const priv = config.properties?.privateIPAddress;
        if (priv) entry.privateIps.push(priv);
        const pubId = config.properties?.publicIPAddress?.id?.toLowerCase();
        const pub = pubId !== undefined ? ipById.get(pubId) : undefined;
        if (pub) entry.publicIps.push(pub);
      }
      out.set(vm, entry);
    }
    return out;
  }

  /** One VM by id (or name in the `resourceGroup` option's group), with its instance view and addresses. */
  override async getNode(id: string, _options?: CallOptions): Promise<Node<AzureNodeExtra>> {
    const path = this.#vmPath(id, 'id');
    const vm = (await this.connection.arm<VirtualMachineJson>(path, VM, { params: { $expand: 'instanceView' } })).object;
    const addresses: VmAddresses = { publicIps: [], privateIps: [] };
    for (const nicRef of vm.properties?.networkProfile?.networkInterfaces ?? []) {
      const nic = (await this.connection.arm<NetworkInterfaceJson>(nicRef.id, 'Microsoft.Network/networkInterfaces')).object;
      for (const config of nic.properties?.ipConfigurations ?? []) {
        if (config.properties?.privateIPAddress) addresses.privateIps.push(config.properties.privateIPAddress);
        const pubId = config.properties?.publicIPAddress?.id;
        if (pubId) {
          const ip = (await this.connection.arm<PublicIpJson>(pubId, 'Microsoft.Network/publicIPAddresses')).object;
          if (ip.properties?.ipAddress) addresses.publicIps.push(ip.properties.ipAddress);
        }
      }
    }
    return toNode(vm, this, addresses);
  }

  override async rebootNode(node: Node<object> | string, _options?: CallOptions): Promise<void> {
    await this.#send('POST', `${this.#vmPath(node)}/restart`, VM, undefined, `restart of ${idOf(node)}`);
  }

  override async startNode(node: Node<object> | string, _options?: CallOptions): Promise<void> {
    await this.#send('POST', `${this.#vmPath(node)}/start`, VM, undefined, `start of ${idOf(node)}`);
  }

  /** Deallocates the VM: it stops, and so does its compute billing (the disks stay). */
  override async stopNode(node: Node<object> | string, _options?: CallOptions): Promise<void> {
    await this.#send('POST', `${this.#vmPath(node)}/deallocate`, VM, undefined, `deallocation of ${idOf(node)}`);
  }

  /** Powers the VM off without deallocating it: it keeps its host and dynamic IPs, and is still billed. */
  async exPowerOffNode(node: Node<object> | string, options: { skipShutdown?: boolean } = {}): Promise<void> {
    const query = options.skipShutdown ? '?skipShutdown=true' : '';
    await this.#send('POST', `${this.#vmPath(node)}/powerOff${query}`, VM, undefined, `power-off of ${idOf(node)}`);
  }

  /**
   * Deletes the VM, then the NIC and public IP nubes created for it (tag `nubes-owner` =
   * the VM name) and its OS disk when nubes created the VM (tag `nubes-created`), unless
   * `exKeepResources`.
   */
  override async destroyNode(node: Node<object> | string, options: { exKeepResources?: boolean } & CallOptions = {}): Promise<void> {
    const path = this.#vmPath(node);
    const vm = (await this.connection.arm<VirtualMachineJson>(path, VM)).object;
    await this.#send('DELETE', path, VM, undefined, `deletion of ${vm.name}`);
    if (options.exKeepResources) return;
    for (const nicRef of vm.properties?.networkProfile?.networkInterfaces ?? []) {
      const nic = await this.#getIfExists<NetworkInterfaceJson>(nicRef.id, 'Microsoft.Network/networkInterfaces');
      if (nic?.tags?.[AZURE_OWNER_TAG] !== vm.name) continue;
      await this.#send('DELETE', nic.id, 'Microsoft.Network/networkInterfaces', undefined, `deletion of NIC ${nic.name}`);
      for (const config of nic.properties?.ipConfigurations ?? []) {
        const pubId = config.properties?.publicIPAddress?.id;
        if (!pubId) continue;
        const ip = await this.#getIfExists<PublicIpJson>(pubId, 'Microsoft.Network/publicIPAddresses');
        if (ip?.tags?.[AZURE_OWNER_TAG] === vm.name) await this.#send('DELETE', ip.id, 'Microsoft.Network/publicIPAddresses', undefined, `deletion of public IP ${ip.name}`);
      }
    }
    const osDisk = vm.properties?.storageProfile?.osDisk?.managedDisk?.id;
    if (osDisk && vm.tags?.[AZURE_CREATED_TAG] === 'true') {
      if (await this.#getIfExists(osDisk, 'Microsoft.Compute/disks')) await this.#send('DELETE', osDisk, 'Microsoft.Compute/disks', undefined, `deletion of OS disk of ${vm.name}`);
    }
  }

  async #getIfExists<T>(path: string, type: ArmResourceType): Promise<T | undefined> {
    try {
      return (await this.connection.arm<T>(path, type)).object;
    } catch (err) {
      if (err instanceof NotFoundError) return undefined;
      throw err;
    }
  }

  /**
   * Creates a VM and, unless given, its network: the `nubes-vnet` VNet of the group
   * (10.0.0.0/16, subnet `default` 10.0.0.0/24) is reused or created, then a public IP
   * and a NIC tagged `nubes-owner`. The image is a URN `publisher:offer:sku:version`
   * (from `listImages`) or a custom image id. Waits for each long-running operation.
   */
  override async createNode(options: AzureCreateNodeOptions): Promise<Node<AzureNodeExtra>> {
    checkCallOptions(options, 'createNode', AzureNodeDriver.callOptions.createNode);
    const name = requireString(options.name, 'name');
    if (!VM_NAME.test(name)) throw new InvalidArgumentError(`name: ${JSON.stringify(name)} is not a valid VM name (1-64 letters, digits, . _ -)`, { option: 'name' });
    const { size, image } = this.requireSizeAndImage(options, 'VM size (e.g. Standard_B1s)');
    const imageReference = imageRef(image);
    const location = this.requireLocationOrRegion(options.location, 'createNode');
    const rg = this.#groupFor(options.exResourceGroup, 'createNode');
    const user = options.exAdminUsername ?? 'azureuser';
    if (!/^[a-z_][a-z0-9_-]{0,63}$/i.test(user)) throw new InvalidArgumentError(`exAdminUsername: ${JSON.stringify(user)} is not a valid user name`, { option: 'exAdminUsername' });
    const auth = options.auth;
    if (!(auth instanceof NodeAuthSSHKey) && !(auth instanceof NodeAuthPassword)) {
      throw new InvalidArgumentError('createNode needs auth: a NodeAuthSSHKey (Linux) or a NodeAuthPassword', { option: 'auth' });
    }
    if (auth instanceof NodeAuthPassword) this.connection.addSecret(auth.password);
    const userTags = tagsOption(options.exTags, 'exTags');
    const ownerTags = { ...userTags, [AZURE_OWNER_TAG]: name };
    if (options.exOsDiskSizeGb !== undefined && (!Number.isInteger(options.exOsDiskSizeGb) || options.exOsDiskSizeGb < 1)) {
      throw new InvalidArgumentError('exOsDiskSizeGb must be a positive whole number of GiB', { option: 'exOsDiskSizeGb' });
    }
    const group = `${this.#sub}/resourceGroups/${enc(rg)}`;

    let nicId = options.exNetworkInterfaceId;
    if (nicId === undefined) {
      const subnetId = options.exSubnetId ?? (await this.#ensureVnet(group, location));
      let publicIpId: string | undefined;
      if (options.exPublicIp !== false) {
        const ipPath = `${group}/providers/Microsoft.Network/publicIPAddresses/${enc(`${name}-ip`)}`;
        const ip = await this.#send<PublicIpJson>(
          'PUT',
          ipPath,
          'Microsoft.Network/publicIPAddresses',
          { location, tags: ownerTags, sku: { name: 'Standard' }, properties: { publicIPAllocationMethod: 'Static' }, ...(options.exZone ? { zones: [options.exZone] } : {}) },
          `creation of public IP ${name}-ip`,
        );
        publicIpId = ip?.id ?? ipPath;
      }
      const nicPath = `${group}/providers/Microsoft.Network/networkInterfaces/${enc(`${name}-nic`)}`;
      const nic = await this.#send<NetworkInterfaceJson>(
        'PUT',
        nicPath,
        'Microsoft.Network/networkInterfaces',
        {
          location,
          tags: ownerTags,
          properties: {
            ipConfigurations: [
              { name: 'ipconfig1', properties: { subnet: { id: subnetId }, privateIPAllocationMethod: 'Dynamic', ...(publicIpId ? { publicIPAddress: { id: publicIpId } } : {}) } },
            ],
          },
        },
        `creation of NIC ${name}-nic`,
      );
      nicId = nic?.id ?? nicPath;
    }

    const osProfile: Record<string, unknown> = { computerName: name.slice(0, 15).replace(/[._]/g, '-'), adminUsername: user };
    if (auth instanceof NodeAuthSSHKey) {
      osProfile.computerName = name;
      osProfile.linuxConfiguration = { disablePasswordAuthentication: true, ssh: { publicKeys: [{ path: `/home/${user}/.ssh/authorized_keys`, keyData: auth.pubkey.trim() }] } };
    } else {
      osProfile.adminPassword = auth.password;
    }
    if (options.exCustomData !== undefined) osProfile.customData = Buffer.from(requireString(options.exCustomData, 'exCustomData')).toString('base64');
    const body = {
      location,
      tags: { ...userTags, [AZURE_CREATED_TAG]: 'true' },
      ...(options.exZone ? { zones: [options.exZone] } : {}),
      properties: {
        hardwareProfile: { vmSize: size },
        storageProfile: {
          imageReference,
          osDisk: {
            name: `${name}-osdisk`,
            createOption: 'FromImage',
            caching: 'ReadWrite',
            managedDisk: { storageAccountType: options.exOsDiskType ?? 'StandardSSD_LRS' },
            ...(options.exOsDiskSizeGb !== undefined ? { diskSizeGB: options.exOsDiskSizeGb } : {}),
          },
        },
        osProfile,
        networkProfile: { networkInterfaces: [{ id: nicId, properties: { primary: true } }] },
      },
    };
    const path = `${group}/providers/Microsoft.Compute/virtualMachines/${enc(name)}`;
    await this.#send('PUT', path, VM, body, `creation of VM ${name}`);
    return this.getNode(path);
  }

  /** The `default` subnet of the group's `nubes-vnet`, created when missing (never overwritten). */
  async #ensureVnet(group: string, location: string): Promise<string> {
    const vnetPath = `${group}/providers/Microsoft.Network/virtualNetworks/nubes-vnet`;
    const subnetId = `${vnetPath}/subnets/default`;
    const existing = await this.#getIfExists(vnetPath, 'Microsoft.Network/virtualNetworks');
    if (existing !== undefined) return subnetId;
    await this.#send(
      'PUT',
      vnetPath,
      'Microsoft.Network/virtualNetworks',
      { location, properties: { addressSpace: { addressPrefixes: ['10.0.0.0/16'] }, subnets: [{ name: 'default', properties: { addressPrefix: '10.0.0.0/24' } }] } },
      'creation of VNet nubes-vnet',
    );
    return subnetId;
  }

  // -------------------------------------------------------------------------
  // sizes, images, locations

  /** The VM sizes of a location (or the `region` option). */
  override async listSizes(location?: NodeLocation<object> | string, _options?: CallOptions): Promise<NodeSize<AzureSizeExtra>[]> {
    const loc = this.#location(location, 'listSizes');
    const sizes = await collect(this.connection.iterate<VmSizeJson>(`${this.#sub}/providers/Microsoft.Compute/locations/${enc(loc)}/vmSizes`, 'Microsoft.Compute/locations/vmSizes', { what: 'Azure VM sizes' }));
    return sizes.map((s) => toSize(s, loc, this));
  }

  #location(location: NodeLocation<object> | string | undefined, method: string): string {
    const loc = this.locationOrRegion(location);
    if (loc === undefined) throw new InvalidArgumentError(`${method} needs a location (or the region option)`, { option: 'location' });
    return loc;
  }

  /**
   * Marketplace images (one URN per SKU of the `imageOffers`, `publisher:offer:sku:latest`)
   * for a location (or the `region` option), then the subscription's custom images.
   */
  override async *iterateImages(location?: NodeLocation<object> | string, _options?: CallOptions): AsyncGenerator<NodeImage<AzureImageExtra>, void, undefined> {
    const loc = this.#location(location, 'listImages');
    for (const pair of this.options.imageOffers ?? AZURE_DEFAULT_IMAGE_OFFERS) {
      const [publisher, offer] = pair.split(':') as [string, string];
      const path = `${this.#sub}/providers/Microsoft.Compute/locations/${enc(loc)}/publishers/${enc(publisher)}/artifacttypes/vmimage/offers/${enc(offer)}/skus`;
      let skus: VmImageResourceJson[];
      try {
        skus = (await this.connection.arm<VmImageResourceJson[]>(path, 'Microsoft.Compute/locations/publishers')).object ?? [];
      } catch (err) {
        if (err instanceof NotFoundError) continue; // the offer is not sold in this location
        throw err;
      }
      for (const sku of skus) yield toMarketplaceImage(publisher, offer, sku.name, loc, this);
    }
    for await (const image of this.connection.iterate<CustomImageJson>(`${this.#scope()}/providers/Microsoft.Compute/images`, 'Microsoft.Compute/images', { what: 'Azure images' })) {
      yield toCustomImage(image, this);
    }
  }

  /**
   * One image: a custom image by its ARM id (one GET), or a marketplace URN
   * `publisher:offer:sku:version`, checked against the SKU's versions in the `region`
   * option's location.
   */
  override async getImage(id: string, _options?: CallOptions): Promise<NodeImage<AzureImageExtra>> {
    const ref = imageRef(requireString(id, 'id'));
    if (ref.id !== undefined) {
      try {
        return toCustomImage((await this.connection.arm<CustomImageJson>(ref.id, 'Microsoft.Compute/images')).object, this);
      } catch (err) {
        if (err instanceof NotFoundError) throw new ImageDoesNotExistError(err.message, { provider: 'azure', cause: err, statusCode: 404, requestId: err.requestId });
        throw err;
      }
    }
    const loc = this.#location(undefined, 'getImage');
    const versions = await this.exListImageVersions(ref.publisher!, ref.offer!, ref.sku!, loc).catch((err: unknown): string[] => {
      if (err instanceof NotFoundError) return [];
      throw err;
    });
    if (versions.length === 0 || (ref.version !== 'latest' && !versions.includes(ref.version!))) {
      throw new ImageDoesNotExistError(`azure: image ${id} is not offered in ${loc}`, { provider: 'azure', statusCode: 404 });
    }
    const image = toMarketplaceImage(ref.publisher!, ref.offer!, ref.sku!, loc, this);
    return ref.version === 'latest' ? image : new NodeImage<AzureImageExtra>({ id, name: image.name, extra: { ...image.extra, version: ref.version! } }, this);
  }

  /** The versions of a marketplace SKU in a location (newest last, as ARM lists them). */
  async exListImageVersions(publisher: string, offer: string, sku: string, location?: NodeLocation<object> | string, _options?: CallOptions): Promise<string[]> {
    const loc = this.#location(location, 'exListImageVersions');
    const path = `${this.#sub}/providers/Microsoft.Compute/locations/${enc(loc)}/publishers/${enc(requireString(publisher, 'publisher'))}/artifacttypes/vmimage/offers/${enc(requireString(offer, 'offer'))}/skus/${enc(requireString(sku, 'sku'))}/versions`;
    const versions = (await this.connection.arm<VmImageResourceJson[]>(path, 'Microsoft.Compute/locations/publishers')).object ?? [];
    return versions.map((v) => v.name);
  }

  /** The subscription's physical locations. */
  override async listLocations(_options?: CallOptions): Promise<NodeLocation<AzureLocationExtra>[]> {
    const all = await collect(this.connection.iterate<LocationJson>(`${this.#sub}/locations`, 'Microsoft.Resources/subscriptions', { what: 'Azure locations' }));
    return all.filter((l) => l?.metadata?.regionType === undefined || l.metadata.regionType === 'Physical').map((l) => toLocation(l, this));
  }

  // -------------------------------------------------------------------------
  // volumes (managed disks)

  override async *iterateVolumes(_options?: CallOptions): AsyncGenerator<StorageVolume<AzureVolumeExtra>, void, undefined> {
    for await (const disk of this.connection.iterate<DiskJson>(`${this.#scope()}/providers/Microsoft.Compute/disks`, 'Microsoft.Compute/disks', { what: 'Azure managed disks' })) {
      yield toVolume(disk, this);
    }
  }

  /**
   * One managed disk by its resource id (what `listVolumes` gives as `id`), or by name in
   * the `resourceGroup` option's group: one GET.
   *
   * @throws {NotFoundError} when there is none.
   */
  override async getVolume(id: string, _options?: CallOptions): Promise<StorageVolume<AzureVolumeExtra>> {
    return toVolume((await this.connection.arm<DiskJson>(this.#diskPath(id, 'id'), 'Microsoft.Compute/disks')).object, this);
  }

  override async createVolume(options: AzureCreateVolumeOptions): Promise<StorageVolume<AzureVolumeExtra>> {
    checkCallOptions(options, 'createVolume', AzureNodeDriver.callOptions.createVolume);
    const size = this.requireVolumeSize(options.size, 'GiB');
    const name = requireString(options.name, 'name');
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,79}$/.test(name)) throw new InvalidArgumentError(`name: ${JSON.stringify(name)} is not a valid disk name`, { option: 'name' });
    const location = this.requireLocationOrRegion(options.location, 'createVolume');
    const rg = this.#groupFor(options.exResourceGroup, 'createVolume');
    const creationData = options.snapshot !== undefined ? { createOption: 'Copy', sourceResourceId: requireString(idOf(options.snapshot), 'snapshot') } : { createOption: 'Empty' };
    const path = `${this.#sub}/resourceGroups/${enc(rg)}/providers/Microsoft.Compute/disks/${enc(name)}`;
    const disk = await this.#send<DiskJson>(
      'PUT',
      path,
      'Microsoft.Compute/disks',
      {
        location,
        tags: tagsOption(options.exTags, 'exTags'),
        sku: { name: options.exSku ?? 'StandardSSD_LRS' },
        ...(options.exZone ? { zones: [options.exZone] } : {}),
        properties: { creationData, diskSizeGB: size },
      },
      `creation of disk ${name}`,
    );
    if (disk === undefined) throw new NotFoundError(`azure: disk ${name} vanished after creation`, { provider: 'azure' });
    return toVolume(disk, this);
  }

  /** Attaches a managed disk to a VM at LUN `device` (default: the first free LUN). */
  override async attachVolume(node: Node<object> | string, volume: StorageVolume<object> | string, device?: string, _options?: CallOptions): Promise<void> {
    // Every argument's type first, so a wrong one is named before a reference is resolved.
    idOf(node, 'node');
    idOf(volume, 'volume');
    if (device !== undefined && typeof device !== 'string') throw new InvalidArgumentError(`device must be a LUN number 0-63 as a string (got ${typeof device})`, { option: 'device' });
    const vmPath = this.#vmPath(node);
    const diskId = this.#diskPath(volume);
    const vm = (await this.connection.arm<VirtualMachineJson>(vmPath, VM)).object;
    const disks: DataDiskJson[] = [...(vm.properties?.storageProfile?.dataDisks ?? [])];
    let lun: number;
    if (device !== undefined) {
      lun = Number(device);
      if (!Number.isInteger(lun) || lun < 0 || lun > 63) throw new InvalidArgumentError(`device must be a LUN number 0-63 (got ${JSON.stringify(device)})`, { option: 'device' });
    } else {
      lun = 0;
      while (disks.some((d) => d.lun === lun)) lun++;
    }
    disks.push({ lun, createOption: 'Attach', managedDisk: { id: diskId } });
    await this.#send('PATCH', vmPath, VM, { properties: { storageProfile: { dataDisks: disks } } }, `attachment of ${idOf(volume)}`);
  }

  /** Detaches a managed disk from the VM it is attached to (`managedBy`). */
  override async detachVolume(volume: StorageVolume<object> | string, _options?: CallOptions): Promise<void> {
    const diskPath = this.#diskPath(volume);
    const disk = (await this.connection.arm<DiskJson>(diskPath, 'Microsoft.Compute/disks')).object;
    if (!disk.managedBy) throw new InvalidArgumentError(`volume ${disk.name} is not attached to a VM`, { option: 'volume' });
    const vm = (await this.connection.arm<VirtualMachineJson>(disk.managedBy, VM)).object;
    const disks = (vm.properties?.storageProfile?.dataDisks ?? []).filter((d) => d.managedDisk?.id?.toLowerCase() !== disk.id.toLowerCase());
    await this.#send('PATCH', disk.managedBy, VM, { properties: { storageProfile: { dataDisks: disks } } }, `detachment of ${disk.name}`);
  }

  override async destroyVolume(volume: StorageVolume<object> | string, _options?: CallOptions): Promise<void> {
    await this.#send('DELETE', this.#diskPath(volume), 'Microsoft.Compute/disks', undefined, `deletion of disk ${idOf(volume)}`);
  }

  // -------------------------------------------------------------------------
  // resource groups

  /** The subscription's resource groups. */
  async exListResourceGroups(_options?: CallOptions): Promise<ResourceGroupJson[]> {
    return collect(this.connection.iterate<ResourceGroupJson>(`${this.#sub}/resourcegroups`, 'Microsoft.Resources/resourceGroups', { what: 'Azure resource groups' }));
  }

  /** Creates (or updates the tags of) a resource group in a location (or the `region` option). */
  async exCreateResourceGroup(name: string, location?: string, tags?: Record<string, string>, _options?: CallOptions): Promise<ResourceGroupJson> {
    const rg = this.#rg(name, 'name');
    const loc = this.#location(location, 'exCreateResourceGroup');
    const res = await this.connection.arm<ResourceGroupJson>(`${this.#sub}/resourcegroups/${enc(rg)}`, 'Microsoft.Resources/resourceGroups', {
      method: 'PUT',
      data: { location: loc, tags: tagsOption(tags, 'tags') },
    });
    return res.object;
  }

  /** Deletes a resource group and EVERYTHING in it, waiting for the operation. */
  async exDeleteResourceGroup(name: string, _options?: CallOptions): Promise<void> {
    const rg = this.#rg(name, 'name');
    await this.#send('DELETE', `${this.#sub}/resourcegroups/${enc(rg)}`, 'Microsoft.Resources/resourceGroups', undefined, `deletion of resource group ${rg}`);
  }
}

/** A createNode image id → ARM imageReference: a URN `publisher:offer:sku:version`, or a resource id. */
export function imageRef(image: string): ImageReferenceJson {
  if (image.startsWith('/subscriptions/')) return { id: image };
  const parts = image.split(':');
  if (parts.length !== 4 || parts.some((p) => p === '')) {
    throw new InvalidArgumentError(`image must be a URN publisher:offer:sku:version (e.g. Canonical:ubuntu-24_04-lts:server:latest) or an image resource id (got ${JSON.stringify(image)})`, {
      option: 'image',
    });
  }
  const [publisher, offer, sku, version] = parts as [string, string, string, string];
  return { publisher, offer, sku, version };
}
