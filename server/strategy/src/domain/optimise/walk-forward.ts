// Walk-forward analysis: optimise on an in-sample window, trade the best parameters on the
// out-of-sample window that follows, roll forward, and judge the strategy by the out-of-sample
// segments only, chained into one equity curve.
// Windows (bar indices of the first series): in-sample [s, s + IS), out-of-sample
// [s + IS, s + IS + OOS) clipped to the data, s advancing by `step` (default OOS) from 0; anchored
// windows keep s = 0 and grow. Each out-of-sample run uses the in-sample bars as warm-up history
// (indicators and the strategy's state are live at the first out-of-sample bar, but nothing
// trades before it) and starts flat with the capital the previous segment ended with; a position
// still open at the end of a segment is valued at that segment's last close (no commission or
// slippage), exactly like the end of a backtest. All in-sample trials of all windows run in one
// pass (one pool), so parallel and serial runs are identical.
// Invariant: the combined curve has one point per out-of-sample bar, segments in time order (times
// repeat only when stepBars < outOfSampleBars makes segments overlap), its first segment starts
// from the initial cash, `windowStarts[w]` is the index of window w's first point, and its drawdown
// is measured from the running peak of the whole chain (initial cash included), as in a backtest.

import type { ParamSpecs, StrategyDefinition } from '@kestrel/shared';
import { BacktestError } from '../backtest/backtest-error.js';
import { runBacktest } from '../backtest/backtest-engine.js';
import { seriesLength, seriesTime } from '../backtest/bar-series.js';
import type { RoundTrip } from '../backtest/round-trips.js';
import { computeStatistics, drawdownCurve, inferPeriodsPerYear, type Statistics } from '../backtest/statistics.js';
import { loadStrategy } from '../strategies/registry.js';
import { objectiveValue, type Objective } from './objective.js';
import { evaluateTrials, optimisationPoints, rank, type OptimiseOptions, type OptimiseRequest } from './optimiser.js';
import { sliceSeries, trialOptions, type TimeRange, type TrialJob, type TrialResult } from './trial.js';

/** A walk-forward analysis. */
export interface WalkForwardRequest extends Omit<OptimiseRequest, 'range'> {
  inSampleBars: number;
  outOfSampleBars: number;
  /** Bars between window starts (default outOfSampleBars: back-to-back out-of-sample segments). */
  stepBars?: number;
  /** Keep the in-sample start at the first bar (expanding windows). */
  anchored?: boolean;
}

/** Bar indices of one window. */
export interface WindowBounds {
  inSampleStart: number;
  inSampleEnd: number;
  outOfSampleStart: number;
  outOfSampleEnd: number;
}

/** One window's outcome. */
export interface WalkForwardWindow {
  index: number;
  bounds: WindowBounds;
  inSample: { from: string; to: string };
  outOfSample: { from: string; to: string };
  best: TrialResult;
  inSampleObjective: number | null;
  outOfSampleObjective: number | null;
  startValueMinor: number;
  endValueMinor: number;
  outOfSampleStatistics: Statistics;
}

/** The chained out-of-sample segments: one point per out-of-sample bar (columns of equal length). */
export interface CombinedCurve {
  timestamps: Float64Array;
  valuesMinor: Float64Array;
  /** 1 - value / running peak of the chain (initial cash included), a fraction. */
  drawdown: Float64Array;
  /** Index of each window's first point, in window order. */
  windowStarts: number[];
  finalValueMinor: number;
  trades: RoundTrip[];
  statistics: Statistics;
}

/** The analysis. */
export interface WalkForwardResult {
  objective: Objective;
  windows: WalkForwardWindow[];
  combined: CombinedCurve;
}

/** The windows over `bars` bars; throws OPTIMISE_INVALID_WINDOWS when none fits. */
export function walkForwardWindows(bars: number, inSample: number, outOfSample: number, step = outOfSample, anchored = false): WindowBounds[] {
  for (const [name, value] of [['inSampleBars', inSample], ['outOfSampleBars', outOfSample], ['stepBars', step]] as const) {
    if (!Number.isSafeInteger(value) || value < 1) throw new BacktestError('OPTIMISE_INVALID_WINDOWS', `${name} must be a positive integer, got ${String(value)}`);
  }
  const windows: WindowBounds[] = [];
  for (let start = 0; start + inSample < bars; start += step) {
    const inSampleStart = anchored ? 0 : start;
    const inSampleEnd = start + inSample;
    windows.push({ inSampleStart, inSampleEnd, outOfSampleStart: inSampleEnd, outOfSampleEnd: Math.min(inSampleEnd + outOfSample, bars) });
  }
  if (windows.length === 0) throw new BacktestError('OPTIMISE_INVALID_WINDOWS', `${bars} bars do not hold an in-sample window of ${inSample} bars plus out-of-sample bars`);
  return windows;
}

/** Runs the analysis (see the module comment). */
export async function walkForward(request: WalkForwardRequest, options: OptimiseOptions = {}): Promise<WalkForwardResult> {
  const definition: StrategyDefinition<ParamSpecs> = await loadStrategy(request.strategy);
  const objective = request.objective ?? 'sharpe';
  const clock = request.series[0];
  if (clock === undefined) throw new BacktestError('BACKTEST_DATA_MISSING', 'no bar series given');
  const bars = seriesLength(clock);
  const bounds = walkForwardWindows(bars, request.inSampleBars, request.outOfSampleBars, request.stepBars, request.anchored);
  const time = (index: number): number => (index < bars ? seriesTime(clock, index) : seriesTime(clock, bars - 1) + 1);
  const points = optimisationPoints(definition, { ...request, range: undefined });
  const jobs: TrialJob[] = [];
  bounds.forEach((window, w) => {
    const range: TimeRange = { from: time(window.inSampleStart), to: time(window.inSampleEnd) };
    points.forEach((params, p) => jobs.push({ index: w * points.length + p, params, range }));
  });
  let completed = 0;
  const results = await evaluateTrials(definition, request.strategy, request.series, request.config, jobs, options, () => {
    completed++;
    options.onProgress?.({ completed, total: jobs.length, best: null });
  });

  const windows: WalkForwardWindow[] = [];
  const timestamps: number[] = [];
  const values: number[] = [];
  const trades: RoundTrip[] = [];
  const windowStarts: number[] = [];
  let exposed = 0;
  let capital = request.config.initialCashMinor;
  for (let w = 0; w < bounds.length; w++) {
    if (options.signal?.aborted) throw new BacktestError('BACKTEST_CANCELLED', `walk-forward cancelled at window ${w + 1} of ${bounds.length}`);
    const window = bounds[w]!;
    const trials = results.slice(w * points.length, (w + 1) * points.length);
    const best = trials.find((trial) => trial.index === rank(trials, objective)[0]);
    if (best === undefined || best.error !== null) throw new BacktestError('OPTIMISE_INVALID_SPACE', `window ${w + 1}: no valid parameter point`);
    const range: TimeRange = { from: time(window.inSampleStart), to: time(window.outOfSampleEnd), tradeFrom: time(window.outOfSampleStart) };
    const run = runBacktest({ definition, params: best.resolved! }, sliceSeries(request.series, range), {
      ...trialOptions({ ...request.config, initialCashMinor: capital }, range),
      signal: options.signal,
    });
    const n = run.equity.timestamps.length;
    windowStarts.push(timestamps.length);
    for (let i = 0; i < n; i++) {
      timestamps.push(run.equity.timestamps[i]!);
      values.push(run.equity.valuesMinor[i]!);
    }
    exposed += Math.round(run.statistics.exposure * n);
    trades.push(...run.trades);
    windows.push({
      index: w,
      bounds: window,
      inSample: { from: new Date(time(window.inSampleStart)).toISOString(), to: new Date(time(window.inSampleEnd - 1)).toISOString() },
      outOfSample: { from: new Date(time(window.outOfSampleStart)).toISOString(), to: new Date(time(window.outOfSampleEnd - 1)).toISOString() },
      best,
      inSampleObjective: best.statistics === null ? null : objectiveValue(best.statistics, objective),
      outOfSampleObjective: objectiveValue(run.statistics, objective),
      startValueMinor: capital,
      endValueMinor: run.finalValueMinor,
      outOfSampleStatistics: run.statistics,
    });
    capital = run.finalValueMinor;
  }
  const combinedTimes = Float64Array.from(timestamps);
  const combinedValues = Float64Array.from(values);
  const drawdown = drawdownCurve(request.config.initialCashMinor, combinedValues);
  const statistics = computeStatistics({
    initialMinor: request.config.initialCashMinor,
    equityMinor: combinedValues,
    drawdown,
    timestamps: combinedTimes,
    trades,
    exposedBars: exposed,
    periodsPerYear: request.config.periodsPerYear ?? inferPeriodsPerYear(combinedTimes),
    riskFreeRate: request.config.riskFreeRate,
    moneyDecimals: request.config.moneyDecimals,
  });
  return { objective, windows, combined: { timestamps: combinedTimes, valuesMinor: combinedValues, drawdown, windowStarts, finalValueMinor: capital, trades, statistics } };
}
