// The authentication and authorization hook over every /v1 route.
// Route config (declared by each service on its routes):
//   auth: 'public'    no credential needed or looked at (login, register, refresh, JWKS, token, docs)
//   auth: 'optional'  a credential is verified if sent (2FA verify: challenge or enrolment)
//   permission: '...' required for everything else; a non-public route without one is refused,
//                     so a route cannot become reachable by forgetting to declare its permission.
// Invariants: runs in onRequest, before body parsing, so unauthenticated requests cost no body
// work; an invalid credential is always an error, never treated as anonymous; `request.principal`
// is null unless a credential verified.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { KestrelError } from '@kestrel/server-common';
import { isPermission, type Permission } from '../authorization/permissions.js';
import type { Authenticator } from '../credentials/authenticator.js';
import type { Principal } from '../credentials/principal.js';
import { GatewayErrors } from '../errors.js';

/** What a route declares about who may call it. */
export interface RouteAccess {
  auth?: 'public' | 'optional' | 'required';
  permission?: Permission;
  /** When false the route's permission is checked by the service behind a proxy, not here. */
  checkPermission?: boolean;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The authenticated caller; null on public routes and anonymous requests. */
    principal: Principal | null;
  }
}

/** Options of installAuthentication. */
export interface AuthenticationOptions {
  authenticator: Authenticator;
  /** How to find a request's access rules (route config in-process, a static table in proxy mode). */
  accessOf?: (request: FastifyRequest) => RouteAccess;
  /** Methods a path has, so an existing path with a wrong method answers 405 (not 404). */
  allowedMethods?: (path: string) => string[];
}

/** True when the path is covered by the gateway (the versioned API). */
export function isApiPath(url: string): boolean {
  return url.startsWith('/v1/') || url === '/v1';
}

function routeAccess(request: FastifyRequest): RouteAccess {
  return (request.routeOptions.config ?? {}) as RouteAccess;
}

/** Adds the hook to `root`; every context registered afterwards inherits it. */
export function installAuthentication(root: FastifyInstance, options: AuthenticationOptions): void {
  if (!root.hasRequestDecorator('principal')) root.decorateRequest('principal', null);
  const accessOf = options.accessOf ?? routeAccess;
  root.addHook('onRequest', async (request, reply) => {
    // CORS preflights carry no credentials and have no effect; @fastify/cors answers them.
    if (!isApiPath(request.url) || request.method === 'OPTIONS') return;
    if (request.routeOptions.url === undefined) {
      // No route matched: 405 when the path exists with other methods, else the 404 handler answers.
      const allowed = options.allowedMethods?.(request.url.split('?')[0]!) ?? [];
      if (allowed.length === 0) return;
      reply.header('allow', allowed.join(', '));
      throw new KestrelError(GatewayErrors.GATEWAY_METHOD_NOT_ALLOWED, `${request.method} is not allowed here; use ${allowed.join(', ')}`);
    }
    const access = accessOf(request);
    if (access.auth === 'public') return;
    const principal = await options.authenticator.authenticate(request);
    if (principal === null) {
      if (access.auth === 'optional') return;
      reply.header('www-authenticate', 'Bearer realm="kestrel"');
      throw new KestrelError(GatewayErrors.GATEWAY_UNAUTHENTICATED, 'This route needs an access token or API key');
    }
    request.principal = principal;
    if (access.auth === 'optional' || access.checkPermission === false) return;
    if (access.permission === undefined || !isPermission(access.permission)) {
      throw new KestrelError(GatewayErrors.GATEWAY_FORBIDDEN, 'This route declares no permission and is closed');
    }
    if (!principal.permissions.has(access.permission)) {
      throw new KestrelError(GatewayErrors.GATEWAY_FORBIDDEN, `This needs the ${access.permission} permission`, {
        details: { permission: access.permission },
      });
    }
  });
}
