/**
 * `nubes dns` on the embedded Dummy DNS driver (journaled in the data directory), and
 * `nubes lb`, which has no embedded provider.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../peers/process.js';
import { nubes, nubesInProcess, ROOT, startFakeApi } from './helpers.js';

function workspace(): { cwd: string; env: Record<string, string> } {
  const cwd = tempDir('cli-dns');
  return { cwd, env: { NUBES_DATA_DIR: join(cwd, 'data') } };
}

describe('nubes dns on the embedded Dummy DNS driver', () => {
  it('keeps zones and records across invocations and exports the zone as a BIND file', async () => {
    const { cwd, env } = workspace();
    expect(await nubes(['dns', 'create-zone', 'example.com', '--ttl', '3600'], { cwd, env })).toMatchObject({
      code: 0,
      stdout: 'created zone example.com (id example.com)\n',
    });
    const run = (args: string[]) => nubesInProcess(['dns', ...args], { cwd, env });
    expect((await run(['create-record', 'example.com', '--name', 'www', '--type', 'a', '--data', '192.0.2.10', '--ttl', '300'])).stdout).toBe(
      'created A record www.example.com. (id 1)\n',
    );
    expect((await run(['create-record', 'example.com.', '--name', '@', '--type', 'MX', '--data', 'mail.example.com', '--priority', '10'])).code).toBe(0);

    const zones = await nubes(['dns', 'list-zones', '--json'], { cwd, env });
    expect(JSON.parse(zones.stdout)).toEqual([{ id: 'example.com', domain: 'example.com', type: 'master', ttl: 3600, extra: { createdSeq: 1 } }]);

    const records = await run(['list-records', 'example.com']);
    expect(records.stdout.split('\n').map((l) => l.trim().split(/\s+/))).toEqual([
      ['ID', 'NAME', 'TYPE', 'TTL', 'PRIO', 'DATA'],
      ['1', 'www', 'A', '300', '-', '192.0.2.10'],
      ['2', '@', 'MX', '-', '10', 'mail.example.com'],
      [''],
    ]);

    const bind = await run(['export', 'example.com']);
    expect(bind.code).toBe(0);
    expect(bind.stdout).toMatch(/^\$ORIGIN example\.com\.\n\$TTL 3600\n/);
    expect(bind.stdout).toContain('www\t300\tIN\tA\t192.0.2.10\n');
    expect(bind.stdout).toContain('@\t3600\tIN\tMX\t10 mail.example.com.\n');
    const json = JSON.parse((await run(['export', 'example.com', '--json'])).stdout) as { zone: { id: string }; bind: string };
    expect(json.zone.id).toBe('example.com');
    expect(json.bind).toBe(bind.stdout);
  });

  it('explains an unknown zone, and refuses a bad record before sending it', async () => {
    const { cwd, env } = workspace();
    const missing = await nubesInProcess(['dns', 'list-records', 'nope.example'], { cwd, env });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('nubes: error [NUBES_ERR_ZONE_NOT_FOUND]');
    expect(missing.stderr).toContain("hint: 'nubes dns list-zones' lists the zones");

    await nubesInProcess(['dns', 'create-zone', 'example.org'], { cwd, env });
    const badType = await nubesInProcess(['dns', 'create-record', 'example.org', '--name', 'x', '--type', 'BOGUS', '--data', 'y'], { cwd, env });
    expect(badType.code).toBe(2);
    expect(badType.stderr).toContain('--type must be a record type');
    const noPriority = await nubesInProcess(['dns', 'create-record', 'example.org', '--name', '@', '--type', 'MX', '--data', 'mx.example.org'], { cwd, env });
    expect(noPriority.code).toBe(2);
    expect(noPriority.stderr).toContain('nubes: error [NUBES_ERR_INVALID_ARGUMENT]: MX records need a priority');
  });
});

describe('nubes lb', () => {
  it('lists the balancers of a provider configured from the environment', async () => {
    // The last page of the DigitalOcean load balancer fixtures: one balancer, no next link.
    const page = readFileSync(join(ROOT, 'test/fixtures/loadbalancer/digitalocean/lbs_page3.json'));
    const api = await startFakeApi((_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(page);
    });
    try {
      const env = { NUBES_LB_PROVIDER: 'digitalocean', DIGITALOCEAN_TOKEN: 'tok', NUBES_ENDPOINT: api.url };
      const table = await nubes(['lb', 'list'], { env });
      expect(table.code).toBe(0);
      expect(table.stdout).toMatch(/^ID +NAME +STATE +IP +PORT\n7de7ac8b-495b-4884-9a69-1050c6793cd9 +tagged +running +104\.131\.186\.241 +80\n$/);
      const json = await nubesInProcess(['lb', 'list', '--json'], { env });
      expect(JSON.parse(json.stdout)).toMatchObject([{ id: '7de7ac8b-495b-4884-9a69-1050c6793cd9', name: 'tagged', state: 'running', ip: '104.131.186.241', port: 80 }]);
      expect(api.requests[0]).toMatchObject({ method: 'GET', url: '/v2/load_balancers?page=1&per_page=200', authorization: 'Bearer tok' });
    } finally {
      await api.close();
    }
  });

  it('asks for a provider, since there is no embedded load balancer', async () => {
    const r = await nubesInProcess(['lb', 'list'], { env: {} });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('nubes: There is no embedded lb provider: choose one with --provider NAME or NUBES_LB_PROVIDER (known: alb, digitalocean, elb)');
  });
});
