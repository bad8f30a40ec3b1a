// The market events a strategy receives, the same in backtest, paper and live: bars, ticks (the
// normalised trade and quote events of market-data/market-events.ts), level-2 book snapshots (the
// runtime keeps the book from deltas and hands the strategy whole snapshots) and timers. Prices
// are integer ticks of the instrument's tick size (the money path); bars also carry float prices
// for analytics and indicators. Invariants: bar and timer times are ms since the Unix epoch (UTC),
// tick and book times integer microseconds (timeMicros), and neither decreases within a run; a
// bar's ticks satisfy low <= open, close <= high; book sides are sorted best first.

import type { QuoteEvent, TradeEvent } from '../market-data/market-events.js';
import type { OhlcTicks, OhlcvBar } from '../market-data/ohlcv-bar.js';

/** One bar of one symbol, with exact integer prices in `ticks`. */
export interface MarketBar extends OhlcvBar {
  readonly symbol: string;
  ticks: OhlcTicks;
}

/** A trade or a top-of-book quote (the normalised market-data events). */
export type MarketTick = TradeEvent | QuoteEvent;

/** A timer firing. */
export interface TimerEvent {
  /** The id setTimer/every returned. */
  readonly id: string;
  /** The name given when it was set. */
  readonly name: string;
  /** When it was due (ms); the context's now() equals this during onTimer. */
  readonly timestamp: number;
}

/** The bar field (or derived price) an indicator is fed from. */
export type PriceSource = 'open' | 'high' | 'low' | 'close' | 'volume' | 'typical' | 'median';

/** Reads `source` from a bar. */
export function priceOf(bar: OhlcvBar, source: PriceSource): number {
  switch (source) {
    case 'close':
      return bar.close;
    case 'open':
      return bar.open;
    case 'high':
      return bar.high;
    case 'low':
      return bar.low;
    case 'volume':
      return bar.volume;
    case 'typical':
      return (bar.high + bar.low + bar.close) / 3;
    case 'median':
      return (bar.high + bar.low) / 2;
  }
}
