import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  CloudflareDNSDriver,
  DNS_METHODS,
  DNSDriver,
  getDriver,
  Provider,
  RecordType,
  type CloudflareDNSOptions,
  type Record,
} from '../../../src/drivers/dns/index.js';
import { MockTransport } from '../../../src/testing/index.js';
import { expectCapabilitiesImplemented } from '../../helpers/capabilities.js';
import { tempDir } from '../../peers/process.js';
import { namedCheckzone, namedCheckzoneMissing } from './named-checkzone.js';

const fixturesDir = fileURLToPath(new URL('../../fixtures/dns/cloudflare/', import.meta.url));
const TOKEN = 'cf-token-0123456789abcdef';
const ZONE = '023e105f4ecef8ad9ca31a8372d0c353';
const RECORDS = `/client/v4/zones/${ZONE}/dns_records`;
const api = (path: string): string => `/client/v4${path}`;

function setup(options: CloudflareDNSOptions = {}, secret?: string): { mock: MockTransport; dns: CloudflareDNSDriver } {
  const mock = new MockTransport({ fixturesDir });
  const dns = new CloudflareDNSDriver(secret ? 'admin@example.com' : TOKEN, secret, { transport: mock, env: {}, retry: false, ...options });
  return { mock, dns };
}

function withZone(mock: MockTransport): void {
  mock.on('GET', api(`/zones/${ZONE}`), { fixture: 'zone.json' });
}

function withRecordPages(mock: MockTransport): void {
  for (const page of ['1', '2', '3']) mock.on('GET', RECORDS, { fixture: `records_page${page}.json` }, { query: { page } });
}

describe('CloudflareDNSDriver', () => {
  it('is registered as the cloudflare DNS provider', () => {
    expect(getDriver(Provider.CLOUDFLARE)).toBe(CloudflareDNSDriver);
  });

  it('declares exactly the methods it overrides', () => {
    expectCapabilitiesImplemented(CloudflareDNSDriver, DNSDriver, DNS_METHODS, { derived: { exportZoneToBindFormat: 'listRecords' } });
  });

  it('declares the methods it implements, and refuses updateZone with NotSupportedError', async () => {
    const { dns, mock } = setup();
    expect(dns.supports('createRecord')).toBe(true);
    expect(dns.supports('updateZone')).toBe(false);
    await expect(dns.updateZone(ZONE, { ttl: 60 })).rejects.toMatchObject({ name: 'NotSupportedError' });
    expect(mock.requests).toEqual([]);
  });

  describe('authentication', () => {
    it('sends an API token as a Bearer authorization to api.cloudflare.com/client/v4', async () => {
      const { dns, mock } = setup();
      withZone(mock);
      await dns.getZone(ZONE);
      const req = mock.requests[0]!;
      expect(req.url.origin).toBe('https://api.cloudflare.com');
      expect(req.path).toBe(`/client/v4/zones/${ZONE}`);
      expect(req.headers.authorization).toBe(`Bearer ${TOKEN}`);
      expect(req.headers['x-auth-key']).toBeUndefined();
    });

    it('sends the legacy global key and email as X-Auth-Key and X-Auth-Email, without a Bearer token', async () => {
      const { dns, mock } = setup({}, 'global-api-key-0123456789');
      withZone(mock);
      await dns.getZone(ZONE);
      const req = mock.requests[0]!;
      expect(req.headers['x-auth-email']).toBe('admin@example.com');
      expect(req.headers['x-auth-key']).toBe('global-api-key-0123456789');
      expect(req.headers.authorization).toBeUndefined();
    });

    it('maps authentication error codes to InvalidCredentialsError and never shows the credentials', async () => {
      const { dns, mock } = setup({}, 'global-api-key-0123456789');
      mock.on('GET', api('/zones'), { status: 400, fixture: 'error_bad_headers.json' });
      const err = (await dns.listZones().catch((e: unknown) => e)) as Error;
      expect(err).toMatchObject({ name: 'InvalidCredentialsError', statusCode: 400, provider: 'cloudflare' });
      expect(err.message).toContain('Cloudflare error 6103: Invalid format for X-Auth-Key header');
      expect(JSON.stringify({ message: err.message, stack: err.stack })).not.toContain('global-api-key-0123456789');
    });

    it('maps a 403 with code 10000 to InvalidCredentialsError', async () => {
      const { dns, mock } = setup();
      mock.on('GET', api('/zones'), { status: 403, fixture: 'error_auth.json' });
      await expect(dns.listZones()).rejects.toMatchObject({ name: 'InvalidCredentialsError', statusCode: 403 });
    });

    it('maps a 401 to InvalidCredentialsError', async () => {
      const { dns, mock } = setup();
      mock.on('GET', api('/zones'), { status: 401, json: { success: false, errors: [{ code: 9109, message: 'Invalid access token' }], result: null } });
      await expect(dns.listZones()).rejects.toMatchObject({ name: 'InvalidCredentialsError', statusCode: 401 });
    });

    it('keeps the token out of debug output and errors when a request fails', async () => {
      const { dns, mock } = setup();
      mock.on('GET', api('/zones'), { status: 500, json: { success: false, errors: [{ code: 0, message: `echo ${TOKEN}` }], result: null } });
      const err = (await dns.listZones().catch((e: unknown) => e)) as Error;
      expect(err.name).toBe('ServiceUnavailableError');
      expect(err.message).not.toContain(TOKEN);
    });

    it('writes no credential to the debug log', async () => {
      const log = join(tempDir('cf-debug'), 'debug.log');
      const { dns, mock } = setup({ debug: log }, 'global-api-key-0123456789');
      withZone(mock);
      await dns.getZone(ZONE);
      const text = readFileSync(log, 'utf8');
      expect(text).toContain(`/client/v4/zones/${ZONE}`);
      expect(text).not.toContain('global-api-key-0123456789');
      expect(text).not.toContain('admin@example.com');
    });

    it('refuses an empty key before any request', () => {
      expect(() => new CloudflareDNSDriver('', undefined, { env: {} })).toThrow(expect.objectContaining({ name: 'InvalidArgumentError', option: 'key' }));
    });
  });

  describe('zones', () => {
    it('lists zones across three pages with page and per_page, mapping their fields', async () => {
      const { dns, mock } = setup();
      for (const page of ['1', '2', '3']) mock.on('GET', api('/zones'), { fixture: `zones_page${page}.json` }, { query: { page } });
      const zones = await dns.listZones();
      expect(zones.map((z) => z.domain)).toEqual(['example.com', 'example.org', 'example.net', 'example.io', 'example.dev']);
      expect(mock.requests.map((r) => r.query)).toEqual([
        { page: '1', per_page: '50' },
        { page: '2', per_page: '50' },
        { page: '3', per_page: '50' },
      ]);
      expect(zones[0]).toMatchObject({
        id: ZONE,
        domain: 'example.com',
        type: 'master',
        ttl: undefined,
        extra: {
          status: 'active',
          paused: false,
          zoneType: 'full',
          nameServers: ['ada.ns.cloudflare.com', 'bob.ns.cloudflare.com'],
          plan: 'Free Website',
          accountId: 'a1b2c3d4e5f60718293a4b5c6d7e8f90',
          accountName: 'Example Account',
          activatedOn: '2024-03-01T09:30:00.000000Z',
        },
      });
      // A partial (CNAME setup) zone is neither master nor slave: its authoritative servers are elsewhere.
      expect(zones[2]).toMatchObject({ domain: 'example.net', type: 'partial', extra: { zoneType: 'partial' } });
      expect(zones[3]).toMatchObject({ type: 'slave', extra: { status: 'pending', zoneType: 'secondary' } });
    });

    it('iterates zones lazily: breaking after the first stops further page requests', async () => {
      const { dns, mock } = setup();
      for (const page of ['1', '2', '3']) mock.on('GET', api('/zones'), { fixture: `zones_page${page}.json` }, { query: { page } });
      for await (const zone of dns.iterateZones()) {
        expect(zone.domain).toBe('example.com');
        break;
      }
      expect(mock.requests).toHaveLength(1);
    });

    it('gets a zone by id', async () => {
      const { dns, mock } = setup();
      withZone(mock);
      const zone = await dns.getZone(ZONE);
      expect(zone.domain).toBe('example.com');
    });

    it('maps an unknown zone (7003) to ZoneDoesNotExistError', async () => {
      const { dns, mock } = setup();
      mock.on('GET', api('/zones/ffffffffffffffffffffffffffffffff'), { status: 400, fixture: 'error_zone_not_found.json' });
      await expect(dns.getZone('ffffffffffffffffffffffffffffffff')).rejects.toMatchObject({
        name: 'ZoneDoesNotExistError',
        code: 'NUBES_ERR_ZONE_NOT_FOUND',
        statusCode: 400,
      });
    });

    it('creates a zone with the account id and maps the answer', async () => {
      const { dns, mock } = setup({ accountId: 'a1b2c3d4e5f60718293a4b5c6d7e8f90' });
      mock.on('POST', api('/zones'), { fixture: 'zone_create.json' });
      const zone = await dns.createZone('new-example.com.', { jumpStart: false });
      expect(mock.requests[0]!.json()).toEqual({ name: 'new-example.com', type: 'full', account: { id: 'a1b2c3d4e5f60718293a4b5c6d7e8f90' }, jump_start: false });
      expect(mock.requests[0]!.headers['content-type']).toBe('application/json');
      expect(zone).toMatchObject({ id: '5f7b9d1f3a5c7e9b1d3f5a7c9e1b3d5f', domain: 'new-example.com', extra: { status: 'pending', activatedOn: undefined } });
    });

    it('creates a secondary zone for type slave, with a per-call account id', async () => {
      const { dns, mock } = setup();
      mock.on('POST', api('/zones'), { fixture: 'zone_create.json' });
      await dns.createZone('new-example.com', { type: 'slave', accountId: 'acc-2' });
      expect(mock.requests[0]!.json()).toEqual({ name: 'new-example.com', type: 'secondary', account: { id: 'acc-2' } });
    });

    it('maps code 1061 to ZoneAlreadyExistsError', async () => {
      const { dns, mock } = setup();
      mock.on('POST', api('/zones'), { status: 400, fixture: 'error_zone_exists.json' });
      await expect(dns.createZone('new-example.com')).rejects.toMatchObject({ name: 'ZoneAlreadyExistsError', statusCode: 400 });
    });

    it('refuses a zone TTL and a malformed domain before any request', async () => {
      const { dns, mock } = setup();
      await expect(dns.createZone('example.com', { ttl: 300 })).rejects.toMatchObject({ name: 'InvalidArgumentError', option: 'ttl' });
      await expect(dns.createZone('no spaces.com')).rejects.toMatchObject({ name: 'InvalidArgumentError', option: 'domain' });
      expect(mock.requests).toEqual([]);
    });

    it('deletes a zone', async () => {
      const { dns, mock } = setup();
      mock.on('DELETE', api(`/zones/${ZONE}`), { fixture: 'zone_delete.json' });
      await dns.deleteZone(ZONE);
      expect(mock.requests[0]!.method).toBe('DELETE');
    });
  });

  describe('records', () => {
    it('lists records across three pages and maps names, priorities, TTLs and extras', async () => {
      const { dns, mock } = setup();
      withZone(mock);
      withRecordPages(mock);
      const records = await dns.listRecords(ZONE);
      expect(mock.requests.slice(1).map((r) => r.query)).toEqual([
        { page: '1', per_page: '100' },
        { page: '2', per_page: '100' },
        { page: '3', per_page: '100' },
      ]);
      expect(records.map((r) => [r.name, r.type, r.data, r.ttl, r.priority])).toEqual([
        ['', 'A', '192.0.2.1', undefined, undefined],
        ['www', 'CNAME', 'example.com', undefined, undefined],
        ['', 'MX', 'mail.example.com', 3600, 10],
        ['mail', 'AAAA', '2001:db8::25', 300, undefined],
        ['', 'TXT', 'v=spf1 include:_spf.example.net ~all', 3600, undefined],
        ['_sip._tcp', 'SRV', '5 5060 sip.example.com', 3600, 1],
        ['sip', 'A', '192.0.2.30', 120, undefined],
        ['', 'CAA', '0 issue "letsencrypt.org"', 3600, undefined],
        ['', 'DNSKEY', expect.stringMatching(/^257 3 13 /), 3600, undefined],
      ]);
      expect(records[0]!.extra).toMatchObject({ proxied: true, proxiable: true, autoTtl: true, comment: 'web front', tags: ['env:prod'] });
      expect(records[2]!.extra).toMatchObject({ proxied: false, autoTtl: false, comment: undefined });
      expect(records[0]!.zone.id).toBe(ZONE);
      expect(records[1]!.fqdn).toBe('www.example.com.');
    });

    it('gets one record', async () => {
      const { dns, mock } = setup();
      withZone(mock);
      mock.on('GET', `${RECORDS}/572e67954025e0ba6aaa6d586b9e0b61`, { fixture: 'record.json' });
      const record = await dns.getRecord(ZONE, '572e67954025e0ba6aaa6d586b9e0b61');
      expect(record).toMatchObject({ type: 'MX', name: '', data: 'mail.example.com', priority: 10 });
    });

    it('maps code 81044 to RecordDoesNotExistError', async () => {
      const { dns, mock } = setup();
      withZone(mock);
      mock.on('GET', `${RECORDS}/nope`, { status: 404, fixture: 'error_record_not_found.json' });
      await expect(dns.getRecord(ZONE, 'nope')).rejects.toMatchObject({ name: 'RecordDoesNotExistError', statusCode: 404 });
    });

    it('maps a 7003 on a record URL to RecordDoesNotExistError', async () => {
      const { dns, mock } = setup();
      withZone(mock);
      mock.on('GET', `${RECORDS}/bad-id`, { status: 400, fixture: 'error_zone_not_found.json' });
      await expect(dns.getRecord(ZONE, 'bad-id')).rejects.toMatchObject({ name: 'RecordDoesNotExistError' });
    });

    it('creates a record with a fully qualified name, the TTL and Cloudflare fields', async () => {
      const { dns, mock } = setup();
      withZone(mock);
      mock.on('POST', RECORDS, { fixture: 'record_create.json' });
      const zone = await dns.getZone(ZONE);
      const record = await dns.createRecord(zone, { name: 'www', type: RecordType.A, data: '192.0.2.10', ttl: 300, proxied: false, comment: 'c', tags: ['t:1'] });
      expect(mock.requests[1]!.json()).toEqual({ type: 'A', name: 'www.example.com', ttl: 300, content: '192.0.2.10', proxied: false, comment: 'c', tags: ['t:1'] });
      expect(record).toMatchObject({ id: 'c72e67954025e0ba6aaa6d586b9e0b68', name: 'www', data: '192.0.2.10', ttl: 300 });
    });

    it('creates apex MX records with the priority and an automatic TTL by default', async () => {
      const { dns, mock } = setup();
      withZone(mock);
      mock.on('POST', RECORDS, { fixture: 'record.json' });
      await dns.createRecord(ZONE, { name: '', type: RecordType.MX, data: 'mail.example.com', priority: 10 });
      expect(mock.requests[1]!.json()).toEqual({ type: 'MX', name: 'example.com', ttl: 1, content: 'mail.example.com', priority: 10 });
    });

    it.each([
      [RecordType.SRV, '5 5060 sip.example.com.', 1, { priority: 1, weight: 5, port: 5060, target: 'sip.example.com' }],
      [RecordType.CAA, '0 issue "letsencrypt.org"', undefined, { flags: 0, tag: 'issue', value: 'letsencrypt.org' }],
      [RecordType.SSHFP, '4 2 123456789abcdef67890123456789abcdef67890123456789abcdef123456789', undefined, { algorithm: 4, type: 2, fingerprint: '123456789abcdef67890123456789abcdef67890123456789abcdef123456789' }],
      [RecordType.TLSA, '3 1 1 0123456789abcdef', undefined, { usage: 3, selector: 1, matching_type: 1, certificate: '0123456789abcdef' }],
    ])('sends %s values as a data object', async (type, data, priority, expected) => {
      const { dns, mock } = setup();
      withZone(mock);
      mock.on('POST', RECORDS, { fixture: 'record_create.json' });
      await dns.createRecord(ZONE, { name: 'x', type, data, ...(priority !== undefined ? { priority } : {}) });
      const body = mock.requests[1]!.json<{ data: unknown; content?: string }>();
      expect(body.data).toEqual(expected);
      expect(body.content).toBeUndefined();
    });

    it.each([
      ['81057', 'error_record_exists.json'],
      ['81058', 'error_record_identical.json'],
    ])('maps code %s to RecordAlreadyExistsError, keeping the code', async (_code, fixture) => {
      const { dns, mock } = setup();
      withZone(mock);
      mock.on('POST', RECORDS, { status: 400, fixture });
      await expect(dns.createRecord(ZONE, { name: 'www', type: RecordType.A, data: '192.0.2.10' })).rejects.toMatchObject({
        name: 'RecordAlreadyExistsError',
        code: 'NUBES_ERR_RECORD_EXISTS',
        statusCode: 400,
        providerCode: _code,
      });
    });

    it('maps other validation codes to BadRequestError with every message of the error chain', async () => {
      const { dns, mock } = setup();
      withZone(mock);
      mock.on('POST', RECORDS, { status: 400, fixture: 'error_validation.json' });
      const err = (await dns.createRecord(ZONE, { name: 'www', type: RecordType.A, data: '192.0.2.1' }).catch((e: unknown) => e)) as Error;
      expect(err.name).toBe('BadRequestError');
      expect(err.message).toContain('Cloudflare error 9005: Content for A record is invalid');
    });

    it('treats success: false as an error even with a 200 status', async () => {
      const { dns, mock } = setup();
      withZone(mock);
      mock.on('POST', RECORDS, { status: 200, fixture: 'error_record_exists.json' });
      await expect(dns.createRecord(ZONE, { name: 'www', type: RecordType.A, data: '192.0.2.10' })).rejects.toMatchObject({ name: 'RecordAlreadyExistsError' });
    });

    it('maps a 429 to RateLimitError with Retry-After', async () => {
      const { dns, mock } = setup();
      mock.on('GET', api('/zones'), { status: 429, headers: { 'retry-after': '17' }, fixture: 'error_rate_limited.json' });
      await expect(dns.listZones()).rejects.toMatchObject({ name: 'RateLimitError', statusCode: 429, retryAfter: 17 });
    });

    it.each([
      [{ name: 'a', type: RecordType.NAPTR, data: '100 10 "u" "E2U+sip" "" .' }, 'type'],
      [{ name: 'a', type: RecordType.A, data: '192.0.2.1', ttl: 59 }, 'ttl'],
      [{ name: 'a', type: RecordType.A, data: '192.0.2.1', ttl: 86_401 }, 'ttl'],
      [{ name: 'a', type: RecordType.MX, data: 'mx.example.com' }, 'priority'],
      [{ name: 'a', type: RecordType.SRV, data: 'five 5060 sip', priority: 1 }, 'data'],
      [{ name: 'a', type: RecordType.CAA, data: 'issue letsencrypt.org' }, 'data'],
      [{ name: 'a', type: RecordType.A, data: '192.0.2.1', proxied: 'yes' as unknown as boolean }, 'proxied'],
    ])('refuses %j before any request (option %s)', async (options, option) => {
      const { dns, mock } = setup();
      await expect(dns.createRecord(ZONE, options)).rejects.toMatchObject({ name: 'InvalidArgumentError', option });
      expect(mock.requests).toEqual([]);
    });

    it('accepts TTL 1 (automatic), and 30 only on Enterprise', async () => {
      const free = setup();
      withZone(free.mock);
      free.mock.on('POST', RECORDS, { fixture: 'record_create.json' });
      await free.dns.createRecord(ZONE, { name: 'a', type: RecordType.A, data: '192.0.2.1', ttl: 1 });
      await expect(free.dns.createRecord(ZONE, { name: 'a', type: RecordType.A, data: '192.0.2.1', ttl: 30 })).rejects.toMatchObject({ option: 'ttl' });
      const ent = setup({ enterprise: true });
      withZone(ent.mock);
      ent.mock.on('POST', RECORDS, { fixture: 'record_create.json' });
      await ent.dns.createRecord(ZONE, { name: 'a', type: RecordType.A, data: '192.0.2.1', ttl: 30 });
      expect(ent.mock.requests[1]!.json()).toMatchObject({ ttl: 30 });
    });

    it('updates a record with PATCH, sending only what changes', async () => {
      const { dns, mock } = setup();
      withZone(mock);
      mock.on('POST', RECORDS, { fixture: 'record_create.json' });
      mock.on('PATCH', `${RECORDS}/c72e67954025e0ba6aaa6d586b9e0b68`, { fixture: 'record_update.json' });
      const record = await dns.createRecord(ZONE, { name: 'www', type: RecordType.A, data: '192.0.2.10', ttl: 300 });
      const updated = await dns.updateRecord(record, { data: '192.0.2.11', proxied: true });
      expect(mock.requests[2]!.method).toBe('PATCH');
      expect(mock.requests[2]!.json()).toEqual({ proxied: true, content: '192.0.2.11' });
      expect(updated).toMatchObject({ data: '192.0.2.11', extra: { proxied: true, modifiedOn: '2024-03-05T12:00:00.000000Z' } });
    });

    it('sends an SRV update as the whole data object, merged from the record', async () => {
      const { dns, mock } = setup();
      withZone(mock);
      withRecordPages(mock);
      mock.on('PATCH', `${RECORDS}/872e67954025e0ba6aaa6d586b9e0b64`, { fixture: 'record_update.json' });
      const srv = (await dns.listRecords(ZONE)).find((r) => r.type === RecordType.SRV) as Record;
      await dns.updateRecord(srv, { priority: 20, name: '_sips._tcp' });
      expect(mock.lastRequest!.json()).toEqual({ name: '_sips._tcp.example.com', data: { priority: 20, weight: 5, port: 5060, target: 'sip.example.com' } });
    });

    it('refuses an update with a TTL out of range before any request', async () => {
      const { dns, mock } = setup();
      withZone(mock);
      withRecordPages(mock);
      const [first] = await dns.listRecords(ZONE);
      const before = mock.requests.length;
      await expect(dns.updateRecord(first!, { ttl: 100_000 })).rejects.toMatchObject({ name: 'InvalidArgumentError', option: 'ttl' });
      expect(mock.requests).toHaveLength(before);
    });

    it('deletes a record, and maps a missing one to RecordDoesNotExistError', async () => {
      const { dns, mock } = setup();
      withZone(mock);
      mock.on('GET', `${RECORDS}/572e67954025e0ba6aaa6d586b9e0b61`, { fixture: 'record.json' });
      mock.on('DELETE', `${RECORDS}/572e67954025e0ba6aaa6d586b9e0b61`, { fixture: 'record_delete.json' }, { times: 1 });
      mock.on('DELETE', `${RECORDS}/572e67954025e0ba6aaa6d586b9e0b61`, { status: 404, fixture: 'error_record_not_found.json' });
      const record = await dns.getRecord(ZONE, '572e67954025e0ba6aaa6d586b9e0b61');
      await record.delete();
      await expect(dns.deleteRecord(record)).rejects.toMatchObject({ name: 'RecordDoesNotExistError' });
    });
  });

  describe('proxies', () => {
    it('sends its calls through proxyUrl', async () => {
      const { dns, mock } = setup({ proxyUrl: 'http://proxy.corp.example:3128' });
      withZone(mock);
      await dns.getZone(ZONE);
      expect(mock.requests[0]!.proxy).toMatchObject({ hostname: 'proxy.corp.example', port: 3128 });
    });

    it('sends its calls through HTTPS_PROXY from the env option', async () => {
      const { dns, mock } = setup({ env: { HTTPS_PROXY: 'http://env-proxy.example:8080' } });
      withZone(mock);
      withRecordPages(mock);
      await dns.listRecords(ZONE);
      expect(mock.requests.map((r) => r.proxy?.origin)).toEqual(Array(4).fill('http://env-proxy.example:8080'));
    });
  });

  describe('BIND export', () => {
    it('writes the Cloudflare name servers as NS and a synthesized SOA', async () => {
      const { dns, mock } = setup();
      withZone(mock);
      withRecordPages(mock);
      const text = await dns.exportZoneToBindFormat(ZONE);
      expect(text).toContain('@\t3600\tIN\tSOA\tada.ns.cloudflare.com. hostmaster.example.com. 1 7200 3600 1209600 3600\n');
      expect(text).toContain('@\t3600\tIN\tNS\tada.ns.cloudflare.com.\n@\t3600\tIN\tNS\tbob.ns.cloudflare.com.\n');
      expect(text).toContain('_sip._tcp\t3600\tIN\tSRV\t1 5 5060 sip.example.com.\n');
    });

    it.skipIf(namedCheckzoneMissing)('exports the fixture zone in a form named-checkzone loads', async () => {
      const { dns, mock } = setup();
      withZone(mock);
      withRecordPages(mock);
      const text = await dns.exportZoneToBindFormat(ZONE);
      const result = await namedCheckzone('example.com', text);
      expect(result.exitCode).toBe(0);
      expect(result.complaints).toEqual([]);
    });
  });
});
