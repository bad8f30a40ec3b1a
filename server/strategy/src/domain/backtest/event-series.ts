// Tick and level-2 data for a backtest: the normalised trade, quote and book-snapshot events of
// one symbol (shared/src/market-data/market-events.ts), replayed through the same event loop as
// bars. Invariants: events are in non-decreasing time order (checked by the engine); prices are
// integer ticks of `tickSize`. Known limit: book deltas must be folded into snapshots first (the
// strategy API hands strategies whole snapshots).

import type { BookSnapshotEvent, QuoteEvent, TradeEvent } from '@kestrel/shared';
import type { BarSeries } from './bar-series.js';

/** An event the backtester replays. */
export type ReplayEvent = TradeEvent | QuoteEvent | BookSnapshotEvent;

/** The tick or book events of one symbol, in time order. */
export interface EventSeries {
  readonly symbol: string;
  readonly tickSize: string;
  readonly events: readonly ReplayEvent[];
}

/** Bars or events of one symbol. */
export type MarketSeries = BarSeries | EventSeries;

/** True for an event series. */
export function isEventSeries(series: MarketSeries): series is EventSeries {
  return 'events' in series;
}

/** The mid price in ticks of a quote or book snapshot (rounded down), or NaN when a side is empty. */
export function midTicks(event: QuoteEvent | BookSnapshotEvent): number {
  if (event.kind === 'quote') return event.bid === null || event.ask === null ? NaN : Math.floor((event.bid.priceTicks + event.ask.priceTicks) / 2);
  const bid = event.bids[0];
  const ask = event.asks[0];
  return bid === undefined || ask === undefined ? NaN : Math.floor((bid[0] + ask[0]) / 2);
}
