// Who may call what. The gateway authenticates every /v1 request, checks the route's declared
// permission and attaches `request.principal` (server/gateway/src/credentials/principal.ts); this
// module reads it and fails closed, as the other services do. Rules (docs/market-data.md):
// reading market data needs `trading:read` (every role); changing instruments and importing needs
// `system:admin`; a replay session belongs to the user who created it (others get 404); the
// internal ingest route accepts the configured service token (x-kestrel-service-token, compared
// in constant time) or a principal holding `system:admin`.
import { timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { marketError } from './errors.js';

/** The caller fields this service uses. */
export interface Caller {
  userId: string;
  permissions: ReadonlySet<string>;
}

/** Header carrying the internal service token. */
export const SERVICE_TOKEN_HEADER = 'x-kestrel-service-token';

function principalOf(request: FastifyRequest): Caller | null {
  return (request as unknown as { principal?: Caller | null }).principal ?? null;
}

/** The caller, who must hold `permission`; otherwise 401/403. */
export function requireCaller(request: FastifyRequest, permission: string): Caller {
  const caller = principalOf(request);
  if (!caller) throw marketError('MARKET_UNAUTHENTICATED', 'This request needs an access token or API key');
  if (!caller.permissions.has(permission)) throw marketError('MARKET_FORBIDDEN', `Missing permission ${permission}`);
  return caller;
}

/** Refuses the request unless it carries the service token or comes from an admin principal. */
export function requireServiceCaller(request: FastifyRequest, serviceToken: string | undefined): void {
  const sent = request.headers[SERVICE_TOKEN_HEADER];
  if (serviceToken !== undefined && typeof sent === 'string') {
    const expected = Buffer.from(serviceToken);
    const given = Buffer.from(sent);
    if (given.length === expected.length && timingSafeEqual(given, expected)) return;
  }
  if (principalOf(request)?.permissions.has('system:admin')) return;
  throw marketError('MARKET_SERVICE_TOKEN_INVALID', 'This internal route needs the service token or an admin credential');
}
