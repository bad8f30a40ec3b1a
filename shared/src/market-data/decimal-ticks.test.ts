// Exact decimal-to-tick conversion: the float traps it exists for, off-tick and range errors, and a
// round-trip property over random ticks and tick sizes.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { seededRandom } from '../testing/random.js';
import { parseDecimal, priceToTicks, ticksToPrice } from './decimal-ticks.js';
import { MarketDataError, type MarketDataErrorCode } from './market-data-error.js';

function rejects(code: MarketDataErrorCode, f: () => unknown, label: string): void {
  assert.throws(f, (e: unknown) => e instanceof MarketDataError && e.code === code, label);
}

test('prices convert exactly where float division does not', () => {
  assert.notEqual(0.3 / 0.1, 3, 'control: the float trap is real');
  assert.notEqual(4.35 * 100, 435, 'control: the float trap is real');
  assert.equal(priceToTicks('4.35', '0.01'), 435);
  assert.equal(priceToTicks('100.34', '0.01'), 10034);
  assert.equal(priceToTicks('1.1', '0.1'), 11);
  assert.equal(priceToTicks('0.3', '0.1'), 3);
  assert.equal(priceToTicks('3602.00', '0.5'), 7204);
  assert.equal(priceToTicks('100.75', '0.25'), 403);
  assert.equal(priceToTicks('-12.5', '0.5'), -25);
  assert.equal(priceToTicks('100', '5'), 20);
  assert.equal(priceToTicks('.25', '0.05'), 5);
  assert.equal(priceToTicks('1e-2', '0.01'), 1);
  assert.equal(priceToTicks('1.5E3', '1'), 1500);
  assert.equal(priceToTicks(' 7.00000 ', '0.001'), 7000);
  assert.equal(priceToTicks('0', '0.01'), 0);
  assert.equal(priceToTicks('0.00000001', '0.00000001'), 1);
});

test('off-tick, malformed and oversized prices are rejected; tick sizes are validated', () => {
  rejects('DATA_PRICE_OFF_TICK', () => priceToTicks('100.345', '0.01'), 'third decimal');
  rejects('DATA_PRICE_OFF_TICK', () => priceToTicks('100.10', '0.25'), 'not a quarter');
  for (const text of ['', '.', '-', '1.2.3', '0x10', '1,5', 'NaN', 'Infinity', '1e', '--1']) {
    rejects('DATA_PRICE_INVALID', () => priceToTicks(text, '0.01'), JSON.stringify(text));
  }
  rejects('DATA_PRICE_OUT_OF_RANGE', () => priceToTicks('90071992547409.92', '0.01'), 'above 2^53 - 1 ticks');
  assert.equal(priceToTicks('90071992547409.91', '0.01'), Number.MAX_SAFE_INTEGER);
  for (const tick of ['0', '-0.01', 'abc', '']) rejects('DATA_INVALID_OPTION', () => priceToTicks('1', tick), `tick ${tick}`);
  rejects('DATA_PRICE_OUT_OF_RANGE', () => ticksToPrice(0.5, '0.01'), 'fractional ticks');
});

test('parseDecimal keeps the exact coefficient and scale', () => {
  assert.deepEqual(parseDecimal('100.34'), { coefficient: 10034n, scale: 2 });
  assert.deepEqual(parseDecimal('-0.050'), { coefficient: -50n, scale: 3 });
  assert.deepEqual(parseDecimal('12e2'), { coefficient: 1200n, scale: 0 });
});

test('ticksToPrice formats exactly and round-trips through priceToTicks', () => {
  assert.equal(ticksToPrice(10034, '0.01'), '100.34');
  assert.equal(ticksToPrice(-5, '0.01'), '-0.05');
  assert.equal(ticksToPrice(403, '0.25'), '100.75');
  assert.equal(ticksToPrice(20, '5'), '100');
  const random = seededRandom(3);
  const tickSizes = ['0.01', '0.25', '0.5', '1', '5', '0.0001', '0.00000001', '0.125', '12.5'];
  for (let i = 0; i < 5000; i++) {
    const tick = tickSizes[Math.floor(random() * tickSizes.length)]!;
    const ticks = Math.floor((random() - 0.5) * 2e12);
    const price = ticksToPrice(ticks, tick);
    assert.equal(priceToTicks(price, tick), ticks, `${ticks} x ${tick} = ${price}`);
  }
});
