/**
 * Every Connection option fed wrong types and shapes: each is an InvalidArgumentError
 * (code NUBES_ERR_INVALID_ARGUMENT) naming the option, never a raw TypeError and never
 * silently accepted. The table is keyed by CONNECTION_OPTION_KEYS, so an option added
 * without rows fails here. Header names and values that cannot be sent (CR/LF in a
 * credential, a space in a name) are refused before anything is sent, and never retried.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Connection,
  CONNECTION_OPTION_KEYS,
  ConnectionKey,
  InvalidArgumentError,
  type ConnectionOptions,
  type PreparedRequest,
  type Transport,
  type TransportRequest,
} from '../../src/index.js';
import { NodeTransport } from '../../src/connection/transport/node-transport.js';
import { UndiciTransport } from '../../src/connection/transport/undici-transport.js';
import { startOrigin, type Origin } from '../helpers/origin.js';

/** Wrong values for each option. The option named in the error is the row's key unless given. */
const BAD: Record<keyof ConnectionOptions, readonly unknown[]> = {
  host: [123, '', 'a b', 'a/b', {}, null],
  port: ['443', 0, 70000, 1.5, {}],
  secure: ['yes', 1, null],
  url: [123, {}, [], 'not a url', 'ftp://example.com/'],
  timeout: ['10', -1, null, { connect: 'x' }, { idel: 5 }],
  retry: ['3', -1, null, { retries: 'x' }, { statusCodes: 503 }, { statusCodes: '503' }, { statusCodes: [503, 'x'] }, { statusCodes: [99] }, { statusCodes: null }],
  transport: ['curl', 123, null, {}],
  dispatcher: ['x', 123, {}, null],
  userAgent: [123, 'a\nb', {}],
  proxyUrl: [123, {}, [], true, 'socks5://127.0.0.1:1080', 'ftp://proxy:21'],
  noProxy: [123, null, ['localhost'], { host: 'localhost' }, true],
  trustEnv: ['yes', 1, null],
  caCertsPath: [123, [1], {}, null],
  caMode: ['both', 1, null],
  proxyCaCertsPath: [123, [1], {}, null],
  verifySslCert: ['no', 0, null],
  maxResponseSize: ['1', 0, -5, null],
  followRedirects: ['yes', -1, 1.5, null],
  debug: [123, {}, [], null],
  env: ['string', 123, [], null, true],
  logger: ['console', 123, null, true, {}, { debug: () => undefined, info: () => undefined }, { debug: 1, info: 2, warn: 3 }],
};

function describeValue(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : Array.isArray(value) ? `[${value.map(String).join(',')}]` : typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value);
}

function expectInvalid(fn: () => unknown, option: string): InvalidArgumentError {
  let caught: unknown;
  try {
    fn();
  } catch (err) {
    caught = err;
  }
  expect(caught, `expected an error naming ${option}`).toBeInstanceOf(InvalidArgumentError);
  const err = caught as InvalidArgumentError;
  expect(err.code).toBe('NUBES_ERR_INVALID_ARGUMENT');
  expect(err.message).toContain(option);
  expect(err.option?.split('.')[0]).toBe(option);
  return err;
}

describe('Connection options validation', () => {
  it('has rows for every option', () => {
    expect(Object.keys(BAD).sort()).toEqual([...CONNECTION_OPTION_KEYS].sort());
    for (const key of CONNECTION_OPTION_KEYS) expect(BAD[key].length, key).toBeGreaterThan(0);
  });

  for (const key of CONNECTION_OPTION_KEYS) {
    for (const value of BAD[key] ?? []) {
      it(`refuses ${key}: ${describeValue(value)} with an InvalidArgumentError naming ${key}`, () => {
        expectInvalid(() => new Connection({ [key]: value } as ConnectionOptions), key);
      });
    }
  }

  it('never echoes the proxy password of a bad proxyUrl', () => {
    const err = expectInvalid(() => new Connection({ proxyUrl: 'socks5://user:s3cretpw@127.0.0.1:1080' }), 'proxyUrl');
    expect(err.message).not.toContain('s3cretpw');
  });

  it('refuses setHttpProxy with a value that is not a string, naming setHttpProxy', () => {
    const c = new Connection({ env: {} });
    for (const value of [123, {}, [], true]) {
      expectInvalid(() => c.setHttpProxy(value as unknown as string), 'setHttpProxy');
    }
  });

  it('keeps accepting the documented shapes', () => {
    const ok: ConnectionOptions[] = [
      { retry: { statusCodes: [503] } },
      { retry: { statusCodes: [] } },
      { noProxy: 'localhost,.corp' },
      { noProxy: '' },
      { debug: false },
      { debug: '/tmp/nubes-debug.log' },
      { env: {} },
      { env: { HTTPS_PROXY: 'http://127.0.0.1:3128' } },
      { proxyUrl: null },
      { verifySslCert: true },
    ];
    for (const options of ok) expect(() => new Connection(options)).not.toThrow();
  });
});

/** A transport that counts what reaches it, over a real one. */
class CountingTransport implements Transport {
  readonly name: string;
  sent = 0;
  constructor(private readonly inner: Transport) {
    this.name = inner.name;
  }
  send(request: TransportRequest): ReturnType<Transport['send']> {
    this.sent++;
    return this.inner.send(request);
  }
  close(): Promise<void> {
    return this.inner.close();
  }
}

class TokenConnection extends ConnectionKey {
  protected override addDefaultHeaders(headers: Record<string, string>): Record<string, string> {
    return { ...headers, authorization: `Bearer ${this.key}` };
  }
}

class HookHeaderConnection extends Connection {
  constructor(
    private readonly header: [string, string],
    options: ConnectionOptions,
  ) {
    super(options);
  }
  protected override preConnectHook(request: PreparedRequest): void {
    request.headers[this.header[0]] = this.header[1];
  }
}

describe('Header names and values that cannot be sent', () => {
  let origin: Origin;
  beforeAll(async () => {
    origin = await startOrigin();
  });
  afterAll(async () => {
    await origin.close();
  });

  const transports = {
    undici: () => new UndiciTransport(),
    node: () => new NodeTransport(),
  };

  for (const [name, make] of Object.entries(transports)) {
    describe(`on the ${name} transport`, () => {
      const options = (transport: Transport): ConnectionOptions => ({ url: origin.url, transport, env: {}, retry: { minDelay: 1, maxDelay: 2 } });

      it('refuses a credential with CR/LF before sending, naming the header, not the secret, and does not retry', async () => {
        const transport = new CountingTransport(make());
        const secret = 'tok-secret-123\r\nx-injected: 1';
        const c = new TokenConnection(secret, options(transport));
        const err = await c.request('/echo').catch((e: unknown) => e);
        expect(err).toBeInstanceOf(InvalidArgumentError);
        expect((err as InvalidArgumentError).code).toBe('NUBES_ERR_INVALID_ARGUMENT');
        expect((err as Error).message).toContain('authorization');
        expect((err as Error).message).not.toContain('tok-secret-123');
        expect(transport.sent).toBe(0);
        await c.close();
        await transport.close();
      });

      it('refuses a caller header whose value has a line feed, naming it', async () => {
        const transport = new CountingTransport(make());
        const c = new Connection(options(transport));
        const err = await c.request('/echo', { headers: { 'x-meta': 'a\nb' } }).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(InvalidArgumentError);
        expect((err as Error).message).toContain('x-meta');
        expect(transport.sent).toBe(0);
        await c.close();
        await transport.close();
      });

      it('refuses a header name with a space or a character outside the token set', async () => {
        for (const bad of ['x bad', 'x:bad', 'x(bad)', '']) {
          const transport = new CountingTransport(make());
          const c = new Connection(options(transport));
          const err = await c.request('/echo', { headers: { [bad]: 'v' } }).catch((e: unknown) => e);
          expect(err, JSON.stringify(bad)).toBeInstanceOf(InvalidArgumentError);
          expect((err as InvalidArgumentError).option).toBe('headers');
          expect(transport.sent).toBe(0);
          await c.close();
          await transport.close();
        }
      });

      it('refuses a bad header a hook adds, before sending', async () => {
        const transport = new CountingTransport(make());
        const c = new HookHeaderConnection(['x-signature', 'abc\r\n'], options(transport));
        const err = await c.request('/echo').catch((e: unknown) => e);
        expect(err).toBeInstanceOf(InvalidArgumentError);
        expect((err as Error).message).toContain('x-signature');
        expect(transport.sent).toBe(0);
        await c.close();
        await transport.close();
      });

      it('still sends ordinary headers, a tab in a value and every token character in a name', async () => {
        const transport = new CountingTransport(make());
        const c = new Connection(options(transport));
        const res = await c.request<string>('/echo', { headers: { 'x-tab': 'a\tb', "x-token!#$%&'*+-.^_`|~": 'v' } });
        expect(res.status).toBe(200);
        expect(transport.sent).toBe(1);
        await c.close();
        await transport.close();
      });
    });
  }
});
