/**
 * Google Compute Engine with a service-account key file: one line to build the driver,
 * then every zone's instances in one listing. The token exchange takes the same proxy as
 * the API calls; the GCE metadata server never does.
 *
 * This example runs offline: a MockTransport (nubes/testing) answers as Google would,
 * and records which proxy each request would have used. With a real key, drop
 * `transport` and `env`: `new Gce('/secrets/sa-key.json', undefined, { zone })` is all.
 *
 * Run: npx tsx examples/gce.ts
 * In your code, import from 'nubes/compute' and 'nubes/testing' instead of '../src/...'.
 */
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getDriver, Provider } from '../src/drivers/compute/index.js';
import { MockTransport } from '../src/testing/index.js';

// A throwaway key file, shaped like the one the Cloud console downloads.
const dir = mkdtempSync(join(tmpdir(), 'nubes-gce-example-'));
const keyPath = join(dir, 'sa-key.json');
const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
writeFileSync(
  keyPath,
  JSON.stringify({
    type: 'service_account',
    project_id: 'example-project',
    private_key_id: 'example-key-id',
    private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    client_email: 'lister@example-project.iam.gserviceaccount.com',
    token_uri: 'https://oauth2.googleapis.com/token',
  }),
  { mode: 0o600 },
);

const instance = (id: string, name: string, zone: string, status: string, natIP?: string): unknown => ({
  id,
  name,
  status,
  zone: `https://www.googleapis.com/compute/v1/projects/example-project/zones/${zone}`,
  machineType: `https://www.googleapis.com/compute/v1/projects/example-project/zones/${zone}/machineTypes/e2-small`,
  networkInterfaces: [{ networkIP: '10.0.0.2', accessConfigs: natIP ? [{ type: 'ONE_TO_ONE_NAT', natIP }] : [] }],
});
const google = new MockTransport()
  .on('POST', '/token', { json: { access_token: 'ya29.example-access-token', expires_in: 3599, token_type: 'Bearer' } }, { host: 'oauth2.googleapis.com' })
  .on('GET', '/compute/v1/projects/example-project/aggregated/instances', {
    json: {
      items: {
        'zones/europe-west1-b': { instances: [instance('4567890123456789012', 'web-1', 'europe-west1-b', 'RUNNING', '34.76.10.20')] },
        'zones/europe-west1-c': { warning: { code: 'NO_RESULTS_ON_PAGE', message: "There are no results for scope 'zones/europe-west1-c' on this page." } },
        'zones/us-central1-a': { instances: [instance('3000000000000000001', 'batch-1', 'us-central1-a', 'TERMINATED')] },
      },
      unreachables: ['zones/asia-east1-a'],
    },
  })
  .on('GET', '/computeMetadata/v1/instance/service-accounts/default/token', {
    headers: { 'metadata-flavor': 'Google' },
    json: { access_token: 'ya29.from-the-metadata-server', expires_in: 3000, token_type: 'Bearer' },
  });

// What a user behind a corporate proxy has in the environment.
const env = { HTTPS_PROXY: 'http://proxy.corp.example:3128', HTTP_PROXY: 'http://proxy.corp.example:3128' };

const Gce = getDriver(Provider.GCE);
const gce = new Gce(keyPath, undefined, {
  zone: 'europe-west1-b',
  // An unreachable zone is reported, never silently dropped.
  onWarning: (w) => console.log(`warning: ${w.code} ${w.scope ?? ''}`),
  transport: google,
  env,
});
console.log(`project ${await gce.project()} (from the key file), credential: ${gce.connection.credentialSource}`);

for (const node of await gce.listNodes()) {
  console.log([node.id, `${node.extra.zone}/${node.name}`, node.state, node.publicIps.join(',') || '-'].join('\t'));
}

const [exchange] = google.requestsTo('POST', '/token');
console.log(`token exchange: ${exchange?.url.origin} via ${exchange?.proxy?.redacted ?? 'no proxy'}`);

// On a Google VM: the metadata server, always direct, whatever HTTP_PROXY says.
const onVm = new Gce('', undefined, { credentials: 'metadata', project: 'example-project', transport: google, env });
await onVm.connection.accessToken();
const [metadataCall] = google.requestsTo('GET', '/computeMetadata/v1/instance/service-accounts/default/token');
console.log(`metadata server: ${metadataCall?.url.host} via ${metadataCall?.proxy?.redacted ?? 'no proxy (direct)'}`);

await Promise.all([gce.close(), onVm.close()]);
rmSync(dir, { recursive: true, force: true });
