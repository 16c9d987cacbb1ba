/**
 * The DigitalOcean compute connection: the family's connection with a response class
 * that turns a 404 on a droplet into NodeDoesNotExistError.
 */
import { DigitalOceanConnection, DigitalOceanResponse } from '../../../common/digitalocean/index.js';
import type { NubesError } from '../../../common/errors/index.js';
import type { ResponseClass } from '../../../connection/response.js';
import { nodeNotFound } from '../node-not-found.js';

/** `/v2/droplets/{id}` and everything under it. */
const DROPLET_PATH = /^\/v2\/droplets\/\d+(\/|$)/;

/** A DigitalOcean response for compute: droplet 404s are `NodeDoesNotExistError`. */
export class DigitalOceanNodeResponse<T = unknown> extends DigitalOceanResponse<T> {
  /** The DigitalOcean error, except that a 404 on a droplet path becomes `NodeDoesNotExistError`. */
  override async parseError(): Promise<NubesError> {
    return nodeNotFound(await super.parseError(), this.url, DROPLET_PATH);
  }
}

/** The connection of the DigitalOcean compute driver. */
export class DigitalOceanNodeConnection extends DigitalOceanConnection {
  /** {@link DigitalOceanNodeResponse}: maps droplet 404s to `NodeDoesNotExistError`. */
  protected override responseCls: ResponseClass = DigitalOceanNodeResponse;
}
