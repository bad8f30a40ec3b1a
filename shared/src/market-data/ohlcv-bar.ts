// The OHLCV bar shape every market-data consumer shares, and its columnar form for the batch
// indicator functions. Prices are floats for analytics; the money path uses `ticks`, which the
// CSV reader fills exactly from the field text when given a tick size.

/** Open/high/low/close as whole numbers of ticks. */
export interface OhlcTicks {
  open: number;
  high: number;
  low: number;
  close: number;
}

/** One bar. `timestamp` is ms since the Unix epoch (UTC) of the bar's label as given by the source. */
export interface OhlcvBar {
  timestamp: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
  /** Exact integer prices; present when the bars were read with a tick size. */
  ticks?: OhlcTicks;
}

/** Bars as parallel columns (the input shape of the batch indicator functions). */
export interface OhlcvColumns {
  timestamp: Float64Array;
  open: Float64Array;
  high: Float64Array;
  low: Float64Array;
  close: Float64Array;
  volume: Float64Array;
}

/** Splits bars into parallel Float64Array columns. */
export function toColumns(bars: readonly OhlcvBar[]): OhlcvColumns {
  const n = bars.length;
  const columns: OhlcvColumns = {
    timestamp: new Float64Array(n),
    open: new Float64Array(n),
    high: new Float64Array(n),
    low: new Float64Array(n),
    close: new Float64Array(n),
    volume: new Float64Array(n),
  };
  for (let i = 0; i < n; i++) {
    const bar = bars[i]!;
    columns.timestamp[i] = bar.timestamp;
    columns.open[i] = bar.open;
    columns.high[i] = bar.high;
    columns.low[i] = bar.low;
    columns.close[i] = bar.close;
    columns.volume[i] = bar.volume;
  }
  return columns;
}
