/**
 * How drivers hand a download's body to the caller through a Transform (progress
 * counting, digest checks). Internal: not re-exported from `nubes/storage`.
 */
import type { Readable, Transform } from 'node:stream';
import { HashingStream, type ProgressCallback } from './streams.js';

/**
 * Pipes `body` into `through` and returns `through`, their lifetimes tied: an error of
 * the body fails `through`, and when `through` closes first (the caller destroyed it or
 * stopped reading) the body is destroyed, so its connection is released rather than
 * left paused.
 */
export function pipeBody<T extends Transform>(body: Readable, through: T): T {
  body.on('error', (err) => through.destroy(err));
  through.on('close', () => {
    if (!body.destroyed) body.destroy();
  });
  return body.pipe(through);
}

/** The body as it is, or with `onProgress` counted on its way to the caller (see {@link pipeBody}). */
export function withProgress(body: Readable, onProgress: ProgressCallback | undefined, total: number | undefined): Readable {
  if (onProgress === undefined) return body;
  return pipeBody(body, new HashingStream({ algorithms: [], onProgress, ...(total !== undefined ? { total } : {}) }));
}
