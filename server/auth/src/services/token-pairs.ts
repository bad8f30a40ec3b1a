// Issuing and rotating session tokens (access JWT + opaque refresh token).
// Invariants: a refresh token is returned to the client once and stored only as its digest;
// presenting a spent token revokes its session (the whole family) and records the event in the
// audit log in the same transaction, then fails; the access token always carries the user's
// current role, so a role change applies at the next refresh.
import { KestrelError, withTransaction } from '@kestrel/server-common';
import { AuthErrors } from '../errors.js';
import { digestSecret, randomSecret } from '../domain/opaque-secret.js';
import { SESSION_SCOPES, type Scope } from '../domain/roles.js';
import { recordAudit, type RequestOrigin } from '../store/audit-log.js';
import type { Queryable } from '../store/queryable.js';
import { findRefreshToken, insertSession, rotateRefreshToken } from '../store/sessions.js';
import { findUserById, type UserRecord } from '../store/users.js';
import type { AuthContext } from './context.js';

/** What a successful login or refresh returns. */
export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
  sessionId: string;
}

/** Starts a session for the user and returns its first token pair. */
export async function startSession(
  context: AuthContext,
  db: Queryable,
  user: UserRecord,
  origin: RequestOrigin,
  options: { clientId?: string; scopes?: readonly Scope[] } = {},
): Promise<TokenPair> {
  const refreshToken = randomSecret();
  const scopes = options.scopes ?? SESSION_SCOPES;
  const expiresAt = new Date(Date.now() + context.config.refreshTokenTtlDays * 86_400_000);
  const sessionId = await insertSession(
    db,
    { userId: user.id, clientId: options.clientId ?? null, scopes, expiresAt, ip: origin.ip, userAgent: origin.userAgent },
    digestSecret(refreshToken),
  );
  const accessToken = await context.tokens.accessToken({
    userId: user.id,
    role: user.role,
    scopes,
    context: 'session',
    sessionId,
    ...(options.clientId ? { clientId: options.clientId } : {}),
  });
  return { accessToken, refreshToken, tokenType: 'Bearer', expiresIn: context.tokens.accessTokenTtlSeconds, sessionId };
}

type RefreshOutcome = { ok: TokenPair } | { error: 'invalid' | 'reused' };

/** Rotates a refresh token: returns a new pair, or fails (revoking the family on reuse). */
export async function refreshSession(context: AuthContext, refreshToken: string, origin: RequestOrigin, clientId?: string): Promise<TokenPair> {
  const digest = digestSecret(refreshToken);
  const outcome = await withTransaction<RefreshOutcome>(context.db, async (client) => {
    const found = await findRefreshToken(client, digest);
    if (!found) return { error: 'invalid' };
    const { session } = found;
    if ((clientId ?? null) !== session.clientId) return { error: 'invalid' };
    if (found.usedAt !== null) {
      if (session.revokedAt === null) {
        await client.query(`update auth_sessions set revoked_at = now(), revoked_reason = 'refresh-token-reuse' where id = $1`, [session.id]);
        await recordAudit(client, {
          actor: { id: session.userId, type: 'user' },
          action: 'session.refresh_reuse_detected',
          outcome: 'failure',
          target: { type: 'session', id: session.id },
          origin,
          details: { revoked: true },
        });
      }
      return { error: 'reused' };
    }
    if (session.revokedAt !== null || new Date(session.expiresAt).getTime() <= Date.now()) return { error: 'invalid' };
    const user = await findUserById(client, session.userId);
    if (!user || user.status !== 'active') return { error: 'invalid' };
    const next = randomSecret();
    if (!(await rotateRefreshToken(client, session.id, digest, digestSecret(next)))) return { error: 'reused' };
    const accessToken = await context.tokens.accessToken({
      userId: user.id,
      role: user.role,
      scopes: session.scopes,
      context: 'session',
      sessionId: session.id,
      ...(session.clientId ? { clientId: session.clientId } : {}),
    });
    return { ok: { accessToken, refreshToken: next, tokenType: 'Bearer', expiresIn: context.tokens.accessTokenTtlSeconds, sessionId: session.id } };
  });
  if ('ok' in outcome) return outcome.ok;
  if (outcome.error === 'reused') throw new KestrelError(AuthErrors.AUTH_REFRESH_REUSED, 'Refresh token already used; the session has been revoked');
  throw new KestrelError(AuthErrors.AUTH_TOKEN_INVALID, 'Refresh token is invalid, expired or revoked');
}
