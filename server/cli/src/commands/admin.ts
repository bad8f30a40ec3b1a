// `kestrel admin create`: the command-line way to an administrator — the first one, or a locked-out
// one recovered. Prepares configuration and the database exactly like `kestrel migrate` (the
// configured PostgreSQL, or the embedded one under the data dir, started and stopped again),
// applies server/common's and the auth service's pending migrations, then calls the auth service's
// createAdmin. Invariants: the credentials are checked before any database starts (a refusal is
// bad usage, exit 64); a generated one-time password is written once to stdout and never to the
// log; an existing account with the email is promoted, re-activated and given the new password.
// Known limit: a password given with --password is visible in the process list and shell history;
// omit it to get a one-time password that must be changed at first login.
import { assertAdminCredentials, createAdmin } from '@kestrel/server-auth';
import { KestrelError, createPool, migrateAll, migrationTargets } from '@kestrel/server-common';
import { UsageError } from '../args.js';
import { ensureDatabase, type Prepared } from '../prepare.js';

/** What `admin create` was asked for. */
export interface AdminRequest {
  email: string;
  password?: string;
}

/** Checks the email and password without a database; a refusal becomes a UsageError. */
export function checkAdminRequest(request: AdminRequest): void {
  try {
    assertAdminCredentials(request.email, request.password);
  } catch (error) {
    if (error instanceof KestrelError && error.status < 500) throw new UsageError(`${error.code}: ${error.message}`);
    throw error;
  }
}

/** Migrates the auth tables and creates the admin; prints the one-time password when one was generated. */
export async function adminCreate(prepared: Prepared, request: AdminRequest): Promise<void> {
  const config = await ensureDatabase(prepared);
  const pool = createPool({ url: config.database.url as string, max: 2, applicationName: 'kestrel-admin', logger: prepared.logger, statementTimeoutMs: 0 });
  prepared.lifecycle.onClose('database pool', () => pool.end());
  await migrateAll(migrationTargets(prepared.modules), { pool, logger: prepared.logger });
  const created = await createAdmin(pool, request.email, request.password);
  prepared.logger.info({ userId: created.user.id, email: created.user.email, generatedPassword: created.oneTimePassword !== undefined }, 'admin account ready');
  if (created.oneTimePassword !== undefined) {
    // The same line `KESTREL_AUTH_BOOTSTRAP_ADMIN_EMAIL` prints, so scripts read either the same way.
    process.stdout.write(`Kestrel admin ${created.user.email} one-time password: ${created.oneTimePassword}\n`);
    process.stdout.write('It is shown only now and must be changed at first login.\n');
  } else {
    process.stdout.write(`Kestrel admin ${created.user.email} is ready (user ${created.user.id}).\n`);
  }
}
