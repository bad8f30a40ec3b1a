// A throw-away PostgreSQL database for one integration test file, created on the server at
// KESTREL_TEST_DATABASE_URL and dropped afterwards, so test files can run in parallel without
// seeing each other's rows. The common migrations (outbox, processed_events) are applied with the
// production migration runner. createScratchDatabase is the same without migrations or pool, for
// service harnesses that build their own deps on the URL.
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

/** An empty created database: its URL and drop(). */
export interface ScratchDatabase {
  url: string;
  /** Drops the database, ending whatever connections are still open on it. */
  drop(): Promise<void>;
}

/**
 * Drops database `name` on the server at `baseUrl`. pool.end() resolves before its clients'
 * sockets close, and a client that is still closing when DROP ... WITH (FORCE) terminates its
 * backend receives the termination as an error nobody listens to any more (an uncaught exception
 * in the test file): so first wait, up to `waitMs`, for the database's other connections to go,
 * and only force what is left after that.
 */
export async function dropDatabase(baseUrl: string, name: string, waitMs = 10_000): Promise<void> {
  const client = new pg.Client({ connectionString: baseUrl });
  await client.connect();
  try {
    const deadline = Date.now() + waitMs;
    for (;;) {
      const { rows } = await client.query<{ n: string }>('SELECT count(*) AS n FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [name]);
      if (Number(rows[0]!.n) === 0 || Date.now() > deadline) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(name)} WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

/** Creates an empty database (no migrations, no pool): for harnesses that bring their own deps. */
export async function createScratchDatabase(label: string): Promise<ScratchDatabase> {
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
  return {
    url: url.toString(),
    drop: () => dropDatabase(baseUrl, name),
  };
}

/** Creates a fresh database with the common migrations applied. */
export async function createTestDatabase(label: string): Promise<TestDatabase> {
  const database = await createScratchDatabase(label);
  const pool = new pg.Pool({ connectionString: database.url, max: 20 });
  // An idle client whose server connection ends (drop() terminates leftovers) must not crash the run.
  pool.on('error', () => {});
  await migrateService(commonMigrations, { pool, logger: pino({ level: 'silent' }) });
  return {
    url: database.url,
    pool,
    async drop() {
      await pool.end();
      await database.drop();
    },
  };
}
