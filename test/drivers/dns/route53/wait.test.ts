/**
 * Route 53 record writes with `wait: true`: the change batch is answered PENDING, and the
 * driver polls `GetChange` (GET /2013-04-01/change/{id}) until INSYNC, on the common
 * poller — the deadline and the signal end the wait with their typed errors.
 * Response shapes: https://docs.aws.amazon.com/Route53/latest/APIReference/API_GetChange.html
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { AbortError, InvalidArgumentError, MalformedResponseError, TimeoutError, WaitTimeoutError } from '../../../../src/common/errors/index.js';
import { RecordType, Route53DNSDriver, type Route53DNSOptions } from '../../../../src/drivers/dns/index.js';
import { MockTransport } from '../../../../src/testing/index.js';

const fixturesDir = fileURLToPath(new URL('../../../fixtures/dns/route53/', import.meta.url));
const ZONE = 'Z1D633PJN98FT9';
const API = '/2013-04-01';
const RRSET = `${API}/hostedzone/${ZONE}/rrset`;
const CHANGE = `${API}/change/C2682N5HXP0BZ4`;

function changeXml(status: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<GetChangeResponse xmlns="https://route53.amazonaws.com/doc/2013-04-01/">
  <ChangeInfo><Id>/change/C2682N5HXP0BZ4</Id><Status>${status}</Status><SubmittedAt>2024-03-01T09:05:00.000Z</SubmittedAt></ChangeInfo>
</GetChangeResponse>`;
}

function setup(options: Route53DNSOptions = {}): { mock: MockTransport; dns: Route53DNSDriver } {
  const mock = new MockTransport({ fixturesDir });
  mock.on('GET', `${API}/hostedzone/${ZONE}`, { fixture: 'get_hosted_zone.xml' });
  mock.on('POST', `${RRSET}/`, { fixture: 'change_rrsets.xml' });
  const dns = new Route53DNSDriver('AKIAIOSFODNN7EXAMPLE', 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', {
    transport: mock,
    env: {},
    retry: false,
    changePollInterval: 1,
    ...options,
  });
  return { mock, dns };
}

const A = { name: 'www', type: RecordType.A, data: '192.0.2.10' } as const;

describe('Route 53: record writes with wait', () => {
  it('polls GetChange until the change is INSYNC', async () => {
    const { mock, dns } = setup();
    mock.on('GET', CHANGE, { xml: changeXml('PENDING') }, { times: 2 });
    mock.on('GET', CHANGE, { xml: changeXml('INSYNC') });
    const record = await dns.createRecord(ZONE, { ...A, wait: true });
    expect(record).toMatchObject({ id: 'A:www', data: '192.0.2.10' });
    expect(mock.requests.filter((r) => r.path === CHANGE)).toHaveLength(3);
  });

  it('does not poll without wait (the default)', async () => {
    const { mock, dns } = setup();
    await dns.createRecord(ZONE, A);
    expect(mock.requests.filter((r) => r.path === CHANGE)).toHaveLength(0);
  });

  it('waits on deleteRecord too', async () => {
    const { mock, dns } = setup();
    mock.on('GET', RRSET, { fixture: 'rrset_www_a.xml' });
    mock.on('GET', CHANGE, { xml: changeXml('PENDING') }, { times: 1 });
    mock.on('GET', CHANGE, { xml: changeXml('INSYNC') });
    const record = await dns.getRecord(ZONE, 'A:www');
    await dns.deleteRecord(record, { wait: true });
    expect(mock.requests.filter((r) => r.path === CHANGE)).toHaveLength(2);
  });

  it('ends with a WaitTimeoutError naming the change and its last state when changeTimeout passes', async () => {
    const { mock, dns } = setup({ changePollInterval: 5, changeTimeout: 40 });
    mock.on('GET', CHANGE, { xml: changeXml('PENDING') });
    const err = await dns.createRecord(ZONE, { ...A, wait: true }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WaitTimeoutError);
    expect((err as Error).message).toContain('C2682N5HXP0BZ4');
    expect((err as Error).message).toContain('PENDING');
  });

  it("ends with the call's TimeoutError (kind call) when the call's timeout is shorter than the wait", async () => {
    const { mock, dns } = setup({ changePollInterval: 5 });
    mock.on('GET', CHANGE, { xml: changeXml('PENDING') });
    const err = await dns.createRecord(ZONE, { ...A, wait: true, timeout: 60 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TimeoutError);
    expect((err as TimeoutError).kind).toBe('call');
  });

  it('ends with an AbortError when the signal aborts during the wait', async () => {
    const { mock, dns } = setup({ changePollInterval: 60_000 });
    mock.on('GET', CHANGE, { xml: changeXml('PENDING') });
    const controller = new AbortController();
    const pending = dns.createRecord(ZONE, { ...A, wait: true, signal: controller.signal }).catch((e: unknown) => e);
    while (!mock.requests.some((r) => r.path === CHANGE)) await new Promise((r) => setTimeout(r, 1));
    controller.abort(new Error('user stop'));
    const err = await pending;
    expect(err).toBeInstanceOf(AbortError);
    expect(mock.requests.filter((r) => r.path === CHANGE)).toHaveLength(1);
  });

  it('refuses an unknown change status instead of polling forever', async () => {
    const { mock, dns } = setup();
    mock.on('GET', CHANGE, { xml: changeXml('LOST') });
    await expect(dns.createRecord(ZONE, { ...A, wait: true })).rejects.toBeInstanceOf(MalformedResponseError);
  });

  it('refuses a wait that is not a boolean, before any request', async () => {
    const { mock, dns } = setup();
    const err = await dns.createRecord(ZONE, { ...A, wait: 'yes' as never }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidArgumentError);
    expect((err as InvalidArgumentError).option).toBe('wait');
    expect(mock.requests).toHaveLength(0);
  });
});
