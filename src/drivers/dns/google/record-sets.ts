/**
 * Cloud DNS resource record sets ↔ nubes records.
 *
 * Cloud DNS keys a set by name and type; a set holds one or more `rrdatas` in zone-file
 * presentation form (https://cloud.google.com/dns/docs/reference/json-record). nubes
 * shows one Record per rrdata, whose id names the set, as the Route 53 driver does:
 *
 * - `TYPE:name` (`A:www`, `MX:` for the apex), `name` relative to the zone;
 * - the values of one set share that id; `extra.rrdatas` lists them all;
 * - MX and SRV rrdatas carry the priority first (`10 mail.example.com.`): it goes to
 *   `priority`, the rest to `data`;
 * - TXT/SPF rrdatas are quoted character-strings. One string reads back unquoted; a value
 *   longer than 255 bytes is sent as several strings of 255 bytes (RFC 1035 §3.3) and read
 *   back joined; strings split otherwise stay in presentation form (`"a" "b"`).
 */
import { InvalidArgumentError, MalformedResponseError } from '../../../common/errors/index.js';
import { quoteTxt } from '../bind.js';
import { RecordType } from '../base.js';

/** A `dns#resourceRecordSet`. */
export interface GoogleRrset {
  kind?: string;
  /** Fully qualified, with the final dot. */
  name: string;
  /** The record type (`A`, `MX`, ...). */
  type: string;
  /** TTL in seconds. */
  ttl?: number | undefined;
  /** The values, in presentation form. */
  rrdatas?: string[];
  /** DNSSEC signatures (read only). */
  signatureRrdatas?: string[];
}

/** A relative name (or `@`, or a name already fully qualified) → `www.example.com.`. */
export function absoluteRecordName(name: string, domain: string): string {
  const d = domain.replace(/\.$/, '');
  const n = name.trim();
  if (n === '' || n === '@') return `${d}.`;
  if (n.endsWith('.')) return n;
  if (n.toLowerCase() === d.toLowerCase() || n.toLowerCase().endsWith(`.${d.toLowerCase()}`)) return `${n}.`;
  return `${n}.${d}.`;
}

/** `TYPE:name`. */
export function rrsetId(type: string, name: string): string {
  return `${type}:${name}`;
}

/**
 * Splits a record id made by {@link rrsetId}.
 *
 * @throws {InvalidArgumentError} when `id` is not of that form.
 */
export function parseRrsetId(id: string): { type: string; name: string } {
  const match = typeof id === 'string' ? /^([A-Z0-9]+):(.*)$/s.exec(id) : null;
  if (!match) throw new InvalidArgumentError(`recordId: Cloud DNS record ids look like "A:www" (TYPE:name); got ${JSON.stringify(id)}`, { option: 'recordId' });
  return { type: match[1]!, name: match[2]! };
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** The character-strings of a TXT rrdata as bytes (`\"`, `\\`, `\DDD` decoded), or undefined if it is not quoted strings. */
export function txtStringBytes(rrdata: string): Uint8Array[] | undefined {
  const text = rrdata.trim();
  if (!/^"(?:[^"\\]|\\.)*"(?:\s+"(?:[^"\\]|\\.)*")*$/s.test(text)) return undefined;
  const out: Uint8Array[] = [];
  for (const m of text.matchAll(/"((?:[^"\\]|\\.)*)"/gs)) {
    const bytes: number[] = [];
    const chars = Array.from(m[1]!);
    for (let i = 0; i < chars.length; i++) {
      const c = chars[i]!;
      const digits = chars.slice(i + 1, i + 4).join('');
      if (c === '\\' && /^\d{3}$/.test(digits)) {
        bytes.push(Number(digits));
        i += 3;
      } else {
        const ch = c === '\\' && i + 1 < chars.length ? chars[++i]! : c;
        bytes.push(...encoder.encode(ch));
      }
    }
    out.push(new Uint8Array(bytes));
  }
  return out;
}

/** An rrdata → the Record's data and priority. */
export function rrdataToData(type: string, rrdata: string): { data: string; priority: number | undefined } {
  if (type === 'MX' || type === 'SRV') {
    const match = /^\s*(\d+)\s+(.*)$/s.exec(rrdata);
    if (!match) throw new MalformedResponseError(`Cloud DNS sent a ${type} rrdata without a priority: ${JSON.stringify(rrdata)}`, { provider: 'google-dns' });
    return { data: match[2]!.trim(), priority: Number(match[1]) };
  }
  if (type === 'TXT' || type === 'SPF') {
    const strings = txtStringBytes(rrdata);
    if (strings === undefined) return { data: rrdata, priority: undefined };
    if (strings.length === 1) return { data: decoder.decode(strings[0]), priority: undefined };
    // Split at 255 bytes by a writer (nubes, gcloud): one value, decoded whole (a split may cut a UTF-8 character).
    const automatic = strings.slice(0, -1).every((s) => s.length === 255);
    return { data: automatic ? decoder.decode(Buffer.concat(strings)) : rrdata.trim(), priority: undefined };
  }
  return { data: rrdata.trim(), priority: undefined };
}

/** The Record's data and priority → an rrdata (TXT quoted and split at 255 bytes, MX/SRV priority first). */
export function dataToRrdata(type: RecordType | string, data: string, priority: number | undefined): string {
  if (type === RecordType.MX || type === RecordType.SRV) return `${priority ?? 0} ${data.trim()}`;
  if (type === RecordType.TXT || type === RecordType.SPF) return quoteTxt(data);
  return data.trim();
}
