// Highest and lowest value of the last `period` inputs (TA-Lib MAX and MIN), the two edges of a
// Donchian channel (MAX of highs, MIN of lows). Exact: they return one of the inputs, so there is
// no rounding at all and they agree with TA-Lib bit for bit. O(1) amortised per update (monotonic
// deque, SlidingExtremum). Lookback: period - 1.

import { checkFinite, checkPeriod } from './indicator-error.js';
import { runSeries, type SeriesIndicator } from './series-indicator.js';
import { SlidingExtremum } from './sliding-extremum.js';

/** MAX/MIN parameters; TA-Lib's default period is 30. */
export interface ExtremeOptions {
  period?: number;
}

/** Streaming highest/lowest value over a sliding window. */
class ExtremeStream implements SeriesIndicator {
  readonly period: number;
  readonly lookback: number;
  private readonly window: SlidingExtremum;
  private count = 0;

  constructor(name: string, kind: 'min' | 'max', options: ExtremeOptions) {
    this.period = checkPeriod(`${name} period`, options.period ?? 30, 2);
    this.lookback = this.period - 1;
    this.window = new SlidingExtremum(this.period, kind);
  }

  /** Adds a value; returns the extreme of the last `period` values (NaN until there are that many). */
  update(value: number): number {
    checkFinite('extreme input', value);
    const extreme = this.window.push(value);
    return ++this.count >= this.period ? extreme : NaN;
  }

  /** Forgets all inputs. */
  reset(): void {
    this.window.reset();
    this.count = 0;
  }
}

/** Streaming highest value of the last `period` inputs (TA-Lib MAX). */
export class MaxStream extends ExtremeStream {
  constructor(options: ExtremeOptions = {}) {
    super('MAX', 'max', options);
  }
}

/** Streaming lowest value of the last `period` inputs (TA-Lib MIN). */
export class MinStream extends ExtremeStream {
  constructor(options: ExtremeOptions = {}) {
    super('MIN', 'min', options);
  }
}

/** Highest value of each window of `values`, aligned to the input (NaN for the first period - 1). */
export function max(values: ArrayLike<number>, options: ExtremeOptions = {}): Float64Array {
  return runSeries(new MaxStream(options), values);
}

/** Lowest value of each window of `values`, aligned to the input (NaN for the first period - 1). */
export function min(values: ArrayLike<number>, options: ExtremeOptions = {}): Float64Array {
  return runSeries(new MinStream(options), values);
}
