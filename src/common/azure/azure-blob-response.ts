/**
 * Error mapping for the Azure Blob service. Errors come as
 * `<Error><Code>ContainerNotFound</Code><Message>...</Message></Error>`, and the code
 * also in the `x-ms-error-code` header (the only place it is for HEAD requests, which
 * have no body).
 *
 * Reference: "Blob Storage error codes" and "Common REST API error codes" in the Azure
 * Storage REST documentation.
 */
import {
  asErrorClass,
  ContainerAlreadyExistsError,
  ContainerDoesNotExistError,
  InvalidCredentialsError,
  ObjectDoesNotExistError,
  ObjectHashMismatchError,
  RateLimitError,
  ServiceUnavailableError,
  errorFromStatus,
  type NubesError,
  type NubesErrorOptions,
} from '../errors/index.js';
import { entraError } from './entra.js';
import { parseXml, xmlFind, xmlText, type XmlElement } from '../xml.js';
import { XmlResponse } from '../../connection/response.js';

type ErrorClass = new (message: string, options?: NubesErrorOptions) => NubesError;

/** Azure error codes that have a more precise nubes class than their HTTP status gives. */
const CODE_CLASSES: Readonly<Record<string, ErrorClass>> = {
  ContainerNotFound: ContainerDoesNotExistError,
  BlobNotFound: ObjectDoesNotExistError,
  ContainerAlreadyExists: ContainerAlreadyExistsError,
  Md5Mismatch: ObjectHashMismatchError,
  AuthenticationFailed: InvalidCredentialsError,
  AuthorizationFailure: InvalidCredentialsError,
  AuthorizationPermissionMismatch: InvalidCredentialsError,
  AuthorizationProtocolMismatch: InvalidCredentialsError,
  AuthorizationResourceTypeMismatch: InvalidCredentialsError,
  AuthorizationServiceMismatch: InvalidCredentialsError,
  AuthorizationSourceIPMismatch: InvalidCredentialsError,
  InvalidAuthenticationInfo: InvalidCredentialsError,
  NoAuthenticationInformation: InvalidCredentialsError,
  InsufficientAccountPermissions: InvalidCredentialsError,
  AccountIsDisabled: InvalidCredentialsError,
  ServerBusy: RateLimitError,
  OperationTimedOut: ServiceUnavailableError,
  InternalError: ServiceUnavailableError,
};

/** Codes that mean "slow down" even though the status is 503 (the service's throttling signal). */
const THROTTLING_CODES = new Set(['ServerBusy']);

/**
 * Azure quotes the request's HMAC in AuthenticationFailed details ("The MAC signature
 * found in the HTTP request '...' is not the same as any computed signature"). The
 * signature is replayable for 15 minutes, so it is redacted wherever it may show.
 */
export const AZURE_SIGNATURE_ECHO = /(?<=MAC signature found in the HTTP request ')[^']*/g;

/**
 * The Response of the Azure Blob service: XML bodies, and errors mapped from Azure's
 * codes to nubes classes (`ContainerNotFound` → {@link ContainerDoesNotExistError},
 * `BlobNotFound` → {@link ObjectDoesNotExistError}, `ServerBusy` → {@link RateLimitError}, ...).
 */
export class AzureBlobResponse extends XmlResponse {
  #doc: Promise<XmlElement | undefined> | undefined;

  #parsedError(): Promise<XmlElement | undefined> {
    this.#doc ??= /^\s*</.test(this.body) ? parseXml(this.body).catch(() => undefined) : Promise.resolve(undefined);
    return this.#doc;
  }

  /**
   * Parses XML bodies (listings, properties: `content-type` says xml, or is absent and
   * the body starts with `<`). Other successful bodies (a blob read without `raw`) are
   * not parsed: `object` is then an empty element and the bytes are in `rawBody`.
   */
  override async parseBody(): Promise<XmlElement> {
    const type = this.headers['content-type'];
    // The Entra ID token endpoint (an Entra-signed connection sends its token request
    // through this connection) answers JSON.
    if (type !== undefined && /\bjson\b/i.test(type) && this.body.trim() !== '') return JSON.parse(this.body) as XmlElement;
    const xml = type === undefined || type === '' ? /^\s*</.test(this.body) : /\bxml\b/i.test(type);
    return xml && this.body.trim() !== '' ? super.parseBody() : {};
  }

  /** The Azure error code, from the body or (for HEAD) the `x-ms-error-code` header. */
  override async errorCode(): Promise<string | undefined> {
    const fromBody = xmlText(xmlFind(await this.#parsedError(), 'Error'), 'Code');
    return fromBody || this.headers['x-ms-error-code'] || undefined;
  }

  /**
   * `Code: Message`, without the `RequestId:`/`Time:` lines Azure appends (the request id
   * is on the error already), plus an authentication detail when there is one.
   */
  override async errorMessage(): Promise<string | undefined> {
    const error = xmlFind(await this.#parsedError(), 'Error');
    const code = (await this.errorCode()) ?? '';
    const message = (xmlText(error, 'Message') ?? '')
      .split('\n')
      .filter((line) => !/^\s*(RequestId|Time):/.test(line))
      .join(' ')
      .trim();
    const detail = (xmlText(error, 'AuthenticationErrorDetail') ?? '').replace(AZURE_SIGNATURE_ECHO, '[REDACTED]').trim();
    const text = [code, message].filter(Boolean).join(': ');
    if (text === '') return (await super.errorMessage()) ?? undefined;
    return detail ? `${text} (${detail})` : text;
  }

  override async parseError(): Promise<NubesError> {
    const entra = entraError(this.status, this.body, {
      ...(this.requestId !== undefined ? { requestId: this.requestId } : {}),
      ...(this.provider !== undefined ? { provider: this.provider } : {}),
    });
    if (entra) return entra;
    const code = await this.errorCode();
    const message = await this.errorMessage();
    const base: NubesError = errorFromStatus({
      statusCode: this.status,
      ...(message !== undefined ? { message } : {}),
      retryAfterHeader: this.headers['retry-after'],
      method: this.method,
      url: this.url,
      ...(this.provider !== undefined ? { provider: this.provider } : {}),
      ...(this.requestId !== undefined ? { requestId: this.requestId } : {}),
      ...(code !== undefined ? { providerCode: code } : {}),
      throttled: code !== undefined && THROTTLING_CODES.has(code),
    });
    let Cls = code !== undefined ? CODE_CLASSES[code] : undefined;
    // Azurite answers a wrong Content-MD5 with InvalidOperation, not Azure's Md5Mismatch.
    if (code === 'InvalidOperation' && /content-?md5 doesn't match/i.test(message ?? '')) Cls = ObjectHashMismatchError;
    if (Cls === undefined || Cls.prototype.isPrototypeOf(base)) return base; // already that class (e.g. ServerBusy → RateLimitError)
    return asErrorClass(base, Cls);
  }
}
