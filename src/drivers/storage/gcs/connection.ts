/**
 * The Connection of the Cloud Storage JSON API: an OAuth 2.0 bearer token on every
 * request, Google's JSON errors mapped to the storage area's errors.
 *
 * References: https://cloud.google.com/storage/docs/json_api/v1/status-codes and
 * https://cloud.google.com/storage/docs/performing-resumable-uploads.
 */
import {
  ContainerAlreadyExistsError,
  ContainerDoesNotExistError,
  ContainerIsNotEmptyError,
  InvalidContainerNameError,
  ObjectDoesNotExistError,
  ObjectHashMismatchError,
  type NubesError,
  type NubesErrorOptions,
} from '../../../common/errors/index.js';
import { GoogleConnection, GoogleResponse, type GoogleConnectionOptions } from '../../../common/google/index.js';

/** The scope that reads and writes objects and buckets (`devstorage.full_control` also manages ACLs). */
export const GCS_SCOPE_READ_WRITE = 'https://www.googleapis.com/auth/devstorage.read_write';
/** The API host. */
export const GCS_HOST = 'storage.googleapis.com';

/**
 * Cloud Storage's errors on top of Google's mapping (GoogleResponse: `notFound`,
 * `conflict`, throttling, `backendError`, OAuth errors): 404 on a bucket →
 * ContainerDoesNotExistError, on an object → ObjectDoesNotExistError; 409 "already own" /
 * "not available" → ContainerAlreadyExistsError, "not empty" → ContainerIsNotEmptyError;
 * 400 for a bucket name → InvalidContainerNameError, for a digest the server computed
 * differently → ObjectHashMismatchError. A 412 precondition failure stays a ProviderError
 * with `providerCode: 'conditionNotMet'`
 * (https://cloud.google.com/storage/docs/json_api/v1/status-codes).
 *
 * A resumable upload answers `308 Resume Incomplete` to an unfinished chunk: that is a
 * success here (the uploader reads its `Range` header).
 */
export class GcsResponse<T = unknown> extends GoogleResponse<T> {
  override success(): boolean {
    return super.success() || this.status === 308;
  }

  override parseBody(): T {
    if (this.status === 308) return undefined as T;
    return super.parseBody();
  }

  override async parseError(): Promise<NubesError> {
    const base = await super.parseError();
    const said = this.googleError().message ?? '';
    const options: NubesErrorOptions = {
      statusCode: this.status,
      ...(base.provider !== undefined ? { provider: base.provider } : {}),
      ...(base.providerCode !== undefined ? { providerCode: base.providerCode } : {}),
      ...(base.requestId !== undefined ? { requestId: base.requestId } : {}),
    };
    const text = base.message;
    if (this.status === 404) {
      if (/bucket/i.test(said) && !/no such object/i.test(said)) return new ContainerDoesNotExistError(text, options);
      if (/object/i.test(said)) return new ObjectDoesNotExistError(text, options);
    }
    if (this.status === 409) {
      if (/not empty/i.test(said)) return new ContainerIsNotEmptyError(text, options);
      if (/already own|not available|already exists/i.test(said)) return new ContainerAlreadyExistsError(text, options);
    }
    if (this.status === 400) {
      if (/bucket name/i.test(said)) return new InvalidContainerNameError(text, options);
      if (/(md5|crc32c).*(match|mismatch)/i.test(said)) return new ObjectHashMismatchError(text, options);
    }
    return base;
  }
}

/**
 * Sends Cloud Storage JSON API requests with a bearer token from the Google credential
 * chain (see GoogleConnection). The resumable-upload session URI carries an `upload_id`
 * that is as good as a credential for that upload: it is redacted from every error and
 * debug line.
 *
 * @example
 * ```ts
 * import { GcsConnection } from 'nubes/storage';
 *
 * const connection = new GcsConnection({ credentials: './key.json', timeout: 30_000 });
 * const res = await connection.request('/storage/v1/b', { params: { project: await connection.projectId() } });
 * ```
 */
export class GcsConnection extends GoogleConnection {
  constructor(options: GoogleConnectionOptions = {}) {
    super({ host: GCS_HOST, defaultScopes: [GCS_SCOPE_READ_WRITE], ...options });
    this.responseCls = GcsResponse;
    // Session URIs: https://storage.googleapis.com/upload/storage/v1/b/B/o?uploadType=resumable&upload_id=...
    this.secrets.addPattern(/(?<=[?&]upload_id=)[^&\s"'<>]+/g);
  }
}
