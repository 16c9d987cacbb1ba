/**
 * `nubes compute` on the embedded default (the Dummy driver, its state journaled in the
 * data directory): state carries across invocations, which is what a user tries first.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../peers/process.js';
import { nubes, nubesInProcess } from './helpers.js';

function workspace(): { cwd: string; env: Record<string, string>; dataDir: string } {
  const cwd = tempDir('cli-compute');
  const dataDir = join(cwd, 'data');
  return { cwd, dataDir, env: { NUBES_DATA_DIR: dataDir } };
}

describe('nubes compute on the embedded Dummy driver', () => {
  it('keeps nodes across invocations: create-node in one process, list-nodes in the next', async () => {
    const { cwd, env } = workspace();
    const created = await nubes(['compute', 'create-node', '--name', 'web-1', '--size', 'small', '--image', 'ubuntu-24.04'], { cwd, env });
    expect(created).toMatchObject({ code: 0, stdout: 'created node web-1 (id node-1, running)\n' });
    const second = await nubes(['compute', 'create-node', '--name', 'web-2', '--size', 'medium', '--image', 'debian-12', '--location', 'dummy-eu-1', '--json'], {
      cwd,
      env,
    });
    expect(JSON.parse(second.stdout)).toMatchObject({ id: 'node-2', name: 'web-2', state: 'running', publicIps: ['203.0.113.2'], size: 'medium', extra: { location: 'dummy-eu-1' } });

    const listed = await nubes(['compute', 'list-nodes'], { cwd, env });
    expect(listed.code).toBe(0);
    expect(listed.stdout.split('\n').map((l) => l.trim().split(/\s+/))).toEqual([
      ['ID', 'NAME', 'STATE', 'PUBLIC', 'IP', 'PRIVATE', 'IP', 'SIZE', 'IMAGE'],
      ['node-1', 'web-1', 'running', '203.0.113.1', '10.0.0.1', 'small', 'ubuntu-24.04'],
      ['node-2', 'web-2', 'running', '203.0.113.2', '10.0.0.2', 'medium', 'debian-12'],
      [''],
    ]);
  });

  it('reboots and destroys by id, and explains an unknown id', async () => {
    const { cwd, env } = workspace();
    const run = (args: string[]) => nubesInProcess(['compute', ...args], { cwd, env });
    await run(['create-node', '--name', 'a', '--size', 'small', '--image', 'debian-12']);
    await run(['create-node', '--name', 'b', '--size', 'small', '--image', 'debian-12']);
    expect(await run(['reboot-node', 'node-1'])).toMatchObject({ code: 0, stdout: 'rebooted node node-1\n' });
    expect(JSON.parse((await run(['destroy-node', 'node-2', '--json'])).stdout)).toEqual({ id: 'node-2', action: 'destroy', ok: true });
    const left = JSON.parse((await run(['list-nodes', '--json'])).stdout) as Array<{ id: string; createdAt: string }>;
    expect(left.map((n) => n.id)).toEqual(['node-1']);

    const createdAt = left[0]!.createdAt;
    const again = JSON.parse((await run(['list-nodes', '--json'])).stdout) as Array<{ createdAt: string }>;
    expect(again[0]!.createdAt).toBe(createdAt); // replayed with the time it was created, not now

    const unknown = await run(['destroy-node', 'node-9']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('nubes: error [NUBES_ERR_NODE_NOT_FOUND]: Dummy: node "node-9" does not exist');
    expect(unknown.stderr).toContain("hint: 'nubes compute list-nodes' lists the nodes and their ids");
  });

  it('refuses an unknown size before creating anything (exit 2), and records nothing', async () => {
    const { cwd, env, dataDir } = workspace();
    const r = await nubesInProcess(['compute', 'create-node', '--name', 'x', '--size', 'huge', '--image', 'debian-12'], { cwd, env });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('nubes: error [NUBES_ERR_INVALID_ARGUMENT]: Unknown size "huge" (known: small, medium, large, xlarge)');
    expect(() => readFileSync(join(dataDir, 'compute-dummy.json'))).toThrow();
  });

  it('lists what create-node accepts', async () => {
    const { cwd, env } = workspace();
    const [sizes, images, locations] = await Promise.all(
      ['list-sizes', 'list-images', 'list-locations'].map((c) => nubesInProcess(['compute', c, '--json'], { cwd, env })),
    );
    expect((JSON.parse(sizes!.stdout) as Array<{ id: string }>).map((s) => s.id)).toEqual(['small', 'medium', 'large', 'xlarge']);
    expect(JSON.parse(sizes!.stdout)[0]).toEqual({ id: 'small', name: 'Small (1 vCPU, 1 GiB)', ram: 1024, disk: 25, vcpus: 1, bandwidth: 1000, price: 0.007, extra: {} });
    expect((JSON.parse(images!.stdout) as Array<{ id: string }>).map((s) => s.id)).toContain('ubuntu-24.04');
    expect((JSON.parse(locations!.stdout) as Array<{ country: string }>)[0]).toMatchObject({ id: 'dummy-east-1', country: 'US' });
  });

  it('keeps its state as a readable journal, and says how to recover from a broken one', async () => {
    const { cwd, env, dataDir } = workspace();
    await nubesInProcess(['compute', 'create-node', '--name', 'j', '--size', 'small', '--image', 'debian-12'], { cwd, env });
    const journal = JSON.parse(readFileSync(join(dataDir, 'compute-dummy.json'), 'utf8')) as { version: number; journal: Array<{ method: string; args: unknown[] }> };
    expect(journal.version).toBe(1);
    expect(journal.journal.map((e) => [e.method, e.args])).toEqual([['createNode', [{ name: 'j', size: 'small', image: 'debian-12' }]]]);

    writeFileSync(join(dataDir, 'compute-dummy.json'), '{ not json');
    const broken = await nubesInProcess(['compute', 'list-nodes'], { cwd, env });
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain(`The embedded compute state in ${join(dataDir, 'compute-dummy.json')} is unreadable`);
    expect(broken.stderr).toContain('delete the file to start over');
  });
});

describe('nubes demo (plain npm start)', () => {
  it('runs the tour on the embedded default, once per data directory, whatever NUBES_PROVIDER says', async () => {
    const { cwd, env } = workspace();
    const first = await nubes([], { cwd, env: { ...env, npm_lifecycle_event: 'start', NUBES_PROVIDER: 'digitalocean' } });
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('nubes demo: the embedded default (Dummy compute, Local storage)');
    expect(first.stdout).toContain('$ nubes compute create-node --name demo-1 --size small --image ubuntu-24.04\ncreated node demo-1 (id node-1, running)');
    expect(first.stdout).toMatch(/\$ nubes compute list-nodes\nID +NAME.*\nnode-1 +demo-1 +running/);
    expect(first.stdout).toContain('$ echo "hello from nubes" | nubes storage cp - demo/hello.txt\nuploaded stdin to demo/hello.txt (17 B)');
    expect(first.stdout).toMatch(/\$ nubes storage ls demo\nSIZE +MODIFIED +NAME\n17 B .* hello\.txt/);
    expect(first.stdout).toContain('npm start -- --help');

    const second = await nubes(['demo'], { cwd, env });
    expect(second.code).toBe(0);
    expect(second.stdout).not.toContain('$ nubes compute create-node');
    expect(second.stdout).toContain('nubes --help');
    const nodes = await nubesInProcess(['compute', 'list-nodes', '--json'], { cwd, env });
    expect(JSON.parse(nodes.stdout)).toHaveLength(1);
  });

  it('prints the help, not the demo, for a bare nubes', async () => {
    const r = await nubesInProcess([], { env: {} });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Usage: nubes <area> <command>');
  });
});
