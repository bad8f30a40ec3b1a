// React hooks over the market feed: the latest value of a watched key, with its error.
import { useEffect, useState } from 'react';
import type { BarInterval } from '@kestrel/shared';
import { useStore } from 'zustand';
import type { Bar, Book, Trade } from '../../api/market-data-api.js';
import { useServices } from '../../app/services-context.js';
import type { QuoteSnapshot } from './market-feed.js';
import type { PollResult } from './poller.js';

/** The latest result of a feed subscription (null until the first arrives). */
function useWatch<T>(subscribe: ((listener: (result: PollResult<T>) => void) => () => void) | null, deps: readonly unknown[]): PollResult<T> | null {
  const [result, setResult] = useState<PollResult<T> | null>(null);
  useEffect(() => {
    setResult(null);
    if (!subscribe) return undefined;
    return subscribe(setResult);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the caller lists what the subscription depends on
  }, deps);
  return result;
}

/** The quote of a symbol. */
export function useQuote(symbol: string | null): PollResult<QuoteSnapshot> | null {
  const { feed } = useServices();
  return useWatch<QuoteSnapshot>(symbol ? (listener) => feed.watchQuote(symbol, listener) : null, [feed, symbol]);
}

/** The book of a symbol. */
export function useBook(symbol: string | null): PollResult<Book> | null {
  const { feed } = useServices();
  return useWatch<Book>(symbol ? (listener) => feed.watchBook(symbol, listener) : null, [feed, symbol]);
}

/** The newest trades of a symbol (newest first). */
export function useTrades(symbol: string | null): PollResult<Trade[]> | null {
  const { feed } = useServices();
  return useWatch<Trade[]>(symbol ? (listener) => feed.watchTrades(symbol, listener) : null, [feed, symbol]);
}

/** The newest bars of a series. */
export function useLiveBars(symbol: string | null, interval: BarInterval): PollResult<Bar[]> | null {
  const { feed } = useServices();
  return useWatch<Bar[]>(symbol ? (listener) => feed.watchBars(symbol, interval, listener) : null, [feed, symbol, interval]);
}

/** The instrument of a symbol (undefined while loading or unknown). */
export function useInstrument(symbol: string | null) {
  const { instruments } = useServices();
  return useStore(instruments, (state) => (symbol ? state.bySymbol.get(symbol) : undefined));
}
