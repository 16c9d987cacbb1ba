import { describe, expect, it } from 'vitest';
import { runExample } from './run-example.js';

describe('examples/cancellation.ts', () => {
  it('shows a break, a call timeout, an abort and waitUntilState, offline', async () => {
    const { code, stdout, stderr } = await runExample('cancellation');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toBe(['first node: web-1', 'listNodes: TimeoutError (kind call)', 'listNodes: AbortError', 'batch-1 is stopped', ''].join('\n'));
  });
});
