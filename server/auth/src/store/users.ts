// Accounts: email, argon2id hash, role, status and TOTP state.
// Invariants: emails are unique case-insensitively (unique index on lower(email)); the TOTP last
// used step only moves forward through a compare-and-set, so two concurrent logins with the same
// code cannot both succeed.
import { randomUUID } from 'node:crypto';
import type { Role } from '../domain/roles.js';
import type { Queryable } from './queryable.js';

/** An account row. */
export interface UserRecord {
  id: string;
  email: string;
  passwordHash: string | null;
  role: Role;
  status: 'active' | 'disabled';
  mustChangePassword: boolean;
  totpSecret: string | null;
  totpEnabled: boolean;
  totpLastStep: number | null;
  createdAt: string;
}

const COLUMNS = `id, email, password_hash, role, status, must_change_password, totp_secret, totp_enabled, totp_last_step, created_at`;

function toUser(row: Record<string, unknown>): UserRecord {
  return {
    id: row.id as string,
    email: row.email as string,
    passwordHash: row.password_hash as string | null,
    role: row.role as Role,
    status: row.status as 'active' | 'disabled',
    mustChangePassword: row.must_change_password as boolean,
    totpSecret: row.totp_secret as string | null,
    totpEnabled: row.totp_enabled as boolean,
    totpLastStep: row.totp_last_step === null ? null : Number(row.totp_last_step),
    createdAt: (row.created_at as Date).toISOString(),
  };
}

/** Inserts an account; returns null when the email is taken. */
export async function insertUser(
  db: Queryable,
  user: { email: string; passwordHash: string; role: Role; mustChangePassword?: boolean },
): Promise<UserRecord | null> {
  const { rows } = await db.query(
    `insert into auth_users (id, email, password_hash, role, must_change_password) values ($1, $2, $3, $4, $5)
     on conflict do nothing returning ${COLUMNS}`,
    [randomUUID(), user.email, user.passwordHash, user.role, user.mustChangePassword ?? false],
  );
  return rows[0] ? toUser(rows[0]) : null;
}

/** The account with this email (case-insensitive), if any. */
export async function findUserByEmail(db: Queryable, email: string): Promise<UserRecord | null> {
  const { rows } = await db.query(`select ${COLUMNS} from auth_users where lower(email) = lower($1)`, [email]);
  return rows[0] ? toUser(rows[0]) : null;
}

/** The account with this id, if any; `lock` takes a row lock inside a transaction. */
export async function findUserById(db: Queryable, id: string, lock = false): Promise<UserRecord | null> {
  const { rows } = await db.query(`select ${COLUMNS} from auth_users where id = $1${lock ? ' for update' : ''}`, [id]);
  return rows[0] ? toUser(rows[0]) : null;
}

/** Filters and paging of the admin user list. */
export interface UserListQuery {
  role?: Role;
  status?: 'active' | 'disabled';
  email?: string;
  limit: number;
  offset: number;
}

/** A page of accounts ordered by creation, and the total matching. */
export async function listUsers(db: Queryable, query: UserListQuery): Promise<{ users: UserRecord[]; total: number }> {
  const where: string[] = [];
  const params: unknown[] = [];
  if (query.role) where.push(`role = $${params.push(query.role)}`);
  if (query.status) where.push(`status = $${params.push(query.status)}`);
  if (query.email) where.push(`strpos(lower(email), lower($${params.push(query.email)})) > 0`);
  const clause = where.length > 0 ? `where ${where.join(' and ')}` : '';
  const total = await db.query(`select count(*)::int as n from auth_users ${clause}`, params);
  const { rows } = await db.query(
    `select ${COLUMNS} from auth_users ${clause} order by created_at, id limit $${params.length + 1} offset $${params.length + 2}`,
    [...params, query.limit, query.offset],
  );
  return { users: rows.map(toUser), total: total.rows[0].n };
}

/** Sets role and/or status. */
export async function updateUser(db: Queryable, id: string, change: { role?: Role; status?: 'active' | 'disabled' }): Promise<void> {
  await db.query(
    `update auth_users set role = coalesce($2, role), status = coalesce($3, status), updated_at = now() where id = $1`,
    [id, change.role ?? null, change.status ?? null],
  );
}

/** Replaces the password hash and clears the must-change flag. */
export async function setPasswordHash(db: Queryable, id: string, hash: string): Promise<void> {
  await db.query(`update auth_users set password_hash = $2, must_change_password = false, updated_at = now() where id = $1`, [id, hash]);
}

/** Stores a pending (not yet enabled) TOTP secret. */
export async function setPendingTotp(db: Queryable, id: string, secret: string): Promise<void> {
  await db.query(`update auth_users set totp_secret = $2, totp_enabled = false, totp_last_step = null, updated_at = now() where id = $1`, [id, secret]);
}

/** Records a used TOTP step if it is newer than the stored one; false when another request won. */
export async function advanceTotpStep(db: Queryable, id: string, step: number, enable: boolean): Promise<boolean> {
  const { rowCount } = await db.query(
    `update auth_users set totp_last_step = $2, totp_enabled = totp_enabled or $3, updated_at = now()
      where id = $1 and (totp_last_step is null or totp_last_step < $2)`,
    [id, step, enable],
  );
  return rowCount === 1;
}

/** Turns 2FA off and forgets the secret and recovery codes. */
export async function clearTotp(db: Queryable, id: string): Promise<void> {
  await db.query(`update auth_users set totp_secret = null, totp_enabled = false, totp_last_step = null, updated_at = now() where id = $1`, [id]);
  await db.query(`delete from auth_recovery_codes where user_id = $1`, [id]);
}

/** Replaces the account's recovery codes with these digests. */
export async function replaceRecoveryCodes(db: Queryable, id: string, digests: string[]): Promise<void> {
  await db.query(`delete from auth_recovery_codes where user_id = $1`, [id]);
  await db.query(`insert into auth_recovery_codes (user_id, code_digest) select $1, unnest($2::text[])`, [id, digests]);
}

/** Spends a recovery code; false when it does not exist or was used. */
export async function useRecoveryCode(db: Queryable, id: string, digest: string): Promise<boolean> {
  const { rowCount } = await db.query(
    `update auth_recovery_codes set used_at = now() where user_id = $1 and code_digest = $2 and used_at is null`,
    [id, digest],
  );
  return rowCount === 1;
}

/** Number of active admins (guards against demoting or disabling the last one). */
export async function countActiveAdmins(db: Queryable): Promise<number> {
  const { rows } = await db.query(`select count(*)::int as n from auth_users where role = 'admin' and status = 'active'`);
  return rows[0].n;
}

/** Whether each role requires 2FA. */
export async function roleRequires2fa(db: Queryable, role: Role): Promise<boolean> {
  const { rows } = await db.query(`select require_2fa from auth_role_policies where role = $1`, [role]);
  return rows[0]?.require_2fa === true;
}

/** All role policies. */
export async function listRolePolicies(db: Queryable): Promise<Array<{ role: Role; require2fa: boolean }>> {
  const { rows } = await db.query(`select role, require_2fa from auth_role_policies order by role`);
  return rows.map((row) => ({ role: row.role, require2fa: row.require_2fa }));
}

/** Sets whether a role requires 2FA. */
export async function setRoleRequires2fa(db: Queryable, role: Role, require: boolean): Promise<void> {
  await db.query(`update auth_role_policies set require_2fa = $2, updated_at = now() where role = $1`, [role, require]);
}
