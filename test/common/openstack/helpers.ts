/**
 * Test helpers for the OpenStack family: Keystone fixtures and a token route on a
 * MockTransport.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { MockHandler, MockTransport, RecordedRequest } from '../../../src/testing/index.js';

const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));

/** A Keystone fixture, parsed (a fresh copy each time). */
export function keystoneFixture<T = Record<string, unknown>>(name: string): T {
  return JSON.parse(readFileSync(`${FIXTURES}${name}`, 'utf8')) as T;
}

/** Options of {@link tokenRoute}. */
export interface TokenRouteOptions {
  /** Fixture file of the token body (default `token-single-region.json`). */
  fixture?: string;
  /** Tokens handed out in turn (`tok-1`, `tok-2`, ... by default). */
  tokens?: readonly string[];
  /** Replaces the token's issued_at/expires_at (ISO strings); `null` removes the field. */
  issuedAt?: string | null;
  expiresAt?: string | null;
  /** Host the route answers on (default keystone.example.com). */
  host?: string;
}

/** What a token route records. */
export interface TokenRoute {
  /** The token requests received, in order. */
  readonly requests: RecordedRequest[];
}

/** Adds `POST /v3/auth/tokens` to `mock`, answering 201 with X-Subject-Token and a fixture body. */
export function tokenRoute(mock: MockTransport, options: TokenRouteOptions = {}): TokenRoute {
  const requests: RecordedRequest[] = [];
  const handler: MockHandler = (req) => {
    requests.push(req);
    const body = keystoneFixture<{ token: Record<string, unknown> }>(options.fixture ?? 'token-single-region.json');
    if (options.issuedAt === null) delete body.token.issued_at;
    else if (options.issuedAt !== undefined) body.token.issued_at = options.issuedAt;
    if (options.expiresAt === null) delete body.token.expires_at;
    else if (options.expiresAt !== undefined) body.token.expires_at = options.expiresAt;
    const token = options.tokens?.[requests.length - 1] ?? `tok-${requests.length}-gAAAAABlongkeystonetoken`;
    return { status: 201, headers: { 'x-subject-token': token }, json: body };
  };
  mock.on('POST', /\/v3\/auth\/tokens$/, handler, { host: options.host ?? 'keystone.example.com' });
  return { requests };
}
