// The market feed over the WebSocket stream: books, trades and forming bars arrive as the market
// moves instead of on a polling period. While the stream is not connected (starting up, a dropped
// connection, a suite without it) each subscription is served by the REST polling feed, so the
// panels never go blank; once the stream is open the polling stops. Quotes for the watchlist stay
// on REST (they combine daily bars, the last trade and the quote).
import type { BarInterval, LiveBar, TradeEvent } from '@kestrel/shared';
import { ApiError } from '../../api/api-error.js';
import type { Bar, Book, Trade } from '../../api/market-data-api.js';
import type { MarketFeed, QuoteSnapshot } from '../market/market-feed.js';
import type { PollResult } from '../market/poller.js';
import type { StreamClient, StreamState } from './stream-client.js';
import { applyBookEvent, barOfLive, tradeOfEvent, type BookEvent } from './stream-events.js';

type Listener<T> = (result: PollResult<T>) => void;

/** The stream-first feed. */
export class StreamingMarketFeed implements MarketFeed {
  constructor(
    private readonly stream: StreamClient,
    private readonly fallback: MarketFeed,
  ) {}

  watchQuote(symbol: string, listener: Listener<QuoteSnapshot>): () => void {
    return this.fallback.watchQuote(symbol, listener);
  }

  watchBook(symbol: string, listener: Listener<Book>): () => void {
    let book: Book | null = null;
    return this.hybrid(
      () =>
        this.stream.subscribe(
          { channel: 'book', symbol },
          {
            snapshot: (data, unavailable) => {
              book = data as Book | null;
              if (book) listener({ ok: true, value: book });
              else if (!unavailable) listener({ ok: false, error: new ApiError('MARKET_BOOK_UNAVAILABLE', `No order book has been recorded for ${symbol}`, 404) });
            },
            delta: (data) => {
              const event = data as BookEvent;
              if (event.kind !== 'book-snapshot' && event.kind !== 'book-delta') return;
              book = applyBookEvent(book, event);
              listener({ ok: true, value: book });
            },
          },
        ),
      (poll) => this.fallback.watchBook(symbol, poll),
      listener,
    );
  }

  watchTrades(symbol: string, listener: Listener<Trade[]>): () => void {
    return this.hybrid(
      () =>
        this.stream.subscribe(
          { channel: 'trades', symbol },
          {
            snapshot: (data) => listener({ ok: true, value: (data as { trades?: Trade[] } | null)?.trades ?? [] }),
            delta: (data) => {
              if ((data as { kind?: string }).kind === 'trade') listener({ ok: true, value: [tradeOfEvent(data as TradeEvent)] });
            },
          },
        ),
      (poll) => this.fallback.watchTrades(symbol, poll),
      listener,
    );
  }

  watchBars(symbol: string, interval: BarInterval, listener: Listener<Bar[]>): () => void {
    return this.hybrid(
      () =>
        this.stream.subscribe(
          { channel: 'bars', symbol, interval },
          {
            snapshot: (data) => listener({ ok: true, value: [...((data as { bars?: Bar[] } | null)?.bars ?? [])].reverse() }),
            delta: (data) => listener({ ok: true, value: [barOfLive(data as LiveBar)] }),
          },
        ),
      (poll) => this.fallback.watchBars(symbol, interval, poll),
      listener,
    );
  }

  stop(): void {
    this.stream.stop();
    this.fallback.stop();
  }

  /** Streams, and polls while the stream is not open. */
  private hybrid<T>(subscribe: () => () => void, poll: (listener: Listener<T>) => () => void, listener: Listener<T>): () => void {
    let stopPolling: (() => void) | null = null;
    const follow = (state: StreamState) => {
      if (state.status === 'open') {
        stopPolling?.();
        stopPolling = null;
      } else if (!stopPolling) {
        stopPolling = poll(listener);
      }
    };
    const unsubscribe = subscribe();
    follow(this.stream.state.getState());
    const unfollow = this.stream.state.subscribe(follow);
    return () => {
      unsubscribe();
      unfollow();
      stopPolling?.();
    };
  }
}
