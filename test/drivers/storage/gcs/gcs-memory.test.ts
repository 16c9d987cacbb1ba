/**
 * A 1 GiB streamed upload (resumable session) and download through the Cloud Storage
 * driver against the loopback fake, in a child process whose peak RSS growth must stay
 * within a few chunks: memory bounded by the chunk size whatever the object size. The
 * child warms up with a 16-chunk round trip first, so the growth measured is the
 * transfer's, not the once-per-process cost of compiling the HTTP parser. This is a
 * memory bound, not a timing assertion.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeGcs, type FakeGcs } from './fake-gcs.js';

const run = promisify(execFile);
const GiB = 1024 * 1024 * 1024;
const CHUNK = 8 * 1024 * 1024;

describe('Google Cloud Storage: 1 GiB through the driver with memory bounded by the chunk size', () => {
  let fake: FakeGcs;
  beforeAll(async () => {
    fake = await startFakeGcs();
  });
  afterAll(async () => {
    await fake.close();
  });

  it('uploads and downloads 1 GiB as streams with peak RSS growth under 8 chunks each, bytes intact', async () => {
    const child = fileURLToPath(new URL('./memory-child.ts', import.meta.url));
    const { stdout } = await run(process.execPath, ['--expose-gc', '--import', 'tsx', child, fake.url, fake.token, String(GiB), String(CHUNK)], {
      maxBuffer: 1024 * 1024,
      timeout: 600_000,
    });
    const r = JSON.parse(stdout.trim().split('\n').at(-1)!) as {
      up: number;
      down: number;
      received: number;
      chunks: number;
      sentMd5: string;
      receivedMd5: string;
      storedMd5: string;
    };
    console.log(`1 GiB: peak RSS growth upload ${(r.up / 2 ** 20).toFixed(1)} MiB, download ${(r.down / 2 ** 20).toFixed(1)} MiB (chunk 8 MiB)`);
    expect(r.received).toBe(GiB);
    expect(r.storedMd5).toBe(r.sentMd5);
    expect(r.receivedMd5).toBe(r.sentMd5);
    // One session, GiB / CHUNK chunks, each confirmed (progress once per chunk).
    expect(r.chunks).toBeGreaterThanOrEqual(GiB / CHUNK);
    // The warm-up's 16 chunks, then the 1 GiB session's.
    expect(fake.requests.filter((q) => q.method === 'PUT').length).toBe(16 + GiB / CHUNK);
    expect(r.up).toBeLessThan(8 * CHUNK);
    expect(r.down).toBeLessThan(8 * CHUNK);
  }, 600_000);
});
