// Who may see and do what. The gateway authenticates every /v1 request, checks the route's declared
// permission and attaches `request.principal`; this module reads it and fails closed. Rules
// (docs/strategies.md): strategies, deployments and jobs belong to the user who created them; any
// other user gets *_NOT_FOUND (404, never 403, so ids cannot be probed); holders of `risk:read`
// (roles risk and admin) may read everyone's, and `risk:write` may stop anyone's deployment.
import type { FastifyRequest } from 'fastify';
import { strategyError } from './errors.js';
import type { Credentials } from './clients/api-client.js';

/** The caller fields this service uses. */
export interface Caller {
  userId: string;
  permissions: ReadonlySet<string>;
  /** How the caller authenticated: an interactive session, an OAuth client or an API key. */
  kind?: 'session' | 'client' | 'api-key';
}

/** The caller, who must hold `permission`; otherwise 401/403. */
export function requireCaller(request: FastifyRequest, permission: string): Caller {
  const caller = (request as unknown as { principal?: Caller | null }).principal ?? null;
  if (!caller) throw strategyError('STRATEGY_UNAUTHENTICATED', 'This request needs an access token or API key');
  if (!caller.permissions.has(permission)) throw strategyError('STRATEGY_FORBIDDEN', `Missing permission ${permission}`);
  return caller;
}

/** True when the caller may read objects of `ownerUserId`. */
export function mayView(caller: Caller, ownerUserId: string): boolean {
  return caller.userId === ownerUserId || caller.permissions.has('risk:read');
}

/** True when the caller may stop or pause deployments of `ownerUserId`. */
export function mayControl(caller: Caller, ownerUserId: string): boolean {
  return caller.userId === ownerUserId || caller.permissions.has('risk:write');
}

/** The caller's credential headers, forwarded as sent (the owning service decides what they see). */
export function credentialsOf(request: FastifyRequest): Credentials {
  const credentials: Credentials = {};
  const { authorization } = request.headers;
  const apiKey = request.headers['x-api-key'];
  if (typeof authorization === 'string') credentials.authorization = authorization;
  if (typeof apiKey === 'string') credentials['x-api-key'] = apiKey;
  return credentials;
}

/** The API key the caller authenticated with, when it used one (x-api-key or `Bearer kst_...`). */
export function callerApiKey(credentials: Credentials): string | null {
  if (credentials['x-api-key']) return credentials['x-api-key'].trim();
  const match = /^Bearer\s+(kst_\S+)\s*$/i.exec(credentials.authorization ?? '');
  return match ? match[1]! : null;
}
