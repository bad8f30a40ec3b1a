// Verifies access JWTs minted by the auth service and turns their claims into a Principal.
// Invariants (each has a negative test): the algorithm is pinned to EdDSA, so `alg: none` and
// HS256-signed-with-the-public-key tokens are refused before any key is used; `iss`, `aud` and the
// `typ` header (`at+jwt`, RFC 9068) must match; `exp` is required; the `kid` must be in the JWKS.
// Known limits: an access token stays valid until it expires (15 min by default) even if its
// session is revoked meanwhile; that is the usual trade for not checking a database per request.
import { errors as joseErrors, jwtVerify, type JWTPayload } from 'jose';
import { effectivePermissions, isRole, isScope, type CredentialKind, type Scope } from '../authorization/permissions.js';
import type { JwksCache } from './jwks-cache.js';
import type { Principal } from './principal.js';

/** The only signature algorithm access tokens may use. */
export const ACCESS_TOKEN_ALGORITHM = 'EdDSA';
/** The JWT `typ` header access tokens carry (RFC 9068). */
export const ACCESS_TOKEN_TYPE = 'at+jwt';

/** Where a token must come from and be meant for. */
export interface AccessTokenVerifierOptions {
  keys: JwksCache;
  issuer: string;
  audience: string;
  clockToleranceSeconds?: number;
}

/** Why verification failed, safe to log (never returned to the client in detail). */
export class AccessTokenRejected extends Error {
  override readonly name = 'AccessTokenRejected';
}

/** Claims the auth service puts in every access token beyond the registered ones. */
interface KestrelClaims extends JWTPayload {
  role?: unknown;
  scope?: unknown;
  sid?: unknown;
  client_id?: unknown;
  ctx?: unknown;
}

/** Verifies a compact JWT and returns the caller, or throws AccessTokenRejected. */
export async function verifyAccessToken(token: string, options: AccessTokenVerifierOptions): Promise<Principal> {
  let payload: KestrelClaims;
  try {
    ({ payload } = await jwtVerify<KestrelClaims>(token, (header) => options.keys.getKey(header), {
      algorithms: [ACCESS_TOKEN_ALGORITHM],
      issuer: options.issuer,
      audience: options.audience,
      typ: ACCESS_TOKEN_TYPE,
      requiredClaims: ['sub', 'exp', 'iat', 'jti'],
      clockTolerance: options.clockToleranceSeconds ?? 5,
    }));
  } catch (error) {
    const reason = error instanceof joseErrors.JOSEError ? error.code : error instanceof Error ? error.message : 'invalid';
    throw new AccessTokenRejected(reason);
  }
  const { sub, role, scope, sid, client_id: clientId, ctx, jti, exp } = payload;
  const scopes = typeof scope === 'string' ? scope.split(' ') : [];
  if (typeof sub !== 'string' || !isRole(role) || !scopes.every(isScope) || (ctx !== 'session' && ctx !== 'client')) {
    throw new AccessTokenRejected('claims do not describe a Kestrel principal');
  }
  const kind: CredentialKind = ctx;
  const principal: Principal = {
    userId: sub,
    role,
    kind,
    scopes: scopes as Scope[],
    permissions: effectivePermissions(role, scopes as Scope[], kind),
  };
  if (typeof jti === 'string') principal.tokenId = jti;
  if (typeof sid === 'string') principal.sessionId = sid;
  if (typeof clientId === 'string') principal.clientId = clientId;
  if (typeof exp === 'number') principal.expiresAtMs = exp * 1000;
  return principal;
}
