/**
 * A transport for tests: routes method + path (+ query) to canned responses or
 * handler functions, records every request, and fails clearly on a request no route
 * matches. Pass it to a driver with the `transport` option — no global state.
 */
import { AssertionError } from 'node:assert';
import { readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { Readable } from 'node:stream';
import { NubesError, registerErrorClasses } from '../common/errors/index.js';
import { redactHeaders, redactUrl } from '../common/redact.js';
import type { ProxyConfig } from '../connection/proxy.js';
import type { Transport, TransportRequest, TransportResponse } from '../connection/transport/transport.js';

/** A canned reply. Give at most one of `body`, `json`, `xml`, `fixture`. */
export interface MockReply {
  /** Default 200. */
  status?: number;
  /** Response headers (a `content-type` here beats the one `json`/`xml`/`fixture` imply). */
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
  /** HTTP method, uppercase. */
  readonly method: string;
  /** The full URL. */
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

/**
 * A request matched no route. The message shows the request (secrets redacted) and
 * every route tried, so the missing or wrong route is obvious.
 *
 * @example
 * ```ts
 * import { expect, it } from 'vitest';
 * import { MockTransport, UnmatchedRequestError } from 'nubes/testing';
 * import { DigitalOceanNodeDriver } from 'nubes/compute';
 *
 * it('fails clearly on a request no route answers', async () => {
 *   const driver = new DigitalOceanNodeDriver('token', undefined, { transport: new MockTransport() });
 *   await expect(driver.listNodes()).rejects.toBeInstanceOf(UnmatchedRequestError);
 * });
 * ```
 */
export class UnmatchedRequestError extends NubesError {
  override readonly name = 'UnmatchedRequestError';
  override readonly code = 'NUBES_ERR_MOCK_UNMATCHED';
}
registerErrorClasses({ UnmatchedRequestError });

/** Options of {@link MockTransport}. */
export interface MockTransportOptions {
  /** Directory `fixture` paths are relative to. */
  fixturesDir?: string;
}

/**
 * What a key of {@link MockTransport.fromFixtures} maps to: a fixture file name (served
 * with status 200), a {@link MockReply} (its `fixture` is relative to the directory), a
 * handler, or a list of replies served once each, in order (pagination, polling).
 */
export type FixtureRoute = string | MockReply | MockHandler | readonly (string | MockReply)[];

/**
 * Routes for {@link MockTransport.fromFixtures}, keyed `'METHOD /path'`:
 * - the method may be `*` (any);
 * - `?a=1&b=2` after the path must be present in the request's query (other parameters are allowed);
 * - `*` in the path matches one path segment, `**` any number of characters (slashes included);
 * - an absolute URL (`'GET https://auth.example.com/v3/auth/tokens'`) also matches the host.
 */
export type FixtureRoutes = Readonly<Record<string, FixtureRoute>>;

interface ParsedRouteKey {
  method: string;
  path: string | RegExp;
  options: RouteOptions;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
}

/** Parses a `'METHOD /path?query'` key of {@link FixtureRoutes}. */
function parseRouteKey(key: string): ParsedRouteKey {
  const match = /^\s*([A-Za-z]+|\*)\s+(\S+)\s*$/.exec(key);
  if (!match) {
    throw new NubesError(`Mock route key ${JSON.stringify(key)} must look like 'GET /path' or 'POST /path?query=value'`);
  }
  const method = match[1]!.toUpperCase();
  let target = match[2]!;
  const options: RouteOptions = {};
  if (/^https?:\/\//i.test(target)) {
    const url = new URL(target);
    options.host = url.host;
    target = `${decodeURIComponent(url.pathname)}${url.search}`;
  }
  const q = target.indexOf('?');
  let path = q === -1 ? target : target.slice(0, q);
  if (q !== -1) {
    const query: Record<string, string> = {};
    for (const [k, v] of new URLSearchParams(target.slice(q + 1))) query[k] = v;
    options.query = query;
  }
  if (!path.startsWith('/')) path = `/${path}`;
  if (!path.includes('*')) return { method, path, options };
  const source = path
    .split(/(\*\*|\*)/)
    .map((part) => (part === '**' ? '.*' : part === '*' ? '[^/]+' : escapeRegExp(part)))
    .join('');
  return { method, path: new RegExp(`^${source}$`), options };
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
 * A {@link Transport} that answers from routes instead of the network, for tests of code
 * that uses nubes. Pass it as a driver's (or Connection's) `transport` option. Routes
 * ({@link MockTransport.on}) match a method and a path (string or RegExp), optionally a
 * query and a host, and reply with a status, headers and a JSON, XML, raw or fixture
 * body, or through a handler. Every request is recorded in {@link MockTransport.requests},
 * with the proxy the connection chose; a request no route matches throws
 * {@link UnmatchedRequestError}, which lists the routes tried.
 *
 * @example
 * ```ts
 * import { expect } from 'vitest';
 * import { MockTransport } from 'nubes/testing';
 * import { DigitalOceanNodeDriver } from 'nubes/compute';
 *
 * const mock = new MockTransport()
 *   .on('GET', '/v2/droplets', { json: { droplets: [], links: {}, meta: { total: 0 } } });
 * const driver = new DigitalOceanNodeDriver('token', undefined, { transport: mock });
 * expect(await driver.listNodes()).toEqual([]);
 * expect(mock.requests[0]?.headers.authorization).toBe('Bearer token');
 * ```
 */
export class MockTransport implements Transport {
  readonly name = 'mock';
  /** Every request received, in order (unmatched ones included). */
  readonly requests: RecordedRequest[] = [];
  /** Requests no route matched (each also threw {@link UnmatchedRequestError} at the caller). */
  readonly unmatchedRequests: RecordedRequest[] = [];
  readonly #routes: Route[] = [];
  readonly #fixturesDir: string | undefined;

  constructor(options: MockTransportOptions = {}) {
    this.#fixturesDir = options.fixturesDir;
  }

  /**
   * A mock serving fixture files from `dir`, routed by `'METHOD /path'` keys (see
   * {@link FixtureRoutes} for wildcards, query matching and hosts). Routes are tried in
   * the order of the object's keys; a list of replies answers once per entry, in order.
   *
   * @example
   * ```ts
   * import { MockTransport } from 'nubes/testing';
   * import { DigitalOceanNodeDriver } from 'nubes/compute';
   *
   * const mock = MockTransport.fromFixtures('test/fixtures/compute/digitalocean', {
   *   'GET /v2/droplets': 'list-droplets.json',
   *   'GET /v2/droplets?page=2': 'list-droplets-page-2.json',
   *   'POST /v2/droplets/**': { status: 201, fixture: 'action.json' },
   *   'DELETE /v2/droplets/*': { status: 204 },
   * });
   * const driver = new DigitalOceanNodeDriver('token', undefined, { transport: mock });
   * ```
   */
  static fromFixtures(dir: string, routes: FixtureRoutes, options: Omit<MockTransportOptions, 'fixturesDir'> = {}): MockTransport {
    const mock = new MockTransport({ ...options, fixturesDir: dir });
    // Keys with a query are more specific than the same path without one: try them first,
    // so `'GET /x?page=2'` is not shadowed by `'GET /x'` whatever the key order.
    const entries = Object.entries(routes).map(([key, route]) => ({ key, route, parsed: parseRouteKey(key) }));
    entries.sort((a, b) => Number(b.parsed.options.query !== undefined) - Number(a.parsed.options.query !== undefined));
    for (const { key, route, parsed } of entries) {
      const toReply = (value: string | MockReply): MockReply => (typeof value === 'string' ? { fixture: value } : value);
      if (Array.isArray(route)) {
        if (route.length === 0) throw new NubesError(`Mock route ${JSON.stringify(key)} has an empty list of replies`);
        for (const item of route as readonly (string | MockReply)[]) {
          mock.on(parsed.method, parsed.path, toReply(item), { ...parsed.options, times: 1 });
        }
      } else if (typeof route === 'function') {
        mock.on(parsed.method, parsed.path, route as MockHandler, parsed.options);
      } else {
        mock.on(parsed.method, parsed.path, toReply(route as string | MockReply), parsed.options);
      }
    }
    return mock;
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

  /** Routes that never answered a request, described. */
  unusedRoutes(): string[] {
    return this.#routes.filter((r) => r.used === 0).map(describeRoute);
  }

  /**
   * The requests whose method and path match, in order. `path` is compared like a
   * route's: exactly (string) or by a RegExp; method `'*'` matches any.
   *
   * @example
   * ```ts
   * const [create] = mock.requestsTo('POST', '/v2/droplets');
   * expect(create?.json()).toMatchObject({ name: 'web-1' });
   * ```
   */
  requestsTo(method: string, path: string | RegExp): RecordedRequest[] {
    const m = method.toUpperCase();
    return this.requests.filter(
      (r) => (m === '*' || r.method === m) && (typeof path === 'string' ? r.path === path : path.test(r.path)),
    );
  }

  /**
   * One line per request received, `'METHOD /path?query'`, for asserting the exact
   * sequence of calls without a matcher library.
   *
   * @example
   * ```ts
   * expect(mock.calls()).toEqual(['GET /v2/droplets?page=1&per_page=200', 'POST /v2/droplets/1/actions']);
   * ```
   */
  calls(): string[] {
    return this.requests.map((r) => `${r.method} ${r.path}${r.url.search}`);
  }

  /**
   * Throws an `AssertionError` when a request went unmatched (even if the code under test
   * swallowed the error) or a route with `times` (or a reply list of
   * {@link MockTransport.fromFixtures}) was not used up. Call it at the end of a test.
   */
  assertDone(): void {
    const problems: string[] = [];
    for (const r of this.unmatchedRequests) problems.push(`unmatched request: ${r.method} ${redactUrl(r.url)}`);
    for (const route of this.pendingRoutes()) problems.push(`route not used up: ${route}`);
    if (problems.length > 0) {
      throw new AssertionError({ message: `MockTransport is not done:\n  ${problems.join('\n  ')}` });
    }
  }

  /** Forgets the recorded requests (routes and their use counts stay). */
  clearRequests(): void {
    this.requests.length = 0;
    this.unmatchedRequests.length = 0;
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
      this.unmatchedRequests.push(recorded);
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
