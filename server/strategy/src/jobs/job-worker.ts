// Worker-thread entry of one backtest / optimisation / walk-forward job (job-protocol.ts). It reads
// the bars (CSV text or bars the parent fetched from the market-data history), loads the strategy
// (built-in or the user's bundled module, only ever evaluated in worker threads), runs the domain
// code — runCsvBacktest/runBacktest, optimise, walkForward, whose trial pools start their own
// workers — and posts progress and the JSON result (a walk-forward also its combined out-of-sample
// curve as columns, transferred rather than copied). Every failure becomes a `failed` message with
// the domain's stable code (BACKTEST_*, OPTIMISE_*, STRATEGY_*, DATA_*).
import { parentPort, workerData } from 'node:worker_threads';
import { type ParamSpecs, type StrategyDefinition } from '@kestrel/shared';
import { BacktestError } from '../domain/backtest/backtest-error.js';
import { runBacktest } from '../domain/backtest/backtest-engine.js';
import { barSeries, type ArrayBarSeries } from '../domain/backtest/bar-series.js';
import { summariseResult } from '../domain/backtest/backtest-summary.js';
import { runCsvBacktest } from '../domain/backtest/csv-backtest.js';
import { minorToNumber, moneyDecimalsFor, toMinor } from '../domain/backtest/money.js';
import { optimise } from '../domain/optimise/optimiser.js';
import type { TrialConfig, TrialResult } from '../domain/optimise/trial.js';
import { walkForward } from '../domain/optimise/walk-forward.js';
import { readOhlcvCsv } from '@kestrel/shared';
import { loadStrategy, type StrategySource } from '../domain/strategies/registry.js';
import type { CurveColumns } from './job-curve-store.js';
import type { FromJobWorker, JobWorkerData } from './job-protocol.js';

const job = workerData as JobWorkerData;
const port = parentPort!;
let lastProgress = 0;

function post(message: FromJobWorker): void {
  const curve = message.type === 'done' ? message.curve : undefined;
  const buffers = curve === undefined ? [] : [curve.timestamps.buffer, curve.valuesMinor.buffer, curve.drawdown.buffer];
  port.postMessage(message, buffers.filter((buffer): buffer is ArrayBuffer => buffer instanceof ArrayBuffer));
}

function progress(completed: number, total: number): void {
  const now = Date.now();
  if (now - lastProgress < 200 && completed < total) return;
  lastProgress = now;
  post({ type: 'progress', completed, total });
}

function source(): StrategySource {
  if ('builtin' in job.strategy) return { builtin: job.strategy.builtin };
  return { module: `data:text/javascript;base64,${Buffer.from(job.strategy.code).toString('base64')}` };
}

function series(): ArrayBarSeries {
  if (job.data.kind === 'bars') return barSeries(job.data.symbol, job.data.bars, job.data.tickSize);
  const { bars } = readOhlcvCsv(job.data.csv, { tickSize: job.data.tickSize });
  if (bars.length === 0) throw new BacktestError('BACKTEST_DATA_MISSING', 'the CSV has a header but no bars');
  return barSeries(job.data.symbol, bars, job.data.tickSize);
}

function trialView(trial: TrialResult | null, decimals: number): Record<string, unknown> | null {
  if (trial === null) return null;
  return {
    index: trial.index,
    params: trial.resolved ?? trial.params,
    finalValue: trial.finalValueMinor === null ? null : minorToNumber(trial.finalValueMinor, decimals),
    statistics: trial.statistics === null ? null : JSON.parse(JSON.stringify(trial.statistics, (_, value: unknown) => (typeof value === 'number' && !Number.isFinite(value) ? null : value))),
    fills: trial.fills,
    error: trial.error,
  };
}

async function run(): Promise<{ result: Record<string, unknown>; curve?: CurveColumns }> {
  const strategy = source();
  const definition: StrategyDefinition<ParamSpecs> = await loadStrategy(strategy);
  const { settings } = job;
  const options = {
    fill: settings.fill,
    commission: settings.commission,
    slippage: settings.slippage,
    seed: settings.seed,
    allowShort: settings.allowShort,
    cashCheck: settings.cashCheck,
  };
  if (job.kind === 'backtest') {
    if (job.data.kind === 'csv') {
      const outcome = runCsvBacktest({
        csv: job.data.csv,
        source: `${job.data.symbol}.csv`,
        symbol: job.data.symbol,
        tickSize: job.data.tickSize,
        strategy: definition,
        params: settings.params,
        cash: settings.cash,
        options: { ...options, onProgress: progress },
      });
      progress(1, 1);
      return { result: { ...summariseResult(outcome.result, { trades: true, equity: true }), preflight: JSON.parse(JSON.stringify(outcome.preflight)) } };
    }
    const bars = series();
    const moneyDecimals = moneyDecimalsFor([bars.tickSize, settings.cash]);
    const result = runBacktest({ definition, params: settings.params }, [bars], { ...options, initialCashMinor: toMinor(settings.cash, moneyDecimals, 'cash'), moneyDecimals, onProgress: progress });
    progress(1, 1);
    return { result: summariseResult(result, { trades: true, equity: true }) };
  }
  const bars = series();
  const moneyDecimals = moneyDecimalsFor([bars.tickSize, settings.cash]);
  const config: TrialConfig = { ...options, initialCashMinor: toMinor(settings.cash, moneyDecimals, 'cash'), moneyDecimals };
  const spec = job.optimise!;
  const request = { strategy, series: [bars], config, space: spec.space, fixed: settings.params, method: spec.method, samples: spec.samples, objective: spec.objective };
  const runOptions = { workers: spec.workers, onProgress: (p: { completed: number; total: number }) => progress(p.completed, p.total) };
  if (job.kind === 'optimisation') {
    const result = await optimise(request, runOptions);
    return {
      result: {
        objective: result.objective,
        trials: result.trials.length,
        best: trialView(result.best, moneyDecimals),
        top: result.ranking.slice(0, 20).map((index) => trialView(result.trials[index]!, moneyDecimals)),
      },
    };
  }
  const result = await walkForward({ ...request, ...spec.walkForward! }, runOptions);
  const { combined } = result;
  const curve: CurveColumns = {
    timestamps: combined.timestamps,
    valuesMinor: combined.valuesMinor,
    drawdown: combined.drawdown,
    windowStarts: combined.windowStarts,
    initialValueMinor: config.initialCashMinor,
    moneyDecimals,
  };
  const summary = {
    objective: result.objective,
    windows: result.windows.map((window) => ({
      index: window.index,
      inSample: window.inSample,
      outOfSample: window.outOfSample,
      best: trialView(window.best, moneyDecimals),
      inSampleObjective: window.inSampleObjective,
      outOfSampleObjective: window.outOfSampleObjective,
      startValue: minorToNumber(window.startValueMinor, moneyDecimals),
      endValue: minorToNumber(window.endValueMinor, moneyDecimals),
    })),
    combined: {
      finalValue: minorToNumber(result.combined.finalValueMinor, moneyDecimals),
      trades: result.combined.trades.length,
      points: result.combined.timestamps.length,
      statistics: JSON.parse(JSON.stringify(result.combined.statistics, (_, value: unknown) => (typeof value === 'number' && !Number.isFinite(value) ? null : value))),
    },
  };
  return { result: summary, curve };
}

run().then(
  (outcome) => post({ type: 'done', ...outcome }),
  (error: unknown) => {
    const code = (error as { code?: unknown }).code;
    post({ type: 'failed', code: typeof code === 'string' ? code : 'BACKTEST_FAILED', message: error instanceof Error ? error.message : String(error) });
  },
);
