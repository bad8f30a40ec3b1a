// Who may see what. The gateway authenticates every /v1 request and attaches `request.principal`
// (server/gateway/src/credentials/principal.ts); this module only reads it and fails closed, as
// the auth and user services do. Rules (docs/portfolio.md):
// - a user sees only accounts they own; another user's account is PORTFOLIO_ACCOUNT_NOT_FOUND
//   (404, never 403, so ids cannot be probed);
// - holders of `risk:read` (roles risk and admin) see every account;
// - internal routes accept the configured service token (x-kestrel-service-token, compared in
//   constant time) or a principal holding `system:admin`.
import { timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { portfolioError } from './errors.js';
import { findAccount, type AccountRecord } from './store/accounts-store.js';
import type { Queryable } from './store/queryable.js';

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
  if (!caller) throw portfolioError('PORTFOLIO_UNAUTHENTICATED', 'This request needs an access token or API key');
  if (!caller.permissions.has(permission)) throw portfolioError('PORTFOLIO_FORBIDDEN', `Missing permission ${permission}`);
  return caller;
}

/** True when the caller may see every account. */
export function seesAllAccounts(caller: Caller): boolean {
  return caller.permissions.has('risk:read');
}

/** The account if the caller may see it; PORTFOLIO_ACCOUNT_NOT_FOUND otherwise. */
export async function visibleAccount(db: Queryable, caller: Caller, accountId: string): Promise<AccountRecord> {
  const account = await findAccount(db, accountId);
  if (!account || (account.ownerUserId !== caller.userId && !seesAllAccounts(caller))) {
    throw portfolioError('PORTFOLIO_ACCOUNT_NOT_FOUND', 'No such account');
  }
  return account;
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
  throw portfolioError('PORTFOLIO_SERVICE_TOKEN_INVALID', 'This internal route needs the service token or an admin credential');
}
