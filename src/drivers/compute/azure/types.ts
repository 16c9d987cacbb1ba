/**
 * Azure Resource Manager payloads the compute driver reads (api-versions of
 * ARM_API_VERSIONS), and the `extra` of the values it returns. Only the fields nubes
 * reads are typed. Reference: https://learn.microsoft.com/rest/api/compute/ and
 * https://learn.microsoft.com/rest/api/virtualnetwork/.
 */

/** A status of a VM's instance view (`PowerState/running`, `ProvisioningState/succeeded`). */
export interface InstanceViewStatusJson {
  code?: string;
  displayStatus?: string;
  time?: string;
}

/** An image reference: marketplace (publisher/offer/sku/version) or a resource id. */
export interface ImageReferenceJson {
  /** Marketplace publisher (`Canonical`). */
  publisher?: string;
  /** Marketplace offer (`ubuntu-24_04-lts`). */
  offer?: string;
  /** Marketplace SKU (`server`). */
  sku?: string;
  /** Version or `latest`. */
  version?: string;
  /** The version `latest` resolved to (read only). */
  exactVersion?: string;
  /** A custom image's resource id. */
  id?: string;
}

/** A VM (`Microsoft.Compute/virtualMachines`). */
export interface VirtualMachineJson {
  id: string;
  name: string;
  type?: string;
  location: string;
  tags?: Record<string, string>;
  zones?: string[];
  properties?: {
    vmId?: string;
    hardwareProfile?: { vmSize?: string };
    storageProfile?: {
      imageReference?: ImageReferenceJson;
      osDisk?: { osType?: string; name?: string; diskSizeGB?: number; managedDisk?: { id?: string; storageAccountType?: string } };
      dataDisks?: DataDiskJson[];
    };
    osProfile?: { computerName?: string; adminUsername?: string };
    networkProfile?: { networkInterfaces?: { id: string; properties?: { primary?: boolean } }[] };
    provisioningState?: string;
    timeCreated?: string;
    instanceView?: { statuses?: InstanceViewStatusJson[] };
  };
}

/** A data disk of a VM's storage profile. */
export interface DataDiskJson {
  lun: number;
  name?: string;
  createOption: string;
  caching?: string;
  managedDisk?: { id?: string; storageAccountType?: string };
  diskSizeGB?: number;
}

/** A VM size of a location (`locations/{location}/vmSizes`). */
export interface VmSizeJson {
  name: string;
  numberOfCores?: number;
  memoryInMB?: number;
  osDiskSizeInMB?: number;
  resourceDiskSizeInMB?: number;
  maxDataDiskCount?: number;
}

/** A location of the subscription (`subscriptions/{id}/locations`). */
export interface LocationJson {
  id?: string;
  name: string;
  displayName?: string;
  regionalDisplayName?: string;
  metadata?: { regionType?: string; geography?: string; geographyGroup?: string; physicalLocation?: string; pairedRegion?: { name?: string }[] };
}

/** A marketplace SKU or version entry (`.../offers/{offer}/skus`, `.../skus/{sku}/versions`): a bare array of these. */
export interface VmImageResourceJson {
  name: string;
  location?: string;
  id?: string;
}

/** A custom image of the subscription (`Microsoft.Compute/images`). */
export interface CustomImageJson {
  id: string;
  name: string;
  location: string;
  tags?: Record<string, string>;
  properties?: { provisioningState?: string; storageProfile?: { osDisk?: { osType?: string; diskSizeGB?: number } }; hyperVGeneration?: string };
}

/** A managed disk (`Microsoft.Compute/disks`). */
export interface DiskJson {
  id: string;
  name: string;
  location: string;
  tags?: Record<string, string>;
  managedBy?: string;
  zones?: string[];
  sku?: { name?: string };
  properties?: { diskSizeGB?: number; diskState?: string; provisioningState?: string; timeCreated?: string; osType?: string };
}

/** A network interface (`Microsoft.Network/networkInterfaces`). */
export interface NetworkInterfaceJson {
  id: string;
  name: string;
  tags?: Record<string, string>;
  properties?: {
    virtualMachine?: { id?: string };
    ipConfigurations?: { name?: string; properties?: { privateIPAddress?: string; publicIPAddress?: { id?: string }; subnet?: { id?: string } } }[];
  };
}

/** A public IP address (`Microsoft.Network/publicIPAddresses`). */
export interface PublicIpJson {
  id: string;
  name: string;
  tags?: Record<string, string>;
  properties?: { ipAddress?: string };
}

/** A resource group. */
export interface ResourceGroupJson {
  /** `/subscriptions/{id}/resourceGroups/{name}`. */
  id: string;
  /** The group's name. */
  name: string;
  /** Where its metadata lives. */
  location: string;
  /** Resource tags. */
  tags?: Record<string, string>;
  /** Its provisioning state. */
  properties?: {
    /** `Succeeded`, `Deleting`, ... */
    provisioningState?: string;
  };
}

/** `extra` of an Azure node. */
export type AzureNodeExtra = {
  /** The resource group. */
  resourceGroup: string;
  /** The Azure location (`westeurope`). */
  location: string;
  /** The VM size (`Standard_B1s`). */
  vmSize: string | undefined;
  /** ARM's `provisioningState`. */
  provisioningState: string | undefined;
  /** The power state code without its prefix (`running`, `deallocated`). */
  powerState: string | undefined;
  /** `vmId`, the VM's unique id (stable across a redeploy). */
  vmId: string | undefined;
  /** The resource tags. */
  tags: Record<string, string>;
  /** Availability zones. */
  zones: string[];
  /** NIC resource ids. */
  networkInterfaces: string[];
  /** The OS disk's resource id, when managed. */
  osDiskId: string | undefined;
  /** `Linux` or `Windows`. */
  osType: string | undefined;
};

/** `extra` of a size. */
export type AzureSizeExtra = {
  /** Largest number of data disks. */
  maxDataDiskCount: number | undefined;
  /** Temporary (resource) disk, MB. */
  resourceDiskSizeInMB: number | undefined;
  /** The location it was listed for. */
  location: string;
};

/** `extra` of an image. */
export type AzureImageExtra = {
  /** `marketplace` (publisher/offer/sku) or `custom` (a subscription image). */
  kind: 'marketplace' | 'custom';
  /** Marketplace publisher. */
  publisher?: string;
  /** Marketplace offer. */
  offer?: string;
  /** Marketplace SKU. */
  sku?: string;
  /** Version (`latest` for the marketplace listing). */
  version?: string;
  /** The location listed for, or the custom image's location. */
  location?: string;
  /** OS type of a custom image. */
  osType?: string;
};

/** `extra` of a location. */
export type AzureLocationExtra = {
  /** `Physical` or `Logical`. */
  regionType: string | undefined;
  /** Geography group (`Europe`, `US`). */
  geographyGroup: string | undefined;
  /** The paired region. */
  pairedRegion: string | undefined;
};

/** `extra` of a managed disk. */
export type AzureVolumeExtra = {
  /** The resource group. */
  resourceGroup: string;
  /** The Azure location. */
  location: string;
  /** `Premium_LRS`, `StandardSSD_LRS`, ... */
  sku: string | undefined;
  /** `Unattached`, `Attached`, `Reserved`, ... */
  diskState: string | undefined;
  /** The VM it is attached to, if any. */
  managedBy: string | undefined;
  /** The resource tags. */
  tags: Record<string, string>;
};
