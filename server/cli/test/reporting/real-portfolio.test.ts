// Reports on what the REAL portfolio booked, through the real gateway: every registered service in
// one app (the identity harness: real JWTs, the in-process bus), fills published as orders.executed
// events that the portfolio's consumer books with the account's lot method, then a Form 8949 CSV
// and a trade history downloaded with the trader's token. Guards reporting's read of the
// portfolio's internal history routes (with the portfolio's service token, which reporting takes
// from the same process) against the portfolio's own writes: the figures are
// worked out by hand, under LIFO (which a report computing its own FIFO would get wrong).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { createEnvelope } from '@kestrel/server-common';
import type { InstrumentEconomics } from '@kestrel/shared';
import { startHarness, type Harness, type TestUser } from '../identity/harness.js';

const GOOG: InstrumentEconomics = { symbol: 'GOOG', currency: 'USD', tickSize: '0.01', lotSize: 1, contractMultiplier: 1 };
let h: Harness;
let trader: TestUser;
let accountId: string;

function executed(side: 'buy' | 'sell', quantityLots: number, priceTicks: number, executedAt: string) {
  const orderId = randomUUID();
  return createEnvelope('orders.executed', accountId, {
    execution: {
      id: randomUUID(),
      orderId,
      clientOrderId: `c-${orderId.slice(0, 8)}`,
      accountId,
      symbol: 'GOOG',
      side,
      priceTicks,
      quantityLots,
      liquidity: 'taker' as const,
      feeMinor: 100,
      venue: 'KESTREL',
      venueExecutionId: null,
      engineSequence: null,
      executedAt,
      recordedAt: executedAt,
    },
    order: { id: orderId, status: 'filled' as const, filledQuantityLots: quantityLots, remainingQuantityLots: 0, averageFillPrice: { numerator: String(priceTicks * quantityLots), denominator: String(quantityLots) } },
    instrument: GOOG,
    lotSelection: null,
  });
}

before(async () => {
  h = await startHarness({ KESTREL_PORTFOLIO_SERVICE_TOKEN: randomBytes(24).toString('hex') });
  trader = await h.user('trader');
  const account = await h.call('POST', '/v1/accounts', { token: trader.accessToken, body: { name: 'Reported account', currency: 'USD', type: 'cash', lotMethod: 'lifo' } });
  assert.equal(account.statusCode, 201, account.body);
  accountId = account.json().id;
  const deposit = await h.call('POST', `/v1/accounts/${accountId}/deposits`, { token: h.admin.accessToken, body: { amountMinor: 2_000_000, reference: 'funding' } });
  assert.ok([200, 201].includes(deposit.statusCode), deposit.body);
  const fills = [
    executed('buy', 100, 9000, '2023-01-03T15:00:00.000Z'),
    executed('buy', 50, 9500, '2023-02-01T15:00:00.000Z'),
    executed('sell', 120, 10000, '2023-06-01T15:00:00.000Z'),
    executed('buy', 30, 8000, '2023-07-03T15:00:00.000Z'),
    executed('sell', 60, 11000, '2024-03-01T15:00:00.000Z'),
  ];
  // One at a time: each must be booked before the next (the bus keeps order per key anyway).
  for (const [index, event] of fills.entries()) {
    await h.deps.bus.publish(event);
    const deadline = Date.now() + 60_000;
    for (;;) {
      const { rows } = await h.deps.db.query('SELECT count(*)::int AS n FROM portfolio_fills_applied WHERE account_id = $1', [accountId]);
      if (rows[0].n === index + 1) break;
      if (Date.now() > deadline) throw new Error(`the portfolio did not book fill ${index + 1}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
});
after(() => h?.close());

async function download(definition: Record<string, unknown>, token = trader.accessToken): Promise<string[][]> {
  const created = await h.call('POST', '/v1/reports', { token, body: { definition: { accountId, period: { from: '2023-01-01T00:00:00Z', to: '2025-01-01T00:00:00Z' }, ...definition } } });
  assert.equal(created.statusCode, 201, created.body);
  const file = await h.call('GET', `/v1/reports/${created.json().id}/download`, { token });
  assert.equal(file.statusCode, 200, file.body);
  // No cell of these reports holds a comma or a quote, so plain splitting reads them.
  return file.rawPayload.subarray(3).toString('utf8').trimEnd().split('\r\n').map((line) => line.split(','));
}

test('the Form 8949 CSV follows the lots the portfolio relieved (LIFO)', async () => {
  const [, ...rows] = await download({ kind: 'tax', format: 'csv' });
  // LIFO by hand: the June sale of 120 closes the February lot (50 @ 95) and then 70 of the
  // January lot (@ 90); the March 2024 sale of 60 closes the July lot (30 @ 80) and the last 30 of
  // the January lot, held more than a year. Within one sale, lines are in acquisition order.
  // Every fill pays 1.00, shared by units (the June sale: 0.58 on the January lot's 70, 0.42 on
  // the February lot's 50); buying commissions are in (e), selling ones in (g) with code E.
  assert.deepEqual(rows, [
    ['70 sh. GOOG', '01/03/2023', '06/01/2023', '7000.00', '6300.70', 'E', '-0.58', '698.72', 'short-term'],
    ['50 sh. GOOG', '02/01/2023', '06/01/2023', '5000.00', '4751.00', 'E', '-0.42', '248.58', 'short-term'],
    ['30 sh. GOOG', '07/03/2023', '03/01/2024', '3300.00', '2401.00', 'E', '-0.50', '898.50', 'short-term'],
    ['30 sh. GOOG', '01/03/2023', '03/01/2024', '3300.00', '2700.30', 'E', '-0.50', '599.20', 'long-term'],
  ]);
});

test('the trade history lists the booked fills, and another trader gets 404', async () => {
  const [header, ...rows] = await download({ kind: 'trade-history', format: 'csv' });
  assert.equal(header![7], 'Realised P&L');
  assert.deepEqual(rows.map((row) => [row[2], row[3], row[4], row[7]]), [
    ['buy', '100', '90.00', '0.00'],
    ['buy', '50', '95.00', '0.00'],
    ['sell', '120', '100.00', '950.00'],
    ['buy', '30', '80.00', '0.00'],
    ['sell', '60', '110.00', '1500.00'],
  ]);
  const other = await h.user('trader');
  const foreign = await h.call('POST', '/v1/reports', { token: other.accessToken, body: { definition: { kind: 'tax', format: 'csv', accountId, period: { lookbackDays: 30 } } } });
  assert.equal(foreign.statusCode, 404);
  const mine = (await h.call('GET', '/v1/reports', { token: trader.accessToken })).json().reports[0];
  assert.equal((await h.call('GET', `/v1/reports/${mine.id}/download`, { token: other.accessToken })).statusCode, 404);
});
