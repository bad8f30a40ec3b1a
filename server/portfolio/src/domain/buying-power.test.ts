import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_MARGIN_POLICIES, fraction } from '@kestrel/shared';
import { orderRequirement, shrinkReservation } from './buying-power.js';

const CASH = DEFAULT_MARGIN_POLICIES.cash;
const FLAT = { positionLots: 0, pendingBuyLots: 0, pendingSellLots: 0 };

test('a buy needs its full notional in a cash account, plus fees', () => {
  assert.deepEqual(orderRequirement({ side: 'buy', quantityLots: 10, priceTicks: 10_034, feeEstimateMinor: 25 }, FLAT, CASH, fraction(1)), {
    allowed: true,
    openingLots: 10,
    requiredMinor: 100_365,
  });
});

test('closing a position needs nothing; only the part that opens needs margin', () => {
  const long = { positionLots: 10, pendingBuyLots: 0, pendingSellLots: 0 };
  assert.equal(orderRequirement({ side: 'sell', quantityLots: 10, priceTicks: 100, feeEstimateMinor: 0 }, long, CASH, fraction(1)).requiredMinor, 0);
  assert.deepEqual(orderRequirement({ side: 'sell', quantityLots: 12, priceTicks: 100, feeEstimateMinor: 0 }, long, CASH, fraction(1)), {
    allowed: true,
    openingLots: 2,
    requiredMinor: 200,
  });
  // Another open sell already covers 6 of the 10 held lots.
  const working = { ...long, pendingSellLots: 6 };
  assert.equal(orderRequirement({ side: 'sell', quantityLots: 10, priceTicks: 100, feeEstimateMinor: 0 }, working, CASH, fraction(1)).openingLots, 6);
  const short = { positionLots: -5, pendingBuyLots: 0, pendingSellLots: 0 };
  assert.equal(orderRequirement({ side: 'buy', quantityLots: 5, priceTicks: 100, feeEstimateMinor: 0 }, short, CASH, fraction(1)).requiredMinor, 0);
});

test('short selling can be forbidden by policy', () => {
  const policy = { ...CASH, allowShortSelling: false };
  const result = orderRequirement({ side: 'sell', quantityLots: 1, priceTicks: 100, feeEstimateMinor: 0 }, FLAT, policy, fraction(1));
  assert.equal(result.allowed, false);
  assert.equal(result.allowed === false && result.reason, 'PORTFOLIO_SHORT_NOT_ALLOWED');
});

test('margin is rounded up and scaled by the policy', () => {
  const margin = DEFAULT_MARGIN_POLICIES.margin;
  assert.equal(orderRequirement({ side: 'buy', quantityLots: 3, priceTicks: 101, feeEstimateMinor: 0 }, FLAT, margin, fraction(1)).requiredMinor, 152);
  assert.equal(orderRequirement({ side: 'buy', quantityLots: 1, priceTicks: 101, feeEstimateMinor: 0 }, FLAT, CASH, fraction(1, 100)).requiredMinor, 2);
});

test('a reservation shrinks with fills and vanishes when the order is done', () => {
  assert.deepEqual(shrinkReservation({ remainingLots: 10, reservedMinor: 1001 }, 3), { remainingLots: 7, reservedMinor: 701 });
  assert.deepEqual(shrinkReservation({ remainingLots: 10, reservedMinor: 1001 }, 10), { remainingLots: 0, reservedMinor: 0 });
  assert.deepEqual(shrinkReservation({ remainingLots: 10, reservedMinor: 1001 }, 12), { remainingLots: 0, reservedMinor: 0 });
});
