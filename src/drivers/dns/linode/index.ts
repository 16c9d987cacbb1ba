/**
 * Linode DNS driver.
 */
export {
  LinodeDNSDriver,
  LinodeDNSConnection,
  LinodeDNSResponse,
  LINODE_TTLS,
  LINODE_NAMESERVERS,
  type LinodeDNSOptions,
  type LinodeZoneExtra,
  type LinodeRecordExtra,
  type LinodeZoneOptions,
  type LinodeRecordPayload,
} from './driver.js';
