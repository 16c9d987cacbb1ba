/**
 * The DigitalOcean compute connection: the family's connection with a response class
 * that turns a 404 on a droplet into NodeDoesNotExistError.
 */
import { DigitalOceanConnection, DigitalOceanResponse } from '../../../common/digitalocean/index.js';
import { NodeDoesNotExistError, NotFoundError, type NubesError, type NubesErrorOptions } from '../../../common/errors/index.js';
import type { ResponseClass } from '../../../connection/response.js';

/** `/v2/droplets/{id}` and everything under it. */
const DROPLET_PATH = /^\/v2\/droplets\/\d+(\/|$)/;

/** A DigitalOcean response for compute: droplet 404s are {@link NodeDoesNotExistError}. */
export class DigitalOceanNodeResponse<T = unknown> extends DigitalOceanResponse<T> {
  override async parseError(): Promise<NubesError> {
    const err = await super.parseError();
    if (!(err instanceof NotFoundError)) return err;
    let path = '';
    try {
      path = new URL(this.url).pathname;
    } catch {
      return err;
    }
    if (!DROPLET_PATH.test(path)) return err;
    const options: NubesErrorOptions = { statusCode: 404 };
    if (err.provider !== undefined) options.provider = err.provider;
    if (err.requestId !== undefined) options.requestId = err.requestId;
    return new NodeDoesNotExistError(err.message, options);
  }
}

/** The connection of {@link DigitalOceanNodeDriver}. */
export class DigitalOceanNodeConnection extends DigitalOceanConnection {
  protected override responseCls: ResponseClass = DigitalOceanNodeResponse;
}
