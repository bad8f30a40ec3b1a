// The platform's permission matrix: what each role may do, and the ceiling each credential scope
// puts on it. docs/security.md renders the same table; a test keeps the two in step.
// Invariants: effective permissions = role permissions ∩ scope ceiling; `credentials:manage`
// (API keys, sessions, 2FA, password) is only ever granted to an interactive session, never to an
// API key or an OAuth client, so a leaked key cannot mint more keys or lock out its owner.
// Known limits: flat permissions, no per-instrument or per-account grants (ownership is checked
// by each service on each object).

/** The four roles of ARCHITECTURE.md. */
export const ROLES = ['admin', 'risk', 'trader', 'viewer'] as const;
/** One role. */
export type Role = (typeof ROLES)[number];

/** Scopes a credential may carry; `enroll-2fa` is the restricted scope of a pre-2FA login. */
export const SCOPES = ['read', 'trade', 'admin', 'enroll-2fa'] as const;
/** One scope. */
export type Scope = (typeof SCOPES)[number];

/** Every permission a route can require (route config `permission`). */
export const PERMISSIONS = [
  'self:read',
  'self:write',
  'self:2fa',
  'credentials:manage',
  'trading:read',
  'trading:write',
  'risk:read',
  'risk:write',
  'users:read',
  'users:write',
  'audit:read',
  'system:admin',
] as const;
/** One permission. */
export type Permission = (typeof PERMISSIONS)[number];

const READ: Permission[] = ['self:read', 'trading:read', 'risk:read', 'users:read', 'audit:read'];

/** What each role may do at most. */
export const ROLE_PERMISSIONS: Readonly<Record<Role, readonly Permission[]>> = {
  viewer: ['self:read', 'self:write', 'self:2fa', 'credentials:manage', 'trading:read'],
  trader: ['self:read', 'self:write', 'self:2fa', 'credentials:manage', 'trading:read', 'trading:write'],
  risk: ['self:read', 'self:write', 'self:2fa', 'credentials:manage', 'trading:read', 'risk:read', 'risk:write', 'audit:read'],
  admin: [...PERMISSIONS],
};

/** The most a credential carrying one scope may do, whatever its owner's role. */
export const SCOPE_CEILINGS: Readonly<Record<Scope, readonly Permission[]>> = {
  read: READ,
  trade: [...READ, 'self:write', 'trading:write'],
  admin: [...READ, 'self:write', 'risk:write', 'users:write', 'system:admin'],
  'enroll-2fa': ['self:2fa'],
};

/** How the caller authenticated. */
export type CredentialKind = 'session' | 'client' | 'api-key';

/** Effective permissions of a credential: role ∩ union of scope ceilings, minus interactive-only ones. */
export function effectivePermissions(role: Role, scopes: readonly Scope[], kind: CredentialKind): ReadonlySet<Permission> {
  const ceiling = new Set<Permission>(scopes.flatMap((scope) => SCOPE_CEILINGS[scope]));
  if (kind === 'session' && !scopes.includes('enroll-2fa')) ceiling.add('credentials:manage').add('self:2fa');
  return new Set(ROLE_PERMISSIONS[role].filter((permission) => ceiling.has(permission)));
}

/** Scopes a role may put on an API key or client: `trade` needs trading rights, `admin` the admin role. */
export function grantableScopes(role: Role): Scope[] {
  const allowed = new Set(ROLE_PERMISSIONS[role]);
  const scopes: Scope[] = ['read'];
  if (allowed.has('trading:write')) scopes.push('trade');
  if (allowed.has('system:admin')) scopes.push('admin');
  return scopes;
}

/** True when `value` is one of the roles. */
export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** True when `value` is one of the scopes. */
export function isScope(value: unknown): value is Scope {
  return typeof value === 'string' && (SCOPES as readonly string[]).includes(value);
}

/** True when `value` is one of the permissions. */
export function isPermission(value: unknown): value is Permission {
  return typeof value === 'string' && (PERMISSIONS as readonly string[]).includes(value);
}
