// One optimisation trial: a backtest of one parameter point over one time range, reduced to what a
// ranking needs. The same function runs in the calling thread (serial) and in worker threads
// (parallel), which is why parallel and serial optimisations give identical results. The run's
// options travel as plain data (TrialConfig) so they can be posted to a worker.

import type { ParamSpecs, RawParams, StrategyDefinition } from '@kestrel/shared';
import { BacktestError } from '../backtest/backtest-error.js';
import { runBacktest, type BacktestOptions } from '../backtest/backtest-engine.js';
import type { BarFillOptions } from '../backtest/bar-fill-model.js';
import { sliceByTime, type BarSeries } from '../backtest/bar-series.js';
import type { CommissionSpec } from '../backtest/commission.js';
import type { SlippageSpec } from '../backtest/slippage.js';
import type { Statistics } from '../backtest/statistics.js';

/** Backtest options that can be posted to a worker (models as specs, no signal or callbacks). */
export interface TrialConfig {
  initialCashMinor: number;
  moneyDecimals: number;
  multipliers?: Readonly<Record<string, number>>;
  fill?: BarFillOptions;
  commission?: readonly CommissionSpec[];
  slippage?: SlippageSpec;
  seed?: number;
  cashCheck?: boolean;
  allowShort?: boolean;
  periodsPerYear?: number;
  riskFreeRate?: number;
  historyLength?: number;
}

/** A time range [from, to) in ms; `tradeFrom` starts trading later (earlier bars warm up). */
export interface TimeRange {
  from: number;
  to: number;
  tradeFrom?: number;
}

/** One trial to run. */
export interface TrialJob {
  index: number;
  params: RawParams;
  range?: TimeRange;
}

/** What a trial produced. */
export interface TrialResult {
  index: number;
  params: RawParams;
  /** Resolved parameters (defaults filled in); null when the point was invalid. */
  resolved: Readonly<Record<string, unknown>> | null;
  finalValueMinor: number | null;
  statistics: Statistics | null;
  fills: number;
  /** Why the point could not run (invalid parameters), with its stable code. */
  error: { code: string; message: string } | null;
}

/** The bars of every series inside the range. */
export function sliceSeries(series: readonly BarSeries[], range: TimeRange | undefined): BarSeries[] {
  if (range === undefined) return [...series];
  return series.map((s) => sliceByTime(s, range.from, range.to));
}

/** The options of a run of `config` over `range`. */
export function trialOptions(config: TrialConfig, range: TimeRange | undefined): BacktestOptions {
  return { ...config, recordFills: false, maxLogEntries: 0, ...(range?.tradeFrom === undefined ? {} : { startTime: range.tradeFrom }) };
}

/** Runs one trial; invalid parameter points become results with an error (they are part of a space). */
export function runTrial(definition: StrategyDefinition<ParamSpecs>, series: readonly BarSeries[], config: TrialConfig, job: TrialJob): TrialResult {
  try {
    const result = runBacktest({ definition, params: job.params }, sliceSeries(series, job.range), trialOptions(config, job.range));
    return { index: job.index, params: job.params, resolved: result.params, finalValueMinor: result.finalValueMinor, statistics: result.statistics, fills: result.fillCount, error: null };
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && code.startsWith('STRATEGY_PARAM')) {
      return { index: job.index, params: job.params, resolved: null, finalValueMinor: null, statistics: null, fills: 0, error: { code, message: (error as Error).message } };
    }
    if (error instanceof BacktestError || error instanceof Error) throw error;
    throw new Error(String(error));
  }
}
