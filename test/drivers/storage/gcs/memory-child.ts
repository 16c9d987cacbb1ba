/**
 * Child process of gcs-memory.test.ts: uploads SIZE bytes as a stream through the driver
 * (a resumable session, CHUNK-byte chunks), downloads them back as a stream, and reports
 * the peak RSS growth of each phase and the MD5 of what was sent and received, as one
 * JSON line on stdout. Run with `node --expose-gc --import tsx`.
 *
 * argv: url token size chunk
 */
import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { GoogleCloudStorageDriver } from '../../../../src/drivers/storage/gcs/index.js';

const [url, token, sizeText, chunkText] = process.argv.slice(2);
const size = Number(sizeText);
const chunk = Number(chunkText);
const PIECE = 1024 * 1024;
// Views into one random template at shifting offsets: aperiodic data without allocating per piece.
const template = randomBytes(2 * PIECE);

function source(sent: ReturnType<typeof createHash>, total = size): Readable {
  let offset = 0;
  let i = 0;
  return new Readable({
    highWaterMark: PIECE,
    read() {
      if (offset >= total) {
        this.push(null);
        return;
      }
      const n = Math.min(PIECE, total - offset);
      const at = (i++ * 7919) % PIECE;
      const piece = template.subarray(at, at + n);
      sent.update(piece);
      offset += n;
      this.push(piece);
    },
  });
}

async function peakGrowth(phase: () => Promise<void>): Promise<number> {
  (globalThis as { gc?: () => void }).gc?.();
  const before = process.memoryUsage().rss;
  let peak = before;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 20);
  await phase();
  clearInterval(timer);
  return Math.max(peak, process.memoryUsage().rss) - before;
}

const driver = new GoogleCloudStorageDriver('', undefined, {
  project: 'nubes-test',
  env: {},
  url: url!,
  chunkSize: chunk,
  credentials: { kind: 'static', getToken: async () => ({ token: token!, expiresAt: Date.now() + 3_600_000 }) },
});
await driver.createContainer('nubes-memory');
// Warm-up: 16 chunks up and back, so what a process pays once whatever the object size
// (V8 compiling undici's WebAssembly HTTP parser with its optimizing tier, heavier on
// Node 24 than on 20) is paid before the measured phases.
const warm = await driver.uploadObjectViaStream(source(createHash('md5'), 16 * chunk), 'nubes-memory', 'big/warm-up.bin');
for await (const part of await driver.downloadObjectAsStream(warm)) void part;
const sent = createHash('md5');
let chunks = 0;
const up = await peakGrowth(async () => {
  const obj = await driver.uploadObjectViaStream(source(sent), 'nubes-memory', 'big/1gib.bin', {
    onProgress: () => {
      chunks++;
    },
  });
  if (obj.size !== size) throw new Error(`uploaded ${obj.size} bytes`);
});
const got = createHash('md5');
let received = 0;
const object = await driver.getObject('nubes-memory', 'big/1gib.bin');
const down = await peakGrowth(async () => {
  const body = await driver.downloadObjectAsStream(object);
  for await (const part of body) {
    got.update(part as Buffer);
    received += (part as Buffer).length;
  }
});
await driver.close();
process.stdout.write(
  `${JSON.stringify({ up, down, received, chunks, sentMd5: sent.digest('base64'), receivedMd5: got.digest('base64'), storedMd5: object.extra.md5Hash })}\n`,
);
