import { describe, expect, it } from 'vitest';
import { runExample } from './run-example.js';

describe('examples/azure.ts', () => {
  it('runs offline (no AZURE_SUBSCRIPTION_ID) and prints locations and VMs with their power state', async () => {
    const { code, stdout, stderr } = await runExample('azure');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toContain('2 locations, e.g. westeurope (West Europe), eastus (East US)');
    expect(stdout).toMatch(/^web-1\s+running\s+Standard_B1s\s+nubes-rg\s+20\.31\.7\.42$/m);
    expect(stdout).toMatch(/^batch-7\s+stopped\s+Standard_D2s_v5\s+Batch-RG\s+-$/m);
  });
});
