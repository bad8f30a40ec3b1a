// Who is calling: the identity the gateway attaches to every authenticated request as
// `request.principal`. Services read it (never re-parse credentials) and check ownership with
// `userId` and authority with `permissions`.
import type { CredentialKind, Permission, Role, Scope } from '../authorization/permissions.js';

/** The authenticated caller of one request. */
export interface Principal {
  userId: string;
  role: Role;
  kind: CredentialKind;
  scopes: readonly Scope[];
  permissions: ReadonlySet<Permission>;
  /** Refresh-token family of an interactive login, when there is one. */
  sessionId?: string;
  apiKeyId?: string;
  clientId?: string;
  /** `jti` of the access token, for audit correlation. */
  tokenId?: string;
  /** When the access token expires (its `exp`, epoch milliseconds). */
  expiresAtMs?: number;
}
