import { describe, expect, it } from 'vitest';
import { runExample } from './run-example.js';

describe('examples/mock-provider.ts', () => {
  it('drives the DigitalOcean driver against MockTransport: paging, an action, two mapped errors, every route used', async () => {
    const r = await runExample('mock-provider', { HTTPS_PROXY: 'http://machine-proxy.invalid:1' });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      [
        'listNodes: web-1=running, web-2=stopped (2 pages)',
        'rebootNode: sent {"type":"reboot"}',
        "destroyNode(999): NodeDoesNotExistError, from the provider's 404",
        'listKeyPairs with a bad token: InvalidCredentialsError, token not in the message',
        'requests: GET /v2/droplets?page=1&per_page=200 | GET /v2/droplets?page=2&per_page=200 | POST /v2/droplets/101/actions | DELETE /v2/droplets/999 | GET /v2/account/keys?page=1&per_page=200',
        '',
      ].join('\n'),
    );
  });
});
