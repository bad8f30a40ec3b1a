// Versioned migrations per service with node-pg-migrate. Invariants: each service has its own
// folder and its own table (kestrel_migrations_<service>), so services migrate independently;
// all pending migrations of one service apply in one transaction (all or nothing); concurrent
// migrators of the same service are safe and both succeed: we first take a blocking advisory
// lock keyed by service (node-pg-migrate's own lock is try-only and would make the second
// migrator fail), then hand the same session to the runner, whose try-lock re-enters our lock.
import { createHash } from 'node:crypto';
import { runner } from 'node-pg-migrate';
import type pg from 'pg';
import type { Logger } from 'pino';
import { migrationsTableName } from '../service.js';

/** One service's migrations. */
export interface MigrationTarget {
  name: string;
  migrationsDir: string;
}

/** Options shared by migrateService and migrateAll. */
export interface MigrateOptions {
  pool: pg.Pool;
  logger: Logger;
  /** How long to wait for another migrator of the same service, in ms. */
  lockTimeoutMs?: number;
}

/** The advisory lock key of a service's migrations (48 bits, so it is exact in a JS number). */
export function migrationLockKey(serviceName: string): number {
  return createHash('sha256').update(`kestrel:migrations:${serviceName}`).digest().readUIntBE(0, 6);
}

/** Applies a service's pending migrations; returns the names applied (empty when up to date). */
export async function migrateService(target: MigrationTarget, options: MigrateOptions): Promise<string[]> {
  const logger = options.logger.child({ service: target.name, component: 'migrate' });
  const key = migrationLockKey(target.name);
  const client = await options.pool.connect();
  let broken: Error | undefined;
  try {
    await client.query("select set_config('lock_timeout', $1, false)", [`${options.lockTimeoutMs ?? 120_000}ms`]);
    await client.query('select pg_advisory_lock($1)', [key]);
    try {
      const applied = await runner({
        dbClient: client,
        dir: target.migrationsDir,
        migrationsTable: migrationsTableName(target.name),
        direction: 'up',
        singleTransaction: true,
        checkOrder: true,
        lockValue: key,
        logger: {
          debug: (message: string) => logger.debug(message),
          info: (message: string) => logger.debug(message),
          warn: (message: string) => logger.warn(message),
          error: (message: string) => logger.error(message),
        },
      });
      const names = applied.map((migration) => migration.name);
      if (names.length > 0) logger.info({ applied: names }, 'migrations applied');
      return names;
    } finally {
      await client.query('select pg_advisory_unlock($1)', [key]).catch((error: Error) => {
        broken = error;
      });
    }
  } catch (error) {
    broken ??= error as Error;
    throw error;
  } finally {
    if (!broken) await client.query('reset lock_timeout').catch((error: Error) => (broken = error));
    client.release(broken);
  }
}

/** Migrates every module that has a migrations folder, one after another, in the given order. */
export async function migrateAll(
  modules: readonly { name: string; migrationsDir?: string }[],
  options: MigrateOptions,
): Promise<Record<string, string[]>> {
  const applied: Record<string, string[]> = {};
  for (const module of modules) {
    if (module.migrationsDir === undefined) continue;
    applied[module.name] = await migrateService({ name: module.name, migrationsDir: module.migrationsDir }, options);
  }
  return applied;
}
