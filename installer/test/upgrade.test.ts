// `kestrel-admin upgrade` against a real database: the migration job (the one step that needs the
// new image, so it is played by the fake docker runner) really changes the database and then fails
// halfway, like a release whose second migration breaks. The upgrade must restore the verified
// backup, put the previous version back and restart it; a good migration upgrades for real.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, beforeEach, afterEach, describe, it } from 'node:test';
import { DirectDatabase } from '../src/database-tools.js';
import { readEnvFile } from '../src/env-file.js';
import { DATA_SERVICES, JOBS, STACK_SERVICES } from '../src/stack.js';
import { upgrade } from '../src/upgrade.js';
import { createScratchDatabase, type ScratchDatabase } from './support/database.js';
import { seed } from './support/seed.js';
import { FakeDockerRunner, healthyPs } from './support/fake-runner.js';

const services = [...STACK_SERVICES.map((service) => service.name), ...DATA_SERVICES, 'nginx'];

describe('upgrade', () => {
  let db: ScratchDatabase;
  let dir: string;
  const dirs: string[] = [];

  beforeEach(async () => {
    db = await createScratchDatabase('upgrade');
    await seed(db, 2_000);
    await db.query(`create table kestrel_migrations_demo (name text primary key); insert into kestrel_migrations_demo values ('1_initial')`);
    dir = mkdtempSync(path.join(os.tmpdir(), 'kestrel-admin-upgrade-test-'));
    dirs.push(dir);
    writeFileSync(path.join(dir, '.env'), 'KESTREL_VERSION=1.0.0\nPOSTGRES_PASSWORD=kept\n', { mode: 0o600 });
  });
  afterEach(() => db.drop());
  after(() => dirs.forEach((folder) => rmSync(folder, { recursive: true, force: true })));

  const project = () => ({ dir, file: path.join(dir, 'docker-compose.yml'), envFile: path.join(dir, '.env'), project: 'kestrel' });

  function runner(migration: (db: ScratchDatabase) => Promise<{ code: number; stderr: string }>) {
    return new FakeDockerRunner(async (args) => {
      if (args.includes('ps')) return healthyPs(services, JOBS);
      if (args.includes('run') && args.includes('migrate')) return { stdout: '', ...(await migration(db)) };
      return undefined;
    });
  }

  it('rolls back to a working state when a migration fails halfway', async () => {
    const fake = runner(async (database) => {
      // Migration 2 of the release commits, migration 3 fails: the database is half-migrated.
      await database.query(`alter table fills add column venue text not null default 'XNAS';
        update accounts set cash_minor = cash_minor * 100;
        insert into kestrel_migrations_demo values ('2_venues')`);
      return { code: 1, stderr: 'migration 3_bad failed: syntax error at or near "SELEC"' };
    });
    const tools = new DirectDatabase(db.url, fake);
    const before = await tools.tableStats();
    await assert.rejects(
      upgrade({ project: project(), runner: fake, database: tools, backupDir: path.join(dir, 'backups'), targetVersion: '1.1.0', healthIntervalMs: 1 }),
      (error: Error & { code?: string; remedy?: string }) => {
        assert.equal(error.code, 'ADMIN_UPGRADE_ROLLED_BACK');
        assert.match(error.message, /failed at migrate/);
        assert.match(error.message, /SELEC/);
        assert.match(error.message, /Rolled back to 1\.0\.0/);
        return true;
      },
    );
    assert.deepEqual(await tools.tableStats(), before, 'every table is as it was before the upgrade');
    assert.deepEqual(await db.query('select name from kestrel_migrations_demo'), [{ name: '1_initial' }]);
    const env = readEnvFile(path.join(dir, '.env')).values;
    assert.equal(env.get('KESTREL_VERSION'), '1.0.0');
    assert.equal(env.get('POSTGRES_PASSWORD'), 'kept');
    assert.deepEqual(
      fake.composeCalls().map((call) => call[0]),
      ['pull', 'run', 'stop', 'up', 'ps'],
      'pull, migrate, then stop the services, restore, start the previous version and wait for health',
    );
    assert.deepEqual(fake.composeCalls()[2], ['stop', ...STACK_SERVICES.map((service) => service.name)]);
    const dumps = fake.calls.filter((call) => call.command === 'pg_dump' || call.command === 'pg_restore').map((call) => call.command);
    assert.equal(dumps[0], 'pg_dump', `the backup comes first (${dumps.join(', ')})`);
    assert.equal(dumps.at(-1), 'pg_restore', 'the rollback restores it');
  });

  it('upgrades when the migration succeeds and keeps the backup', async () => {
    const fake = runner(async (database) => {
      await database.query(`insert into kestrel_migrations_demo values ('2_venues')`);
      return { code: 0, stderr: '' };
    });
    const tools = new DirectDatabase(db.url, fake);
    const result = await upgrade({ project: project(), runner: fake, database: tools, backupDir: path.join(dir, 'backups'), targetVersion: '1.1.0', healthIntervalMs: 1 });
    assert.equal(result.previousVersion, '1.0.0');
    assert.equal(readEnvFile(path.join(dir, '.env')).values.get('KESTREL_VERSION'), '1.1.0');
    assert.equal(result.backup.manifest.database.tables['public.kestrel_migrations_demo']!.rows, 1);
    assert.deepEqual((await db.query('select name from kestrel_migrations_demo order by name')).length, 2);
    assert.deepEqual(fake.composeCalls().map((call) => call[0]), ['pull', 'run', 'up', 'ps']);
  });
});
