/**
 * The XML response of every AWS XML service (EC2, ELB, Route 53, S3): maps AWS error
 * codes to nubes errors and finds the AWS request id wherever the service put it.
 */
import {
  asErrorClass,
  errorFromStatus,
  InvalidCredentialsError,
  RateLimitError,
  type NubesError,
  type NubesErrorOptions,
} from '../errors/index.js';
import { XmlResponse } from '../../connection/response.js';
import { parseXml, xmlChild, xmlFind, xmlText, type XmlElement } from '../xml.js';

/** AWS error codes that mean the credentials are wrong, expired or not allowed. */
export const AWS_AUTH_ERROR_CODES: ReadonlySet<string> = new Set([
  'AuthFailure',
  'InvalidClientTokenId',
  'SignatureDoesNotMatch',
  'InvalidAccessKeyId',
  'UnrecognizedClientException',
  'ExpiredToken',
  'ExpiredTokenException',
  'InvalidToken',
  'AccessDenied',
  'AccessDeniedException',
  'UnauthorizedOperation',
  'MissingAuthenticationToken',
  'IncompleteSignature',
  'RequestExpired',
]);

/**
 * AWS error codes that mean "slow down", whatever the status (ELB sends `Throttling`
 * with 400, S3 `SlowDown` with 503, EC2 `RequestLimitExceeded` with 503).
 */
export const AWS_THROTTLING_ERROR_CODES: ReadonlySet<string> = new Set([
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'SlowDown',
  'TooManyRequestsException',
  'PriorRequestNotComplete',
  'BandwidthLimitExceeded',
  'EC2ThrottledException',
]);

/** An error class a driver maps an AWS code to. */
export type AwsErrorClass = new (message: string, options?: NubesErrorOptions) => NubesError;

/** What an AWS error body says. */
export interface AwsErrorInfo {
  /** The AWS error code (`<Code>`), e.g. `InvalidInstanceID.NotFound`. */
  readonly code: string | undefined;
  /** The AWS message (`<Message>`). */
  readonly message: string | undefined;
  /** The request id from the body (`<RequestId>` or EC2's `<RequestID>`). */
  readonly requestId: string | undefined;
}

/**
 * A Response for AWS XML APIs.
 *
 * Error shapes handled: EC2 `<Response><Errors><Error>…</Error></Errors><RequestID>`,
 * ELB / Route 53 `<ErrorResponse><Error>…</Error><RequestId>`, S3 `<Error><Code>…
 * <RequestId>`. Auth codes become {@link InvalidCredentialsError}, throttling codes
 * {@link RateLimitError} (even on 400 or 503, so they are retried), everything else
 * follows the HTTP status. The AWS code is kept in `providerCode`.
 *
 * Drivers subclass it and override {@link AwsXmlResponse.errorClassFor} to map their
 * own codes (e.g. `InvalidInstanceID.NotFound` → `NodeDoesNotExistError`).
 *
 * @example
 * ```ts
 * import { NodeDoesNotExistError } from 'nubes';
 * import { AwsXmlResponse, type AwsErrorClass } from 'nubes/aws';
 *
 * class Ec2Response extends AwsXmlResponse {
 *   protected override errorClassFor(code: string, status: number): AwsErrorClass | undefined {
 *     if (code === 'InvalidInstanceID.NotFound') return NodeDoesNotExistError;
 *     return super.errorClassFor(code, status);
 *   }
 * }
 * ```
 */
export class AwsXmlResponse<T extends XmlElement = XmlElement> extends XmlResponse<T> {
  #info: AwsErrorInfo | undefined;

  /**
   * Parses an XML body. A body that is not XML (an S3 object read without `raw`) is left
   * in `body`/`rawBody` and parses to an empty element.
   */
  override async parseBody(): Promise<T> {
    if (!/^\s*</.test(this.body)) return {} as T;
    return super.parseBody();
  }

  /** The AWS error code, message and request id in the body (parsed once). */
  async errorInfo(): Promise<AwsErrorInfo> {
    if (this.#info) return this.#info;
    let doc: XmlElement | undefined;
    if (/^\s*</.test(this.body)) {
      try {
        doc = await parseXml(this.body);
      } catch {
        doc = undefined;
      }
    }
    const error = xmlFind(doc, 'Error');
    const rootName = doc ? Object.keys(doc)[0] : undefined;
    const rootElement = rootName === undefined ? undefined : xmlChild(doc, rootName);
    const requestId = xmlText(rootElement, 'RequestId') ?? xmlText(rootElement, 'RequestID') ?? xmlText(error, 'RequestId');
    // S3 puts a code in a header for HEAD requests, which have no body.
    const code = xmlText(error, 'Code') ?? this.headers['x-amz-error-code'] ?? this.headers['x-amzn-errortype']?.split(':')[0];
    this.#info = { code: code || undefined, message: xmlText(error, 'Message') || undefined, requestId: requestId || undefined };
    return this.#info;
  }

  /** The request id: `x-amz-request-id` / `x-amzn-RequestId` headers, else the body's (after an error was parsed). */
  override get requestId(): string | undefined {
    return super.requestId ?? this.#info?.requestId;
  }

  /** True for a 429, or an AWS throttling code (known once the error body was parsed). */
  override isThrottled(): boolean {
    const code = this.#info?.code;
    return this.status === 429 || (code !== undefined && AWS_THROTTLING_ERROR_CODES.has(code));
  }

  /**
   * The error class for an AWS code, or undefined to follow the HTTP status. Override
   * in a driver's response to map its area's codes; call `super` for the rest.
   */
  protected errorClassFor(code: string, _status: number): AwsErrorClass | undefined {
    if (AWS_THROTTLING_ERROR_CODES.has(code)) return RateLimitError;
    if (AWS_AUTH_ERROR_CODES.has(code)) return InvalidCredentialsError;
    return undefined;
  }

  override async parseError(): Promise<NubesError> {
    const info = await this.errorInfo();
    const message = [info.code, info.message].filter(Boolean).join(': ') || undefined;
    const base = errorFromStatus({
      statusCode: this.status,
      ...(message !== undefined ? { message } : {}),
      retryAfterHeader: this.headers['retry-after'],
      method: this.method,
      url: this.url,
      ...(this.provider !== undefined ? { provider: this.provider } : {}),
      ...(this.requestId !== undefined ? { requestId: this.requestId } : {}),
      ...(info.code !== undefined ? { providerCode: info.code } : {}),
      throttled: this.isThrottled(),
    });
    const Cls = info.code === undefined ? undefined : this.errorClassFor(info.code, this.status);
    if (Cls === undefined || base.constructor === Cls) return base;
    return asErrorClass(base, Cls, { statusCode: this.status, ...(info.code !== undefined ? { providerCode: info.code } : {}) });
  }
}
