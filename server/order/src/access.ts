// Who may see and do what. The gateway authenticates every /v1 request and attaches
// `request.principal` (server/gateway/src/credentials/principal.ts); this module only reads it and
// fails closed. Rules (docs/orders.md): an order, parent order or execution belongs to the owner
// of its account; any other user gets ORDER_NOT_FOUND / ORDER_PARENT_NOT_FOUND (404, never 403, so
// ids cannot be probed); holders of `risk:read` (roles risk and admin) see everything. Internal
// routes (/v1/internal) answer other services, which send the order service token, or admins.
import { timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { ForwardedCredentials } from './clients/portfolio-client.js';
import { orderError } from './errors.js';

/** The caller fields this service uses. */
export interface Caller {
  userId: string;
  permissions: ReadonlySet<string>;
}

/** The caller, who must hold `permission`; otherwise 401/403. */
export function requireCaller(request: FastifyRequest, permission: string): Caller {
  const caller = (request as unknown as { principal?: Caller | null }).principal ?? null;
  if (!caller) throw orderError('ORDER_UNAUTHENTICATED', 'This request needs an access token or API key');
  if (!caller.permissions.has(permission)) throw orderError('ORDER_FORBIDDEN', `Missing permission ${permission}`);
  return caller;
}

/** Header carrying the order service token on internal routes. */
const SERVICE_TOKEN_HEADER = 'x-kestrel-service-token';

/** Refuses the request (ORDER_SERVICE_TOKEN_INVALID) unless it carries the service token (compared in constant time) or comes from a system admin. */
export function requireServiceCaller(request: FastifyRequest, serviceToken: string | undefined): void {
  const sent = request.headers[SERVICE_TOKEN_HEADER];
  if (serviceToken !== undefined && typeof sent === 'string') {
    const expected = Buffer.from(serviceToken);
    const given = Buffer.from(sent);
    if (given.length === expected.length && timingSafeEqual(given, expected)) return;
  }
  const principal = (request as unknown as { principal?: Caller | null }).principal;
  if (principal?.permissions.has('system:admin')) return;
  throw orderError('ORDER_SERVICE_TOKEN_INVALID', 'This internal route needs the order service token or an admin credential');
}

/** True when the caller sees every account's orders. */
export function seesAll(caller: Caller): boolean {
  return caller.permissions.has('risk:read');
}

/** True when the caller may see objects of `ownerUserId`. */
export function mayView(caller: Caller, ownerUserId: string): boolean {
  return caller.userId === ownerUserId || seesAll(caller);
}

/** The caller's credential headers, to forward to the portfolio's account lookup. */
export function credentialsOf(request: FastifyRequest): ForwardedCredentials {
  const credentials: ForwardedCredentials = {};
  const { authorization } = request.headers;
  const apiKey = request.headers['x-api-key'];
  if (typeof authorization === 'string') credentials.authorization = authorization;
  if (typeof apiKey === 'string') credentials['x-api-key'] = apiKey;
  return credentials;
}
