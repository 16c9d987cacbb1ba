/**
 * Waiting for Compute Engine operations with the common poller. Each check is a
 * `POST …/operations/{name}/wait`, which blocks server side until the operation is DONE
 * or about two minutes pass (best effort), so the loop runs until `status` is `DONE`
 * (https://cloud.google.com/compute/docs/reference/rest/v1/zoneOperations/wait).
 * `DONE` with `error` is an OperationFailedError carrying Google's error code.
 */
import { OperationFailedError } from '../../../common/errors/index.js';
import { poll } from '../../../common/poll.js';
import type { GceConnection } from './connection.js';
import { lastSegment } from './mappers.js';
import type { OperationJson } from './types.js';

/** Options of {@link waitForOperation}. */
export interface OperationWaitOptions {
  /** The longest wait, in ms. */
  timeout: number;
  /** First delay between checks, in ms. */
  interval: number;
  /** Cancels the wait. */
  signal?: AbortSignal | undefined;
}

/** The `operations` collection of an operation: zone, region or global. */
function scopeOf(op: OperationJson): string {
  const zone = lastSegment(op.zone);
  if (zone !== undefined) return `zones/${encodeURIComponent(zone)}`;
  const region = lastSegment(op.region);
  if (region !== undefined) return `regions/${encodeURIComponent(region)}`;
  return 'global';
}

/** Throws when a finished operation failed; returns it otherwise. */
export function checkOperation(op: OperationJson, provider = 'gce'): OperationJson {
  if (op.status !== 'DONE' || op.error === undefined) return op;
  const errors = op.error.errors ?? [];
  const first = errors[0];
  const code = first?.code ?? op.httpErrorMessage ?? 'UNKNOWN';
  const detail = errors.map((e) => `${e.code ?? 'ERROR'}: ${e.message ?? ''}`.trim()).join('; ') || op.httpErrorMessage || 'failed';
  throw new OperationFailedError(`GCE operation ${op.name} (${op.operationType ?? 'operation'} on ${lastSegment(op.targetLink) ?? '?'}) failed: ${detail}`, {
    provider,
    providerCode: code,
    ...(op.httpErrorStatusCode !== undefined ? { statusCode: op.httpErrorStatusCode } : {}),
  });
}

/** Waits until `op` is DONE; throws OperationFailedError if it failed. */
export async function waitForOperation(connection: GceConnection, project: string, op: OperationJson, options: OperationWaitOptions): Promise<OperationJson> {
  if (op.status === 'DONE') return checkOperation(op);
  const path = `/compute/v1/projects/${encodeURIComponent(project)}/${scopeOf(op)}/operations/${encodeURIComponent(op.name)}/wait`;
  const done = await poll<OperationJson>(
    async () => {
      // `wait` changes nothing: safe to retry after a 5xx or a reset.
      const res = await connection.request<OperationJson>(path, { method: 'POST', idempotent: true, ...(options.signal ? { signal: options.signal } : {}) });
      const current = res.object;
      if (current.status === 'DONE') return { done: true, value: current };
      return { done: false, state: current.status };
    },
    { timeout: options.timeout, interval: options.interval, maxInterval: Math.max(options.interval, 5_000), what: `GCE operation ${op.name}`, provider: 'gce', ...(options.signal ? { signal: options.signal } : {}) },
  );
  return checkOperation(done);
}
