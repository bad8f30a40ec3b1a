// Fill rules over OHLCV bars. An order accepted while the strategy handles bar t (or earlier)
// first meets bar t+1, at its open phase; with market: 'close', market orders (and orders
// marketable at the close) accepted while handling bar t fill at bar t's close instead.
//   market       next-open: the open of the next bar, whatever its volume (unless capped).
//   limit buy L  open <= L: the open (gapped through); else touch: low <= L / through: low < L: L.
//   stop buy S   open >= S: the open; else high >= S: S (stop-limit: S if L >= S, else it rests as
//                a limit from the next bar). Sells mirror buys.
// Participation cap: at most floor(volume x maxParticipation) lots per bar over all orders of
// the symbol, in time priority; the remainder stays working for the next bar (IOC/FOK: cancelled).
// Expiry: GTD when a bar starts after expireAt; DAY limit/stop orders at the first bar of a later
// UTC day than the first bar they could trade in; market orders work until filled.
// Invariants: one pass per bar over the working orders of that symbol in submission order; a fill
// never exceeds remainingLots; nothing trades at a price outside the bar's [low, high].
// Known limits: the intrabar path is unknown, so a stop-limit that triggers intrabar fills only at
// its stop price or waits; the UTC day is the day boundary (no session calendar).

import type { MarketBar } from '@kestrel/shared';
import { BacktestError } from './backtest-error.js';
import type { FillModel, FillSink, SimOrder } from './fill-model.js';

/** When market orders fill. */
export type MarketFill = 'next-open' | 'close';
/** Whether a limit order fills when the bar touches its price or only when it trades through. */
export type LimitFill = 'touch' | 'through';

/** Options of the bar fill model. */
export interface BarFillOptions {
  market?: MarketFill;
  limit?: LimitFill;
  /** Fraction (0, 1] of each bar's volume the run may trade; unset = unlimited. */
  maxParticipation?: number;
}

const DAY_MS = 86_400_000;

interface SymbolState {
  bars: number;
  day: number;
  /** Lots still available this bar under the participation cap. */
  available: number;
}

/** Bar-based fill model (next-open or close for market orders, touch or through for limits). */
export class BarFillModel implements FillModel {
  readonly name: string;
  readonly market: MarketFill;
  readonly limit: LimitFill;
  readonly maxParticipation: number | undefined;
  private readonly working: SimOrder[] = [];
  private readonly symbols = new Map<string, SymbolState>();

  constructor(options: BarFillOptions = {}) {
    this.market = options.market ?? 'next-open';
    this.limit = options.limit ?? 'touch';
    if (this.market !== 'next-open' && this.market !== 'close') {
      throw new BacktestError('BACKTEST_INVALID_CONFIG', `fill must be next-open or close, got ${String(this.market)}`);
    }
    if (this.limit !== 'touch' && this.limit !== 'through') {
      throw new BacktestError('BACKTEST_INVALID_CONFIG', `limit fill must be touch or through, got ${String(this.limit)}`);
    }
    const cap = options.maxParticipation;
    if (cap !== undefined && !(cap > 0 && cap <= 1)) {
      throw new BacktestError('BACKTEST_INVALID_CONFIG', `max participation must be in (0, 1], got ${String(cap)}`);
    }
    this.maxParticipation = cap;
    this.name = `${this.market}, limit ${this.limit}${cap === undefined ? '' : `, max ${cap * 100}% of bar volume`}`;
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
    return this.symbols.get(symbol)?.bars ?? 0;
  }

  onBarOpen(bar: MarketBar, sink: FillSink): void {
    let state = this.symbols.get(bar.symbol);
    if (state === undefined) {
      state = { bars: 0, day: 0, available: 0 };
      this.symbols.set(bar.symbol, state);
    }
    state.bars++;
    state.day = Math.floor(bar.timestamp / DAY_MS);
    state.available = this.maxParticipation === undefined ? Number.MAX_SAFE_INTEGER : Math.floor(bar.volume * this.maxParticipation);
    if (this.working.length === 0) return;
    for (const order of this.working.slice()) {
      if (order.symbol !== bar.symbol || order.acceptedAtBar >= state.bars) continue;
      if (this.expired(order, bar, state, sink)) continue;
      const first = order.activeDay === undefined;
      if (first) order.activeDay = state.day;
      const price = this.openPrice(order, bar);
      this.execute(order, price, bar, state, sink, first);
    }
  }

  onBarClose(bar: MarketBar, sink: FillSink): void {
    if (this.market !== 'close' || this.working.length === 0) return;
    const state = this.symbols.get(bar.symbol);
    if (state === undefined) return;
    for (const order of this.working.slice()) {
      if (order.symbol !== bar.symbol || order.acceptedAtBar !== state.bars) continue;
      order.activeDay = state.day;
      this.execute(order, this.closePrice(order, bar), bar, state, sink, true);
    }
  }

  /** Ends GTD orders past their expiry and DAY limit/stop orders from an earlier day; true when ended. */
  private expired(order: SimOrder, bar: MarketBar, state: SymbolState, sink: FillSink): boolean {
    const request = order.request;
    if (request.timeInForce === 'GTD' && request.expireAt !== undefined && bar.timestamp > Date.parse(request.expireAt)) {
      this.end(order, sink, 'expired', bar.timestamp);
      return true;
    }
    if (request.timeInForce === 'DAY' && order.type !== 'market' && order.activeDay !== undefined && state.day !== order.activeDay) {
      this.end(order, sink, 'expired', bar.timestamp);
      return true;
    }
    return false;
  }

  /** Fills what the price and the cap allow, then applies IOC/FOK to the first matching attempt. */
  private execute(order: SimOrder, price: number | undefined, bar: MarketBar, state: SymbolState, sink: FillSink, firstAttempt: boolean): void {
    const tif = order.request.timeInForce;
    if (price !== undefined) {
      const lots = Math.min(order.remainingLots, state.available);
      if (tif === 'FOK' && lots < order.remainingLots) {
        this.end(order, sink, 'cancelled', bar.timestamp);
        return;
      }
      if (lots > 0) {
        state.available -= lots;
        const liquidity = order.limitPriceTicks !== undefined && price === order.limitPriceTicks && order.triggered === (order.type === 'stop_limit') ? 'maker' : 'taker';
        if (lots === order.remainingLots) this.remove(order);
        sink.fill(order, price, lots, liquidity, { volume: bar.volume, timestamp: bar.timestamp });
      }
    }
    if (firstAttempt && (tif === 'IOC' || tif === 'FOK') && order.remainingLots > 0 && this.working.includes(order)) {
      this.end(order, sink, 'cancelled', bar.timestamp);
    }
  }

  private end(order: SimOrder, sink: FillSink, status: 'cancelled' | 'expired', timestamp: number): void {
    this.remove(order);
    const reason = status === 'expired' ? null : order.request.timeInForce === 'FOK' ? 'BOOK_FOK_NOT_FILLABLE' : 'BOOK_IOC_REMAINDER_CANCELLED';
    sink.end(order, status, reason, timestamp);
  }

  /** The price `order` trades at in `bar` seen from its open, or undefined. */
  private openPrice(order: SimOrder, bar: MarketBar): number | undefined {
    const { open, high, low } = bar.ticks;
    const buy = order.sign === 1;
    switch (order.type) {
      case 'market':
        return open;
      case 'limit':
        return this.limitPrice(buy, order.limitPriceTicks!, open, high, low);
      case 'stop': {
        const stop = order.stopPriceTicks!;
        if (order.triggered) return open;
        if (buy ? open >= stop : open <= stop) {
          order.triggered = true;
          return open;
        }
        if (buy ? high >= stop : low <= stop) {
          order.triggered = true;
          return stop;
        }
        return undefined;
      }
      case 'stop_limit': {
        const stop = order.stopPriceTicks!;
        const limit = order.limitPriceTicks!;
        if (order.triggered) return this.limitPrice(buy, limit, open, high, low);
        if (buy ? open >= stop : open <= stop) {
          order.triggered = true;
          return this.limitPrice(buy, limit, open, high, low);
        }
        if (buy ? high >= stop : low <= stop) {
          order.triggered = true;
          return (buy ? limit >= stop : limit <= stop) ? stop : undefined;
        }
        return undefined;
      }
    }
  }

  /** A limit order's price in a bar: the open when it gapped through, the limit when reached. */
  private limitPrice(buy: boolean, limit: number, open: number, high: number, low: number): number | undefined {
    if (buy ? open <= limit : open >= limit) return open;
    const reached = this.limit === 'touch' ? (buy ? low <= limit : high >= limit) : buy ? low < limit : high > limit;
    return reached ? limit : undefined;
  }

  /** The price an order accepted during this bar trades at its close, or undefined. */
  private closePrice(order: SimOrder, bar: MarketBar): number | undefined {
    const close = bar.ticks.close;
    const buy = order.sign === 1;
    switch (order.type) {
      case 'market':
        return close;
      case 'limit':
        return (buy ? close <= order.limitPriceTicks! : close >= order.limitPriceTicks!) ? close : undefined;
      case 'stop':
        if (buy ? close >= order.stopPriceTicks! : close <= order.stopPriceTicks!) {
          order.triggered = true;
          return close;
        }
        return undefined;
      case 'stop_limit': {
        if (!(buy ? close >= order.stopPriceTicks! : close <= order.stopPriceTicks!)) return undefined;
        order.triggered = true;
        return (buy ? close <= order.limitPriceTicks! : close >= order.limitPriceTicks!) ? close : undefined;
      }
    }
  }
}
