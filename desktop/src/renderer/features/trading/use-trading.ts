// React hooks over the trading feed.
import { useEffect, useState, useSyncExternalStore } from 'react';
import type { Account, Execution, Position } from '@kestrel/shared';
import type { OrderView } from './order-gateway.js';
import { useServices } from '../../app/services-context.js';
import type { PollResult } from '../market/poller.js';
import type { HistorySnapshot, PagedHistory } from './paged-history.js';

function useWatched<T>(subscribe: (listener: (result: PollResult<T>) => void) => () => void, enabled = true): PollResult<T> | null {
  const [result, setResult] = useState<PollResult<T> | null>(null);
  useEffect(() => (enabled ? subscribe(setResult) : undefined), [subscribe, enabled]);
  return result;
}

/** The caller's accounts. */
export function useAccounts(): PollResult<Account[]> | null {
  const { trading } = useServices();
  return useWatched<Account[]>(trading.watchAccounts);
}

/** The caller's positions. */
export function usePositions(): PollResult<Position[]> | null {
  const { trading } = useServices();
  return useWatched<Position[]>(trading.watchPositions);
}

/** The caller's orders (when the suite has the order service). */
export function useOrders(): PollResult<OrderView[]> | null {
  const { trading, orders } = useServices();
  return useWatched<OrderView[]>(trading.watchOrders, orders.available);
}

/** The caller's fills (when the suite has the order service). */
export function useExecutions(): PollResult<Execution[]> | null {
  const { trading, orders } = useServices();
  return useWatched<Execution[]>(trading.watchExecutions, orders.available);
}

/** The paging state of a history (whether older rows are on the server, loading, the last error). */
export function useHistoryPaging<T extends { id: string }>(history: PagedHistory<T>): HistorySnapshot<T> {
  return useSyncExternalStore(history.subscribe, history.snapshot);
}
