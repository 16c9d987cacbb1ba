/**
 * The Azure DNS driver on Azure Resource Manager: public DNS zones of a subscription
 * (or of one resource group) and their record sets. Signs in with Microsoft Entra ID
 * (client secret, client certificate, managed identity or the `AZURE_*` environment)
 * through the driver's own connection. Writes are conditional on the record set's
 * ETag (`If-Match`), creations on its absence (`If-None-Match: *`), so a concurrent
 * change is refused, never overwritten.
 *
 * Reference: https://learn.microsoft.com/rest/api/dns/ (api-version 2018-05-01), and
 * "Protect DNS zones and records" / ETags:
 * https://learn.microsoft.com/azure/dns/dns-zones-records#etags.
 */
import type { RecordWriteOptions } from '../types.js';
import type { CallOptions } from '../../../common/call-options.js';
import { azureCloud, type AzureCloudName } from '../../../common/azure/clouds.js';
import { armSubscriptionId, ENTRA_OPTION_KEYS, entraCredentialOptions, resolveAzureCredential, type AzureCredentialOptions } from '../../../common/azure/entra.js';
import type { ArmConnectionOptions } from '../../../common/azure/arm-connection.js';
import type { ConnectionClass, DriverOptions } from '../../../common/base-driver.js';
import {
  ConflictError,
  InvalidArgumentError,
  ProviderError,
  RecordAlreadyExistsError,
  RecordDoesNotExistError,
  ZoneAlreadyExistsError,
  ZoneDoesNotExistError,
} from '../../../common/errors/index.js';
import { collect } from '../../../common/pagination.js';
import { checkCallOptions, requireString } from '../../../common/validate.js';
import { CREATE_RECORD_OPTIONS, CREATE_ZONE_OPTIONS, type DnsCallOptions } from '../call-options.js';
import type { ConnectionOptions } from '../../../connection/connection.js';
import type { ZoneApex } from '../bind.js';
import { DNSDriver, Record, RecordType, Zone, zoneId, type CreateRecordOptions, type CreateZoneOptions, type DNSMethod, type UpdateRecordOptions } from '../base.js';
import { AzureDNSConnection } from './connection.js';
import {
  azureName,
  isAzureType,
  parseRecordId,
  recordId,
  sameValue,
  setProperties,
  setValues,
  toRecords,
  toZoneInit,
  valueJson,
  type AzureRecordType,
} from './mappers.js';
import type { AzureRecordExtra, AzureRecordSetJson, AzureZoneExtra, AzureZoneJson } from './types.js';

/** Options of {@link AzureDNSDriver}: the connection options, the Entra credential options, plus these. */
export type AzureDNSDriverOptions = DriverOptions &
  Omit<AzureCredentialOptions, 'tenantId'> & {
    /** Limit listings to this resource group; the group `createZone` creates zones in, and in which a zone name given as id is looked up. */
    resourceGroup?: string;
    /** `public` (default), `china` or `usgov`: picks the authority and the ARM host. */
    cloud?: AzureCloudName;
    /** Overrides of the pinned api-versions, by resource type (see ARM_API_VERSIONS). */
    apiVersions?: ArmConnectionOptions['apiVersions'];
    /** TTL of new record sets when `createRecord` gets none, seconds (default 3600, the portal's). */
    defaultTtl?: number;
    /** First delay between long-running-operation checks (zone deletion) when ARM gives no Retry-After, ms (default 2000). */
    pollInterval?: number;
    /** The longest wait for a long-running operation, ms (default 1800000). */
    pollTimeout?: number;
  };

/** Options of {@link AzureDNSDriver.createZone}. */
export interface AzureCreateZoneOptions extends CreateZoneOptions {
  /** The resource group (default: the `resourceGroup` option). It must exist. */
  exResourceGroup?: string;
  /** Tags of the zone resource. */
  exTags?: { [key: string]: string };
}

const CAPABILITIES: readonly DNSMethod[] = [
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

const SUPPORTED: readonly RecordType[] = [
  RecordType.A,
  RecordType.AAAA,
  RecordType.CAA,
  RecordType.CNAME,
  RecordType.MX,
  RecordType.NS,
  RecordType.PTR,
  RecordType.SRV,
  RecordType.TXT,
];

const ZONES = 'Microsoft.Network/dnsZones' as const;
const RG_NAME = /^[-\w.()]{0,89}[-\w()]$/;
const ZONE_ID = /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.Network\/dnszones\/[^/]+$/i;
const DOMAIN = /^(?=.{1,253}$)(?:[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?\.)+[A-Za-z0-9-]{1,63}$/;

function enc(value: string): string {
  return encodeURIComponent(value);
}

function positiveMs(value: unknown, option: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new InvalidArgumentError(`${option} must be a positive number of ms (got ${String(value)})`, { option });
  }
  return value;
}

/** The set holds exactly the TTL and values of `wanted` (a PUT body). */
function sameSet(set: AzureRecordSetJson, wanted: AzureRecordSetJson, type: AzureRecordType): boolean {
  const a = set.properties ?? {};
  const b = wanted.properties ?? {};
  if (a.TTL !== b.TTL) return false;
  const va = setValues(type, a).map((v) => v.json);
  const vb = setValues(type, b).map((v) => v.json);
  return va.length === vb.length && va.every((v, i) => sameValue(v, vb[i]));
}

function is412(err: unknown): err is ProviderError {
  return err instanceof ProviderError && err.statusCode === 412;
}

/**
 * The Azure DNS driver (Azure Resource Manager, `Microsoft.Network/dnsZones`).
 *
 * `new AzureDNSDriver(tenantId, subscriptionId, options)`, as the Azure compute driver:
 * the tenant may be `''` to read `AZURE_TENANT_ID` (or for managed identity), the
 * subscription `''` to read `AZURE_SUBSCRIPTION_ID`. Credentials: `clientId` with
 * `clientSecret` or `certificatePath`, or `credentials: 'managed-identity'`, or nothing
 * to take the chain. See docs/dns-azure.md.
 *
 * - Zone ids are ARM ids; `getZone` also takes a domain (looked up in `resourceGroup`,
 *   or across the subscription).
 * - One Record per value of a record set, the set's values sharing the id `TYPE:name`
 *   (`''` for the apex); `ttl` is the set's.
 * - `updateRecord` and `deleteRecord` send the ETag the record was read with: a set
 *   changed since is a {@link ConflictError} (HTTP 412), not overwritten.
 *
 * @example
 * ```ts
 * import { getDriver, Provider, RecordType } from 'nubes/dns';
 * const Azure = getDriver(Provider.AZURE_DNS);
 * const dns = new Azure(process.env.AZURE_TENANT_ID ?? '', process.env.AZURE_SUBSCRIPTION_ID ?? '', {
 *   clientId: process.env.AZURE_CLIENT_ID ?? '',
 *   clientSecret: process.env.AZURE_CLIENT_SECRET ?? '',
 *   resourceGroup: 'dns-rg',
 * });
 * const zone = await dns.getZone('example.com');
 * await dns.createRecord(zone, { name: 'www', type: RecordType.A, data: '192.0.2.10', ttl: 300 });
 * ```
 */
export class AzureDNSDriver extends DNSDriver<AzureDNSConnection, AzureDNSDriverOptions> {
  // createConnection is overridden (the connection needs the Entra credential); this names the class for introspection.
  static override readonly connectionCls = AzureDNSConnection as unknown as ConnectionClass;
  /** The per-call options of `createZone` and `createRecord`/`updateRecord` (checked before any request). */
  static readonly callOptions: DnsCallOptions = {
    createZone: { ...CREATE_ZONE_OPTIONS, exResourceGroup: 'string', exTags: 'record' },
    createRecord: { ...CREATE_RECORD_OPTIONS },
  };
  static override readonly capabilities: readonly DNSMethod[] = CAPABILITIES;
  static override readonly minTtl: number = 1;
  static override readonly maxTtl: number = 2_147_483_647;
  static override readonly driverOptionKeys: readonly string[] = [
    'resourceGroup',
    'cloud',
    'apiVersions',
    'defaultTtl',
    'pollInterval',
    'pollTimeout',
    ...ENTRA_OPTION_KEYS,
  ];
  readonly type = 'azure-dns';
  readonly name = 'Microsoft Azure DNS';
  readonly website = 'https://azure.microsoft.com/products/dns/';
  /** The subscription every call is scoped to. */
  readonly subscriptionId: string;

  constructor(tenantId: string, subscriptionId?: string, options: AzureDNSDriverOptions = {}) {
    super(tenantId ?? '', subscriptionId ?? '', options);
    this.subscriptionId = armSubscriptionId(subscriptionId, options.env ?? process.env);
    if (options.resourceGroup !== undefined) this.#rg(options.resourceGroup, 'resourceGroup');
    if (options.defaultTtl !== undefined && (!Number.isInteger(options.defaultTtl) || options.defaultTtl < 1)) {
      throw new InvalidArgumentError(`defaultTtl must be a positive integer of seconds (got ${String(options.defaultTtl)})`, { option: 'defaultTtl' });
    }
    positiveMs(options.pollInterval, 'pollInterval', 2000);
    positiveMs(options.pollTimeout, 'pollTimeout', 1);
  }

  protected override createConnection(key: string, _secret: string | undefined, options: ConnectionOptions): AzureDNSConnection {
    const o = this.options;
    const cloud = azureCloud(o.cloud);
    const env = options.env ?? process.env;
    const credential = resolveAzureCredential(
      entraCredentialOptions(key === '' ? undefined : key, o),
      env,
      cloud.authorityHost,
    );
    const conn = new AzureDNSConnection(credential, {
      host: cloud.armHost,
      ...options,
      scope: cloud.armScope,
      apiVersions: o.apiVersions,
    });
    conn.provider = 'azure-dns';
    conn.addSecret(o.clientSecret);
    conn.addSecret(o.certificatePassword);
    return conn;
  }

  listRecordTypes(): RecordType[] {
    return [...SUPPORTED];
  }

  // -------------------------------------------------------------------------
  // helpers

  #rg(value: unknown, option: string): string {
    const rg = requireString(value, option);
    if (!RG_NAME.test(rg)) throw new InvalidArgumentError(`${option}: ${JSON.stringify(rg)} is not a valid resource group name (1-90 letters, digits, _-.() not ending in .)`, { option });
    return rg;
  }

  get #sub(): string {
    return `/subscriptions/${enc(this.subscriptionId)}`;
  }

  #groupPath(rg: string): string {
    return `${this.#sub}/resourceGroups/${enc(rg)}/providers/Microsoft.Network/dnsZones`;
  }

  /** The ARM path of a zone: its id, as given or read. */
  #zonePath(zone: Zone<object>): string {
    if (!ZONE_ID.test(zone.id)) throw new InvalidArgumentError(`zone ${JSON.stringify(zone.id)} is not an Azure DNS zone id (/subscriptions/…/dnszones/<name>)`, { option: 'zone' });
    return zone.id;
  }

  #setPath(zone: Zone<object>, type: AzureRecordType, name: string): string {
    return `${this.#zonePath(zone)}/${type}/${enc(azureName(name))}`;
  }

  #zone(json: AzureZoneJson): Zone<AzureZoneExtra> {
    return new Zone<AzureZoneExtra>(toZoneInit(json), this);
  }

  /** The set `type`/`name`, or undefined when Azure has none. */
  async #readSet(zone: Zone<object>, type: AzureRecordType, name: string): Promise<AzureRecordSetJson | undefined> {
    try {
      const res = await this.connection.arm<AzureRecordSetJson>(this.#setPath(zone, type, name), ZONES);
      return res.object;
    } catch (err) {
      if (err instanceof RecordDoesNotExistError) return undefined;
      throw err;
    }
  }

  /**
   * PUT a set: `If-Match: etag` to replace the set read with that ETag, `If-None-Match: *`
   * to create one only if there is none. A 412 is a ConflictError saying someone else
   * changed (or created) the set meanwhile.
   */
  async #putSet(zone: Zone<object>, type: AzureRecordType, name: string, body: AzureRecordSetJson, etag: string | undefined): Promise<AzureRecordSetJson> {
    const headers: { [name: string]: string } = etag === undefined ? { 'If-None-Match': '*' } : { 'If-Match': etag };
    try {
      const set = await this.connection.send<AzureRecordSetJson>('PUT', this.#setPath(zone, type, name), ZONES, body, { headers, what: `Azure DNS record set ${recordId(type, name)}` });
      if (set === undefined) throw new ProviderError(`Azure DNS: the write of record set ${recordId(type, name)} returned no record set`, { provider: this.type });
      return set;
    } catch (err) {
      if (!is412(err)) throw err;
      // ARM PUTs are sent again after a lost reply (idempotent); the second try of a
      // write that did land meets its own ETag change. When the set is now exactly what
      // this write asked for, it is this write's result, not someone else's change.
      const now = await this.#readSet(zone, type, name);
      if (now && sameSet(now, body, type)) return now;
      throw this.#conflict(type, name, etag === undefined ? 'created' : 'changed', err);
    }
  }

  #conflict(type: string, name: string, what: 'created' | 'changed', cause: ProviderError): ConflictError {
    const message =
      what === 'created'
        ? `Azure DNS: record set ${recordId(type, name)} was created by someone else meanwhile (If-None-Match: * refused, HTTP 412); read it and try again`
        : `Azure DNS: record set ${recordId(type, name)} was changed by someone else since it was read (its ETag no longer matches, HTTP 412); read it again and retry`;
    return new ConflictError(message, { provider: this.type, statusCode: 412, providerCode: cause.providerCode ?? 'PreconditionFailed', ...(cause.requestId ? { requestId: cause.requestId } : {}), cause });
  }

  #gone(record: Record<object>): RecordDoesNotExistError {
    return new RecordDoesNotExistError(`${this.name}: record ${record.id} with value ${JSON.stringify(record.data)} does not exist`, { provider: this.type });
  }

  #ttl(ttl: number | undefined, fallback: number | undefined): number {
    return ttl ?? fallback ?? this.options.defaultTtl ?? 3600;
  }

  /** The record set the record came from, checked to still hold its value and (when the record carries one) to have its ETag. */
  async #current(record: Record<object>): Promise<{ set: AzureRecordSetJson; type: AzureRecordType; name: string; values: unknown[]; index: number; etag: string | undefined }> {
    const { type, name } = parseRecordId(record.id);
    if (type === 'SOA') throw new InvalidArgumentError('Azure DNS: the SOA record set is managed by Azure; nubes does not change it', { option: 'record' });
    if (record.type === RecordType.ALIAS) throw new InvalidArgumentError('Azure DNS: alias record sets (targetResource) are not changed by nubes; delete and re-create them in Azure', { option: 'record' });
    const set = await this.#readSet(record.zone, type, name);
    if (!set) throw this.#gone(record);
    const readEtag = (record.extra as Partial<AzureRecordExtra>).etag;
    if (readEtag !== undefined && set.etag !== undefined && readEtag !== set.etag) {
      throw new ConflictError(`Azure DNS: record set ${record.id} was changed by someone else since it was read (ETag ${readEtag} is now ${set.etag}); read it again and retry`, {
        provider: this.type,
        statusCode: 412,
        providerCode: 'PreconditionFailed',
      });
    }
    const values = setValues(type, set.properties ?? {}).map((v) => v.json);
    const mine = valueJson(type, record.data, record.priority);
    const index = values.findIndex((v) => sameValue(v, mine));
    if (index < 0) throw this.#gone(record);
    return { set, type, name, values, index, etag: readEtag ?? set.etag };
  }

  #records(set: AzureRecordSetJson, zone: Zone<object>): Record<AzureRecordExtra>[] {
    return toRecords(set, zone, this);
  }

  #pick(records: Record<AzureRecordExtra>[], type: AzureRecordType, value: unknown): Record<AzureRecordExtra> {
    const found = records.find((r) => sameValue(valueJson(type, r.data, r.priority), value));
    return found ?? records[0]!;
  }

  /** Adds a value to the set `type`/`name` (creating it with `If-None-Match: *`, or extending it with `If-Match`). */
  async #addValue(zone: Zone<object>, type: AzureRecordType, name: string, value: unknown, ttl: number | undefined, label: string): Promise<Record<AzureRecordExtra>> {
    const current = await this.#readSet(zone, type, name);
    if (!current) {
      const set = await this.#putSet(zone, type, name, { properties: setProperties(type, [value], this.#ttl(ttl, undefined), undefined) }, undefined);
      return this.#pick(this.#records(set, zone), type, value);
    }
    const values = setValues(type, current.properties ?? {}).map((v) => v.json);
    if (values.some((v) => sameValue(v, value))) throw new RecordAlreadyExistsError(`${this.name}: ${recordId(type, name)} already holds ${JSON.stringify(label)}`, { provider: this.type });
    if (type === 'CNAME' && values.length > 0) {
      throw new RecordAlreadyExistsError(`${this.name}: ${recordId(type, name)} already exists, and a CNAME record set holds one value (update it instead)`, { provider: this.type });
    }
    const props = current.properties ?? {};
    const set = await this.#putSet(zone, type, name, { properties: setProperties(type, [...values, value], this.#ttl(ttl, props.TTL), props.metadata) }, current.etag ?? '*');
    return this.#pick(this.#records(set, zone), type, value);
  }

  #checkName(name: string, zone: Zone<object>): string {
    let n = name.trim();
    if (n === '@') n = '';
    if (n.endsWith('.')) {
      const fq = n.slice(0, -1).toLowerCase();
      const d = zone.domain.toLowerCase();
      if (fq === d) n = '';
      else if (fq.endsWith(`.${d}`)) n = n.slice(0, n.length - d.length - 2);
      else throw new InvalidArgumentError(`record name ${JSON.stringify(name)} is not in zone ${zone.domain}`, { option: 'name' });
    }
    if (/[/\s]/.test(n)) throw new InvalidArgumentError(`record name ${JSON.stringify(name)} is not a relative DNS name`, { option: 'name' });
    return n;
  }

  // -------------------------------------------------------------------------
  // zones

  override async *iterateZones(_options?: CallOptions): AsyncGenerator<Zone<AzureZoneExtra>, void, undefined> {
    const rg = this.options.resourceGroup;
    const path = rg === undefined ? `${this.#sub}/providers/Microsoft.Network/dnszones` : this.#groupPath(rg);
    for await (const json of this.connection.iterate<AzureZoneJson>(path, ZONES, { what: 'Azure DNS zone list' })) yield this.#zone(json);
  }

  override async listZones(_options?: CallOptions): Promise<Zone<AzureZoneExtra>[]> {
    return collect(this.iterateZones());
  }

  /**
   * A zone by ARM id, or by domain (in the `resourceGroup` option's group, else the first
   * of that name in the subscription).
   *
   * @throws {ZoneDoesNotExistError}
   */
  override async getZone(id: string, _options?: CallOptions): Promise<Zone<AzureZoneExtra>> {
    const ref = requireString(id, 'zone').replace(/\.$/, '');
    if (ref.startsWith('/')) {
      if (!ZONE_ID.test(ref)) throw new InvalidArgumentError(`zone ${JSON.stringify(id)} is neither an Azure DNS zone id (/subscriptions/…/dnszones/<name>) nor a domain`, { option: 'zone' });
      return this.#zone((await this.connection.arm<AzureZoneJson>(ref, ZONES)).object ?? {});
    }
    if (!DOMAIN.test(ref)) throw new InvalidArgumentError(`zone ${JSON.stringify(id)} is neither an Azure DNS zone id nor a domain`, { option: 'zone' });
    const rg = this.options.resourceGroup;
    if (rg !== undefined) return this.#zone((await this.connection.arm<AzureZoneJson>(`${this.#groupPath(rg)}/${enc(ref)}`, ZONES)).object ?? {});
    for await (const zone of this.iterateZones()) if (zone.domain.toLowerCase() === ref.toLowerCase()) return zone;
    throw new ZoneDoesNotExistError(`${this.name}: no zone ${JSON.stringify(ref)} in subscription ${this.subscriptionId}`, { provider: this.type });
  }

  /**
   * Creates a public zone in `exResourceGroup` (default: the `resourceGroup` option),
   * with `If-None-Match: *` so an existing zone of that name is not overwritten.
   *
   * @throws {ZoneAlreadyExistsError}
   */
  override async createZone(domain: string, options: AzureCreateZoneOptions = {}): Promise<Zone<AzureZoneExtra>> {
    checkCallOptions(options, 'createZone', AzureDNSDriver.callOptions.createZone);
    const name = requireString(domain, 'domain').replace(/\.$/, '');
    if (!DOMAIN.test(name)) throw new InvalidArgumentError(`domain ${JSON.stringify(domain)} is not a domain name`, { option: 'domain' });
    if (options.type === 'slave') throw new InvalidArgumentError('Azure DNS has no secondary (slave) zones', { option: 'type' });
    if (options.ttl !== undefined) throw new InvalidArgumentError('Azure DNS zones have no default TTL (each record set has its own; see the defaultTtl driver option)', { option: 'ttl' });
    const rgValue = options.exResourceGroup ?? this.options.resourceGroup;
    if (rgValue === undefined) throw new InvalidArgumentError('createZone needs exResourceGroup (or the resourceGroup option)', { option: 'exResourceGroup' });
    const rg = this.#rg(rgValue, 'exResourceGroup');
    const body: AzureZoneJson = { location: 'global', properties: { zoneType: 'Public' }, ...(options.exTags ? { tags: { ...options.exTags } } : {}) };
    try {
      const json = await this.connection.send<AzureZoneJson>('PUT', `${this.#groupPath(rg)}/${enc(name)}`, ZONES, body, { headers: { 'If-None-Match': '*' }, what: `Azure DNS zone ${name}` });
      return this.#zone(json ?? {});
    } catch (err) {
      if (is412(err)) throw new ZoneAlreadyExistsError(`${this.name}: zone ${name} already exists in resource group ${rg}`, { provider: this.type, statusCode: 412, cause: err });
      throw err;
    }
  }

  /** Deletes a zone and all its record sets (waits for ARM's long-running operation). */
  override async deleteZone(zone: Zone<object> | string, _options?: CallOptions): Promise<void> {
    const z = await this.resolveZone(zone);
    await this.connection.send('DELETE', this.#zonePath(z), ZONES, undefined, {
      what: `Azure DNS zone ${z.domain} deletion`,
      interval: positiveMs(this.options.pollInterval, 'pollInterval', 2000),
      timeout: positiveMs(this.options.pollTimeout, 'pollTimeout', 30 * 60_000),
    });
  }

  protected override zoneApex(zone: Zone<object>): ZoneApex {
    const ns = (zone.extra as Partial<AzureZoneExtra>).nameServers;
    return Array.isArray(ns) ? { nameservers: ns } : {};
  }

  // -------------------------------------------------------------------------
  // records

  override async *iterateRecords(zone: Zone<object> | string, _options?: CallOptions): AsyncGenerator<Record<AzureRecordExtra>, void, undefined> {
    const z = await this.resolveZone(zone);
    for await (const set of this.connection.iterate<AzureRecordSetJson>(`${this.#zonePath(z)}/recordsets`, ZONES, { what: `Azure DNS record sets of ${z.domain}` })) {
      yield* this.#records(set, z);
    }
  }

  override async listRecords(zone: Zone<object> | string, _options?: CallOptions): Promise<Record<AzureRecordExtra>[]> {
    return collect(this.iterateRecords(zone));
  }

  /**
   * The first value of the record set `recordId` (`TYPE:name`); its other values are
   * the records of `listRecords` with the same id.
   *
   * @throws {RecordDoesNotExistError}
   */
  override async getRecord(zone: Zone<object> | string, recordId: string, _options?: CallOptions): Promise<Record<AzureRecordExtra>> {
    zoneId(zone);
    const { type, name } = parseRecordId(recordId);
    const z = await this.resolveZone(zone);
    const set = await this.#readSet(z, type, name);
    const first = set ? this.#records(set, z)[0] : undefined;
    if (!first) throw new RecordDoesNotExistError(`${this.name}: record ${JSON.stringify(recordId)} does not exist`, { provider: this.type });
    return first;
  }

  /**
   * Creates a record: a new record set (`If-None-Match: *`), or one more value in the
   * set of that name and type (`If-Match` its ETag; `ttl`, when given, becomes the set's).
   *
   * @throws {RecordAlreadyExistsError} when the set already holds this value (or is a CNAME).
   * @throws {ConflictError} when someone else created or changed the set meanwhile.
   */
  override async createRecord(zone: Zone<object> | string, options: CreateRecordOptions): Promise<Record<AzureRecordExtra>> {
    zoneId(zone);
    checkCallOptions(options, 'createRecord', AzureDNSDriver.callOptions.createRecord);
    this.validateRecord(options, true);
    const z = await this.resolveZone(zone);
    const name = this.#checkName(options.name, z);
    const type = options.type as string;
    if (!isAzureType(type)) throw new InvalidArgumentError(`${this.name} does not support ${type} records`, { option: 'type' });
    const value = valueJson(type, options.data, options.priority);
    return this.#addValue(z, type, name, value, options.ttl, options.data);
  }

  /**
   * Replaces this record's value in its set (`ttl` applies to the whole set), sending the
   * ETag the record was read with; a changed `name` or `type` moves the value to that
   * set (added there first, then removed here).
   *
   * @throws {ConflictError} when the set changed since the record was read.
   * @throws {RecordDoesNotExistError} when the set no longer holds this record's value.
   */
  override async updateRecord(record: Record<object>, options: UpdateRecordOptions): Promise<Record<AzureRecordExtra>> {
    checkCallOptions(options, 'updateRecord', AzureDNSDriver.callOptions.createRecord);
    this.validateRecord(options, false);
    const cur = await this.#current(record);
    const z = record.zone;
    const newName = options.name === undefined ? cur.name : this.#checkName(options.name, z);
    const newType = (options.type ?? record.type) as string;
    if (!isAzureType(newType)) throw new InvalidArgumentError(`${this.name} does not support ${newType} records`, { option: 'type' });
    if (options.type !== undefined && options.type !== record.type && options.data === undefined) {
      throw new InvalidArgumentError('changing the record type needs new data too', { option: 'data' });
    }
    const priority = options.priority ?? record.priority;
    const value = valueJson(newType, options.data ?? record.data, priority);
    const props = cur.set.properties ?? {};
    if (newType === cur.type && newName === cur.name) {
      if (cur.values.some((v, i) => i !== cur.index && sameValue(v, value))) {
        throw new RecordAlreadyExistsError(`${this.name}: ${record.id} already holds ${JSON.stringify(options.data ?? record.data)}`, { provider: this.type });
      }
      const values = cur.values.map((v, i) => (i === cur.index ? value : v));
      const set = await this.#putSet(z, cur.type, cur.name, { properties: setProperties(cur.type, values, this.#ttl(options.ttl, props.TTL), props.metadata) }, cur.etag ?? '*');
      return this.#pick(this.#records(set, z), cur.type, value);
    }
    const added = await this.#addValue(z, newType, newName, value, options.ttl ?? props.TTL, options.data ?? record.data);
    await this.#removeValue(z, cur);
    return added;
  }

  /**
   * Removes this record's value from its set, sending the ETag it was read with; the set
   * is deleted with its last value.
   *
   * @throws {ConflictError} when the set changed since the record was read.
   * @throws {RecordDoesNotExistError} when the set no longer holds this value.
   */
  override async deleteRecord(record: Record<object>, _options?: RecordWriteOptions): Promise<void> {
    if (record.type === RecordType.ALIAS) {
      const { type, name } = parseRecordId(record.id);
      const etag = (record.extra as Partial<AzureRecordExtra>).etag;
      await this.#deleteSet(record.zone, type, name, etag);
      return;
    }
    await this.#removeValue(record.zone, await this.#current(record));
  }

  async #removeValue(zone: Zone<object>, cur: { set: AzureRecordSetJson; type: AzureRecordType; name: string; values: unknown[]; index: number; etag: string | undefined }): Promise<void> {
    const rest = cur.values.filter((_, i) => i !== cur.index);
    if (rest.length === 0) {
      await this.#deleteSet(zone, cur.type, cur.name, cur.etag);
      return;
    }
    const props = cur.set.properties ?? {};
    await this.#putSet(zone, cur.type, cur.name, { properties: setProperties(cur.type, rest, this.#ttl(undefined, props.TTL), props.metadata) }, cur.etag ?? '*');
  }

  async #deleteSet(zone: Zone<object>, type: AzureRecordType, name: string, etag: string | undefined): Promise<void> {
    try {
      await this.connection.send('DELETE', this.#setPath(zone, type, name), ZONES, undefined, {
        ...(etag !== undefined ? { headers: { 'If-Match': etag } } : {}),
        what: `Azure DNS record set ${recordId(type, name)} deletion`,
      });
    } catch (err) {
      if (is412(err)) throw this.#conflict(type, name, 'changed', err);
      throw err;
    }
  }
}
