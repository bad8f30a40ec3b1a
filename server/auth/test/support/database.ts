// A fresh, migrated database per test file on the test PostgreSQL (KESTREL_TEST_DATABASE_URL).
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { createLogger, dropDatabase, migrateService } from '@kestrel/server-common';
import { authService } from '../../src/app.js';
import { requireTestEnv } from './env.js';

/** A migrated database and a pool on it. */
export interface TestDatabase {
  pool: pg.Pool;
  drop(): Promise<void>;
}

/** Creates and migrates a new database with the auth schema. */
export async function withTestDatabase(): Promise<TestDatabase> {
  const base = requireTestEnv('KESTREL_TEST_DATABASE_URL');
  const name = `kestrel_auth_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  const pool = new pg.Pool({ connectionString: url.toString(), max: 4 });
  await migrateService({ name: authService.name, migrationsDir: authService.migrationsDir! }, { pool, logger: createLogger({ level: 'silent' }) });
  return {
    pool,
    async drop() {
      await pool.end();
      await dropDatabase(base, name);
    },
  };
}
