/**
 * VultrResponse: JSON bodies and Vultr's error shape (`{"error": "...", "status": 400}`),
 * shared by every Vultr area.
 */
import { JsonResponse } from '../../connection/response.js';

/** The error body Vultr documents for every 4xx/5xx answer. */
export interface VultrErrorBody {
  /** Vultr's explanation of the error. */
  error?: string;
  /** The HTTP status, repeated in the body. */
  status?: number;
}

/** A Vultr API v2 response; the error message is Vultr's `error` text. */
export class VultrResponse<T = unknown> extends JsonResponse<T> {
  override errorMessage(): string | undefined {
    let body: unknown;
    try {
      body = this.parseBody();
    } catch {
      return super.errorMessage();
    }
    const error = body !== null && typeof body === 'object' ? (body as VultrErrorBody).error : undefined;
    return typeof error === 'string' && error.trim() !== '' ? error.trim() : super.errorMessage();
  }
}
