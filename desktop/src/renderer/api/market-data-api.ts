// Market data REST calls (server/market-data): instruments, bars with keyset paging (the newest
// bars, then older pages through the service's opaque `order=desc` cursor), trades, quotes, the
// latest book and server-computed indicators. Prices are integer ticks and quantities integer
// lots, exactly as on the wire; conversion for display happens in the panels.
import type { BarInterval, Instrument } from '@kestrel/shared';
import type { HttpClient } from './http-client.js';

/** One bar. */
export interface Bar {
  time: string;
  open: number;
  high: number;
  low: number;
  close: number;
  volumeLots: number;
  tradeCount: number | null;
  vwapNumerator: string | null;
  origin: 'trades' | 'import';
  complete: boolean;
}

/** A page of bars. */
export interface BarsPage {
  symbol: string;
  interval: BarInterval;
  bars: Bar[];
  gaps: Array<{ from: string; to: string; missingBars: number }>;
  nextCursor: string | null;
}

/**
 * Bars oldest first, and the cursor of the page before the oldest of them (null when they reach
 * the start of the stored history).
 */
export interface BarHistory {
  bars: Bar[];
  olderCursor: string | null;
}

/** One trade print. */
export interface Trade {
  time: string;
  priceTicks: number;
  quantityLots: number;
  aggressor: 'buy' | 'sell' | null;
  tradeId: string;
  source: string;
}

/** One top-of-book quote. */
export interface Quote {
  time: string;
  bid: { priceTicks: number; quantityLots: number } | null;
  ask: { priceTicks: number; quantityLots: number } | null;
  source: string;
}

/** The latest L2 book. */
export interface Book {
  symbol: string;
  source: string;
  time: string;
  feedState: string;
  feedStateReason: string | null;
  crossed: boolean;
  bids: Array<[number, number]>;
  asks: Array<[number, number]>;
}

/** A server-computed indicator. */
export interface IndicatorSeries {
  name: string;
  outputs: string[];
  points: Array<{ time: string; values: Record<string, number | null> }>;
  truncated: boolean;
}

/** Range and paging of history queries. */
export interface HistoryQuery {
  from?: string;
  to?: string;
  limit?: number;
  cursor?: string;
  order?: 'asc' | 'desc';
}

/** The market data calls. */
export class MarketDataApi {
  constructor(private readonly http: HttpClient) {}

  async instruments(): Promise<Instrument[]> {
    return (await this.http.get<{ instruments: Instrument[] }>('/v1/market-data/instruments')).instruments;
  }

  bars(symbol: string, interval: BarInterval, query: HistoryQuery = {}, signal?: AbortSignal): Promise<BarsPage> {
    return this.http.get('/v1/market-data/bars', { query: { symbol, interval, ...query }, signal });
  }

  /** The newest `count` bars, oldest first (paging back with the cursor as needed). */
  async latestBars(symbol: string, interval: BarInterval, count: number, signal?: AbortSignal): Promise<Bar[]> {
    return (await this.pageBack(symbol, interval, count, undefined, signal)).bars;
  }

  /** The newest `count` bars, oldest first, and the cursor of the bars before them. */
  latestHistory(symbol: string, interval: BarInterval, count: number, signal?: AbortSignal): Promise<BarHistory> {
    return this.pageBack(symbol, interval, count, undefined, signal);
  }

  /** Up to `count` bars before `olderCursor` (from an earlier BarHistory), oldest first. */
  olderBars(symbol: string, interval: BarInterval, olderCursor: string, count: number, signal?: AbortSignal): Promise<BarHistory> {
    return this.pageBack(symbol, interval, count, olderCursor, signal);
  }

  // Newest first (order=desc) from `cursor`, in pages of at most the service's default maximum.
  private async pageBack(symbol: string, interval: BarInterval, count: number, cursor: string | undefined, signal?: AbortSignal): Promise<BarHistory> {
    const collected: Bar[] = [];
    let next = cursor;
    let olderCursor: string | null = null;
    while (collected.length < count) {
      const page = await this.bars(symbol, interval, { order: 'desc', limit: Math.min(count - collected.length, 10_000), cursor: next }, signal);
      collected.push(...page.bars);
      olderCursor = page.bars.length === 0 ? null : page.nextCursor;
      if (olderCursor === null) break;
      next = olderCursor;
    }
    return { bars: collected.reverse(), olderCursor };
  }

  async trades(symbol: string, query: HistoryQuery = {}, signal?: AbortSignal): Promise<Trade[]> {
    return (await this.http.get<{ trades: Trade[] }>('/v1/market-data/trades', { query: { symbol, ...query }, signal })).trades;
  }

  async quotes(symbol: string, query: HistoryQuery = {}, signal?: AbortSignal): Promise<Quote[]> {
    return (await this.http.get<{ quotes: Quote[] }>('/v1/market-data/quotes', { query: { symbol, ...query }, signal })).quotes;
  }

  book(symbol: string, depth = 50, signal?: AbortSignal): Promise<Book> {
    return this.http.get(`/v1/market-data/book/${encodeURIComponent(symbol)}`, { query: { depth }, signal });
  }

  indicator(query: Record<string, string | number | undefined>, signal?: AbortSignal): Promise<IndicatorSeries> {
    return this.http.get('/v1/market-data/indicators', { query, signal });
  }
}
