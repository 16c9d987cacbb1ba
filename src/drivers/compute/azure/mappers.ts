/**
 * ARM payloads → nubes values. A malformed item is a MalformedResponseError naming the
 * provider and the field.
 */
import { MalformedResponseError } from '../../../common/errors/index.js';
import { Node, NodeImage, NodeLocation, NodeSize, NodeState, StorageVolume, StorageVolumeState, type NodeDriver } from '../base.js';
import type {
  AzureImageExtra,
  AzureLocationExtra,
  AzureNodeExtra,
  AzureSizeExtra,
  AzureVolumeExtra,
  CustomImageJson,
  DiskJson,
  LocationJson,
  VirtualMachineJson,
  VmSizeJson,
} from './types.js';
import { defineMapper } from '../../../common/payload.js';

function malformed(field: string, value: unknown): MalformedResponseError {
  return new MalformedResponseError(`azure: ${field} is missing or malformed in the response (got ${JSON.stringify(value)?.slice(0, 80)})`, { provider: 'azure' });
}

function text(value: unknown, field: string): string {
  if (typeof value !== 'string' || value === '') throw malformed(field, value);
  return value;
}

/** The parts of an ARM resource id. */
export interface ArmId {
  /** The subscription id. */
  subscription: string;
  /** The resource group. */
  resourceGroup: string;
  /** The resource's name. */
  name: string;
}

/** Parses `/subscriptions/{s}/resourceGroups/{rg}/providers/{ns}/{type}/{name}`; undefined when it is not one. */
export function parseArmId(id: string): ArmId | undefined {
  const m = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/[^/]+\/[^/]+\/([^/]+)$/i.exec(id);
  if (!m) return undefined;
  return { subscription: decodeURIComponent(m[1]!), resourceGroup: decodeURIComponent(m[2]!), name: decodeURIComponent(m[3]!) };
}

/**
 * A node state from the instance view: the `PowerState/*` code when there is one, else
 * the provisioning state (a VM being created has no power state yet).
 * https://learn.microsoft.com/azure/virtual-machines/states-billing
 */
export function vmState(powerState: string | undefined, provisioningState: string | undefined): NodeState {
  const prov = provisioningState?.toLowerCase();
  if (prov === 'failed') return NodeState.ERROR;
  if (prov === 'deleting') return NodeState.TERMINATED;
  switch (powerState?.toLowerCase()) {
    case 'running':
      return prov === 'updating' ? NodeState.UPDATING : NodeState.RUNNING;
    case 'starting':
      return NodeState.STARTING;
    case 'stopping':
    case 'deallocating':
      return NodeState.STOPPING;
    case 'stopped':
    case 'deallocated':
      return NodeState.STOPPED;
    case undefined:
      break;
    default:
      return NodeState.UNKNOWN;
  }
  if (prov === 'creating') return NodeState.PENDING;
  if (prov === 'updating' || prov === 'migrating') return NodeState.UPDATING;
  return NodeState.UNKNOWN;
}

/** Addresses of a VM, gathered from the NIC and public IP listings. */
export interface VmAddresses {
  /** Public IPv4/IPv6 addresses. */
  publicIps: string[];
  /** Private addresses of the NICs. */
  privateIps: string[];
}

/** A VM → Node. */
export const toNode = defineMapper('azure', 'virtual machine', { id: 'id', name: 'string', location: 'string', properties: 'object' }, (vm: VirtualMachineJson, driver: NodeDriver, addresses: VmAddresses = { publicIps: [], privateIps: [] }): Node<AzureNodeExtra> => {
  const id = text(vm?.id, 'virtualMachine.id');
  const name = text(vm.name, 'virtualMachine.name');
  const parsed = parseArmId(id);
  if (parsed === undefined) throw malformed('virtualMachine.id', id);
  const p = vm.properties ?? {};
  const statuses = p.instanceView?.statuses ?? [];
  if (!Array.isArray(statuses)) throw malformed('virtualMachine.properties.instanceView.statuses', statuses);
  const power = statuses.find((s) => typeof s?.code === 'string' && s.code.startsWith('PowerState/'))?.code?.slice('PowerState/'.length);
  const provFromView = statuses.find((s) => typeof s?.code === 'string' && s.code.startsWith('ProvisioningState/'))?.code?.slice('ProvisioningState/'.length);
  const provisioningState = p.provisioningState ?? provFromView;
  const image = p.storageProfile?.imageReference;
  const imageId = image?.id ?? (image?.publisher ? `${image.publisher}:${image.offer ?? ''}:${image.sku ?? ''}:${image.version ?? 'latest'}` : undefined);
  const created = p.timeCreated ? new Date(p.timeCreated) : undefined;
  return new Node<AzureNodeExtra>(
    {
      id,
      name,
      state: vmState(power, provisioningState),
      publicIps: addresses.publicIps,
      privateIps: addresses.privateIps,
      ...(p.hardwareProfile?.vmSize ? { size: p.hardwareProfile.vmSize } : {}),
      ...(imageId ? { image: imageId } : {}),
      ...(created && !Number.isNaN(created.getTime()) ? { createdAt: created } : {}),
      extra: {
        resourceGroup: parsed.resourceGroup,
        location: text(vm.location, 'virtualMachine.location'),
        vmSize: p.hardwareProfile?.vmSize,
        provisioningState,
        powerState: power,
        vmId: p.vmId,
        tags: { ...(vm.tags ?? {}) },
        zones: [...(vm.zones ?? [])],
        networkInterfaces: (p.networkProfile?.networkInterfaces ?? []).map((n) => text(n?.id, 'virtualMachine.properties.networkProfile.networkInterfaces[].id')),
        osDiskId: p.storageProfile?.osDisk?.managedDisk?.id,
        osType: p.storageProfile?.osDisk?.osType,
      },
    },
    driver,
  );
});

/** A VM size → NodeSize (ram in MB, disk = OS disk GB). */
export const toSize = defineMapper('azure', 'VM size', { name: 'string', numberOfCores: 'integer?', memoryInMB: 'integer?' }, (size: VmSizeJson, location: string, driver: NodeDriver): NodeSize<AzureSizeExtra> => {
  const name = text(size?.name, 'vmSize.name');
  if (typeof size.memoryInMB !== 'number') throw malformed('vmSize.memoryInMB', size.memoryInMB);
  return new NodeSize<AzureSizeExtra>(
    {
      id: name,
      name,
      ram: size.memoryInMB,
      disk: Math.round((size.osDiskSizeInMB ?? 0) / 1024),
      ...(typeof size.numberOfCores === 'number' ? { vcpus: size.numberOfCores } : {}),
      extra: { maxDataDiskCount: size.maxDataDiskCount, resourceDiskSizeInMB: size.resourceDiskSizeInMB, location },
    },
    driver,
  );
});

/** A subscription location → NodeLocation. */
export const toLocation = defineMapper('azure', 'location', { name: 'string', displayName: 'string?' }, (loc: LocationJson, driver: NodeDriver): NodeLocation<AzureLocationExtra> => {
  const name = text(loc?.name, 'location.name');
  return new NodeLocation<AzureLocationExtra>(
    {
      id: name,
      name: loc.displayName ?? name,
      country: loc.metadata?.geography ?? loc.metadata?.physicalLocation ?? '',
      extra: { regionType: loc.metadata?.regionType, geographyGroup: loc.metadata?.geographyGroup, pairedRegion: loc.metadata?.pairedRegion?.[0]?.name },
    },
    driver,
  );
});

/** A marketplace SKU → NodeImage with the URN id `publisher:offer:sku:latest` (the form `createNode` takes). */
export function toMarketplaceImage(publisher: string, offer: string, sku: string, location: string, driver: NodeDriver): NodeImage<AzureImageExtra> {
  return new NodeImage<AzureImageExtra>(
    { id: `${publisher}:${offer}:${sku}:latest`, name: `${offer} ${sku} (${publisher})`, extra: { kind: 'marketplace', publisher, offer, sku, version: 'latest', location } },
    driver,
  );
}

/** A custom image of the subscription → NodeImage (id = its ARM id). */
export const toCustomImage = defineMapper('azure', 'image', { id: 'id', name: 'string', location: 'string?' }, (image: CustomImageJson, driver: NodeDriver): NodeImage<AzureImageExtra> => {
  const id = text(image?.id, 'image.id');
  const osType = image.properties?.storageProfile?.osDisk?.osType;
  return new NodeImage<AzureImageExtra>(
    { id, name: text(image.name, 'image.name'), extra: { kind: 'custom', location: image.location, ...(osType ? { osType } : {}) } },
    driver,
  );
});

/** A managed disk state → StorageVolumeState (https://learn.microsoft.com/rest/api/compute/disks/get#diskstate). */
export function diskState(disk: DiskJson): StorageVolumeState {
  const prov = disk.properties?.provisioningState?.toLowerCase();
  if (prov === 'creating' || prov === 'updating') return prov === 'creating' ? StorageVolumeState.CREATING : StorageVolumeState.UPDATING;
  if (prov === 'deleting') return StorageVolumeState.DELETING;
  if (prov === 'failed') return StorageVolumeState.ERROR;
  switch (disk.properties?.diskState) {
    case 'Unattached':
      return StorageVolumeState.AVAILABLE;
    case 'Attached':
    case 'Reserved':
    case 'ActiveSAS':
    case 'ActiveUpload':
    case 'ReadyToUpload':
      return StorageVolumeState.INUSE;
    default:
      return StorageVolumeState.UNKNOWN;
  }
}

/** A managed disk → StorageVolume (size in GiB). */
export const toVolume = defineMapper('azure', 'managed disk', { id: 'id', name: 'string', location: 'string', properties: 'object' }, (disk: DiskJson, driver: NodeDriver): StorageVolume<AzureVolumeExtra> => {
  const id = text(disk?.id, 'disk.id');
  const parsed = parseArmId(id);
  if (parsed === undefined) throw malformed('disk.id', id);
  if (typeof disk.properties?.diskSizeGB !== 'number') throw malformed('disk.properties.diskSizeGB', disk.properties?.diskSizeGB);
  return new StorageVolume<AzureVolumeExtra>(
    {
      id,
      name: text(disk.name, 'disk.name'),
      size: disk.properties.diskSizeGB,
      state: diskState(disk),
      extra: {
        resourceGroup: parsed.resourceGroup,
        location: text(disk.location, 'disk.location'),
        sku: disk.sku?.name,
        diskState: disk.properties.diskState,
        managedBy: disk.managedBy,
        tags: { ...(disk.tags ?? {}) },
      },
    },
    driver,
  );
});
