import { describe, expect, it } from 'vitest';
import { AwsXmlResponse, type AwsErrorClass } from '../../../src/common/aws/aws-xml-response.js';
import type { ResponseInit } from '../../../src/connection/response.js';
import {
  BadRequestError,
  InvalidCredentialsError,
  NodeDoesNotExistError,
  NotFoundError,
  RateLimitError,
  ServiceUnavailableError,
} from '../../../src/common/errors/index.js';

function response(status: number, body: string, headers: Record<string, string> = {}, Cls: new (init: ResponseInit) => AwsXmlResponse = AwsXmlResponse, method = 'POST') {
  return new Cls({ status, headers, body: Buffer.from(body), method, url: 'https://ec2.us-east-1.amazonaws.com/', provider: 'ec2' });
}

const ec2Error = (code: string, message: string) =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error><Code>${code}</Code><Message>${message}</Message></Error></Errors><RequestID>ea966190-f9aa-478e-9ede-example</RequestID></Response>`;
const queryError = (code: string, message: string) =>
  `<ErrorResponse xmlns="http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/"><Error><Type>Sender</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>a2b6f1c8-example</RequestId></ErrorResponse>`;
const s3Error = (code: string) => `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>msg</Message><RequestId>4442587FB7D0A2F9</RequestId></Error>`;

describe('AwsXmlResponse error mapping', () => {
  it('maps EC2 AuthFailure (401) to InvalidCredentialsError with code and request id', async () => {
    const err = await response(401, ec2Error('AuthFailure', 'AWS was not able to validate the provided access credentials')).parseError();
    expect(err).toBeInstanceOf(InvalidCredentialsError);
    expect(err.providerCode).toBe('AuthFailure');
    expect(err.requestId).toBe('ea966190-f9aa-478e-9ede-example');
    expect(err.statusCode).toBe(401);
    expect(err.message).toContain('AuthFailure: AWS was not able to validate');
  });

  it('maps ExpiredToken to InvalidCredentialsError even on a 400', async () => {
    const err = await response(400, queryError('ExpiredToken', 'The security token included in the request is expired')).parseError();
    expect(err).toBeInstanceOf(InvalidCredentialsError);
    expect(err.statusCode).toBe(400);
    expect(err.requestId).toBe('a2b6f1c8-example');
  });

  it.each(['InvalidClientTokenId', 'SignatureDoesNotMatch', 'InvalidAccessKeyId', 'UnrecognizedClientException', 'AccessDenied'])(
    'maps %s to InvalidCredentialsError',
    async (code) => {
      expect(await response(400, queryError(code, 'x')).parseError()).toBeInstanceOf(InvalidCredentialsError);
    },
  );

  it('maps ELB Throttling on a 400 to RateLimitError', async () => {
    const r = response(400, queryError('Throttling', 'Rate exceeded'));
    const err = await r.parseError();
    expect(err).toBeInstanceOf(RateLimitError);
    expect(err.providerCode).toBe('Throttling');
    expect(r.isThrottled()).toBe(true);
  });

  it.each(['ThrottlingException', 'RequestLimitExceeded', 'TooManyRequestsException', 'RequestThrottled', 'PriorRequestNotComplete'])(
    'maps %s on a 503 to RateLimitError',
    async (code) => {
      expect(await response(503, ec2Error(code, 'slow down')).parseError()).toBeInstanceOf(RateLimitError);
    },
  );

  it('maps S3 SlowDown and takes the request id from x-amz-request-id', async () => {
    const err = await response(503, s3Error('SlowDown'), { 'x-amz-request-id': 'HDR-ID', 'retry-after': '2' }).parseError();
    expect(err).toBeInstanceOf(RateLimitError);
    expect(err.requestId).toBe('HDR-ID');
    expect(err.retryAfter).toBe(2);
  });

  it('takes the request id from x-amzn-RequestId (lower-cased by the connection)', async () => {
    const err = await response(400, queryError('ValidationError', 'bad'), { 'x-amzn-requestid': 'AMZN-ID' }).parseError();
    expect(err.requestId).toBe('AMZN-ID');
  });

  it('keeps the status mapping for other codes, with the code exposed', async () => {
    const bad = await response(400, ec2Error('InvalidParameterValue', 'Value (x) for parameter y is invalid')).parseError();
    expect(bad).toBeInstanceOf(BadRequestError);
    expect(bad.providerCode).toBe('InvalidParameterValue');
    const missing = await response(404, s3Error('NoSuchKey')).parseError();
    expect(missing).toBeInstanceOf(NotFoundError);
    expect(missing.requestId).toBe('4442587FB7D0A2F9');
    expect(await response(500, ec2Error('InternalError', 'oops')).parseError()).toBeInstanceOf(ServiceUnavailableError);
  });

  it('maps a bodiless HEAD 404 by status', async () => {
    const err = await response(404, '', {}, AwsXmlResponse, 'HEAD').parseError();
    expect(err).toBeInstanceOf(NotFoundError);
    expect(err.providerCode).toBeUndefined();
  });

  it('survives a non-XML error page from a proxy or load balancer', async () => {
    const err = await response(502, '<html><body>Bad Gateway</body>').parseError();
    expect(err).toBeInstanceOf(ServiceUnavailableError);
    expect(err.providerCode).toBeUndefined();
  });

  it('lets a driver subclass map its own codes', async () => {
    class Ec2Response extends AwsXmlResponse {
      protected override errorClassFor(code: string, status: number): AwsErrorClass | undefined {
        if (code === 'InvalidInstanceID.NotFound') return NodeDoesNotExistError;
        return super.errorClassFor(code, status);
      }
    }
    const err = await response(400, ec2Error('InvalidInstanceID.NotFound', "The instance ID 'i-1' does not exist"), {}, Ec2Response).parseError();
    expect(err).toBeInstanceOf(NodeDoesNotExistError);
    expect(err.statusCode).toBe(400);
    expect(err.providerCode).toBe('InvalidInstanceID.NotFound');
    expect(await response(401, ec2Error('AuthFailure', 'x'), {}, Ec2Response).parseError()).toBeInstanceOf(InvalidCredentialsError);
  });
});

describe('AwsXmlResponse bodies', () => {
  it('parses XML and leaves a non-XML success body (an S3 object) as text', async () => {
    const xml = response(200, '<ListBucketResult><Name>b</Name></ListBucketResult>');
    expect(Object.keys(await xml.parseBody())).toEqual(['ListBucketResult']);
    const text = response(200, 'plain object content');
    expect(await text.parseBody()).toEqual({});
    expect(text.body).toBe('plain object content');
  });
});
