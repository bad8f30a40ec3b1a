// Fill model on the real matching engine (@kestrel/engine, the C++ book through its N-API
// binding) for level-2 replays. The replayed book is mirrored into the engine as resting orders of
// a "market" account, one per price level, kept equal to each snapshot (cancel vanished levels,
// then shrink, then grow or add; shrinking keeps time priority, growing loses it, as on a venue).
// The strategy's orders are real engine orders of another account, so the engine decides every
// fill with price-time priority: an order joining a level queues behind the liquidity displayed
// there, and a resting order is filled when the mirrored opposite side reaches it (a new level at
// or through its price trades with it) once the queue ahead of it is gone.
// Timing: orders and cancels the strategy issues while handling event e reach the engine in the
// order issued and before the mirror moves to the next snapshot, i.e. against the book the
// strategy saw (zero latency, stamped with e's time); they are sent as the first commands of the
// next snapshot's batch, which is equivalent because nothing else reaches that book in between.
// A resting order is therefore exposed to every later move of the mirrored book.
// Stops are held here and submitted (as market or limit orders) when the snapshot's mid reaches
// the stop price. Market orders are IOC in the engine: what the book cannot fill is cancelled.
// Liquidity the run takes is taken from the mirror and restored by the next snapshot (no lasting
// market impact). DAY orders are not expired (no session ends in a replay); GTD expiry is the
// engine's. Outcomes: engine trades become fills (taker for the aggressor, maker for the resting
// order), engine rejections and cancellations end the order with the engine's reason code.
// While the strategy has nothing queued or resting in the engine, snapshots only update the
// mirror's target and the engine is not called (its state cannot matter); it catches up first
// thing when the strategy acts. Invariants: the mirror never trades with itself (vanished levels
// are removed before new ones are added and snapshots are uncrossed; mirrored orders also carry
// self-trade prevention); at most two native calls per snapshot.

import { CommandBatch, Engine, EVENT_TYPES, type Command, type EngineEvent } from '@kestrel/engine';
import type { BookLevel, BookSnapshotEvent, MarketBar, OrderRejectReason, TradeEvent } from '@kestrel/shared';
import { midTicks } from './event-series.js';
import type { FillModel, FillSink, SimOrder } from './fill-model.js';

const MARKET = 1n;
const STRATEGY = 2n;
/** Engine ids of strategy orders: this plus the order's sequence (mirror orders count from 1). */
const STRATEGY_IDS = 1n << 40n;

interface Mirror {
  symbol: number;
  events: number;
  bids: Map<number, { id: bigint; quantity: number }>;
  asks: Map<number, { id: bigint; quantity: number }>;
  /** Strategy orders and cancels not yet sent, in the order issued, with the time issued (ns). */
  queue: Queued[];
  /** Untriggered stops. */
  stops: SimOrder[];
  /** Strategy orders resting in the engine, by engine id. */
  resting: Map<bigint, SimOrder>;
  /** The latest snapshot seen, and the one the engine's mirror currently equals. */
  latest: BookSnapshotEvent | undefined;
  synced: BookSnapshotEvent | undefined;
}

/** A strategy action waiting for the next batch. */
type Queued = { order: SimOrder; time: bigint } | { cancel: bigint; time: bigint };

/** What each command of a snapshot's batch was, to interpret its events. */
type Issued = { mirror: true; side: 'buy' | 'sell'; price: number; quantity: number } | { mirror: false; order: SimOrder } | typeof CANCELLED;

/** A strategy order's cancel (its events need no handling: the broker has already ended it). */
const CANCELLED = Symbol('cancelled');

/** A snapshot side as price -> quantity (empty levels dropped). */
function wantedLevels(levels: readonly BookLevel[]): Map<number, number> {
  const wanted = new Map<number, number>();
  for (const [price, quantity] of levels) if (quantity > 0) wanted.set(price, quantity);
  return wanted;
}

/** Options of the engine-book model. */
export interface EngineBookOptions {
  /** An open engine to use (default: a fresh in-memory engine, closed by close()). */
  engine?: Engine;
}

/** The engine-book fill model. */
export class EngineBookFillModel implements FillModel {
  readonly name = 'engine book (L2 mirrored into the matching engine)';
  private readonly engine: Engine;
  private readonly owned: boolean;
  private readonly mirrors = new Map<string, Mirror>();
  private nextMirrorId = 1n;
  private nowNs = 0n;

  constructor(options: EngineBookOptions = {}) {
    this.engine = options.engine ?? Engine.open();
    this.owned = options.engine === undefined;
  }

  add(order: SimOrder): void {
    const mirror = this.mirror(order.symbol);
    if (order.type === 'stop' || order.type === 'stop_limit') mirror.stops.push(order);
    else mirror.queue.push({ order, time: this.nowNs });
  }

  remove(order: SimOrder): boolean {
    const mirror = this.mirror(order.symbol);
    const stop = mirror.stops.indexOf(order);
    if (stop >= 0) {
      mirror.stops.splice(stop, 1);
      return true;
    }
    const queued = mirror.queue.findIndex((entry) => 'order' in entry && entry.order === order);
    if (queued >= 0) {
      mirror.queue.splice(queued, 1);
      return true;
    }
    const id = STRATEGY_IDS + BigInt(order.seq);
    if (!mirror.resting.delete(id)) return false;
    mirror.queue.push({ cancel: id, time: this.nowNs });
    return true;
  }

  barCount(symbol: string): number {
    return this.mirrors.get(symbol)?.events ?? 0;
  }

  onBarOpen(_bar: MarketBar, _sink: FillSink): void {}

  onBarClose(_bar: MarketBar, _sink: FillSink): void {}

  onTrade(_trade: TradeEvent, _sink: FillSink): void {}

  onBook(book: BookSnapshotEvent, sink: FillSink): void {
    const mirror = this.mirror(book.symbol);
    mirror.events++;
    const time = BigInt(book.timeMicros) * 1000n;
    if (time > this.nowNs) this.nowNs = time;
    // With no strategy order queued or resting, the mirror's state cannot matter yet: skip the
    // engine and catch up when the strategy next acts (light strategies run at near-TS speed).
    if (mirror.queue.length > 0 || mirror.resting.size > 0) {
      if (mirror.queue.length > 0) {
        const batch = new CommandBatch(8);
        const issued: Issued[] = [];
        // The queued actions were decided on the latest snapshot: the mirror must equal it first.
        if (mirror.latest !== undefined && mirror.latest !== mirror.synced) this.sync(mirror, mirror.latest, batch, issued);
        for (const entry of mirror.queue) {
          if ('cancel' in entry) {
            batch.add({ type: 'cancel', symbol: mirror.symbol, orderId: entry.cancel, account: STRATEGY, timestamp: entry.time });
            issued.push(CANCELLED);
          } else {
            batch.add(this.command(mirror, entry.order, entry.time));
            issued.push({ mirror: false, order: entry.order });
          }
        }
        mirror.queue.length = 0;
        this.send(mirror, batch, issued, book, sink);
      }
      const batch = new CommandBatch(8);
      const issued: Issued[] = [];
      this.sync(mirror, book, batch, issued);
      if (batch.length > 0) this.send(mirror, batch, issued, book, sink);
    }
    mirror.latest = book;
    // Stops elected by this snapshot's mid go out with the next batch, like any new order.
    const mid = midTicks(book);
    for (const stop of mirror.stops.slice()) {
      if (mid === mid && (stop.sign === 1 ? mid >= stop.stopPriceTicks! : mid <= stop.stopPriceTicks!)) {
        stop.triggered = true;
        mirror.stops.splice(mirror.stops.indexOf(stop), 1);
        mirror.queue.push({ order: stop, time: this.nowNs });
      }
    }
  }

  /** Commands making the mirror equal to `book`: every removal on both sides before anything is added. */
  private sync(mirror: Mirror, book: BookSnapshotEvent, batch: CommandBatch, issued: Issued[]): void {
    const bids = wantedLevels(book.bids);
    const asks = wantedLevels(book.asks);
    this.shrink(mirror, 'buy', bids, batch, issued);
    this.shrink(mirror, 'sell', asks, batch, issued);
    this.grow(mirror, 'buy', bids, batch, issued);
    this.grow(mirror, 'sell', asks, batch, issued);
    mirror.synced = book;
  }

  /** Submits a batch and applies its events (only the event types that matter are decoded). */
  private send(mirror: Mirror, batch: CommandBatch, issued: Issued[], book: BookSnapshotEvent, sink: FillSink): void {
    const result = this.engine.submitBatch(batch);
    let first = 0;
    for (let i = 0; i < issued.length; i++) {
      const count = result.eventCountOf(i);
      const what = issued[i]!;
      if (what !== CANCELLED) {
        for (let j = first; j < first + count; j++) {
          const type = EVENT_TYPES[result.eventType(j)];
          // A mirrored order's accepted/replaced events change nothing here.
          if (what.mirror && type !== 'trade' && type !== 'cancelled' && type !== 'rejected') continue;
          this.apply(mirror, what, result.event(j), book, sink);
        }
        if (!what.mirror && what.order.remainingLots === 0) mirror.resting.delete(STRATEGY_IDS + BigInt(what.order.seq));
      }
      first += count;
    }
  }

  private mirror(symbol: string): Mirror {
    let mirror = this.mirrors.get(symbol);
    if (mirror === undefined) {
      mirror = { symbol: this.mirrors.size + 1, events: 0, bids: new Map(), asks: new Map(), queue: [], stops: [], resting: new Map(), latest: undefined, synced: undefined };
      this.mirrors.set(symbol, mirror);
    }
    return mirror;
  }

  /** Cancels vanished levels and shrinks smaller ones (shrinking keeps time priority). */
  private shrink(mirror: Mirror, side: 'buy' | 'sell', wanted: Map<number, number>, batch: CommandBatch, issued: Issued[]): void {
    const orders = side === 'buy' ? mirror.bids : mirror.asks;
    for (const [price, order] of orders) {
      const quantity = wanted.get(price);
      if (quantity === undefined) {
        batch.add({ type: 'cancel', symbol: mirror.symbol, orderId: order.id, account: MARKET, timestamp: this.nowNs });
        issued.push({ mirror: true, side, price, quantity: 0 });
        orders.delete(price);
      } else if (quantity < order.quantity) {
        batch.add({ type: 'replace', symbol: mirror.symbol, orderId: order.id, account: MARKET, quantity, timestamp: this.nowNs });
        issued.push({ mirror: true, side, price, quantity });
        order.quantity = quantity;
      }
    }
  }

  /** Grows larger levels (losing time priority, as a venue does) and adds new ones. */
  private grow(mirror: Mirror, side: 'buy' | 'sell', wanted: Map<number, number>, batch: CommandBatch, issued: Issued[]): void {
    const orders = side === 'buy' ? mirror.bids : mirror.asks;
    for (const [price, quantity] of wanted) {
      const order = orders.get(price);
      if (order === undefined) {
        const id = this.nextMirrorId++;
        batch.add({ type: 'new_order', symbol: mirror.symbol, orderId: id, account: MARKET, side, price, quantity, orderType: 'limit', timeInForce: 'gtc', stp: 'cancel_newest', timestamp: this.nowNs });
        issued.push({ mirror: true, side, price, quantity });
        orders.set(price, { id, quantity });
      } else if (quantity > order.quantity) {
        batch.add({ type: 'replace', symbol: mirror.symbol, orderId: order.id, account: MARKET, quantity, timestamp: this.nowNs });
        issued.push({ mirror: true, side, price, quantity });
        order.quantity = quantity;
      }
    }
  }

  /** The engine command of a strategy order. */
  private command(mirror: Mirror, order: SimOrder, time: bigint): Command {
    const request = order.request;
    const limit = order.type === 'limit' || order.type === 'stop_limit';
    const tif = order.type === 'market' || order.type === 'stop' ? 'ioc' : request.timeInForce === 'GTD' ? 'gtd' : request.timeInForce === 'IOC' ? 'ioc' : request.timeInForce === 'FOK' ? 'fok' : 'gtc';
    return {
      type: 'new_order',
      symbol: mirror.symbol,
      orderId: STRATEGY_IDS + BigInt(order.seq),
      account: STRATEGY,
      side: order.side,
      quantity: order.remainingLots,
      orderType: limit ? 'limit' : 'market',
      ...(limit ? { price: order.limitPriceTicks! } : {}),
      timeInForce: tif,
      ...(tif === 'gtd' && request.expireAt !== undefined ? { expireAt: BigInt(Date.parse(request.expireAt)) * 1_000_000n } : {}),
      postOnly: request.postOnly === true,
      timestamp: time,
    };
  }

  /** One engine event of a snapshot's batch. */
  private apply(mirror: Mirror, what: Exclude<Issued, typeof CANCELLED>, event: EngineEvent, book: BookSnapshotEvent, sink: FillSink): void {
    const timestamp = book.timeMicros / 1000;
    if (event.type === 'trade') {
      // The resting side: a strategy order filled as maker, or mirrored liquidity taken.
      if (event.counterAccount === STRATEGY) {
        const order = mirror.resting.get(event.counterOrderId);
        if (order !== undefined) {
          if (event.counterRemaining === 0) mirror.resting.delete(event.counterOrderId);
          sink.fill(order, event.price, event.quantity, 'maker', { volume: 0, timestamp });
        }
      } else {
        const orders = event.side === 'buy' ? mirror.asks : mirror.bids;
        const level = orders.get(event.price);
        if (level !== undefined) {
          if (event.counterRemaining === 0) orders.delete(event.price);
          else level.quantity = event.counterRemaining;
        }
      }
      if (event.account === STRATEGY && !what.mirror) sink.fill(what.order, event.price, event.quantity, 'taker', { volume: 0, timestamp });
      if (event.account === MARKET && what.mirror) {
        const orders = what.side === 'buy' ? mirror.bids : mirror.asks;
        const level = orders.get(what.price);
        if (level !== undefined) {
          if (event.remaining === 0) orders.delete(what.price);
          else level.quantity = event.remaining;
        }
      }
      return;
    }
    if (what.mirror) {
      // Self-trade prevention cancelled a mirrored order (a safety net: the mirror is never crossed).
      if (event.type === 'cancelled' || event.type === 'rejected') (what.side === 'buy' ? mirror.bids : mirror.asks).delete(what.price);
      return;
    }
    const order = what.order;
    const id = STRATEGY_IDS + BigInt(order.seq);
    if (event.type === 'accepted') {
      if (event.remaining > 0 && event.orderId === id) mirror.resting.set(id, order);
    } else if (event.type === 'rejected' || event.type === 'cancelled') {
      mirror.resting.delete(id);
      if (order.remainingLots > 0) sink.end(order, 'cancelled', event.code as OrderRejectReason, timestamp);
    } else if (event.type === 'expired') {
      mirror.resting.delete(id);
      if (order.remainingLots > 0) sink.end(order, 'expired', null, timestamp);
    }
  }
}
