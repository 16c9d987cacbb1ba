import { describe, expect, it } from 'vitest';
import { resolveSetup, parseOptionValue, providerOf } from '../../src/cli/config.js';
import { PROVIDER_ENV } from '../../src/cli/provider-env.js';
import { UsageError } from '../../src/cli/usage-error.js';
import { getRegistry, DriverType } from '../../src/index.js';
import { NodeDriver } from '../../src/drivers/compute/index.js';
import { StorageDriver } from '../../src/drivers/storage/index.js';

// Stand-ins registered under names the CLI has environment tables for, so the table is
// exercised without the real drivers: only their declared option names matter here.
class OptionsProbe extends NodeDriver {
  static override readonly driverOptionKeys: readonly string[] = ['region', 'sessionToken'];
  readonly type = 'probe';
  readonly name = 'Probe';
  readonly website = 'https://probe.test';
}
class OpenStackProbe extends NodeDriver {
  static override readonly driverOptionKeys: readonly string[] = ['region', 'authUrl', 'projectName', 'userDomainName', 'projectDomainName', 'interface', 'authVersion'];
  readonly type = 'os-probe';
  readonly name = 'OS probe';
  readonly website = 'https://probe.test';
}
class NoRegionProbe extends StorageDriver {
  static override readonly driverOptionKeys: readonly string[] = [];
  readonly type = 'no-region';
  readonly name = 'No region';
  readonly website = 'https://probe.test';
}
const compute = getRegistry(DriverType.COMPUTE);
for (const [name, Cls] of [['cfg-aws-like', OptionsProbe], ['cfg-openstack-like', OpenStackProbe]] as const) if (!compute.has(name)) compute.set(name, Cls);
const storage = getRegistry(DriverType.STORAGE);
if (!storage.has('cfg-no-region')) storage.set('cfg-no-region', NoRegionProbe);

// The tables are keyed by provider name: point the probes at the AWS and OpenStack rows.
Object.assign(PROVIDER_ENV as Record<string, unknown>, { 'cfg-aws-like': PROVIDER_ENV.ec2, 'cfg-openstack-like': PROVIDER_ENV.openstack });

const cwd = '/work/project';

describe('CLI configuration', () => {
  it('chooses the provider from --provider, then NUBES_<AREA>_PROVIDER, then NUBES_PROVIDER, else the embedded default', () => {
    expect(providerOf('compute', { provider: 'a' }, { NUBES_COMPUTE_PROVIDER: 'b', NUBES_PROVIDER: 'c' })).toEqual({ provider: 'a', source: '--provider' });
    expect(providerOf('compute', {}, { NUBES_COMPUTE_PROVIDER: 'b', NUBES_PROVIDER: 'c' })).toEqual({ provider: 'b', source: 'NUBES_COMPUTE_PROVIDER' });
    expect(providerOf('lb', {}, { NUBES_LB_PROVIDER: 'b', NUBES_PROVIDER: 'c' })).toEqual({ provider: 'b', source: 'NUBES_LB_PROVIDER' });
    expect(providerOf('dns', {}, { NUBES_PROVIDER: 'c' })).toEqual({ provider: 'c', source: 'NUBES_PROVIDER' });
    expect(providerOf('storage', {}, { NUBES_PROVIDER: '  ' })).toEqual({ provider: 'local', source: 'default' });
  });

  it('reads AWS-style credentials, region and session token, flags beating variables', () => {
    const env = { AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE', AWS_SECRET_ACCESS_KEY: 'wJalr', AWS_SESSION_TOKEN: 'tok', AWS_DEFAULT_REGION: 'eu-west-1' };
    const s = resolveSetup('compute', { provider: 'cfg-aws-like' }, env, cwd);
    expect(s).toMatchObject({ key: 'AKIAEXAMPLE', keySource: 'AWS_ACCESS_KEY_ID', secret: 'wJalr', embedded: false });
    expect(s.options).toEqual({ region: 'eu-west-1', sessionToken: 'tok' });

    const flagged = resolveSetup('compute', { provider: 'cfg-aws-like', key: 'K', region: 'us-east-2' }, { ...env, NUBES_REGION: 'ap-1' }, cwd);
    expect(flagged).toMatchObject({ key: 'K', keySource: '--key' });
    expect(flagged.options.region).toBe('us-east-2');
    expect(resolveSetup('compute', { provider: 'cfg-aws-like' }, { ...env, NUBES_KEY: 'generic' }, cwd).key).toBe('generic');
  });

  it('maps an OpenStack RC environment onto the driver options it declares', () => {
    const env = {
      OS_AUTH_URL: 'https://keystone.example.com:5000/v3',
      OS_USERNAME: 'demo',
      OS_PASSWORD: 'pw',
      OS_PROJECT_NAME: 'demo-project',
      OS_USER_DOMAIN_NAME: 'Default',
      OS_PROJECT_DOMAIN_NAME: 'Default',
      OS_REGION_NAME: 'RegionOne',
      OS_INTERFACE: 'publicURL',
      OS_CACERT: '/etc/ssl/os-ca.pem',
    };
    const s = resolveSetup('compute', { provider: 'cfg-openstack-like' }, env, cwd);
    expect(s).toMatchObject({ key: 'demo', secret: 'pw' });
    // caCertsPath is a connection option every driver accepts.
    expect(s.options).toEqual({
      authUrl: 'https://keystone.example.com:5000/v3',
      projectName: 'demo-project',
      userDomainName: 'Default',
      projectDomainName: 'Default',
      interface: 'public',
      caCertsPath: '/etc/ssl/os-ca.pem',
      region: 'RegionOne',
    });
    const appcred = resolveSetup('compute', { provider: 'cfg-openstack-like' }, { ...env, OS_APPLICATION_CREDENTIAL_ID: 'ac-id', OS_APPLICATION_CREDENTIAL_SECRET: 'ac-secret' }, cwd);
    expect(appcred).toMatchObject({ key: 'ac-id', secret: 'ac-secret' });
    expect(appcred.options.authVersion).toBe('3.x_appcred');
  });

  it('maps --proxy, --ca, --insecure, --timeout, --debug and -o onto driver options', () => {
    const s = resolveSetup(
      'compute',
      { provider: 'cfg-aws-like', key: 'k', proxy: 'http://proxy:3128', ca: 'certs/ca.pem', insecure: true, timeout: '2500', debug: true, option: ['pendingPolls=2', 'exTags=["a"]', 'name=x=y'] },
      {},
      cwd,
    );
    expect(s.options).toEqual({
      proxyUrl: 'http://proxy:3128',
      caCertsPath: '/work/project/certs/ca.pem',
      verifySslCert: false,
      timeout: 2500,
      debug: true,
      pendingPolls: 2,
      exTags: ['a'],
      name: 'x=y',
    });
    expect(() => resolveSetup('compute', { provider: 'cfg-aws-like', timeout: 'soon' }, {}, cwd)).toThrow(UsageError);
    expect(() => resolveSetup('compute', { provider: 'cfg-aws-like', option: ['novalue'] }, {}, cwd)).toThrow(/--driver-option takes name=value/);
  });

  it('passes an environment region only to drivers that declare it, but an explicit --region always', () => {
    expect(resolveSetup('storage', { provider: 'cfg-no-region' }, { NUBES_REGION: 'x', NUBES_KEY: 'k' }, cwd).options).toEqual({});
    expect(resolveSetup('storage', { provider: 'cfg-no-region', region: 'x' }, { NUBES_KEY: 'k' }, cwd).options).toEqual({ region: 'x' });
  });

  it('sends the endpoint as the url option', () => {
    expect(resolveSetup('compute', { provider: 'cfg-aws-like', key: 'k' }, { AWS_ENDPOINT_URL: 'http://127.0.0.1:9000' }, cwd).options.url).toBe('http://127.0.0.1:9000');
    expect(resolveSetup('compute', { provider: 'cfg-aws-like', key: 'k', endpoint: 'http://a' }, { NUBES_ENDPOINT: 'http://b' }, cwd).options.url).toBe('http://a');
  });

  it('parses -o values as booleans, numbers, JSON or text', () => {
    expect([parseOptionValue('true'), parseOptionValue('false'), parseOptionValue('42'), parseOptionValue('-1.5')]).toEqual([true, false, 42, -1.5]);
    expect(parseOptionValue('{"a":1}')).toEqual({ a: 1 });
    expect(parseOptionValue('{not json')).toBe('{not json');
    expect(parseOptionValue('eu-west-1')).toBe('eu-west-1');
  });
});

describe('CLI configuration of the embedded default', () => {
  it('ignores credentials, region and endpoint variables meant for real providers', () => {
    const env = { NUBES_KEY: 'dop_v1_token', NUBES_SECRET: 's', NUBES_REGION: 'eu-west-1', NUBES_ENDPOINT: 'https://api.example.com', NUBES_DATA_DIR: '/data' };
    const storage = resolveSetup('storage', {}, env, cwd);
    expect(storage).toMatchObject({ provider: 'local', embedded: true, key: '/data/storage', keySource: 'default', secret: undefined });
    expect(storage.options).toEqual({});
    const compute = resolveSetup('compute', {}, env, cwd);
    expect(compute).toMatchObject({ provider: 'dummy', embedded: true, key: 'embedded' });
    expect(compute.options).toEqual({});
    // Flags still apply: the user asked for them.
    expect(resolveSetup('storage', { key: '/elsewhere' }, env, cwd).key).toBe('/elsewhere');
  });
});
