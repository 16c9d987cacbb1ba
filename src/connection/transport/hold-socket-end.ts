/**
 * Keeps undici 7 from failing a response whose sender closed the connection right after
 * the last byte while the reader of the body was behind.
 *
 * What goes wrong (undici 7.30.2, lib/dispatcher/client-h1.js; the latest 7.x):
 *
 * 1. The response body applies backpressure: `Parser.onBody` gets `false` from the
 *    request's `onData`, llhttp stops (`ERROR.PAUSED`) at the end of the chunk it was
 *    given, and `Parser.execute` (line 360) puts back nothing (`socket.unshift` of an
 *    empty rest).
 * 2. The sender's last bytes and its FIN arrive: the socket's readable side ends with
 *    those bytes still in its buffer.
 * 3. The reader catches up; `Parser.resume()` (line 285) calls `socket.read()`, which
 *    hands it the last bytes and, the buffer now empty and ended, makes Node schedule
 *    `'end'`. The parser passes the bytes to the body, which is still full: it pauses
 *    again, before `on_message_complete` (one more `execute` would complete the
 *    message).
 * 4. `'end'` fires: `onHttpSocketEnd` (line 954) sees a response in progress. For a
 *    keep-alive response (HTTP/1.1 without `Connection: close` — tinyproxy 1.11 answers
 *    that way and closes after every response) it destroys the socket with
 *    `SocketError: other side closed`, and the body, every byte of which arrived,
 *    errors. With `Connection: close` it calls `Parser.finish()`, whose
 *    `assert(!this.paused)` (line 375) throws from the event handler and ends the
 *    process (nodejs/undici#5360; fixed in undici 8 by #5474, which does not cover the
 *    keep-alive case and is in no 7.x release).
 *
 * The remedy here: `'end'` reaches undici only once undici has asked the socket for
 * data and got none — it calls `read()` until it returns null whenever its parser runs,
 * so that is the moment it has taken in every byte — and only while its parser is not
 * paused. Until then the end is held, and the socket kept open (allowHalfOpen) so Node
 * does not close it under the parser. Nothing
 * is buffered beyond what the socket already holds. A response that really was cut
 * short still fails (the parser is short of bytes when the end arrives), only as late as
 * the reader reaches the cut.
 *
 * Not chosen: sending `Connection: close` (llhttp takes keep-alive from the response,
 * and a response that says close goes to the crashing branch); a read-ahead buffer
 * between undici and the reader (a bounded one only moves the backpressure, an
 * unbounded one holds whole downloads in memory); retrying (a body already handed to
 * the caller cannot be replayed).
 */
import type { Socket } from 'node:net';

/**
 * Whether undici's parser of `socket` is paused by its reader (undici keeps the parser
 * under a symbol described `parser`, `kParser` in lib/core/symbols.js). Its `finish()`,
 * which `'end'` calls for a response without keep-alive, asserts that it is not, and
 * the assertion ends the process. Under CPU load the held end was seen reaching a paused
 * parser (1–2 downloads in 120 of a body delimited by the end of the connection, with a
 * slow reader, on Node 24 beside a CPU-bound process): between the empty read that
 * released it and the tick that emits it, the parser paused again. False when there is
 * no such parser (another undici layout, or a socket no parser reads).
 */
function parserPaused(socket: Socket): boolean {
  const key = Object.getOwnPropertySymbols(socket).find((s) => s.description === 'parser');
  const parser = key === undefined ? undefined : (socket as unknown as Record<symbol, { paused?: unknown } | null | undefined>)[key];
  return parser?.paused === true;
}

/**
 * Makes `socket` hold its `'end'` event until its reader has drained it (see the module
 * comment). Returns the same socket.
 */
export function holdEndUntilDrained<S extends Socket>(socket: S): S {
  const read = socket.read.bind(socket);
  const emit = socket.emit.bind(socket);
  const allowHalfOpen = socket.allowHalfOpen;
  /** The last read by the parser returned bytes: it has not seen the end of the data yet. */
  let lastReadHadData = false;
  let held = false;

  const release = (): void => {
    if (socket.destroyed) return;
    if (parserPaused(socket)) {
      // The parser took in more bytes and paused again before this tick: keep holding
      // until its next read comes back empty (it reads again when it resumes).
      held = true;
      return;
    }
    socket.allowHalfOpen = allowHalfOpen;
    emit('end');
    // What Node does after 'end' for a socket that is not half-open (endReadableNT),
    // skipped while the end was held.
    if (!allowHalfOpen && socket.writable && !socket.writableEnded) socket.end();
  };

  socket.read = function readAndRelease(size?: number) {
    const chunk = read(size);
    // read(0) is Node's own probe (maybeReadMore, 'readable' setup), not the parser.
    if (size !== 0) {
      lastReadHadData = chunk !== null;
      if (chunk === null && held) {
        held = false;
        // Not from inside read(): undici's resume() runs the parser on what read()
        // returned before it may hear about the end.
        process.nextTick(release);
      }
    }
    return chunk;
  } as S['read'];

  socket.emit = function emitOrHold(event: string | symbol, ...args: unknown[]): boolean {
    if (event === 'end' && lastReadHadData && !held) {
      held = true;
      // Node checks this right after emitting 'end'; while held, it must not end the
      // writable side and so destroy the socket under the paused parser.
      socket.allowHalfOpen = true;
      return true;
    }
    return emit(event, ...args);
  } as S['emit'];

  return socket;
}
