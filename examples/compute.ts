/**
 * Compute in a few lines, on the in-memory Dummy provider (no account, no network).
 * Swap `Provider.DUMMY` for `Provider.DIGITAL_OCEAN`, `Provider.LINODE` or
 * `Provider.VULTR` and pass a token to do the same on a real cloud.
 *
 * Run: npx tsx examples/compute.ts
 */
import { getDriver, NodeState, Provider } from '../src/drivers/compute/index.js';

const Driver = getDriver(Provider.DUMMY);
// pendingPolls: new nodes report `pending` twice before they run, as on a real cloud.
const driver = new Driver('dummy-key', undefined, { pendingPolls: 2 });

const [size] = await driver.listSizes();
const [image] = await driver.listImages();
const [location] = await driver.listLocations();
if (!size || !image || !location) throw new Error('the catalog is empty');
console.log(`size ${size.id} (${size.vcpus} vCPU, ${size.ram} MiB), image ${image.name}, location ${location.name}`);

const created = [];
for (const name of ['web-1', 'web-2']) {
  created.push(await driver.createNode({ name, size, image, location }));
}
console.log(`created ${created.map((n) => `${n.name}=${n.state}`).join(', ')}`);

const running = await driver.waitUntilRunning(created, { interval: 10, timeout: 5_000 });
console.log(`running: ${running.every((n) => n.state === NodeState.RUNNING)}`);

for (const node of await driver.listNodes()) {
  console.log([node.id, node.name, node.state, node.publicIps.join(',') || '-', node.privateIps.join(',')].join('\t'));
}

await created[1]?.destroy();
console.log(`after destroy: ${(await driver.listNodes()).map((n) => n.name).join(', ')}`);
