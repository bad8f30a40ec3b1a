// Linearly weighted moving average: weights 1..period, newest heaviest, divided by
// period * (period + 1) / 2. The weighted sum is kept exactly (ExactSum, exact products) and
// updated in O(1) as W' = W - (sum of the old window) + period * x, so like the SMA it never drifts
// and equal windows give bit-identical values; TA-Lib uses the same recurrence in plain doubles.
// Lookback: period - 1.

import { ExactSum } from './exact-sum.js';
import { checkFinite, checkPeriod } from './indicator-error.js';
import { runSeries, type SeriesIndicator } from './series-indicator.js';
import { SlidingWindow } from './sliding-window.js';

/** WMA parameters; TA-Lib's default period is 30. */
export interface WmaOptions {
  period?: number;
}

/** Streaming weighted moving average, O(1) per update. */
export class WmaStream implements SeriesIndicator {
  readonly period: number;
  readonly lookback: number;
  private readonly divider: number;
  private readonly window: SlidingWindow;
  private readonly windowSum = new ExactSum();
  private readonly weightedSum = new ExactSum();
  private count = 0;

  constructor(options: WmaOptions = {}) {
    this.period = checkPeriod('WMA period', options.period ?? 30, 2);
    this.lookback = this.period - 1;
    this.divider = (this.period * (this.period + 1)) / 2;
    this.window = new SlidingWindow(this.period);
  }

  /** Adds a value; returns the weighted mean of the last `period` values (NaN until there are that many). */
  update(value: number): number {
    checkFinite('WMA input', value);
    if (this.count < this.period) {
      this.count++;
      this.weightedSum.addProduct(value, this.count);
    } else {
      this.weightedSum.subtract(this.windowSum);
      this.weightedSum.addProduct(value, this.period);
    }
    const evicted = this.window.push(value);
    if (Number.isNaN(evicted)) this.windowSum.add(value);
    else this.windowSum.addDifference(value, evicted);
    return this.count === this.period ? this.weightedSum.divide(this.divider) : NaN;
  }

  /** Forgets all inputs. */
  reset(): void {
    this.window.reset();
    this.windowSum.reset();
    this.weightedSum.reset();
    this.count = 0;
  }
}

/** Weighted moving average of `values`, aligned to the input (NaN for the first period - 1). */
export function wma(values: ArrayLike<number>, options: WmaOptions = {}): Float64Array {
  return runSeries(new WmaStream(options), values);
}
