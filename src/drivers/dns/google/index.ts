/**
 * The Google Cloud DNS driver.
 *
 * @module
 */
export { GoogleDNSDriver } from './driver.js';
export { GoogleDnsConnection, GoogleDnsResponse, CLOUD_DNS_SCOPE } from './connection.js';
export type { GoogleCreateZoneOptions, GoogleDnsOptions, GoogleRecordExtra, GoogleZoneExtra } from './types.js';
