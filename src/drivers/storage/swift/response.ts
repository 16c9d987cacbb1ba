/**
 * The response class of the Swift driver: OpenStack error bodies (Swift's are small HTML
 * pages or plain text), plus Swift's own answers:
 *
 * - 422 Unprocessable Entity: the object's ETag header did not match the bytes the proxy
 *   received (Object Storage API, "Create or replace object") → ObjectHashMismatchError.
 * - 400 to a manifest PUT whose `Errors` list a segment's "Etag Mismatch" or "Size
 *   Mismatch" (SLO middleware; JSON with `Accept: application/json`) →
 *   ObjectHashMismatchError; other `Errors` become the message.
 * - 498: the `ratelimit` middleware's "Slow down" → RateLimitError (retried like a 429).
 *
 * 404 and 409 depend on the resource (container or object) and are mapped by the driver.
 */
import { ObjectHashMismatchError, type NubesError } from '../../../common/errors/index.js';
import { OpenStackResponse } from '../../../common/openstack/index.js';

/** Swift's rate-limit status (`ratelimit` middleware). */
export const SWIFT_RATE_LIMITED = 498;

/**
 * A Swift response.
 *
 * @example
 * ```ts
 * import type { ResponseClass } from 'nubes';
 * import { OpenStackConnection } from 'nubes/openstack';
 * import { SwiftResponse } from 'nubes/storage';
 *
 * class MyConnection extends OpenStackConnection {
 *   protected override responseCls: ResponseClass = SwiftResponse;
 * }
 * ```
 */
export class SwiftResponse<T = unknown> extends OpenStackResponse<T> {
  /** The `Errors` of an SLO or bulk answer: `[[path, reason], ...]` (JSON) or `path, reason` lines after `Errors:` (text). */
  sloErrors(): [string, string][] {
    const body = this.body.trim();
    if (body.startsWith('{')) {
      try {
        const value = JSON.parse(body) as { Errors?: unknown };
        if (Array.isArray(value.Errors)) {
          return value.Errors.filter((e): e is [string, string] => Array.isArray(e) && e.length >= 2).map((e) => [String(e[0]), String(e[1])]);
        }
      } catch {
        return [];
      }
      return [];
    }
    const at = body.indexOf('Errors:');
    if (at === -1) return [];
    return body
      .slice(at + 'Errors:'.length)
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean)
      .map((line) => {
        const comma = line.lastIndexOf(', ');
        return comma === -1 ? ['', line] : [line.slice(0, comma), line.slice(comma + 2)];
      });
  }

  override errorMessage(): string | undefined {
    const errors = this.sloErrors();
    if (errors.length > 0) return errors.map(([path, reason]) => (path ? `${path}: ${reason}` : reason)).join('; ');
    return super.errorMessage();
  }

  override isThrottled(): boolean {
    return this.status === SWIFT_RATE_LIMITED || super.isThrottled();
  }

  override async parseError(): Promise<NubesError> {
    const hashError = this.status === 422 || (this.status === 400 && this.sloErrors().some(([, reason]) => /^(etag|size) mismatch$/i.test(reason)));
    if (hashError) {
      const detail = this.status === 422 ? 'Swift received bytes whose MD5 differs from the ETag sent' : `Swift refused the manifest: ${this.errorMessage() ?? ''}`;
      return new ObjectHashMismatchError(
        `${this.method} ${this.url}: ${detail}; nothing was stored (HTTP ${this.status}${this.requestId ? `, request id ${this.requestId}` : ''})`,
        {
          statusCode: this.status,
          ...(this.provider !== undefined ? { provider: this.provider } : {}),
          ...(this.requestId !== undefined ? { requestId: this.requestId } : {}),
        },
      );
    }
    return super.parseError();
  }
}
