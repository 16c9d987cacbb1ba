/**
 * Amazon Route 53: hosted zones and record sets over the REST + XML API 2013-04-01.
 */
import type { CallOptions } from '../../../common/call-options.js';
import { toBindZone } from '../bind.js';
import { CREATE_RECORD_OPTIONS, CREATE_ZONE_OPTIONS, RECORD_WRITE_OPTIONS, type DnsCallOptions } from '../call-options.js';
import { checkCallOptions, requireInteger, requireString } from '../../../common/validate.js';
import { poll } from '../../../common/poll.js';
import { defineXmlMapper } from '../../../common/payload.js';
import { randomUUID } from '../../../common/builtins.js';
import { awsConnectionOptions } from '../../../common/aws/driver-options.js';
import type { DriverOptions } from '../../../common/base-driver.js';
import { InvalidArgumentError, MalformedResponseError, RecordAlreadyExistsError, RecordDoesNotExistError } from '../../../common/errors/index.js';
import { paginate } from '../../../common/pagination.js';
import { xmlChild, xmlChildren, xmlText, type XmlElement } from '../../../common/xml.js';
import type { ConnectionOptions } from '../../../connection/connection.js';
import {
  DNSDriver,
  Record,
  RecordType,
  Zone,
  type CreateRecordOptions,
  type CreateZoneOptions,
  type DNSMethod,
  type RecordWriteOptions,
  type UpdateRecordOptions,
  type DNSExtraTypes,
} from '../base.js';
import { relativeName } from '../names.js';
import { Route53Connection } from './connection.js';
import {
  absoluteRecordName,
  changeBatchXml,
  dataToValue,
  parseRecordSet,
  parseRecordSetId,
  recordSetId,
  ROUTE53_NS,
  valueToData,
  xmlEscape,
  type Route53AliasTarget,
  type Route53Change,
  type Route53RecordSet,
  type RecordSetKey,
} from './record-sets.js';

/** Options of {@link Route53DNSDriver}. */
export interface Route53DNSOptions extends DriverOptions {
  /** Session token of temporary credentials. Redacted everywhere. */
  sessionToken?: string;
  /** Selects the partition (China and GovCloud have their own endpoint); default `us-east-1`. */
  region?: string;
  /** Time source for signatures (default the system clock). */
  clock?: () => Date;
  /** First delay between `GetChange` checks of a record write with `wait: true`, ms (default 2000; it grows to 15 s). */
  changePollInterval?: number;
  /** Longest wait for a change to be `INSYNC` when the call has no `timeout`, ms (default 300 000). */
  changeTimeout?: number;
}

/** `extra` of a Route 53 hosted zone. */
export type Route53ZoneExtra = {
  /** The idempotency token the zone was created with (`CallerReference`). */
  readonly callerReference: string | undefined;
  /** The zone's comment (`Config.Comment`). */
  readonly comment: string | undefined;
  /** True for a private hosted zone, answered only inside its VPCs (`Config.PrivateZone`). */
  readonly privateZone: boolean;
  /** Number of record sets in the zone (`ResourceRecordSetCount`). */
  readonly recordSetCount: number | undefined;
  /** The delegation set's name servers (known from getZone and createZone only). */
  readonly nameServers: readonly string[];
};

/** `extra` of a Route 53 record (one value of a record set). */
export type Route53RecordExtra = {
  /** Route 53's type of the set (the record's type; for an alias record, what the alias answers as). */
  readonly route53Type: string;
  /** Every value of the set, in Route 53's form. */
  readonly values: readonly string[];
  /** Tells apart sets of one name and type under a routing policy (`SetIdentifier`). */
  readonly setIdentifier: string | undefined;
  /** Weighted routing: relative weight, 0–255 (`Weight`). */
  readonly weight: number | undefined;
  /** Latency routing: the AWS region the set stands for (`Region`). */
  readonly region: string | undefined;
  /** Failover routing: `PRIMARY` or `SECONDARY` (`Failover`). */
  readonly failover: string | undefined;
  /** Multivalue answer routing is on (`MultiValueAnswer`). */
  readonly multiValueAnswer: boolean | undefined;
  /** Health check that decides whether the set is answered (`HealthCheckId`). */
  readonly healthCheckId: string | undefined;
  /** The target of an alias set (`AliasTarget`); alias sets have no TTL and no values. */
  readonly aliasTarget: Route53AliasTarget | undefined;
};

/** Route 53-specific options of `createZone`. */
export interface Route53CreateZoneOptions extends CreateZoneOptions {
  /** The hosted zone's comment. */
  comment?: string;
  /** The idempotency token (default: a random one). Repeating a call with the same one creates nothing new. */
  callerReference?: string;
}

/** Route 53-specific options of `createRecord` for ALIAS records. */
export interface Route53RecordOptions {
  /** ALIAS: the hosted zone of the target (e.g. the load balancer's canonical hosted zone id). */
  aliasHostedZoneId?: string;
  /** ALIAS: the record type the alias answers as (default `A`). */
  aliasType?: 'A' | 'AAAA' | 'CNAME' | 'MX' | 'NAPTR' | 'PTR' | 'SPF' | 'SRV' | 'TXT';
  /** ALIAS: follow the target's health (default false). */
  evaluateTargetHealth?: boolean;
}

const SUPPORTED: readonly RecordType[] = [
  RecordType.A,
  RecordType.AAAA,
  RecordType.ALIAS,
  RecordType.CAA,
  RecordType.CNAME,
  RecordType.DS,
  RecordType.HTTPS,
  RecordType.MX,
  RecordType.NAPTR,
  RecordType.NS,
  RecordType.PTR,
  RecordType.SPF,
  RecordType.SRV,
  RecordType.SSHFP,
  RecordType.SVCB,
  RecordType.TLSA,
  RecordType.TXT,
];
const KNOWN_TYPES = new Set<string>(Object.values(RecordType));
/** ListResourceRecordSets returns at most 300 sets a page; ListHostedZones 100 zones. */
const RECORD_SETS_PER_PAGE = 300;
const ZONES_PER_PAGE = 100;
/** Changes per ChangeResourceRecordSets call when emptying a zone (the API allows 1000). */
const CHANGES_PER_BATCH = 100;

function bareZoneId(id: string): string {
  if (typeof id !== 'string' || id.trim() === '') throw new InvalidArgumentError('zone id must be a non-empty string', { option: 'zone' });
  return id.replace(/^\/?hostedzone\//, '');
}

/**
 * Amazon Route 53 driver.
 *
 * Records are record sets: one nubes Record per value, sharing the set's id
 * `TYPE:name[:setIdentifier]` (`A:www`, `MX:` for the apex). Deleting a Record removes
 * its value from the set; updating it replaces that value; creating a record whose set
 * exists adds the value to the set. Each change is one atomic batch that names the
 * set as it was read, so a concurrent change makes Route 53 refuse it (BadRequestError)
 * instead of being overwritten. Alias records read as their set's real type (`A`,
 * `AAAA`, ...) with the target's DNS name as data and the alias details in
 * `extra.aliasTarget` (hosted zone id, evaluate target health); create them with type
 * `RecordType.ALIAS`, `aliasHostedZoneId` and `aliasType` (default `A`).
 *
 * @example
 * ```ts
 * import { getDriver, Provider, RecordType } from 'nubes/dns';
 *
 * const Route53 = getDriver(Provider.ROUTE53);
 * const dns = new Route53(process.env.AWS_ACCESS_KEY_ID!, process.env.AWS_SECRET_ACCESS_KEY!);
 * const zone = await dns.createZone('example.com');
 * await zone.createRecord({ name: 'www', type: RecordType.A, data: '192.0.2.10', ttl: 300 });
 * ```
 */
export class Route53DNSDriver extends DNSDriver<
  Route53Connection,
  Route53DNSOptions,
  DNSExtraTypes<Route53ZoneExtra, Route53RecordExtra>
> {
  /** The per-call options of `createZone`/`updateZone` and `createRecord`/`updateRecord` (checked before any request). */
  static readonly callOptions: DnsCallOptions = {
    createZone: { ...CREATE_ZONE_OPTIONS, comment: 'string', callerReference: 'string' },
    createRecord: { ...CREATE_RECORD_OPTIONS, aliasHostedZoneId: 'string', aliasType: 'string', evaluateTargetHealth: 'boolean' },
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
  static override readonly minTtl: number = 0;
  static override readonly maxTtl: number = 2_147_483_647;
  static override readonly driverOptionKeys: readonly string[] = ['region', 'sessionToken', 'profile', 'clock', 'changePollInterval', 'changeTimeout'];

  readonly type = 'route53';
  readonly name = 'Amazon Route 53';
  readonly website = 'https://aws.amazon.com/route53/';
  readonly #changeInterval: number;
  readonly #changeTimeout: number;

  /**
   * @param key - the access key id.
   * @param secret - the secret access key.
   * @param options - connection options, plus `sessionToken`, `region`, `clock`,
   *   `changePollInterval` and `changeTimeout` (record writes with `wait: true`).
   */
  constructor(key: string, secret: string, options?: Route53DNSOptions);
  /** No keys: the AWS credential chain finds them (environment, shared profiles, roles, web identity, containers, instance metadata; docs/aws-credentials.md). */
  constructor(key: undefined, secret: undefined, options?: Route53DNSOptions);
  constructor(key: string | undefined, secret: string | undefined, options: Route53DNSOptions = {}) {
    super(key ?? '', secret, options);
    this.#changeInterval = options.changePollInterval === undefined ? 2_000 : requireInteger(options.changePollInterval, 'changePollInterval', 0, 600_000);
    this.#changeTimeout = options.changeTimeout === undefined ? 300_000 : requireInteger(options.changeTimeout, 'changeTimeout', 1, 86_400_000);
  }

  protected override createConnection(key: string, secret: string | undefined, options: ConnectionOptions): Route53Connection {
    return new Route53Connection(key || undefined, secret || undefined, awsConnectionOptions('Route53DNSDriver', key, secret, options, this.options));
  }

  /** The record types Route 53 accepts (SOA is listed but can only be edited in place, so it is not creatable here). */
  listRecordTypes(): RecordType[] {
    return [...SUPPORTED];
  }

  override async *iterateZones(_options?: CallOptions): AsyncGenerator<Zone<Route53ZoneExtra>, void, undefined> {
    yield* paginate<Zone<Route53ZoneExtra>, string>(undefined, async (marker) => {
      const res = await this.connection.request<XmlElement>('/hostedzone', { params: { marker, maxitems: ZONES_PER_PAGE } });
      const root = xmlChild(res.object, 'ListHostedZonesResponse');
      const zones = xmlChildren(xmlChild(root, 'HostedZones'), 'HostedZone').map((z) => toZone(z, [], this));
      const truncated = xmlText(root, 'IsTruncated') === 'true';
      return { items: zones, next: truncated ? xmlText(root, 'NextMarker') : undefined };
    });
  }

  /** One hosted zone, with its delegation set's name servers. @throws {ZoneDoesNotExistError} */
  override async getZone(id: string, _options?: CallOptions): Promise<Zone<Route53ZoneExtra>> {
    requireString(id, 'id');
    const res = await this.connection.request<XmlElement>(`/hostedzone/${encodeURIComponent(bareZoneId(id))}`);
    const root = xmlChild(res.object, 'GetHostedZoneResponse');
    return toZone(xmlChild(root, 'HostedZone'), nameServers(root), this);
  }

  /**
   * Creates a public hosted zone. Route 53 zones have no default TTL and no secondary
   * type: `ttl` and `type: 'slave'` are refused. The call carries a caller reference, so
   * a retry after a network error creates no second zone.
   *
   * @throws {ZoneAlreadyExistsError}
   */
  override async createZone(domain: string, options: Route53CreateZoneOptions = {}): Promise<Zone<Route53ZoneExtra>> {
    checkCallOptions(options, 'createZone', Route53DNSDriver.callOptions.createZone);
    if (typeof domain !== 'string' || !/^[^\s/]+\.[^\s/]+\.?$/.test(domain.trim())) {
      throw new InvalidArgumentError(`domain must be a DNS name such as example.com (got ${JSON.stringify(domain)})`, { option: 'domain' });
    }
    if (options.ttl !== undefined) throw new InvalidArgumentError('Route 53 zones have no default TTL: set a TTL per record', { option: 'ttl' });
    if (options.type === 'slave') throw new InvalidArgumentError('Route 53 has no secondary (slave) zones', { option: 'type' });
    const reference = options.callerReference ?? `nubes-${randomUUID()}`;
    if (reference.length > 128) throw new InvalidArgumentError('callerReference must be at most 128 characters', { option: 'callerReference' });
    const comment = options.comment === undefined ? '' : `<HostedZoneConfig><Comment>${xmlEscape(options.comment)}</Comment></HostedZoneConfig>`;
    const body =
      `<?xml version="1.0" encoding="UTF-8"?>\n<CreateHostedZoneRequest xmlns="${ROUTE53_NS}">` +
      `<Name>${xmlEscape(domain.trim())}</Name><CallerReference>${xmlEscape(reference)}</CallerReference>${comment}</CreateHostedZoneRequest>`;
    const res = await this.connection.request<XmlElement>('/hostedzone', { method: 'POST', data: body, idempotent: true });
    const root = xmlChild(res.object, 'CreateHostedZoneResponse');
    return toZone(xmlChild(root, 'HostedZone'), nameServers(root), this);
  }

  /**
   * Deletes the zone and its records: every record set but the apex SOA and NS is
   * deleted first (Route 53 refuses to delete a zone that holds others), in batches.
   */
  override async deleteZone(zone: Zone<object> | string, _options?: CallOptions): Promise<void> {
    const z = await this.resolveZone(zone);
    const id = bareZoneId(z.id);
    const apex = absoluteRecordName('', z.domain).toLowerCase();
    const changes: Route53Change[] = [];
    // Collected first: deleting while paging would move the listing's cursor.
    for await (const set of this.#iterateSets(id)) {
      if ((set.type === 'SOA' || set.type === 'NS') && set.name.toLowerCase() === apex) continue;
      changes.push({ action: 'DELETE', set });
    }
    for (let i = 0; i < changes.length; i += CHANGES_PER_BATCH) await this.#change(id, changes.slice(i, i + CHANGES_PER_BATCH));
    await this.connection.request(`/hostedzone/${encodeURIComponent(id)}`, { method: 'DELETE' });
  }

  override async *iterateRecords(zone: Zone<object> | string, _options?: CallOptions): AsyncGenerator<Record<Route53RecordExtra>, void, undefined> {
    const z = await this.resolveZone(zone);
    for await (const set of this.#iterateSets(bareZoneId(z.id))) yield* this.#records(set, z);
  }

  /**
   * The first value of the record set `recordId` (`TYPE:name[:setIdentifier]`); the
   * others are in `extra.values`.
   *
   * @throws {RecordDoesNotExistError}
   */
  override async getRecord(zone: Zone<object> | string, recordId: string, _options?: CallOptions): Promise<Record<Route53RecordExtra>> {
    const key = parseRecordSetId(recordId);
    const z = await this.resolveZone(zone);
    const set = await this.#readSet(bareZoneId(z.id), z.domain, key);
    const first = set ? this.#records(set, z)[0] : undefined;
    if (!first) throw new RecordDoesNotExistError(`${this.name}: record ${JSON.stringify(recordId)} does not exist`, { provider: this.type });
    return first;
  }

  /**
   * Creates a record. When a set with this name and type exists, the value is added to
   * it (its TTL becomes `ttl` when given).
   *
   * @throws {RecordAlreadyExistsError} when the set already holds this value.
   */
  override async createRecord(zone: Zone<object> | string, options: CreateRecordOptions & Route53RecordOptions): Promise<Record<Route53RecordExtra>> {
    checkCallOptions(options, 'createRecord', Route53DNSDriver.callOptions.createRecord);
    this.validateRecord(options, true);
    const z = await this.resolveZone(zone);
    const id = bareZoneId(z.id);
    const fresh = this.#newSet(z.domain, options);
    try {
      await this.#change(id, [{ action: 'CREATE', set: fresh }], options.wait === true);
      return this.#records(fresh, z)[0]!;
    } catch (err) {
      if (!(err instanceof RecordAlreadyExistsError) || fresh.aliasTarget) throw err;
    }
    // The set exists: add this value to it.
    const key = { type: fresh.type, name: relativeName(fresh.name, z.domain), setIdentifier: undefined };
    const current = await this.#readSet(id, z.domain, key);
    if (!current) throw new RecordDoesNotExistError(`${this.name}: record set ${recordSetId(key)} changed while being created; try again`, { provider: this.type });
    if (current.aliasTarget || current.values.includes(fresh.values[0]!)) {
      throw new RecordAlreadyExistsError(`${this.name}: ${recordSetId(key)} already holds ${JSON.stringify(options.data)}`, { provider: this.type });
    }
    const merged: Route53RecordSet = { ...current, ttl: options.ttl ?? current.ttl, values: [...current.values, fresh.values[0]!] };
    await this.#change(
      id,
      [
        { action: 'DELETE', set: current },
        { action: 'CREATE', set: merged },
      ],
      options.wait === true,
    );
    const records = this.#records(merged, z);
    return records.find((r) => this.#valueOf(r) === fresh.values[0]) ?? records[0]!;
  }

  /**
   * Replaces this record's value in its set (or moves it to another set when `name` or
   * `type` change); `ttl` applies to the whole set.
   *
   * @throws {RecordDoesNotExistError} when the set no longer holds this record's value.
   */
  override async updateRecord(record: Record<object>, options: UpdateRecordOptions & Route53RecordOptions): Promise<Record<Route53RecordExtra>> {
    checkCallOptions(options, 'updateRecord', Route53DNSDriver.callOptions.createRecord);
    this.validateRecord(options, false);
    const z = record.zone;
    const id = bareZoneId(z.id);
    const key = parseRecordSetId(record.id);
    const current = await this.#readSet(id, z.domain, key);
    const oldValue = this.#valueOf(record);
    if (!current || (!current.aliasTarget && !current.values.includes(oldValue))) throw this.#gone(record);
    const priority = options.priority ?? record.priority;
    const ttl = options.ttl ?? current.ttl;
    const wanted = this.#newSet(z.domain, {
      name: options.name ?? record.name,
      // An alias set reads as its real type (A, AAAA, ...): without a new type it stays an alias.
      type: options.type ?? (current.aliasTarget ? RecordType.ALIAS : record.type),
      data: options.data ?? record.data,
      ...(priority !== undefined ? { priority } : {}),
      ...(ttl !== undefined ? { ttl } : {}),
      ...aliasOptions(options, current),
    });
    const newValue = wanted.values[0];
    const sameSet = wanted.type === current.type && wanted.name.toLowerCase() === current.name.toLowerCase() && !current.aliasTarget && !wanted.aliasTarget;
    const changes: Route53Change[] = [{ action: 'DELETE', set: current }];
    let result: Route53RecordSet;
    if (sameSet) {
      result = { ...current, ttl: options.ttl ?? current.ttl, values: current.values.map((v) => (v === oldValue ? newValue! : v)) };
      changes.push({ action: 'CREATE', set: result });
    } else if (current.aliasTarget && wanted.aliasTarget && wanted.type === current.type && wanted.name.toLowerCase() === current.name.toLowerCase()) {
      result = { ...current, aliasTarget: wanted.aliasTarget };
      changes.push({ action: 'CREATE', set: result });
    } else {
      const rest = current.values.filter((v) => v !== oldValue);
      if (!current.aliasTarget && rest.length > 0) changes.push({ action: 'CREATE', set: { ...current, values: rest } });
      const targetKey = { type: wanted.type, name: relativeName(wanted.name, z.domain), setIdentifier: undefined };
      const target = wanted.aliasTarget ? undefined : await this.#readSet(id, z.domain, targetKey);
      if (target && !target.aliasTarget) {
        if (target.values.includes(newValue!)) throw new RecordAlreadyExistsError(`${this.name}: ${recordSetId(targetKey)} already holds that value`, { provider: this.type });
        result = { ...target, ttl: options.ttl ?? target.ttl, values: [...target.values, newValue!] };
        changes.push({ action: 'DELETE', set: target }, { action: 'CREATE', set: result });
      } else {
        result = wanted;
        changes.push({ action: 'CREATE', set: result });
      }
    }
    await this.#change(id, changes, options.wait === true);
    const records = this.#records(result, z);
    return records.find((r) => this.#valueOf(r) === newValue) ?? records[0]!;
  }

  /**
   * Removes this record's value from its set; the set is deleted with its last value.
   *
   * @throws {RecordDoesNotExistError} when the set no longer holds this value.
   */
  override async deleteRecord(record: Record<object>, options: RecordWriteOptions = {}): Promise<void> {
    checkCallOptions(options, 'deleteRecord', RECORD_WRITE_OPTIONS);
    const z = record.zone;
    const id = bareZoneId(z.id);
    const current = await this.#readSet(id, z.domain, parseRecordSetId(record.id));
    const value = this.#valueOf(record);
    if (!current || (!current.aliasTarget && !current.values.includes(value))) throw this.#gone(record);
    const rest = current.aliasTarget ? [] : current.values.filter((v) => v !== value);
    const changes: Route53Change[] = [{ action: 'DELETE', set: current }];
    if (rest.length > 0) changes.push({ action: 'CREATE', set: { ...current, values: rest } });
    await this.#change(id, changes, options.wait === true);
  }

  #gone(record: Record<object>): RecordDoesNotExistError {
    return new RecordDoesNotExistError(`${this.name}: record ${record.id} with value ${JSON.stringify(record.data)} does not exist`, { provider: this.type });
  }

  /**
   * The zone as a BIND master file. Alias sets are not standard DNS: they are written as
   * comments (`RecordType.ALIAS`), whatever type they answer as.
   */
  override async exportZoneToBindFormat(zone: Zone<object> | string, _options?: CallOptions): Promise<string> {
    const z = await this.resolveZone(zone);
    const records = (await this.listRecords(z)).map((r) =>
      r.extra.aliasTarget ? new Record<Route53RecordExtra>({ id: r.id, name: r.name, type: RecordType.ALIAS, data: r.data, zone: r.zone, extra: r.extra }, this) : r,
    );
    return toBindZone(z, records, this.zoneApex(z));
  }

  #valueOf(record: Record<object>): string {
    return dataToValue(record.type, record.data, record.priority);
  }

  #newSet(domain: string, options: CreateRecordOptions & Route53RecordOptions): Route53RecordSet {
    const name = absoluteRecordName(options.name, domain);
    const base = { name, setIdentifier: undefined, weight: undefined, region: undefined, failover: undefined, multiValueAnswer: undefined, healthCheckId: undefined };
    if (options.type === RecordType.ALIAS) {
      if (typeof options.aliasHostedZoneId !== 'string' || options.aliasHostedZoneId === '') {
        throw new InvalidArgumentError('ALIAS records need aliasHostedZoneId (the hosted zone of the target, e.g. the load balancer\'s)', { option: 'aliasHostedZoneId' });
      }
      return {
        ...base,
        type: options.aliasType ?? 'A',
        ttl: undefined,
        values: [],
        aliasTarget: { hostedZoneId: options.aliasHostedZoneId, dnsName: options.data.trim(), evaluateTargetHealth: options.evaluateTargetHealth ?? false },
      };
    }
    return { ...base, type: options.type, ttl: options.ttl ?? 300, values: [dataToValue(options.type, options.data, options.priority)], aliasTarget: undefined };
  }

  /**
   * Sends one atomic change batch; with `wait`, polls `GetChange` until Route 53 reports
   * it `INSYNC` (applied on all its name servers), on the common poller
   * (https://docs.aws.amazon.com/Route53/latest/APIReference/API_GetChange.html).
   */
  async #change(zone: string, changes: readonly Route53Change[], wait = false): Promise<void> {
    const res = await this.connection.request<XmlElement>(`/hostedzone/${encodeURIComponent(zone)}/rrset/`, { method: 'POST', data: changeBatchXml(changes) });
    if (!wait) return;
    const info = xmlChild(xmlChild(res.object, 'ChangeResourceRecordSetsResponse'), 'ChangeInfo');
    const changeId = xmlText(info, 'Id')?.replace(/^\/?change\//, '');
    if (!changeId) throw new MalformedResponseError(`${this.name}: ChangeResourceRecordSets answered without a ChangeInfo Id`, { provider: this.type });
    if (xmlText(info, 'Status') === 'INSYNC') return;
    await poll(
      async () => {
        const now = await this.connection.request<XmlElement>(`/change/${encodeURIComponent(changeId)}`);
        const status = xmlText(xmlChild(xmlChild(now.object, 'GetChangeResponse'), 'ChangeInfo'), 'Status');
        if (status === 'INSYNC') return { done: true, value: undefined };
        if (status !== 'PENDING') throw new MalformedResponseError(`${this.name}: change ${changeId} has an unknown status ${JSON.stringify(status)}`, { provider: this.type });
        return { done: false, state: status };
      },
      { what: `${this.name}: change ${changeId} of zone ${zone}`, provider: this.type, interval: this.#changeInterval, timeout: this.#changeTimeout },
    );
  }

  /** The set with exactly this key, or undefined. */
  async #readSet(zone: string, domain: string, key: RecordSetKey): Promise<Route53RecordSet | undefined> {
    const name = absoluteRecordName(key.name, domain);
    const res = await this.connection.request<XmlElement>(`/hostedzone/${encodeURIComponent(zone)}/rrset`, {
      params: { name, type: key.type, identifier: key.setIdentifier, maxitems: 1 },
    });
    const root = xmlChild(res.object, 'ListResourceRecordSetsResponse');
    const el = xmlChildren(xmlChild(root, 'ResourceRecordSets'), 'ResourceRecordSet')[0];
    if (!el) return undefined;
    const set = parseRecordSet(el);
    const same = set.name.toLowerCase() === name.toLowerCase() && set.type === key.type && set.setIdentifier === key.setIdentifier;
    return same ? set : undefined;
  }

  #iterateSets(zone: string): AsyncGenerator<Route53RecordSet, void, undefined> {
    type Cursor = { name: string; type: string | undefined; identifier: string | undefined };
    return paginate<Route53RecordSet, Cursor>(undefined, async (cursor) => {
      const res = await this.connection.request<XmlElement>(`/hostedzone/${encodeURIComponent(zone)}/rrset`, {
        params: { name: cursor?.name, type: cursor?.type, identifier: cursor?.identifier, maxitems: RECORD_SETS_PER_PAGE },
      });
      const root = xmlChild(res.object, 'ListResourceRecordSetsResponse');
      const sets = xmlChildren(xmlChild(root, 'ResourceRecordSets'), 'ResourceRecordSet').map(parseRecordSet);
      const next: Cursor | undefined =
        xmlText(root, 'IsTruncated') === 'true'
          ? { name: xmlText(root, 'NextRecordName') ?? '', type: xmlText(root, 'NextRecordType'), identifier: xmlText(root, 'NextRecordIdentifier') }
          : undefined;
      return { items: sets, next };
    });
  }

  #records(set: Route53RecordSet, zone: Zone<object>): Record<Route53RecordExtra>[] {
    const name = relativeName(set.name, zone.domain);
    const id = recordSetId({ type: set.type, name, setIdentifier: set.setIdentifier });
    const extra: Route53RecordExtra = {
      route53Type: set.type,
      values: set.values,
      setIdentifier: set.setIdentifier,
      weight: set.weight,
      region: set.region,
      failover: set.failover,
      multiValueAnswer: set.multiValueAnswer,
      healthCheckId: set.healthCheckId,
      aliasTarget: set.aliasTarget,
    };
    if (set.aliasTarget) {
      // The set's real type (an alias answers as A, AAAA, ...), the target's DNS name as
      // data, and the alias details (hosted zone id, evaluate target health) in
      // extra.aliasTarget (Route 53 API: ResourceRecordSet.AliasTarget).
      return [new Record<Route53RecordExtra>({ id, name, type: set.type as RecordType, data: set.aliasTarget.dnsName, zone: zone as Zone, extra }, this)];
    }
    if (!KNOWN_TYPES.has(set.type)) return [];
    return set.values.map((value) => {
      const { data, priority } = valueToData(set.type, value);
      return new Record<Route53RecordExtra>(
        {
          id,
          name,
          type: set.type as RecordType,
          data,
          ...(set.ttl !== undefined ? { ttl: set.ttl } : {}),
          ...(priority !== undefined ? { priority } : {}),
          zone: zone as Zone,
          extra,
        },
        this,
      );
    });
  }
}

function nameServers(root: XmlElement | undefined): string[] {
  return xmlChildren(xmlChild(xmlChild(root, 'DelegationSet'), 'NameServers'), 'NameServer').map((n) => xmlText(n) ?? '');
}

function aliasOptions(options: Route53RecordOptions, current: Route53RecordSet): Route53RecordOptions {
  const a = current.aliasTarget;
  const out: Route53RecordOptions = {};
  const zoneId = options.aliasHostedZoneId ?? a?.hostedZoneId;
  if (zoneId !== undefined) out.aliasHostedZoneId = zoneId;
  const evaluate = options.evaluateTargetHealth ?? a?.evaluateTargetHealth;
  if (evaluate !== undefined) out.evaluateTargetHealth = evaluate;
  if (options.aliasType !== undefined) out.aliasType = options.aliasType;
  else if (a) out.aliasType = current.type as NonNullable<Route53RecordOptions['aliasType']>;
  return out;
}

/** A route53 hosted zone as nubes sees it (checked against its declared shape first). */
export const toZone = defineXmlMapper('route53', 'hosted zone', { Id: 'id', Name: 'id', ResourceRecordSetCount: 'integer?' }, (el: XmlElement | undefined, ns: readonly string[], driver: Route53DNSDriver): Zone<Route53ZoneExtra> => {
  const config = xmlChild(el, 'Config');
  const count = xmlText(el, 'ResourceRecordSetCount');
  return new Zone<Route53ZoneExtra>(
    {
      id: bareZoneId(xmlText(el, 'Id') ?? ''),
      domain: (xmlText(el, 'Name') ?? '').replace(/\.$/, ''),
      type: 'master',
      extra: {
        callerReference: xmlText(el, 'CallerReference'),
        comment: xmlText(config, 'Comment') || undefined,
        privateZone: xmlText(config, 'PrivateZone') === 'true',
        recordSetCount: count === undefined ? undefined : Number(count),
        nameServers: ns,
      },
    },
    driver,
  );
});
