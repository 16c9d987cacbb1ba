/**
 * Cancellation and waiters: `{ signal, timeout }` on driver calls, a `break` out of an
 * `iterate*`, and `waitUntilState` polling one node. A tiny local API (DigitalOcean-shaped)
 * answers the first page of droplets at once and never answers the second, so the
 * call's `timeout` shows; it reaches nothing outside this machine.
 *
 * Run: npx tsx examples/cancellation.ts
 * In your code, import from 'nubes/compute' and 'nubes' instead of '../src/...'.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { AbortError, TimeoutError } from '../src/index.js';
import { DigitalOceanNodeDriver, getDriver, NodeState, Provider } from '../src/drivers/compute/index.js';

const droplet = (id: number, name: string): object => ({
  id,
  name,
  memory: 1024,
  vcpus: 1,
  disk: 25,
  status: 'active',
  created_at: '2026-01-01T00:00:00Z',
  networks: { v4: [], v6: [] },
  region: { slug: 'ams3', name: 'Amsterdam 3' },
  size_slug: 's-1vcpu-1gb',
  image: { id: 1, slug: 'ubuntu-24-04-x64', name: 'Ubuntu 24.04' },
  tags: [],
});

// Page 1 at once, with a link to page 2; page 2 never comes.
const server = http.createServer((req, res) => {
  const page = new URL(req.url ?? '/', 'http://127.0.0.1').searchParams.get('page');
  if (page === '2') return; // hangs: the caller's timeout ends it
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ droplets: [droplet(1, 'web-1'), droplet(2, 'web-2')], links: { pages: { next: '/v2/droplets?page=2' } }, meta: { total: 3 } }));
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const { port } = server.address() as AddressInfo;
const driver = new DigitalOceanNodeDriver('example-token', undefined, { host: '127.0.0.1', port, secure: false, env: {} });

// 1. A break asks for no further page.
for await (const node of driver.iterateNodes()) {
  console.log(`first node: ${node.name}`);
  break;
}

// 2. The whole listing within 300 ms: page 2 never comes, so the call times out.
try {
  await driver.listNodes({ timeout: 300 });
} catch (err) {
  if (err instanceof TimeoutError) console.log(`listNodes: ${err.name} (kind ${err.kind})`);
  else throw err;
}

// 3. An AbortSignal cancels a call; an already-aborted one sends nothing.
try {
  await driver.listNodes({ signal: AbortSignal.abort() });
} catch (err) {
  if (err instanceof AbortError) console.log(`listNodes: ${err.name}`);
  else throw err;
}
server.closeAllConnections();
server.close();

// 4. waitUntilState polls one node until it is in one of the states (the Dummy driver
//    here: no network at all).
const dummy = new (getDriver(Provider.DUMMY))('key');
const node = await dummy.createNode({ name: 'batch-1', size: 'small', image: 'ubuntu-24.04' });
await dummy.stopNode(node);
const stopped = await dummy.waitUntilState(node, [NodeState.STOPPED], { timeout: 60_000, interval: 10 });
console.log(`${stopped.name} is ${stopped.state}`);
