// The gateway's configuration section (`gateway` in the config file, KESTREL_GATEWAY_* in the
// environment); docs/configuration.md and docs/security.md describe each key.
import { Type, type Static } from '@sinclair/typebox';

/** Schema of the `gateway` config section. */
export const GatewayConfigSchema = Type.Object(
  {
    mode: Type.Union([Type.Literal('inprocess'), Type.Literal('proxy')], {
      default: 'inprocess',
      description:
        '`inprocess`: authenticate and document the services mounted in this process (the embedded default, and each suite service process). `proxy`: forward /v1 to the upstream services.',
    }),
    issuer: Type.String({ minLength: 1, default: 'kestrel', description: 'Expected JWT `iss`; must equal KESTREL_AUTH_ISSUER.' }),
    audience: Type.String({ minLength: 1, default: 'kestrel-api', description: 'Expected JWT `aud`; must equal KESTREL_AUTH_AUDIENCE.' }),
    authUrl: Type.Optional(
      Type.String({ format: 'uri', description: 'Base URL of the auth service (JWKS, API-key introspection). Absent: the auth service mounted in this process.' }),
    ),
    upstreams: Type.Array(Type.String({ pattern: '^/v1(/[a-z0-9/-]*)?=https?://.+$' }), {
      default: [],
      description: 'Proxy mode: comma-separated `prefix=url` pairs, e.g. `/v1/auth=http://auth:8080,/v1/workspaces=http://user:8080`; the longest prefix wins.',
    }),
    corsOrigins: Type.Array(Type.String({ minLength: 1 }), {
      default: [],
      description: 'Comma-separated origins allowed by CORS (exact match, e.g. `https://kestrel.example.com`). Empty: no cross-origin access.',
    }),
    rateLimitPerMinute: Type.Integer({ minimum: 1, maximum: 1_000_000, default: 600, description: 'Requests per minute per authenticated user or API key.' }),
    anonymousRateLimitPerMinute: Type.Integer({ minimum: 1, maximum: 1_000_000, default: 120, description: 'Requests per minute per client IP without credentials (public routes).' }),
    docs: Type.Boolean({ default: true, description: 'Serve the browsable API docs at /docs (the OpenAPI document at /v1/openapi.json is always served).' }),
  },
  { additionalProperties: false },
);

/** The validated `gateway` section. */
export type GatewayConfig = Static<typeof GatewayConfigSchema>;
