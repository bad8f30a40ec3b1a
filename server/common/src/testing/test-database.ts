// A throw-away PostgreSQL database for one integration test file, created on the server at
// KESTREL_TEST_DATABASE_URL and dropped afterwards, so test files can run in parallel without
// seeing each other's rows. The common migrations (outbox, processed_events) are applied with the
// production migration runner.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { pino } from 'pino';
import { migrateService } from '../db/migrate.js';
import { commonMigrations } from '../outbox/migrations.js';
import { requireTestEnv } from './require-test-env.js';

/** A created database: its URL, a pool on it, and drop(). */
export interface TestDatabase {
  url: string;
  pool: pg.Pool;
  /** Closes the pool and drops the database. */
  drop(): Promise<void>;
}

/** Creates a fresh database with the common migrations applied. */
export async function createTestDatabase(label: string): Promise<TestDatabase> {
  const baseUrl = requireTestEnv('KESTREL_TEST_DATABASE_URL');
  const name = `kestrel_${label.replace(/[^a-z0-9_]/g, '_')}_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  const pool = new pg.Pool({ connectionString: url.toString(), max: 20 });
  // An idle client whose server connection ends (drop() terminates leftovers) must not crash the run.
  pool.on('error', () => {});
  await migrateService(commonMigrations, { pool, logger: pino({ level: 'silent' }) });
  return {
    url: url.toString(),
    pool,
    async drop() {
      await pool.end();
      const client = new pg.Client({ connectionString: baseUrl });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}
