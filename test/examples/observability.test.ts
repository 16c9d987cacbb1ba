import { describe, expect, it } from 'vitest';
import { runExample } from './run-example.js';

describe('examples/observability.ts', () => {
  it('logs a retry and the end of a request, builds one span from the channels, and redacts the signature', async () => {
    const r = await runExample('observability');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      [
        'logger.debug nubes.request.start  GET /items?X-Amz-Signature=[REDACTED], attempt 1, direct, undici',
        'logger.warn  nubes.request.retry  retry 1/3 because ServiceUnavailableError (HTTP 503)',
        'logger.debug nubes.request.start  GET /items?X-Amz-Signature=[REDACTED], attempt 2, direct, undici',
        'span     "GET /items" ended with HTTP 200 after 2 attempts',
        'logger.debug nubes.request.end    HTTP 200, 19 bytes, provider request id api-req-2, 2 attempts',
        'result   ["a","b"]',
        '',
      ].join('\n'),
    );
    expect(r.stdout).not.toContain('abc123def456');
  });
});
