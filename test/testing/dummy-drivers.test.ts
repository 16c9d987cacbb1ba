import { describe, expect, it } from 'vitest';
import { getDriver, NodeState, Provider } from '../../src/drivers/compute/index.js';
import { DUMMY_SIZES, DummyNodeDriver } from '../../src/testing/index.js';

describe('nubes/testing re-exports the in-memory drivers', () => {
  it('exports the Dummy compute driver, the same class getDriver(Provider.DUMMY) returns', async () => {
    expect(getDriver(Provider.DUMMY)).toBe(DummyNodeDriver);
    const compute = new DummyNodeDriver('any-key', undefined, { pendingPolls: 1 });
    const node = await compute.createNode({ name: 'web-1', size: DUMMY_SIZES[0]!.id, image: 'ubuntu-24.04' });
    expect(node.state).toBe(NodeState.PENDING);
    const [running] = await compute.waitUntilRunning([node], { interval: 1, timeout: 1000 });
    expect(running?.publicIps).toEqual(['203.0.113.1']);
    // Each instance is its own cloud: nothing leaks between tests.
    expect(await new DummyNodeDriver('other').listNodes()).toEqual([]);
  });
});

describe('nubes/testing re-exports the Dummy DNS driver', () => {
  it('is the class getDriver(Provider.DUMMY) of nubes/dns returns, with its own zones per instance', async () => {
    const dns = await import('../../src/drivers/dns/index.js');
    const { DummyDNSDriver } = await import('../../src/testing/index.js');
    expect(dns.getDriver(dns.Provider.DUMMY)).toBe(DummyDNSDriver);
    const a = new DummyDNSDriver('k');
    const zone = await a.createZone('example.com');
    await zone.createRecord({ name: 'www', type: dns.RecordType.A, data: '192.0.2.10' });
    expect((await a.listRecords(zone)).map((r) => r.fqdn)).toEqual(['www.example.com.']);
    expect(await new DummyDNSDriver('k').listZones()).toEqual([]);
  });
});
