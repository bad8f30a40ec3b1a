// `kestrel migrate`: the one-shot migration step of the suite shape (and of upgrades). Applies
// server/common's and every selected service's pending migrations, each in its own transaction
// (in that order, printing one line per target), then closes
// everything it opened. Concurrent runs are safe: a second migrator waits for the first and then
// finds nothing to do.
import { createPool, migrateAll, migrationTargets } from '@kestrel/server-common';
import { ensureDatabase, type Prepared } from '../prepare.js';

/** Runs the migrations and reports what was applied per service. */
export async function migrate(prepared: Prepared): Promise<Record<string, string[]>> {
  const config = await ensureDatabase(prepared);
  const pool = createPool({ url: config.database.url as string, max: 2, applicationName: 'kestrel-migrate', logger: prepared.logger, statementTimeoutMs: 0 });
  prepared.lifecycle.onClose('database pool', () => pool.end());
  const applied = await migrateAll(migrationTargets(prepared.modules), { pool, logger: prepared.logger });
  for (const [name, names] of Object.entries(applied)) {
    process.stdout.write(`${name}: ${names.length === 0 ? 'up to date' : `applied ${names.join(', ')}`}\n`);
  }
  return applied;
}
