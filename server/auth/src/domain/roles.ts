// Roles and scopes as the auth service needs them: which roles exist and which API-key/client
// scopes a role may grant. The full permission matrix is enforced by the gateway
// (server/gateway/src/authorization/permissions.ts); the two must agree, and docs/security.md
// documents both (the gateway's test checks the doc table).

/** The four roles. */
export const ROLES = ['admin', 'risk', 'trader', 'viewer'] as const;
/** One role. */
export type Role = (typeof ROLES)[number];

/** Scopes a credential can carry (`enroll-2fa` only on a pre-enrolment token). */
export type Scope = 'read' | 'trade' | 'admin' | 'enroll-2fa';

/** Scopes an API key or OAuth client can carry. */
export type GrantableScope = Exclude<Scope, 'enroll-2fa'>;

/** Scopes of an interactive login (narrowed by the role at the gateway). */
export const SESSION_SCOPES: readonly GrantableScope[] = ['read', 'trade', 'admin'];

/** Scopes a role may put on an API key or OAuth client: `trade` for traders and admins, `admin` for admins. */
export function grantableScopes(role: Role): GrantableScope[] {
  if (role === 'admin') return ['read', 'trade', 'admin'];
  if (role === 'trader') return ['read', 'trade'];
  return ['read'];
}
