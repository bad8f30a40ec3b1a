// What every strategy runtime (backtest, paper, live) keeps per symbol for its strategy: the bar
// history and the indicators attached to the bar stream, plus the convenience constructors of the
// common indicators (the streaming classes of shared/src/indicators, so a strategy's indicator
// values equal the batch functions and TA-Lib). Runtimes call onBar() for each bar before the
// strategy's onBar. Invariants: only symbols given at construction exist (others throw
// STRATEGY_SYMBOL_UNKNOWN); the first symbol is the default.

import { AtrStream } from '../indicators/atr.js';
import { EmaStream } from '../indicators/ema.js';
import { MaxStream, MinStream } from '../indicators/extremes.js';
import { createMovingAverage } from '../indicators/moving-average.js';
import { RsiStream } from '../indicators/rsi.js';
import type { SeriesIndicator } from '../indicators/series-indicator.js';
import { RingBarHistory, type BarHistory } from './bar-history.js';
import { FedIndicator, type IndicatorHandle } from './indicator-handle.js';
import { priceOf, type MarketBar, type PriceSource } from './market-events.js';
import { StrategyError } from './strategy-error.js';

/** Which symbol and bar field an indicator reads (defaults: the run's first symbol, its close). */
export interface IndicatorOptions {
  symbol?: string;
  source?: PriceSource;
}

/** Market-data access of a strategy context. */
export interface MarketDataView {
  /** Symbols of the run; the first is the default wherever a symbol is optional. */
  readonly symbols: readonly string[];
  /** The recent bars of `symbol`. */
  bars(symbol?: string): BarHistory;
  /** Attaches any single-input streaming indicator to a bar field. */
  indicator(stream: SeriesIndicator, options?: IndicatorOptions): IndicatorHandle;
  /** Attaches a custom per-bar computation (e.g. a multi-input indicator stream). */
  track(compute: (bar: MarketBar) => number, options?: { symbol?: string }): IndicatorHandle;
  /** Simple moving average (exact: equal windows give equal values); period 1 is the price itself. */
  sma(period: number, options?: IndicatorOptions): IndicatorHandle;
  /** Exponential moving average (TA-Lib seeding). */
  ema(period: number, options?: IndicatorOptions): IndicatorHandle;
  /** Wilder RSI (TA-Lib). */
  rsi(period: number, options?: IndicatorOptions): IndicatorHandle;
  /** Highest value of the last `period` bars, including the latest (default source: high). */
  highest(period: number, options?: IndicatorOptions): IndicatorHandle;
  /** Lowest value of the last `period` bars, including the latest (default source: low). */
  lowest(period: number, options?: IndicatorOptions): IndicatorHandle;
  /** Average true range (TA-Lib). */
  atr(period: number, options?: { symbol?: string }): IndicatorHandle;
}

interface SymbolData {
  history: RingBarHistory;
  indicators: FedIndicator[];
}

/** Bar histories and indicator feeds of a set of symbols. */
export class MarketData implements MarketDataView {
  readonly symbols: readonly string[];
  private readonly bySymbol = new Map<string, SymbolData>();
  /** The single symbol's data when there is one (skips the map lookup per bar). */
  private readonly only: SymbolData | undefined;

  constructor(symbols: readonly string[], historyCapacity = 1_000) {
    if (symbols.length === 0) throw new StrategyError('STRATEGY_DEFINITION_INVALID', 'a run needs at least one symbol');
    this.symbols = [...symbols];
    for (const symbol of symbols) this.bySymbol.set(symbol, { history: new RingBarHistory(symbol, historyCapacity), indicators: [] });
    this.only = symbols.length === 1 ? this.bySymbol.get(symbols[0]!) : undefined;
  }

  /** Records a delivered bar and feeds the symbol's indicators (call before the strategy's onBar). */
  onBar(bar: MarketBar): void {
    const data = this.only ?? this.data(bar.symbol);
    data.history.push(bar);
    const indicators = data.indicators;
    for (let i = 0; i < indicators.length; i++) indicators[i]!.update(bar);
  }

  bars(symbol?: string): BarHistory {
    return this.data(symbol).history;
  }

  indicator(stream: SeriesIndicator, options: IndicatorOptions = {}): IndicatorHandle {
    const source = options.source ?? 'close';
    if (source === 'close') return this.track((bar) => stream.update(bar.close), options);
    return this.track((bar) => stream.update(priceOf(bar, source)), options);
  }

  track(compute: (bar: MarketBar) => number, options: { symbol?: string } = {}): IndicatorHandle {
    const handle = new FedIndicator(compute);
    this.data(options.symbol).indicators.push(handle);
    return handle;
  }

  sma(period: number, options?: IndicatorOptions): IndicatorHandle {
    return this.indicator(createMovingAverage('sma', period), options);
  }

  ema(period: number, options?: IndicatorOptions): IndicatorHandle {
    return this.indicator(new EmaStream({ period }), options);
  }

  rsi(period: number, options?: IndicatorOptions): IndicatorHandle {
    return this.indicator(new RsiStream({ period }), options);
  }

  highest(period: number, options: IndicatorOptions = {}): IndicatorHandle {
    return this.indicator(new MaxStream({ period }), { ...options, source: options.source ?? 'high' });
  }

  lowest(period: number, options: IndicatorOptions = {}): IndicatorHandle {
    return this.indicator(new MinStream({ period }), { ...options, source: options.source ?? 'low' });
  }

  atr(period: number, options: { symbol?: string } = {}): IndicatorHandle {
    const stream = new AtrStream({ period });
    return this.track((bar) => stream.update(bar.high, bar.low, bar.close), options);
  }

  private data(symbol: string | undefined): SymbolData {
    const data = this.bySymbol.get(symbol ?? this.symbols[0]!);
    if (data === undefined) {
      throw new StrategyError('STRATEGY_SYMBOL_UNKNOWN', `symbol ${String(symbol)} is not part of this run (${this.symbols.join(', ')})`);
    }
    return data;
  }
}
