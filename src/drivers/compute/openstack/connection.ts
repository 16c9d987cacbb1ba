/**
 * The connection and response classes of the OpenStack compute driver.
 */
import { NodeDoesNotExistError, type NubesError } from '../../../common/errors/index.js';
import { OpenStackConnection, OpenStackResponse, type OpenStackConnectionOptions } from '../../../common/openstack/index.js';
import { InvalidArgumentError } from '../../../common/errors/index.js';
import type { PreparedRequest } from '../../../connection/connection.js';
import type { ResponseClass } from '../../../connection/response.js';

/** Catalog types of the services the driver uses besides Nova. */
export const IMAGE_SERVICE: readonly string[] = ['image'];
/** Cinder's catalog types: `block-storage` (current), `volumev3` (most deployments), `volume`. */
export const VOLUME_SERVICE: readonly string[] = ['block-storage', 'volumev3', 'volume'];

/**
 * Nova's error mapping: a 404 about a server (`Instance ... could not be found.`, or any
 * 404 on `/servers/{id}` and its actions) is a NodeDoesNotExistError; the rest is the
 * OpenStack family's mapping.
 */
export class NovaResponse<T = unknown> extends OpenStackResponse<T> {
  /** The OpenStack family's error, except that a 404 about a server becomes {@link NodeDoesNotExistError}. */
  override async parseError(): Promise<NubesError> {
    const error = await super.parseError();
    if (this.status !== 404) return error;
    const path = this.url.replace(/[?#].*$/, '');
    const aboutServer = /\/servers\/[^/]+(\/action)?$/.test(path) || /^instance .* could not be found/i.test(this.errorMessage() ?? '');
    if (!aboutServer || /\/servers\/detail$/.test(path)) return error;
    return new NodeDoesNotExistError(error.message, {
      cause: error,
      statusCode: 404,
      ...(error.provider !== undefined ? { provider: error.provider } : {}),
      ...(error.requestId !== undefined ? { requestId: error.requestId } : {}),
      ...(error.providerCode !== undefined ? { providerCode: error.providerCode } : {}),
    });
  }
}

/** Options of {@link OpenStackComputeConnection}. */
export interface OpenStackComputeConnectionOptions extends OpenStackConnectionOptions {
  /**
   * Nova microversion to request (`'2.47'`, ...), sent as `OpenStack-API-Version:
   * compute <v>` on Nova calls only. Default: none (the 2.1 behaviour every cloud has).
   */
  microversion?: string;
}

/**
 * The connection of the OpenStack compute driver: the OpenStack family's connection
 * with `compute` as its main service and Nova's error mapping.
 */
export class OpenStackComputeConnection extends OpenStackConnection {
  /** {@link NovaResponse}: maps Nova's not-found answers on servers to {@link NodeDoesNotExistError}. */
  protected override responseCls: ResponseClass = NovaResponse;
  /** The Nova microversion sent, if any. */
  readonly microversion: string | undefined;

  constructor(userId: string, key: string, options: OpenStackComputeConnectionOptions = {}) {
    const { microversion, ...rest } = options;
    if (microversion !== undefined && (typeof microversion !== 'string' || !/^2\.\d{1,3}$/.test(microversion))) {
      throw new InvalidArgumentError(`microversion must look like "2.47" (got ${JSON.stringify(microversion)})`, { option: 'microversion' });
    }
    super(userId, key, { serviceType: 'compute', ...rest });
    this.microversion = microversion;
  }

  protected override async preConnectHook(prepared: PreparedRequest): Promise<void> {
    await super.preConnectHook(prepared);
    // Nova only: Glance and Cinder have their own microversions.
    if (this.microversion !== undefined && prepared.context.auth !== false && prepared.context.service === undefined) {
      prepared.headers['openstack-api-version'] = `compute ${this.microversion}`;
      prepared.headers['x-openstack-nova-api-version'] = this.microversion;
    }
  }
}
