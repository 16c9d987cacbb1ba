/**
 * Turns a provider's 404 on a node URL into {@link NodeDoesNotExistError}, for the
 * Response classes of REST compute drivers (the URL says which resource was missing).
 */
import { asErrorClass, NodeDoesNotExistError, NotFoundError, type NubesError } from '../../common/errors/index.js';

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
  return asErrorClass(err, NodeDoesNotExistError, { statusCode: err.statusCode ?? 404, cause: err });
}
