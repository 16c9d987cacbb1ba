import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { toReadable } from '../../../src/drivers/storage/index.js';

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

describe('toReadable', () => {
  it('reads an async iterable of strings and byte arrays in order', async () => {
    const source = (async function* () {
      yield 'ab';
      yield new Uint8Array([99, 100]);
      yield Buffer.from('e');
    })();
    expect((await readAll(toReadable(source))).toString()).toBe('abcde');
  });

  it('passes an async iterable failure on as a stream error', async () => {
    const source = (async function* () {
      yield 'a';
      throw new Error('source broke');
    })();
    await expect(readAll(toReadable(source))).rejects.toThrow('source broke');
  });

  it('destroys at once even while an async generator is stalled in an await', async () => {
    let returned = false;
    const source = (async function* () {
      try {
        yield 'first';
        await new Promise(() => undefined);
      } finally {
        returned = true;
      }
    })();
    const readable = toReadable(source);
    const reading = readAll(readable);
    await new Promise((r) => setTimeout(r, 10));
    readable.destroy(new Error('aborted by caller'));
    await expect(reading).rejects.toThrow('aborted by caller');
    expect(readable.destroyed).toBe(true);
    expect(returned).toBe(false); // the generator itself cannot be interrupted; the stream no longer waits for it
  });

  it('reads web ReadableStreams, buffers and strings', async () => {
    const web = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new Uint8Array([104, 105]));
        controller.close();
      },
    });
    expect((await readAll(toReadable(web))).toString()).toBe('hi');
    expect((await readAll(toReadable(Buffer.from('buf')))).toString()).toBe('buf');
    expect((await readAll(toReadable('str'))).toString()).toBe('str');
    expect((await readAll(toReadable(''))).length).toBe(0);
  });
});
