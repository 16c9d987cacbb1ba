/**
 * `nubes dns update-record|delete-record` on the embedded default (state carried across
 * runs by the journal) and `nubes lb create|attach|detach|members|delete` against a loopback
 * DigitalOcean API.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../peers/process.js';
import { nubesInProcess, ROOT, startFakeApi } from './helpers.js';

describe('nubes dns update-record and delete-record', () => {
  it('changes and removes records, and the next run sees it (the journal is replayed)', async () => {
    const cwd = tempDir('cli-dns-edit');
    const env = { NUBES_DATA_DIR: join(cwd, 'data') };
    await nubesInProcess(['dns', 'create-zone', 'example.net'], { cwd, env });
    const created = JSON.parse((await nubesInProcess(['dns', 'create-record', 'example.net', '--name', 'www', '--type', 'A', '--data', '192.0.2.1', '--json'], { cwd, env })).stdout) as { id: string };
    const extra = JSON.parse((await nubesInProcess(['dns', 'create-record', 'example.net', '--name', 'old', '--type', 'A', '--data', '192.0.2.9', '--json'], { cwd, env })).stdout) as { id: string };

    const updated = await nubesInProcess(['dns', 'update-record', 'example.net', created.id, '--data', '192.0.2.7', '--ttl', '600'], { cwd, env });
    expect(updated.stderr).toBe('');
    expect(updated.stdout).toBe(`updated A record www.example.net. (id ${created.id})\n`);
    const deleted = await nubesInProcess(['dns', 'delete-record', 'example.net', extra.id], { cwd, env });
    expect(deleted.code).toBe(0);

    const records = JSON.parse((await nubesInProcess(['dns', 'list-records', 'example.net', '--json'], { cwd, env })).stdout) as Array<{ id: string; data: string; ttl: number }>;
    const mine = records.filter((r) => r.id === created.id || r.id === extra.id);
    expect(mine).toEqual([expect.objectContaining({ id: created.id, data: '192.0.2.7', ttl: 600 })]);
  });

  it('refuses an update with nothing to change, and names an unknown record', async () => {
    const cwd = tempDir('cli-dns-edit-bad');
    const env = { NUBES_DATA_DIR: join(cwd, 'data') };
    await nubesInProcess(['dns', 'create-zone', 'example.net'], { cwd, env });
    const nothing = await nubesInProcess(['dns', 'update-record', 'example.net', 'r1'], { cwd, env });
    expect(nothing.code).toBe(2);
    expect(nothing.stderr).toContain('update-record needs at least one of --name, --type, --data, --ttl, --priority');
    const unknown = await nubesInProcess(['dns', 'delete-record', 'example.net', 'no-such-record'], { cwd, env });
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('NUBES_ERR_RECORD_NOT_FOUND');
  });
});

describe('nubes lb create, attach, detach, members and delete', () => {
  it('sends what the DigitalOcean API expects and prints the results', async () => {
    const created = readFileSync(join(ROOT, 'test/fixtures/loadbalancer/digitalocean/lb_create.json'));
    const api = await startFakeApi((req, res) => {
      res.setHeader('content-type', 'application/json');
      if (req.method === 'POST' && req.url === '/v2/load_balancers') {
        res.statusCode = 202;
        res.end(created);
      } else if (req.method === 'GET') {
        res.end(created);
      } else {
        res.statusCode = 204;
        res.end();
      }
    });
    const bodies = {
      find: (f: (b: string) => boolean) => api.requests.map((r) => `${r.method} ${r.url} ${r.body}`).find(f),
      map: <T>(f: (b: string) => T) => api.requests.map((r) => `${r.method} ${r.url} ${r.body}`).map(f),
    };
    try {
      const env = { NUBES_LB_PROVIDER: 'digitalocean', DIGITALOCEAN_TOKEN: 'tok', NUBES_ENDPOINT: api.url };
      const made = await nubesInProcess(['lb', 'create', '--name', 'shop', '--port', '80', '--protocol', 'http', '--member', '3164444:8080', '--ex', 'exRegion=ams3', '--algorithm', 'round_robin'], { env });
      expect(made.stderr).toBe('');
      expect(made.stdout).toMatch(/^created load balancer shop \(id 8de7ac8b-495b-4884-9a69-1050c6793cda, /);
      const post = JSON.parse(bodies.find((b) => b.startsWith('POST /v2/load_balancers '))!.slice('POST /v2/load_balancers '.length)) as Record<string, unknown>;
      expect(post).toMatchObject({ name: 'shop', region: 'ams3', droplet_ids: [3164444] });

      const id = '8de7ac8b-495b-4884-9a69-1050c6793cda';
      expect((await nubesInProcess(['lb', 'attach', id, '3164445'], { env })).stdout).toBe(`attached 3164445 to ${id}\n`);
      expect((await nubesInProcess(['lb', 'detach', id, '3164445'], { env })).stdout).toBe(`detached 3164445 from ${id}\n`);
      const listed = await nubesInProcess(['lb', 'members', id, '-o', 'text', '--fields', 'id'], { env });
      expect(listed.code).toBe(0);
      expect((await nubesInProcess(['lb', 'delete', id], { env })).stdout).toBe(`deleted load balancer ${id}\n`);
      expect(bodies.map((b) => b.trimEnd())).toEqual([
        expect.stringMatching(/^POST \/v2\/load_balancers \{/),
        `POST /v2/load_balancers/${id}/droplets {"droplet_ids":[3164445]}`,
        `DELETE /v2/load_balancers/${id}/droplets {"droplet_ids":[3164445]}`,
        `GET /v2/load_balancers/${id}`,
        `DELETE /v2/load_balancers/${id}`,
      ]);
    } finally {
      await api.close();
    }
  });

  it('checks its arguments before anything is sent', async () => {
    const env = { NUBES_LB_PROVIDER: 'digitalocean', DIGITALOCEAN_TOKEN: 'tok', NUBES_ENDPOINT: 'http://127.0.0.1:9' };
    const missing = await nubesInProcess(['lb', 'create', '--name', 'x'], { env });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('create needs --port, --protocol');
    const badPort = await nubesInProcess(['lb', 'create', '--name', 'x', '--port', '99999', '--protocol', 'http'], { env });
    expect(badPort.stderr).toContain('--port must be a port from 1 to 65535');
    const badEx = await nubesInProcess(['lb', 'create', '--name', 'x', '--port', '80', '--protocol', 'http', '--ex', 'region=ams3'], { env });
    expect(badEx.stderr).toContain('--ex takes exOPTION=VALUE');
  });
});
