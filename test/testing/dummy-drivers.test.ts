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
