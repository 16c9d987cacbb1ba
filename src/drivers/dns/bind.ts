/**
 * BIND zone file (RFC 1035 §5 master file) writer behind
 * `DNSDriver.exportZoneToBindFormat`. A pure function of the zone, its records and
 * what the provider knows about the apex, so it is tested without any driver.
 *
 * A master file a name server loads needs exactly one SOA and at least one NS at the
 * apex (RFC 1035 §5.2; `named-checkzone` refuses a zone without them). Providers
 * differ: Route 53 and DigitalOcean list both as records, Cloudflare and Linode keep
 * them outside the record list. So:
 * - an SOA among the records is written first, as it is;
 * - without one, an SOA is synthesized (marked by a comment): primary name server =
 *   the first apex NS, responsible mailbox = the provider's hostmaster address or
 *   `hostmaster.<domain>.`, serial 1 (or the provider's), refresh 7200, retry 3600,
 *   expire 1209600 (RFC 1912 §2.2) and negative-caching TTL = the zone's default TTL;
 * - apex NS records come from the records, else from the nameservers the provider
 *   reports for the zone; with neither, a comment says the file needs NS records
 *   before a name server will load it.
 */
// This module imports nothing from base.ts (base.ts imports it for
// exportZoneToBindFormat): it reads records through the structural BindRecord below and
// compares their type with RecordType's string values.

/** The fields of a zone that {@link toBindZone} reads (every nubes `Zone` has them). */
export interface BindZone {
  /** The zone's domain, with or without a trailing dot. */
  readonly domain: string;
  /** The zone's default TTL in seconds, when it has one. */
  readonly ttl: number | undefined;
}

/** The fields of a record that {@link toBindZone} reads (every nubes `Record` has them). */
export interface BindRecord {
  /** Owner name relative to the zone (`''` or `'@'` for the apex). */
  readonly name: string;
  /** The record type: a `RecordType` value such as `'TXT'`. */
  readonly type: string;
  /** The record data as the provider returns it. */
  readonly data: string;
  /** TTL in seconds, when the record has its own. */
  readonly ttl: number | undefined;
  /** MX/SRV priority, when the record has one. */
  readonly priority: number | undefined;
}

/** What a provider knows about a zone's apex outside its record list. */
export interface ZoneApex {
  /** Authoritative name servers (host names, with or without a trailing dot). */
  readonly nameservers?: readonly string[];
  /** The zone contact as an email address (`hostmaster@example.com`) or an SOA mailbox name. */
  readonly hostmaster?: string;
  /** The zone serial, when the provider reports one. */
  readonly serial?: number;
}

/** The default TTL written as `$TTL` when the zone has none. */
export const DEFAULT_BIND_TTL = 3600;

const encoder = new TextEncoder();

/**
 * One RFC 1035 character-string body (without quotes): `"` and `\` escaped, bytes
 * outside printable ASCII written as `\DDD` so the file is plain ASCII.
 */
function escapeCharacterString(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) {
    if (b === 0x22 || b === 0x5c) out += `\\${String.fromCharCode(b)}`;
    else if (b >= 0x20 && b < 0x7f) out += String.fromCharCode(b);
    else out += `\\${String(b).padStart(3, '0')}`;
  }
  return out;
}

/**
 * TXT/SPF data as quoted character-strings. Data already in presentation form
 * (`"part one" "part two"`) passes through; anything else is one value split into
 * 255-byte strings (RFC 1035 §3.3: a character-string holds at most 255 bytes), cut
 * on bytes before escaping so an escape is never split.
 */
export function quoteTxt(data: string): string {
  if (/^"(?:[^"\\]|\\.)*"(?:\s+"(?:[^"\\]|\\.)*")*$/s.test(data.trim())) return data.trim();
  const bytes = encoder.encode(data);
  if (bytes.length === 0) return '""';
  const parts: string[] = [];
  for (let i = 0; i < bytes.length; i += 255) parts.push(`"${escapeCharacterString(bytes.subarray(i, i + 255))}"`);
  return parts.join(' ');
}

/**
 * A domain name in data made absolute: names ending in a dot are kept, `@` and `''`
 * are the zone, names containing a dot are taken as fully qualified (providers return
 * targets such as `mail.example.com` without the final dot), single labels are
 * relative to the zone.
 */
export function absoluteName(value: string, domain: string): string {
  const v = value.trim();
  if (v.endsWith('.')) return v;
  if (v === '@' || v === '') return `${domain}.`;
  return v.includes('.') ? `${v}.` : `${v}.${domain}.`;
}

/** An SOA mailbox from an email address: `host.master@example.com` → `host\.master.example.com.`. */
export function soaMailbox(contact: string, domain: string): string {
  const at = contact.lastIndexOf('@');
  if (at < 0) return absoluteName(contact, domain);
  const local = contact.slice(0, at).replace(/\./g, '\\.');
  return `${local}.${contact.slice(at + 1).replace(/\.$/, '')}.`;
}

function recordData(r: BindRecord, domain: string): string {
  switch (r.type) {
    case 'TXT':
    case 'SPF':
      return quoteTxt(r.data);
    case 'CNAME':
    case 'NS':
    case 'PTR':
    case 'DNAME':
      return absoluteName(r.data, domain);
    case 'MX':
      return `${r.priority ?? 10} ${absoluteName(r.data, domain)}`;
    case 'SRV': {
      // data: "weight port target" (the priority is separate)
      const parts = r.data.trim().split(/\s+/);
      const target = parts.pop() ?? '.';
      return `${r.priority ?? 0} ${parts.join(' ')} ${absoluteName(target, domain)}`;
    }
    default:
      return r.data.trim();
  }
}

/**
 * Writes `zone` and `records` as a BIND master file: `$ORIGIN`, `$TTL`, the SOA, apex
 * NS records, then every other record in the provider's order, owners relative to the
 * origin (`@` for the apex) and names in data absolute.
 *
 * @example
 * ```ts
 * import { toBindZone, type DNSDriver, type Zone } from 'nubes/dns';
 *
 * async function zoneFile(driver: DNSDriver, zone: Zone): Promise<string> {
 *   return toBindZone(zone, await driver.listRecords(zone), { nameservers: ['ns1.example.net'] });
 * }
 * ```
 */
export function toBindZone(zone: BindZone, records: readonly BindRecord[], apex: ZoneApex = {}): string {
  const domain = zone.domain.replace(/\.$/, '');
  const ttl = zone.ttl ?? DEFAULT_BIND_TTL;
  const line = (r: BindRecord, data: string): string => `${r.name === '' ? '@' : r.name}\t${r.ttl ?? ttl}\tIN\t${r.type}\t${data}`;
  const isApex = (r: BindRecord): boolean => r.name === '' || r.name === '@';

  const soa = records.find((r) => r.type === 'SOA' && isApex(r));
  const apexNs = records.filter((r) => r.type === 'NS' && isApex(r));
  const lines = [`$ORIGIN ${domain}.`, `$TTL ${ttl}`];
  const nameservers = apexNs.length > 0 ? apexNs.map((r) => absoluteName(r.data, domain)) : (apex.nameservers ?? []).map((n) => absoluteName(n, domain));

  if (soa) {
    lines.push(line(soa, soa.data.trim()));
  } else {
    const mname = nameservers[0] ?? `${domain}.`;
    const rname = apex.hostmaster ? soaMailbox(apex.hostmaster, domain) : `hostmaster.${domain}.`;
    lines.push('; SOA synthesized by nubes: the provider does not list one');
    lines.push(`@\t${ttl}\tIN\tSOA\t${mname} ${rname} ${apex.serial ?? 1} 7200 3600 1209600 ${ttl}`);
  }
  if (apexNs.length > 0) {
    for (const r of apexNs) lines.push(line(r, recordData(r, domain)));
  } else if (nameservers.length > 0) {
    lines.push('; NS records reported by the provider outside the record list');
    for (const ns of nameservers) lines.push(`@\t${ttl}\tIN\tNS\t${ns}`);
  } else {
    lines.push('; no NS records: the provider reports none; add them before loading this file into a name server');
  }

  for (const r of records) {
    if (r === soa || apexNs.includes(r)) continue;
    if (r.type === 'SOA') continue; // an SOA below the apex is not part of this zone
    if (r.type === 'ALIAS') {
      // ALIAS is provider-specific (Route 53 alias targets): no standard RR type to write.
      lines.push(`; ${r.name || '@'} ALIAS ${r.data} (provider-specific, not standard DNS)`);
      continue;
    }
    lines.push(line(r, recordData(r, domain)));
  }
  return `${lines.join('\n')}\n`;
}
