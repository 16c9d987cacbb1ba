/**
 * Azure Blob error bodies → nubes error classes. Bodies follow the documented
 * `<Error><Code/><Message/></Error>` shape; HEAD errors carry the code only in
 * `x-ms-error-code`.
 */
import { describe, expect, it } from 'vitest';
import { AzureBlobConnection } from '../../../src/common/azure/index.js';
import {
  BadRequestError,
  ConflictError,
  ContainerAlreadyExistsError,
  ContainerDoesNotExistError,
  InvalidCredentialsError,
  NotFoundError,
  ObjectDoesNotExistError,
  ObjectHashMismatchError,
  RateLimitError,
  ServiceUnavailableError,
  type NubesError,
} from '../../../src/common/errors/index.js';
import { MockTransport, type MockReply } from '../../../src/testing/index.js';

const KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

function errorXml(code: string, message: string): string {
  return (
    '\uFEFF<?xml version="1.0" encoding="utf-8"?>' +
    `<Error><Code>${code}</Code><Message>${message}\nRequestId:9b2c4d3e-0001-0002-0003-000000000000\nTime:2024-01-01T00:00:00.0000000Z</Message></Error>`
  );
}

async function failWith(reply: MockReply, method: 'GET' | 'HEAD' | 'PUT' = 'GET'): Promise<NubesError> {
  const mock = new MockTransport().on(method, /.*/, reply);
  const conn = new AzureBlobConnection('myaccount', KEY, { transport: mock, env: {}, retry: false });
  try {
    await conn.request('/c/b', { method });
  } catch (err) {
    return err as NubesError;
  }
  throw new Error('expected a failure');
}

describe('Azure Blob error mapping', () => {
  it.each([
    [404, 'ContainerNotFound', 'The specified container does not exist.', ContainerDoesNotExistError],
    [404, 'BlobNotFound', 'The specified blob does not exist.', ObjectDoesNotExistError],
    [409, 'ContainerAlreadyExists', 'The specified container already exists.', ContainerAlreadyExistsError],
    [409, 'ContainerBeingDeleted', 'The specified container is being deleted.', ConflictError],
    [400, 'Md5Mismatch', 'The MD5 value specified in the request did not match the MD5 value calculated by the server.', ObjectHashMismatchError],
    [403, 'AuthorizationPermissionMismatch', 'This request is not authorized to perform this operation using this permission.', InvalidCredentialsError],
    [400, 'InvalidAuthenticationInfo', 'Authentication information is not given in the correct format.', InvalidCredentialsError],
    [503, 'ServerBusy', 'The server is currently unable to receive requests. Please retry your request.', RateLimitError],
    [500, 'OperationTimedOut', 'The operation could not be completed within the permitted time.', ServiceUnavailableError],
    [404, 'ResourceNotFound', 'The specified resource does not exist.', NotFoundError],
    [400, 'InvalidQueryParameterValue', 'Value for one of the query parameters specified in the request URI is invalid.', BadRequestError],
  ] as const)('maps HTTP %i %s to its class', async (status, code, message, Cls) => {
    const err = await failWith({ status, headers: { 'x-ms-request-id': 'rid-42', 'x-ms-error-code': code }, xml: errorXml(code, message) });
    expect(err).toBeInstanceOf(Cls);
    expect(err.constructor).toBe(Cls);
    expect(err.statusCode).toBe(status);
    expect(err.requestId).toBe('rid-42');
    expect(err.providerCode).toBe(code);
    expect(err.message).toBe(`${code}: ${message} (HTTP ${status}, request id rid-42)`);
  });

  it('reads the code from x-ms-error-code on a HEAD, which has no body', async () => {
    const err = await failWith({ status: 404, headers: { 'x-ms-error-code': 'BlobNotFound', 'x-ms-request-id': 'r1' } }, 'HEAD');
    expect(err).toBeInstanceOf(ObjectDoesNotExistError);
    expect(err.message).toBe('BlobNotFound (HTTP 404, request id r1)');
  });

  it('keeps Retry-After on a throttled response', async () => {
    const err = await failWith({ status: 503, headers: { 'retry-after': '7' }, xml: errorXml('ServerBusy', 'Busy.') });
    expect(err).toBeInstanceOf(RateLimitError);
    expect(err.retryAfter).toBe(7);
  });

  it('falls back to the status for a body that is not Azure XML', async () => {
    const err = await failWith({ status: 502, body: 'Bad Gateway' });
    expect(err).toBeInstanceOf(ServiceUnavailableError);
    expect(err.message).toContain('Bad Gateway');
  });

  it('parses XML listings and leaves other successful bodies unparsed', async () => {
    const mock = new MockTransport()
      .on('GET', '/', { xml: '<EnumerationResults><Containers><Container><Name>a</Name></Container></Containers></EnumerationResults>' })
      .on('GET', '/c/page.html', { headers: { 'content-type': 'text/html' }, body: '<html><p>not xml' });
    const conn = new AzureBlobConnection('myaccount', KEY, { transport: mock, env: {} });
    const list = await conn.request('/', { params: { comp: 'list' } });
    expect(list.object).toEqual({ EnumerationResults: { Containers: [{ Container: [{ Name: ['a'] }] }] } });
    const page = await conn.request('/c/page.html');
    expect(page.object).toEqual({});
    expect(page.body).toBe('<html><p>not xml');
  });
});

describe('Azurite quirks', () => {
  it("maps Azurite's InvalidOperation for a wrong Content-MD5 to ObjectHashMismatchError", async () => {
    const err = await failWith({ status: 400, xml: errorXml('InvalidOperation', "Provided contentMD5 doesn't match.") }, 'PUT');
    expect(err).toBeInstanceOf(ObjectHashMismatchError);
  });

  it('leaves other InvalidOperation errors as BadRequestError', async () => {
    const err = await failWith({ status: 400, xml: errorXml('InvalidOperation', 'Something else.') }, 'PUT');
    expect(err.constructor).toBe(BadRequestError);
  });
});
