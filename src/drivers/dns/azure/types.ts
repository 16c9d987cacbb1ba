/**
 * Azure DNS payloads (api-version 2018-05-01) and the `extra` of nubes' zones and
 * records. Shapes from the REST reference: Zones - List
 * (https://learn.microsoft.com/rest/api/dns/zones/list), Record Sets - List By DNS Zone
 * and Create Or Update (https://learn.microsoft.com/rest/api/dns/record-sets).
 */

/** A DNS zone as ARM returns it. */
export interface AzureZoneJson {
  /** ARM id: `/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.Network/dnszones/{name}`. */
  id?: string;
  /** The domain. */
  name?: string;
  /** `Microsoft.Network/dnszones`. */
  type?: string;
  /** Always `global`. */
  location?: string;
  /** Changes on every write to the zone resource. */
  etag?: string;
  /** Resource tags. */
  tags?: Record<string, string>;
  /** Zone properties. */
  properties?: {
    /** The most record sets the zone may hold. */
    maxNumberOfRecordSets?: number;
    /** How many it holds. */
    numberOfRecordSets?: number;
    /** The Azure name servers that serve it. */
    nameServers?: string[];
    /** `Public` or `Private`. */
    zoneType?: string;
  };
}

/** An SOA record of a record set. */
export interface AzureSoaJson {
  /** Primary name server. */
  host?: string;
  /** Hostmaster, as a domain name (`azuredns-hostmaster.microsoft.com`). */
  email?: string;
  /** Serial. */
  serialNumber?: number;
  /** Refresh, s. */
  refreshTime?: number;
  /** Retry, s. */
  retryTime?: number;
  /** Expire, s. */
  expireTime?: number;
  /** Negative-caching TTL, s. */
  minimumTTL?: number;
}

/** The properties of a record set, in the wire casing of api-version 2018-05-01. */
export interface AzureRecordSetProperties {
  /** Free-form metadata (kept on every write nubes makes). */
  metadata?: Record<string, string>;
  /** TTL of the whole set, seconds. */
  TTL?: number;
  /** Read-only: `www.example.com.`. */
  fqdn?: string;
  /** Read-only. */
  provisioningState?: string;
  /** An alias record set points at this Azure resource instead of holding values. */
  targetResource?: {
    /** ARM id of the target resource. */
    id?: string;
  };
  /** A values. */
  ARecords?: {
    /** IPv4 address. */
    ipv4Address?: string;
  }[];
  /** AAAA values. */
  AAAARecords?: {
    /** IPv6 address. */
    ipv6Address?: string;
  }[];
  /** MX values. */
  MXRecords?: {
    /** Preference (lower first). */
    preference?: number;
    /** Mail host. */
    exchange?: string;
  }[];
  /** NS values. */
  NSRecords?: {
    /** Name server. */
    nsdname?: string;
  }[];
  /** PTR values. */
  PTRRecords?: {
    /** Target name. */
    ptrdname?: string;
  }[];
  /** SRV values. */
  SRVRecords?: {
    /** Priority. */
    priority?: number;
    /** Weight. */
    weight?: number;
    /** Port. */
    port?: number;
    /** Target host. */
    target?: string;
  }[];
  /** TXT values: each is a list of character-strings. */
  TXTRecords?: {
    /** The character-strings of one TXT record. */
    value?: string[];
  }[];
  /** The CNAME (a set holds one). */
  CNAMERecord?: {
    /** The canonical name. */
    cname?: string;
  };
  /** The SOA (at the apex only). */
  SOARecord?: AzureSoaJson;
  /** CAA values. */
  caaRecords?: {
    /** Flags byte (128: critical). */
    flags?: number;
    /** Property tag (`issue`, `issuewild`, `iodef`). */
    tag?: string;
    /** Property value. */
    value?: string;
  }[];
}

/** A record set as ARM returns it. */
export interface AzureRecordSetJson {
  /** ARM id: `…/dnszones/{zone}/{TYPE}/{name}`. */
  id?: string;
  /** Relative name; `@` for the apex. */
  name?: string;
  /** `Microsoft.Network/dnszones/A`, ... */
  type?: string;
  /** Changes on every write to the set: sent back in `If-Match`. */
  etag?: string;
  /** The set's properties. */
  properties?: AzureRecordSetProperties;
}

/** `extra` of an Azure DNS zone. */
export type AzureZoneExtra = {
  /** The resource group holding the zone. */
  resourceGroup: string | undefined;
  /** The zone resource's ETag. */
  etag: string | undefined;
  /** Resource tags. */
  tags: Record<string, string>;
  /** The Azure name servers serving the zone (delegate to these). */
  nameServers: string[];
  /** Record sets in the zone. */
  numberOfRecordSets: number | undefined;
  /** The most record sets allowed. */
  maxNumberOfRecordSets: number | undefined;
  /** `Public` or `Private`. */
  zoneType: string | undefined;
};

/** `extra` of an Azure DNS record (one value of a record set). */
export type AzureRecordExtra = {
  /** ARM id of the record set. */
  recordSetId: string | undefined;
  /** The set's ETag when read: `updateRecord` and `deleteRecord` send it in `If-Match`, so a set changed since is not overwritten. */
  etag: string | undefined;
  /** `www.example.com.`. */
  fqdn: string | undefined;
  /** The set's metadata. */
  metadata: Record<string, string>;
  /** How many values the set holds (each is one nubes record with the same id). */
  setSize: number;
  /** For an alias record set (type ALIAS in nubes): the record type Azure serves (`A`, `AAAA`, `CNAME`). */
  aliasType?: string;
  /** For an alias record set: the ARM id of the target resource (also in `data`). */
  targetResourceId?: string;
};
