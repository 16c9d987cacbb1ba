/**
 * The DNS API: Zone, Record, RecordType and the DNSDriver base every DNS driver
 * extends. Record names are relative to the zone; the apex is `''`.
 */
import { refOf, requireString } from '../../common/validate.js';
import { BaseDriver, type DriverOptions } from '../../common/base-driver.js';
import { bindDriver, notSupported, supports } from '../../common/capabilities.js';
import { isIPv4, isIPv6 } from 'node:net';
import { InvalidArgumentError, RecordDoesNotExistError, ZoneDoesNotExistError } from '../../common/errors/index.js';
import { collect } from '../../common/pagination.js';
import type { Connection } from '../../connection/connection.js';
import { toBindZone, type ZoneApex } from './bind.js';

/** Provider-specific extra fields. */
export type Extra = { [key: string]: unknown };

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

/** Every method a DNS driver may implement. */
export type DNSMethod =
  | 'listZones'
  | 'getZone'
  | 'createZone'
  | 'updateZone'
  | 'deleteZone'
  | 'listRecords'
  | 'getRecord'
  | 'createRecord'
  | 'updateRecord'
  | 'deleteRecord'
  | 'exportZoneToBindFormat';

/** All DNS methods, in documentation order. */
export const DNS_METHODS: readonly DNSMethod[] = [
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
];

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
  listRecords(): Promise<Record[]> {
    return this.driver.listRecords(this);
  }

  /** Creates a record in this zone. */
  createRecord(options: CreateRecordOptions): Promise<Record> {
    return this.driver.createRecord(this, options);
  }

  /** This zone as a BIND zone file. */
  exportToBindFormat(): Promise<string> {
    return this.driver.exportZoneToBindFormat(this);
  }

  /** Deletes this zone. */
  delete(): Promise<void> {
    return this.driver.deleteZone(this);
  }
}

/** Fields of a {@link Record}. */
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

/** A DNS record. */
export class Record<E extends object = Extra> {
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
  delete(): Promise<void> {
    return this.driver.deleteRecord(this);
  }
}

/** Options of {@link DNSDriver.createZone}. */
export interface CreateZoneOptions {
  /** `master` (default) or `slave`, where the provider has secondary zones. */
  type?: 'master' | 'slave';
  /** Default TTL in seconds, where the provider has one. */
  ttl?: number;
}

/** Options of {@link DNSDriver.createRecord}. */
export interface CreateRecordOptions {
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

/**
 * The base of every DNS driver. Drivers declare `static capabilities`, the record
 * types they support and their TTL bounds; invalid input is refused before any request.
 *
 * @example
 * ```ts
 * import { getDriver, Provider, RecordType } from 'nubes/dns';
 *
 * const dns = new (getDriver(Provider.DUMMY))('any-key');
 * const zone = await dns.createZone('example.com');
 * await dns.createRecord(zone, { name: 'www', type: RecordType.A, data: '192.0.2.10', ttl: 300 });
 * console.log(await dns.exportZoneToBindFormat(zone));
 * ```
 */
export abstract class DNSDriver<C extends Connection = Connection, O extends DriverOptions = DriverOptions> extends BaseDriver<C, O> {
  /** The DNS methods this driver implements. */
  static readonly capabilities: readonly DNSMethod[] = [];
  /** Smallest TTL the provider accepts, in seconds. */
  static readonly minTtl: number = 1;
  /** Largest TTL the provider accepts, in seconds. */
  static readonly maxTtl: number = 2_147_483_647;

  /** True when this driver implements `method`. */
  supports(method: DNSMethod): boolean {
    return supports(this, method);
  }

  /** Throws NotSupportedError for `method`. */
  protected notSupported(method: DNSMethod | string): never {
    return notSupported(this, method);
  }

  /** Record types this provider supports. */
  abstract listRecordTypes(): RecordType[];

  /**
   * Refuses, before any request, a record type this provider does not support, a TTL
   * out of its range, a missing MX/SRV priority, or empty data.
   */
  protected validateRecord(options: UpdateRecordOptions, creating: boolean): void {
    const statics = this.constructor as unknown as { minTtl: number; maxTtl: number };
    if (creating && (typeof options.name !== 'string' || /\s/.test(options.name))) {
      throw new InvalidArgumentError(`record name must be a string without spaces (got ${JSON.stringify(options.name)}); use '' for the apex`, {
        option: 'name',
      });
    }
    if (options.type !== undefined && !this.listRecordTypes().includes(options.type)) {
      throw new InvalidArgumentError(`${this.name} does not support ${String(options.type)} records (supported: ${this.listRecordTypes().join(', ')})`, {
        option: 'type',
      });
    }
    if (creating && options.type === undefined) throw new InvalidArgumentError('record type is required', { option: 'type' });
    if (options.data !== undefined && (typeof options.data !== 'string' || options.data.trim() === '')) {
      throw new InvalidArgumentError('record data must be a non-empty string', { option: 'data' });
    }
    if (creating && options.data === undefined) throw new InvalidArgumentError('record data is required', { option: 'data' });
    // An A/AAAA value that is not an address would only be refused by the provider, after
    // a zone lookup and a request; with an address family mix-up it may even be accepted
    // as a name by some APIs. Checked only when the type is known from the options.
    if (options.data !== undefined && options.type === RecordType.A && !isIPv4(options.data.trim())) {
      throw new InvalidArgumentError(`A record data must be an IPv4 address (got ${JSON.stringify(options.data)})`, { option: 'data' });
    }
    if (options.data !== undefined && options.type === RecordType.AAAA && !isIPv6(options.data.trim())) {
      throw new InvalidArgumentError(`AAAA record data must be an IPv6 address (got ${JSON.stringify(options.data)})`, { option: 'data' });
    }
    if (options.ttl !== undefined && (!Number.isInteger(options.ttl) || options.ttl < statics.minTtl || options.ttl > statics.maxTtl)) {
      throw new InvalidArgumentError(`${this.name} accepts TTLs from ${statics.minTtl} to ${statics.maxTtl} seconds (got ${String(options.ttl)})`, {
        option: 'ttl',
      });
    }
    if (creating && (options.type === RecordType.MX || options.type === RecordType.SRV) && options.priority === undefined) {
      throw new InvalidArgumentError(`${options.type} records need a priority`, { option: 'priority' });
    }
    if (options.priority !== undefined && (!Number.isInteger(options.priority) || options.priority < 0 || options.priority > 65535)) {
      throw new InvalidArgumentError(`priority must be an integer from 0 to 65535 (got ${String(options.priority)})`, { option: 'priority' });
    }
  }

  /** All zones. */
  async listZones(): Promise<Zone[]> {
    if (this.iterateZones === DNSDriver.prototype.iterateZones) this.notSupported('listZones');
    return collect(this.iterateZones());
  }

  /** All zones, page by page. */
  async *iterateZones(): AsyncGenerator<Zone, void, undefined> {
    if (this.listZones === DNSDriver.prototype.listZones) this.notSupported('listZones');
    yield* await this.listZones();
  }

  /**
   * One zone by id.
   *
   * @throws {ZoneDoesNotExistError}
   */
  async getZone(id: string): Promise<Zone> {
    requireString(id, 'id');
    for await (const zone of this.iterateZones()) if (zone.id === id) return zone;
    throw new ZoneDoesNotExistError(`${this.name}: zone ${JSON.stringify(id)} does not exist`, { provider: this.type });
  }

  /** Creates a zone for `domain`. */
  async createZone(_domain: string, _options?: CreateZoneOptions): Promise<Zone> {
    return this.notSupported('createZone');
  }

  /** Updates a zone's settings. */
  async updateZone(_zone: Zone<object> | string, _options: CreateZoneOptions): Promise<Zone> {
    return this.notSupported('updateZone');
  }

  /** Deletes a zone and its records. */
  async deleteZone(_zone: Zone<object> | string): Promise<void> {
    return this.notSupported('deleteZone');
  }

  /** All records of a zone. */
  async listRecords(zone: Zone<object> | string): Promise<Record[]> {
    zoneId(zone);
    return collect(this.iterateRecords(zone));
  }

  /** Records of a zone, page by page. */
  // eslint-disable-next-line require-yield -- the base only refuses
  async *iterateRecords(_zone: Zone<object> | string): AsyncGenerator<Record, void, undefined> {
    this.notSupported('listRecords');
  }

  /**
   * One record.
   *
   * @throws {RecordDoesNotExistError}
   */
  async getRecord(zone: Zone<object> | string, recordId: string): Promise<Record> {
    zoneId(zone);
    requireString(recordId, 'recordId');
    for await (const record of this.iterateRecords(zone)) if (record.id === recordId) return record;
    throw new RecordDoesNotExistError(`${this.name}: record ${JSON.stringify(recordId)} does not exist`, { provider: this.type });
  }

  /** Creates a record. */
  async createRecord(_zone: Zone<object> | string, _options: CreateRecordOptions): Promise<Record> {
    return this.notSupported('createRecord');
  }

  /** Updates a record. */
  async updateRecord(_record: Record<object>, _options: UpdateRecordOptions): Promise<Record> {
    return this.notSupported('updateRecord');
  }

  /** Deletes a record. */
  async deleteRecord(_record: Record<object>): Promise<void> {
    return this.notSupported('deleteRecord');
  }

  /** The zone itself, or, for an id, the zone {@link DNSDriver.getZone} reads. */
  protected async resolveZone(zone: Zone<object> | string): Promise<Zone<object>> {
    return typeof zone === 'string' ? this.getZone(zone) : (zoneId(zone), zone);
  }

  /**
   * What the provider knows about a zone's apex outside its record list (name servers,
   * hostmaster, serial), used by {@link DNSDriver.exportZoneToBindFormat} when the
   * records hold no SOA or NS. Drivers whose provider keeps them elsewhere override it.
   */
  protected zoneApex(_zone: Zone<object>): ZoneApex {
    return {};
  }

  /**
   * The zone as a BIND zone file (RFC 1035 master file format): `$ORIGIN`, `$TTL`, the
   * SOA (the provider's, or one synthesized and marked by a comment), apex NS records,
   * then one line per record, names in data made absolute. See {@link toBindZone}.
   */
  async exportZoneToBindFormat(zone: Zone<object> | string): Promise<string> {
    const z = await this.resolveZone(zone);
    const records = await this.listRecords(z);
    return toBindZone(z, records, this.zoneApex(z));
  }
}
