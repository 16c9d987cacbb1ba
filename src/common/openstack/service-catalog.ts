/**
 * The Keystone v3 service catalog and endpoint selection: by service type (with
 * aliases such as `volumev3` / `block-storage`), optional service name, interface and
 * region. Ambiguity is an error that lists what the catalog offers, never a guess.
 */
import { InvalidArgumentError } from '../errors/index.js';

/** Which network face of a service to use. Keystone's default for clients is `public`. */
export type OpenStackInterface = 'public' | 'internal' | 'admin';

/** The interfaces Keystone v3 defines. */
export const OPENSTACK_INTERFACES: readonly OpenStackInterface[] = ['public', 'internal', 'admin'];

/** One endpoint of a catalog entry (Keystone v3 `token.catalog[].endpoints[]`). */
export interface CatalogEndpoint {
  /** Keystone's endpoint id. */
  readonly id?: string;
  /** `public`, `internal` or `admin`. */
  readonly interface: string;
  /** Region name (older deployments) — usually equal to `region_id`. */
  readonly region?: string | null;
  /** Region id of the endpoint; null or absent for a region-less endpoint. */
  readonly region_id?: string | null;
  /** Base URL of the service on this interface and region, e.g. `https://nova.example:8774/v2.1`. */
  readonly url: string;
}

/** One service of the catalog (Keystone v3 `token.catalog[]`). */
export interface CatalogService {
  /** Keystone's service id. */
  readonly id?: string;
  /** Service type: `compute`, `object-store`, `image`, `volumev3`, `network`, ... */
  readonly type: string;
  /** Service name: `nova`, `swift`, `glance`, `cinderv3`, ... */
  readonly name?: string;
  /** The service's endpoints, one per interface and region. */
  readonly endpoints: readonly CatalogEndpoint[];
}

/** What to look for in the catalog. */
export interface EndpointQuery {
  /** One service type, or several accepted alternatives (first match in the catalog order wins only when unambiguous). */
  readonly serviceType: string | readonly string[];
  /** Only services with this name (to choose between two services of one type). */
  readonly serviceName?: string | undefined;
  /** Default `'public'`. */
  readonly interface?: OpenStackInterface | undefined;
  /** Required when the matching endpoints are in several regions. */
  readonly region?: string | undefined;
}

function regionOf(endpoint: CatalogEndpoint): string | undefined {
  return endpoint.region_id ?? endpoint.region ?? undefined;
}

function list(values: Iterable<string>): string {
  const unique = [...new Set(values)].sort();
  return unique.length ? unique.join(', ') : '(none)';
}

/**
 * A service catalog, as returned with a Keystone v3 token.
 *
 * @example
 * ```ts
 * import { ServiceCatalog } from 'nubes/openstack';
 *
 * const catalog = new ServiceCatalog([
 *   { type: 'compute', name: 'nova', endpoints: [{ interface: 'public', region_id: 'RegionOne', url: 'https://nova.example.com:8774/v2.1' }] },
 * ]);
 * const nova = catalog.endpointFor({ serviceType: 'compute', region: 'RegionOne' }); // 'https://nova.example.com:8774/v2.1'
 * ```
 */
export class ServiceCatalog {
  /** The services, as Keystone sent them. */
  readonly services: readonly CatalogService[];

  constructor(services: readonly CatalogService[]) {
    this.services = services;
  }

  /** The service types the catalog holds, sorted. */
  get serviceTypes(): string[] {
    return [...new Set(this.services.map((s) => s.type))].sort();
  }

  /** Region ids that have at least one endpoint, sorted. */
  get regions(): string[] {
    const out = new Set<string>();
    for (const s of this.services) for (const e of s.endpoints) {
      const r = regionOf(e);
      if (r) out.add(r);
    }
    return [...out].sort();
  }

  /**
   * The URL of the one endpoint matching `query` (trailing slashes removed).
   *
   * @throws {InvalidArgumentError} naming the option to set (`serviceType`, `serviceName`,
   *   `interface` or `region`) and listing what the catalog offers, when nothing or more
   *   than one endpoint matches.
   */
  endpointFor(query: EndpointQuery): string {
    const types = typeof query.serviceType === 'string' ? [query.serviceType] : [...query.serviceType];
    const iface = query.interface ?? 'public';
    const wanted = types.join(' or ');
    let services = this.services.filter((s) => types.includes(s.type));
    if (services.length === 0) {
      throw new InvalidArgumentError(
        `The service catalog has no ${wanted} service (service types in the catalog: ${list(this.serviceTypes)}); ` +
          'set endpointOverride to use an endpoint outside the catalog',
        { option: 'serviceType' },
      );
    }
    if (query.serviceName !== undefined) {
      const named = services.filter((s) => s.name === query.serviceName);
      if (named.length === 0) {
        throw new InvalidArgumentError(
          `The service catalog has no ${wanted} service named "${query.serviceName}" (names: ${list(services.map((s) => s.name ?? '(unnamed)'))})`,
          { option: 'serviceName' },
        );
      }
      services = named;
    }
    // With aliases, a catalog may list both `volumev3` and `block-storage`: prefer the
    // first alias present, as the caller ordered them.
    const firstType = types.find((t) => services.some((s) => s.type === t));
    services = services.filter((s) => s.type === firstType);

    const onInterface = services.flatMap((s) => s.endpoints.filter((e) => e.interface === iface));
    if (onInterface.length === 0) {
      const available = services.flatMap((s) => s.endpoints.map((e) => e.interface));
      throw new InvalidArgumentError(
        `The ${firstType} service has no ${iface} endpoint (interfaces: ${list(available)}); set the interface option`,
        { option: 'interface' },
      );
    }
    let candidates = onInterface;
    if (query.region !== undefined) {
      candidates = onInterface.filter((e) => e.region_id === query.region || e.region === query.region);
      if (candidates.length === 0) {
        throw new InvalidArgumentError(
          `The ${firstType} service has no ${iface} endpoint in region "${query.region}" (regions: ${list(onInterface.map((e) => regionOf(e) ?? '(none)'))})`,
          { option: 'region' },
        );
      }
    } else {
      const regions = new Set(onInterface.map((e) => regionOf(e) ?? ''));
      if (regions.size > 1) {
        throw new InvalidArgumentError(
          `The ${firstType} service has ${iface} endpoints in several regions (${list([...regions].map((r) => r || '(none)'))}); set the region option`,
          { option: 'region' },
        );
      }
    }
    const urls = new Set(candidates.map((e) => e.url.replace(/\/+$/, '')));
    if (urls.size > 1) {
      throw new InvalidArgumentError(
        `The ${firstType} service has several ${iface} endpoints in one region (${list(urls)}); set serviceName or endpointOverride`,
        { option: 'serviceName' },
      );
    }
    return [...urls][0]!;
  }
}
