import { describe, expect, it } from 'vitest';
import { runExample } from './run-example.js';

describe('examples/third-party-driver.ts', () => {
  it('registers a driver with setDriver and runs it against a mock: paging, error mapping, capabilities', async () => {
    const r = await runExample('third-party-driver');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      [
        'srv-1  web-1  running  198.51.100.10',
        'srv-2  db-1  stopped  -',
        'rebooted srv-1',
        'destroy srv-9: NodeDoesNotExistError [NUBES_ERR_NODE_NOT_FOUND] No server srv-9 (HTTP 404)',
        'create: NUBES_ERR_NOT_SUPPORTED Acme Cloud does not support createNode() (see the support matrix in docs/)',
        'supports listNodes: true, createNode: false',
        'requests: GET /v1/servers?limit=100 | GET /v1/servers?limit=100&cursor=c2 | POST /v1/servers/srv-1/reboot | DELETE /v1/servers/srv-9',
        'token sent as: Bearer acme-token-123',
        '',
      ].join('\n'),
    );
  });
});
