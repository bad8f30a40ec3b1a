// Seeded synthetic OHLCV bars (a random walk on a tick grid) for benchmarks, tests and demos, as a
// column series (cheap for millions of bars) or as bar objects (the same values).
// Invariants: deterministic for a seed; prices are whole ticks >= 1 with low <= open, close <=
// high; timestamps step by `intervalMs`; volume is a positive whole number.

import type { MarketBar } from '@kestrel/shared';
import { seriesBar, tickSizeOfDecimals, type ColumnBarSeries } from './bar-series.js';
import { seededRandom } from './seeded-random.js';

/** Options of the synthetic series. */
export interface SyntheticBarOptions {
  symbol?: string;
  seed?: number;
  /** Start price in ticks (default 10,000). */
  startTicks?: number;
  /** Largest close-to-close move in ticks (default 50). */
  stepTicks?: number;
  /** Decimals of the tick (default 2: ticks are cents). */
  decimals?: number;
  startTime?: number;
  intervalMs?: number;
}

/** `count` random-walk bars as columns. */
export function syntheticSeries(count: number, options: SyntheticBarOptions = {}): ColumnBarSeries {
  const random = seededRandom(options.seed ?? 1);
  const step = options.stepTicks ?? 50;
  const decimals = options.decimals ?? 2;
  const scale = 10 ** decimals;
  const start = options.startTime ?? Date.UTC(2000, 0, 3);
  const interval = options.intervalMs ?? 60_000;
  const column = (): Float64Array => new Float64Array(count);
  const columns = { length: count, timestamp: column(), open: column(), high: column(), low: column(), close: column(), volume: column(), openTicks: column(), highTicks: column(), lowTicks: column(), closeTicks: column() };
  let close = options.startTicks ?? 10_000;
  for (let i = 0; i < count; i++) {
    const open = close;
    close = Math.max(1, open + Math.round((random() * 2 - 1) * step));
    const high = Math.max(open, close) + Math.floor(random() * step * 0.5);
    const low = Math.max(1, Math.min(open, close) - Math.floor(random() * step * 0.5));
    columns.timestamp[i] = start + i * interval;
    columns.open[i] = open / scale;
    columns.high[i] = high / scale;
    columns.low[i] = low / scale;
    columns.close[i] = close / scale;
    columns.volume[i] = 100 + Math.floor(random() * 10_000);
    columns.openTicks[i] = open;
    columns.highTicks[i] = high;
    columns.lowTicks[i] = low;
    columns.closeTicks[i] = close;
  }
  return { symbol: options.symbol ?? 'SYN', tickSize: tickSizeOfDecimals(decimals), columns };
}

/** `count` random-walk bars as objects (the same values as syntheticSeries). */
export function syntheticBars(count: number, options: SyntheticBarOptions = {}): MarketBar[] {
  const series = syntheticSeries(count, options);
  return Array.from({ length: count }, (_, i) => seriesBar(series, i));
}
