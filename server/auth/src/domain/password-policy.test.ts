import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkPassword, commonPasswordCount } from './password-policy.js';

test('length bounds are 8..128 code points', () => {
  assert.equal(checkPassword('Zq7#vb2'), 'AUTH_PASSWORD_TOO_SHORT');
  assert.equal(checkPassword('Zq7#vb2x'), null);
  assert.equal(checkPassword('x'.repeat(127) + 'y'), null);
  assert.equal(checkPassword('x'.repeat(128) + 'y'), 'AUTH_PASSWORD_TOO_LONG');
  // Four astral characters are 8 UTF-16 units but only 4 characters.
  assert.equal(checkPassword('🦅🦅🦅🦅'), 'AUTH_PASSWORD_TOO_SHORT');
});

test('common passwords are refused regardless of case, no composition rules', () => {
  assert.ok(commonPasswordCount() > 10000, 'the deny list holds at least the top 10k');
  for (const common of ['password', '12345678', 'qwertyuiop', 'PASSWORD', 'iloveyou', 'sunshine']) {
    assert.equal(checkPassword(common), 'AUTH_PASSWORD_COMMON', common);
  }
  assert.equal(checkPassword('correct horse battery staple'), null, 'lower-case passphrase is fine');
});

test('the account email is refused as password', () => {
  assert.equal(checkPassword('ann@example.com', { email: 'Ann@Example.com' }), 'AUTH_PASSWORD_COMMON');
});
