// Backup -> wipe -> restore round trips against the real test PostgreSQL (pg_dump/pg_restore of
// this machine) and the real test S3 server: every row and every object comes back bit for bit,
// a tampered backup is refused before anything is touched, `restore --verify` proves a backup in a
// scratch database, and a backup stored in S3 comes back intact.
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createBackup, fetchBackup, restoreBackup, verifyBackupFolder, verifyRestore } from '../src/backup.js';
import { DirectDatabase } from '../src/database-tools.js';
import { ObjectStore } from '../src/object-store.js';
import { processRunner } from '../src/runner.js';
import { createScratchDatabase, type ScratchDatabase } from './support/database.js';
import { seed } from './support/seed.js';
import { requireTestEnv } from './support/env.js';

describe('backup and restore', () => {
  let db: ScratchDatabase;
  let tools: DirectDatabase;
  let store: ObjectStore;
  let prefix: string;
  let workDir: string;
  const objects = new Map<string, Buffer>([
    ['reports/2026/daily report.pdf', randomBytes(200_000)],
    ['updates/stable/latest.yml', Buffer.from('version: 1.0.0\n')],
    ['notes/ünïcode ✓.txt', Buffer.from('ünïcode')],
  ]);
  const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

  before(async () => {
    db = await createScratchDatabase('backup');
    await seed(db, 20_000);
    tools = new DirectDatabase(db.url, processRunner);
    store = new ObjectStore({
      endpoint: requireTestEnv('KESTREL_TEST_S3_ENDPOINT'),
      bucket: requireTestEnv('KESTREL_TEST_S3_BUCKET'),
      accessKeyId: requireTestEnv('KESTREL_TEST_S3_ACCESS_KEY'),
      secretAccessKey: requireTestEnv('KESTREL_TEST_S3_SECRET_KEY'),
    });
    prefix = `admin-backup-test-${randomBytes(4).toString('hex')}/`;
    for (const [key, body] of objects) await store.put(prefix + key, body);
    workDir = mkdtempSync(path.join(os.tmpdir(), 'kestrel-admin-backup-test-'));
  });
  after(async () => {
    for (const entry of (await store?.list(prefix)) ?? []) await store.delete(entry.key);
    for (const entry of (await store?.list(`backups-${path.basename(workDir ?? 'x')}/`)) ?? []) await store.delete(entry.key);
    store?.close();
    await db?.drop();
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  it('round-trips every row and object through backup, wipe and restore', async () => {
    const before = await tools.tableStats();
    assert.deepEqual(Object.keys(before), ['public.accounts', 'public.fills']);
    assert.equal(before['public.fills']!.rows, 20_000);

    const backup = await createBackup({ database: tools, objects: store, objectPrefix: prefix, destination: { kind: 'folder', dir: workDir }, kestrelVersion: '1.0.0' });
    assert.deepEqual(backup.manifest.database.tables, before);
    assert.equal(backup.manifest.objects.length, objects.size);
    assert.equal(backup.manifest.kestrelVersion, '1.0.0');
    const sums = readFileSync(path.join(backup.location, 'SHA256SUMS'), 'utf8');
    assert.match(sums, /^[0-9a-f]{64} {2}database\.dump$/m);
    assert.match(sums, /^[0-9a-f]{64} {2}manifest\.json$/m);

    // Wipe: drop a table, change rows, lose objects, add a stray one.
    await db.query('drop table fills; update accounts set cash_minor = 0');
    for (const key of objects.keys()) await store.delete(prefix + key);
    await store.put(`${prefix}stray.bin`, 'not in the backup');

    await restoreBackup({ dir: backup.location, database: tools, objects: store, objectPrefix: prefix });
    assert.deepEqual(await tools.tableStats(), before, 'every table has the same rows and content checksum');
    const keys = (await store.list(prefix)).map((entry) => entry.key.slice(prefix.length)).sort();
    assert.deepEqual(keys, [...objects.keys()].sort(), 'exactly the backed-up objects');
    for (const [key, body] of objects) {
      const file = path.join(workDir, 'check.bin');
      await store.download(prefix + key, file);
      assert.equal(sha(readFileSync(file)), sha(body), key);
    }

    const verified = await verifyRestore(backup.location, tools);
    assert.equal(verified.tables, 2);
    assert.equal(verified.objects, objects.size);
  });

  it('refuses a tampered backup before touching the database', async () => {
    const backup = await createBackup({ database: tools, destination: { kind: 'folder', dir: workDir }, kestrelVersion: '1.0.0' });
    const dump = path.join(backup.location, 'database.dump');
    const bytes = readFileSync(dump);
    bytes[bytes.length - 10] = bytes[bytes.length - 10]! ^ 0xff;
    writeFileSync(dump, bytes);
    await db.query("insert into accounts (owner, cash_minor) values ('after the backup', 1)");
    const stats = await tools.tableStats();
    await assert.rejects(verifyBackupFolder(backup.location), { code: 'ADMIN_BACKUP_INVALID', message: /database\.dump does not match its checksum/ });
    await assert.rejects(restoreBackup({ dir: backup.location, database: tools }), { code: 'ADMIN_BACKUP_INVALID' });
    await assert.rejects(verifyRestore(backup.location, tools), { code: 'ADMIN_BACKUP_INVALID' });
    assert.deepEqual(await tools.tableStats(), stats, 'nothing was restored');
  });

  it('stores a backup in S3 and fetches it back intact', async () => {
    const s3Prefix = `backups-${path.basename(workDir)}`;
    const backup = await createBackup({ database: tools, objects: store, objectPrefix: prefix, destination: { kind: 's3', store, prefix: s3Prefix }, kestrelVersion: '1.0.0' });
    assert.match(backup.location, new RegExp(`^s3://${requireTestEnv('KESTREL_TEST_S3_BUCKET')}/${s3Prefix}/kestrel-backup-`));
    const fetched = await fetchBackup(store, `${s3Prefix}/${backup.name}`);
    try {
      const manifest = await verifyBackupFolder(fetched);
      assert.deepEqual(manifest, backup.manifest);
      await verifyRestore(fetched, tools);
    } finally {
      rmSync(fetched, { recursive: true, force: true });
    }
  });
});
