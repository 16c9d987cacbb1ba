/**
 * S3's error mapping, on top of the AWS family's: the `<Error><Code>` of an S3 (or
 * S3-compatible) error body becomes the storage area's error.
 */
import { AwsXmlResponse, type AwsErrorClass } from '../../../common/aws/aws-xml-response.js';
import {
  ContainerAlreadyExistsError,
  ContainerDoesNotExistError,
  ContainerIsNotEmptyError,
  InvalidContainerNameError,
  ObjectDoesNotExistError,
  ObjectHashMismatchError,
} from '../../../common/errors/index.js';

/** S3 error codes with an area error of their own (the AWS family maps auth and throttling codes). */
export const S3_ERROR_CLASSES: Readonly<Record<string, AwsErrorClass>> = {
  NoSuchBucket: ContainerDoesNotExistError,
  NoSuchKey: ObjectDoesNotExistError,
  BucketAlreadyExists: ContainerAlreadyExistsError,
  BucketAlreadyOwnedByYou: ContainerAlreadyExistsError,
  BucketNotEmpty: ContainerIsNotEmptyError,
  InvalidBucketName: InvalidContainerNameError,
  BadDigest: ObjectHashMismatchError,
};

/** S3 codes that mean "try again" even inside a 200 answer (CompleteMultipartUpload). */
export const S3_RETRYABLE_CODES: ReadonlySet<string> = new Set(['InternalError', 'SlowDown', 'ServiceUnavailable', 'RequestTimeout']);

/**
 * The Response of S3 connections: `NoSuchBucket` → ContainerDoesNotExistError,
 * `NoSuchKey` → ObjectDoesNotExistError, `BucketAlreadyExists` /
 * `BucketAlreadyOwnedByYou` → ContainerAlreadyExistsError, `BucketNotEmpty` →
 * ContainerIsNotEmptyError, `InvalidBucketName` → InvalidContainerNameError, `BadDigest`
 * → ObjectHashMismatchError; `SlowDown` → RateLimitError and the auth codes →
 * InvalidCredentialsError come from the AWS family. The S3 code is kept in `providerCode`.
 */
export class S3Response extends AwsXmlResponse {
  protected override errorClassFor(code: string, status: number): AwsErrorClass | undefined {
    return S3_ERROR_CLASSES[code] ?? super.errorClassFor(code, status);
  }
}
