// Commission models in exact minor units: rates from decimal text, half-even rounding once per
// order, minimums and maximums per order across partial fills, tiered marginal rates by month.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createCommissionModel, type CommissionFill } from './commission.js';

const T0 = Date.UTC(2024, 0, 15);

function fill(orderSeq: number, lots: number, priceTicks: number, timestamp = T0): CommissionFill {
  return { orderSeq, lots, priceTicks, notionalMinor: lots * priceTicks, timestamp };
}

test('no models: zero commission', () => {
  const model = createCommissionModel([], 2);
  assert.equal(model.name, 'none');
  assert.equal(model.fee(fill(1, 100, 10_000)), 0);
});

test('per share: rate x lots, rounded half-even once per order, with a per-order minimum and maximum', () => {
  const model = createCommissionModel([{ kind: 'per-share', rate: '0.005', minimum: '1', maximum: '2.5' }], 2);
  assert.equal(model.fee(fill(1, 100, 10_000)), 100, '100 x 0.005 = 0.50 -> minimum 1.00');
  assert.equal(model.fee(fill(1, 200, 10_000)), 50, '300 x 0.005 = 1.50 in total: 0.50 more');
  assert.equal(model.fee(fill(1, 1000, 10_000)), 100, 'capped at 2.50 in total');
  const exact = createCommissionModel([{ kind: 'per-share', rate: '0.0035' }], 2);
  // 0.0035 x 7 = 0.0245 -> 0.02 (half-even); 0.0035 x 5 = 0.0175 -> 0.02.
  assert.equal(exact.fee(fill(2, 7, 1)), 2);
  assert.equal(exact.fee(fill(3, 5, 1)), 2);
});

test('an order split into fills pays exactly what one fill of its size pays', () => {
  const split = createCommissionModel([{ kind: 'percent', percent: '0.1' }], 2);
  const whole = createCommissionModel([{ kind: 'percent', percent: '0.1' }], 2);
  let total = 0;
  for (let i = 0; i < 7; i++) total += split.fee(fill(1, 3, 12_345));
  assert.equal(total, whole.fee(fill(1, 21, 12_345)));
  // 21 x 123.45 = 2592.45; 0.1% = 2.59245 -> 2.59.
  assert.equal(total, 259);
});

test('per order: a fixed amount with the first fill only; models add up', () => {
  const model = createCommissionModel([{ kind: 'per-order', amount: '1.25' }, { kind: 'per-share', rate: '0.01' }], 2);
  assert.equal(model.fee(fill(1, 10, 100)), 125 + 10);
  assert.equal(model.fee(fill(1, 10, 100)), 10);
  model.release(1);
  assert.equal(model.fee(fill(2, 1, 100)), 125 + 1);
});

test('tiered: marginal per-share rates by the lots traded in the calendar month', () => {
  const model = createCommissionModel([{ kind: 'tiered', tiers: [{ upToLots: 300, rate: '0.01' }, { upToLots: null, rate: '0.005' }] }], 2);
  assert.equal(model.fee(fill(1, 200, 1)), 200);
  // 100 more at 0.01 and 100 at 0.005.
  assert.equal(model.fee(fill(2, 200, 1)), 150);
  assert.equal(model.fee(fill(3, 100, 1)), 50);
  // A new month starts at the first tier again.
  assert.equal(model.fee(fill(4, 100, 1, Date.UTC(2024, 1, 1))), 100);
});

test('bad specs are refused', () => {
  const bad = [
    { kind: 'per-share', rate: '-1' },
    { kind: 'per-order', amount: 'x' },
    { kind: 'tiered', tiers: [] },
    { kind: 'tiered', tiers: [{ upToLots: 100, rate: '0.01' }] },
    { kind: 'tiered', tiers: [{ upToLots: 100, rate: '0.01' }, { upToLots: 50, rate: '0.01' }, { upToLots: null, rate: '0' }] },
    { kind: 'bogus' },
  ];
  for (const spec of bad) {
    assert.throws(() => createCommissionModel([spec as never], 2), (e: unknown) => (e as { code?: string }).code === 'BACKTEST_INVALID_CONFIG', JSON.stringify(spec));
  }
});
