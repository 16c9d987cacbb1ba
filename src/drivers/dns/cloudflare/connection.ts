/**
 * Cloudflare API v4: authentication (API token, or the legacy global key + email) and
 * the error mapping of its `{ success, errors, result }` envelope.
 */
import {
  InvalidCredentialsError,
  RecordAlreadyExistsError,
  RecordDoesNotExistError,
  ZoneAlreadyExistsError,
  ZoneDoesNotExistError,
  type NubesError,
} from '../../../common/errors/index.js';
import { Connection, type ConnectionOptions } from '../../../connection/connection.js';
import { JsonResponse } from '../../../connection/response.js';
import { InvalidArgumentError } from '../../../common/errors/index.js';
import { asErrorClass, type ErrorClass } from '../../../common/errors/index.js';

/** The default endpoint host. */
export const CLOUDFLARE_API_HOST = 'api.cloudflare.com';
/** The API's path below the endpoint. */
export const CLOUDFLARE_API_PATH = '/client/v4';

/** One entry of a Cloudflare `errors` list (`error_chain` nests the details). */
export interface CloudflareApiError {
  /** Cloudflare's numeric error code, e.g. 81057 (record already exists). */
  readonly code: number;
  /** Cloudflare's explanation of the error. */
  readonly message: string;
  /** Underlying errors, when Cloudflare nests them. */
  readonly error_chain?: readonly CloudflareApiError[];
}

/** Page information of a Cloudflare list. */
export interface CloudflareResultInfo {
  /** This page's number, from 1. */
  readonly page: number;
  /** Page size asked for. */
  readonly per_page: number;
  /** Items on this page. */
  readonly count: number;
  /** Items on all pages, when Cloudflare counts them. */
  readonly total_count?: number;
  /** Number of pages, when Cloudflare counts them. */
  readonly total_pages?: number;
}

/** The envelope of every Cloudflare API v4 answer. */
export interface CloudflareEnvelope<T = unknown> {
  /** False when the request failed, whatever the HTTP status. */
  readonly success: boolean;
  /** The errors; empty on success. */
  readonly errors: readonly CloudflareApiError[];
  /** Informational messages, unused by nubes. */
  readonly messages?: readonly unknown[];
  /** The payload: one object or a list. */
  readonly result: T;
  /** Page information of a list answer. */
  readonly result_info?: CloudflareResultInfo;
}

// Codes from the Cloudflare API v4 reference and its DNS records error list.
const RECORD_EXISTS = new Set([81053, 81057, 81058]);
const RECORD_NOT_FOUND = new Set([81044]);
const ZONE_NOT_FOUND = new Set([1001, 7000, 7003]);
const ZONE_EXISTS = new Set([1061]);
const AUTH = new Set([6003, 6103, 6111, 9103, 9106, 9109, 10000, 10001]);

function allErrors(errors: readonly CloudflareApiError[] | undefined): CloudflareApiError[] {
  const out: CloudflareApiError[] = [];
  for (const e of errors ?? []) {
    out.push(e);
    out.push(...allErrors(e.error_chain));
  }
  return out;
}

/**
 * A Cloudflare answer. `success: false` is an error even with a 2xx status. Codes map
 * to: 81053/81057/81058 → RecordAlreadyExistsError, 81044 → RecordDoesNotExistError,
 * 1001/7000/7003 → ZoneDoesNotExistError (RecordDoesNotExistError when the URL names a
 * record: 7003 "could not route … perhaps your object identifier is invalid" then means
 * the record id), 1061 → ZoneAlreadyExistsError, 6003/6103/6111/9103/9106/9109/10000/10001
 * → InvalidCredentialsError; a 429 stays a RateLimitError with `retryAfter`.
 */
export class CloudflareResponse<T = unknown> extends JsonResponse<CloudflareEnvelope<T>> {
  #envelope(): Partial<CloudflareEnvelope> | undefined {
    try {
      const value = super.parseBody() as unknown;
      return value && typeof value === 'object' ? (value as Partial<CloudflareEnvelope>) : undefined;
    } catch {
      return undefined;
    }
  }

  /** A 2xx status whose envelope does not say `success: false`. */
  override success(): boolean {
    return super.success() && this.#envelope()?.success !== false;
  }

  /** Every error code of the answer, nested `error_chain` codes included. */
  errorCodes(): number[] {
    return allErrors(this.#envelope()?.errors).map((e) => e.code);
  }

  /** `Cloudflare error 81057: Record already exists.` joined for every error. */
  override errorMessage(): string | undefined {
    const errors = allErrors(this.#envelope()?.errors);
    if (errors.length === 0) return super.errorMessage();
    return errors.map((e) => `Cloudflare error ${e.code}: ${e.message}`).join('; ');
  }

  /** The error, its class chosen by Cloudflare's codes; the first code is kept in `providerCode`. */
  override async parseError(): Promise<NubesError> {
    const base = await super.parseError();
    const all = this.errorCodes();
    const overrides = all.length > 0 ? { providerCode: String(all[0]) } : {};
    if (this.status === 429) return asErrorClass(base, undefined, overrides);
    const codes = new Set(all);
    const has = (set: ReadonlySet<number>): boolean => [...codes].some((c) => set.has(c));
    let Cls: ErrorClass | undefined;
    if (has(AUTH)) Cls = InvalidCredentialsError;
    else if (has(RECORD_EXISTS)) Cls = RecordAlreadyExistsError;
    else if (has(RECORD_NOT_FOUND)) Cls = RecordDoesNotExistError;
    else if (has(ZONE_EXISTS)) Cls = ZoneAlreadyExistsError;
    else if (has(ZONE_NOT_FOUND)) Cls = /\/dns_records\/[^/?]+/.test(this.url) ? RecordDoesNotExistError : ZoneDoesNotExistError;
    return asErrorClass(base, Cls, overrides);
  }
}

/**
 * The connection to the Cloudflare API. With a secret it uses the legacy global API
 * key (`X-Auth-Email: <key>`, `X-Auth-Key: <secret>`); without, `key` is an API token
 * sent as `Authorization: Bearer`. All three values are redacted from errors and logs.
 */
export class CloudflareConnection extends Connection {
  readonly #authorization: Readonly<Record<string, string>>;

  /**
   * @param key - an API token, or the account email when `apiKey` is given.
   * @param apiKey - the legacy global API key (optional).
   * @param options - connection options; the host defaults to `api.cloudflare.com`.
   */
  constructor(key: string, apiKey: string | undefined, options: ConnectionOptions = {}) {
    super({ host: CLOUDFLARE_API_HOST, ...options });
    if (typeof key !== 'string' || key.trim() === '') {
      throw new InvalidArgumentError('key (an API token, or the account email with a global API key) is required', { option: 'key' });
    }
    if (apiKey !== undefined && (typeof apiKey !== 'string' || apiKey.trim() === '')) {
      throw new InvalidArgumentError('secret (the global API key) must be a non-empty string when given', { option: 'secret' });
    }
    this.secrets.add(key);
    this.secrets.add(apiKey);
    this.#authorization = apiKey === undefined ? { authorization: `Bearer ${key}` } : { 'x-auth-email': key, 'x-auth-key': apiKey };
    this.responseCls = CloudflareResponse;
  }

  /** The API lives below `/client/v4`, unless the `url` option already names a path. */
  protected override morphAction(action: string): string {
    return this.basePath === '' ? `${CLOUDFLARE_API_PATH}${action}` : action;
  }

  protected override addDefaultHeaders(headers: Record<string, string>): Record<string, string> {
    return { accept: 'application/json', ...headers, ...this.#authorization };
  }
}
