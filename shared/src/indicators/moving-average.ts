// Chooses a moving average by type, as TA-Lib's MA does for the stochastic's smoothing. A period of 1
// is the identity (TA-Lib's MA copies its input then), whatever the type; the moving-average
// streams themselves need period >= 2, as in TA-Lib.

import { EmaStream } from './ema.js';
import { IndicatorError } from './indicator-error.js';
import type { SeriesIndicator } from './series-indicator.js';
import { SmaStream } from './sma.js';
import { WmaStream } from './wma.js';

/** The moving-average types supported for smoothing (TA-Lib MA types 0, 1 and 2). */
export type MovingAverageType = 'sma' | 'ema' | 'wma';

/** The identity, for period 1. */
class IdentityStream implements SeriesIndicator {
  readonly lookback = 0;
  update(value: number): number {
    return value;
  }
  reset(): void {}
}

/** A streaming moving average of the given type and period. */
export function createMovingAverage(type: MovingAverageType, period: number): SeriesIndicator {
  if (period === 1) return new IdentityStream();
  switch (type) {
    case 'sma':
      return new SmaStream({ period });
    case 'ema':
      return new EmaStream({ period });
    case 'wma':
      return new WmaStream({ period });
    default:
      throw new IndicatorError('INDICATOR_INVALID_PARAMETER', `moving-average type must be sma, ema or wma, got ${String(type)}`);
  }
}
