/**
 * Streaming an upload and a download with progress, on the Local storage driver (a
 * directory on disk, no account needed). The same calls work on S3, Swift or Azure:
 * bytes stream through, memory stays flat whatever the size, and the MD5 is computed on
 * the way and checked against the provider's.
 *
 * Run: npx tsx examples/upload-progress.ts
 * In your code, import from 'nubes/storage' instead of '../src/...'.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { getDriver, Provider, type TransferProgress } from '../src/drivers/storage/index.js';

const root = await mkdtemp(join(tmpdir(), 'nubes-upload-example-'));
const Local = getDriver(Provider.LOCAL);
const storage = new Local(root);

// 8 MiB produced chunk by chunk: it never exists in memory as a whole.
const CHUNK = 64 * 1024;
const TOTAL = 128 * CHUNK;
const md5 = createHash('md5');
async function* generate(): AsyncGenerator<Buffer> {
  for (let i = 0; i < TOTAL / CHUNK; i++) {
    const chunk = Buffer.alloc(CHUNK, i % 256);
    md5.update(chunk);
    yield chunk;
  }
}

/** Prints a line each time another quarter has moved. */
function quarters(label: string): (p: TransferProgress) => void {
  let shown = 0;
  return ({ loaded, total }) => {
    const quarter = total ? Math.floor((loaded / total) * 4) : 0;
    if (quarter > shown) {
      shown = quarter;
      console.log(`${label} ${String(quarter * 25).padStart(3)}%  ${loaded} / ${total} bytes`);
    }
  };
}

try {
  const container = await storage.createContainer('backups');
  const object = await storage.uploadObjectViaStream(Readable.from(generate()), container, 'data/blob.bin', {
    contentLength: TOTAL, // known up front: progress has a total, providers get a Content-Length
    contentType: 'application/octet-stream',
    onProgress: quarters('upload  '),
  });
  console.log(`uploaded ${object.container.name}/${object.name}: ${object.size} bytes, md5 ${object.hash}`);
  console.log(`matches the bytes sent: ${object.hash === md5.digest('hex')}`);

  const dest = join(root, 'blob.copy');
  await storage.downloadObject(object, dest, { onProgress: quarters('download') });
  console.log('downloaded to a temporary file, checked, then renamed into place');

  const stream = await storage.downloadObjectAsStream(object);
  let bytes = 0;
  for await (const chunk of stream) bytes += (chunk as Buffer).length;
  console.log(`streamed ${bytes} bytes back`);
} finally {
  await rm(root, { recursive: true, force: true });
}
