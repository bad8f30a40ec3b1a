// TOTP enrolment, second-factor login, recovery codes and disabling 2FA.
// Invariants: a secret becomes active only after one valid code proves the app has it; every
// accepted TOTP code advances the stored last-used step by compare-and-set (no replay, also not
// across concurrent requests); a recovery code is spent on use; a challenge token allows at most
// five code attempts, so its five minutes cannot be used to brute-force six digits.
import { KestrelError, withTransaction } from '@kestrel/server-common';
import { AuthErrors } from '../errors.js';
import { digestRecoveryCode, generateRecoveryCodes, looksLikeRecoveryCode } from '../domain/recovery-codes.js';
import { generateTotpSecret, totpQrCode, totpUri, verifyTotp } from '../domain/totp.js';
import { recordAudit, type RequestOrigin } from '../store/audit-log.js';
import {
  advanceTotpStep,
  clearTotp,
  findUserById,
  replaceRecoveryCodes,
  roleRequires2fa,
  setPendingTotp,
  useRecoveryCode,
  type UserRecord,
} from '../store/users.js';
import { completeLogin, limitByIp } from './accounts.js';
import type { AuthContext } from './context.js';
import type { TokenPair } from './token-pairs.js';

const CHALLENGE_ATTEMPTS = 5;

/** What enrolment returns to show the user. */
export interface Enrollment {
  secret: string;
  otpauthUri: string;
  qrSvg: string;
  qrDataUrl: string;
}

async function requireUser(context: AuthContext, userId: string): Promise<UserRecord> {
  const user = await findUserById(context.db, userId);
  if (!user || user.status !== 'active') throw new KestrelError(AuthErrors.AUTH_TOKEN_INVALID, 'The account is not active');
  return user;
}

/** Starts (or restarts) enrolment with a fresh secret. */
export async function enroll(context: AuthContext, userId: string, origin: RequestOrigin): Promise<Enrollment> {
  const user = await requireUser(context, userId);
  if (user.totpEnabled) throw new KestrelError(AuthErrors.AUTH_2FA_ALREADY_ENABLED, 'Two-factor authentication is already enabled');
  const secret = generateTotpSecret();
  await setPendingTotp(context.db, userId, secret);
  await recordAudit(context.db, { actor: { id: userId, type: 'user' }, action: 'auth.2fa_enroll_started', outcome: 'success', origin });
  const otpauthUri = totpUri(secret, user.email, context.config.totpIssuer);
  const qr = await totpQrCode(otpauthUri);
  return { secret, otpauthUri, qrSvg: qr.svg, qrDataUrl: qr.dataUrl };
}

/** Checks a TOTP or recovery code for the user and spends it; false when it is not valid. */
async function spendCode(context: AuthContext, user: UserRecord, code: string, enable: boolean): Promise<'totp' | 'recovery-code' | null> {
  const trimmed = code.trim();
  if (user.totpSecret && /^\d{6}$/.test(trimmed)) {
    const step = verifyTotp({ secretBase32: user.totpSecret, code: trimmed, nowMs: Date.now(), lastUsedStep: user.totpLastStep });
    if (step !== null && (await advanceTotpStep(context.db, user.id, step, enable))) return 'totp';
    return null;
  }
  if (!enable && user.totpEnabled && looksLikeRecoveryCode(trimmed)) {
    return (await useRecoveryCode(context.db, user.id, digestRecoveryCode(trimmed))) ? 'recovery-code' : null;
  }
  return null;
}

/** Confirms enrolment with a first code; returns recovery codes (shown once). */
export async function confirmEnrollment(
  context: AuthContext,
  userId: string,
  code: string,
  origin: RequestOrigin,
  issueTokens: boolean,
): Promise<{ recoveryCodes: string[]; tokens: TokenPair | null }> {
  await limitByIp(context, origin.ip, '2fa');
  const user = await requireUser(context, userId);
  if (user.totpEnabled) throw new KestrelError(AuthErrors.AUTH_2FA_ALREADY_ENABLED, 'Two-factor authentication is already enabled');
  if (!user.totpSecret) throw new KestrelError(AuthErrors.AUTH_2FA_NOT_ENROLLED, 'Start enrolment with POST /v1/auth/2fa/enroll first');
  if ((await spendCode(context, user, code, true)) === null) {
    await recordAudit(context.db, { actor: { id: userId, type: 'user' }, action: 'auth.2fa_enabled', outcome: 'failure', origin });
    throw new KestrelError(AuthErrors.AUTH_2FA_INVALID_CODE, 'The code is wrong, expired or already used');
  }
  const recoveryCodes = generateRecoveryCodes();
  await withTransaction(context.db, async (client) => {
    await replaceRecoveryCodes(client, userId, recoveryCodes.map(digestRecoveryCode));
    await recordAudit(client, { actor: { id: userId, type: 'user' }, action: 'auth.2fa_enabled', outcome: 'success', origin });
  });
  const tokens = issueTokens ? await completeLogin(context, { ...user, totpEnabled: true }, origin, 'password+totp-enrolment') : null;
  return { recoveryCodes, tokens };
}

/** The second step of a login: challenge token + TOTP or recovery code → session tokens. */
export async function verifyLoginChallenge(context: AuthContext, challengeToken: string, code: string, origin: RequestOrigin): Promise<TokenPair> {
  await limitByIp(context, origin.ip, '2fa');
  const challenge = await context.tokens.verifyChallenge(challengeToken);
  if (!challenge) throw new KestrelError(AuthErrors.AUTH_TOKEN_INVALID, 'The challenge token is invalid or expired');
  const attempts = await context.limiter.hit(`2fa-challenge:${challenge.jti}`, 300_000);
  if (attempts.count > CHALLENGE_ATTEMPTS) throw new KestrelError(AuthErrors.AUTH_TOKEN_INVALID, 'Too many codes tried with this challenge; log in again');
  const user = await requireUser(context, challenge.userId);
  if (!user.totpEnabled) throw new KestrelError(AuthErrors.AUTH_2FA_NOT_ENROLLED, 'Two-factor authentication is not enabled');
  const method = await spendCode(context, user, code, false);
  if (method === null) {
    await recordAudit(context.db, { actor: { id: user.id, type: 'user' }, action: 'auth.login_2fa', outcome: 'failure', origin });
    throw new KestrelError(AuthErrors.AUTH_2FA_INVALID_CODE, 'The code is wrong, expired or already used');
  }
  await context.limiter.reset(`2fa-challenge:${challenge.jti}`);
  return completeLogin(context, user, origin, `password+${method}`);
}

/** Turns 2FA off after a valid code, unless the user's role requires it. */
export async function disable(context: AuthContext, userId: string, code: string, origin: RequestOrigin): Promise<void> {
  await limitByIp(context, origin.ip, '2fa');
  const user = await requireUser(context, userId);
  if (!user.totpEnabled) throw new KestrelError(AuthErrors.AUTH_2FA_NOT_ENROLLED, 'Two-factor authentication is not enabled');
  if (await roleRequires2fa(context.db, user.role)) {
    throw new KestrelError(AuthErrors.AUTH_2FA_REQUIRED, `The ${user.role} role requires two-factor authentication`);
  }
  if ((await spendCode(context, user, code, false)) === null) throw new KestrelError(AuthErrors.AUTH_2FA_INVALID_CODE, 'The code is wrong, expired or already used');
  await withTransaction(context.db, async (client) => {
    await clearTotp(client, userId);
    await recordAudit(client, { actor: { id: userId, type: 'user' }, action: 'auth.2fa_disabled', outcome: 'success', origin });
  });
}
