// The OpenAPI 3.1 document of every /v1 route at GET /v1/openapi.json and a browsable page at
// /docs (Swagger UI with its bundled assets: works offline).
// Invariants: the document is generated from the routes' TypeBox schemas, so it cannot drift
// from what the server validates; public routes are marked `security: []`, every other route
// needs a bearer token or an API key.
import type { FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { applyPlugin } from '../root-instance.js';
import { isApiPath, type RouteAccess } from './authentication.js';

/** Title, version and server URL of the document. */
export interface OpenApiOptions {
  version: string;
  docs: boolean;
}

/** The static parts of the document. */
export function openApiBase(version: string) {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Kestrel API',
      version,
      description: 'The Kestrel server suite HTTP API. Authentication and flows: docs/api.md and docs/security.md.',
    },
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT or API key', description: 'An access token from /v1/auth/login or /v1/oauth/token, or an API key (kst_...).' },
        apiKey: { type: 'apiKey', in: 'header', name: 'X-API-Key', description: 'An API key (kst_...).' },
      },
    },
    security: [{ bearer: [] }, { apiKey: [] }],
  };
}

/** Collects routes on `root` (for the document) and serves it plus the docs page from `scope`. */
export async function installOpenApi(root: FastifyInstance, scope: FastifyInstance, options: OpenApiOptions): Promise<void> {
  await applyPlugin(root, swagger as never, {
    openapi: openApiBase(options.version),
    hideUntagged: false,
    transform: ({ schema, url, route }: { schema: Record<string, unknown> | undefined; url: string; route: { config?: RouteAccess } }) => {
      if (!isApiPath(url)) return { schema: { ...schema, hide: true }, url };
      const access = route.config ?? {};
      const security = access.auth === 'public' ? [] : access.auth === 'optional' ? [{}, { bearer: [] }, { apiKey: [] }] : undefined;
      return { schema: security === undefined ? schema : { ...schema, security }, url };
    },
  });
  scope.get('/v1/openapi.json', { config: { auth: 'public' }, schema: { hide: true } }, async () => root.swagger());
  if (options.docs) {
    // Applied directly: @fastify/swagger was applied the same way (on the root), so the plugin
    // dependency check of `register` would not see it; the decorator is inherited all the same.
    await applyPlugin(scope, swaggerUi as never, { routePrefix: '/docs', uiConfig: { url: '/v1/openapi.json' }, staticCSP: true });
  }
}
