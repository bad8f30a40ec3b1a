// Runs the ObjectStorage contract against the local-folder backend in a temp dir, plus what is
// specific to it: objects stay inside the root and no temp files survive.
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { LocalObjectStorage } from './local-object-storage.js';
import { objectStorageContract } from './object-storage-contract.js';

const roots = new Map<object, string>();

objectStorageContract('local folder', {
  async createStorage() {
    const root = await mkdtemp(path.join(tmpdir(), 'kestrel-storage-'));
    const storage = new LocalObjectStorage({ root: path.join(root, 'objects') });
    roots.set(storage, root);
    return storage;
  },
  async dispose(storage) {
    await rm(roots.get(storage)!, { recursive: true, force: true });
  },
});

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)));
}

describe('LocalObjectStorage', () => {
  it('keeps every file inside the root, leaves no temp files and prunes empty folders', async () => {
    const parent = await mkdtemp(path.join(tmpdir(), 'kestrel-storage-'));
    try {
      const root = path.join(parent, 'objects');
      const storage = new LocalObjectStorage({ root });
      await storage.put('.hidden/..dots/a b', 'x');
      await storage.put('deep/er/still/file', 'y');
      assert.deepEqual(await filesUnder(parent), (await filesUnder(parent)).filter((f) => f.startsWith('objects' + path.sep)));
      assert.ok((await filesUnder(root)).every((file) => file.endsWith('~obj')), 'only object files, no temp files');
      assert.deepEqual((await storage.list('')).objects.map((o) => o.key), ['.hidden/..dots/a b', 'deep/er/still/file']);
      await storage.delete('deep/er/still/file');
      assert.deepEqual(await readdir(root), ['%2Ehidden'], 'empty folders of the deleted object are gone');
    } finally {
      await rm(parent, { recursive: true, force: true });
    }
  });

  it('orders a folder after a sibling whose name continues with a byte below /', async () => {
    const parent = await mkdtemp(path.join(tmpdir(), 'kestrel-storage-'));
    try {
      const storage = new LocalObjectStorage({ root: parent });
      for (const key of ['logs/2026-01/x', 'logs/2026-01-01.txt', 'logs/2026-01.txt', 'logs/2026-010']) await storage.put(key, key);
      const first = await storage.list('logs/2026-01', { limit: 2 });
      const second = await storage.list('logs/2026-01', { limit: 2, cursor: first.cursor! });
      assert.deepEqual(
        [...first.objects, ...second.objects].map((o) => o.key),
        ['logs/2026-01-01.txt', 'logs/2026-01.txt', 'logs/2026-01/x', 'logs/2026-010'],
      );
      assert.equal(second.cursor, undefined);
    } finally {
      await rm(parent, { recursive: true, force: true });
    }
  });

  it('refuses a key whose escaped segment is too long for the file system', async () => {
    const parent = await mkdtemp(path.join(tmpdir(), 'kestrel-storage-'));
    try {
      const storage = new LocalObjectStorage({ root: parent });
      await assert.rejects(storage.put('é'.repeat(200), 'x'), { code: 'STORAGE_INVALID_KEY' });
      await assert.rejects(storage.list('x', { cursor: 'garbage' }), { code: 'STORAGE_INVALID_CURSOR' });
    } finally {
      await rm(parent, { recursive: true, force: true });
    }
  });
});
