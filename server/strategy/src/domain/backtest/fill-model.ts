// The contract between the simulated broker and whatever decides when and at what price working
// orders fill: a "venue" for the simulation. Bar fill models (bar-fill-model.ts) implement it over
// OHLCV bars; a level-2 model matches against replayed book snapshots; the engine-book model (the
// C++ engine through its N-API binding, to come) implements it by submitting the orders to a real
// matching engine and reporting the engine's fills. The broker owns order state, cash, positions,
// slippage and commission; a fill model only reports (order, price, quantity) and expiries.
// Invariants: a model reports fills only for orders it holds, never more than remainingLots, and
// never for an order in the same market phase in which it was accepted unless the model's rules
// say so (bar close model); after reporting a final fill, expiry or cancel it drops the order.

import type { BookSnapshotEvent, LiquidityFlag, MarketBar, NewOrderRequest, OrderRejectReason, OrderType, Side, TradeEvent } from '@kestrel/shared';

/** A working order as the broker and fill models share it. */
export interface SimOrder {
  /** Submission sequence number: time priority among working orders. */
  readonly seq: number;
  readonly request: NewOrderRequest;
  readonly symbol: string;
  readonly side: Side;
  /** +1 buy, -1 sell. */
  readonly sign: 1 | -1;
  readonly type: OrderType;
  readonly limitPriceTicks: number | undefined;
  readonly stopPriceTicks: number | undefined;
  /** Still to fill, in lots. */
  remainingLots: number;
  /** A stop or stop-limit order whose stop price has been reached. */
  triggered: boolean;
  /** The model's barCount() of the order's symbol when it was accepted (it is matched only from the next event). */
  readonly acceptedAtBar: number;
  /** Day number (UTC) of the first bar the order could match; set by bar models for DAY expiry. */
  activeDay: number | undefined;
}

/** The market conditions of a fill, for slippage models. */
export interface FillMarket {
  /** Volume of the bar (or trade) the fill happened in, in lots; 0 when unknown. */
  volume: number;
  /** Time of the fill, ms since the epoch. */
  timestamp: number;
}

/** Where a fill model reports outcomes (implemented by the broker). */
export interface FillSink {
  /** `lots` of `order` traded at `priceTicks` (before slippage). */
  fill(order: SimOrder, priceTicks: number, lots: number, liquidity: LiquidityFlag, market: FillMarket): void;
  /** The model ended the order without (complete) execution: IOC/FOK remainder (with its reason), DAY/GTD expiry (null). */
  end(order: SimOrder, status: 'cancelled' | 'expired', reason: OrderRejectReason | null, timestamp: number): void;
}

/** A simulated venue for working orders. */
export interface FillModel {
  /** A short description for results ("next-open, limit touch"). */
  readonly name: string;
  /** Takes a newly accepted order. */
  add(order: SimOrder): void;
  /** Drops an order (cancel); false when the model does not hold it. */
  remove(order: SimOrder): boolean;
  /** Market events (bars, snapshots, prints) of `symbol` the model has seen; orders accepted now carry it as acceptedAtBar. */
  barCount(symbol: string): number;
  /** A bar begins: match what its open and range allow, before the strategy sees the bar. */
  onBarOpen(bar: MarketBar, sink: FillSink): void;
  /** The strategy has handled the bar: match what may trade at its close. */
  onBarClose(bar: MarketBar, sink: FillSink): void;
  /** A trade print (tick backtests). */
  onTrade?(trade: TradeEvent, sink: FillSink): void;
  /** A level-2 snapshot (book backtests). */
  onBook?(book: BookSnapshotEvent, sink: FillSink): void;
  /** Releases what the model holds (e.g. an engine it opened); called once when the run ends. */
  close?(): void;
}
