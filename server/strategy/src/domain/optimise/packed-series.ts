// Bar series in SharedArrayBuffers, so every worker thread of an optimisation reads the same
// memory instead of receiving a copy (a million bars are ~80 MB as ten Float64 columns). Workers
// run on column series that view the shared buffer directly: nothing is copied or rebuilt.
// Invariant: unpack(pack(series)) has the same bars, field for field.

import { seriesBar, seriesLength, type BarColumns, type BarSeries, type ColumnBarSeries } from '../backtest/bar-series.js';

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
  const n = seriesLength(series);
  const buffer = new SharedArrayBuffer(FIELDS * n * Float64Array.BYTES_PER_ELEMENT);
  const view = new Float64Array(buffer);
  for (let i = 0; i < n; i++) {
    const bar = seriesBar(series, i);
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
  }
  return { symbol: series.symbol, tickSize: series.tickSize, length: n, columns: buffer };
}

/** A column series viewing the shared buffer (no copy). */
export function unpackSeries(packed: PackedSeries): ColumnBarSeries {
  const n = packed.length;
  const column = (k: number): Float64Array => new Float64Array(packed.columns, k * n * Float64Array.BYTES_PER_ELEMENT, n);
  const columns: BarColumns = {
    length: n,
    timestamp: column(0),
    open: column(1),
    high: column(2),
    low: column(3),
    close: column(4),
    volume: column(5),
    openTicks: column(6),
    highTicks: column(7),
    lowTicks: column(8),
    closeTicks: column(9),
  };
  return { symbol: packed.symbol, tickSize: packed.tickSize, columns };
}
