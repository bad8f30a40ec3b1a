// The context a strategy acts through: market data, orders, positions and cash, timers, params,
// randomness and logging. One interface for backtest, paper and live; each runtime implements it.
// Orders use the order API's request shape (NewOrderRequest) minus what the runtime binds
// (accountId, and clientOrderId/symbol/timeInForce when left out), so a strategy submits exactly
// what a client would. Invariants: calls are synchronous and never block; submit() returns the
// client order id at once and the outcome (accepted, rejected with a stable reason, filled,
// cancelled) arrives later through onOrderUpdate/onFill — a rejected order is an event, never an
// exception; money is integer minor units of the account currency and prices integer ticks.

import type { Execution } from '../trading/execution.js';
import type { NewOrderRequest, Order } from '../trading/order.js';
import type { MarketDataView } from './market-data-view.js';

/** Where a strategy runs. */
export type RunMode = 'backtest' | 'paper' | 'live';

/** An order as a strategy submits it: the order API's request without the fields the runtime binds. */
export type StrategyOrderRequest = Omit<NewOrderRequest, 'accountId' | 'clientOrderId' | 'symbol' | 'timeInForce'> &
  Partial<Pick<NewOrderRequest, 'clientOrderId' | 'symbol' | 'timeInForce'>>;

/**
 * Options of the buy/sell shortcuts. The type follows from the prices given: none = market,
 * limitPriceTicks = limit, stopPriceTicks = stop, both = stop_limit.
 */
export type OrderOptions = Partial<Omit<StrategyOrderRequest, 'side' | 'quantityLots' | 'type'>>;

/** The economics of a traded instrument as the strategy needs them. */
export interface StrategyInstrument {
  symbol: string;
  /** Price increment as decimal text ("0.01"); prices are integer multiples of it (ticks). */
  tickSize: string;
  /** Currency units per unit of price per lot (1 for cash equities). */
  multiplier: number;
}

/** Structured log fields (JSON-serialisable values). */
export type LogFields = Readonly<Record<string, string | number | boolean | null>>;

/** Strategy logging; the runtime adds time, strategy and run ids. */
export interface StrategyLogger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

/** Everything a strategy may do; `P` is its parsed parameter object. */
export interface StrategyContext<P = Readonly<Record<string, unknown>>> extends MarketDataView {
  /** The validated parameters (frozen). */
  readonly params: P;
  /** backtest, paper or live. */
  readonly mode: RunMode;
  /** Current time in ms since the epoch: the event being handled (simulated in a backtest). */
  now(): number;
  /** Instrument economics of `symbol` (default: the first symbol). */
  instrument(symbol?: string): StrategyInstrument;

  /** Signed position in lots (long > 0, short < 0). */
  position(symbol?: string): number;
  /** Average entry price of the open position in ticks (exact cost / quantity), or null when flat. */
  averageEntryPrice(symbol?: string): number | null;
  /** Cash in minor units of the account currency. */
  cash(): number;
  /** Cash plus positions at their latest prices, in minor units. */
  equity(): number;

  /** Submits an order; returns its client order id. The outcome arrives via onOrderUpdate/onFill. */
  submit(order: StrategyOrderRequest): string;
  /** Shortcut for submit({ side: 'buy', quantityLots, ... }). */
  buy(quantityLots: number, options?: OrderOptions): string;
  /** Shortcut for submit({ side: 'sell', quantityLots, ... }). */
  sell(quantityLots: number, options?: OrderOptions): string;
  /** A market order that flattens the position of `symbol`; null when already flat. */
  closePosition(symbol?: string): string | null;
  /** Requests cancellation; false when no working order has that client order id. */
  cancel(clientOrderId: string): boolean;
  /** Cancels every working order (of `symbol`, when given); returns how many. */
  cancelAll(symbol?: string): number;
  /** Working orders (not yet final), oldest first. */
  openOrders(symbol?: string): readonly Order[];
  /** The latest state of a working order or a recent final one (runtimes keep a bounded history). */
  order(clientOrderId: string): Order | undefined;

  /** Fires onTimer once at `at` (ms, after now()); returns the timer id. */
  setTimer(at: number, name?: string): string;
  /** Fires onTimer every `intervalMs` from now() + intervalMs; returns the timer id. */
  every(intervalMs: number, name?: string): string;
  /** Cancels a timer; false when it is unknown or already fired (one-shot). */
  cancelTimer(id: string): boolean;

  /** A uniform number in [0, 1) from the run's seeded generator (deterministic in a backtest). */
  random(): number;
  /** Logging. */
  readonly log: StrategyLogger;
}

/** Re-exported for strategy authors: the fill they receive. */
export type StrategyFill = Execution;
