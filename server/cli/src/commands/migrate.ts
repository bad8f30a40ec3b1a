// `kestrel migrate`: the one-shot migration step of the suite shape (and of upgrades). Applies
// every selected service's pending migrations, each service in its own transaction, then closes
// everything it opened. Concurrent runs are safe: a second migrator waits for the first and then
// finds nothing to do.
import { createPool, migrateAll } from '@kestrel/server-common';
import { ensureDatabase, type Prepared } from '../prepare.js';

/** Runs the migrations and reports what was applied per service. */
export async function migrate(prepared: Prepared): Promise<Record<string, string[]>> {
  const config = await ensureDatabase(prepared);
  const pool = createPool({ url: config.database.url as string, max: 2, applicationName: 'kestrel-migrate', logger: prepared.logger, statementTimeoutMs: 0 });
  prepared.lifecycle.onClose('database pool', () => pool.end());
  const applied = await migrateAll(prepared.modules, { pool, logger: prepared.logger });
  for (const module of prepared.modules) {
    const names = applied[module.name];
    if (names === undefined) continue;
    process.stdout.write(`${module.name}: ${names.length === 0 ? 'up to date' : `applied ${names.join(', ')}`}\n`);
  }
  if (prepared.modules.every((module) => module.migrationsDir === undefined)) process.stdout.write('no service has migrations\n');
  return applied;
}
