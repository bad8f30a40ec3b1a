// On-Balance Volume exactly as TA-Lib's OBV: starts at the first bar's volume (not 0), then adds
// the volume on an up close, subtracts it on a down close, keeps it on an unchanged close.
// Lookback: 0.

import { checkFinite, checkVolume, commonLength } from './indicator-error.js';

/** Close/volume columns of equal length. */
export interface CloseVolume {
  close: ArrayLike<number>;
  volume: ArrayLike<number>;
}

/** Streaming OBV. */
export class ObvStream {
  readonly lookback = 0;
  private count = 0;
  private previousClose = 0;
  private current = 0;

  /** Adds a bar; returns the OBV at it. */
  update(close: number, volume: number): number {
    checkFinite('OBV close', close);
    checkVolume('OBV volume', volume);
    if (this.count++ === 0) this.current = volume;
    else if (close > this.previousClose) this.current += volume;
    else if (close < this.previousClose) this.current -= volume;
    this.previousClose = close;
    return this.current;
  }

  /** Forgets all bars. */
  reset(): void {
    this.count = 0;
    this.previousClose = 0;
    this.current = 0;
  }
}

/** OBV of the bars, aligned to the input. */
export function obv(bars: CloseVolume): Float64Array {
  const n = commonLength({ close: bars.close, volume: bars.volume });
  const stream = new ObvStream();
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = stream.update(bars.close[i]!, bars.volume[i]!);
  return out;
}
