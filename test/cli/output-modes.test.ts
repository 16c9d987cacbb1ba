/**
 * `-o/--output table|json|text` and `--fields`, as people who know the AWS CLI and gh
 * expect them; `--driver-option` (the old `-o`) still reaches the driver.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../peers/process.js';
import { nubesInProcess } from './helpers.js';

async function twoNodes() {
  const cwd = tempDir('cli-output');
  const env = { NUBES_DATA_DIR: join(cwd, 'data') };
  const run = (args: string[]) => nubesInProcess(args, { cwd, env });
  await run(['compute', 'create-node', '--name', 'web-1', '--size', 'small', '--image', 'ubuntu-24.04']);
  await run(['compute', 'create-node', '--name', 'web-2', '--size', 'medium', '--image', 'debian-12']);
  return run;
}

describe('nubes -o/--output', () => {
  it('prints tab-separated rows without a header with -o text', async () => {
    const run = await twoNodes();
    const r = await run(['compute', 'list-nodes', '-o', 'text']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('node-1\tweb-1\trunning\t203.0.113.1\t10.0.0.1\tsmall\tubuntu-24.04\nnode-2\tweb-2\trunning\t203.0.113.2\t10.0.0.2\tmedium\tdebian-12\n');
  });

  it('keeps only the --fields asked for, in JSON and in text, nested fields by dot path', async () => {
    const run = await twoNodes();
    const json = await run(['compute', 'list-nodes', '--output', 'json', '--fields', 'name,state,extra.location']);
    expect(JSON.parse(json.stdout)).toEqual([
      { name: 'web-1', state: 'running', 'extra.location': expect.any(String) },
      { name: 'web-2', state: 'running', 'extra.location': expect.any(String) },
    ]);
    const text = await run(['compute', 'list-nodes', '-o', 'text', '--fields', 'id,name']);
    expect(text.stdout).toBe('node-1\tweb-1\nnode-2\tweb-2\n');
    const one = await run(['compute', 'create-node', '--name', 'web-3', '--size', 'small', '--image', 'debian-12', '-o', 'text', '--fields', 'id']);
    expect(one.stdout).toBe('node-3\n');
  });

  it('treats --json as -o json, and refuses an unknown mode or a contradiction as usage errors', async () => {
    const run = await twoNodes();
    const a = await run(['compute', 'list-nodes', '--json']);
    const b = await run(['compute', 'list-nodes', '-o', 'json']);
    expect(a.stdout).toBe(b.stdout);
    const bad = await run(['compute', 'list-nodes', '-o', 'yaml']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('-o/--output must be one of table, json, text (got "yaml")');
    const both = await run(['compute', 'list-nodes', '--json', '-o', 'text']);
    expect(both.code).toBe(2);
  });

  it('passes --driver-option (and the former --option) to the driver', async () => {
    const run = await twoNodes();
    const r = await run(['compute', 'list-nodes', '--driver-option', 'nope=1']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/nope/);
    const old = await run(['compute', 'list-nodes', '--option', 'nope=1']);
    expect(old.stderr).toMatch(/nope/);
  });
});
