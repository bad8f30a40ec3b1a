// Bollinger Bands as TA-Lib's BBANDS with an SMA middle band: middle = SMA(period),
// sigma = population standard deviation sqrt(mean(x^2) - middle^2) (0 when that is below 1e-14,
// as TA-Lib), upper = middle + deviationsUp * sigma, lower = middle - deviationsDown * sigma.
// Both window sums are exact (ExactSum), so equal windows give bit-identical bands and nothing
// drifts. Known limit: mean(x^2) - mean^2 cancels when sigma is tiny relative to the price (TA-Lib
// uses the same formula): sigma's absolute error is about price^2 * 1.1e-16 / sigma.
// Lookback: period - 1.

import { ExactSum } from './exact-sum.js';
import { checkFinite, checkMultiplier, checkPeriod } from './indicator-error.js';
import { SlidingWindow } from './sliding-window.js';

/** Bollinger parameters; TA-Lib's defaults are period 5 and 2 standard deviations each way. */
export interface BollingerBandsOptions {
  period?: number;
  deviationsUp?: number;
  deviationsDown?: number;
}

/** Bollinger outputs aligned to the input. */
export interface BollingerBandsSeries {
  upper: Float64Array;
  middle: Float64Array;
  lower: Float64Array;
}

/** Streaming Bollinger Bands; read `upper`, `middle` and `lower` after each update. */
export class BollingerBandsStream {
  readonly period: number;
  readonly deviationsUp: number;
  readonly deviationsDown: number;
  readonly lookback: number;
  private readonly window: SlidingWindow;
  private readonly sum = new ExactSum();
  private readonly sumOfSquares = new ExactSum();
  private upperValue = NaN;
  private middleValue = NaN;
  private lowerValue = NaN;

  constructor(options: BollingerBandsOptions = {}) {
    this.period = checkPeriod('Bollinger period', options.period ?? 5, 2);
    this.deviationsUp = checkMultiplier('Bollinger deviationsUp', options.deviationsUp ?? 2);
    this.deviationsDown = checkMultiplier('Bollinger deviationsDown', options.deviationsDown ?? 2);
    this.lookback = this.period - 1;
    this.window = new SlidingWindow(this.period);
  }

  /** Upper band at the last update (NaN during the lookback). */
  get upper(): number {
    return this.upperValue;
  }

  /** Middle band (the SMA) at the last update (NaN during the lookback). */
  get middle(): number {
    return this.middleValue;
  }

  /** Lower band at the last update (NaN during the lookback). */
  get lower(): number {
    return this.lowerValue;
  }

  /** Adds a price; returns this stream so `update(x).upper` reads the new values. */
  update(value: number): this {
    checkFinite('Bollinger input', value);
    const evicted = this.window.push(value);
    if (Number.isNaN(evicted)) {
      this.sum.add(value);
      this.sumOfSquares.add(value * value);
    } else {
      this.sum.addDifference(value, evicted);
      this.sumOfSquares.addDifference(value * value, evicted * evicted);
    }
    if (!this.window.full) return this;
    const mean = this.sum.divide(this.period);
    const variance = this.sumOfSquares.divide(this.period) - mean * mean;
    const sigma = variance < 1e-14 ? 0 : Math.sqrt(variance);
    this.middleValue = mean;
    this.upperValue = mean + sigma * this.deviationsUp;
    this.lowerValue = mean - sigma * this.deviationsDown;
    return this;
  }

  /** Forgets all inputs. */
  reset(): void {
    this.window.reset();
    this.sum.reset();
    this.sumOfSquares.reset();
    this.upperValue = NaN;
    this.middleValue = NaN;
    this.lowerValue = NaN;
  }
}

/** Bollinger Bands of `values`, each band aligned to the input (NaN for the first period - 1). */
export function bollingerBands(values: ArrayLike<number>, options: BollingerBandsOptions = {}): BollingerBandsSeries {
  const stream = new BollingerBandsStream(options);
  const n = values.length;
  const result: BollingerBandsSeries = { upper: new Float64Array(n), middle: new Float64Array(n), lower: new Float64Array(n) };
  for (let i = 0; i < n; i++) {
    stream.update(values[i]!);
    result.upper[i] = stream.upper;
    result.middle[i] = stream.middle;
    result.lower[i] = stream.lower;
  }
  return result;
}
