import { describe, expect, it } from 'vitest';
import { DNSDriver, Record, RecordType, Zone } from '../../../src/drivers/dns/index.js';

class StaticDns extends DNSDriver {
  static override readonly capabilities = ['listZones', 'listRecords', 'exportZoneToBindFormat', 'createRecord'] as const;
  static override readonly minTtl = 60;
  static override readonly maxTtl = 86_400;
  readonly type = 'static';
  readonly name = 'Static';
  readonly website = 'https://example.invalid';
  readonly zone = new Zone({ id: 'z1', domain: 'example.com', type: 'master', ttl: 300, extra: {} }, this);

  listRecordTypes(): RecordType[] {
    return [RecordType.A, RecordType.MX, RecordType.TXT, RecordType.CNAME, RecordType.SRV];
  }
  override async listZones(): Promise<Zone[]> {
    return [this.zone];
  }
  override async *iterateRecords(): AsyncGenerator<Record, void, undefined> {
    const z = this.zone;
    yield new Record({ id: '1', name: '', type: RecordType.A, data: '192.0.2.1', zone: z, extra: {} }, this);
    yield new Record({ id: '2', name: 'www', type: RecordType.CNAME, data: 'example.com', ttl: 60, zone: z, extra: {} }, this);
    yield new Record({ id: '3', name: '', type: RecordType.MX, data: 'mail.example.com', priority: 10, zone: z, extra: {} }, this);
    yield new Record({ id: '4', name: '', type: RecordType.TXT, data: 'v=spf1 "quoted" -all', zone: z, extra: {} }, this);
    yield new Record({ id: '5', name: '_sip._tcp', type: RecordType.SRV, data: '5 5060 sip', priority: 1, zone: z, extra: {} }, this);
  }
  override async createRecord(zone: Zone<object> | string, options: Parameters<DNSDriver['createRecord']>[1]): Promise<Record> {
    this.validateRecord(options, true);
    return new Record({ id: 'new', ...options, zone: this.zone, extra: {} }, this);
  }
}

describe('DNSDriver base', () => {
  it('exports a BIND zone with absolute names, quoted TXT and a synthesized SOA', async () => {
    const d = new StaticDns('k');
    const text = await d.exportZoneToBindFormat('z1');
    expect(text).toBe(
      [
        '$ORIGIN example.com.',
        '$TTL 300',
        '; SOA synthesized by nubes: the provider does not list one',
        '@\t300\tIN\tSOA\texample.com. hostmaster.example.com. 1 7200 3600 1209600 300',
        '; no NS records: the provider reports none; add them before loading this file into a name server',
        '@\t300\tIN\tA\t192.0.2.1',
        'www\t60\tIN\tCNAME\texample.com.',
        '@\t300\tIN\tMX\t10 mail.example.com.',
        '@\t300\tIN\tTXT\t"v=spf1 \\"quoted\\" -all"',
        '_sip._tcp\t300\tIN\tSRV\t1 5 5060 sip.example.com.',
        '',
      ].join('\n'),
    );
  });

  it.each([
    [{ name: 'a', type: RecordType.AAAA, data: '::1' }, 'type'],
    [{ name: 'a', type: RecordType.A, data: '192.0.2.1', ttl: 5 }, 'ttl'],
    [{ name: 'a', type: RecordType.MX, data: 'mx' }, 'priority'],
    [{ name: 'a', type: RecordType.A, data: '  ' }, 'data'],
    [{ name: 'a b', type: RecordType.A, data: '192.0.2.1' }, 'name'],
  ])('refuses bad record input %j before any request (option %s)', async (options, option) => {
    const d = new StaticDns('k');
    await expect(d.createRecord('z1', options)).rejects.toMatchObject({ name: 'InvalidArgumentError', option });
  });
});
