/**
 * Local storage on a fresh temporary directory, one per test: the real file-system
 * driver (atomic writes, recorded digests, name checks), with nothing shared between tests.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DriverOptions } from '../common/base-driver.js';
import { LocalStorageDriver } from '../drivers/storage/local/index.js';

/** A Local storage driver on its own temporary directory. */
export interface TempLocalStorage {
  /** The driver; its root is {@link TempLocalStorage.root}. */
  readonly driver: LocalStorageDriver;
  /** The temporary root directory. */
  readonly root: string;
  /** Removes the directory and everything in it. Safe to call twice. */
  cleanup(): Promise<void>;
}

/** Options of {@link createTempLocalStorage}. */
export interface TempLocalStorageOptions {
  /** Prefix of the directory name under the system temp directory (default `'nubes-local-'`). */
  prefix?: string;
  /** Containers to create up front. */
  containers?: readonly string[];
  /** Driver options (connection options are accepted and ignored by the Local driver). */
  driverOptions?: DriverOptions;
}

/**
 * Creates a {@link LocalStorageDriver} on a new temporary directory.
 *
 * @example
 * ```ts
 * import { afterEach, beforeEach, expect, it } from 'vitest';
 * import { createTempLocalStorage, type TempLocalStorage } from 'nubes/testing';
 * import type { StorageDriver } from 'nubes/storage';
 *
 * async function saveReport(driver: StorageDriver): Promise<void> { // your code, given any StorageDriver
 *   await driver.uploadObjectViaStream('id,total\n1,42\n', 'uploads', 'report.csv');
 * }
 *
 * let storage: TempLocalStorage;
 * beforeEach(async () => {
 *   storage = await createTempLocalStorage({ containers: ['uploads'] });
 * });
 * afterEach(() => storage.cleanup());
 *
 * it('stores the report', async () => {
 *   await saveReport(storage.driver);
 *   const object = await storage.driver.getObject('uploads', 'report.csv');
 *   expect(object.size).toBeGreaterThan(0);
 * });
 * ```
 */
export async function createTempLocalStorage(options: TempLocalStorageOptions = {}): Promise<TempLocalStorage> {
  const root = await mkdtemp(join(tmpdir(), options.prefix ?? 'nubes-local-'));
  const driver = new LocalStorageDriver(root, undefined, options.driverOptions ?? {});
  for (const name of options.containers ?? []) await driver.createContainer(name);
  return {
    driver,
    root,
    cleanup: () => rm(root, { recursive: true, force: true }),
  };
}
