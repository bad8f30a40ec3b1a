import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_MARGIN_POLICIES, fraction } from '@kestrel/shared';
import type { LedgerPosition } from './ledger-types.js';
import { averageCost, averageOpenPrice, markPosition, valueAccount } from './valuation.js';

const LONG: LedgerPosition = {
  symbol: 'XYZ',
  quantityLots: 3,
  costBasisMinor: 301,
  realisedPnlMinor: 0,
  feesMinor: 0,
  lots: [
    { id: 'a', side: 'long', openExecutionId: 'e1', openPriceTicks: 100, openedAt: '2026-01-05T14:30:00Z', openSequence: 1, originalQuantityLots: 2, quantityLots: 2, costMinor: 200 },
    { id: 'b', side: 'long', openExecutionId: 'e2', openPriceTicks: 101, openedAt: '2026-01-05T14:31:00Z', openSequence: 2, originalQuantityLots: 1, quantityLots: 1, costMinor: 101 },
  ],
};
const SHORT: LedgerPosition = { ...LONG, quantityLots: -3, lots: LONG.lots.map((lot) => ({ ...lot, side: 'short' as const })) };

test('averages are exact ratios', () => {
  assert.deepEqual(averageCost(LONG), fraction(301, 3));
  assert.deepEqual(averageOpenPrice(LONG), fraction(301, 3));
  assert.equal(averageCost({ ...LONG, quantityLots: 0, lots: [], costBasisMinor: 0 }), null);
});

test('long and short positions are marked with signed market value', () => {
  assert.deepEqual(markPosition(LONG, 110, fraction(1)), { markPriceTicks: 110, markSource: 'last-trade', marketValueMinor: 330, unrealisedPnlMinor: 29 });
  assert.deepEqual(markPosition(SHORT, 110, fraction(1)), { markPriceTicks: 110, markSource: 'last-trade', marketValueMinor: -330, unrealisedPnlMinor: -29 });
});

test('without a trade price a position is valued at cost', () => {
  assert.deepEqual(markPosition(LONG, null, fraction(1)), { markPriceTicks: 100, markSource: 'average-cost', marketValueMinor: 301, unrealisedPnlMinor: 0 });
  assert.equal(markPosition(SHORT, null, fraction(1)).marketValueMinor, -301);
});

test('cash account: buying power is cash minus short collateral minus reservations', () => {
  const long = markPosition(LONG, 110, fraction(1));
  const short = markPosition({ ...SHORT, symbol: 'ABC' }, 100, fraction(1));
  const valuation = valueAccount({ cashMinor: 10_000, reservedMinor: 500, marginPolicy: DEFAULT_MARGIN_POLICIES.cash }, [long, short]);
  assert.equal(valuation.equityMinor, 10_000 + 330 - 300);
  assert.equal(valuation.requiredMarginMinor, 330 + 300);
  assert.equal(valuation.buyingPowerMinor, 10_000 - 300 - 300 - 500);
  assert.equal(valuation.unrealisedPnlMinor, 29 + 1);
});

test('margin account: 50 % requirement, rounded up', () => {
  const long = markPosition(LONG, 111, fraction(1)); // 333
  const valuation = valueAccount({ cashMinor: 0, reservedMinor: 0, marginPolicy: DEFAULT_MARGIN_POLICIES.margin }, [long]);
  assert.equal(valuation.requiredMarginMinor, 167);
  assert.equal(valuation.buyingPowerMinor, 333 - 167);
});
