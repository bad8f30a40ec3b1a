// Registration, login (with lockout and per-IP limits), logout and password change.
// Invariants: failed logins count per account (by normalised email, so unknown emails behave the
// same) in a one-hour window; at the limit the account answers AUTH_ACCOUNT_LOCKED without checking
// the password until the window ends or an admin unlocks it; unknown emails cost one argon2
// verification like known ones, so neither timing nor message reveals which emails exist.
import { KestrelError, withTransaction } from '@kestrel/server-common';
import { AuthErrors } from '../errors.js';
import { hashPassword, needsRehash, verifyAgainstDummy, verifyPassword } from '../domain/password-hash.js';
import { checkPassword } from '../domain/password-policy.js';
import { SESSION_SCOPES, type Role } from '../domain/roles.js';
import { recordAudit, type RequestOrigin } from '../store/audit-log.js';
import { revokeSession, revokeUserSessions } from '../store/sessions.js';
import { findUserByEmail, findUserById, insertUser, roleRequires2fa, setPasswordHash, type UserRecord } from '../store/users.js';
import type { AuthContext } from './context.js';
import { startSession, type TokenPair } from './token-pairs.js';

const HOUR_MS = 3_600_000;

/** Result of the password step of a login. */
export type LoginResult =
  | { kind: 'tokens'; tokens: TokenPair; mustChangePassword: boolean }
  | { kind: '2fa'; challengeToken: string }
  | { kind: '2fa-enroll'; enrollmentToken: string; expiresIn: number };

/** Throws the policy error for a password that may not be used. */
export function assertAcceptablePassword(password: string, email: string): void {
  const problem = checkPassword(password, { email });
  if (problem) throw new KestrelError(AuthErrors[problem], AuthErrors[problem].description);
}

/** Counts one attempt from `ip` and throws AUTH_TOO_MANY_ATTEMPTS over the limit. */
export async function limitByIp(context: AuthContext, ip: string | null, purpose: string): Promise<void> {
  const window = await context.limiter.hit(`ip:${purpose}:${ip ?? 'unknown'}`, context.config.loginIpWindowSeconds * 1000);
  if (window.count > context.config.loginAttemptsPerIp) {
    throw new KestrelError(AuthErrors.AUTH_TOO_MANY_ATTEMPTS, 'Too many attempts from this address', {
      details: { retryAfterSeconds: Math.max(1, Math.ceil(window.resetInMs / 1000)) },
    });
  }
}

/** Creates an account (open sign-up or admin); the caller has checked who may do it. */
export async function createAccount(
  context: AuthContext,
  input: { email: string; password: string; role: Role; mustChangePassword?: boolean },
  audit: { actor: { id: string | null; type: 'user' | 'anonymous' | 'system' }; origin: RequestOrigin; action: string },
): Promise<UserRecord> {
  assertAcceptablePassword(input.password, input.email);
  const passwordHash = await hashPassword(input.password);
  return withTransaction(context.db, async (client) => {
    const user = await insertUser(client, { email: input.email, passwordHash, role: input.role, mustChangePassword: input.mustChangePassword ?? false });
    if (!user) throw new KestrelError(AuthErrors.AUTH_EMAIL_TAKEN, 'An account with this email already exists');
    await recordAudit(client, {
      actor: audit.actor,
      action: audit.action,
      outcome: 'success',
      target: { type: 'user', id: user.id },
      origin: audit.origin,
      details: { role: user.role },
    });
    return user;
  });
}

function lockKey(email: string): string {
  return `login-failures:${email.trim().toLowerCase()}`;
}

/** Forgets an account's failed-login count (admin unlock). */
export async function unlockAccount(context: AuthContext, email: string): Promise<void> {
  await context.limiter.reset(lockKey(email));
}

/** The password step of a login. */
export async function login(context: AuthContext, email: string, password: string, origin: RequestOrigin): Promise<LoginResult> {
  await limitByIp(context, origin.ip, 'login');
  const key = lockKey(email);
  const max = context.config.maxFailedLoginsPerHour;
  const failures = await context.limiter.peek(key);
  const user = await findUserByEmail(context.db, email);
  const fail = (action: string, details: Record<string, unknown>) =>
    recordAudit(context.db, {
      actor: { id: user?.id ?? null, type: user ? 'user' : 'anonymous' },
      action,
      outcome: 'failure',
      ...(user ? { target: { type: 'user', id: user.id } } : {}),
      origin,
      details,
    });
  if (failures.count >= max) {
    await fail('auth.login', { reason: 'locked' });
    throw new KestrelError(AuthErrors.AUTH_ACCOUNT_LOCKED, 'Account locked after too many failed logins', {
      details: { retryAfterSeconds: Math.max(1, Math.ceil(failures.resetInMs / 1000)) },
    });
  }
  const valid = user?.passwordHash ? await verifyPassword(user.passwordHash, password) : await verifyAgainstDummy(password);
  if (!user || !valid) {
    const window = await context.limiter.hit(key, HOUR_MS);
    await fail('auth.login', { reason: 'invalid-credentials', failures: window.count });
    if (window.count === max) await fail('auth.account_locked', { failures: window.count });
    throw new KestrelError(AuthErrors.AUTH_INVALID_CREDENTIALS, 'Email or password is wrong');
  }
  if (user.status !== 'active') {
    await fail('auth.login', { reason: 'disabled' });
    throw new KestrelError(AuthErrors.AUTH_ACCOUNT_DISABLED, 'This account is disabled');
  }
  await context.limiter.reset(key);
  if (needsRehash(user.passwordHash!)) await setPasswordHash(context.db, user.id, await hashPassword(password));
  if (user.totpEnabled) {
    await recordAudit(context.db, { actor: { id: user.id, type: 'user' }, action: 'auth.login_password', outcome: 'success', origin, details: { next: '2fa' } });
    return { kind: '2fa', challengeToken: await context.tokens.challengeToken(user.id) };
  }
  if (await roleRequires2fa(context.db, user.role)) {
    await recordAudit(context.db, { actor: { id: user.id, type: 'user' }, action: 'auth.login_password', outcome: 'success', origin, details: { next: '2fa-enroll' } });
    const enrollmentToken = await context.tokens.accessToken({ userId: user.id, role: user.role, scopes: ['enroll-2fa'], context: 'session' });
    return { kind: '2fa-enroll', enrollmentToken, expiresIn: context.tokens.accessTokenTtlSeconds };
  }
  return { kind: 'tokens', tokens: await completeLogin(context, user, origin, 'password'), mustChangePassword: user.mustChangePassword };
}

/** Starts the session of a user who passed every factor, with its audit row. */
export async function completeLogin(context: AuthContext, user: UserRecord, origin: RequestOrigin, method: string): Promise<TokenPair> {
  return withTransaction(context.db, async (client) => {
    const tokens = await startSession(context, client, user, origin, { scopes: SESSION_SCOPES });
    await recordAudit(client, {
      actor: { id: user.id, type: 'user' },
      action: 'auth.login',
      outcome: 'success',
      target: { type: 'session', id: tokens.sessionId },
      origin,
      details: { method },
    });
    return tokens;
  });
}

/** Ends the caller's current session. */
export async function logout(context: AuthContext, userId: string, sessionId: string | undefined, origin: RequestOrigin): Promise<void> {
  await withTransaction(context.db, async (client) => {
    const revoked = sessionId ? await revokeSession(client, sessionId, userId, 'logout') : false;
    await recordAudit(client, {
      actor: { id: userId, type: 'user' },
      action: 'auth.logout',
      outcome: 'success',
      ...(sessionId ? { target: { type: 'session', id: sessionId } } : {}),
      origin,
      details: { revoked },
    });
  });
}

/** Changes the caller's password after checking the current one; revokes every other session. */
export async function changePassword(
  context: AuthContext,
  userId: string,
  currentPassword: string,
  newPassword: string,
  origin: RequestOrigin,
): Promise<void> {
  await limitByIp(context, origin.ip, 'password');
  const user = await findUserById(context.db, userId);
  if (!user) throw new KestrelError(AuthErrors.AUTH_USER_NOT_FOUND, 'No such user');
  if (!user.passwordHash || !(await verifyPassword(user.passwordHash, currentPassword))) {
    await recordAudit(context.db, { actor: { id: userId, type: 'user' }, action: 'auth.password_change', outcome: 'failure', origin, details: { reason: 'wrong-current-password' } });
    throw new KestrelError(AuthErrors.AUTH_INVALID_CREDENTIALS, 'The current password is wrong');
  }
  assertAcceptablePassword(newPassword, user.email);
  const hash = await hashPassword(newPassword);
  await withTransaction(context.db, async (client) => {
    await setPasswordHash(client, userId, hash);
    const revoked = await revokeUserSessions(client, userId, 'password-change');
    await recordAudit(client, { actor: { id: userId, type: 'user' }, action: 'auth.password_change', outcome: 'success', origin, details: { sessionsRevoked: revoked } });
  });
}
