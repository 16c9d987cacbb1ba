import { describe, expect, it } from 'vitest';
import { BadRequestError, RateLimitError } from '../../src/common/errors/index.js';
import { isRetryableError } from '../../src/connection/retry.js';

describe('isRetryableError', () => {
  it('retries a throttling error whatever its status (AWS Throttling comes as a 400)', () => {
    expect(isRetryableError(new RateLimitError('Throttling: Rate exceeded', { statusCode: 400 }))).toBe(true);
  });

  it('does not retry an ordinary 400', () => {
    expect(isRetryableError(new BadRequestError('bad', { statusCode: 400 }))).toBe(false);
  });
});
