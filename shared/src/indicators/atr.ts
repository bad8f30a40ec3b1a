// Average True Range exactly as TA-Lib computes it (unstable period 0): true ranges start at the
// second bar; the first ATR, at index `period`, is the plain mean of the first `period` true
// ranges; then Wilder smoothing atr = (atr * (period - 1) + tr) / period in TA-Lib's operation
// order, so results are bit-identical. Period 1 gives the true range itself. Lookback: period.

import { checkFinite, checkPeriod, commonLength } from './indicator-error.js';
import { trueRange } from './true-range.js';

/** ATR parameters; TA-Lib's default period is 14. */
export interface AtrOptions {
  period?: number;
}

/** High/low/close columns of equal length. */
export interface HighLowClose {
  high: ArrayLike<number>;
  low: ArrayLike<number>;
  close: ArrayLike<number>;
}

/** Streaming ATR with Wilder smoothing. */
export class AtrStream {
  readonly period: number;
  readonly lookback: number;
  private count = 0;
  private previousClose = 0;
  private seedSum = 0;
  private current = NaN;

  constructor(options: AtrOptions = {}) {
    this.period = checkPeriod('ATR period', options.period ?? 14, 1);
    this.lookback = this.period;
  }

  /** Adds a bar; returns the ATR at it (NaN during the lookback). */
  update(high: number, low: number, close: number): number {
    checkFinite('ATR high', high);
    checkFinite('ATR low', low);
    checkFinite('ATR close', close);
    const n = this.period;
    const index = this.count++;
    const previousClose = this.previousClose;
    this.previousClose = close;
    if (index === 0) return NaN;
    const range = trueRange(high, low, previousClose);
    if (index > n) {
      this.current *= n - 1;
      this.current += range;
      this.current /= n;
    } else {
      this.seedSum += range;
      if (index === n) this.current = this.seedSum / n;
    }
    return this.current;
  }

  /** Forgets all bars. */
  reset(): void {
    this.count = 0;
    this.previousClose = 0;
    this.seedSum = 0;
    this.current = NaN;
  }
}

/** ATR of the bars, aligned to the input (NaN for the first `period`). */
export function atr(bars: HighLowClose, options: AtrOptions = {}): Float64Array {
  const n = commonLength({ high: bars.high, low: bars.low, close: bars.close });
  const stream = new AtrStream(options);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = stream.update(bars.high[i]!, bars.low[i]!, bars.close[i]!);
  return out;
}
