/**
 * The Compute Engine connection: the Google family's connection on
 * `compute.googleapis.com` with the `compute` scope, whose responses turn a 404 on an
 * instance into NodeDoesNotExistError.
 */
import { GoogleConnection, GoogleResponse, type GoogleConnectionOptions } from '../../../common/google/index.js';
import type { NubesError } from '../../../common/errors/index.js';
import type { ResponseClass } from '../../../connection/response.js';
import { nodeNotFound } from '../node-not-found.js';

/** The Compute Engine API host. */
export const GCE_HOST = 'compute.googleapis.com';

/** Read-write access to Compute Engine (https://developers.google.com/identity/protocols/oauth2/scopes#compute). */
export const GCE_SCOPE = 'https://www.googleapis.com/auth/compute';

/** `…/zones/{zone}/instances/{name}` and everything under it. */
const INSTANCE_PATH = /\/projects\/[^/]+\/zones\/[^/]+\/instances\/[^/]+(\/|$)/;

/** A Google response for compute: instance 404s are `NodeDoesNotExistError`. */
export class GceResponse<T = unknown> extends GoogleResponse<T> {
  /** The Google error, except that a 404 on an instance path becomes `NodeDoesNotExistError`. */
  override async parseError(): Promise<NubesError> {
    return nodeNotFound(await super.parseError(), this.url, INSTANCE_PATH);
  }
}

/** The connection of the GCE driver. */
export class GceConnection extends GoogleConnection {
  /** {@link GceResponse}. */
  protected override responseCls: ResponseClass = GceResponse;

  constructor(options: GoogleConnectionOptions = {}) {
    const hasEndpoint = options.host !== undefined || options.url !== undefined;
    super({ defaultScopes: [GCE_SCOPE], ...options, ...(hasEndpoint ? {} : { host: GCE_HOST }) });
  }
}
