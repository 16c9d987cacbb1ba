/**
 * Profiles (`nubes configure`, `--profile`, `NUBES_PROFILE`): credentials come from the
 * config file, the environment or standard input, never necessarily from the command
 * line; the embedded default's state lives under the XDG data directory.
 */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../peers/process.js';
import { nubes, nubesInProcess, startFakeApi, type FakeApi } from './helpers.js';

let api: FakeApi;
beforeAll(async () => {
  api = await startFakeApi((_req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ droplets: [], links: {}, meta: { total: 0 } }));
  });
});
afterAll(() => api.close());

function home() {
  const dir = tempDir('cli-profiles');
  return { dir, env: { HOME: dir } };
}

describe('nubes configure and profiles', () => {
  it('writes a 0600 profile from stdin without echoing the token, and later commands use it', async () => {
    const { dir, env } = home();
    const written = await nubes(['configure', '--provider', 'digitalocean', '--endpoint', api.url], { env, stdin: 'key=dop_v1_profiletoken\n' });
    expect(written.code).toBe(0);
    expect(written.stdout).toContain('key=(set)');
    expect(written.stdout + written.stderr).not.toContain('dop_v1_profiletoken');
    const file = join(dir, '.config', 'nubes', 'config');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8')).toContain('[default]\nprovider = digitalocean\nendpoint = ' + api.url + '\nkey = dop_v1_profiletoken');

    const before = api.requests.length;
    const listed = await nubes(['compute', 'list-nodes', '--json'], { env });
    expect(listed.stderr).toBe('');
    expect(listed.code).toBe(0);
    expect(JSON.parse(listed.stdout)).toEqual([]);
    expect(api.requests.slice(before).map((r) => r.authorization)).toEqual(['Bearer dop_v1_profiletoken']);
  });

  it('uses a named profile from --profile or NUBES_PROFILE, which beats the environment, and names a missing one', async () => {
    const { env } = home();
    await nubes(['configure', '--profile', 'work', '--provider', 'digitalocean', '--endpoint', api.url], { env, stdin: 'dop_v1_worktoken\n' });
    const before = api.requests.length;
    const withEnv = { ...env, DIGITALOCEAN_TOKEN: 'dop_v1_fromenv', NUBES_PROVIDER: 'dummy' };
    expect((await nubesInProcess(['compute', 'list-nodes', '--profile', 'work'], { env: withEnv })).code).toBe(0);
    expect((await nubesInProcess(['compute', 'list-nodes'], { env: { ...withEnv, NUBES_PROFILE: 'work' } })).code).toBe(0);
    expect(api.requests.slice(before).map((r) => r.authorization)).toEqual(['Bearer dop_v1_worktoken', 'Bearer dop_v1_worktoken']);
    const missing = await nubesInProcess(['compute', 'list-nodes', '--profile', 'nope'], { env });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('there is no profile "nope"');
    expect(missing.stderr).toContain('(profiles: work)');
  });

  it('lets the environment beat the implicit default profile', async () => {
    const { env } = home();
    await nubes(['configure', '--provider', 'digitalocean', '--endpoint', api.url], { env, stdin: 'key=dop_v1_defaulttoken\n' });
    const before = api.requests.length;
    expect((await nubesInProcess(['compute', 'list-nodes'], { env: { ...env, DIGITALOCEAN_TOKEN: 'dop_v1_envtoken' } })).code).toBe(0);
    expect(api.requests.slice(before).map((r) => r.authorization)).toEqual(['Bearer dop_v1_envtoken']);
  });

  it('refuses --key/--secret on configure, and reads --secret-stdin for any command', async () => {
    const { env } = home();
    const refused = await nubesInProcess(['configure', '--provider', 'digitalocean', '--key', 'dop_v1_x'], { env });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('not from --key/--secret');
    // Azure Blobs signs with the account key: a SharedKey header proves the secret arrived.
    const accountKey = Buffer.from('an-account-key-from-stdin').toString('base64');
    const before = api.requests.length;
    const r = await nubesInProcess(['storage', 'ls', '--provider', 'azure-blobs', '--key', 'acct', '--endpoint', api.url, '--secret-stdin'], {
      env,
      stdin: `${accountKey}\n`,
    });
    expect(r.stderr).not.toContain(accountKey);
    expect(api.requests.slice(before)[0]?.authorization).toMatch(/^SharedKey acct:/);
    const none = await nubesInProcess(['storage', 'ls', '--provider', 'azure-blobs', '--key', 'acct', '--endpoint', api.url, '--secret-stdin'], { env, stdin: '' });
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('--secret-stdin read no secret from standard input');
  });

  it('keeps the demo on the embedded default whatever the profile says', async () => {
    const { dir, env } = home();
    await nubes(['configure', '--provider', 'digitalocean', '--endpoint', api.url], { env, stdin: 'key=dop_v1_demo\n' });
    const before = api.requests.length;
    const demo = await nubesInProcess(['demo'], { env, cwd: dir });
    expect(demo.code).toBe(0);
    expect(demo.stdout).toContain(`in ${join(dir, '.local', 'share', 'nubes')}`);
    expect(api.requests.length).toBe(before);
  });
});
