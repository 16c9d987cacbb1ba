/**
 * What `npm ci && npm run build && npm start` gives a new user: the compiled and bundled
 * CLI (tsc, then scripts/bundle.ts), run by plain node (no tsx), from the path
 * package.json's `bin` and `start` name. The build goes to a scratch directory inside the
 * repository (so node_modules resolves), not to dist/, which may hold an older build.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VERSION } from '../../src/version.js';
import { tempDir } from '../peers/process.js';
import { nubes, ROOT } from './helpers.js';

const out = join(ROOT, '.tmp', `cli-build-${process.pid}`);
const main = join(out, 'cli', 'main.js');

beforeAll(() => {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json', '--outDir', out, '--declaration', 'false', '--declarationMap', 'false', '--sourceMap', 'false'], {
    cwd: ROOT,
    stdio: 'pipe',
  });
  // The second half of npm run build: the bundled chunks are what the package runs.
  execFileSync(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts', 'bundle.ts'), out], { cwd: ROOT, stdio: 'pipe' });
}, 180_000);

afterAll(() => {
  rmSync(out, { recursive: true, force: true });
});

describe('the built CLI', () => {
  it('is what package.json runs: bin nubes and npm start both point at dist/cli/main.js, built from src/cli/main.ts', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string>; scripts: Record<string, string> };
    expect(pkg.bin).toEqual({ nubes: './dist/cli/main.js' });
    expect(pkg.scripts.start).toBe('node dist/cli/main.js');
    const build = JSON.parse(readFileSync(join(ROOT, 'tsconfig.build.json'), 'utf8')) as { compilerOptions: { rootDir: string; outDir: string } };
    expect(build.compilerOptions).toMatchObject({ rootDir: 'src', outDir: 'dist' });
    expect(readFileSync(main, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
  });

  it('runs under plain node: version, help and a usage error with its exit code', async () => {
    const env = { NUBES_DATA_DIR: tempDir('cli-built') };
    const [version, help, usage] = await Promise.all([
      nubes(['--version'], { script: main, env }),
      nubes(['--help'], { script: main, env }),
      nubes(['compute', 'nope'], { script: main, env }),
    ]);
    expect(version).toMatchObject({ code: 0, stdout: `nubes ${VERSION}\n` });
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: nubes <area> <command> [arguments] [options]');
    expect(usage.code).toBe(2);
  });

  it('runs the npm start demo: no arguments under npm start', async () => {
    const cwd = tempDir('cli-built-demo');
    const r = await nubes([], { script: main, cwd, env: { npm_lifecycle_event: 'start', HOME: cwd } });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    // The state goes under the XDG data directory, not into the directory the user stands in.
    expect(r.stdout).toContain(`in ${join(cwd, '.local', 'share', 'nubes')}`);
    expect(r.stdout).toContain('created node demo-1 (id node-1, running)');
    expect(r.stdout).toContain('uploaded stdin to demo/hello.txt (17 B)');
  });

  it('loads a plain JavaScript plugin that declares a third-party driver', async () => {
    const plugin = join(out, 'js-cloud-plugin.mjs');
    writeFileSync(
      plugin,
      [
        "import { Node, NodeDriver, NodeState } from './drivers/compute/index.js';",
        'class JsCloudNodeDriver extends NodeDriver {',
        "  static capabilities = ['listNodes'];",
        "  type = 'js-cloud';",
        "  name = 'JS Cloud';",
        "  website = 'https://js-cloud.example';",
        "  async listNodes() { return [new Node({ id: 'j1', name: 'from-plugin', state: NodeState.RUNNING, publicIps: [], privateIps: [], extra: {} }, this)]; }",
        '}',
        "export default { compute: { 'js-cloud': JsCloudNodeDriver } };",
        '',
      ].join('\n'),
    );
    const r = await nubes(['compute', 'list-nodes', '--plugin', plugin, '--provider', 'js-cloud', '--key', 'k', '--json'], { script: main, env: {} });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject([{ id: 'j1', name: 'from-plugin', state: 'running' }]);
  });

  it('runs every command added for issue 18 as the built binary', async () => {
    const home = tempDir('cli-built-new');
    const env = { HOME: home };
    const run = (args: string[], stdin?: string) => nubes(args, { script: main, cwd: home, env, ...(stdin !== undefined ? { stdin } : {}) });

    // completion, from the command table
    const bash = await run(['completion', 'bash']);
    expect(bash.code).toBe(0);
    expect(bash.stdout).toContain('complete -o default -F _nubes nubes');

    // the embedded default keeps its state under the XDG data directory
    expect((await run(['compute', 'create-node', '--name', 'b1', '--size', 'small', '--image', 'debian-12'])).code).toBe(0);
    expect((await run(['compute', 'list-nodes', '-o', 'text', '--fields', 'name,state'])).stdout).toBe('b1\trunning\n');
    expect(readFileSync(join(home, '.local', 'share', 'nubes', 'compute-dummy.json'), 'utf8')).toContain('createNode');

    // dns record edits
    await run(['dns', 'create-zone', 'example.com']);
    const rec = JSON.parse((await run(['dns', 'create-record', 'example.com', '--name', 'www', '--type', 'A', '--data', '192.0.2.1', '-o', 'json'])).stdout) as { id: string };
    expect((await run(['dns', 'update-record', 'example.com', rec.id, '--data', '192.0.2.2'])).code).toBe(0);
    expect((await run(['dns', 'delete-record', 'example.com', rec.id])).code).toBe(0);

    // storage cp -r, sync
    writeFileSync(join(home, 'a.txt'), 'a\n');
    await run(['storage', 'mb', 'b']);
    expect((await run(['storage', 'cp', '-r', './a.txt', 'b/x/'])).stdout).toMatch(/^copied 1 file/);
    expect((await run(['storage', 'sync', 'b/x/', './back'])).stdout).toMatch(/^synced 1 file/);
    expect(readFileSync(join(home, 'back', 'a.txt'), 'utf8')).toBe('a\n');

    // configure writes a profile from stdin; lb commands check their arguments first
    const configured = await run(['configure', '--profile', 'p', '--provider', 'digitalocean'], 'key=dop_v1_built\n');
    expect(configured.code).toBe(0);
    expect(configured.stdout).not.toContain('dop_v1_built');
    const lb = await run(['lb', 'create', '--name', 'x', '--profile', 'p']);
    expect(lb.code).toBe(2);
    expect(lb.stderr).toContain('create needs --port, --protocol');
  }, 120_000);
});
