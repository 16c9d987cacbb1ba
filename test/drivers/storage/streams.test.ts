import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readChunks, toReadable } from '../../../src/drivers/storage/index.js';
import { readAll } from './helpers.js';

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

describe('readChunks', () => {
  /** A source that pushes `count` chunks of `size` bytes per read() call: faster than any consumer. */
  function eager(count: number, size: number, rounds: number): { stream: Readable; pushed: Buffer[] } {
    const pushed: Buffer[] = [];
    let round = 0;
    const stream = new Readable({
      highWaterMark: count * size * 4,
      read() {
        if (round++ === rounds) {
          this.push(null);
          return;
        }
        for (let i = 0; i < count; i++) {
          const chunk = Buffer.alloc(size, pushed.length);
          pushed.push(chunk);
          this.push(chunk);
        }
      },
    });
    return { stream, pushed };
  }

  it('hands out the pushed buffers themselves, one at a time, where Node’s iterator joins what is buffered into new ones', async () => {
    const joined = eager(4, 1024, 3);
    const fromNode: Buffer[] = [];
    for await (const c of joined.stream) fromNode.push(c as Buffer);
    // The premise: Node's own iterator copies (so this test is about something real).
    expect(fromNode.length).toBeLessThan(joined.pushed.length);

    const { stream, pushed } = eager(4, 1024, 3);
    const got: Buffer[] = [];
    for await (const c of readChunks(stream)) got.push(c);
    expect(got.length).toBe(12);
    got.forEach((c, i) => expect(c).toBe(pushed[i]));
  });

  it('turns strings and byte arrays into Buffers', async () => {
    const got: Buffer[] = [];
    for await (const c of readChunks(Readable.from(['ab', new Uint8Array([99])]))) got.push(c);
    expect(got.every((c) => Buffer.isBuffer(c))).toBe(true);
    expect(Buffer.concat(got).toString()).toBe('abc');
  });

  it('throws the stream’s error after the chunks that came before it', async () => {
    const stream = new Readable({ read() {} });
    stream.push(Buffer.from('a'));
    const got: string[] = [];
    const reading = (async () => {
      for await (const c of readChunks(stream)) {
        got.push(c.toString());
        stream.destroy(new Error('disk went away'));
      }
    })();
    await expect(reading).rejects.toThrow('disk went away');
    expect(got).toEqual(['a']);
  });

  it('throws on a stream destroyed before its end', async () => {
    const stream = new Readable({ read() {} });
    setImmediate(() => stream.destroy());
    await expect((async () => {
      for await (const _ of readChunks(stream)) void _;
    })()).rejects.toMatchObject({ code: 'ERR_STREAM_PREMATURE_CLOSE' });
  });

  it('destroys the stream when the loop is left early', async () => {
    const { stream } = eager(1, 10, 100);
    for await (const _ of readChunks(stream)) break;
    expect(stream.destroyed).toBe(true);
  });
});
