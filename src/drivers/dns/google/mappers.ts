/**
 * Cloud DNS payloads → DNS value objects. A managed zone without its name or DNS name,
 * or a record set without name or type, is a MalformedResponseError naming the provider
 * and the field, never a TypeError
 * (https://cloud.google.com/dns/docs/reference/rest/v1/managedZones,
 * https://cloud.google.com/dns/docs/reference/rest/v1/resourceRecordSets).
 */
import { defineMapper } from '../../../common/payload.js';
import { Record, RecordType, Zone, type DNSDriver } from '../base.js';
import { relativeName } from '../names.js';
import { rrdataToData, rrsetId, type GoogleRrset } from './record-sets.js';
import type { GoogleManagedZone, GoogleRecordExtra, GoogleZoneExtra } from './types.js';

const PROVIDER = 'google-dns';

/** Record types Cloud DNS serves (https://cloud.google.com/dns/docs/records-overview). */
export const GOOGLE_DNS_RECORD_TYPES: readonly RecordType[] = [
  RecordType.A,
  RecordType.AAAA,
  RecordType.CAA,
  RecordType.CNAME,
  RecordType.DNSKEY,
  RecordType.DS,
  RecordType.HTTPS,
  RecordType.MX,
  RecordType.NAPTR,
  RecordType.NS,
  RecordType.PTR,
  RecordType.SOA,
  RecordType.SPF,
  RecordType.SRV,
  RecordType.SSHFP,
  RecordType.SVCB,
  RecordType.TLSA,
  RecordType.TXT,
];
const KNOWN = new Set<string>(GOOGLE_DNS_RECORD_TYPES);

/** A `dns#managedZone` → Zone; its `id` is the zone's name (what the API paths take), the numeric id goes to `extra`. */
export const toZone = defineMapper(
  PROVIDER,
  'managed zone',
  { name: 'id', dnsName: 'string', id: 'string?', description: 'string?', nameServers: 'list?', creationTime: 'string?', visibility: 'string?', labels: 'object?' },
  (z: GoogleManagedZone, driver: DNSDriver): Zone<GoogleZoneExtra> => {
    const created = z.creationTime === undefined ? undefined : new Date(z.creationTime);
    return new Zone<GoogleZoneExtra>(
      {
        id: z.name!,
        domain: z.dnsName!.replace(/\.$/, ''),
        type: 'master',
        extra: {
          numericId: z.id,
          description: z.description,
          nameServers: z.nameServers ?? [],
          visibility: z.visibility,
          dnssecState: z.dnssecConfig?.state,
          creationTime: created !== undefined && !Number.isNaN(created.getTime()) ? created : undefined,
          labels: z.labels ?? {},
        },
      },
      driver,
    );
  },
);

/**
 * A `dns#resourceRecordSet` → one Record per rrdata, all sharing the set's id
 * `TYPE:name` (see record-sets.ts); a type nubes does not know maps to none.
 */
export const toRecords = defineMapper(
  PROVIDER,
  'record set',
  { name: 'string', type: 'string', ttl: 'integer?', rrdatas: 'list?', signatureRrdatas: 'list?' },
  (set: GoogleRrset, zone: Zone<object>, driver: DNSDriver): Record<GoogleRecordExtra>[] => {
    if (!KNOWN.has(set.type)) return [];
    const name = relativeName(set.name, zone.domain);
    const id = rrsetId(set.type, name);
    const extra: GoogleRecordExtra = { rrdatas: set.rrdatas ?? [], signatureRrdatas: set.signatureRrdatas ?? [] };
    return (set.rrdatas ?? []).map((rrdata) => {
      const { data, priority } = rrdataToData(set.type, rrdata);
      return new Record<GoogleRecordExtra>(
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
        driver,
      );
    });
  },
);
