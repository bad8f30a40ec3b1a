// Where the outbox's tables come from: the "common" migration target, run by the shared migration
// runner (db/migrate.ts) before any service's migrations, into table kestrel_migrations_common.
import { fileURLToPath } from 'node:url';
import type { MigrationTarget } from '../db/migrate.js';

/** The migrations of server/common itself (the outbox and processed_events tables). */
export const commonMigrations: MigrationTarget = {
  name: 'common',
  migrationsDir: fileURLToPath(new URL('../../migrations', import.meta.url)),
};
