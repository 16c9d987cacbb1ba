/**
 * S3's error mapping: the `<Error><Code>` of an S3 (or S3-compatible) error body, or the
 * `x-amz-error-code` header of a body-less HEAD answer, becomes the storage area's error.
 */
import {
  ContainerAlreadyExistsError,
  ContainerDoesNotExistError,
  ContainerIsNotEmptyError,
  errorFromStatus,
  InvalidContainerNameError,
  ObjectDoesNotExistError,
  ObjectHashMismatchError,
  RateLimitError,
  type NubesError,
  type NubesErrorOptions,
} from '../../../common/errors/index.js';
import { parseXml, xmlChild, xmlText, type XmlElement } from '../../../common/xml.js';
import { XmlResponse } from '../../../connection/response.js';

/** What an S3 error body says. */
export interface S3ErrorInfo {
  /** `<Code>`, e.g. `NoSuchBucket` (or the `x-amz-error-code` header). */
  code: string | undefined;
  /** `<Message>`. */
  message: string | undefined;
  /** `<RequestId>`. */
  requestId: string | undefined;
}

type ErrorClass = new (message: string, options?: NubesErrorOptions) => NubesError;

/** S3 error codes with an area error of their own. */
const CODE_CLASSES: Readonly<Record<string, ErrorClass>> = {
  NoSuchBucket: ContainerDoesNotExistError,
  NoSuchKey: ObjectDoesNotExistError,
  BucketAlreadyExists: ContainerAlreadyExistsError,
  BucketAlreadyOwnedByYou: ContainerAlreadyExistsError,
  BucketNotEmpty: ContainerIsNotEmptyError,
  InvalidBucketName: InvalidContainerNameError,
  BadDigest: ObjectHashMismatchError,
  SlowDown: RateLimitError,
  Throttling: RateLimitError,
  RequestLimitExceeded: RateLimitError,
  TooManyRequests: RateLimitError,
};

/** S3 codes that mean "try again" even inside a 200 answer (CompleteMultipartUpload). */
export const S3_RETRYABLE_CODES: ReadonlySet<string> = new Set(['InternalError', 'SlowDown', 'ServiceUnavailable', 'RequestTimeout']);

/** Reads the error of an S3 XML document (`<Error>` at the root). */
export function s3ErrorOf(doc: XmlElement | undefined, headers: Readonly<Record<string, string>> = {}): S3ErrorInfo {
  const error = xmlChild(doc, 'Error');
  return {
    code: xmlText(error, 'Code') || headers['x-amz-error-code'] || undefined,
    message: xmlText(error, 'Message') || headers['x-amz-error-message'] || undefined,
    requestId: xmlText(error, 'RequestId') || undefined,
  };
}

/** Input of {@link s3Error}. */
export interface S3ErrorInput {
  info: S3ErrorInfo;
  statusCode: number;
  method: string;
  url: string;
  provider: string | undefined;
  requestId: string | undefined;
  retryAfterHeader: string | undefined;
}

/**
 * The nubes error for an S3 error: the area class when the code has one, else the class
 * the HTTP status maps to. The S3 code is kept in `providerCode`.
 */
export function s3Error(input: S3ErrorInput): NubesError {
  const { info } = input;
  const requestId = input.requestId ?? info.requestId;
  const detail = [info.code, info.message].filter(Boolean).join(': ');
  const generic: NubesError = errorFromStatus({
    statusCode: input.statusCode,
    ...(detail ? { message: detail } : {}),
    retryAfterHeader: input.retryAfterHeader,
    method: input.method,
    url: input.url,
    ...(input.provider !== undefined ? { provider: input.provider } : {}),
    ...(requestId !== undefined ? { requestId } : {}),
    ...(info.code !== undefined ? { providerCode: info.code } : {}),
    throttled: info.code !== undefined && CODE_CLASSES[info.code] === RateLimitError,
  });
  const Cls = info.code !== undefined ? CODE_CLASSES[info.code] : undefined;
  if (!Cls || (generic as object) instanceof Cls) return generic;
  return new Cls(generic.message, {
    statusCode: input.statusCode,
    ...(input.provider !== undefined ? { provider: input.provider } : {}),
    ...(requestId !== undefined ? { requestId } : {}),
    ...(generic.retryAfter !== undefined ? { retryAfter: generic.retryAfter } : {}),
    ...(info.code !== undefined ? { providerCode: info.code } : {}),
  });
}

/**
 * The Response of S3 connections. Bodies that are not XML (object bytes read without
 * `raw`) parse to an empty element; leading whitespace is ignored.
 */
export class S3Response extends XmlResponse {
  override async parseBody(): Promise<XmlElement> {
    const text = this.body.trim();
    if (!text.startsWith('<')) return {};
    // Trimmed: CompleteMultipartUpload sends keep-alive spaces before the XML declaration.
    return parseXml(text);
  }

  /** The S3 error code, message and request id of this (failed) response. */
  async s3Error(): Promise<S3ErrorInfo> {
    let doc: XmlElement | undefined;
    if (/^\s*</.test(this.body)) {
      try {
        doc = await parseXml(this.body.trim());
      } catch {
        doc = undefined;
      }
    }
    return s3ErrorOf(doc, this.headers);
  }

  override async parseError(): Promise<NubesError> {
    return s3Error({
      info: await this.s3Error(),
      statusCode: this.status,
      method: this.method,
      url: this.url,
      provider: this.provider,
      requestId: this.requestId,
      retryAfterHeader: this.headers['retry-after'],
    });
  }
}
