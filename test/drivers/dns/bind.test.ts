import { describe, expect, it } from 'vitest';
import { Record, RecordType, Zone, toBindZone, quoteTxt, soaMailbox, DummyDNSDriver, type RecordInit } from '../../../src/drivers/dns/index.js';
import { namedCheckzone, namedCheckzoneMissing } from './named-checkzone.js';

const driver = new DummyDNSDriver();
const zone = new Zone({ id: 'z', domain: 'example.com', type: 'master', ttl: 600, extra: {} }, driver);
const rec = (init: Omit<RecordInit, 'zone' | 'extra' | 'id'>, id = init.name + init.type): Record =>
  new Record({ id, zone, extra: {}, ...init }, driver);

describe('quoteTxt', () => {
  it('splits a long value into 255-byte strings without cutting an escape in half', () => {
    const value = `${'a'.repeat(254)}"${'b'.repeat(10)}`;
    const quoted = quoteTxt(value);
    expect(quoted).toBe(`"${'a'.repeat(254)}\\"" "${'b'.repeat(10)}"`);
  });

  it('writes bytes outside printable ASCII as \\DDD so the file stays ASCII', () => {
    expect(quoteTxt('café\tx')).toBe('"caf\\195\\169\\009x"');
  });

  it('passes data already in presentation form through', () => {
    expect(quoteTxt('"part one" "part \\"two\\""')).toBe('"part one" "part \\"two\\""');
  });

  it('writes an empty value as an empty character-string', () => {
    expect(quoteTxt('')).toBe('""');
  });
});

describe('soaMailbox', () => {
  it('turns an email address into an SOA mailbox, escaping dots of the local part', () => {
    expect(soaMailbox('host.master@example.org', 'example.com')).toBe('host\\.master.example.org.');
    expect(soaMailbox('admin.example.com.', 'example.com')).toBe('admin.example.com.');
  });
});

describe('toBindZone', () => {
  it('writes the provider SOA first and its apex NS records next, whatever their order in the list', () => {
    const text = toBindZone(zone, [
      rec({ name: 'www', type: RecordType.A, data: '192.0.2.1' }),
      rec({ name: '', type: RecordType.NS, data: 'ns1.example.net' }),
      rec({ name: '', type: RecordType.SOA, data: 'ns1.example.net. hostmaster.example.com. 42 7200 900 1209600 300', ttl: 900 }),
    ]);
    expect(text.split('\n').slice(0, 5)).toEqual([
      '$ORIGIN example.com.',
      '$TTL 600',
      '@\t900\tIN\tSOA\tns1.example.net. hostmaster.example.com. 42 7200 900 1209600 300',
      '@\t600\tIN\tNS\tns1.example.net.',
      'www\t600\tIN\tA\t192.0.2.1',
    ]);
  });

  it('synthesizes the SOA and NS from what the provider reports outside the records', () => {
    const text = toBindZone(zone, [rec({ name: 'www', type: RecordType.A, data: '192.0.2.1' })], {
      nameservers: ['ns1.provider.net', 'ns2.provider.net.'],
      hostmaster: 'dns@example.com',
      serial: 2024010101,
    });
    expect(text).toContain('@\t600\tIN\tSOA\tns1.provider.net. dns.example.com. 2024010101 7200 3600 1209600 600\n');
    expect(text).toContain('@\t600\tIN\tNS\tns1.provider.net.\n@\t600\tIN\tNS\tns2.provider.net.\n');
  });

  it('writes ALIAS records as comments, since they are not standard DNS', () => {
    const text = toBindZone(zone, [rec({ name: '', type: RecordType.ALIAS, data: 'lb.elb.amazonaws.com' })]);
    expect(text).toContain('; @ ALIAS lb.elb.amazonaws.com (provider-specific, not standard DNS)');
    expect(text).not.toMatch(/\tALIAS\t/);
  });

  it.skipIf(namedCheckzoneMissing)('produces a file named-checkzone loads, with every record type the writer formats', async () => {
    const text = toBindZone(
      zone,
      [
        rec({ name: '', type: RecordType.A, data: '192.0.2.1' }),
        rec({ name: '', type: RecordType.AAAA, data: '2001:db8::1' }),
        rec({ name: '', type: RecordType.MX, data: 'mail', priority: 10 }),
        rec({ name: 'mail', type: RecordType.A, data: '192.0.2.25', ttl: 60 }),
        rec({ name: 'www', type: RecordType.CNAME, data: 'example.com' }),
        rec({ name: '*.dev', type: RecordType.CNAME, data: 'www' }),
        rec({ name: '', type: RecordType.TXT, data: `v=spf1 "quoted" \\ ${'x'.repeat(300)} é -all` }),
        rec({ name: '_sip._tcp', type: RecordType.SRV, data: '5 5060 sip', priority: 1 }),
        rec({ name: 'sip', type: RecordType.A, data: '192.0.2.30' }),
        rec({ name: '', type: RecordType.CAA, data: '0 issue "letsencrypt.org"' }),
        rec({ name: '10', type: RecordType.PTR, data: 'host.example.com' }),
        rec({ name: 'sub', type: RecordType.NS, data: 'ns.sub' }),
        rec({ name: 'ns.sub', type: RecordType.A, data: '192.0.2.53' }),
        rec({ name: 'alias', type: RecordType.ALIAS, data: 'lb.example.net' }),
      ],
      { nameservers: ['ns1.example.net', 'ns2.example.net'] },
    );
    const result = await namedCheckzone('example.com', text);
    expect(result.output).toMatch(/loaded serial 1\nOK$/);
    expect(result.exitCode).toBe(0);
    expect(result.complaints).toEqual([]);
  });

  it.skipIf(namedCheckzoneMissing)('without any name server the file says so, and named-checkzone refuses it for that reason only', async () => {
    const text = toBindZone(zone, [rec({ name: 'www', type: RecordType.A, data: '192.0.2.1' })]);
    expect(text).toContain('; no NS records');
    const result = await namedCheckzone('example.com', text);
    expect(result.exitCode).not.toBe(0);
    expect(result.output).toContain('has no NS records');
    expect(result.output).not.toContain('SOA');
  });
});
