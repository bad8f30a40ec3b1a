// Proxy mode's access table: in the suite the gateway does not see the services' route configs,
// so the public routes are listed here; everything else needs a valid credential at the gateway,
// and the service behind it checks the route's permission itself (its own in-process gateway
// module), so nothing depends on this table alone.
import type { FastifyRequest } from 'fastify';
import type { RouteAccess } from '../plugins/authentication.js';

/** Method and exact path of every route that needs no credential. */
export const PUBLIC_ROUTES: ReadonlyArray<readonly [string, string]> = [
  ['POST', '/v1/auth/register'],
  ['POST', '/v1/auth/login'],
  ['POST', '/v1/auth/refresh'],
  ['GET', '/v1/auth/jwks'],
  ['POST', '/v1/auth/api-keys/introspect'],
  ['POST', '/v1/oauth/token'],
  ['GET', '/v1/openapi.json'],
];
/** Routes where a credential is checked when present. */
export const OPTIONAL_ROUTES: ReadonlyArray<readonly [string, string]> = [['POST', '/v1/auth/2fa/verify']];

/** Access rules of a proxied request. */
export function proxyAccess(request: FastifyRequest): RouteAccess {
  const path = request.url.split('?')[0];
  const matches = ([method, route]: readonly [string, string]) => method === request.method && route === path;
  if (PUBLIC_ROUTES.some(matches)) return { auth: 'public' };
  if (OPTIONAL_ROUTES.some(matches)) return { auth: 'optional' };
  return { auth: 'required', checkPermission: false };
}
