// What a replay session has fed the desktop under its trading symbol since it started (or since its
// last seek): the latest trades, quotes and bars of the messages it re-published on `market.ticks`,
// so a subscription to the trading symbol gets an opening snapshot of the same data its deltas
// carry (GET /v1/replay-market-data/*, read by the stream service like /v1/market-data/* for live
// symbols). The views have the shape of the market-data history routes' answers.
// Invariants: items are kept in the order the replay emitted them; at most KEPT of each kind (of
// each bar interval); a bar is replaced by a later version with the same start (the live bar grows).
// Known limit: a seek starts a new pass, so what was fed before it is forgotten (not re-read from
// history): right after a seek the snapshot holds only what the new pass has played.
import type { BarInterval, LiveBar, MarketTicksMessage, QuoteEvent, TradeEvent } from '@kestrel/shared';

/** Most items of one kind a session keeps (the routes' largest page). */
export const KEPT = 1000;

/** ISO-8601 text with microseconds of a time in µs since the epoch (as market-data writes it). */
function microsToIso(micros: number): string {
  const ms = Math.floor(micros / 1000);
  return `${new Date(ms).toISOString().slice(0, 23)}${String(micros - ms * 1000).padStart(3, '0')}Z`;
}

function keepLast<T>(items: T[]): void {
  if (items.length > KEPT) items.splice(0, items.length - KEPT);
}

/** Newest first when `order` is desc, at most `limit`. */
function page<T>(items: readonly T[], order: 'asc' | 'desc', limit: number): T[] {
  return order === 'desc' ? items.slice(-limit).reverse() : items.slice(-limit);
}

/** The latest market data of one session. */
export class SessionFeed {
  readonly #trades: TradeEvent[] = [];
  readonly #quotes: QuoteEvent[] = [];
  readonly #bars = new Map<BarInterval, LiveBar[]>();

  /** Takes in one re-published message. */
  add(message: MarketTicksMessage): void {
    for (const event of message.events) {
      if (event.kind === 'trade') this.#trades.push(event);
      else if (event.kind === 'quote') this.#quotes.push(event);
    }
    keepLast(this.#trades);
    keepLast(this.#quotes);
    for (const bar of message.bars) {
      const bars = this.#bars.get(bar.interval) ?? [];
      this.#bars.set(bar.interval, bars);
      if (bars.length > 0 && bars[bars.length - 1]!.startMicros === bar.startMicros) bars[bars.length - 1] = bar;
      else bars.push(bar);
      keepLast(bars);
    }
  }

  /** Forgets everything (a seek starts a new pass). */
  clear(): void {
    this.#trades.length = 0;
    this.#quotes.length = 0;
    this.#bars.clear();
  }

  /** Trades as GET /v1/market-data/trades shows them. */
  trades(symbol: string, order: 'asc' | 'desc', limit: number) {
    return {
      symbol,
      trades: page(this.#trades, order, limit).map((trade) => ({ time: microsToIso(trade.timeMicros), priceTicks: trade.priceTicks, quantityLots: trade.quantityLots, aggressor: trade.aggressor, tradeId: trade.tradeId, source: trade.source })),
      nextCursor: null,
    };
  }

  /** Quotes as GET /v1/market-data/quotes shows them. */
  quotes(symbol: string, order: 'asc' | 'desc', limit: number) {
    return {
      symbol,
      quotes: page(this.#quotes, order, limit).map((quote) => ({ time: microsToIso(quote.timeMicros), bid: quote.bid, ask: quote.ask, source: quote.source })),
      nextCursor: null,
    };
  }

  /** Bars as GET /v1/market-data/bars shows them (`origin`: what the replay played). */
  bars(symbol: string, interval: BarInterval, origin: 'trades' | 'import', order: 'asc' | 'desc', limit: number) {
    return {
      symbol,
      interval,
      bars: page(this.#bars.get(interval) ?? [], order, limit).map((bar) => ({
        time: microsToIso(bar.startMicros),
        open: bar.open,
        high: bar.high,
        low: bar.low,
        close: bar.close,
        volumeLots: bar.volumeLots,
        tradeCount: bar.tradeCount,
        vwapNumerator: bar.vwapNumerator,
        origin,
        complete: bar.final,
      })),
      gaps: [],
      nextCursor: null,
    };
  }
}
