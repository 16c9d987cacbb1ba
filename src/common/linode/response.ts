/**
 * LinodeResponse: JSON bodies and Linode's error shape
 * (`{"errors": [{"reason": "...", "field": "..."}]}`), shared by every Linode area.
 */
import { errorFromStatus, type NubesError } from '../errors/index.js';
import { JsonResponse } from '../../connection/response.js';
import { retryAfterOrReset } from '../rest-helpers.js';

/** One entry of Linode's `errors` array. */
export interface LinodeErrorReason {
  /** Linode's human-readable explanation, e.g. `Invalid Token`. */
  reason?: string;
  /** The request field the error is about, when there is one (e.g. `label`, `root_pass`). */
  field?: string;
}

/** The error body Linode documents for every 4xx/5xx answer. */
export interface LinodeErrorBody {
  /** One entry per problem; Linode sends at least one on every error answer. */
  errors?: LinodeErrorReason[];
}

/**
 * A Linode API v4 response. Errors read as `field: reason` (several joined by `; `),
 * so a validation failure names the offending field; a 429 carries `retryAfter` from
 * `Retry-After` or, when absent, from the `x-ratelimit-reset` epoch.
 */
export class LinodeResponse<T = unknown> extends JsonResponse<T> {
  /** The `errors` array of an error body (empty when there is none). */
  errorReasons(): LinodeErrorReason[] {
    let body: unknown;
    try {
      body = this.parseBody();
    } catch {
      return [];
    }
    const errors = body !== null && typeof body === 'object' ? (body as LinodeErrorBody).errors : undefined;
    return Array.isArray(errors) ? errors.filter((e): e is LinodeErrorReason => e !== null && typeof e === 'object') : [];
  }

  override errorMessage(): string | undefined {
    const parts = this.errorReasons()
      .map((e) => {
        const reason = typeof e.reason === 'string' ? e.reason.trim() : '';
        const field = typeof e.field === 'string' ? e.field.trim() : '';
        if (!reason) return field ? `${field}: invalid` : '';
        return field ? `${field}: ${reason}` : reason;
      })
      .filter((p) => p !== '');
    return parts.length ? parts.join('; ') : super.errorMessage();
  }

  /** Seconds to wait: `Retry-After`, else the time until `x-ratelimit-reset` (429 only). */
  retryAfterHeader(): string | undefined {
    return retryAfterOrReset(this.headers, this.status, 'x-ratelimit-reset');
  }

  /** The status-mapped error (see `errorFromStatus`) with Linode's `field: reason` message and the rate-limit wait. */
  override async parseError(): Promise<NubesError> {
    const message = this.errorMessage();
    return errorFromStatus({
      statusCode: this.status,
      ...(message !== undefined ? { message } : {}),
      retryAfterHeader: this.retryAfterHeader(),
      method: this.method,
      url: this.url,
      ...(this.provider !== undefined ? { provider: this.provider } : {}),
      ...(this.requestId !== undefined ? { requestId: this.requestId } : {}),
    });
  }
}
