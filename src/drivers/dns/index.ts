/**
 * `nubes/dns`: zones and records on any provider with the same calls.
 *
 * @module nubes/dns
 */
export * from './base.js';
export * from './call-options.js';
export { toBindZone, quoteTxt, absoluteName, soaMailbox, DEFAULT_BIND_TTL, type ZoneApex, type BindZone, type BindRecord } from './bind.js';
export { DummyDNSDriver, type DummyZoneExtra, type DummyRecordExtra } from './dummy.js';
export { Provider, getDriver, setDriver, registry } from './providers.js';
export * from './cloudflare/index.js';
export * from './route53/index.js';
export * from './digitalocean/index.js';
export * from './linode/index.js';
export * from './google/index.js';
export * from './azure/index.js';
export { parseSrv, formatSrv, parseCaa, formatCaa, type SrvFields, type CaaFields } from './presentation.js';
