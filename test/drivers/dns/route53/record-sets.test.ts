import { describe, expect, it } from 'vitest';
import { parseXml, xmlChild, xmlChildren, type XmlElement } from '../../../../src/common/xml.js';
import {
  absoluteRecordName,
  changeBatchXml,
  dataToValue,
  decodeName,
  parseRecordSet,
  parseRecordSetId,
  recordSetId,
  valueToData,
  type Route53RecordSet,
} from '../../../../src/drivers/dns/route53/record-sets.js';
import { relativeName } from '../../../../src/drivers/dns/names.js';

const base: Route53RecordSet = {
  name: 'www.example.com.',
  type: 'A',
  ttl: 300,
  values: ['192.0.2.10'],
  setIdentifier: undefined,
  weight: undefined,
  region: undefined,
  failover: undefined,
  multiValueAnswer: undefined,
  healthCheckId: undefined,
  aliasTarget: undefined,
};

describe('Route 53 record sets', () => {
  it('round-trips record ids, with and without a set identifier (which may hold colons)', () => {
    for (const key of [
      { type: 'A', name: 'www', setIdentifier: undefined },
      { type: 'MX', name: '', setIdentifier: undefined },
      { type: 'A', name: 'api', setIdentifier: 'eu:west:1' },
    ]) {
      expect(parseRecordSetId(recordSetId(key))).toEqual(key);
    }
    expect(recordSetId({ type: 'MX', name: '', setIdentifier: undefined })).toBe('MX:');
  });

  it('refuses an id that is not TYPE:name[:set]', () => {
    expect(() => parseRecordSetId('www')).toThrow(expect.objectContaining({ name: 'InvalidArgumentError', option: 'recordId' }));
  });

  it('decodes octal escapes in names and makes names relative or absolute', () => {
    expect(decodeName('\\052.example.com.')).toBe('*.example.com.');
    expect(relativeName('*.example.com.', 'example.com')).toBe('*');
    expect(relativeName('Example.COM.', 'example.com')).toBe('');
    expect(relativeName('www.example.com', 'example.com.')).toBe('www');
    expect(relativeName('mail.example.org.', 'example.com')).toBe('mail.example.org');
    expect(absoluteRecordName('', 'example.com')).toBe('example.com.');
    expect(absoluteRecordName('@', 'example.com')).toBe('example.com.');
    expect(absoluteRecordName('www', 'example.com')).toBe('www.example.com.');
    expect(absoluteRecordName('www.example.com', 'example.com')).toBe('www.example.com.');
  });

  it('splits MX and SRV priorities off and unquotes a single TXT string', () => {
    expect(valueToData('MX', '10 mail.example.com.')).toEqual({ data: 'mail.example.com.', priority: 10 });
    expect(valueToData('SRV', '1 5 5060 sip.example.com.')).toEqual({ data: '5 5060 sip.example.com.', priority: 1 });
    expect(valueToData('TXT', '"v=spf1 \\"x\\" caf\\195\\169"')).toEqual({ data: 'v=spf1 "x" café', priority: undefined });
    expect(valueToData('TXT', '"part one" "part two"').data).toBe('"part one" "part two"');
  });

  it('writes values back in Route 53 form', () => {
    expect(dataToValue('MX', 'mail.example.com.', 10)).toBe('10 mail.example.com.');
    expect(dataToValue('TXT', 'v=spf1 "x" -all', undefined)).toBe('"v=spf1 \\"x\\" -all"');
    expect(dataToValue('TXT', valueToData('TXT', '"a\\"b"').data, undefined)).toBe('"a\\"b"');
  });

  it('writes a change batch Route 53 can parse back to the same sets, with XML escaped', async () => {
    const alias: Route53RecordSet = {
      ...base,
      name: 'api.example.com.',
      ttl: undefined,
      values: [],
      setIdentifier: 'eu & us',
      weight: 50,
      aliasTarget: { hostedZoneId: 'Z35SXDOTRQ7X7K', dnsName: 'lb.elb.amazonaws.com.', evaluateTargetHealth: true },
    };
    const txt: Route53RecordSet = { ...base, type: 'TXT', values: ['"<a> & \'b\'"'] };
    const xml = changeBatchXml(
      [
        { action: 'DELETE', set: base },
        { action: 'CREATE', set: { ...base, values: ['192.0.2.10', '192.0.2.11'] } },
        { action: 'UPSERT', set: alias },
        { action: 'CREATE', set: txt },
      ],
      'by nubes',
    );
    const doc = await parseXml(xml);
    const req = xmlChild(doc, 'ChangeResourceRecordSetsRequest')!;
    expect(req.$?.xmlns).toBe('https://route53.amazonaws.com/doc/2013-04-01/');
    const changes = xmlChildren(xmlChild(xmlChild(req, 'ChangeBatch'), 'Changes'), 'Change');
    const sets = changes.map((c) => parseRecordSet(xmlChild(c, 'ResourceRecordSet') as XmlElement));
    expect(changes.map((c) => (c.Action as string[])[0])).toEqual(['DELETE', 'CREATE', 'UPSERT', 'CREATE']);
    expect(sets[0]).toEqual(base);
    expect(sets[1]!.values).toEqual(['192.0.2.10', '192.0.2.11']);
    expect(sets[2]).toEqual(alias);
    expect(sets[3]!.values).toEqual(['"<a> & \'b\'"']);
  });
});
