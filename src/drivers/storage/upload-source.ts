/**
 * How uploads report a failed SOURCE (the stream, iterable or file the caller gave):
 * as the source's failure, never as AbortError. Internal: not re-exported from
 * `nubes/storage`.
 */
import type { Readable } from 'node:stream';
import { NubesError, UploadSourceError } from '../../common/errors/index.js';

/**
 * The error an upload reports when its SOURCE failed: a nubes error as it is (say, a
 * download piped into an upload failed its integrity check), anything else as an
 * {@link UploadSourceError} with the original as `cause`. Never an AbortError: that one
 * is reserved for the caller's signal.
 */
export function uploadSourceError(err: unknown, objectName: string, provider: string): NubesError {
  if (err instanceof NubesError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new UploadSourceError(`The source of the upload of ${JSON.stringify(objectName)} failed: ${message}`, { provider, cause: err });
}

/**
 * Runs an upload of `input` and, when it fails because the SOURCE failed (the source
 * stream errored, and the caller's signal did not fire), reports the source's failure
 * (see {@link uploadSourceError}) instead of what it caused further down — a request
 * body that broke off (an AbortError or NetworkError from the HTTP stack), a 404 on a
 * half-sent PUT. The upload's own cleanup runs inside `run`, unchanged.
 */
export async function reportingSourceFailure<T>(
  input: Readable | Buffer,
  objectName: string,
  provider: string,
  signal: AbortSignal | undefined,
  run: () => Promise<T>,
): Promise<T> {
  try {
    return await run();
  } catch (err) {
    const failed = Buffer.isBuffer(input) ? null : input.errored;
    if (failed && !signal?.aborted) throw uploadSourceError(failed, objectName, provider);
    throw err;
  }
}
