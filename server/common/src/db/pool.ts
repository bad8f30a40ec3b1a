// The PostgreSQL pool factory. Invariants: an idle client's connection error is logged instead
// of crashing the process (pg emits it on the pool, and an unhandled 'error' event would throw);
// every connection gets the configured statement timeout and an application_name, so slow
// queries are bounded and attributable in pg_stat_activity.
import pg from 'pg';
import type { Logger } from 'pino';
import { redactConnectionUrl } from '../log/logger.js';

/** Options of createPool. */
export interface CreatePoolOptions {
  url: string;
  /** Most open connections. */
  max?: number;
  /** Server-side statement timeout in ms; 0 disables it. */
  statementTimeoutMs?: number;
  /** Shown in pg_stat_activity, e.g. `kestrel-auth`. */
  applicationName?: string;
  logger?: Logger;
}

/** Creates a lazily connecting pool. */
export function createPool(options: CreatePoolOptions): pg.Pool {
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.max ?? 10,
    application_name: options.applicationName ?? 'kestrel',
    statement_timeout: options.statementTimeoutMs ?? 30_000,
    connectionTimeoutMillis: 10_000,
    idleTimeoutMillis: 30_000,
  });
  pool.on('error', (error) => {
    options.logger?.warn({ err: error, database: redactConnectionUrl(options.url) }, 'idle PostgreSQL connection failed');
  });
  return pool;
}

/** Readiness check: one round trip to the database. */
export async function checkDatabase(pool: pg.Pool): Promise<void> {
  await pool.query('select 1');
}
