/**
 * The DNS vocabulary: enums, the method list (one `as const` array, the
 * {@link DNSMethod} union derived from it), the value types and the options of the
 * area's methods. The driver base is in base.ts, which re-exports all of this, so
 * `import ... from './base.js'` keeps working.
 */
import type { CallOptions } from '../../common/call-options.js';

/** The per-call options every method of the area takes (re-exported from the root entry). */
export type { CallOptions };
import { bindDriver } from '../../common/capabilities.js';
import type { DNSDriver } from './base.js';
import { refOf } from '../../common/validate.js';

/** Provider-specific extra fields. */
export type Extra = { [key: string]: unknown };

export type { ExtraOf } from '../../common/extra-of.js';

/** DNS record types. Each driver lists the ones it supports in `listRecordTypes()`. */
export enum RecordType {
  /** IPv4 address (RFC 1035). */
  A = 'A',
  /** IPv6 address (RFC 3596). */
  AAAA = 'AAAA',
  /** Provider-specific apex alias to a host name (not standard DNS; exported as a comment). */
  ALIAS = 'ALIAS',
  /** Certification authority authorization (RFC 8659): `flags tag "value"`. */
  CAA = 'CAA',
  /** Certificate (RFC 4398). */
  CERT = 'CERT',
  /** Canonical name (RFC 1035). */
  CNAME = 'CNAME',
  /** Delegation of a subtree (RFC 6672). */
  DNAME = 'DNAME',
  /** DNSSEC public key (RFC 4034). */
  DNSKEY = 'DNSKEY',
  /** DNSSEC delegation signer (RFC 4034). */
  DS = 'DS',
  /** Host information (RFC 1035). */
  HINFO = 'HINFO',
  /** HTTPS service binding (RFC 9460). */
  HTTPS = 'HTTPS',
  /** Location (RFC 1876). */
  LOC = 'LOC',
  /** Mail exchanger (RFC 1035); the preference goes in `priority`. */
  MX = 'MX',
  /** Naming authority pointer (RFC 3403). */
  NAPTR = 'NAPTR',
  /** Name server (RFC 1035). */
  NS = 'NS',
  /** OpenPGP public key (RFC 7929). */
  OPENPGPKEY = 'OPENPGPKEY',
  /** Pointer, for reverse DNS (RFC 1035). */
  PTR = 'PTR',
  /** S/MIME certificate association (RFC 8162). */
  SMIMEA = 'SMIMEA',
  /** Start of authority (RFC 1035); managed by providers, rarely listed. */
  SOA = 'SOA',
  /** Sender policy framework (RFC 7208 deprecates it in favour of TXT). */
  SPF = 'SPF',
  /** Service locator (RFC 2782): `weight port target` in `data`, the priority in `priority`. */
  SRV = 'SRV',
  /** SSH key fingerprint (RFC 4255). */
  SSHFP = 'SSHFP',
  /** Service binding (RFC 9460). */
  SVCB = 'SVCB',
  /** DANE TLS association (RFC 6698). */
  TLSA = 'TLSA',
  /** Text (RFC 1035). */
  TXT = 'TXT',
  /** URI (RFC 7553). */
  URI = 'URI',
}

/** All DNS methods, in documentation order: the one list the {@link DNSMethod} union is derived from. */
export const DNS_METHODS = [
  'listZones',
  'getZone',
  'createZone',
  'updateZone',
  'deleteZone',
  'listRecords',
  'getRecord',
  'createRecord',
  'updateRecord',
  'deleteRecord',
  'exportZoneToBindFormat',
] as const;

/** Every method a DNS driver may implement; drivers declare theirs in `capabilities`. */
export type DNSMethod = (typeof DNS_METHODS)[number];

/** Fields of a {@link Zone}. */
export interface ZoneInit<E extends object = Extra> {
  /** Provider id. */
  id: string;
  /** The domain, without a trailing dot: `example.com`. */
  domain: string;
  /**
   * `master` (the provider serves it), `slave` (it transfers it from a primary) or
   * `partial` (the provider serves some of its names for a zone whose authoritative
   * name servers are elsewhere: Cloudflare's partial, CNAME setup).
   */
  type: 'master' | 'slave' | 'partial';
  /** Default TTL in seconds, when the provider has one. */
  ttl?: number;
  /** Provider-specific fields, typed per driver. */
  extra: E;
}

/** A DNS zone. */
export class Zone<E extends object = Extra> {
  /** The driver this value came from (not enumerable: it stays out of JSON and test equality). */
  declare readonly driver: DNSDriver;
  /** Provider id (what `getZone` takes). */
  readonly id: string;
  /** The domain, without a trailing dot: `example.com`. */
  readonly domain: string;
  /** `master`, `slave` or `partial` (see {@link ZoneInit.type}). */
  readonly type: 'master' | 'slave' | 'partial';
  /** Default TTL in seconds, when the provider has one. */
  readonly ttl: number | undefined;
  /** Provider-specific fields, typed per driver. */
  readonly extra: E;

  constructor(init: ZoneInit<E>, driver: DNSDriver) {
    this.id = init.id;
    this.domain = init.domain;
    this.type = init.type;
    this.ttl = init.ttl;
    this.extra = init.extra;
    bindDriver(this, driver);
  }

  /** Records of this zone. */
  listRecords(options?: CallOptions): Promise<Record[]> {
    return this.driver.listRecords(this, options);
  }

  /** Creates a record in this zone. */
  createRecord(options: CreateRecordOptions): Promise<Record> {
    return this.driver.createRecord(this, options);
  }

  /** This zone as a BIND zone file. */
  exportToBindFormat(options?: CallOptions): Promise<string> {
    return this.driver.exportZoneToBindFormat(this, options);
  }

  /** Deletes this zone. */
  delete(options?: CallOptions): Promise<void> {
    return this.driver.deleteZone(this, options);
  }
}

/** Fields of a {@link DnsRecord}. */
export interface RecordInit<E extends object = Extra> {
  /** Provider id. */
  id: string;
  /** Relative to the zone; `''` for the apex. */
  name: string;
  /** Record type. */
  type: RecordType;
  /** The value, in zone-file presentation form (without the priority for MX/SRV). */
  data: string;
  /** TTL in seconds; undefined means the provider's default. */
  ttl?: number;
  /** MX and SRV priority. */
  priority?: number;
  /** The zone it belongs to. */
  zone: Zone;
  /** Provider-specific fields, typed per driver. */
  extra: E;
}

/**
 * A DNS record.
 *
 * Named `DnsRecord` so that it does not shadow TypeScript's own `Record<K, V>` in a file
 * that imports it; `Record` stays as a deprecated alias.
 */
export class DnsRecord<E extends object = Extra> {
  /** The driver this value came from (not enumerable: it stays out of JSON and test equality). */
  declare readonly driver: DNSDriver;
  /** Provider id. */
  readonly id: string;
  /** Relative to the zone; `''` for the apex. */
  readonly name: string;
  /** Record type. */
  readonly type: RecordType;
  /** The value, in zone-file presentation form (without the priority for MX/SRV). */
  readonly data: string;
  /** TTL in seconds; undefined means the provider's default. */
  readonly ttl: number | undefined;
  /** MX and SRV priority. */
  readonly priority: number | undefined;
  /** The zone it belongs to. */
  readonly zone: Zone;
  /** Provider-specific fields, typed per driver. */
  readonly extra: E;

  constructor(init: RecordInit<E>, driver: DNSDriver) {
    this.id = init.id;
    this.name = init.name;
    this.type = init.type;
    this.data = init.data;
    this.ttl = init.ttl;
    this.priority = init.priority;
    this.zone = init.zone;
    this.extra = init.extra;
    bindDriver(this, driver);
  }

  /** The fully qualified name, with a trailing dot. */
  get fqdn(): string {
    return this.name === '' ? `${this.zone.domain}.` : `${this.name}.${this.zone.domain}.`;
  }

  /** Updates this record. */
  update(options: UpdateRecordOptions): Promise<Record> {
    return this.driver.updateRecord(this, options);
  }

  /** Deletes this record. */
  delete(options?: RecordWriteOptions): Promise<void> {
    return this.driver.deleteRecord(this, options);
  }
}

/**
 * The former name of {@link DnsRecord}.
 *
 * @deprecated Use `DnsRecord`: `Record` shadows TypeScript's `Record<K, V>` in every file
 * that imports it. This alias will be removed in a future minor version before 1.0.
 */
export const Record = DnsRecord;
/**
 * The former name of {@link DnsRecord}.
 *
 * @deprecated Use `DnsRecord`.
 */
export type Record<E extends object = Extra> = DnsRecord<E>;

/** Options of {@link DNSDriver.createZone}, with the per-call `signal` and `timeout`. */
export interface CreateZoneOptions extends CallOptions {
  /** `master` (default) or `slave`, where the provider has secondary zones. */
  type?: 'master' | 'slave';
  /** Default TTL in seconds, where the provider has one. */
  ttl?: number;
}

/**
 * The options of every record write (`createRecord`, `updateRecord`, `deleteRecord`):
 * the per-call `signal` and `timeout`, and `wait`.
 */
export interface RecordWriteOptions extends CallOptions {
  /**
   * Resolve only once the provider reports the change live on its name servers: Route 53
   * polls `GetChange` until `INSYNC`, Cloud DNS polls the change until `done` (and waits
   * by default: its `waitForChanges` driver option). Providers that apply a write before
   * answering it, and report no change status (Azure DNS, Cloudflare, DigitalOcean,
   * Linode), are done when the call returns: `wait` changes nothing there. The wait ends
   * with a `WaitTimeoutError` after the driver's `changeTimeout` (default 5 minutes), or
   * with the call's `TimeoutError` (kind `call`) when its `timeout` is shorter; `signal`
   * cancels it with an `AbortError` (the change itself is already accepted by then).
   */
  wait?: boolean | undefined;
}

/** Options of {@link DNSDriver.createRecord}, with the per-call `signal`, `timeout` and `wait`. */
export interface CreateRecordOptions extends RecordWriteOptions {
  /** Relative name; `''` for the apex. */
  name: string;
  /** Record type; one of `driver.listRecordTypes()`. */
  type: RecordType;
  /** The value, in zone-file presentation form, without the priority. */
  data: string;
  /** TTL in seconds, within the driver's `minTtl`..`maxTtl` (default: the provider's). */
  ttl?: number;
  /** Required for MX and SRV. */
  priority?: number;
}

/** Options of {@link DNSDriver.updateRecord}: what changes. */
export type UpdateRecordOptions = Partial<CreateRecordOptions>;

/** The id of a zone, or the id itself. */
export function zoneId(zone: Zone<object> | string, argument = 'zone'): string {
  return refOf(zone, argument);
}
