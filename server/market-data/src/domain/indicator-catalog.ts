// The indicators the history API computes on demand, each a thin call into the shared library
// (shared/src/indicators, TA-Lib parity), so the API and any client using the library agree
// exactly. Inputs are bar columns in price units (ticks × tick size, converted by one correctly
// rounded division) and volume in instrument units (lots × lot size). Each entry states its
// parameters (with the library's defaults), the bar fields it reads and its named outputs, and
// how many bars it needs before its first value (`lookback`, from the library's stream classes).
import {
  AdxStream,
  AtrStream,
  BollingerBandsStream,
  EmaStream,
  MacdStream,
  RsiStream,
  SmaStream,
  StochasticStream,
  WmaStream,
  adx,
  anchoredSession,
  atr,
  bollingerBands,
  dailySession,
  ema,
  macd,
  obv,
  rsi,
  sma,
  stochastic,
  vwap,
  wma,
  type MovingAverageType,
} from '@kestrel/shared';

/** Bars as parallel columns (prices in currency units). */
export interface IndicatorInput {
  timestamp: Float64Array;
  open: Float64Array;
  high: Float64Array;
  low: Float64Array;
  close: Float64Array;
  volume: Float64Array;
}

/** The parameters an indicator request may carry (absent = library default). */
export interface IndicatorParams {
  period?: number;
  fastPeriod?: number;
  slowPeriod?: number;
  signalPeriod?: number;
  deviationsUp?: number;
  deviationsDown?: number;
  fastKPeriod?: number;
  slowKPeriod?: number;
  slowKType?: MovingAverageType;
  slowDPeriod?: number;
  slowDType?: MovingAverageType;
  field?: 'open' | 'high' | 'low' | 'close';
  price?: 'typical' | 'close';
  /** VWAP: `day` sessions (UTC offset below) or one session anchored at the first bar of the range. */
  session?: 'day' | 'anchored';
  utcOffsetMinutes?: number;
  /** VWAP anchored session start, ms since the epoch (set by the route to the range start). */
  anchorMs?: number;
}

/** One indicator: its outputs, lookback and computation. */
export interface IndicatorDefinition {
  outputs: readonly string[];
  lookback(params: IndicatorParams): number;
  compute(input: IndicatorInput, params: IndicatorParams): Record<string, Float64Array>;
}

const field = (input: IndicatorInput, params: IndicatorParams): Float64Array => input[params.field ?? 'close'];
const only = (value: Float64Array): Record<string, Float64Array> => ({ value });

/** Every supported indicator by its API name. */
export const INDICATORS: Readonly<Record<string, IndicatorDefinition>> = {
  sma: {
    outputs: ['value'],
    lookback: (p) => new SmaStream({ period: p.period }).lookback,
    compute: (input, p) => only(sma(field(input, p), { period: p.period })),
  },
  ema: {
    outputs: ['value'],
    lookback: (p) => new EmaStream({ period: p.period }).lookback,
    compute: (input, p) => only(ema(field(input, p), { period: p.period })),
  },
  wma: {
    outputs: ['value'],
    lookback: (p) => new WmaStream({ period: p.period }).lookback,
    compute: (input, p) => only(wma(field(input, p), { period: p.period })),
  },
  rsi: {
    outputs: ['value'],
    lookback: (p) => new RsiStream({ period: p.period }).lookback,
    compute: (input, p) => only(rsi(field(input, p), { period: p.period })),
  },
  macd: {
    outputs: ['macd', 'signal', 'histogram'],
    lookback: (p) => new MacdStream(macdOptions(p)).lookback,
    compute: (input, p) => {
      const series = macd(field(input, p), macdOptions(p));
      return { macd: series.macd, signal: series.signal, histogram: series.histogram };
    },
  },
  bollinger: {
    outputs: ['upper', 'middle', 'lower'],
    lookback: (p) => new BollingerBandsStream(bollingerOptions(p)).lookback,
    compute: (input, p) => {
      const series = bollingerBands(field(input, p), bollingerOptions(p));
      return { upper: series.upper, middle: series.middle, lower: series.lower };
    },
  },
  atr: {
    outputs: ['value'],
    lookback: (p) => new AtrStream({ period: p.period }).lookback,
    compute: (input, p) => only(atr(input, { period: p.period })),
  },
  adx: {
    outputs: ['adx', 'plusDi', 'minusDi'],
    lookback: (p) => new AdxStream({ period: p.period }).lookback,
    compute: (input, p) => {
      const series = adx(input, { period: p.period });
      return { adx: series.adx, plusDi: series.plusDi, minusDi: series.minusDi };
    },
  },
  stochastic: {
    outputs: ['k', 'd'],
    lookback: (p) => new StochasticStream(stochasticOptions(p)).lookback,
    compute: (input, p) => {
      const series = stochastic(input, stochasticOptions(p));
      return { k: series.k, d: series.d };
    },
  },
  obv: {
    outputs: ['value'],
    lookback: () => 0,
    compute: (input) => only(obv(input)),
  },
  vwap: {
    outputs: ['value'],
    lookback: () => 0,
    compute: (input, p) =>
      only(
        vwap(input, {
          price: p.price ?? 'typical',
          session: p.session === 'anchored' ? anchoredSession(p.anchorMs ?? 0) : dailySession({ utcOffsetMinutes: p.utcOffsetMinutes ?? 0 }),
        }),
      ),
  },
};

function macdOptions(p: IndicatorParams) {
  return { fastPeriod: p.fastPeriod, slowPeriod: p.slowPeriod, signalPeriod: p.signalPeriod };
}

function bollingerOptions(p: IndicatorParams) {
  return { period: p.period, deviationsUp: p.deviationsUp, deviationsDown: p.deviationsDown };
}

function stochasticOptions(p: IndicatorParams) {
  return { fastKPeriod: p.fastKPeriod, slowKPeriod: p.slowKPeriod, slowKType: p.slowKType, slowDPeriod: p.slowDPeriod, slowDType: p.slowDType };
}

/** Names of the supported indicators. */
export const INDICATOR_NAMES = Object.keys(INDICATORS) as readonly string[];
