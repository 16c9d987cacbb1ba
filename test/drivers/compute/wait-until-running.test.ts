/**
 * waitUntilRunning on the common poller: what it adds over the old loop (a
 * NodeStateTimeoutError is a WaitTimeoutError with the provider, an abort during a wait
 * ends it at once, an already-aborted signal lists nothing) and what it keeps (constant
 * interval, the states in the message).
 */
import { describe, expect, it } from 'vitest';
import { AbortError, InvalidArgumentError, NodeStateTimeoutError, WaitTimeoutError } from '../../../src/index.js';
import { Node, NodeDriver, NodeState } from '../../../src/drivers/compute/index.js';

class SlowDriver extends NodeDriver {
  static override readonly capabilities = ['listNodes'] as const;
  readonly type = 'slow';
  readonly name = 'Slow';
  readonly website = 'https://example.invalid';
  polls = 0;
  runningAfter = Infinity;

  override async listNodes(): Promise<Node[]> {
    this.polls++;
    const running = this.polls > this.runningAfter;
    return [new Node({ id: 'n1', name: 'one', state: running ? NodeState.RUNNING : NodeState.PENDING, publicIps: ['192.0.2.1'], privateIps: [], extra: {} }, this)];
  }
}

describe('NodeDriver.waitUntilRunning on poll()', () => {
  it('times out with a NodeStateTimeoutError that is a WaitTimeoutError carrying the provider and the last states', async () => {
    const d = new SlowDriver('k');
    const err = await d.waitUntilRunning(['n1', 'gone'], { interval: 5, timeout: 30 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NodeStateTimeoutError);
    expect(err).toBeInstanceOf(WaitTimeoutError);
    expect(err).toMatchObject({ provider: 'slow', code: 'NUBES_ERR_NODE_STATE_TIMEOUT' });
    expect((err as Error).message).toContain('n1=pending, gone=missing');
  });

  it('lists nothing when the signal is already aborted', async () => {
    const d = new SlowDriver('k');
    const err = await d.waitUntilRunning(['n1'], { interval: 5, signal: AbortSignal.abort(new Error('stop')) }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AbortError);
    expect(d.polls).toBe(0);
  });

  it('ends a long wait as soon as the signal aborts, with the reason as cause', async () => {
    const d = new SlowDriver('k');
    const ac = new AbortController();
    const reason = new Error('user stop');
    const pending = d.waitUntilRunning(['n1'], { interval: 60_000, timeout: 600_000, signal: ac.signal }).catch((e: unknown) => e);
    await new Promise((r) => setImmediate(r));
    ac.abort(reason);
    const err = await pending;
    expect(err).toBeInstanceOf(AbortError);
    expect((err as AbortError).cause).toBe(reason);
    expect(d.polls).toBe(1);
  });

  it('returns the nodes once they run', async () => {
    const d = new SlowDriver('k');
    d.runningAfter = 2;
    const [node] = await d.waitUntilRunning(['n1'], { interval: 1, timeout: 5_000 });
    expect(node?.state).toBe(NodeState.RUNNING);
    expect(d.polls).toBe(3);
  });

  it('refuses a non-positive timeout or interval before listing', async () => {
    const d = new SlowDriver('k');
    await expect(d.waitUntilRunning(['n1'], { interval: 0 })).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(d.waitUntilRunning(['n1'], { timeout: -1 })).rejects.toBeInstanceOf(InvalidArgumentError);
    expect(d.polls).toBe(0);
  });
});
