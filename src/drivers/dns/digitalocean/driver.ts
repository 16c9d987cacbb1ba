/**
 * DigitalOcean DNS: domains and domain records over the DigitalOcean API v2.
 */
import type { RecordWriteOptions } from '../types.js';
import type { CallOptions } from '../../../common/call-options.js';
import { toBindZone } from '../bind.js';
import { CREATE_RECORD_OPTIONS, CREATE_ZONE_OPTIONS, type DnsCallOptions } from '../call-options.js';
import { checkCallOptions, requireString } from '../../../common/validate.js';
import { defineMapper } from '../../../common/payload.js';
import { DigitalOceanConnection, DigitalOceanResponse, iterateDigitalOcean } from '../../../common/digitalocean/index.js';
import { InvalidArgumentError, RecordDoesNotExistError, ZoneAlreadyExistsError, ZoneDoesNotExistError, type NubesError } from '../../../common/errors/index.js';
import type { ConnectionOptions } from '../../../connection/connection.js';
import type { ResponseClass } from '../../../connection/response.js';
import type { DriverOptions } from '../../../common/base-driver.js';
import {
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
} from '../base.js';
import { asErrorClass } from '../../../common/errors/index.js';
import { formatCaa, formatSrv, parseCaa, parseSrv } from '../presentation.js';

/** `extra` of a DigitalOcean domain. */
export type DigitalOceanZoneExtra = {
  /** The zone file DigitalOcean serves, when the API returned it. */
  readonly zoneFile: string | undefined;
};

/** `extra` of a DigitalOcean domain record. */
export type DigitalOceanRecordExtra = {
  /** SRV weight (`weight`), as the API returned it. */
  readonly weight: number | undefined;
  /** SRV port (`port`), as the API returned it. */
  readonly port: number | undefined;
  /** CAA flags (`flags`), as the API returned them. */
  readonly flags: number | undefined;
  /** CAA tag (`tag`: `issue`, `issuewild` or `iodef`), as the API returned it. */
  readonly tag: string | undefined;
};

/** DigitalOcean-specific options of `createZone`. */
export interface DigitalOceanCreateZoneOptions extends CreateZoneOptions {
  /** Creates an apex A record to this address with the domain. */
  exIpAddress?: string;
}

/** A domain as the API returns it. */
interface DoDomain {
  readonly name: string;
  readonly ttl?: number | null;
  readonly zone_file?: string | null;
}

/** A domain record as the API returns it. */
export interface DigitalOceanRecordPayload {
  /** Record id. */
  readonly id: number;
  /** Record type: `A`, `AAAA`, `CAA`, `CNAME`, `MX`, `NS`, `SOA`, `SRV` or `TXT`. */
  readonly type: string;
  /** Name relative to the domain; `@` for the apex. */
  readonly name: string;
  /** The value: an address, a host name, TXT text, the CAA value, ... */
  readonly data: string;
  /** MX and SRV priority. */
  readonly priority?: number | null;
  /** SRV port. */
  readonly port?: number | null;
  /** TTL in seconds. */
  readonly ttl?: number | null;
  /** SRV weight. */
  readonly weight?: number | null;
  /** CAA flags (0 or 128). */
  readonly flags?: number | null;
  /** CAA tag: `issue`, `issuewild` or `iodef`. */
  readonly tag?: string | null;
}

/**
 * DigitalOcean DNS answers: a 404 on a record path → RecordDoesNotExistError, on a
 * domain path → ZoneDoesNotExistError; a 422 "already exists" when creating a domain →
 * ZoneAlreadyExistsError.
 */
export class DigitalOceanDNSResponse<T = unknown> extends DigitalOceanResponse<T> {
  /** The DigitalOcean error, mapped to the zone and record errors as described on the class. */
  override async parseError(): Promise<NubesError> {
    const base = await super.parseError();
    const path = new URL(this.url, 'https://placeholder.invalid').pathname;
    if (this.status === 404 && /\/domains\/[^/]+\/records\/[^/]+/.test(path)) return asErrorClass(base, RecordDoesNotExistError);
    if (this.status === 404 && /\/domains\/[^/]+/.test(path)) return asErrorClass(base, ZoneDoesNotExistError);
    if (this.status === 422 && this.method === 'POST' && /\/domains\/?$/.test(path) && /already exists/i.test(base.message)) {
      return asErrorClass(base, ZoneAlreadyExistsError);
    }
    return base;
  }
}

/** The DigitalOcean connection with the DNS error mapping. */
export class DigitalOceanDNSConnection extends DigitalOceanConnection {
  /** {@link DigitalOceanDNSResponse}: maps 404s and "already exists" to the zone and record errors. */
  protected override responseCls: ResponseClass = DigitalOceanDNSResponse;
}

const SUPPORTED: readonly RecordType[] = [RecordType.A, RecordType.AAAA, RecordType.CAA, RecordType.CNAME, RecordType.MX, RecordType.NS, RecordType.SRV, RecordType.TXT];

/**
 * DigitalOcean DNS driver (API v2).
 *
 * Zone ids are the domain names. Record names are relative (`''` for the apex, sent as
 * `@`). SRV values are `weight port target` with the priority separate, CAA values
 * `flags tag "value"`; both are split into DigitalOcean's fields. DigitalOcean's SOA
 * record carries only a TTL, not an SOA value: listings keep it as the API gives it, and
 * the BIND export synthesizes the SOA (the NS records are listed as usual). TTLs from 30 s.
 *
 * @example
 * ```ts
 * import { getDriver, Provider, RecordType } from 'nubes/dns';
 *
 * const DO = getDriver(Provider.DIGITAL_OCEAN);
 * const dns = new DO(process.env.DIGITALOCEAN_TOKEN!);
 * await dns.createRecord('example.com', { name: 'www', type: RecordType.A, data: '192.0.2.10', ttl: 300 });
 * ```
 */
export class DigitalOceanDNSDriver extends DNSDriver<
  DigitalOceanDNSConnection,
  DriverOptions,
  DNSExtraTypes<DigitalOceanZoneExtra, DigitalOceanRecordExtra>
> {
  /** The per-call options of `createZone`/`updateZone` and `createRecord`/`updateRecord` (checked before any request). */
  static readonly callOptions: DnsCallOptions = {
    createZone: { ...CREATE_ZONE_OPTIONS, exIpAddress: 'string' },
    createRecord: { ...CREATE_RECORD_OPTIONS },
  };
  static override readonly capabilities: readonly DNSMethod[] = [
    'listZones',
    'getZone',
    'createZone',
    'deleteZone',
    'listRecords',
    'getRecord',
    'createRecord',
    'updateRecord',
    'deleteRecord',
    'exportZoneToBindFormat',
  ];
  static override readonly minTtl: number = 30;
  static override readonly maxTtl: number = 2_147_483_647;

  readonly type = 'digitalocean';
  readonly name = 'DigitalOcean DNS';
  readonly website = 'https://www.digitalocean.com/';

  /**
   * @param key - a personal access token.
   * @param secret - unused.
   * @param options - connection options.
   */
  constructor(key: string, secret?: string, options: DriverOptions = {}) {
    super(key, secret, options);
  }

  protected override createConnection(key: string, _secret: string | undefined, options: ConnectionOptions): DigitalOceanDNSConnection {
    return new DigitalOceanDNSConnection(key, options);
  }

  listRecordTypes(): RecordType[] {
    return [...SUPPORTED];
  }

  override async *iterateZones(_options?: CallOptions): AsyncGenerator<Zone<DigitalOceanZoneExtra>, void, undefined> {
    for await (const d of iterateDigitalOcean<DoDomain>(this.connection, '/domains', 'domains')) yield toZone(d, this);
  }

  /** @throws {ZoneDoesNotExistError} */
  override async getZone(id: string, _options?: CallOptions): Promise<Zone<DigitalOceanZoneExtra>> {
    requireString(id, 'id');
    const res = await this.connection.request<{ domain: DoDomain }>(`/domains/${domainPath(id)}`);
    return toZone(res.object.domain, this);
  }

  /**
   * Adds a domain. DigitalOcean sets the domain TTL itself and has no secondary zones:
   * `ttl` and `type: 'slave'` are refused.
   *
   * @throws {ZoneAlreadyExistsError}
   */
  override async createZone(domain: string, options: DigitalOceanCreateZoneOptions = {}): Promise<Zone<DigitalOceanZoneExtra>> {
    checkCallOptions(options, 'createZone', DigitalOceanDNSDriver.callOptions.createZone);
    const name = typeof domain === 'string' ? domain.trim().replace(/\.$/, '') : '';
    if (!/^[^\s/@]+\.[^\s/@]+$/.test(name)) throw new InvalidArgumentError(`domain must be a DNS name such as example.com (got ${JSON.stringify(domain)})`, { option: 'domain' });
    if (options.ttl !== undefined) throw new InvalidArgumentError('DigitalOcean sets the domain TTL itself: set a TTL per record', { option: 'ttl' });
    if (options.type === 'slave') throw new InvalidArgumentError('DigitalOcean has no secondary (slave) zones', { option: 'type' });
    const body: { [key: string]: unknown } = { name };
    if (options.exIpAddress !== undefined) body.ip_address = options.exIpAddress;
    const res = await this.connection.request<{ domain: DoDomain }>('/domains', { method: 'POST', data: body });
    return toZone(res.object.domain, this);
  }

  override async deleteZone(zone: Zone<object> | string, _options?: CallOptions): Promise<void> {
    await this.connection.request(`/domains/${domainPath(zoneId(zone, 'zone'))}`, { method: 'DELETE' });
  }

  override async *iterateRecords(zone: Zone<object> | string, _options?: CallOptions): AsyncGenerator<Record<DigitalOceanRecordExtra>, void, undefined> {
    const z = await this.resolveZone(zone);
    for await (const r of iterateDigitalOcean<DigitalOceanRecordPayload>(this.connection, `/domains/${domainPath(z.id)}/records`, 'domain_records')) {
      const record = toRecord(r, z, this);
      if (record) yield record;
    }
  }

  /**
   * The zone as a BIND master file. DigitalOcean's SOA record holds only its TTL, not the
   * SOA fields, so the export synthesizes the SOA (see `toBindZone`) instead of writing it.
   */
  override async exportZoneToBindFormat(zone: Zone<object> | string, _options?: CallOptions): Promise<string> {
    const z = await this.resolveZone(zone);
    const records = (await this.listRecords(z)).filter((r) => r.type !== RecordType.SOA);
    return toBindZone(z, records, this.zoneApex(z));
  }

  /** @throws {RecordDoesNotExistError} */
  override async getRecord(zone: Zone<object> | string, recordId: string, _options?: CallOptions): Promise<Record<DigitalOceanRecordExtra>> {
    const id = recordPath(recordId); // before the zone lookup: bad input sends nothing
    const z = await this.resolveZone(zone);
    const res = await this.connection.request<{ domain_record: DigitalOceanRecordPayload }>(`/domains/${domainPath(z.id)}/records/${id}`);
    const record = toRecord(res.object.domain_record, z, this);
    if (!record) throw new RecordDoesNotExistError(`${this.name}: record ${recordId} has a type nubes does not know`, { provider: this.type });
    return record;
  }

  override async createRecord(zone: Zone<object> | string, options: CreateRecordOptions): Promise<Record<DigitalOceanRecordExtra>> {
    checkCallOptions(options, 'createRecord', DigitalOceanDNSDriver.callOptions.createRecord);
    this.validateRecord(options, true);
    const fields = recordFields(options.type, options.data, options.priority);
    const z = await this.resolveZone(zone);
    const body = { type: options.type, name: apiName(options.name, z.domain), ...fields, ...(options.ttl !== undefined ? { ttl: options.ttl } : {}) };
    const res = await this.connection.request<{ domain_record: DigitalOceanRecordPayload }>(`/domains/${domainPath(z.id)}/records`, { method: 'POST', data: body });
    return toRecord(res.object.domain_record, z, this)!;
  }

  /** Changes the fields given (PATCH); SRV and CAA fields are sent whole, merged from the record. */
  override async updateRecord(record: Record<object>, options: UpdateRecordOptions): Promise<Record<DigitalOceanRecordExtra>> {
    checkCallOptions(options, 'updateRecord', DigitalOceanDNSDriver.callOptions.createRecord);
    this.validateRecord(options, false);
    const z = record.zone;
    const body: { [key: string]: unknown } = {};
    if (options.type !== undefined) body.type = options.type;
    if (options.name !== undefined) body.name = apiName(options.name, z.domain);
    if (options.ttl !== undefined) body.ttl = options.ttl;
    if (options.data !== undefined || options.priority !== undefined || options.type !== undefined) {
      Object.assign(body, recordFields(options.type ?? record.type, options.data ?? record.data, options.priority ?? record.priority));
    }
    const res = await this.connection.request<{ domain_record: DigitalOceanRecordPayload }>(`/domains/${domainPath(z.id)}/records/${recordPath(record.id)}`, {
      method: 'PATCH',
      data: body,
    });
    return toRecord(res.object.domain_record, z, this)!;
  }

  override async deleteRecord(record: Record<object>, _options?: RecordWriteOptions): Promise<void> {
    await this.connection.request(`/domains/${domainPath(record.zone.id)}/records/${recordPath(record.id)}`, { method: 'DELETE' });
  }
}

/** The API fields of a value: `data`, plus priority/port/weight (SRV, MX) or flags/tag (CAA). */
function recordFields(type: RecordType, data: string, priority: number | undefined): { [key: string]: unknown } {
  switch (type) {
    case RecordType.SRV: {
      const srv = parseSrv(data);
      return { data: srv.target, priority: priority ?? 0, weight: srv.weight, port: srv.port };
    }
    case RecordType.CAA: {
      const caa = parseCaa(data);
      return { data: caa.value, flags: caa.flags, tag: caa.tag };
    }
    case RecordType.MX:
      return { data: data.trim(), priority: priority ?? 0 };
    default:
      return { data: data.trim() };
  }
}

/** Relative name for the API: `@` for the apex, the zone suffix removed. */
function apiName(name: string, domain: string): string {
  const n = name.trim().replace(/\.$/, '');
  if (n === '' || n === '@' || n.toLowerCase() === domain.toLowerCase()) return '@';
  const suffix = `.${domain.toLowerCase()}`;
  return n.toLowerCase().endsWith(suffix) ? n.slice(0, -suffix.length) : n;
}

function domainPath(id: string): string {
  if (typeof id !== 'string' || id.trim() === '') throw new InvalidArgumentError('zone id (the domain) must be a non-empty string', { option: 'zone' });
  return encodeURIComponent(id.trim().replace(/\.$/, ''));
}

function recordPath(id: string): string {
  if (typeof id !== 'string' || !/^\d+$/.test(id)) throw new InvalidArgumentError(`recordId: DigitalOcean record ids are numbers (got ${JSON.stringify(id)})`, { option: 'recordId' });
  return id;
}

/** A digitalocean domain as nubes sees it (checked against its declared shape first). */
export const toZone = defineMapper('digitalocean', 'domain', { name: 'id', ttl: 'integer?', zone_file: 'string?' }, (d: DoDomain, driver: DigitalOceanDNSDriver): Zone<DigitalOceanZoneExtra> => {
  return new Zone<DigitalOceanZoneExtra>(
    { id: d.name, domain: d.name, type: 'master', ...(typeof d.ttl === 'number' ? { ttl: d.ttl } : {}), extra: { zoneFile: d.zone_file ?? undefined } },
    driver,
  );
});

/** A digitalocean domain record as nubes sees it (checked against its declared shape first). */
export const toRecord = defineMapper('digitalocean', 'domain record', { id: 'id', type: 'string', name: 'string', data: 'string', ttl: 'integer?', priority: 'integer?', port: 'integer?', weight: 'integer?', flags: 'integer?', tag: 'string?' }, (r: DigitalOceanRecordPayload, zone: Zone<object>, driver: DigitalOceanDNSDriver): Record<DigitalOceanRecordExtra> | undefined => {
  // The SOA is listed as the API lists it (its `data` is what DigitalOcean returns: the
  // SOA's TTL, e.g. "1800"); it cannot be created, changed or deleted (listRecordTypes).
  if (r.type !== 'SOA' && !(SUPPORTED as readonly string[]).includes(r.type)) return undefined;
  let data = r.data;
  if (r.type === 'SRV') data = formatSrv({ weight: r.weight ?? 0, port: r.port ?? 0, target: r.data });
  if (r.type === 'CAA') data = formatCaa({ flags: r.flags ?? 0, tag: r.tag ?? '', value: r.data });
  const priority = r.type === 'MX' || r.type === 'SRV' ? (r.priority ?? undefined) : undefined;
  return new Record<DigitalOceanRecordExtra>(
    {
      id: String(r.id),
      name: r.name === '@' ? '' : r.name,
      type: r.type as RecordType,
      data,
      ...(typeof r.ttl === 'number' ? { ttl: r.ttl } : {}),
      ...(priority !== undefined ? { priority } : {}),
      zone: zone as Zone,
      extra: { weight: r.weight ?? undefined, port: r.port ?? undefined, flags: r.flags ?? undefined, tag: r.tag ?? undefined },
    },
    driver,
  );
});
