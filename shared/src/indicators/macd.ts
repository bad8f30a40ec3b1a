// MACD exactly as TA-Lib computes it: line = EMA(fast) - EMA(slow), signal = EMA(signal) of the
// line, histogram = line - signal. TA-Lib quirk kept on purpose: both EMAs produce their first
// value at index slow - 1, so the fast EMA is seeded with the mean of the `fast` inputs ending
// there (not of the first `fast` inputs). All three outputs share TA-Lib's lookback
// (slow - 1) + (signal - 1), so the line is NaN until the signal exists too.
// Differs from TA-Lib: fast >= slow is rejected instead of silently swapped, and the signal period
// must be >= 2 (TA-Lib 0.6 returns a misaligned signal with uninitialised values for period 1).

import { EmaStream } from './ema.js';
import { checkFinite, checkPeriod, IndicatorError } from './indicator-error.js';

/** MACD parameters; TA-Lib's defaults are 12, 26 and 9. */
export interface MacdOptions {
  fastPeriod?: number;
  slowPeriod?: number;
  signalPeriod?: number;
}

/** MACD outputs aligned to the input. */
export interface MacdSeries {
  macd: Float64Array;
  signal: Float64Array;
  histogram: Float64Array;
}

/** Streaming MACD; read `macd`, `signal` and `histogram` after each update. */
export class MacdStream {
  readonly fastPeriod: number;
  readonly slowPeriod: number;
  readonly signalPeriod: number;
  readonly lookback: number;
  private readonly fast: EmaStream;
  private readonly slow: EmaStream;
  private readonly signalEma: EmaStream;
  private count = 0;
  private line = NaN;
  private signalValue = NaN;
  private histogramValue = NaN;

  constructor(options: MacdOptions = {}) {
    this.fastPeriod = checkPeriod('MACD fast period', options.fastPeriod ?? 12, 2);
    this.slowPeriod = checkPeriod('MACD slow period', options.slowPeriod ?? 26, 2);
    this.signalPeriod = checkPeriod('MACD signal period', options.signalPeriod ?? 9, 2);
    if (this.fastPeriod >= this.slowPeriod) {
      throw new IndicatorError(
        'INDICATOR_INVALID_PARAMETER',
        `MACD fast period (${this.fastPeriod}) must be less than the slow period (${this.slowPeriod})`,
      );
    }
    this.lookback = this.slowPeriod - 1 + (this.signalPeriod - 1);
    this.fast = new EmaStream({ period: this.fastPeriod });
    this.slow = new EmaStream({ period: this.slowPeriod });
    this.signalEma = new EmaStream({ period: this.signalPeriod });
  }

  /** The MACD line at the last update (NaN during the lookback). */
  get macd(): number {
    return this.line;
  }

  /** The signal line at the last update (NaN during the lookback). */
  get signal(): number {
    return this.signalValue;
  }

  /** macd - signal at the last update (NaN during the lookback). */
  get histogram(): number {
    return this.histogramValue;
  }

  /** Adds a price; returns this stream so `update(x).histogram` reads the new values. */
  update(value: number): this {
    checkFinite('MACD input', value);
    const index = this.count++;
    const slow = this.slow.update(value);
    if (index < this.slowPeriod - this.fastPeriod) return this;
    const fast = this.fast.update(value);
    if (index < this.slowPeriod - 1) return this;
    const line = fast - slow;
    const signal = this.signalEma.update(line);
    if (Number.isNaN(signal)) return this;
    this.line = line;
    this.signalValue = signal;
    this.histogramValue = line - signal;
    return this;
  }

  /** Forgets all inputs. */
  reset(): void {
    this.fast.reset();
    this.slow.reset();
    this.signalEma.reset();
    this.count = 0;
    this.line = NaN;
    this.signalValue = NaN;
    this.histogramValue = NaN;
  }
}

/** MACD of `values`, each output aligned to the input (NaN for the first `lookback`). */
export function macd(values: ArrayLike<number>, options: MacdOptions = {}): MacdSeries {
  const stream = new MacdStream(options);
  const n = values.length;
  const result: MacdSeries = { macd: new Float64Array(n), signal: new Float64Array(n), histogram: new Float64Array(n) };
  for (let i = 0; i < n; i++) {
    stream.update(values[i]!);
    result.macd[i] = stream.macd;
    result.signal[i] = stream.signal;
    result.histogram[i] = stream.histogram;
  }
  return result;
}
