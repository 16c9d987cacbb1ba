/**
 * Linode DNS: domains and domain records over the Linode API v4.
 */
import type { RecordWriteOptions } from '../types.js';
import type { CallOptions } from '../../../common/call-options.js';
import { CREATE_RECORD_OPTIONS, CREATE_ZONE_OPTIONS, type DnsCallOptions } from '../call-options.js';
import { checkCallOptions, requireString } from '../../../common/validate.js';
import { defineMapper } from '../../../common/payload.js';
import type { DriverOptions } from '../../../common/base-driver.js';
import {
  InvalidArgumentError,
  RecordAlreadyExistsError,
  RecordDoesNotExistError,
  ZoneAlreadyExistsError,
  ZoneDoesNotExistError,
  type NubesError,
} from '../../../common/errors/index.js';
import { iterateLinode, LinodeConnection, LinodeResponse } from '../../../common/linode/index.js';
import type { ConnectionOptions } from '../../../connection/connection.js';
import type { ResponseClass } from '../../../connection/response.js';
import type { ZoneApex } from '../bind.js';
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
import { relativeName } from '../names.js';
import { formatCaa, formatSrv, parseCaa, parseSrv } from '../presentation.js';

/** Options of {@link LinodeDNSDriver}. */
export interface LinodeDNSOptions extends DriverOptions {
  /** The SOA contact for zones created without `soaEmail` (Linode requires one for master zones). */
  soaEmail?: string;
}

/** `extra` of a Linode domain. */
export type LinodeZoneExtra = {
  /** The SOA contact address (`soa_email`). */
  readonly soaEmail: string | undefined;
  /** `active`, `disabled`, `edit_mode`. */
  readonly status: string | undefined;
  /** SOA refresh interval in seconds (`refresh_sec`; 0 = Linode's default). */
  readonly refreshSec: number | undefined;
  /** SOA retry interval in seconds (`retry_sec`; 0 = Linode's default). */
  readonly retrySec: number | undefined;
  /** SOA expire time in seconds (`expire_sec`; 0 = Linode's default). */
  readonly expireSec: number | undefined;
  /** Primaries of a slave zone. */
  readonly masterIps: readonly string[];
  /** Addresses allowed to transfer the zone by AXFR (`axfr_ips`). */
  readonly axfrIps: readonly string[];
  /** Tag names (`tags`). */
  readonly tags: readonly string[];
  /** Free-form description (`description`). */
  readonly description: string | undefined;
};

/** `extra` of a Linode domain record. */
export type LinodeRecordExtra = {
  /** SRV weight (`weight`). */
  readonly weight: number | undefined;
  /** SRV port (`port`). */
  readonly port: number | undefined;
  /** SRV service without the underscore (`service`), e.g. `sip`. */
  readonly service: string | undefined;
  /** SRV protocol without the underscore (`protocol`), e.g. `tcp`. */
  readonly protocol: string | undefined;
  /** CAA tag (`tag`): `issue`, `issuewild` or `iodef`. */
  readonly tag: string | undefined;
  /** When the record was created (`created`, ISO 8601 without a zone, in UTC). */
  readonly created: string | undefined;
  /** When the record last changed (`updated`, same form). */
  readonly updated: string | undefined;
};

/** Linode-specific options of `createZone` and `updateZone`. */
export interface LinodeZoneOptions extends CreateZoneOptions {
  /** The SOA contact (required for master zones unless the driver has `soaEmail`). */
  soaEmail?: string;
  /** Primaries of a slave zone (required with `type: 'slave'`). */
  masterIps?: readonly string[];
}

interface LinodeDomain {
  readonly id: number;
  readonly domain: string;
  readonly type: 'master' | 'slave';
  readonly status?: string;
  readonly soa_email?: string | null;
  readonly ttl_sec?: number;
  readonly refresh_sec?: number;
  readonly retry_sec?: number;
  readonly expire_sec?: number;
  readonly master_ips?: readonly string[];
  readonly axfr_ips?: readonly string[];
  readonly tags?: readonly string[];
  readonly description?: string | null;
}

/** A Linode domain record as the API returns it. */
export interface LinodeRecordPayload {
  /** Record id. */
  readonly id: number;
  /** Record type: `A`, `AAAA`, `NS`, `MX`, `CNAME`, `TXT`, `SRV`, `PTR` or `CAA`. */
  readonly type: string;
  /** Name relative to the domain; empty for the apex. SRV records name the subdomain only. */
  readonly name: string;
  /** The value: an address, a host name, TXT text, the CAA value, ... */
  readonly target: string;
  /** MX and SRV priority. */
  readonly priority?: number;
  /** SRV weight. */
  readonly weight?: number;
  /** SRV port. */
  readonly port?: number;
  /** SRV service, without the underscore. */
  readonly service?: string | null;
  /** SRV protocol, without the underscore. */
  readonly protocol?: string | null;
  /** TTL in seconds; 0 means the zone's default. */
  readonly ttl_sec?: number;
  /** CAA tag. */
  readonly tag?: string | null;
  /** When the record was created. */
  readonly created?: string;
  /** When the record last changed. */
  readonly updated?: string;
}

/**
 * The TTLs Linode accepts (any other value is rounded up by Linode; nubes refuses it
 * instead). 0 means the zone's default.
 */
export const LINODE_TTLS: readonly number[] = [30, 120, 300, 3600, 7200, 14400, 28800, 57600, 86400, 172800, 345600, 604800, 1209600, 2419200];

/** The name servers Linode serves every domain from. */
export const LINODE_NAMESERVERS: readonly string[] = ['ns1.linode.com', 'ns2.linode.com', 'ns3.linode.com', 'ns4.linode.com', 'ns5.linode.com'];

/**
 * Linode DNS answers: a 404 on a record path → RecordDoesNotExistError, on a domain
 * path → ZoneDoesNotExistError; a 400 whose reason says the domain already exists →
 * ZoneAlreadyExistsError, a record conflict → RecordAlreadyExistsError.
 */
export class LinodeDNSResponse<T = unknown> extends LinodeResponse<T> {
  /** The Linode error, mapped to the zone and record errors as described on the class. */
  override async parseError(): Promise<NubesError> {
    const base = await super.parseError();
    const path = new URL(this.url, 'https://placeholder.invalid').pathname;
    const onRecord = /\/domains\/[^/]+\/records/.test(path);
    if (this.status === 404 && /\/domains\/[^/]+\/records\/[^/]+/.test(path)) return asErrorClass(base, RecordDoesNotExistError);
    if (this.status === 404 && /\/domains\/[^/]+/.test(path)) return asErrorClass(base, ZoneDoesNotExistError);
    if (this.status === 400 && /already exists|conflict/i.test(base.message)) return asErrorClass(base, onRecord ? RecordAlreadyExistsError : ZoneAlreadyExistsError);
    return base;
  }
}

/** The Linode connection with the DNS error mapping. */
export class LinodeDNSConnection extends LinodeConnection {
  /** {@link LinodeDNSResponse}: maps 404s and "already exists" to the zone and record errors. */
  protected override responseCls: ResponseClass = LinodeDNSResponse;
}

const SUPPORTED: readonly RecordType[] = [RecordType.A, RecordType.AAAA, RecordType.CAA, RecordType.CNAME, RecordType.MX, RecordType.NS, RecordType.PTR, RecordType.SRV, RecordType.TXT];
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * Linode DNS Manager driver (API v4).
 *
 * Zone ids are Linode's numeric domain ids. Master zones need an SOA contact:
 * `createZone(domain, { soaEmail })` or the driver option `soaEmail`. TTLs are one of
 * {@link LINODE_TTLS} (0 = the zone's default, read back as `ttl: undefined`). SRV
 * records are named `_service._protocol` (or `_service._protocol.sub`) and their value
 * is `weight port target`; CAA values are `flags tag "value"` (Linode keeps no flags:
 * they read as 0). Linode serves every domain from ns1–ns5.linode.com without listing
 * NS records; the BIND export writes them, and the SOA from the zone's settings.
 *
 * @example
 * ```ts
 * import { getDriver, Provider, RecordType } from 'nubes/dns';
 *
 * const Linode = getDriver(Provider.LINODE);
 * const dns = new Linode(process.env.LINODE_TOKEN!, undefined, { soaEmail: 'hostmaster@example.com' });
 * const zone = await dns.createZone('example.com');
 * await zone.createRecord({ name: 'www', type: RecordType.A, data: '192.0.2.10', ttl: 300 });
 * ```
 */
export class LinodeDNSDriver extends DNSDriver<
  LinodeDNSConnection,
  LinodeDNSOptions,
  DNSExtraTypes<LinodeZoneExtra, LinodeRecordExtra>
> {
  /** The per-call options of `createZone`/`updateZone` and `createRecord`/`updateRecord` (checked before any request). */
  static readonly callOptions: DnsCallOptions = {
    createZone: { ...CREATE_ZONE_OPTIONS, soaEmail: 'string', masterIps: 'strings' },
    createRecord: { ...CREATE_RECORD_OPTIONS },
  };
  static override readonly capabilities: readonly DNSMethod[] = [
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
  static override readonly minTtl: number = 30;
  static override readonly maxTtl: number = 2_419_200;
  static override readonly driverOptionKeys: readonly string[] = ['region', 'soaEmail'];

  readonly type = 'linode';
  readonly name = 'Linode DNS';
  readonly website = 'https://www.linode.com/';

  /**
   * @param key - a personal access token.
   * @param secret - unused.
   * @param options - connection options, plus `soaEmail`.
   */
  constructor(key: string, secret?: string, options: LinodeDNSOptions = {}) {
    super(key, secret, options);
    if (options.soaEmail !== undefined) checkEmail(options.soaEmail);
  }

  protected override createConnection(key: string, _secret: string | undefined, options: ConnectionOptions): LinodeDNSConnection {
    return new LinodeDNSConnection(key, options);
  }

  listRecordTypes(): RecordType[] {
    return [...SUPPORTED];
  }

  /** The base checks, and a TTL that is one of {@link LINODE_TTLS}. */
  protected override validateRecord(options: UpdateRecordOptions, creating: boolean): void {
    super.validateRecord(options, creating);
    if (options.ttl !== undefined) checkTtl(options.ttl);
  }

  override async *iterateZones(_options?: CallOptions): AsyncGenerator<Zone<LinodeZoneExtra>, void, undefined> {
    for await (const d of iterateLinode<LinodeDomain>(this.connection, '/domains')) yield toZone(d, this);
  }

  /** @throws {ZoneDoesNotExistError} */
  override async getZone(id: string, _options?: CallOptions): Promise<Zone<LinodeZoneExtra>> {
    requireString(id, 'id');
    const res = await this.connection.request<LinodeDomain>(`/domains/${numericId(id, 'zone')}`);
    return toZone(res.object, this);
  }

  /**
   * Creates a domain: master (default; needs `soaEmail`) or slave (needs `masterIps`).
   *
   * @throws {ZoneAlreadyExistsError}
   */
  override async createZone(domain: string, options: LinodeZoneOptions = {}): Promise<Zone<LinodeZoneExtra>> {
    checkCallOptions(options, 'createZone', LinodeDNSDriver.callOptions.createZone);
    const name = typeof domain === 'string' ? domain.trim().replace(/\.$/, '') : '';
    if (!/^[^\s/@]+\.[^\s/@]+$/.test(name)) throw new InvalidArgumentError(`domain must be a DNS name such as example.com (got ${JSON.stringify(domain)})`, { option: 'domain' });
    const type = options.type ?? 'master';
    const body = this.#zoneBody(options, type);
    if (type === 'master' && body.soa_email === undefined) {
      throw new InvalidArgumentError('Linode master zones need an SOA contact: pass soaEmail to createZone or to the driver', { option: 'soaEmail' });
    }
    if (type === 'slave' && !(Array.isArray(body.master_ips) && body.master_ips.length > 0)) {
      throw new InvalidArgumentError('Linode slave zones need masterIps', { option: 'masterIps' });
    }
    const res = await this.connection.request<LinodeDomain>('/domains', { method: 'POST', data: { domain: name, type, ...body } });
    return toZone(res.object, this);
  }

  /** Changes the zone's type, default TTL, SOA contact or primaries. */
  override async updateZone(zone: Zone<object> | string, options: LinodeZoneOptions): Promise<Zone<LinodeZoneExtra>> {
    checkCallOptions(options, 'updateZone', LinodeDNSDriver.callOptions.createZone);
    const body = this.#zoneBody(options, options.type, false);
    if (options.type !== undefined) body.type = options.type;
    const res = await this.connection.request<LinodeDomain>(`/domains/${numericId(zoneId(zone, 'zone'), 'zone')}`, { method: 'PUT', data: body });
    return toZone(res.object, this);
  }

  override async deleteZone(zone: Zone<object> | string, _options?: CallOptions): Promise<void> {
    await this.connection.request(`/domains/${numericId(zoneId(zone, 'zone'), 'zone')}`, { method: 'DELETE' });
  }

  override async *iterateRecords(zone: Zone<object> | string, _options?: CallOptions): AsyncGenerator<Record<LinodeRecordExtra>, void, undefined> {
    const z = await this.resolveZone(zone);
    for await (const r of iterateLinode<LinodeRecordPayload>(this.connection, `/domains/${numericId(z.id, 'zone')}/records`)) {
      const record = toRecord(r, z, this);
      if (record) yield record;
    }
  }

  /** @throws {RecordDoesNotExistError} */
  override async getRecord(zone: Zone<object> | string, recordId: string, _options?: CallOptions): Promise<Record<LinodeRecordExtra>> {
    const id = numericId(recordId, 'recordId'); // before the zone lookup: bad input sends nothing
    const z = await this.resolveZone(zone);
    const res = await this.connection.request<LinodeRecordPayload>(`/domains/${numericId(z.id, 'zone')}/records/${id}`);
    const record = toRecord(res.object, z, this);
    if (!record) throw new RecordDoesNotExistError(`${this.name}: record ${recordId} has a type nubes does not know`, { provider: this.type });
    return record;
  }

  override async createRecord(zone: Zone<object> | string, options: CreateRecordOptions): Promise<Record<LinodeRecordExtra>> {
    checkCallOptions(options, 'createRecord', LinodeDNSDriver.callOptions.createRecord);
    this.validateRecord(options, true);
    const z = await this.resolveZone(zone);
    const body = { type: options.type, ...recordFields(options.type, options.name, options.data, options.priority, z.domain), ...(options.ttl !== undefined ? { ttl_sec: options.ttl } : {}) };
    const res = await this.connection.request<LinodeRecordPayload>(`/domains/${numericId(z.id, 'zone')}/records`, { method: 'POST', data: body });
    return toRecord(res.object, z, this)!;
  }

  /** Changes the record (PUT with the fields given; SRV and CAA fields are sent whole, merged from the record). Linode does not change a record's type. */
  override async updateRecord(record: Record<object>, options: UpdateRecordOptions): Promise<Record<LinodeRecordExtra>> {
    checkCallOptions(options, 'updateRecord', LinodeDNSDriver.callOptions.createRecord);
    this.validateRecord(options, false);
    if (options.type !== undefined && options.type !== record.type) {
      throw new InvalidArgumentError('Linode cannot change a record\'s type: delete it and create another', { option: 'type' });
    }
    const z = record.zone;
    const body: { [key: string]: unknown } = {};
    if (options.ttl !== undefined) body.ttl_sec = options.ttl;
    if (options.name !== undefined || options.data !== undefined || options.priority !== undefined) {
      Object.assign(body, recordFields(record.type, options.name ?? record.name, options.data ?? record.data, options.priority ?? record.priority, z.domain));
    }
    const res = await this.connection.request<LinodeRecordPayload>(`/domains/${numericId(z.id, 'zone')}/records/${numericId(record.id, 'recordId')}`, {
      method: 'PUT',
      data: body,
    });
    return toRecord(res.object, z, this)!;
  }

  override async deleteRecord(record: Record<object>, _options?: RecordWriteOptions): Promise<void> {
    await this.connection.request(`/domains/${numericId(record.zone.id, 'zone')}/records/${numericId(record.id, 'recordId')}`, { method: 'DELETE' });
  }

  /** Linode serves every zone from ns1–ns5.linode.com; the SOA contact is the zone's. */
  protected override zoneApex(zone: Zone<object>): ZoneApex {
    const email = (zone.extra as Partial<LinodeZoneExtra>).soaEmail;
    return { nameservers: LINODE_NAMESERVERS, ...(email ? { hostmaster: email } : {}) };
  }

  #zoneBody(options: LinodeZoneOptions, type: 'master' | 'slave' | undefined, defaults = true): { [key: string]: unknown } {
    if (options.type !== undefined && options.type !== 'master' && options.type !== 'slave') {
      throw new InvalidArgumentError(`zone type must be 'master' or 'slave' (got ${JSON.stringify(options.type)})`, { option: 'type' });
    }
    const body: { [key: string]: unknown } = {};
    if (options.ttl !== undefined) body.ttl_sec = checkTtl(options.ttl);
    const email = options.soaEmail ?? (defaults && type !== 'slave' ? this.options.soaEmail : undefined);
    if (email !== undefined) body.soa_email = checkEmail(email);
    if (options.masterIps !== undefined) {
      if (!Array.isArray(options.masterIps) || options.masterIps.some((ip) => typeof ip !== 'string' || ip === '')) {
        throw new InvalidArgumentError('masterIps must be an array of IP addresses', { option: 'masterIps' });
      }
      body.master_ips = options.masterIps;
    }
    return body;
  }
}

/** The API fields of a record's name and value. */
function recordFields(type: RecordType, name: string, data: string, priority: number | undefined, domain: string): { [key: string]: unknown } {
  const rel = relativeName(name.trim().replace(/\.$/, '').replace(/^@$/, ''), domain);
  switch (type) {
    case RecordType.SRV: {
      const match = /^_([^.]+)\._([^.]+)(?:\.(.*))?$/.exec(rel);
      if (!match) throw new InvalidArgumentError(`Linode SRV records are named _service._protocol[.name] (got ${JSON.stringify(name)})`, { option: 'name' });
      const srv = parseSrv(data);
      return { service: match[1], protocol: match[2], name: match[3] ?? '', target: srv.target, priority: priority ?? 0, weight: srv.weight, port: srv.port };
    }
    case RecordType.CAA: {
      const caa = parseCaa(data);
      return { name: rel, tag: caa.tag, target: caa.value };
    }
    case RecordType.MX:
      return { name: rel, target: data.trim(), priority: priority ?? 0 };
    default:
      return { name: rel, target: data.trim() };
  }
}

function checkTtl(ttl: number): number {
  if (ttl !== 0 && !LINODE_TTLS.includes(ttl)) {
    throw new InvalidArgumentError(`Linode accepts TTLs of ${LINODE_TTLS.join(', ')} seconds (got ${String(ttl)})`, { option: 'ttl' });
  }
  return ttl;
}

function checkEmail(email: unknown): string {
  if (typeof email !== 'string' || !EMAIL.test(email)) throw new InvalidArgumentError(`soaEmail must be an email address (got ${JSON.stringify(email)})`, { option: 'soaEmail' });
  return email;
}

function numericId(id: string, option: string): string {
  if (typeof id !== 'string' || !/^\d+$/.test(id)) throw new InvalidArgumentError(`${option}: Linode ids are numbers (got ${JSON.stringify(id)})`, { option });
  return id;
}

/** A linode domain as nubes sees it (checked against its declared shape first). */
export const toZone = defineMapper('linode', 'domain', { id: 'id', domain: 'string', type: 'string', ttl_sec: 'integer?', master_ips: 'list?', axfr_ips: 'list?', tags: 'list?' }, (d: LinodeDomain, driver: LinodeDNSDriver): Zone<LinodeZoneExtra> => {
  return new Zone<LinodeZoneExtra>(
    {
      id: String(d.id),
      domain: d.domain,
      type: d.type === 'slave' ? 'slave' : 'master',
      ...(d.ttl_sec ? { ttl: d.ttl_sec } : {}),
      extra: {
        soaEmail: d.soa_email ?? undefined,
        status: d.status,
        refreshSec: d.refresh_sec || undefined,
        retrySec: d.retry_sec || undefined,
        expireSec: d.expire_sec || undefined,
        masterIps: d.master_ips ?? [],
        axfrIps: d.axfr_ips ?? [],
        tags: d.tags ?? [],
        description: d.description || undefined,
      },
    },
    driver,
  );
});

/** A linode domain record as nubes sees it (checked against its declared shape first). */
export const toRecord = defineMapper('linode', 'domain record', { id: 'id', type: 'string', name: 'string?', target: 'string', ttl_sec: 'integer?', priority: 'integer?', port: 'integer?', weight: 'integer?' }, (r: LinodeRecordPayload, zone: Zone<object>, driver: LinodeDNSDriver): Record<LinodeRecordExtra> | undefined => {
  if (!(SUPPORTED as readonly string[]).includes(r.type)) return undefined;
  let name = r.name ?? '';
  let data = r.target;
  if (r.type === 'SRV') {
    // Linode keeps the service and protocol apart from the (sub)name.
    const prefix = r.service && r.protocol ? `_${r.service.replace(/^_/, '')}._${r.protocol.replace(/^_/, '')}` : '';
    if (prefix && !name.startsWith(prefix)) name = name ? `${prefix}.${name}` : prefix;
    data = formatSrv({ weight: r.weight ?? 0, port: r.port ?? 0, target: r.target });
  }
  if (r.type === 'CAA') data = formatCaa({ flags: 0, tag: r.tag ?? '', value: r.target });
  const priority = r.type === 'MX' || r.type === 'SRV' ? r.priority : undefined;
  return new Record<LinodeRecordExtra>(
    {
      id: String(r.id),
      name: relativeName(name, zone.domain),
      type: r.type as RecordType,
      data,
      ...(r.ttl_sec ? { ttl: r.ttl_sec } : {}),
      ...(priority !== undefined ? { priority } : {}),
      zone: zone as Zone,
      extra: {
        weight: r.weight,
        port: r.port,
        service: r.service ?? undefined,
        protocol: r.protocol ?? undefined,
        tag: r.tag ?? undefined,
        created: r.created,
        updated: r.updated,
      },
    },
    driver,
  );
});
