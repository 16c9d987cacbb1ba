/**
 * Route 53's connection (REST + XML, API 2013-04-01, SigV4 for the partition's
 * signing region) and its error mapping.
 */
import { AwsRestXmlConnection, AwsXmlResponse, route53Endpoint, type AwsErrorClass, type AwsServiceDescription } from '../../../common/aws/index.js';
import {
  asErrorClass,
  BadRequestError,
  RecordAlreadyExistsError,
  RecordDoesNotExistError,
  ZoneAlreadyExistsError,
  ZoneDoesNotExistError,
  errorFromStatus,
  type NubesError,
} from '../../../common/errors/index.js';
import type { ResponseClass } from '../../../connection/response.js';
import { parseXml, xmlChild, xmlChildren, xmlText, type XmlElement } from '../../../common/xml.js';

/** The API version prefix of every Route 53 path. */
export const ROUTE53_API_PREFIX = '/2013-04-01';

const MESSAGE_EXISTS = /already exists/i;
const MESSAGE_MISSING = /(was not found|does not exist|not found)/i;

/**
 * Route 53 answers. Besides the AWS-wide mapping (auth codes, `Throttling` and
 * `PriorRequestNotComplete` → RateLimitError): `NoSuchHostedZone` →
 * ZoneDoesNotExistError, `HostedZoneAlreadyExists` / `ConflictingDomainExists` →
 * ZoneAlreadyExistsError, and `InvalidChangeBatch` — sent as its own
 * `<InvalidChangeBatch><Messages>` document or as an `<Error>` — by its message:
 * "… but it already exists" → RecordAlreadyExistsError, "… but it was not found" →
 * RecordDoesNotExistError, anything else (values that no longer match, conflicts,
 * bad values) → BadRequestError. The AWS code is kept in `providerCode`.
 */
export class Route53Response extends AwsXmlResponse {
  protected override errorClassFor(code: string, status: number): AwsErrorClass | undefined {
    if (code === 'NoSuchHostedZone') return ZoneDoesNotExistError;
    if (code === 'HostedZoneAlreadyExists' || code === 'ConflictingDomainExists') return ZoneAlreadyExistsError;
    return super.errorClassFor(code, status);
  }

  /** The messages of an `<InvalidChangeBatch>` document, or undefined for any other body. */
  async invalidChangeBatchMessages(): Promise<string[] | undefined> {
    if (!/<InvalidChangeBatch[\s>]/.test(this.body)) return undefined;
    let doc: XmlElement;
    try {
      doc = await parseXml(this.body);
    } catch {
      return undefined;
    }
    const root = xmlChild(doc, 'InvalidChangeBatch');
    if (!root) return undefined;
    return xmlChildren(xmlChild(root, 'Messages'), 'Message').map((m) => xmlText(m) ?? '');
  }

  /** The AWS error, with the zone codes and `InvalidChangeBatch` messages mapped as described on the class. */
  override async parseError(): Promise<NubesError> {
    const messages = await this.invalidChangeBatchMessages();
    if (messages === undefined) {
      const base = await super.parseError();
      if (base.providerCode !== 'InvalidChangeBatch') return base;
      return this.#changeBatchError(base.message, base);
    }
    const base = errorFromStatus({
      statusCode: this.status,
      message: `InvalidChangeBatch: ${messages.join('; ')}`,
      retryAfterHeader: this.headers['retry-after'],
      method: this.method,
      url: this.url,
      ...(this.provider !== undefined ? { provider: this.provider } : {}),
      ...(this.requestId !== undefined ? { requestId: this.requestId } : {}),
      providerCode: 'InvalidChangeBatch',
    });
    return this.#changeBatchError(messages.join('; '), base);
  }

  #changeBatchError(text: string, base: NubesError): NubesError {
    const Cls: AwsErrorClass = MESSAGE_EXISTS.test(text) ? RecordAlreadyExistsError : MESSAGE_MISSING.test(text) ? RecordDoesNotExistError : BadRequestError;
    return asErrorClass(base, Cls, { providerCode: 'InvalidChangeBatch' });
  }
}

/**
 * The connection to Route 53: `route53.amazonaws.com` (China and GovCloud have their
 * own) signed for `us-east-1` whatever the configured region; actions are relative to
 * `/2013-04-01`.
 */
export class Route53Connection extends AwsRestXmlConnection {
  static override readonly awsService: AwsServiceDescription = {
    service: 'route53',
    endpoint: (region: string) => route53Endpoint(region).host,
    signingRegion: (region: string) => route53Endpoint(region).signingRegion,
  };
  /** {@link Route53Response}: maps Route 53's error codes and change-batch messages. */
  protected override responseCls: ResponseClass = Route53Response;

  protected override morphAction(action: string): string {
    if (/^https?:\/\//i.test(action) || action.startsWith(`${ROUTE53_API_PREFIX}/`)) return action;
    return `${ROUTE53_API_PREFIX}${action.startsWith('/') ? action : `/${action}`}`;
  }
}
