import { describe, expect, it } from 'vitest';
import {
  BadRequestError,
  ConflictError,
  InvalidCredentialsError,
  NotFoundError,
  NubesError,
  ProviderError,
  RateLimitError,
  RedirectError,
  ServiceUnavailableError,
  errorFromStatus,
  parseRetryAfter,
} from '../../src/index.js';

describe('errorFromStatus', () => {
  it.each([
    [400, BadRequestError, 'NUBES_ERR_BAD_REQUEST'],
    [422, BadRequestError, 'NUBES_ERR_BAD_REQUEST'],
    [401, InvalidCredentialsError, 'NUBES_ERR_INVALID_CREDENTIALS'],
    [403, InvalidCredentialsError, 'NUBES_ERR_INVALID_CREDENTIALS'],
    [404, NotFoundError, 'NUBES_ERR_NOT_FOUND'],
    [409, ConflictError, 'NUBES_ERR_CONFLICT'],
    [429, RateLimitError, 'NUBES_ERR_RATE_LIMIT'],
    [301, RedirectError, 'NUBES_ERR_REDIRECT'],
    [500, ServiceUnavailableError, 'NUBES_ERR_SERVICE_UNAVAILABLE'],
    [503, ServiceUnavailableError, 'NUBES_ERR_SERVICE_UNAVAILABLE'],
    [418, ProviderError, 'NUBES_ERR_PROVIDER'],
  ])('maps %i to %s', (statusCode, cls, code) => {
    const err = errorFromStatus({ statusCode, message: 'the provider said no', provider: 'acme', requestId: 'r-1' });
    expect(err).toBeInstanceOf(cls);
    expect(err).toBeInstanceOf(NubesError);
    expect(err.code).toBe(code);
    expect(err.name).toBe(cls.name);
    expect(err.statusCode).toBe(statusCode);
    expect(err.provider).toBe('acme');
    expect(err.requestId).toBe('r-1');
    expect(err.message).toBe(`the provider said no (HTTP ${statusCode}, request id r-1)`);
  });

  it('treats a throttling code as a rate limit whatever the status', () => {
    expect(errorFromStatus({ statusCode: 400, throttled: true })).toBeInstanceOf(RateLimitError);
  });

  it('falls back to method and URL when the provider gave no message', () => {
    expect(errorFromStatus({ statusCode: 404, method: 'GET', url: 'https://h/x' }).message).toBe('GET https://h/x failed (HTTP 404)');
  });

  it('parses Retry-After in seconds and as an HTTP-date', () => {
    const now = Date.parse('2026-11-21T10:00:00Z');
    expect(parseRetryAfter('120', now)).toBe(120);
    expect(parseRetryAfter('Sat, 21 Nov 2026 10:00:30 GMT', now)).toBe(30);
    expect(parseRetryAfter('Sat, 21 Nov 2026 09:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
    expect(errorFromStatus({ statusCode: 429, retryAfterHeader: '7' }).retryAfter).toBe(7);
  });

  it('has stable, distinct codes and literal names on every class', async () => {
    const mod = await import('../../src/common/errors/index.js');
    const classes = Object.values(mod).filter((v): v is typeof NubesError => typeof v === 'function' && v.prototype instanceof Error);
    const codes = new Map<string, string>();
    for (const Cls of classes) {
      const err = new Cls('x', {} as never);
      expect(err.name).toBe(Cls.name);
      expect(err.code).toMatch(/^NUBES_ERR_[A-Z_]+$/);
      const other = codes.get(err.code);
      expect(other, `${Cls.name} and ${other} share ${err.code}`).toBeUndefined();
      codes.set(err.code, Cls.name);
    }
    expect(codes.size).toBeGreaterThan(25);
  });
});
