/**
 * DigitalOcean DNS driver.
 */
export {
  DigitalOceanDNSDriver,
  DigitalOceanDNSConnection,
  DigitalOceanDNSResponse,
  type DigitalOceanZoneExtra,
  type DigitalOceanRecordExtra,
  type DigitalOceanCreateZoneOptions,
  type DigitalOceanRecordPayload,
} from './driver.js';
