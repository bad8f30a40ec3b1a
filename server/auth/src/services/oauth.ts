// OAuth 2.0: client credentials for API clients, authorization code + PKCE (S256) for the desktop.
// Invariants: codes live 60 s, are single-use and bound to client, redirect URI, user and PKCE
// challenge; client-credential tokens act as the client's owner with the client's scopes narrowed
// by the owner's role, have no refresh token, and are refused when the owner is disabled.
import { randomUUID } from 'node:crypto';
import { KestrelError, withTransaction } from '@kestrel/server-common';
import { AuthErrors } from '../errors.js';
import { digestSecret, digestsEqual, randomSecret } from '../domain/opaque-secret.js';
import { isS256Challenge, verifyPkce } from '../domain/pkce.js';
import { redirectUriMatches } from '../domain/redirect-uri.js';
import { grantableScopes, type GrantableScope as Scope, type Role } from '../domain/roles.js';
import { recordAudit, type RequestOrigin } from '../store/audit-log.js';
import { findClient, insertClient, insertCode, redeemCode, type OAuthClientRecord } from '../store/oauth.js';
import { findUserById } from '../store/users.js';
import { limitByIp } from './accounts.js';
import type { AuthContext } from './context.js';
import { refreshSession, startSession } from './token-pairs.js';

const CODE_TTL_MS = 60_000;

/** A token endpoint response (RFC 6749 §5.1). */
export interface OAuthTokenResponse {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  refresh_token?: string;
  scope: string;
}

/** Parameters of the token endpoint, from a form or JSON body. */
export interface TokenRequest {
  grant_type: string;
  client_id?: string;
  client_secret?: string;
  code?: string;
  redirect_uri?: string;
  code_verifier?: string;
  refresh_token?: string;
  scope?: string;
}

function invalidRequest(message: string): KestrelError {
  return new KestrelError(AuthErrors.AUTH_OAUTH_INVALID_REQUEST, message);
}

function narrowScopes(requested: string | undefined, allowed: readonly Scope[]): Scope[] {
  if (requested === undefined || requested.trim() === '') return [...allowed];
  const wanted = requested.trim().split(/\s+/);
  const bad = wanted.filter((scope) => !allowed.includes(scope as Scope));
  if (bad.length > 0) throw invalidRequest(`scope not allowed for this client: ${bad.join(' ')}`);
  return [...new Set(wanted)] as Scope[];
}

/** Issues an authorization code to the logged-in user for a PKCE authorization request. */
export async function authorize(
  context: AuthContext,
  user: { userId: string; role: Role },
  request: { response_type: string; client_id: string; redirect_uri: string; code_challenge: string; code_challenge_method: string; scope?: string; state?: string },
  origin: RequestOrigin,
): Promise<{ code: string; state?: string; redirectTo: string }> {
  const client = await findClient(context.db, request.client_id);
  if (!client || !client.grantTypes.includes('authorization_code')) {
    throw new KestrelError(AuthErrors.AUTH_OAUTH_INVALID_CLIENT, 'Unknown client or client not allowed the authorization code grant');
  }
  if (!redirectUriMatches(client.redirectUris, request.redirect_uri)) {
    throw new KestrelError(AuthErrors.AUTH_OAUTH_INVALID_REDIRECT, 'redirect_uri is not registered for this client');
  }
  if (request.response_type !== 'code') throw invalidRequest('response_type must be "code"');
  if (request.code_challenge_method !== 'S256') throw invalidRequest('code_challenge_method must be S256');
  if (!isS256Challenge(request.code_challenge)) throw invalidRequest('code_challenge must be a base64url SHA-256 (43 characters)');
  const scopes = narrowScopes(request.scope, client.scopes.filter((scope) => scope === 'read' || grantableScopes(user.role).includes(scope)));
  const code = randomSecret();
  await withTransaction(context.db, async (db) => {
    await insertCode(db, {
      digest: digestSecret(code),
      clientId: client.id,
      userId: user.userId,
      redirectUri: request.redirect_uri,
      codeChallenge: request.code_challenge,
      scopes,
      expiresAt: new Date(Date.now() + CODE_TTL_MS),
    });
    await recordAudit(db, { actor: { id: user.userId, type: 'user' }, action: 'oauth.authorized', outcome: 'success', target: { type: 'oauth-client', id: client.id }, origin, details: { scopes } });
  });
  const redirect = new URL(request.redirect_uri);
  redirect.searchParams.set('code', code);
  if (request.state !== undefined) redirect.searchParams.set('state', request.state);
  return { code, ...(request.state !== undefined ? { state: request.state } : {}), redirectTo: redirect.toString() };
}

async function authenticateClient(context: AuthContext, clientId: string | undefined, secret: string | undefined): Promise<OAuthClientRecord> {
  if (!clientId) throw new KestrelError(AuthErrors.AUTH_OAUTH_INVALID_CLIENT, 'client_id is required');
  const client = await findClient(context.db, clientId);
  if (!client) throw new KestrelError(AuthErrors.AUTH_OAUTH_INVALID_CLIENT, 'Unknown client or wrong secret');
  if (client.secretDigest !== null && (secret === undefined || !digestsEqual(client.secretDigest, digestSecret(secret)))) {
    throw new KestrelError(AuthErrors.AUTH_OAUTH_INVALID_CLIENT, 'Unknown client or wrong secret');
  }
  return client;
}

/** The token endpoint: client_credentials, authorization_code (+PKCE) and refresh_token grants. */
export async function token(context: AuthContext, request: TokenRequest, origin: RequestOrigin): Promise<OAuthTokenResponse> {
  await limitByIp(context, origin.ip, 'oauth-token');
  const client = await authenticateClient(context, request.client_id, request.client_secret);
  if (!client.grantTypes.includes(request.grant_type)) {
    throw new KestrelError(AuthErrors.AUTH_OAUTH_UNSUPPORTED_GRANT, `grant_type ${request.grant_type} is not allowed for this client`);
  }
  const ttl = context.tokens.accessTokenTtlSeconds;
  switch (request.grant_type) {
    case 'client_credentials': {
      if (client.secretDigest === null || client.ownerUserId === null) throw new KestrelError(AuthErrors.AUTH_OAUTH_INVALID_CLIENT, 'Public clients cannot use client_credentials');
      const owner = await findUserById(context.db, client.ownerUserId);
      if (!owner || owner.status !== 'active') throw new KestrelError(AuthErrors.AUTH_OAUTH_INVALID_CLIENT, 'The client\'s owner is not active');
      const scopes = narrowScopes(request.scope, client.scopes.filter((scope) => grantableScopes(owner.role).includes(scope)));
      const access = await context.tokens.accessToken({ userId: owner.id, role: owner.role, scopes, context: 'client', clientId: client.id });
      await recordAudit(context.db, { actor: { id: owner.id, type: 'client' }, action: 'oauth.token_issued', outcome: 'success', target: { type: 'oauth-client', id: client.id }, origin, details: { grant: 'client_credentials', scopes } });
      return { access_token: access, token_type: 'Bearer', expires_in: ttl, scope: scopes.join(' ') };
    }
    case 'authorization_code': {
      if (!request.code || !request.redirect_uri || !request.code_verifier) throw invalidRequest('code, redirect_uri and code_verifier are required');
      const issued = await redeemCode(context.db, digestSecret(request.code));
      const valid =
        issued !== null && issued.clientId === client.id && issued.redirectUri === request.redirect_uri && verifyPkce(request.code_verifier, issued.codeChallenge);
      const user = valid ? await findUserById(context.db, issued.userId) : null;
      if (!valid || !user || user.status !== 'active') {
        await recordAudit(context.db, { actor: { id: null, type: 'anonymous' }, action: 'oauth.token_issued', outcome: 'failure', target: { type: 'oauth-client', id: client.id }, origin, details: { grant: 'authorization_code' } });
        throw new KestrelError(AuthErrors.AUTH_OAUTH_INVALID_GRANT, 'The code is invalid, expired, used, or does not match the client, redirect_uri or code_verifier');
      }
      const pair = await withTransaction(context.db, async (db) => {
        const tokens = await startSession(context, db, user, origin, { clientId: client.id, scopes: issued.scopes });
        await recordAudit(db, { actor: { id: user.id, type: 'user' }, action: 'auth.login', outcome: 'success', target: { type: 'session', id: tokens.sessionId }, origin, details: { method: 'oauth-authorization-code', clientId: client.id } });
        return tokens;
      });
      return { access_token: pair.accessToken, token_type: 'Bearer', expires_in: ttl, refresh_token: pair.refreshToken, scope: issued.scopes.join(' ') };
    }
    case 'refresh_token': {
      if (!request.refresh_token) throw invalidRequest('refresh_token is required');
      const pair = await refreshSession(context, request.refresh_token, origin, client.id);
      return { access_token: pair.accessToken, token_type: 'Bearer', expires_in: ttl, refresh_token: pair.refreshToken, scope: '' };
    }
    default:
      throw new KestrelError(AuthErrors.AUTH_OAUTH_UNSUPPORTED_GRANT, `grant_type ${request.grant_type} is not supported`);
  }
}

/** Registers a client; confidential clients get a secret (returned once). */
export async function registerClient(
  context: AuthContext,
  input: { name: string; ownerUserId: string; grantTypes: Array<'client_credentials' | 'authorization_code' | 'refresh_token'>; redirectUris: string[]; scopes: Scope[] },
  actorId: string,
  origin: RequestOrigin,
): Promise<{ client: OAuthClientRecord; clientSecret: string | null }> {
  const confidential = input.grantTypes.includes('client_credentials');
  if (input.grantTypes.includes('authorization_code') && input.redirectUris.length === 0) {
    throw new KestrelError(AuthErrors.AUTH_OAUTH_CLIENT_INVALID, 'authorization_code clients need redirectUris');
  }
  for (const uri of input.redirectUris) {
    if (!URL.canParse(uri)) throw new KestrelError(AuthErrors.AUTH_OAUTH_CLIENT_INVALID, `redirect URI is not a URL: ${uri}`);
  }
  const owner = await findUserById(context.db, input.ownerUserId);
  if (!owner) throw new KestrelError(AuthErrors.AUTH_USER_NOT_FOUND, 'No such owner user');
  const secret = confidential ? randomSecret() : null;
  return withTransaction(context.db, async (db) => {
    const client = await insertClient(db, {
      id: `kc_${randomUUID().replace(/-/g, '')}`,
      name: input.name,
      ownerUserId: owner.id,
      secretDigest: secret ? digestSecret(secret) : null,
      redirectUris: input.redirectUris,
      grantTypes: [...new Set(input.grantTypes)],
      scopes: [...new Set(input.scopes)],
    });
    await recordAudit(db, { actor: { id: actorId, type: 'user' }, action: 'oauth.client_registered', outcome: 'success', target: { type: 'oauth-client', id: client.id }, origin, details: { grantTypes: client.grantTypes, scopes: client.scopes } });
    return { client, clientSecret: secret };
  });
}
