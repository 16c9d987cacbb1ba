/**
 * The AWS credential chain on real peers: the STS AssumeRole call goes through the same
 * authenticating squid as the API calls (CONNECT as the proxy user, the CA from
 * SSL_CERT_FILE on the tunnelled TLS), the fake STS checks the signature as AWS does
 * (re-signed with @smithy/signature-v4), and the instance metadata service is reached
 * directly although HTTP_PROXY names squid.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Ec2NodeDriver } from '../../../src/drivers/compute/ec2/driver.js';
import type { RecordedRequest } from '../../../src/testing/index.js';
import { makeTestCa, type TestCa } from '../../helpers/ca.js';
import { missingPeer } from '../../peers/process.js';
import { scratch, startSquid, type Squid } from '../../peers/proxies.js';
import { resignAuthorization } from '../../drivers/dns/aws-resign.js';

const USER = 'bob';
const PASSWORD = 'pr0xy:s3cret/AWS';
const tmp = scratch();
const REGIONS_XML = '<DescribeRegionsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>r-1</requestId><regionInfo/></DescribeRegionsResponse>';

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

function recorder(seen: Seen[], reply: (s: Seen) => Promise<{ status: number; body: string }> | { status: number; body: string }) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      const s = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body };
      seen.push(s);
      void Promise.resolve(reply(s)).then((r) => {
        res.statusCode = r.status;
        res.end(r.body);
      });
    });
  };
}

describe.skipIf(missingPeer('squid', ['squid', 'htpasswd', '/usr/lib/squid/basic_ncsa_auth']))('the AWS credential chain through squid (proxy auth)', () => {
  let ca: TestCa;
  let squid: Squid;
  let sts: Server;
  let api: Server;
  let imds: Server;
  let stsPort: number;
  let apiPort: number;
  let imdsPort: number;
  const stsSeen: Seen[] = [];
  const apiSeen: Seen[] = [];
  const imdsSeen: Seen[] = [];
  let signatureOk: boolean | undefined;

  beforeAll(async () => {
    ca = tmp.keep(makeTestCa('aws-chain'));
    sts = createHttpsServer(
      { key: ca.key, cert: ca.cert },
      recorder(stsSeen, async (s) => {
        // What STS checks: the SigV4 signature of the source profile's keys.
        const recorded = { method: s.method, url: new URL(`https://127.0.0.1:${stsPort}${s.url}`), headers: s.headers as Record<string, string>, body: Buffer.from(s.body) } as unknown as RecordedRequest;
        const amzDate = String(s.headers['x-amz-date']);
        const date = new Date(`${amzDate.slice(0, 4)}-${amzDate.slice(4, 6)}-${amzDate.slice(6, 8)}T${amzDate.slice(9, 11)}:${amzDate.slice(11, 13)}:${amzDate.slice(13, 15)}Z`);
        const expected = await resignAuthorization(recorded, { service: 'sts', region: 'eu-west-1', accessKeyId: 'AKIDSOURCE', secretAccessKey: 'source-secret-value', date });
        signatureOk = expected === s.headers.authorization;
        if (!signatureOk) return { status: 403, body: '<ErrorResponse><Error><Type>Sender</Type><Code>SignatureDoesNotMatch</Code><Message>no</Message></Error></ErrorResponse>' };
        return {
          status: 200,
          body: '<AssumeRoleResponse><AssumeRoleResult><Credentials><AccessKeyId>ASIAPROXIED</AccessKeyId><SecretAccessKey>role-secret-value</SecretAccessKey><SessionToken>role-session-token</SessionToken><Expiration>2099-01-01T00:00:00Z</Expiration></Credentials></AssumeRoleResult></AssumeRoleResponse>',
        };
      }),
    );
    api = createHttpsServer({ key: ca.key, cert: ca.cert }, recorder(apiSeen, () => ({ status: 200, body: REGIONS_XML })));
    imds = createHttpServer(
      recorder(imdsSeen, (s) => {
        if (s.method === 'PUT') return { status: 200, body: 'imds-token' };
        if (s.url.endsWith('/security-credentials/')) return { status: 200, body: 'role\n' };
        return { status: 200, body: JSON.stringify({ AccessKeyId: 'ASIAIMDS', SecretAccessKey: 'imds-secret-value', Token: 'imds-token-2', Expiration: '2099-01-01T00:00:00Z' }) };
      }),
    );
    [stsPort, apiPort, imdsPort] = await Promise.all([listen(sts), listen(api), listen(imds)]);
    squid = await startSquid({ users: { [USER]: PASSWORD }, connectPorts: [stsPort, apiPort] });
  });
  afterAll(async () => {
    await Promise.all([squid?.stop(), ...[sts, api, imds].map((s) => new Promise((r) => s?.close(r)))]);
    tmp.clean();
  });
  const proxy = (): string => `http://${USER}:${encodeURIComponent(PASSWORD)}@127.0.0.1:${squid.authPort}`;

  it('sends the STS AssumeRole and the API call through squid as the proxy user, with the CA from SSL_CERT_FILE', async () => {
    const home = tmp.dir('aws-proxy-home');
    mkdirSync(join(home, '.aws'));
    writeFileSync(join(home, '.aws', 'config'), '[default]\nregion = eu-west-1\nrole_arn = arn:aws:iam::1:role/Proxied\nsource_profile = src\n');
    writeFileSync(join(home, '.aws', 'credentials'), '[src]\naws_access_key_id = AKIDSOURCE\naws_secret_access_key = source-secret-value\n');
    const Cls = Ec2NodeDriver as unknown as new (k: undefined, s: undefined, o: Record<string, unknown>) => Ec2NodeDriver;
    const driver = new Cls(undefined, undefined, {
      url: `https://127.0.0.1:${apiPort}`,
      retry: false,
      env: { HOME: home, HTTPS_PROXY: proxy(), SSL_CERT_FILE: ca.caCertPath, AWS_ENDPOINT_URL_STS: `https://127.0.0.1:${stsPort}` },
    });
    await driver.listLocations();
    await driver.close();
    expect(signatureOk).toBe(true);
    expect(stsSeen).toHaveLength(1);
    expect(new URLSearchParams(stsSeen[0]!.body).get('Action')).toBe('AssumeRole');
    expect(/Credential=([^/]+)/.exec(String(apiSeen[0]?.headers.authorization))?.[1]).toBe('ASIAPROXIED');
    // squid logs each CONNECT when its tunnel closes.
    await squid.waitForLog(new RegExp(`${squid.authPort} \\S+/200 CONNECT 127\\.0\\.0\\.1:${stsPort} ${USER} `));
    await squid.waitForLog(new RegExp(`${squid.authPort} \\S+/200 CONNECT 127\\.0\\.0\\.1:${apiPort} ${USER} `));
    for (const secret of ['source-secret-value', 'role-secret-value', 'role-session-token', PASSWORD]) expect(squid.log()).not.toContain(secret);
  });

  it('reaches the instance metadata service directly even with HTTP_PROXY and ALL_PROXY naming squid', async () => {
    const before = squid.log();
    const Cls = Ec2NodeDriver as unknown as new (k: undefined, s: undefined, o: Record<string, unknown>) => Ec2NodeDriver;
    const driver = new Cls(undefined, undefined, {
      url: `https://127.0.0.1:${apiPort}`,
      retry: false,
      env: {
        HOME: tmp.dir('aws-imds-home'),
        AWS_REGION: 'eu-west-1',
        HTTP_PROXY: proxy(),
        ALL_PROXY: proxy(),
        HTTPS_PROXY: proxy(),
        SSL_CERT_FILE: ca.caCertPath,
        AWS_EC2_METADATA_SERVICE_ENDPOINT: `http://127.0.0.1:${imdsPort}`,
      },
    });
    await driver.listLocations();
    await driver.close();
    expect(imdsSeen.map((s) => `${s.method} ${s.url}`)).toEqual([
      'PUT /latest/api/token',
      'GET /latest/meta-data/iam/security-credentials/',
      'GET /latest/meta-data/iam/security-credentials/role',
    ]);
    await new Promise((r) => setTimeout(r, 200));
    const added = squid.log().slice(before.length);
    expect(added).not.toContain(`:${imdsPort}`);
    expect(added).not.toContain('latest/api/token');
  });
});
