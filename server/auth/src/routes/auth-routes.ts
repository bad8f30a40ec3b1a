// /v1/auth/*: registration, login, 2FA, refresh, logout, password change, JWKS, API-key
// introspection. Handlers parse, call the use case, reply.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { KestrelError } from '@kestrel/server-common';
import { AuthErrors } from '../errors.js';
import { callerOf, originOf, requireCaller } from '../principal.js';
import { changePassword, createAccount, login, logout } from '../services/accounts.js';
import { authenticateApiKey } from '../services/api-keys.js';
import type { AuthContext } from '../services/context.js';
import { refreshSession } from '../services/token-pairs.js';
import { confirmEnrollment, disable, enroll, verifyLoginChallenge } from '../services/two-factor.js';
import { Email, Empty, GrantScope, NewPassword, Obj, Password, Role, TokenPair, Uuid } from './schemas.js';

const tags = ['auth'];

function pair(tokens: { accessToken: string; refreshToken: string; tokenType: 'Bearer'; expiresIn: number }) {
  return { accessToken: tokens.accessToken, refreshToken: tokens.refreshToken, tokenType: tokens.tokenType, expiresIn: tokens.expiresIn };
}

/** Registers the /v1/auth routes. */
export async function authRoutes(app: FastifyInstance, { context }: { context: AuthContext }): Promise<void> {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  api.post(
    '/v1/auth/register',
    {
      config: { auth: 'public' },
      schema: {
        tags,
        summary: 'Create an account (only when open registration is on)',
        body: Obj({ email: Email, password: NewPassword }),
        response: { 201: Obj({ id: Uuid, email: Type.String(), role: Role }) },
      },
    },
    async (request, reply) => {
      if (!context.config.openRegistration) throw new KestrelError(AuthErrors.AUTH_REGISTRATION_CLOSED, 'Registration is closed; ask an administrator');
      const origin = originOf(request);
      const user = await createAccount(context, { ...request.body, role: 'viewer' }, { actor: { id: null, type: 'anonymous' }, origin, action: 'auth.registered' });
      return reply.code(201).send({ id: user.id, email: user.email, role: user.role });
    },
  );

  api.post(
    '/v1/auth/login',
    {
      config: { auth: 'public' },
      schema: {
        tags,
        summary: 'Log in with email and password',
        description: 'Returns tokens, or `{challenge: "2fa", challengeToken}` when a TOTP code is needed next, or `{challenge: "2fa-enroll", enrollmentToken}` when the role requires 2FA and none is set up.',
        body: Obj({ email: Email, password: Password }),
        response: {
          200: Type.Union([
            TokenPair,
            Obj({ challenge: Type.Literal('2fa'), challengeToken: Type.String() }),
            Obj({ challenge: Type.Literal('2fa-enroll'), enrollmentToken: Type.String(), expiresIn: Type.Integer() }),
          ]),
        },
      },
    },
    async (request) => {
      const result = await login(context, request.body.email, request.body.password, originOf(request));
      if (result.kind === '2fa') return { challenge: '2fa' as const, challengeToken: result.challengeToken };
      if (result.kind === '2fa-enroll') return { challenge: '2fa-enroll' as const, enrollmentToken: result.enrollmentToken, expiresIn: result.expiresIn };
      return { ...pair(result.tokens), mustChangePassword: result.mustChangePassword };
    },
  );

  api.post(
    '/v1/auth/refresh',
    {
      config: { auth: 'public' },
      schema: {
        tags,
        summary: 'Exchange a refresh token for a new token pair (the old refresh token is spent)',
        body: Obj({ refreshToken: Type.String({ minLength: 1, maxLength: 512 }) }),
        response: { 200: TokenPair },
      },
    },
    async (request) => pair(await refreshSession(context, request.body.refreshToken, originOf(request))),
  );

  api.post(
    '/v1/auth/logout',
    {
      config: { permission: 'credentials:manage' },
      schema: { tags, summary: 'End the current session (its refresh tokens stop working)', response: { 204: Empty } },
    },
    async (request, reply) => {
      const caller = requireCaller(request, 'credentials:manage');
      await logout(context, caller.userId, caller.sessionId, originOf(request));
      return reply.code(204).send(null);
    },
  );

  api.post(
    '/v1/auth/password',
    {
      config: { permission: 'credentials:manage' },
      schema: {
        tags,
        summary: 'Change the caller\'s password (revokes every session)',
        body: Obj({ currentPassword: Password, newPassword: NewPassword }),
        response: { 204: Empty },
      },
    },
    async (request, reply) => {
      const caller = requireCaller(request, 'credentials:manage');
      await changePassword(context, caller.userId, request.body.currentPassword, request.body.newPassword, originOf(request));
      return reply.code(204).send(null);
    },
  );

  api.post(
    '/v1/auth/2fa/enroll',
    {
      config: { permission: 'self:2fa' },
      schema: {
        tags,
        summary: 'Start TOTP enrolment: returns the secret, the otpauth:// URI and a QR code',
        response: { 200: Obj({ secret: Type.String(), otpauthUri: Type.String(), qrSvg: Type.String(), qrDataUrl: Type.String() }) },
      },
    },
    async (request) => enroll(context, requireCaller(request, 'self:2fa').userId, originOf(request)),
  );

  api.post(
    '/v1/auth/2fa/verify',
    {
      config: { auth: 'optional' },
      schema: {
        tags,
        summary: 'Verify a TOTP (or recovery) code',
        description:
          'With `challengeToken` (from login): completes the login and returns tokens. Without it (authenticated): confirms enrolment and returns recovery codes, plus tokens when called with an enrollment token.',
        body: Obj({ code: Type.String({ minLength: 6, maxLength: 32 }), challengeToken: Type.Optional(Type.String({ minLength: 1, maxLength: 4096 })) }),
        response: {
          200: Type.Union([
            TokenPair,
            Obj({ enabled: Type.Literal(true), recoveryCodes: Type.Array(Type.String()), tokens: Type.Optional(TokenPair) }),
          ]),
        },
      },
    },
    async (request) => {
      const origin = originOf(request);
      if (request.body.challengeToken !== undefined) {
        return pair(await verifyLoginChallenge(context, request.body.challengeToken, request.body.code, origin));
      }
      if (callerOf(request) === null) throw new KestrelError(AuthErrors.AUTH_UNAUTHENTICATED, 'Send challengeToken, or call with an access token to confirm enrolment');
      const caller = requireCaller(request, 'self:2fa');
      const result = await confirmEnrollment(context, caller.userId, request.body.code, origin, caller.scopes.includes('enroll-2fa'));
      return { enabled: true as const, recoveryCodes: result.recoveryCodes, ...(result.tokens ? { tokens: pair(result.tokens) } : {}) };
    },
  );

  api.post(
    '/v1/auth/2fa/disable',
    {
      config: { permission: 'credentials:manage' },
      schema: { tags, summary: 'Turn 2FA off (needs a current code; refused when the role requires 2FA)', body: Obj({ code: Type.String({ minLength: 6, maxLength: 32 }) }), response: { 204: Empty } },
    },
    async (request, reply) => {
      await disable(context, requireCaller(request, 'credentials:manage').userId, request.body.code, originOf(request));
      return reply.code(204).send(null);
    },
  );

  api.get(
    '/v1/auth/jwks',
    {
      config: { auth: 'public' },
      schema: {
        tags,
        summary: 'The public keys access tokens are signed with (JWKS)',
        response: {
          200: Obj({
            keys: Type.Array(Obj({ kty: Type.String(), crv: Type.String(), x: Type.String(), kid: Type.String(), alg: Type.String(), use: Type.String() })),
          }),
        },
      },
    },
    async (_request, reply) => {
      reply.header('cache-control', 'public, max-age=300');
      return context.keys.jwks as { keys: Array<{ kty: string; crv: string; x: string; kid: string; alg: string; use: string }> };
    },
  );

  api.post(
    '/v1/auth/api-keys/introspect',
    {
      config: { auth: 'public' },
      schema: {
        tags,
        summary: 'Who an API key belongs to (used by the gateway; reveals nothing beyond what the key holder can already read)',
        body: Obj({ apiKey: Type.String({ minLength: 1, maxLength: 256 }) }),
        response: { 200: Obj({ keyId: Type.String(), userId: Uuid, role: Role, scopes: Type.Array(GrantScope), expiresAt: Type.String({ format: 'date-time' }) }) },
      },
    },
    async (request) => authenticateApiKey(context, request.body.apiKey),
  );
}
