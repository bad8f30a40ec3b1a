// The caller's own identity objects: /v1/users/me, /v1/sessions, /v1/api-keys.
// Invariant: every lookup by id is scoped to the caller in SQL and declares `ownership` in its
// route config, which the ownership-matrix test enumerates (a route with an id parameter and no
// ownership declaration fails that test).
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { KestrelError, withTransaction } from '@kestrel/server-common';
import { AuthErrors } from '../errors.js';
import { actorOf, originOf, requireCaller } from '../principal.js';
import { createApiKey, revokeKey } from '../services/api-keys.js';
import type { AuthContext } from '../services/context.js';
import { findApiKey, listApiKeys, type ApiKeyRecord } from '../store/api-keys.js';
import { recordAudit } from '../store/audit-log.js';
import { listSessions, revokeSession, type SessionRecord } from '../store/sessions.js';
import { findUserById, type UserRecord } from '../store/users.js';
import { ApiKey, ApiKeyIdParams, Empty, GrantScope, IdParams, Obj, Session, User } from './schemas.js';

/** The public view of an account. */
export function userView(user: UserRecord) {
  return {
    id: user.id,
    email: user.email,
    role: user.role,
    status: user.status,
    twoFactorEnabled: user.totpEnabled,
    mustChangePassword: user.mustChangePassword,
    createdAt: user.createdAt,
  };
}

/** The public view of a session. */
export function sessionView(session: SessionRecord, currentSessionId?: string) {
  return {
    id: session.id,
    userId: session.userId,
    clientId: session.clientId,
    createdAt: session.createdAt,
    lastUsedAt: session.lastUsedAt,
    expiresAt: session.expiresAt,
    ip: session.ip,
    userAgent: session.userAgent,
    current: session.id === currentSessionId,
  };
}

/** The public view of an API key (never its secret). */
export function apiKeyView(key: ApiKeyRecord) {
  return { id: key.id, userId: key.userId, name: key.name, scopes: key.scopes, createdAt: key.createdAt, expiresAt: key.expiresAt, lastUsedAt: key.lastUsedAt, revokedAt: key.revokedAt };
}

/** Registers the caller-scoped identity routes. */
export async function selfRoutes(app: FastifyInstance, { context }: { context: AuthContext }): Promise<void> {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();

  api.get(
    '/v1/users/me',
    { config: { permission: 'self:read' }, schema: { tags: ['users'], summary: 'The caller\'s account', response: { 200: User } } },
    async (request) => {
      const caller = requireCaller(request, 'self:read');
      const user = await findUserById(context.db, caller.userId);
      if (!user) throw new KestrelError(AuthErrors.AUTH_USER_NOT_FOUND, 'The account no longer exists');
      return userView(user);
    },
  );

  api.get(
    '/v1/sessions',
    { config: { permission: 'self:read' }, schema: { tags: ['sessions'], summary: 'The caller\'s active sessions', response: { 200: Obj({ sessions: Type.Array(Session) }) } } },
    async (request) => {
      const caller = requireCaller(request, 'self:read');
      return { sessions: (await listSessions(context.db, caller.userId)).map((session) => sessionView(session, caller.sessionId)) };
    },
  );

  api.delete(
    '/v1/sessions/:id',
    {
      config: { permission: 'credentials:manage', ownership: { resource: 'session', param: 'id' } },
      schema: { tags: ['sessions'], summary: 'Revoke one of the caller\'s sessions', params: IdParams, response: { 204: Empty } },
    },
    async (request, reply) => {
      const caller = requireCaller(request, 'credentials:manage');
      await withTransaction(context.db, async (db) => {
        if (!(await revokeSession(db, request.params.id, caller.userId, 'revoked-by-user'))) {
          throw new KestrelError(AuthErrors.AUTH_SESSION_NOT_FOUND, 'No such session');
        }
        await recordAudit(db, { actor: actorOf(caller), action: 'session.revoked', outcome: 'success', target: { type: 'session', id: request.params.id }, origin: originOf(request) });
      });
      return reply.code(204).send(null);
    },
  );

  api.get(
    '/v1/api-keys',
    { config: { permission: 'self:read' }, schema: { tags: ['api-keys'], summary: 'The caller\'s API keys (without secrets)', response: { 200: Obj({ apiKeys: Type.Array(ApiKey) }) } } },
    async (request) => ({ apiKeys: (await listApiKeys(context.db, requireCaller(request, 'self:read').userId, false)).map(apiKeyView) }),
  );

  api.post(
    '/v1/api-keys',
    {
      config: { permission: 'credentials:manage' },
      schema: {
        tags: ['api-keys'],
        summary: 'Create an API key; the `key` is shown only in this response',
        body: Obj({
          name: Type.String({ minLength: 1, maxLength: 100 }),
          scopes: Type.Array(GrantScope, { minItems: 1, maxItems: 3, uniqueItems: true }),
          expiresInDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 365, default: 90 })),
        }),
        response: { 201: Obj({ apiKey: ApiKey, key: Type.String({ description: 'The full key: send it as `Authorization: Bearer <key>` or `X-API-Key`.' }) }) },
      },
    },
    async (request, reply) => {
      const caller = requireCaller(request, 'credentials:manage');
      const { record, token } = await createApiKey(context, caller, { ...request.body, expiresInDays: request.body.expiresInDays ?? 90 }, originOf(request));
      return reply.code(201).send({ apiKey: apiKeyView(record), key: token });
    },
  );

  api.get(
    '/v1/api-keys/:id',
    {
      config: { permission: 'self:read', ownership: { resource: 'api-key', param: 'id' } },
      schema: { tags: ['api-keys'], summary: 'One of the caller\'s API keys', params: ApiKeyIdParams, response: { 200: ApiKey } },
    },
    async (request) => {
      const key = await findApiKey(context.db, request.params.id, requireCaller(request, 'self:read').userId);
      if (!key) throw new KestrelError(AuthErrors.AUTH_API_KEY_NOT_FOUND, 'No such API key');
      return apiKeyView(key);
    },
  );

  api.delete(
    '/v1/api-keys/:id',
    {
      config: { permission: 'credentials:manage', ownership: { resource: 'api-key', param: 'id' } },
      schema: { tags: ['api-keys'], summary: 'Revoke one of the caller\'s API keys', params: ApiKeyIdParams, response: { 204: Empty } },
    },
    async (request, reply) => {
      const caller = requireCaller(request, 'credentials:manage');
      await revokeKey(context, request.params.id, caller.userId, actorOf(caller), originOf(request));
      return reply.code(204).send(null);
    },
  );
}
