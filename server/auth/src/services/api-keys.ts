// Creating, listing, revoking and authenticating API keys.
// Invariants: the full key is returned once at creation; a key's scopes never exceed what its
// owner's role may grant; authentication compares digests in constant time and refuses keys of
// disabled users, revoked or expired keys alike with one answer.
import { KestrelError, withTransaction } from '@kestrel/server-common';
import { AuthErrors } from '../errors.js';
import { generateApiKey, parseApiKey } from '../domain/api-key-format.js';
import { digestSecret, digestsEqual } from '../domain/opaque-secret.js';
import { grantableScopes, type GrantableScope as Scope, type Role } from '../domain/roles.js';
import { findUsableApiKey, insertApiKey, revokeApiKey, touchApiKey, type ApiKeyRecord } from '../store/api-keys.js';
import { recordAudit, type Actor, type RequestOrigin } from '../store/audit-log.js';
import type { AuthContext } from './context.js';

/** Creates a key for the caller; returns the record and the one-time token. */
export async function createApiKey(
  context: AuthContext,
  owner: { userId: string; role: Role },
  input: { name: string; scopes: Scope[]; expiresInDays: number },
  origin: RequestOrigin,
): Promise<{ record: ApiKeyRecord; token: string }> {
  const allowed = grantableScopes(owner.role);
  const scopes = [...new Set(input.scopes)];
  const excess = scopes.filter((scope) => !allowed.includes(scope));
  if (excess.length > 0) {
    throw new KestrelError(AuthErrors.AUTH_API_KEY_SCOPE, `The ${owner.role} role cannot grant: ${excess.join(', ')}`, { details: { allowed } });
  }
  const generated = generateApiKey();
  return withTransaction(context.db, async (client) => {
    const record = await insertApiKey(client, {
      id: generated.prefix,
      userId: owner.userId,
      name: input.name,
      secretDigest: digestSecret(generated.secret),
      scopes,
      expiresAt: new Date(Date.now() + input.expiresInDays * 86_400_000),
    });
    await recordAudit(client, {
      actor: { id: owner.userId, type: 'user' },
      action: 'api_key.created',
      outcome: 'success',
      target: { type: 'api-key', id: record.id },
      origin,
      details: { scopes, expiresAt: record.expiresAt },
    });
    return { record, token: generated.token };
  });
}

/** Revokes a key of `ownerId` (or any key when ownerId is null, for admins); 404 otherwise. */
export async function revokeKey(context: AuthContext, id: string, ownerId: string | null, actor: Actor, origin: RequestOrigin): Promise<ApiKeyRecord> {
  return withTransaction(context.db, async (client) => {
    const record = await revokeApiKey(client, id, ownerId);
    if (!record) throw new KestrelError(AuthErrors.AUTH_API_KEY_NOT_FOUND, 'No such API key');
    await recordAudit(client, { actor, action: 'api_key.revoked', outcome: 'success', target: { type: 'api-key', id }, origin, details: { ownerId: record.userId } });
    return record;
  });
}

/** Who a presented key belongs to, or AUTH_TOKEN_INVALID. */
export async function authenticateApiKey(
  context: AuthContext,
  token: string,
): Promise<{ keyId: string; userId: string; role: Role; scopes: Scope[]; expiresAt: string }> {
  const parsed = parseApiKey(token);
  const found = parsed ? await findUsableApiKey(context.db, parsed.prefix) : null;
  if (!parsed || !found || found.userStatus !== 'active' || !digestsEqual(found.secretDigest, digestSecret(parsed.secret))) {
    throw new KestrelError(AuthErrors.AUTH_TOKEN_INVALID, 'The API key is invalid, expired or revoked');
  }
  await touchApiKey(context.db, found.key.id);
  return { keyId: found.key.id, userId: found.key.userId, role: found.role as Role, scopes: found.key.scopes, expiresAt: found.key.expiresAt };
}
