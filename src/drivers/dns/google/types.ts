/**
 * Cloud DNS payloads (the fields nubes reads) and the `extra` types of its zones and
 * records. Reference: https://cloud.google.com/dns/docs/reference/rest/v1/managedZones.
 */
import type { DriverOptions } from '../../../common/base-driver.js';
import type { GoogleOptions } from '../../../common/google/index.js';
import type { CreateZoneOptions } from '../base.js';
import type { GoogleRrset } from './record-sets.js';

/** A `dns#managedZone`. */
export interface GoogleManagedZone {
  kind?: string;
  /** The zone's name in the project (what the API paths take): 1–63 of `a-z0-9-`, starting with a letter. */
  name?: string;
  /** The domain, fully qualified: `example.com.`. */
  dnsName?: string;
  /** Numeric id, a uint64 as a decimal string. */
  id?: string;
  description?: string;
  nameServers?: string[];
  creationTime?: string;
  visibility?: string;
  dnssecConfig?: { state?: string };
  labels?: Record<string, string>;
}

/** A `dns#change`. */
export interface GoogleChange {
  kind?: string;
  id?: string;
  /** `pending` or `done`. */
  status?: string;
  startTime?: string;
  additions?: GoogleRrset[];
  deletions?: GoogleRrset[];
}

/** A listing page. */
export interface GoogleDnsPage {
  managedZones?: GoogleManagedZone[];
  rrsets?: GoogleRrset[];
  nextPageToken?: string;
}

/** `extra` of a Cloud DNS zone. */
export type GoogleZoneExtra = {
  /** The numeric id (uint64 as a decimal string); the Zone's `id` is the zone's name. */
  readonly numericId: string | undefined;
  /** The description. */
  readonly description: string | undefined;
  /** The name servers Google assigned (`ns-cloud-a1.googledomains.com.` ...). */
  readonly nameServers: readonly string[];
  /** `public` or `private`. */
  readonly visibility: string | undefined;
  /** DNSSEC state (`off`, `on`, `transfer`). */
  readonly dnssecState: string | undefined;
  /** When the zone was created. */
  readonly creationTime: Date | undefined;
  /** Labels. */
  readonly labels: Readonly<Record<string, string>>;
};

/** `extra` of a Cloud DNS record (one rrdata of a set). */
export type GoogleRecordExtra = {
  /** Every rrdata of the set, in Google's (presentation) form. */
  readonly rrdatas: readonly string[];
  /** DNSSEC signatures of the set, when the zone is signed. */
  readonly signatureRrdatas: readonly string[];
};

/** Options of {@link GoogleDNSDriver}. */
export interface GoogleDnsOptions extends DriverOptions, GoogleOptions {
  /** Wait for each change to be `done` (default true). */
  waitForChanges?: boolean;
  /** First delay between change status checks, ms (default 1000). */
  changePollInterval?: number;
  /** Longest wait for a change, ms (default 300 000). */
  changeTimeout?: number;
}

/** Cloud DNS options of `createZone`. */
export interface GoogleCreateZoneOptions extends CreateZoneOptions {
  /** The zone's name in the project (default: the domain with dots as dashes, e.g. `example-com`). */
  name?: string;
  /** The description (default `Managed by nubes`). */
  description?: string;
  /** `public` (default) or `private`. */
  visibility?: 'public' | 'private';
}
