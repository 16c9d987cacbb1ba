/**
 * `npm run pack:check`: proves the package as users get it. Packs nubes with `npm pack`,
 * checks what the tarball holds, installs it into a fresh temporary project (offline
 * from npm's cache where it can: `--prefer-offline`) and there:
 *
 * - (a) an ESM TypeScript program type-checks under `strict` (module nodenext) and runs;
 * - (b) a CommonJS program runs `require('nubes')` (Node >= 20.19 loads ES modules with
 *   `require`);
 * - (c) a TypeScript `module: nodenext` CommonJS project type-checks.
 *
 * Each program lives in its own folder (its own package.json `type` and tsconfig) under
 * the project that holds the one node_modules. Run after `npm run build`; .ci/run does.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const exec = promisify(execFile);
const ROOT = fileURLToPath(new URL('../', import.meta.url));
const TSC = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
const NPM_FLAGS = ['--prefer-offline', '--no-audit', '--no-fund', '--no-package-lock', '--loglevel=error'];

function step(message: string): void {
  console.log(`pack-check: ${message}`);
}

async function sh(file: string, args: string[], cwd: string): Promise<string> {
  try {
    const { stdout } = await exec(file, args, { cwd, maxBuffer: 64 * 1024 * 1024 });
    return stdout;
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string; message: string };
    throw new Error(`${[file, ...args].join(' ')} failed in ${cwd}:\n${e.stdout ?? ''}${e.stderr ?? e.message}`);
  }
}

function write(dir: string, files: Record<string, string>): void {
  mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
}

const tsconfig = (module: 'nodenext', extra: Record<string, unknown> = {}): string =>
  JSON.stringify({
    compilerOptions: { target: 'ES2022', module, moduleResolution: module, strict: true, types: ['node'], outDir: 'out', ...extra },
    include: ['*.ts', '*.cts', '*.mts'],
  });

/** The ESM TypeScript program: several entries, a driver, an error checked by class. */
const ESM_PROGRAM = `import { createRequire } from 'node:module';
import { DriverType, NubesError, VERSION, getDriver as getAnyDriver } from 'nubes';
import { NodeState, Provider, getDriver } from 'nubes/compute';
import { DnsRecord, RecordType } from 'nubes/dns';
import { MockTransport } from 'nubes/testing';

// undici and xml2js load on the first request / parse, not at import (CommonJS packages
// imported from ESM show in the require cache).
const lazy = Object.keys(createRequire(import.meta.url).cache).filter((k) => /node_modules[\\\\/](undici|xml2js)[\\\\/]/.test(k)).length;
const Dummy = getDriver(Provider.DUMMY);
const driver = new Dummy('key');
const node = await driver.createNode({ name: 'web-1', size: 'small', image: 'ubuntu-24.04' });
const states: NodeState[] = (await driver.listNodes()).map((n) => n.state);
const Same = getAnyDriver(DriverType.COMPUTE, 'dummy');
let code = '';
try {
  await driver.destroyNode({ ...node, id: 'missing' } as typeof node);
} catch (err) {
  if (err instanceof NubesError) code = err.code;
}
const record: DnsRecord | undefined = undefined;
console.log(JSON.stringify({ lazy, version: VERSION, node: node.name, states, same: Same === Dummy, code, type: RecordType.A, record: record ?? null, mock: typeof MockTransport }));
`;

/** The CommonJS program. */
const CJS_PROGRAM = `const { NubesError, VERSION, DriverType, getDriver } = require('nubes');
const { Provider, getDriver: getComputeDriver } = require('nubes/compute');
const Dummy = getComputeDriver(Provider.DUMMY);
(async () => {
  const driver = new Dummy('key');
  await driver.createNode({ name: 'cjs-1', size: 'small', image: 'ubuntu-24.04' });
  const nodes = await driver.listNodes();
  console.log(JSON.stringify({ version: VERSION, nodes: nodes.map((n) => n.name), same: getDriver(DriverType.COMPUTE, 'dummy') === Dummy, error: typeof NubesError }));
})().catch((err) => { console.error(err); process.exit(1); });
`;

/** The TypeScript CommonJS (module nodenext, package type commonjs) program. */
const TS_CJS_PROGRAM = `import { NubesError, type DriverOptions } from 'nubes';
import { Provider, getDriver, type Node } from 'nubes/compute';
import { getDriver as getStorageDriver, Provider as StorageProvider } from 'nubes/storage';

const Dummy = getDriver(Provider.DUMMY);
const options: DriverOptions = { timeout: 1000 };
const driver = new Dummy('key', undefined, options);
export async function names(): Promise<string[]> {
  const nodes: Node[] = await driver.listNodes();
  return nodes.map((n) => n.name);
}
export const Local = getStorageDriver(StorageProvider.LOCAL);
export function isNubes(err: unknown): err is NubesError {
  return err instanceof NubesError;
}
`;

async function main(): Promise<void> {
  const started = Date.now();
  const work = mkdtempSync(join(tmpdir(), 'nubes-pack-check-'));
  try {
    step('npm pack');
    const packed = JSON.parse(await sh('npm', ['pack', '--json', '--pack-destination', work, '--loglevel=error'], ROOT)) as Array<{
      filename: string;
      size: number;
      unpackedSize: number;
      files: Array<{ path: string }>;
    }>;
    const pack = packed[0]!;
    const paths = pack.files.map((f) => f.path);
    const problems = [
      ...['LICENSE', 'README.md', 'CHANGELOG.md', 'package.json', 'dist/index.js', 'dist/index.d.ts', 'dist/cli/main.js']
        .filter((p) => !paths.includes(p))
        .map((p) => `missing ${p}`),
      ...paths.filter((p) => p.startsWith('docs/api/')).slice(0, 1).map(() => 'ships the generated API site (docs/api)'),
      ...paths.filter((p) => p.endsWith('.map')).slice(0, 1).map((p) => `ships a source map (${p}) whose sources are not shipped`),
      ...paths.filter((p) => p.startsWith('src/') || p.startsWith('test/')).slice(0, 1).map((p) => `ships ${p}`),
    ];
    if (problems.length > 0) throw new Error(`the tarball is wrong:\n  ${problems.join('\n  ')}`);
    step(`${pack.filename}: ${(pack.size / 1024).toFixed(0)} kB packed, ${(pack.unpackedSize / 1024).toFixed(0)} kB unpacked, ${paths.length} files`);

    const project = join(work, 'project');
    const typesNode = (JSON.parse(readFileSync(join(ROOT, 'node_modules', '@types', 'node', 'package.json'), 'utf8')) as { version: string }).version;
    write(project, { 'package.json': JSON.stringify({ name: 'nubes-pack-check', private: true }) });
    step('npm install the tarball into a fresh project');
    await sh('npm', ['install', ...NPM_FLAGS, join(work, pack.filename), `@types/node@${typesNode}`], project);

    step('(a) ESM TypeScript, strict: type-check and run');
    const esm = join(project, 'esm');
    write(esm, {
      'package.json': JSON.stringify({ type: 'module' }),
      'tsconfig.json': tsconfig('nodenext', { exactOptionalPropertyTypes: true, noUncheckedIndexedAccess: true }),
      'main.ts': ESM_PROGRAM,
    });
    await sh(process.execPath, [TSC, '-p', '.'], esm);
    const esmOut = JSON.parse(await sh(process.execPath, ['out/main.js'], esm)) as Record<string, unknown>;
    const version = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
    if (esmOut.lazy !== 0 || esmOut.version !== version || esmOut.node !== 'web-1' || esmOut.same !== true || esmOut.code !== 'NUBES_ERR_NODE_NOT_FOUND') {
      throw new Error(`the ESM program printed ${JSON.stringify(esmOut)}`);
    }

    step("(b) CommonJS require('nubes'): run");
    const cjs = join(project, 'cjs');
    write(cjs, { 'package.json': JSON.stringify({ type: 'commonjs' }), 'main.js': CJS_PROGRAM });
    const cjsOut = JSON.parse(await sh(process.execPath, ['main.js'], cjs)) as Record<string, unknown>;
    if (cjsOut.version !== version || JSON.stringify(cjsOut.nodes) !== '["cjs-1"]' || cjsOut.same !== true || cjsOut.error !== 'function') {
      throw new Error(`the CommonJS program printed ${JSON.stringify(cjsOut)}`);
    }

    step('(c) TypeScript module nodenext, CommonJS package: type-check');
    const tsCjs = join(project, 'ts-cjs');
    write(tsCjs, { 'package.json': JSON.stringify({ type: 'commonjs' }), 'tsconfig.json': tsconfig('nodenext', { noEmit: true }), 'main.ts': TS_CJS_PROGRAM });
    await sh(process.execPath, [TSC, '-p', '.'], tsCjs);

    step(`ok (${((Date.now() - started) / 1000).toFixed(0)} s)`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
