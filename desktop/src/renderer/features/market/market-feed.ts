// Live market data for the panels, behind one interface: quotes (last, bid/ask, change, a
// sparkline), the forming bars of a chart, new trades and the book. `PollingMarketFeed` reads
// the market-data REST routes on shared timers (poller.ts); a stream-backed feed over
// `/v1/stream` can replace it without touching the panels. Polling periods are chosen to stay
// well inside the gateway's per-user rate limit (600 requests per minute) with a full workspace.
import { BAR_INTERVAL_MICROS, type BarInterval } from '@kestrel/shared';
import type { Bar, Book, MarketDataApi, Trade } from '../../api/market-data-api.js';
import { Poller, type PollResult } from './poller.js';

/** What a watchlist row shows. */
export interface QuoteSnapshot {
  symbol: string;
  /** Last trade price, else the last bar close (ticks). */
  last: number | null;
  bid: number | null;
  ask: number | null;
  /** Close of the previous daily bar (ticks). */
  previousClose: number | null;
  /** Closes of the last daily bars, oldest first (ticks), for the sparkline. */
  sparkline: number[];
  /** Volume of the latest daily bar (lots). */
  volumeLots: number | null;
  time: string | null;
}

/** Live market data. */
export interface MarketFeed {
  watchQuote(symbol: string, listener: (result: PollResult<QuoteSnapshot>) => void): () => void;
  /** The newest bars of a series (the chart merges them into what it has). */
  watchBars(symbol: string, interval: BarInterval, listener: (result: PollResult<Bar[]>) => void): () => void;
  /** The newest trades, newest first (the receiver keeps what it has not seen). */
  watchTrades(symbol: string, listener: (result: PollResult<Trade[]>) => void): () => void;
  watchBook(symbol: string, listener: (result: PollResult<Book>) => void): () => void;
  stop(): void;
}

/** Polling periods in milliseconds. */
export const POLL_PERIODS = { quote: 5_000, bars: 2_000, trades: 1_000, book: 1_000 } as const;

/** The REST-polling feed. */
export class PollingMarketFeed implements MarketFeed {
  private readonly poller = new Poller();

  constructor(private readonly api: MarketDataApi) {}

  watchQuote(symbol: string, listener: (result: PollResult<QuoteSnapshot>) => void): () => void {
    return this.poller.watch(`quote:${symbol}`, POLL_PERIODS.quote, (signal) => this.quote(symbol, signal), listener);
  }

  watchBars(symbol: string, interval: BarInterval, listener: (result: PollResult<Bar[]>) => void): () => void {
    const period = Math.min(POLL_PERIODS.bars * 5, Math.max(POLL_PERIODS.bars, BAR_INTERVAL_MICROS[interval] / 1000 / 30));
    return this.poller.watch(`bars:${symbol}:${interval}`, period, async (signal) => (await this.api.bars(symbol, interval, { order: 'desc', limit: 3 }, signal)).bars.reverse(), listener);
  }

  watchTrades(symbol: string, listener: (result: PollResult<Trade[]>) => void): () => void {
    return this.poller.watch(`trades:${symbol}`, POLL_PERIODS.trades, (signal) => this.api.trades(symbol, { order: 'desc', limit: 100 }, signal), listener);
  }

  watchBook(symbol: string, listener: (result: PollResult<Book>) => void): () => void {
    return this.poller.watch(`book:${symbol}`, POLL_PERIODS.book, (signal) => this.api.book(symbol, 40, signal), listener);
  }

  stop(): void {
    this.poller.stopAll();
  }

  private async quote(symbol: string, signal: AbortSignal): Promise<QuoteSnapshot> {
    const [daily, trades, quotes] = await Promise.all([
      this.api.bars(symbol, '1d', { order: 'desc', limit: 30 }, signal),
      this.api.trades(symbol, { order: 'desc', limit: 1 }, signal).catch(() => [] as Trade[]),
      this.api.quotes(symbol, { order: 'desc', limit: 1 }, signal).catch(() => []),
    ]);
    const bars = [...daily.bars].reverse();
    const latestBar = bars[bars.length - 1] ?? null;
    const trade = trades[0] ?? null;
    const quote = quotes[0] ?? null;
    const previous = bars.length >= 2 ? bars[bars.length - 2]! : null;
    return {
      symbol,
      last: trade?.priceTicks ?? latestBar?.close ?? null,
      bid: quote?.bid?.priceTicks ?? null,
      ask: quote?.ask?.priceTicks ?? null,
      previousClose: previous?.close ?? null,
      sparkline: bars.map((bar) => bar.close),
      volumeLots: latestBar?.volumeLots ?? null,
      time: trade?.time ?? latestBar?.time ?? null,
    };
  }
}
