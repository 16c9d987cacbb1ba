/**
 * Responses. A driver's Response subclass owns its provider's error mapping
 * (`parseError`); the Connection calls `success()`, then `parseBody()` or
 * `parseError()`.
 */
import type { Readable } from 'node:stream';
import { errorFromStatus, type NubesError } from '../common/errors/index.js';
import { parseXml, xmlFind, xmlText, type XmlElement } from '../common/xml.js';

/** What a Response is built from. */
export interface ResponseInit {
  /** HTTP status code. */
  readonly status: number;
  /** Lowercase names; repeated headers joined with `, `. */
  readonly headers: Readonly<Record<string, string>>;
  /** The body bytes, after content decoding. */
  readonly body: Buffer;
  /** HTTP method of the request. */
  readonly method: string;
  /** The request URL, redacted. */
  readonly url: string;
  /** The provider, for error context. */
  readonly provider: string | undefined;
}

const REQUEST_ID_HEADERS = [
  'x-amz-request-id',
  'x-amzn-requestid',
  'x-ms-request-id',
  'x-openstack-request-id',
  'x-compute-request-id',
  'x-trans-id',
  'x-request-id',
  'cf-ray',
];

/** The provider request id from the usual headers, if any. */
export function requestIdFrom(headers: Readonly<Record<string, string>>): string | undefined {
  for (const name of REQUEST_ID_HEADERS) {
    const value = headers[name];
    if (value) return value;
  }
  return undefined;
}

/**
 * A buffered response. `body` is the decoded text; `object` the parsed body (the text
 * itself here, JSON or XML in the subclasses). A driver's subclass maps its provider's
 * errors in `parseError()`.
 *
 * @typeParam T - the parsed body's type.
 * @example
 * ```ts
 * import type { Connection } from 'nubes';
 *
 * async function countServers(connection: Connection): Promise<number> {
 *   const res = await connection.request<{ servers: { id: string }[] }>('/v1/servers');
 *   console.log(res.status, res.requestId);
 *   return res.object.servers.length;
 * }
 * ```
 */
export class Response<T = unknown> {
  /** HTTP status code. */
  readonly status: number;
  /** Response headers, lowercase names; repeated ones joined with `, `. */
  readonly headers: Readonly<Record<string, string>>;
  /** The raw bytes of the body (after content decoding). */
  readonly rawBody: Buffer;
  /** The body as UTF-8 text. */
  readonly body: string;
  /** The parsed body, set by the Connection after `parseBody()`. */
  object!: T;
  /** HTTP method of the request. */
  readonly method: string;
  /** The request URL, redacted. */
  readonly url: string;
  /** The provider, for error context. */
  readonly provider: string | undefined;

  constructor(init: ResponseInit) {
    this.status = init.status;
    this.headers = init.headers;
    this.rawBody = init.body;
    this.body = init.body.toString('utf8');
    this.method = init.method;
    this.url = init.url;
    this.provider = init.provider;
  }

  /** The provider's request id, from the usual headers. */
  get requestId(): string | undefined {
    return requestIdFrom(this.headers);
  }

  /** True for 2xx (204 included). Override for providers that signal errors differently. */
  success(): boolean {
    return this.status >= 200 && this.status < 300;
  }

  /** Parses the body into `object`. */
  parseBody(): T | Promise<T> {
    return this.body as T;
  }

  /** The provider's error message, extracted from the body. Override per provider. */
  errorMessage(): string | Promise<string | undefined> | undefined {
    const text = this.body.trim();
    if (text === '' || text.length > 500 || /^\s*</.test(text)) return undefined;
    return text;
  }

  /** True when the provider signalled throttling without a 429 (e.g. AWS `Throttling`). */
  isThrottled(): boolean {
    return false;
  }

  /** Builds the error for a non-success response. */
  async parseError(): Promise<NubesError> {
    const message = await this.errorMessage();
    return errorFromStatus({
      statusCode: this.status,
      ...(message !== undefined ? { message } : {}),
      retryAfterHeader: this.headers['retry-after'],
      method: this.method,
      url: this.url,
      ...(this.provider !== undefined ? { provider: this.provider } : {}),
      ...(this.requestId !== undefined ? { requestId: this.requestId } : {}),
      throttled: this.isThrottled(),
    });
  }
}

/** A JSON value. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

function pickString(...candidates: unknown[]): string | undefined {
  for (const c of candidates) if (typeof c === 'string' && c.trim() !== '') return c;
  return undefined;
}

/**
 * A JSON response. An empty body parses to `undefined`.
 *
 * @example
 * ```ts
 * import { JsonResponse, NodeDoesNotExistError, type NubesError } from 'nubes';
 *
 * class AcmeResponse extends JsonResponse {
 *   override async parseError(): Promise<NubesError> {
 *     const code = (this.parseBody() as { error?: { code?: string } } | undefined)?.error?.code;
 *     if (code === 'server_not_found') return new NodeDoesNotExistError('No such server', { statusCode: this.status });
 *     return super.parseError(); // status-based: 401 InvalidCredentials, 404 NotFound, 429 RateLimit, ...
 *   }
 * }
 * ```
 */
export class JsonResponse<T = unknown> extends Response<T> {
  #parsed: { value: unknown } | undefined;

  #json(): unknown {
    if (!this.#parsed) {
      const text = this.body.trim();
      this.#parsed = { value: text === '' ? undefined : JSON.parse(text) };
    }
    return this.#parsed.value;
  }

  override parseBody(): T {
    return this.#json() as T;
  }

  /**
   * Finds the message in the common error shapes: `{message}`, `{error: {message}}`,
   * `{error: "..."}`, `{errors: [{message|detail|reason}]}`, `{error_message}`,
   * `{description}`, `{fault: {message}}`.
   */
  override errorMessage(): string | undefined {
    let value: unknown;
    try {
      value = this.#json();
    } catch {
      return super.errorMessage() as string | undefined;
    }
    if (!value || typeof value !== 'object') return undefined;
    const v = value as Record<string, unknown>;
    const error = v.error;
    const errors = Array.isArray(v.errors) ? (v.errors as unknown[]) : [];
    const first = (errors[0] ?? {}) as Record<string, unknown>;
    const nested = error && typeof error === 'object' ? (error as Record<string, unknown>) : {};
    const main = pickString(
      v.message,
      nested.message,
      typeof error === 'string' ? error : undefined,
      first.message,
      first.detail,
      first.reason,
      v.error_message,
      v.description,
      v.detail,
    );
    if (errors.length > 1 && main) {
      const more = errors
        .slice(1)
        .map((e) => pickString((e as Record<string, unknown>)?.message, (e as Record<string, unknown>)?.reason))
        .filter(Boolean);
      return more.length ? `${main}; ${more.join('; ')}` : main;
    }
    return main;
  }
}

/**
 * An XML response, parsed by {@link parseXml}.
 *
 * @example
 * ```ts
 * import { ContainerDoesNotExistError, XmlResponse, type NubesError } from 'nubes';
 *
 * class StoreResponse extends XmlResponse {
 *   override async parseError(): Promise<NubesError> {
 *     if ((await this.errorCode()) === 'NoSuchBucket') return new ContainerDoesNotExistError('No such bucket', { statusCode: this.status });
 *     return super.parseError();
 *   }
 * }
 * ```
 */
export class XmlResponse<T extends XmlElement = XmlElement> extends Response<T> {
  override async parseBody(): Promise<T> {
    if (this.body.trim() === '') return {} as T;
    return (await parseXml(this.body)) as T;
  }

  /** The error code in the body (`<Code>`), for subclasses that map codes to classes. */
  async errorCode(): Promise<string | undefined> {
    const doc = await this.#tryParse();
    return xmlText(xmlFind(doc, 'Error'), 'Code') ?? xmlText(xmlFind(doc, 'Errors'), 'Code');
  }

  async #tryParse(): Promise<XmlElement | undefined> {
    if (!/^\s*</.test(this.body)) return undefined;
    try {
      return await parseXml(this.body);
    } catch {
      return undefined;
    }
  }

  /** `Code: Message` from `<Error>` (S3, EC2 `<Errors><Error>`, Route53 `<ErrorResponse><Error>`). */
  override async errorMessage(): Promise<string | undefined> {
    const doc = await this.#tryParse();
    const error = xmlFind(doc, 'Error');
    if (!error) return super.errorMessage() as string | undefined;
    const code = xmlText(error, 'Code');
    const message = xmlText(error, 'Message');
    return [code, message].filter(Boolean).join(': ') || undefined;
  }
}

/**
 * A streamed response. `body` is the provider's body as a Node stream; it is never
 * buffered. Read it, pipe it, or call `body.destroy()` to release the connection.
 *
 * @example
 * ```ts
 * import { createWriteStream } from 'node:fs';
 * import { pipeline } from 'node:stream/promises';
 * import type { Connection } from 'nubes';
 *
 * async function save(connection: Connection, key: string): Promise<void> {
 *   const res = await connection.request(`/bucket/${key}`, { raw: true });
 *   await pipeline(res.body, createWriteStream('./object.bin'));
 * }
 * ```
 */
export class RawResponse {
  /** HTTP status code (always 2xx: errors are raised, not returned). */
  readonly status: number;
  /** Response headers, lowercase names. */
  readonly headers: Readonly<Record<string, string>>;
  /** The body as a Node stream: read it, pipe it, or `destroy()` it to release the connection. */
  readonly body: Readable;
  /** HTTP method of the request. */
  readonly method: string;
  /** The request URL, redacted. */
  readonly url: string;

  constructor(init: Omit<ResponseInit, 'body' | 'provider'> & { body: Readable }) {
    this.status = init.status;
    this.headers = init.headers;
    this.body = init.body;
    this.method = init.method;
    this.url = init.url;
  }

  /** The provider's request id, from the usual headers. */
  get requestId(): string | undefined {
    return requestIdFrom(this.headers);
  }
}

/** A Response class a Connection can use as its `responseCls`. */
export type ResponseClass = new (init: ResponseInit) => Response;
