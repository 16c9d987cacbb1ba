/**
 * `DnsRecord` is the DNS record class; `Record` (its former name, which shadowed
 * TypeScript's `Record<K, V>`) stays exported from nubes/dns as a deprecated alias.
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import * as dns from '../../../src/drivers/dns/index.js';
import { DnsRecord, Record as DeprecatedRecord, getDriver, Provider, RecordType } from '../../../src/drivers/dns/index.js';

describe('DnsRecord and the deprecated Record alias', () => {
  it('are the same class, so records from any driver are both', async () => {
    expect(DeprecatedRecord).toBe(DnsRecord);
    const driver = new (getDriver(Provider.DUMMY))('key');
    const zone = await driver.createZone('example.com');
    const record = await zone.createRecord({ name: 'www', type: RecordType.A, data: '192.0.2.1' });
    expect(record).toBeInstanceOf(DnsRecord);
    expect(record).toBeInstanceOf(DeprecatedRecord);
    expectTypeOf(record).toExtend<DnsRecord>();
    expectTypeOf<DeprecatedRecord>().toEqualTypeOf<DnsRecord>();
  });

  it('leave TypeScript\u2019s Record<K, V> usable beside the DNS import', () => {
    const byName: Record<string, number> = { www: 1 };
    expect(byName.www).toBe(1);
    expect(Object.keys(dns)).toContain('DnsRecord');
  });
});
