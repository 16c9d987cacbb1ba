import { stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { ContainerDoesNotExistError } from '../../src/index.js';
import { createTempLocalStorage, LocalStorageDriver } from '../../src/testing/index.js';

describe('createTempLocalStorage', () => {
  it('gives each call its own directory, with the containers asked for', async () => {
    const a = await createTempLocalStorage({ containers: ['uploads', 'logs'] });
    const b = await createTempLocalStorage();
    try {
      expect(a.driver).toBeInstanceOf(LocalStorageDriver);
      expect(a.root.startsWith(tmpdir())).toBe(true);
      expect(a.root).not.toBe(b.root);
      expect((await a.driver.listContainers()).map((c) => c.name)).toEqual(['logs', 'uploads']);
      expect(await b.driver.listContainers()).toEqual([]);
      await a.driver.uploadObjectViaStream('hello', 'uploads', 'greeting.txt');
      const object = await a.driver.getObject('uploads', 'greeting.txt');
      expect(object.size).toBe(5);
      await expect(b.driver.getObject('uploads', 'greeting.txt')).rejects.toBeInstanceOf(ContainerDoesNotExistError);
    } finally {
      await a.cleanup();
      await b.cleanup();
    }
  });

  it('removes its directory on cleanup, twice without complaint', async () => {
    const storage = await createTempLocalStorage({ prefix: 'nubes-cleanup-', containers: ['c'] });
    expect(storage.root).toContain('nubes-cleanup-');
    await storage.cleanup();
    await storage.cleanup();
    await expect(stat(storage.root)).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
