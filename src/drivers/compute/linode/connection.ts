/**
 * The Linode compute connection: the family's connection with a response class that
 * turns a 404 on an instance into NodeDoesNotExistError.
 */
import { LinodeConnection, LinodeResponse } from '../../../common/linode/index.js';
import type { NubesError } from '../../../common/errors/index.js';
import type { ResponseClass } from '../../../connection/response.js';
import { nodeNotFound } from '../node-not-found.js';

/** `/v4/linode/instances/{id}` and everything under it. */
const INSTANCE_PATH = /^\/v4\/linode\/instances\/\d+(\/|$)/;

/** A Linode response for compute: instance 404s are `NodeDoesNotExistError`. */
export class LinodeNodeResponse<T = unknown> extends LinodeResponse<T> {
  /** The Linode error, except that a 404 on a instance path becomes `NodeDoesNotExistError`. */
  override async parseError(): Promise<NubesError> {
    return nodeNotFound(await super.parseError(), this.url, INSTANCE_PATH);
  }
}

/** The connection of the Linode compute driver. */
export class LinodeNodeConnection extends LinodeConnection {
  /** {@link LinodeNodeResponse}: maps instance 404s to `NodeDoesNotExistError`. */
  protected override responseCls: ResponseClass = LinodeNodeResponse;
}
