// Login sessions and their refresh tokens. A session is one refresh-token family.
// Invariants: a refresh token is spent by a conditional UPDATE (used_at is null), so of two
// concurrent uses exactly one rotates and the other is treated as reuse; revoking a session
// revokes the whole family because every token is checked against its session.
import { randomUUID } from 'node:crypto';
import type { Scope } from '../domain/roles.js';
import type { Queryable } from './queryable.js';

/** A session as listed to its owner or an admin. */
export interface SessionRecord {
  id: string;
  userId: string;
  clientId: string | null;
  scopes: Scope[];
  createdAt: string;
  lastUsedAt: string;
  expiresAt: string;
  ip: string | null;
  userAgent: string | null;
  revokedAt: string | null;
}

const COLUMNS = 'id, user_id, client_id, scopes, created_at, last_used_at, expires_at, ip, user_agent, revoked_at';

function toSession(row: Record<string, unknown>): SessionRecord {
  const iso = (value: unknown) => (value === null ? null : (value as Date).toISOString());
  return {
    id: row.id as string,
    userId: row.user_id as string,
    clientId: row.client_id as string | null,
    scopes: row.scopes as Scope[],
    createdAt: iso(row.created_at)!,
    lastUsedAt: iso(row.last_used_at)!,
    expiresAt: iso(row.expires_at)!,
    ip: row.ip as string | null,
    userAgent: row.user_agent as string | null,
    revokedAt: iso(row.revoked_at),
  };
}

/** Creates a session with its first refresh token (by digest). */
export async function insertSession(
  db: Queryable,
  session: { userId: string; clientId: string | null; scopes: readonly Scope[]; expiresAt: Date; ip: string | null; userAgent: string | null },
  tokenDigest: string,
): Promise<string> {
  const id = randomUUID();
  await db.query(
    `insert into auth_sessions (id, user_id, client_id, scopes, expires_at, ip, user_agent) values ($1, $2, $3, $4, $5, $6, $7)`,
    [id, session.userId, session.clientId, session.scopes, session.expiresAt, session.ip, session.userAgent?.slice(0, 512) ?? null],
  );
  await db.query(`insert into auth_refresh_tokens (token_digest, session_id) values ($1, $2)`, [tokenDigest, id]);
  return id;
}

/** The token (with its session) for a digest, row-locked, or null. */
export async function findRefreshToken(
  db: Queryable,
  digest: string,
): Promise<{ usedAt: Date | null; session: SessionRecord } | null> {
  const { rows } = await db.query(
    `select t.used_at, ${COLUMNS.split(', ').map((c) => 's.' + c).join(', ')}
       from auth_refresh_tokens t join auth_sessions s on s.id = t.session_id
      where t.token_digest = $1 for update of t, s`,
    [digest],
  );
  return rows[0] ? { usedAt: rows[0].used_at, session: toSession(rows[0]) } : null;
}

/** Spends a token and adds its successor to the same session. */
export async function rotateRefreshToken(db: Queryable, sessionId: string, oldDigest: string, newDigest: string): Promise<boolean> {
  const { rowCount } = await db.query(`update auth_refresh_tokens set used_at = now() where token_digest = $1 and used_at is null`, [oldDigest]);
  if (rowCount !== 1) return false;
  await db.query(`insert into auth_refresh_tokens (token_digest, session_id) values ($1, $2)`, [newDigest, sessionId]);
  await db.query(`update auth_sessions set last_used_at = now() where id = $1`, [sessionId]);
  return true;
}

/** Revokes one session; `userId` restricts it to the owner (null = any, for admins). Returns whether it changed. */
export async function revokeSession(db: Queryable, id: string, userId: string | null, reason: string): Promise<boolean> {
  const { rowCount } = await db.query(
    `update auth_sessions set revoked_at = now(), revoked_reason = $3
      where id = $1 and ($2::uuid is null or user_id = $2) and revoked_at is null`,
    [id, userId, reason],
  );
  return rowCount === 1;
}

/** Revokes every live session of a user (password change, disable). */
export async function revokeUserSessions(db: Queryable, userId: string, reason: string): Promise<number> {
  const { rowCount } = await db.query(
    `update auth_sessions set revoked_at = now(), revoked_reason = $2 where user_id = $1 and revoked_at is null`,
    [userId, reason],
  );
  return rowCount ?? 0;
}

/** A user's live sessions, newest first. */
export async function listSessions(db: Queryable, userId: string): Promise<SessionRecord[]> {
  const { rows } = await db.query(
    `select ${COLUMNS} from auth_sessions where user_id = $1 and revoked_at is null and expires_at > now() order by created_at desc, id`,
    [userId],
  );
  return rows.map(toSession);
}

/** One session if it belongs to the user (or to anyone when userId is null). */
export async function findSession(db: Queryable, id: string, userId: string | null): Promise<SessionRecord | null> {
  const { rows } = await db.query(`select ${COLUMNS} from auth_sessions where id = $1 and ($2::uuid is null or user_id = $2)`, [id, userId]);
  return rows[0] ? toSession(rows[0]) : null;
}
