// The market part of every StrategyContext (MarketDataView), delegated to the run's MarketData:
// the backtest context and the paper/live context both extend it, so a strategy reads bars and
// indicators through the same code in every mode. The runtime feeds `market` (onBar) before each
// hook; strategies only read through the view.
import type { SeriesIndicator } from '../indicators/series-indicator.js';
import type { BarHistory } from './bar-history.js';
import type { IndicatorHandle } from './indicator-handle.js';
import type { IndicatorOptions, MarketData, MarketDataView } from './market-data-view.js';
import type { MarketBar } from './market-events.js';

/** Base of the strategy contexts: the market view of one run. */
export abstract class MarketContext implements MarketDataView {
  protected constructor(readonly market: MarketData) {}

  get symbols(): readonly string[] {
    return this.market.symbols;
  }

  bars(symbol?: string): BarHistory {
    return this.market.bars(symbol);
  }

  indicator(stream: SeriesIndicator, options?: IndicatorOptions): IndicatorHandle {
    return this.market.indicator(stream, options);
  }

  track(compute: (bar: MarketBar) => number, options?: { symbol?: string }): IndicatorHandle {
    return this.market.track(compute, options);
  }

  sma(period: number, options?: IndicatorOptions): IndicatorHandle {
    return this.market.sma(period, options);
  }

  ema(period: number, options?: IndicatorOptions): IndicatorHandle {
    return this.market.ema(period, options);
  }

  rsi(period: number, options?: IndicatorOptions): IndicatorHandle {
    return this.market.rsi(period, options);
  }

  highest(period: number, options?: IndicatorOptions): IndicatorHandle {
    return this.market.highest(period, options);
  }

  lowest(period: number, options?: IndicatorOptions): IndicatorHandle {
    return this.market.lowest(period, options);
  }

  atr(period: number, options?: { symbol?: string }): IndicatorHandle {
    return this.market.atr(period, options);
  }
}
