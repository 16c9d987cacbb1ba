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
  errorFromStatus,
  type NubesError,
  type NubesErrorOptions,
} from '../../../common/errors/index.js';
import { OAuthConnection } from '../../../common/oauth/oauth-connection.js';
import type { TokenCache, TokenCredential } from '../../../common/oauth/token-credential.js';
import type { ConnectionOptions } from '../../../connection/connection.js';
import { JsonResponse } from '../../../connection/response.js';

/** The scope that reads and writes objects and buckets (`devstorage.full_control` also manages ACLs). */
export const GCS_SCOPE_READ_WRITE = 'https://www.googleapis.com/auth/devstorage.read_write';
/** The API host. */
export const GCS_HOST = 'storage.googleapis.com';

/** Google's JSON error body. */
interface GoogleErrorBody {
  error?: { code?: number; message?: string; status?: string; errors?: { reason?: string; message?: string; domain?: string }[] };
}

/**
 * Maps Cloud Storage's JSON errors: 404 on a bucket → ContainerDoesNotExistError, on an
 * object → ObjectDoesNotExistError; 409 "already own"/"not available" →
 * ContainerAlreadyExistsError, "not empty" → ContainerIsNotEmptyError; 400 for a bucket
 * name → InvalidContainerNameError, for a digest the server computed differently →
 * ObjectHashMismatchError. Google's `reason` (`notFound`, `conflict`, `conditionNotMet`,
 * `rateLimitExceeded`, ...) is kept in `providerCode`; a 412 precondition failure is a
 * ProviderError with `providerCode: 'conditionNotMet'`.
 *
 * A resumable upload answers `308 Resume Incomplete` to an unfinished chunk: that is a
 * success here (the uploader reads its `Range` header).
 */
export class GcsResponse<T = unknown> extends JsonResponse<T> {
  override success(): boolean {
    return super.success() || this.status === 308;
  }

  override parseBody(): T {
    if (this.status === 308) return undefined as T;
    return super.parseBody();
  }

  #body(): GoogleErrorBody | undefined {
    try {
      const value = JSON.parse(this.body) as unknown;
      return value && typeof value === 'object' ? (value as GoogleErrorBody) : undefined;
    } catch {
      return undefined;
    }
  }

  override async parseError(): Promise<NubesError> {
    const body = this.#body();
    const reason = body?.error?.errors?.[0]?.reason ?? body?.error?.status;
    const message = body?.error?.message ?? body?.error?.errors?.[0]?.message;
    const base = errorFromStatus({
      statusCode: this.status,
      ...(message !== undefined ? { message } : {}),
      retryAfterHeader: this.headers['retry-after'],
      method: this.method,
      url: this.url,
      ...(this.provider !== undefined ? { provider: this.provider } : {}),
      ...(this.requestId !== undefined ? { requestId: this.requestId } : {}),
      ...(reason !== undefined ? { providerCode: reason } : {}),
    });
    const options: NubesErrorOptions = {
      statusCode: this.status,
      ...(this.provider !== undefined ? { provider: this.provider } : {}),
      ...(reason !== undefined ? { providerCode: reason } : {}),
      ...(base.requestId !== undefined ? { requestId: base.requestId } : {}),
    };
    const text = base.message;
    const said = message ?? '';
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

/** Options of {@link GcsConnection}: the connection's, plus the OAuth scopes. */
export interface GcsConnectionOptions extends ConnectionOptions {
  /** OAuth scopes (default {@link GCS_SCOPE_READ_WRITE}). */
  scopes?: readonly string[];
}

/**
 * Sends Cloud Storage JSON API requests with a bearer token from `credential`. The
 * resumable-upload session URI carries an `upload_id` that is as good as a credential
 * for that upload: it is redacted from every error and debug line.
 *
 * @example
 * ```ts
 * import { GcsConnection } from 'nubes/storage';
 * import type { TokenCredential } from 'nubes';
 *
 * declare const credential: TokenCredential;
 * const connection = new GcsConnection(credential, { timeout: 30_000 });
 * const res = await connection.request('/storage/v1/b', { params: { project: 'my-project' } });
 * ```
 */
export class GcsConnection extends OAuthConnection {
  constructor(credential: TokenCredential | TokenCache, options: GcsConnectionOptions = {}) {
    const { scopes, ...rest } = options;
    super(credential, scopes ?? [GCS_SCOPE_READ_WRITE], { host: GCS_HOST, ...rest });
    this.responseCls = GcsResponse;
    // Session URIs: https://storage.googleapis.com/upload/storage/v1/b/B/o?uploadType=resumable&upload_id=...
    this.secrets.addPattern(/(?<=[?&]upload_id=)[^&\s"'<>]+/g);
  }
}
