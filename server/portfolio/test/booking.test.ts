// Booking orders.executed against real PostgreSQL: idempotency by event id and by execution id,
// lot methods (account default and per-order specific selection), the outbox event, reservations,
// and dead letters for events that can never be booked.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import { OrderExecutedPayloadSchema, PositionsUpdatedPayloadSchema, tradingIssues } from '@kestrel/shared';
import { deliver, executedEvent, fundedAccount, GOOG, instrumentDefinition } from './support/fixtures.js';
import { SERVICE_TOKEN, startHarness, type Harness } from './support/harness.js';

let h: Harness;
before(async () => {
  h = await startHarness();
});
after(() => h?.close());

async function positionOf(accountId: string, owner: ReturnType<Harness['user']>, symbol = 'GOOG') {
  const response = await h.call('GET', `/v1/positions?accountId=${accountId}&includeLots=true&includeFlat=true`, { as: owner });
  assert.equal(response.statusCode, 200, response.body);
  return response.json().positions.find((position: { symbol: string }) => position.symbol === symbol);
}

test('the same event delivered twice, and the same execution under a new event id, book once', async () => {
  const owner = h.user('trader');
  const accountId = await fundedAccount(h, owner, 1_000_000);
  const event = executedEvent({ accountId, side: 'buy', quantityLots: 10, priceTicks: 10_000, feeMinor: 25 });
  assert.deepEqual(tradingIssues(OrderExecutedPayloadSchema, event.payload), []);

  const first = await deliver(h.pool, event);
  assert.equal(typeof first === 'object' && first.status, 'booked');
  assert.equal(await deliver(h.pool, event), 'skipped'); // processed_events: same event id
  const resent = { ...event, id: randomUUID() };
  const second = await deliver(h.pool, resent);
  assert.equal(typeof second === 'object' && second.status, 'duplicate'); // fills_applied: same execution id

  const account = (await h.call('GET', `/v1/accounts/${accountId}`, { as: owner })).json();
  assert.equal(account.cashMinor, 1_000_000 - 100_000 - 25);
  assert.equal(account.feesMinor, 25);
  assert.equal(account.marketValueMinor, 100_000); // marked at the fill price
  assert.equal(account.buyingPowerMinor, 1_000_000 - 100_000 - 25);
  const position = await positionOf(accountId, owner);
  assert.equal(position.quantityLots, 10);
  assert.deepEqual(position.averageCost, { numerator: '10000', denominator: '1' });
  assert.equal(position.lots.length, 1);

  const { rows } = await h.pool.query(
    "SELECT payload FROM outbox WHERE topic = 'positions.updated' AND key = $1 ORDER BY seq",
    [accountId],
  );
  assert.equal(rows.length, 1, 'one positions.updated per booked fill');
  assert.deepEqual(tradingIssues(PositionsUpdatedPayloadSchema, rows[0].payload), []);
  assert.equal(rows[0].payload.position.quantityLots, 10);
  assert.equal(rows[0].payload.cashDeltaMinor, -100_025);
});

test('concurrent deliveries of one execution under different event ids book it once', async () => {
  const owner = h.user('trader');
  const accountId = await fundedAccount(h, owner, 1_000_000);
  const event = executedEvent({ accountId, side: 'buy', quantityLots: 3, priceTicks: 5_000 });
  const results = await Promise.all([0, 1, 2, 3].map(() => deliver(h.pool, { ...event, id: randomUUID() })));
  assert.equal(results.filter((result) => typeof result === 'object' && result.status === 'booked').length, 1);
  const account = (await h.call('GET', `/v1/accounts/${accountId}`, { as: owner })).json();
  assert.equal(account.cashMinor, 1_000_000 - 15_000);
});

test('FIFO and LIFO accounts realise different P&L from the same fills; the round trip ends equal', async () => {
  const owner = h.user('trader');
  const fifo = await fundedAccount(h, owner, 10_000_000, { lotMethod: 'fifo', name: 'fifo' });
  const lifo = await fundedAccount(h, owner, 10_000_000, { lotMethod: 'lifo', name: 'lifo' });
  const t = (s: number) => new Date(Date.UTC(2026, 0, 5, 15, 0, s)).toISOString();
  for (const accountId of [fifo, lifo]) {
    await deliver(h.pool, executedEvent({ accountId, side: 'buy', quantityLots: 10, priceTicks: 10_000, executedAt: t(1) }));
    await deliver(h.pool, executedEvent({ accountId, side: 'buy', quantityLots: 10, priceTicks: 12_000, executedAt: t(2) }));
    await deliver(h.pool, executedEvent({ accountId, side: 'sell', quantityLots: 10, priceTicks: 13_000, executedAt: t(3) }));
  }
  const fifoPosition = await positionOf(fifo, owner);
  const lifoPosition = await positionOf(lifo, owner);
  assert.equal(fifoPosition.realisedPnlMinor, 30_000);
  assert.equal(lifoPosition.realisedPnlMinor, 10_000);
  assert.equal(fifoPosition.lots[0].openPriceTicks, 12_000);
  assert.equal(lifoPosition.lots[0].openPriceTicks, 10_000);
  for (const accountId of [fifo, lifo]) {
    await deliver(h.pool, executedEvent({ accountId, side: 'sell', quantityLots: 10, priceTicks: 11_000, executedAt: t(4) }));
  }
  const [fifoFlat, lifoFlat] = [await positionOf(fifo, owner), await positionOf(lifo, owner)];
  assert.equal(fifoFlat.quantityLots, 0);
  assert.equal(fifoFlat.realisedPnlMinor, lifoFlat.realisedPnlMinor);
  assert.equal(fifoFlat.realisedPnlMinor, (13_000 + 11_000 - 10_000 - 12_000) * 10);
  const { rows } = await h.pool.query('SELECT count(*)::int AS n FROM portfolio_tax_lots WHERE account_id = $1 AND quantity_lots = 0 AND closed_at IS NOT NULL', [fifo]);
  assert.equal(rows[0].n, 2);
});

test('a specific lot selection on the order closes the named lot; an unknown lot falls back and is recorded', async () => {
  const owner = h.user('trader');
  const accountId = await fundedAccount(h, owner, 10_000_000);
  await deliver(h.pool, executedEvent({ accountId, side: 'buy', quantityLots: 5, priceTicks: 100, executedAt: '2026-01-05T15:00:01Z' }));
  await deliver(h.pool, executedEvent({ accountId, side: 'buy', quantityLots: 5, priceTicks: 300, executedAt: '2026-01-05T15:00:02Z' }));
  const lots = (await positionOf(accountId, owner)).lots;
  const expensive = lots.find((lot: { openPriceTicks: number }) => lot.openPriceTicks === 300);
  const sell = executedEvent({ accountId, side: 'sell', quantityLots: 5, priceTicks: 200, lotSelection: { method: 'specific', lots: [{ lotId: expensive.id }] } });
  await deliver(h.pool, sell);
  const after = await positionOf(accountId, owner);
  assert.equal(after.realisedPnlMinor, -500);
  assert.deepEqual(after.lots.map((lot: { openPriceTicks: number }) => lot.openPriceTicks), [100]);

  const fallback = executedEvent({ accountId, side: 'sell', quantityLots: 1, priceTicks: 200, lotSelection: { method: 'specific', lots: [{ lotId: randomUUID() }] } });
  await deliver(h.pool, fallback);
  const { rows } = await h.pool.query('SELECT lot_selection_fallback FROM portfolio_fills_applied WHERE execution_id = $1', [fallback.payload.execution.id]);
  assert.equal(rows[0].lot_selection_fallback, true);
  const disposals = await h.pool.query('SELECT count(*)::int AS n, sum(d.realised_pnl_minor)::int AS pnl FROM portfolio_lot_disposals d JOIN portfolio_fills_applied f USING (execution_id) WHERE f.account_id = $1', [accountId]);
  assert.deepEqual(disposals.rows[0], { n: 2, pnl: -500 + 100 });
});

test('fills shrink the order\'s reservation and the final fill removes it', async () => {
  const owner = h.user('trader');
  const accountId = await fundedAccount(h, owner, 1_000_000);
  await h.call('PUT', '/v1/internal/instruments', { token: SERVICE_TOKEN, body: { instruments: [instrumentDefinition()] } });
  const orderId = randomUUID();
  const check = await h.call('POST', '/v1/internal/buying-power-check', {
    token: SERVICE_TOKEN,
    body: { orderId, accountId, symbol: 'GOOG', side: 'buy', quantityLots: 10, priceTicks: 10_000 },
  });
  assert.equal(check.statusCode, 200, check.body);
  assert.equal(check.json().reservedMinor, 100_000);
  await deliver(h.pool, executedEvent({ accountId, orderId, side: 'buy', quantityLots: 4, priceTicks: 10_000, orderStatus: 'partially_filled' }));
  let account = (await h.call('GET', `/v1/accounts/${accountId}`, { as: owner })).json();
  assert.equal(account.reservedMinor, 60_000);
  assert.equal(account.buyingPowerMinor, 1_000_000 - 40_000 - 60_000);
  await deliver(h.pool, executedEvent({ accountId, orderId, side: 'buy', quantityLots: 6, priceTicks: 10_000, orderStatus: 'filled' }));
  account = (await h.call('GET', `/v1/accounts/${accountId}`, { as: owner })).json();
  assert.equal(account.reservedMinor, 0);
  assert.equal(account.cashMinor, 900_000);
});

test('events that can never be booked become dead letters and change nothing', async () => {
  const owner = h.user('trader');
  const accountId = await fundedAccount(h, owner, 1_000_000);
  const unknownAccount = executedEvent({ accountId: randomUUID(), side: 'buy', quantityLots: 1, priceTicks: 100 });
  const wrongCurrency = executedEvent({ accountId, side: 'buy', quantityLots: 1, priceTicks: 100, instrument: { ...GOOG, symbol: 'SAP', currency: 'EUR' } });
  const invalid = { ...executedEvent({ accountId, side: 'buy', quantityLots: 1, priceTicks: 100 }) };
  (invalid.payload.execution as { priceTicks: number }).priceTicks = 100.5;
  const huge = executedEvent({ accountId, side: 'buy', quantityLots: 2 ** 30, priceTicks: 2 ** 30 });
  // Schema-valid (a decimal string) but not a tick size: must not become a retried "infrastructure" failure.
  const zeroTick = executedEvent({ accountId, side: 'buy', quantityLots: 1, priceTicks: 100, instrument: { ...GOOG, symbol: 'ZT', tickSize: '0' } });
  const expected: [typeof unknownAccount, string][] = [
    [unknownAccount, 'PORTFOLIO_INVALID_EVENT'],
    [wrongCurrency, 'PORTFOLIO_CURRENCY_MISMATCH'],
    [invalid, 'TRADING_INVALID_PAYLOAD'],
    [huge, 'TRADING_AMOUNT_OUT_OF_RANGE'],
    [zeroTick, 'PORTFOLIO_INVALID_EVENT'],
  ];
  for (const [event, code] of expected) {
    const result = await deliver(h.pool, event);
    assert.equal(typeof result === 'object' && result.status === 'dead-letter' && result.code, code);
  }
  const { rows } = await h.pool.query('SELECT reason_code FROM portfolio_dead_letters WHERE event_id = ANY($1::uuid[]) ORDER BY reason_code', [expected.map(([event]) => event.id)]);
  assert.equal(rows.length, expected.length);
  const account = (await h.call('GET', `/v1/accounts/${accountId}`, { as: owner })).json();
  assert.equal(account.cashMinor, 1_000_000);
  assert.equal(account.version, 1);
  assert.deepEqual((await h.call('GET', `/v1/positions?accountId=${accountId}&includeFlat=true`, { as: owner })).json().positions, []);
});
