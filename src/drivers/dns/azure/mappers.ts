/**
 * Azure DNS record sets ↔ nubes records. Azure keys a record set by name and type; a
 * set holds one or more values and one TTL. As for Route 53, nubes shows one Record per
 * value, all of one set sharing the id `TYPE:name` (`''` for the apex, Azure's `@`).
 *
 * Value forms (Azure's JSON ↔ the record's `data` / `priority`):
 * - A `{ipv4Address}`, AAAA `{ipv6Address}`, NS `{nsdname}`, PTR `{ptrdname}`, CNAME `{cname}`: the value as is;
 * - MX `{preference, exchange}` ↔ data `exchange`, priority `preference`;
 * - SRV `{priority, weight, port, target}` ↔ data `weight port target`, priority `priority`;
 * - CAA `{flags, tag, value}` ↔ data `flags tag "value"`;
 * - TXT `{value: [strings]}` ↔ one string: the text; strings Azure split at 255 bytes
 *   (all but the last exactly 255 bytes): joined back to the text; otherwise several
 *   strings in presentation form `"a" "b"`. Writing splits text longer than 255 bytes
 *   into 255-byte strings (RFC 1035 §3.3), never inside a UTF-8 character;
 * - SOA (read only) ↔ `host email. serial refresh retry expire minimum`.
 */
import { InvalidArgumentError, MalformedResponseError } from '../../../common/errors/index.js';
import { Record, RecordType, type Zone } from '../base.js';
import { quoteTxt } from '../bind.js';
import { formatCaa, parseCaa, parseSrv } from '../presentation.js';
import type { AzureRecordExtra, AzureRecordSetJson, AzureRecordSetProperties, AzureZoneExtra, AzureZoneJson } from './types.js';
import type { DNSDriver } from '../base.js';
import { defineMapper } from '../../../common/payload.js';

const PROVIDER = 'azure-dns';

/** The properties key holding each record type's values. */
export const VALUE_KEYS = {
  A: 'ARecords',
  AAAA: 'AAAARecords',
  MX: 'MXRecords',
  NS: 'NSRecords',
  PTR: 'PTRRecords',
  SRV: 'SRVRecords',
  TXT: 'TXTRecords',
  CAA: 'caaRecords',
  CNAME: 'CNAMERecord',
  SOA: 'SOARecord',
} as const satisfies { [type: string]: keyof AzureRecordSetProperties };

/** Record types Azure DNS holds in public zones (2018-05-01). */
export type AzureRecordType = keyof typeof VALUE_KEYS;

/** True for a type of {@link VALUE_KEYS}. */
export function isAzureType(type: string): type is AzureRecordType {
  return Object.prototype.hasOwnProperty.call(VALUE_KEYS, type);
}

function malformed(field: string, got: unknown): MalformedResponseError {
  return new MalformedResponseError(`Azure DNS: ${field} is malformed (got ${JSON.stringify(got)?.slice(0, 80)})`, { provider: PROVIDER });
}

function str(value: unknown, field: string): string {
  if (typeof value !== 'string') throw malformed(field, value);
  return value;
}

function int(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value)) throw malformed(field, value);
  return value;
}

/** The resource group of an ARM id (`…/resourceGroups/{rg}/…`). */
export function resourceGroupOf(id: string): string | undefined {
  const m = /\/resourceGroups\/([^/]+)\//i.exec(id);
  return m ? decodeURIComponent(m[1]!) : undefined;
}

/** An ARM zone → the value fields of a nubes Zone (declared for the validation table: a malformed zone names its field). */
export const toZoneInit = defineMapper(
  PROVIDER,
  'DNS zone',
  { id: 'id', name: 'string', etag: 'string?', tags: 'object?', properties: 'object?' },
  (json: AzureZoneJson): { id: string; domain: string; type: 'master'; extra: AzureZoneExtra } => {
  const id = str(json.id, 'zone.id');
  const domain = str(json.name, 'zone.name').replace(/\.$/, '');
  const p = json.properties ?? {};
  if (p.nameServers !== undefined && !Array.isArray(p.nameServers)) throw malformed('zone.properties.nameServers', p.nameServers);
  return {
    id,
    domain,
    type: 'master',
    extra: {
      resourceGroup: resourceGroupOf(id),
      etag: json.etag,
      tags: json.tags ?? {},
      nameServers: (p.nameServers ?? []).map((n, i) => str(n, `zone.properties.nameServers[${i}]`)),
      numberOfRecordSets: p.numberOfRecordSets,
      maxNumberOfRecordSets: p.maxNumberOfRecordSets,
      zoneType: p.zoneType,
    },
  };
  },
);

/** The record type of a set (`Microsoft.Network/dnszones/MX` → `MX`). */
export function setType(json: AzureRecordSetJson): string {
  const type = str(json.type, 'recordSet.type');
  const short = type.slice(type.lastIndexOf('/') + 1).toUpperCase();
  if (short === '') throw malformed('recordSet.type', type);
  return short;
}

/** Azure's set name (`@` is the apex) → nubes' relative name (`''`). */
export function relativeName(name: string): string {
  return name === '@' ? '' : name;
}

/** nubes' relative name → Azure's (`''` → `@`). */
export function azureName(name: string): string {
  return name === '' ? '@' : name;
}

/** `TYPE:name`. */
export function recordId(type: string, name: string): string {
  return `${type}:${name}`;
}

/**
 * Splits a record id `TYPE:name`.
 *
 * @throws {InvalidArgumentError} naming `recordId`.
 */
export function parseRecordId(id: unknown): { type: AzureRecordType; name: string } {
  const m = typeof id === 'string' ? /^([A-Z]+):(.*)$/s.exec(id) : null;
  if (!m || !isAzureType(m[1]!) || /[\s/]/.test(m[2]!)) {
    throw new InvalidArgumentError(`recordId: Azure DNS record ids look like "A:www" or "MX:" for the apex (TYPE:name); got ${JSON.stringify(id)}`, { option: 'recordId' });
  }
  return { type: m[1] as AzureRecordType, name: m[2]! };
}

const encoder = new TextEncoder();

/** Text → character-strings of at most 255 bytes each, never cutting a UTF-8 character. */
export function splitTxt(text: string): string[] {
  const parts: string[] = [];
  let current = '';
  let bytes = 0;
  for (const ch of text) {
    const n = encoder.encode(ch).length;
    if (bytes + n > 255) {
      parts.push(current);
      current = '';
      bytes = 0;
    }
    current += ch;
    bytes += n;
  }
  parts.push(current);
  return parts;
}

/** `"a \"b\"" "c"` → `['a "b"', 'c']` (RFC 1035 escapes, `\DDD` bytes decoded as UTF-8). */
export function parseCharacterStrings(presentation: string): string[] | undefined {
  const all = /^\s*"(?:[^"\\]|\\.)*"(?:\s+"(?:[^"\\]|\\.)*")*\s*$/s;
  if (!all.test(presentation)) return undefined;
  const out: string[] = [];
  for (const m of presentation.matchAll(/"((?:[^"\\]|\\.)*)"/gs)) {
    const bytes: number[] = [];
    const chars = Array.from(m[1]!);
    for (let i = 0; i < chars.length; i++) {
      const c = chars[i]!;
      const digits = chars.slice(i + 1, i + 4).join('');
      if (c === '\\' && /^\d{3}$/.test(digits)) {
        bytes.push(Number(digits));
        i += 3;
      } else {
        bytes.push(...encoder.encode(c === '\\' && i + 1 < chars.length ? chars[++i]! : c));
      }
    }
    out.push(new TextDecoder().decode(new Uint8Array(bytes)));
  }
  return out;
}

/** A TXT value's strings → the record's data. */
export function txtData(strings: readonly string[]): string {
  if (strings.length === 1) return strings[0]!;
  const splitBySize = strings.slice(0, -1).every((s) => encoder.encode(s).length === 255);
  if (splitBySize) return strings.join('');
  return strings.map((s) => quoteTxt(s)).join(' ');
}

/** The record's TXT data → the strings Azure stores. */
export function txtStrings(data: string): string[] {
  return parseCharacterStrings(data) ?? splitTxt(data);
}

/** One value of an Azure set, as nubes sees it. */
export interface AzureValue {
  /** The record's data. */
  data: string;
  /** MX preference / SRV priority. */
  priority: number | undefined;
  /** The value as Azure holds it (one element of the set's array, or the CNAME/SOA object). */
  json: unknown;
}

function dot(name: string): string {
  return name.endsWith('.') ? name : `${name}.`;
}

/** The values of a set, in order. */
export function setValues(type: AzureRecordType, props: AzureRecordSetProperties): AzureValue[] {
  const key = VALUE_KEYS[type];
  const raw = (props as { [k: string]: unknown })[key];
  if (raw === undefined || raw === null) return [];
  if (type === 'CNAME') {
    const c = raw as { cname?: unknown };
    return [{ data: str(c.cname, 'CNAMERecord.cname'), priority: undefined, json: raw }];
  }
  if (type === 'SOA') {
    const s = raw as { [k: string]: unknown };
    const data = `${dot(str(s.host, 'SOARecord.host'))} ${dot(str(s.email, 'SOARecord.email'))} ${int(s.serialNumber, 'SOARecord.serialNumber')} ${int(s.refreshTime, 'SOARecord.refreshTime')} ${int(s.retryTime, 'SOARecord.retryTime')} ${int(s.expireTime, 'SOARecord.expireTime')} ${int(s.minimumTTL, 'SOARecord.minimumTTL')}`;
    return [{ data, priority: undefined, json: raw }];
  }
  if (!Array.isArray(raw)) throw malformed(key, raw);
  return raw.map((item: { [k: string]: unknown }, i): AzureValue => {
    const f = `${key}[${i}]`;
    if (!item || typeof item !== 'object') throw malformed(f, item);
    switch (type) {
      case 'A':
        return { data: str(item.ipv4Address, `${f}.ipv4Address`), priority: undefined, json: item };
      case 'AAAA':
        return { data: str(item.ipv6Address, `${f}.ipv6Address`), priority: undefined, json: item };
      case 'NS':
        return { data: str(item.nsdname, `${f}.nsdname`), priority: undefined, json: item };
      case 'PTR':
        return { data: str(item.ptrdname, `${f}.ptrdname`), priority: undefined, json: item };
      case 'MX':
        return { data: str(item.exchange, `${f}.exchange`), priority: int(item.preference, `${f}.preference`), json: item };
      case 'SRV':
        return {
          data: `${int(item.weight, `${f}.weight`)} ${int(item.port, `${f}.port`)} ${str(item.target, `${f}.target`)}`,
          priority: int(item.priority, `${f}.priority`),
          json: item,
        };
      case 'CAA':
        return { data: formatCaa({ flags: int(item.flags, `${f}.flags`), tag: str(item.tag, `${f}.tag`), value: str(item.value, `${f}.value`) }), priority: undefined, json: item };
      case 'TXT': {
        const v = item.value;
        if (!Array.isArray(v) || !v.every((s) => typeof s === 'string')) throw malformed(`${f}.value`, v);
        return { data: txtData(v as string[]), priority: undefined, json: item };
      }
    }
  });
}

/** A record's data and priority → one value of Azure's set (the array element, or the CNAME object). */
export function valueJson(type: AzureRecordType, data: string, priority: number | undefined): unknown {
  const d = data.trim();
  switch (type) {
    case 'A':
      return { ipv4Address: d };
    case 'AAAA':
      return { ipv6Address: d };
    case 'NS':
      return { nsdname: d };
    case 'PTR':
      return { ptrdname: d };
    case 'CNAME':
      return { cname: d };
    case 'MX':
      return { preference: priority ?? 0, exchange: d };
    case 'SRV': {
      const s = parseSrv(d);
      return { priority: priority ?? 0, weight: s.weight, port: s.port, target: s.target };
    }
    case 'CAA':
      return { ...parseCaa(d) };
    case 'TXT':
      return { value: txtStrings(data) };
    case 'SOA':
      throw new InvalidArgumentError('Azure DNS: the SOA record set is managed by Azure; nubes does not write it', { option: 'type' });
  }
}

/** Two values are the same record (compared as Azure would store them). */
export function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

function canonical(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canonical);
  if (v && typeof v === 'object') {
    const out: { [k: string]: unknown } = {};
    for (const k of Object.keys(v).sort()) {
      const x = (v as { [k: string]: unknown })[k];
      out[k] = typeof x === 'string' ? x.replace(/\.$/, '').toLowerCase() : canonical(x);
    }
    return out;
  }
  return v;
}

/** Properties of a PUT: the set's metadata kept, `values` replacing its values, `ttl` its TTL. */
export function setProperties(type: AzureRecordType, values: readonly unknown[], ttl: number, metadata: { [key: string]: string } | undefined): AzureRecordSetProperties {
  const props: { [k: string]: unknown } = { TTL: ttl };
  if (metadata && Object.keys(metadata).length > 0) props.metadata = metadata;
  props[VALUE_KEYS[type]] = type === 'CNAME' ? values[0] : [...values];
  return props as AzureRecordSetProperties;
}

/** A record set → its nubes records (one per value; an alias set → one ALIAS record). */
export const toRecords = defineMapper(
  PROVIDER,
  'record set',
  { name: 'string', type: 'string', id: 'string?', etag: 'string?', properties: 'object?' },
  (json: AzureRecordSetJson, zone: Zone<object>, driver: DNSDriver): Record<AzureRecordExtra>[] => {
  const type = setType(json);
  const name = relativeName(str(json.name, 'recordSet.name'));
  const props = json.properties ?? {};
  if (props.TTL !== undefined && typeof props.TTL !== 'number') throw malformed('recordSet.properties.TTL', props.TTL);
  const base = {
    recordSetId: json.id,
    etag: json.etag,
    fqdn: props.fqdn,
    metadata: props.metadata ?? {},
  };
  const id = recordId(type, name);
  const target = props.targetResource?.id;
  if (typeof target === 'string' && target !== '') {
    const extra: AzureRecordExtra = { ...base, setSize: 1, aliasType: type, targetResourceId: target };
    return [new Record<AzureRecordExtra>({ id, name, type: RecordType.ALIAS, data: target, ...(props.TTL !== undefined ? { ttl: props.TTL } : {}), zone: zone as Zone, extra }, driver)];
  }
  if (!isAzureType(type)) return []; // a type this api-version adds later (DS, TLSA, NAPTR): not mapped
  const values = setValues(type, props);
  return values.map(
    (v) =>
      new Record<AzureRecordExtra>(
        {
          id,
          name,
          type: type as RecordType,
          data: v.data,
          ...(props.TTL !== undefined ? { ttl: props.TTL } : {}),
          ...(v.priority !== undefined ? { priority: v.priority } : {}),
          zone: zone as Zone,
          extra: { ...base, setSize: values.length },
        },
        driver,
      ),
  );
  },
);
