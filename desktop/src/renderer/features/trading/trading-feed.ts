// The trader's own data while a panel shows it: accounts and positions (polled), and the whole
// history of orders and fills (PagedHistory: the newest page polled, older pages loaded on demand,
// live rows merged in). An order the server answers a POST with, and an order update from the
// stream, go into the orders list at once — no re-fetch — and the next poll reconciles them
// (newer `updatedAt` wins). After the app changes something (a cancel, a flatten) it calls
// `refresh` so the lists catch up at once instead of at the next period. The watch functions are
// stable properties, so React effects can depend on them.
import type { Account, Execution, Order, Position } from '@kestrel/shared';
import type { OrderView } from './order-gateway.js';
import type { PortfolioApi } from '../../api/portfolio-api.js';
import { Poller, type PollResult } from '../market/poller.js';
import type { OrderGateway } from './order-gateway.js';
import { PagedHistory, type HistorySnapshot, type Page } from './paged-history.js';

/** Polling periods in milliseconds. */
export const TRADING_PERIODS = { accounts: 5_000, positions: 3_000, orders: 2_000, executions: 2_000 } as const;

/** Rows asked for per page of orders or fills (the order service caps a page at order.maxPageSize, 200 by default). */
export const HISTORY_PAGE_SIZE = 200;

/** Polls the trader's data. */
export class TradingFeed {
  private readonly poller = new Poller();
  /** Every order known to the workstation, newest first. */
  readonly orderHistory = new PagedHistory<OrderView>({ timeOf: (order) => order.createdAt, versionOf: (order) => Date.parse(order.updatedAt) });
  /** Every fill known to the workstation, newest first (fills never change). */
  readonly executionHistory = new PagedHistory<Execution>({ timeOf: (execution) => execution.executedAt, versionOf: () => null });

  constructor(
    private readonly portfolio: PortfolioApi,
    private readonly orders: () => OrderGateway,
  ) {}

  readonly watchAccounts = (listener: (result: PollResult<Account[]>) => void): (() => void) =>
    this.poller.watch('accounts', TRADING_PERIODS.accounts, () => this.portfolio.accounts(), listener);

  readonly watchPositions = (listener: (result: PollResult<Position[]>) => void): (() => void) =>
    this.poller.watch('positions', TRADING_PERIODS.positions, () => this.portfolio.positions(), listener);

  readonly watchOrders = (listener: (result: PollResult<OrderView[]>) => void): (() => void) =>
    watchHistory(this.poller, 'orders', TRADING_PERIODS.orders, this.orderHistory, () => this.orders().orderPage({ scope: 'all', limit: HISTORY_PAGE_SIZE }), listener);

  readonly watchExecutions = (listener: (result: PollResult<Execution[]>) => void): (() => void) =>
    watchHistory(this.poller, 'executions', TRADING_PERIODS.executions, this.executionHistory, () => this.orders().executionPage({ limit: HISTORY_PAGE_SIZE }), listener);

  /** Loads the next older page of orders (the blotter scrolled to its end, or "Load older"). */
  loadOlderOrders(): Promise<void> {
    return this.orderHistory.loadOlder((cursor) => this.orders().orderPage({ scope: 'all', limit: HISTORY_PAGE_SIZE, cursor }));
  }

  /** Loads the next older page of fills. */
  loadOlderExecutions(): Promise<void> {
    return this.executionHistory.loadOlder((cursor) => this.orders().executionPage({ limit: HISTORY_PAGE_SIZE, cursor }));
  }

  /** Shows an order the server just answered with in the orders list at once (the next poll confirms it). */
  orderPlaced(order: OrderView): void {
    this.orderHistory.upsert(order);
  }

  /** An order update from the stream: merged into what is known of the order (it carries no pending changes). */
  orderUpdated(order: Order): void {
    const known = this.orderHistory.get(order.id);
    this.orderHistory.upsert(known ? { ...known, ...order } : order);
  }

  /** Polls everything now (after the app changed something). */
  refresh(): void {
    for (const prefix of ['orders', 'executions', 'positions', 'accounts']) this.poller.refresh(prefix);
  }

  /** Polls what an order's fills change (fills, positions, accounts), not the orders themselves. */
  refreshAfterOrder(): void {
    for (const prefix of ['executions', 'positions', 'accounts']) this.poller.refresh(prefix);
  }

  stop(): void {
    this.poller.stopAll();
    this.orderHistory.reset();
    this.executionHistory.reset();
  }
}

/**
 * Watches a history: one poller key keeps its newest page fresh while anyone watches, and every
 * watcher gets the merged rows after each change (or the poll's error).
 */
function watchHistory<T extends { id: string }>(
  poller: Poller,
  key: string,
  periodMs: number,
  history: PagedHistory<T>,
  loadHead: () => Promise<Page<T>>,
  listener: (result: PollResult<T[]>) => void,
): () => void {
  let sent: readonly T[] | null = null;
  // Paging state changes (loading, errors) keep the same rows: only a new list is forwarded.
  const forward = (snapshot: HistorySnapshot<T>) => {
    if (!snapshot.loaded || snapshot.rows === sent) return;
    sent = snapshot.rows;
    listener({ ok: true, value: snapshot.rows as T[] });
  };
  const offHistory = history.subscribe(forward);
  forward(history.snapshot());
  const offPoll = poller.watch(
    key,
    periodMs,
    async () => history.applyHead(await loadHead()),
    (result) => {
      if (result.ok) return;
      sent = null;
      listener(result);
    },
  );
  return () => {
    offHistory();
    offPoll();
  };
}
