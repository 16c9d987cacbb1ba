/**
 * Mapping between nubes records and Cloudflare DNS record payloads. Most types carry
 * their value in `content`; CAA, SRV, SSHFP and TLSA take a structured `data` object
 * on create and update, which is built here from the presentation-form value.
 */
import { InvalidArgumentError } from '../../../common/errors/index.js';
import { RecordType } from '../base.js';
import { formatCaa, formatSrv, parseCaa, parseSrv } from '../presentation.js';

/** A Cloudflare DNS record as the API returns it. */
export interface CloudflareRecordPayload {
  /** Record id (32 hex characters). */
  readonly id: string;
  /** Id of the zone the record is in. */
  readonly zone_id?: string;
  /** Domain of that zone. */
  readonly zone_name?: string;
  /** Fully qualified, without a trailing dot. */
  readonly name: string;
  /** Record type: `A`, `AAAA`, `CNAME`, `MX`, `TXT`, `SRV`, `CAA`, ... */
  readonly type: string;
  /** The value, for types that are not structured (an address, a host name, TXT text, ...). */
  readonly content?: string;
  /** MX and SRV priority. */
  readonly priority?: number;
  /** TTL in seconds; 1 means Cloudflare's "automatic". */
  readonly ttl: number;
  /** Whether the record may be proxied. */
  readonly proxiable?: boolean;
  /** Whether traffic to the name goes through Cloudflare's proxy. */
  readonly proxied?: boolean;
  /** True when Cloudflare manages the record and it cannot be changed. */
  readonly locked?: boolean;
  /** Note on the record, not published in DNS. */
  readonly comment?: string | null;
  /** Tags on the record (`name:value`), not published in DNS. */
  readonly tags?: readonly string[];
  /** The structured value of CAA, SRV, SSHFP, TLSA and similar types. */
  readonly data?: { readonly [key: string]: string | number | undefined };
  /** When the record was created, ISO 8601. */
  readonly created_on?: string;
  /** When the record last changed, ISO 8601. */
  readonly modified_on?: string;
}

function ints(parts: readonly string[], names: readonly string[], type: string): number[] {
  return names.map((name, i) => {
    const n = Number(parts[i]);
    if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`${type} data needs an integer ${name} (got ${JSON.stringify(parts[i])})`, { option: 'data' });
    return n;
  });
}

function fields(data: string, count: number, type: string, shape: string): string[] {
  const parts = data.trim().split(/\s+/);
  if (parts.length < count) throw new InvalidArgumentError(`${type} data must be "${shape}" (got ${JSON.stringify(data)})`, { option: 'data' });
  return parts;
}

/**
 * The `data` object Cloudflare wants for a structured type, from the value in
 * presentation form (`0 issue "letsencrypt.org"`, `weight port target`, ...), or
 * undefined for types sent as `content`.
 *
 * @throws {InvalidArgumentError} when the value does not have the type's shape.
 */
export function structuredData(type: RecordType, data: string, priority: number | undefined): Record<string, string | number> | undefined {
  switch (type) {
    case RecordType.SRV: {
      const srv = parseSrv(data);
      return { priority: priority ?? 0, weight: srv.weight, port: srv.port, target: srv.target.replace(/\.$/, '') };
    }
    case RecordType.CAA: {
      const caa = parseCaa(data);
      return { flags: caa.flags, tag: caa.tag, value: caa.value };
    }
    case RecordType.SSHFP: {
      const parts = fields(data, 3, 'SSHFP', 'algorithm type fingerprint');
      const [algorithm, fpType] = ints(parts, ['algorithm', 'type'], 'SSHFP');
      return { algorithm: algorithm!, type: fpType!, fingerprint: parts.slice(2).join('') };
    }
    case RecordType.TLSA: {
      const parts = fields(data, 4, 'TLSA', 'usage selector matching-type certificate');
      const [usage, selector, matchingType] = ints(parts, ['usage', 'selector', 'matching type'], 'TLSA');
      return { usage: usage!, selector: selector!, matching_type: matchingType!, certificate: parts.slice(3).join('') };
    }
    default:
      return undefined;
  }
}

/** The value of a Cloudflare record in presentation form (without the MX/SRV priority). */
export function presentationData(r: CloudflareRecordPayload): string {
  const d = r.data;
  if (d) {
    switch (r.type) {
      case 'SRV':
        if (d.port !== undefined && d.target !== undefined) return formatSrv({ weight: Number(d.weight ?? 0), port: Number(d.port), target: String(d.target) });
        break;
      case 'CAA':
        if (d.tag !== undefined) return formatCaa({ flags: Number(d.flags ?? 0), tag: String(d.tag), value: String(d.value ?? '') });
        break;
      default:
        break;
    }
  }
  const content = r.content ?? '';
  // SRV content is "weight port target" (priority is separate); some answers carry the priority first.
  if (r.type === 'SRV') {
    const parts = content.trim().split(/\s+/);
    if (parts.length === 4) return parts.slice(1).join(' ');
  }
  return content;
}

/** The priority of an MX, SRV or URI record. */
export function recordPriority(r: CloudflareRecordPayload): number | undefined {
  if (r.type !== 'MX' && r.type !== 'SRV' && r.type !== 'URI') return undefined;
  if (typeof r.priority === 'number') return r.priority;
  const p = r.data?.priority;
  return typeof p === 'number' ? p : undefined;
}
