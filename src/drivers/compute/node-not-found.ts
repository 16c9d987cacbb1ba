/**
 * Turns a provider's 404 on a node URL into {@link NodeDoesNotExistError}, for the
 * Response classes of REST compute drivers (the URL says which resource was missing).
 */
import { NodeDoesNotExistError, NotFoundError, type NubesError, type NubesErrorOptions } from '../../common/errors/index.js';

/**
 * `err` as a {@link NodeDoesNotExistError} when it is a 404 and `url`'s path matches
 * `nodePath`; otherwise `err` unchanged.
 */
export function nodeNotFound(err: NubesError, url: string, nodePath: RegExp): NubesError {
  if (!(err instanceof NotFoundError) || err instanceof NodeDoesNotExistError) return err;
  let path: string;
  try {
    path = new URL(url).pathname;
  } catch {
    return err;
  }
  if (!nodePath.test(path)) return err;
  const options: NubesErrorOptions = { statusCode: err.statusCode ?? 404, cause: err };
  if (err.provider !== undefined) options.provider = err.provider;
  if (err.requestId !== undefined) options.requestId = err.requestId;
  if (err.providerCode !== undefined) options.providerCode = err.providerCode;
  return new NodeDoesNotExistError(err.message, options);
}
