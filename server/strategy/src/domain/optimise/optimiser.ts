// Parameter optimisation: grid or random search over a parameter space, each point a full
// backtest, ranked by one objective. Serial (workers <= 1: in this thread, yielding between trials
// so an AbortSignal can land) or parallel (a TrialPool of worker threads); both run the same
// runTrial, so their results are identical. Deterministic: the points depend only on the space
// (and the seed for random search), each trial only on its point, and ties rank by point index.
// Progress is reported after every trial; cancellation rejects with BACKTEST_CANCELLED.

import { setImmediate as yieldToEvents } from 'node:timers/promises';
import type { ParamSpecs, RawParams, StrategyDefinition } from '@kestrel/shared';
import { BacktestError } from '../backtest/backtest-error.js';
import type { BarSeries } from '../backtest/bar-series.js';
import { loadStrategy, type StrategySource } from '../strategies/registry.js';
import { objectiveValue, score, type Objective } from './objective.js';
import { gridPoints, randomPoints, type ParameterSpace } from './parameter-space.js';
import { TrialPool } from './trial-pool.js';
import { runTrial, type TimeRange, type TrialConfig, type TrialJob, type TrialResult } from './trial.js';

/** What to optimise. */
export interface OptimiseRequest {
  strategy: StrategySource;
  series: readonly BarSeries[];
  config: TrialConfig;
  space: ParameterSpace;
  /** Parameters held fixed (not varied). */
  fixed?: RawParams;
  method: 'grid' | 'random';
  /** Points of a random search. */
  samples?: number;
  /** Seed of the random search's sampling (default config.seed, else 1). */
  seed?: number;
  /** Ranking statistic (default sharpe). */
  objective?: Objective;
  /** Only bars in this range (default all). */
  range?: TimeRange;
}

/** Progress after each trial. */
export interface OptimiseProgress {
  completed: number;
  total: number;
  best: TrialResult | null;
}

/** How to run. */
export interface OptimiseOptions {
  /** Worker threads; 1 or less runs serially in this thread (default 1). */
  workers?: number;
  signal?: AbortSignal;
  onProgress?: (progress: OptimiseProgress) => void;
}

/** Every trial plus the ranking. */
export interface OptimiseResult {
  objective: Objective;
  /** In point order. */
  trials: TrialResult[];
  /** Trial indices, best first (invalid points last). */
  ranking: number[];
  best: TrialResult | null;
}

/** The ranking of results by objective (ties: lower index first). */
export function rank(trials: readonly TrialResult[], objective: Objective): number[] {
  const keyed = trials.map((trial) => ({ index: trial.index, valid: trial.error === null, score: trial.statistics === null ? -Infinity : score(objectiveValue(trial.statistics, objective), objective) }));
  keyed.sort((a, b) => Number(b.valid) - Number(a.valid) || b.score - a.score || a.index - b.index);
  return keyed.map((entry) => entry.index);
}

/** Whether `a` ranks above `b`. */
function better(a: TrialResult, b: TrialResult | null, objective: Objective): boolean {
  if (a.error !== null) return false;
  if (b === null || b.error !== null) return true;
  const sa = a.statistics === null ? -Infinity : score(objectiveValue(a.statistics, objective), objective);
  const sb = b.statistics === null ? -Infinity : score(objectiveValue(b.statistics, objective), objective);
  return sa > sb || (sa === sb && a.index < b.index);
}

/** The points of a request. */
export function optimisationPoints(definition: StrategyDefinition<ParamSpecs>, request: OptimiseRequest): RawParams[] {
  if (request.method === 'grid') return gridPoints(definition, request.space, request.fixed);
  if (request.method === 'random') return randomPoints(definition, request.space, request.samples ?? 100, request.seed ?? request.config.seed ?? 1, request.fixed);
  throw new BacktestError('OPTIMISE_INVALID_SPACE', `method must be grid or random, got ${String(request.method)}`);
}

/** Runs the jobs serially or on a pool; results in job order. */
export async function evaluateTrials(
  definition: StrategyDefinition<ParamSpecs>,
  strategy: StrategySource,
  series: readonly BarSeries[],
  config: TrialConfig,
  jobs: readonly TrialJob[],
  options: OptimiseOptions,
  onResult: (result: TrialResult) => void,
): Promise<TrialResult[]> {
  const workers = Math.min(options.workers ?? 1, jobs.length);
  if (workers <= 1) {
    const results: TrialResult[] = [];
    for (const job of jobs) {
      if (options.signal?.aborted) throw new BacktestError('BACKTEST_CANCELLED', `optimisation cancelled after ${results.length} of ${jobs.length} trials`);
      const result = runTrial(definition, series, config, job);
      results.push(result);
      onResult(result);
      await yieldToEvents();
    }
    return results;
  }
  const pool = await TrialPool.start({ workers, series, strategy, config });
  try {
    return await pool.run(jobs, { signal: options.signal, onResult });
  } finally {
    await pool.close();
  }
}

/** Grid or random search; see the module comment. */
export async function optimise(request: OptimiseRequest, options: OptimiseOptions = {}): Promise<OptimiseResult> {
  const definition = await loadStrategy(request.strategy);
  const objective = request.objective ?? 'sharpe';
  const points = optimisationPoints(definition, request);
  const jobs = points.map((params, index) => ({ index, params, range: request.range }));
  let best: TrialResult | null = null;
  let completed = 0;
  const trials = await evaluateTrials(definition, request.strategy, request.series, request.config, jobs, options, (result) => {
    completed++;
    if (better(result, best, objective)) best = result;
    options.onProgress?.({ completed, total: jobs.length, best });
  });
  const ranking = rank(trials, objective);
  const top = trials[ranking[0]!] ?? null;
  return { objective, trials, ranking, best: top !== null && top.error === null ? top : null };
}
