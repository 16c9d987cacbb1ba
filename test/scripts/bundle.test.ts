/**
 * The package as `npm run build` makes it (tsc, then scripts/bundle.ts): built here into a
 * scratch folder inside the repository, then imported by plain node in child processes.
 *
 * - Importing an area entry loads none of the heavy Node built-ins (node:crypto, node:tls,
 *   node:net, node:zlib, node:child_process, node:stream/web, node:http ...) and no
 *   dependency (undici, xml2js, the proxy agents): they load on first use. Node's own list
 *   of the built-ins it has loaded (`process.moduleLoadList`), read before and after the
 *   import in the same process, says which ones the import loaded; no timing.
 * - Every package.json "exports" target exists and imports, and the entries share one copy
 *   of each class (the chunks are shared, not duplicated per entry).
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../cli/helpers.js';

const out = join(ROOT, '.tmp', `bundle-test-${process.pid}`);
const AREAS = ['compute', 'storage', 'dns', 'loadbalancer'] as const;
/** Built-ins an area entry must not load at import (each costs milliseconds on a cold start). */
const HEAVY = ['crypto', 'tls', 'net', 'zlib', 'child_process', 'stream/web', 'http', 'https', 'http2', 'dns', 'dgram', 'worker_threads'];
/** Loaded by the storage entry (its stream classes extend node:stream's Transform), by no other area. */
const STORAGE_ONLY = ['stream'];

beforeAll(() => {
  const require = createRequire(import.meta.url);
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json', '--outDir', out], { cwd: ROOT, stdio: 'pipe' });
  execFileSync(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts', 'bundle.ts'), out], { cwd: ROOT, stdio: 'pipe' });
}, 300_000);

afterAll(() => {
  rmSync(out, { recursive: true, force: true });
});

/** Runs an ES module program under plain node and returns what it printed as JSON. */
function runModule(program: string): unknown {
  return JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', program], { cwd: out, encoding: 'utf8' }));
}

/** What importing `file` loads: the built-ins (by name) and the files of node_modules packages. */
function importLoads(file: string): { builtins: string[]; packages: string[] } {
  return runModule(`
    import { createRequire } from 'node:module';
    const list = () => {
      if (!Array.isArray(process.moduleLoadList)) throw new Error('process.moduleLoadList is gone: this Node needs another probe');
      return process.moduleLoadList.filter((m) => m.startsWith('NativeModule ')).map((m) => m.slice('NativeModule '.length));
    };
    const before = new Set(list());
    await import(${JSON.stringify(pathToFileURL(file).href)});
    const builtins = list().filter((m) => !before.has(m));
    const packages = Object.keys(createRequire(${JSON.stringify(pathToFileURL(join(out, 'x.js')).href)}).cache).filter((k) => k.includes('node_modules'));
    console.log(JSON.stringify({ builtins, packages }));
  `) as { builtins: string[]; packages: string[] };
}

describe('the bundled package (npm run build)', () => {
  it.each(AREAS)('import nubes/%s loads no heavy built-in and no dependency', (area) => {
    const loads = importLoads(join(out, 'drivers', area, 'index.js'));
    // The probe works: the entry did load something (its own built-ins, such as node:os).
    expect(loads.builtins.length).toBeGreaterThan(0);
    const heavy = area === 'storage' ? HEAVY : [...HEAVY, ...STORAGE_ONLY];
    expect(loads.builtins.filter((m) => heavy.includes(m))).toEqual([]);
    expect(loads.packages).toEqual([]);
  });

  it("a first request loads undici's dispatcher modules, not its package entry (fetch, WebSocket, mocks)", () => {
    const loaded = runModule(`
      import http from 'node:http';
      import { createRequire } from 'node:module';
      const { Connection } = await import(${JSON.stringify(pathToFileURL(join(out, 'index.js')).href)});
      const server = http.createServer((req, res) => res.end('ok')).listen(0, '127.0.0.1');
      await new Promise((resolve) => server.once('listening', resolve));
      const connection = new Connection({ url: 'http://127.0.0.1:' + server.address().port, env: {} });
      const res = await connection.request('/');
      const files = Object.keys(createRequire(${JSON.stringify(pathToFileURL(join(out, 'x.js')).href)}).cache)
        .filter((k) => k.includes('node_modules'))
        .map((k) => k.slice(k.lastIndexOf('node_modules/') + 'node_modules/'.length));
      await connection.close();
      server.close();
      console.log(JSON.stringify({ status: res.status, body: res.body, files }));
    `) as { status: number; body: string; files: string[] };
    expect(loaded).toMatchObject({ status: 200, body: 'ok' });
    expect(loaded.files).toEqual(expect.arrayContaining(['undici/lib/dispatcher/agent.js', 'undici/lib/api/api-request.js']));
    expect(loaded.files.filter((f) => f === 'undici/index.js' || f.startsWith('undici/lib/web/') || f.startsWith('undici/lib/mock/'))).toEqual([]);
  });

  it('writes ASCII-only JavaScript (a non-ASCII character makes V8 hold a whole chunk as a two-byte string)', () => {
    const files = readdirSync(out, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.js'));
    expect(files.length).toBeGreaterThan(10);
    expect(files.filter((f) => /[^\x00-\x7f]/.test(readFileSync(join(out, f), 'utf8')))).toEqual([]);
  });

  it('the probe sees a heavy built-in when one is loaded (node:tls through the Node transport)', () => {
    const loads = importLoads(join(out, 'connection', 'transport', 'node-transport.js'));
    expect(loads.builtins).toEqual(expect.arrayContaining(['tls', 'http', 'https']));
  });

  it('every package.json "exports" target imports; the entries share one copy of each class', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { exports: Record<string, string | { default: string }> };
    const targets = Object.values(pkg.exports)
      .map((t) => (typeof t === 'string' ? t : t.default))
      .filter((t) => t.endsWith('.js'))
      .map((t) => pathToFileURL(join(out, t.replace(/^\.\/dist\//, ''))).href);
    expect(targets.length).toBeGreaterThan(5);
    const url = (path: string) => JSON.stringify(pathToFileURL(join(out, path)).href);
    const result = runModule(`
      const entries = await Promise.all(${JSON.stringify(targets)}.map((t) => import(t).then((m) => Object.keys(m).length)));
      const nubes = await import(${url('index.js')});
      const compute = await import(${url('drivers/compute/index.js')});
      const storage = await import(${url('drivers/storage/index.js')});
      const aws = await import(${url('common/aws/index.js')});
      const Dummy = compute.getDriver(compute.Provider.DUMMY);
      let error;
      try {
        await new Dummy('key').destroyNode({ id: 'missing' });
      } catch (err) {
        error = err;
      }
      // Plain prototype-chain checks (NubesError's own instanceof also accepts a second copy's errors).
      const inChain = (value, Cls) => Function.prototype[Symbol.hasInstance].call(Cls, value);
      console.log(JSON.stringify({
        entries,
        sameDriver: nubes.getDriver(nubes.DriverType.COMPUTE, 'dummy') === Dummy,
        sameStorageDriver: nubes.getDriver(nubes.DriverType.STORAGE, 'local') === storage.getDriver(storage.Provider.LOCAL),
        errorChain: inChain(error, nubes.NodeDoesNotExistError) && inChain(error, nubes.NubesError),
        sameConnection: inChain(aws.AwsConnection.prototype, nubes.Connection),
        code: error?.code,
      }));
    `) as { entries: number[]; sameDriver: boolean; sameStorageDriver: boolean; errorChain: boolean; sameConnection: boolean; code: string };
    expect(result.entries.every((n) => n > 0)).toBe(true);
    expect(result).toMatchObject({ sameDriver: true, sameStorageDriver: true, errorChain: true, sameConnection: true, code: 'NUBES_ERR_NODE_NOT_FOUND' });
  });
});
