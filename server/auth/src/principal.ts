// Reading the caller the gateway attached to the request (`request.principal`). The gateway owns
// credential checking; this module only reads the result and fails closed: no principal, or one
// lacking the route's permission, is refused here too (defence in depth when the auth service
// runs without the gateway in front of it).
import type { FastifyRequest } from 'fastify';
import { KestrelError } from '@kestrel/server-common';
import { AuthErrors } from './errors.js';
import type { Role, Scope } from './domain/roles.js';
import type { RequestOrigin } from './store/audit-log.js';

/** The caller as the gateway describes it (see server/gateway/src/credentials/principal.ts). */
export interface Caller {
  userId: string;
  role: Role;
  kind: 'session' | 'client' | 'api-key';
  scopes: readonly Scope[];
  permissions: ReadonlySet<string>;
  sessionId?: string;
  apiKeyId?: string;
  clientId?: string;
}

/** The caller, or null on public routes / anonymous requests. */
export function callerOf(request: FastifyRequest): Caller | null {
  return ((request as unknown as { principal?: Caller | null }).principal ?? null) as Caller | null;
}

/** The caller, who must hold `permission`; otherwise 401/403. */
export function requireCaller(request: FastifyRequest, permission: string): Caller {
  const caller = callerOf(request);
  if (!caller) throw new KestrelError(AuthErrors.AUTH_UNAUTHENTICATED, 'This request needs an access token or API key');
  if (!caller.permissions.has(permission)) throw new KestrelError(AuthErrors.AUTH_FORBIDDEN, `Missing permission ${permission}`);
  return caller;
}

/** Who, from where: the audit fields of a request. */
export function originOf(request: FastifyRequest): RequestOrigin {
  const agent = request.headers['user-agent'];
  return { ip: request.ip ?? null, userAgent: typeof agent === 'string' ? agent : null, requestId: request.id };
}

/** The audit actor for a caller. */
export function actorOf(caller: Caller): { id: string; type: 'user' | 'api-key' | 'client' } {
  return { id: caller.userId, type: caller.kind === 'session' ? 'user' : caller.kind };
}
