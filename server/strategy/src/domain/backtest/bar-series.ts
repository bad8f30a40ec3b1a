// Turns OHLCV bars (from the CSV reader or generated) into the MarketBar series a backtest runs
// on: each bar gets its symbol and exact integer tick prices. When no tick size is given it is
// derived from the data: the smallest power of ten at which every price is a whole number of
// ticks (100.34 and 104.06 -> 0.01). Why: the CSV's decimals are the only statement of the price
// grid we have, and using them keeps fills exact without guessing a venue's tick table.
// A series is either bar objects or parallel columns (Float64Arrays, e.g. views of a
// SharedArrayBuffer): a column series costs ~80 bytes per bar and nothing for the garbage
// collector to trace, and the engine builds each MarketBar when it delivers it (a short-lived
// object), which keeps multi-million-bar runs and worker threads lean.
// Invariants: bar.ticks.x / 10^d === bar.x for every price (checked), so ticks are exactly the
// decimal the float came from; bars stay in the reader's (strictly increasing) time order.
// Known limits: at most 10 decimals are detected; prices must stay below 2^51 ticks.

import { priceToTicks, type OhlcvBar, type MarketBar } from '@kestrel/shared';
import { BacktestError } from './backtest-error.js';

/** The bars of one symbol as objects. */
export interface ArrayBarSeries {
  readonly symbol: string;
  readonly tickSize: string;
  readonly bars: readonly MarketBar[];
}

/** Bars as parallel columns: float prices and integer tick prices. */
export interface BarColumns {
  readonly length: number;
  readonly timestamp: Float64Array;
  readonly open: Float64Array;
  readonly high: Float64Array;
  readonly low: Float64Array;
  readonly close: Float64Array;
  readonly volume: Float64Array;
  readonly openTicks: Float64Array;
  readonly highTicks: Float64Array;
  readonly lowTicks: Float64Array;
  readonly closeTicks: Float64Array;
}

/** The bars of one symbol as columns. */
export interface ColumnBarSeries {
  readonly symbol: string;
  readonly tickSize: string;
  readonly columns: BarColumns;
}

/** The bars of one symbol. */
export type BarSeries = ArrayBarSeries | ColumnBarSeries;

/** Number of bars. */
export function seriesLength(series: BarSeries): number {
  return 'bars' in series ? series.bars.length : series.columns.length;
}

/** Timestamp of bar `i`. */
export function seriesTime(series: BarSeries, i: number): number {
  return 'bars' in series ? series.bars[i]!.timestamp : series.columns.timestamp[i]!;
}

/** Bar `i` (built from the columns for a column series). */
export function seriesBar(series: BarSeries, i: number): MarketBar {
  if ('bars' in series) return series.bars[i]!;
  const c = series.columns;
  return {
    symbol: series.symbol,
    timestamp: c.timestamp[i]!,
    open: c.open[i]!,
    high: c.high[i]!,
    low: c.low[i]!,
    close: c.close[i]!,
    volume: c.volume[i]!,
    ticks: { open: c.openTicks[i]!, high: c.highTicks[i]!, low: c.lowTicks[i]!, close: c.closeTicks[i]! },
  };
}

/** The first index whose timestamp is >= `time` (binary search). */
function lowerBound(series: BarSeries, time: number): number {
  let lo = 0;
  let hi = seriesLength(series);
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (seriesTime(series, mid) < time) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The bars with from <= timestamp < to (column series: views, no copy). */
export function sliceByTime(series: BarSeries, from: number, to: number): BarSeries {
  const start = lowerBound(series, from);
  const end = Math.max(start, lowerBound(series, to));
  if ('bars' in series) return { ...series, bars: series.bars.slice(start, end) };
  const c = series.columns;
  const view = (column: Float64Array): Float64Array => column.subarray(start, end);
  return {
    ...series,
    columns: {
      length: end - start,
      timestamp: view(c.timestamp),
      open: view(c.open),
      high: view(c.high),
      low: view(c.low),
      close: view(c.close),
      volume: view(c.volume),
      openTicks: view(c.openTicks),
      highTicks: view(c.highTicks),
      lowTicks: view(c.lowTicks),
      closeTicks: view(c.closeTicks),
    },
  };
}

const MAX_DETECTED_DECIMALS = 10;
const MAX_EXACT_TICKS = 2 ** 51;

/** Smallest d <= 10 at which `price` is a whole number of 10^-d (its shortest decimal form). */
function decimalsOfPrice(price: number): number {
  for (let d = 0; d <= MAX_DETECTED_DECIMALS; d++) {
    const scale = 10 ** d;
    if (Math.round(price * scale) / scale === price) return d;
  }
  return MAX_DETECTED_DECIMALS + 1;
}

/** The number of decimals of the price grid of `bars` (open/high/low/close). */
export function detectPriceDecimals(bars: readonly OhlcvBar[]): number {
  let decimals = 0;
  for (const bar of bars) {
    for (const price of [bar.open, bar.high, bar.low, bar.close]) {
      if (decimals < MAX_DETECTED_DECIMALS) decimals = Math.max(decimals, decimalsOfPrice(price));
    }
  }
  return Math.min(decimals, MAX_DETECTED_DECIMALS);
}

/** The tick size text of `decimals` decimals ("0.01" for 2, "1" for 0). */
export function tickSizeOfDecimals(decimals: number): string {
  return decimals === 0 ? '1' : `0.${'0'.repeat(decimals - 1)}1`;
}

/** Exact ticks of a float price at 10^-decimals; throws when the price is not on that grid. */
function ticksAt(price: number, decimals: number, scale: number, where: string): number {
  const ticks = Math.round(price * scale);
  if (Math.abs(ticks) >= MAX_EXACT_TICKS || ticks / scale !== price) {
    throw new BacktestError('BACKTEST_DATA_INVALID', `${where}: price ${price} is not a whole number of ${tickSizeOfDecimals(decimals)} ticks`);
  }
  return ticks;
}

/** The series of `symbol`; `tickSize` defaults to the grid detected from the prices. */
export function barSeries(symbol: string, bars: readonly OhlcvBar[], tickSize?: string): ArrayBarSeries {
  if (bars.length === 0) throw new BacktestError('BACKTEST_DATA_MISSING', `${symbol}: no bars`);
  const out: MarketBar[] = new Array<MarketBar>(bars.length);
  if (tickSize === undefined) {
    const decimals = detectPriceDecimals(bars);
    const scale = 10 ** decimals;
    for (let i = 0; i < bars.length; i++) {
      const bar = bars[i]!;
      const where = `${symbol} bar ${i} (${new Date(bar.timestamp).toISOString()})`;
      out[i] = {
        ...bar,
        symbol,
        ticks: bar.ticks ?? {
          open: ticksAt(bar.open, decimals, scale, where),
          high: ticksAt(bar.high, decimals, scale, where),
          low: ticksAt(bar.low, decimals, scale, where),
          close: ticksAt(bar.close, decimals, scale, where),
        },
      };
    }
    return { symbol, tickSize: tickSizeOfDecimals(decimals), bars: out };
  }
  for (let i = 0; i < bars.length; i++) {
    const bar = bars[i]!;
    if (bar.ticks !== undefined) {
      out[i] = { ...bar, symbol, ticks: bar.ticks };
      continue;
    }
    try {
      out[i] = {
        ...bar,
        symbol,
        ticks: {
          open: priceToTicks(String(bar.open), tickSize),
          high: priceToTicks(String(bar.high), tickSize),
          low: priceToTicks(String(bar.low), tickSize),
          close: priceToTicks(String(bar.close), tickSize),
        },
      };
    } catch (error) {
      throw new BacktestError('BACKTEST_DATA_INVALID', `${symbol} bar ${i}: ${(error as Error).message}`);
    }
  }
  return { symbol, tickSize, bars: out };
}
