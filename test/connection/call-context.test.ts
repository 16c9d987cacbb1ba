/**
 * The per-call scope (src/connection/call-context.ts) on its own: nesting, the earlier
 * deadline winning, the reason each abort carries, waiting on shared work, and how the
 * common poller and paginator obey the call they run in.
 */
import { describe, expect, it } from 'vitest';
import { AbortError, TimeoutError, WaitTimeoutError } from '../../src/common/errors/index.js';
import { paginate } from '../../src/common/pagination.js';
import { poll } from '../../src/common/poll.js';
import { awaitInCall, currentCall, openScope, runInCall, runOutsideCall } from '../../src/connection/call-context.js';

const tick = (ms = 0): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('openScope', () => {
  it("aborts with an AbortError whose cause is the caller's reason", () => {
    const controller = new AbortController();
    const { scope, dispose } = openScope('Acme.listNodes', { signal: controller.signal });
    const reason = new Error('stop');
    controller.abort(reason);
    expect(scope.signal.reason).toBeInstanceOf(AbortError);
    expect((scope.signal.reason as AbortError).cause).toBe(reason);
    expect((scope.signal.reason as Error).message).toContain('Acme.listNodes');
    dispose();
  });

  it('aborts with a TimeoutError of kind call when its deadline passes', async () => {
    const { scope, dispose } = openScope('Acme.listNodes', { timeout: 20 });
    await tick(40);
    expect(scope.signal.reason).toBeInstanceOf(TimeoutError);
    expect((scope.signal.reason as TimeoutError).kind).toBe('call');
    expect((scope.signal.reason as Error).message).toContain('20 ms');
    dispose();
  });

  it('a nested scope ends at the earlier deadline, with the error of the scope that set it', async () => {
    const outer = openScope('outer', { timeout: 30 });
    const inner = openScope('inner', { timeout: 60_000 }, outer.scope);
    expect(inner.scope.deadline).toBe(outer.scope.deadline);
    await tick(50);
    expect(inner.scope.signal.aborted).toBe(true);
    expect((inner.scope.signal.reason as Error).message).toContain('outer');
    const shorter = openScope('shorter', { timeout: 10 }, openScope('long', { timeout: 60_000 }).scope);
    await tick(30);
    expect((shorter.scope.signal.reason as Error).message).toContain('shorter');
    for (const s of [outer, inner, shorter]) s.dispose();
  });

  it("a nested scope aborts with the outer caller's abort", () => {
    const controller = new AbortController();
    const outer = openScope('outer', { signal: controller.signal });
    const inner = openScope('inner', {}, outer.scope);
    controller.abort();
    expect(inner.scope.signal.reason).toBe(outer.scope.signal.reason);
    inner.dispose();
    outer.dispose();
  });

  it('dispose stops the timer: a disposed scope never aborts', async () => {
    const { scope, dispose } = openScope('x', { timeout: 10 });
    dispose();
    await tick(30);
    expect(scope.signal.aborted).toBe(false);
  });
});

describe('runInCall, runOutsideCall, awaitInCall', () => {
  it('carries the scope across awaits, and runOutsideCall leaves it', async () => {
    const { scope, dispose } = openScope('x', { timeout: 60_000 });
    await runInCall(scope, async () => {
      await tick();
      expect(currentCall()).toBe(scope);
      expect(runOutsideCall(() => currentCall())).toBeUndefined();
    });
    expect(currentCall()).toBeUndefined();
    dispose();
  });

  it('awaitInCall stops waiting when the call aborts, leaving the shared work to finish', async () => {
    let finish!: (v: string) => void;
    const shared = new Promise<string>((r) => (finish = r));
    const controller = new AbortController();
    const { scope, dispose } = openScope('x', { signal: controller.signal });
    const waiting = runInCall(scope, () => awaitInCall(shared)).catch((e: unknown) => e);
    controller.abort();
    expect(await waiting).toBeInstanceOf(AbortError);
    finish('done');
    expect(await shared).toBe('done');
    dispose();
  });

  it('awaitInCall with no call and no signal is the shared promise itself', async () => {
    const shared = Promise.resolve(1);
    expect(awaitInCall(shared)).toBe(shared);
  });
});

describe('poll and paginate inside a call', () => {
  it("poll ends with the call's TimeoutError when the call's deadline is earlier than the wait's", async () => {
    const { scope, dispose } = openScope('Acme.createNode', { timeout: 50 });
    const err = await runInCall(scope, () => poll(async () => ({ done: false, state: 'PENDING' }), { interval: 5, timeout: 60_000 })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TimeoutError);
    expect((err as TimeoutError).kind).toBe('call');
    dispose();
  });

  it("poll ends with its WaitTimeoutError when its own timeout is the earlier", async () => {
    const { scope, dispose } = openScope('Acme.createNode', { timeout: 60_000 });
    const err = await runInCall(scope, () => poll(async () => ({ done: false, state: 'PENDING' }), { interval: 5, timeout: 30 })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WaitTimeoutError);
    dispose();
  });

  it("poll ends when the call's signal aborts during a wait, with the call's AbortError", async () => {
    const controller = new AbortController();
    const { scope, dispose } = openScope('Acme.createNode', { signal: controller.signal });
    let checks = 0;
    const pending = runInCall(scope, () =>
      poll(
        async () => {
          checks++;
          return { done: false };
        },
        { interval: 60_000 },
      ),
    ).catch((e: unknown) => e);
    await tick(5);
    controller.abort();
    const err = await pending;
    expect(err).toBeInstanceOf(AbortError);
    expect(err).toBe(scope.signal.reason);
    expect(checks).toBe(1);
    dispose();
  });

  it('paginate asks for no page once the call is aborted', async () => {
    const controller = new AbortController();
    const { scope, dispose } = openScope('Acme.listNodes', { signal: controller.signal });
    const asked: (number | undefined)[] = [];
    const err = await runInCall(scope, async () => {
      for await (const item of paginate<number, number>(undefined, async (cursor) => {
        asked.push(cursor);
        return { items: [cursor ?? 0], next: (cursor ?? 0) + 1 };
      })) {
        if (item === 1) controller.abort();
      }
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AbortError);
    expect(asked).toEqual([undefined, 1]);
    dispose();
  });
});
