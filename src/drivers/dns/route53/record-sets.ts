/**
 * Route 53 record sets: parsing `<ResourceRecordSet>` elements, the record id scheme,
 * value ↔ (data, priority) conversion, and writing `ChangeResourceRecordSets` batches.
 *
 * Route 53 keys a record set by name, type and (for weighted, latency, failover,
 * geolocation, multivalue sets) a set identifier; a set holds one or more values. nubes
 * shows one Record per value, whose id names the set:
 *
 * - `TYPE:name` (e.g. `A:www`, `MX:` for the apex), or `TYPE:name:setIdentifier`;
 *   `name` is relative to the zone, `TYPE` the Route 53 type (`A` for an alias to a
 *   load balancer even though the Record's type is `ALIAS`);
 * - the values of one set share that id; `extra.values` lists them all;
 * - deleting a Record removes its value from the set (the set goes when it was the
 *   last), updating one replaces its value; both send DELETE of the set as it was read
 *   plus CREATE of the new set in one batch, so a set changed by someone else in the
 *   meantime makes Route 53 refuse the batch instead of losing their change.
 */
import { defineXmlMapper } from '../../../common/payload.js';
import { InvalidArgumentError } from '../../../common/errors/index.js';
import { xmlChild, xmlChildren, xmlText, type XmlElement } from '../../../common/xml.js';
import { RecordType } from '../base.js';
import { quoteTxt } from '../bind.js';

/** Route 53's API namespace. */
export const ROUTE53_NS = 'https://route53.amazonaws.com/doc/2013-04-01/';

/** An alias target (to an ELB, CloudFront distribution, S3 website, another record ...). */
export interface Route53AliasTarget {
  /** Hosted zone of the target (`HostedZoneId`): for a load balancer or CloudFront, the service's canonical zone id. */
  readonly hostedZoneId: string;
  /** DNS name of the target (`DNSName`), e.g. a load balancer's `my-lb-123.us-east-1.elb.amazonaws.com.`. */
  readonly dnsName: string;
  /** Whether Route 53 answers with this alias only while the target is healthy (`EvaluateTargetHealth`). */
  readonly evaluateTargetHealth: boolean;
}

/** A record set as Route 53 holds it. */
export interface Route53RecordSet {
  /** Fully qualified, with the trailing dot, escapes decoded (`*.example.com.`). */
  readonly name: string;
  /** Route 53 type (`A`, `MX`, ...). */
  readonly type: string;
  /** TTL in seconds (`TTL`); undefined for alias sets. */
  readonly ttl: number | undefined;
  /** Values in Route 53's form (`10 mail.example.com.` for MX). */
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
}

/** Decodes Route 53's `\DDD` octal escapes in names (`\052` is `*`). */
export function decodeName(name: string): string {
  return name.replace(/\\(\d{3})/g, (_, oct: string) => String.fromCharCode(parseInt(oct, 8)));
}

/** Parses one `<ResourceRecordSet>`. */
export const parseRecordSet = defineXmlMapper('route53', 'resource record set', { Name: 'id', Type: 'id', TTL: 'integer?', Weight: 'integer?' }, (el: XmlElement): Route53RecordSet => {
  const num = (name: string): number | undefined => {
    const t = xmlText(el, name);
    return t === undefined || t === '' ? undefined : Number(t);
  };
  const alias = xmlChild(el, 'AliasTarget');
  const multi = xmlText(el, 'MultiValueAnswer');
  return {
    name: decodeName(xmlText(el, 'Name') ?? ''),
    type: xmlText(el, 'Type') ?? '',
    ttl: num('TTL'),
    values: xmlChildren(xmlChild(el, 'ResourceRecords'), 'ResourceRecord').map((r) => xmlText(r, 'Value') ?? ''),
    setIdentifier: xmlText(el, 'SetIdentifier') || undefined,
    weight: num('Weight'),
    region: xmlText(el, 'Region') || undefined,
    failover: xmlText(el, 'Failover') || undefined,
    multiValueAnswer: multi === undefined ? undefined : multi === 'true',
    healthCheckId: xmlText(el, 'HealthCheckId') || undefined,
    aliasTarget: alias
      ? {
          hostedZoneId: xmlText(alias, 'HostedZoneId') ?? '',
          dnsName: xmlText(alias, 'DNSName') ?? '',
          evaluateTargetHealth: xmlText(alias, 'EvaluateTargetHealth') === 'true',
        }
      : undefined,
  };
});

/** A relative name (or `@`, or a name already fully qualified) → `www.example.com.`. */
export function absoluteRecordName(name: string, domain: string): string {
  const d = domain.replace(/\.$/, '');
  const n = name.trim();
  if (n === '' || n === '@') return `${d}.`;
  if (n.endsWith('.')) return n;
  if (n.toLowerCase() === d.toLowerCase() || n.toLowerCase().endsWith(`.${d.toLowerCase()}`)) return `${n}.`;
  return `${n}.${d}.`;
}

/** The parts of a record id. */
export interface RecordSetKey {
  /** Route 53 type of the set (`A`, `MX`, ...). */
  readonly type: string;
  /** Relative to the zone. */
  readonly name: string;
  /** The set identifier, for sets under a routing policy. */
  readonly setIdentifier: string | undefined;
}

/** `TYPE:name[:setIdentifier]`. */
export function recordSetId(key: RecordSetKey): string {
  return key.setIdentifier === undefined ? `${key.type}:${key.name}` : `${key.type}:${key.name}:${key.setIdentifier}`;
}

/**
 * Splits an id made by {@link recordSetId}.
 *
 * @throws {InvalidArgumentError} when `id` is not of that form.
 */
export function parseRecordSetId(id: string): RecordSetKey {
  const match = typeof id === 'string' ? /^([A-Z0-9]+):([^:]*)(?::(.+))?$/s.exec(id) : null;
  if (!match) {
    throw new InvalidArgumentError(`recordId: Route 53 record ids look like "A:www" or "A:www:set-id" (TYPE:name[:setIdentifier]); got ${JSON.stringify(id)}`, {
      option: 'recordId',
    });
  }
  return { type: match[1]!, name: match[2]!, setIdentifier: match[3] };
}

/** Reads a single quoted TXT string back to its text: `"a \"b\""` → `a "b"`. Several strings stay in presentation form. */
function unquoteTxt(value: string): string {
  const single = /^"((?:[^"\\]|\\.)*)"$/s.exec(value.trim());
  if (!single) return value;
  // \DDD escapes are bytes (RFC 1035 §5.1): collect bytes, then decode as UTF-8.
  const bytes: number[] = [];
  const chars = Array.from(single[1]!); // code points, so astral characters stay whole
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
  return decoder.decode(new Uint8Array(bytes));
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** A Route 53 value → the Record's data and priority. */
export function valueToData(
  type: string,
  value: string,
): {
  /** The value without the MX/SRV priority; TXT and SPF unquoted. */
  data: string;
  /** The MX/SRV priority, else undefined. */
  priority: number | undefined;
} {
  if (type === 'MX' || type === 'SRV') {
    const match = /^\s*(\d+)\s+(.*)$/s.exec(value);
    if (match) return { data: match[2]!.trim(), priority: Number(match[1]) };
  }
  if (type === 'TXT' || type === 'SPF') return { data: unquoteTxt(value), priority: undefined };
  return { data: value, priority: undefined };
}

/** The Record's data and priority → a Route 53 value (TXT quoted, MX/SRV priority first). */
export function dataToValue(type: RecordType | string, data: string, priority: number | undefined): string {
  if (type === RecordType.MX || type === RecordType.SRV) return `${priority ?? 0} ${data.trim()}`;
  if (type === RecordType.TXT || type === RecordType.SPF) return quoteTxt(data);
  return data.trim();
}

/** Escapes text for an XML element. */
export function xmlEscape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}

/** The `<ResourceRecordSet>` of `set`, with fields in the order the API's schema lists them. */
export function recordSetXml(set: Route53RecordSet): string {
  const parts = [`<Name>${xmlEscape(set.name)}</Name>`, `<Type>${xmlEscape(set.type)}</Type>`];
  if (set.setIdentifier !== undefined) parts.push(`<SetIdentifier>${xmlEscape(set.setIdentifier)}</SetIdentifier>`);
  if (set.weight !== undefined) parts.push(`<Weight>${set.weight}</Weight>`);
  if (set.region !== undefined) parts.push(`<Region>${xmlEscape(set.region)}</Region>`);
  if (set.failover !== undefined) parts.push(`<Failover>${xmlEscape(set.failover)}</Failover>`);
  if (set.multiValueAnswer !== undefined) parts.push(`<MultiValueAnswer>${String(set.multiValueAnswer)}</MultiValueAnswer>`);
  if (set.aliasTarget) {
    const a = set.aliasTarget;
    parts.push(
      `<AliasTarget><HostedZoneId>${xmlEscape(a.hostedZoneId)}</HostedZoneId><DNSName>${xmlEscape(a.dnsName)}</DNSName><EvaluateTargetHealth>${String(a.evaluateTargetHealth)}</EvaluateTargetHealth></AliasTarget>`,
    );
  } else {
    if (set.ttl !== undefined) parts.push(`<TTL>${set.ttl}</TTL>`);
    parts.push(`<ResourceRecords>${set.values.map((v) => `<ResourceRecord><Value>${xmlEscape(v)}</Value></ResourceRecord>`).join('')}</ResourceRecords>`);
  }
  if (set.healthCheckId !== undefined) parts.push(`<HealthCheckId>${xmlEscape(set.healthCheckId)}</HealthCheckId>`);
  return `<ResourceRecordSet>${parts.join('')}</ResourceRecordSet>`;
}

/** One change of a batch. */
export interface Route53Change {
  /** `CREATE` fails if the set exists, `DELETE` if it differs from `set`, `UPSERT` creates or replaces. */
  readonly action: 'CREATE' | 'DELETE' | 'UPSERT';
  /** The record set, exactly as it is to be (or, for `DELETE`, as it was read). */
  readonly set: Route53RecordSet;
}

/** A `ChangeResourceRecordSetsRequest` document. */
export function changeBatchXml(changes: readonly Route53Change[], comment?: string): string {
  const c = comment === undefined ? '' : `<Comment>${xmlEscape(comment)}</Comment>`;
  const body = changes.map((ch) => `<Change><Action>${ch.action}</Action>${recordSetXml(ch.set)}</Change>`).join('');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<ChangeResourceRecordSetsRequest xmlns="${ROUTE53_NS}"><ChangeBatch>${c}<Changes>${body}</Changes></ChangeBatch></ChangeResourceRecordSetsRequest>`;
}
