// Rate limits and lockout, with Redis (suite) and without (embedded, in-process counters):
// 429 + Retry-After per user / per API key / per anonymous IP at the gateway; account lock after
// 100 failed logins in an hour (AUTH_ACCOUNT_LOCKED, even with the right password) until an admin
// unlocks it; per-IP login attempt limit.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { requireTestEnv, startHarness, type Harness } from './harness.js';

// Counters in Redis outlive a test run: every run uses its own loopback addresses.
const randomIp = () => `127.${Math.floor(Math.random() * 250) + 1}.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;

const shapes: Array<[string, () => Record<string, string>]> = [
  ['in-process counters', () => ({})],
  ['Redis counters', () => ({ KESTREL_REDIS_URL: requireTestEnv('KESTREL_TEST_REDIS_URL') })],
];

for (const [name, env] of shapes) {
  describe(`limits with ${name}`, () => {
    let h: Harness;
    before(async () => {
      h = await startHarness({
        ...env(),
        KESTREL_GATEWAY_RATE_LIMIT_PER_MINUTE: '8',
        KESTREL_GATEWAY_ANONYMOUS_RATE_LIMIT_PER_MINUTE: '500',
        KESTREL_AUTH_LOGIN_ATTEMPTS_PER_IP: '150',
      });
    });
    after(() => h?.close());

    test('per-user and per-key limits answer 429 with Retry-After', async () => {
      const user = await h.user('trader');
      const key = (await h.call('POST', '/v1/api-keys', { token: user.accessToken, body: { name: 'k', scopes: ['read'] } })).json().key;
      const statuses: number[] = [];
      let limited;
      for (let i = 0; i < 10; i++) {
        const response = await h.call('GET', '/v1/profile', { token: user.accessToken });
        statuses.push(response.statusCode);
        if (response.statusCode === 429) limited ??= response;
      }
      assert.ok(limited, `no 429 in ${statuses.join(',')}`);
      assert.equal(statuses.filter((status) => status === 200).length, 7, 'the limit (8) counts every authenticated request of the user: the key creation + 7 here');
      assert.equal(limited.json().error.code, 'GATEWAY_RATE_LIMITED');
      const retryAfter = Number(limited.headers['retry-after']);
      assert.ok(retryAfter >= 1 && retryAfter <= 60, `Retry-After ${limited.headers['retry-after']}`);
      const byKey = await h.call('GET', '/v1/profile', { token: key });
      assert.equal(byKey.statusCode, 200, 'the API key has its own bucket');
    });

    test('100 failed logins lock the account; the right password is refused until an admin unlocks it', async () => {
      const user = await h.user('viewer');
      const ip = randomIp();
      for (let i = 1; i <= 100; i++) {
        const response = await h.call('POST', '/v1/auth/login', { ip, body: { email: user.email, password: `wrong password ${i}` } });
        assert.equal(response.statusCode, 401, `attempt ${i}: ${response.body}`);
      }
      const locked = await h.call('POST', '/v1/auth/login', { ip, body: { email: user.email, password: user.password } });
      assert.equal(locked.statusCode, 423);
      assert.equal(locked.json().error.code, 'AUTH_ACCOUNT_LOCKED');
      assert.ok(locked.json().error.details.retryAfterSeconds > 3000, 'locked for the rest of the hour');
      assert.equal(Number(locked.headers['retry-after']), locked.json().error.details.retryAfterSeconds);
      const otherUser = await h.user('viewer');
      const unaffected = await h.call('POST', '/v1/auth/login', { ip: randomIp(), body: { email: otherUser.email, password: otherUser.password } });
      assert.equal(unaffected.statusCode, 200, 'the lock is per account');
      const audit = await h.call('GET', `/v1/admin/audit?actorId=${user.id}&action=auth.account_locked`, { token: h.admin.accessToken });
      assert.equal(audit.json().entries.length, 1);
      assert.equal((await h.call('POST', `/v1/admin/users/${user.id}/unlock`, { token: h.admin.accessToken })).statusCode, 204);
      const unlocked = await h.call('POST', '/v1/auth/login', { ip: randomIp(), body: { email: user.email, password: user.password } });
      assert.equal(unlocked.statusCode, 200, unlocked.body);
    });

    test('per-IP login attempts are limited across accounts', async () => {
      const ip = randomIp();
      let response;
      for (let i = 0; i < 151; i++) {
        response = await h.call('POST', '/v1/auth/login', { ip, body: { email: `nobody${i}@example.com`, password: 'whatever it is' } });
      }
      assert.equal(response!.statusCode, 429);
      assert.equal(response!.json().error.code, 'AUTH_TOO_MANY_ATTEMPTS');
      assert.ok(Number(response!.headers['retry-after']) >= 1, 'Retry-After is set');
    });
  });
}

describe('service-token callers are not rate-limited', () => {
  const serviceToken = 'limits-test-service-token-0123456789abcdef';
  let h: Harness;
  before(async () => {
    h = await startHarness({ KESTREL_GATEWAY_ANONYMOUS_RATE_LIMIT_PER_MINUTE: '5', KESTREL_MARKET_DATA_SERVICE_TOKEN: serviceToken });
  });
  after(() => h?.close());

  test('a configured service token skips the anonymous bucket; a wrong one counts', async () => {
    const ip = randomIp();
    const ingest = (token: string) =>
      h.call('POST', '/v1/internal/market-data/events', { ip, headers: { 'x-kestrel-service-token': token }, body: { events: [] } });
    for (let i = 0; i < 20; i++) {
      const response = await ingest(serviceToken);
      assert.notEqual(response.statusCode, 429, `service call ${i} was limited: ${response.body}`);
    }
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await ingest('not-the-service-token-0123456789abcdef')).statusCode);
    assert.ok(statuses.slice(0, 5).every((status) => status !== 429), `the first five wrong-token calls use the anonymous bucket: ${statuses.join(',')}`);
    assert.equal(statuses[6], 429, `over the anonymous limit: ${statuses.join(',')}`);
  });
});
