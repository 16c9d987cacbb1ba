/**
 * The AWS connection bases, end to end through MockTransport: what goes on the wire is
 * signed (checked again with AWS's own signer), retries are re-signed, endpoints and
 * overrides are honoured, and no secret reaches an error or the debug log.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { afterAll, describe, expect, it } from 'vitest';
import { AwsConnection, type AwsConnectionOptions, type AwsServiceDescription } from '../../../src/common/aws/aws-connection.js';
import { AwsQueryConnection, flattenQueryFilters, flattenQueryList, QUERY_CONTENT_TYPE } from '../../../src/common/aws/aws-query-connection.js';
import { AwsRestXmlConnection } from '../../../src/common/aws/aws-rest-xml-connection.js';
import { ec2Endpoint, route53Endpoint, s3Endpoint } from '../../../src/common/aws/regions.js';
import { EMPTY_PAYLOAD_HASH, sha256Hex, UNSIGNED_PAYLOAD } from '../../../src/common/aws/sigv4.js';
import { InvalidArgumentError, InvalidCredentialsError, RateLimitError } from '../../../src/common/errors/index.js';
import { MockTransport, type RecordedRequest } from '../../../src/testing/index.js';

const ACCESS_KEY = 'AKIAIOSFODNN7EXAMPLE';
const SECRET = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';
const TOKEN = 'IQoJb3JpZ2luX2VjEXAMPLE+session/token==';
const T0 = new Date('2024-05-06T07:08:09Z');

class Ec2TestConnection extends AwsQueryConnection {
  static override readonly awsService: AwsServiceDescription = { service: 'ec2', endpoint: ec2Endpoint };
  static override readonly apiVersion = '2016-11-15';
}
class S3TestConnection extends AwsRestXmlConnection {
  static override readonly awsService: AwsServiceDescription = { service: 's3', endpoint: (r) => s3Endpoint(r), s3Style: true };
}
class Route53TestConnection extends AwsRestXmlConnection {
  static override readonly awsService: AwsServiceDescription = {
    service: 'route53',
    endpoint: (r) => route53Endpoint(r).host,
    signingRegion: (r) => route53Endpoint(r).signingRegion,
  };
}

const OK_XML = '<DescribeRegionsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>r</requestId><regionInfo/></DescribeRegionsResponse>';

function options(mock: MockTransport, extra: AwsConnectionOptions = {}): AwsConnectionOptions {
  return { region: 'us-east-1', transport: mock, env: {}, clock: () => T0, retry: { minDelay: 1, maxDelay: 2 }, ...extra };
}

/** Re-signs a recorded request with @smithy/signature-v4 and returns its Authorization. */
async function smithyAuthorization(req: RecordedRequest, service: string, region: string, s3: boolean, sessionToken?: string): Promise<string> {
  const signed = /SignedHeaders=([^,]+)/.exec(req.headers.authorization ?? '')![1]!.split(';');
  const headers: Record<string, string> = {};
  for (const name of signed) headers[name] = name === 'host' ? req.url.host : req.headers[name]!;
  const query: Record<string, string | string[]> = {};
  for (const [k, v] of req.url.searchParams) {
    const prev = query[k];
    query[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  const signer = new SignatureV4({
    service,
    region,
    sha256: Sha256,
    credentials: { accessKeyId: ACCESS_KEY, secretAccessKey: SECRET, ...(sessionToken ? { sessionToken } : {}) },
    uriEscapePath: !s3,
    applyChecksum: s3,
  });
  const out = await signer.sign(
    { method: req.method, protocol: req.url.protocol, hostname: req.url.hostname, path: req.url.pathname, query, headers, body: req.body.length ? req.body : undefined },
    { signingDate: T0 },
  );
  return String(out.headers.authorization);
}

describe('AwsQueryConnection', () => {
  it('POSTs Action and Version form-encoded to the regional endpoint, signed', async () => {
    const mock = new MockTransport().on('POST', '/', { xml: OK_XML }, { host: 'ec2.eu-west-3.amazonaws.com' });
    const conn = new Ec2TestConnection(ACCESS_KEY, SECRET, options(mock, { region: 'eu-west-3' }));
    const res = await conn.queryAction('DescribeRegions', { 'RegionName.1': 'eu west 3', AllRegions: true });
    expect(Object.keys(res.object)).toEqual(['DescribeRegionsResponse']);
    const req = mock.lastRequest!;
    expect(req.text).toBe('Action=DescribeRegions&Version=2016-11-15&RegionName.1=eu%20west%203&AllRegions=true');
    expect(req.headers['content-type']).toBe(QUERY_CONTENT_TYPE);
    expect(req.headers['x-amz-date']).toBe('20240506T070809Z');
    expect(req.headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE\/20240506\/eu-west-3\/ec2\/aws4_request, SignedHeaders=content-length;content-type;host;x-amz-date, Signature=[0-9a-f]{64}$/,
    );
    expect(req.headers['x-amz-content-sha256']).toBeUndefined();
    expect(req.headers.authorization).toBe(await smithyAuthorization(req, 'ec2', 'eu-west-3', false));
  });

  it('sends the parameters in the query for GET, in canonical order', async () => {
    const mock = new MockTransport().on('GET', '/', { xml: OK_XML });
    const conn = new Ec2TestConnection(ACCESS_KEY, SECRET, options(mock));
    await conn.queryAction('DescribeInstances', { ...flattenQueryList('InstanceId', ['i-2', 'i-1']), MaxResults: 5 }, { method: 'GET' });
    const req = mock.lastRequest!;
    expect(req.url.search).toBe('?Action=DescribeInstances&InstanceId.1=i-2&InstanceId.2=i-1&MaxResults=5&Version=2016-11-15');
    expect(req.body.length).toBe(0);
    expect(req.headers.authorization).toBe(await smithyAuthorization(req, 'ec2', 'us-east-1', false));
  });

  it('flattens EC2 filters into Filter.N.Name / Filter.N.Value.M', () => {
    expect(flattenQueryFilters({ 'instance-state-name': ['running', 'stopped'], 'tag:Name': ['web'] })).toEqual({
      'Filter.1.Name': 'instance-state-name',
      'Filter.1.Value.1': 'running',
      'Filter.1.Value.2': 'stopped',
      'Filter.2.Name': 'tag:Name',
      'Filter.2.Value.1': 'web',
    });
  });

  it('signs each retry afresh with the time of that attempt', async () => {
    const throttled = '<Response><Errors><Error><Code>RequestLimitExceeded</Code><Message>Request limit exceeded.</Message></Error></Errors><RequestID>r1</RequestID></Response>';
    const mock = new MockTransport().on('POST', '/', { status: 503, xml: throttled }, { times: 1 }).on('POST', '/', { xml: OK_XML });
    let tick = 0;
    const clock = () => new Date(T0.getTime() + 1000 * tick++);
    const conn = new Ec2TestConnection(ACCESS_KEY, SECRET, options(mock, { clock }));
    await conn.queryAction('DescribeRegions');
    expect(mock.requests).toHaveLength(2);
    const [first, second] = mock.requests;
    expect(first!.headers['x-amz-date']).toBe('20240506T070809Z');
    expect(second!.headers['x-amz-date']).toBe('20240506T070810Z');
    expect(second!.headers.authorization).not.toBe(first!.headers.authorization);
  });

  it('retries a Throttling answered with 400 for a read action', async () => {
    const throttled = '<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message></Error><RequestId>r2</RequestId></ErrorResponse>';
    const mock = new MockTransport().on('POST', '/', { status: 400, xml: throttled }, { times: 1 }).on('POST', '/', { xml: OK_XML });
    await new Ec2TestConnection(ACCESS_KEY, SECRET, options(mock)).queryAction('DescribeLoadBalancers');
    expect(mock.requests).toHaveLength(2);
  });

  it('does not retry a mutating action by default, and surfaces the RateLimitError', async () => {
    const throttled = '<Response><Errors><Error><Code>RequestLimitExceeded</Code><Message>slow</Message></Error></Errors><RequestID>r3</RequestID></Response>';
    const mock = new MockTransport().on('POST', '/', { status: 503, xml: throttled });
    const err = await new Ec2TestConnection(ACCESS_KEY, SECRET, options(mock)).queryAction('RunInstances').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RateLimitError);
    expect((err as RateLimitError).requestId).toBe('r3');
    expect(mock.requests).toHaveLength(1);
  });

  it('refuses a malformed action name before sending anything', async () => {
    const mock = new MockTransport();
    const conn = new Ec2TestConnection(ACCESS_KEY, SECRET, options(mock));
    await expect(conn.queryAction('Describe Instances&x=1')).rejects.toBeInstanceOf(InvalidArgumentError);
    expect(mock.requests).toHaveLength(0);
  });
});

describe('AwsConnection endpoints and options', () => {
  it('defaults to us-east-1 and the service endpoint', () => {
    const conn = new Ec2TestConnection(ACCESS_KEY, SECRET, { env: {}, region: 'us-east-1' });
    expect(conn.region).toBe('us-east-1');
    expect(conn.baseUrl).toBe('https://ec2.us-east-1.amazonaws.com:443');
  });

  it('honours host, port and secure overrides, and url', async () => {
    const mock = new MockTransport().on('POST', '/', { xml: OK_XML });
    const conn = new Ec2TestConnection(ACCESS_KEY, SECRET, options(mock, { host: 'localhost', port: 4566, secure: false, region: 'eu-west-1' }));
    await conn.queryAction('DescribeRegions');
    expect(mock.lastRequest!.url.href).toBe('http://localhost:4566/');
    expect(mock.lastRequest!.headers.authorization).toContain('/eu-west-1/ec2/aws4_request');
    const viaUrl = new Ec2TestConnection(ACCESS_KEY, SECRET, { env: {}, url: 'http://127.0.0.1:9000/aws' });
    expect(viaUrl.baseUrl).toBe('http://127.0.0.1:9000/aws');
  });

  it('refuses a malformed region before any request, and allows custom names with a custom endpoint', () => {
    expect(() => new Ec2TestConnection(ACCESS_KEY, SECRET, { region: 'eu west 1' })).toThrow(InvalidArgumentError);
    expect(() => new Ec2TestConnection(ACCESS_KEY, SECRET, { region: 'local' })).toThrow(/region/);
    expect(new Ec2TestConnection(ACCESS_KEY, SECRET, { region: 'local', host: 'localhost' }).region).toBe('local');
  });

  it('refuses missing credentials', () => {
    expect(() => new Ec2TestConnection('', SECRET)).toThrow(InvalidArgumentError);
    expect(() => new Ec2TestConnection(ACCESS_KEY, '')).toThrow(InvalidArgumentError);
  });

  it('refuses a connection class without a service description', () => {
    class Incomplete extends AwsRestXmlConnection {}
    expect(() => new Incomplete(ACCESS_KEY, SECRET)).toThrow(/awsService/);
  });

  it('still refuses unknown options', () => {
    expect(() => new Ec2TestConnection(ACCESS_KEY, SECRET, { region: 'us-east-1', bogus: 1 } as AwsConnectionOptions)).toThrow(/bogus/);
  });

  it('sends and signs the session token', async () => {
    const mock = new MockTransport().on('POST', '/', { xml: OK_XML });
    await new Ec2TestConnection(ACCESS_KEY, SECRET, options(mock, { sessionToken: TOKEN })).queryAction('DescribeRegions');
    const req = mock.lastRequest!;
    expect(req.headers['x-amz-security-token']).toBe(TOKEN);
    expect(req.headers.authorization).toContain('SignedHeaders=content-length;content-type;host;x-amz-date;x-amz-security-token,');
    expect(req.headers.authorization).toBe(await smithyAuthorization(req, 'ec2', 'us-east-1', false, TOKEN));
  });
});

describe('AwsRestXmlConnection', () => {
  it('signs Route 53 for us-east-1 on the global endpoint, whatever the region', async () => {
    const mock = new MockTransport().on('GET', '/2013-04-01/hostedzone', { xml: '<ListHostedZonesResponse/>' }, { host: 'route53.amazonaws.com' });
    const conn = new Route53TestConnection(ACCESS_KEY, SECRET, options(mock, { region: 'eu-west-1' }));
    await conn.request('/2013-04-01/hostedzone', { params: { maxitems: 10 } });
    const req = mock.lastRequest!;
    expect(req.headers.authorization).toContain('/us-east-1/route53/aws4_request');
    expect(req.headers.authorization).toBe(await smithyAuthorization(req, 'route53', 'us-east-1', false));
  });

  it('labels an XML string body application/xml', async () => {
    const mock = new MockTransport().on('POST', '/2013-04-01/hostedzone', { xml: '<CreateHostedZoneResponse/>' });
    const conn = new Route53TestConnection(ACCESS_KEY, SECRET, options(mock));
    await conn.request('/2013-04-01/hostedzone', { method: 'POST', data: '<?xml version="1.0"?><CreateHostedZoneRequest/>' });
    expect(mock.lastRequest!.headers['content-type']).toBe('application/xml');
  });

  it('S3 style: x-amz-content-sha256 on every request, the body hash for bytes', async () => {
    const mock = new MockTransport().on('GET', /.*/, { xml: '<ListBucketResult/>' }).on('PUT', /.*/, { status: 200 });
    const conn = new S3TestConnection(ACCESS_KEY, SECRET, options(mock, { region: 'eu-west-3' }));
    await conn.request('/bucket', { params: { 'list-type': 2, prefix: 'a b+' } });
    let req = mock.lastRequest!;
    expect(req.headers['x-amz-content-sha256']).toBe(EMPTY_PAYLOAD_HASH);
    expect(req.url.search).toBe('?list-type=2&prefix=a%20b%2B');
    expect(req.headers.authorization).toBe(await smithyAuthorization(req, 's3', 'eu-west-3', true));
    await conn.request('/bucket/k', { method: 'PUT', data: 'hello' });
    req = mock.lastRequest!;
    expect(req.headers['x-amz-content-sha256']).toBe(sha256Hex('hello'));
    expect(req.headers.authorization).toBe(await smithyAuthorization(req, 's3', 'eu-west-3', true));
  });

  it('S3 style: streams are signed UNSIGNED-PAYLOAD, never aws-chunked', async () => {
    const mock = new MockTransport().on('PUT', /.*/, { status: 200 });
    const conn = new S3TestConnection(ACCESS_KEY, SECRET, options(mock));
    await conn.request('/bucket/big', { method: 'PUT', data: Readable.from([Buffer.from('abc'), Buffer.from('def')]) });
    const req = mock.lastRequest!;
    expect(req.text).toBe('abcdef');
    expect(req.headers['x-amz-content-sha256']).toBe(UNSIGNED_PAYLOAD);
    expect(req.headers['content-encoding']).toBeUndefined();
    expect(req.headers.authorization).toContain('SignedHeaders=host;x-amz-content-sha256;x-amz-date,');
  });

  it('S3 style: the key goes on the wire strictly encoded and is signed that way', async () => {
    const mock = new MockTransport().on('GET', /.*/, { body: 'x' });
    const conn = new S3TestConnection(ACCESS_KEY, SECRET, options(mock));
    await conn.request("/bucket/photos (1)/it's*.jpg");
    const req = mock.lastRequest!;
    expect(req.url.pathname).toBe('/bucket/photos%20%281%29/it%27s%2A.jpg');
    expect(req.headers.authorization).toBe(await smithyAuthorization(req, 's3', 'us-east-1', true));
  });

  it('skips signing with context auth: false (anonymous reads)', async () => {
    const mock = new MockTransport().on('GET', /.*/, { body: 'x' });
    await new S3TestConnection(ACCESS_KEY, SECRET, options(mock)).request('/public/k', { context: { auth: false } });
    expect(mock.lastRequest!.headers.authorization).toBeUndefined();
    expect(mock.lastRequest!.headers['x-amz-date']).toBeUndefined();
  });

  it('presigns a GET URL on the connection endpoint', () => {
    const conn = new S3TestConnection(ACCESS_KEY, SECRET, { env: {}, clock: () => T0, region: 'eu-west-3', sessionToken: TOKEN });
    const url = new URL(conn.presignUrl('/bucket/report.pdf', { expires: 900, params: { 'response-content-type': 'application/pdf' } }));
    expect(url.host).toBe('s3.eu-west-3.amazonaws.com');
    expect(url.searchParams.get('X-Amz-Credential')).toBe('AKIAIOSFODNN7EXAMPLE/20240506/eu-west-3/s3/aws4_request');
    expect(url.searchParams.get('X-Amz-Expires')).toBe('900');
    expect(url.searchParams.get('X-Amz-Security-Token')).toBe(TOKEN);
    expect(url.searchParams.get('response-content-type')).toBe('application/pdf');
    expect(url.searchParams.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);
    expect(() => conn.presignUrl('/bucket/k', { expires: 604_801 })).toThrow(InvalidArgumentError);
  });
});

describe('secrets never leak', () => {
  const dir = mkdtempSync(join(tmpdir(), 'nubes-aws-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps the secret key and session token out of errors and the NUBES_DEBUG log', async () => {
    const debugFile = join(dir, 'debug.log');
    // A hostile (or buggy) endpoint that echoes the credentials back in its error.
    const mock = new MockTransport().on('POST', '/', {
      status: 403,
      xml: `<ErrorResponse><Error><Type>Sender</Type><Code>SignatureDoesNotMatch</Code><Message>secret ${SECRET} token ${TOKEN}</Message></Error><RequestId>r</RequestId></ErrorResponse>`,
      headers: { 'x-echo-token': TOKEN },
    });
    const conn = new Ec2TestConnection(ACCESS_KEY, SECRET, options(mock, { sessionToken: TOKEN, debug: debugFile }));
    const err = (await conn.queryAction('DescribeRegions').catch((e: unknown) => e)) as InvalidCredentialsError;
    expect(err).toBeInstanceOf(InvalidCredentialsError);
    expect(err.providerCode).toBe('SignatureDoesNotMatch');
    const signature = /Signature=([0-9a-f]{64})/.exec(mock.lastRequest!.headers.authorization!)![1]!;

    const log = readFileSync(debugFile, 'utf8');
    expect(log).toContain('curl');
    expect(log).toContain('AWS4-HMAC-SHA256 [REDACTED]');
    for (const text of [err.message, String(err.stack), JSON.stringify(err), log]) {
      expect(text).not.toContain(SECRET);
      expect(text).not.toContain(TOKEN);
      expect(text).not.toContain(encodeURIComponent(TOKEN));
    }
    expect(log).not.toContain(signature);
  });

  it('keeps them out of a presigned-URL request in the debug log too', async () => {
    const debugFile = join(dir, 'presign.log');
    const mock = new MockTransport().on('GET', /.*/, { body: 'x' });
    const conn = new S3TestConnection(ACCESS_KEY, SECRET, options(mock, { sessionToken: TOKEN, debug: debugFile }));
    const url = conn.presignUrl('/bucket/k');
    await conn.request(url, { context: { auth: false } });
    const log = readFileSync(debugFile, 'utf8');
    expect(log).toContain('X-Amz-Signature=[REDACTED]');
    expect(log).not.toContain(new URL(url).searchParams.get('X-Amz-Signature')!);
    expect(log).not.toContain(SECRET);
    expect(log).not.toContain(encodeURIComponent(TOKEN));
  });

  it('does not show the secret when the connection is printed as JSON', () => {
    const conn = new Ec2TestConnection(ACCESS_KEY, SECRET, { env: {}, region: 'us-east-1', sessionToken: TOKEN });
    expect(JSON.stringify(conn.credentials)).not.toContain(SECRET);
    expect(conn).toBeInstanceOf(AwsConnection);
  });
});
