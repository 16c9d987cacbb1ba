/**
 * Google Cloud DNS: managed zones and resource record sets over the REST API v1, every
 * record change one atomic `changes` call, awaited until `done` with the common poller.
 */
import type { CallOptions } from '../../../common/call-options.js';
import type { ConnectionClass } from '../../../common/base-driver.js';
import { InvalidArgumentError, MalformedResponseError, OperationFailedError, RecordAlreadyExistsError, RecordDoesNotExistError } from '../../../common/errors/index.js';
import { GOOGLE_OPTION_KEYS, googleDriverConnectionOptions } from '../../../common/google/index.js';
import { collect, paginate } from '../../../common/pagination.js';
import { poll } from '../../../common/poll.js';
import { checkCallOptions, requireInteger } from '../../../common/validate.js';
import { CREATE_RECORD_OPTIONS, CREATE_ZONE_OPTIONS, RECORD_WRITE_OPTIONS, type DnsCallOptions } from '../call-options.js';
import type { ConnectionOptions } from '../../../connection/connection.js';
import type { ZoneApex } from '../bind.js';
import {
  DNSDriver,
  Record,
  RecordType,
  Zone,
  zoneId,
  type CreateRecordOptions,
  type DNSMethod,
  type RecordWriteOptions,
  type UpdateRecordOptions,
} from '../base.js';
import { relativeName } from '../names.js';
import { GoogleDnsConnection } from './connection.js';
import { GOOGLE_DNS_RECORD_TYPES, toRecords, toZone } from './mappers.js';
import { absoluteRecordName, dataToRrdata, parseRrsetId, rrsetId, type GoogleRrset } from './record-sets.js';
import type { GoogleChange, GoogleCreateZoneOptions, GoogleDnsOptions, GoogleDnsPage, GoogleManagedZone, GoogleRecordExtra, GoogleZoneExtra } from './types.js';


function checkZoneName(id: string): string {
  if (typeof id !== 'string' || !/^[a-z][a-z0-9-]{0,62}$/.test(id)) {
    throw new InvalidArgumentError(`Cloud DNS zone ids are managed zone names: 1-63 of a-z, 0-9 and '-', starting with a letter (got ${JSON.stringify(id)})`, {
      option: 'zone',
    });
  }
  return id;
}

/**
 * Google Cloud DNS driver.
 *
 * A Zone's `id` is the managed zone's name (`example-com`); its numeric id is in
 * `extra.numericId`. Records are record sets, one Record per rrdata sharing the set's id
 * `TYPE:name` (see record-sets.ts), as with Route 53. Creating a record whose set exists
 * adds its value to the set; updating replaces its value; deleting removes it (the set
 * goes with its last value). Each is one `changes` call that deletes the set exactly as
 * it was read and adds the new one, so a set changed by someone else in the meantime
 * makes Google refuse the change instead of losing theirs; then the driver waits for the
 * change to be `done`.
 *
 * @example
 * ```ts
 * import { getDriver, Provider, RecordType } from 'nubes/dns';
 *
 * const CloudDns = getDriver(Provider.GOOGLE_DNS);
 * const dns = new CloudDns('./service-account.json', undefined, { project: 'my-project' });
 * const zone = await dns.createZone('example.com');
 * await zone.createRecord({ name: 'www', type: RecordType.A, data: '192.0.2.10', ttl: 300 });
 * ```
 */
export class GoogleDNSDriver extends DNSDriver<GoogleDnsConnection, GoogleDnsOptions> {
  static override readonly connectionCls: ConnectionClass = GoogleDnsConnection as unknown as ConnectionClass;
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
  /** The per-call options of `createZone` and `createRecord`/`updateRecord` (checked before any request). */
  static readonly callOptions: DnsCallOptions = {
    createZone: { ...CREATE_ZONE_OPTIONS, name: 'string', description: 'string', visibility: { oneOf: ['public', 'private'] } },
    createRecord: { ...CREATE_RECORD_OPTIONS },
  };
  static override readonly minTtl: number = 0;
  static override readonly maxTtl: number = 2_147_483_647;
  static override readonly driverOptionKeys: readonly string[] = [...GOOGLE_OPTION_KEYS, 'waitForChanges', 'changePollInterval', 'changeTimeout'];

  readonly type = 'google-dns';
  readonly name = 'Google Cloud DNS';
  readonly website = 'https://cloud.google.com/dns';
  readonly #wait: boolean;
  readonly #interval: number;
  readonly #timeout: number;

  /**
   * @param key - a service-account key file path, a service-account e-mail, or `''` (the
   *   `credentials` option or the Google credential chain decides).
   * @param _secret - unused.
   * @param options - connection options, the Google options (`credentials`, `project`,
   *   `scopes`), plus `waitForChanges`, `changePollInterval`, `changeTimeout`.
   * @throws {InvalidArgumentError} for an unusable key file or a bad option, before any request.
   */
  constructor(key = '', _secret?: string, options: GoogleDnsOptions = {}) {
    super(key, undefined, options);
    if (options.waitForChanges !== undefined && typeof options.waitForChanges !== 'boolean') {
      throw new InvalidArgumentError('waitForChanges must be a boolean', { option: 'waitForChanges' });
    }
    this.#wait = options.waitForChanges ?? true;
    this.#interval = options.changePollInterval === undefined ? 1000 : requireInteger(options.changePollInterval, 'changePollInterval', 0, 600_000);
    this.#timeout = options.changeTimeout === undefined ? 300_000 : requireInteger(options.changeTimeout, 'changeTimeout', 1, 86_400_000);
  }

  protected override createConnection(key: string, _secret: string | undefined, options: ConnectionOptions): GoogleDnsConnection {
    return new GoogleDnsConnection(googleDriverConnectionOptions(key, this.options, options));
  }

  /** Record types Cloud DNS serves. */
  listRecordTypes(): RecordType[] {
    return [...GOOGLE_DNS_RECORD_TYPES];
  }

  async #base(): Promise<string> {
    return `/dns/v1/projects/${encodeURIComponent(await this.connection.projectId())}`;
  }

  // ---------------------------------------------------------------------------
  // Zones

  #zone(z: GoogleManagedZone): Zone<GoogleZoneExtra> {
    return toZone(z, this);
  }

  override async *iterateZones(_options?: CallOptions): AsyncGenerator<Zone<GoogleZoneExtra>, void, undefined> {
    const base = await this.#base();
    yield* paginate<Zone<GoogleZoneExtra>, string>(
      undefined,
      async (pageToken) => {
        const res = await this.connection.request<GoogleDnsPage>(`${base}/managedZones`, { params: { pageToken } });
        return { items: (res.object?.managedZones ?? []).map((z) => this.#zone(z)), next: res.object?.nextPageToken };
      },
      { what: 'Cloud DNS managed zones', provider: this.type },
    );
  }

  override async listZones(_options?: CallOptions): Promise<Zone<GoogleZoneExtra>[]> {
    return collect(this.iterateZones());
  }

  /**
   * One zone by its managed zone name (one request).
   *
   * @throws {ZoneDoesNotExistError}
   */
  override async getZone(id: string, _options?: CallOptions): Promise<Zone<GoogleZoneExtra>> {
    const res = await this.connection.request<GoogleManagedZone>(`${await this.#base()}/managedZones/${checkZoneName(id)}`);
    return this.#zone(res.object);
  }

  /**
   * Creates a public (or private) managed zone for `domain`.
   *
   * @throws {ZoneAlreadyExistsError} when a zone of that name exists in the project.
   */
  override async createZone(domain: string, options: GoogleCreateZoneOptions = {}): Promise<Zone<GoogleZoneExtra>> {
    checkCallOptions(options, 'createZone', GoogleDNSDriver.callOptions.createZone);
    if (typeof domain !== 'string' || !/^[a-z0-9-]+(\.[a-z0-9-]+)*\.?$/i.test(domain.trim())) {
      throw new InvalidArgumentError(`domain must be a DNS name such as example.com (got ${JSON.stringify(domain)})`, { option: 'domain' });
    }
    if (options.type === 'slave') throw new InvalidArgumentError('Cloud DNS has no secondary (slave) zones', { option: 'type' });
    const dnsName = `${domain.trim().replace(/\.$/, '').toLowerCase()}.`;
    const fallback = dnsName.slice(0, -1).replace(/\./g, '-');
    const name = checkZoneName(options.name ?? (/^[a-z]/.test(fallback) ? fallback : `zone-${fallback}`).slice(0, 63));
    if (options.visibility !== undefined && options.visibility !== 'public' && options.visibility !== 'private') {
      throw new InvalidArgumentError(`visibility must be 'public' or 'private' (got ${JSON.stringify(options.visibility)})`, { option: 'visibility' });
    }
    const body: GoogleManagedZone = { name, dnsName, description: options.description ?? 'Managed by nubes' };
    if (options.visibility !== undefined) body.visibility = options.visibility;
    const res = await this.connection.request<GoogleManagedZone>(`${await this.#base()}/managedZones`, { method: 'POST', data: body });
    return this.#zone(res.object);
  }

  /**
   * Deletes the zone and its records: every set but the apex SOA and NS goes first in one
   * change (Cloud DNS refuses to delete a zone that holds others), then the zone.
   *
   * @throws {ZoneDoesNotExistError}
   */
  override async deleteZone(zone: Zone<object> | string, _options?: CallOptions): Promise<void> {
    const z = await this.resolveZone(zone);
    const apex = absoluteRecordName('', z.domain).toLowerCase();
    const deletions: GoogleRrset[] = [];
    // Collected first: deleting while paging would move the listing's cursor.
    for await (const set of this.#iterateSets(z.id)) {
      if ((set.type === 'SOA' || set.type === 'NS') && set.name.toLowerCase() === apex) continue;
      deletions.push(set);
    }
    if (deletions.length > 0) await this.#change(z.id, [], deletions);
    await this.connection.request(`${await this.#base()}/managedZones/${checkZoneName(z.id)}`, { method: 'DELETE' });
  }

  protected override zoneApex(zone: Zone<object>): ZoneApex {
    const ns = (zone.extra as Partial<GoogleZoneExtra>).nameServers;
    return ns && ns.length > 0 ? { nameservers: ns } : {};
  }

  // ---------------------------------------------------------------------------
  // Records

  override async *iterateRecords(zone: Zone<object> | string, _options?: CallOptions): AsyncGenerator<Record<GoogleRecordExtra>, void, undefined> {
    zoneId(zone);
    const z = typeof zone === 'string' ? await this.getZone(zone) : zone;
    for await (const set of this.#iterateSets(z.id)) yield* this.#records(set, z);
  }

  override async listRecords(zone: Zone<object> | string, _options?: CallOptions): Promise<Record<GoogleRecordExtra>[]> {
    return collect(this.iterateRecords(zone));
  }

  /**
   * The first value of the set `recordId` (`TYPE:name`); the others are in `extra.rrdatas`.
   *
   * @throws {RecordDoesNotExistError}
   */
  override async getRecord(zone: Zone<object> | string, recordId: string, _options?: CallOptions): Promise<Record<GoogleRecordExtra>> {
    zoneId(zone);
    const key = parseRrsetId(recordId);
    const z = await this.resolveZone(zone);
    const set = await this.#readSet(z, key.type, key.name);
    const first = set ? this.#records(set, z)[0] : undefined;
    if (!first) throw new RecordDoesNotExistError(`${this.name}: record ${JSON.stringify(recordId)} does not exist`, { provider: this.type });
    return first;
  }

  /**
   * Creates a record. When a set with this name and type exists, the value is added to it
   * (its TTL becomes `ttl` when given), in one change that replaces the set as it was read.
   *
   * @throws {RecordAlreadyExistsError} when the set already holds this value.
   */
  override async createRecord(zone: Zone<object> | string, options: CreateRecordOptions): Promise<Record<GoogleRecordExtra>> {
    zoneId(zone);
    checkCallOptions(options, 'createRecord', GoogleDNSDriver.callOptions.createRecord);
    this.validateRecord(options, true);
    const z = await this.resolveZone(zone);
    const value = dataToRrdata(options.type, options.data, options.priority);
    const name = absoluteRecordName(options.name, z.domain);
    const current = await this.#readSet(z, options.type, relativeName(name, z.domain));
    let result: GoogleRrset;
    if (!current) {
      result = { kind: 'dns#resourceRecordSet', name, type: options.type, ttl: options.ttl ?? 300, rrdatas: [value] };
      await this.#change(z.id, [result], [], options.wait);
    } else {
      if ((current.rrdatas ?? []).includes(value)) {
        throw new RecordAlreadyExistsError(`${this.name}: ${rrsetId(options.type, relativeName(name, z.domain))} already holds ${JSON.stringify(options.data)}`, {
          provider: this.type,
        });
      }
      result = { ...current, ttl: options.ttl ?? current.ttl, rrdatas: [...(current.rrdatas ?? []), value] };
      await this.#change(z.id, [result], [current], options.wait);
    }
    return this.#pick(result, z, value);
  }

  /**
   * Replaces this record's value in its set (or moves it to another set when `name` or
   * `type` change); `ttl` applies to the whole set. One atomic change.
   *
   * @throws {RecordDoesNotExistError} when the set no longer holds this record's value.
   */
  override async updateRecord(record: Record<object>, options: UpdateRecordOptions): Promise<Record<GoogleRecordExtra>> {
    checkCallOptions(options, 'updateRecord', GoogleDNSDriver.callOptions.createRecord);
    this.validateRecord(options, false);
    const z = record.zone;
    const key = parseRrsetId(record.id);
    const current = await this.#readSet(z, key.type, key.name);
    const oldValue = dataToRrdata(record.type, record.data, record.priority);
    if (!current || !(current.rrdatas ?? []).includes(oldValue)) throw this.#gone(record);
    const type = options.type ?? record.type;
    const priority = options.priority ?? record.priority;
    if ((type === RecordType.MX || type === RecordType.SRV) && priority === undefined) {
      throw new InvalidArgumentError(`${type} records need a priority`, { option: 'priority' });
    }
    const newValue = dataToRrdata(type, options.data ?? record.data, priority);
    const name = absoluteRecordName(options.name ?? record.name, z.domain);
    const additions: GoogleRrset[] = [];
    const deletions: GoogleRrset[] = [current];
    let result: GoogleRrset;
    if (type === current.type && name.toLowerCase() === current.name.toLowerCase()) {
      const values = (current.rrdatas ?? []).map((v) => (v === oldValue ? newValue : v));
      result = { ...current, ttl: options.ttl ?? current.ttl, rrdatas: [...new Set(values)] };
      additions.push(result);
    } else {
      const rest = (current.rrdatas ?? []).filter((v) => v !== oldValue);
      if (rest.length > 0) additions.push({ ...current, rrdatas: rest });
      const target = await this.#readSet(z, type, relativeName(name, z.domain));
      if (target) {
        if ((target.rrdatas ?? []).includes(newValue)) {
          throw new RecordAlreadyExistsError(`${this.name}: ${rrsetId(type, relativeName(name, z.domain))} already holds that value`, { provider: this.type });
        }
        result = { ...target, ttl: options.ttl ?? target.ttl, rrdatas: [...(target.rrdatas ?? []), newValue] };
        deletions.push(target);
      } else {
        result = { kind: 'dns#resourceRecordSet', name, type, ttl: options.ttl ?? current.ttl ?? 300, rrdatas: [newValue] };
      }
      additions.push(result);
    }
    await this.#change(z.id, additions, deletions, options.wait);
    return this.#pick(result, z, newValue);
  }

  /**
   * Removes this record's value from its set; the set is deleted with its last value.
   *
   * @throws {RecordDoesNotExistError} when the set no longer holds this value.
   */
  override async deleteRecord(record: Record<object>, options: RecordWriteOptions = {}): Promise<void> {
    checkCallOptions(options, 'deleteRecord', RECORD_WRITE_OPTIONS);
    const z = record.zone;
    const key = parseRrsetId(record.id);
    const current = await this.#readSet(z, key.type, key.name);
    const value = dataToRrdata(record.type, record.data, record.priority);
    if (!current || !(current.rrdatas ?? []).includes(value)) throw this.#gone(record);
    const rest = (current.rrdatas ?? []).filter((v) => v !== value);
    await this.#change(z.id, rest.length > 0 ? [{ ...current, rrdatas: rest }] : [], [current], options.wait);
  }

  #gone(record: Record<object>): RecordDoesNotExistError {
    return new RecordDoesNotExistError(`${this.name}: record ${record.id} with value ${JSON.stringify(record.data)} does not exist`, { provider: this.type });
  }

  #pick(set: GoogleRrset, zone: Zone<object>, value: string): Record<GoogleRecordExtra> {
    const records = this.#records(set, zone);
    const index = (set.rrdatas ?? []).indexOf(value);
    return records[index] ?? records[0]!;
  }

  /**
   * Sends one atomic change, then waits until Google reports it `done`
   * (https://cloud.google.com/dns/docs/reference/rest/v1/changes): when the call says
   * `wait`, or else unless the driver was built with `waitForChanges: false`.
   */
  async #change(zone: string, additions: GoogleRrset[], deletions: GoogleRrset[], wait?: boolean): Promise<GoogleChange> {
    const path = `${await this.#base()}/managedZones/${checkZoneName(zone)}/changes`;
    const strip = (s: GoogleRrset): GoogleRrset => ({
      kind: 'dns#resourceRecordSet',
      name: s.name,
      type: s.type,
      ...(s.ttl !== undefined ? { ttl: s.ttl } : {}),
      rrdatas: s.rrdatas ?? [],
      ...(s.signatureRrdatas !== undefined && s.signatureRrdatas.length > 0 ? { signatureRrdatas: s.signatureRrdatas } : {}),
    });
    const res = await this.connection.request<GoogleChange>(path, {
      method: 'POST',
      data: { kind: 'dns#change', additions: additions.map(strip), deletions: deletions.map(strip) },
    });
    const change = res.object;
    if (!(wait ?? this.#wait) || change?.status === 'done') return change;
    const id = change?.id;
    if (typeof id !== 'string' || id === '') throw new MalformedResponseError('Cloud DNS accepted a change without an id', { provider: this.type });
    return poll<GoogleChange>(
      async () => {
        const now = await this.connection.request<GoogleChange>(`${path}/${encodeURIComponent(id)}`);
        const status = now.object?.status;
        if (status === 'done') return { done: true, value: now.object };
        if (status !== 'pending') {
          throw new OperationFailedError(`${this.name}: change ${id} of zone ${zone} ended ${JSON.stringify(status)}`, { provider: this.type });
        }
        return { done: false, state: status };
      },
      { what: `Cloud DNS change ${id} of zone ${zone}`, provider: this.type, interval: this.#interval, timeout: this.#timeout },
    );
  }

  /** The set with exactly this name and type, or undefined. */
  async #readSet(zone: Zone<object>, type: string, relative: string): Promise<GoogleRrset | undefined> {
    const name = absoluteRecordName(relative, zone.domain);
    const res = await this.connection.request<GoogleDnsPage>(`${await this.#base()}/managedZones/${checkZoneName(zoneId(zone))}/rrsets`, {
      params: { name, type },
    });
    return (res.object?.rrsets ?? []).find((s) => s.name.toLowerCase() === name.toLowerCase() && s.type === type);
  }

  async *#iterateSets(zone: string): AsyncGenerator<GoogleRrset, void, undefined> {
    const path = `${await this.#base()}/managedZones/${checkZoneName(zone)}/rrsets`;
    yield* paginate<GoogleRrset, string>(
      undefined,
      async (pageToken) => {
        const res = await this.connection.request<GoogleDnsPage>(path, { params: { pageToken } });
        return { items: res.object?.rrsets ?? [], next: res.object?.nextPageToken };
      },
      { what: `record sets of ${zone}`, provider: this.type },
    );
  }

  #records(set: GoogleRrset, zone: Zone<object>): Record<GoogleRecordExtra>[] {
    return toRecords(set, zone, this);
  }
}
