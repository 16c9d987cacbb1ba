import { describe, expect, it } from 'vitest';
import { AbortError, NodeStateTimeoutError, NotSupportedError } from '../../../src/index.js';
import { Node, NodeAuthPassword, NodeDriver, NodeImage, NodeLocation, NodeState, idOf } from '../../../src/drivers/compute/index.js';

class FlipDriver extends NodeDriver {
  static override readonly capabilities = ['listNodes'] as const;
  readonly type = 'flip';
  readonly name = 'Flip';
  readonly website = 'https://example.invalid';
  polls = 0;
  runningAfter = 2;

  override async listNodes(): Promise<Node[]> {
    this.polls++;
    const running = this.polls > this.runningAfter;
    return [
      new Node(
        { id: 'n1', name: 'one', state: running ? NodeState.RUNNING : NodeState.PENDING, publicIps: running ? ['192.0.2.1'] : [], privateIps: [], extra: {} },
        this,
      ),
    ];
  }
}

/** A third-party driver that pages images itself and filters them by location. */
class RegionalImagesDriver extends NodeDriver {
  static override readonly capabilities = ['listImages'] as const;
  readonly type = 'regional';
  readonly name = 'Regional';
  readonly website = 'https://example.invalid';

  override async *iterateImages(location?: NodeLocation<object> | string): AsyncGenerator<NodeImage, void, undefined> {
    for (const [id, region] of [['img-a', 'r1'], ['img-b', 'r2']] as const) {
      if (location === undefined || idOf(location) === region) yield new NodeImage({ id, name: id, extra: {} }, this);
    }
  }
}

describe('NodeDriver base', () => {
  it('derives listImages(location) from iterateImages, passing the location on', async () => {
    const d = new RegionalImagesDriver('k');
    expect((await d.listImages()).map((i) => i.id)).toEqual(['img-a', 'img-b']);
    expect((await d.listImages('r2')).map((i) => i.id)).toEqual(['img-b']);
  });

  it('derives iterateNodes and getNode from listNodes', async () => {
    const d = new FlipDriver('k');
    const seen: string[] = [];
    for await (const n of d.iterateNodes()) seen.push(n.id);
    expect(seen).toEqual(['n1']);
    expect((await d.getNode('n1')).name).toBe('one');
    await expect(d.getNode('nope')).rejects.toMatchObject({ code: 'NUBES_ERR_NODE_NOT_FOUND' });
  });

  it('refuses unsupported calls with NotSupportedError naming driver and method', async () => {
    const d = new FlipDriver('k');
    await expect(d.createNode({ name: 'x', size: 's', image: 'i' })).rejects.toMatchObject({ name: 'NotSupportedError', driver: 'Flip', method: 'createNode' });
    await expect(d.listImages()).rejects.toBeInstanceOf(NotSupportedError);
    await expect(d.listVolumes()).rejects.toBeInstanceOf(NotSupportedError);
  });

  it('waits until nodes run and have a public IP', async () => {
    const d = new FlipDriver('k');
    const [node] = await d.waitUntilRunning(['n1'], { interval: 1, timeout: 1000 });
    expect(node?.state).toBe(NodeState.RUNNING);
    expect(d.polls).toBe(3);
  });

  it('gives up with NodeStateTimeoutError naming the states', async () => {
    const d = new FlipDriver('k');
    d.runningAfter = Infinity;
    const err = await d.waitUntilRunning(['n1'], { interval: 5, timeout: 20 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NodeStateTimeoutError);
    expect((err as Error).message).toContain('n1=pending');
  });

  it('stops waiting when aborted', async () => {
    const d = new FlipDriver('k');
    d.runningAfter = Infinity;
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 10);
    await expect(d.waitUntilRunning(['n1'], { interval: 5, timeout: 10_000, signal: ac.signal })).rejects.toBeInstanceOf(AbortError);
  });

  it('never shows a password in JSON', () => {
    const auth = new NodeAuthPassword('hunter2-secret');
    expect(JSON.stringify(auth)).not.toContain('hunter2');
    expect(auth.password).toBe('hunter2-secret');
  });

  it('refuses unknown driver options, naming them', () => {
    expect(() => new FlipDriver('k', undefined, { regoin: 'x' } as never)).toThrow(/Unknown option "regoin"/);
  });
});
