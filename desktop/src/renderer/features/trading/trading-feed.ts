// The trader's own data, polled while a panel shows it: accounts, positions, orders and fills.
// After the app changes something (an order placed or cancelled) it calls `refresh` so the
// blotters show the result at once instead of at the next period. The watch functions are
// stable properties, so React effects can depend on them.
import type { Account, Execution, Position } from '@kestrel/shared';
import type { OrderView } from './order-gateway.js';
import type { PortfolioApi } from '../../api/portfolio-api.js';
import { Poller, type PollResult } from '../market/poller.js';
import type { OrderGateway } from './order-gateway.js';

/** Polling periods in milliseconds. */
export const TRADING_PERIODS = { accounts: 5_000, positions: 3_000, orders: 2_000, executions: 2_000 } as const;

/** Polls the trader's data. */
export class TradingFeed {
  private readonly poller = new Poller();

  constructor(
    private readonly portfolio: PortfolioApi,
    private readonly orders: () => OrderGateway,
  ) {}

  readonly watchAccounts = (listener: (result: PollResult<Account[]>) => void): (() => void) =>
    this.poller.watch('accounts', TRADING_PERIODS.accounts, () => this.portfolio.accounts(), listener);

  readonly watchPositions = (listener: (result: PollResult<Position[]>) => void): (() => void) =>
    this.poller.watch('positions', TRADING_PERIODS.positions, () => this.portfolio.positions(), listener);

  readonly watchOrders = (listener: (result: PollResult<OrderView[]>) => void): (() => void) =>
    this.poller.watch('orders', TRADING_PERIODS.orders, () => this.orders().orders({ scope: 'all', limit: 500 }), listener);

  readonly watchExecutions = (listener: (result: PollResult<Execution[]>) => void): (() => void) =>
    this.poller.watch('executions', TRADING_PERIODS.executions, () => this.orders().executions({ limit: 500 }), listener);

  /** Shows an order the server just answered with in the orders list at once (the next poll confirms it). */
  orderPlaced(order: OrderView): void {
    this.poller.amend<OrderView[]>('orders', (list) => [order, ...list.filter((each) => each.id !== order.id)]);
  }

  /** Polls everything now (after the app changed something). */
  refresh(): void {
    for (const prefix of ['orders', 'executions', 'positions', 'accounts']) this.poller.refresh(prefix);
  }

  stop(): void {
    this.poller.stopAll();
  }
}
