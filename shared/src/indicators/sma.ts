// Simple moving average. Unlike TA-Lib's running sum, the window sum is exact (ExactSum) and the
// mean is derived from the exact sum alone (ExactSum.divide), so equal windows always give
// bit-identical values, nothing drifts over millions of bars (a backtest-spec requirement), and the
// SMA of a constant is exactly that constant. Differs from TA-Lib's SMA only by TA-Lib's own
// rounding drift (~1e-15 relative on the sample data). Lookback: period - 1.

import { ExactSum } from './exact-sum.js';
import { checkFinite, checkPeriod } from './indicator-error.js';
import { runSeries, type SeriesIndicator } from './series-indicator.js';
import { SlidingWindow } from './sliding-window.js';

/** SMA parameters; TA-Lib's default period is 30. */
export interface SmaOptions {
  period?: number;
}

/** Streaming simple moving average, O(1) per update. */
export class SmaStream implements SeriesIndicator {
  readonly period: number;
  readonly lookback: number;
  private readonly window: SlidingWindow;
  private readonly sum = new ExactSum();

  constructor(options: SmaOptions = {}) {
    this.period = checkPeriod('SMA period', options.period ?? 30, 2);
    this.lookback = this.period - 1;
    this.window = new SlidingWindow(this.period);
  }

  /** Adds a value; returns the mean of the last `period` values (NaN until there are that many). */
  update(value: number): number {
    checkFinite('SMA input', value);
    const evicted = this.window.push(value);
    if (Number.isNaN(evicted)) this.sum.add(value);
    else this.sum.addDifference(value, evicted);
    return this.window.full ? this.sum.divide(this.period) : NaN;
  }

  /** Forgets all inputs. */
  reset(): void {
    this.window.reset();
    this.sum.reset();
  }
}

/** Simple moving average of `values`, aligned to the input (NaN for the first period - 1). */
export function sma(values: ArrayLike<number>, options: SmaOptions = {}): Float64Array {
  return runSeries(new SmaStream(options), values);
}
