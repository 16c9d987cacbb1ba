/**
 * Writing a driver for a provider nubes does not ship: "Acme Cloud", a made-up compute
 * API. The four parts every nubes driver has:
 *
 * 1. a Connection subclass: where the endpoint and the auth live;
 * 2. a Response subclass: maps the provider's errors to nubes errors;
 * 3. the driver: metadata, `static capabilities`, and the methods it supports, mapping
 *    payloads to nubes' value types (Node, NodeSize, ...);
 * 4. registration with `setDriver`, after which `getDriver('acme')` (and the `nubes`
 *    command, through a plugin) finds it.
 *
 * It runs against a MockTransport (no network), the way its tests would.
 * Run: npx tsx examples/third-party-driver.ts
 * In your code, import from 'nubes', 'nubes/compute' and 'nubes/testing' instead of '../src/...'.
 */
import { ConnectionKey, JsonResponse, NubesError, paginate, type NubesErrorOptions } from '../src/index.js';
import { InvalidCredentialsError, NodeDoesNotExistError } from '../src/index.js';
import { getDriver, Node, NodeDriver, NodeState, setDriver, type ComputeMethod } from '../src/drivers/compute/index.js';
import { MockTransport } from '../src/testing/index.js';

// --- 1. The connection: endpoint and auth ------------------------------------------

/** Acme authenticates with a bearer token; every path is under /v1. */
class AcmeConnection extends ConnectionKey {
  protected override responseCls = AcmeResponse;

  protected override morphAction(action: string): string {
    return `/v1${action}`;
  }

  protected override addDefaultHeaders(headers: Record<string, string>): Record<string, string> {
    // `this.key` is registered as a secret by ConnectionKey: it never shows in errors or logs.
    return { ...headers, authorization: `Bearer ${this.key}`, accept: 'application/json' };
  }
}

// --- 2. The response: error mapping ------------------------------------------------

interface AcmeError {
  error?: { code?: string; message?: string };
}

/** Acme errors look like `{ "error": { "code": "server_not_found", "message": "..." } }`. */
class AcmeResponse extends JsonResponse {
  override async parseError(): Promise<NubesError> {
    const body = (() => {
      try {
        return JSON.parse(this.body) as AcmeError;
      } catch {
        return {};
      }
    })();
    const options: NubesErrorOptions = { statusCode: this.status, provider: 'acme' };
    if (this.requestId) options.requestId = this.requestId;
    const message = `${body.error?.message ?? 'Acme error'} (HTTP ${this.status})`;
    if (body.error?.code === 'server_not_found') return new NodeDoesNotExistError(message, options);
    if (body.error?.code === 'bad_token') return new InvalidCredentialsError(message, options);
    return super.parseError(); // the status-based mapping: 404 NotFound, 429 RateLimit, 5xx ...
  }
}

// --- 3. The driver -----------------------------------------------------------------

interface AcmeServer {
  id: string;
  label: string;
  status: 'provisioning' | 'running' | 'off';
  ipv4: string[];
  plan: string;
  image: string;
}

const STATES: Record<AcmeServer['status'], NodeState> = {
  provisioning: NodeState.PENDING,
  running: NodeState.RUNNING,
  off: NodeState.STOPPED,
};

/** The Acme Cloud compute driver. */
class AcmeNodeDriver extends NodeDriver<AcmeConnection> {
  static override readonly connectionCls = AcmeConnection;
  /** What it implements; every other method throws NotSupportedError naming it. */
  static override readonly capabilities: readonly ComputeMethod[] = ['listNodes', 'rebootNode', 'destroyNode'];

  readonly type = 'acme';
  readonly name = 'Acme Cloud';
  readonly website = 'https://acme-cloud.example';

  constructor(token: string, secret?: string, options: ConstructorParameters<typeof NodeDriver>[2] = {}) {
    // The default endpoint; `host`/`url` options still override it (mocks, staging).
    super(token, secret, { host: 'api.acme-cloud.example', ...options });
  }

  /** Pages are followed lazily; `listNodes()` collects them (from the base class). */
  override async *iterateNodes(): AsyncGenerator<Node, void, undefined> {
    yield* paginate<Node, string>(undefined, async (cursor) => {
      const res = await this.connection.request<{ servers: AcmeServer[]; next_cursor: string | null }>('/servers', {
        params: { limit: 100, cursor },
      });
      return { items: res.object.servers.map((s) => this.#toNode(s)), next: res.object.next_cursor ?? undefined };
    });
  }

  override async rebootNode(node: Node<object> | string): Promise<void> {
    await this.connection.request(`/servers/${encodeURIComponent(typeof node === 'string' ? node : node.id)}/reboot`, { method: 'POST' });
  }

  override async destroyNode(node: Node<object> | string): Promise<void> {
    await this.connection.request(`/servers/${encodeURIComponent(typeof node === 'string' ? node : node.id)}`, { method: 'DELETE' });
  }

  #toNode(s: AcmeServer): Node<{ plan: string }> {
    return new Node(
      { id: s.id, name: s.label, state: STATES[s.status] ?? NodeState.UNKNOWN, publicIps: s.ipv4, privateIps: [], size: s.plan, image: s.image, extra: { plan: s.plan } },
      this,
    );
  }
}

// --- 4. Registration ---------------------------------------------------------------

setDriver('acme', AcmeNodeDriver);

// --- Using it (against a mock: this is what the driver's tests look like) ----------

const mock = MockTransport.fromFixtures('.', {
  'GET /v1/servers': {
    json: { servers: [{ id: 'srv-1', label: 'web-1', status: 'running', ipv4: ['198.51.100.10'], plan: 'a1.small', image: 'debian-12' }], next_cursor: 'c2' },
  },
  'GET /v1/servers?cursor=c2': {
    json: { servers: [{ id: 'srv-2', label: 'db-1', status: 'off', ipv4: [], plan: 'a1.large', image: 'debian-12' }], next_cursor: null },
  },
  'POST /v1/servers/srv-1/reboot': { status: 202 },
  'DELETE /v1/servers/*': { status: 404, json: { error: { code: 'server_not_found', message: 'No server srv-9' } } },
});

const Acme = getDriver('acme');
const driver = new Acme('acme-token-123', undefined, { transport: mock });

for (const node of await driver.listNodes()) console.log(`${node.id}  ${node.name}  ${node.state}  ${node.publicIps.join(',') || '-'}`);
await driver.rebootNode('srv-1');
console.log('rebooted srv-1');
try {
  await driver.destroyNode('srv-9');
} catch (err) {
  if (!(err instanceof NodeDoesNotExistError)) throw err;
  console.log(`destroy srv-9: ${err.name} [${err.code}] ${err.message}`);
}
try {
  await driver.createNode({ name: 'x', size: 'a1.small', image: 'debian-12' });
} catch (err) {
  if (!(err instanceof NubesError)) throw err;
  console.log(`create: ${err.code} ${err.message}`);
}
console.log(`supports listNodes: ${driver.supports('listNodes')}, createNode: ${driver.supports('createNode')}`);
console.log(`requests: ${mock.calls().join(' | ')}`);
console.log(`token sent as: ${mock.requests[0]?.headers.authorization}`);
