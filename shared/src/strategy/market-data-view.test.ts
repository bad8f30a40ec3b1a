// The per-symbol bar history and indicator feeds every runtime shares: values equal the batch
// indicator functions, history has no lookahead and a bounded ring, unknown symbols throw.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { rsi } from '../indicators/rsi.js';
import { sma } from '../indicators/sma.js';
import { max, min } from '../indicators/extremes.js';
import { randomBars, seededRandom } from '../testing/random.js';
import { MarketData } from './market-data-view.js';
import type { MarketBar } from './market-events.js';
import { StrategyError } from './strategy-error.js';

function bars(n: number, symbol = 'X'): MarketBar[] {
  const { high, low, close, volume } = randomBars(seededRandom(3), n);
  return close.map((c, i) => ({
    symbol,
    timestamp: i * 60_000,
    open: i === 0 ? c : close[i - 1]!,
    high: high[i]!,
    low: low[i]!,
    close: c,
    volume: volume[i]!,
    ticks: { open: 0, high: 0, low: 0, close: 0 },
  }));
}

test('indicator handles follow the batch functions bar by bar, with previous one bar behind', () => {
  const series = bars(500);
  const data = new MarketData(['X'], 50);
  const fast = data.sma(10);
  const strength = data.rsi(14);
  const upper = data.highest(20);
  const lower = data.lowest(20);
  const closes = series.map((bar) => bar.close);
  const expected = { fast: sma(closes, { period: 10 }), rsi: rsi(closes, { period: 14 }), upper: max(series.map((b) => b.high), { period: 20 }), lower: min(series.map((b) => b.low), { period: 20 }) };
  for (let i = 0; i < series.length; i++) {
    data.onBar(series[i]!);
    assert.ok(Object.is(fast.value, expected.fast[i]), `sma at ${i}`);
    assert.ok(Object.is(strength.value, expected.rsi[i]), `rsi at ${i}`);
    assert.ok(Object.is(upper.value, expected.upper[i]) && Object.is(lower.value, expected.lower[i]), `donchian at ${i}`);
    if (i > 0) assert.ok(Object.is(fast.previous, expected.fast[i - 1]), `previous at ${i}`);
    assert.equal(fast.ready, i >= 9);
    assert.equal(data.bars().at(0), series[i]);
    assert.equal(data.bars().close(Math.min(i, 49)), series[i - Math.min(i, 49)]!.close);
  }
  assert.equal(data.bars().length, 50);
  assert.equal(data.bars().count, 500);
  assert.throws(() => data.bars().at(50), (e: unknown) => e instanceof StrategyError && e.code === 'STRATEGY_HISTORY_OUT_OF_RANGE');
});

test('an SMA of period 1 is the price itself; unknown symbols throw STRATEGY_SYMBOL_UNKNOWN', () => {
  const data = new MarketData(['A', 'B']);
  const identity = data.sma(1, { symbol: 'B' });
  const other = data.sma(2, { symbol: 'A' });
  for (const bar of bars(3, 'B')) data.onBar(bar);
  assert.equal(identity.value, bars(3, 'B')[2]!.close);
  assert.equal(other.count, 0, 'bars of B do not feed indicators of A');
  assert.throws(() => data.bars('C'), (e: unknown) => e instanceof StrategyError && e.code === 'STRATEGY_SYMBOL_UNKNOWN');
});
