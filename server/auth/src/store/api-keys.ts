// API keys: prefix id, SHA-256 digest of the secret, scopes, expiry.
// Invariant: every owner-facing query is scoped by user_id in SQL, so another user's key id
// matches nothing (404), never a 403 that would confirm it exists.
import type { GrantableScope as Scope } from '../domain/roles.js';
import type { Queryable } from './queryable.js';

/** A key as listed (never with its secret). */
export interface ApiKeyRecord {
  id: string;
  userId: string;
  name: string;
  scopes: Scope[];
  createdAt: string;
  expiresAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

const COLUMNS = 'id, user_id, name, scopes, created_at, expires_at, last_used_at, revoked_at';

function toKey(row: Record<string, unknown>): ApiKeyRecord {
  const iso = (value: unknown) => (value === null ? null : (value as Date).toISOString());
  return {
    id: row.id as string,
    userId: row.user_id as string,
    name: row.name as string,
    scopes: row.scopes as Scope[],
    createdAt: iso(row.created_at)!,
    expiresAt: iso(row.expires_at)!,
    lastUsedAt: iso(row.last_used_at),
    revokedAt: iso(row.revoked_at),
  };
}

/** Stores a new key. */
export async function insertApiKey(
  db: Queryable,
  key: { id: string; userId: string; name: string; secretDigest: string; scopes: readonly Scope[]; expiresAt: Date },
): Promise<ApiKeyRecord> {
  const { rows } = await db.query(
    `insert into auth_api_keys (id, user_id, name, secret_digest, scopes, expires_at) values ($1, $2, $3, $4, $5, $6) returning ${COLUMNS}`,
    [key.id, key.userId, key.name, key.secretDigest, key.scopes, key.expiresAt],
  );
  return toKey(rows[0]);
}

/** Keys of one user (or of everyone when userId is null), newest first. */
export async function listApiKeys(db: Queryable, userId: string | null, includeRevoked: boolean): Promise<ApiKeyRecord[]> {
  const { rows } = await db.query(
    `select ${COLUMNS} from auth_api_keys where ($1::uuid is null or user_id = $1) ${includeRevoked ? '' : 'and revoked_at is null'}
      order by created_at desc, id limit 1000`,
    [userId],
  );
  return rows.map(toKey);
}

/** Revokes a key; `userId` restricts it to the owner (null = any, for admins). */
export async function revokeApiKey(db: Queryable, id: string, userId: string | null): Promise<ApiKeyRecord | null> {
  const { rows } = await db.query(
    `update auth_api_keys set revoked_at = coalesce(revoked_at, now()) where id = $1 and ($2::uuid is null or user_id = $2) returning ${COLUMNS}`,
    [id, userId],
  );
  return rows[0] ? toKey(rows[0]) : null;
}

/** One key of a user (or any key when userId is null). */
export async function findApiKey(db: Queryable, id: string, userId: string | null): Promise<ApiKeyRecord | null> {
  const { rows } = await db.query(`select ${COLUMNS} from auth_api_keys where id = $1 and ($2::uuid is null or user_id = $2)`, [id, userId]);
  return rows[0] ? toKey(rows[0]) : null;
}

/** The usable key with this prefix and its owner, for authentication. */
export async function findUsableApiKey(
  db: Queryable,
  id: string,
): Promise<{ key: ApiKeyRecord; secretDigest: string; role: string; userStatus: string } | null> {
  const { rows } = await db.query(
    `select ${COLUMNS.split(', ').map((c) => 'k.' + c).join(', ')}, k.secret_digest, u.role, u.status as user_status
       from auth_api_keys k join auth_users u on u.id = k.user_id
      where k.id = $1 and k.revoked_at is null and k.expires_at > now()`,
    [id],
  );
  const row = rows[0];
  return row ? { key: toKey(row), secretDigest: row.secret_digest, role: row.role, userStatus: row.user_status } : null;
}

/** Notes that a key was used (at most once a minute per key, to spare writes). */
export async function touchApiKey(db: Queryable, id: string): Promise<void> {
  await db.query(`update auth_api_keys set last_used_at = now() where id = $1 and (last_used_at is null or last_used_at < now() - interval '1 minute')`, [id]);
}
