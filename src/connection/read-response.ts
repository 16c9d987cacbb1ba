/**
 * Reading and parsing a final (non-redirect) answer: a raw success streams through a
 * guard that turns stack errors into nubes errors; anything else is read up to the size
 * limit (decompressed, bounded before and after), parsed by the driver's Response class,
 * and a failure mapped by its `parseError()`.
 */
import type { Readable } from 'node:stream';
import { nodeStream } from '../common/builtins.js';
import { MalformedResponseError, NetworkError, NubesError, TimeoutError } from '../common/errors/index.js';
import { redactUrl } from '../common/redact.js';
import { readBounded } from './body.js';
import type { DebugLog } from './debug.js';
import type { ResolvedTimeouts } from './options.js';
import { RawResponse, type Response, type ResponseClass } from './response.js';
import type { TransportResponse } from './transport/transport.js';

/** Response headers as Responses hold them: lowercase names, repeated values joined with `, `. */
export function flattenHeaders(headers: TransportResponse['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of Object.keys(headers)) {
    const value = headers[name];
    if (value === undefined) continue;
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}

/**
 * `redactUrl(url)`, skipping its two pattern replacements for a URL that has nothing
 * they could match: no userinfo (`@`) and no parameter (`?`, `&`).
 */
function shownUrl(url: URL): string {
  const href = url.href;
  return href.includes('@') || href.includes('?') || href.includes('&') ? redactUrl(href) : href;
}

/** What {@link readResponse} needs to know about the request and the connection. */
export interface ReadResponseOptions {
  /** The method of the hop that got this answer. */
  readonly method: string;
  /** Its URL (redacted wherever it is shown). */
  readonly url: URL;
  /** The answer's headers, flattened. */
  readonly headers: Record<string, string>;
  /** True when the caller asked for a streamed body. */
  readonly raw: boolean;
  /** The request's timeouts (named in an idle-timeout error). */
  readonly timeouts: ResolvedTimeouts;
  /** Largest buffered body. */
  readonly maxResponseSize: number;
  /** The driver's Response class. */
  readonly responseCls: ResponseClass;
  /** The provider, for error context. */
  readonly provider: string | undefined;
  /** The debug log, when on. */
  readonly debug: DebugLog | undefined;
  /** When the hop was sent (Date.now()), for the debug log. */
  readonly startedAt: number;
}

/**
 * Turns a transport answer into a RawResponse (raw success) or a parsed Response.
 *
 * @throws {NubesError} the provider error `parseError()` maps a failure to (secrets not yet
 *   redacted: the caller does that), a TimeoutError or NetworkError while reading, or a
 *   MalformedResponseError when a success body does not parse.
 */
export async function readResponse(response: TransportResponse, o: ReadResponseOptions): Promise<Response | RawResponse> {
  const { method, url, headers, timeouts } = o;
  const shown = shownUrl(url);
  if (o.raw && response.status >= 200 && response.status < 300) {
    o.debug?.response(response.status, headers, undefined, Date.now() - o.startedAt);
    return new RawResponse({ status: response.status, headers, method, url: shown, body: guardStream(response.body, method, url, timeouts) });
  }
  let buffer: Buffer;
  try {
    buffer = await readBounded(
      response.body,
      o.raw ? Math.min(o.maxResponseSize, 1024 * 1024) : o.maxResponseSize,
      o.raw ? undefined : headers['content-encoding'],
      `${method} ${shown}`,
    );
  } catch (err) {
    if (err instanceof NubesError) throw err;
    throw transportReadError(err, method, url, timeouts);
  }
  o.debug?.response(response.status, headers, buffer, Date.now() - o.startedAt);
  const parsed = new o.responseCls({ status: response.status, headers, method, url: shown, body: buffer, provider: o.provider });
  if (!parsed.success()) throw await parsed.parseError();
  try {
    // Awaited only when parseBody is async (XML): each await is a turn of the microtask queue.
    const object = parsed.parseBody();
    parsed.object = isThenable(object) ? await object : object;
  } catch (err) {
    if (err instanceof NubesError) throw err;
    throw new MalformedResponseError(`Cannot parse the response of ${method} ${redactUrl(url)}: ${(err as Error).message}`, {
      cause: err,
      statusCode: response.status,
      ...(o.provider ? { provider: o.provider } : {}),
    });
  }
  return parsed;
}

/**
 * Passes a raw body through, turning the HTTP stack's stream errors into nubes errors
 * (an idle timeout while a download stalls becomes a TimeoutError, a reset a NetworkError).
 */
function guardStream(source: Readable, method: string, url: URL, timeouts: ResolvedTimeouts): Readable {
  const out = new (nodeStream().PassThrough)();
  source.on('error', (err) => out.destroy(err instanceof NubesError ? err : transportReadError(err, method, url, timeouts)));
  out.on('close', () => {
    if (!source.destroyed) source.destroy();
  });
  source.pipe(out);
  return out;
}

function transportReadError(err: unknown, method: string, url: URL, timeouts: ResolvedTimeouts): NubesError {
  const code = (err as { code?: string }).code;
  if (code === 'UND_ERR_BODY_TIMEOUT' || code === 'NUBES_IDLE_TIMEOUT') {
    return new TimeoutError(`Idle timeout: no data for ${timeouts.idle} ms (timeout.idle) while reading ${method} ${redactUrl(url)}`, 'idle', {
      cause: err,
    });
  }
  return new NetworkError(`Reading the response of ${method} ${redactUrl(url)} failed: ${(err as Error).message}`, { cause: err });
}
