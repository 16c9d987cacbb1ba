/**
 * Amazon Route 53 DNS driver.
 */
export {
  Route53DNSDriver,
  type Route53DNSOptions,
  type Route53ZoneExtra,
  type Route53RecordExtra,
  type Route53CreateZoneOptions,
  type Route53RecordOptions,
} from './driver.js';
export { Route53Connection, Route53Response, ROUTE53_API_PREFIX } from './connection.js';
export {
  recordSetId,
  parseRecordSetId,
  ROUTE53_NS,
  type Route53RecordSet,
  type Route53AliasTarget,
  type RecordSetKey,
} from './record-sets.js';
