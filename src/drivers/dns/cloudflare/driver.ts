/**
 * Cloudflare DNS: zones and DNS records over the Cloudflare API v4.
 */
import type { RecordWriteOptions } from '../types.js';
import type { CallOptions } from '../../../common/call-options.js';
import { CREATE_RECORD_OPTIONS, CREATE_ZONE_OPTIONS, type DnsCallOptions } from '../call-options.js';
import { checkCallOptions, requireString } from '../../../common/validate.js';
import { defineMapper } from '../../../common/payload.js';
import type { DriverOptions } from '../../../common/base-driver.js';
import { InvalidArgumentError } from '../../../common/errors/index.js';
import { paginate } from '../../../common/pagination.js';
import type { ConnectionOptions } from '../../../connection/connection.js';
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
import { relativeName } from '../names.js';
import { CloudflareConnection, type CloudflareEnvelope } from './connection.js';
import { presentationData, recordPriority, structuredData, type CloudflareRecordPayload } from './records.js';

/** Options of {@link CloudflareDNSDriver}. */
export interface CloudflareDNSOptions extends DriverOptions {
  /** Account that new zones belong to (required by `createZone` with an API token, unless given per call). */
  accountId?: string;
  /** The zone is on an Enterprise plan: TTLs from 30 seconds are accepted instead of 60. */
  enterprise?: boolean;
}

/** `extra` of a Cloudflare zone. */
export type CloudflareZoneExtra = {
  /** `active`, `pending`, `initializing`, `moved`, `deleted`, `deactivated`. */
  readonly status: string | undefined;
  /** True when Cloudflare only serves DNS for the zone, without proxying or security features (`paused`). */
  readonly paused: boolean | undefined;
  /** Cloudflare's zone type: `full`, `partial`, `secondary`, `internal`. */
  readonly zoneType: string | undefined;
  /** The Cloudflare name servers assigned to the zone. */
  readonly nameServers: readonly string[];
  /** The name servers the domain used before it moved to Cloudflare (`original_name_servers`). */
  readonly originalNameServers: readonly string[];
  /** Name of the zone's plan (`plan.name`), e.g. `Free Website`. */
  readonly plan: string | undefined;
  /** Id of the account that owns the zone (`account.id`). */
  readonly accountId: string | undefined;
  /** Name of that account (`account.name`). */
  readonly accountName: string | undefined;
  /** When the zone was created, ISO 8601 (`created_on`). */
  readonly createdOn: string | undefined;
  /** When the zone last changed, ISO 8601 (`modified_on`). */
  readonly modifiedOn: string | undefined;
  /** When the zone became active, ISO 8601 (`activated_on`); undefined while pending. */
  readonly activatedOn: string | undefined;
};

/** `extra` of a Cloudflare record. */
export type CloudflareRecordExtra = {
  /** Traffic goes through Cloudflare's proxy (orange cloud). */
  readonly proxied: boolean | undefined;
  /** The record may be proxied. */
  readonly proxiable: boolean | undefined;
  /** Cloudflare's "automatic" TTL (the API's `ttl: 1`); `ttl` is then undefined. */
  readonly autoTtl: boolean;
  /** The record's note (`comment`), not published in DNS. */
  readonly comment: string | undefined;
  /** The record's tags (`tags`, `name:value` strings), not published in DNS. */
  readonly tags: readonly string[];
  /** True when Cloudflare manages the record and it cannot be changed through the API (`locked`). */
  readonly locked: boolean | undefined;
  /** Cloudflare's structured value (CAA, SRV, SSHFP, TLSA ...), as returned. */
  readonly data: { readonly [key: string]: string | number | undefined } | undefined;
  /** When the record was created, ISO 8601 (`created_on`). */
  readonly createdOn: string | undefined;
  /** When the record last changed, ISO 8601 (`modified_on`). */
  readonly modifiedOn: string | undefined;
};

/** Cloudflare-specific options of `createZone`. */
export interface CloudflareCreateZoneOptions extends CreateZoneOptions {
  /** Account for the zone (default: the driver's `accountId` option). */
  accountId?: string;
  /** Scan for existing records when creating the zone (Cloudflare's `jump_start`, default false). */
  jumpStart?: boolean;
}

/** Cloudflare-specific options of `createRecord` and `updateRecord`. */
export interface CloudflareRecordOptions {
  /** Send traffic through Cloudflare's proxy (A, AAAA, CNAME only). */
  proxied?: boolean;
  /** A note on the record (`comment`), not published in DNS. */
  comment?: string;
  /** Tags on the record (`tags`, `name:value` strings), not published in DNS. */
  tags?: readonly string[];
}

interface CloudflareZonePayload {
  readonly id: string;
  readonly name: string;
  readonly status?: string;
  readonly paused?: boolean;
  readonly type?: string;
  readonly name_servers?: readonly string[];
  readonly original_name_servers?: readonly string[] | null;
  readonly plan?: { readonly name?: string };
  readonly account?: { readonly id?: string; readonly name?: string };
  readonly created_on?: string;
  readonly modified_on?: string;
  readonly activated_on?: string | null;
}

/** Zones are listed 50 a page (the API's maximum), records 100. */
const ZONES_PER_PAGE = 50;
const RECORDS_PER_PAGE = 100;

const SUPPORTED: readonly RecordType[] = [
  RecordType.A,
  RecordType.AAAA,
  RecordType.CAA,
  RecordType.CNAME,
  RecordType.MX,
  RecordType.NS,
  RecordType.PTR,
  RecordType.SRV,
  RecordType.SSHFP,
  RecordType.TLSA,
  RecordType.TXT,
];
const KNOWN_TYPES = new Set<string>(Object.values(RecordType));

/**
 * Cloudflare DNS driver (API v4).
 *
 * Credentials: an API token as `key` (sent as `Authorization: Bearer`), or the legacy
 * global API key with the account email: `new CloudflareDNSDriver(email, globalKey)`.
 *
 * Records: names are relative to the zone (`''` for the apex). Cloudflare's automatic
 * TTL (`ttl: 1`) reads as `ttl: undefined` with `extra.autoTtl`; other TTLs must be
 * 60–86400 seconds (30–86400 with `enterprise: true`). `extra.proxied` says whether
 * traffic goes through Cloudflare. CAA, SRV, SSHFP and TLSA values are given in
 * presentation form (`0 issue "letsencrypt.org"`) and sent as Cloudflare's `data`
 * object. Record types nubes has no {@link RecordType} for are left out of listings.
 *
 * @example
 * ```ts
 * import { getDriver, Provider, RecordType } from 'nubes/dns';
 *
 * const Cloudflare = getDriver(Provider.CLOUDFLARE);
 * const dns = new Cloudflare(process.env.CF_API_TOKEN!, undefined, { proxyUrl: 'http://proxy.corp:3128' });
 * const [zone] = await dns.listZones();
 * await dns.createRecord(zone!, { name: 'www', type: RecordType.A, data: '192.0.2.10', ttl: 300 });
 * ```
 */
export class CloudflareDNSDriver extends DNSDriver<
  CloudflareConnection,
  CloudflareDNSOptions,
  DNSExtraTypes<CloudflareZoneExtra, CloudflareRecordExtra>
> {
  /** The per-call options of `createZone`/`updateZone` and `createRecord`/`updateRecord` (checked before any request). */
  static readonly callOptions: DnsCallOptions = {
    createZone: { ...CREATE_ZONE_OPTIONS, accountId: 'string', jumpStart: 'boolean' },
    createRecord: { ...CREATE_RECORD_OPTIONS, proxied: 'boolean', comment: 'string', tags: 'strings' },
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
  /** The smallest fixed TTL; 1 means "automatic", and Enterprise zones accept 30. */
  static override readonly minTtl: number = 60;
  static override readonly maxTtl: number = 86_400;
  static override readonly driverOptionKeys: readonly string[] = ['accountId', 'enterprise'];

  readonly type = 'cloudflare';
  readonly name = 'Cloudflare DNS';
  readonly website = 'https://www.cloudflare.com/';

  /**
   * @param key - an API token; or the account email when `secret` is given.
   * @param secret - the legacy global API key (omit with an API token).
   * @param options - connection options, plus `accountId` and `enterprise`.
   */
  constructor(key: string, secret?: string, options: CloudflareDNSOptions = {}) {
    super(key, secret, options);
    if (options.accountId !== undefined && (typeof options.accountId !== 'string' || options.accountId === '')) {
      throw new InvalidArgumentError('accountId must be a non-empty string', { option: 'accountId' });
    }
    if (options.enterprise !== undefined && typeof options.enterprise !== 'boolean') {
      throw new InvalidArgumentError('enterprise must be a boolean', { option: 'enterprise' });
    }
  }

  protected override createConnection(key: string, secret: string | undefined, options: ConnectionOptions): CloudflareConnection {
    return new CloudflareConnection(key, secret, options);
  }

  /** The record types Cloudflare accepts through this driver. */
  listRecordTypes(): RecordType[] {
    return [...SUPPORTED];
  }

  /**
   * The base checks with Cloudflare's TTL rules: 60–86400 seconds, plus 1 (automatic)
   * and, with `enterprise: true`, 30–59.
   */
  protected override validateRecord(options: UpdateRecordOptions, creating: boolean): void {
    const { ttl, ...rest } = options;
    const special = ttl === 1 || (this.options.enterprise === true && Number.isInteger(ttl) && ttl! >= 30 && ttl! < 60);
    try {
      super.validateRecord(special ? rest : options, creating);
    } catch (err) {
      if (err instanceof InvalidArgumentError && err.option === 'ttl') {
        const floor = this.options.enterprise === true ? 30 : 60;
        throw new InvalidArgumentError(`Cloudflare accepts TTL 1 (automatic) or ${floor} to 86400 seconds (got ${String(ttl)})`, { option: 'ttl' });
      }
      throw err;
    }
  }

  override async *iterateZones(_options?: CallOptions): AsyncGenerator<Zone<CloudflareZoneExtra>, void, undefined> {
    yield* paginate<Zone<CloudflareZoneExtra>, number>(1, async (page) => {
      const res = await this.connection.request<CloudflareEnvelope<CloudflareZonePayload[]>>('/zones', {
        params: { page: page ?? 1, per_page: ZONES_PER_PAGE },
      });
      return { items: res.object.result.map((z) => toZone(z, this)), next: nextPage(res.object, page ?? 1) };
    });
  }

  /** @throws {ZoneDoesNotExistError} */
  override async getZone(id: string, _options?: CallOptions): Promise<Zone<CloudflareZoneExtra>> {
    requireString(id, 'id');
    const res = await this.connection.request<CloudflareEnvelope<CloudflareZonePayload>>(`/zones/${encodeId(id, 'zone')}`);
    return toZone(res.object.result, this);
  }

  /**
   * Creates a zone. Cloudflare zones have no default TTL (`ttl` is refused); `type:
   * 'slave'` creates a secondary zone.
   *
   * @throws {ZoneAlreadyExistsError}
   */
  override async createZone(domain: string, options: CloudflareCreateZoneOptions = {}): Promise<Zone<CloudflareZoneExtra>> {
    checkCallOptions(options, 'createZone', CloudflareDNSDriver.callOptions.createZone);
    if (typeof domain !== 'string' || !/^[^\s/]+\.[^\s/]+$/.test(domain.trim())) {
      throw new InvalidArgumentError(`domain must be a DNS name such as example.com (got ${JSON.stringify(domain)})`, { option: 'domain' });
    }
    if (options.ttl !== undefined) {
      throw new InvalidArgumentError('Cloudflare zones have no default TTL: set a TTL per record', { option: 'ttl' });
    }
    const accountId = options.accountId ?? this.options.accountId;
    const body: { [key: string]: unknown } = {
      name: domain.trim().replace(/\.$/, ''),
      type: options.type === 'slave' ? 'secondary' : 'full',
    };
    if (accountId !== undefined) body.account = { id: accountId };
    if (options.jumpStart !== undefined) body.jump_start = options.jumpStart;
    const res = await this.connection.request<CloudflareEnvelope<CloudflareZonePayload>>('/zones', { method: 'POST', data: body });
    return toZone(res.object.result, this);
  }

  /** Deletes the zone and its records. */
  override async deleteZone(zone: Zone<object> | string, _options?: CallOptions): Promise<void> {
    await this.connection.request(`/zones/${encodeId(zoneId(zone, 'zone'), 'zone')}`, { method: 'DELETE' });
  }

  override async *iterateRecords(zone: Zone<object> | string, _options?: CallOptions): AsyncGenerator<Record<CloudflareRecordExtra>, void, undefined> {
    const z = await this.resolveZone(zone);
    yield* paginate<Record<CloudflareRecordExtra>, number>(1, async (page) => {
      const res = await this.connection.request<CloudflareEnvelope<CloudflareRecordPayload[]>>(`/zones/${encodeId(z.id, 'zone')}/dns_records`, {
        params: { page: page ?? 1, per_page: RECORDS_PER_PAGE },
      });
      const items = res.object.result.filter((r) => KNOWN_TYPES.has(r.type)).map((r) => toRecord(r, z, this));
      return { items, next: nextPage(res.object, page ?? 1) };
    });
  }

  /** @throws {RecordDoesNotExistError} */
  override async getRecord(zone: Zone<object> | string, recordId: string, _options?: CallOptions): Promise<Record<CloudflareRecordExtra>> {
    const id = encodeId(recordId, 'record'); // before the zone lookup: bad input sends nothing
    const z = await this.resolveZone(zone);
    const res = await this.connection.request<CloudflareEnvelope<CloudflareRecordPayload>>(`/zones/${encodeId(z.id, 'zone')}/dns_records/${id}`);
    return toRecord(res.object.result, z, this);
  }

  /**
   * Creates a record.
   *
   * @throws {RecordAlreadyExistsError} when Cloudflare says an identical or conflicting record exists.
   */
  override async createRecord(zone: Zone<object> | string, options: CreateRecordOptions & CloudflareRecordOptions): Promise<Record<CloudflareRecordExtra>> {
    checkCallOptions(options, 'createRecord', CloudflareDNSDriver.callOptions.createRecord);
    this.validateRecord(options, true);
    checkCloudflareOptions(options);
    const structured = structuredData(options.type, options.data, options.priority);
    const z = await this.resolveZone(zone);
    const body: { [key: string]: unknown } = {
      type: options.type,
      name: fqdn(options.name, z.domain),
      ttl: options.ttl ?? 1,
      ...(structured ? { data: structured } : { content: options.data }),
      ...(options.type === RecordType.MX ? { priority: options.priority } : {}),
      ...cloudflareFields(options),
    };
    const res = await this.connection.request<CloudflareEnvelope<CloudflareRecordPayload>>(`/zones/${encodeId(z.id, 'zone')}/dns_records`, {
      method: 'POST',
      data: body,
    });
    return toRecord(res.object.result, z, this);
  }

  /**
   * Changes the fields given (PATCH: proxied, comment and tags stay unless given).
   * A structured value (SRV, CAA, ...) is sent whole, merged from the record and `options`.
   */
  override async updateRecord(record: Record<object>, options: UpdateRecordOptions & CloudflareRecordOptions): Promise<Record<CloudflareRecordExtra>> {
    checkCallOptions(options, 'updateRecord', CloudflareDNSDriver.callOptions.createRecord);
    this.validateRecord(options, false);
    checkCloudflareOptions(options);
    const z = record.zone;
    const type = options.type ?? record.type;
    const data = options.data ?? record.data;
    const priority = options.priority ?? record.priority;
    const body: { [key: string]: unknown } = { ...cloudflareFields(options) };
    if (options.type !== undefined) body.type = options.type;
    if (options.name !== undefined) body.name = fqdn(options.name, z.domain);
    if (options.ttl !== undefined) body.ttl = options.ttl;
    if (options.data !== undefined || options.priority !== undefined || options.type !== undefined) {
      const structured = structuredData(type, data, priority);
      if (structured) body.data = structured;
      else body.content = data;
      if (type === RecordType.MX && priority !== undefined) body.priority = priority;
    }
    const res = await this.connection.request<CloudflareEnvelope<CloudflareRecordPayload>>(
      `/zones/${encodeId(z.id, 'zone')}/dns_records/${encodeId(record.id, 'record')}`,
      { method: 'PATCH', data: body },
    );
    return toRecord(res.object.result, z, this);
  }

  override async deleteRecord(record: Record<object>, _options?: RecordWriteOptions): Promise<void> {
    await this.connection.request(`/zones/${encodeId(record.zone.id, 'zone')}/dns_records/${encodeId(record.id, 'record')}`, { method: 'DELETE' });
  }

  /** Cloudflare keeps the zone's name servers outside its records: they become the export's NS. */
  protected override zoneApex(zone: Zone<object>): ZoneApex {
    const ns = (zone.extra as Partial<CloudflareZoneExtra>).nameServers;
    return ns && ns.length > 0 ? { nameservers: ns } : {};
  }
}

function nextPage(envelope: CloudflareEnvelope<readonly unknown[]>, page: number): number | undefined {
  const info = envelope.result_info;
  if (info?.total_pages !== undefined) return page < info.total_pages ? page + 1 : undefined;
  // Without total_pages, a full page means there may be more.
  return info && envelope.result.length >= info.per_page && envelope.result.length > 0 ? page + 1 : undefined;
}

function encodeId(id: string, what: 'zone' | 'record'): string {
  if (typeof id !== 'string' || id === '') throw new InvalidArgumentError(`${what} id must be a non-empty string`, { option: what });
  return encodeURIComponent(id);
}

function fqdn(name: string, domain: string): string {
  const n = name.replace(/\.$/, '');
  if (n === '' || n === '@' || n.toLowerCase() === domain.toLowerCase()) return domain;
  return n.toLowerCase().endsWith(`.${domain.toLowerCase()}`) ? n : `${n}.${domain}`;
}

function checkCloudflareOptions(options: CloudflareRecordOptions): void {
  if (options.proxied !== undefined && typeof options.proxied !== 'boolean') {
    throw new InvalidArgumentError('proxied must be a boolean', { option: 'proxied' });
  }
  if (options.tags !== undefined && (!Array.isArray(options.tags) || options.tags.some((t) => typeof t !== 'string'))) {
    throw new InvalidArgumentError('tags must be an array of strings', { option: 'tags' });
  }
}

function cloudflareFields(options: CloudflareRecordOptions): { [key: string]: unknown } {
  const out: { [key: string]: unknown } = {};
  if (options.proxied !== undefined) out.proxied = options.proxied;
  if (options.comment !== undefined) out.comment = options.comment;
  if (options.tags !== undefined) out.tags = options.tags;
  return out;
}

/** A cloudflare zone as nubes sees it (checked against its declared shape first). */
export const toZone = defineMapper('cloudflare', 'zone', { id: 'id', name: 'string', type: 'string?', name_servers: 'list?', original_name_servers: 'list?', paused: 'boolean?' }, (z: CloudflareZonePayload, driver: CloudflareDNSDriver): Zone<CloudflareZoneExtra> => {
  return new Zone<CloudflareZoneExtra>(
    {
      id: z.id,
      domain: z.name,
      // Cloudflare's zone `type`: `full` (Cloudflare is authoritative), `partial` (CNAME
      // setup: the authoritative servers are elsewhere), `secondary` (transferred in).
      type: z.type === 'secondary' ? 'slave' : z.type === 'partial' ? 'partial' : 'master',
      extra: {
        status: z.status,
        paused: z.paused,
        zoneType: z.type,
        nameServers: z.name_servers ?? [],
        originalNameServers: z.original_name_servers ?? [],
        plan: z.plan?.name,
        accountId: z.account?.id,
        accountName: z.account?.name,
        createdOn: z.created_on,
        modifiedOn: z.modified_on,
        activatedOn: z.activated_on ?? undefined,
      },
    },
    driver,
  );
});

/** A cloudflare DNS record as nubes sees it (checked against its declared shape first). */
export const toRecord = defineMapper('cloudflare', 'DNS record', { id: 'id', type: 'string', name: 'string', ttl: 'integer', content: 'string?', priority: 'integer?', data: 'object?', tags: 'list?' }, (r: CloudflareRecordPayload, zone: Zone<object>, driver: CloudflareDNSDriver): Record<CloudflareRecordExtra> => {
  const priority = recordPriority(r);
  return new Record<CloudflareRecordExtra>(
    {
      id: r.id,
      name: relativeName(r.name, zone.domain),
      type: r.type as RecordType,
      data: presentationData(r),
      ...(r.ttl !== 1 ? { ttl: r.ttl } : {}),
      ...(priority !== undefined ? { priority } : {}),
      zone: zone as Zone,
      extra: {
        proxied: r.proxied,
        proxiable: r.proxiable,
        autoTtl: r.ttl === 1,
        comment: r.comment ?? undefined,
        tags: r.tags ?? [],
        locked: r.locked,
        data: r.data,
        createdOn: r.created_on,
        modifiedOn: r.modified_on,
      },
    },
    driver,
  );
});
