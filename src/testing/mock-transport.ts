/**
 * A transport for tests: routes method + path (+ query) to canned responses or
 * handler functions, records every request, and fails clearly on a request no route
 * matches. Pass it to a driver with the `transport` option — no global state.
 */
import { readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { Readable } from 'node:stream';
import { NubesError } from '../common/errors/index.js';
import { redactHeaders, redactUrl } from '../common/redact.js';
import type { ProxyConfig } from '../connection/proxy.js';
import type { Transport, TransportRequest, TransportResponse } from '../connection/transport/transport.js';

/** A canned reply. Give at most one of `body`, `json`, `xml`, `fixture`. */
export interface MockReply {
  /** Default 200. */
  status?: number;
  headers?: Record<string, string>;
  /** Raw body. */
  body?: string | Buffer;
  /** Serialised as JSON, with `content-type: application/json`. */
  json?: unknown;
  /** Sent as is, with `content-type: application/xml`. */
  xml?: string;
  /** A file under the transport's `fixturesDir`; `.json` and `.xml` set the content type. */
  fixture?: string;
}

/** A recorded request, as a route handler and `transport.requests` see it. */
export interface RecordedRequest {
  readonly method: string;
  readonly url: URL;
  /** Path without the query string. */
  readonly path: string;
  /** Query parameters (repeated ones as arrays). */
  readonly query: Readonly<Record<string, string | string[]>>;
  /** Lowercase names. */
  readonly headers: Readonly<Record<string, string>>;
  /** The whole body, read from strings, bytes or streams alike. */
  readonly body: Buffer;
  /** The body as UTF-8 text. */
  readonly text: string;
  /** The proxy the connection decided on (no real proxy is contacted). */
  readonly proxy: ProxyConfig | null;
  /** The body parsed as JSON. */
  json<T = unknown>(): T;
}

/** A handler computing the reply from the request. */
export type MockHandler = (request: RecordedRequest) => MockReply | Promise<MockReply>;

/** How a route matches besides method and path. */
export interface RouteOptions {
  /** Query parameters that must be present with these values. */
  query?: Record<string, string>;
  /** Host that must match (default: any). */
  host?: string;
  /** How many times this route answers (default: unlimited). */
  times?: number;
}

interface Route {
  readonly method: string;
  readonly path: string | RegExp;
  readonly reply: MockReply | MockHandler;
  readonly options: RouteOptions;
  used: number;
}

/** A request matched no route. The message shows the request and every route tried. */
export class UnmatchedRequestError extends NubesError {
  override readonly name = 'UnmatchedRequestError';
  override readonly code = 'NUBES_ERR_MOCK_UNMATCHED';
}

/** Options of {@link MockTransport}. */
export interface MockTransportOptions {
  /** Directory `fixture` paths are relative to. */
  fixturesDir?: string;
}

function describeRoute(route: Route): string {
  const query = route.options.query ? `?${new URLSearchParams(route.options.query).toString()}` : '';
  const times = route.options.times !== undefined ? ` (used ${route.used}/${route.options.times})` : '';
  return `${route.method} ${route.options.host ?? ''}${String(route.path)}${query}${times}`;
}

async function readBody(body: TransportRequest['body']): Promise<Buffer> {
  if (body === undefined) return Buffer.alloc(0);
  if (typeof body === 'string') return Buffer.from(body);
  if (body instanceof Uint8Array) return Buffer.from(body);
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string));
  return Buffer.concat(chunks);
}

/**
 * The mock transport.
 *
 * @example
 * ```ts
 * const mock = new MockTransport()
 *   .on('GET', '/v2/droplets', { json: { droplets: [], links: {}, meta: { total: 0 } } });
 * const driver = new DigitalOceanNodeDriver('token', undefined, { transport: mock });
 * expect(await driver.listNodes()).toEqual([]);
 * expect(mock.requests[0]?.headers.authorization).toBe('Bearer token');
 * ```
 */
export class MockTransport implements Transport {
  readonly name = 'mock';
  /** Every request received, in order. */
  readonly requests: RecordedRequest[] = [];
  readonly #routes: Route[] = [];
  readonly #fixturesDir: string | undefined;

  constructor(options: MockTransportOptions = {}) {
    this.#fixturesDir = options.fixturesDir;
  }

  /**
   * Adds a route. `path` is matched against the URL path exactly (string) or by a
   * RegExp. Routes are tried in the order they were added; a route with `times` stops
   * matching once used up.
   */
  on(method: string, path: string | RegExp, reply: MockReply | MockHandler, options: RouteOptions = {}): this {
    this.#routes.push({ method: method.toUpperCase(), path, reply, options: { ...options }, used: 0 });
    return this;
  }

  /** The last request received. */
  get lastRequest(): RecordedRequest | undefined {
    return this.requests[this.requests.length - 1];
  }

  /** Routes with `times` that were not used up, described (empty when all were used). */
  pendingRoutes(): string[] {
    return this.#routes.filter((r) => r.options.times !== undefined && r.used < r.options.times).map(describeRoute);
  }

  #matches(route: Route, request: RecordedRequest): boolean {
    if (route.method !== request.method && route.method !== '*') return false;
    if (route.options.times !== undefined && route.used >= route.options.times) return false;
    if (route.options.host !== undefined && route.options.host !== request.url.host && route.options.host !== request.url.hostname) return false;
    if (typeof route.path === 'string' ? route.path !== request.path : !route.path.test(request.path)) return false;
    for (const [k, v] of Object.entries(route.options.query ?? {})) {
      const actual = request.query[k];
      if (Array.isArray(actual) ? !actual.includes(v) : actual !== v) return false;
    }
    return true;
  }

  async send(request: TransportRequest): Promise<TransportResponse> {
    if (request.signal.aborted) throw request.signal.reason;
    const body = await readBody(request.body);
    const query: Record<string, string | string[]> = {};
    for (const [k, v] of request.url.searchParams) {
      const prev = query[k];
      query[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
    }
    const recorded: RecordedRequest = {
      method: request.method,
      url: new URL(request.url.href),
      path: decodeURIComponent(request.url.pathname),
      query,
      headers: { ...request.headers },
      body,
      text: body.toString('utf8'),
      proxy: request.proxy,
      json<T>(): T {
        return JSON.parse(body.toString('utf8')) as T;
      },
    };
    this.requests.push(recorded);
    const route = this.#routes.find((r) => this.#matches(r, recorded));
    if (!route) {
      const tried = this.#routes.length ? this.#routes.map((r) => `  ${describeRoute(r)}`).join('\n') : '  (no routes)';
      throw new UnmatchedRequestError(
        `No mock route matches ${request.method} ${redactUrl(request.url)}\nheaders: ${JSON.stringify(redactHeaders(request.headers))}\nroutes tried:\n${tried}`,
      );
    }
    route.used++;
    const reply = typeof route.reply === 'function' ? await route.reply(recorded) : route.reply;
    return this.#respond(reply);
  }

  #respond(reply: MockReply): TransportResponse {
    const headers: Record<string, string> = {};
    let payload: Buffer = Buffer.alloc(0);
    if (reply.json !== undefined) {
      headers['content-type'] = 'application/json';
      payload = Buffer.from(JSON.stringify(reply.json));
    } else if (reply.xml !== undefined) {
      headers['content-type'] = 'application/xml';
      payload = Buffer.from(reply.xml);
    } else if (reply.fixture !== undefined) {
      if (!this.#fixturesDir) throw new NubesError('MockTransport needs fixturesDir to serve fixture files');
      payload = readFileSync(join(this.#fixturesDir, reply.fixture));
      const ext = extname(reply.fixture).toLowerCase();
      if (ext === '.json') headers['content-type'] = 'application/json';
      else if (ext === '.xml') headers['content-type'] = 'application/xml';
    } else if (reply.body !== undefined) {
      payload = typeof reply.body === 'string' ? Buffer.from(reply.body) : reply.body;
    }
    for (const [k, v] of Object.entries(reply.headers ?? {})) headers[k.toLowerCase()] = v;
    headers['content-length'] ??= String(payload.length);
    return { status: reply.status ?? 200, headers, body: Readable.from(payload.length ? [payload] : []) };
  }

  async close(): Promise<void> {
    // nothing pooled
  }
}
