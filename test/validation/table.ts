/**
 * The rows of the validation table (issue 12): what every area offers to be fed wrong
 * input, independent of any one driver. test/validation/*.test.ts iterate these rows
 * over every driver of every registry, so a driver registered in a providers.ts is
 * checked without a test of its own.
 *
 * Adding a driver (GCE, Azure, ...): register it; give `constructorArgs` valid
 * arguments for it if the defaults do not fit; give any new driver option a row in
 * DRIVER_OPTION_BAD_VALUES; declare its per-call `ex*` options in its static
 * `callOptions`, and its mappers with `defineMapper`/`defineXmlMapper`
 * (src/common/payload.ts). Adding an area (storage: owned by "integrity"): add an
 * `AreaRows` entry to AREAS; nothing else in the table is area-specific.
 */
import { generateKeyPairSync } from 'node:crypto';
import { Provider as ComputeProvider, registry as computeRegistry } from '../../src/drivers/compute/index.js';
import { Provider as DnsProvider, registry as dnsRegistry } from '../../src/drivers/dns/index.js';
import { Provider as LbProvider, registry as lbRegistry } from '../../src/drivers/loadbalancer/index.js';
import { MockTransport } from '../../src/testing/index.js';

/** One positional argument of a method: a valid value, the names an error may give it, and whether it may be omitted. */
export interface ArgRow {
  /** A value the driver accepts in this position (other arguments are fed wrong values with this one valid). */
  readonly valid: unknown;
  /** Names the error's `option` may carry for this argument. */
  readonly names: readonly string[];
  /** `undefined` is a valid value (optional argument). */
  readonly optional?: boolean;
  /** This argument is a per-call options object: unknown keys and the driver's `callOptions` are checked. */
  readonly options?: string;
  /** A valid value for one provider, where `valid` does not fit its id format. */
  readonly validFor?: Readonly<Record<string, unknown>>;
}

/** One area method with its arguments. */
export interface MethodRow {
  /** Method name on the driver. */
  readonly method: string;
  /** Its positional arguments, in order. */
  readonly args: readonly ArgRow[];
}

/** What a driver is constructed with. */
export type ConstructorArgs = [key: string, secret: string | undefined, options: Record<string, unknown>];

/** One area: its registry and the methods to feed. */
export interface AreaRows {
  /** Area name (`compute`, `dns`, ...). */
  readonly area: string;
  /** Every registered provider id. */
  readonly providers: readonly string[];
  /** The registry's class lookup. */
  readonly classOf: (provider: string) => new (...args: never[]) => object;
  /** Methods of the area, in the base class's order. */
  readonly methods: readonly MethodRow[];
}

const node = { valid: '1234', names: ['node', 'id', 'nodeId'] } as const;
const volume = { valid: '1234', names: ['volume', 'id', 'volumeId'] } as const;
// Cloud DNS zone ids are managed zone names, which start with a letter.
const zone = { valid: '1234', names: ['zone', 'zoneId', 'id'], validFor: { 'google-dns': 'example-com' } } as const;
const balancer = { valid: 'lb-1234', names: ['balancer', 'id', 'balancerId', 'name'] } as const;

/** Every area the table covers. Storage rows are left to the storage owners (same structure). */
export const AREAS: readonly AreaRows[] = [
  {
    area: 'compute',
    providers: Object.values(ComputeProvider) as string[],
    classOf: (p) => computeRegistry.get(p) as never,
    methods: [
      { method: 'getNode', args: [{ valid: '1234', names: ['id', 'nodeId', 'node'] }] },
      { method: 'rebootNode', args: [node] },
      { method: 'startNode', args: [node] },
      { method: 'stopNode', args: [node] },
      { method: 'destroyNode', args: [node] },
      { method: 'listSizes', args: [{ valid: undefined, names: ['location'], optional: true }] },
      { method: 'listImages', args: [{ valid: undefined, names: ['location'], optional: true }] },
      { method: 'getImage', args: [{ valid: 'img-1234', names: ['id', 'image', 'imageId'] }] },
      { method: 'createImage', args: [node, { valid: 'backup', names: ['name'] }] },
      { method: 'deleteImage', args: [{ valid: 'img-1234', names: ['image', 'id', 'imageId'] }] },
      { method: 'createVolume', args: [{ valid: { size: 10, name: 'data', location: 'r1' }, names: ['options'], options: 'createVolume' }] },
      { method: 'attachVolume', args: [node, volume, { valid: undefined, names: ['device'], optional: true }] },
      { method: 'detachVolume', args: [volume] },
      { method: 'destroyVolume', args: [volume] },
      { method: 'listVolumeSnapshots', args: [volume] },
      { method: 'createVolumeSnapshot', args: [volume, { valid: undefined, names: ['name'], optional: true }] },
      { method: 'destroyVolumeSnapshot', args: [{ valid: 'snap-1234', names: ['snapshot', 'id', 'snapshotId'] }] },
      { method: 'getKeyPair', args: [{ valid: 'alice', names: ['name'] }] },
      { method: 'createKeyPair', args: [{ valid: 'alice', names: ['name'] }] },
      {
        method: 'importKeyPairFromString',
        args: [
          { valid: 'alice', names: ['name'] },
          { valid: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHsJ7Nw6tjBV1Ef4ToZqKPHw0+PMs0y2dl5Fd3lOgMf2 alice', names: ['publicKey', 'keyMaterial', 'key'] },
        ],
      },
      { method: 'deleteKeyPair', args: [{ valid: 'alice', names: ['keyPair', 'name', 'id'] }] },
      {
        method: 'createNode',
        args: [{ valid: { name: 'web-1', size: 's-1', image: 'img-1', location: 'r1' }, names: ['options'], options: 'createNode' }],
      },
      {
        method: 'waitUntilRunning',
        args: [
          { valid: ['1234'], names: ['nodes'] },
          { valid: { timeout: 1000 }, names: ['options'], optional: true, options: 'waitUntilRunning' },
        ],
      },
    ],
  },
  {
    area: 'dns',
    providers: Object.values(DnsProvider) as string[],
    classOf: (p) => dnsRegistry.get(p) as never,
    methods: [
      { method: 'getZone', args: [{ valid: 'example.com', names: ['id', 'zone', 'zoneId'] }] },
      { method: 'createZone', args: [{ valid: 'example.com', names: ['domain'] }, { valid: {}, names: ['options'], optional: true, options: 'createZone' }] },
      { method: 'updateZone', args: [zone, { valid: { ttl: 3600 }, names: ['options'], options: 'createZone' }] },
      { method: 'deleteZone', args: [zone] },
      { method: 'listRecords', args: [zone] },
      { method: 'getRecord', args: [zone, { valid: '1234', names: ['recordId', 'id', 'record'], validFor: { route53: 'A:www', 'google-dns': 'A:www', 'azure-dns': 'A:www' } }] },
      { method: 'createRecord', args: [zone, { valid: { name: 'www', type: 'A', data: '192.0.2.1' }, names: ['options'], options: 'createRecord' }] },
      { method: 'exportZoneToBindFormat', args: [zone] },
    ],
  },
  {
    area: 'loadbalancer',
    providers: Object.values(LbProvider) as string[],
    classOf: (p) => lbRegistry.get(p) as never,
    methods: [
      { method: 'getBalancer', args: [{ valid: 'lb-1234', names: ['id', 'balancer', 'balancerId', 'name'] }] },
      {
        method: 'createBalancer',
        args: [{ valid: { name: 'web', port: 80, protocol: 'http' }, names: ['options'], options: 'createBalancer' }],
      },
      { method: 'updateBalancer', args: [balancer, { valid: { port: 8080 }, names: ['options'], options: 'updateBalancer' }] },
      { method: 'destroyBalancer', args: [balancer] },
      { method: 'balancerListMembers', args: [balancer] },
    ],
  },
];

/** A throwaway service-account key: Google drivers read and check it at construction. */
const GOOGLE_KEY = {
  type: 'service_account',
  project_id: 'test-project',
  client_email: 'robot@test-project.iam.gserviceaccount.com',
  private_key: generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  token_uri: 'https://oauth2.example/token',
};

/** Valid constructor arguments for `provider` (credentials are placeholders; nothing is sent). */
export function constructorArgs(provider: string, transport: MockTransport): ConstructorArgs {
  const base = { env: {}, transport, retry: false };
  switch (provider) {
    case 'openstack':
      return ['user', 'password', { ...base, authUrl: 'https://keystone.example:5000', tenantName: 'demo', region: 'RegionOne' }];
    case 'ec2':
    case 'route53':
    case 'elb':
    case 'alb':
      return ['AKIDEXAMPLE', 'secret-key-example', { ...base, region: 'us-east-1' }];
    case 'gce':
    case 'google-dns':
      return [GOOGLE_KEY.client_email, undefined, { ...base, credentials: GOOGLE_KEY }];
    case 'azure':
    case 'azure-dns':
      return ['72f988bf-0000-4000-8000-000000000000', '00000000-1111-4222-8333-444444444444', { ...base, clientId: 'app-id', clientSecret: 'client-secret-example' }];
    default:
      return ['token-example', undefined, base];
  }
}

/**
 * Wrong values for each option every driver inherits from its connection, and for the
 * driver options (`driverOptionKeys`) drivers declare. A driver option missing here
 * makes the table fail, asking for its row.
 */
export const CONNECTION_OPTION_BAD_VALUES: Readonly<Record<string, readonly unknown[]>> = {
  host: [123, '', 'a b', {}],
  port: ['443', 0, 70000, 1.5],
  secure: ['yes', 1],
  url: [123, 'not a url', 'ftp://x.example'],
  timeout: ['10', -1, { connect: 'x' }],
  retry: ['yes', { statusCodes: 503 }, { statusCodes: '503' }],
  transport: ['carrier-pigeon', 123],
  userAgent: [123, 'a\r\nb'],
  proxyUrl: [123, {}],
  noProxy: [123, {}],
  trustEnv: ['yes'],
  caCertsPath: [123],
  caMode: ['merge'],
  proxyCaCertsPath: [123],
  verifySslCert: ['no'],
  maxResponseSize: [-1, 'big'],
  followRedirects: ['yes', -1],
  debug: [123],
  env: ['string', 123],
};

/** Wrong values for driver options, by option name. */
export const DRIVER_OPTION_BAD_VALUES: Readonly<Record<string, readonly unknown[]>> = {
  region: [123, {}],
  pollInterval: [0, -5, 'fast'],
  pollTimeout: [0, -5, 'long'],
  pendingPolls: [-1, 'x'],
  clock: [123, 'now'],
  sessionToken: [123, {}],
  microversion: [123, {}],
  accountId: [123, {}],
  enterprise: ['yes', 1],
  blockMd5: ['yes', 1],
  soaEmail: [123, {}],
  authUrl: [123, 'not a url'],
  authVersion: [123, 'v9'],
  userIdType: [123],
  projectName: [123],
  tenantName: [123],
  projectId: [123],
  domainName: [123],
  domainId: [123],
  userDomainName: [123],
  userDomainId: [123],
  projectDomainName: [123],
  projectDomainId: [123],
  appCredentialUserName: [123],
  appCredentialUserId: [123],
  serviceType: [123],
  serviceName: [123],
  interface: [123, 'everywhere'],
  endpointOverride: [123],
  endpointOverrides: [123, 'x'],
  tokenRefreshMargin: [-1, 'soon'],
  // Google (GCE, Cloud DNS) and Azure (ARM, Azure DNS): `credentials` is a key file path,
  // a key object, 'metadata' / 'managed-identity' or a TokenCredential, never a number.
  credentials: [123, true],
  project: [123, 'Not A Project!'],
  scopes: [123, [], [42]],
  zone: [123, 'not a zone!'],
  onWarning: ['log', 123],
  resourceGroup: [123, 'bad/group'],
  cloud: [123, 'MarsCloud'],
  apiVersions: ['2024-01-01', 123, { virtualMachines: 123 }],
  imageOffers: ['Canonical:ubuntu', [123]],
  clientId: [123, {}],
  clientSecret: [123, {}],
  certificatePath: [123, {}],
  certificatePassword: [123, {}],
  managedIdentityClientId: [123, {}],
  imdsEndpoint: [123, 'not a url'],
  authorityHost: [123, 'not a url'],
  profile: [123, {}],
  waitForChanges: ['yes', 1],
  changePollInterval: [-1, 'fast'],
  changeTimeout: [0, 'long'],
  defaultTtl: [0, 'hour', 1.5],
};
