import { describe, expect, it } from 'vitest';
import { getDriver as getAreaDriver, DriverType } from '../../../src/index.js';
import {
  DNS_METHODS,
  DNSDriver,
  DummyDNSDriver,
  getDriver,
  Provider,
  RecordType,
} from '../../../src/drivers/dns/index.js';
import { expectCapabilitiesImplemented } from '../../helpers/capabilities.js';
import { namedCheckzone, namedCheckzoneMissing } from './named-checkzone.js';

describe('DummyDNSDriver', () => {
  it('is registered as the dummy DNS provider in the area and the top-level registries', () => {
    expect(getDriver(Provider.DUMMY)).toBe(DummyDNSDriver);
    expect(getAreaDriver(DriverType.DNS, 'dummy')).toBe(DummyDNSDriver);
  });

  it('declares exactly the methods it overrides', () => {
    expectCapabilitiesImplemented(DummyDNSDriver, DNSDriver, DNS_METHODS, { derived: { exportZoneToBindFormat: 'listRecords' } });
  });

  it('declares and implements every DNS method', async () => {
    const dns = new DummyDNSDriver();
    expect(DummyDNSDriver.capabilities).toEqual(DNS_METHODS);
    for (const method of DNS_METHODS) expect(dns.supports(method)).toBe(true);
    const zone = await dns.createZone('example.com');
    const record = await dns.createRecord(zone, { name: 'a', type: RecordType.A, data: '192.0.2.1' });
    // None of them throws NotSupportedError.
    await dns.listZones();
    await dns.getZone(zone.id);
    await dns.updateZone(zone, { ttl: 60 });
    await dns.listRecords(zone);
    await dns.getRecord(zone, record.id);
    await dns.updateRecord(record, { ttl: 60 });
    await dns.exportZoneToBindFormat(zone);
    await dns.deleteRecord(record);
    await dns.deleteZone(zone);
    expect(await dns.listZones()).toEqual([]);
  });

  it('creates zones whose id is the normalised domain and lists them in creation order', async () => {
    const dns = new DummyDNSDriver('ignored');
    const a = await dns.createZone('Example.COM.', { ttl: 900 });
    const b = await dns.createZone('example.org', { type: 'slave' });
    expect(a).toMatchObject({ id: 'example.com', domain: 'example.com', type: 'master', ttl: 900, extra: { createdSeq: 1 } });
    expect(b).toMatchObject({ id: 'example.org', type: 'slave', ttl: undefined });
    expect((await dns.listZones()).map((z) => z.id)).toEqual(['example.com', 'example.org']);
    expect((await dns.getZone('example.org')).type).toBe('slave');
  });

  it('keeps each instance separate', async () => {
    const one = new DummyDNSDriver();
    const two = new DummyDNSDriver();
    await one.createZone('example.com');
    expect(await two.listZones()).toEqual([]);
  });

  it('refuses a zone that exists, a malformed domain and a bad TTL with typed errors', async () => {
    const dns = new DummyDNSDriver();
    await dns.createZone('example.com');
    await expect(dns.createZone('example.com')).rejects.toMatchObject({ name: 'ZoneAlreadyExistsError', code: 'NUBES_ERR_ZONE_EXISTS' });
    await expect(dns.createZone('not a domain')).rejects.toMatchObject({ name: 'InvalidArgumentError', option: 'domain' });
    await expect(dns.createZone('example.net', { ttl: 0 })).rejects.toMatchObject({ name: 'InvalidArgumentError', option: 'ttl' });
    await expect(dns.updateZone('example.com', { type: 'primary' as 'master' })).rejects.toMatchObject({ option: 'type' });
  });

  it('throws ZoneDoesNotExistError for every call on an unknown zone', async () => {
    const dns = new DummyDNSDriver();
    const calls = [
      dns.getZone('nope.example'),
      dns.deleteZone('nope.example'),
      dns.updateZone('nope.example', { ttl: 60 }),
      dns.listRecords('nope.example'),
      dns.getRecord('nope.example', '1'),
      dns.createRecord('nope.example', { name: '', type: RecordType.A, data: '192.0.2.1' }),
      dns.exportZoneToBindFormat('nope.example'),
    ];
    for (const call of calls) await expect(call).rejects.toMatchObject({ name: 'ZoneDoesNotExistError', provider: 'dummy' });
  });

  it('creates, gets, updates and deletes records with deterministic ids', async () => {
    const dns = new DummyDNSDriver();
    const zone = await dns.createZone('example.com');
    const www = await zone.createRecord({ name: 'www', type: RecordType.A, data: '192.0.2.10', ttl: 300 });
    const mx = await dns.createRecord('example.com', { name: '@', type: RecordType.MX, data: 'mail.example.com', priority: 10 });
    expect(www).toMatchObject({ id: '1', name: 'www', type: 'A', data: '192.0.2.10', ttl: 300, priority: undefined });
    expect(www.fqdn).toBe('www.example.com.');
    expect(mx).toMatchObject({ id: '2', name: '', priority: 10 });
    expect(mx.zone.id).toBe('example.com');

    const updated = await www.update({ data: '192.0.2.11' });
    expect(updated).toMatchObject({ id: '1', data: '192.0.2.11', ttl: 300 });
    expect((await dns.getRecord(zone, '1')).data).toBe('192.0.2.11');

    await updated.delete();
    expect((await zone.listRecords()).map((r) => r.id)).toEqual(['2']);
    await expect(dns.getRecord(zone, '1')).rejects.toMatchObject({ name: 'RecordDoesNotExistError' });
    await expect(dns.deleteRecord(updated)).rejects.toMatchObject({ name: 'RecordDoesNotExistError' });
    await expect(dns.updateRecord(updated, { ttl: 60 })).rejects.toMatchObject({ name: 'RecordDoesNotExistError' });
  });

  it('refuses a record identical to an existing one, on create and on update', async () => {
    const dns = new DummyDNSDriver();
    const zone = await dns.createZone('example.com');
    await zone.createRecord({ name: 'www', type: RecordType.A, data: '192.0.2.10' });
    const other = await zone.createRecord({ name: 'www', type: RecordType.A, data: '192.0.2.11' });
    await expect(zone.createRecord({ name: 'WWW.example.com.', type: RecordType.A, data: '192.0.2.10' })).rejects.toMatchObject({
      name: 'RecordAlreadyExistsError',
      code: 'NUBES_ERR_RECORD_EXISTS',
    });
    await expect(other.update({ data: '192.0.2.10' })).rejects.toMatchObject({ name: 'RecordAlreadyExistsError' });
  });

  it.each([
    [{ name: 'a', type: RecordType.SOA, data: 'ns. host. 1 2 3 4 5' }, 'type'],
    [{ name: 'a', type: RecordType.A, data: '192.0.2.1', ttl: 0 }, 'ttl'],
    [{ name: 'a', type: RecordType.SRV, data: '5 5060 sip' }, 'priority'],
    [{ name: 'a', type: RecordType.A, data: '' }, 'data'],
  ])('refuses bad record input %j (option %s)', async (options, option) => {
    const dns = new DummyDNSDriver();
    const zone = await dns.createZone('example.com');
    await expect(dns.createRecord(zone, options)).rejects.toMatchObject({ name: 'InvalidArgumentError', option });
    expect(await dns.listRecords(zone)).toEqual([]);
  });

  it('lists every record type but SOA', () => {
    const types = new DummyDNSDriver().listRecordTypes();
    expect(types).toContain(RecordType.ALIAS);
    expect(types).not.toContain(RecordType.SOA);
  });

  it.skipIf(namedCheckzoneMissing)('exports a zone named-checkzone loads', async () => {
    const dns = new DummyDNSDriver();
    const zone = await dns.createZone('example.com', { ttl: 3600 });
    await zone.createRecord({ name: '', type: RecordType.NS, data: 'ns1.example.net' });
    await zone.createRecord({ name: '', type: RecordType.NS, data: 'ns2.example.net' });
    await zone.createRecord({ name: '', type: RecordType.A, data: '192.0.2.1' });
    await zone.createRecord({ name: 'www', type: RecordType.CNAME, data: 'example.com', ttl: 300 });
    await zone.createRecord({ name: '', type: RecordType.MX, data: 'mail', priority: 10 });
    await zone.createRecord({ name: 'mail', type: RecordType.AAAA, data: '2001:db8::25' });
    await zone.createRecord({ name: '', type: RecordType.TXT, data: 'v=spf1 mx -all' });
    const text = await zone.exportToBindFormat();
    expect(text).toContain('@\t3600\tIN\tNS\tns1.example.net.\n');
    const result = await namedCheckzone('example.com', text);
    expect(result.exitCode).toBe(0);
    expect(result.complaints).toEqual([]);
  });
});
