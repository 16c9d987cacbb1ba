/**
 * Object storage with the Local driver: a container in a temporary directory, a
 * streamed upload with progress, a listing, and a download checked against its MD5.
 * The same calls work on every storage provider — swap the driver line for
 * `new (getDriver(Provider.S3))(keyId, secret, { region })` and nothing else changes.
 *
 * Run: npx tsx examples/storage.ts
 * (In your project, import from 'nubes/storage'.)
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { getDriver, Provider, type StorageDriver } from '../src/drivers/storage/index.js';

async function main(): Promise<void> {
  const root = await mkdtemp(join(tmpdir(), 'nubes-example-'));
  try {
    const Local = getDriver(Provider.LOCAL);
    const storage: StorageDriver = new Local(root);

    const container = await storage.createContainer('reports');
    console.log(`created container ${container.name}`);

    // A stream of 1 MiB produced in 64 KiB pieces, as a file or a socket would.
    const piece = Buffer.alloc(64 * 1024, 'nubes ');
    const source = Readable.from(Array.from({ length: 16 }, () => piece));
    const uploaded = await storage.uploadObjectViaStream(source, container, '2026/q3/summary.txt', {
      contentType: 'text/plain',
      metaData: { author: 'ada' },
      onProgress: ({ loaded }) => {
        if (loaded % (256 * 1024) === 0) console.log(`uploaded ${loaded / 1024} KiB`);
      },
    });
    console.log(`stored ${uploaded.name}: ${uploaded.size} bytes, md5 ${uploaded.hash}`);

    for await (const entry of storage.iterateContainerObjects(container, { prefix: '2026/', delimiter: '/' })) {
      console.log(`listed ${entry.kind} ${entry.name}`);
    }
    const objects = await storage.listContainerObjects(container);
    console.log(`listed ${objects.length} object(s): ${objects.map((o) => `${o.name} (${o.size} bytes)`).join(', ')}`);

    const destination = join(root, 'summary-copy.txt');
    const object = await storage.getObject(container.name, '2026/q3/summary.txt');
    await storage.downloadObject(object, destination); // verified against the MD5, written atomically
    const copy = await readFile(destination);
    console.log(`downloaded ${copy.length} bytes, metadata ${JSON.stringify(object.metaData)}`);

    await storage.deleteObject(object);
    await storage.deleteContainer(container);
    console.log('cleaned up');
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

await main();
