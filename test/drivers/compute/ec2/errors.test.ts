import { describe, expect, it } from 'vitest';
import {
  InvalidArgumentError,
  InvalidCredentialsError,
  NodeDoesNotExistError,
  RateLimitError,
  ServiceUnavailableError,
} from '../../../../src/common/errors/index.js';
import { COMPUTE_METHODS } from '../../../../src/drivers/compute/base.js';
import { Ec2NodeDriver } from '../../../../src/drivers/compute/ec2/index.js';
import { getDriver, Provider } from '../../../../src/drivers/compute/providers.js';
import { ACCESS_KEY, ec2Driver, ec2Mock, SECRET } from './helpers.js';

describe('EC2 error mapping', () => {
  it('maps AuthFailure (401) to InvalidCredentialsError, without retrying', async () => {
    const mock = ec2Mock({ DescribeInstances: { status: 401, fixture: 'error_auth_failure.xml' } });
    const err = await ec2Driver(mock).listNodes().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidCredentialsError);
    expect(err).toMatchObject({ statusCode: 401, providerCode: 'AuthFailure', requestId: 'ea966190-f9aa-478e-9ede-exampleerror', provider: 'ec2' });
    expect(mock.requests).toHaveLength(1);
  });

  it('maps UnauthorizedOperation (403) to InvalidCredentialsError', async () => {
    const mock = ec2Mock({ TerminateInstances: { status: 403, fixture: 'error_unauthorized_operation.xml' } });
    const err = await ec2Driver(mock).destroyNode('i-1').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidCredentialsError);
    expect((err as Error).message).toContain('UnauthorizedOperation: You are not authorized');
  });

  it('maps InvalidInstanceID.NotFound to NodeDoesNotExistError', async () => {
    const mock = ec2Mock({ RebootInstances: { status: 400, fixture: 'error_instance_not_found.xml' } });
    await expect(ec2Driver(mock).rebootNode('i-0000000000000dead')).rejects.toBeInstanceOf(NodeDoesNotExistError);
  });

  it('maps RequestLimitExceeded to RateLimitError after the retries run out', async () => {
    const mock = ec2Mock({ DescribeInstances: { status: 503, fixture: 'error_request_limit_exceeded.xml' } });
    const err = await ec2Driver(mock, { retry: { retries: 2, minDelay: 1, maxDelay: 2 } }).listNodes().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RateLimitError);
    expect((err as RateLimitError).providerCode).toBe('RequestLimitExceeded');
    expect(mock.requests).toHaveLength(3);
  });

  it('maps a 500 InternalError to ServiceUnavailableError', async () => {
    const mock = ec2Mock({ DescribeAvailabilityZones: { status: 500, fixture: 'error_internal.xml' } });
    const err = await ec2Driver(mock, { retry: false }).listLocations().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ServiceUnavailableError);
    expect((err as ServiceUnavailableError).statusCode).toBe(500);
  });
});

describe('EC2 driver construction', () => {
  it('is registered as Provider.EC2', () => {
    expect(getDriver(Provider.EC2)).toBe(Ec2NodeDriver);
  });

  it('refuses a malformed region before any request', () => {
    expect(() => new Ec2NodeDriver(ACCESS_KEY, SECRET, { region: 'europe west' })).toThrow(InvalidArgumentError);
    // The option assertion used to sit in a catch block, so a region that no longer
    // threw would have passed silently.
    expect(() => new Ec2NodeDriver(ACCESS_KEY, SECRET, { region: 'EU-WEST-3' })).toThrow(
      expect.objectContaining({ name: 'InvalidArgumentError', option: 'region' }),
    );
  });

  it('defaults to us-east-1 and honours a custom endpoint', () => {
    expect(new Ec2NodeDriver(ACCESS_KEY, SECRET, { env: {}, region: 'us-east-1' }).connection.baseUrl).toBe('https://ec2.us-east-1.amazonaws.com:443');
    const local = new Ec2NodeDriver(ACCESS_KEY, SECRET, { env: {}, url: 'http://127.0.0.1:4566', region: 'us-west-2' });
    expect(local.connection.baseUrl).toBe('http://127.0.0.1:4566');
    expect(local.region).toBe('us-west-2');
  });

  it('needs the secret key and refuses unknown options', () => {
    // @ts-expect-error -- the type requires the secret; this checks the run-time guard (JavaScript callers)
    expect(() => new Ec2NodeDriver(ACCESS_KEY)).toThrow(InvalidArgumentError);
    expect(() => new Ec2NodeDriver(ACCESS_KEY, SECRET, { zone: 'x' } as never)).toThrow(/zone/);
  });

  it('implements every compute method', () => {
    const driver = new Ec2NodeDriver(ACCESS_KEY, SECRET, { env: {}, region: 'us-east-1' });
    expect(COMPUTE_METHODS.filter((m) => !driver.supports(m))).toEqual([]);
    expect(Ec2NodeDriver.capabilities).toHaveLength(27);
  });

  it('keeps the secret key and session token out of errors', async () => {
    const token = 'FwoGZXIvYXdzEXAMPLESESSIONTOKEN';
    const mock = ec2Mock({
      DescribeInstances: { status: 401, xml: `<Response><Errors><Error><Code>AuthFailure</Code><Message>${SECRET} ${token}</Message></Error></Errors></Response>` },
    });
    const err = (await ec2Driver(mock, { sessionToken: token }).listNodes().catch((e: unknown) => e)) as Error;
    expect(mock.lastRequest!.headers['x-amz-security-token']).toBe(token);
    expect(err.message).not.toContain(SECRET);
    expect(err.message).not.toContain(token);
  });
});
