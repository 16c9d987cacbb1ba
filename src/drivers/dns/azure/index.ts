/** The Azure DNS driver (Azure Resource Manager). */
export { AzureDNSDriver, type AzureCreateZoneOptions, type AzureDNSDriverOptions } from './driver.js';
export { AzureDNSConnection, AzureDNSResponse } from './connection.js';
export type { AzureRecordExtra, AzureRecordSetJson, AzureRecordSetProperties, AzureSoaJson, AzureZoneExtra, AzureZoneJson } from './types.js';
