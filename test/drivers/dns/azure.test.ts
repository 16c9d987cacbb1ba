/**
 * The Azure DNS driver against recorded Resource Manager replies (fixtures written from
 * the Azure DNS REST reference, api-version 2018-05-01): zones and record sets paged by
 * nextLink, every record type mapped both ways, ETag-conditional writes (If-Match,
 * If-None-Match: *) with a 412 as a ConflictError, errors, and the BIND export.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  AzureDNSDriver,
  DNS_METHODS,
  DNSDriver,
  getDriver,
  Provider,
  RecordType,
  type AzureRecordExtra,
  type Record,
  type Zone,
} from '../../../src/drivers/dns/index.js';
import {
  ConflictError,
  InvalidArgumentError,
  MalformedResponseError,
  RecordAlreadyExistsError,
  RecordDoesNotExistError,
  ZoneAlreadyExistsError,
  ZoneDoesNotExistError,
  type AccessToken,
  type TokenCredential,
} from '../../../src/index.js';
import { MockTransport, type MockReply } from '../../../src/testing/index.js';
import { expectCapabilitiesImplemented } from '../../helpers/capabilities.js';
import { namedCheckzone, namedCheckzoneMissing } from './named-checkzone.js';

const FIXTURES = 'test/fixtures/dns/azure';
const SUB = '00000000-1111-4222-8333-444444444444';
const S = `/subscriptions/${SUB}`;
const ZID = `${S}/resourceGroups/dns-rg/providers/Microsoft.Network/dnszones/example.com`;
const fixture = (name: string): unknown => JSON.parse(readFileSync(join(FIXTURES, name), 'utf8'));
const WWW = fixture('recordset-a-www.json') as { etag: string };

class StaticCredential implements TokenCredential {
  readonly kind = 'static';
  async getToken(): Promise<AccessToken> {
    return { token: 'arm-static-token-value', expiresAt: Date.now() + 3_600_000 };
  }
}

function setup(options: { [key: string]: unknown } = {}): { mock: MockTransport; dns: AzureDNSDriver } {
  const mock = new MockTransport();
  const dns = new AzureDNSDriver('72f988bf-0000-4000-8000-000000000000', SUB, { credentials: new StaticCredential(), transport: mock, env: {}, retry: false, ...options });
  return { mock, dns };
}

function withZone(mock: MockTransport): void {
  mock.on('GET', ZID, { json: fixture('zone.json') });
}

function withRecordPages(mock: MockTransport): void {
  mock.on('GET', `${ZID}/recordsets`, (req) => (req.query.$skipToken === 'c2VsZWN0b3Ix' ? { json: fixture('recordsets-page2.json') } : { json: fixture('recordsets-page1.json') }));
}

/** A record set reply for a PUT: echoes the body with an id, name, type and a new etag. */
function echoSet(type: string, name: string, etag = 'new-etag-1'): (req: { json<T>(): T }) => MockReply {
  return (req) => {
    const body = req.json<{ properties: object }>();
    return { status: 200, json: { id: `${ZID}/${type}/${name}`, name, type: `Microsoft.Network/dnszones/${type}`, etag, properties: { ...body.properties, provisioningState: 'Succeeded' } } };
  };
}

const notFound: MockReply = { status: 404, json: fixture('error-404-recordset.json') };


describe('AzureDNSDriver', () => {
  it('is registered as the azure-dns DNS provider', () => {
    expect(getDriver(Provider.AZURE_DNS)).toBe(AzureDNSDriver);
  });

  it('declares exactly the methods it overrides', () => {
    expectCapabilitiesImplemented(AzureDNSDriver, DNSDriver, DNS_METHODS, { derived: { exportZoneToBindFormat: 'listRecords' } });
  });

  it('needs the subscription id, from the argument or AZURE_SUBSCRIPTION_ID', () => {
    expect(() => new AzureDNSDriver('t', '', { credentials: new StaticCredential(), env: {} })).toThrow(expect.objectContaining({ option: 'subscriptionId' }));
    const dns = new AzureDNSDriver('t', '', { credentials: new StaticCredential(), env: { AZURE_SUBSCRIPTION_ID: SUB } });
    expect(dns.subscriptionId).toBe(SUB);
    expect(() => setup({ resourceGroup: 'bad/rg' })).toThrow(InvalidArgumentError);
    expect(() => setup({ defaultTtl: 0 })).toThrow(expect.objectContaining({ option: 'defaultTtl' }));
  });

  describe('zones', () => {
    it('lists the subscription\'s zones, following nextLink, with the bearer token and the pinned api-version', async () => {
      const { mock, dns } = setup();
      mock.on('GET', `${S}/providers/Microsoft.Network/dnszones`, (req) => (req.query.$skipToken ? { json: fixture('zones-page2.json') } : { json: fixture('zones-page1.json') }));
      const zones = await dns.listZones();
      expect(zones.map((z) => [z.domain, z.extra.resourceGroup])).toEqual([
        ['example.com', 'dns-rg'],
        ['example.net', 'other-rg'],
      ]);
      expect(zones[0]!.id).toBe(ZID);
      expect(zones[0]!.extra.nameServers).toHaveLength(4);
      expect(zones[0]!.extra.tags).toEqual({ env: 'test' });
      expect(mock.requests.map((r) => r.query['api-version'])).toEqual(['2018-05-01', '2018-05-01']);
      expect(mock.requests.every((r) => r.headers.authorization === 'Bearer arm-static-token-value')).toBe(true);
    });

    it('lists one resource group\'s zones with the resourceGroup option', async () => {
      const { mock, dns } = setup({ resourceGroup: 'dns-rg' });
      mock.on('GET', `${S}/resourceGroups/dns-rg/providers/Microsoft.Network/dnsZones`, { json: { value: [fixture('zone.json')] } });
      expect((await dns.listZones()).map((z) => z.domain)).toEqual(['example.com']);
    });

    it('gets a zone by ARM id, by domain in the resource group, or by domain across the subscription', async () => {
      const { mock, dns } = setup();
      withZone(mock);
      expect((await dns.getZone(ZID)).domain).toBe('example.com');
      mock.on('GET', `${S}/providers/Microsoft.Network/dnszones`, { json: fixture('zones-page2.json') });
      expect((await dns.getZone('example.net.')).extra.resourceGroup).toBe('other-rg');
      await expect(dns.getZone('nope.example')).rejects.toBeInstanceOf(ZoneDoesNotExistError);
      const scoped = setup({ resourceGroup: 'dns-rg' });
      scoped.mock.on('GET', `${S}/resourceGroups/dns-rg/providers/Microsoft.Network/dnsZones/example.com`, { json: fixture('zone.json') });
      expect((await scoped.dns.getZone('example.com')).id).toBe(ZID);
    });

    it('maps a 404 on a zone to ZoneDoesNotExistError with ARM\'s code and request id', async () => {
      const { mock, dns } = setup();
      mock.on('GET', `${S}/resourceGroups/dns-rg/providers/Microsoft.Network/dnszones/nope.example`, { status: 404, json: fixture('error-404-zone.json'), headers: { 'x-ms-request-id': 'req-404' } });
      const err = await dns.getZone(`${S}/resourceGroups/dns-rg/providers/Microsoft.Network/dnszones/nope.example`).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ZoneDoesNotExistError);
      expect(err).toMatchObject({ providerCode: 'ResourceNotFound', requestId: 'req-404', statusCode: 404, provider: 'azure-dns' });
    });

    it('refuses a zone reference that is neither an ARM id nor a domain, before any request', async () => {
      const { mock, dns } = setup();
      await expect(dns.getZone('/subscriptions/x/other')).rejects.toBeInstanceOf(InvalidArgumentError);
      await expect(dns.getZone('not a domain')).rejects.toBeInstanceOf(InvalidArgumentError);
      expect(mock.requests).toHaveLength(0);
    });

    it('creates a zone with If-None-Match: * in the resource group; an existing one is ZoneAlreadyExistsError', async () => {
      const { mock, dns } = setup({ resourceGroup: 'dns-rg' });
      const path = `${S}/resourceGroups/dns-rg/providers/Microsoft.Network/dnsZones/example.com`;
      mock.on('PUT', path, { status: 201, json: fixture('zone.json') }, { times: 1 });
      const zone = await dns.createZone('example.com', { exTags: { env: 'test' } });
      expect(zone.id).toBe(ZID);
      const [put] = mock.requestsTo('PUT', path);
      expect(put!.headers['if-none-match']).toBe('*');
      expect(put!.json()).toEqual({ location: 'global', properties: { zoneType: 'Public' }, tags: { env: 'test' } });
      mock.on('PUT', path, { status: 412, json: { error: { code: 'PreconditionFailed', message: 'The zone exists.' } } });
      await expect(dns.createZone('example.com')).rejects.toBeInstanceOf(ZoneAlreadyExistsError);
      await expect(setup().dns.createZone('example.com')).rejects.toMatchObject({ option: 'exResourceGroup' });
      await expect(dns.createZone('example.com', { type: 'slave' })).rejects.toMatchObject({ option: 'type' });
    });

    it('deletes a zone and waits for the long-running operation', async () => {
      const { mock, dns } = setup({ pollInterval: 1 });
      withZone(mock);
      const op = `https://management.azure.com${S}/providers/Microsoft.Network/locations/global/operations/op-1?api-version=2018-05-01`;
      mock.on('DELETE', ZID, { status: 202, headers: { 'azure-asyncoperation': op, 'retry-after': '0' } });
      let polls = 0;
      mock.on('GET', `${S}/providers/Microsoft.Network/locations/global/operations/op-1`, () => ({ json: { status: ++polls < 2 ? 'InProgress' : 'Succeeded' } }));
      await dns.deleteZone(ZID);
      expect(polls).toBe(2);
    });
  });

  describe('records', () => {
    async function listed(): Promise<{ mock: MockTransport; dns: AzureDNSDriver; records: Record<AzureRecordExtra>[] }> {
      const { mock, dns } = setup();
      withZone(mock);
      withRecordPages(mock);
      return { mock, dns, records: await dns.listRecords(ZID) };
    }

    it('lists every record set across nextLink pages, one record per value', async () => {
      const { mock, records } = await listed();
      expect(mock.requestsTo('GET', `${ZID}/recordsets`)).toHaveLength(2);
      expect(records.map((r) => [r.id, r.type, r.data, r.priority, r.ttl])).toEqual([
        ['SOA:', 'SOA', 'ns1-01.azure-dns.com. azuredns-hostmaster.microsoft.com. 1 3600 300 2419200 300', undefined, 3600],
        ['NS:', 'NS', 'ns1-01.azure-dns.com.', undefined, 172800],
        ['NS:', 'NS', 'ns2-01.azure-dns.net.', undefined, 172800],
        ['NS:', 'NS', 'ns3-01.azure-dns.org.', undefined, 172800],
        ['NS:', 'NS', 'ns4-01.azure-dns.info.', undefined, 172800],
        ['A:www', 'A', '192.0.2.10', undefined, 300],
        ['A:www', 'A', '192.0.2.11', undefined, 300],
        ['AAAA:www', 'AAAA', '2001:db8::10', undefined, 300],
        ['CNAME:blog', 'CNAME', 'example.github.io', undefined, 3600],
        ['MX:', 'MX', 'mail1.example.net', 10, 3600],
        ['MX:', 'MX', 'mail2.example.net', 20, 3600],
        ['TXT:', 'TXT', 'v=spf1 include:spf.protection.outlook.com -all', undefined, 3600],
        ['TXT:', 'TXT', '"first part" "second \\"part\\""', undefined, 3600],
        ['TXT:selector1._domainkey', 'TXT', `v=DKIM1; k=rsa; p=${'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA'.repeat(8)}`, undefined, 3600],
        ['SRV:_sip._tcp', 'SRV', '60 5060 sip.example.net', 10, 3600],
        ['CAA:', 'CAA', '0 issue "letsencrypt.org"', undefined, 3600],
        ['CAA:', 'CAA', '128 iodef "mailto:security@example.com"', undefined, 3600],
        ['PTR:10.2', 'PTR', 'host10.example.com', undefined, 3600],
        ['A:cdn', 'ALIAS', `${S}/resourceGroups/dns-rg/providers/Microsoft.Network/publicIPAddresses/cdn-ip`, undefined, 3600],
      ]);
      const www = records.find((r) => r.id === 'A:www')!;
      expect(www.extra).toMatchObject({ etag: WWW.etag, setSize: 2, metadata: { owner: 'web-team' }, fqdn: 'www.example.com.' });
      expect(www.fqdn).toBe('www.example.com.');
      expect(records.at(-1)!.extra).toMatchObject({ aliasType: 'A' });
    });

    it('gets a record set by id (its first value), and a missing set is RecordDoesNotExistError', async () => {
      const { mock, dns } = setup();
      withZone(mock);
      mock.on('GET', `${ZID}/A/www`, { json: fixture('recordset-a-www.json') });
      mock.on('GET', `${ZID}/TXT/missing`, notFound);
      mock.on('GET', `${ZID}/MX/@`, { json: (fixture('recordsets-page1.json') as { value: unknown[] }).value[5] });
      expect((await dns.getRecord(ZID, 'A:www')).data).toBe('192.0.2.10');
      expect((await dns.getRecord(ZID, 'MX:')).priority).toBe(10);
      await expect(dns.getRecord(ZID, 'TXT:missing')).rejects.toBeInstanceOf(RecordDoesNotExistError);
      await expect(dns.getRecord(ZID, 'www')).rejects.toMatchObject({ option: 'recordId' });
    });

    it('a record set of a zone that does not exist is ZoneDoesNotExistError (ParentResourceNotFound)', async () => {
      const { mock, dns } = setup();
      const other = `${S}/resourceGroups/dns-rg/providers/Microsoft.Network/dnszones/nope.example`;
      mock.on('GET', `${other}/A/www`, { status: 404, json: fixture('error-404-parent.json') });
      const zone = { id: other, domain: 'nope.example', type: 'master', ttl: undefined, extra: {}, zone: undefined } as unknown as Zone;
      await expect(dns.getRecord(zone, 'A:www')).rejects.toBeInstanceOf(ZoneDoesNotExistError);
    });

    it.each([
      [RecordType.A, 'www', '192.0.2.20', undefined, { ARecords: [{ ipv4Address: '192.0.2.20' }] }],
      [RecordType.AAAA, 'v6', '2001:db8::20', undefined, { AAAARecords: [{ ipv6Address: '2001:db8::20' }] }],
      [RecordType.CNAME, 'shop', 'shops.example.net.', undefined, { CNAMERecord: { cname: 'shops.example.net.' } }],
      [RecordType.MX, '', 'mx.example.net.', 5, { MXRecords: [{ preference: 5, exchange: 'mx.example.net.' }] }],
      [RecordType.NS, 'sub', 'ns1.example.net.', undefined, { NSRecords: [{ nsdname: 'ns1.example.net.' }] }],
      [RecordType.PTR, '20.2', 'host20.example.com.', undefined, { PTRRecords: [{ ptrdname: 'host20.example.com.' }] }],
      [RecordType.SRV, '_xmpp._tcp', '5 5222 xmpp.example.com.', 10, { SRVRecords: [{ priority: 10, weight: 5, port: 5222, target: 'xmpp.example.com.' }] }],
      [RecordType.CAA, '', '0 issuewild "ca.example.net"', undefined, { caaRecords: [{ flags: 0, tag: 'issuewild', value: 'ca.example.net' }] }],
      [RecordType.TXT, 'note', 'hello "world"', undefined, { TXTRecords: [{ value: ['hello "world"'] }] }],
    ])('creates a %s record set with If-None-Match: *, and reads the reply back to the same record', async (type, name, data, priority, values) => {
      const { mock, dns } = setup();
      withZone(mock);
      const azName = name === '' ? '@' : name;
      mock.on('GET', `${ZID}/${type}/${azName}`, notFound);
      mock.on('PUT', `${ZID}/${type}/${azName}`, echoSet(type, azName));
      const record = await dns.createRecord(ZID, { name, type, data, ttl: 600, ...(priority !== undefined ? { priority } : {}) });
      const [put] = mock.requestsTo('PUT', `${ZID}/${type}/${azName}`);
      expect(put!.headers['if-none-match']).toBe('*');
      expect(put!.headers['if-match']).toBeUndefined();
      expect(put!.json()).toEqual({ properties: { TTL: 600, ...values } });
      expect([record.id, record.type, record.data, record.priority, record.ttl, record.extra.etag]).toEqual([`${type}:${name}`, type, data, priority, 600, 'new-etag-1']);
    });

    it('splits a TXT value longer than 255 bytes into 255-byte strings (never inside a character) and joins them back', async () => {
      const { mock, dns } = setup();
      withZone(mock);
      const text = `v=DKIM1; p=${'é'.repeat(200)}${'A'.repeat(150)}`;
      mock.on('GET', `${ZID}/TXT/dkim`, notFound);
      mock.on('PUT', `${ZID}/TXT/dkim`, echoSet('TXT', 'dkim'));
      const record = await dns.createRecord(ZID, { name: 'dkim', type: RecordType.TXT, data: text });
      const strings = mock.requestsTo('PUT', `${ZID}/TXT/dkim`)[0]!.json<{ properties: { TXTRecords: { value: string[] }[] } }>().properties.TXTRecords[0]!.value;
      expect(strings.length).toBeGreaterThan(1);
      expect(strings.every((s) => Buffer.byteLength(s) <= 255)).toBe(true);
      expect(strings.join('')).toBe(text);
      expect(record.data).toBe(text);
      expect(record.ttl).toBe(3600); // the default TTL of a new set
    });

    it('writes TXT data in presentation form as those strings', async () => {
      const { mock, dns } = setup();
      withZone(mock);
      mock.on('GET', `${ZID}/TXT/multi`, notFound);
      mock.on('PUT', `${ZID}/TXT/multi`, echoSet('TXT', 'multi'));
      const record = await dns.createRecord(ZID, { name: 'multi', type: RecordType.TXT, data: '"first part" "second \\"part\\""' });
      expect(mock.requestsTo('PUT', `${ZID}/TXT/multi`)[0]!.json()).toEqual({ properties: { TTL: 3600, TXTRecords: [{ value: ['first part', 'second "part"'] }] } });
      expect(record.data).toBe('"first part" "second \\"part\\""');
    });

    it('adds a value to an existing set with If-Match its ETag, keeping its values, TTL and metadata', async () => {
      const { mock, dns } = setup();
      withZone(mock);
      mock.on('GET', `${ZID}/A/www`, { json: fixture('recordset-a-www.json') });
      mock.on('PUT', `${ZID}/A/www`, echoSet('A', 'www'));
      const record = await dns.createRecord(ZID, { name: 'www', type: RecordType.A, data: '192.0.2.12' });
      const [put] = mock.requestsTo('PUT', `${ZID}/A/www`);
      expect(put!.headers['if-match']).toBe(WWW.etag);
      expect(put!.headers['if-none-match']).toBeUndefined();
      expect(put!.json()).toEqual({
        properties: { TTL: 300, metadata: { owner: 'web-team' }, ARecords: [{ ipv4Address: '192.0.2.10' }, { ipv4Address: '192.0.2.11' }, { ipv4Address: '192.0.2.12' }] },
      });
      expect([record.data, record.extra.setSize]).toEqual(['192.0.2.12', 3]);
    });

    it('refuses a value the set already holds, and a second CNAME, with RecordAlreadyExistsError and no write', async () => {
      const { mock, dns } = setup();
      withZone(mock);
      mock.on('GET', `${ZID}/A/www`, { json: fixture('recordset-a-www.json') });
      mock.on('GET', `${ZID}/CNAME/blog`, { json: (fixture('recordsets-page1.json') as { value: unknown[] }).value[4] });
      await expect(dns.createRecord(ZID, { name: 'www', type: RecordType.A, data: '192.0.2.11' })).rejects.toBeInstanceOf(RecordAlreadyExistsError);
      await expect(dns.createRecord(ZID, { name: 'blog', type: RecordType.CNAME, data: 'other.example.net' })).rejects.toBeInstanceOf(RecordAlreadyExistsError);
      expect(mock.requestsTo('PUT', /.*/)).toHaveLength(0);
    });

    it('a set created by someone else between the read and the write (412 on If-None-Match) is a ConflictError', async () => {
      const { mock, dns } = setup();
      withZone(mock);
      mock.on('GET', `${ZID}/A/api`, notFound);
      mock.on('PUT', `${ZID}/A/api`, { status: 412, json: fixture('error-412.json') });
      const err = await dns.createRecord(ZID, { name: 'api', type: RecordType.A, data: '192.0.2.30' }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ConflictError);
      expect(err).not.toBeInstanceOf(RecordAlreadyExistsError);
      expect((err as Error).message).toMatch(/created by someone else/);
    });

    it('a 412 on the second try of a write that did land (its reply lost) is that write\'s result, not a conflict', async () => {
      const { mock, dns } = setup();
      withZone(mock);
      let created: unknown;
      mock.on('GET', `${ZID}/A/api`, () => (created ? { json: created } : notFound));
      mock.on('PUT', `${ZID}/A/api`, (req) => {
        // The first PUT lands; its reply is lost and the connection sends it again: 412.
        created = { id: `${ZID}/A/api`, name: 'api', type: 'Microsoft.Network/dnszones/A', etag: 'landed', properties: { ...req.json<{ properties: object }>().properties, provisioningState: 'Succeeded' } };
        return { status: 412, json: fixture('error-412.json') };
      });
      const record = await dns.createRecord(ZID, { name: 'api', type: RecordType.A, data: '192.0.2.30', ttl: 60 });
      expect([record.data, record.extra.etag]).toEqual(['192.0.2.30', 'landed']);
    });

    it('updates one value with If-Match the ETag it was read with; the TTL applies to the set', async () => {
      const { mock, dns } = setup();
      withZone(mock);
      mock.on('GET', `${ZID}/A/www`, { json: fixture('recordset-a-www.json') });
      mock.on('PUT', `${ZID}/A/www`, echoSet('A', 'www', 'etag-after-update'));
      const record = await dns.getRecord(ZID, 'A:www');
      const updated = await record.update({ data: '192.0.2.99', ttl: 60 });
      const [put] = mock.requestsTo('PUT', `${ZID}/A/www`);
      expect(put!.headers['if-match']).toBe(WWW.etag);
      expect(put!.json()).toEqual({ properties: { TTL: 60, metadata: { owner: 'web-team' }, ARecords: [{ ipv4Address: '192.0.2.99' }, { ipv4Address: '192.0.2.11' }] } });
      expect([updated.data, updated.ttl, (updated.extra as AzureRecordExtra).etag]).toEqual(['192.0.2.99', 60, 'etag-after-update']);
    });

    it('a set changed by someone else since it was read is a ConflictError: before the write when its ETag differs, and on a 412', async () => {
      const { mock, dns } = setup();
      withZone(mock);
      let etag = WWW.etag;
      mock.on('GET', `${ZID}/A/www`, () => ({ json: { ...(fixture('recordset-a-www.json') as object), etag } }));
      mock.on('PUT', `${ZID}/A/www`, { status: 412, json: fixture('error-412.json'), headers: { 'x-ms-request-id': 'req-412' } });
      const record = await dns.getRecord(ZID, 'A:www');
      // Someone else writes the set: its ETag changes.
      etag = 'someone-elses-etag';
      const early = await record.update({ data: '192.0.2.99' }).catch((e: unknown) => e);
      expect(early).toBeInstanceOf(ConflictError);
      expect((early as Error).message).toMatch(/changed by someone else/);
      expect(mock.requestsTo('PUT', `${ZID}/A/www`)).toHaveLength(0);
      // The write races another one: ARM refuses the If-Match with 412.
      etag = WWW.etag;
      const late = await record.update({ data: '192.0.2.99' }).catch((e: unknown) => e);
      expect(late).toBeInstanceOf(ConflictError);
      expect(late).toMatchObject({ statusCode: 412, providerCode: 'PreconditionFailed', requestId: 'req-412' });
      expect((late as Error).message).toMatch(/changed by someone else since it was read/);
      const del = await record.delete().catch((e: unknown) => e);
      expect(del).toBeInstanceOf(ConflictError);
    });

    it('moves a value to another name: added there first, then removed here (If-Match on both sets)', async () => {
      const { mock, dns } = setup();
      withZone(mock);
      mock.on('GET', `${ZID}/A/www`, { json: fixture('recordset-a-www.json') });
      mock.on('GET', `${ZID}/A/web`, notFound);
      mock.on('PUT', `${ZID}/A/web`, echoSet('A', 'web'));
      mock.on('PUT', `${ZID}/A/www`, echoSet('A', 'www'));
      const record = await dns.getRecord(ZID, 'A:www');
      const moved = await dns.updateRecord(record, { name: 'web' });
      expect(mock.requests.filter((r) => r.method === 'PUT').map((r) => [r.path.split('/').slice(-2).join('/'), r.headers['if-match'] ?? `none-match ${r.headers['if-none-match']}`])).toEqual([
        ['A/web', 'none-match *'],
        ['A/www', WWW.etag],
      ]);
      expect(mock.requestsTo('PUT', `${ZID}/A/www`)[0]!.json()).toMatchObject({ properties: { ARecords: [{ ipv4Address: '192.0.2.11' }] } });
      expect([moved.id, moved.data, moved.ttl]).toEqual(['A:web', '192.0.2.10', 300]);
    });

    it('deletes one value by rewriting the set, and the last value by deleting the set, with If-Match', async () => {
      const { mock, dns } = setup();
      withZone(mock);
      mock.on('GET', `${ZID}/A/www`, { json: fixture('recordset-a-www.json') });
      mock.on('PUT', `${ZID}/A/www`, echoSet('A', 'www'));
      const aaaa = (fixture('recordsets-page1.json') as { value: { etag: string }[] }).value[3]!;
      mock.on('GET', `${ZID}/AAAA/www`, { json: aaaa });
      mock.on('DELETE', `${ZID}/AAAA/www`, { status: 200, body: '' });
      await (await dns.getRecord(ZID, 'A:www')).delete();
      expect(mock.requestsTo('PUT', `${ZID}/A/www`)[0]!.json()).toMatchObject({ properties: { ARecords: [{ ipv4Address: '192.0.2.11' }] } });
      await (await dns.getRecord(ZID, 'AAAA:www')).delete();
      expect(mock.requestsTo('DELETE', `${ZID}/AAAA/www`)[0]!.headers['if-match']).toBe(aaaa.etag);
    });

    it('a record whose value is gone is RecordDoesNotExistError', async () => {
      const { mock, dns } = setup();
      withZone(mock);
      mock.on('GET', `${ZID}/A/www`, { json: fixture('recordset-a-www.json') });
      const record = await dns.getRecord(ZID, 'A:www');
      const stale = Object.assign(Object.create(Object.getPrototypeOf(record) as object) as typeof record, { ...record, data: '192.0.2.77', extra: { ...record.extra }, zone: record.zone });
      await expect(dns.deleteRecord(stale)).rejects.toBeInstanceOf(RecordDoesNotExistError);
    });

    it('refuses SOA writes, unsupported types and bad SRV/CAA data before writing', async () => {
      const { mock, dns } = setup();
      withZone(mock);
      await expect(dns.createRecord(ZID, { name: '', type: RecordType.SOA, data: 'x y 1 2 3 4 5' })).rejects.toMatchObject({ option: 'type' });
      await expect(dns.createRecord(ZID, { name: 'x', type: RecordType.SSHFP, data: '1 1 abc' })).rejects.toMatchObject({ option: 'type' });
      await expect(dns.createRecord(ZID, { name: '_s._tcp', type: RecordType.SRV, data: 'no', priority: 1 })).rejects.toMatchObject({ option: 'data' });
      await expect(dns.createRecord(ZID, { name: '', type: RecordType.CAA, data: 'issue' })).rejects.toMatchObject({ option: 'data' });
      await expect(dns.createRecord(ZID, { name: 'x.other.org.', type: RecordType.A, data: '192.0.2.1' })).rejects.toMatchObject({ option: 'name' });
      expect(mock.requests.filter((r) => r.method !== 'GET')).toHaveLength(0);
    });

    it('a malformed record set is a MalformedResponseError naming the field', async () => {
      const { mock, dns } = setup();
      withZone(mock);
      mock.on('GET', `${ZID}/recordsets`, { json: { value: [{ id: 'x', name: 'www', type: 'Microsoft.Network/dnszones/MX', etag: 'e', properties: { TTL: 1, MXRecords: [{ preference: 'ten', exchange: 'm' }] } }] } });
      const err = await dns.listRecords(ZID).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(MalformedResponseError);
      expect((err as Error).message).toMatch(/MXRecords\[0\]\.preference/);
    });
  });

  describe('BIND export', () => {
    async function exported(): Promise<string> {
      const { mock, dns } = setup();
      withZone(mock);
      withRecordPages(mock);
      return dns.exportZoneToBindFormat(ZID);
    }

    it('writes Azure\'s SOA first, the apex NS, and every record, names made absolute', async () => {
      const text = await exported();
      const lines = text.split('\n');
      expect(lines[0]).toBe('$ORIGIN example.com.');
      expect(lines[2]).toBe('@\t3600\tIN\tSOA\tns1-01.azure-dns.com. azuredns-hostmaster.microsoft.com. 1 3600 300 2419200 300');
      expect(text).toContain('@\t172800\tIN\tNS\tns1-01.azure-dns.com.');
      expect(text).toContain('@\t3600\tIN\tMX\t10 mail1.example.net.');
      expect(text).toContain('_sip._tcp\t3600\tIN\tSRV\t10 60 5060 sip.example.net.');
      expect(text).toContain('@\t3600\tIN\tCAA\t0 issue "letsencrypt.org"');
      expect(text).toMatch(/selector1\._domainkey\t3600\tIN\tTXT\t"v=DKIM1; k=rsa; p=[^"]+" "[^"]+"/);
      expect(text).toContain('; cdn ALIAS');
    });

    it.skipIf(namedCheckzoneMissing)('exports the fixture zone in a form named-checkzone loads', async () => {
      const result = await namedCheckzone('example.com', await exported());
      expect(result.complaints).toEqual([]);
      expect(result.exitCode).toBe(0);
    });
  });
});
