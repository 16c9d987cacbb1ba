import { describe, expect, it, vi } from 'vitest';
import { poll, type PollResult } from '../../src/common/poll.js';
import { AbortError, InvalidArgumentError, NodeStateTimeoutError, WaitTimeoutError } from '../../src/common/errors/index.js';

/** A fake clock that advances by what poll sleeps, so no test waits for real time. */
function fakeTimers() {
  vi.useFakeTimers({ now: 1_000_000 });
  return {
    /** Runs the poll to completion while advancing the fake clock. */
    async settle<T>(p: Promise<T>): Promise<T> {
      const done = p.then((v) => ({ ok: true as const, v }), (e: unknown) => ({ ok: false as const, e }));
      for (let i = 0; i < 1000; i++) {
        await vi.advanceTimersToNextTimerAsync();
        const r = await Promise.race([done, Promise.resolve(undefined)]);
        if (r) {
          vi.useRealTimers();
          if (r.ok) return r.v;
          throw r.e;
        }
      }
      vi.useRealTimers();
      throw new Error('poll never settled');
    },
  };
}

describe('poll', () => {
  it('checks at once, then with growing delays until done, and returns the value', async () => {
    const clock = fakeTimers();
    const at: number[] = [];
    const value = await clock.settle(poll<string>(async (attempt) => {
      at.push(Date.now() - 1_000_000);
      return attempt < 3 ? { done: false, state: 'RUNNING' } : { done: true, value: 'ok' };
    }, { interval: 100, backoff: 2, maxInterval: 300 }));
    expect(value).toBe('ok');
    // 0, +100, +200, +300 (capped)
    expect(at).toEqual([0, 100, 300, 600]);
  });

  it('waits at least the Retry-After the check reports', async () => {
    const clock = fakeTimers();
    const at: number[] = [];
    await clock.settle(poll<void>(async (attempt) => {
      at.push(Date.now() - 1_000_000);
      return attempt === 0 ? { done: false, retryAfter: 5 } : { done: true, value: undefined };
    }, { interval: 100 }));
    expect(at).toEqual([0, 5000]);
  });

  it('fails with WaitTimeoutError naming what and its last state when the deadline comes first', async () => {
    const clock = fakeTimers();
    let checks = 0;
    const err = await clock.settle(poll(async (): Promise<PollResult<never>> => {
      checks++;
      return { done: false, state: checks > 2 ? 'RUNNING' : 'PENDING' };
    }, { timeout: 1000, interval: 300, backoff: 1, what: 'GCE operation op-1', provider: 'gce' })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WaitTimeoutError);
    expect((err as WaitTimeoutError).code).toBe('NUBES_ERR_WAIT_TIMEOUT');
    expect((err as WaitTimeoutError).provider).toBe('gce');
    expect((err as Error).message).toMatch(/^GCE operation op-1: not finished after \d+ ms \(last state: RUNNING\)$/);
    expect(checks).toBe(4); // 0, 300, 600, 900; the next would pass 1000
  });

  it('uses the earlier of deadline and timeout, and the caller’s error class', async () => {
    const clock = fakeTimers();
    let checks = 0;
    const err = await clock.settle(poll(async (): Promise<PollResult<never>> => { checks++; return { done: false }; }, {
      timeout: 60_000, deadline: Date.now() + 250, interval: 100, backoff: 1,
      timeoutError: (m) => new NodeStateTimeoutError(m),
    })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NodeStateTimeoutError);
    expect(err).toBeInstanceOf(WaitTimeoutError);
    expect(checks).toBe(3);
  });

  it('rejects with AbortError carrying the reason, during a wait and before a check', async () => {
    const controller = new AbortController();
    let checks = 0;
    const p = poll(async (): Promise<PollResult<never>> => { checks++; return { done: false }; }, { interval: 60_000, signal: controller.signal });
    setTimeout(() => controller.abort(new Error('user gave up')), 5);
    const err = await p.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AbortError);
    expect((err as AbortError).cause).toEqual(new Error('user gave up'));
    expect(checks).toBe(1);
    await expect(poll(async () => ({ done: true, value: 1 }), { signal: AbortSignal.abort() })).rejects.toBeInstanceOf(AbortError);
  });

  it('ends the wait with the error a check throws', async () => {
    const boom = new Error('operation failed: QUOTA_EXCEEDED');
    await expect(poll(async () => { throw boom; })).rejects.toBe(boom);
  });

  it.each([
    ['timeout', { timeout: 0 }],
    ['interval', { interval: -1 }],
    ['backoff', { backoff: 0.5 }],
    ['maxInterval', { maxInterval: Number.NaN }],
  ])('refuses a bad %s with an error naming it', async (option, opts) => {
    const err = await poll(async () => ({ done: true, value: 1 }), opts).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidArgumentError);
    expect((err as InvalidArgumentError).option).toBe(option);
  });
});
