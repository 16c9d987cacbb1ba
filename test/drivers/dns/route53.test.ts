import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseXml, xmlChild, xmlChildren, xmlText, type XmlElement } from '../../../src/common/xml.js';
import {
  DNS_METHODS,
  DNSDriver,
  getDriver,
  Provider,
  RecordType,
  Route53DNSDriver,
  type Record,
  type Route53DNSOptions,
  type Route53RecordExtra,
} from '../../../src/drivers/dns/index.js';
import { MockTransport, type RecordedRequest } from '../../../src/testing/index.js';
import { expectCapabilitiesImplemented } from '../../helpers/capabilities.js';
import { resignAuthorization } from './aws-resign.js';
import { namedCheckzone, namedCheckzoneMissing } from './named-checkzone.js';

const fixturesDir = fileURLToPath(new URL('../../fixtures/dns/route53/', import.meta.url));
const ACCESS_KEY = 'AKIAIOSFODNN7EXAMPLE';
const SECRET = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';
const T0 = new Date('2024-03-01T09:00:00Z');
const ZONE = 'Z1D633PJN98FT9';
const API = '/2013-04-01';
const RRSET = `${API}/hostedzone/${ZONE}/rrset`;

function setup(options: Route53DNSOptions = {}): { mock: MockTransport; dns: Route53DNSDriver } {
  const mock = new MockTransport({ fixturesDir });
  const dns = new Route53DNSDriver(ACCESS_KEY, SECRET, { transport: mock, env: {}, retry: false, clock: () => T0, ...options });
  return { mock, dns };
}

function withZone(mock: MockTransport): void {
  mock.on('GET', `${API}/hostedzone/${ZONE}`, { fixture: 'get_hosted_zone.xml' });
}

function withRecordPages(mock: MockTransport): void {
  mock.on('GET', RRSET, (req) => {
    if (req.query.name === undefined) return { fixture: 'list_rrsets_1.xml' };
    if (req.query.name === 'example.com.' && req.query.type === 'TXT') return { fixture: 'list_rrsets_2.xml' };
    if (req.query.name === 'api.example.com.' && req.query.identifier === 'eu') return { fixture: 'list_rrsets_3.xml' };
    return { status: 500, body: `unexpected cursor ${JSON.stringify(req.query)}` };
  });
}

/** The changes of a ChangeResourceRecordSets request: [action, name, type, values or alias]. */
async function changesOf(req: RecordedRequest): Promise<[string, string, string, string[]][]> {
  const doc = await parseXml(req.text);
  const changes = xmlChildren(xmlChild(xmlChild(xmlChild(doc, 'ChangeResourceRecordSetsRequest'), 'ChangeBatch'), 'Changes'), 'Change');
  return changes.map((c) => {
    const set = xmlChild(c, 'ResourceRecordSet') as XmlElement;
    const alias = xmlChild(set, 'AliasTarget');
    const values = alias
      ? [`alias ${xmlText(alias, 'DNSName')}`]
      : xmlChildren(xmlChild(set, 'ResourceRecords'), 'ResourceRecord').map((r) => `${xmlText(r, 'Value')}${xmlText(set, 'TTL') ? ` @${xmlText(set, 'TTL')}` : ''}`);
    return [xmlText(c, 'Action')!, xmlText(set, 'Name')!, xmlText(set, 'Type')!, values];
  });
}

describe('Route53DNSDriver', () => {
  it('is registered as the route53 DNS provider', () => {
    expect(getDriver(Provider.ROUTE53)).toBe(Route53DNSDriver);
  });

  it('declares exactly the methods it overrides', () => {
    expectCapabilitiesImplemented(Route53DNSDriver, DNSDriver, DNS_METHODS, { derived: { exportZoneToBindFormat: 'listRecords' } });
  });

  it('needs the secret access key', () => {
    // @ts-expect-error -- the type requires the secret; this checks the run-time guard (JavaScript callers)
    expect(() => new Route53DNSDriver(ACCESS_KEY, undefined, { env: {} })).toThrow(expect.objectContaining({ name: 'InvalidArgumentError', option: 'secret' }));
  });

  describe('signing', () => {
    it('signs for us-east-1/route53 at route53.amazonaws.com, as AWS\'s own signer would', async () => {
      const { dns, mock } = setup({ region: 'eu-west-3' });
      withZone(mock);
      await dns.getZone(ZONE);
      const req = mock.requests[0]!;
      expect(req.url.origin).toBe('https://route53.amazonaws.com');
      expect(req.path).toBe(`${API}/hostedzone/${ZONE}`);
      expect(req.headers['x-amz-date']).toBe('20240301T090000Z');
      expect(req.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE\/20240301\/us-east-1\/route53\/aws4_request, SignedHeaders=[^,]*host[^,]*, Signature=[0-9a-f]{64}$/);
      expect(req.headers.authorization).toBe(await resignAuthorization(req, { service: 'route53', region: 'us-east-1', accessKeyId: ACCESS_KEY, secretAccessKey: SECRET, date: T0 }));
    });

    it('signs change batches over their XML body, and sends the session token', async () => {
      const { dns, mock } = setup({ sessionToken: 'session-token-EXAMPLE+/=' });
      withZone(mock);
      mock.on('POST', `${RRSET}/`, { fixture: 'change_rrsets.xml' });
      const zone = await dns.getZone(ZONE);
      await dns.createRecord(zone, { name: 'new', type: RecordType.A, data: '192.0.2.50', ttl: 60 });
      const req = mock.requests[1]!;
      expect(req.headers['content-type']).toBe('application/xml');
      expect(req.headers['x-amz-security-token']).toBe('session-token-EXAMPLE+/=');
      expect(req.headers.authorization).toBe(
        await resignAuthorization(req, { service: 'route53', region: 'us-east-1', accessKeyId: ACCESS_KEY, secretAccessKey: SECRET, sessionToken: 'session-token-EXAMPLE+/=', date: T0 }),
      );
    });

    it('maps a signature error to InvalidCredentialsError without the secret in it', async () => {
      const { dns, mock } = setup();
      mock.on('GET', `${API}/hostedzone`, { status: 403, fixture: 'error_signature.xml' });
      const err = (await dns.listZones().catch((e: unknown) => e)) as Error & { providerCode?: string };
      expect(err).toMatchObject({ name: 'InvalidCredentialsError', statusCode: 403, providerCode: 'SignatureDoesNotMatch' });
      expect(`${err.message}${err.stack}`).not.toContain(SECRET);
    });
  });

  describe('zones', () => {
    it('lists hosted zones across three pages with marker and maxitems', async () => {
      const { dns, mock } = setup();
      mock.on('GET', `${API}/hostedzone`, (req) => ({ fixture: `list_hosted_zones_${{ undefined: 1, Z3MNOPQRSTUVWX: 2, Z5KLMNOPQRSTUV: 3 }[String(req.query.marker)] ?? 9}.xml` }));
      const zones = await dns.listZones();
      expect(mock.requests.map((r) => r.query)).toEqual([{ maxitems: '100' }, { marker: 'Z3MNOPQRSTUVWX', maxitems: '100' }, { marker: 'Z5KLMNOPQRSTUV', maxitems: '100' }]);
      expect(zones.map((z) => [z.id, z.domain])).toEqual([
        ['Z1D633PJN98FT9', 'example.com'],
        ['Z2ABCDEFGHIJKL', 'example.org'],
        ['Z3MNOPQRSTUVWX', 'internal.example'],
        ['Z4YZABCDEFGHIJ', 'example.net'],
        ['Z5KLMNOPQRSTUV', 'example.io'],
      ]);
      expect(zones[0]).toMatchObject({ type: 'master', ttl: undefined, extra: { comment: 'main site', privateZone: false, recordSetCount: 12, callerReference: 'ref-Z1D633PJN98FT9' } });
      expect(zones[2]!.extra.privateZone).toBe(true);
    });

    it('gets a hosted zone with its delegation set', async () => {
      const { dns, mock } = setup();
      withZone(mock);
      const zone = await dns.getZone(`/hostedzone/${ZONE}`);
      expect(zone.id).toBe(ZONE);
      expect(zone.extra.nameServers).toEqual(['ns-2048.awsdns-64.com', 'ns-2049.awsdns-65.net', 'ns-2050.awsdns-66.org', 'ns-2051.awsdns-67.co.uk']);
    });

    it('maps NoSuchHostedZone to ZoneDoesNotExistError', async () => {
      const { dns, mock } = setup();
      mock.on('GET', `${API}/hostedzone/ZNOTFOUND`, { status: 404, fixture: 'error_no_such_hosted_zone.xml' });
      await expect(dns.getZone('ZNOTFOUND')).rejects.toMatchObject({
        name: 'ZoneDoesNotExistError',
        statusCode: 404,
        providerCode: 'NoSuchHostedZone',
        requestId: '4f2a9c7e-1d3b-4a5e-9f8c-7b6a5d4c3b2a',
      });
    });

    it('creates a hosted zone with a caller reference and a comment, retry-safe', async () => {
      const { dns, mock } = setup();
      mock.on('POST', `${API}/hostedzone`, { status: 201, fixture: 'create_hosted_zone.xml' });
      const zone = await dns.createZone('new-example.com', { comment: 'made by <nubes> & co', callerReference: 'nubes-ref' });
      const doc = await parseXml(mock.requests[0]!.text);
      const req = xmlChild(doc, 'CreateHostedZoneRequest');
      expect(req?.$?.xmlns).toBe('https://route53.amazonaws.com/doc/2013-04-01/');
      expect(xmlText(req, 'Name')).toBe('new-example.com');
      expect(xmlText(req, 'CallerReference')).toBe('nubes-ref');
      expect(xmlText(xmlChild(req, 'HostedZoneConfig'), 'Comment')).toBe('made by <nubes> & co');
      expect(zone).toMatchObject({ id: 'Z7NEWZONEID123', domain: 'new-example.com', extra: { nameServers: expect.arrayContaining(['ns-2048.awsdns-64.com']) } });
    });

    it('makes up a fresh caller reference per call', async () => {
      const { dns, mock } = setup();
      mock.on('POST', `${API}/hostedzone`, { status: 201, fixture: 'create_hosted_zone.xml' });
      await dns.createZone('a.example');
      await dns.createZone('b.example');
      const refs = await Promise.all(mock.requests.map(async (r) => xmlText(xmlChild(await parseXml(r.text), 'CreateHostedZoneRequest'), 'CallerReference')));
      expect(refs[0]).toMatch(/^nubes-[0-9a-f-]{36}$/);
      expect(refs[0]).not.toBe(refs[1]);
    });

    it('maps HostedZoneAlreadyExists to ZoneAlreadyExistsError', async () => {
      const { dns, mock } = setup();
      mock.on('POST', `${API}/hostedzone`, { status: 409, fixture: 'error_hosted_zone_exists.xml' });
      await expect(dns.createZone('new-example.com')).rejects.toMatchObject({ name: 'ZoneAlreadyExistsError', providerCode: 'HostedZoneAlreadyExists' });
    });

    it('refuses a zone TTL, a secondary zone and a malformed domain before any request', async () => {
      const { dns, mock } = setup();
      await expect(dns.createZone('example.com', { ttl: 60 })).rejects.toMatchObject({ option: 'ttl' });
      await expect(dns.createZone('example.com', { type: 'slave' })).rejects.toMatchObject({ option: 'type' });
      await expect(dns.createZone('localhost')).rejects.toMatchObject({ option: 'domain' });
      expect(mock.requests).toEqual([]);
    });

    it('deletes a zone after deleting every record set but the apex SOA and NS', async () => {
      const { dns, mock } = setup();
      withZone(mock);
      withRecordPages(mock);
      mock.on('POST', `${RRSET}/`, { fixture: 'change_rrsets.xml' });
      mock.on('DELETE', `${API}/hostedzone/${ZONE}`, { fixture: 'delete_hosted_zone.xml' });
      await dns.deleteZone(ZONE);
      const post = mock.requests.find((r) => r.method === 'POST')!;
      const changes = await changesOf(post);
      expect(changes.map(([action, name, type]) => `${action} ${type} ${name}`)).toEqual([
        'DELETE MX example.com.',
        'DELETE TXT example.com.',
        'DELETE SRV _sip._tcp.example.com.',
        'DELETE A *.example.com.',
        'DELETE A api.example.com.',
        'DELETE A mail.example.com.',
        'DELETE A www.example.com.',
        'DELETE A example.com.',
        'DELETE AAAA example.com.',
      ]);
      expect(mock.lastRequest!.method).toBe('DELETE');
    });

    it('maps HostedZoneNotEmpty to a BadRequestError', async () => {
      const { dns, mock } = setup();
      withZone(mock);
      mock.on('GET', RRSET, { fixture: 'list_rrsets_3.xml' });
      mock.on('POST', `${RRSET}/`, { fixture: 'change_rrsets.xml' });
      mock.on('DELETE', `${API}/hostedzone/${ZONE}`, { status: 400, fixture: 'error_not_empty.xml' });
      await expect(dns.deleteZone(ZONE)).rejects.toMatchObject({ name: 'BadRequestError', providerCode: 'HostedZoneNotEmpty' });
    });
  });

  describe('records', () => {
    it('lists record sets across three pages with the name/type/identifier cursor, one Record per value', async () => {
      const { dns, mock } = setup();
      withZone(mock);
      withRecordPages(mock);
      const records = await dns.listRecords(ZONE);
      expect(mock.requests.slice(1).map((r) => r.query)).toEqual([
        { maxitems: '300' },
        { name: 'example.com.', type: 'TXT', maxitems: '300' },
        { name: 'api.example.com.', type: 'A', identifier: 'eu', maxitems: '300' },
      ]);
      expect(records.map((r) => [r.id, r.name, r.type, r.data, r.priority, r.ttl])).toEqual([
        ['MX:', '', 'MX', 'mail.example.com.', 10, 300],
        ['MX:', '', 'MX', 'mx.example.net.', 20, 300],
        ['NS:', '', 'NS', 'ns-2048.awsdns-64.com.', undefined, 172800],
        ['NS:', '', 'NS', 'ns-2049.awsdns-65.net.', undefined, 172800],
        ['NS:', '', 'NS', 'ns-2050.awsdns-66.org.', undefined, 172800],
        ['NS:', '', 'NS', 'ns-2051.awsdns-67.co.uk.', undefined, 172800],
        ['SOA:', '', 'SOA', 'ns-2048.awsdns-64.com. awsdns-hostmaster.amazon.com. 1 7200 900 1209600 86400', undefined, 900],
        ['TXT:', '', 'TXT', 'v=spf1 include:amazonses.com ~all', undefined, 300],
        ['TXT:', '', 'TXT', 'google-site-verification=abc"123', undefined, 300],
        ['SRV:_sip._tcp', '_sip._tcp', 'SRV', '5 5060 mail.example.com.', 1, 300],
        ['A:*', '*', 'A', '192.0.2.99', undefined, 60],
        // Alias sets read as their real type: an A alias and an AAAA alias stay apart.
        ['A:api:eu', 'api', 'A', 'dualstack.web-1234567890.us-east-1.elb.amazonaws.com.', undefined, undefined],
        ['A:mail', 'mail', 'A', '192.0.2.25', undefined, 300],
        ['A:www', 'www', 'A', '192.0.2.10', undefined, 300],
        ['A:www', 'www', 'A', '192.0.2.11', undefined, 300],
        ['A:', '', 'A', 'dualstack.web-1234567890.us-east-1.elb.amazonaws.com.', undefined, undefined],
        ['AAAA:', '', 'AAAA', 'dualstack.web-1234567890.us-east-1.elb.amazonaws.com.', undefined, undefined],
      ]);
      expect(records[16]!.extra).toMatchObject({ route53Type: 'AAAA', aliasTarget: { hostedZoneId: 'Z35SXDOTRQ7X7K', evaluateTargetHealth: false } });
      const api = records[11]!.extra as Route53RecordExtra;
      expect(api).toMatchObject({ route53Type: 'A', setIdentifier: 'eu', weight: 50, aliasTarget: { hostedZoneId: 'Z32O12XQLNTSW2', evaluateTargetHealth: true } });
      expect(records[13]!.extra).toMatchObject({ values: ['192.0.2.10', '192.0.2.11'] });
    });

    it('gets a record set by id with one filtered read', async () => {
      const { dns, mock } = setup();
      withZone(mock);
      mock.on('GET', RRSET, { fixture: 'rrset_www_a.xml' });
      const record = await dns.getRecord(ZONE, 'A:www');
      expect(mock.requests[1]!.query).toEqual({ name: 'www.example.com.', type: 'A', maxitems: '1' });
      expect(record).toMatchObject({ id: 'A:www', data: '192.0.2.10', extra: { values: ['192.0.2.10', '192.0.2.11'] } });
    });

    it('says RecordDoesNotExistError when the read returns the next set instead', async () => {
      const { dns, mock } = setup();
      withZone(mock);
      mock.on('GET', RRSET, { fixture: 'rrset_other.xml' });
      await expect(dns.getRecord(ZONE, 'A:nothing')).rejects.toMatchObject({ name: 'RecordDoesNotExistError' });
    });

    it('refuses a malformed record id before any request', async () => {
      const { dns, mock } = setup();
      const zone = (await (async () => {
        withZone(mock);
        return dns.getZone(ZONE);
      })());
      await expect(dns.getRecord(zone, 'www')).rejects.toMatchObject({ name: 'InvalidArgumentError', option: 'recordId' });
      expect(mock.requests).toHaveLength(1);
    });

    it('creates a record as a new set with a CREATE change', async () => {
      const { dns, mock } = setup();
      withZone(mock);
      mock.on('POST', `${RRSET}/`, { fixture: 'change_rrsets.xml' });
      const record = await dns.createRecord(ZONE, { name: '', type: RecordType.TXT, data: 'hello "world"', ttl: 120 });
      expect(await changesOf(mock.requests[1]!)).toEqual([['CREATE', 'example.com.', 'TXT', ['"hello \\"world\\"" @120']]]);
      expect(record).toMatchObject({ id: 'TXT:', name: '', data: 'hello "world"', ttl: 120 });
    });

    it('adds the value to an existing set: CREATE fails, then DELETE + CREATE of the merged set in one batch', async () => {
      const { dns, mock } = setup();
      withZone(mock);
      mock.on('POST', `${RRSET}/`, { status: 400, fixture: 'error_change_exists.xml' }, { times: 1 });
      mock.on('POST', `${RRSET}/`, { fixture: 'change_rrsets.xml' });
      mock.on('GET', RRSET, { fixture: 'rrset_www_a.xml' });
      const record = await dns.createRecord(ZONE, { name: 'www', type: RecordType.A, data: '192.0.2.12' });
      expect(await changesOf(mock.lastRequest!)).toEqual([
        ['DELETE', 'www.example.com.', 'A', ['192.0.2.10 @300', '192.0.2.11 @300']],
        ['CREATE', 'www.example.com.', 'A', ['192.0.2.10 @300', '192.0.2.11 @300', '192.0.2.12 @300']],
      ]);
      expect(record).toMatchObject({ id: 'A:www', data: '192.0.2.12', extra: { values: ['192.0.2.10', '192.0.2.11', '192.0.2.12'] } });
    });

    it('refuses a value the set already holds with RecordAlreadyExistsError', async () => {
      const { dns, mock } = setup();
      withZone(mock);
      mock.on('POST', `${RRSET}/`, { status: 400, fixture: 'error_change_exists.xml' });
      mock.on('GET', RRSET, { fixture: 'rrset_www_a.xml' });
      await expect(dns.createRecord(ZONE, { name: 'www', type: RecordType.A, data: '192.0.2.11' })).rejects.toMatchObject({ name: 'RecordAlreadyExistsError' });
      expect(mock.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
    });

    it('creates an ALIAS record with its target hosted zone', async () => {
      const { dns, mock } = setup();
      withZone(mock);
      mock.on('POST', `${RRSET}/`, { fixture: 'change_rrsets.xml' });
      const record = await dns.createRecord(ZONE, { name: 'lb', type: RecordType.ALIAS, data: 'web-1.us-east-1.elb.amazonaws.com', aliasHostedZoneId: 'Z35SXDOTRQ7X7K', evaluateTargetHealth: true });
      const doc = await parseXml(mock.lastRequest!.text);
      const alias = xmlChild(xmlChild(xmlChild(xmlChild(xmlChild(xmlChild(doc, 'ChangeResourceRecordSetsRequest'), 'ChangeBatch'), 'Changes'), 'Change'), 'ResourceRecordSet'), 'AliasTarget');
      expect([xmlText(alias, 'HostedZoneId'), xmlText(alias, 'DNSName'), xmlText(alias, 'EvaluateTargetHealth')]).toEqual(['Z35SXDOTRQ7X7K', 'web-1.us-east-1.elb.amazonaws.com', 'true']);
      expect(record).toMatchObject({ id: 'A:lb', type: 'A', extra: { aliasTarget: { hostedZoneId: 'Z35SXDOTRQ7X7K', evaluateTargetHealth: true } } });
    });

    it.each([
      [{ name: 'a', type: RecordType.SOA, data: 'ns. host. 1 2 3 4 5' }, 'type'],
      [{ name: 'a', type: RecordType.A, data: '192.0.2.1', ttl: -1 }, 'ttl'],
      [{ name: 'a', type: RecordType.MX, data: 'mx.example.com.' }, 'priority'],
      [{ name: 'a', type: RecordType.ALIAS, data: 'lb.example.net' }, 'aliasHostedZoneId'],
    ])('refuses %j before any request (option %s)', async (options, option) => {
      const { dns, mock } = setup();
      withZone(mock);
      const zone = await dns.getZone(ZONE);
      await expect(dns.createRecord(zone, options)).rejects.toMatchObject({ name: 'InvalidArgumentError', option });
      expect(mock.requests).toHaveLength(1);
    });

    it('updates one value of a set in place, keeping the others', async () => {
      const { dns, mock } = setup();
      withZone(mock);
      mock.on('GET', RRSET, { fixture: 'rrset_www_a.xml' });
      mock.on('POST', `${RRSET}/`, { fixture: 'change_rrsets.xml' });
      const record = await dns.getRecord(ZONE, 'A:www');
      const updated = await dns.updateRecord(record, { data: '192.0.2.12', ttl: 60 });
      expect(await changesOf(mock.lastRequest!)).toEqual([
        ['DELETE', 'www.example.com.', 'A', ['192.0.2.10 @300', '192.0.2.11 @300']],
        ['CREATE', 'www.example.com.', 'A', ['192.0.2.12 @60', '192.0.2.11 @60']],
      ]);
      expect(updated).toMatchObject({ id: 'A:www', data: '192.0.2.12', ttl: 60 });
    });

    it('moves a value to another name: the old set keeps the rest, the new set is created', async () => {
      const { dns, mock } = setup();
      withZone(mock);
      mock.on('GET', RRSET, { fixture: 'rrset_www_a.xml' }, { query: { name: 'www.example.com.' } });
      mock.on('GET', RRSET, { fixture: 'rrset_other.xml' }, { query: { name: 'web.example.com.' } });
      mock.on('POST', `${RRSET}/`, { fixture: 'change_rrsets.xml' });
      const record = await dns.getRecord(ZONE, 'A:www');
      const moved = await dns.updateRecord(record, { name: 'web' });
      expect(await changesOf(mock.lastRequest!)).toEqual([
        ['DELETE', 'www.example.com.', 'A', ['192.0.2.10 @300', '192.0.2.11 @300']],
        ['CREATE', 'www.example.com.', 'A', ['192.0.2.11 @300']],
        ['CREATE', 'web.example.com.', 'A', ['192.0.2.10 @300']],
      ]);
      expect(moved).toMatchObject({ id: 'A:web', name: 'web', data: '192.0.2.10' });
    });

    it('deletes one value of a set: DELETE + CREATE of the rest', async () => {
      const { dns, mock } = setup();
      withZone(mock);
      mock.on('GET', RRSET, { fixture: 'rrset_www_a.xml' });
      mock.on('POST', `${RRSET}/`, { fixture: 'change_rrsets.xml' });
      const record = await dns.getRecord(ZONE, 'A:www');
      await record.delete();
      expect(await changesOf(mock.lastRequest!)).toEqual([
        ['DELETE', 'www.example.com.', 'A', ['192.0.2.10 @300', '192.0.2.11 @300']],
        ['CREATE', 'www.example.com.', 'A', ['192.0.2.11 @300']],
      ]);
    });

    it('deletes the whole set with its last value', async () => {
      const { dns, mock } = setup();
      withZone(mock);
      mock.on('GET', RRSET, { fixture: 'rrset_other.xml' });
      mock.on('POST', `${RRSET}/`, { fixture: 'change_rrsets.xml' });
      const record = await dns.getRecord(ZONE, 'A:xyz');
      await dns.deleteRecord(record);
      expect(await changesOf(mock.lastRequest!)).toEqual([['DELETE', 'xyz.example.com.', 'A', ['192.0.2.77 @300']]]);
    });

    it('says RecordDoesNotExistError when the value is no longer in the set, sending no change', async () => {
      const { dns, mock } = setup();
      withZone(mock);
      mock.on('GET', RRSET, { fixture: 'rrset_www_a.xml' });
      const record = await dns.getRecord(ZONE, 'A:www');
      const stale = { ...record, data: '192.0.2.99', zone: record.zone } as unknown as Record;
      await expect(dns.deleteRecord(stale)).rejects.toMatchObject({ name: 'RecordDoesNotExistError' });
      expect(mock.requests.some((r) => r.method === 'POST')).toBe(false);
    });

    it.each([
      ['error_change_exists.xml', 'RecordAlreadyExistsError'],
      ['error_change_not_found.xml', 'RecordDoesNotExistError'],
      ['error_change_mismatch.xml', 'BadRequestError'],
      ['error_change_invalid.xml', 'BadRequestError'],
    ])('maps an InvalidChangeBatch answer (%s) to %s', async (fixture, name) => {
      const { dns, mock } = setup();
      withZone(mock);
      mock.on('GET', RRSET, { fixture: 'rrset_other.xml' });
      mock.on('POST', `${RRSET}/`, { status: 400, fixture });
      const record = await dns.getRecord(ZONE, 'A:xyz');
      const err = (await dns.deleteRecord(record).catch((e: unknown) => e)) as Error & { providerCode?: string; statusCode?: number };
      expect(err).toMatchObject({ name, providerCode: 'InvalidChangeBatch', statusCode: 400 });
      expect(err.message).toMatch(/InvalidChangeBatch/);
    });

    it('maps Throttling (HTTP 400) to RateLimitError', async () => {
      const { dns, mock } = setup();
      mock.on('GET', `${API}/hostedzone`, { status: 400, fixture: 'error_throttling.xml' });
      await expect(dns.listZones()).rejects.toMatchObject({ name: 'RateLimitError', providerCode: 'Throttling' });
    });

    it('maps a 429 with Retry-After to RateLimitError with retryAfter', async () => {
      const { dns, mock } = setup();
      mock.on('GET', `${API}/hostedzone`, { status: 429, headers: { 'retry-after': '3' }, fixture: 'error_throttling.xml' });
      await expect(dns.listZones()).rejects.toMatchObject({ name: 'RateLimitError', statusCode: 429, retryAfter: 3 });
    });
  });

  describe('proxies', () => {
    it('sends its calls through proxyUrl', async () => {
      const { dns, mock } = setup({ proxyUrl: 'http://user:pw@proxy.corp.example:3128' });
      withZone(mock);
      await dns.getZone(ZONE);
      expect(mock.requests[0]!.proxy).toMatchObject({ hostname: 'proxy.corp.example', port: 3128, username: 'user' });
    });

    it('sends its calls through HTTPS_PROXY from the env option', async () => {
      const { dns, mock } = setup({ env: { HTTPS_PROXY: 'env-proxy.example:8080' } });
      withZone(mock);
      withRecordPages(mock);
      await dns.listRecords(ZONE);
      expect(mock.requests.map((r) => r.proxy?.origin)).toEqual(Array(4).fill('http://env-proxy.example:8080'));
    });
  });

  describe('BIND export', () => {
    it('writes the provider SOA and NS first and alias records as comments', async () => {
      const { dns, mock } = setup();
      withZone(mock);
      withRecordPages(mock);
      const text = await dns.exportZoneToBindFormat(ZONE);
      const lines = text.split('\n');
      expect(lines.slice(0, 4)).toEqual(['$ORIGIN example.com.', '$TTL 3600', '@\t900\tIN\tSOA\tns-2048.awsdns-64.com. awsdns-hostmaster.amazon.com. 1 7200 900 1209600 86400', '@\t172800\tIN\tNS\tns-2048.awsdns-64.com.']);
      expect(text).toContain('; api ALIAS dualstack.web-1234567890.us-east-1.elb.amazonaws.com. (provider-specific, not standard DNS)');
      expect(text).toContain('@\t300\tIN\tTXT\t"google-site-verification=abc\\"123"');
      expect(text).toContain('*\t60\tIN\tA\t192.0.2.99');
    });

    it.skipIf(namedCheckzoneMissing)('exports the fixture zone in a form named-checkzone loads', async () => {
      const { dns, mock } = setup();
      withZone(mock);
      withRecordPages(mock);
      const result = await namedCheckzone('example.com', await dns.exportZoneToBindFormat(ZONE));
      expect(result.exitCode).toBe(0);
      expect(result.complaints).toEqual([]);
    });
  });
});
