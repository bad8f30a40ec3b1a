// Relative Strength Index exactly as TA-Lib computes it (default compatibility, unstable period 0):
// the first `period` price changes are summed and divided by `period` (Wilder's seed), then
// avg = (avg * (period - 1) + change) / period; RSI = 100 * gain / (gain + loss), and 0 when
// gain + loss is within 1e-14 of zero (TA-Lib's TA_IS_ZERO). Same operation order as TA-Lib, so
// results are bit-identical. Lookback: period.

import { checkFinite, checkPeriod } from './indicator-error.js';
import { runSeries, type SeriesIndicator } from './series-indicator.js';

/** RSI parameters; TA-Lib's default period is 14. */
export interface RsiOptions {
  period?: number;
}

/** Streaming RSI with Wilder smoothing. */
export class RsiStream implements SeriesIndicator {
  readonly period: number;
  readonly lookback: number;
  private count = 0;
  private previous = 0;
  private gain = 0;
  private loss = 0;

  constructor(options: RsiOptions = {}) {
    this.period = checkPeriod('RSI period', options.period ?? 14, 2);
    this.lookback = this.period;
  }

  /** Adds a price; returns the RSI at it (NaN during the lookback). */
  update(value: number): number {
    checkFinite('RSI input', value);
    const n = this.period;
    const index = this.count++;
    if (index === 0) {
      this.previous = value;
      return NaN;
    }
    const change = value - this.previous;
    this.previous = value;
    if (index > n) {
      this.loss *= n - 1;
      this.gain *= n - 1;
    }
    if (change < 0) this.loss -= change;
    else this.gain += change;
    if (index < n) return NaN;
    this.loss /= n;
    this.gain /= n;
    const total = this.gain + this.loss;
    return total > -1e-14 && total < 1e-14 ? 0 : 100 * (this.gain / total);
  }

  /** Forgets all inputs. */
  reset(): void {
    this.count = 0;
    this.previous = 0;
    this.gain = 0;
    this.loss = 0;
  }
}

/** RSI of `values`, aligned to the input (NaN for the first `period`). */
export function rsi(values: ArrayLike<number>, options: RsiOptions = {}): Float64Array {
  return runSeries(new RsiStream(options), values);
}
