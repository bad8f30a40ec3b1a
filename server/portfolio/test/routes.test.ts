// The HTTP surface against real PostgreSQL: ownership (another user's account is 404 on every
// route), role rules, funding idempotency, the buying-power check and release, internal-route
// guarding, and the P&L series.
// Also the batched buying-power checks the order service sends.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import { deliver, executedEvent, fundedAccount, instrumentDefinition } from './support/fixtures.js';
import { SERVICE_TOKEN, startHarness, type Harness } from './support/harness.js';

let h: Harness;
before(async () => {
  h = await startHarness();
  const stored = await h.call('PUT', '/v1/internal/instruments', { token: SERVICE_TOKEN, body: { instruments: [instrumentDefinition()] } });
  assert.equal(stored.statusCode, 200, stored.body);
});
after(() => h?.close());

test('user B gets 404 for every route addressing user A\'s account, and never sees A\'s data', async () => {
  const a = h.user('trader');
  const b = h.user('trader');
  const accountId = await fundedAccount(h, a, 500_000);
  await deliver(h.pool, executedEvent({ accountId, side: 'buy', quantityLots: 2, priceTicks: 10_000 }));
  for (const url of [
    `/v1/accounts/${accountId}`,
    `/v1/positions?accountId=${accountId}`,
    `/v1/pnl?accountId=${accountId}`,
    `/v1/exposure?accountId=${accountId}`,
    `/v1/var?accountId=${accountId}`,
  ]) {
    const response = await h.call('GET', url, { as: b });
    assert.equal(response.statusCode, 404, `${url}: ${response.body}`);
    assert.equal(response.json().error.code, 'PORTFOLIO_ACCOUNT_NOT_FOUND');
    assert.ok(!response.body.includes(a.id));
  }
  const unknown = await h.call('GET', `/v1/accounts/${randomUUID()}`, { as: b });
  assert.equal(unknown.statusCode, 404, 'an unknown id answers exactly like another user\'s');
  const listed = await h.call('GET', '/v1/accounts', { as: b });
  assert.deepEqual(listed.json().accounts, []);
  assert.deepEqual((await h.call('GET', '/v1/positions', { as: b })).json().positions, []);
  const others = await h.call('GET', `/v1/accounts?ownerUserId=${a.id}`, { as: b });
  assert.equal(others.statusCode, 403);
  // A's own view.
  const own = await h.call('GET', '/v1/positions', { as: a });
  assert.equal(own.json().positions[0].quantityLots, 2);
});

test('risk and admin users see every account; viewers cannot open accounts; nobody is anonymous', async () => {
  const a = h.user('trader');
  const accountId = await fundedAccount(h, a, 0);
  for (const role of ['risk', 'admin'] as const) {
    const response = await h.call('GET', `/v1/accounts/${accountId}`, { as: h.user(role) });
    assert.equal(response.statusCode, 200, role);
    assert.equal(response.json().ownerUserId, a.id);
  }
  const all = await h.call('GET', `/v1/accounts?ownerUserId=${a.id}`, { as: h.user('risk') });
  assert.deepEqual(all.json().accounts.map((account: { id: string }) => account.id), [accountId]);
  const viewer = await h.call('POST', '/v1/accounts', { as: h.user('viewer'), body: { name: 'x', currency: 'USD', type: 'cash' } });
  assert.equal(viewer.statusCode, 403);
  assert.equal(viewer.json().error.code, 'PORTFOLIO_FORBIDDEN');
  const anonymous = await h.call('GET', '/v1/accounts');
  assert.equal(anonymous.statusCode, 401);
  assert.equal(anonymous.json().error.code, 'PORTFOLIO_UNAUTHENTICATED');
});

test('traders open cash accounts for themselves only; admins open margin accounts for anyone', async () => {
  const trader = h.user('trader');
  const forOther = await h.call('POST', '/v1/accounts', { as: trader, body: { name: 'x', currency: 'USD', type: 'cash', ownerUserId: randomUUID() } });
  assert.equal(forOther.json().error.code, 'PORTFOLIO_OWNER_NOT_ALLOWED');
  const margin = await h.call('POST', '/v1/accounts', { as: trader, body: { name: 'x', currency: 'USD', type: 'margin' } });
  assert.equal(margin.statusCode, 403);
  const badCurrency = await h.call('POST', '/v1/accounts', { as: trader, body: { name: 'x', currency: 'XXX', type: 'cash' } });
  assert.equal(badCurrency.json().error.code, 'PORTFOLIO_CURRENCY_UNSUPPORTED');
  const byAdmin = await h.call('POST', '/v1/accounts', { as: h.user('admin'), body: { name: 'm', currency: 'USD', type: 'margin', ownerUserId: trader.id } });
  assert.equal(byAdmin.statusCode, 201, byAdmin.body);
  assert.equal(byAdmin.json().ownerUserId, trader.id);
  assert.deepEqual(byAdmin.json().marginPolicy, { longMarginBps: 5000, shortMarginBps: 5000, allowShortSelling: true });
});

test('funding: admin only, idempotent by reference, conflicting reuse refused', async () => {
  const owner = h.user('trader');
  const accountId = await fundedAccount(h, owner, 0);
  const url = `/v1/accounts/${accountId}/deposits`;
  const byOwner = await h.call('POST', url, { as: owner, body: { amountMinor: 100, reference: 'r1' } });
  assert.equal(byOwner.statusCode, 403);
  const admin = h.user('admin');
  const first = await h.call('POST', url, { as: admin, body: { amountMinor: 12_345, reference: 'wire-1' } });
  assert.equal(first.statusCode, 201, first.body);
  const again = await h.call('POST', url, { as: admin, body: { amountMinor: 12_345, reference: 'wire-1' } });
  assert.equal(again.statusCode, 200);
  assert.equal(again.json().deposit.id, first.json().deposit.id);
  assert.equal(again.json().account.cashMinor, 12_345);
  const conflict = await h.call('POST', url, { as: admin, body: { amountMinor: 1, reference: 'wire-1' } });
  assert.equal(conflict.statusCode, 409);
  assert.equal(conflict.json().error.code, 'PORTFOLIO_DEPOSIT_CONFLICT');
  for (const body of [{ amountMinor: 0, reference: 'x' }, { amountMinor: 1.5, reference: 'x' }, { amountMinor: 2 ** 53, reference: 'x' }]) {
    assert.equal((await h.call('POST', url, { as: admin, body })).statusCode, 400, JSON.stringify(body));
  }
  const missing = await h.call('POST', `/v1/accounts/${randomUUID()}/deposits`, { as: admin, body: { amountMinor: 1, reference: 'x' } });
  assert.equal(missing.statusCode, 404);
  const net = (await h.call('GET', `/v1/accounts/${accountId}`, { as: owner })).json();
  assert.equal(net.netDepositsMinor, 12_345);
});

test('buying-power check: approve and reserve, deny, replay, conflict, release; shorts by policy', async () => {
  const owner = h.user('trader');
  const accountId = await fundedAccount(h, owner, 100_000);
  const check = (body: Record<string, unknown>) => h.call('POST', '/v1/internal/buying-power-check', { token: SERVICE_TOKEN, body: { accountId, symbol: 'GOOG', ...body } });
  const orderId = randomUUID();
  const approved = await check({ orderId, side: 'buy', quantityLots: 6, priceTicks: 10_000, feeEstimateMinor: 100 });
  assert.deepEqual(approved.json(), { orderId, approved: true, reason: null, requiredMinor: 60_100, buyingPowerMinor: 100_000, reservedMinor: 60_100 });
  const replay = await check({ orderId, side: 'buy', quantityLots: 6, priceTicks: 10_000, feeEstimateMinor: 100 });
  assert.deepEqual(replay.json(), approved.json());
  const conflict = await check({ orderId, side: 'buy', quantityLots: 7, priceTicks: 10_000, feeEstimateMinor: 100 });
  assert.equal(conflict.json().error.code, 'PORTFOLIO_RESERVATION_CONFLICT');
  const denied = await check({ orderId: randomUUID(), side: 'buy', quantityLots: 4, priceTicks: 10_000 });
  assert.equal(denied.json().approved, false);
  assert.equal(denied.json().reason, 'PORTFOLIO_INSUFFICIENT_BUYING_POWER');
  assert.equal(denied.json().buyingPowerMinor, 100_000 - 60_100);
  const whatIf = await check({ orderId: randomUUID(), side: 'buy', quantityLots: 3, priceTicks: 10_000, reserve: false });
  assert.equal(whatIf.json().approved, true);
  assert.equal(whatIf.json().reservedMinor, 0);
  // A short sale in a cash account needs 100 % collateral on top of its proceeds.
  const short = await check({ orderId: randomUUID(), side: 'sell', quantityLots: 3, priceTicks: 10_000, reserve: false });
  assert.deepEqual([short.json().approved, short.json().requiredMinor], [true, 30_000]);
  const released = await h.call('POST', '/v1/internal/reservations/release', { token: SERVICE_TOKEN, body: { orderId } });
  assert.deepEqual(released.json(), { orderId, releasedMinor: 60_100 });
  assert.equal((await h.call('GET', `/v1/accounts/${accountId}`, { as: owner })).json().buyingPowerMinor, 100_000);
  const unknown = await check({ orderId: randomUUID(), symbol: 'NOPE', side: 'buy', quantityLots: 1, priceTicks: 1 });
  assert.equal(unknown.json().reason, 'PORTFOLIO_INSTRUMENT_UNKNOWN');

  const admin = h.user('admin');
  const noShorts = await h.call('POST', '/v1/accounts', {
    as: admin,
    body: { name: 'long-only', currency: 'USD', type: 'cash', ownerUserId: owner.id, marginPolicy: { longMarginBps: 10_000, shortMarginBps: 10_000, allowShortSelling: false } },
  });
  const refused = await h.call('POST', '/v1/internal/buying-power-check', {
    token: SERVICE_TOKEN,
    body: { orderId: randomUUID(), accountId: noShorts.json().id, symbol: 'GOOG', side: 'sell', quantityLots: 1, priceTicks: 100 },
  });
  assert.equal(refused.json().reason, 'PORTFOLIO_SHORT_NOT_ALLOWED');
});

test('buying-power checks in a batch: decided in order, each sees the earlier reservations; refusals stay per check', async () => {
  const owner = h.user('trader');
  const accountId = await fundedAccount(h, owner, 100_000);
  const other = await fundedAccount(h, h.user('trader'), 50_000);
  const [first, second, third, unknownAccount] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
  const order = (orderId: string, quantityLots: number, account = accountId) => ({ orderId, accountId: account, symbol: 'GOOG', side: 'buy', quantityLots, priceTicks: 10_000 });
  const response = await h.call('POST', '/v1/internal/buying-power-checks', {
    token: SERVICE_TOKEN,
    body: { checks: [order(first, 6), order(second, 6), order(first, 6), order(first, 7), order(third, 4), order(randomUUID(), 5, other), order(randomUUID(), 1, unknownAccount)] },
  });
  assert.equal(response.statusCode, 200, response.body);
  const outcomes = response.json().outcomes as { result?: { approved: boolean; reason: string | null; buyingPowerMinor: number }; error?: { code: string; status: number } }[];
  assert.deepEqual(
    outcomes.map((outcome) => outcome.error?.code ?? [outcome.result!.approved, outcome.result!.reason, outcome.result!.buyingPowerMinor]),
    [
      [true, null, 100_000],
      [false, 'PORTFOLIO_INSUFFICIENT_BUYING_POWER', 40_000],
      [true, null, 100_000], // the same check again in the batch answers like a retry
      'PORTFOLIO_RESERVATION_CONFLICT',
      [true, null, 40_000],
      [true, null, 50_000],
      'PORTFOLIO_ACCOUNT_NOT_FOUND',
    ],
  );
  assert.equal(outcomes[3]!.error!.status, 409);
  assert.equal((await h.call('GET', `/v1/accounts/${accountId}`, { as: owner })).json().reservedMinor, 100_000);
  const empty = await h.call('POST', '/v1/internal/buying-power-checks', { token: SERVICE_TOKEN, body: { checks: [] } });
  assert.equal(empty.statusCode, 400);
});

test('internal routes need the service token or an admin', async () => {
  const body = { marks: [{ symbol: 'GOOG', priceTicks: 1, asOf: '2000-01-01T00:00:00Z' }] };
  assert.equal((await h.call('PUT', '/v1/internal/marks', { body })).json().error.code, 'PORTFOLIO_SERVICE_TOKEN_INVALID');
  assert.equal((await h.call('PUT', '/v1/internal/marks', { body, token: 'x'.repeat(40) })).statusCode, 401);
  assert.equal((await h.call('PUT', '/v1/internal/marks', { body, as: h.user('risk') })).statusCode, 401);
  assert.equal((await h.call('PUT', '/v1/internal/marks', { body, as: h.user('admin') })).statusCode, 200);
});

test('P&L series: the last valuation per bucket, marks move unrealised P&L, identities hold', async () => {
  const owner = h.user('trader');
  const accountId = await fundedAccount(h, owner, 1_000_000);
  const at = (minute: number, second = 0) => new Date(Date.UTC(2030, 0, 7, 15, minute, second)).toISOString();
  await deliver(h.pool, executedEvent({ accountId, side: 'buy', quantityLots: 10, priceTicks: 10_000, feeMinor: 10, executedAt: at(0, 10) }));
  const marks = async (priceTicks: number, asOf: string) => {
    const response = await h.call('PUT', '/v1/internal/marks', { token: SERVICE_TOKEN, body: { marks: [{ symbol: 'GOOG', priceTicks, asOf }] } });
    assert.equal(response.statusCode, 200, response.body);
    return response.json();
  };
  assert.ok((await marks(10_100, at(0, 30))).revaluedAccounts >= 1);
  await marks(10_200, at(1, 5));
  await marks(10_050, at(1, 40));
  const stale = await marks(1, at(0, 1)); // older than the current mark: ignored
  assert.deepEqual(stale.updatedSymbols, []);
  await deliver(h.pool, executedEvent({ accountId, side: 'sell', quantityLots: 4, priceTicks: 10_300, executedAt: at(3, 0) }));

  const response = await h.call('GET', `/v1/pnl?accountId=${accountId}&from=${at(0)}&to=${at(5)}&interval=1m`, { as: owner });
  assert.equal(response.statusCode, 200, response.body);
  const series = response.json();
  assert.deepEqual(series.points.map((point: { at: string }) => point.at), [at(0, 30), at(1, 40), at(3, 0)]);
  const [first, second, third] = series.points;
  assert.equal(first.unrealisedPnlMinor, 1_000);
  assert.equal(second.unrealisedPnlMinor, 500);
  assert.equal(third.realisedPnlMinor, 1_200);
  assert.equal(third.unrealisedPnlMinor, 1_800); // 6 lots marked at the 10 300 fill
  for (const point of series.points) {
    assert.equal(point.equityMinor, point.cashMinor + point.marketValueMinor);
    assert.equal(point.totalPnlMinor, point.equityMinor - point.netDepositsMinor);
    assert.equal(point.totalPnlMinor, point.realisedPnlMinor + point.unrealisedPnlMinor - point.feesMinor);
  }
  assert.equal(series.current.totalPnlMinor, 1_200 + 1_800 - 10);

  const reversed = await h.call('GET', `/v1/pnl?accountId=${accountId}&from=${at(5)}&to=${at(0)}`, { as: owner });
  assert.equal(reversed.json().error.code, 'PORTFOLIO_INVALID_RANGE');
  const tooMany = await h.call('GET', `/v1/pnl?accountId=${accountId}&from=2000-01-01T00:00:00Z&to=${at(0)}&interval=1m`, { as: owner });
  assert.equal(tooMany.json().error.code, 'PORTFOLIO_INVALID_RANGE');
});
