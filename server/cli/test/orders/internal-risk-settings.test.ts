// GET /v1/internal/risk-settings in the whole server (real PostgreSQL, Kafka, the order service
// behind the gateway): only the order service token or an admin credential reads it; it answers
// the account's limits override else the default limits, and the firm-wide and account kill
// switches, as the risk desk set them through /v1/risk; schema-invalid queries are 400, never 5xx.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { OrderHarness, type TestUser } from './support/harness.js';

let h: OrderHarness;
let risk: TestUser;
let trader: TestUser;
let token: string;
let account: string;
let other: string;

const UNKNOWN = '00000000-0000-4000-8000-000000000000';

/** Reads the settings of `accountId` with the service token (or `headers`). */
async function read(accountId: string, headers: Record<string, string> = { 'x-kestrel-service-token': token }) {
  return h.call('GET', `/v1/internal/risk-settings?accountId=${accountId}`, { headers });
}

async function settings(accountId: string): Promise<Record<string, unknown>> {
  const response = await read(accountId);
  assert.equal(response.statusCode, 200, response.body);
  return response.json();
}

async function setRisk(method: string, url: string, body?: unknown): Promise<void> {
  const response = await h.call(method, url, { as: risk, ...(body === undefined ? {} : { body }) });
  assert.equal(response.statusCode, 200, `${method} ${url}: ${response.body}`);
}

before(async () => {
  h = await OrderHarness.start();
  token = h.env['KESTREL_ORDER_SERVICE_TOKEN']!;
  risk = await h.user('risk');
  trader = await h.user('trader');
  account = await h.account(trader, 0);
  other = await h.account(trader, 0);
});
after(() => h?.close());

describe('GET /v1/internal/risk-settings', () => {
  it('refuses callers without the order service token or an admin credential', async () => {
    const refusals = [
      await read(account, {}),
      await read(account, { 'x-kestrel-service-token': `${token.slice(0, -1)}x` }),
      await read(account, { 'x-kestrel-service-token': `${token}x` }),
      await read(account, { 'x-kestrel-service-token': h.env['KESTREL_PORTFOLIO_SERVICE_TOKEN']! }),
      await h.call('GET', `/v1/internal/risk-settings?accountId=${account}`, { as: trader }),
      await h.call('GET', `/v1/internal/risk-settings?accountId=${account}`, { as: risk }),
    ];
    assert.deepEqual(
      refusals.map((response) => [response.statusCode, response.json().error?.code]),
      refusals.map(() => [401, 'ORDER_SERVICE_TOKEN_INVALID']),
    );
    assert.equal((await h.call('GET', `/v1/internal/risk-settings?accountId=${account}`, { as: h.admin })).statusCode, 200);
  });

  it('answers 400 to a query its schema refuses, once the token is accepted', async () => {
    for (const query of ['', '?accountId=not-a-uuid', '?accountId=']) {
      const response = await h.call('GET', `/v1/internal/risk-settings${query}`, { headers: { 'x-kestrel-service-token': token } });
      assert.equal(response.statusCode, 400, `${query}: ${response.body}`);
    }
  });

  it('has nothing set and both switches off before the risk desk acts', async () => {
    assert.deepEqual(await settings(account), { accountId: account, limits: null, limitsSource: null, accountKill: 'off', globalKill: 'off' });
  });

  it('answers the account\'s override, else the default limits; firm-wide limits are not an account\'s', async () => {
    await setRisk('PUT', '/v1/risk/limits/global', { maxOpenOrders: 1000 });
    assert.deepEqual(await settings(account), { accountId: account, limits: null, limitsSource: null, accountKill: 'off', globalKill: 'off' });
    await setRisk('PUT', '/v1/risk/limits/default', { maxOrderQuantityLots: 500, priceCollarBps: 300 });
    await setRisk('PUT', `/v1/risk/limits/accounts/${account}`, { maxPositionLots: 3 });
    assert.deepEqual(await settings(account), { accountId: account, limits: { maxPositionLots: 3 }, limitsSource: 'account', accountKill: 'off', globalKill: 'off' });
    const defaults = { limits: { maxOrderQuantityLots: 500, priceCollarBps: 300 }, limitsSource: 'default', accountKill: 'off', globalKill: 'off' };
    assert.deepEqual(await settings(other), { accountId: other, ...defaults });
    // An account the order service never heard of gets the defaults, as a new account would.
    assert.deepEqual(await settings(UNKNOWN), { accountId: UNKNOWN, ...defaults });
    await setRisk('DELETE', `/v1/risk/limits/accounts/${account}`);
    assert.deepEqual(await settings(account), { accountId: account, ...defaults });
  });

  it('answers the firm-wide and the account\'s own kill switch', async () => {
    await setRisk('POST', '/v1/risk/kill-switch', { scope: 'account', accountId: account, mode: 'reduce_only', reason: 'internal route test' });
    assert.deepEqual([(await settings(account)).accountKill, (await settings(account)).globalKill], ['reduce_only', 'off']);
    assert.equal((await settings(other)).accountKill, 'off');
    await setRisk('POST', '/v1/risk/kill-switch', { scope: 'global', mode: 'halt', reason: 'internal route test' });
    const engaged = await settings(other);
    assert.deepEqual([engaged.accountKill, engaged.globalKill], ['off', 'halt']);
    await setRisk('POST', '/v1/risk/kill-switch', { scope: 'global', mode: 'off', reason: 'lifted' });
    await setRisk('POST', '/v1/risk/kill-switch', { scope: 'account', accountId: account, mode: 'cancel_all', reason: 'internal route test' });
    const lastly = await settings(account);
    assert.deepEqual([lastly.accountKill, lastly.globalKill], ['cancel_all', 'off']);
  });
});
