// The permission matrix in docs/security.md is the one the code enforces, and its key properties hold.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { PERMISSIONS, ROLES, ROLE_PERMISSIONS, SCOPE_CEILINGS, effectivePermissions, grantableScopes, type Permission } from './permissions.js';

const doc = readFileSync(new URL('../../../../docs/security.md', import.meta.url), 'utf8');

/** Rows `| \`perm\` | ✓ | – | ...` of the table whose header starts with `| permission | <first>`. */
function table(first: string): Map<string, boolean[]> {
  const start = doc.indexOf(`| permission | ${first} |`);
  assert.ok(start >= 0, `docs/security.md has the table starting with ${first}`);
  const rows = new Map<string, boolean[]>();
  for (const line of doc.slice(start).split('\n').slice(2)) {
    const match = /^\| `([a-z0-9:]+)` \|(.*)$/.exec(line);
    if (!match) break;
    rows.set(match[1]!, match[2]!.split('|').map((cell) => cell.trim()).filter((cell) => cell === '✓' || cell === '–').map((cell) => cell === '✓'));
  }
  return rows;
}

test('the role table in docs/security.md equals ROLE_PERMISSIONS', () => {
  const rows = table('admin');
  assert.deepEqual([...rows.keys()].sort(), [...PERMISSIONS].sort(), 'every permission has a row');
  for (const [permission, marks] of rows) {
    ROLES.forEach((role, index) => {
      assert.equal(marks[index], ROLE_PERMISSIONS[role].includes(permission as Permission), `${role} / ${permission}`);
    });
  }
});

test('the scope table in docs/security.md equals SCOPE_CEILINGS', () => {
  const rows = table('read');
  const scopes = ['read', 'trade', 'admin'] as const;
  for (const permission of PERMISSIONS) {
    const marks = rows.get(permission);
    scopes.forEach((scope, index) => {
      assert.equal(marks?.[index] ?? false, SCOPE_CEILINGS[scope].includes(permission), `${scope} / ${permission}`);
    });
  }
});

test('effective permissions: sessions get their role, keys never manage credentials, enrolment tokens only enrol', () => {
  const all = ['read', 'trade', 'admin'] as const;
  for (const role of ROLES) {
    assert.deepEqual([...effectivePermissions(role, all, 'session')].sort(), [...ROLE_PERMISSIONS[role]].sort(), role);
    for (const kind of ['api-key', 'client'] as const) {
      const granted = effectivePermissions(role, all, kind);
      assert.ok(!granted.has('credentials:manage') && !granted.has('self:2fa'), `${role} ${kind}`);
      for (const permission of granted) assert.ok(ROLE_PERMISSIONS[role].includes(permission), 'never beyond the role');
    }
  }
  assert.deepEqual([...effectivePermissions('admin', ['enroll-2fa'], 'session')], ['self:2fa']);
  assert.ok(!effectivePermissions('trader', ['read'], 'api-key').has('trading:write'));
  assert.ok(effectivePermissions('trader', ['trade'], 'api-key').has('trading:write'));
});

test('grantable scopes follow the role', () => {
  assert.deepEqual(grantableScopes('admin'), ['read', 'trade', 'admin']);
  assert.deepEqual(grantableScopes('trader'), ['read', 'trade']);
  assert.deepEqual(grantableScopes('risk'), ['read']);
  assert.deepEqual(grantableScopes('viewer'), ['read']);
});
