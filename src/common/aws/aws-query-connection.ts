/**
 * The AWS Query protocol (EC2, ELB, ELBv2, STS, ...): every call is an `Action` with a
 * `Version` and flat parameters (`Filter.1.Name`, `InstanceId.1`), sent as a
 * form-encoded POST body (or a GET query), answered in XML.
 */
import type { HttpMethod, RequestOptions } from '../../connection/connection.js';
import type { Response } from '../../connection/response.js';
import { InvalidArgumentError, ResponseTooLargeError } from '../errors/index.js';
import type { XmlElement } from '../xml.js';
import { AwsConnection } from './aws-connection.js';
import { uriEncode } from './sigv4.js';

/** Flat Query parameters; undefined values are dropped. */
export type AwsQueryParams = Readonly<Record<string, string | number | boolean | undefined>>;

/** Options of {@link AwsQueryConnection.queryAction}. */
export interface QueryActionOptions extends Pick<RequestOptions, 'signal' | 'timeout' | 'retry' | 'context'> {
  /** `'POST'` (default: parameters in a form body) or `'GET'` (parameters in the URL). */
  method?: Extract<HttpMethod, 'GET' | 'POST'>;
  /**
   * Safe to retry? Default: true for read actions (`Describe*`, `List*`, `Get*`), false
   * otherwise — give true for actions made idempotent by a `ClientToken`.
   */
  idempotent?: boolean;
  /**
   * The success body carries a secret (CreateKeyPair's private key): it is read as a
   * stream, so NUBES_DEBUG never logs it. Error bodies are logged as usual.
   */
  sensitive?: boolean;
}

/** Largest sensitive success body read (a private key answer is a few KiB). */
const MAX_SENSITIVE_BODY = 1024 * 1024;

/** The form content type the Query protocol uses. */
export const QUERY_CONTENT_TYPE = 'application/x-www-form-urlencoded; charset=utf-8';

/**
 * Flattens a list into Query members: `flattenQueryList('InstanceId', ['i-1', 'i-2'])`
 * gives `{ 'InstanceId.1': 'i-1', 'InstanceId.2': 'i-2' }`.
 */
export function flattenQueryList(prefix: string, values: readonly (string | number)[]): Record<string, string> {
  const out: Record<string, string> = {};
  values.forEach((value, i) => {
    out[`${prefix}.${i + 1}`] = String(value);
  });
  return out;
}

/**
 * Flattens EC2-style filters: `{ 'instance-state-name': ['running'] }` gives
 * `Filter.1.Name=instance-state-name&Filter.1.Value.1=running`.
 */
export function flattenQueryFilters(filters: Readonly<Record<string, readonly string[]>>, prefix = 'Filter'): Record<string, string> {
  const out: Record<string, string> = {};
  Object.entries(filters).forEach(([name, values], i) => {
    out[`${prefix}.${i + 1}.Name`] = name;
    Object.assign(out, flattenQueryList(`${prefix}.${i + 1}.Value`, values));
  });
  return out;
}

/** Encodes Query parameters as a form body (RFC 3986 encoding, so spaces are `%20`). */
export function encodeQueryForm(params: AwsQueryParams): string {
  const parts: string[] = [];
  for (const [name, value] of Object.entries(params)) {
    if (value === undefined) continue;
    parts.push(`${uriEncode(name)}=${uriEncode(String(value))}`);
  }
  return parts.join('&');
}

/**
 * A connection for a Query-protocol service. Subclasses set `awsService` and
 * `apiVersion`.
 *
 * @example
 * ```ts
 * import { AwsQueryConnection, ec2Endpoint } from 'nubes/aws';
 *
 * class Ec2Connection extends AwsQueryConnection {
 *   static override readonly awsService = { service: 'ec2', endpoint: ec2Endpoint };
 *   static override readonly apiVersion = '2016-11-15';
 * }
 * const conn = new Ec2Connection(process.env.AWS_ACCESS_KEY_ID!, process.env.AWS_SECRET_ACCESS_KEY!, { region: 'eu-west-3' });
 * const res = await conn.queryAction('DescribeInstances', { MaxResults: 100 });
 * ```
 */
export abstract class AwsQueryConnection extends AwsConnection {
  /** The API version sent as `Version` with every action. Subclasses must set it. */
  static readonly apiVersion: string | undefined = undefined;

  /** The API version of this connection. */
  get apiVersion(): string {
    const version = (this.constructor as typeof AwsQueryConnection).apiVersion;
    if (version === undefined) {
      throw new InvalidArgumentError(`${this.constructor.name} must set the static apiVersion`, { option: 'apiVersion' });
    }
    return version;
  }

  /**
   * Calls a Query action and returns the parsed XML response.
   *
   * @param action - e.g. `'DescribeInstances'`.
   * @param params - flat parameters (see {@link flattenQueryList}, {@link flattenQueryFilters}).
   * @throws {NubesError} mapped by the connection's response class (AWS codes included).
   */
  async queryAction(action: string, params: AwsQueryParams = {}, options: QueryActionOptions = {}): Promise<Response<XmlElement>> {
    if (typeof action !== 'string' || !/^[A-Za-z0-9]+$/.test(action)) {
      throw new InvalidArgumentError(`action must be an AWS action name such as "DescribeInstances" (got ${JSON.stringify(action)})`, {
        option: 'action',
      });
    }
    const all: AwsQueryParams = { Action: action, Version: this.apiVersion, ...params };
    const method = options.method ?? 'POST';
    const idempotent = options.idempotent ?? /^(Describe|List|Get)/.test(action);
    const common: RequestOptions & { raw?: false } = { method, idempotent };
    if (options.signal !== undefined) common.signal = options.signal;
    if (options.timeout !== undefined) common.timeout = options.timeout;
    if (options.retry !== undefined) common.retry = options.retry;
    if (options.context !== undefined) common.context = options.context;
    let request: RequestOptions & { raw?: false };
    if (method === 'GET') {
      const query: Record<string, string> = {};
      for (const [k, v] of Object.entries(all)) if (v !== undefined) query[k] = String(v);
      request = { ...common, params: query };
    } else {
      request = { ...common, headers: { 'content-type': QUERY_CONTENT_TYPE }, data: encodeQueryForm(all) };
    }
    if (options.sensitive === true) return this.#sensitive(request);
    return this.request<XmlElement>('/', request);
  }

  async #sensitive(request: RequestOptions): Promise<Response<XmlElement>> {
    const raw = await this.request('/', { ...request, raw: true });
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of raw.body) {
      size += (chunk as Buffer).length;
      if (size > MAX_SENSITIVE_BODY) {
        raw.body.destroy();
        throw new ResponseTooLargeError(`The response of ${raw.method} ${raw.url} is larger than ${MAX_SENSITIVE_BODY} bytes`);
      }
      chunks.push(chunk as Buffer);
    }
    const response = new this.responseCls({
      status: raw.status,
      headers: raw.headers,
      body: Buffer.concat(chunks),
      method: raw.method,
      url: raw.url,
      provider: this.provider,
    }) as Response<XmlElement>;
    response.object = await response.parseBody();
    return response;
  }
}
