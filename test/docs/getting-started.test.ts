/**
 * The code of docs/getting-started.md step 2 runs as written (imports pointed at src/
 * instead of the built dist/ the guide's readers use), and the commands the guide tells
 * a new user to type exist.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const guide = readFileSync(join(ROOT, 'docs', 'getting-started.md'), 'utf8');

function codeBlock(heading: string): string {
  const section = guide.slice(guide.indexOf(heading));
  const match = /```ts\n([\s\S]*?)```/.exec(section);
  if (!match) throw new Error(`no ts block after ${heading}`);
  return match[1]!;
}

describe('docs/getting-started.md', () => {
  it('step 2 ("Your first driver") runs and prints a node and the sizes', async () => {
    const code = codeBlock('## 2.').replace(/from 'nubes\/compute'/g, "from '../src/drivers/compute/index.js'");
    mkdirSync(join(ROOT, '.tmp'), { recursive: true });
    const file = join(ROOT, '.tmp', `getting-started-${process.pid}.ts`);
    writeFileSync(file, code);
    try {
      const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
      const child = spawn(process.execPath, ['--import', tsx, file], { cwd: ROOT, env: { PATH: process.env.PATH ?? '' }, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const exit = await new Promise<number | null>((resolve) => child.on('close', resolve));
      expect(stderr).toBe('');
      expect(exit).toBe(0);
      expect(stdout).toBe('created web-1 (node-1), running, 203.0.113.1\nsmall 1 vCPU 1024 MiB $0.007/h\nmedium 2 vCPU 4096 MiB $0.036/h\nlarge 4 vCPU 8192 MiB $0.071/h\nxlarge 8 vCPU 16384 MiB $0.143/h\n');
    } finally {
      rmSync(file, { force: true });
    }
  });

  it('tells the reader the README quick start commands and that npm start is the demo', () => {
    expect(guide).toContain('npm ci && npm run build');
    expect(guide).toContain('npm start                 # a short demo: no account, no network');
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(Object.keys(pkg.scripts)).toEqual(expect.arrayContaining(['build', 'start', 'docs']));
  });
});
