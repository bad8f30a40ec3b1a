// `kestrel backtest`: reads a CSV of OHLCV bars, runs a strategy through the backtester and prints
// the summary (one JSON object with --json, a short report otherwise). Errors are one line on
// stderr, `kestrel backtest: CODE: message`, with exit codes 64 (usage, invalid options or
// parameters), 65 (data missing, unreadable or with gaps) and 1 (the strategy failed).
// Loads no server service, so it starts fast (bin/kestrel.js dispatches here directly).
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { MarketDataError, StrategyError } from '@kestrel/shared';
import {
  BacktestError,
  builtinStrategy,
  loadStrategy,
  runCsvBacktest,
  summariseResult,
  type CsvBacktestOutcome,
  type StrategySource,
} from '@kestrel/server-strategy';
import { UsageError } from '../args.js';
import { BACKTEST_HELP, parseBacktestArgs, type BacktestArgs } from './backtest-args.js';

/** Exit codes of the command. */
export const BACKTEST_EXIT = { ok: 0, failure: 1, usage: 64, data: 65 } as const;

/** Where the command writes. */
export interface CommandIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

/** The process's own stdout and stderr. */
export const PROCESS_IO: CommandIo = { stdout: (text) => process.stdout.write(text), stderr: (text) => process.stderr.write(text) };

/** The strategy named on the command line: a built-in, or a module path with an optional #export. */
export function strategySourceOf(name: string): StrategySource {
  if (!/[\\/]|\.(ts|js|mjs)(#|$)/.test(name)) {
    builtinStrategy(name); // throws BACKTEST_STRATEGY_UNKNOWN naming the built-ins
    return { builtin: name };
  }
  const [path = '', exported] = name.split('#');
  const absolute = resolve(path);
  if (!existsSync(absolute)) throw new BacktestError('BACKTEST_STRATEGY_UNKNOWN', `strategy module ${absolute} does not exist`);
  return exported === undefined ? { module: pathToFileURL(absolute).href } : { module: pathToFileURL(absolute).href, export: exported };
}

/** The CSV file named by --data, read whole. */
export function readDataFile(data: string): { csv: string; path: string } {
  const path = resolve(data);
  if (!existsSync(path)) throw new BacktestError('BACKTEST_DATA_MISSING', `data file ${path} does not exist`);
  return { csv: readFileSync(path, 'utf8'), path };
}

/** The data options of runCsvBacktest / loadCsvSeries from the parsed command line. */
export function csvDataOptions(args: BacktestArgs) {
  return {
    source: args.data,
    symbol: args.symbol,
    cash: args.cash,
    tickSize: args.tickSize,
    multiplier: args.multiplier,
    utcOffsetMinutes: args.utcOffsetMinutes,
    from: args.from,
    to: args.to,
    preflight: {
      allowGaps: args.allowGaps,
      maxIdleBars: args.maxIdleBars,
      strictSessions: args.strictSessions,
      calendar: args.calendar,
      intervalMs: args.intervalMs,
      session: { ...args.session, utcOffsetMinutes: args.utcOffsetMinutes, ...(args.holidays.length > 0 ? { holidays: args.holidays } : {}) },
    },
  };
}

async function run(args: BacktestArgs): Promise<{ outcome: CsvBacktestOutcome; source: string }> {
  const { csv, path } = readDataFile(args.data);
  const strategy = await loadStrategy(strategySourceOf(args.strategy));
  const outcome = runCsvBacktest({
    ...csvDataOptions(args),
    csv,
    strategy,
    params: args.params,
    options: {
      fill: { market: args.fill, limit: args.limitFill, maxParticipation: args.maxParticipation },
      commission: args.commission,
      slippage: args.slippage,
      seed: args.seed,
      cashCheck: args.cashCheck,
      allowShort: args.allowShort,
      periodsPerYear: args.periodsPerYear,
      riskFreeRate: args.riskFreeRate,
      recordFills: args.fillList,
    },
  });
  return { outcome, source: path };
}

function percent(value: number | null): string {
  return value === null ? 'n/a' : `${(value * 100).toFixed(2)}%`;
}

function fixed(value: number | null, digits = 2): string {
  return value === null ? 'n/a' : value.toFixed(digits);
}

/** The human-readable report. */
function report(summary: Record<string, unknown>, outcome: CsvBacktestOutcome): string {
  const s = outcome.result.statistics;
  const pf = outcome.preflight;
  const lines = [
    `${String(summary.strategy)} ${JSON.stringify(summary.params)} on ${outcome.series.symbol}: ${pf.bars} bars ${pf.first} .. ${pf.last} (tick ${outcome.series.tickSize})`,
    `fills: ${String(summary.fillModel)}; commission: ${String(summary.commissionModel)}; slippage: ${String(summary.slippageModel)}`,
    '',
    `initial cash         ${String(summary.initialCash)}`,
    `final value          ${String(summary.finalValue)}`,
    `total return         ${percent(s.totalReturn)}`,
    `annual return        ${percent(s.annualReturn)}`,
    `volatility (annual)  ${percent(s.volatility)}`,
    `sharpe / sortino     ${fixed(s.sharpe)} / ${fixed(s.sortino)}`,
    `max drawdown         ${percent(s.maxDrawdown)} (longest ${s.maxDrawdownDurationBars} bars, ${fixed(s.maxDrawdownDurationDays, 0)} days)`,
    `calmar               ${fixed(s.calmar)}`,
    `closed trades        ${s.closedTrades} (open ${String(summary.openTrades)}, fills ${String(summary.fills)})`,
    `win rate             ${percent(s.winRate)}`,
    `profit factor        ${fixed(s.profitFactor)}`,
    `expectancy           ${fixed(s.expectancy)} per trade`,
    `exposure             ${percent(s.exposure)}`,
    `commission           ${String(summary.commission)}`,
  ];
  for (const warning of pf.warnings) lines.push(`warning: ${warning}`);
  return `${lines.join('\n')}\n`;
}

/** Stable exit code and code text of an error (shared with kestrel optimise). */
export function classify(error: unknown): { exit: number; code: string } {
  if (error instanceof UsageError) return { exit: BACKTEST_EXIT.usage, code: 'USAGE' };
  if (error instanceof MarketDataError) return { exit: BACKTEST_EXIT.data, code: error.code };
  if (error instanceof StrategyError) return { exit: BACKTEST_EXIT.usage, code: error.code };
  if (error instanceof BacktestError) {
    const exit = error.code.startsWith('BACKTEST_DATA_') ? BACKTEST_EXIT.data : error.code === 'BACKTEST_STRATEGY_FAILED' || error.code === 'BACKTEST_AMOUNT_OUT_OF_RANGE' ? BACKTEST_EXIT.failure : BACKTEST_EXIT.usage;
    return { exit, code: error.code };
  }
  return { exit: BACKTEST_EXIT.failure, code: 'INTERNAL_ERROR' };
}

/** Runs `kestrel backtest <argv>`; returns the exit code (never calls process.exit, so output is flushed). */
export async function backtestCommand(argv: readonly string[], io: CommandIo = PROCESS_IO): Promise<number> {
  try {
    const args = parseBacktestArgs(argv);
    if (args.help) {
      io.stdout(BACKTEST_HELP);
      return BACKTEST_EXIT.ok;
    }
    const { outcome, source } = await run(args);
    const summary = summariseResult(outcome.result, { trades: args.trades, fills: args.fillList, equity: args.equity });
    const pf = outcome.preflight;
    if (args.json) {
      const data = { file: source, symbol: outcome.series.symbol, bars: pf.bars, first: pf.first, last: pf.last, tickSize: outcome.series.tickSize, intervalMs: pf.intervalMs, calendar: pf.calendar, missingBars: pf.missingBars, gaps: pf.gaps.length, idleIntervals: pf.idleIntervals, idleBars: pf.idleBars, partialSessions: pf.partialSessions.length, ignoredColumns: outcome.ignoredColumns };
      io.stdout(`${JSON.stringify({ ...summary, data, warnings: pf.warnings })}\n`);
    } else {
      io.stdout(report(summary, outcome));
    }
    return BACKTEST_EXIT.ok;
  } catch (error) {
    const { exit, code } = classify(error);
    const message = error instanceof Error ? error.message : String(error);
    io.stderr(`kestrel backtest: ${code}: ${message}\n`);
    if (exit === BACKTEST_EXIT.usage && code === 'USAGE') io.stderr('Run `kestrel backtest --help` for usage.\n');
    if (code === 'BACKTEST_DATA_GAPS') io.stderr('Pass --allow-gaps to run anyway, raise --max-idle-bars if the holes are quiet periods, or declare the market with --calendar, --session and --holiday.\n');
    if (code === 'INTERNAL_ERROR' && error instanceof Error && error.stack) io.stderr(`${error.stack}\n`);
    return exit;
  }
}
