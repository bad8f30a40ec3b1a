// The first administrator. Two ways in (docs/security.md): `kestrel admin create --email ...`
// (createAdmin), or KESTREL_AUTH_BOOTSTRAP_ADMIN_EMAIL on a start where no admin exists yet
// (bootstrapAdmin), which prints a one-time password once; that password must be changed at
// first login (`mustChangePassword`).
// Invariant: bootstrap runs under an advisory lock and only while no admin exists, so replicas
// starting together create one admin, and a later restart with the variable still set does nothing.
import { CommonErrors, KestrelError, withTransaction } from '@kestrel/server-common';
import type pg from 'pg';
import type { Logger } from 'pino';
import { isAccountEmail } from './domain/account-email.js';
import { hashPassword } from './domain/password-hash.js';
import { checkPassword } from './domain/password-policy.js';
import { randomSecret } from './domain/opaque-secret.js';
import { AuthErrors } from './errors.js';
import { recordAudit } from './store/audit-log.js';
import { revokeUserSessions } from './store/sessions.js';
import { findUserByEmail, insertUser, setPasswordHash, updateUser, type UserRecord } from './store/users.js';

const BOOTSTRAP_LOCK = 0x6b657374_7202;
const SYSTEM_ORIGIN = { ip: null, userAgent: null, requestId: null };

/** Result of creating the first admin. */
export interface CreatedAdmin {
  user: UserRecord;
  /** Set when the password was generated (print it once). */
  oneTimePassword?: string;
}

/**
 * Throws a 4xx KestrelError when `email` is not one the login route accepts (REQUEST_INVALID) or
 * `password` breaks the password policy (AUTH_PASSWORD_*); needs no database, so callers can check
 * before they start one.
 */
export function assertAdminCredentials(email: string, password?: string): void {
  if (!isAccountEmail(email)) throw new KestrelError(CommonErrors.REQUEST_INVALID, `"${email}" is not an email address the login accepts`);
  if (password === undefined) return;
  const problem = checkPassword(password, { email });
  if (problem) throw new KestrelError(AuthErrors[problem], `password refused: ${AuthErrors[problem].description}`);
}

/**
 * Creates an admin, or promotes, re-activates and resets the existing account with that email (and
 * revokes its sessions); refuses what assertAdminCredentials refuses.
 */
export async function createAdmin(db: pg.Pool, email: string, password?: string): Promise<CreatedAdmin> {
  assertAdminCredentials(email, password);
  const oneTimePassword = password === undefined ? randomSecret(18) : undefined;
  const hash = await hashPassword(password ?? oneTimePassword!);
  return withTransaction(db, async (client) => {
    let user = await insertUser(client, { email, passwordHash: hash, role: 'admin', mustChangePassword: oneTimePassword !== undefined });
    let sessionsRevoked = 0;
    if (!user) {
      const existing = (await findUserByEmail(client, email))!;
      await updateUser(client, existing.id, { role: 'admin', status: 'active' });
      await setPasswordHash(client, existing.id, hash);
      if (oneTimePassword) await client.query('update auth_users set must_change_password = true where id = $1', [existing.id]);
      // As for a password change: whoever held the old password loses its sessions (a recovery use).
      sessionsRevoked = await revokeUserSessions(client, existing.id, 'admin-reset');
      user = (await findUserByEmail(client, email))!;
    }
    await recordAudit(client, {
      actor: { id: null, type: 'system' },
      action: 'user.admin_bootstrapped',
      outcome: 'success',
      target: { type: 'user', id: user.id },
      origin: SYSTEM_ORIGIN,
      details: { sessionsRevoked },
    });
    return oneTimePassword ? { user, oneTimePassword } : { user };
  });
}

/** On start: creates the configured admin when no admin exists; logs the one-time password. */
export async function bootstrapAdmin(db: pg.Pool, email: string | undefined, logger: Logger): Promise<CreatedAdmin | null> {
  if (email === undefined) return null;
  const created = await withTransaction(db, async (client) => {
    await client.query('select pg_advisory_xact_lock($1)', [BOOTSTRAP_LOCK]);
    const { rows } = await client.query(`select 1 from auth_users where role = 'admin' limit 1`);
    if (rows.length > 0) return null;
    const oneTimePassword = randomSecret(18);
    const user = await insertUser(client, { email, passwordHash: await hashPassword(oneTimePassword), role: 'admin', mustChangePassword: true });
    if (!user) return null;
    await recordAudit(client, { actor: { id: null, type: 'system' }, action: 'user.admin_bootstrapped', outcome: 'success', target: { type: 'user', id: user.id }, origin: SYSTEM_ORIGIN });
    return { user, oneTimePassword };
  });
  if (created) {
    // Deliberately printed (not only logged at debug): this is the operator's one chance to see it.
    logger.warn({ email }, 'created the first admin account; its one-time password follows and must be changed at first login');
    process.stdout.write(`Kestrel admin ${email} one-time password: ${created.oneTimePassword}\n`);
  }
  return created;
}
