/**
 * Google Cloud DNS driver against fixtures written from the REST reference
 * (test/fixtures/dns/google/): zones with pageToken, records from rrsets (one per rrdata),
 * MX/SRV priorities, CAA, TXT long and quoted strings, atomic changes (an update deletes
 * the old set exactly as read and adds the new one), waiting for `done` with the common
 * poller, error mapping and the BIND export.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  RecordAlreadyExistsError,
  RecordDoesNotExistError,
  ZoneAlreadyExistsError,
  ZoneDoesNotExistError,
} from '../../../src/common/errors/index.js';
import { DNS_METHODS, DNSDriver, getDriver, GoogleDNSDriver, Provider, RecordType, type GoogleDnsOptions, type Record } from '../../../src/drivers/dns/index.js';
import { MockTransport, type RecordedRequest } from '../../../src/testing/index.js';
import { expectCapabilitiesImplemented } from '../../helpers/capabilities.js';
import { staticCredential } from '../storage/gcs/helpers.js';
import { namedCheckzone, namedCheckzoneMissing } from './named-checkzone.js';

const fixturesDir = fileURLToPath(new URL('../../fixtures/dns/google/', import.meta.url));
const BASE = '/dns/v1/projects/nubes-test';
const ZONE = `${BASE}/managedZones/example-com`;
const TOKEN = 'ya29.cloud-dns-test-token';

function setup(options: GoogleDnsOptions = {}): { mock: MockTransport; dns: GoogleDNSDriver } {
  const mock = new MockTransport({ fixturesDir });
  const dns = new GoogleDNSDriver('', undefined, {
    project: 'nubes-test',
    credentials: staticCredential(TOKEN),
    transport: mock,
    env: {},
    retry: false,
    changePollInterval: 1,
    ...options,
  });
  mock.on('GET', ZONE, { fixture: 'get_zone.json' });
  mock.on('GET', `${ZONE}/rrsets`, (req) => {
    if (req.query.name === undefined) return { fixture: req.query.pageToken === 'CgxleGFtcGxlLmNvbS4SA1RYVA' ? 'list_rrsets_2.json' : 'list_rrsets_1.json' };
    if (req.query.name === 'www.example.com.' && req.query.type === 'A') return { fixture: 'rrset_www_a.json' };
    return { fixture: 'rrset_empty.json' };
  });
  return { mock, dns };
}

/** The body of the (only) changes.create request. */
function changesOf(mock: MockTransport): { additions: { name: string; type: string; ttl?: number; rrdatas: string[] }[]; deletions: { name: string; type: string; ttl?: number; rrdatas: string[] }[] }[] {
  return mock.requests.filter((r: RecordedRequest) => r.method === 'POST' && r.path === `${ZONE}/changes`).map((r) => r.json());
}

function withChange(mock: MockTransport, pendingChecks = 1): void {
  let checks = 0;
  mock.on('POST', `${ZONE}/changes`, { fixture: 'change_pending.json' });
  mock.on('GET', `${ZONE}/changes/42`, () => ({ fixture: ++checks > pendingChecks ? 'change_done.json' : 'change_pending.json' }));
}

describe('Google Cloud DNS driver', () => {
  it('is registered as google-dns and implements every capability it declares', () => {
    expect(Provider.GOOGLE_DNS).toBe('google-dns');
    expect(getDriver(Provider.GOOGLE_DNS)).toBe(GoogleDNSDriver);
    expectCapabilitiesImplemented(GoogleDNSDriver, DNSDriver, DNS_METHODS, { derived: { exportZoneToBindFormat: 'listRecords' } });
  });

  it('lists managed zones across pages (pageToken), with the bearer token', async () => {
    const { mock, dns } = setup();
    mock.on('GET', `${BASE}/managedZones`, (req) => ({ fixture: req.query.pageToken === 'CgtleGFtcGxlLWNvbQ' ? 'list_zones_2.json' : 'list_zones_1.json' }));
    const zones = await dns.listZones();
    expect(zones.map((z) => [z.id, z.domain, z.type])).toEqual([
      ['example-com', 'example.com', 'master'],
      ['internal-example', 'internal.example', 'master'],
    ]);
    expect(zones[0]!.extra).toMatchObject({ numericId: '8346712098123456789', visibility: 'public', dnssecState: 'off', labels: { team: 'web' } });
    expect(zones[0]!.extra.nameServers).toHaveLength(4);
    expect(zones[1]!.extra.visibility).toBe('private');
    expect(mock.requests.every((r) => r.headers.authorization === `Bearer ${TOKEN}`)).toBe(true);
  });

  it('maps a missing zone and a taken zone name to the DNS errors', async () => {
    const { mock, dns } = setup();
    mock.on('GET', `${BASE}/managedZones/nope`, { status: 404, fixture: 'error_zone_not_found.json' });
    await expect(dns.getZone('nope')).rejects.toBeInstanceOf(ZoneDoesNotExistError);
    mock.on('POST', `${BASE}/managedZones`, { status: 409, fixture: 'error_zone_exists.json' });
    await expect(dns.createZone('example.org')).rejects.toBeInstanceOf(ZoneAlreadyExistsError);
    await expect(dns.getZone('Bad Name')).rejects.toThrow(/managed zone names/);
  });

  it('creates a zone named after the domain, with dnsName fully qualified', async () => {
    const { mock, dns } = setup();
    mock.on('POST', `${BASE}/managedZones`, { fixture: 'create_zone.json' });
    const zone = await dns.createZone('Example.org');
    expect(mock.requests.at(-1)!.json()).toEqual({ name: 'example-org', dnsName: 'example.org.', description: 'Managed by nubes' });
    expect(zone.id).toBe('example-org');
    expect(zone.domain).toBe('example.org');
    await dns.createZone('9.example', { name: 'nine', description: 'x', visibility: 'private' }).catch(() => undefined);
    expect(mock.requests.at(-1)!.json()).toEqual({ name: 'nine', dnsName: '9.example.', description: 'x', visibility: 'private' });
  });

  it('reads records from rrsets: one per rrdata, MX/SRV priorities, CAA, TXT quoted and long strings', async () => {
    const { dns } = setup();
    const records = await dns.listRecords('example-com');
    const view = records.map((r) => [r.id, r.type, r.name, r.data, r.priority, r.ttl]);
    expect(view).toEqual([
      ['NS:', 'NS', '', 'ns-cloud-a1.googledomains.com.', undefined, 21600],
      ['NS:', 'NS', '', 'ns-cloud-a2.googledomains.com.', undefined, 21600],
      ['NS:', 'NS', '', 'ns-cloud-a3.googledomains.com.', undefined, 21600],
      ['NS:', 'NS', '', 'ns-cloud-a4.googledomains.com.', undefined, 21600],
      ['SOA:', 'SOA', '', 'ns-cloud-a1.googledomains.com. cloud-dns-hostmaster.google.com. 1 21600 3600 259200 300', undefined, 21600],
      ['MX:', 'MX', '', 'mx1.example.net.', 10, 3600],
      ['MX:', 'MX', '', 'mx2.example.net.', 20, 3600],
      ['CAA:', 'CAA', '', '0 issue "letsencrypt.org"', undefined, 3600],
      ['CAA:', 'CAA', '', '128 iodef "mailto:security@example.com"', undefined, 3600],
      ['TXT:', 'TXT', '', 'v=spf1 include:_spf.google.com ~all', undefined, 300],
      ['TXT:', 'TXT', '', 'say "hello"', undefined, 300],
      ['SRV:_sip._tcp', 'SRV', '_sip._tcp', '60 5060 sip1.example.net.', 10, 600],
      ['SRV:_sip._tcp', 'SRV', '_sip._tcp', '40 5060 sip2.example.net.', 20, 600],
      ['TXT:dkim._domainkey', 'TXT', 'dkim._domainkey', 'a'.repeat(255) + 'b'.repeat(45), undefined, 300],
      ['TXT:multi', 'TXT', 'multi', '"first" "second"', undefined, 300],
      ['A:www', 'A', 'www', '192.0.2.10', undefined, 300],
      ['A:www', 'A', 'www', '192.0.2.11', undefined, 300],
      ['AAAA:www', 'AAAA', 'www', '2001:db8::10', undefined, 300],
      ['CNAME:blog', 'CNAME', 'blog', 'www.example.com.', undefined, 3600],
    ]);
    // HINFO is not a type Cloud DNS nubes supports: skipped, not mangled.
    expect(records.find((r) => r.name === 'legacy')).toBeUndefined();
    expect(records.find((r) => r.id === 'A:www')!.extra.rrdatas).toEqual(['192.0.2.10', '192.0.2.11']);
  });

  it('creates a record in a new set as one change, then waits until the change is done', async () => {
    const { mock, dns } = setup();
    withChange(mock, 2);
    const zone = await dns.getZone('example-com');
    const record = await dns.createRecord(zone, { name: 'mail', type: RecordType.MX, data: 'mx3.example.com.', priority: 30, ttl: 600 });
    expect(changesOf(mock)).toEqual([
      { kind: 'dns#change', additions: [{ kind: 'dns#resourceRecordSet', name: 'mail.example.com.', type: 'MX', ttl: 600, rrdatas: ['30 mx3.example.com.'] }], deletions: [] },
    ]);
    expect(mock.requests.filter((r) => r.path === `${ZONE}/changes/42`)).toHaveLength(3);
    expect([record.id, record.data, record.priority]).toEqual(['MX:mail', 'mx3.example.com.', 30]);
  });

  it('sends a long TXT value as 255-byte strings and reads it back whole', async () => {
    const { mock, dns } = setup();
    withChange(mock, 0);
    const long = `v=DKIM1; k=rsa; p=${'Q'.repeat(300)}`;
    const record = await dns.createRecord('example-com', { name: 'sel._domainkey', type: RecordType.TXT, data: long });
    const rrdata = changesOf(mock)[0]!.additions[0]!.rrdatas[0]!;
    expect(rrdata).toMatch(/^"[^"]{255}" "[^"]+"$/);
    expect(record.data).toBe(long);
  });

  it('adds a value to an existing set: deletes the set exactly as read and adds the merged set, atomically', async () => {
    const { mock, dns } = setup();
    withChange(mock, 0);
    await dns.createRecord('example-com', { name: 'www', type: RecordType.A, data: '192.0.2.12' });
    expect(changesOf(mock)).toEqual([
      {
        kind: 'dns#change',
        additions: [{ kind: 'dns#resourceRecordSet', name: 'www.example.com.', type: 'A', ttl: 300, rrdatas: ['192.0.2.10', '192.0.2.11', '192.0.2.12'] }],
        deletions: [{ kind: 'dns#resourceRecordSet', name: 'www.example.com.', type: 'A', ttl: 300, rrdatas: ['192.0.2.10', '192.0.2.11'] }],
      },
    ]);
    await expect(dns.createRecord('example-com', { name: 'www', type: RecordType.A, data: '192.0.2.10' })).rejects.toBeInstanceOf(RecordAlreadyExistsError);
  });

  it('updates one value as one change (old set deleted exactly, new set added) and deletes values', async () => {
    const { mock, dns } = setup();
    withChange(mock, 0);
    const www: Record[] = (await dns.listRecords('example-com')).filter((r) => r.id === 'A:www');
    const updated = await dns.updateRecord(www[1]!, { data: '192.0.2.99', ttl: 60 });
    expect(updated.data).toBe('192.0.2.99');
    await dns.deleteRecord(www[0]!);
    const changes = changesOf(mock);
    expect(changes[0]).toEqual({
      kind: 'dns#change',
      additions: [{ kind: 'dns#resourceRecordSet', name: 'www.example.com.', type: 'A', ttl: 60, rrdatas: ['192.0.2.10', '192.0.2.99'] }],
      deletions: [{ kind: 'dns#resourceRecordSet', name: 'www.example.com.', type: 'A', ttl: 300, rrdatas: ['192.0.2.10', '192.0.2.11'] }],
    });
    expect(changes[1]).toEqual({
      kind: 'dns#change',
      additions: [{ kind: 'dns#resourceRecordSet', name: 'www.example.com.', type: 'A', ttl: 300, rrdatas: ['192.0.2.11'] }],
      deletions: [{ kind: 'dns#resourceRecordSet', name: 'www.example.com.', type: 'A', ttl: 300, rrdatas: ['192.0.2.10', '192.0.2.11'] }],
    });
  });

  it('moves a value to another name as one change', async () => {
    const { mock, dns } = setup();
    withChange(mock, 0);
    const www = (await dns.listRecords('example-com')).find((r) => r.id === 'A:www')!;
    const moved = await dns.updateRecord(www, { name: 'api' });
    expect(moved.id).toBe('A:api');
    expect(changesOf(mock)[0]).toEqual({
      kind: 'dns#change',
      additions: [
        { kind: 'dns#resourceRecordSet', name: 'www.example.com.', type: 'A', ttl: 300, rrdatas: ['192.0.2.11'] },
        { kind: 'dns#resourceRecordSet', name: 'api.example.com.', type: 'A', ttl: 300, rrdatas: ['192.0.2.10'] },
      ],
      deletions: [{ kind: 'dns#resourceRecordSet', name: 'www.example.com.', type: 'A', ttl: 300, rrdatas: ['192.0.2.10', '192.0.2.11'] }],
    });
  });

  it('maps a deletion that no longer matches the live set (412 conditionNotMet) to RecordDoesNotExistError', async () => {
    const { mock, dns } = setup();
    mock.on('POST', `${ZONE}/changes`, { status: 412, fixture: 'error_deletion_mismatch.json' });
    const www = (await dns.listRecords('example-com')).find((r) => r.id === 'A:www')!;
    await expect(dns.deleteRecord(www)).rejects.toBeInstanceOf(RecordDoesNotExistError);
    const ghost = (await dns.listRecords('example-com')).find((r) => r.id === 'AAAA:www')!;
    // The set is not there any more when read again: refused before any change.
    await expect(dns.deleteRecord(ghost)).rejects.toBeInstanceOf(RecordDoesNotExistError);
    mock.on('POST', `${ZONE}/changes`, { status: 409, fixture: 'error_addition_exists.json' });
  });

  it('does not wait with waitForChanges: false', async () => {
    const { mock, dns } = setup({ waitForChanges: false });
    mock.on('POST', `${ZONE}/changes`, { fixture: 'change_pending.json' });
    await dns.createRecord('example-com', { name: 'x', type: RecordType.A, data: '192.0.2.1' });
    expect(mock.requests.some((r) => r.path.startsWith(`${ZONE}/changes/`))).toBe(false);
  });

  it("a call's wait overrides waitForChanges, both ways", async () => {
    const off = setup({ waitForChanges: false });
    withChange(off.mock, 1);
    await off.dns.createRecord('example-com', { name: 'x', type: RecordType.A, data: '192.0.2.1', wait: true });
    expect(off.mock.requests.filter((r) => r.path === `${ZONE}/changes/42`)).toHaveLength(2);
    const on = setup();
    withChange(on.mock, 1);
    await on.dns.createRecord('example-com', { name: 'x', type: RecordType.A, data: '192.0.2.1', wait: false });
    expect(on.mock.requests.some((r) => r.path.startsWith(`${ZONE}/changes/`))).toBe(false);
  });

  it("a call's signal ends the change wait with an AbortError", async () => {
    const { mock, dns } = setup({ changePollInterval: 60_000 });
    withChange(mock, Infinity);
    const controller = new AbortController();
    const pending = dns.createRecord('example-com', { name: 'x', type: RecordType.A, data: '192.0.2.1', signal: controller.signal }).catch((e: unknown) => e);
    while (!mock.requests.some((r) => r.path === `${ZONE}/changes/42`)) await new Promise((r) => setTimeout(r, 1));
    controller.abort();
    expect(await pending).toMatchObject({ name: 'AbortError' });
  });

  it('deletes a zone: its sets but the apex SOA/NS in one change, then the zone', async () => {
    const { mock, dns } = setup();
    withChange(mock, 0);
    mock.on('DELETE', ZONE, { status: 204, body: '' });
    await dns.deleteZone('example-com');
    const [change] = changesOf(mock);
    expect(change!.additions).toEqual([]);
    expect(change!.deletions.map((d) => `${d.type} ${d.name}`)).toEqual([
      'MX example.com.',
      'CAA example.com.',
      'TXT example.com.',
      'SRV _sip._tcp.example.com.',
      'TXT dkim._domainkey.example.com.',
      'TXT multi.example.com.',
      'A www.example.com.',
      'AAAA www.example.com.',
      'CNAME blog.example.com.',
      'HINFO legacy.example.com.',
    ]);
    expect(mock.requests.at(-1)!.method).toBe('DELETE');
  });

  it.skipIf(namedCheckzoneMissing)('exports the fixture zone in a form named-checkzone loads', async () => {
    const { dns } = setup();
    const text = await dns.exportZoneToBindFormat('example-com');
    expect(text).toContain('$ORIGIN example.com.');
    expect(text).toMatch(/_sip\._tcp\s+600\s+IN\s+SRV\s+10 60 5060 sip1\.example\.net\./);
    expect(text).toMatch(/IN\s+CAA\s+0 issue "letsencrypt\.org"/);
    const result = await namedCheckzone('example.com', text);
    expect(result.complaints).toEqual([]);
    expect(result.exitCode).toBe(0);
  });
});
