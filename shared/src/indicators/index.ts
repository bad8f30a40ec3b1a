// Public surface of the technical-indicator library: batch functions (arrays in, arrays out,
// aligned to the input with NaN before each lookback) and O(1) streaming classes with the same
// values. Pure TypeScript, no I/O, usable in Node, the browser and the desktop renderer.

export { adx, AdxStream, type AdxOptions, type AdxSeries } from './adx.js';
export { atr, AtrStream, type AtrOptions, type HighLowClose } from './atr.js';
export {
  bollingerBands,
  BollingerBandsStream,
  type BollingerBandsOptions,
  type BollingerBandsSeries,
} from './bollinger-bands.js';
export { ema, EmaStream, type EmaOptions } from './ema.js';
export { ExactSum } from './exact-sum.js';
export { max, MaxStream, min, MinStream, type ExtremeOptions } from './extremes.js';
export { INDICATOR_ERROR_CODES, IndicatorError, MAX_PERIOD, type IndicatorErrorCode } from './indicator-error.js';
export { macd, MacdStream, type MacdOptions, type MacdSeries } from './macd.js';
export { createMovingAverage, type MovingAverageType } from './moving-average.js';
export { obv, ObvStream, type CloseVolume } from './obv.js';
export { rsi, RsiStream, type RsiOptions } from './rsi.js';
export { runSeries, type SeriesIndicator } from './series-indicator.js';
export { sma, SmaStream, type SmaOptions } from './sma.js';
export { stochastic, StochasticStream, type StochasticOptions, type StochasticSeries } from './stochastic.js';
export { trueRange } from './true-range.js';
export {
  anchoredSession,
  dailySession,
  vwap,
  VwapStream,
  type DailySessionOptions,
  type VwapBars,
  type VwapOptions,
  type VwapPrice,
  type VwapSession,
} from './vwap.js';
export { wma, WmaStream, type WmaOptions } from './wma.js';
