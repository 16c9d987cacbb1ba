/**
 * A loopback stand-in for Microsoft Entra ID's v2.0 token endpoint, the Azure IMDS token
 * endpoint and a sliver of Resource Manager, over http or https. It checks what a real
 * endpoint checks: the form fields of a client-credentials request, the signature,
 * `x5t` and claims of a client assertion (with the certificate's public key), and the
 * `Metadata: true` header of IMDS; and answers with the AADSTS errors Entra sends.
 */
import { createHash, verify, X509Certificate } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';

/** A request the fake saw. */
export interface Seen {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** What the fake expects of a client. */
export interface FakeAzureOptions {
  tenantId: string;
  clientId: string;
  /** The secret a client-secret request must send. */
  clientSecret?: string;
  /** The PEM certificate whose key must sign client assertions. */
  certificate?: string;
  /** TLS key and certificate: serve https. */
  tls?: { key: string; cert: string };
  /** Lifetime of issued tokens, seconds. */
  expiresIn?: number;
  /** Makes the n-th access token (default: an opaque `eyJ0eXAiOiJKV1Qi.fake-access-token-n-…`); `form` is the token request's form. */
  token?: (n: number, form: URLSearchParams) => string;
}

/** A running fake. */
export interface FakeAzure {
  readonly url: string;
  readonly port: number;
  readonly seen: Seen[];
  /** Tokens issued, in order. */
  readonly tokens: string[];
  /** Problems found in requests (a wrong field, a bad signature): a test expects none. */
  readonly problems: string[];
  close(): Promise<void>;
}

function b64urlJson(part: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;
}

function entraFailure(res: http.ServerResponse, status: number, error: string, code: number, text: string): void {
  res.statusCode = status;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.end(
    JSON.stringify({
      error,
      error_description: `AADSTS${code}: ${text}\r\nTrace ID: 0b5c1a2e-0000-4000-8000-000000000001\r\nCorrelation ID: 6f1d9c3a-0000-4000-8000-000000000002\r\nTimestamp: 2026-12-06 21:00:00Z`,
      error_codes: [code],
      timestamp: '2026-12-06 21:00:00Z',
      trace_id: '0b5c1a2e-0000-4000-8000-000000000001',
      correlation_id: '6f1d9c3a-0000-4000-8000-000000000002',
    }),
  );
}

/** Starts the fake on 127.0.0.1. `arm` answers every other path (default: 404). */
export async function startFakeAzure(options: FakeAzureOptions, arm?: (req: Seen, res: http.ServerResponse) => void): Promise<FakeAzure> {
  const seen: Seen[] = [];
  const tokens: string[] = [];
  const problems: string[] = [];
  let n = 0;
  const issue = (res: http.ServerResponse, extra: Record<string, unknown> = {}, form: URLSearchParams = new URLSearchParams()): void => {
    const token = options.token ? options.token(++n, form) : `eyJ0eXAiOiJKV1Qi.fake-access-token-${++n}-${'x'.repeat(12)}`;
    tokens.push(token);
    res.setHeader('content-type', 'application/json; charset=utf-8');
    res.end(JSON.stringify({ token_type: 'Bearer', expires_in: options.expiresIn ?? 3599, ext_expires_in: options.expiresIn ?? 3599, access_token: token, ...extra }));
  };
  const handler = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const record: Seen = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      seen.push(record);
      const url = new URL(record.url, 'http://fake');
      const tokenPath = /^\/([^/]+)\/oauth2\/v2\.0\/token$/.exec(url.pathname);
      if (req.method === 'POST' && tokenPath) {
        const tenant = decodeURIComponent(tokenPath[1]!);
        if (tenant !== options.tenantId) return entraFailure(res, 400, 'invalid_request', 90002, `Tenant '${tenant}' not found.`);
        if (!/^application\/x-www-form-urlencoded/.test(req.headers['content-type'] ?? '')) problems.push(`content-type ${req.headers['content-type']}`);
        const form = new URLSearchParams(record.body);
        if (form.get('grant_type') !== 'client_credentials') problems.push(`grant_type ${form.get('grant_type')}`);
        if (form.get('client_id') !== options.clientId) return entraFailure(res, 400, 'unauthorized_client', 700016, `Application with identifier '${form.get('client_id')}' was not found in the directory.`);
        const scope = form.get('scope') ?? '';
        if (!scope.endsWith('/.default')) return entraFailure(res, 400, 'invalid_scope', 1002012, `The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier.`);
        if (form.has('client_secret')) {
          if (form.get('client_secret') !== options.clientSecret) return entraFailure(res, 401, 'invalid_client', 7000215, 'Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID.');
          return issue(res, {}, form);
        }
        if (form.get('client_assertion_type') !== 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer') problems.push(`client_assertion_type ${form.get('client_assertion_type')}`);
        const assertion = form.get('client_assertion') ?? '';
        const [h, c, s] = assertion.split('.');
        if (!options.certificate || !h || !c || !s) return entraFailure(res, 401, 'invalid_client', 700027, 'Client assertion contains an invalid signature.');
        const cert = new X509Certificate(options.certificate);
        const header = b64urlJson(h);
        const claims = b64urlJson(c);
        const ok = verify('sha256', Buffer.from(`${h}.${c}`), cert.publicKey, Buffer.from(s, 'base64url'));
        if (!ok) return entraFailure(res, 401, 'invalid_client', 700027, 'Client assertion contains an invalid signature.');
        if (header.alg !== 'RS256') problems.push(`alg ${String(header.alg)}`);
        const thumb = createHash('sha1').update(cert.raw).digest('base64url');
        if (header.x5t !== thumb) return entraFailure(res, 401, 'invalid_client', 700027, `Client assertion contains an invalid signature. [Reason - The key was not found., Thumbprint of key used by client: '${String(header.x5t)}']`);
        const host = req.headers.host ?? '';
        const expectedAud = `${options.tls ? 'https' : 'http'}://${host}/${options.tenantId}/oauth2/v2.0/token`;
        if (claims.aud !== expectedAud) problems.push(`aud ${String(claims.aud)} != ${expectedAud}`);
        if (claims.iss !== options.clientId || claims.sub !== options.clientId) problems.push('iss/sub');
        const now = Math.floor(Date.now() / 1000);
        if (typeof claims.exp !== 'number' || claims.exp <= now || typeof claims.nbf !== 'number' || claims.nbf > now + 60) {
          return entraFailure(res, 401, 'invalid_client', 700024, 'Client assertion is not within its valid time range.');
        }
        if (typeof claims.jti !== 'string' || claims.jti.length < 16) problems.push('jti');
        return issue(res, {}, form);
      }
      if (req.method === 'GET' && url.pathname === '/metadata/identity/oauth2/token') {
        if (req.headers.metadata !== 'true') {
          res.statusCode = 400;
          res.setHeader('content-type', 'application/json');
          res.end(JSON.stringify({ error: 'invalid_request', error_description: 'Required metadata header not specified' }));
          return;
        }
        if (url.searchParams.get('api-version') !== '2018-02-01') problems.push(`imds api-version ${url.searchParams.get('api-version')}`);
        const resource = url.searchParams.get('resource') ?? '';
        // IMDS answers with strings, and expires_on in epoch seconds.
        const expiresOn = Math.floor(Date.now() / 1000) + 3600;
        const token = `imds-token-${++n}-${'y'.repeat(12)}`;
        tokens.push(token);
        res.setHeader('content-type', 'application/json; charset=utf-8');
        res.end(JSON.stringify({ access_token: token, refresh_token: '', expires_in: '3599', expires_on: String(expiresOn), not_before: String(expiresOn - 3600), resource, token_type: 'Bearer' }));
        return;
      }
      if (arm) return arm(record, res);
      res.statusCode = 404;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ error: { code: 'NotFound', message: `No route ${record.method} ${url.pathname}` } }));
    });
  };
  const server = options.tls ? https.createServer({ key: options.tls.key, cert: options.tls.cert }, handler) : http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    port,
    seen,
    tokens,
    problems,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
