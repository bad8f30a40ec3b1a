// The built-in strategies against independent straightforward simulations written here: each
// computes its signals with plain loops (windowed sums in integer cents, per-window max/min scans,
// TA-Lib-checked RSI values), fills at the next bar's open, and values the account at the last
// close. Results must be equal to the minor unit. The market maker is checked for its invariants.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { readOhlcvCsv, rsi } from '@kestrel/shared';
import { runBacktest, type BacktestResult } from '../backtest/backtest-engine.js';
import { barSeries } from '../backtest/bar-series.js';
import { syntheticBars } from '../backtest/synthetic-bars.js';
import { builtinStrategy, loadStrategy } from './registry.js';

const DATA = new URL('../../../../../../shared/data/ohlcv/', import.meta.url);
const GOOG = barSeries('GOOG', readOhlcvCsv(readFileSync(new URL('GOOG.csv', DATA), 'utf8')).bars);
const MINUTES = barSeries('FUT', readOhlcvCsv(readFileSync(new URL('2006-01-02-volume-min-001.txt', DATA), 'utf8')).bars);
const CASH = 1_000_000;
// A 2-decimal random walk where different windows often have exactly equal means (ties).
const WALK = { symbol: 'SYN', tickSize: '0.01', bars: syntheticBars(50_000, { startTicks: 100_000, stepTicks: 20 }) };

interface Expected {
  finalValue: number;
  closedTrades: number;
  fills: number;
}

/** Fills each signal at the next bar's open; `decide(i, position)` returns the signed lots to trade. */
function simulate(bars: typeof GOOG.bars, decide: (i: number, position: number) => number, tickValue = 1): Expected {
  let cash = CASH;
  let position = 0;
  let pending = 0;
  let fills = 0;
  let closed = 0;
  for (let i = 0; i < bars.length; i++) {
    if (pending !== 0) {
      const before = position;
      cash -= pending * bars[i]!.ticks.open * tickValue;
      position += pending;
      fills++;
      if (before !== 0 && position === 0) closed++;
      pending = 0;
    }
    pending = decide(i, position);
  }
  return { finalValue: cash + position * bars.at(-1)!.ticks.close * tickValue, closedTrades: closed, fills };
}

function check(result: BacktestResult, expected: Expected, label: string): void {
  assert.deepEqual({ finalValue: result.finalValueMinor, closedTrades: result.trades.length, fills: result.fillCount }, expected, label);
}

test('sma-cross equals windowed integer sums with last-non-zero-sign crosses', () => {
  for (const [series, fast, slow, size] of [[GOOG, 10, 30, 10], [GOOG, 5, 50, 3], [GOOG, 20, 20, 1], [GOOG, 30, 10, 2], [MINUTES, 15, 60, 1], [WALK, 10, 30, 10]] as const) {
    const closes = series.bars.map((bar) => bar.ticks.close);
    const windowSum = (i: number, n: number): number => closes.slice(i - n + 1, i + 1).reduce((a, b) => a + b, 0);
    let last = 0;
    const expected = simulate(series.bars, (i, position) => {
      if (i < Math.max(fast, slow) - 1) return 0;
      // fast mean - slow mean has the sign of fastSum * slow - slowSum * fast (exact integers).
      const sign = Math.sign(windowSum(i, fast) * slow - windowSum(i, slow) * fast);
      if (sign === 0) return 0;
      const previous = last;
      last = sign;
      if (previous === 0 || previous === sign) return 0;
      if (sign > 0 && position === 0) return size;
      if (sign < 0 && position > 0) return -position;
      return 0;
    }, series.tickSize === '1' ? 100 : 1);
    const result = runBacktest({ definition: builtinStrategy('sma-cross'), params: { fast, slow, size } }, [series], { initialCashMinor: CASH, moneyDecimals: 2 });
    assert.equal(result.instruments[0]!.tickValueMinor, series.tickSize === '1' ? 100 : 1);
    check(result, expected, `${series.symbol} ${fast}/${slow}`);
    if (fast === slow) assert.equal(result.fillCount, 0, 'equal windows never cross');
    else assert.ok(result.fillCount > 5, `${series.symbol} ${fast}/${slow} trades`);
  }
});

test('rsi-mean-reversion equals a loop over the TA-Lib-checked RSI series', () => {
  for (const [oversold, exit, short] of [[30, 50, false], [35, 55, true]] as const) {
    const values = rsi(GOOG.bars.map((bar) => bar.close), { period: 14 });
    const expected = simulate(GOOG.bars, (i, position) => {
      const value = values[i]!;
      if (Number.isNaN(value)) return 0;
      if (position === 0) return value < oversold ? 5 : short && value > 70 ? -5 : 0;
      if (position > 0 && value > exit) return -position;
      if (position < 0 && value < 100 - exit) return -position;
      return 0;
    });
    const result = runBacktest({ definition: builtinStrategy('rsi-mean-reversion'), params: { oversold, exit, short, size: 5 } }, [GOOG], { initialCashMinor: CASH, moneyDecimals: 2 });
    check(result, expected, `oversold ${oversold} exit ${exit} short ${short}`);
    assert.ok(result.trades.length > 3);
  }
});

test('breakout equals per-window scans of the previous bars', () => {
  for (const [entry, exit, short] of [[20, 10, false], [55, 20, true]] as const) {
    const bars = GOOG.bars;
    const highest = (i: number, n: number): number => Math.max(...bars.slice(i - n, i).map((bar) => bar.high));
    const lowest = (i: number, n: number): number => Math.min(...bars.slice(i - n, i).map((bar) => bar.low));
    const expected = simulate(bars, (i, position) => {
      const close = bars[i]!.close;
      if (position === 0) {
        if (i >= entry && close > highest(i, entry)) return 2;
        if (short && i >= entry && close < lowest(i, entry)) return -2;
        return 0;
      }
      if (position > 0 && i >= exit && close < lowest(i, exit)) return -position;
      if (position < 0 && i >= exit && close > highest(i, exit)) return -position;
      return 0;
    });
    const result = runBacktest({ definition: builtinStrategy('breakout'), params: { entry, exit, short, size: 2 } }, [GOOG], { initialCashMinor: CASH, moneyDecimals: 2 });
    check(result, expected, `breakout ${entry}/${exit} short ${short}`);
    assert.ok(result.trades.length > 5);
  }
});

test('market-maker keeps inventory within its limit and only trades at its quotes', () => {
  const maxPosition = 4;
  const result = runBacktest({ definition: builtinStrategy('market-maker'), params: { halfSpread: 3, size: 2, maxPosition, skew: 1 } }, [MINUTES], { initialCashMinor: 100_000_000, moneyDecimals: 2 });
  assert.ok(result.fillCount > 1_000, `${result.fillCount} fills`);
  let position = 0;
  const byTime = new Map(MINUTES.bars.map((bar) => [bar.timestamp, bar]));
  for (const fill of result.fills) {
    position += (fill.side === 'buy' ? 1 : -1) * fill.quantityLots;
    assert.ok(Math.abs(position) <= maxPosition, `inventory ${position}`);
    const bar = byTime.get(Date.parse(fill.executedAt))!;
    assert.ok(fill.priceTicks >= bar.ticks.low && fill.priceTicks <= bar.ticks.high, 'fills inside the bar');
  }
  assert.equal(result.rejectedOrders, 0, 'post-only quotes never cross the last price');
  const makers = result.fills.filter((fill) => fill.liquidity === 'maker').length;
  assert.ok(makers > result.fillCount / 2, `${makers} maker fills`);
});

test('unknown strategies are refused; module strategies load', async () => {
  assert.throws(() => builtinStrategy('nope'), (e: unknown) => (e as { code?: string }).code === 'BACKTEST_STRATEGY_UNKNOWN' && /sma-cross/.test((e as Error).message));
  const loaded = await loadStrategy({ module: new URL('./sma-cross.js', import.meta.url).href, export: 'smaCross' });
  assert.equal(loaded.name, 'sma-cross');
  await assert.rejects(loadStrategy({ module: new URL('./sma-cross.js', import.meta.url).href }), (e: unknown) => (e as { code?: string }).code === 'BACKTEST_STRATEGY_UNKNOWN');
});
