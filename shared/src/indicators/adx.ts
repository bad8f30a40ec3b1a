// Average Directional Index with +DI and -DI, exactly as TA-Lib's ADX, PLUS_DI and MINUS_DI
// (unstable period 0). Directional movement and true range are summed over the first period - 1
// changes, then Wilder-smoothed (s = s - s / period + x); DI = 100 * DM / TR (0 when TR is within
// 1e-14 of zero, as PLUS_DI/MINUS_DI); DX = 100 * |-DI - +DI| / (-DI + +DI); the first ADX is the
// mean of the first `period` DX values, then adx = (adx * (period - 1) + dx) / period. A bar whose
// DX is undefined (TR or DI sum ~0) leaves the ADX unchanged, as TA-Lib. Same operation order as
// TA-Lib, so results are bit-identical.
// Lookbacks differ per output: +DI/-DI start at index `period`, ADX at 2 * period - 1.

import type { HighLowClose } from './atr.js';
import { checkFinite, checkPeriod, commonLength } from './indicator-error.js';
import { trueRange } from './true-range.js';

/** ADX parameters; TA-Lib's default period is 14. */
export interface AdxOptions {
  period?: number;
}

/** ADX outputs aligned to the input. */
export interface AdxSeries {
  adx: Float64Array;
  plusDi: Float64Array;
  minusDi: Float64Array;
}

/** True when TA-Lib treats `v` as zero (TA_IS_ZERO). */
function isZero(v: number): boolean {
  return v > -1e-14 && v < 1e-14;
}

/** Streaming ADX, +DI and -DI; read `adx`, `plusDi` and `minusDi` after each update. */
export class AdxStream {
  readonly period: number;
  /** Index of the first ADX value. */
  readonly lookback: number;
  /** Index of the first +DI / -DI value. */
  readonly diLookback: number;
  private count = 0;
  private previousHigh = 0;
  private previousLow = 0;
  private previousClose = 0;
  private plusDm = 0;
  private minusDm = 0;
  private range = 0;
  private sumDx = 0;
  private adxValue = NaN;
  private plusDiValue = NaN;
  private minusDiValue = NaN;

  constructor(options: AdxOptions = {}) {
    this.period = checkPeriod('ADX period', options.period ?? 14, 2);
    this.lookback = 2 * this.period - 1;
    this.diLookback = this.period;
  }

  /** ADX at the last update (NaN during its lookback). */
  get adx(): number {
    return this.adxValue;
  }

  /** +DI at the last update (NaN during its lookback). */
  get plusDi(): number {
    return this.plusDiValue;
  }

  /** -DI at the last update (NaN during its lookback). */
  get minusDi(): number {
    return this.minusDiValue;
  }

  /** Adds a bar; returns this stream so `update(h, l, c).adx` reads the new values. */
  update(high: number, low: number, close: number): this {
    checkFinite('ADX high', high);
    checkFinite('ADX low', low);
    checkFinite('ADX close', close);
    const n = this.period;
    const index = this.count++;
    const plusDelta = high - this.previousHigh;
    const minusDelta = this.previousLow - low;
    const previousClose = this.previousClose;
    this.previousHigh = high;
    this.previousLow = low;
    this.previousClose = close;
    if (index === 0) return this;
    const range = trueRange(high, low, previousClose);
    if (index < n) {
      if (minusDelta > 0 && plusDelta < minusDelta) this.minusDm += minusDelta;
      else if (plusDelta > 0 && plusDelta > minusDelta) this.plusDm += plusDelta;
      this.range += range;
      return this;
    }
    this.minusDm -= this.minusDm / n;
    this.plusDm -= this.plusDm / n;
    if (minusDelta > 0 && plusDelta < minusDelta) this.minusDm += minusDelta;
    else if (plusDelta > 0 && plusDelta > minusDelta) this.plusDm += plusDelta;
    this.range = this.range - this.range / n + range;

    let dx = NaN;
    if (isZero(this.range)) {
      this.plusDiValue = 0;
      this.minusDiValue = 0;
    } else {
      const minusDi = 100 * (this.minusDm / this.range);
      const plusDi = 100 * (this.plusDm / this.range);
      this.minusDiValue = minusDi;
      this.plusDiValue = plusDi;
      const diSum = minusDi + plusDi;
      if (!isZero(diSum)) dx = 100 * (Math.abs(minusDi - plusDi) / diSum);
    }
    if (index < this.lookback) {
      if (!Number.isNaN(dx)) this.sumDx += dx;
    } else if (index === this.lookback) {
      if (!Number.isNaN(dx)) this.sumDx += dx;
      this.adxValue = this.sumDx / n;
    } else if (!Number.isNaN(dx)) {
      this.adxValue = (this.adxValue * (n - 1) + dx) / n;
    }
    return this;
  }

  /** Forgets all bars. */
  reset(): void {
    this.count = 0;
    this.previousHigh = 0;
    this.previousLow = 0;
    this.previousClose = 0;
    this.plusDm = 0;
    this.minusDm = 0;
    this.range = 0;
    this.sumDx = 0;
    this.adxValue = NaN;
    this.plusDiValue = NaN;
    this.minusDiValue = NaN;
  }
}

/** ADX, +DI and -DI of the bars, aligned to the input (NaN before each output's lookback). */
export function adx(bars: HighLowClose, options: AdxOptions = {}): AdxSeries {
  const n = commonLength({ high: bars.high, low: bars.low, close: bars.close });
  const stream = new AdxStream(options);
  const result: AdxSeries = { adx: new Float64Array(n), plusDi: new Float64Array(n), minusDi: new Float64Array(n) };
  for (let i = 0; i < n; i++) {
    stream.update(bars.high[i]!, bars.low[i]!, bars.close[i]!);
    result.adx[i] = stream.adx;
    result.plusDi[i] = stream.plusDi;
    result.minusDi[i] = stream.minusDi;
  }
  return result;
}
