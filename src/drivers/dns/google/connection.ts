/**
 * The Connection of the Cloud DNS API v1 (https://cloud.google.com/dns/docs/reference/rest/v1):
 * a bearer token from the Google credential chain, Google's errors mapped to the DNS
 * area's errors.
 */
import {
  RecordAlreadyExistsError,
  RecordDoesNotExistError,
  ZoneAlreadyExistsError,
  ZoneDoesNotExistError,
  type NubesError,
  type NubesErrorOptions,
} from '../../../common/errors/index.js';
import { GoogleConnection, GoogleResponse, type GoogleConnectionOptions } from '../../../common/google/index.js';

/** The Cloud DNS read-write scope. */
export const CLOUD_DNS_SCOPE = 'https://www.googleapis.com/auth/ndev.clouddns.readwrite';
/** The API host. */
export const CLOUD_DNS_HOST = 'dns.googleapis.com';

/**
 * Cloud DNS errors on top of Google's mapping. Google names the entity in its messages:
 * `The 'parameters.managedZone' resource named 'x' does not exist.` →
 * ZoneDoesNotExistError; `The resource 'entity.managedZone' named 'x' already exists` →
 * ZoneAlreadyExistsError; `'entity.change.additions[0]' ... already exists` →
 * RecordAlreadyExistsError; a deletion that does not match the live set
 * (`entity.change.deletions[0]`, 404 or 412 `conditionNotMet`) → RecordDoesNotExistError.
 * Google's reason stays in `providerCode`.
 */
export class GoogleDnsResponse<T = unknown> extends GoogleResponse<T> {
  override async parseError(): Promise<NubesError> {
    const base = await super.parseError();
    const said = this.googleError().message ?? '';
    const options: NubesErrorOptions = {
      statusCode: this.status,
      ...(base.provider !== undefined ? { provider: base.provider } : {}),
      ...(base.providerCode !== undefined ? { providerCode: base.providerCode } : {}),
      ...(base.requestId !== undefined ? { requestId: base.requestId } : {}),
    };
    if (/entity\.change\.deletions/.test(said) && (this.status === 404 || this.status === 412 || this.status === 400)) {
      return new RecordDoesNotExistError(base.message, options);
    }
    if (/entity\.change\.additions/.test(said) && this.status === 409) return new RecordAlreadyExistsError(base.message, options);
    if (/managedZone/.test(said) && this.status === 404) return new ZoneDoesNotExistError(base.message, options);
    if (/managedZone/.test(said) && this.status === 409) return new ZoneAlreadyExistsError(base.message, options);
    return base;
  }
}

/**
 * Sends Cloud DNS requests with a token for the `ndev.clouddns.readwrite` scope (by default).
 *
 * @example
 * ```ts
 * import { GoogleDnsConnection } from 'nubes/dns';
 *
 * const connection = new GoogleDnsConnection({ credentials: './key.json' });
 * const project = await connection.projectId();
 * const res = await connection.request(`/dns/v1/projects/${project}/managedZones`);
 * ```
 */
export class GoogleDnsConnection extends GoogleConnection {
  constructor(options: GoogleConnectionOptions = {}) {
    super({ host: CLOUD_DNS_HOST, defaultScopes: [CLOUD_DNS_SCOPE], ...options });
    this.responseCls = GoogleDnsResponse;
  }
}
