/**
 * The AWS credential chain and region resolution, on the mock transport: every source in
 * order, STS calls signed as AWS's own signer signs them (re-signed with
 * @smithy/signature-v4), metadata endpoints always direct, refresh ahead of expiry with
 * one refresh for concurrent requests, and no secret in errors or inspect output.
 */
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { parseAwsIni, resolveRegion } from '../../../src/common/aws/credential-chain.js';
import { InvalidArgumentError, InvalidCredentialsError } from '../../../src/common/errors/index.js';
import { Ec2NodeDriver } from '../../../src/drivers/compute/ec2/driver.js';
import { Route53DNSDriver } from '../../../src/drivers/dns/route53/driver.js';
import { S3StorageDriver } from '../../../src/drivers/storage/s3/driver.js';
import { MockTransport, type RecordedRequest } from '../../../src/testing/index.js';
import { scratch } from '../../peers/proxies.js';
import { resignAuthorization } from '../../drivers/dns/aws-resign.js';

const tmp = scratch();
afterAll(() => tmp.clean());

const REGIONS_XML = '<DescribeRegionsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>r-1</requestId><regionInfo/></DescribeRegionsResponse>';
const T0 = new Date('2026-12-01T10:00:00Z');
const PROXY = 'http://user:pw@127.0.0.1:9';

function stsXml(action: 'AssumeRole' | 'AssumeRoleWithWebIdentity', id: string, secret: string, token: string, expiration: string): string {
  return `<${action}Response xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><${action}Result><Credentials><AccessKeyId>${id}</AccessKeyId><SecretAccessKey>${secret}</SecretAccessKey><SessionToken>${token}</SessionToken><Expiration>${expiration}</Expiration></Credentials></${action}Result><ResponseMetadata><RequestId>sts-1</RequestId></ResponseMetadata></${action}Response>`;
}

/** A home with ~/.aws/config and ~/.aws/credentials. */
function awsHome(config: string, credentials = ''): string {
  const home = tmp.dir('aws-home');
  mkdirSync(join(home, '.aws'));
  writeFileSync(join(home, '.aws', 'config'), config);
  writeFileSync(join(home, '.aws', 'credentials'), credentials);
  return home;
}

function ec2(mock: MockTransport, env: Record<string, string>, options: Record<string, unknown> = {}): Ec2NodeDriver {
  const Cls = Ec2NodeDriver as unknown as new (k: undefined, s: undefined, o: Record<string, unknown>) => Ec2NodeDriver;
  return new Cls(undefined, undefined, { transport: mock, env, retry: false, clock: () => T0, ...options });
}

const keyIdOf = (req: RecordedRequest | undefined): string | undefined => /Credential=([^/]+)\//.exec(req?.headers.authorization ?? '')?.[1];

describe('the AWS region', () => {
  it('comes from the option, then AWS_REGION, AWS_DEFAULT_REGION, then the profile', () => {
    const home = awsHome('[default]\nregion = ap-south-1\n[profile work]\nregion = sa-east-1\n');
    expect(resolveRegion({ HOME: home, AWS_REGION: 'eu-west-1' }, 'us-west-2')?.region).toBe('us-west-2');
    expect(resolveRegion({ HOME: home, AWS_REGION: 'eu-west-1', AWS_DEFAULT_REGION: 'eu-west-2' }, undefined)?.region).toBe('eu-west-1');
    expect(resolveRegion({ HOME: home, AWS_DEFAULT_REGION: 'eu-west-2' }, undefined)?.region).toBe('eu-west-2');
    expect(resolveRegion({ HOME: home }, undefined)?.region).toBe('ap-south-1');
    expect(resolveRegion({ HOME: home, AWS_PROFILE: 'work' }, undefined)?.region).toBe('sa-east-1');
    expect(resolveRegion({ HOME: tmp.dir('empty-home') }, undefined)).toBeUndefined();
  });

  it('missing everywhere is a typed error naming where to set one, never a silent us-east-1', () => {
    const env = { HOME: tmp.dir('no-region'), AWS_ACCESS_KEY_ID: 'AKIDENV', AWS_SECRET_ACCESS_KEY: 'env-secret-value' };
    const err = (() => {
      try {
        ec2(new MockTransport(), env);
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(err).toBeInstanceOf(InvalidArgumentError);
    expect((err as InvalidArgumentError).option).toBe('region');
    expect((err as Error).message).toMatch(/pass the region option, set AWS_REGION \(or AWS_DEFAULT_REGION\), or set region in the profile/);
    expect(() => new S3StorageDriver('AKID', 'secret-value', { env: { HOME: tmp.dir('no-region-s3') } })).toThrow(/no AWS region/);
    // Route 53 is global, and a custom endpoint (a mock, an S3-compatible store) signs for us-east-1.
    expect(new Route53DNSDriver('AKID', 'secret-value', { env: {} }).connection.region).toBe('us-east-1');
    expect(new S3StorageDriver('AKID', 'secret-value', { env: {}, host: 'minio.local' }).region).toBe('us-east-1');
  });

  it('parses the shared files as the AWS CLI writes them', () => {
    const sections = parseAwsIni('# comment\n[default]\naws_access_key_id = AKID\n; note\n[profile dev]\nRegion=eu-north-1\n');
    expect(sections.get('default')).toEqual({ aws_access_key_id: 'AKID' });
    expect(sections.get('profile dev')).toEqual({ region: 'eu-north-1' });
  });
});

describe('the AWS credential chain', () => {
  it('signs with AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY/AWS_SESSION_TOKEN when no keys are given', async () => {
    const mock = new MockTransport().on('POST', '/', { xml: REGIONS_XML });
    const driver = ec2(mock, { HOME: tmp.dir('h'), AWS_REGION: 'eu-west-1', AWS_ACCESS_KEY_ID: 'AKIDENV', AWS_SECRET_ACCESS_KEY: 'env-secret-value', AWS_SESSION_TOKEN: 'env-session-token' });
    await driver.listLocations().catch(() => undefined);
    const req = mock.lastRequest!;
    expect(req.url.host).toBe('ec2.eu-west-1.amazonaws.com');
    expect(keyIdOf(req)).toBe('AKIDENV');
    expect(req.headers['x-amz-security-token']).toBe('env-session-token');
    expect(req.headers.authorization).toBe(
      await resignAuthorization(req, { service: 'ec2', region: 'eu-west-1', accessKeyId: 'AKIDENV', secretAccessKey: 'env-secret-value', sessionToken: 'env-session-token', date: T0 }),
    );
  });

  it('reads the profile of AWS_PROFILE (the credentials file winning over the config file)', async () => {
    const home = awsHome('[profile dev]\nregion = eu-central-1\naws_access_key_id = AKIDCONFIG\naws_secret_access_key = config-secret\n', '[dev]\naws_access_key_id = AKIDCREDS\naws_secret_access_key = creds-secret\n');
    const mock = new MockTransport().on('POST', '/', { xml: REGIONS_XML });
    await ec2(mock, { HOME: home, AWS_PROFILE: 'dev' }).listLocations().catch(() => undefined);
    expect(mock.lastRequest!.url.host).toBe('ec2.eu-central-1.amazonaws.com');
    expect(keyIdOf(mock.lastRequest)).toBe('AKIDCREDS');
    const missing = ec2(new MockTransport(), { HOME: home, AWS_PROFILE: 'nope', AWS_REGION: 'eu-west-1' });
    await expect(missing.listLocations()).rejects.toThrow(/AWS profile "nope" is not in/);
  });

  it('assumes role_arn with the source_profile through STS, signed by the source keys, then signs with the role', async () => {
    const home = awsHome(
      '[profile base]\nregion = eu-west-1\n[profile admin]\nregion = eu-west-1\nrole_arn = arn:aws:iam::123456789012:role/Admin\nsource_profile = base\nexternal_id = ext-42\nrole_session_name = nubes-test\n',
      '[base]\naws_access_key_id = AKIDBASE\naws_secret_access_key = base-secret-value\n',
    );
    let stsCalls = 0;
    const mock = new MockTransport()
      .on('POST', '/', () => {
        stsCalls++;
        return { xml: stsXml('AssumeRole', 'ASIAROLE', 'role-secret-value', 'role-session-token', '2026-12-01T11:00:00Z') };
      }, { host: 'sts.eu-west-1.amazonaws.com' })
      .on('POST', '/', { xml: REGIONS_XML }, { host: 'ec2.eu-west-1.amazonaws.com' });
    const driver = ec2(mock, { HOME: home, AWS_PROFILE: 'admin' });
    await Promise.all([driver.listLocations(), driver.listLocations(), driver.listLocations()]).catch(() => undefined);
    expect(stsCalls).toBe(1); // one refresh shared by concurrent requests

    const sts = mock.requests.find((r) => r.url.host === 'sts.eu-west-1.amazonaws.com')!;
    const form = new URLSearchParams(sts.text);
    expect(Object.fromEntries(form)).toMatchObject({ Action: 'AssumeRole', RoleArn: 'arn:aws:iam::123456789012:role/Admin', RoleSessionName: 'nubes-test', ExternalId: 'ext-42', Version: '2011-06-15' });
    expect(keyIdOf(sts)).toBe('AKIDBASE');
    expect(sts.headers.authorization).toBe(await resignAuthorization(sts, { service: 'sts', region: 'eu-west-1', accessKeyId: 'AKIDBASE', secretAccessKey: 'base-secret-value', date: T0 }));

    const api = mock.requests.filter((r) => r.url.host === 'ec2.eu-west-1.amazonaws.com');
    expect(api).toHaveLength(3);
    for (const req of api) {
      expect(keyIdOf(req)).toBe('ASIAROLE');
      expect(req.headers['x-amz-security-token']).toBe('role-session-token');
    }
    const printed = inspect(driver, { depth: 20 }) + JSON.stringify(driver);
    for (const secret of ['base-secret-value', 'role-secret-value', 'role-session-token']) expect(printed).not.toContain(secret);
  });

  it('refreshes temporary credentials five minutes before they expire, not on every request', async () => {
    let now = T0.getTime();
    let stsCalls = 0;
    const home = awsHome('[default]\nregion = eu-west-1\nrole_arn = arn:aws:iam::1:role/R\nsource_profile = src\n[profile src]\n', '[src]\naws_access_key_id = AKIDSRC\naws_secret_access_key = src-secret-value\n');
    const mock = new MockTransport()
      .on('POST', '/', () => {
        stsCalls++;
        return { xml: stsXml('AssumeRole', `ASIA${stsCalls}`, `role-secret-${stsCalls}`, `role-token-${stsCalls}`, new Date(now + 3_600_000).toISOString()) };
      }, { host: 'sts.eu-west-1.amazonaws.com' })
      .on('POST', '/', { xml: REGIONS_XML }, { host: 'ec2.eu-west-1.amazonaws.com' });
    const driver = ec2(mock, { HOME: home }, { clock: () => new Date(now) });
    await driver.listLocations().catch(() => undefined);
    now += 54 * 60_000; // 6 minutes left
    await driver.listLocations().catch(() => undefined);
    expect(stsCalls).toBe(1);
    now += 2 * 60_000; // 4 minutes left: refreshed
    await driver.listLocations().catch(() => undefined);
    expect(stsCalls).toBe(2);
    expect(keyIdOf(mock.lastRequest)).toBe('ASIA2');
  });

  it('runs credential_process and uses what it prints', async () => {
    const script = join(tmp.dir('proc'), 'creds.sh');
    writeFileSync(script, `#!/bin/sh\necho '{"Version":1,"AccessKeyId":"AKIDPROC","SecretAccessKey":"proc-secret-value","SessionToken":"proc-token","Expiration":"2099-01-01T00:00:00Z"}'\n`);
    chmodSync(script, 0o755);
    const home = awsHome(`[default]\nregion = eu-west-1\ncredential_process = ${script}\n`);
    const mock = new MockTransport().on('POST', '/', { xml: REGIONS_XML });
    await ec2(mock, { HOME: home }).listLocations().catch(() => undefined);
    expect(keyIdOf(mock.lastRequest)).toBe('AKIDPROC');
    expect(mock.lastRequest!.headers['x-amz-security-token']).toBe('proc-token');
  });

  it('exchanges a web identity token (EKS) with AssumeRoleWithWebIdentity, unsigned, the token redacted', async () => {
    const tokenFile = join(tmp.dir('wi'), 'token');
    writeFileSync(tokenFile, 'eyJ-web-identity-token-value\n');
    const mock = new MockTransport()
      .on('POST', '/', { xml: stsXml('AssumeRoleWithWebIdentity', 'ASIAWEB', 'web-secret-value', 'web-session-token', '2099-01-01T00:00:00Z') }, { host: 'sts.eu-west-1.amazonaws.com' })
      .on('POST', '/', { xml: REGIONS_XML }, { host: 'ec2.eu-west-1.amazonaws.com' });
    const env = { HOME: tmp.dir('wi-home'), AWS_REGION: 'eu-west-1', AWS_WEB_IDENTITY_TOKEN_FILE: tokenFile, AWS_ROLE_ARN: 'arn:aws:iam::1:role/Pod', AWS_EC2_METADATA_DISABLED: 'true' };
    await ec2(mock, env).listLocations().catch(() => undefined);
    const sts = mock.requests[0]!;
    expect(sts.headers.authorization).toBeUndefined();
    expect(Object.fromEntries(new URLSearchParams(sts.text))).toMatchObject({ Action: 'AssumeRoleWithWebIdentity', RoleArn: 'arn:aws:iam::1:role/Pod', WebIdentityToken: 'eyJ-web-identity-token-value' });
    expect(keyIdOf(mock.lastRequest)).toBe('ASIAWEB');
  });

  it('asks the ECS container endpoint directly, never through a proxy, with its authorization token', async () => {
    const mock = new MockTransport()
      .on('GET', '/v2/credentials/abc', (req) =>
        req.headers.authorization === 'container-auth-token'
          ? { json: { AccessKeyId: 'ASIAECS', SecretAccessKey: 'ecs-secret-value', Token: 'ecs-token', Expiration: '2099-01-01T00:00:00Z' } }
          : { status: 401, body: 'no' },
      { host: '169.254.170.2' })
      .on('POST', '/', { xml: REGIONS_XML }, { host: 'ec2.eu-west-1.amazonaws.com' });
    const env = { HOME: tmp.dir('ecs'), AWS_REGION: 'eu-west-1', AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: '/v2/credentials/abc', AWS_CONTAINER_AUTHORIZATION_TOKEN: 'container-auth-token', HTTP_PROXY: PROXY, HTTPS_PROXY: PROXY };
    await ec2(mock, env).listLocations().catch(() => undefined);
    const ecs = mock.requests[0]!;
    expect(ecs.url.href).toBe('http://169.254.170.2/v2/credentials/abc');
    expect(ecs.proxy).toBeNull();
    // The API call itself does take the proxy from the environment.
    expect(mock.lastRequest!.proxy?.hostname).toBe('127.0.0.1');
    expect(keyIdOf(mock.lastRequest)).toBe('ASIAECS');
  });

  it('uses IMDSv2 last: a token PUT first, then the role and its credentials, all direct', async () => {
    const mock = new MockTransport()
      .on('PUT', '/latest/api/token', (req) => (req.headers['x-aws-ec2-metadata-token-ttl-seconds'] ? { body: 'imds-session-token' } : { status: 400, body: '' }), { host: '169.254.169.254' })
      .on('GET', '/latest/meta-data/iam/security-credentials/', (req) => (req.headers['x-aws-ec2-metadata-token'] === 'imds-session-token' ? { body: 'web-role\n' } : { status: 401, body: '' }), { host: '169.254.169.254' })
      .on('GET', '/latest/meta-data/iam/security-credentials/web-role', (req) =>
        req.headers['x-aws-ec2-metadata-token'] === 'imds-session-token'
          ? { json: { Code: 'Success', AccessKeyId: 'ASIAIMDS', SecretAccessKey: 'imds-secret-value', Token: 'imds-token', Expiration: '2099-01-01T00:00:00Z' } }
          : { status: 401, body: '' },
      { host: '169.254.169.254' })
      .on('POST', '/', { xml: REGIONS_XML }, { host: 'ec2.eu-west-1.amazonaws.com' });
    const env = { HOME: tmp.dir('imds'), AWS_REGION: 'eu-west-1', HTTP_PROXY: PROXY, ALL_PROXY: PROXY };
    await ec2(mock, env).listLocations().catch(() => undefined);
    const imds = mock.requests.filter((r) => r.url.host === '169.254.169.254');
    expect(imds.map((r) => `${r.method} ${r.path}`)).toEqual([
      'PUT /latest/api/token',
      'GET /latest/meta-data/iam/security-credentials/',
      'GET /latest/meta-data/iam/security-credentials/web-role',
    ]);
    for (const r of imds) expect(r.proxy).toBeNull();
    expect(keyIdOf(mock.lastRequest)).toBe('ASIAIMDS');
  });

  it('says which sources it tried when none has credentials, without probing IMDS when it is disabled', async () => {
    const mock = new MockTransport();
    const driver = ec2(mock, { HOME: tmp.dir('none'), AWS_REGION: 'eu-west-1', AWS_EC2_METADATA_DISABLED: 'true' });
    const err = await driver.listLocations().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidCredentialsError);
    expect((err as Error).message).toMatch(/^No AWS credentials found\. Tried: environment .*; shared files, profile default; web identity .*; container credentials .*; EC2 instance metadata/);
    expect(mock.requests).toHaveLength(0);
  });

  it('drops rejected chain credentials once and retries with fresh ones', async () => {
    let calls = 0;
    const mock = new MockTransport()
      .on('GET', '/v2/creds', () => {
        calls++;
        return { json: { AccessKeyId: `ASIA${calls}`, SecretAccessKey: `secret-${calls}-value`, Token: `token-${calls}`, Expiration: '2099-01-01T00:00:00Z' } };
      }, { host: '169.254.170.2' })
      .on('POST', '/', (req) =>
        keyIdOf(req) === 'ASIA1'
          ? { status: 401, xml: '<Response><Errors><Error><Code>AuthFailure</Code><Message>expired</Message></Error></Errors><RequestID>x</RequestID></Response>' }
          : { xml: REGIONS_XML },
      { host: 'ec2.eu-west-1.amazonaws.com' });
    await ec2(mock, { HOME: tmp.dir('re'), AWS_REGION: 'eu-west-1', AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: '/v2/creds' }).listLocations().catch(() => undefined);
    expect(calls).toBe(2);
    expect(keyIdOf(mock.lastRequest)).toBe('ASIA2');
  });

  it('still refuses an access key id without its secret', () => {
    expect(() => new Ec2NodeDriver('AKID', undefined as unknown as string, { region: 'eu-west-1' })).toThrow(expect.objectContaining({ option: 'secret' }));
  });
});
