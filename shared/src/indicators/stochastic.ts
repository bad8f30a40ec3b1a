// Slow stochastic exactly as TA-Lib's STOCH: fast %K = 100 * (close - lowest low) / (highest high -
// lowest low) over `fastKPeriod` bars, computed as (close - LL) / ((HH - LL) / 100) and 0 when
// HH == LL, as TA-Lib; slow %K = MA(fast %K, slowKPeriod, slowKType); slow %D = MA(slow %K,
// slowDPeriod, slowDType). Both outputs share TA-Lib's lookback (fastK - 1) + (slowK - 1) +
// (slowD - 1), so %K is NaN until %D exists too. The SMA smoothing uses the exact SMA (within
// ~1e-12 of TA-Lib's running sum). Highest/lowest use monotonic deques: amortised O(1) per bar.

import { checkFinite, checkPeriod, commonLength } from './indicator-error.js';
import type { HighLowClose } from './atr.js';
import { createMovingAverage, type MovingAverageType } from './moving-average.js';
import type { SeriesIndicator } from './series-indicator.js';
import { SlidingExtremum } from './sliding-extremum.js';

/** Stochastic parameters; TA-Lib's defaults are 5, 3 (SMA), 3 (SMA). */
export interface StochasticOptions {
  fastKPeriod?: number;
  slowKPeriod?: number;
  slowKType?: MovingAverageType;
  slowDPeriod?: number;
  slowDType?: MovingAverageType;
}

/** Stochastic outputs aligned to the input. */
export interface StochasticSeries {
  k: Float64Array;
  d: Float64Array;
}

/** Streaming slow stochastic; read `k` and `d` after each update. */
export class StochasticStream {
  readonly fastKPeriod: number;
  readonly slowKPeriod: number;
  readonly slowDPeriod: number;
  readonly lookback: number;
  private readonly lowest: SlidingExtremum;
  private readonly highest: SlidingExtremum;
  private readonly slowK: SeriesIndicator;
  private readonly slowD: SeriesIndicator;
  private count = 0;
  private kValue = NaN;
  private dValue = NaN;

  constructor(options: StochasticOptions = {}) {
    this.fastKPeriod = checkPeriod('Stochastic fastKPeriod', options.fastKPeriod ?? 5, 1);
    this.slowKPeriod = checkPeriod('Stochastic slowKPeriod', options.slowKPeriod ?? 3, 1);
    this.slowDPeriod = checkPeriod('Stochastic slowDPeriod', options.slowDPeriod ?? 3, 1);
    this.slowK = createMovingAverage(options.slowKType ?? 'sma', this.slowKPeriod);
    this.slowD = createMovingAverage(options.slowDType ?? 'sma', this.slowDPeriod);
    this.lookback = this.fastKPeriod - 1 + this.slowK.lookback + this.slowD.lookback;
    this.lowest = new SlidingExtremum(this.fastKPeriod, 'min');
    this.highest = new SlidingExtremum(this.fastKPeriod, 'max');
  }

  /** Slow %K at the last update (NaN during the lookback). */
  get k(): number {
    return this.kValue;
  }

  /** Slow %D at the last update (NaN during the lookback). */
  get d(): number {
    return this.dValue;
  }

  /** Adds a bar; returns this stream so `update(h, l, c).k` reads the new values. */
  update(high: number, low: number, close: number): this {
    checkFinite('Stochastic high', high);
    checkFinite('Stochastic low', low);
    checkFinite('Stochastic close', close);
    const index = this.count++;
    const lowest = this.lowest.push(low);
    const highest = this.highest.push(high);
    if (index < this.fastKPeriod - 1) return this;
    const diff = (highest - lowest) / 100;
    const fastK = diff !== 0 ? (close - lowest) / diff : 0;
    const slowK = this.slowK.update(fastK);
    if (Number.isNaN(slowK)) return this;
    const slowD = this.slowD.update(slowK);
    if (Number.isNaN(slowD)) return this;
    this.kValue = slowK;
    this.dValue = slowD;
    return this;
  }

  /** Forgets all bars. */
  reset(): void {
    this.lowest.reset();
    this.highest.reset();
    this.slowK.reset();
    this.slowD.reset();
    this.count = 0;
    this.kValue = NaN;
    this.dValue = NaN;
  }
}

/** Slow stochastic of the bars, both lines aligned to the input (NaN for the first `lookback`). */
export function stochastic(bars: HighLowClose, options: StochasticOptions = {}): StochasticSeries {
  const n = commonLength({ high: bars.high, low: bars.low, close: bars.close });
  const stream = new StochasticStream(options);
  const result: StochasticSeries = { k: new Float64Array(n), d: new Float64Array(n) };
  for (let i = 0; i < n; i++) {
    stream.update(bars.high[i]!, bars.low[i]!, bars.close[i]!);
    result.k[i] = stream.k;
    result.d[i] = stream.d;
  }
  return result;
}
