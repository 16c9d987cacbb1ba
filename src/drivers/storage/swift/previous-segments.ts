/**
 * The segments an overwrite would orphan. Swift replaces a Static Large Object's manifest
 * on a PUT to its name but never touches the segments the old manifest listed: without
 * help they stay in `<container>_segments`, billed and invisible. As python-swiftclient
 * does unless `--leave-segments`, an upload first looks at what the name holds (one HEAD;
 * for an SLO its manifest, `GET ?multipart-manifest=get`) and, once the new object is
 * committed, deletes the old segments the new manifest does not list.
 *
 * The old segments are kept when deleting them would break something still readable:
 * - the name is a symlink (its HEAD answers with the target's headers plus
 *   `Content-Location`): the segments belong to the target, which stays;
 * - object versioning keeps the old manifest as a version (`X-Object-Version-Id` on the
 *   object, or `X-Versions-Location`, `X-History-Location` or `X-Versions-Enabled: true`
 *   on the container): that version still needs its segments.
 *
 * A user who may write the name but not read it (a write-only container ACL) gets 403 to
 * these reads: the upload goes ahead without cleanup, as it did before nubes looked.
 *
 * References: Swift "Static Large Objects" (`multipart-manifest=get`, `sub_slo`),
 * "Object Versioning", "Symlink" middleware docs; python-swiftclient `SwiftService.upload`.
 */
import { MalformedResponseError, NotFoundError, NubesError } from '../../../common/errors/index.js';
import { readBounded } from '../../../common/bounded-read.js';
import { checkContainerName, checkObjectName, swiftPath } from './names.js';
import type { SwiftConnection } from './connection.js';

/** Largest manifest read (1000 segments with 1 KiB names are about 1.2 MB). */
const MAX_MANIFEST_BYTES = 32 * 1024 * 1024;

/** A segment an existing manifest references. */
export interface ManifestSegment {
  /** `/<container>/<object>`, as the manifest names it (not URL-encoded). */
  readonly path: string;
  /** True when the segment is itself an SLO manifest (a nested SLO): deleted with its own segments. */
  readonly subSlo: boolean;
}

function isTrue(value: string | undefined): boolean {
  return /^true$/i.test(value ?? '');
}

function signalOption(signal: AbortSignal | undefined): { signal?: AbortSignal } {
  return signal ? { signal } : {};
}

/** Runs a request; a 404 (the thing is gone) is `undefined`. */
async function unlessMissing<T>(request: Promise<T>): Promise<T | undefined> {
  try {
    return await request;
  } catch (err) {
    if (err instanceof NotFoundError) return undefined;
    throw err;
  }
}

/** Runs a lookup; a 404 (nothing there) or a 403 (not readable by this user) is `undefined`. */
async function unlessHidden<T>(request: Promise<T>): Promise<T | undefined> {
  try {
    return await unlessMissing(request);
  } catch (err) {
    if (err instanceof NubesError && err.statusCode === 403) return undefined;
    throw err;
  }
}

/**
 * The segments the object currently under `object` references, when deleting them after
 * an overwrite is safe (see the module comment); empty for a missing, plain or unreadable object.
 * Costs one HEAD, plus for an SLO a HEAD of its container and the manifest GET.
 *
 * @throws {MalformedResponseError} when the manifest is not a JSON list.
 * @throws the request errors other than 404 and 403 (nothing has been written yet).
 */
export async function findManifestSegments(
  connection: SwiftConnection,
  container: string,
  object: string,
  signal: AbortSignal | undefined,
): Promise<ManifestSegment[]> {
  const path = swiftPath(container, object);
  const head = await unlessHidden(connection.request(path, { method: 'HEAD', ...signalOption(signal) }));
  if (!head || !isTrue(head.headers['x-static-large-object'])) return [];
  if (head.headers['content-location'] !== undefined || head.headers['x-object-version-id'] !== undefined) return [];
  const parent = await unlessHidden(connection.request(swiftPath(container), { method: 'HEAD', ...signalOption(signal) }));
  if (!parent) return [];
  const h = parent.headers;
  if (h['x-versions-location'] !== undefined || h['x-history-location'] !== undefined || isTrue(h['x-versions-enabled'])) return [];

  // Raw: should the name stop being an SLO meanwhile, this GET is the object's body, which must not be read.
  const res = await unlessHidden(connection.request(path, { params: { 'multipart-manifest': 'get' }, raw: true, ...signalOption(signal) }));
  if (!res) return [];
  if (!isTrue(res.headers['x-static-large-object'])) {
    res.body.destroy();
    return [];
  }
  const text = (await readBounded(res.body, MAX_MANIFEST_BYTES, undefined, `GET ${path}?multipart-manifest=get`)).toString('utf8');
  let entries: unknown;
  try {
    entries = JSON.parse(text);
  } catch {
    entries = undefined;
  }
  if (!Array.isArray(entries)) {
    throw new MalformedResponseError(
      `The manifest of ${JSON.stringify(object)} is not a JSON list, so its segments cannot be found for deletion after the overwrite; nothing was written (pass leaveSegments: true to upload anyway)`,
      { provider: 'openstack-swift', statusCode: res.status, ...(res.requestId !== undefined ? { requestId: res.requestId } : {}) },
    );
  }
  const seen = new Map<string, ManifestSegment>();
  for (const entry of entries as { name?: unknown; sub_slo?: unknown }[]) {
    // Entries without a name are inline `data` segments: nothing to delete.
    if (typeof entry?.name !== 'string' || seen.has(entry.name)) continue;
    seen.set(entry.name, { path: entry.name, subSlo: entry.sub_slo === true });
  }
  return [...seen.values()];
}

/** `/<container>/<object>` → the request path, or undefined when it cannot be addressed safely. */
function segmentAction(path: string): string | undefined {
  const slash = path.indexOf('/', 1);
  if (!path.startsWith('/') || slash === -1) return undefined;
  try {
    return swiftPath(checkContainerName(path.slice(1, slash)), checkObjectName(path.slice(slash + 1)));
  } catch {
    return undefined;
  }
}

/** Deletes one segment (a nested SLO with its own segments); true when it is gone. */
async function deleteSegment(connection: SwiftConnection, segment: ManifestSegment, signal: AbortSignal | undefined): Promise<boolean> {
  const action = segmentAction(segment.path);
  if (action === undefined) return false;
  try {
    if (!segment.subSlo) {
      await unlessMissing(connection.request(action, { method: 'DELETE', ...signalOption(signal) }));
      return true;
    }
    // A 200 carries a bulk-delete report whose own status says how it went.
    const res = await unlessMissing(
      connection.request(action, {
        method: 'DELETE',
        params: { 'multipart-manifest': 'delete' },
        headers: { accept: 'application/json' },
        ...signalOption(signal),
      }),
    );
    if (!res) return true;
    const report = (res.object ?? {}) as { 'Response Status'?: unknown; Errors?: unknown };
    const status = Number.parseInt(String(report['Response Status'] ?? '200'), 10);
    const errors = Array.isArray(report.Errors) ? report.Errors : [];
    return errors.length === 0 && ((status >= 200 && status < 300) || status === 404);
  } catch {
    return false;
  }
}

/**
 * Deletes the old segments the new manifest does not list (`keep`), `concurrency` at a
 * time, after the new object was committed. Never throws: a segment that could not be
 * deleted (an error, or `signal` fired) is returned, in manifest order, for the caller to
 * report. A 404 counts as deleted.
 */
export async function deleteManifestSegments(
  connection: SwiftConnection,
  segments: readonly ManifestSegment[],
  keep: ReadonlySet<string>,
  concurrency: number,
  signal: AbortSignal | undefined,
): Promise<string[]> {
  const queue = segments.filter((s) => !keep.has(s.path));
  const failed = new Set<string>();
  const worker = async (): Promise<void> => {
    for (let segment = queue.shift(); segment !== undefined; segment = queue.shift()) {
      if (signal?.aborted || !(await deleteSegment(connection, segment, signal))) failed.add(segment.path);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, queue.length) }, worker));
  return segments.filter((s) => failed.has(s.path)).map((s) => s.path);
}
