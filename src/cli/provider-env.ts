/**
 * Where the CLI finds each provider's credentials and settings in the environment,
 * besides the generic `NUBES_KEY`, `NUBES_SECRET`, `NUBES_REGION` and `NUBES_ENDPOINT`.
 * The variable names are the ones each provider's own tools document, so an
 * environment already set up for `doctl`, the AWS CLI or the OpenStack client works.
 * docs/cli.md shows this table (a test keeps the two in step).
 */

/** One driver option read from the environment. */
export interface EnvOption {
  /** Candidate option names; the first one the driver accepts is set. */
  readonly option: string | readonly string[];
  /** Variables, first set one wins. */
  readonly env: readonly string[];
  /** Turns the variable's text into the option's value (default: the text). */
  readonly parse?: (value: string) => unknown;
  /** How docs/cli.md shows the mapping, when `VARIABLE → option` would mislead. */
  readonly doc?: string;
}

/** The environment of one provider (or family of providers). */
export interface ProviderEnv {
  /** Variables holding the key (token, access key id, user name), first set wins. */
  readonly key?: readonly string[];
  /** Variables holding the secret. */
  readonly secret?: readonly string[];
  /** Variables holding the region. */
  readonly region?: readonly string[];
  /** Variables holding the endpoint URL (the `url` connection option). */
  readonly endpoint?: readonly string[];
  /** Further driver or connection options. */
  readonly options?: readonly EnvOption[];
  /** One line for the docs: how to get the credentials. */
  readonly note?: string;
}

const AWS: ProviderEnv = {
  key: ['AWS_ACCESS_KEY_ID'],
  secret: ['AWS_SECRET_ACCESS_KEY'],
  region: ['AWS_REGION', 'AWS_DEFAULT_REGION'],
  endpoint: ['AWS_ENDPOINT_URL'],
  options: [{ option: ['sessionToken', 'token'], env: ['AWS_SESSION_TOKEN'] }],
  note: 'an access key pair; temporary credentials add AWS_SESSION_TOKEN',
};

/** S3-compatible stores: the same variables as AWS, with the store's endpoint. */
const S3_COMPATIBLE: ProviderEnv = { ...AWS, note: 'the store\'s S3 access key pair (set the endpoint with --endpoint or AWS_ENDPOINT_URL)' };

const OPENSTACK: ProviderEnv = {
  // An application credential, when set, is what the RC file means to use.
  key: ['OS_APPLICATION_CREDENTIAL_ID', 'OS_USERNAME'],
  secret: ['OS_APPLICATION_CREDENTIAL_SECRET', 'OS_PASSWORD'],
  region: ['OS_REGION_NAME'],
  options: [
    { option: 'authUrl', env: ['OS_AUTH_URL'] },
    { option: 'projectName', env: ['OS_PROJECT_NAME', 'OS_TENANT_NAME'] },
    { option: 'projectId', env: ['OS_PROJECT_ID', 'OS_TENANT_ID'] },
    { option: 'userDomainName', env: ['OS_USER_DOMAIN_NAME'] },
    { option: 'userDomainId', env: ['OS_USER_DOMAIN_ID'] },
    { option: 'projectDomainName', env: ['OS_PROJECT_DOMAIN_NAME'] },
    { option: 'projectDomainId', env: ['OS_PROJECT_DOMAIN_ID'] },
    {
      option: 'interface',
      env: ['OS_INTERFACE', 'OS_ENDPOINT_TYPE'],
      parse: (v) => v.replace(/URL$/i, '').toLowerCase(),
      doc: '`OS_INTERFACE`, `OS_ENDPOINT_TYPE` → `interface` (`publicURL` → `public`)',
    },
    {
      option: 'authVersion',
      env: ['OS_APPLICATION_CREDENTIAL_ID'],
      parse: () => '3.x_appcred',
      doc: "`OS_APPLICATION_CREDENTIAL_ID` set → `authVersion: '3.x_appcred'`",
    },
    { option: 'caCertsPath', env: ['OS_CACERT'] },
  ],
  note: 'the variables of an OpenStack RC file (`source openrc.sh`); application credentials work too',
};

/** Entra ID sign-in (a service principal), shared by every Azure provider. */
const ENTRA_OPTIONS: readonly EnvOption[] = [
  { option: 'clientId', env: ['AZURE_CLIENT_ID'] },
  { option: 'clientSecret', env: ['AZURE_CLIENT_SECRET'] },
  { option: 'certificatePath', env: ['AZURE_CLIENT_CERTIFICATE_PATH'] },
  { option: 'authorityHost', env: ['AZURE_AUTHORITY_HOST'] },
];

/** The Azure Resource Manager providers (compute, DNS): tenant, subscription, Entra ID, the default group. */
const AZURE_ARM: ProviderEnv = {
  key: ['AZURE_TENANT_ID'],
  secret: ['AZURE_SUBSCRIPTION_ID'],
  options: [...ENTRA_OPTIONS, { option: 'resourceGroup', env: ['AZURE_DEFAULTS_GROUP'] }],
  note: 'the tenant and subscription ids, and a service principal (client id + secret or certificate); without one, managed identity',
};

/** Every Google provider: a key file (or the application-default chain) and the project. */
const GOOGLE: ProviderEnv = {
  key: ['GOOGLE_APPLICATION_CREDENTIALS'],
  options: [{ option: 'project', env: ['GOOGLE_CLOUD_PROJECT', 'CLOUDSDK_CORE_PROJECT'] }],
  note: 'a service-account key file; without one, the gcloud application-default credentials, then the GCE metadata server',
};

/**
 * Provider name → environment. Providers not listed read only the generic
 * `NUBES_KEY` / `NUBES_SECRET` / `NUBES_REGION` / `NUBES_ENDPOINT`.
 */
export const PROVIDER_ENV: Readonly<Record<string, ProviderEnv>> = {
  digitalocean: { key: ['DIGITALOCEAN_TOKEN', 'DIGITALOCEAN_ACCESS_TOKEN'], note: 'a personal access token (read, or read+write to create)' },
  'digitalocean-spaces': {
    key: ['SPACES_ACCESS_KEY_ID', 'AWS_ACCESS_KEY_ID'],
    secret: ['SPACES_SECRET_ACCESS_KEY', 'AWS_SECRET_ACCESS_KEY'],
    region: ['SPACES_REGION', 'AWS_REGION'],
    note: 'a Spaces access key pair',
  },
  linode: { key: ['LINODE_TOKEN', 'LINODE_CLI_TOKEN'], note: 'a personal access token' },
  vultr: { key: ['VULTR_API_KEY'], note: 'an API key' },
  cloudflare: { key: ['CLOUDFLARE_API_TOKEN'], note: 'an API token with Zone:Read (and DNS:Edit to change records)' },
  ec2: AWS,
  s3: AWS,
  route53: AWS,
  elb: AWS,
  alb: AWS,
  minio: S3_COMPATIBLE,
  'ceph-rgw': S3_COMPATIBLE,
  wasabi: S3_COMPATIBLE,
  scaleway: S3_COMPATIBLE,
  'backblaze-b2': S3_COMPATIBLE,
  'cloudflare-r2': {
    ...S3_COMPATIBLE,
    options: [...(S3_COMPATIBLE.options ?? []), { option: 'accountId', env: ['CLOUDFLARE_ACCOUNT_ID'] }],
    note: 'an R2 access key pair and the account id',
  },
  openstack: OPENSTACK,
  'openstack-swift': OPENSTACK,
  gce: { ...GOOGLE, options: [...(GOOGLE.options ?? []), { option: 'zone', env: ['CLOUDSDK_COMPUTE_ZONE'] }] },
  azure: { ...AZURE_ARM, region: ['AZURE_DEFAULTS_LOCATION'] },
  'google-storage-json': GOOGLE,
  'google-dns': GOOGLE,
  'azure-dns': AZURE_ARM,
  'azure-blobs': {
    key: ['AZURE_STORAGE_ACCOUNT'],
    secret: ['AZURE_STORAGE_KEY', 'AZURE_STORAGE_SAS_TOKEN'],
    options: [
      { option: 'tenantId', env: ['AZURE_TENANT_ID'] },
      ...ENTRA_OPTIONS,
    ],
    note: 'the storage account name and one of its access keys, or a SAS token; without either, a service principal (Entra ID: tenant, client id + secret or certificate)',
  },
};

/** The first set, non-empty variable of `names`, with its name. */
export function firstEnv(
  env: Readonly<Record<string, string | undefined>>,
  names: readonly string[] | undefined,
):
  | {
      /** The variable's name. */
      name: string;
      /** Its value, trimmed. */
      value: string;
    }
  | undefined {
  for (const name of names ?? []) {
    const value = env[name];
    if (value !== undefined && value.trim() !== '') return { name, value: value.trim() };
  }
  return undefined;
}
