/**
 * Every DNS driver refuses a malformed A/AAAA value, and an empty record id, before
 * sending anything (the mock transport has no routes: any request would fail
 * differently and be recorded).
 */
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../../src/common/errors/index.js';
import { DNSDriver, RecordType, registry } from '../../../src/drivers/dns/index.js';
import { MockTransport } from '../../../src/testing/mock-transport.js';

/** A zone id each driver accepts syntactically. */
const SUB = '00000000-1111-4222-8333-444444444444';
const ZONE_IDS: Readonly<Record<string, string>> = {
  linode: '1234',
  route53: 'Z1D633PJN98FT9',
  cloudflare: '023e105f4ecef8ad9ca31a8372d0c353',
  'google-dns': 'example-com',
  'azure-dns': `/subscriptions/${SUB}/resourceGroups/dns-rg/providers/Microsoft.Network/dnszones/example.com`,
};

function setup(provider: string): { dns: DNSDriver; mock: MockTransport; zone: string } {
  const mock = new MockTransport();
  const Cls = registry.get(provider) as unknown as new (key: string, secret: string, options: object) => DNSDriver;
  // Google drivers take a key file (or '' and a credential), not a key pair.
  const credentials = { kind: 'static', getToken: async () => ({ token: 'ya29.x', expiresAt: Date.now() + 3_600_000 }) };
  const dns = provider.startsWith('google-')
    ? new Cls('', undefined as unknown as string, { env: {}, transport: mock, retry: false, credentials, project: 'test-project' })
    : provider === 'azure-dns'
      ? new Cls('72f988bf-0000-4000-8000-000000000000', SUB, { env: {}, transport: mock, retry: false })
      : new Cls('AKIDEXAMPLE', 'secret', { env: {}, transport: mock, retry: false });
  return { dns, mock, zone: ZONE_IDS[provider] ?? 'example.com' };
}

describe.each(registry.providers())('%s DNS driver', (provider) => {
  it.each([
    [RecordType.A, 'not-an-ip'],
    [RecordType.A, '2001:db8::1'],
    [RecordType.A, '192.0.2.300'],
    [RecordType.AAAA, '192.0.2.1'],
    [RecordType.AAAA, 'host.example.com.'],
  ])('refuses a %s record with data %j, naming data, before any request', async (type, data) => {
    const { dns, mock, zone } = setup(provider);
    const err = await dns.createRecord(zone, { name: 'www', type, data }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidArgumentError);
    expect(err).toMatchObject({ option: 'data' });
    expect(mock.requests).toHaveLength(0);
  });

  it('refuses an empty record id before any request', async () => {
    const { dns, mock, zone } = setup(provider);
    const err = await dns.getRecord(zone, '').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidArgumentError);
    expect(mock.requests).toHaveLength(0);
  });
});
