// `kestrel-admin backup` and `restore`: PostgreSQL (pg_dump custom format) and the object storage
// bucket, to a folder or to S3, described by a manifest and protected by checksums.
//
// A backup is a folder `kestrel-backup-<UTC time>/` holding
//   database.dump        pg_dump -Fc of the stack's database
//   objects/<n>.bin      every object of the bucket (keys are in the manifest, never file names)
//   manifest.json        format, Kestrel version, time, per-table rows and checksums, objects
//   SHA256SUMS           `sha256sum -c` compatible: every file above, the manifest included
// Invariants: a backup is written to `<name>.partial` and renamed when complete, so a folder
// without that suffix is whole; restore refuses a backup whose checksums do not match before it
// touches anything; a database restore runs in one transaction; object restore makes the bucket
// equal the backup (objects the backup lacks are deleted, unless `keepExtraObjects`).
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { DatabaseTools, TableStats } from './database-tools.js';
import { scratchDatabaseName } from './database-tools.js';
import { AdminError } from './errors.js';
import type { ObjectStore } from './object-store.js';

/** The manifest's format tag. */
export const BACKUP_FORMAT = 'kestrel-backup/1';
const DATABASE_FILE = 'database.dump';
const MANIFEST_FILE = 'manifest.json';
const SUMS_FILE = 'SHA256SUMS';

/** manifest.json. */
export interface BackupManifest {
  format: typeof BACKUP_FORMAT;
  kestrelVersion: string;
  createdAt: string;
  database: { name: string; file: string; tables: Record<string, TableStats> };
  objects: Array<{ key: string; file: string; size: number; sha256: string }>;
}

/** Hex SHA-256 of a file, streamed. */
export async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** A backup destination or source: a folder, or `s3://bucket/prefix` through a store. */
export type BackupLocation = { kind: 'folder'; dir: string } | { kind: 's3'; store: ObjectStore; prefix: string };

/** Parses `--to`/`--from`: `s3://bucket/prefix` or a folder path. */
export function parseLocation(value: string): { kind: 'folder'; dir: string } | { kind: 's3'; bucket: string; prefix: string } {
  const match = /^s3:\/\/([^/]+)\/?(.*)$/.exec(value);
  if (!match) return { kind: 'folder', dir: path.resolve(value) };
  return { kind: 's3', bucket: match[1] as string, prefix: (match[2] as string).replace(/\/+$/, '') };
}

/** Options of createBackup. */
export interface BackupOptions {
  database: DatabaseTools;
  /** The stack's object storage; absent = database only. */
  objects?: ObjectStore;
  objectPrefix?: string;
  destination: BackupLocation;
  kestrelVersion: string;
  now?: Date;
  log?: (line: string) => void;
}

/** What createBackup produced: its name, where it is, and its manifest. */
export interface BackupResult {
  name: string;
  location: string;
  manifest: BackupManifest;
}

function listFiles(dir: string, base = dir): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? listFiles(full, base) : [path.relative(base, full).split(path.sep).join('/')];
  });
}

async function writeSums(dir: string): Promise<void> {
  const files = listFiles(dir).filter((file) => file !== SUMS_FILE).sort();
  const lines: string[] = [];
  for (const file of files) lines.push(`${await sha256File(path.join(dir, file))}  ${file}`);
  writeFileSync(path.join(dir, SUMS_FILE), lines.join('\n') + '\n');
}

/** Checks every file against SHA256SUMS and the manifest; returns the manifest. ADMIN_BACKUP_INVALID otherwise. */
export async function verifyBackupFolder(dir: string): Promise<BackupManifest> {
  const invalid = (message: string) => new AdminError('ADMIN_BACKUP_INVALID', `${dir}: ${message}`, 'use another backup; this one is incomplete or was modified');
  if (!existsSync(path.join(dir, SUMS_FILE)) || !existsSync(path.join(dir, MANIFEST_FILE))) throw invalid(`no ${SUMS_FILE} or ${MANIFEST_FILE}`);
  const expected = new Map(
    readFileSync(path.join(dir, SUMS_FILE), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => {
        const match = /^([0-9a-f]{64}) {2}(.+)$/.exec(line);
        if (!match) throw invalid(`malformed ${SUMS_FILE} line: ${line}`);
        return [match[2] as string, match[1] as string] as const;
      }),
  );
  const present = listFiles(dir).filter((file) => file !== SUMS_FILE);
  const unlisted = present.filter((file) => !expected.has(file));
  if (unlisted.length > 0) throw invalid(`files not in ${SUMS_FILE}: ${unlisted.join(', ')}`);
  for (const [file, sum] of expected) {
    if (!existsSync(path.join(dir, file))) throw invalid(`${file} is missing`);
    if ((await sha256File(path.join(dir, file))) !== sum) throw invalid(`${file} does not match its checksum`);
  }
  const manifest = JSON.parse(readFileSync(path.join(dir, MANIFEST_FILE), 'utf8')) as BackupManifest;
  if (manifest.format !== BACKUP_FORMAT) throw invalid(`unknown format ${JSON.stringify(manifest.format)}`);
  for (const object of manifest.objects) {
    if (expected.get(object.file) !== object.sha256) throw invalid(`object ${object.key} does not match the manifest`);
  }
  return manifest;
}

/** Backs up the database and the bucket. */
export async function createBackup(options: BackupOptions): Promise<BackupResult> {
  const log = options.log ?? (() => {});
  const now = options.now ?? new Date();
  const name = `kestrel-backup-${now.toISOString().replace(/[:.]/g, '-')}`;
  const local = options.destination.kind === 'folder' ? options.destination.dir : await mkdtemp(path.join(os.tmpdir(), 'kestrel-backup-'));
  mkdirSync(local, { recursive: true });
  const partial = path.join(local, `${name}.partial`);
  const final = path.join(local, name);
  mkdirSync(path.join(partial, 'objects'), { recursive: true });
  try {
    log('dumping the database');
    await options.database.dump(path.join(partial, DATABASE_FILE));
    // Statistics after the dump: the services keep writing during an online backup, so restore
    // checks compare against a restored copy of this dump (restore --verify), never the live data.
    const scratch = scratchDatabaseName('stats');
    await options.database.createDatabase(scratch);
    let tables: Record<string, TableStats>;
    try {
      await options.database.restore(path.join(partial, DATABASE_FILE), scratch);
      tables = await options.database.tableStats(scratch);
    } finally {
      await options.database.dropDatabase(scratch);
    }
    const objects: BackupManifest['objects'] = [];
    if (options.objects) {
      const listed = await options.objects.list(options.objectPrefix ?? '');
      log(`copying ${listed.length} objects`);
      for (const [index, entry] of listed.entries()) {
        const file = `objects/${index}.bin`;
        await options.objects.download(entry.key, path.join(partial, file));
        objects.push({ key: entry.key, file, size: statSync(path.join(partial, file)).size, sha256: await sha256File(path.join(partial, file)) });
      }
    }
    const manifest: BackupManifest = {
      format: BACKUP_FORMAT,
      kestrelVersion: options.kestrelVersion,
      createdAt: now.toISOString(),
      database: { name: options.database.database, file: DATABASE_FILE, tables },
      objects,
    };
    writeFileSync(path.join(partial, MANIFEST_FILE), JSON.stringify(manifest, null, 2) + '\n');
    await writeSums(partial);
    await verifyBackupFolder(partial);
    renameSync(partial, final);
    if (options.destination.kind === 's3') {
      const { store, prefix } = options.destination;
      for (const file of listFiles(final)) await store.upload(`${prefix ? `${prefix}/` : ''}${name}/${file}`, path.join(final, file));
      // The checksum file last: a reader that finds it finds every other file.
      rmSync(local, { recursive: true, force: true });
      return { name, location: `s3://${store.bucket}/${prefix ? `${prefix}/` : ''}${name}`, manifest };
    }
    return { name, location: final, manifest };
  } catch (error) {
    rmSync(partial, { recursive: true, force: true });
    if (options.destination.kind === 's3') rmSync(local, { recursive: true, force: true });
    throw error;
  }
}

/** Downloads a backup stored at `s3://bucket/<prefix>/<name>` into a temp folder. */
export async function fetchBackup(store: ObjectStore, key: string): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'kestrel-restore-'));
  const base = key.replace(/\/+$/, '') + '/';
  const files = await store.list(base);
  if (files.length === 0) throw new AdminError('ADMIN_BACKUP_INVALID', `no backup at s3://${store.bucket}/${base}`, 'check the bucket and prefix (kestrel-admin backup prints the location)');
  for (const file of files) {
    const relative = file.key.slice(base.length);
    if (relative.split('/').some((segment) => segment === '..' || segment === '')) continue;
    mkdirSync(path.dirname(path.join(dir, relative)), { recursive: true });
    await store.download(file.key, path.join(dir, relative));
  }
  return dir;
}

/** Compares table statistics; returns one line per difference. */
export function diffTables(expected: Record<string, TableStats>, actual: Record<string, TableStats>): string[] {
  const names = [...new Set([...Object.keys(expected), ...Object.keys(actual)])].sort();
  return names.flatMap((name) => {
    const want = expected[name];
    const got = actual[name];
    if (!want) return [`${name}: not in the backup`];
    if (!got) return [`${name}: missing after restore`];
    if (want.rows !== got.rows) return [`${name}: ${got.rows} rows, the backup has ${want.rows}`];
    if (want.checksum !== got.checksum) return [`${name}: same row count, different content`];
    return [];
  });
}

/** Options of restoreBackup. */
export interface RestoreOptions {
  dir: string;
  database: DatabaseTools;
  objects?: ObjectStore;
  objectPrefix?: string;
  /** Keep objects the backup does not have (default: delete them, so storage equals the backup). */
  keepExtraObjects?: boolean;
  log?: (line: string) => void;
}

/** Restores a verified backup folder over the database and the bucket; checks the result. */
export async function restoreBackup(options: RestoreOptions): Promise<BackupManifest> {
  const log = options.log ?? (() => {});
  const manifest = await verifyBackupFolder(options.dir);
  log(`restoring the database from ${manifest.createdAt} (Kestrel ${manifest.kestrelVersion})`);
  await options.database.restore(path.join(options.dir, manifest.database.file));
  const differences = diffTables(manifest.database.tables, await options.database.tableStats());
  if (differences.length > 0) throw new AdminError('ADMIN_RESTORE_MISMATCH', `the restored database differs from the backup:\n  ${differences.join('\n  ')}`);
  if (options.objects) {
    log(`restoring ${manifest.objects.length} objects`);
    for (const object of manifest.objects) await options.objects.upload(object.key, path.join(options.dir, object.file));
    if (!options.keepExtraObjects) {
      const wanted = new Set(manifest.objects.map((object) => object.key));
      for (const entry of await options.objects.list(options.objectPrefix ?? '')) if (!wanted.has(entry.key)) await options.objects.delete(entry.key);
    }
  }
  return manifest;
}

/** `restore --verify`: proves a backup restores, into a scratch database that is dropped after. */
export async function verifyRestore(dir: string, database: DatabaseTools): Promise<{ manifest: BackupManifest; tables: number; objects: number }> {
  const manifest = await verifyBackupFolder(dir);
  const scratch = scratchDatabaseName('verify');
  await database.createDatabase(scratch);
  try {
    await database.restore(path.join(dir, manifest.database.file), scratch);
    const differences = diffTables(manifest.database.tables, await database.tableStats(scratch));
    if (differences.length > 0) throw new AdminError('ADMIN_RESTORE_MISMATCH', `the backup does not restore to what it recorded:\n  ${differences.join('\n  ')}`);
  } finally {
    await database.dropDatabase(scratch);
  }
  return { manifest, tables: Object.keys(manifest.database.tables).length, objects: manifest.objects.length };
}
