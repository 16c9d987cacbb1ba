/** `nubes compute list-nodes --provider gce` with the credentials from the environment. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nubes } from '../../../cli/helpers.js';
import { scratch } from '../../../peers/proxies.js';
import { makeServiceAccount, startFakeGoogle, type FakeGoogle } from '../../../common/google/fake-google.js';

const FIXTURES = fileURLToPath(new URL('../../../fixtures/compute/gce/', import.meta.url));
const tmp = scratch();

describe('nubes --provider gce', () => {
  let google: FakeGoogle;
  let keyPath: string;

  beforeAll(async () => {
    const account = makeServiceAccount();
    google = await startFakeGoogle({ account, scope: 'https://www.googleapis.com/auth/compute' });
    google.routes.set('GET /compute/v1/projects/env-project/aggregated/instances', () => ({
      json: JSON.parse(readFileSync(join(FIXTURES, 'aggregated_instances_page2.json'), 'utf8')),
    }));
    keyPath = join(tmp.dir('gce-cli'), 'key.json');
    writeFileSync(keyPath, JSON.stringify(account.keyFile(google.tokenUri)));
  });
  afterAll(async () => {
    await google?.close();
    tmp.clean();
  });

  it('lists nodes with GOOGLE_APPLICATION_CREDENTIALS and GOOGLE_CLOUD_PROJECT', async () => {
    const res = await nubes(['compute', 'list-nodes', '--provider', 'gce', '--endpoint', google.url, '--json'], {
      env: { GOOGLE_APPLICATION_CREDENTIALS: keyPath, GOOGLE_CLOUD_PROJECT: 'env-project', HOME: tmp.dir('gce-cli-home') },
    });
    expect(res.stderr).toContain('zones/asia-east1-a'); // the partial result is reported
    expect(res.code).toBe(0);
    const nodes = JSON.parse(res.stdout) as { id: string; name: string; state: string }[];
    expect(nodes.map((n) => [n.id, n.name, n.state])).toEqual([['3000000000000000001', 'batch-1', 'stopped']]);
  });

  it('a missing key file is a clear error naming the variable', async () => {
    const res = await nubes(['compute', 'list-nodes', '--provider', 'gce', '--endpoint', google.url], {
      env: { GOOGLE_APPLICATION_CREDENTIALS: '/nonexistent/key.json', HOME: tmp.dir('gce-cli-home') },
    });
    expect(res.code).not.toBe(0);
    expect(res.stderr).toMatch(/\/nonexistent\/key\.json \(no such file\)/);
  });
});
