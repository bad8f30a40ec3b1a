// `kestrel optimise`: grid or random search of a strategy's parameters over a CSV of OHLCV bars,
// or a walk-forward analysis, on worker threads, through the same optimiser the strategy service
// uses (@kestrel/server-strategy). Prints the ranking (one JSON object with --json, a table
// otherwise); progress lines go to stderr; SIGINT cancels (the workers are terminated, exit 130).
// Errors are one line on stderr, `kestrel optimise: CODE: message`, with kestrel backtest's exit
// codes. Loads no server service (bin/kestrel.js dispatches here directly).
import { availableParallelism } from 'node:os';
import {
  loadCsvSeries,
  loadStrategy,
  minorToText,
  optimise,
  objectiveValue,
  resolveParams,
  walkForward,
  type CsvSeries,
  type OptimiseProgress,
  type Statistics,
  type TrialConfig,
  type TrialResult,
  type WalkForwardResult,
} from '@kestrel/server-strategy';
import { classify, csvDataOptions, PROCESS_IO, readDataFile, strategySourceOf, type CommandIo } from './backtest.js';
import { OPTIMISE_HELP, parseOptimiseArgs, type OptimiseArgs } from './optimise-args.js';

/** Exit code of a cancelled run (128 + SIGINT). */
export const OPTIMISE_CANCELLED_EXIT = 130;

/** How long between two progress lines. */
const PROGRESS_EVERY_MS = 1_000;

function trialConfig(args: OptimiseArgs, data: CsvSeries): TrialConfig {
  const b = args.backtest;
  return {
    initialCashMinor: data.initialCashMinor,
    moneyDecimals: data.moneyDecimals,
    ...(data.multipliers ? { multipliers: data.multipliers } : {}),
    fill: { market: b.fill, limit: b.limitFill, ...(b.maxParticipation === undefined ? {} : { maxParticipation: b.maxParticipation }) },
    commission: b.commission,
    ...(b.slippage ? { slippage: b.slippage } : {}),
    ...(b.seed === undefined ? {} : { seed: b.seed }),
    cashCheck: b.cashCheck,
    allowShort: b.allowShort,
    ...(b.periodsPerYear === undefined ? {} : { periodsPerYear: b.periodsPerYear }),
    ...(b.riskFreeRate === undefined ? {} : { riskFreeRate: b.riskFreeRate }),
  };
}

/** One ranked point as printed. */
function trialView(trial: TrialResult, args: OptimiseArgs, decimals: number) {
  return {
    index: trial.index,
    params: trial.resolved ?? trial.params,
    objective: trial.statistics === null ? null : objectiveValue(trial.statistics, args.objective),
    finalValue: trial.finalValueMinor === null ? null : Number(minorToText(trial.finalValueMinor, decimals)),
    fills: trial.fills,
    statistics: trial.statistics,
    error: trial.error,
  };
}

function walkForwardView(result: WalkForwardResult, decimals: number) {
  const money = (minor: number) => Number(minorToText(minor, decimals));
  return {
    windows: result.windows.map((window) => ({
      index: window.index,
      inSample: window.inSample,
      outOfSample: window.outOfSample,
      params: window.best.resolved ?? window.best.params,
      inSampleObjective: window.inSampleObjective,
      outOfSampleObjective: window.outOfSampleObjective,
      startValue: money(window.startValueMinor),
      endValue: money(window.endValueMinor),
    })),
    combined: { finalValue: money(result.combined.finalValueMinor), closedTrades: result.combined.trades.length, statistics: result.combined.statistics },
  };
}

const num = (value: number | null | undefined, digits = 2) => (value === null || value === undefined || !Number.isFinite(value) ? 'n/a' : value.toFixed(digits));

function statisticsLine(statistics: Statistics | null): string {
  if (statistics === null) return '';
  return `return ${num(statistics.totalReturn === null ? null : statistics.totalReturn * 100)}%  sharpe ${num(statistics.sharpe)}  maxDD ${num(statistics.maxDrawdown === null ? null : statistics.maxDrawdown * 100)}%  trades ${statistics.closedTrades}`;
}

/** The human-readable report. */
function report(output: Record<string, unknown>, ranked: ReturnType<typeof trialView>[], walk: ReturnType<typeof walkForwardView> | null): string {
  const size = walk === null ? `${String(output.points)} points` : `${walk.windows.length} walk-forward windows`;
  const lines = [`${String(output.strategy)} on ${String((output.data as { symbol: string }).symbol)}: ${size} (${String(output.method)}), objective ${String(output.objective)}, ${String(output.workers)} worker(s)`];
  if (walk === null) {
    lines.push('', 'rank  objective   final value  parameters');
    ranked.forEach((trial, rank) => {
      const result = trial.error ? `failed: ${trial.error.code}` : `${num(trial.objective, 4).padStart(9)}  ${String(trial.finalValue).padStart(12)}`;
      lines.push(`${String(rank + 1).padStart(4)}  ${result}  ${JSON.stringify(trial.params)}  ${statisticsLine(trial.statistics)}`);
    });
  } else {
    lines.push('', 'window  out of sample                                     objective IS / OOS   end value  parameters');
    for (const window of walk.windows) {
      lines.push(`${String(window.index + 1).padStart(6)}  ${window.outOfSample.from} .. ${window.outOfSample.to}  ${num(window.inSampleObjective, 3)} / ${num(window.outOfSampleObjective, 3)}  ${String(window.endValue).padStart(10)}  ${JSON.stringify(window.params)}`);
    }
    lines.push('', `combined out of sample: final value ${walk.combined.finalValue}, ${statisticsLine(walk.combined.statistics)}`);
  }
  return `${lines.join('\n')}\n`;
}

async function run(args: OptimiseArgs, io: CommandIo, signal: AbortSignal): Promise<string> {
  const b = args.backtest;
  const { csv, path } = readDataFile(b.data);
  const strategy = strategySourceOf(b.strategy);
  const definition = await loadStrategy(strategy);
  // Warm-up allowance of the pre-flight check: the fixed parameters with the declared defaults.
  const warmupBars = definition.warmupBars?.(resolveParams(definition, b.params));
  const data = loadCsvSeries({ ...csvDataOptions(b), csv, ...(warmupBars === undefined ? {} : { warmupBars }) });
  const workers = args.workers ?? availableParallelism();
  let lastProgress = 0;
  const onProgress = ({ completed, total, best }: OptimiseProgress) => {
    const now = Date.now();
    if (completed < total && now - lastProgress < PROGRESS_EVERY_MS) return;
    lastProgress = now;
    const lead = best?.statistics ? `, best ${args.objective} ${num(objectiveValue(best.statistics, args.objective), 4)} ${JSON.stringify(best.resolved ?? best.params)}` : '';
    io.stderr(`optimise: ${completed}/${total} trials${lead}\n`);
  };
  const request = {
    strategy,
    series: [data.series],
    config: trialConfig(args, data),
    space: args.space,
    fixed: b.params,
    method: args.method,
    ...(args.samples === undefined ? {} : { samples: args.samples }),
    ...(b.seed === undefined ? {} : { seed: b.seed }),
    objective: args.objective,
  };
  const started = performance.now();
  const output: Record<string, unknown> = {
    strategy: b.strategy,
    method: args.method,
    objective: args.objective,
    workers,
    data: { file: path, symbol: data.series.symbol, bars: data.preflight.bars, first: data.preflight.first, last: data.preflight.last, tickSize: data.series.tickSize },
    warnings: data.preflight.warnings,
  };
  let ranked: ReturnType<typeof trialView>[] = [];
  let walk: ReturnType<typeof walkForwardView> | null = null;
  if (args.walkForward) {
    const result = await walkForward({ ...request, ...args.walkForward }, { workers, signal, onProgress });
    walk = walkForwardView(result, data.moneyDecimals);
    Object.assign(output, { windows: walk.windows, combined: walk.combined });
  } else {
    const result = await optimise(request, { workers, signal, onProgress });
    ranked = result.ranking.slice(0, args.top).map((index) => trialView(result.trials[index]!, args, data.moneyDecimals));
    Object.assign(output, {
      points: result.trials.length,
      failedPoints: result.trials.filter((trial) => trial.error !== null).length,
      best: result.best === null ? null : trialView(result.best, args, data.moneyDecimals),
      ranking: ranked,
    });
  }
  io.stderr(`optimise: done in ${((performance.now() - started) / 1000).toFixed(2)} s\n`);
  return args.backtest.json ? `${JSON.stringify(output)}\n` : report(output, ranked, walk);
}

/** Runs `kestrel optimise <argv>`; returns the exit code (never calls process.exit). */
export async function optimiseCommand(argv: readonly string[], io: CommandIo = PROCESS_IO): Promise<number> {
  const controller = new AbortController();
  const cancel = () => controller.abort();
  process.once('SIGINT', cancel);
  try {
    const args = parseOptimiseArgs(argv);
    if (args.help) {
      io.stdout(OPTIMISE_HELP);
      return 0;
    }
    io.stdout(await run(args, io, controller.signal));
    return 0;
  } catch (error) {
    const { exit, code } = classify(error);
    io.stderr(`kestrel optimise: ${code}: ${error instanceof Error ? error.message : String(error)}\n`);
    if (code === 'USAGE') io.stderr('Run `kestrel optimise --help` for usage.\n');
    if (code === 'INTERNAL_ERROR' && error instanceof Error && error.stack) io.stderr(`${error.stack}\n`);
    return code === 'BACKTEST_CANCELLED' ? OPTIMISE_CANCELLED_EXIT : exit;
  } finally {
    process.removeListener('SIGINT', cancel);
  }
}
