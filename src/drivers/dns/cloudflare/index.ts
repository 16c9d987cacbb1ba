/**
 * Cloudflare DNS driver.
 */
export {
  CloudflareDNSDriver,
  type CloudflareDNSOptions,
  type CloudflareZoneExtra,
  type CloudflareRecordExtra,
  type CloudflareCreateZoneOptions,
  type CloudflareRecordOptions,
} from './driver.js';
export {
  CloudflareConnection,
  CloudflareResponse,
  CLOUDFLARE_API_HOST,
  CLOUDFLARE_API_PATH,
  type CloudflareEnvelope,
  type CloudflareApiError,
  type CloudflareResultInfo,
} from './connection.js';
export type { CloudflareRecordPayload } from './records.js';
