// Calls of the identity service the UI makes (docs/api.md, docs/security.md): login with its
// 2FA challenge, refresh (rotating), logout, password change, the caller's account, and the
// OAuth authorize step of desktop sign-in.
import type { HttpClient } from './http-client.js';

/** Tokens from login, 2FA verify or refresh. */
export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
  mustChangePassword?: boolean;
}

/** What POST /v1/auth/login answers. */
export type LoginAnswer = TokenPair | { challenge: '2fa'; challengeToken: string } | { challenge: '2fa-enroll'; enrollmentToken: string };

/** The caller's account. */
export interface Me {
  id: string;
  email: string;
  role: 'admin' | 'risk' | 'trader' | 'viewer';
  status: 'active' | 'disabled';
  twoFactorEnabled: boolean;
  mustChangePassword: boolean;
  createdAt: string;
}

/** The identity calls. */
export class AuthApi {
  constructor(private readonly http: HttpClient) {}

  login(email: string, password: string): Promise<LoginAnswer> {
    return this.http.post('/v1/auth/login', { email, password }, { auth: false });
  }

  verifyTwoFactor(challengeToken: string, code: string): Promise<TokenPair> {
    return this.http.post('/v1/auth/2fa/verify', { challengeToken, code }, { auth: false });
  }

  refresh(refreshToken: string): Promise<TokenPair> {
    return this.http.post('/v1/auth/refresh', { refreshToken }, { auth: false });
  }

  /** Refresh of a desktop (OAuth) session: the token endpoint with client_id. */
  async refreshOAuth(refreshToken: string, clientId: string): Promise<TokenPair> {
    const answer = await this.http.request<{ access_token: string; refresh_token: string; expires_in: number }>('POST', '/v1/oauth/token', {
      auth: false,
      form: { grant_type: 'refresh_token', client_id: clientId, refresh_token: refreshToken },
    });
    return { accessToken: answer.access_token, refreshToken: answer.refresh_token, tokenType: 'Bearer', expiresIn: answer.expires_in };
  }

  logout(): Promise<void> {
    return this.http.post('/v1/auth/logout');
  }

  changePassword(currentPassword: string, newPassword: string): Promise<void> {
    return this.http.post('/v1/auth/password', { currentPassword, newPassword });
  }

  me(): Promise<Me> {
    return this.http.get('/v1/users/me');
  }

  /** Step 2 of desktop sign-in: an authorization code for the logged-in user. */
  authorize(params: Record<string, string>): Promise<{ code: string; state?: string; redirectTo: string }> {
    return this.http.get('/v1/oauth/authorize', { query: params });
  }
}
