// The session of the signed-in user: login (with the 2FA challenge step), the rotating refresh
// token, logout and the forced password change. Invariants: the access token lives only in
// memory; the refresh token is kept by the platform (tab storage in the browser, the OS keychain
// in Electron) and replaced after every rotation, because a refresh token used twice revokes the
// whole session (AUTH_REFRESH_REUSED); concurrent refreshes share one request (single flight);
// tokens are renewed a minute before they expire and on any 401 the HTTP client reports. The UI
// reads `view` (a zustand store) and never sees a token.
import { createStore, type StoreApi } from 'zustand/vanilla';
import { ApiError } from '../../api/api-error.js';
import type { AuthApi, LoginAnswer, Me, TokenPair } from '../../api/auth-api.js';
import type { CredentialSource } from '../../api/http-client.js';
import type { Platform, SessionTokens } from '../../platform/platform.js';

/** What the UI shows. */
export type SessionView =
  | { status: 'restoring' }
  | { status: 'signed-out'; error: string | null; notice: string | null }
  | { status: 'two-factor'; email: string; error: string | null }
  | { status: 'signed-in'; me: Me };

/** OAuth client id of desktop sign-in sessions (their refresh goes to the token endpoint). */
const DESKTOP_CLIENT_ID = 'kestrel-desktop';
const RENEW_BEFORE_MS = 60_000;

/** Drives the session. */
export class SessionController implements CredentialSource {
  readonly view: StoreApi<SessionView> = createStore<SessionView>(() => ({ status: 'restoring' }));
  private access: string | null = null;
  private refreshToken: string | null = null;
  private kind: 'password' | 'oauth' = 'password';
  private challenge: { token: string; email: string } | null = null;
  private inflight: Promise<boolean> | null = null;
  private renewTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly auth: AuthApi,
    private readonly platform: Platform,
  ) {}

  accessToken(): string | null {
    return this.access;
  }

  /** Resumes the previous session from the kept refresh token, if any. */
  async restore(): Promise<void> {
    const kept = await this.platform.loadRefreshToken().catch(() => null);
    if (!kept) return this.signedOut(null);
    this.refreshToken = kept;
    if (!(await this.refresh())) return;
    await this.enter();
  }

  /** Step 1: email and password. */
  async login(email: string, password: string): Promise<void> {
    let answer: LoginAnswer;
    try {
      answer = await this.auth.login(email, password);
    } catch (error) {
      return this.signedOut(messageOf(error));
    }
    if ('challenge' in answer) {
      if (answer.challenge === '2fa') {
        this.challenge = { token: answer.challengeToken, email };
        this.view.setState({ status: 'two-factor', email, error: null }, true);
        return;
      }
      return this.signedOut('Your role requires two-factor authentication. Enrol with an authenticator app first (ask an administrator).');
    }
    await this.accept(answer, 'password');
  }

  /** Step 2: the TOTP or recovery code. */
  async verify(code: string): Promise<void> {
    const challenge = this.challenge;
    if (!challenge) return this.signedOut('The sign-in expired; start again.');
    let pair: TokenPair;
    try {
      pair = await this.auth.verifyTwoFactor(challenge.token, code.trim());
    } catch (error) {
      const expired = error instanceof ApiError && error.code === 'AUTH_TOKEN_INVALID';
      if (expired) return this.signedOut('The sign-in expired or too many codes were tried; start again.');
      this.view.setState({ status: 'two-factor', email: challenge.email, error: messageOf(error) }, true);
      return;
    }
    this.challenge = null;
    await this.accept(pair, 'password');
  }

  /** Back from the code step to the password step. */
  cancelTwoFactor(): void {
    this.challenge = null;
    this.signedOut(null);
  }

  /** Sign-in through the system browser (Electron). */
  async browserSignIn(): Promise<void> {
    if (!this.platform.browserSignIn) return;
    try {
      const tokens = await this.platform.browserSignIn();
      await this.accept({ ...tokens, tokenType: 'Bearer' }, 'oauth');
    } catch (error) {
      this.signedOut(messageOf(error));
    }
  }

  /** Renews the tokens once for all concurrent callers; false when the session is over. */
  refresh(): Promise<boolean> {
    if (!this.inflight) {
      this.inflight = this.doRefresh().finally(() => {
        this.inflight = null;
      });
    }
    return this.inflight;
  }

  /** Changes the password; the server ends every session, so sign in again with the new one. */
  async changePassword(email: string, current: string, next: string): Promise<string | null> {
    try {
      await this.auth.changePassword(current, next);
    } catch (error) {
      return messageOf(error);
    }
    await this.forget();
    await this.login(email, next);
    return null;
  }

  /** Ends the session here and on the server. */
  async logout(): Promise<void> {
    try {
      if (this.access) await this.auth.logout();
    } catch {
      // The session ends locally either way.
    }
    await this.forget();
    this.signedOut(null);
  }

  private async doRefresh(): Promise<boolean> {
    const token = this.refreshToken;
    if (!token) return false;
    try {
      const pair = this.kind === 'oauth' ? await this.auth.refreshOAuth(token, DESKTOP_CLIENT_ID) : await this.auth.refresh(token);
      await this.keep(pair);
      return true;
    } catch (error) {
      if (error instanceof ApiError && error.code === 'NETWORK_UNAVAILABLE') {
        // Keep the refresh token: the server may be back soon; the next call tries again.
        return false;
      }
      await this.forget();
      this.signedOut(error instanceof ApiError && error.code === 'AUTH_REFRESH_REUSED' ? 'Your session was ended for safety (its token was used twice). Sign in again.' : 'Your session ended. Sign in again.');
      return false;
    }
  }

  private async accept(pair: TokenPair | SessionTokens, kind: 'password' | 'oauth'): Promise<void> {
    this.kind = kind;
    await this.keep(pair);
    await this.enter();
  }

  private async enter(): Promise<void> {
    try {
      const me = await this.auth.me();
      this.view.setState({ status: 'signed-in', me }, true);
    } catch (error) {
      await this.forget();
      this.signedOut(messageOf(error));
    }
  }

  private async keep(pair: SessionTokens): Promise<void> {
    this.access = pair.accessToken;
    this.refreshToken = pair.refreshToken;
    await this.platform.saveRefreshToken(pair.refreshToken).catch(() => undefined);
    if (this.renewTimer) clearTimeout(this.renewTimer);
    const delay = Math.max(5_000, pair.expiresIn * 1000 - RENEW_BEFORE_MS);
    this.renewTimer = setTimeout(() => void this.refresh(), delay);
  }

  private async forget(): Promise<void> {
    this.access = null;
    this.refreshToken = null;
    if (this.renewTimer) clearTimeout(this.renewTimer);
    this.renewTimer = null;
    await this.platform.clearRefreshToken().catch(() => undefined);
  }

  private signedOut(error: string | null, notice: string | null = null): void {
    this.view.setState({ status: 'signed-out', error, notice }, true);
  }
}

/** The text the UI shows for a failure. */
export function messageOf(error: unknown): string {
  if (error instanceof ApiError) {
    switch (error.code) {
      case 'AUTH_INVALID_CREDENTIALS':
        return 'Wrong email or password.';
      case 'AUTH_2FA_INVALID_CODE':
        return 'That code is not valid. Check your authenticator app and try again.';
      case 'AUTH_ACCOUNT_LOCKED':
        return 'Too many failed sign-ins: the account is locked for a while.';
      case 'AUTH_ACCOUNT_DISABLED':
        return 'This account is disabled.';
      case 'NETWORK_UNAVAILABLE':
        return 'The Kestrel server cannot be reached.';
      default:
        return error.display;
    }
  }
  return error instanceof Error ? error.message : String(error);
}
