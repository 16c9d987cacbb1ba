/**
 * DNS with nubes, on the in-memory Dummy driver (no account needed):
 *
 *   npx tsx examples/dns.ts
 *
 * Swap `Provider.DUMMY` for `Provider.CLOUDFLARE`, `Provider.ROUTE53`, ... and pass real
 * credentials: the calls stay the same.
 */
import { NubesError } from '../src/index.js';
import { getDriver, Provider, RecordType } from '../src/drivers/dns/index.js';

const Dns = getDriver(Provider.DUMMY);
const dns = new Dns('any-key');

const zone = await dns.createZone('example.com', { ttl: 3600 });
console.log(`zone ${zone.domain} (id ${zone.id})`);

// Name servers first: a zone file needs them to load in a name server.
await zone.createRecord({ name: '', type: RecordType.NS, data: 'ns1.example.net' });
await zone.createRecord({ name: '', type: RecordType.NS, data: 'ns2.example.net' });
await zone.createRecord({ name: '', type: RecordType.A, data: '192.0.2.10' });
const www = await zone.createRecord({ name: 'www', type: RecordType.CNAME, data: 'example.com', ttl: 300 });
await zone.createRecord({ name: '', type: RecordType.MX, data: 'mail.example.com', priority: 10 });
await zone.createRecord({ name: 'mail', type: RecordType.A, data: '192.0.2.25' });
await zone.createRecord({ name: '', type: RecordType.TXT, data: 'v=spf1 mx -all' });

// Change a record: only the fields given change.
await www.update({ ttl: 600 });

for (const record of await zone.listRecords()) {
  const value = record.priority === undefined ? record.data : `${record.priority} ${record.data}`;
  console.log(`${record.fqdn.padEnd(18)} ${String(record.ttl ?? zone.ttl).padStart(5)} ${record.type.padEnd(5)} ${value}`);
}

// Bad input is refused before any request, with the option named.
try {
  await zone.createRecord({ name: 'bad', type: RecordType.A, data: '192.0.2.1', ttl: 0 });
} catch (err) {
  if (err instanceof NubesError) console.log(`refused: ${err.name} (${err.code})`);
}

// Provider errors are typed too.
try {
  await dns.createZone('example.com');
} catch (err) {
  if (err instanceof NubesError) console.log(`refused: ${err.name} (${err.code})`);
}

console.log('--- BIND zone file ---');
process.stdout.write(await zone.exportToBindFormat());
