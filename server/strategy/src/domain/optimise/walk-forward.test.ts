// Walk-forward: window arithmetic, in-sample optimisation per window, out-of-sample runs chained
// into one curve starting from the initial cash, no trading before each out-of-sample start,
// parallel equal to serial.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { readOhlcvCsv } from '@kestrel/shared';
import { runBacktest } from '../backtest/backtest-engine.js';
import { barSeries } from '../backtest/bar-series.js';
import { smaCross } from '../strategies/sma-cross.js';
import { optimise } from './optimiser.js';
import { walkForward, walkForwardWindows, type WalkForwardRequest } from './walk-forward.js';

const GOOG = barSeries('GOOG', readOhlcvCsv(readFileSync(new URL('../../../../../../shared/data/ohlcv/GOOG.csv', import.meta.url), 'utf8')).bars);
const CONFIG = { initialCashMinor: 1_000_000, moneyDecimals: 2 };

test('rolling and anchored windows', () => {
  assert.deepEqual(walkForwardWindows(10, 4, 2), [
    { inSampleStart: 0, inSampleEnd: 4, outOfSampleStart: 4, outOfSampleEnd: 6 },
    { inSampleStart: 2, inSampleEnd: 6, outOfSampleStart: 6, outOfSampleEnd: 8 },
    { inSampleStart: 4, inSampleEnd: 8, outOfSampleStart: 8, outOfSampleEnd: 10 },
  ]);
  assert.deepEqual(walkForwardWindows(11, 4, 3, 3, true), [
    { inSampleStart: 0, inSampleEnd: 4, outOfSampleStart: 4, outOfSampleEnd: 7 },
    { inSampleStart: 0, inSampleEnd: 7, outOfSampleStart: 7, outOfSampleEnd: 10 },
    { inSampleStart: 0, inSampleEnd: 10, outOfSampleStart: 10, outOfSampleEnd: 11 },
  ]);
  assert.equal(walkForwardWindows(10, 4, 2, 1).length, 6, 'overlapping out-of-sample windows with a smaller step');
  const bad: [number, number, number, number?][] = [[10, 10, 2], [10, 0, 2], [10, 4, 0], [10, 4, 2, 1.5]];
  for (const args of bad) {
    assert.throws(() => walkForwardWindows(...args), (e: unknown) => (e as { code?: string }).code === 'OPTIMISE_INVALID_WINDOWS', args.join(','));
  }
});

const REQUEST: WalkForwardRequest = {
  strategy: { builtin: 'sma-cross' },
  series: [GOOG],
  config: CONFIG,
  space: { fast: { values: [5, 10, 20] }, slow: { values: [30, 50] } },
  fixed: { size: 10 },
  method: 'grid',
  objective: 'totalReturn',
  inSampleBars: 500,
  outOfSampleBars: 250,
};

test('each window trades its in-sample best out of sample, chained from the initial cash', async () => {
  const result = await walkForward(REQUEST);
  assert.equal(result.windows.length, Math.ceil((GOOG.bars.length - 500) / 250));
  let capital = CONFIG.initialCashMinor;
  let points = 0;
  for (const window of result.windows) {
    const { inSampleStart, inSampleEnd, outOfSampleStart, outOfSampleEnd } = window.bounds;
    // The in-sample best equals an independent optimisation restricted to the in-sample bars.
    const inSample = await optimise({ ...REQUEST, range: { from: GOOG.bars[inSampleStart]!.timestamp, to: GOOG.bars[inSampleEnd]!.timestamp } });
    assert.deepEqual(window.best.params, inSample.best!.params, `window ${window.index}`);
    // The out-of-sample run: warm-up on the in-sample bars, trading from the out-of-sample start.
    const bars = GOOG.bars.slice(inSampleStart, outOfSampleEnd);
    const run = runBacktest({ definition: smaCross, params: window.best.params }, [{ ...GOOG, bars }], { ...CONFIG, initialCashMinor: capital, startTime: GOOG.bars[outOfSampleStart]!.timestamp });
    assert.equal(window.startValueMinor, capital);
    assert.equal(window.endValueMinor, run.finalValueMinor);
    for (const fill of run.fills) assert.ok(Date.parse(fill.executedAt) >= GOOG.bars[outOfSampleStart]!.timestamp, 'no fill before the out-of-sample start');
    assert.deepEqual(Array.from(result.combined.valuesMinor.subarray(points, points + run.equity.valuesMinor.length)), Array.from(run.equity.valuesMinor));
    assert.equal(result.combined.windowStarts[window.index], points);
    points += outOfSampleEnd - outOfSampleStart;
    capital = run.finalValueMinor;
  }
  assert.equal(result.combined.valuesMinor.length, points);
  assert.equal(result.combined.windowStarts.length, result.windows.length);
  // Drawdown from the chain's running peak, the initial cash included (not reset per window).
  let peak = CONFIG.initialCashMinor;
  result.combined.valuesMinor.forEach((value, i) => {
    peak = Math.max(peak, value);
    assert.equal(result.combined.drawdown[i], 1 - value / peak);
  });
  assert.ok(result.combined.drawdown.some((down) => down > 0));
  assert.equal(result.combined.timestamps[0], GOOG.bars[500]!.timestamp);
  assert.equal(result.combined.finalValueMinor, capital);
  assert.equal(result.combined.statistics.finalValue, capital / 100);
  assert.equal(result.combined.statistics.initialValue, CONFIG.initialCashMinor / 100);
});

test('walk-forward in parallel equals serial; anchored windows differ', async () => {
  const serial = await walkForward(REQUEST);
  const parallel = await walkForward(REQUEST, { workers: 2 });
  assert.deepEqual(parallel, serial);
  const anchored = await walkForward({ ...REQUEST, anchored: true });
  assert.equal(anchored.windows.length, serial.windows.length);
  assert.equal(anchored.windows.at(-1)!.bounds.inSampleStart, 0);
});
