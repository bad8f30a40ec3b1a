// Reading the caller the gateway attached (`request.principal`); fails closed like the auth
// service's copy (no principal or missing permission is refused here too).
import type { FastifyRequest } from 'fastify';
import { KestrelError } from '@kestrel/server-common';
import { UserErrors } from './errors.js';

/** The caller fields this service uses (see server/gateway/src/credentials/principal.ts). */
export interface Caller {
  userId: string;
  permissions: ReadonlySet<string>;
}

/** The caller, who must hold `permission`; otherwise 401/403. */
export function requireCaller(request: FastifyRequest, permission: string): Caller {
  const caller = (request as unknown as { principal?: Caller | null }).principal ?? null;
  if (!caller) throw new KestrelError(UserErrors.USER_UNAUTHENTICATED, 'This request needs an access token or API key');
  if (!caller.permissions.has(permission)) throw new KestrelError(UserErrors.USER_FORBIDDEN, `Missing permission ${permission}`);
  return caller;
}
