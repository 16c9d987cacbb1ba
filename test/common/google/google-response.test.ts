/** Google's JSON errors → nubes typed errors, and which of them are retried. */
import { describe, expect, it } from 'vitest';
import { GoogleConnection } from '../../../src/common/google/index.js';
import {
  ConflictError,
  InvalidCredentialsError,
  NotFoundError,
  NubesError,
  ProviderError,
  RateLimitError,
  ServiceUnavailableError,
  type TokenCredential,
} from '../../../src/index.js';
import { MockTransport } from '../../../src/testing/index.js';

const staticToken: TokenCredential = { kind: 'static', getToken: async () => ({ token: 'ya29.static-token-secret', expiresAt: Date.now() + 3_600_000 }) };

function googleError(code: number, reason: string, message = `${reason} happened`): unknown {
  return { error: { code, message, errors: [{ domain: 'global', reason, message }] } };
}

async function errorFor(status: number, json: unknown, method: 'GET' | 'POST' = 'GET'): Promise<{ err: NubesError; calls: number }> {
  const mock = new MockTransport().on(method, '/x', { status, json });
  const conn = new GoogleConnection({ host: 'compute.googleapis.com', credentials: staticToken, transport: mock, env: {}, retry: { retries: 2, minDelay: 1, maxDelay: 1 } });
  const err = await conn.request('/x', { method }).then(
    () => undefined,
    (e: unknown) => e as NubesError,
  );
  expect(err).toBeInstanceOf(NubesError);
  return { err: err!, calls: mock.requests.length };
}

describe('GoogleResponse', () => {
  it.each([
    [404, 'notFound', NotFoundError],
    [409, 'alreadyExists', ConflictError],
    [400, 'resourceInUseByAnotherResource', ConflictError],
    [403, 'rateLimitExceeded', RateLimitError],
    [403, 'userRateLimitExceeded', RateLimitError],
    [503, 'backendError', ServiceUnavailableError],
  ])('%i %s → %o, reason in providerCode', async (status, reason, cls) => {
    const { err } = await errorFor(status, googleError(status, reason));
    expect(err).toBeInstanceOf(cls);
    expect(err.providerCode).toBe(reason);
    expect(err.statusCode).toBe(status);
    expect(err.message).toContain(`${reason} happened`);
  });

  it('quotaExceeded is a provider error with its reason, neither auth nor throttling', async () => {
    const { err, calls } = await errorFor(403, googleError(403, 'quotaExceeded', "Quota 'CPUS' exceeded. Limit: 24.0 in region europe-west1."));
    expect(err).toBeInstanceOf(ProviderError);
    expect(err).not.toBeInstanceOf(InvalidCredentialsError);
    expect(err).not.toBeInstanceOf(RateLimitError);
    expect(err.providerCode).toBe('quotaExceeded');
    expect(err.message).toMatch(/^Quota exceeded: Quota 'CPUS' exceeded/);
    expect(calls).toBe(1);
  });

  it('403 forbidden is an authentication error that is not re-tried with a new token', async () => {
    const { err, calls } = await errorFor(403, googleError(403, 'forbidden', 'Required permission compute.instances.list'));
    expect(err).toBeInstanceOf(InvalidCredentialsError);
    expect(calls).toBe(1);
  });

  it('429 and 503 are retried for idempotent requests, not for a POST', async () => {
    expect((await errorFor(429, googleError(429, 'rateLimitExceeded'))).calls).toBe(3);
    expect((await errorFor(503, googleError(503, 'backendError'))).calls).toBe(3);
    expect((await errorFor(503, googleError(503, 'backendError'), 'POST')).calls).toBe(1);
    expect((await errorFor(403, googleError(403, 'rateLimitExceeded'), 'POST')).calls).toBe(1);
  });

  it('OAuth errors (token endpoint) are authentication errors with the description', async () => {
    const { err } = await errorFor(400, { error: 'invalid_grant', error_description: 'Invalid JWT Signature.' });
    expect(err).toBeInstanceOf(InvalidCredentialsError);
    expect(err.providerCode).toBe('invalid_grant');
    expect(err.message).toContain('Invalid JWT Signature.');
  });

  it('the canonical status is used when there is no reason', async () => {
    const { err } = await errorFor(404, { error: { code: 404, message: 'gone', status: 'NOT_FOUND' } });
    expect(err).toBeInstanceOf(NotFoundError);
    expect(err.providerCode).toBe('NOT_FOUND');
  });
});
