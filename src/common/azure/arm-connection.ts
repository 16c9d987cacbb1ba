/**
 * The Azure Resource Manager family: the Connection of every management-plane driver
 * (compute, DNS), its error mapping, the pinned api-versions, `nextLink` paging and
 * long-running operations.
 *
 * References: ARM error shape and async operations
 * (https://learn.microsoft.com/azure/azure-resource-manager/management/async-operations),
 * throttling (https://learn.microsoft.com/azure/azure-resource-manager/management/request-limits-and-throttling).
 */
import type { ConnectionOptions, HttpMethod, PreparedRequest, QueryParams, RequestOptions } from '../../connection/connection.js';
import { JsonResponse, type Response } from '../../connection/response.js';
import {
  InvalidArgumentError,
  InvalidCredentialsError,
  NubesError,
  OperationFailedError,
  ProviderError,
  errorFromStatus,
  parseRetryAfter,
} from '../errors/index.js';
import { OAuthConnection } from '../oauth/oauth-connection.js';
import { TokenCache, type TokenCredential } from '../oauth/token-credential.js';
import { paginate } from '../pagination.js';
import { poll, type PollResult } from '../poll.js';
import { AZURE_CLOUDS } from './clouds.js';
import { entraError } from './entra.js';

/**
 * One pinned `api-version` per ARM resource type. Every request of a type sends this
 * version and the parsers follow its shapes; override one with the `apiVersions` option
 * (e.g. for a sovereign cloud that lags behind), at your own risk.
 */
export const ARM_API_VERSIONS = {
  /** api-version of Microsoft.Compute/virtualMachines. */
  'Microsoft.Compute/virtualMachines': '2024-07-01',
  /** api-version of Microsoft.Compute/locations/vmSizes. */
  'Microsoft.Compute/locations/vmSizes': '2024-07-01',
  /** api-version of Microsoft.Compute/locations/publishers. */
  'Microsoft.Compute/locations/publishers': '2024-07-01',
  /** api-version of Microsoft.Compute/images. */
  'Microsoft.Compute/images': '2024-07-01',
  /** api-version of Microsoft.Compute/disks. */
  'Microsoft.Compute/disks': '2024-03-02',
  /** api-version of Microsoft.Network/networkInterfaces. */
  'Microsoft.Network/networkInterfaces': '2024-05-01',
  /** api-version of Microsoft.Network/publicIPAddresses. */
  'Microsoft.Network/publicIPAddresses': '2024-05-01',
  /** api-version of Microsoft.Network/virtualNetworks. */
  'Microsoft.Network/virtualNetworks': '2024-05-01',
  /** api-version of Microsoft.Network/networkSecurityGroups. */
  'Microsoft.Network/networkSecurityGroups': '2024-05-01',
  /** api-version of Microsoft.Network/dnsZones. */
  'Microsoft.Network/dnsZones': '2018-05-01',
  /** api-version of Microsoft.Resources/resourceGroups. */
  'Microsoft.Resources/resourceGroups': '2021-04-01',
  /** api-version of Microsoft.Resources/subscriptions. */
  'Microsoft.Resources/subscriptions': '2022-12-01',
} as const;

/** A resource type of {@link ARM_API_VERSIONS}. */
export type ArmResourceType = keyof typeof ARM_API_VERSIONS;

/** ARM error codes that mean "try again later" whatever the status (the network RP's 429/409). */
export const ARM_RETRYABLE_CODES: ReadonlySet<string> = new Set(['RetryableErrorDueToAnotherOperation', 'TooManyRequests', 'SubscriptionRequestsThrottled']);

/** ARM's error body: `{"error":{"code","message","details"?}}`. */
export interface ArmErrorBody {
  /** The error. */
  error?: ArmErrorDetail & {
    /** More specific errors. */
    details?: ArmErrorDetail[];
  };
}

/** An ARM error code and message. */
export interface ArmErrorDetail {
  /** ARM's error code (`ResourceNotFound`, `AuthorizationFailed`, ...). */
  code?: string;
  /** ARM's message. */
  message?: string;
}

/**
 * The JSON response of ARM: `{"error":{"code","message"}}` mapped to nubes errors with
 * `providerCode` = ARM's code and `requestId` = `x-ms-request-id`; throttling codes
 * (`RetryableErrorDueToAnotherOperation`) become a retryable RateLimitError whatever the
 * status; an Entra token-endpoint error body becomes the AADSTS error.
 */
export class ArmResponse<T = unknown> extends JsonResponse<T> {
  /** ARM's error code and message, if the body has them. */
  armError(): ArmErrorInfo | undefined {
    let body: ArmErrorBody;
    try {
      body = JSON.parse(this.body) as ArmErrorBody;
    } catch {
      return undefined;
    }
    const error = body?.error;
    if (!error || typeof error !== 'object') return undefined;
    const detail = Array.isArray(error.details) ? error.details.find((d) => d && typeof d.message === 'string') : undefined;
    const message = typeof error.message === 'string' ? error.message : undefined;
    return {
      code: typeof error.code === 'string' ? error.code : undefined,
      message: detail?.message && detail.message !== message ? `${message ?? ''} (${detail.code ?? 'detail'}: ${detail.message})` : message,
    };
  }

  override isThrottled(): boolean {
    const code = this.armError()?.code;
    return code !== undefined && ARM_RETRYABLE_CODES.has(code);
  }

  override async parseError(): Promise<NubesError> {
    const entra = entraError(this.status, this.body, {
      ...(this.requestId !== undefined ? { requestId: this.requestId } : {}),
      ...(this.provider !== undefined ? { provider: this.provider } : {}),
    });
    if (entra) return entra;
    const arm = this.armError();
    if (arm === undefined) return super.parseError();
    return errorFromStatus({
      statusCode: this.status,
      ...(arm.message !== undefined || arm.code !== undefined ? { message: `${arm.code ?? 'Error'}: ${arm.message ?? ''}`.trim() } : {}),
      retryAfterHeader: this.headers['retry-after'],
      method: this.method,
      url: this.url,
      ...(this.provider !== undefined ? { provider: this.provider } : {}),
      ...(this.requestId !== undefined ? { requestId: this.requestId } : {}),
      ...(arm.code !== undefined ? { providerCode: arm.code } : {}),
      throttled: this.isThrottled(),
    });
  }
}

/** What {@link ArmResponse.armError} found. */
export interface ArmErrorInfo {
  /** ARM's error code. */
  code: string | undefined;
  /** ARM's message (with the first detail's, when it says more). */
  message: string | undefined;
}

/** Options of {@link ArmConnection}: the Connection's, plus ARM's own. */
export interface ArmConnectionOptions extends ConnectionOptions {
  /** Overrides of {@link ARM_API_VERSIONS}, by resource type. */
  apiVersions?: Partial<Record<ArmResourceType, string>> | undefined;
  /** The scope of the management token. Default: the public cloud's `https://management.azure.com/.default`. */
  scope?: string | undefined;
}

/** Options of {@link ArmConnection.waitForOperation}. */
export interface ArmWaitOptions {
  /** What is awaited, for messages. */
  what?: string;
  /** Cancels the wait (not the operation). */
  signal?: AbortSignal | undefined;
  /** The longest wait, ms (default 30 minutes: a VM creation takes minutes). */
  timeout?: number | undefined;
  /** First delay between checks when ARM gives no Retry-After, ms (default 2000). */
  interval?: number | undefined;
  /** The resource URL to GET when the operation is done, for its final state (PUT/PATCH). */
  resourceUrl?: string | undefined;
  /** Extra headers of the initial request (`If-Match: <etag>` for an optimistic update). */
  headers?: Record<string, string> | undefined;
}

/** The state of an `Azure-AsyncOperation` status body. */
interface AsyncOperationStatus {
  status?: string;
  error?: { code?: string; message?: string };
}

const TERMINAL = new Set(['succeeded', 'failed', 'canceled', 'cancelled']);

/**
 * The Connection of Azure Resource Manager (`management.azure.com`, or a sovereign
 * cloud's host): bearer token from a {@link TokenCredential}, sent only to this host
 * (never to a `nextLink` or polling URL elsewhere), one refresh on a 401, ARM errors
 * mapped by {@link ArmResponse}, `nextLink` paging and long-running operations.
 *
 * @example
 * ```ts
 * import { ArmConnection, ClientSecretCredential } from 'nubes/azure';
 *
 * const credential = new ClientSecretCredential({ tenantId: 't', clientId: 'c', clientSecret: 's' });
 * const arm = new ArmConnection(credential);
 * for await (const group of arm.iterate('/subscriptions/sub-id/resourcegroups', 'Microsoft.Resources/resourceGroups')) {
 *   console.log(group);
 * }
 * ```
 */
export class ArmConnection extends OAuthConnection {
  protected override responseCls = ArmResponse;
  /** The api-version of every resource type (the pinned table with the overrides applied). */
  readonly apiVersions: Readonly<Record<ArmResourceType, string>>;

  constructor(credential: TokenCredential | TokenCache, options: ArmConnectionOptions = {}) {
    const { apiVersions, scope, ...connectionOptions } = options;
    const versions: Record<string, string> = { ...ARM_API_VERSIONS };
    if (apiVersions !== undefined) {
      if (typeof apiVersions !== 'object' || apiVersions === null) throw new InvalidArgumentError('apiVersions must be an object of resource type → api-version', { option: 'apiVersions' });
      for (const [type, version] of Object.entries(apiVersions)) {
        if (!(type in ARM_API_VERSIONS)) {
          throw new InvalidArgumentError(`apiVersions: unknown resource type ${JSON.stringify(type)} (known: ${Object.keys(ARM_API_VERSIONS).join(', ')})`, { option: 'apiVersions' });
        }
        if (typeof version !== 'string' || !/^\d{4}-\d{2}-\d{2}(-preview)?$/.test(version)) {
          throw new InvalidArgumentError(`apiVersions[${type}] must look like 2024-07-01 (got ${JSON.stringify(version)})`, { option: 'apiVersions' });
        }
        versions[type] = version;
      }
    }
    super(credential, [scope ?? AZURE_CLOUDS.public.armScope], { host: AZURE_CLOUDS.public.armHost, ...connectionOptions });
    this.apiVersions = versions as Record<ArmResourceType, string>;
    this.provider ??= 'azure';
  }

  /** The api-version for `type`. */
  apiVersion(type: ArmResourceType): string {
    return this.apiVersions[type];
  }

  /**
   * A request with the api-version of `type` added (unless the action is an absolute URL,
   * a `nextLink` or polling URL, which already carries its own).
   */
  arm<T = unknown>(action: string, type: ArmResourceType, options: RequestOptions & { raw?: false } = {}): Promise<Response<T>> {
    const absolute = /^https?:\/\//i.test(action);
    const params: QueryParams = absolute ? { ...(options.params ?? {}) } : { 'api-version': this.apiVersion(type), ...(options.params ?? {}) };
    return this.request<T>(action, { ...options, params });
  }

  /**
   * Every item of an ARM list (`{"value":[...],"nextLink":"..."}`), following `nextLink`
   * verbatim through the common paginator. The bearer token goes with a link only when
   * its host is this connection's host.
   */
  iterate<T>(path: string, type: ArmResourceType, options: { params?: QueryParams; what?: string; signal?: AbortSignal | undefined; maxPages?: number | undefined } = {}): AsyncGenerator<T, void, undefined> {
    const what = options.what ?? `Azure ${type} list`;
    return paginate<T, string>(
      undefined,
      async (link) => {
        const res = await this.arm<{ value?: T[]; nextLink?: string | null }>(link ?? path, type, {
          ...(link === undefined && options.params ? { params: options.params } : {}),
          ...(options.signal ? { signal: options.signal } : {}),
        });
        const body = res.object ?? {};
        if (body.value !== undefined && !Array.isArray(body.value)) {
          throw new ProviderError(`${what}: the reply's value is not an array`, { provider: this.provider });
        }
        return { items: body.value ?? [], next: typeof body.nextLink === 'string' && body.nextLink !== '' ? body.nextLink : undefined };
      },
      { what, provider: this.provider ?? 'azure', ...(options.signal ? { signal: options.signal } : {}), ...(options.maxPages !== undefined ? { maxPages: options.maxPages } : {}) },
    );
  }

  /**
   * Sends a PUT/PATCH/DELETE/POST and waits for the long-running operation it starts;
   * resolves to the final resource (PUT/PATCH: the body of a GET on the resource), or
   * the body of the final Location poll.
   */
  async send<T = unknown>(method: HttpMethod, action: string, type: ArmResourceType, data?: unknown, options: ArmWaitOptions = {}): Promise<T | undefined> {
    const res = await this.arm<T>(action, type, {
      method,
      ...(data !== undefined ? { data } : {}),
      ...(options.headers ? { headers: options.headers } : {}),
      // ARM's PUT/DELETE are idempotent; its POST actions (start, restart, deallocate,
      // powerOff) are too: a 429 or a reset connection is safe to send again.
      idempotent: true,
      ...(options.signal ? { signal: options.signal } : {}),
    });
    const resourceUrl = method === 'PUT' || method === 'PATCH' ? (options.resourceUrl ?? this.#withVersion(action, type)) : options.resourceUrl;
    return this.waitForOperation<T>(res, { ...options, ...(resourceUrl !== undefined ? { resourceUrl } : {}) });
  }

  #withVersion(action: string, type: ArmResourceType): string {
    if (/^https?:\/\//i.test(action)) return action;
    return `${action}${action.includes('?') ? '&' : '?'}api-version=${encodeURIComponent(this.apiVersion(type))}`;
  }

  /**
   * Waits for the long-running operation `res` started, with the common poller:
   * `Azure-AsyncOperation` preferred (its `status` until Succeeded/Failed/Canceled),
   * `Location` otherwise (202 until done), a non-terminal `provisioningState` in the body
   * otherwise; `Retry-After` honoured. A Failed or Canceled operation is an
   * {@link OperationFailedError} carrying ARM's error code and message.
   */
  async waitForOperation<T = unknown>(res: Response<T>, options: ArmWaitOptions = {}): Promise<T | undefined> {
    const what = options.what ?? `Azure operation ${res.method} ${res.url}`;
    const asyncUrl = res.headers['azure-asyncoperation'];
    const location = res.headers.location;
    const pollOptions = {
      what,
      provider: this.provider ?? 'azure',
      timeout: options.timeout ?? 30 * 60_000,
      interval: options.interval ?? 2_000,
      maxInterval: 30_000,
      ...(options.signal ? { signal: options.signal } : {}),
    };
    const final = async (fallback: T | undefined): Promise<T | undefined> => {
      if (options.resourceUrl === undefined) return fallback;
      const got = await this.request<T>(options.resourceUrl, options.signal ? { signal: options.signal } : {});
      return got.object;
    };
    if (asyncUrl) {
      let retryAfter = parseRetryAfter(res.headers['retry-after']);
      await poll<void>(async (attempt) => {
        if (attempt === 0 && retryAfter !== undefined) return { done: false, state: 'Accepted', retryAfter };
        const status = await this.request<AsyncOperationStatus>(asyncUrl, options.signal ? { signal: options.signal } : {});
        retryAfter = parseRetryAfter(status.headers['retry-after']);
        return armOperationState(status.object, what, this.provider, retryAfter);
      }, pollOptions);
      return final(res.object);
    }
    if (location) {
      const retryAfter = parseRetryAfter(res.headers['retry-after']);
      const body = await poll<T | undefined>(async (attempt) => {
        if (attempt === 0 && retryAfter !== undefined) return { done: false, state: 'Accepted', retryAfter };
        let got: Response<T>;
        try {
          got = await this.request<T>(location, options.signal ? { signal: options.signal } : {});
        } catch (err) {
          // A Location poll answers a failed operation with its error status.
          if (err instanceof ProviderError && !(err instanceof InvalidCredentialsError) && err.statusCode !== undefined && err.statusCode !== 429) {
            throw new OperationFailedError(`${what} failed: ${err.message}`, { provider: this.provider, providerCode: err.providerCode, requestId: err.requestId, statusCode: err.statusCode, cause: err });
          }
          throw err;
        }
        if (got.status === 202) {
          const ra = parseRetryAfter(got.headers['retry-after']);
          return ra !== undefined ? { done: false, state: 'InProgress', retryAfter: ra } : { done: false, state: 'InProgress' };
        }
        return { done: true, value: got.object };
      }, pollOptions);
      return options.resourceUrl !== undefined ? final(body) : body;
    }
    const state = provisioningState(res.object);
    if (state !== undefined && !TERMINAL.has(state.toLowerCase()) && options.resourceUrl !== undefined) {
      const resourceUrl = options.resourceUrl;
      return poll<T | undefined>(async () => {
        const got = await this.request<T>(resourceUrl, options.signal ? { signal: options.signal } : {});
        const now = provisioningState(got.object) ?? 'Succeeded';
        const check = armOperationState({ status: now }, what, this.provider, undefined);
        return check.done ? { done: true, value: got.object } : { done: false, state: now };
      }, pollOptions);
    }
    if (state !== undefined && /^(failed|canceled|cancelled)$/i.test(state)) {
      throw new OperationFailedError(`${what}: provisioningState ${state}`, { provider: this.provider, providerCode: state });
    }
    return res.object;
  }

  /** Only a 401 earns a new token: a 403 (AuthorizationFailed) is a missing role, not a stale token. */
  protected override shouldReauthenticate(error: InvalidCredentialsError, prepared: PreparedRequest): boolean {
    if (error.statusCode !== 401) return false;
    return super.shouldReauthenticate(error, prepared);
  }
}

function provisioningState(body: unknown): string | undefined {
  const state = (body as { properties?: { provisioningState?: unknown } } | undefined)?.properties?.provisioningState;
  return typeof state === 'string' ? state : undefined;
}

/**
 * One check of an `Azure-AsyncOperation` status body, for {@link poll}: not done while
 * `InProgress` (or any non-terminal status), done on `Succeeded`, an
 * {@link OperationFailedError} with ARM's `error.code` and `error.message` on `Failed`
 * or `Canceled`.
 */
export function armOperationState(body: unknown, what: string, provider: string | undefined, retryAfter: number | undefined): PollResult<void> {
  const status = (body ?? {}) as AsyncOperationStatus;
  const state = typeof status.status === 'string' ? status.status : undefined;
  if (state === undefined) {
    throw new ProviderError(`${what}: the operation status has no status field`, { provider });
  }
  const lower = state.toLowerCase();
  if (lower === 'succeeded') return { done: true, value: undefined };
  if (lower === 'failed' || lower === 'canceled' || lower === 'cancelled') {
    const code = status.error?.code;
    const message = status.error?.message;
    throw new OperationFailedError(`${what} ${state}${code ? `: ${code}` : ''}${message ? ` — ${message}` : ''}`, { provider, providerCode: code ?? state });
  }
  return retryAfter !== undefined ? { done: false, state, retryAfter } : { done: false, state };
}
