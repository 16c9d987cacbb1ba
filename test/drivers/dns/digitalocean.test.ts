import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  DigitalOceanDNSDriver,
  DNS_METHODS,
  DNSDriver,
  getDriver,
  Provider,
  RecordType,
} from '../../../src/drivers/dns/index.js';
import type { DriverOptions } from '../../../src/index.js';
import { MockTransport } from '../../../src/testing/index.js';
import { expectCapabilitiesImplemented } from '../../helpers/capabilities.js';
import { namedCheckzone, namedCheckzoneMissing } from './named-checkzone.js';

const fixturesDir = fileURLToPath(new URL('../../fixtures/dns/digitalocean/', import.meta.url));
const TOKEN = 'dop_v1_0123456789abcdef0123456789abcdef';
const D = '/v2/domains';
const R = `${D}/example.com/records`;

function setup(options: DriverOptions = {}): { mock: MockTransport; dns: DigitalOceanDNSDriver } {
  const mock = new MockTransport({ fixturesDir });
  return { mock, dns: new DigitalOceanDNSDriver(TOKEN, undefined, { transport: mock, env: {}, retry: false, ...options }) };
}

function withZone(mock: MockTransport): void {
  mock.on('GET', `${D}/example.com`, { fixture: 'domain.json' });
}
function withRecordPages(mock: MockTransport): void {
  for (const page of ['1', '2', '3']) mock.on('GET', R, { fixture: `records_page${page}.json` }, { query: { page } });
}

describe('DigitalOceanDNSDriver', () => {
  it('is registered as the digitalocean DNS provider', () => {
    expect(getDriver(Provider.DIGITAL_OCEAN)).toBe(DigitalOceanDNSDriver);
  });

  it('declares exactly the methods it implements', () => {
    expectCapabilitiesImplemented(DigitalOceanDNSDriver, DNSDriver, DNS_METHODS, { derived: { exportZoneToBindFormat: 'listRecords' } });
  });

  it('sends the token as a Bearer authorization to api.digitalocean.com/v2', async () => {
    const { dns, mock } = setup();
    withZone(mock);
    await dns.getZone('example.com');
    expect(mock.requests[0]!.url.href).toBe('https://api.digitalocean.com/v2/domains/example.com');
    expect(mock.requests[0]!.headers.authorization).toBe(`Bearer ${TOKEN}`);
  });

  it('lists domains across three pages following links.pages.next', async () => {
    const { dns, mock } = setup();
    for (const page of ['1', '2', '3']) mock.on('GET', D, { fixture: `domains_page${page}.json` }, { query: { page } });
    const zones = await dns.listZones();
    expect(mock.requests.map((r) => r.query)).toEqual([
      { page: '1', per_page: '200' },
      { page: '2', per_page: '200' },
      { page: '3', per_page: '200' },
    ]);
    expect(zones.map((z) => [z.id, z.domain, z.ttl])).toEqual([
      ['example.com', 'example.com', 1800],
      ['example.org', 'example.org', 1800],
      ['example.net', 'example.net', 1800],
      ['example.io', 'example.io', 1800],
      ['example.dev', 'example.dev', 3600],
    ]);
    expect(zones[0]!.extra.zoneFile).toContain('IN SOA ns1.digitalocean.com.');
  });

  it('maps a 404 on a domain to ZoneDoesNotExistError, keeping DigitalOcean\'s id and request id', async () => {
    const { dns, mock } = setup();
    mock.on('GET', `${D}/nope.example`, { status: 404, fixture: 'error_not_found.json' });
    await expect(dns.getZone('nope.example')).rejects.toMatchObject({
      name: 'ZoneDoesNotExistError',
      providerCode: 'not_found',
      requestId: '4f2a1c3e-9b8d-4e7f-a6c5-0d1e2f3a4b5c',
    });
  });

  it('creates a domain, and maps "already exists" to ZoneAlreadyExistsError', async () => {
    const { dns, mock } = setup();
    mock.on('POST', D, { status: 201, fixture: 'domain_create.json' }, { times: 1 });
    mock.on('POST', D, { status: 422, fixture: 'error_domain_exists.json' });
    const zone = await dns.createZone('new-example.com.', { exIpAddress: '192.0.2.1' });
    expect(mock.requests[0]!.json()).toEqual({ name: 'new-example.com', ip_address: '192.0.2.1' });
    expect(zone).toMatchObject({ id: 'new-example.com', ttl: undefined });
    await expect(dns.createZone('new-example.com')).rejects.toMatchObject({ name: 'ZoneAlreadyExistsError', statusCode: 422 });
  });

  it('refuses a zone TTL and a secondary zone before any request', async () => {
    const { dns, mock } = setup();
    await expect(dns.createZone('example.com', { ttl: 60 })).rejects.toMatchObject({ option: 'ttl' });
    await expect(dns.createZone('example.com', { type: 'slave' })).rejects.toMatchObject({ option: 'type' });
    expect(mock.requests).toEqual([]);
  });

  it('deletes a domain', async () => {
    const { dns, mock } = setup();
    mock.on('DELETE', `${D}/example.com`, { status: 204 });
    await dns.deleteZone('example.com');
    expect(mock.requests[0]!.method).toBe('DELETE');
  });

  it('lists records across three pages, keeping the SOA the API lists and joining SRV and CAA fields', async () => {
    const { dns, mock } = setup();
    withZone(mock);
    withRecordPages(mock);
    const records = await dns.listRecords('example.com');
    expect(mock.requests.slice(1).map((r) => r.query.page)).toEqual(['1', '2', '3']);
    expect(records.map((r) => [r.id, r.name, r.type, r.data, r.priority, r.ttl])).toEqual([
      ['2875201', '', 'SOA', '1800', undefined, 1800],
      ['2875202', '', 'NS', 'ns1.digitalocean.com', undefined, 1800],
      ['2875203', '', 'NS', 'ns2.digitalocean.com', undefined, 1800],
      ['2875204', '', 'NS', 'ns3.digitalocean.com', undefined, 1800],
      ['2875205', '', 'A', '192.0.2.1', undefined, 3600],
      ['2875206', 'www', 'CNAME', '@', undefined, 3600],
      ['2875207', '', 'MX', 'mail.example.com.', 10, 14400],
      ['2875208', 'mail', 'A', '192.0.2.25', undefined, 1800],
      ['2875209', '', 'TXT', 'v=spf1 a mx ~all', undefined, 1800],
      ['2875210', '_sip._tcp', 'SRV', '5 5060 mail.example.com.', 1, 1800],
      ['2875211', '', 'CAA', '0 issue "letsencrypt.org."', undefined, 1800],
      ['2875212', 'v6', 'AAAA', '2001:db8::6', undefined, 1800],
    ]);
    expect(records[9]!.extra).toEqual({ weight: 5, port: 5060, flags: undefined, tag: undefined });
  });

  it('gets a record and the SOA, and says RecordDoesNotExistError for a missing one', async () => {
    const { dns, mock } = setup();
    withZone(mock);
    mock.on('GET', `${R}/2875207`, { fixture: 'record.json' });
    mock.on('GET', `${R}/2875201`, { fixture: 'record_soa.json' });
    mock.on('GET', `${R}/999`, { status: 404, fixture: 'error_not_found.json' });
    expect(await dns.getRecord('example.com', '2875207')).toMatchObject({ type: 'MX', priority: 10 });
    await expect(dns.getRecord('example.com', '999')).rejects.toMatchObject({ name: 'RecordDoesNotExistError', statusCode: 404 });
    expect(await dns.getRecord('example.com', '2875201')).toMatchObject({ id: '2875201', type: 'SOA', name: '', data: '1800', ttl: 1800 });
  });

  it('creates records: @ for the apex, SRV and CAA split into DigitalOcean\'s fields', async () => {
    const { dns, mock } = setup();
    withZone(mock);
    mock.on('POST', R, { status: 201, fixture: 'record_create.json' }, { times: 1 });
    mock.on('POST', R, { status: 201, fixture: 'record_create_srv.json' });
    const zone = await dns.getZone('example.com');
    const a = await dns.createRecord(zone, { name: 'www2', type: RecordType.A, data: '192.0.2.10', ttl: 300 });
    await dns.createRecord(zone, { name: '_xmpp._tcp.example.com.', type: RecordType.SRV, data: '20 5222 xmpp.example.com.', priority: 10 });
    await dns.createRecord(zone, { name: '', type: RecordType.CAA, data: '0 issue "letsencrypt.org"' });
    await dns.createRecord(zone, { name: '@', type: RecordType.MX, data: 'mx.example.net.', priority: 5, ttl: 60 });
    expect(mock.requests.slice(1).map((r) => r.json())).toEqual([
      { type: 'A', name: 'www2', data: '192.0.2.10', ttl: 300 },
      { type: 'SRV', name: '_xmpp._tcp', data: 'xmpp.example.com.', priority: 10, weight: 20, port: 5222 },
      { type: 'CAA', name: '@', data: 'letsencrypt.org', flags: 0, tag: 'issue' },
      { type: 'MX', name: '@', data: 'mx.example.net.', priority: 5, ttl: 60 },
    ]);
    expect(a).toMatchObject({ id: '2875300', name: 'www2', ttl: 300 });
  });

  it('maps a 422 on a record to BadRequestError with DigitalOcean\'s message', async () => {
    const { dns, mock } = setup();
    withZone(mock);
    mock.on('POST', R, { status: 422, fixture: 'error_invalid.json' });
    await expect(dns.createRecord('example.com', { name: 'x', type: RecordType.CNAME, data: 'target' })).rejects.toMatchObject({
      name: 'BadRequestError',
      message: expect.stringContaining('unprocessable_entity: Data needs to end with a dot (.)'),
    });
  });

  it.each([
    [{ name: 'a', type: RecordType.PTR, data: 'host.example.com.' }, 'type'],
    [{ name: 'a', type: RecordType.A, data: '192.0.2.1', ttl: 29 }, 'ttl'],
    [{ name: 'a', type: RecordType.MX, data: 'mx.example.com.' }, 'priority'],
    [{ name: 'a', type: RecordType.SRV, data: '5 sip', priority: 1 }, 'data'],
  ])('refuses %j before any request (option %s)', async (options, option) => {
    const { dns, mock } = setup();
    withZone(mock);
    const zone = await dns.getZone('example.com');
    await expect(dns.createRecord(zone, options)).rejects.toMatchObject({ name: 'InvalidArgumentError', option });
    expect(mock.requests).toHaveLength(1);
  });

  it('updates a record with PATCH, and deletes it', async () => {
    const { dns, mock } = setup();
    withZone(mock);
    mock.on('POST', R, { status: 201, fixture: 'record_create.json' });
    mock.on('PATCH', `${R}/2875300`, { fixture: 'record_update.json' });
    mock.on('DELETE', `${R}/2875300`, { status: 204 });
    const record = await dns.createRecord('example.com', { name: 'www2', type: RecordType.A, data: '192.0.2.10', ttl: 300 });
    const updated = await record.update({ data: '192.0.2.11', ttl: 600 });
    await updated.delete();
    expect(mock.requests.slice(2).map((r) => [r.method, r.path, r.text ? r.json() : undefined])).toEqual([
      ['PATCH', `${R}/2875300`, { ttl: 600, data: '192.0.2.11' }],
      ['DELETE', `${R}/2875300`, undefined],
    ]);
    expect(updated).toMatchObject({ data: '192.0.2.11', ttl: 600 });
  });

  it('maps 401 to InvalidCredentialsError without the token, and 429 to RateLimitError with Retry-After', async () => {
    const { dns, mock } = setup();
    mock.on('GET', D, { status: 401, fixture: 'error_unauthorized.json' }, { times: 1 });
    mock.on('GET', D, { status: 429, headers: { 'retry-after': '30' }, fixture: 'error_rate_limited.json' });
    const err = (await dns.listZones().catch((e: unknown) => e)) as Error;
    expect(err).toMatchObject({ name: 'InvalidCredentialsError', statusCode: 401 });
    expect(`${err.message}${err.stack}`).not.toContain(TOKEN);
    await expect(dns.listZones()).rejects.toMatchObject({ name: 'RateLimitError', retryAfter: 30 });
  });

  it('sends its calls through proxyUrl and through HTTPS_PROXY from the env option', async () => {
    const a = setup({ proxyUrl: 'http://proxy.corp.example:3128' });
    withZone(a.mock);
    await a.dns.getZone('example.com');
    expect(a.mock.requests[0]!.proxy).toMatchObject({ hostname: 'proxy.corp.example', port: 3128 });
    const b = setup({ env: { HTTPS_PROXY: 'http://env-proxy.example:8080' } });
    withZone(b.mock);
    withRecordPages(b.mock);
    await b.dns.listRecords('example.com');
    expect(b.mock.requests.map((r) => r.proxy?.origin)).toEqual(Array(4).fill('http://env-proxy.example:8080'));
  });

  it.skipIf(namedCheckzoneMissing)('exports the fixture zone with a synthesized SOA, in a form named-checkzone loads', async () => {
    const { dns, mock } = setup();
    withZone(mock);
    withRecordPages(mock);
    const text = await dns.exportZoneToBindFormat('example.com');
    expect(text).toContain('@\t1800\tIN\tSOA\tns1.digitalocean.com. hostmaster.example.com. 1 7200 3600 1209600 1800\n');
    expect(text).toContain('www\t3600\tIN\tCNAME\texample.com.\n');
    const result = await namedCheckzone('example.com', text);
    expect(result.exitCode).toBe(0);
    expect(result.complaints).toEqual([]);
  });
});
