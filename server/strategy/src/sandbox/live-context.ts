// The StrategyContext of a paper or live deployment, running inside the strategy worker: market
// data and indicators from the shared MarketData (the same code the backtester feeds), orders
// handed to the parent (which places them through the order service's HTTP API), positions and
// cash kept from the fills the order service reports, timers on the wall clock.
// Invariants: submit() never blocks — it returns the client order id at once and the outcome
// arrives as onOrderUpdate/onFill; a request the order service would refuse for its shape is
// rejected locally with the same reason (requestIssues) as an order update, never an exception;
// the parent delivers outcomes after the hook that caused them has returned. Known limits: cash()
// and equity() start from the account's balance when the deployment started and move only with
// this deployment's fills (other activity on the account is not seen); open orders placed before a
// service restart are not in openOrders() after it.
import {
  completeRequest,
  MarketContext,
  MarketData,
  requestIssues,
  shortcutRequest,
  StrategyError,
  type LogFields,
  type NewOrderRequest,
  type Order,
  type OrderOptions,
  type StrategyContext,
  type StrategyInstrument,
  type StrategyLogger,
  type StrategyOrderRequest,
} from '@kestrel/shared';
import type { AccountStart } from './protocol.js';

/** What the context needs from the worker around it. */
export interface LiveHost {
  submit(request: NewOrderRequest): void;
  cancel(clientOrderId: string): void;
  log(level: 'debug' | 'info' | 'warn' | 'error', message: string, fields?: LogFields): void;
  /** Queues an order update for delivery after the current hook (local rejections). */
  deliver(order: Order): void;
  setTimer(id: string, name: string, at: number, intervalMs: number): void;
  cancelTimer(id: string): boolean;
}

interface Holding {
  lots: number;
  /** Σ ticks × lots of the open position (exact cost basis in tick-lots). */
  costTicks: number;
  markTicks: number | null;
}

const FINAL = new Set(['filled', 'cancelled', 'rejected', 'expired']);
const KEPT_FINAL = 1_000;

/** The context handed to a deployed strategy. */
export class LiveContext<P> extends MarketContext implements StrategyContext<P> {
  readonly log: StrategyLogger;
  readonly #host: LiveHost;
  readonly #instruments = new Map<string, StrategyInstrument>();
  readonly #tickValues = new Map<string, number>();
  readonly #holdings = new Map<string, Holding>();
  readonly #orders = new Map<string, Order>();
  readonly #finalOrder: string[] = [];
  readonly #accountId: string;
  readonly #prefix: string;
  readonly #random: () => number;
  #cashMinor: number;
  #nextSeq: number;
  #timerSeq = 0;

  constructor(
    readonly params: P,
    readonly mode: 'paper' | 'live',
    options: { accountId: string; symbols: string[]; instruments: StrategyInstrument[]; tickValueMinor: Record<string, number>; account: AccountStart; orderPrefix: string; nextOrderSeq: number; random: () => number },
    host: LiveHost,
  ) {
    super(new MarketData(options.symbols));
    this.#host = host;
    this.#accountId = options.accountId;
    this.#prefix = options.orderPrefix;
    this.#nextSeq = options.nextOrderSeq;
    this.#random = options.random;
    this.#cashMinor = options.account.cashMinor;
    for (const instrument of options.instruments) this.#instruments.set(instrument.symbol, instrument);
    for (const [symbol, value] of Object.entries(options.tickValueMinor)) this.#tickValues.set(symbol, value);
    for (const symbol of options.symbols) {
      const start = options.account.positions[symbol];
      const lots = start?.lots ?? 0;
      this.#holdings.set(symbol, { lots, costTicks: lots === 0 || start?.averagePriceTicks == null ? 0 : start.averagePriceTicks * lots, markTicks: null });
    }
    this.log = {
      debug: (message, fields) => host.log('debug', message, fields),
      info: (message, fields) => host.log('info', message, fields),
      warn: (message, fields) => host.log('warn', message, fields),
      error: (message, fields) => host.log('error', message, fields),
    };
  }

  /** The next client order id this context would use (persisted by the parent). */
  get nextOrderSeq(): number {
    return this.#nextSeq;
  }

  now(): number {
    return Date.now();
  }

  instrument(symbol?: string): StrategyInstrument {
    const name = symbol ?? this.market.symbols[0]!;
    const instrument = this.#instruments.get(name);
    if (instrument === undefined) throw new StrategyError('STRATEGY_SYMBOL_UNKNOWN', `symbol ${name} is not part of this deployment (${this.market.symbols.join(', ')})`);
    return instrument;
  }

  position(symbol?: string): number {
    return this.#holding(symbol).lots;
  }

  averageEntryPrice(symbol?: string): number | null {
    const holding = this.#holding(symbol);
    return holding.lots === 0 ? null : holding.costTicks / holding.lots;
  }

  cash(): number {
    return this.#cashMinor;
  }

  equity(): number {
    let value = this.#cashMinor;
    for (const [symbol, holding] of this.#holdings) {
      if (holding.lots === 0 || holding.markTicks === null) continue;
      value += holding.lots * holding.markTicks * this.#tickValueMinor(symbol);
    }
    return Math.round(value);
  }

  submit(order: StrategyOrderRequest): string {
    const clientOrderId = order.clientOrderId ?? `${this.#prefix}${this.#nextSeq++}`;
    const symbol = order.symbol ?? this.market.symbols[0]!;
    this.#holding(symbol);
    const request = completeRequest(order, { accountId: this.#accountId, clientOrderId, symbol });
    const now = new Date().toISOString();
    const pending: Order = {
      id: '00000000-0000-4000-8000-000000000000',
      clientOrderId,
      accountId: this.#accountId,
      parentOrderId: null,
      symbol,
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
      status: 'new',
      rejectReason: null,
      filledQuantityLots: 0,
      remainingQuantityLots: request.quantityLots,
      averageFillPrice: null,
      createdAt: now,
      updatedAt: now,
    } as Order;
    const issues = requestIssues(request);
    if (issues.length > 0) {
      this.#host.deliver({ ...pending, status: 'rejected', rejectReason: issues[0]!, remainingQuantityLots: 0 } as Order);
      return clientOrderId;
    }
    this.#orders.set(clientOrderId, pending);
    this.#host.submit(request);
    return clientOrderId;
  }

  buy(quantityLots: number, options?: OrderOptions): string {
    return this.submit(shortcutRequest('buy', quantityLots, options));
  }

  sell(quantityLots: number, options?: OrderOptions): string {
    return this.submit(shortcutRequest('sell', quantityLots, options));
  }

  closePosition(symbol?: string): string | null {
    const name = symbol ?? this.market.symbols[0]!;
    const lots = this.#holding(name).lots;
    if (lots === 0) return null;
    return this.submit({ symbol: name, side: lots > 0 ? 'sell' : 'buy', type: 'market', quantityLots: Math.abs(lots) });
  }

  cancel(clientOrderId: string): boolean {
    const order = this.#orders.get(clientOrderId);
    if (order === undefined || FINAL.has(order.status)) return false;
    this.#host.cancel(clientOrderId);
    return true;
  }

  cancelAll(symbol?: string): number {
    let count = 0;
    for (const order of this.openOrders(symbol)) if (this.cancel(order.clientOrderId)) count++;
    return count;
  }

  openOrders(symbol?: string): readonly Order[] {
    return [...this.#orders.values()].filter((order) => !FINAL.has(order.status) && (symbol === undefined || order.symbol === symbol));
  }

  order(clientOrderId: string): Order | undefined {
    return this.#orders.get(clientOrderId);
  }

  setTimer(at: number, name = 'timer'): string {
    const id = `t-${++this.#timerSeq}`;
    this.#host.setTimer(id, name, at, 0);
    return id;
  }

  every(intervalMs: number, name = 'timer'): string {
    if (!Number.isSafeInteger(intervalMs) || intervalMs <= 0) {
      throw new StrategyError('STRATEGY_TIMER_INVALID', `timer interval must be a positive whole number of ms, got ${String(intervalMs)}`);
    }
    const id = `t-${++this.#timerSeq}`;
    this.#host.setTimer(id, name, Date.now() + intervalMs, intervalMs);
    return id;
  }

  cancelTimer(id: string): boolean {
    return this.#host.cancelTimer(id);
  }

  random(): number {
    return this.#random();
  }

  /** Records an order update from the order service; returns the merged order. */
  applyOrder(order: Order): Order {
    this.#orders.set(order.clientOrderId, order);
    if (FINAL.has(order.status)) {
      this.#finalOrder.push(order.clientOrderId);
      if (this.#finalOrder.length > KEPT_FINAL) this.#orders.delete(this.#finalOrder.shift()!);
    }
    return order;
  }

  /** Books a fill into position and cash (the order service's fee included). */
  applyFill(symbol: string, side: 'buy' | 'sell', lots: number, priceTicks: number, feeMinor: number): void {
    const holding = this.#holding(symbol);
    const signed = side === 'buy' ? lots : -lots;
    const before = holding.lots;
    const after = before + signed;
    if (before === 0 || Math.sign(before) === Math.sign(signed)) {
      holding.costTicks += signed * priceTicks;
    } else if (Math.sign(after) === Math.sign(before) || after === 0) {
      holding.costTicks = after === 0 ? 0 : (holding.costTicks * after) / before;
    } else {
      holding.costTicks = after * priceTicks;
    }
    holding.lots = after;
    holding.markTicks = priceTicks;
    this.#cashMinor += -signed * priceTicks * this.#tickValueMinor(symbol) - feeMinor;
  }

  /** Moves the mark of a symbol (latest bar close or trade). */
  mark(symbol: string, priceTicks: number): void {
    const holding = this.#holdings.get(symbol);
    if (holding !== undefined) holding.markTicks = priceTicks;
  }

  #tickValueMinor(symbol: string): number {
    return this.#tickValues.get(symbol) ?? 0;
  }

  #holding(symbol: string | undefined): Holding {
    const name = symbol ?? this.market.symbols[0]!;
    const holding = this.#holdings.get(name);
    if (holding === undefined) throw new StrategyError('STRATEGY_SYMBOL_UNKNOWN', `symbol ${name} is not part of this deployment (${this.market.symbols.join(', ')})`);
    return holding;
  }
}
