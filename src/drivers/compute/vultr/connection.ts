/**
 * The Vultr compute connection: the family's connection with a response class that
 * turns a 404 on an instance into NodeDoesNotExistError.
 */
import { VultrConnection, VultrResponse } from '../../../common/vultr/index.js';
import type { NubesError } from '../../../common/errors/index.js';
import type { ResponseClass } from '../../../connection/response.js';
import { nodeNotFound } from '../node-not-found.js';

/** `/v2/instances/{id}` and everything under it. */
const INSTANCE_PATH = /^\/v2\/instances\/[^/]+(\/|$)/;

/** A Vultr response for compute: instance 404s are `NodeDoesNotExistError`. */
export class VultrNodeResponse<T = unknown> extends VultrResponse<T> {
  /** The Vultr error, except that a 404 on a instance path becomes `NodeDoesNotExistError`. */
  override async parseError(): Promise<NubesError> {
    return nodeNotFound(await super.parseError(), this.url, INSTANCE_PATH);
  }
}

/** The connection of the Vultr compute driver. */
export class VultrNodeConnection extends VultrConnection {
  /** {@link VultrNodeResponse}: maps instance 404s to `NodeDoesNotExistError`. */
  protected override responseCls: ResponseClass = VultrNodeResponse;
}
