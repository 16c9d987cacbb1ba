/**
 * The embedded default: Dummy compute, Local storage and Dummy DNS, with their state in
 * the data directory (`NUBES_DATA_DIR`, default `$XDG_DATA_HOME/nubes`), so `create-node` in
 * one invocation and `list-nodes` in the next see the same nodes. No credentials, no
 * network.
 *
 * Local storage keeps its state on disk by itself (`<data dir>/storage`). The Dummy
 * drivers live in memory and are deterministic (ids and addresses from counters, time
 * from an injectable clock), so their state is kept as a journal: every successful
 * changing call (`createNode`, `destroyNode`, `createZone`, ...) is appended to
 * `<data dir>/<area>-<provider>.json` with its arguments and time, and replayed into a
 * fresh driver on the next invocation. Only the public driver API is used.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DriverConstructor } from '../common/registry.js';
import type { Area, DriverSetup } from './config.js';

/** Methods that change a Dummy driver's state, per area: these are journaled. */
export const JOURNALED_METHODS: Readonly<Partial<Record<Area, ReadonlySet<string>>>> = {
  compute: new Set([
    'createNode',
    'rebootNode',
    'startNode',
    'stopNode',
    'destroyNode',
    'createImage',
    'deleteImage',
    'createVolume',
    'attachVolume',
    'detachVolume',
    'destroyVolume',
    'createVolumeSnapshot',
    'destroyVolumeSnapshot',
    'createKeyPair',
    'importKeyPairFromString',
    'deleteKeyPair',
  ]),
  dns: new Set(['createZone', 'updateZone', 'deleteZone', 'createRecord', 'updateRecord', 'deleteRecord']),
};

/** One journaled call. */
export interface JournalEntry {
  /** The driver method called, e.g. `createNode`. */
  readonly method: string;
  /** Its arguments, value objects replaced by their ids. */
  readonly args: readonly unknown[];
  /** ISO time of the call; the driver's clock returns it again on replay. */
  readonly at: string;
}

/** The state file of a journaled embedded driver. */
export interface JournalFile {
  /** Format version of the file. */
  readonly version: 1;
  /** The provider the journal belongs to. */
  readonly provider: string;
  /** The changing calls, oldest first. */
  readonly journal: JournalEntry[];
}

/** Where the state of an embedded driver lives. */
export function stateFile(setup: Pick<DriverSetup, 'dataDir' | 'area' | 'provider'>): string {
  return join(setup.dataDir, `${setup.area}-${setup.provider}.json`);
}

/** Value objects (nodes, zones, ...) become their id, so the journal is plain JSON. */
function plain(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(plain);
  if (Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
  }
  const id = (value as { id?: unknown }).id;
  // A DNS record is found again by zone and id (its methods take the record itself).
  const zone = (value as { zone?: { id?: unknown } }).zone?.id;
  if (typeof id === 'string' && typeof zone === 'string') return { $record: [zone, id] };
  if (typeof id === 'string') return id;
  throw new Error(`cannot keep a ${value.constructor.name} in the embedded journal`);
}

/** An opened driver and how to persist it after the command. */
export interface OpenedDriver {
  /** The driver (for journaled drivers, a view that records changing calls). */
  readonly driver: unknown;
  /** Writes the journal back when the command changed something. */
  save(): Promise<void>;
  /** Releases the driver (its connection's sockets). */
  close(): Promise<void>;
}

/** Builds the driver of a setup; for a journaled embedded driver, replays its journal first. */
export async function openDriver(Cls: DriverConstructor, setup: DriverSetup): Promise<OpenedDriver> {
  const journaled = setup.embedded ? JOURNALED_METHODS[setup.area] : undefined;
  if (!journaled) {
    const driver = new Cls(setup.key as string, setup.secret, setup.options) as { close?: () => Promise<void> };
    return { driver, save: async () => undefined, close: async () => driver.close?.() };
  }

  await mkdir(setup.dataDir, { recursive: true });
  let now: Date | undefined;
  const accepts = (Cls as unknown as { driverOptionKeys?: readonly string[] }).driverOptionKeys ?? [];
  const options = accepts.includes('clock') ? { ...setup.options, clock: () => now ?? new Date() } : setup.options;
  const target = new Cls(setup.key as string, setup.secret, options) as Record<string, unknown> & { close?: () => Promise<void> };

  const file = stateFile(setup);
  let state: JournalFile = { version: 1, provider: setup.provider, journal: [] };
  try {
    state = JSON.parse(await readFile(file, 'utf8')) as JournalFile;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw new Error(`The embedded ${setup.area} state in ${file} is unreadable (${(err as Error).message}); delete the file to start over`);
    }
  }
  const revive = async (arg: unknown): Promise<unknown> => {
    const ref = (arg as { $record?: [string, string] } | null)?.$record;
    return ref ? (target.getRecord as (zone: string, id: string) => Promise<unknown>).call(target, ref[0], ref[1]) : arg;
  };
  for (const entry of state.journal) {
    now = new Date(entry.at);
    try {
      const args = await Promise.all(entry.args.map(revive));
      await (target[entry.method] as (...args: unknown[]) => Promise<unknown>).apply(target, args);
    } catch (err) {
      throw new Error(`The embedded ${setup.area} state in ${file} cannot be replayed (${entry.method}: ${(err as Error).message}); delete the file to start over`);
    }
  }
  now = undefined;

  let changed = false;
  const driver = new Proxy(target, {
    get(obj, prop, receiver) {
      const value = Reflect.get(obj, prop, receiver) as unknown;
      if (typeof value !== 'function') return value;
      // Bound to the driver itself: its private fields are not reachable through a Proxy.
      if (typeof prop !== 'string' || !journaled.has(prop)) return (value as (...a: unknown[]) => unknown).bind(obj);
      return async (...args: unknown[]) => {
        const at = new Date();
        now = at;
        try {
          const result = await (value as (...a: unknown[]) => Promise<unknown>).apply(obj, args);
          state.journal.push({ method: prop, args: args.map(plain), at: at.toISOString() });
          changed = true;
          return result;
        } finally {
          now = undefined;
        }
      };
    },
  });
  return {
    driver,
    async save() {
      if (!changed) return;
      const temp = `${file}.${process.pid}.tmp`;
      await writeFile(temp, `${JSON.stringify(state, null, 2)}\n`);
      await rename(temp, file);
    },
    close: async () => target.close?.(),
  };
}
