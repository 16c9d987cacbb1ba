/**
 * holdEndUntilDrained, step by step on a socket whose parser is simulated the way undici
 * keeps it (under a symbol described `parser`). test/connection/proxy-slow-reader.test.ts
 * covers the real downloads; this file pins the order of events they depend on, including
 * one that real downloads hit only under CPU load: the parser paused again between the
 * empty read that releases the end and the tick that emits it.
 */
import { Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { holdEndUntilDrained } from '../../src/connection/transport/hold-socket-end.js';

const kParser = Symbol('parser');

/** A socket with a readable buffer we fill ourselves and a fake undici parser. */
function setup(): { socket: Socket; parser: { paused: boolean }; ends: () => number } {
  const socket = new Socket();
  const parser = { paused: false };
  (socket as unknown as Record<symbol, unknown>)[kParser] = parser;
  let ended = 0;
  socket.on('end', () => ended++);
  holdEndUntilDrained(socket);
  return { socket, parser, ends: () => ended };
}

const tick = (): Promise<void> => new Promise((resolve) => process.nextTick(resolve));

describe('holdEndUntilDrained', () => {
  it("holds 'end' after a read that returned bytes, and lets it through after a read that returned none", async () => {
    const { socket, ends } = setup();
    socket.push(Buffer.from('last bytes'));
    expect(socket.read()).not.toBeNull();
    socket.emit('end');
    expect(ends()).toBe(0);
    expect(socket.read()).toBeNull();
    expect(ends()).toBe(0); // not from inside read()
    await tick();
    expect(ends()).toBe(1);
    socket.destroy();
  });

  it("lets 'end' through at once when the last read returned none", () => {
    const { socket, ends } = setup();
    expect(socket.read()).toBeNull();
    socket.emit('end');
    expect(ends()).toBe(1);
    socket.destroy();
  });

  it('keeps holding while the parser is paused when the release comes, until its next empty read', async () => {
    const { socket, parser, ends } = setup();
    socket.push(Buffer.from('bytes'));
    expect(socket.read()).not.toBeNull();
    socket.emit('end');
    expect(socket.read()).toBeNull();
    // Before the release's tick, the parser takes more and pauses again.
    parser.paused = true;
    await tick();
    await tick();
    expect(ends()).toBe(0);
    // It resumes and reads: nothing left, the end goes through on the next tick.
    parser.paused = false;
    expect(socket.read()).toBeNull();
    await tick();
    expect(ends()).toBe(1);
    socket.destroy();
  });

  it("read(0), Node's own probe, neither releases nor counts as the parser's read", async () => {
    const { socket, ends } = setup();
    socket.push(Buffer.from('bytes'));
    expect(socket.read()).not.toBeNull();
    socket.emit('end');
    socket.read(0);
    await tick();
    expect(ends()).toBe(0);
    expect(socket.read()).toBeNull();
    await tick();
    expect(ends()).toBe(1);
    socket.destroy();
  });
});
