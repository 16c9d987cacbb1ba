/**
 * The response class of the OpenStack family. It finds the message in the error shapes
 * OpenStack services use:
 *
 * - Nova, Cinder, Manila: one fault key wrapping `{message, code}`:
 *   `{"itemNotFound": {"message": "...", "code": 404}}`, `badRequest`, `forbidden`,
 *   `conflictingRequest`, `overLimit` (with `retryAfter`), `computeFault`, ...
 * - Keystone: `{"error": {"message": "...", "code": 401, "title": "Unauthorized"}}`.
 * - Neutron: `{"NeutronError": {"type": "...", "message": "...", "detail": ""}}`.
 * - Swift and Glance: plain text or a small HTML page (`<html><h1>Not Found</h1><p>...`).
 */
import { errorFromStatus, parseRetryAfter, type NubesError } from '../errors/index.js';
import { JsonResponse } from '../../connection/response.js';

/** A fault body: one key wrapping the details. */
interface FaultDetails {
  message?: unknown;
  code?: unknown;
  retryAfter?: unknown;
  details?: unknown;
  detail?: unknown;
  type?: unknown;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** Strips tags and collapses whitespace: `<html><h1>Not Found</h1><p>The resource...</p></html>` → `Not Found: The resource...`. */
function htmlToText(html: string): string | undefined {
  const parts = html
    .replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ')
    .split(/<[^>]*>/)
    .map((p) => p.replace(/\s+/g, ' ').trim())
    .filter(Boolean);
  if (parts.length === 0) return undefined;
  const joined = parts.length > 1 ? `${parts[0]}: ${parts.slice(1).join(' ')}` : parts[0]!;
  return joined.length > 500 ? `${joined.slice(0, 500)}...` : joined;
}

/**
 * A JSON response with OpenStack error mapping. Area drivers extend it and map
 * {@link OpenStackResponse.faultName} (e.g. `itemNotFound`) to area errors.
 *
 * @example
 * ```ts
 * import { NodeDoesNotExistError, type NubesError } from 'nubes';
 * import { OpenStackResponse } from 'nubes/openstack';
 *
 * class NovaResponse extends OpenStackResponse {
 *   override async parseError(): Promise<NubesError> {
 *     if (this.status === 404 && this.faultName() === 'itemNotFound') {
 *       return new NodeDoesNotExistError(this.errorMessage() ?? 'No such server', { statusCode: 404 });
 *     }
 *     return super.parseError();
 *   }
 * }
 * ```
 */
export class OpenStackResponse<T = unknown> extends JsonResponse<T> {
  #fault: { name: string; details: FaultDetails } | null | undefined;

  #parsedFault(): { name: string; details: FaultDetails } | null {
    if (this.#fault !== undefined) return this.#fault;
    this.#fault = null;
    const body = this.body.trim();
    if (!body.startsWith('{')) return null;
    let value: unknown;
    try {
      value = JSON.parse(body);
    } catch {
      return null;
    }
    if (!value || typeof value !== 'object' || Array.isArray(value)) return null;
    const keys = Object.keys(value);
    // A fault body has exactly one key whose value is an object with a message.
    if (keys.length === 1) {
      const name = keys[0]!;
      const details = (value as Record<string, unknown>)[name];
      if (details && typeof details === 'object' && !Array.isArray(details)) {
        this.#fault = { name, details: details as FaultDetails };
      }
    }
    return this.#fault;
  }

  /**
   * JSON when the body is JSON (`application/json`, `+json`, or no content type and a
   * body that parses), else the text itself: Swift answers object reads and some
   * listings in plain text, and an empty body is `undefined`.
   */
  override parseBody(): T {
    const type = (this.headers['content-type'] ?? '').toLowerCase();
    if (this.body.trim() === '') return undefined as T;
    if (/[/+]json\b/.test(type)) return super.parseBody();
    if (type === '') {
      try {
        return super.parseBody();
      } catch {
        return this.body as T;
      }
    }
    return this.body as T;
  }

  /**
   * The fault's name: the wrapping key (`itemNotFound`, `badRequest`, `overLimit`,
   * `NeutronError`, or Keystone's `error`), or undefined when the body is not a fault.
   */
  faultName(): string | undefined {
    return this.#parsedFault()?.name;
  }

  /** Neutron's error type (`NetworkNotFound`, `PortNotFound`, ...), Keystone's title. */
  faultType(): string | undefined {
    const details = this.#parsedFault()?.details;
    return text(details?.type) ?? text((details as { title?: unknown } | undefined)?.title);
  }

  override errorMessage(): string | undefined {
    const fault = this.#parsedFault();
    if (fault) {
      const message = text(fault.details.message) ?? text(fault.details.detail) ?? text(fault.details.details);
      if (message) return message;
    }
    const body = this.body.trim();
    if (body.startsWith('<')) return htmlToText(body);
    return super.errorMessage();
  }

  /** The provider code errors carry: Neutron's type, Keystone's title, else the fault name (`itemNotFound`). */
  providerCode(): string | undefined {
    const name = this.faultName();
    return name === 'error' || name === 'NeutronError' ? (this.faultType() ?? name) : name;
  }

  /** Seconds to wait, from `Retry-After` or the fault's `retryAfter`. */
  #retryAfter(): string | undefined {
    const header = this.headers['retry-after'];
    if (header !== undefined) return header;
    const body = this.#parsedFault()?.details.retryAfter;
    return typeof body === 'string' || typeof body === 'number' ? String(body) : undefined;
  }

  /**
   * A 429 is throttling; so is a 413 that asks to wait (`Retry-After` or the fault's
   * `retryAfter` above 0). Nova also answers 413 `overLimit` with `retryAfter: 0` for an
   * exceeded quota, which waiting does not fix: that one stays a plain provider error.
   */
  override isThrottled(): boolean {
    if (this.status !== 413) return false;
    const seconds = parseRetryAfter(this.#retryAfter());
    return seconds !== undefined && seconds > 0;
  }

  override async parseError(): Promise<NubesError> {
    const message = this.errorMessage();
    const providerCode = this.providerCode();
    return errorFromStatus({
      statusCode: this.status,
      ...(message !== undefined ? { message } : {}),
      retryAfterHeader: this.#retryAfter(),
      method: this.method,
      url: this.url,
      ...(this.provider !== undefined ? { provider: this.provider } : {}),
      ...(this.requestId !== undefined ? { requestId: this.requestId } : {}),
      ...(providerCode !== undefined ? { providerCode } : {}),
      throttled: this.isThrottled(),
    });
  }
}
