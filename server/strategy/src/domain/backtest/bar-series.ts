// Turns OHLCV bars (from the CSV reader or generated) into the MarketBar series a backtest runs
// on: each bar gets its symbol and exact integer tick prices. When no tick size is given it is
// derived from the data: the smallest power of ten at which every price is a whole number of
// ticks (100.34 and 104.06 -> 0.01). Why: the CSV's decimals are the only statement of the price
// grid we have, and using them keeps fills exact without guessing a venue's tick table.
// Invariants: bar.ticks.x / 10^d === bar.x for every price (checked), so ticks are exactly the
// decimal the float came from; bars stay in the reader's (strictly increasing) time order.
// Known limits: at most 10 decimals are detected; prices must stay below 2^51 ticks.

import { priceToTicks, type OhlcvBar, type MarketBar } from '@kestrel/shared';
import { BacktestError } from './backtest-error.js';

/** The bars of one symbol. */
export interface BarSeries {
  readonly symbol: string;
  readonly tickSize: string;
  readonly bars: readonly MarketBar[];
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
export function barSeries(symbol: string, bars: readonly OhlcvBar[], tickSize?: string): BarSeries {
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
