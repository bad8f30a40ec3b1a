// Who may see what. The gateway authenticates every /v1 request and attaches `request.principal`;
// this module only reads it and fails closed. Rules (docs/reporting.md): a report or schedule is
// visible to the user who created it only — anyone else gets REPORT_NOT_FOUND (404, never 403, so
// ids cannot be probed); a report may cover an account the creator owns, or any account when the
// creator holds `risk:read` (the portfolio's own visibility rule).
import type { FastifyRequest } from 'fastify';
import { reportError } from './errors.js';

/** The caller fields this service uses. */
export interface Caller {
  userId: string;
  permissions: ReadonlySet<string>;
}

/** The caller, who must hold `permission`; otherwise 401/403. */
export function requireCaller(request: FastifyRequest, permission: string): Caller {
  const caller = (request as unknown as { principal?: Caller | null }).principal ?? null;
  if (!caller) throw reportError('REPORT_UNAUTHENTICATED', 'This request needs an access token or API key');
  if (!caller.permissions.has(permission)) throw reportError('REPORT_FORBIDDEN', `Missing permission ${permission}`);
  return caller;
}

/** True when a holder of these permissions may report on accounts of other users. */
export function seesAllAccounts(permissions: ReadonlySet<string> | readonly string[]): boolean {
  return Array.isArray(permissions) ? permissions.includes('risk:read') : (permissions as ReadonlySet<string>).has('risk:read');
}
