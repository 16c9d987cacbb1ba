/**
 * DigitalOceanResponse: JSON bodies and DigitalOcean's error shape
 * (`{"id": "not_found", "message": "...", "request_id": "..."}`), shared by every
 * DigitalOcean area (droplets, domains, load balancers).
 */
import { errorFromStatus, type NubesError } from '../errors/index.js';
import { JsonResponse } from '../../connection/response.js';
import { retryAfterOrReset } from '../rest-helpers.js';

/** The error body DigitalOcean documents for every 4xx/5xx answer. */
export interface DigitalOceanErrorBody {
  /** A short identifier of the status, e.g. `not_found`, `unprocessable_entity`, `too_many_requests`. */
  id?: string;
  /** DigitalOcean's explanation of the error. */
  message?: string;
  /** The request's id, for DigitalOcean support. */
  request_id?: string;
}

function errorBody(value: unknown): DigitalOceanErrorBody {
  return value !== null && typeof value === 'object' ? (value as DigitalOceanErrorBody) : {};
}

/**
 * A DigitalOcean API response. Errors read as `id: message` (`not_found: The resource
 * you were accessing could not be found.`) and carry the id as `providerCode`; a 429
 * carries `retryAfter` from
 * `Retry-After` or, when absent, from the `ratelimit-reset` epoch.
 */
export class DigitalOceanResponse<T = unknown> extends JsonResponse<T> {
  #body(): DigitalOceanErrorBody {
    try {
      return errorBody(this.parseBody());
    } catch {
      return {};
    }
  }

  /** DigitalOcean's error id (`not_found`, `unprocessable_entity`, ...), when the body has one. */
  errorId(): string | undefined {
    const id = this.#body().id;
    return typeof id === 'string' && id !== '' ? id : undefined;
  }

  /** The request id from `x-request-id` or, failing that, the error body's `request_id`. */
  override get requestId(): string | undefined {
    const fromHeader = super.requestId;
    if (fromHeader) return fromHeader;
    if (this.success()) return undefined;
    const id = this.#body().request_id;
    return typeof id === 'string' && id !== '' ? id : undefined;
  }

  override errorMessage(): string | undefined {
    const body = this.#body();
    const message = typeof body.message === 'string' && body.message.trim() !== '' ? body.message.trim() : undefined;
    const id = this.errorId();
    if (message && id) return `${id}: ${message}`;
    return message ?? id ?? super.errorMessage();
  }

  /** Seconds to wait: `Retry-After`, else the time until `ratelimit-reset` (429 only). */
  retryAfterHeader(): string | undefined {
    return retryAfterOrReset(this.headers, this.status, 'ratelimit-reset');
  }

  /**
   * The status-mapped error (see `errorFromStatus`) with DigitalOcean's message, its
   * error `id` as `providerCode`, the request id and the rate-limit wait.
   */
  override async parseError(): Promise<NubesError> {
    const message = this.errorMessage();
    const requestId = this.requestId;
    const providerCode = this.errorId();
    return errorFromStatus({
      statusCode: this.status,
      ...(message !== undefined ? { message } : {}),
      retryAfterHeader: this.retryAfterHeader(),
      method: this.method,
      url: this.url,
      ...(this.provider !== undefined ? { provider: this.provider } : {}),
      ...(requestId !== undefined ? { requestId } : {}),
      ...(providerCode !== undefined ? { providerCode } : {}),
    });
  }
}
