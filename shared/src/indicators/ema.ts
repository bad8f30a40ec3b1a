// Exponential moving average exactly as TA-Lib computes it (default compatibility, unstable
// period 0): k = 2 / (period + 1); the first value, at index period - 1, is the plain sequential
// mean of the first `period` inputs; then ema = (x - ema) * k + ema, in that operation order, so
// results are bit-identical to TA-Lib. Lookback: period - 1.
// Known limit: an EMA has infinite memory, so its value depends on where the series starts.

import { checkFinite, checkPeriod } from './indicator-error.js';
import { runSeries, type SeriesIndicator } from './series-indicator.js';

/** EMA parameters; TA-Lib's default period is 30. */
export interface EmaOptions {
  period?: number;
}

/** Streaming exponential moving average seeded with the SMA of its first `period` inputs. */
export class EmaStream implements SeriesIndicator {
  readonly period: number;
  readonly lookback: number;
  private readonly k: number;
  private count = 0;
  private seedSum = 0;
  private current = NaN;

  constructor(options: EmaOptions = {}) {
    this.period = checkPeriod('EMA period', options.period ?? 30, 2);
    this.lookback = this.period - 1;
    this.k = 2 / (this.period + 1);
  }

  /** Adds a value; returns the EMA at it (NaN during the lookback). */
  update(value: number): number {
    checkFinite('EMA input', value);
    if (this.count >= this.period) {
      this.current = (value - this.current) * this.k + this.current;
      return this.current;
    }
    this.seedSum += value;
    if (++this.count === this.period) this.current = this.seedSum / this.period;
    return this.current;
  }

  /** Forgets all inputs. */
  reset(): void {
    this.count = 0;
    this.seedSum = 0;
    this.current = NaN;
  }
}

/** Exponential moving average of `values`, aligned to the input (NaN for the first period - 1). */
export function ema(values: ArrayLike<number>, options: EmaOptions = {}): Float64Array {
  return runSeries(new EmaStream(options), values);
}
