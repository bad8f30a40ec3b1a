// /v1/admin/*: users, roles (2FA policy), sessions, API keys, OAuth clients, signing keys and the
// audit log. Each route requires an admin-level permission; every change is audited.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { KestrelError, withTransaction } from '@kestrel/server-common';
import { AuthErrors } from '../errors.js';
import { randomSecret } from '../domain/opaque-secret.js';
import { actorOf, originOf, requireCaller } from '../principal.js';
import { createAccount, unlockAccount } from '../services/accounts.js';
import { revokeKey } from '../services/api-keys.js';
import type { AuthContext } from '../services/context.js';
import { registerClient } from '../services/oauth.js';
import { listApiKeys } from '../store/api-keys.js';
import { queryAudit, recordAudit } from '../store/audit-log.js';
import { listClients, revokeClient, type OAuthClientRecord } from '../store/oauth.js';
import { listSessions, revokeSession, revokeUserSessions } from '../store/sessions.js';
import { countActiveAdmins, findUserById, listRolePolicies, listUsers, setRoleRequires2fa, updateUser } from '../store/users.js';
import { ApiKey, ApiKeyIdParams, Email, Empty, GrantScope, IdParams, Nullable, NewPassword, Obj, Role, Session, Timestamp, User, Uuid } from './schemas.js';
import { apiKeyView, sessionView, userView } from './self-routes.js';

const tags = ['admin'];

const OAuthClient = Obj({
  id: Type.String(),
  name: Type.String(),
  ownerUserId: Nullable(Uuid),
  confidential: Type.Boolean(),
  redirectUris: Type.Array(Type.String()),
  grantTypes: Type.Array(Type.String()),
  scopes: Type.Array(GrantScope),
  createdAt: Timestamp,
});

function clientView(client: OAuthClientRecord) {
  return {
    id: client.id,
    name: client.name,
    ownerUserId: client.ownerUserId,
    confidential: client.secretDigest !== null,
    redirectUris: client.redirectUris,
    grantTypes: client.grantTypes,
    scopes: client.scopes,
    createdAt: client.createdAt,
  };
}

const AuditEntry = Obj({
  id: Type.String(),
  occurredAt: Timestamp,
  actorId: Nullable(Type.String()),
  actorType: Type.String(),
  action: Type.String(),
  outcome: Type.String(),
  targetType: Nullable(Type.String()),
  targetId: Nullable(Type.String()),
  ip: Nullable(Type.String()),
  userAgent: Nullable(Type.String()),
  requestId: Nullable(Type.String()),
  details: Type.Record(Type.String(), Type.Unknown()),
});

/** Registers the admin routes. */
export async function adminRoutes(app: FastifyInstance, { context }: { context: AuthContext }): Promise<void> {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();

  api.get(
    '/v1/admin/users',
    {
      config: { permission: 'users:read' },
      schema: {
        tags,
        summary: 'List accounts',
        querystring: Obj({
          role: Type.Optional(Role),
          status: Type.Optional(Type.Union([Type.Literal('active'), Type.Literal('disabled')])),
          email: Type.Optional(Type.String({ minLength: 1, maxLength: 254 })),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
          offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 })),
        }),
        response: { 200: Obj({ users: Type.Array(User), total: Type.Integer() }) },
      },
    },
    async (request) => {
      requireCaller(request, 'users:read');
      const { limit = 50, offset = 0, ...filters } = request.query;
      const { users, total } = await listUsers(context.db, { ...filters, limit, offset });
      return { users: users.map(userView), total };
    },
  );

  api.post(
    '/v1/admin/users',
    {
      config: { permission: 'users:write' },
      schema: {
        tags,
        summary: 'Create an account; without `password` a one-time password is generated and returned once',
        body: Obj({ email: Email, role: Role, password: Type.Optional(NewPassword) }),
        response: { 201: Obj({ user: User, oneTimePassword: Type.Optional(Type.String()) }) },
      },
    },
    async (request, reply) => {
      const caller = requireCaller(request, 'users:write');
      const oneTime = request.body.password === undefined ? randomSecret(18) : undefined;
      const user = await createAccount(
        context,
        { email: request.body.email, role: request.body.role, password: request.body.password ?? oneTime!, mustChangePassword: oneTime !== undefined },
        { actor: { id: caller.userId, type: 'user' }, origin: originOf(request), action: 'user.created' },
      );
      return reply.code(201).send({ user: userView(user), ...(oneTime ? { oneTimePassword: oneTime } : {}) });
    },
  );

  api.get(
    '/v1/admin/users/:id',
    { config: { permission: 'users:read' }, schema: { tags, summary: 'One account', params: IdParams, response: { 200: User } } },
    async (request) => {
      requireCaller(request, 'users:read');
      const user = await findUserById(context.db, request.params.id);
      if (!user) throw new KestrelError(AuthErrors.AUTH_USER_NOT_FOUND, 'No such user');
      return userView(user);
    },
  );

  api.patch(
    '/v1/admin/users/:id',
    {
      config: { permission: 'users:write' },
      schema: {
        tags,
        summary: 'Change an account\'s role or status (disabling revokes its sessions)',
        params: IdParams,
        body: Obj({ role: Type.Optional(Role), status: Type.Optional(Type.Union([Type.Literal('active'), Type.Literal('disabled')])) }, {}),
        response: { 200: User },
      },
    },
    async (request) => {
      const caller = requireCaller(request, 'users:write');
      const { id } = request.params;
      const user = await withTransaction(context.db, async (db) => {
        const before = await findUserById(db, id, true);
        if (!before) throw new KestrelError(AuthErrors.AUTH_USER_NOT_FOUND, 'No such user');
        await db.query('select pg_advisory_xact_lock(7426)');
        await updateUser(db, id, request.body);
        if (before.role === 'admin' && before.status === 'active' && (await countActiveAdmins(db)) === 0) {
          throw new KestrelError(AuthErrors.AUTH_LAST_ADMIN, 'At least one active administrator must remain');
        }
        const revoked = request.body.status === 'disabled' ? await revokeUserSessions(db, id, 'user-disabled') : 0;
        await recordAudit(db, {
          actor: actorOf(caller),
          action: 'user.updated',
          outcome: 'success',
          target: { type: 'user', id },
          origin: originOf(request),
          details: { before: { role: before.role, status: before.status }, after: request.body, sessionsRevoked: revoked },
        });
        return (await findUserById(db, id))!;
      });
      return userView(user);
    },
  );

  api.post(
    '/v1/admin/users/:id/unlock',
    { config: { permission: 'users:write' }, schema: { tags, summary: 'Clear the failed-login lock of an account', params: IdParams, response: { 204: Empty } } },
    async (request, reply) => {
      const caller = requireCaller(request, 'users:write');
      const user = await findUserById(context.db, request.params.id);
      if (!user) throw new KestrelError(AuthErrors.AUTH_USER_NOT_FOUND, 'No such user');
      await unlockAccount(context, user.email);
      await recordAudit(context.db, { actor: actorOf(caller), action: 'user.unlocked', outcome: 'success', target: { type: 'user', id: user.id }, origin: originOf(request) });
      return reply.code(204).send(null);
    },
  );

  api.get(
    '/v1/admin/users/:id/sessions',
    { config: { permission: 'users:read' }, schema: { tags, summary: 'An account\'s active sessions', params: IdParams, response: { 200: Obj({ sessions: Type.Array(Session) }) } } },
    async (request) => {
      requireCaller(request, 'users:read');
      return { sessions: (await listSessions(context.db, request.params.id)).map((session) => sessionView(session)) };
    },
  );

  api.delete(
    '/v1/admin/sessions/:id',
    { config: { permission: 'users:write' }, schema: { tags, summary: 'Revoke any session', params: IdParams, response: { 204: Empty } } },
    async (request, reply) => {
      const caller = requireCaller(request, 'users:write');
      await withTransaction(context.db, async (db) => {
        if (!(await revokeSession(db, request.params.id, null, 'revoked-by-admin'))) throw new KestrelError(AuthErrors.AUTH_SESSION_NOT_FOUND, 'No such live session');
        await recordAudit(db, { actor: actorOf(caller), action: 'session.revoked', outcome: 'success', target: { type: 'session', id: request.params.id }, origin: originOf(request), details: { byAdmin: true } });
      });
      return reply.code(204).send(null);
    },
  );

  api.get(
    '/v1/admin/api-keys',
    {
      config: { permission: 'users:read' },
      schema: {
        tags,
        summary: 'API keys of every user, or of one',
        querystring: Obj({ userId: Type.Optional(Uuid), includeRevoked: Type.Optional(Type.Boolean({ default: false })) }),
        response: { 200: Obj({ apiKeys: Type.Array(ApiKey) }) },
      },
    },
    async (request) => {
      requireCaller(request, 'users:read');
      return { apiKeys: (await listApiKeys(context.db, request.query.userId ?? null, request.query.includeRevoked ?? false)).map(apiKeyView) };
    },
  );

  api.delete(
    '/v1/admin/api-keys/:id',
    { config: { permission: 'users:write' }, schema: { tags, summary: 'Revoke any API key', params: ApiKeyIdParams, response: { 204: Empty } } },
    async (request, reply) => {
      const caller = requireCaller(request, 'users:write');
      await revokeKey(context, request.params.id, null, actorOf(caller), originOf(request));
      return reply.code(204).send(null);
    },
  );

  api.get(
    '/v1/admin/roles',
    {
      config: { permission: 'users:read' },
      schema: { tags, summary: 'Roles and whether each requires 2FA', response: { 200: Obj({ roles: Type.Array(Obj({ role: Role, require2fa: Type.Boolean() })) }) } },
    },
    async (request) => {
      requireCaller(request, 'users:read');
      return { roles: await listRolePolicies(context.db) };
    },
  );

  api.patch(
    '/v1/admin/roles/:role',
    {
      config: { permission: 'users:write' },
      schema: { tags, summary: 'Require (or stop requiring) 2FA for a role', params: Obj({ role: Role }), body: Obj({ require2fa: Type.Boolean() }), response: { 200: Obj({ role: Role, require2fa: Type.Boolean() }) } },
    },
    async (request) => {
      const caller = requireCaller(request, 'users:write');
      await withTransaction(context.db, async (db) => {
        await setRoleRequires2fa(db, request.params.role, request.body.require2fa);
        await recordAudit(db, { actor: actorOf(caller), action: 'role.policy_updated', outcome: 'success', target: { type: 'role', id: request.params.role }, origin: originOf(request), details: request.body });
      });
      return { role: request.params.role, require2fa: request.body.require2fa };
    },
  );

  api.get(
    '/v1/admin/audit',
    {
      config: { permission: 'audit:read' },
      schema: {
        tags,
        summary: 'Query the audit log, newest first; pass `nextBefore` as `before` for the next page',
        querystring: Obj({
          actorId: Type.Optional(Uuid),
          action: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
          outcome: Type.Optional(Type.Union([Type.Literal('success'), Type.Literal('failure')])),
          targetId: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
          from: Type.Optional(Timestamp),
          to: Type.Optional(Timestamp),
          before: Type.Optional(Type.String({ pattern: '^[1-9][0-9]{0,17}$' })),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
        }),
        response: { 200: Obj({ entries: Type.Array(AuditEntry), nextBefore: Nullable(Type.String()) }) },
      },
    },
    async (request) => {
      requireCaller(request, 'audit:read');
      const { before, limit = 100, ...filters } = request.query;
      const entries = await queryAudit(context.db, { ...filters, limit, ...(before ? { beforeId: before } : {}) });
      return { entries, nextBefore: entries.length === limit ? entries.at(-1)!.id : null };
    },
  );

  api.post(
    '/v1/admin/signing-keys/rotate',
    { config: { permission: 'system:admin' }, schema: { tags, summary: 'Generate a new JWT signing key now (old keys stay published)', response: { 200: Obj({ kid: Type.String() }) } } },
    async (request) => {
      const caller = requireCaller(request, 'system:admin');
      const kid = await context.keys.rotate();
      await recordAudit(context.db, { actor: actorOf(caller), action: 'signing_key.rotated', outcome: 'success', target: { type: 'signing-key', id: kid }, origin: originOf(request) });
      return { kid };
    },
  );

  api.get(
    '/v1/admin/oauth-clients',
    { config: { permission: 'system:admin' }, schema: { tags, summary: 'Registered OAuth clients', response: { 200: Obj({ clients: Type.Array(OAuthClient) }) } } },
    async (request) => {
      requireCaller(request, 'system:admin');
      return { clients: (await listClients(context.db)).map(clientView) };
    },
  );

  api.post(
    '/v1/admin/oauth-clients',
    {
      config: { permission: 'system:admin' },
      schema: {
        tags,
        summary: 'Register an OAuth client; a confidential client\'s secret is returned once',
        body: Obj({
          name: Type.String({ minLength: 1, maxLength: 100 }),
          ownerUserId: Uuid,
          grantTypes: Type.Array(Type.Union([Type.Literal('client_credentials'), Type.Literal('authorization_code'), Type.Literal('refresh_token')]), { minItems: 1, maxItems: 3, uniqueItems: true }),
          redirectUris: Type.Optional(Type.Array(Type.String({ format: 'uri', maxLength: 2000 }), { maxItems: 10, default: [] })),
          scopes: Type.Array(GrantScope, { minItems: 1, maxItems: 3, uniqueItems: true }),
        }),
        response: { 201: Obj({ client: OAuthClient, clientSecret: Nullable(Type.String()) }) },
      },
    },
    async (request, reply) => {
      const caller = requireCaller(request, 'system:admin');
      const { client, clientSecret } = await registerClient(context, { ...request.body, redirectUris: request.body.redirectUris ?? [] }, caller.userId, originOf(request));
      return reply.code(201).send({ client: clientView(client), clientSecret });
    },
  );

  api.delete(
    '/v1/admin/oauth-clients/:id',
    { config: { permission: 'system:admin' }, schema: { tags, summary: 'Revoke an OAuth client', params: Obj({ id: Type.String({ pattern: '^[a-z0-9_-]{1,64}$' }) }), response: { 204: Empty } } },
    async (request, reply) => {
      const caller = requireCaller(request, 'system:admin');
      await withTransaction(context.db, async (db) => {
        if (!(await revokeClient(db, request.params.id))) throw new KestrelError(AuthErrors.AUTH_OAUTH_CLIENT_NOT_FOUND, 'No such client');
        await recordAudit(db, { actor: actorOf(caller), action: 'oauth.client_revoked', outcome: 'success', target: { type: 'oauth-client', id: request.params.id }, origin: originOf(request) });
      });
      return reply.code(204).send(null);
    },
  );
}
