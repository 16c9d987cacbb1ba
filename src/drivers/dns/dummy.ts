/**
 * The dummy DNS driver: zones and records kept in memory, per driver instance, with
 * deterministic ids. For your own tests, examples and the CLI; it sends no request.
 */
import type { RecordWriteOptions } from './types.js';
import type { CallOptions } from '../../common/call-options.js';
import { CREATE_RECORD_OPTIONS, CREATE_ZONE_OPTIONS, type DnsCallOptions } from './call-options.js';
import { checkCallOptions, requireString } from '../../common/validate.js';
import type { DriverOptions } from '../../common/base-driver.js';
import type { Connection } from '../../connection/connection.js';
import {
  InvalidArgumentError,
  RecordAlreadyExistsError,
  RecordDoesNotExistError,
  ZoneAlreadyExistsError,
  ZoneDoesNotExistError,
} from '../../common/errors/index.js';
import {
  DNS_METHODS,
  DNSDriver,
  Record,
  RecordType,
  Zone,
  zoneId,
  type CreateRecordOptions,
  type CreateZoneOptions,
  type DNSMethod,
  type UpdateRecordOptions,
  type DNSExtraTypes,
} from './base.js';

/** `extra` of a dummy zone. */
export type DummyZoneExtra = {
  /** When the zone was created, counted in operations (deterministic, not a clock). */
  readonly createdSeq: number;
};

/** `extra` of a dummy record. */
export type DummyRecordExtra = {
  /** When the record was created or last updated, counted in operations. */
  readonly updatedSeq: number;
};

interface ZoneState {
  readonly id: string;
  domain: string;
  type: 'master' | 'slave';
  ttl: number | undefined;
  readonly createdSeq: number;
  readonly records: Map<string, RecordState>;
}

interface RecordState {
  readonly id: string;
  name: string;
  type: RecordType;
  data: string;
  ttl: number | undefined;
  priority: number | undefined;
  updatedSeq: number;
}

const DOMAIN = /^(?=.{1,253}$)([a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?)(\.[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?)*$/i;

/**
 * An in-memory DNS driver. Zone ids are the domain names; record ids are `1`, `2`, ...
 * in creation order. Creating a zone that exists, or a record identical (name, type,
 * data) to one that exists, fails as a real provider would. Each instance has its own
 * state, so tests never share zones.
 *
 * @example
 * ```ts
 * import { getDriver, Provider, RecordType } from 'nubes/dns';
 *
 * const Dummy = getDriver(Provider.DUMMY);
 * const dns = new Dummy('any-key');
 * const zone = await dns.createZone('example.com', { ttl: 3600 });
 * await zone.createRecord({ name: 'www', type: RecordType.A, data: '192.0.2.10' });
 * console.log(await zone.exportToBindFormat());
 * ```
 */
export class DummyDNSDriver extends DNSDriver<Connection, DriverOptions, DNSExtraTypes<DummyZoneExtra, DummyRecordExtra>> {
  /** The per-call options of `createZone`/`updateZone` and `createRecord`/`updateRecord` (checked before any request). */
  static readonly callOptions: DnsCallOptions = {
    createZone: { ...CREATE_ZONE_OPTIONS },
    createRecord: { ...CREATE_RECORD_OPTIONS },
  };
  static override readonly capabilities: readonly DNSMethod[] = DNS_METHODS;
  static override readonly minTtl: number = 1;
  static override readonly maxTtl: number = 2_147_483_647;

  readonly type = 'dummy';
  readonly name = 'Dummy DNS';
  readonly website = 'https://example.com/nubes-dummy';

  readonly #zones = new Map<string, ZoneState>();
  #seq = 0;
  #nextRecordId = 1;

  /**
   * @param key - ignored (any string; defaults to `'dummy'`).
   * @param secret - ignored.
   * @param options - connection options are accepted and ignored: nothing is sent.
   */
  constructor(key = 'dummy', secret?: string, options?: DriverOptions) {
    super(key, secret, options);
  }

  /** Every record type except SOA, which the driver does not store. */
  listRecordTypes(): RecordType[] {
    return Object.values(RecordType).filter((t) => t !== RecordType.SOA);
  }

  override async listZones(_options?: CallOptions): Promise<Zone<DummyZoneExtra>[]> {
    return [...this.#zones.values()].map((z) => this.#zone(z));
  }

  override async *iterateZones(_options?: CallOptions): AsyncGenerator<Zone<DummyZoneExtra>, void, undefined> {
    yield* await this.listZones();
  }

  override async getZone(id: string, _options?: CallOptions): Promise<Zone<DummyZoneExtra>> {
    requireString(id, 'id');
    return this.#zone(this.#state(id));
  }

  /**
   * Creates a zone whose id is `domain` (lowercased, trailing dot removed).
   *
   * @throws {ZoneAlreadyExistsError} when the zone exists.
   * @throws {InvalidArgumentError} for a malformed domain or TTL.
   */
  override async createZone(domain: string, options: CreateZoneOptions = {}): Promise<Zone<DummyZoneExtra>> {
    checkCallOptions(options, 'createZone', DummyDNSDriver.callOptions.createZone);
    const name = typeof domain === 'string' ? domain.trim().replace(/\.$/, '').toLowerCase() : '';
    if (!DOMAIN.test(name)) throw new InvalidArgumentError(`domain must be a DNS name such as example.com (got ${JSON.stringify(domain)})`, { option: 'domain' });
    this.#checkZoneOptions(options);
    if (this.#zones.has(name)) throw new ZoneAlreadyExistsError(`${this.name}: zone ${JSON.stringify(name)} already exists`, { provider: this.type });
    const state: ZoneState = { id: name, domain: name, type: options.type ?? 'master', ttl: options.ttl, createdSeq: ++this.#seq, records: new Map() };
    this.#zones.set(name, state);
    return this.#zone(state);
  }

  /** Changes the zone's type or default TTL. */
  override async updateZone(zone: Zone<object> | string, options: CreateZoneOptions): Promise<Zone<DummyZoneExtra>> {
    checkCallOptions(options, 'updateZone', DummyDNSDriver.callOptions.createZone);
    this.#checkZoneOptions(options);
    const state = this.#state(zoneId(zone, 'zone'));
    if (options.type !== undefined) state.type = options.type;
    if (options.ttl !== undefined) state.ttl = options.ttl;
    this.#seq++;
    return this.#zone(state);
  }

  /** Deletes the zone and its records. */
  override async deleteZone(zone: Zone<object> | string, _options?: CallOptions): Promise<void> {
    const state = this.#state(zoneId(zone, 'zone'));
    this.#zones.delete(state.id);
    this.#seq++;
  }

  override async *iterateRecords(zone: Zone<object> | string, _options?: CallOptions): AsyncGenerator<Record<DummyRecordExtra>, void, undefined> {
    const state = this.#state(zoneId(zone, 'zone'));
    const z = this.#zone(state);
    for (const r of [...state.records.values()]) yield this.#record(r, z);
  }

  override async getRecord(zone: Zone<object> | string, recordId: string, _options?: CallOptions): Promise<Record<DummyRecordExtra>> {
    if (typeof recordId !== 'string' || recordId === '') throw new InvalidArgumentError('recordId must be a non-empty string', { option: 'recordId' });
    const state = this.#state(zoneId(zone, 'zone'));
    const r = state.records.get(recordId);
    if (!r) throw this.#noRecord(recordId);
    return this.#record(r, this.#zone(state));
  }

  /**
   * Creates a record.
   *
   * @throws {RecordAlreadyExistsError} when a record with the same name, type and data exists.
   */
  override async createRecord(zone: Zone<object> | string, options: CreateRecordOptions): Promise<Record<DummyRecordExtra>> {
    checkCallOptions(options, 'createRecord', DummyDNSDriver.callOptions.createRecord);
    this.validateRecord(options, true);
    const state = this.#state(zoneId(zone, 'zone'));
    const name = normalizeName(options.name, state.domain);
    this.#checkDuplicate(state, name, options.type, options.data, undefined);
    const r: RecordState = {
      id: String(this.#nextRecordId++),
      name,
      type: options.type,
      data: options.data,
      ttl: options.ttl,
      priority: options.priority,
      updatedSeq: ++this.#seq,
    };
    state.records.set(r.id, r);
    return this.#record(r, this.#zone(state));
  }

  /** Changes the fields given in `options`; the others keep their values. */
  override async updateRecord(record: Record<object>, options: UpdateRecordOptions): Promise<Record<DummyRecordExtra>> {
    checkCallOptions(options, 'updateRecord', DummyDNSDriver.callOptions.createRecord);
    this.validateRecord(options, false);
    const state = this.#state(record.zone.id);
    const r = state.records.get(record.id);
    if (!r) throw this.#noRecord(record.id);
    const name = options.name !== undefined ? normalizeName(options.name, state.domain) : r.name;
    const type = options.type ?? r.type;
    const data = options.data ?? r.data;
    this.#checkDuplicate(state, name, type, data, r.id);
    r.name = name;
    r.type = type;
    r.data = data;
    if (options.ttl !== undefined) r.ttl = options.ttl;
    if (options.priority !== undefined) r.priority = options.priority;
    r.updatedSeq = ++this.#seq;
    return this.#record(r, this.#zone(state));
  }

  override async deleteRecord(record: Record<object>, _options?: RecordWriteOptions): Promise<void> {
    const state = this.#state(record.zone.id);
    if (!state.records.delete(record.id)) throw this.#noRecord(record.id);
    this.#seq++;
  }

  #checkZoneOptions(options: CreateZoneOptions): void {
    if (options.type !== undefined && options.type !== 'master' && options.type !== 'slave') {
      throw new InvalidArgumentError(`zone type must be 'master' or 'slave' (got ${JSON.stringify(options.type)})`, { option: 'type' });
    }
    const { minTtl, maxTtl } = DummyDNSDriver;
    if (options.ttl !== undefined && (!Number.isInteger(options.ttl) || options.ttl < minTtl || options.ttl > maxTtl)) {
      throw new InvalidArgumentError(`${this.name} accepts TTLs from ${minTtl} to ${maxTtl} seconds (got ${String(options.ttl)})`, { option: 'ttl' });
    }
  }

  #checkDuplicate(state: ZoneState, name: string, type: RecordType, data: string, except: string | undefined): void {
    for (const other of state.records.values()) {
      if (other.id !== except && other.name === name && other.type === type && other.data === data) {
        throw new RecordAlreadyExistsError(`${this.name}: a ${type} record ${JSON.stringify(name || '@')} with this data already exists (id ${other.id})`, {
          provider: this.type,
        });
      }
    }
  }

  #state(id: string): ZoneState {
    const state = this.#zones.get(id);
    if (!state) throw new ZoneDoesNotExistError(`${this.name}: zone ${JSON.stringify(id)} does not exist`, { provider: this.type });
    return state;
  }

  #noRecord(id: string): RecordDoesNotExistError {
    return new RecordDoesNotExistError(`${this.name}: record ${JSON.stringify(id)} does not exist`, { provider: this.type });
  }

  #zone(s: ZoneState): Zone<DummyZoneExtra> {
    return new Zone<DummyZoneExtra>(
      { id: s.id, domain: s.domain, type: s.type, ...(s.ttl !== undefined ? { ttl: s.ttl } : {}), extra: { createdSeq: s.createdSeq } },
      this,
    );
  }

  #record(r: RecordState, zone: Zone): Record<DummyRecordExtra> {
    return new Record<DummyRecordExtra>(
      {
        id: r.id,
        name: r.name,
        type: r.type,
        data: r.data,
        ...(r.ttl !== undefined ? { ttl: r.ttl } : {}),
        ...(r.priority !== undefined ? { priority: r.priority } : {}),
        zone,
        extra: { updatedSeq: r.updatedSeq },
      },
      this,
    );
  }
}

/** `@`, the zone's own name and a trailing dot all mean the same as a relative name. */
function normalizeName(name: string, domain: string): string {
  const n = name.replace(/\.$/, '').toLowerCase();
  if (n === '@' || n === domain) return '';
  return n.endsWith(`.${domain}`) ? n.slice(0, -domain.length - 1) : n;
}
