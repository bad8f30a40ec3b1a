// What inject()-based service tests use in place of the gateway (which services never import):
// a root-level module that attaches `request.principal` from an `x-test-principal` header holding
// a TestUser, with the permissions the gateway's matrix grants each role to an interactive
// session. Invariant: without the header a request is anonymous, as through the real gateway.
// Known limit: the matrix here is the session one; API-key scope narrowing is not modelled.
import { defineService } from '../service.js';

/** Permissions of each role, as the gateway's matrix grants them to an interactive session. */
export const TEST_ROLE_PERMISSIONS = {
  viewer: ['self:read', 'trading:read'],
  trader: ['self:read', 'trading:read', 'trading:write'],
  risk: ['self:read', 'trading:read', 'risk:read', 'risk:write', 'audit:read'],
  admin: ['self:read', 'trading:read', 'trading:write', 'risk:read', 'risk:write', 'users:read', 'users:write', 'audit:read', 'system:admin'],
} as const satisfies Record<string, readonly string[]>;

/** A role of TEST_ROLE_PERMISSIONS. */
export type TestRole = keyof typeof TEST_ROLE_PERMISSIONS;

/** A caller identity for requests. */
export interface TestUser {
  id: string;
  role: TestRole;
}

/** The header carrying the caller (JSON of a TestUser). */
export const TEST_PRINCIPAL_HEADER = 'x-test-principal';

/** The headers that make a request come from `user`. */
export function testPrincipalHeaders(user: TestUser | undefined): Record<string, string> {
  return user === undefined ? {} : { [TEST_PRINCIPAL_HEADER]: JSON.stringify(user) };
}

/** The module playing the gateway's part: mount it before the service under test. */
export const testPrincipalModule = defineService({
  name: 'test-principal',
  encapsulate: false,
  async plugin(app) {
    app.decorateRequest('principal', null);
    app.addHook('onRequest', async (request) => {
      const header = request.headers[TEST_PRINCIPAL_HEADER];
      if (typeof header !== 'string') return;
      const user = JSON.parse(header) as TestUser;
      (request as unknown as { principal: unknown }).principal = {
        userId: user.id,
        role: user.role,
        kind: 'session',
        scopes: ['read', 'trade', 'admin'],
        permissions: new Set<string>(TEST_ROLE_PERMISSIONS[user.role]),
      };
    });
  },
});

/** An inject() response; json() is loosely typed because tests assert on its shape. */
export interface TestResponse {
  statusCode: number;
  body: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- test assertions read arbitrary fields
  json(): any;
}
