/**
 * Loopback fakes of Google's endpoints for the tests:
 * - a token endpoint that VERIFIES the RS256 JWT (signature with the service account's
 *   public key, iss, aud = its own token_uri, scope, iat/exp window ≤ 1 h) and the form
 *   fields, and answers the refresh-token grant of an authorized_user file;
 * - a Google API that requires the bearer token it issued and serves fixtures;
 * - a GCE metadata server that requires `Metadata-Flavor: Google` and echoes it.
 */
import { createPublicKey, generateKeyPairSync, verify, type KeyObject } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';

/** A throwaway service account: RSA key pair and the key file pointing at `tokenUri`. */
export interface FakeServiceAccount {
  email: string;
  privateKeyPem: string;
  publicKey: KeyObject;
  keyFile(tokenUri: string, project?: string): Record<string, string>;
}

export function makeServiceAccount(email = 'robot@test-project.iam.gserviceaccount.com'): FakeServiceAccount {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const privateKeyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  return {
    email,
    privateKeyPem,
    publicKey: createPublicKey(publicKey.export({ type: 'spki', format: 'pem' })),
    keyFile: (tokenUri, project = 'test-project') => ({
      type: 'service_account',
      project_id: project,
      private_key_id: 'kid-0123456789abcdef',
      private_key: privateKeyPem,
      client_email: email,
      client_id: '100000000000000000001',
      auth_uri: 'https://accounts.example/o/oauth2/auth',
      token_uri: tokenUri,
      universe_domain: 'googleapis.com',
    }),
  };
}

/** A request a fake saw. */
export interface Seen {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A route of the fake API: returns [status, json] (or a function of the request). */
export type ApiRoute = (req: Seen) => { status?: number; json: unknown; headers?: Record<string, string> };

export interface FakeGoogle {
  /** `http(s)://127.0.0.1:port` */
  url: string;
  port: number;
  /** The token endpoint (`<url>/token`): put it in the key's token_uri. */
  tokenUri: string;
  seen: Seen[];
  /** Tokens issued so far. */
  issued: string[];
  /** JWT claims of every accepted assertion. */
  claims: Record<string, unknown>[];
  /** Why the last assertion was refused, if it was. */
  lastRefusal: string | undefined;
  /** API routes by `METHOD path` (path without query). */
  routes: Map<string, ApiRoute>;
  close(): Promise<void>;
}

export interface FakeGoogleOptions {
  account: FakeServiceAccount;
  /** The scope the JWT must carry (space-separated). */
  scope: string;
  tls?: { key: string; cert: string };
  /** An authorized_user refresh token to accept. */
  refreshToken?: string;
  /** Seconds until issued tokens expire (default 3599). */
  expiresIn?: number;
}

function b64json(part: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;
}

/** Verifies a JWT bearer assertion; returns the refusal reason or the claims. */
export function checkAssertion(assertion: string, account: FakeServiceAccount, tokenUri: string, scope: string, now = Date.now()): string | Record<string, unknown> {
  const parts = assertion.split('.');
  if (parts.length !== 3) return 'not a JWT';
  const [h, c, s] = parts as [string, string, string];
  const header = b64json(h);
  if (header.alg !== 'RS256' || header.typ !== 'JWT') return `bad header ${JSON.stringify(header)}`;
  if (!verify('sha256', Buffer.from(`${h}.${c}`), account.publicKey, Buffer.from(s, 'base64url'))) return 'Invalid JWT Signature.';
  const claims = b64json(c);
  if (claims.iss !== account.email) return `iss ${String(claims.iss)}`;
  if (claims.aud !== tokenUri) return `aud ${String(claims.aud)} is not ${tokenUri}`;
  if (claims.scope !== scope) return `scope ${String(claims.scope)} is not ${scope}`;
  const iat = Number(claims.iat);
  const exp = Number(claims.exp);
  const nowS = Math.floor(now / 1000);
  if (!Number.isInteger(iat) || Math.abs(iat - nowS) > 60) return 'invalid_grant: iat is not now';
  if (!Number.isInteger(exp) || exp <= nowS || exp - iat > 3600) return 'invalid_grant: exp window';
  return claims;
}

export async function startFakeGoogle(options: FakeGoogleOptions): Promise<FakeGoogle> {
  const seen: Seen[] = [];
  const issued: string[] = [];
  const claims: Record<string, unknown>[] = [];
  const routes = new Map<string, ApiRoute>();
  let n = 0;
  const state = { lastRefusal: undefined as string | undefined };
  // eslint-disable-next-line prefer-const
  let fake: FakeGoogle;
  const send = (res: http.ServerResponse, status: number, json: unknown, headers: Record<string, string> = {}): void => {
    res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8', ...headers });
    res.end(JSON.stringify(json));
  };
  const handler = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const record: Seen = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      seen.push(record);
      const path = new URL(record.url, 'http://x').pathname;
      if (record.method === 'POST' && path === '/token') {
        if (!String(req.headers['content-type']).startsWith('application/x-www-form-urlencoded')) {
          send(res, 400, { error: 'invalid_request', error_description: 'form encoding required' });
          return;
        }
        const form = new URLSearchParams(record.body);
        let ok = false;
        if (form.get('grant_type') === 'urn:ietf:params:oauth:grant-type:jwt-bearer') {
          const result = checkAssertion(form.get('assertion') ?? '', options.account, fake.tokenUri, options.scope);
          if (typeof result === 'string') state.lastRefusal = result;
          else {
            claims.push(result);
            ok = true;
          }
        } else if (form.get('grant_type') === 'refresh_token' && options.refreshToken !== undefined) {
          ok = form.get('refresh_token') === options.refreshToken && form.get('client_secret') === 'client-secret-xyz';
          if (!ok) state.lastRefusal = 'bad refresh token';
        } else state.lastRefusal = `grant_type ${String(form.get('grant_type'))}`;
        if (!ok) {
          const description = state.lastRefusal === 'Invalid JWT Signature.' ? 'Invalid JWT Signature.' : `Invalid JWT: ${state.lastRefusal ?? ''}`;
          send(res, 400, { error: 'invalid_grant', error_description: description });
          return;
        }
        const token = `ya29.fake-${++n}-${Math.random().toString(36).slice(2)}secret`;
        issued.push(token);
        send(res, 200, { access_token: token, expires_in: options.expiresIn ?? 3599, token_type: 'Bearer' });
        return;
      }
      const auth = String(req.headers.authorization ?? '');
      if (!auth.startsWith('Bearer ') || !issued.includes(auth.slice(7))) {
        send(res, 401, { error: { code: 401, message: 'Request had invalid authentication credentials.', status: 'UNAUTHENTICATED', errors: [{ reason: 'authError', domain: 'global', message: 'Invalid Credentials' }] } });
        return;
      }
      const route = routes.get(`${record.method} ${path}`);
      if (!route) {
        send(res, 404, { error: { code: 404, message: `The resource '${path}' was not found`, errors: [{ domain: 'global', reason: 'notFound', message: 'not found' }] } });
        return;
      }
      const out = route(record);
      send(res, out.status ?? 200, out.json, out.headers);
    });
  };
  const server = options.tls ? https.createServer({ key: options.tls.key, cert: options.tls.cert }, handler) : http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const url = `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`;
  fake = {
    url,
    port,
    tokenUri: `${url}/token`,
    seen,
    issued,
    claims,
    get lastRefusal() {
      return state.lastRefusal;
    },
    routes,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return fake;
}

export interface FakeMetadata {
  /** `127.0.0.1:port`, for GCE_METADATA_HOST. */
  host: string;
  seen: Seen[];
  close(): Promise<void>;
}

/** A fake metadata server; `impostor` answers without Metadata-Flavor (a captive portal). */
export async function startFakeMetadata(options: { project?: string; impostor?: boolean } = {}): Promise<FakeMetadata> {
  const seen: Seen[] = [];
  let n = 0;
  const server = http.createServer((req, res) => {
    seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: '' });
    const flavor: Record<string, string> = options.impostor ? {} : { 'metadata-flavor': 'Google' };
    if (req.headers['metadata-flavor'] !== 'Google') {
      res.writeHead(403, { 'content-type': 'text/html', ...flavor });
      res.end('Missing Metadata-Flavor:Google header.');
      return;
    }
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path === '/computeMetadata/v1/instance/service-accounts/default/token' || path.startsWith('/computeMetadata/v1/instance/service-accounts/')) {
      res.writeHead(200, { 'content-type': 'application/json', ...flavor });
      res.end(JSON.stringify({ access_token: `ya29.metadata-${++n}-secrettoken`, expires_in: 3000, token_type: 'Bearer' }));
      return;
    }
    if (path === '/computeMetadata/v1/project/project-id') {
      res.writeHead(200, { 'content-type': 'application/text', ...flavor });
      res.end(options.project ?? 'meta-project');
      return;
    }
    res.writeHead(404, { 'content-type': 'text/html', ...flavor });
    res.end('not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    host: `127.0.0.1:${port}`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
