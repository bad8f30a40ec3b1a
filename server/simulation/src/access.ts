// Who may do what. The gateway authenticates every /v1 request and attaches `request.principal`;
// this module only reads it and fails closed. Paper accounts and replay sessions belong to the
// user who created them: anyone else gets the NOT_FOUND code (never 403, so ids cannot be probed).
// Calls this service makes to other services on a user's behalf forward the user's own credential
// headers, so the portfolio's and market-data's own ownership rules decide what the user may see.
import type { FastifyRequest } from 'fastify';
import { simulationError } from './errors.js';

/** The caller fields this service uses. */
export interface Caller {
  userId: string;
  permissions: ReadonlySet<string>;
}

/** The caller's credential headers, forwarded as sent. */
export type Credentials = Record<string, string>;

function principalOf(request: FastifyRequest): Caller | null {
  return (request as unknown as { principal?: Caller | null }).principal ?? null;
}

/** The caller, who must hold `permission`; otherwise 401/403. */
export function requireCaller(request: FastifyRequest, permission: string): Caller {
  const caller = principalOf(request);
  if (!caller) throw simulationError('SIMULATION_UNAUTHENTICATED', 'This request needs an access token or API key');
  if (!caller.permissions.has(permission)) throw simulationError('SIMULATION_FORBIDDEN', `Missing permission ${permission}`);
  return caller;
}

/** The credential headers of the request (Authorization and/or an API key). */
export function credentialsOf(request: FastifyRequest): Credentials {
  const forwarded: Credentials = {};
  for (const name of ['authorization', 'x-api-key']) {
    const value = request.headers[name];
    if (typeof value === 'string') forwarded[name] = value;
  }
  return forwarded;
}
