// Fill rules for tick and level-2 replays (no bars). An order accepted while the strategy handles
// event e first meets the next event of its symbol.
//   book snapshot   a market order, or a limit order marketable against the book (buy L >= best
//                   ask), takes the displayed liquidity level by level (up to L), as taker; the
//                   rest of a market order waits for the next snapshot (IOC: cancelled). A resting
//                   limit fills at its price, as maker, when the opposite best reaches it (buy L:
//                   best ask < L with `through`, <= L with `touch`), up to the quantity displayed
//                   at or beyond L. Stops trigger when the mid reaches the stop price, then act as
//                   market (stop-limit: as limit) orders.
//   trade print     a market order fills at the print's price, up to its size; a resting limit
//                   fills at its price when a print trades through it (buy L: print < L;
//                   `touch`: <= L), up to the print's size.
// Liquidity the run takes is used up for the rest of that snapshot or print (two orders never
// take the same displayed lots), but the replayed book itself does not change: no market impact
// and no queue position (a resting order is filled only once the market trades through it).
// DAY orders expire at the first event of a later UTC day than the one they became active in,
// GTD after expireAt; IOC/FOK apply to the first event an order meets.

import type { BookLevel, BookSnapshotEvent, MarketBar, TradeEvent } from '@kestrel/shared';
import { BacktestError } from './backtest-error.js';
import type { LimitFill } from './bar-fill-model.js';
import { midTicks } from './event-series.js';
import type { FillModel, FillSink, SimOrder } from './fill-model.js';

/** Options of the book fill model. */
export interface BookFillOptions {
  /** When a resting limit fills: the opposite side through its price (default) or touching it. */
  limit?: LimitFill;
}

const DAY_MS = 86_400_000;

interface SymbolState {
  events: number;
  day: number;
}

/** Fill model over trade prints and level-2 book snapshots. */
export class BookFillModel implements FillModel {
  readonly name: string;
  readonly limit: LimitFill;
  private readonly working: SimOrder[] = [];
  private readonly symbols = new Map<string, SymbolState>();

  constructor(options: BookFillOptions = {}) {
    this.limit = options.limit ?? 'through';
    if (this.limit !== 'touch' && this.limit !== 'through') throw new BacktestError('BACKTEST_INVALID_CONFIG', `limit fill must be touch or through, got ${String(this.limit)}`);
    this.name = `L2 book, limit ${this.limit}`;
  }

  add(order: SimOrder): void {
    this.working.push(order);
  }

  remove(order: SimOrder): boolean {
    const index = this.working.indexOf(order);
    if (index < 0) return false;
    this.working.splice(index, 1);
    return true;
  }

  barCount(symbol: string): number {
    return this.symbols.get(symbol)?.events ?? 0;
  }

  onBarOpen(_bar: MarketBar, _sink: FillSink): void {}

  onBarClose(_bar: MarketBar, _sink: FillSink): void {}

  onBook(book: BookSnapshotEvent, sink: FillSink): void {
    const time = book.timeMicros / 1000;
    const state = this.advance(book.symbol, time);
    if (this.working.length === 0) return;
    const used = new Map<number, number>();
    const mid = midTicks(book);
    for (const order of this.working.slice()) {
      if (order.symbol !== book.symbol || order.acceptedAtBar >= state.events) continue;
      if (this.expired(order, time, state, sink)) continue;
      const first = order.activeDay === undefined;
      if (first) order.activeDay = state.day;
      if (!order.triggered && (order.type === 'stop' || order.type === 'stop_limit')) {
        const stop = order.stopPriceTicks!;
        if (!(mid === mid && (order.sign === 1 ? mid >= stop : mid <= stop))) {
          this.firstAttemptEnd(order, first, sink, time);
          continue;
        }
        order.triggered = true;
      }
      const opposite = order.sign === 1 ? book.asks : book.bids;
      const limit = order.limitPriceTicks;
      const best = opposite[0]?.[0];
      const marketable = limit === undefined || (best !== undefined && (order.sign === 1 ? best <= limit : best >= limit));
      if (order.request.timeInForce === 'FOK' && this.available(opposite, order, limit, used) < order.remainingLots) {
        this.end(order, sink, 'cancelled', time);
        continue;
      }
      if (marketable && (first || limit === undefined)) {
        this.take(order, opposite, limit, used, sink, time);
      } else if (limit !== undefined && best !== undefined && (this.limit === 'touch' ? (order.sign === 1 ? best <= limit : best >= limit) : order.sign === 1 ? best < limit : best > limit)) {
        // The opposite side came to (or through) a resting limit: filled at its own price.
        const lots = Math.min(order.remainingLots, this.available(opposite, order, limit, used));
        if (lots > 0) this.fill(order, limit, lots, 'maker', used, opposite, sink, time);
      }
      this.firstAttemptEnd(order, first, sink, time);
    }
  }

  onTrade(trade: TradeEvent, sink: FillSink): void {
    const time = trade.timeMicros / 1000;
    const state = this.advance(trade.symbol, time);
    let left = trade.quantityLots;
    for (const order of this.working.slice()) {
      if (order.symbol !== trade.symbol || order.acceptedAtBar >= state.events) continue;
      if (this.expired(order, time, state, sink)) continue;
      const first = order.activeDay === undefined;
      if (first) order.activeDay = state.day;
      const price = trade.priceTicks;
      if (!order.triggered && (order.type === 'stop' || order.type === 'stop_limit')) {
        if (!(order.sign === 1 ? price >= order.stopPriceTicks! : price <= order.stopPriceTicks!)) {
          this.firstAttemptEnd(order, first, sink, time);
          continue;
        }
        order.triggered = true;
      }
      const limit = order.limitPriceTicks;
      let fillPrice: number | undefined;
      if (limit === undefined) fillPrice = price;
      else if (this.limit === 'touch' ? (order.sign === 1 ? price <= limit : price >= limit) : order.sign === 1 ? price < limit : price > limit) fillPrice = limit;
      const lots = fillPrice === undefined ? 0 : Math.min(order.remainingLots, left);
      if (order.request.timeInForce === 'FOK' && lots < order.remainingLots) {
        this.end(order, sink, 'cancelled', time);
        continue;
      }
      if (lots > 0) {
        left -= lots;
        if (lots === order.remainingLots) this.remove(order);
        sink.fill(order, fillPrice!, lots, limit === undefined ? 'taker' : 'maker', { volume: trade.quantityLots, timestamp: time });
      }
      this.firstAttemptEnd(order, first, sink, time);
    }
  }

  private advance(symbol: string, time: number): SymbolState {
    let state = this.symbols.get(symbol);
    if (state === undefined) {
      state = { events: 0, day: 0 };
      this.symbols.set(symbol, state);
    }
    state.events++;
    state.day = Math.floor(time / DAY_MS);
    return state;
  }

  /** Lots displayed at prices the order accepts, minus what this run already took from them. */
  private available(levels: readonly BookLevel[], order: SimOrder, limit: number | undefined, used: Map<number, number>): number {
    let total = 0;
    for (const [price, quantity] of levels) {
      if (limit !== undefined && (order.sign === 1 ? price > limit : price < limit)) break;
      total += Math.max(0, quantity - (used.get(price) ?? 0));
    }
    return total;
  }

  /** Takes liquidity level by level (up to the limit), as taker. */
  private take(order: SimOrder, levels: readonly BookLevel[], limit: number | undefined, used: Map<number, number>, sink: FillSink, time: number): void {
    for (const [price, quantity] of levels) {
      if (order.remainingLots === 0 || !this.working.includes(order)) return;
      if (limit !== undefined && (order.sign === 1 ? price > limit : price < limit)) return;
      const lots = Math.min(order.remainingLots, quantity - (used.get(price) ?? 0));
      if (lots > 0) this.fill(order, price, lots, 'taker', used, levels, sink, time);
    }
  }

  private fill(order: SimOrder, price: number, lots: number, liquidity: 'maker' | 'taker', used: Map<number, number>, levels: readonly BookLevel[], sink: FillSink, time: number): void {
    used.set(price, (used.get(price) ?? 0) + lots);
    const volume = levels.reduce((sum, level) => sum + level[1], 0);
    if (lots === order.remainingLots) this.remove(order);
    sink.fill(order, price, lots, liquidity, { volume, timestamp: time });
  }

  /** IOC/FOK end after the first event an order meets. */
  private firstAttemptEnd(order: SimOrder, first: boolean, sink: FillSink, time: number): void {
    const tif = order.request.timeInForce;
    if (first && (tif === 'IOC' || tif === 'FOK') && order.remainingLots > 0 && this.working.includes(order)) this.end(order, sink, 'cancelled', time);
  }

  private expired(order: SimOrder, time: number, state: SymbolState, sink: FillSink): boolean {
    const request = order.request;
    const gtd = request.timeInForce === 'GTD' && request.expireAt !== undefined && time > Date.parse(request.expireAt);
    const day = request.timeInForce === 'DAY' && order.type !== 'market' && order.activeDay !== undefined && state.day !== order.activeDay;
    if (gtd || day) this.end(order, sink, 'expired', time);
    return gtd || day;
  }

  private end(order: SimOrder, sink: FillSink, status: 'cancelled' | 'expired', time: number): void {
    this.remove(order);
    const reason = status === 'expired' ? null : order.request.timeInForce === 'FOK' ? 'BOOK_FOK_NOT_FILLABLE' : 'BOOK_IOC_REMAINDER_CANCELLED';
    sink.end(order, status, reason, time);
  }
}
