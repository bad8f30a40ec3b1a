// /v1/oauth/*: the authorization endpoint (for a logged-in user, PKCE S256) and the token
// endpoint (client credentials, authorization code, refresh token), accepting form or JSON bodies.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { originOf, requireCaller } from '../principal.js';
import type { AuthContext } from '../services/context.js';
import { authorize, token } from '../services/oauth.js';
import { Obj } from './schemas.js';

const tags = ['oauth'];
const Text = (max: number) => Type.String({ minLength: 1, maxLength: max });

// RFC 6749 §2.3.1 form-encodes Basic credentials; a malformed escape is kept verbatim (and fails auth).
function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    return value;
  }
}

/** Registers the OAuth routes. */
export async function oauthRoutes(app: FastifyInstance, { context }: { context: AuthContext }): Promise<void> {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();

  api.get(
    '/v1/oauth/authorize',
    {
      config: { permission: 'credentials:manage' },
      schema: {
        tags,
        summary: 'Issue an authorization code to the logged-in user (authorization code + PKCE S256)',
        description: 'Call with the user\'s access token; navigate to `redirectTo` to hand the code to the native app.',
        querystring: Obj({
          response_type: Type.Literal('code'),
          client_id: Text(200),
          redirect_uri: Text(2000),
          code_challenge: Text(128),
          code_challenge_method: Type.Literal('S256'),
          scope: Type.Optional(Type.String({ maxLength: 200 })),
          state: Type.Optional(Type.String({ maxLength: 500 })),
        }),
        response: { 200: Obj({ code: Type.String(), state: Type.Optional(Type.String()), redirectTo: Type.String() }) },
      },
    },
    async (request) => authorize(context, requireCaller(request, 'credentials:manage'), request.query, originOf(request)),
  );

  api.post(
    '/v1/oauth/token',
    {
      config: { auth: 'public' },
      schema: {
        tags,
        summary: 'OAuth 2.0 token endpoint (RFC 6749): client_credentials, authorization_code with code_verifier, refresh_token',
        consumes: ['application/x-www-form-urlencoded', 'application/json'],
        body: Obj({
          grant_type: Type.Union([Type.Literal('client_credentials'), Type.Literal('authorization_code'), Type.Literal('refresh_token')]),
          client_id: Type.Optional(Text(200)),
          client_secret: Type.Optional(Text(200)),
          code: Type.Optional(Text(200)),
          redirect_uri: Type.Optional(Text(2000)),
          code_verifier: Type.Optional(Text(128)),
          refresh_token: Type.Optional(Text(512)),
          scope: Type.Optional(Type.String({ maxLength: 200 })),
        }),
        response: {
          200: Obj({
            access_token: Type.String(),
            token_type: Type.Literal('Bearer'),
            expires_in: Type.Integer(),
            refresh_token: Type.Optional(Type.String()),
            scope: Type.String(),
          }),
        },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      const body = { ...request.body };
      const basic = /^Basic ([A-Za-z0-9+/=]+)$/.exec(request.headers.authorization ?? '');
      if (basic) {
        const [id, secret] = Buffer.from(basic[1]!, 'base64').toString('utf8').split(':');
        if (id) body.client_id = safeDecode(id);
        if (secret !== undefined) body.client_secret = safeDecode(secret);
      }
      return token(context, body, originOf(request));
    },
  );
}
