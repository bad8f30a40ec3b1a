// The shape shared by streaming indicators over one input series, and the loop that turns any of
// them into a batch function. Batch functions are built on the streams (one implementation, so
// batch and streaming cannot disagree); outputs are aligned to the input, NaN before `lookback`.

/** A streaming indicator fed one value at a time. */
export interface SeriesIndicator {
  /** How many inputs produce NaN before the first value (the TA-Lib lookback). */
  readonly lookback: number;
  /** Consumes the next input value and returns the indicator's value at it (NaN during the lookback). */
  update(value: number): number;
  /** Forgets all inputs, as if newly constructed. */
  reset(): void;
}

/** Runs `indicator` over `values` and returns its outputs aligned to the input. */
export function runSeries(indicator: SeriesIndicator, values: ArrayLike<number>): Float64Array {
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = indicator.update(values[i]!);
  return out;
}
