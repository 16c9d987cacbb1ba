/**
 * The DNSDriver base every DNS driver extends. The vocabulary lives in
 * types.ts and is re-exported here, so every existing import keeps working.
 */
import { requireString } from '../../common/validate.js';
import { BaseDriver, type DriverOptions } from '../../common/base-driver.js';
import { notSupported, supports } from '../../common/capabilities.js';
import { isIPv4, isIPv6 } from '../../common/builtins.js';
import { InvalidArgumentError, RecordDoesNotExistError, ZoneDoesNotExistError } from '../../common/errors/index.js';
import type { ExtraOf } from '../../common/extra-of.js';
import { collect } from '../../common/pagination.js';
import type { Connection } from '../../connection/connection.js';
import { toBindZone, type ZoneApex } from './bind.js';
import type { CallOptions } from '../../common/call-options.js';
import { RecordType, type DNSMethod, Zone, Record, zoneId, type CreateZoneOptions, type CreateRecordOptions, type RecordWriteOptions, type UpdateRecordOptions } from './types.js';

export * from './types.js';

/**
 * The `extra` types of a DNS driver's values: `{ zone: AcmeZoneExtra; record: AcmeRecordExtra }`.
 * The base's `listZones`, `iterateZones`, `getZone`, `listRecords`, `iterateRecords` and
 * `getRecord` return them; a kind left out is {@link Extra}.
 */
export interface DNSExtras {
  /** `extra` of {@link Zone}. */
  zone?: object;
  /** `extra` of {@link Record}. */
  record?: object;
}

/** {@link DNSExtras} for a driver that types both kinds: `DNSDriver<C, O, DNSExtraTypes<AcmeZoneExtra, AcmeRecordExtra>>`. */
export interface DNSExtraTypes<Z extends object, R extends object> extends DNSExtras {
  /** `extra` of {@link Zone}. */
  zone: Z;
  /** `extra` of {@link Record}. */
  record: R;
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
export abstract class DNSDriver<
  C extends Connection = Connection,
  O extends DriverOptions = DriverOptions,
  X extends DNSExtras = DNSExtras,
> extends BaseDriver<C, O> {
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
  async listZones(_options?: CallOptions): Promise<Zone<ExtraOf<X, 'zone'>>[]> {
    if (this.iterateZones === DNSDriver.prototype.iterateZones) this.notSupported('listZones');
    return collect(this.iterateZones());
  }

  /** All zones, page by page. */
  async *iterateZones(_options?: CallOptions): AsyncGenerator<Zone<ExtraOf<X, 'zone'>>, void, undefined> {
    if (this.listZones === DNSDriver.prototype.listZones) this.notSupported('listZones');
    yield* await this.listZones();
  }

  /**
   * One zone by id.
   *
   * @throws {ZoneDoesNotExistError}
   */
  async getZone(id: string, _options?: CallOptions): Promise<Zone<ExtraOf<X, 'zone'>>> {
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
  async deleteZone(_zone: Zone<object> | string, _options?: CallOptions): Promise<void> {
    return this.notSupported('deleteZone');
  }

  /** All records of a zone. */
  async listRecords(zone: Zone<object> | string, _options?: CallOptions): Promise<Record<ExtraOf<X, 'record'>>[]> {
    zoneId(zone);
    return collect(this.iterateRecords(zone));
  }

  /** Records of a zone, page by page. */
  // eslint-disable-next-line require-yield -- the base only refuses
  async *iterateRecords(_zone: Zone<object> | string, _options?: CallOptions): AsyncGenerator<Record<ExtraOf<X, 'record'>>, void, undefined> {
    this.notSupported('listRecords');
  }

  /**
   * One record.
   *
   * @throws {RecordDoesNotExistError}
   */
  async getRecord(zone: Zone<object> | string, recordId: string, _options?: CallOptions): Promise<Record<ExtraOf<X, 'record'>>> {
    zoneId(zone);
    requireString(recordId, 'recordId');
    for await (const record of this.iterateRecords(zone)) if (record.id === recordId) return record;
    throw new RecordDoesNotExistError(`${this.name}: record ${JSON.stringify(recordId)} does not exist`, { provider: this.type });
  }

  /**
   * Creates a record. With `wait: true`, resolves once the provider reports the change
   * applied on its name servers, where it reports that (see {@link RecordWriteOptions}).
   */
  async createRecord(_zone: Zone<object> | string, _options: CreateRecordOptions): Promise<Record> {
    return this.notSupported('createRecord');
  }

  /** Updates a record; `wait` as for {@link DNSDriver.createRecord}. */
  async updateRecord(_record: Record<object>, _options: UpdateRecordOptions): Promise<Record> {
    return this.notSupported('updateRecord');
  }

  /** Deletes a record; `wait` as for {@link DNSDriver.createRecord}. */
  async deleteRecord(_record: Record<object>, _options?: RecordWriteOptions): Promise<void> {
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
  async exportZoneToBindFormat(zone: Zone<object> | string, _options?: CallOptions): Promise<string> {
    const z = await this.resolveZone(zone);
    const records = await this.listRecords(z);
    return toBindZone(z, records, this.zoneApex(z));
  }
}
