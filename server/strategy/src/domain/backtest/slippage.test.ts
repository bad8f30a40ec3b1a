// Slippage models: always adverse, whole ticks, percent exact from its decimal form.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createSlippageModel } from './slippage.js';

const MARKET = { volume: 1_000, timestamp: 0 };

test('fixed ticks move buys up and sells down', () => {
  const model = createSlippageModel({ kind: 'ticks', ticks: 2 });
  assert.equal(model.apply('buy', 10_000, 5, MARKET), 10_002);
  assert.equal(model.apply('sell', 10_000, 5, MARKET), 9_998);
  assert.equal(model.apply('sell', 1, 5, MARKET), 1, 'prices stay positive');
});

test('percent rounds the slip up to whole ticks, exactly', () => {
  const model = createSlippageModel({ kind: 'percent', percent: 0.1 });
  assert.equal(model.apply('buy', 10_000, 1, MARKET), 10_010, '0.1% of 10000 ticks is exactly 10 ticks');
  assert.equal(model.apply('buy', 10_001, 1, MARKET), 10_012, '10.001 ticks rounds up to 11');
  assert.equal(model.apply('sell', 10_001, 1, MARKET), 9_990);
  assert.equal(createSlippageModel({ kind: 'percent', percent: 0 }).apply('buy', 123, 1, MARKET), 123);
});

test('volume slippage grows with participation and is capped', () => {
  const model = createSlippageModel({ kind: 'volume', coefficient: 1, maxFraction: 0.05 });
  assert.equal(model.apply('buy', 10_000, 10, MARKET), 10_100, '1% of volume -> 1% of price');
  assert.equal(model.apply('buy', 10_000, 1_000, MARKET), 10_500, 'capped at 5%');
  assert.equal(model.apply('sell', 10_000, 10, { volume: 0, timestamp: 0 }), 9_500, 'no volume: the cap');
});

test('bad specs are refused', () => {
  for (const spec of [{ kind: 'ticks', ticks: -1 }, { kind: 'ticks', ticks: 1.5 }, { kind: 'percent', percent: 100 }, { kind: 'volume', coefficient: -1 }, { kind: 'x' }]) {
    assert.throws(() => createSlippageModel(spec as never), (e: unknown) => (e as { code?: string }).code === 'BACKTEST_INVALID_CONFIG');
  }
});
