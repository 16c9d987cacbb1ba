/**
 * The default transport loads only the undici modules it builds dispatchers from
 * (`loadUndiciParts`), not undici's package entry, which also loads fetch, WebSocket,
 * the cookie, cache and mock code. These tests pin what it loads to the package's own
 * classes, and the refusals that make the transport import the whole package instead.
 * test/scripts/bundle.test.ts checks, in a fresh process on the built package, that a
 * first request loads the dispatcher modules and not the entry.
 */
import { createRequire } from 'node:module';
import * as undici from 'undici';
import { describe, expect, it } from 'vitest';
import { loadUndiciParts } from '../../src/connection/transport/undici-transport.js';

const realRequire = createRequire(import.meta.url);

/** `require`, except that `id` yields `replacement` (or throws, for an Error). */
function requireWith(id: string, replacement: unknown): (id: string) => unknown {
  return (wanted) => {
    if (wanted !== id) return realRequire(wanted);
    if (replacement instanceof Error) throw replacement;
    return replacement;
  };
}

describe('loadUndiciParts', () => {
  it("returns undici's own classes, the same the package exports, with the request methods on Dispatcher", () => {
    const parts = loadUndiciParts();
    expect(parts).toBeDefined();
    expect(parts!.Agent).toBe(undici.Agent);
    expect(parts!.Pool).toBe(undici.Pool);
    expect(parts!.ProxyAgent).toBe(undici.ProxyAgent);
    expect(parts!.buildConnector).toBe(undici.buildConnector);
    const agent = new parts!.Agent();
    expect(typeof agent.request).toBe('function');
    expect(agent.request).toBe(undici.Dispatcher.prototype.request);
    return agent.close();
  });

  it("asks for undici's own modules, never the package entry", () => {
    const asked: string[] = [];
    loadUndiciParts((id) => {
      asked.push(id);
      return realRequire(id);
    });
    expect(asked).toEqual(
      expect.arrayContaining(['undici/lib/dispatcher/dispatcher.js', 'undici/lib/api/index.js', 'undici/lib/dispatcher/agent.js', 'undici/lib/dispatcher/pool.js', 'undici/lib/dispatcher/proxy-agent.js', 'undici/lib/core/connect.js']),
    );
    expect(asked).not.toContain('undici');
  });

  it.each([
    ['a module is missing (an undici laid out differently)', 'undici/lib/dispatcher/proxy-agent.js', Object.assign(new Error('Cannot find module'), { code: 'MODULE_NOT_FOUND' })],
    ['a dispatcher is not a class', 'undici/lib/dispatcher/agent.js', { Agent: class {} }],
    ['a dispatcher does not extend Dispatcher', 'undici/lib/dispatcher/pool.js', class Pool {}],
    ['the request methods are not there', 'undici/lib/api/index.js', { request: () => undefined }],
    ['Dispatcher is not a class', 'undici/lib/dispatcher/dispatcher.js', {}],
    ['the connector builder is not a function', 'undici/lib/core/connect.js', {}],
  ])('returns undefined, so the whole package is imported, when %s', (_what, id, replacement) => {
    expect(loadUndiciParts(requireWith(id, replacement))).toBeUndefined();
  });
});
