// docs/api.md lists every identity route and error code as the code defines them, and the two
// copies of the scope-granting rule (auth mints, gateway enforces) agree.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { listErrorCodes } from '@kestrel/server-common';
import { grantableScopes as gatewayGrantable, ROLES, routeTable } from '@kestrel/server-gateway';
import { grantableScopes as authGrantable } from '../../../auth/src/domain/roles.js';
import { startHarness, type Harness } from './harness.js';

const doc = readFileSync(new URL('../../../../docs/api.md', import.meta.url), 'utf8');
let h: Harness;
before(async () => {
  h = await startHarness();
});
after(() => h?.close());

test('every /v1 route of the identity services is in docs/api.md', () => {
  const documented = new Set([...doc.matchAll(/^\| (GET|POST|PUT|PATCH|DELETE) \| `([^`]+)` \|/gm)].map((m) => `${m[1]} ${m[2]}`));
  const routes = routeTable(h.app).map((route) => `${route.method} ${route.url.replace(/:([a-z]+)/gi, '{$1}')}`);
  const identity = routes.filter((route) => /\/v1\/(auth|oauth|users|sessions|api-keys|admin|profile|preferences|workspaces)/.test(route));
  assert.ok(identity.length > 40);
  assert.deepEqual(identity.filter((route) => !documented.has(route)), []);
});

test('every AUTH_, GATEWAY_ and USER_ code is in docs/api.md with its status', () => {
  const documented = new Map([...doc.matchAll(/^\| `([A-Z0-9_]+)` \| (\d{3}) \|/gm)].map((m) => [m[1], Number(m[2])]));
  for (const code of listErrorCodes().filter((entry) => /^(AUTH|GATEWAY|USER)_/.test(entry.code))) {
    assert.equal(documented.get(code.code), code.status, code.code);
  }
});

test('auth and gateway agree on which scopes each role may grant', () => {
  for (const role of ROLES) assert.deepEqual(authGrantable(role), gatewayGrantable(role), role);
});
