// Stream deltas turned into the shapes the panels already use for REST data: a trade event into a
// tape row, a live bar into a chart bar, book events applied to the current book. Pure functions.
// Invariants: book levels are absolute (a level's new quantity, 0 removes it), bids stay sorted
// best (highest) first and asks best (lowest) first; a `book-snapshot` event replaces both sides.
import type { LiveBar, TradeEvent } from '@kestrel/shared';
import type { Bar, Book, Trade } from '../../api/market-data-api.js';

const isoOfMicros = (micros: number) => new Date(Math.floor(micros / 1000)).toISOString();

/** A trade event as a tape row. */
export function tradeOfEvent(event: TradeEvent): Trade {
  return { time: isoOfMicros(event.timeMicros), priceTicks: event.priceTicks, quantityLots: event.quantityLots, aggressor: event.aggressor, tradeId: event.tradeId, source: event.source };
}

/** A live bar as a chart bar. */
export function barOfLive(bar: LiveBar): Bar {
  return {
    time: isoOfMicros(bar.startMicros),
    open: bar.open,
    high: bar.high,
    low: bar.low,
    close: bar.close,
    volumeLots: bar.volumeLots,
    tradeCount: bar.tradeCount,
    vwapNumerator: bar.vwapNumerator,
    origin: 'trades',
    complete: bar.final,
  };
}

/** A book event of the stream. */
export interface BookEvent {
  kind: 'book-snapshot' | 'book-delta';
  symbol: string;
  source: string;
  timeMicros: number;
  bids: Array<[number, number]>;
  asks: Array<[number, number]>;
}

function applySide(levels: ReadonlyArray<[number, number]>, changes: ReadonlyArray<[number, number]>, descending: boolean): Array<[number, number]> {
  const byPrice = new Map(levels);
  for (const [price, quantity] of changes) {
    if (quantity === 0) byPrice.delete(price);
    else byPrice.set(price, quantity);
  }
  return [...byPrice].sort((a, b) => (descending ? b[0] - a[0] : a[0] - b[0]));
}

/** The book after an event (the first event of a symbol without a snapshot starts a book). */
export function applyBookEvent(book: Book | null, event: BookEvent): Book {
  const base: Book = book ?? { symbol: event.symbol, source: event.source, time: isoOfMicros(event.timeMicros), feedState: 'live', feedStateReason: null, crossed: false, bids: [], asks: [] };
  const replace = event.kind === 'book-snapshot';
  const bids = replace ? applySide([], event.bids, true) : applySide(base.bids, event.bids, true);
  const asks = replace ? applySide([], event.asks, false) : applySide(base.asks, event.asks, false);
  const bestBid = bids[0]?.[0];
  const bestAsk = asks[0]?.[0];
  return { ...base, time: isoOfMicros(event.timeMicros), bids, asks, crossed: bestBid !== undefined && bestAsk !== undefined && bestBid >= bestAsk };
}
