// The gateway as a Kestrel ServiceModule. Mount it FIRST (see root-instance.ts):
//  - inprocess (default): installs CORS, authentication, rate limits, the route contract and the
//    OpenAPI document over every service mounted after it in the same process; reaches the auth
//    service in-process, or at `authUrl` when auth runs elsewhere (a suite service process);
//  - proxy: the suite's edge: authenticates, rate-limits and forwards /v1 to the upstreams.
import { randomBytes } from 'node:crypto';
import cors from '@fastify/cors';
import { defineService } from '@kestrel/server-common';
import { ACCESS_TOKEN_ALGORITHM } from './credentials/access-token-verifier.js';
import { httpAuthClient, injectAuthClient } from './credentials/auth-client.js';
import { Authenticator } from './credentials/authenticator.js';
import { JwksCache } from './credentials/jwks-cache.js';
import { GatewayConfigSchema } from './config.js';
import { installAuthentication } from './plugins/authentication.js';
import { installOpenApi } from './plugins/openapi.js';
import { installRateLimits } from './plugins/rate-limits.js';
import { allowedMethods, installRouteContract } from './plugins/route-contract.js';
import { proxyAccess } from './proxy/public-routes.js';
import { installUpstreams, parseUpstreams } from './proxy/upstreams.js';
import { applyPlugin, rootOf } from './root-instance.js';

/** Version of the /v1 API in the OpenAPI document. */
export const API_VERSION = '1.0.0';

/** The `serviceToken` of every service section loaded in this process (in-process shape). */
function configuredServiceTokens(sections: Readonly<Record<string, Readonly<Record<string, unknown>>>>): string[] {
  return Object.values(sections)
    .map((section) => section.serviceToken)
    .filter((token): token is string => typeof token === 'string' && token.length > 0);
}

/** The gateway service. */
export const gatewayService = defineService({
  name: 'gateway',
  config: GatewayConfigSchema,
  async plugin(scope, deps) {
    const config = deps.serviceConfig;
    const proxy = config.mode === 'proxy';
    if (proxy && (config.authUrl === undefined || config.upstreams.length === 0)) {
      throw new Error('gateway proxy mode needs KESTREL_GATEWAY_AUTH_URL and KESTREL_GATEWAY_UPSTREAMS');
    }
    // In proxy mode every route lives in this context; in-process the hooks must reach siblings.
    const target = proxy ? scope : rootOf(scope);
    // Marks the gateway's own in-process calls to auth so they are not rate-limited as anonymous.
    const internalMark = randomBytes(16).toString('hex');
    const authClient = config.authUrl ? httpAuthClient(config.authUrl) : injectAuthClient(target, internalMark);
    if (!config.authUrl) {
      // Fail at start, not on every request, when neither KESTREL_GATEWAY_AUTH_URL nor the auth service is there.
      target.addHook('onReady', async () => {
        if (!target.hasRoute({ method: 'GET', url: '/v1/auth/jwks' })) {
          throw new Error('the gateway needs the auth service in this process or KESTREL_GATEWAY_AUTH_URL');
        }
      });
    }
    const keys = new JwksCache({ fetchJwks: () => authClient.fetchJwks(), algorithm: ACCESS_TOKEN_ALGORITHM });
    const authenticator = new Authenticator({ authClient, keys, issuer: config.issuer, audience: config.audience });

    if (config.corsOrigins.length > 0) {
      await applyPlugin(target, cors as never, {
        origin: config.corsOrigins,
        methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
        allowedHeaders: ['authorization', 'content-type', 'x-api-key', 'x-request-id'],
        exposedHeaders: ['x-request-id', 'retry-after', 'x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset'],
        maxAge: 600,
      });
    }
    installRouteContract(target);
    installAuthentication(target, { authenticator, ...(proxy ? { accessOf: proxyAccess } : { allowedMethods: (path) => allowedMethods(target, path) }) });
    await installRateLimits(target, scope, {
      perMinute: config.rateLimitPerMinute,
      anonymousPerMinute: config.anonymousRateLimitPerMinute,
      internalMark,
      serviceTokens: configuredServiceTokens(deps.config.sections),
      ...(deps.redis ? { redis: deps.redis } : {}),
    });
    if (proxy) await installUpstreams(scope, parseUpstreams(config.upstreams), API_VERSION);
    else await installOpenApi(target, scope, { version: API_VERSION, docs: config.docs });
  },
});
