/**
 * The CLI end to end, as a process: help, exit codes, --json, usage errors, and the
 * provider-error path against a loopback server answering like DigitalOcean (a 401),
 * through a third-party driver loaded with NUBES_PLUGINS.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, missingPeer, tempDir } from '../peers/process.js';
import { makeTestCa, type TestCa } from '../helpers/ca.js';
import { dropletsApi, FAKE_CLOUD_PLUGIN, nubes, startFakeApi, type FakeApi } from './helpers.js';

const dataDir = tempDir('cli-process');
const base = { NUBES_DATA_DIR: dataDir };

describe('nubes help and usage errors', () => {
  it('prints the main help with every area and exits 0', async () => {
    const r = await nubes(['--help'], { env: base });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^nubes \d+\.\d+\.\d+: one command line for many clouds/);
    for (const area of ['compute', 'storage', 'dns', 'lb']) expect(r.stdout).toContain(`\n  ${area} `);
    expect(r.stdout).toContain('--proxy URL');
    expect(r.stdout).toContain('Exit codes: 0 ok, 1 the provider or the network failed, 2 usage or configuration error,\n130 interrupted.');
    expect(r.stderr).toBe('');
  });

  it('prints the help of an area and of a command', async () => {
    const area = await nubes(['storage', '--help'], { env: base });
    expect(area.code).toBe(0);
    expect(area.stdout).toContain('Usage: nubes storage <command>');
    for (const cmd of ['ls', 'mb', 'rb', 'cp', 'rm']) expect(area.stdout).toContain(`\n  ${cmd} `);
    const cmd = await nubes(['storage', 'cp', '-h'], { env: base });
    expect(cmd.code).toBe(0);
    expect(cmd.stdout).toContain('Usage: nubes storage cp SOURCE... DEST [-r] [--exclude GLOB]... [--force] [--content-type TYPE] [options]');
    expect(cmd.stdout).toContain('tar c dir | nubes storage cp - backups/dir.tar');
  });

  it('exits 2 and points at the help for an unknown command, option or argument count', async () => {
    const [unknownArea, unknownCommand, unknownOption, misplaced, missingArg, missingFlags] = await Promise.all([
      nubes(['kompute', 'list-nodes'], { env: base }),
      nubes(['compute', 'list-nodez'], { env: base }),
      nubes(['compute', 'list-nodes', '--colour'], { env: base }),
      nubes(['storage', 'ls', '--force'], { env: base }),
      nubes(['compute', 'reboot-node'], { env: base }),
      nubes(['compute', 'create-node', '--name', 'x'], { env: base }),
    ]);
    expect(unknownArea).toMatchObject({ code: 2, stdout: '' });
    expect(unknownArea.stderr).toContain('nubes: Unknown area or command "kompute"');

    expect(unknownCommand.code).toBe(2);
    expect(unknownCommand.stderr).toContain('Unknown compute command "list-nodez" (commands: list-nodes, create-node');
    expect(unknownCommand.stderr).toContain("Run 'nubes compute --help' for usage.");

    expect(unknownOption.code).toBe(2);
    expect(unknownOption.stderr).toContain("nubes: Unknown option '--colour'");

    expect(misplaced.code).toBe(2);
    expect(misplaced.stderr).toContain("--force is not an option of 'nubes storage ls'");

    expect(missingArg.code).toBe(2);
    expect(missingArg.stderr).toContain("'nubes compute reboot-node' takes 1 argument: nubes compute reboot-node ID");

    expect(missingFlags.code).toBe(2);
    expect(missingFlags.stderr).toContain('create-node needs --size, --image');
  });

  it('reports usage errors as JSON on stderr with --json, leaving stdout empty', async () => {
    const r = await nubes(['compute', 'nope', '--json'], { env: base });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(JSON.parse(r.stderr)).toEqual({
      error: { code: 'USAGE', name: 'UsageError', message: expect.stringContaining('Unknown compute command "nope"') as unknown, hint: "Run 'nubes compute --help' for usage." },
    });
  });

  it('names the variable that chose an unknown provider', async () => {
    const r = await nubes(['compute', 'list-nodes'], { env: { ...base, NUBES_PROVIDER: 'acme-cloud' } });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('"acme-cloud" (from NUBES_PROVIDER=acme-cloud) is not a compute provider');
    expect(r.stderr).toContain('Set NUBES_COMPUTE_PROVIDER to choose one for compute only.');
    expect(r.stderr).toContain("Run 'nubes providers' to list the providers of each area.");
  });
});

describe('nubes against a provider (a loopback server answering like DigitalOcean)', () => {
  let api: FakeApi;
  beforeAll(async () => {
    api = await startFakeApi(dropletsApi);
  });
  afterAll(async () => {
    await api.close();
  });
  const env = (extra: Record<string, string> = {}): Record<string, string> => ({
    ...base,
    NUBES_PLUGINS: FAKE_CLOUD_PLUGIN,
    NUBES_COMPUTE_PROVIDER: 'fake-cloud',
    NUBES_ENDPOINT: api.url,
    ...extra,
  });

  it('exits 1 on a 401, printing the code, the provider message, the request id and the fix, never the token', async () => {
    const r = await nubes(['compute', 'list-nodes'], { env: env({ NUBES_KEY: 'bad-token-s3cr3t' }) });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('nubes: error [NUBES_ERR_INVALID_CREDENTIALS]: Unable to authenticate you (HTTP 401, request id req-fake-42)');
    expect(r.stderr).toContain('  request id: req-fake-42');
    expect(r.stderr).toContain('  hint: check the credentials for fake-cloud (the key came from NUBES_KEY): --key/--secret or NUBES_KEY, NUBES_SECRET');
    expect(r.stderr).toContain('  more: https://github.com/nubes-js/nubes/blob/main/docs/errors.md#nubes_err_invalid_credentials');
    expect(r.stderr).not.toContain('s3cr3t');
    expect(api.requests.at(-1)).toMatchObject({ method: 'GET', url: '/v2/droplets', authorization: 'Bearer bad-token-s3cr3t' });
  });

  it('reports the provider error as JSON on stderr with --json', async () => {
    const r = await nubes(['compute', 'list-nodes', '--json'], { env: env({ NUBES_KEY: 'bad-token' }) });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(JSON.parse(r.stderr)).toMatchObject({
      error: {
        code: 'NUBES_ERR_INVALID_CREDENTIALS',
        name: 'InvalidCredentialsError',
        statusCode: 401,
        requestId: 'req-fake-42',
        provider: 'fake-cloud',
        docs: 'https://github.com/nubes-js/nubes/blob/main/docs/errors.md#nubes_err_invalid_credentials',
      },
    });
  });

  it('prints the requests with --debug, the token redacted, in text and in --json mode', async () => {
    for (const json of [[], ['--json']]) {
      const r = await nubes(['compute', 'list-nodes', '--debug', ...json], { env: env({ NUBES_KEY: 'bad-token-s3cr3t' }) });
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/curl -i -X GET .*'authorization: Bearer \[REDACTED\]'/);
      expect(r.stderr).toContain('# nubes response: HTTP 401');
      expect(r.stderr).not.toContain('s3cr3t');
      expect(r.stdout).not.toContain('s3cr3t');
    }
    expect(api.requests.at(-1)).toMatchObject({ authorization: 'Bearer bad-token-s3cr3t' });
  });

  it('lists nodes as a table, and as JSON with stable field names', async () => {
    const table = await nubes(['compute', 'list-nodes', '--key', 'good-token'], { env: env() });
    expect(table.code).toBe(0);
    expect(table.stdout.split('\n')[0]).toMatch(/^ID\s+NAME\s+STATE\s+PUBLIC IP\s+PRIVATE IP\s+SIZE\s+IMAGE$/);
    expect(table.stdout).toMatch(/^7\s+web-7\s+running\s+192\.0\.2\.7\s+-\s+-\s+-$/m);

    const json = await nubes(['compute', 'list-nodes', '--json'], { env: env({ NUBES_KEY: 'good-token' }) });
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual([
      { id: '7', name: 'web-7', state: 'running', publicIps: ['192.0.2.7'], privateIps: [], size: null, image: null, createdAt: null, extra: { status: 'active' } },
    ]);
  });

  it('exits 2 with the variables to set when the key is missing', async () => {
    const r = await nubes(['compute', 'list-nodes'], { env: env() });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('nubes: error [NUBES_ERR_INVALID_ARGUMENT]: key is required');
    expect(r.stderr).toContain('hint: pass --key or set NUBES_KEY');
  });

  it('exits 1 with a proxy hint when the proxy is unreachable, and never prints its password', async () => {
    const port = await freePort();
    const r = await nubes(['compute', 'list-nodes', '--proxy', `http://alice:pr0xy-pw@127.0.0.1:${port}`, '--timeout', '5000'], {
      env: env({ NUBES_KEY: 'good-token' }),
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('nubes: error [NUBES_ERR_PROXY]: Cannot reach the proxy');
    expect(r.stderr).toContain('the proxyUrl option');
    expect(r.stderr).toContain('hint: set the proxy with --proxy http://user:password@host:port (or HTTPS_PROXY)');
    expect(r.stderr).not.toContain('pr0xy-pw');
  });

  it('follows the proxy environment as the library does: HTTP_PROXY routes, NO_PROXY exempts', async () => {
    const port = await freePort();
    const [viaProxy, exempted] = await Promise.all([
      nubes(['compute', 'list-nodes', '--timeout', '5000'], { env: env({ NUBES_KEY: 'good-token', HTTP_PROXY: `127.0.0.1:${port}` }) }),
      nubes(['compute', 'list-nodes', '--json'], { env: env({ NUBES_KEY: 'good-token', HTTP_PROXY: `127.0.0.1:${port}`, NO_PROXY: '127.0.0.1' }) }),
    ]);
    expect(viaProxy.code).toBe(1);
    expect(viaProxy.stderr).toContain('nubes: error [NUBES_ERR_PROXY]');
    expect(viaProxy.stderr).toContain('the HTTP_PROXY environment variable');
    expect(exempted.code).toBe(0);
    expect(JSON.parse(exempted.stdout)).toHaveLength(1);
  });

  it('lists the providers, third-party ones included', async () => {
    const r = await nubes(['providers', 'compute', '--json'], { env: env() });
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as { compute: string[] }).compute).toContain('fake-cloud');
  });
});

describe('nubes and TLS (a loopback https server with a throwaway CA)', () => {
  const skip = missingPeer('TLS CLI', ['openssl']);
  let ca: TestCa;
  let api: FakeApi;
  beforeAll(async () => {
    if (skip) return;
    ca = makeTestCa('nubes-cli');
    api = await startFakeApi(dropletsApi, { key: ca.key, cert: ca.cert });
  });
  afterAll(async () => {
    await api?.close();
  });
  const env = (extra: Record<string, string> = {}): Record<string, string> => ({
    ...base,
    NUBES_PLUGINS: FAKE_CLOUD_PLUGIN,
    NUBES_COMPUTE_PROVIDER: 'fake-cloud',
    NUBES_ENDPOINT: api.url,
    NUBES_KEY: 'good-token',
    ...extra,
  });

  it.skipIf(skip)('fails verification with a hint naming --ca, and succeeds with --ca or SSL_CERT_FILE', async () => {
    const untrusted = await nubes(['compute', 'list-nodes'], { env: env() });
    expect(untrusted.code).toBe(1);
    expect(untrusted.stderr).toContain('nubes: error [NUBES_ERR_SSL]: TLS verification failed');
    expect(untrusted.stderr).toContain('hint: trust the CA of the endpoint or of a TLS-intercepting proxy with --ca PATH (or SSL_CERT_FILE=PATH)');

    const withFlag = await nubes(['compute', 'list-nodes', '--ca', ca.caCertPath, '--json'], { env: env() });
    expect(withFlag.code).toBe(0);
    expect(JSON.parse(withFlag.stdout)).toHaveLength(1);

    const withEnv = await nubes(['compute', 'list-nodes', '--json'], { env: env({ SSL_CERT_FILE: ca.caCertPath }) });
    expect(withEnv.code).toBe(0);
  });

  it.skipIf(skip)('skips verification with --insecure, warning about it', async () => {
    const r = await nubes(['compute', 'list-nodes', '--insecure'], { env: env() });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('web-7');
    expect(r.stderr).toContain('TLS certificate verification is disabled');
  });
});

describe('nubes with a built-in driver configured from its own variables (EC2 and the AWS_* variables)', () => {
  let api: FakeApi;
  beforeAll(async () => {
    api = await startFakeApi((_req, res) => {
      res.statusCode = 401;
      res.setHeader('content-type', 'text/xml;charset=UTF-8');
      res.end(
        '<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error><Code>AuthFailure</Code><Message>AWS was not able to validate the provided access credentials</Message></Error></Errors><RequestID>7a62c49f-347e-4fc4-9331-6e8eEXAMPLE</RequestID></Response>',
      );
    });
  });
  afterAll(async () => {
    await api.close();
  });

  it('signs with AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, reaches AWS_ENDPOINT_URL, and explains an AuthFailure', async () => {
    const secret = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
    const r = await nubes(['compute', 'list-nodes'], {
      env: {
        ...base,
        NUBES_COMPUTE_PROVIDER: 'ec2',
        AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
        AWS_SECRET_ACCESS_KEY: secret,
        AWS_SESSION_TOKEN: 'session-token-xyz',
        AWS_REGION: 'us-east-1',
        AWS_ENDPOINT_URL: api.url,
      },
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('nubes: error [NUBES_ERR_INVALID_CREDENTIALS]: AuthFailure: AWS was not able to validate the provided access credentials');
    expect(r.stderr).toContain('the key came from AWS_ACCESS_KEY_ID');
    expect(r.stderr).not.toContain(secret);
    expect(r.stderr).not.toContain('session-token-xyz');
    expect(api.requests.at(-1)?.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE\/\d{8}\/us-east-1\/ec2\/aws4_request/);
  });
});

describe('nubes with an OpenStack RC environment (OS_* variables)', () => {
  let keystone: FakeApi;
  beforeAll(async () => {
    keystone = await startFakeApi((_req, res) => {
      res.statusCode = 401;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ error: { code: 401, title: 'Unauthorized', message: 'The request you have made requires authentication.' } }));
    });
  });
  afterAll(async () => {
    await keystone.close();
  });

  it('authenticates against OS_AUTH_URL with the RC variables and explains a rejected password without printing it', async () => {
    const r = await nubes(['compute', 'list-nodes'], {
      env: {
        ...base,
        NUBES_COMPUTE_PROVIDER: 'openstack',
        OS_AUTH_URL: `${keystone.url}/v3`,
        OS_USERNAME: 'demo',
        OS_PASSWORD: 'rc-s3cret-pw',
        OS_PROJECT_NAME: 'demo',
        OS_USER_DOMAIN_NAME: 'Default',
        OS_PROJECT_DOMAIN_NAME: 'Default',
        OS_REGION_NAME: 'RegionOne',
        OS_INTERFACE: 'public',
      },
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('nubes: error [NUBES_ERR_INVALID_CREDENTIALS]: Keystone v3 password authentication failed for user "demo"');
    expect(r.stderr).toContain('the key came from OS_USERNAME');
    expect(r.stderr).not.toContain('rc-s3cret-pw');
    const auth = keystone.requests.at(-1);
    expect(auth).toMatchObject({ method: 'POST', url: '/v3/auth/tokens' });
    expect(JSON.parse(auth!.body)).toMatchObject({
      auth: {
        identity: { methods: ['password'], password: { user: { name: 'demo', domain: { name: 'Default' } } } },
        scope: { project: { name: 'demo', domain: { name: 'Default' } } },
      },
    });
  });
});

describe('nubes with DigitalOcean configured from DIGITALOCEAN_TOKEN (a loopback server answering like DigitalOcean)', () => {
  let api: FakeApi;
  beforeAll(async () => {
    api = await startFakeApi(dropletsApi);
  });
  afterAll(async () => {
    await api.close();
  });

  it('exits 1 on a 401 with the provider message, the request id and the variable to fix', async () => {
    const r = await nubes(['compute', 'list-nodes'], {
      env: { ...base, NUBES_PROVIDER: 'digitalocean', DIGITALOCEAN_TOKEN: 'dop_v1_expired_token', NUBES_ENDPOINT: api.url },
    });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('nubes: error [NUBES_ERR_INVALID_CREDENTIALS]: unauthorized: Unable to authenticate you (HTTP 401, request id req-fake-42)');
    expect(r.stderr).toContain('  request id: req-fake-42');
    expect(r.stderr).toContain('  hint: check the credentials for digitalocean (the key came from DIGITALOCEAN_TOKEN): --key or NUBES_KEY, DIGITALOCEAN_TOKEN, DIGITALOCEAN_ACCESS_TOKEN\n');
    expect(r.stderr).not.toContain('dop_v1_expired_token');
    expect(api.requests.at(-1)).toMatchObject({ method: 'GET', url: '/v2/droplets?page=1&per_page=200', authorization: 'Bearer dop_v1_expired_token' });
  });
});
