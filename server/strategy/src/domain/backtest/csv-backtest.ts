// One backtest over one CSV file of OHLCV bars, as the CLI and the service run it: read the bars
// (any common layout), derive the price grid and the money unit, slice the requested period, run
// the pre-flight data check, then the backtest. Money decisions: the cash is decimal text in the
// CSV's price currency; the run's minor unit has max(2, price decimals, cash decimals) decimals,
// so cash, every price tick and every fill are exact integers (see money.ts); results convert
// back to the exact decimal.

import { readOhlcvCsv, type ParamSpecs, type RawParams, type StrategyDefinition } from '@kestrel/shared';
import { BacktestError } from './backtest-error.js';
import { resolveParams, runBacktest, type BacktestOptions, type BacktestResult } from './backtest-engine.js';
import { barSeries, type ArrayBarSeries } from './bar-series.js';
import { moneyDecimalsFor, toMinor } from './money.js';
import { preflight, type PreflightOptions, type PreflightReport } from './preflight.js';

/** A backtest over CSV text. */
export interface CsvBacktestRequest {
  /** The CSV text. */
  csv: string;
  /** Where it came from (file name), for messages and the default symbol. */
  source: string;
  symbol?: string;
  strategy: StrategyDefinition<ParamSpecs>;
  params?: RawParams;
  /** Initial cash as decimal text in the price currency ("10000", "2500.50"). */
  cash: string;
  /** Price increment; default: detected from the prices' decimals. */
  tickSize?: string;
  multiplier?: number;
  /** Offset of the file's wall-clock times from UTC, in minutes. */
  utcOffsetMinutes?: number;
  /** Only bars with from <= timestamp <= to (ms). */
  from?: number;
  to?: number;
  preflight?: Omit<PreflightOptions, 'from' | 'to' | 'warmupBars'>;
  options?: Omit<BacktestOptions, 'initialCashMinor' | 'moneyDecimals' | 'multipliers'>;
}

/** The outcome: the result plus how the data was understood. */
export interface CsvBacktestOutcome {
  result: BacktestResult;
  series: ArrayBarSeries;
  preflight: PreflightReport;
  ignoredColumns: string[];
}

/** A symbol from a file name: "GOOG.csv" -> "GOOG", "es-2006.txt" -> "ES-2006". */
export function symbolFromSource(source: string): string {
  const base = source.split(/[\\/]/).pop() ?? source;
  const stem = base.includes('.') ? base.slice(0, base.lastIndexOf('.')) : base;
  const symbol = stem.toUpperCase().replace(/[^A-Z0-9._/-]/g, '-').replace(/^[^A-Z0-9]+/, '').slice(0, 32);
  return symbol.length > 0 ? symbol : 'DATA';
}

/** What loadCsvSeries needs: the data part of a request. */
export type CsvSeriesRequest = Omit<CsvBacktestRequest, 'strategy' | 'params' | 'options'> & {
  /** Bars the strategy needs before its first decision (the pre-flight check allows for them). */
  warmupBars?: number;
};

/** The checked series of a CSV plus the money unit of runs over it. */
export interface CsvSeries {
  series: ArrayBarSeries;
  preflight: PreflightReport;
  ignoredColumns: string[];
  moneyDecimals: number;
  initialCashMinor: number;
  multipliers: Readonly<Record<string, number>> | undefined;
}

/** Reads the bars, slices the period and runs the pre-flight check; throws BacktestError / MarketDataError. */
export function loadCsvSeries(request: CsvSeriesRequest): CsvSeries {
  const symbol = request.symbol ?? symbolFromSource(request.source);
  const { bars, layout } = readOhlcvCsv(request.csv, { tickSize: request.tickSize, utcOffsetMinutes: request.utcOffsetMinutes });
  if (bars.length === 0) throw new BacktestError('BACKTEST_DATA_MISSING', `${request.source}: the file has a header but no bars`);
  const from = request.from ?? -Infinity;
  const to = request.to ?? Infinity;
  if (from > to) throw new BacktestError('BACKTEST_INVALID_CONFIG', 'from is after to');
  const selected = bars.filter((bar) => bar.timestamp >= from && bar.timestamp <= to);
  if (selected.length === 0) {
    throw new BacktestError('BACKTEST_DATA_MISSING', `${request.source}: no bars between ${new Date(from).toISOString()} and ${new Date(to).toISOString()}`);
  }
  const series = barSeries(symbol, selected, request.tickSize);
  const report = preflight(symbol, series.bars.map((bar) => bar.timestamp), {
    ...request.preflight,
    from: request.from,
    to: request.to,
    warmupBars: request.warmupBars,
  });
  const moneyDecimals = moneyDecimalsFor([series.tickSize, request.cash]);
  return {
    series,
    preflight: report,
    ignoredColumns: layout.ignoredColumns,
    moneyDecimals,
    initialCashMinor: toMinor(request.cash, moneyDecimals, 'cash'),
    multipliers: request.multiplier === undefined ? undefined : { [symbol]: request.multiplier },
  };
}

/** Reads, checks and backtests; throws BacktestError / MarketDataError / StrategyError. */
export function runCsvBacktest(request: CsvBacktestRequest): CsvBacktestOutcome {
  const params = resolveParams(request.strategy, request.params);
  const data = loadCsvSeries({ ...request, warmupBars: request.strategy.warmupBars?.(params) });
  const result = runBacktest({ definition: request.strategy, params: request.params }, [data.series], {
    ...request.options,
    initialCashMinor: data.initialCashMinor,
    moneyDecimals: data.moneyDecimals,
    multipliers: data.multipliers,
  });
  return { result, series: data.series, preflight: data.preflight, ignoredColumns: data.ignoredColumns };
}
