// End-to-end identity flows over the embedded composition: login, refresh rotation and replay,
// logout, API keys, 2FA enrolment and login, admin bootstrap state, audit trail.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { totpCodeAt } from '../../../auth/src/domain/totp.js';
import { startHarness, type Harness } from './harness.js';

let h: Harness;
before(async () => {
  h = await startHarness();
});
after(() => h?.close());

describe('tokens', () => {
  test('login returns an EdDSA access token the gateway accepts, with iss/aud/typ/kid', async () => {
    const trader = await h.user('trader');
    const [header, payload] = trader.accessToken.split('.').slice(0, 2).map((part) => JSON.parse(Buffer.from(part, 'base64url').toString()));
    assert.equal(header.alg, 'EdDSA');
    assert.equal(header.typ, 'at+jwt');
    assert.ok(header.kid);
    assert.equal(payload.iss, 'kestrel');
    assert.equal(payload.aud, 'kestrel-api');
    assert.ok(payload.exp - payload.iat <= 900);
    const jwks = (await h.call('GET', '/v1/auth/jwks')).json();
    assert.ok(jwks.keys.some((key: { kid: string }) => key.kid === header.kid));
    const me = await h.call('GET', '/v1/users/me', { token: trader.accessToken });
    assert.equal(me.statusCode, 200, me.body);
    assert.equal(me.json().email, trader.email);
    assert.equal(me.json().role, 'trader');
  });

  test('no or bad credentials: 401 with the common error body', async () => {
    const none = await h.call('GET', '/v1/users/me');
    assert.equal(none.statusCode, 401);
    assert.equal(none.json().error.code, 'GATEWAY_UNAUTHENTICATED');
    const bad = await h.call('GET', '/v1/users/me', { token: 'not.a.jwt' });
    assert.equal(bad.statusCode, 401);
    assert.equal(bad.json().error.code, 'GATEWAY_CREDENTIALS_INVALID');
  });

  test('refresh rotates; replaying a spent refresh token revokes the whole family', async () => {
    const user = await h.user('viewer');
    const first = await h.call('POST', '/v1/auth/refresh', { body: { refreshToken: user.refreshToken } });
    assert.equal(first.statusCode, 200, first.body);
    const rotated = first.json();
    assert.notEqual(rotated.refreshToken, user.refreshToken);
    const second = await h.call('POST', '/v1/auth/refresh', { body: { refreshToken: rotated.refreshToken } });
    assert.equal(second.statusCode, 200);
    const latest = second.json().refreshToken;

    const replay = await h.call('POST', '/v1/auth/refresh', { body: { refreshToken: user.refreshToken } });
    assert.equal(replay.statusCode, 401);
    assert.equal(replay.json().error.code, 'AUTH_REFRESH_REUSED');
    const afterReplay = await h.call('POST', '/v1/auth/refresh', { body: { refreshToken: latest } });
    assert.equal(afterReplay.statusCode, 401, 'the newest token of the family is dead too');
    assert.equal(afterReplay.json().error.code, 'AUTH_TOKEN_INVALID');
    const sessions = await h.call('GET', '/v1/sessions', { token: user.accessToken });
    assert.equal(sessions.json().sessions.length, 0, 'the session is gone from the list');
    const audit = await h.call('GET', `/v1/admin/audit?actorId=${user.id}&action=session.refresh_reuse_detected`, { token: h.admin.accessToken });
    assert.equal(audit.json().entries.length, 1);
  });

  test('logout ends the session', async () => {
    const user = await h.user('viewer');
    assert.equal((await h.call('POST', '/v1/auth/logout', { token: user.accessToken })).statusCode, 204);
    assert.equal((await h.call('POST', '/v1/auth/refresh', { body: { refreshToken: user.refreshToken } })).statusCode, 401);
  });
});

describe('accounts', () => {
  test('open registration is off by default; password policy applies to admin-created users', async () => {
    const closed = await h.call('POST', '/v1/auth/register', { body: { email: 'x@example.com', password: 'a fine passphrase' } });
    assert.equal(closed.statusCode, 403);
    assert.equal(closed.json().error.code, 'AUTH_REGISTRATION_CLOSED');
    for (const [password, status, code] of [
      ['short', 400, 'REQUEST_INVALID'],
      ['x'.repeat(129), 400, 'REQUEST_INVALID'],
      ['password123', 422, 'AUTH_PASSWORD_COMMON'],
      ['Sunshine1', 422, 'AUTH_PASSWORD_COMMON'],
      ['p@example.com', 422, 'AUTH_PASSWORD_COMMON'],
    ] as const) {
      const response = await h.call('POST', '/v1/admin/users', { token: h.admin.accessToken, body: { email: 'p@example.com', role: 'viewer', password } });
      assert.equal(response.statusCode, status, password);
      assert.equal(response.json().error.code, code);
    }
  });

  test('admin-created users without a password get a one-time password and must change it', async () => {
    const created = await h.call('POST', '/v1/admin/users', { token: h.admin.accessToken, body: { email: 'otp@example.com', role: 'viewer' } });
    assert.equal(created.statusCode, 201, created.body);
    const { oneTimePassword } = created.json();
    const login = await h.call('POST', '/v1/auth/login', { body: { email: 'otp@example.com', password: oneTimePassword } });
    assert.equal(login.json().mustChangePassword, true);
    const change = await h.call('POST', '/v1/auth/password', { token: login.json().accessToken, body: { currentPassword: oneTimePassword, newPassword: 'my own long passphrase' } });
    assert.equal(change.statusCode, 204, change.body);
    const again = await h.call('POST', '/v1/auth/login', { body: { email: 'otp@example.com', password: 'my own long passphrase' } });
    assert.equal(again.json().mustChangePassword, false);
  });

  test('disabling a user revokes its sessions and API keys stop working; the last admin cannot be demoted', async () => {
    const user = await h.user('trader');
    const key = (await h.call('POST', '/v1/api-keys', { token: user.accessToken, body: { name: 'bot', scopes: ['read'] } })).json().key;
    assert.equal((await h.call('GET', '/v1/users/me', { headers: { 'x-api-key': key } })).statusCode, 200);
    const disable = await h.call('PATCH', `/v1/admin/users/${user.id}`, { token: h.admin.accessToken, body: { status: 'disabled' } });
    assert.equal(disable.statusCode, 200, disable.body);
    assert.equal((await h.call('POST', '/v1/auth/refresh', { body: { refreshToken: user.refreshToken } })).statusCode, 401);
    assert.equal((await h.call('GET', '/v1/users/me', { headers: { 'x-api-key': key } })).statusCode, 401);
    const demote = await h.call('PATCH', `/v1/admin/users/${h.admin.id}`, { token: h.admin.accessToken, body: { role: 'viewer' } });
    assert.equal(demote.statusCode, 409);
    assert.equal(demote.json().error.code, 'AUTH_LAST_ADMIN');
  });
});

describe('API keys', () => {
  test('shown once, stored hashed, scoped, revocable', async () => {
    const trader = await h.user('trader');
    const tooMuch = await h.call('POST', '/v1/api-keys', { token: trader.accessToken, body: { name: 'x', scopes: ['admin'] } });
    assert.equal(tooMuch.statusCode, 403);
    assert.equal(tooMuch.json().error.code, 'AUTH_API_KEY_SCOPE');
    const created = await h.call('POST', '/v1/api-keys', { token: trader.accessToken, body: { name: 'reader', scopes: ['read'], expiresInDays: 7 } });
    assert.equal(created.statusCode, 201, created.body);
    const { apiKey, key } = created.json();
    // The secret is base64url, which may itself hold '_': take everything after the prefix.
    const secret = /^kst_[a-z2-7]{12}_(.{43})$/.exec(key)?.[1];
    assert.ok(secret, key);
    const stored = await h.deps.db.query('select secret_digest from auth_api_keys where id = $1', [apiKey.id]);
    assert.match(stored.rows[0].secret_digest, /^[0-9a-f]{64}$/);
    assert.ok(!JSON.stringify(stored.rows).includes(secret), 'the secret itself is not stored');
    const list = await h.call('GET', '/v1/api-keys', { token: trader.accessToken });
    assert.ok(!list.body.includes(secret), 'listing never shows the secret');

    assert.equal((await h.call('GET', '/v1/workspaces', { token: key })).statusCode, 200, 'read scope can read');
    const write = await h.call('POST', '/v1/workspaces', { token: key, body: { name: 'w', layout: {} } });
    assert.equal(write.statusCode, 403, 'read scope cannot write');
    assert.equal((await h.call('POST', '/v1/api-keys', { token: key, body: { name: 'y', scopes: ['read'] } })).statusCode, 403, 'keys cannot mint keys');

    assert.equal((await h.call('DELETE', `/v1/api-keys/${apiKey.id}`, { token: trader.accessToken })).statusCode, 204);
    assert.equal((await h.call('GET', '/v1/workspaces', { token: key })).statusCode, 401, 'revoked key is refused');
  });
});

describe('two-factor authentication', () => {
  test('enrol, confirm, log in with TOTP; a code works once; recovery codes work once', async () => {
    const user = await h.user('trader');
    const enrollment = await h.call('POST', '/v1/auth/2fa/enroll', { token: user.accessToken });
    assert.equal(enrollment.statusCode, 200, enrollment.body);
    const { secret, otpauthUri, qrSvg } = enrollment.json();
    assert.match(otpauthUri, /^otpauth:\/\/totp\//);
    assert.match(qrSvg, /<svg/);
    const now = Date.now();
    // Enrol with this step's code and log in with the next step's (within the ±1 window), so a
    // step boundary passing during the test cannot make either fall outside the window.
    const confirm = await h.call('POST', '/v1/auth/2fa/verify', { token: user.accessToken, body: { code: totpCodeAt(secret, now) } });
    assert.equal(confirm.statusCode, 200, confirm.body);
    const { recoveryCodes } = confirm.json();
    assert.equal(recoveryCodes.length, 10);

    const login = await h.call('POST', '/v1/auth/login', { body: { email: user.email, password: user.password } });
    assert.equal(login.json().challenge, '2fa');
    const { challengeToken } = login.json();
    const code = totpCodeAt(secret, now + 30_000);
    const ok = await h.call('POST', '/v1/auth/2fa/verify', { body: { challengeToken, code } });
    assert.equal(ok.statusCode, 200, ok.body);
    assert.ok(ok.json().accessToken);
    const reuse = await h.call('POST', '/v1/auth/2fa/verify', { body: { challengeToken, code } });
    assert.equal(reuse.statusCode, 401, 'the same code is refused the second time');
    assert.equal(reuse.json().error.code, 'AUTH_2FA_INVALID_CODE');

    const recovery = await h.call('POST', '/v1/auth/2fa/verify', { body: { challengeToken, code: recoveryCodes[0] } });
    assert.equal(recovery.statusCode, 200, recovery.body);
    const recoveryAgain = await h.call('POST', '/v1/auth/2fa/verify', { body: { challengeToken, code: recoveryCodes[0] } });
    assert.equal(recoveryAgain.statusCode, 401);
    const stored = await h.deps.db.query('select code_digest from auth_recovery_codes where user_id = $1', [user.id]);
    assert.ok(stored.rows.every((row) => /^[0-9a-f]{64}$/.test(row.code_digest)), 'recovery codes are stored hashed');
  });

  test('a role that requires 2FA gets an enrolment-only token until enrolled', async () => {
    const risk = await h.user('risk');
    assert.equal((await h.call('PATCH', '/v1/admin/roles/risk', { token: h.admin.accessToken, body: { require2fa: true } })).statusCode, 200);
    try {
      const login = await h.call('POST', '/v1/auth/login', { body: { email: risk.email, password: risk.password } });
      assert.equal(login.json().challenge, '2fa-enroll');
      const limited = login.json().enrollmentToken;
      const denied = await h.call('GET', '/v1/users/me', { token: limited });
      assert.equal(denied.statusCode, 403, 'nothing but enrolment is allowed');
      const { secret } = (await h.call('POST', '/v1/auth/2fa/enroll', { token: limited })).json();
      const done = await h.call('POST', '/v1/auth/2fa/verify', { token: limited, body: { code: totpCodeAt(secret, Date.now()) } });
      assert.equal(done.statusCode, 200, done.body);
      assert.ok(done.json().tokens.accessToken, 'enrolment completes the login');
      assert.equal((await h.call('GET', '/v1/users/me', { token: done.json().tokens.accessToken })).statusCode, 200);
    } finally {
      await h.call('PATCH', '/v1/admin/roles/risk', { token: h.admin.accessToken, body: { require2fa: false } });
    }
  });
});

describe('audit log', () => {
  test('records who, what, from where; is append-only in the database; pages', async () => {
    await h.call('POST', '/v1/auth/login', { body: { email: h.admin.email, password: 'wrong password here' }, headers: { 'user-agent': 'audit-test/1.0', 'x-request-id': 'req-audit-1' } });
    const page = await h.call('GET', '/v1/admin/audit?action=auth.login&outcome=failure&limit=1', { token: h.admin.accessToken });
    assert.equal(page.statusCode, 200, page.body);
    const [entry] = page.json().entries;
    assert.equal(entry.actorId, h.admin.id);
    assert.equal(entry.userAgent, 'audit-test/1.0');
    assert.equal(entry.requestId, 'req-audit-1');
    assert.equal(entry.ip, '127.0.0.1');
    const all = (await h.call('GET', '/v1/admin/audit?limit=2', { token: h.admin.accessToken })).json();
    const next = (await h.call('GET', `/v1/admin/audit?limit=2&before=${all.nextBefore}`, { token: h.admin.accessToken })).json();
    assert.ok(Number(next.entries[0].id) < Number(all.entries[1].id), 'the next page continues after the last id');
    await assert.rejects(h.deps.db.query(`update auth_audit_log set action = 'x'`), /append-only/);
    await assert.rejects(h.deps.db.query(`delete from auth_audit_log`), /append-only/);
    await assert.rejects(h.deps.db.query(`truncate auth_audit_log`), /append-only/);
    const trader = await h.user('trader');
    assert.equal((await h.call('GET', '/v1/admin/audit', { token: trader.accessToken })).statusCode, 403, 'traders cannot read the audit log');
  });
});

describe('user documents', () => {
  test('preferences and layouts keep any JSON, including "__proto__" keys and NUL escapes, without polluting prototypes', async () => {
    const user = await h.user('trader');
    const layout = '{"name":"odd","layout":{"__proto__":{"polluted":true},"constructor":{"prototype":{"x":1}},"text":"a\\u0000b"}}';
    const created = await h.call('POST', '/v1/workspaces', { token: user.accessToken, body: layout, headers: { 'content-type': 'application/json' } });
    assert.equal(created.statusCode, 201, created.body);
    const stored = await h.call('GET', `/v1/workspaces/${created.json().id}`, { token: user.accessToken });
    assert.deepEqual(JSON.parse(stored.body).layout, JSON.parse(layout).layout);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    const badName = await h.call('POST', '/v1/workspaces', { token: user.accessToken, body: { name: 'a\u0000b', layout: {} } });
    assert.equal(badName.statusCode, 400, 'NUL in a text field is a 400, not a database error');
    const broken = await h.call('PUT', '/v1/preferences', { token: user.accessToken, body: '{"a":', headers: { 'content-type': 'application/json' } });
    assert.equal(broken.statusCode, 400);
    assert.equal(broken.json().error.code, 'REQUEST_MALFORMED');
  });

  test('an existing path with the wrong method answers 405 with Allow', async () => {
    const response = await h.call('PATCH', '/v1/auth/login', { body: {} });
    assert.equal(response.statusCode, 405);
    assert.equal(response.headers.allow, 'POST');
  });
});
