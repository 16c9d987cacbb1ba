import { describe, expect, it } from 'vitest';
import {
  BadRequestError,
  ConflictError,
  InvalidCredentialsError,
  NotFoundError,
  ProviderError,
  RateLimitError,
  ServiceUnavailableError,
} from '../../../src/common/errors/index.js';
import { OpenStackResponse } from '../../../src/common/openstack/index.js';

function response(status: number, body: string | object, headers: Record<string, string> = {}): OpenStackResponse {
  return new OpenStackResponse({
    status,
    headers,
    body: Buffer.from(typeof body === 'string' ? body : JSON.stringify(body)),
    method: 'GET',
    url: 'https://nova.example.com:8774/v2.1/servers/x',
    provider: 'openstack',
  });
}

describe('OpenStackResponse', () => {
  it('reads a Nova itemNotFound fault', async () => {
    const res = response(404, { itemNotFound: { message: 'Instance 9d1e could not be found.', code: 404 } }, { 'x-compute-request-id': 'req-1a2b' });
    expect(res.faultName()).toBe('itemNotFound');
    const err = await res.parseError();
    expect(err).toBeInstanceOf(NotFoundError);
    expect(err.message).toBe('Instance 9d1e could not be found. (HTTP 404, request id req-1a2b)');
    expect(err.requestId).toBe('req-1a2b');
  });

  it('reads a badRequest fault', async () => {
    const err = await response(400, { badRequest: { message: "Invalid flavorRef provided.", code: 400 } }).parseError();
    expect(err).toBeInstanceOf(BadRequestError);
    expect(err.message).toContain('Invalid flavorRef provided.');
  });

  it('reads a conflictingRequest fault', async () => {
    const err = await response(409, { conflictingRequest: { message: "Cannot 'reboot' instance while it is in vm_state stopped", code: 409 } }).parseError();
    expect(err).toBeInstanceOf(ConflictError);
    expect(err.message).toContain('vm_state stopped');
  });

  it('reads the Keystone error shape', async () => {
    const res = response(401, { error: { code: 401, message: 'The request you have made requires authentication.', title: 'Unauthorized' } });
    expect(res.faultType()).toBe('Unauthorized');
    const err = await res.parseError();
    expect(err).toBeInstanceOf(InvalidCredentialsError);
    expect(err.message).toContain('requires authentication');
  });

  it('reads the Neutron error shape', async () => {
    const res = response(404, { NeutronError: { type: 'NetworkNotFound', message: 'Network 4e8e could not be found.', detail: '' } });
    expect(res.faultType()).toBe('NetworkNotFound');
    expect(res.errorMessage()).toBe('Network 4e8e could not be found.');
  });

  it('turns the HTML pages of Swift and Glance into text', async () => {
    const res = response(404, '<html><h1>Not Found</h1><p>The resource could not be found.</p></html>', { 'content-type': 'text/html' });
    expect(res.faultName()).toBeUndefined();
    expect(res.errorMessage()).toBe('Not Found: The resource could not be found.');
  });

  it('keeps a plain text error body', () => {
    expect(response(409, 'There was a conflict when trying to complete your request.').errorMessage()).toBe(
      'There was a conflict when trying to complete your request.',
    );
  });

  it('maps a 413 overLimit fault to RateLimitError with retryAfter from the body', async () => {
    const err = await response(413, { overLimit: { message: 'This request was rate-limited.', code: 413, retryAfter: '30' } }).parseError();
    expect(err).toBeInstanceOf(RateLimitError);
    expect(err.retryAfter).toBe(30);
    expect(err.message).toContain('rate-limited');
  });

  it('prefers the Retry-After header, and treats a 413 with it as throttling', async () => {
    const err = await response(413, 'Too many requests', { 'retry-after': '12' }).parseError();
    expect(err).toBeInstanceOf(RateLimitError);
    expect(err.retryAfter).toBe(12);
  });

  it('leaves a 413 quota fault with retryAfter 0 as a plain provider error (waiting does not help)', async () => {
    const err = await response(413, { overLimit: { message: 'Quota exceeded for instances: Requested 1, but already used 10 of 10 instances', code: 413, retryAfter: '0' } }, { 'retry-after': '0' }).parseError();
    expect(err).not.toBeInstanceOf(RateLimitError);
    expect(err).toBeInstanceOf(ProviderError);
    expect(err.message).toContain('Quota exceeded for instances');
    expect(err.providerCode).toBe('overLimit');
  });

  it('carries the fault name, Neutron type or Keystone title as providerCode', async () => {
    expect((await response(404, { itemNotFound: { message: 'x', code: 404 } }).parseError()).providerCode).toBe('itemNotFound');
    expect((await response(404, { NeutronError: { type: 'PortNotFound', message: 'x', detail: '' } }).parseError()).providerCode).toBe('PortNotFound');
    expect((await response(401, { error: { code: 401, message: 'x', title: 'Unauthorized' } }).parseError()).providerCode).toBe('Unauthorized');
    expect((await response(500, 'boom').parseError()).providerCode).toBeUndefined();
  });

  it('maps a 429 to RateLimitError', async () => {
    const err = await response(429, { overLimit: { message: 'Rate limit exceeded', code: 429 } }, { 'retry-after': '5' }).parseError();
    expect(err).toBeInstanceOf(RateLimitError);
    expect(err.retryAfter).toBe(5);
  });

  it('leaves a 413 without a limit fault (an entity too large) as a plain provider error', async () => {
    const err = await response(413, '<html><h1>Request Entity Too Large</h1><p>The body of your request was too large for this server.</p></html>').parseError();
    expect(err).not.toBeInstanceOf(RateLimitError);
    expect(err).toBeInstanceOf(ProviderError);
    expect(err.message).toContain('Request Entity Too Large');
  });

  it('maps a computeFault 500 to ServiceUnavailableError', async () => {
    const err = await response(500, { computeFault: { message: 'Unexpected API Error.', code: 500 } }).parseError();
    expect(err).toBeInstanceOf(ServiceUnavailableError);
    expect(err.message).toContain('Unexpected API Error.');
  });

  it('does not take a multi-key success-like body for a fault', () => {
    expect(response(400, { a: { message: 'x' }, b: {} }).faultName()).toBeUndefined();
  });
});

describe('OpenStackResponse bodies', () => {
  it('parses JSON by content type, keeps text as text, and leaves an empty body undefined', () => {
    expect(response(200, { servers: [] }, { 'content-type': 'application/json' }).parseBody()).toEqual({ servers: [] });
    expect(response(200, '{"a":1}', { 'content-type': 'application/openstack-images-v2.1-json-patch+json' }).parseBody()).toEqual({ a: 1 });
    expect(response(200, 'hello', { 'content-type': 'text/plain' }).parseBody()).toBe('hello');
    expect(response(200, '{"a":1}', {}).parseBody()).toEqual({ a: 1 });
    expect(response(200, 'container-a\ncontainer-b\n', {}).parseBody()).toBe('container-a\ncontainer-b\n');
    expect(response(204, '', {}).parseBody()).toBeUndefined();
  });

  it('still reports malformed JSON sent as application/json', () => {
    expect(() => response(200, '{oops', { 'content-type': 'application/json' }).parseBody()).toThrow();
  });
});
