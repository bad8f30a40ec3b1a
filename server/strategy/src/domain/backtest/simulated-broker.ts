// The simulated account of a backtest: accepts the strategy's orders (with the order service's
// shape rules and optional buying-power / no-short checks), hands them to the fill model, and
// books the fills it reports: slippage, commission, cash, positions and round trips, all in exact
// integers. Outcomes are queued as notifications (order updates and fills in the live
// contracts' shapes, Order and Execution) that the engine delivers to the strategy after the
// current hook returns. Invariants: cash = initial cash - Σ signed fill notional - Σ commission
// (exact, checked to stay within ±(2^53 - 1)); a position equals the signed sum of its fills; an
// order's filled + remaining = quantity while it works, remaining = 0 once final; ids are
// deterministic (a counter), so the same run gives the same ids; a client order id is never used
// twice in a run. Memory stays bounded in long runs: working orders plus the last ORDER_HISTORY
// final orders are kept (older final orders are forgotten: order(id) returns undefined for them).

import {
  completeRequest,
  fraction,
  requestIssues,
  toRatio,
  type Execution,
  type LiquidityFlag,
  type NewOrderRequest,
  type Order,
  type OrderRejectReason,
  type OrderStatus,
  type StrategyOrderRequest,
} from '@kestrel/shared';
import type { BacktestInstrument } from './backtest-instrument.js';
import type { CommissionModel } from './commission.js';
import type { FillMarket, FillModel, FillSink, SimOrder } from './fill-model.js';
import { checkedMinor } from './money.js';
import { RoundTripTracker } from './round-trips.js';
import type { SlippageModel } from './slippage.js';

/** An outcome to deliver to the strategy. */
export type Notification = { kind: 'fill'; fill: Execution } | { kind: 'order'; order: Order };

/** Account rules and models of the simulated broker. */
export interface BrokerOptions {
  accountId: string;
  instruments: readonly BacktestInstrument[];
  initialCashMinor: number;
  fillModel: FillModel;
  commission: CommissionModel;
  slippage: SlippageModel;
  /** Reject buys whose cost at the reference price exceeds the free cash (default: no check). */
  cashCheck: boolean;
  /** Allow sells beyond the long position (default true). */
  allowShort: boolean;
  /** Keep every Execution in `fills` (off in optimisation runs to save memory). */
  recordFills: boolean;
  /** Queue order updates / fills for the strategy (off when it has no such hook: saves building them). */
  notifyOrders: boolean;
  notifyFills: boolean;
}

/** Per-symbol account state. */
export interface PositionState {
  readonly instrument: BacktestInstrument;
  lots: number;
  /** Average entry price in ticks of the open position (float; 0 when flat). */
  averagePrice: number;
  /** Latest price in ticks (bar close, trade, book mid); NaN before the first. */
  lastPrice: number;
  /** Best bid and ask in ticks from the latest quote or book snapshot; NaN in bar runs or when a side is empty. */
  bestBid: number;
  bestAsk: number;
  readonly trades: RoundTripTracker;
}

/** An order's mutable state; the Order contract object is built from it only when asked for. */
interface OrderRecord {
  sim: SimOrder;
  status: OrderStatus;
  rejectReason: OrderRejectReason | null;
  filledLots: number;
  /** Σ price x lots of its fills, in tick-lots. */
  filledTickLots: number;
  createdAt: number;
  updatedAt: number;
}

/** Final orders remembered for order(id) lookups. */
export const ORDER_HISTORY = 10_000;

const AUTO_ID = /^o-(\d+)$/;

/** uuid-shaped deterministic ids (version 4 layout, counter in the last group). */
function counterId(kind: '8' | '9', counter: number): string {
  return `00000000-0000-4000-${kind}000-${counter.toString(16).padStart(12, '0')}`;
}

/** The Order contract object of a record. */
function snapshot(record: OrderRecord): Order {
  const request = record.sim.request;
  return {
    id: counterId('8', record.sim.seq),
    clientOrderId: request.clientOrderId,
    accountId: request.accountId,
    parentOrderId: null,
    symbol: request.symbol,
    side: request.side,
    type: request.type,
    timeInForce: request.timeInForce,
    quantityLots: request.quantityLots,
    limitPriceTicks: request.limitPriceTicks ?? null,
    stopPriceTicks: request.stopPriceTicks ?? null,
    expireAt: request.expireAt ?? null,
    postOnly: request.postOnly ?? false,
    displayQuantityLots: request.displayQuantityLots ?? null,
    lotSelection: request.lotSelection ?? null,
    status: record.status,
    rejectReason: record.rejectReason,
    filledQuantityLots: record.filledLots,
    remainingQuantityLots: record.sim.remainingLots,
    averageFillPrice: record.filledLots === 0 ? null : toRatio(fraction(BigInt(record.filledTickLots), BigInt(record.filledLots))),
    createdAt: new Date(record.createdAt).toISOString(),
    updatedAt: new Date(record.updatedAt).toISOString(),
  };
}

/** The simulated account. */
export class SimulatedBroker implements FillSink {
  readonly notifications: Notification[] = [];
  readonly fills: Execution[] = [];
  readonly positions: PositionState[];
  cash: number;
  /** Simulated time (ms), set by the engine before each event. */
  now = 0;
  /** Bar sequence when fills happen at a bar's close (round-trip excursions), else -1. */
  closePhaseBar = -1;
  orderCount = 0;
  rejectedCount = 0;
  fillCount = 0;
  commissionMinor = 0;
  private readonly bySymbol = new Map<string, PositionState>();
  /** Working orders by client order id (and in submission order). */
  private readonly live = new Map<string, OrderRecord>();
  private readonly working: OrderRecord[] = [];
  /** The most recent final orders; `recentIds` is a ring of their ids in retirement order. */
  private readonly recent = new Map<string, OrderRecord>();
  private readonly recentIds: (string | undefined)[] = new Array<string | undefined>(ORDER_HISTORY).fill(undefined);
  private recentNext = 0;
  /** Client order ids the strategy chose (auto ids are o-1, o-2, ... and skip these). */
  private readonly chosenIds = new Set<string>();
  private executionCounter = 0;
  private autoId = 0;

  constructor(private readonly options: BrokerOptions) {
    this.cash = options.initialCashMinor;
    this.positions = options.instruments.map((instrument) => ({
      instrument,
      lots: 0,
      averagePrice: 0,
      lastPrice: NaN,
      bestBid: NaN,
      bestAsk: NaN,
      trades: new RoundTripTracker(instrument.symbol, instrument.tickValueMinor),
    }));
    for (const position of this.positions) this.bySymbol.set(position.instrument.symbol, position);
  }

  /** The state of `symbol`, or undefined when the run does not trade it. */
  positionOf(symbol: string): PositionState | undefined {
    return this.bySymbol.get(symbol);
  }

  /** Cash plus every position at its latest price, in minor units. */
  equity(): number {
    let value = this.cash;
    for (const position of this.positions) {
      if (position.lots !== 0) value += position.lots * position.lastPrice * position.instrument.tickValueMinor;
    }
    return value;
  }

  /** Submits an order; returns its client order id. Rejections are notifications, never exceptions. */
  submit(request: StrategyOrderRequest, defaultSymbol: string): string {
    const seq = ++this.orderCount;
    const chosen = request.clientOrderId;
    const duplicate = chosen !== undefined && this.used(chosen);
    if (chosen !== undefined) this.chosenIds.add(chosen);
    const complete = completeRequest(request, {
      accountId: this.options.accountId,
      clientOrderId: chosen ?? this.nextAutoId(),
      symbol: defaultSymbol,
    });
    const position = this.bySymbol.get(complete.symbol);
    const reason: OrderRejectReason | undefined =
      requestIssues(complete)[0] ??
      (duplicate ? 'ORDER_DUPLICATE_CLIENT_ORDER_ID' : undefined) ??
      (position === undefined ? 'ORDER_INSTRUMENT_UNKNOWN' : this.accountIssue(complete, position));
    const sim: SimOrder = {
      seq,
      request: complete,
      symbol: complete.symbol,
      side: complete.side,
      sign: complete.side === 'buy' ? 1 : -1,
      type: complete.type,
      limitPriceTicks: complete.limitPriceTicks,
      stopPriceTicks: complete.stopPriceTicks,
      remainingLots: reason === undefined ? complete.quantityLots : 0,
      triggered: false,
      acceptedAtBar: this.options.fillModel.barCount(complete.symbol),
      activeDay: undefined,
    };
    const record: OrderRecord = {
      sim,
      status: reason === undefined ? 'accepted' : 'rejected',
      rejectReason: reason ?? null,
      filledLots: 0,
      filledTickLots: 0,
      createdAt: this.now,
      updatedAt: this.now,
    };
    if (reason !== undefined) {
      this.rejectedCount++;
      this.notify(record);
      return complete.clientOrderId;
    }
    this.live.set(complete.clientOrderId, record);
    this.working.push(record);
    this.notify(record);
    this.options.fillModel.add(sim);
    return complete.clientOrderId;
  }

  /** Cancels a working order; false when none has that id. */
  cancel(clientOrderId: string): boolean {
    const record = this.live.get(clientOrderId);
    if (record === undefined) return false;
    this.options.fillModel.remove(record.sim);
    record.updatedAt = this.now;
    this.finish(record, 'cancelled', 'BOOK_USER_CANCELLED');
    return true;
  }

  /** Cancels every working order (of `symbol`); returns how many. */
  cancelAll(symbol?: string): number {
    let count = 0;
    for (const record of this.working.slice()) {
      if (symbol === undefined || record.sim.symbol === symbol) count += this.cancel(record.sim.request.clientOrderId) ? 1 : 0;
    }
    return count;
  }

  /** Snapshots of the working orders (of `symbol`), oldest first. */
  openOrders(symbol?: string): Order[] {
    return this.working.filter((record) => symbol === undefined || record.sim.symbol === symbol).map(snapshot);
  }

  /** Number of working orders (of `symbol`), without building snapshots. */
  openOrderCount(symbol?: string): number {
    if (symbol === undefined) return this.working.length;
    let count = 0;
    for (const record of this.working) if (record.sim.symbol === symbol) count++;
    return count;
  }

  /** The latest state of a working order or of one of the last ORDER_HISTORY final orders. */
  order(clientOrderId: string): Order | undefined {
    const record = this.live.get(clientOrderId) ?? this.recent.get(clientOrderId);
    return record === undefined ? undefined : snapshot(record);
  }

  /** Books a fill reported by the fill model. */
  fill(order: SimOrder, priceTicks: number, lots: number, liquidity: LiquidityFlag, market: FillMarket): void {
    const record = this.live.get(order.request.clientOrderId)!;
    const position = this.bySymbol.get(order.symbol)!;
    const tickValue = position.instrument.tickValueMinor;
    let price = priceTicks;
    if (liquidity === 'taker' && (order.type === 'market' || order.type === 'stop' || order.type === 'stop_limit')) {
      price = this.options.slippage.apply(order.side, priceTicks, lots, market);
      const limit = order.limitPriceTicks;
      if (limit !== undefined) price = order.sign === 1 ? Math.min(price, limit) : Math.max(price, limit);
    }
    const notional = checkedMinor(price * lots * tickValue, `notional of ${lots} lots at ${price} ticks`);
    const fee = this.options.commission.fee({ orderSeq: order.seq, lots, priceTicks: price, notionalMinor: Math.abs(notional), timestamp: market.timestamp });
    this.cash = checkedMinor(this.cash - order.sign * notional - fee, 'cash');
    this.commissionMinor += fee;
    this.fillCount++;

    const before = position.lots;
    const after = before + order.sign * lots;
    if (after === 0) position.averagePrice = 0;
    else if (before === 0 || Math.sign(after) !== Math.sign(before)) position.averagePrice = price;
    else if (Math.abs(after) > Math.abs(before)) position.averagePrice = (position.averagePrice * Math.abs(before) + price * lots) / Math.abs(after);
    position.lots = after;
    position.trades.onFill(order.sign, price, lots, fee, market.timestamp, this.closePhaseBar);

    order.remainingLots -= lots;
    record.filledLots += lots;
    record.filledTickLots += price * lots;
    record.status = order.remainingLots === 0 ? 'filled' : 'partially_filled';
    record.updatedAt = market.timestamp;
    if (this.options.recordFills || this.options.notifyFills) {
      const at = new Date(market.timestamp).toISOString();
      const execution: Execution = {
        id: counterId('9', ++this.executionCounter),
        orderId: counterId('8', order.seq),
        clientOrderId: order.request.clientOrderId,
        accountId: order.request.accountId,
        symbol: order.symbol,
        side: order.side,
        priceTicks: price,
        quantityLots: lots,
        liquidity,
        feeMinor: fee,
        venue: 'BACKTEST',
        venueExecutionId: null,
        engineSequence: null,
        executedAt: at,
        recordedAt: at,
      };
      if (this.options.recordFills) this.fills.push(execution);
      if (this.options.notifyFills) this.notifications.push({ kind: 'fill', fill: execution });
    }
    if (order.remainingLots === 0) this.retire(record);
    this.notify(record);
  }

  /** Ends an order on the fill model's behalf (IOC/FOK remainder, expiry). */
  end(order: SimOrder, status: 'cancelled' | 'expired', reason: OrderRejectReason | null, timestamp: number): void {
    const record = this.live.get(order.request.clientOrderId)!;
    record.updatedAt = timestamp;
    this.finish(record, status, reason);
  }

  /** Measures open-trade excursions at a bar's range (the close is already the mark). */
  markBar(position: PositionState, barSeq: number, high: number, low: number, close: number): void {
    position.lastPrice = close;
    if (position.lots !== 0 || position.trades.isOpen) position.trades.onBar(barSeq, high, low, close);
  }

  private finish(record: OrderRecord, status: 'cancelled' | 'expired', reason: OrderRejectReason | null): void {
    record.status = status;
    record.rejectReason = reason;
    record.sim.remainingLots = 0;
    this.retire(record);
    this.notify(record);
  }

  private retire(record: OrderRecord): void {
    const index = this.working.indexOf(record);
    if (index >= 0) this.working.splice(index, 1);
    const id = record.sim.request.clientOrderId;
    this.live.delete(id);
    const evicted = this.recentIds[this.recentNext];
    if (evicted !== undefined) this.recent.delete(evicted);
    this.recentIds[this.recentNext] = id;
    this.recentNext = (this.recentNext + 1) % ORDER_HISTORY;
    this.recent.set(id, record);
    this.options.commission.release(record.sim.seq);
  }

  /** The next automatic client order id (o-1, o-2, ...), skipping ids the strategy chose. */
  private nextAutoId(): string {
    let id: string;
    do id = `o-${++this.autoId}`;
    while (this.chosenIds.has(id));
    return id;
  }

  /** Whether a client order id has been used in this run. */
  private used(id: string): boolean {
    if (this.chosenIds.has(id)) return true;
    const auto = AUTO_ID.exec(id);
    return auto !== null && Number(auto[1]) <= this.autoId;
  }

  private notify(record: OrderRecord): void {
    if (this.options.notifyOrders) this.notifications.push({ kind: 'order', order: snapshot(record) });
  }
  /** Buying-power, short-sale and post-only checks against the account (undefined when fine). */
  private accountIssue(request: NewOrderRequest, position: PositionState): OrderRejectReason | undefined {
    const reference = request.limitPriceTicks ?? request.stopPriceTicks ?? position.lastPrice;
    // Post-only: it must not be marketable against the opposite best quote (bar runs: the last close).
    const opposite = request.side === 'buy' ? position.bestAsk : position.bestBid;
    const against = opposite === opposite ? opposite : position.lastPrice;
    if (request.postOnly && Number.isFinite(against) && (request.side === 'buy' ? reference >= against : reference <= against)) {
      return 'BOOK_POST_ONLY_WOULD_CROSS';
    }
    let workingBuys = 0;
    let workingSells = 0;
    for (const record of this.working) {
      if (record.sim.symbol !== request.symbol) continue;
      if (record.sim.sign === 1) workingBuys += record.sim.remainingLots;
      else workingSells += record.sim.remainingLots;
    }
    if (request.side === 'sell' && !this.options.allowShort && request.quantityLots > position.lots - workingSells) {
      return 'PORTFOLIO_SHORT_NOT_ALLOWED';
    }
    if (request.side === 'buy' && this.options.cashCheck) {
      if (!Number.isFinite(reference)) return 'RISK_NO_REFERENCE_PRICE';
      const opening = Math.max(0, request.quantityLots - Math.max(0, -position.lots - workingBuys));
      if (opening * reference * position.instrument.tickValueMinor > this.cash) return 'PORTFOLIO_INSUFFICIENT_BUYING_POWER';
    }
    return undefined;
  }
}
