import { describe, expect, it } from 'vitest';
import { errorFromStatus, NubesError, NotFoundError } from '../../../src/common/errors/index.js';

describe('providerCode', () => {
  it('is carried by every NubesError built with it', () => {
    const err = new NubesError('boom', { providerCode: 'InvalidInstanceID.NotFound' });
    expect(err.providerCode).toBe('InvalidInstanceID.NotFound');
  });

  it('is undefined when the provider sent no code', () => {
    expect(new NubesError('boom').providerCode).toBeUndefined();
  });

  it('passes through errorFromStatus', () => {
    const err = errorFromStatus({ statusCode: 404, message: 'gone', providerCode: 'NoSuchBucket' });
    expect(err).toBeInstanceOf(NotFoundError);
    expect(err.providerCode).toBe('NoSuchBucket');
  });
});
