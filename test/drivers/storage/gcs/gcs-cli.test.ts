/**
 * `nubes storage ... --provider google-storage-json` and `nubes dns ... --provider
 * google-dns` with a service-account key from GOOGLE_APPLICATION_CREDENTIALS and the
 * project from GOOGLE_CLOUD_PROJECT: the token comes from the key's token_uri (a fake
 * that verifies the JWT), then the API calls carry it.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nubes } from '../../../cli/helpers.js';
import { makeServiceAccount, startFakeGoogle, type FakeGoogle } from '../../../common/google/fake-google.js';
import { scratch } from '../../../peers/proxies.js';
import { startFakeGcs, type FakeGcs } from './fake-gcs.js';

const DNS_FIXTURES = fileURLToPath(new URL('../../../fixtures/dns/google/', import.meta.url));
const tmp = scratch();

describe('nubes storage / dns with the Google providers', () => {
  let tokens: FakeGoogle;
  let dnsApi: FakeGoogle;
  let gcs: FakeGcs;
  let storageKey: string;
  let dnsKey: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    const account = makeServiceAccount();
    tokens = await startFakeGoogle({ account, scope: 'https://www.googleapis.com/auth/devstorage.read_write' });
    gcs = await startFakeGcs({ project: 'env-project', authorize: (h) => tokens.issued.some((t) => h === `Bearer ${t}`) });
    dnsApi = await startFakeGoogle({ account, scope: 'https://www.googleapis.com/auth/ndev.clouddns.readwrite' });
    dnsApi.routes.set('GET /dns/v1/projects/env-project/managedZones', () => ({ json: JSON.parse(readFileSync(join(DNS_FIXTURES, 'list_zones_2.json'), 'utf8')) }));
    const dir = tmp.dir('gcs-cli');
    storageKey = join(dir, 'storage-key.json');
    writeFileSync(storageKey, JSON.stringify(account.keyFile(tokens.tokenUri)));
    dnsKey = join(dir, 'dns-key.json');
    writeFileSync(dnsKey, JSON.stringify(account.keyFile(dnsApi.tokenUri)));
    env = { GOOGLE_CLOUD_PROJECT: 'env-project', HOME: tmp.dir('gcs-cli-home') };
  });
  afterAll(async () => {
    await gcs?.close();
    await tokens?.close();
    await dnsApi?.close();
    tmp.clean();
  });

  it('makes a bucket, uploads, lists and downloads through the CLI', async () => {
    const run = (args: string[]) =>
      nubes(['storage', ...args, '--provider', 'google-storage-json', '--endpoint', gcs.url], { env: { ...env, GOOGLE_APPLICATION_CREDENTIALS: storageKey } });
    expect((await run(['mb', 'cli-bucket'])).code).toBe(0);
    const file = join(tmp.dir('gcs-cli-files'), 'hello.txt');
    writeFileSync(file, 'hello from the cli');
    const up = await run(['cp', file, 'cli-bucket/dir/hello.txt']);
    expect(up.stderr).toBe('');
    expect(up.code).toBe(0);
    const ls = await run(['ls', 'cli-bucket/dir/', '--json']);
    expect(ls.code).toBe(0);
    expect((JSON.parse(ls.stdout) as { name: string; size: number }[]).map((o) => [o.name, o.size])).toEqual([['dir/hello.txt', 18]]);
    const down = await run(['cp', 'cli-bucket/dir/hello.txt', '-']);
    expect(down.stdout).toBe('hello from the cli');
    expect(tokens.claims.length).toBeGreaterThan(0);
  });

  it('lists Cloud DNS zones through the CLI', async () => {
    const res = await nubes(['dns', 'list-zones', '--provider', 'google-dns', '--endpoint', dnsApi.url, '--json'], {
      env: { ...env, GOOGLE_APPLICATION_CREDENTIALS: dnsKey },
    });
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    expect((JSON.parse(res.stdout) as { id: string; domain: string }[]).map((z) => [z.id, z.domain])).toEqual([['internal-example', 'internal.example']]);
  });
});
