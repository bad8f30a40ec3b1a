// Turns the credentials on a request into a Principal: `Authorization: Bearer <JWT>`,
// `Authorization: Bearer kst_...` or `X-API-Key: kst_...` (and, on WebSocket upgrades only, `?token=`).
// Invariants: an API key is recognised by its `kst_` prefix and never parsed as a JWT; a present
// but invalid credential is an error (never downgraded to anonymous); the principal of an API key
// gets only its scopes' permissions within its owner's current role; a JWT verified once is reused
// from VerifiedTokenCache until it expires (at most VERIFIED_TOKEN_MAX_AGE_MS).
import { KestrelError } from '@kestrel/server-common';
import type { FastifyRequest } from 'fastify';
import { effectivePermissions, isRole, isScope, type Scope } from '../authorization/permissions.js';
import { GatewayErrors } from '../errors.js';
import { AccessTokenRejected, verifyAccessToken } from './access-token-verifier.js';
import type { AuthClient } from './auth-client.js';
import type { JwksCache } from './jwks-cache.js';
import type { Principal } from './principal.js';
import { VerifiedTokenCache } from './verified-token-cache.js';

/** How long a verified access token is reused without checking its signature again. */
export const VERIFIED_TOKEN_MAX_AGE_MS = 60_000;

/** What the authenticator needs. */
export interface AuthenticatorOptions {
  authClient: AuthClient;
  keys: JwksCache;
  issuer: string;
  audience: string;
}

/** The raw credential on a request, or null when there is none. */
export function credentialOf(request: FastifyRequest): { kind: 'jwt' | 'api-key'; value: string } | null {
  const apiKeyHeader = request.headers['x-api-key'];
  if (typeof apiKeyHeader === 'string' && apiKeyHeader !== '') return { kind: 'api-key', value: apiKeyHeader.trim() };
  const authorization = request.headers.authorization;
  if (typeof authorization !== 'string' || authorization === '') return upgradeToken(request);
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
  if (!match) return { kind: 'jwt', value: '' };
  const value = match[1]!;
  return { kind: value.startsWith('kst_') ? 'api-key' : 'jwt', value };
}

/**
 * Browsers cannot set headers on a WebSocket, so a WebSocket upgrade (only) may carry its access
 * token or API key as the `token` query parameter (docs/streams.md).
 */
function upgradeToken(request: FastifyRequest): { kind: 'jwt' | 'api-key'; value: string } | null {
  if (request.headers.upgrade?.toLowerCase() !== 'websocket') return null;
  const token = new URLSearchParams(request.url.split('?')[1] ?? '').get('token');
  if (!token) return null;
  return { kind: token.startsWith('kst_') ? 'api-key' : 'jwt', value: token };
}

/** Authenticates request credentials. */
export class Authenticator {
  readonly #verified = new VerifiedTokenCache(VERIFIED_TOKEN_MAX_AGE_MS);

  constructor(private readonly options: AuthenticatorOptions) {}

  /** The caller, null when no credential was sent; throws on an invalid credential. */
  async authenticate(request: FastifyRequest): Promise<Principal | null> {
    const credential = credentialOf(request);
    if (!credential) return null;
    if (credential.kind === 'api-key') return this.#apiKey(credential.value);
    const nowMs = Date.now();
    const known = this.#verified.get(credential.value, nowMs);
    if (known !== null) return known;
    try {
      const principal = await verifyAccessToken(credential.value, this.options);
      this.#verified.set(credential.value, principal, nowMs);
      return principal;
    } catch (error) {
      if (error instanceof AccessTokenRejected) {
        request.log.info({ reason: error.message }, 'access token rejected');
        throw new KestrelError(GatewayErrors.GATEWAY_CREDENTIALS_INVALID, 'The access token is invalid or expired');
      }
      throw error;
    }
  }

  async #apiKey(value: string): Promise<Principal> {
    const identity = await this.options.authClient.introspectApiKey(value);
    if (!identity || !isRole(identity.role) || !identity.scopes.every(isScope)) {
      throw new KestrelError(GatewayErrors.GATEWAY_CREDENTIALS_INVALID, 'The API key is invalid, expired or revoked');
    }
    const scopes = identity.scopes as Scope[];
    return {
      userId: identity.userId,
      role: identity.role,
      kind: 'api-key',
      scopes,
      permissions: effectivePermissions(identity.role, scopes, 'api-key'),
      apiKeyId: identity.keyId,
    };
  }
}
