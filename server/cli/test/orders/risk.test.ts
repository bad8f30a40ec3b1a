// The risk desk's API: limits and kill switches are stored, audited and forwarded to execution
// (orders.commands), execution's answer is recorded, a kill switch stops the service's own parent
// orders, and only risk and admin users may change anything.
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { OrderHarness, stock, type TestUser } from './support/harness.js';

let h: OrderHarness;
let alice: TestUser;
let risk: TestUser;
let account: string;

before(async () => {
  h = await OrderHarness.start();
  alice = await h.user('trader');
  risk = await h.user('risk');
  account = await h.account(alice, 100_000_000);
  await h.instrument(stock('ACME'));
  await h.trade('ACME', 10_000);
});
after(() => h?.close());

it('traders and viewers may not change or read risk settings', async () => {
  const viewer = await h.user('viewer');
  for (const user of [alice, viewer]) {
    assert.equal((await h.call('PUT', '/v1/risk/limits/default', { as: user, body: { maxOrderQuantityLots: 1 } })).statusCode, 403);
    assert.equal((await h.call('POST', '/v1/risk/kill-switch', { as: user, body: { scope: 'global', mode: 'halt', reason: 'no' } })).statusCode, 403);
    assert.equal((await h.call('GET', '/v1/risk/limits', { as: user })).statusCode, 403);
  }
  assert.equal(h.venue.commands.filter((c) => c.kind === 'set-risk-limits' || c.kind === 'set-kill-switch').length, 0);
});

it('limits are stored, audited, sent to execution, and execution\'s answer is recorded', async () => {
  const set = await h.call('PUT', '/v1/risk/limits/default', { as: risk, body: { maxOrderQuantityLots: 500, priceCollarBps: 300 } });
  assert.equal(set.statusCode, 200, set.body);
  assert.deepEqual([set.json().scope, set.json().limits, set.json().applied], ['default', { maxOrderQuantityLots: 500, priceCollarBps: 300 }, null]);
  const commandId = set.json().commandId;
  await h.waitFor(() => h.venue.commands.some((c) => c.kind === 'set-risk-limits' && c.commandId === commandId), 'the command to reach execution');
  const command = h.venue.commands.find((c) => c.kind === 'set-risk-limits' && c.commandId === commandId);
  assert.deepEqual(command, { kind: 'set-risk-limits', commandId, scope: 'default', accountId: null, limits: { maxOrderQuantityLots: 500, priceCollarBps: 300 } });
  await h.waitFor(async () => (await h.call('GET', '/v1/risk/limits', { as: risk })).json().limits.some((l: { commandId: string; applied: boolean }) => l.commandId === commandId && l.applied), 'execution\'s answer');

  const perAccount = await h.call('PUT', `/v1/risk/limits/accounts/${account}`, { as: h.admin, body: { maxPositionLots: 10 } });
  assert.deepEqual([perAccount.statusCode, perAccount.json().accountId], [200, account]);
  const cleared = await h.call('DELETE', `/v1/risk/limits/accounts/${account}`, { as: risk });
  assert.deepEqual([cleared.statusCode, cleared.json().limits], [200, null]);
  const unknown = await h.call('PUT', '/v1/risk/limits/accounts/00000000-0000-4000-8000-000000000000', { as: risk, body: {} });
  assert.deepEqual([unknown.statusCode, unknown.json().error.code], [404, 'ORDER_ACCOUNT_NOT_FOUND']);

  const audit = (await h.call('GET', '/v1/risk/audit?limit=2', { as: risk })).json();
  assert.deepEqual(audit.entries.map((entry: { action: string; actorUserId: string }) => [entry.action, entry.actorUserId]), [
    ['clear-limits', risk.id],
    ['set-limits', h.admin.id],
  ]);
  assert.deepEqual(audit.entries[0].before, { maxPositionLots: 10 });
  const older = (await h.call('GET', `/v1/risk/audit?limit=2&cursor=${audit.nextCursor}`, { as: risk })).json();
  assert.deepEqual(older.entries.map((entry: { action: string }) => entry.action), ['set-limits']);
  assert.equal(older.nextCursor, null);
});

it('a kill switch (cancel_all) stops the account\'s parent orders, execution cancels its orders, and lifting it lets orders through', async () => {
  const resting = await h.call('POST', '/v1/orders', {
    as: alice,
    body: { clientOrderId: 'k-1', accountId: account, symbol: 'ACME', side: 'buy', type: 'limit', timeInForce: 'GTC', quantityLots: 2, limitPriceTicks: 9_000 },
  });
  await h.waitForOrder(alice, resting.json().id, (o) => o.status === 'accepted', 'acceptance');
  const t0 = h.time.now();
  const twap = await h.call('POST', '/v1/parent-orders', {
    as: alice,
    body: { clientOrderId: 'k-twap', accountId: account, strategy: { type: 'twap', symbol: 'ACME', side: 'buy', quantityLots: 9, endAt: new Date(t0 + 3 * 60_000).toISOString(), slices: 3, limitPriceTicks: 1 } },
  });
  assert.equal(twap.statusCode, 201, twap.body);

  const bad = await h.call('POST', '/v1/risk/kill-switch', { as: risk, body: { scope: 'account', mode: 'halt', reason: 'missing account' } });
  assert.deepEqual([bad.statusCode, bad.json().error.code], [422, 'ORDER_RISK_INVALID']);
  const engaged = await h.call('POST', '/v1/risk/kill-switch', { as: risk, body: { scope: 'account', accountId: account, mode: 'cancel_all', reason: 'runaway algo' } });
  assert.equal(engaged.statusCode, 200, engaged.body);
  assert.deepEqual(engaged.json().cancelledParentOrderIds, [twap.json().id]);
  assert.equal(engaged.json().killSwitch.mode, 'cancel_all');
  const cancelled = await h.waitForOrder(alice, resting.json().id, (o) => o.status === 'cancelled', 'execution to cancel the order');
  assert.equal(cancelled.rejectReason, 'RISK_KILL_SWITCH_CANCELLED');
  assert.equal((await h.call('GET', `/v1/parent-orders/${twap.json().id}`, { as: alice })).json().reason, 'KILL_SWITCH');

  const refused = await h.call('POST', '/v1/orders', {
    as: alice,
    body: { clientOrderId: 'k-2', accountId: account, symbol: 'ACME', side: 'buy', type: 'limit', timeInForce: 'GTC', quantityLots: 1, limitPriceTicks: 9_000 },
  });
  const rejected = await h.waitForOrder(alice, refused.json().id, (o) => o.status === 'rejected', 'the kill switch to refuse');
  assert.equal(rejected.rejectReason, 'RISK_KILL_SWITCH_CANCELLED');

  const lifted = await h.call('POST', '/v1/risk/kill-switch', { as: h.admin, body: { scope: 'account', accountId: account, mode: 'off', reason: 'fixed' } });
  assert.equal(lifted.statusCode, 200);
  const switches = (await h.call('GET', '/v1/risk/kill-switch', { as: risk })).json().killSwitches;
  assert.deepEqual(switches.map((s: { scope: string; mode: string; reason: string }) => [s.scope, s.mode, s.reason]), [['account', 'off', 'fixed']]);
  await h.waitFor(() => h.venue.commands.filter((c) => c.kind === 'set-kill-switch').length === 2, 'both kill-switch commands');
  const through = await h.call('POST', '/v1/orders', {
    as: alice,
    body: { clientOrderId: 'k-3', accountId: account, symbol: 'ACME', side: 'buy', type: 'limit', timeInForce: 'GTC', quantityLots: 1, limitPriceTicks: 9_000 },
  });
  await h.waitForOrder(alice, through.json().id, (o) => o.status === 'accepted', 'acceptance after the switch is lifted');
});
