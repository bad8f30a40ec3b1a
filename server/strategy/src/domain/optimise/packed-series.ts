// Bar series in SharedArrayBuffers, so every worker thread of an optimisation reads the same
// memory instead of receiving a copy (a million bars are ~80 MB as ten Float64 columns). Workers
// rebuild MarketBar objects once and reuse them for all their trials.
// Invariant: unpack(pack(series)) has the same bars, field for field.

import type { MarketBar } from '@kestrel/shared';
import type { BarSeries } from '../backtest/bar-series.js';

/** One series as shared columns. */
export interface PackedSeries {
  symbol: string;
  tickSize: string;
  length: number;
  /** timestamp, open, high, low, close, volume, then the four tick prices, each `length` long. */
  columns: SharedArrayBuffer;
}

const FIELDS = 10;

/** Copies the bars into a shared buffer. */
export function packSeries(series: BarSeries): PackedSeries {
  const n = series.bars.length;
  const buffer = new SharedArrayBuffer(FIELDS * n * Float64Array.BYTES_PER_ELEMENT);
  const view = new Float64Array(buffer);
  series.bars.forEach((bar, i) => {
    view[i] = bar.timestamp;
    view[n + i] = bar.open;
    view[2 * n + i] = bar.high;
    view[3 * n + i] = bar.low;
    view[4 * n + i] = bar.close;
    view[5 * n + i] = bar.volume;
    view[6 * n + i] = bar.ticks.open;
    view[7 * n + i] = bar.ticks.high;
    view[8 * n + i] = bar.ticks.low;
    view[9 * n + i] = bar.ticks.close;
  });
  return { symbol: series.symbol, tickSize: series.tickSize, length: n, columns: buffer };
}

/** Rebuilds the series from shared columns. */
export function unpackSeries(packed: PackedSeries): BarSeries {
  const n = packed.length;
  const view = new Float64Array(packed.columns);
  const bars = new Array<MarketBar>(n);
  for (let i = 0; i < n; i++) {
    bars[i] = {
      symbol: packed.symbol,
      timestamp: view[i]!,
      open: view[n + i]!,
      high: view[2 * n + i]!,
      low: view[3 * n + i]!,
      close: view[4 * n + i]!,
      volume: view[5 * n + i]!,
      ticks: { open: view[6 * n + i]!, high: view[7 * n + i]!, low: view[8 * n + i]!, close: view[9 * n + i]! },
    };
  }
  return { symbol: packed.symbol, tickSize: packed.tickSize, bars };
}
