/**
 * Azure virtual machines with nubes (Azure Resource Manager).
 *
 * With a service principal in the environment it talks to your subscription:
 *
 *   AZURE_TENANT_ID=... AZURE_CLIENT_ID=... AZURE_CLIENT_SECRET=... \
 *   AZURE_SUBSCRIPTION_ID=... npx tsx examples/azure.ts
 *
 * (AZURE_CLIENT_CERTIFICATE_PATH instead of the secret for a certificate; on an Azure VM
 * with a managed identity, only AZURE_SUBSCRIPTION_ID.) Without AZURE_SUBSCRIPTION_ID it
 * runs offline against recorded ARM replies, so you can see what it prints.
 * In your code, import from 'nubes' and 'nubes/compute' instead of '../src/...'.
 */
import { readFileSync } from 'node:fs';
import { NubesError, type AccessToken, type TokenCredential } from '../src/index.js';
import { AzureNodeDriver, type AzureDriverOptions } from '../src/drivers/compute/index.js';
import { MockTransport } from '../src/testing/index.js';

const live = (process.env.AZURE_SUBSCRIPTION_ID ?? '') !== '';
const subscriptionId = live ? process.env.AZURE_SUBSCRIPTION_ID! : '00000000-1111-4222-8333-444444444444';

function offline(): AzureDriverOptions {
  const dir = 'test/fixtures/compute/azure';
  const json = (name: string): unknown => JSON.parse(readFileSync(`${dir}/${name}`, 'utf8'));
  const sub = `/subscriptions/${subscriptionId}`;
  const transport = new MockTransport()
    .on('GET', `${sub}/locations`, { json: json('locations.json') })
    .on('GET', `${sub}/providers/Microsoft.Network/networkInterfaces`, { json: json('nics.json') })
    .on('GET', `${sub}/providers/Microsoft.Network/publicIPAddresses`, { json: json('public-ips.json') })
    .on('GET', `${sub}/providers/Microsoft.Compute/virtualMachines`, { json: json('vms-status.json') }, { query: { statusOnly: 'true' } })
    .on('GET', `${sub}/providers/Microsoft.Compute/virtualMachines`, { json: json('vms-page-2.json') }, { query: { $skiptoken: 'ZmFrZS1za2lwdG9rZW4tMg' } })
    .on('GET', `${sub}/providers/Microsoft.Compute/virtualMachines`, { json: json('vms-page-1.json') });
  // Offline, a fixed token stands in for Entra ID.
  const credentials: TokenCredential = {
    kind: 'offline',
    async getToken(): Promise<AccessToken> {
      return { token: 'offline-token', expiresAt: Date.now() + 3_600_000 };
    },
  };
  return { transport, credentials, env: {} };
}

// Live: the credential chain reads AZURE_TENANT_ID / AZURE_CLIENT_ID / AZURE_CLIENT_SECRET
// (or AZURE_CLIENT_CERTIFICATE_PATH), else asks the VM's managed identity.
const driver = new AzureNodeDriver(process.env.AZURE_TENANT_ID ?? '', subscriptionId, live ? {} : offline());

try {
  const locations = await driver.listLocations();
  console.log(`${locations.length} locations, e.g. ${locations.slice(0, 2).map((l) => `${l.id} (${l.name})`).join(', ')}`);
  // Four paged listings whatever the number of VMs: models, power states, NICs, public IPs.
  for await (const node of driver.iterateNodes()) {
    console.log(`${node.name.padEnd(10)} ${node.state.padEnd(8)} ${String(node.extra.vmSize).padEnd(16)} ${node.extra.resourceGroup.padEnd(10)} ${node.publicIps.join(',') || '-'}`);
  }
} catch (err) {
  // Entra ID refusals carry the AADSTS code (err.providerCode) and what to check.
  if (err instanceof NubesError) console.error(`${err.name} [${err.providerCode ?? err.code}]: ${err.message}`);
  else throw err;
  process.exitCode = 1;
} finally {
  await driver.close();
}
