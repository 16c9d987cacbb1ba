import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  DNS_METHODS,
  DNSDriver,
  getDriver,
  LinodeDNSDriver,
  Provider,
  RecordType,
  type LinodeDNSOptions,
} from '../../../src/drivers/dns/index.js';
import { MockTransport } from '../../../src/testing/index.js';
import { expectCapabilitiesImplemented } from '../../helpers/capabilities.js';
import { namedCheckzone, namedCheckzoneMissing } from './named-checkzone.js';

const fixturesDir = fileURLToPath(new URL('../../fixtures/dns/linode/', import.meta.url));
const TOKEN = 'linode-token-0123456789abcdef0123456789abcdef';
const D = '/v4/domains';
const R = `${D}/1234/records`;

function setup(options: LinodeDNSOptions = {}): { mock: MockTransport; dns: LinodeDNSDriver } {
  const mock = new MockTransport({ fixturesDir });
  return { mock, dns: new LinodeDNSDriver(TOKEN, undefined, { transport: mock, env: {}, retry: false, ...options }) };
}
function withZone(mock: MockTransport): void {
  mock.on('GET', `${D}/1234`, { fixture: 'domain.json' });
}
function withRecordPages(mock: MockTransport): void {
  for (const page of ['1', '2', '3']) mock.on('GET', R, { fixture: `records_page${page}.json` }, { query: { page } });
}

describe('LinodeDNSDriver', () => {
  it('is registered as the linode DNS provider', () => {
    expect(getDriver(Provider.LINODE)).toBe(LinodeDNSDriver);
  });

  it('declares exactly the methods it implements', () => {
    expectCapabilitiesImplemented(LinodeDNSDriver, DNSDriver, DNS_METHODS, { derived: { exportZoneToBindFormat: 'listRecords' } });
  });

  it('sends the token as a Bearer authorization to api.linode.com/v4', async () => {
    const { dns, mock } = setup();
    withZone(mock);
    await dns.getZone('1234');
    expect(mock.requests[0]!.url.href).toBe('https://api.linode.com/v4/domains/1234');
    expect(mock.requests[0]!.headers.authorization).toBe(`Bearer ${TOKEN}`);
  });

  it('lists domains across three pages with page and page_size, mapping their settings', async () => {
    const { dns, mock } = setup();
    for (const page of ['1', '2', '3']) mock.on('GET', D, { fixture: `domains_page${page}.json` }, { query: { page } });
    const zones = await dns.listZones();
    expect(mock.requests.map((r) => r.query)).toEqual([
      { page: '1', page_size: '500' },
      { page: '2', page_size: '500' },
      { page: '3', page_size: '500' },
    ]);
    expect(zones.map((z) => [z.id, z.domain, z.type, z.ttl])).toEqual([
      ['1234', 'example.com', 'master', 3600],
      ['1235', 'example.org', 'master', undefined],
      ['1236', 'example.net', 'slave', undefined],
      ['1237', 'example.io', 'master', undefined],
      ['1238', 'example.dev', 'master', undefined],
    ]);
    expect(zones[0]!.extra).toMatchObject({ soaEmail: 'hostmaster@example.com', status: 'active', tags: ['prod'] });
    expect(zones[2]!.extra.masterIps).toEqual(['192.0.2.53']);
  });

  it('maps a 404 on a domain to ZoneDoesNotExistError', async () => {
    const { dns, mock } = setup();
    mock.on('GET', `${D}/999`, { status: 404, fixture: 'error_not_found.json' });
    await expect(dns.getZone('999')).rejects.toMatchObject({ name: 'ZoneDoesNotExistError', statusCode: 404 });
  });

  it('creates a master zone with the SOA contact from the driver, and maps "already exists"', async () => {
    const { dns, mock } = setup({ soaEmail: 'hostmaster@example.com' });
    mock.on('POST', D, { fixture: 'domain_create.json' }, { times: 1 });
    mock.on('POST', D, { status: 400, fixture: 'error_domain_exists.json' });
    const zone = await dns.createZone('new-example.com', { ttl: 300 });
    expect(mock.requests[0]!.json()).toEqual({ domain: 'new-example.com', type: 'master', ttl_sec: 300, soa_email: 'hostmaster@example.com' });
    expect(zone).toMatchObject({ id: '5678', domain: 'new-example.com' });
    await expect(dns.createZone('new-example.com')).rejects.toMatchObject({ name: 'ZoneAlreadyExistsError', statusCode: 400 });
  });

  it('creates a slave zone with its primaries', async () => {
    const { dns, mock } = setup();
    mock.on('POST', D, { fixture: 'domain_create.json' });
    await dns.createZone('example.net', { type: 'slave', masterIps: ['192.0.2.53'] });
    expect(mock.requests[0]!.json()).toEqual({ domain: 'example.net', type: 'slave', master_ips: ['192.0.2.53'] });
  });

  it.each([
    [{}, 'soaEmail'],
    [{ soaEmail: 'not-an-email' }, 'soaEmail'],
    [{ soaEmail: 'a@example.com', ttl: 301 }, 'ttl'],
    [{ type: 'slave' as const }, 'masterIps'],
  ])('refuses zone options %j before any request (option %s)', async (options, option) => {
    const { dns, mock } = setup();
    await expect(dns.createZone('example.com', options)).rejects.toMatchObject({ name: 'InvalidArgumentError', option });
    expect(mock.requests).toEqual([]);
  });

  it('updates a zone with PUT and deletes it', async () => {
    const { dns, mock } = setup();
    mock.on('PUT', `${D}/1234`, { fixture: 'domain_update.json' });
    mock.on('DELETE', `${D}/1234`, { json: {} });
    const zone = await dns.updateZone('1234', { ttl: 7200, soaEmail: 'dns@example.com' });
    expect(mock.requests[0]!.json()).toEqual({ ttl_sec: 7200, soa_email: 'dns@example.com' });
    expect(zone).toMatchObject({ ttl: 7200, extra: { soaEmail: 'dns@example.com' } });
    await zone.delete();
    expect(mock.lastRequest!.method).toBe('DELETE');
  });

  it('lists records across three pages, naming SRV records _service._protocol and joining their fields', async () => {
    const { dns, mock } = setup();
    withZone(mock);
    withRecordPages(mock);
    const records = await dns.listRecords('1234');
    expect(mock.requests.slice(1).map((r) => r.query.page)).toEqual(['1', '2', '3']);
    expect(records.map((r) => [r.id, r.name, r.type, r.data, r.priority, r.ttl])).toEqual([
      ['28000001', '', 'A', '192.0.2.1', undefined, 300],
      ['28000002', 'www', 'A', '192.0.2.10', undefined, undefined],
      ['28000003', '', 'MX', 'mail.example.com', 10, undefined],
      ['28000004', 'mail', 'A', '192.0.2.25', undefined, 3600],
      ['28000005', '', 'TXT', 'v=spf1 mx -all', undefined, undefined],
      ['28000006', '_sip._tcp', 'SRV', '5 5060 mail.example.com', 1, undefined],
      ['28000007', '', 'CAA', '0 issue "letsencrypt.org"', undefined, undefined],
      ['28000008', 'v6', 'AAAA', '2001:db8::6', undefined, 120],
      ['28000009', 'docs', 'CNAME', 'www.example.com', undefined, undefined],
    ]);
    expect(records[5]!.extra).toMatchObject({ service: '_sip', protocol: '_tcp', weight: 5, port: 5060 });
  });

  it('gets a record and maps a missing one to RecordDoesNotExistError', async () => {
    const { dns, mock } = setup();
    withZone(mock);
    mock.on('GET', `${R}/28000003`, { fixture: 'record.json' });
    mock.on('GET', `${R}/1`, { status: 404, fixture: 'error_not_found.json' });
    expect(await dns.getRecord('1234', '28000003')).toMatchObject({ type: 'MX', priority: 10 });
    await expect(dns.getRecord('1234', '1')).rejects.toMatchObject({ name: 'RecordDoesNotExistError' });
  });

  it('creates records, splitting SRV names and values and CAA values into Linode\'s fields', async () => {
    const { dns, mock } = setup();
    withZone(mock);
    mock.on('POST', R, { fixture: 'record_create.json' }, { times: 1 });
    mock.on('POST', R, { fixture: 'record_create_srv.json' });
    const zone = await dns.getZone('1234');
    const a = await dns.createRecord(zone, { name: 'api', type: RecordType.A, data: '192.0.2.40', ttl: 300 });
    const srv = await dns.createRecord(zone, { name: '_xmpp._tcp', type: RecordType.SRV, data: '20 5222 xmpp.example.com', priority: 10 });
    await dns.createRecord(zone, { name: '@', type: RecordType.CAA, data: '0 issuewild ";"' });
    expect(mock.requests.slice(1).map((r) => r.json())).toEqual([
      { type: 'A', name: 'api', target: '192.0.2.40', ttl_sec: 300 },
      { type: 'SRV', service: 'xmpp', protocol: 'tcp', name: '', target: 'xmpp.example.com', priority: 10, weight: 20, port: 5222 },
      { type: 'CAA', name: '', tag: 'issuewild', target: ';' },
    ]);
    expect(a).toMatchObject({ id: '28000100', name: 'api', ttl: 300 });
    expect(srv).toMatchObject({ name: '_xmpp._tcp', data: '20 5222 xmpp.example.com', priority: 10 });
  });

  it('maps a record conflict to RecordAlreadyExistsError', async () => {
    const { dns, mock } = setup();
    withZone(mock);
    mock.on('POST', R, { status: 400, fixture: 'error_record_conflict.json' });
    await expect(dns.createRecord('1234', { name: 'docs', type: RecordType.CNAME, data: 'www.example.com' })).rejects.toMatchObject({
      name: 'RecordAlreadyExistsError',
      message: expect.stringContaining('name: Record conflict - CNAMES must be unique'),
    });
  });

  it.each([
    [{ name: 'a', type: RecordType.DS, data: '1 2 3 abcd' }, 'type'],
    [{ name: 'a', type: RecordType.A, data: '192.0.2.1', ttl: 301 }, 'ttl'],
    [{ name: 'a', type: RecordType.A, data: '192.0.2.1', ttl: 2_419_201 }, 'ttl'],
    [{ name: 'sip', type: RecordType.SRV, data: '5 5060 sip', priority: 1 }, 'name'],
    [{ name: '', type: RecordType.CAA, data: 'letsencrypt.org' }, 'data'],
  ])('refuses %j before any request (option %s)', async (options, option) => {
    const { dns, mock } = setup();
    withZone(mock);
    const zone = await dns.getZone('1234');
    await expect(dns.createRecord(zone, options)).rejects.toMatchObject({ name: 'InvalidArgumentError', option });
    expect(mock.requests).toHaveLength(1);
  });

  it('updates a record with PUT and refuses a type change before any request', async () => {
    const { dns, mock } = setup();
    withZone(mock);
    mock.on('POST', R, { fixture: 'record_create.json' });
    mock.on('PUT', `${R}/28000100`, { fixture: 'record_update.json' });
    mock.on('DELETE', `${R}/28000100`, { json: {} });
    const record = await dns.createRecord('1234', { name: 'api', type: RecordType.A, data: '192.0.2.40', ttl: 300 });
    const updated = await record.update({ data: '192.0.2.41' });
    expect(mock.requests[2]!.json()).toEqual({ name: 'api', target: '192.0.2.41' });
    expect(updated.data).toBe('192.0.2.41');
    const before = mock.requests.length;
    await expect(updated.update({ type: RecordType.AAAA })).rejects.toMatchObject({ option: 'type' });
    expect(mock.requests).toHaveLength(before);
    await updated.delete();
    expect(mock.lastRequest!.method).toBe('DELETE');
  });

  it('maps 401 to InvalidCredentialsError without the token, and 429 to RateLimitError with Retry-After', async () => {
    const { dns, mock } = setup();
    mock.on('GET', D, { status: 401, fixture: 'error_unauthorized.json' }, { times: 1 });
    mock.on('GET', D, { status: 429, headers: { 'retry-after': '12' }, fixture: 'error_rate_limited.json' });
    const err = (await dns.listZones().catch((e: unknown) => e)) as Error;
    expect(err).toMatchObject({ name: 'InvalidCredentialsError', statusCode: 401 });
    expect(`${err.message}${err.stack}`).not.toContain(TOKEN);
    await expect(dns.listZones()).rejects.toMatchObject({ name: 'RateLimitError', retryAfter: 12 });
  });

  it('sends its calls through proxyUrl and through HTTPS_PROXY from the env option', async () => {
    const a = setup({ proxyUrl: 'http://proxy.corp.example:3128' });
    withZone(a.mock);
    await a.dns.getZone('1234');
    expect(a.mock.requests[0]!.proxy).toMatchObject({ hostname: 'proxy.corp.example', port: 3128 });
    const b = setup({ env: { HTTPS_PROXY: 'http://env-proxy.example:8080' } });
    withZone(b.mock);
    withRecordPages(b.mock);
    await b.dns.listRecords('1234');
    expect(b.mock.requests.map((r) => r.proxy?.origin)).toEqual(Array(4).fill('http://env-proxy.example:8080'));
  });

  it.skipIf(namedCheckzoneMissing)('exports the fixture zone with Linode\'s name servers and SOA contact, in a form named-checkzone loads', async () => {
    const { dns, mock } = setup();
    withZone(mock);
    withRecordPages(mock);
    const text = await dns.exportZoneToBindFormat('1234');
    expect(text).toContain('@\t3600\tIN\tSOA\tns1.linode.com. hostmaster.example.com. 1 7200 3600 1209600 3600\n');
    expect(text).toContain('@\t3600\tIN\tNS\tns5.linode.com.\n');
    const result = await namedCheckzone('example.com', text);
    expect(result.exitCode).toBe(0);
    expect(result.complaints).toEqual([]);
  });
});
