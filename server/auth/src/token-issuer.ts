// Mints the JWTs the auth service hands out: access tokens (`at+jwt`, verified by the gateway)
// and short-lived 2FA challenge tokens (`2fa+jwt`, only accepted by POST /v1/auth/2fa/verify).
// Invariants: both are signed with the ring's newest EdDSA key and carry `kid`; the challenge
// token has its own `typ` and audience, so it can never pass as an access token.
import { randomUUID } from 'node:crypto';
import { jwtVerify, SignJWT, createLocalJWKSet } from 'jose';
import type { Role, Scope } from './domain/roles.js';
import { SIGNING_ALGORITHM, type SigningKeyRing } from './signing-key-ring.js';

/** `typ` of access tokens (RFC 9068). */
export const ACCESS_TOKEN_TYPE = 'at+jwt';
/** `typ` of 2FA challenge tokens. */
export const CHALLENGE_TOKEN_TYPE = '2fa+jwt';
const CHALLENGE_TTL_SECONDS = 300;

/** What an access token says about its holder. */
export interface AccessTokenSubject {
  userId: string;
  role: Role;
  scopes: readonly Scope[];
  context: 'session' | 'client';
  sessionId?: string;
  clientId?: string;
}

/** Options of a TokenIssuer. */
export interface TokenIssuerOptions {
  keys: SigningKeyRing;
  issuer: string;
  audience: string;
  accessTokenTtlSeconds: number;
}

/** Signs access and challenge tokens. */
export class TokenIssuer {
  constructor(private readonly options: TokenIssuerOptions) {}

  /** Lifetime of access tokens in seconds. */
  get accessTokenTtlSeconds(): number {
    return this.options.accessTokenTtlSeconds;
  }

  /** A signed access token for the subject. */
  async accessToken(subject: AccessTokenSubject): Promise<string> {
    const { kid, key } = this.options.keys.signingKey;
    const claims: Record<string, unknown> = { role: subject.role, scope: subject.scopes.join(' '), ctx: subject.context };
    if (subject.sessionId) claims.sid = subject.sessionId;
    if (subject.clientId) claims.client_id = subject.clientId;
    return new SignJWT(claims)
      .setProtectedHeader({ alg: SIGNING_ALGORITHM, kid, typ: ACCESS_TOKEN_TYPE })
      .setIssuer(this.options.issuer)
      .setAudience(this.options.audience)
      .setSubject(subject.userId)
      .setIssuedAt()
      .setJti(randomUUID())
      .setExpirationTime(`${this.options.accessTokenTtlSeconds}s`)
      .sign(key);
  }

  /** A 5-minute token proving the password step of a 2FA login succeeded. */
  async challengeToken(userId: string): Promise<string> {
    const { kid, key } = this.options.keys.signingKey;
    return new SignJWT({})
      .setProtectedHeader({ alg: SIGNING_ALGORITHM, kid, typ: CHALLENGE_TOKEN_TYPE })
      .setIssuer(this.options.issuer)
      .setAudience(this.#challengeAudience)
      .setSubject(userId)
      .setIssuedAt()
      .setJti(randomUUID())
      .setExpirationTime(`${CHALLENGE_TTL_SECONDS}s`)
      .sign(key);
  }

  /** The user id and jti of a valid challenge token, or null. */
  async verifyChallenge(token: string): Promise<{ userId: string; jti: string } | null> {
    try {
      const { payload } = await jwtVerify(token, createLocalJWKSet(this.options.keys.jwks), {
        algorithms: [SIGNING_ALGORITHM],
        issuer: this.options.issuer,
        audience: this.#challengeAudience,
        typ: CHALLENGE_TOKEN_TYPE,
        requiredClaims: ['sub', 'exp', 'jti'],
      });
      return { userId: payload.sub!, jti: payload.jti! };
    } catch {
      return null;
    }
  }

  get #challengeAudience(): string {
    return `${this.options.audience}:2fa`;
  }
}
