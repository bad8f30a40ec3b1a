// Grid and random search on GOOG: deterministic, parallel (worker threads under tsx) equal to
// serial, ranking by objective with ties by index, progress reports and cancellation.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { readOhlcvCsv } from '@kestrel/shared';
import { runBacktest } from '../backtest/backtest-engine.js';
import { barSeries } from '../backtest/bar-series.js';
import { smaCross } from '../strategies/sma-cross.js';
import { optimise, type OptimiseRequest } from './optimiser.js';

const GOOG = barSeries('GOOG', readOhlcvCsv(readFileSync(new URL('../../../../../../shared/data/ohlcv/GOOG.csv', import.meta.url), 'utf8')).bars);
const CONFIG = { initialCashMinor: 1_000_000, moneyDecimals: 2 };

const GRID: OptimiseRequest = {
  strategy: { builtin: 'sma-cross' },
  series: [GOOG],
  config: CONFIG,
  space: { fast: { min: 5, max: 25, step: 5 }, slow: { values: [30, 60, 90] } },
  fixed: { size: 10 },
  method: 'grid',
  objective: 'sharpe',
};

test('grid search: every point is the backtest of its parameters, ranked by the objective', async () => {
  const progress: number[] = [];
  const result = await optimise(GRID, { onProgress: (p) => progress.push(p.completed) });
  assert.equal(result.trials.length, 15);
  assert.deepEqual(progress, Array.from({ length: 15 }, (_, i) => i + 1));
  for (const trial of result.trials) {
    const direct = runBacktest({ definition: smaCross, params: trial.params }, [GOOG], CONFIG);
    assert.equal(trial.finalValueMinor, direct.finalValueMinor, JSON.stringify(trial.params));
    assert.deepEqual(trial.statistics, direct.statistics);
  }
  const sharpes = result.ranking.map((index) => result.trials[index]!.statistics!.sharpe ?? -Infinity);
  assert.deepEqual(sharpes, [...sharpes].sort((a, b) => b - a));
  assert.equal(result.best, result.trials[result.ranking[0]!]);
  const byDrawdown = await optimise({ ...GRID, objective: 'maxDrawdown' });
  const drawdowns = byDrawdown.ranking.map((index) => byDrawdown.trials[index]!.statistics!.maxDrawdown);
  assert.deepEqual(drawdowns, [...drawdowns].sort((a, b) => a - b), 'drawdown is minimised');
});

test('parallel (2 worker threads) equals serial, and runs are deterministic', async () => {
  const serial = await optimise(GRID);
  const again = await optimise(GRID);
  const parallel = await optimise(GRID, { workers: 2 });
  assert.deepEqual(again, serial);
  assert.deepEqual(parallel, serial);
});

test('random search: same seed, same points and results; serial equals parallel', async () => {
  const request: OptimiseRequest = { ...GRID, method: 'random', samples: 12, seed: 9, space: { fast: { min: 2, max: 40 }, slow: { min: 20, max: 120 } } };
  const a = await optimise(request);
  const b = await optimise(request, { workers: 2 });
  assert.deepEqual(b, a);
  const other = await optimise({ ...request, seed: 10 });
  assert.notDeepEqual(other.trials.map((t) => t.params), a.trials.map((t) => t.params));
});

test('invalid points are kept as failed trials and ranked last', async () => {
  const result = await optimise({ ...GRID, strategy: { builtin: 'rsi-mean-reversion' }, space: { oversold: { values: [30, 60] }, exit: { values: [50] } }, fixed: {} });
  const failed = result.trials.filter((trial) => trial.error !== null);
  assert.equal(failed.length, 1);
  assert.equal(failed[0]!.error!.code, 'STRATEGY_PARAMS_INCONSISTENT');
  assert.equal(result.ranking.at(-1), failed[0]!.index);
});

test('cancellation rejects with BACKTEST_CANCELLED, serially and on the pool', async () => {
  for (const workers of [1, 2]) {
    const controller = new AbortController();
    await assert.rejects(
      optimise(GRID, { workers, signal: controller.signal, onProgress: (p) => p.completed === 3 && controller.abort() }),
      (e: unknown) => (e as { code?: string }).code === 'BACKTEST_CANCELLED',
      `workers ${workers}`,
    );
  }
  const aborted = AbortSignal.abort();
  await assert.rejects(optimise(GRID, { workers: 2, signal: aborted }), (e: unknown) => (e as { code?: string }).code === 'BACKTEST_CANCELLED');
});
