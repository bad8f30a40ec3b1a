// The replay sessions of this process. A session binds a paper account to a market-data replay
// (docs/market-data.md, "Replay": play/pause/seek/speed are the market-data session's, forwarded
// with the caller's credentials) and trades it: the replay's `market.ticks` messages (marked with
// its replayId, which the stream service does not forward) are
// 1. re-published on `market.ticks` under the session's trading symbol (replay-symbol.ts) with
//    replayId null, so the desktop subscribes to that symbol and gets quotes, trades and bars
//    exactly like live data — and its opening snapshot from the session's feed (session-feed.ts,
//    GET /v1/replay-market-data/*, which the stream reads for session symbols);
// 2. turned into prints for the session's matcher (replay-matcher.ts, the matching engine);
// 3. their fills are written as `orders.executed` events through the outbox, in one transaction per
//    message, so the portfolio books them like any fill (positions, cash, P&L, tax lots) — under
//    the trading symbol, whose instrument the session registered with the portfolio and whose mark
//    it moves to each message's last print.
// Paper orders go through the portfolio's buying-power check (the same internal route the order
// service uses, reserving as for a live order) before they reach the matcher; remainders that end
// unfilled release their reservation. The risk desk's limits and kill switches of the account (the
// order service's settings, read from its internal route GET /v1/internal/risk-settings) configure
// the session engine's risk manager when the session starts, before every order and at most
// RISK_REFRESH_MS apart while the replay plays, so the engine refuses a paper order as it would a
// live one (domain/engine-risk.ts). Settings that cannot be read refuse the session or the order
// (SIMULATION_RISK_UNAVAILABLE) — a replay order never trades without them; while the replay plays,
// the last settings read stay applied and the read is retried RISK_REFRESH_MS later.
// Invariants: one message or order action of a session at a time (a promise chain per session); a
// channel handler never throws. Known limits: sessions and their orders live in memory in the
// process that created them (a restart ends them; their fills are already booked, and the
// reservations of their open orders are released by the next start — see releaseOrphans); loss of a channel message (Redis) loses its prints; a
// message whose fills cannot be written (database down) is logged at error level and its fills are
// lost to the portfolio (the matcher has moved on).
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { Logger } from 'pino';
import { Value } from '@sinclair/typebox/value';
import { createEnvelope, enqueue, withTransaction, type Channels } from '@kestrel/server-common';
import { OrderExecutedPayloadSchema, fraction, toRatio, type BarInterval, type Instrument, type LiveBar, type MarketTicksMessage, type OrderExecutedPayload } from '@kestrel/shared';
import type { Caller, Credentials } from '../access.js';
import type { MarketDataClient, ReplayControl, ReplayView } from '../clients/market-data-client.js';
import type { OrderClient } from '../clients/order-client.js';
import type { PortfolioClient } from '../clients/portfolio-client.js';
import { engineRiskOf, type AccountRiskSettings } from '../domain/engine-risk.js';
import { replaySymbol } from '../domain/replay-symbol.js';
import { simulationError } from '../errors.js';
import type { PaperAccountRecord } from '../store/paper-accounts-store.js';
import { endReplayOrders, insertReplayOrder, openReplayOrders } from '../store/replay-orders-store.js';
import { ReplayMatcher, type MatcherFill, type MatcherOrder } from './replay-matcher.js';
import { SessionFeed } from './session-feed.js';

/** A paper order of a session. */
export interface SessionOrder extends MatcherOrder {
  clientOrderId: string;
  createdAt: string;
  /** Replay time of the last print before the order was placed (null before the first print). */
  placedAtMicros: number | null;
}

/** What creating a session takes. */
export interface SessionSpec {
  symbol: string;
  kind: 'trades' | 'bars';
  interval?: BarInterval;
  from: string;
  to: string;
  speed?: number | 'max';
  play?: boolean;
}

interface Session {
  id: string;
  owner: string;
  paperAccountId: string;
  accountId: string;
  spec: SessionSpec;
  tradingSymbol: string;
  instrument: Instrument;
  replayId: string;
  matcher: ReplayMatcher;
  feed: SessionFeed;
  orders: Map<string, SessionOrder>;
  lastPriceTicks: number | null;
  lastPrintMicros: number | null;
  prints: number;
  fills: number;
  closed: boolean;
  queue: Promise<unknown>;
  /** The engine risk configuration last applied (JSON) and when it was read (ms since epoch). */
  risk: { applied: string; readAt: number };
}

/** Longest a playing session goes without re-reading the account's risk settings, in ms. */
const RISK_REFRESH_MS = 1000;

/** A session as the API shows it. */
export interface SessionView {
  id: string;
  paperAccountId: string;
  accountId: string;
  symbol: string;
  tradingSymbol: string;
  kind: 'trades' | 'bars';
  interval: BarInterval | null;
  replay: ReplayView | null;
  prints: number;
  fills: number;
  lastPriceTicks: number | null;
  lastPrintAt: string | null;
  openOrders: number;
}

/** What the sessions need. */
export interface SessionsOptions {
  db: pg.Pool;
  portfolio: PortfolioClient;
  marketData: MarketDataClient;
  /** The order service, whose risk settings the sessions apply. */
  orders: OrderClient;
  channels: Channels;
  logger: Logger;
  maxSessions: number;
}

function isoOfMicros(micros: number): string {
  return new Date(Math.floor(micros / 1000)).toISOString();
}

/** The prints of one message: its trades, or (bar replays) each bar's open, extremes and close. */
export function printsOf(message: MarketTicksMessage, kind: 'trades' | 'bars'): { priceTicks: number; quantityLots: number; timeMicros: number }[] {
  if (kind === 'trades') {
    return message.events.flatMap((event) => (event.kind === 'trade' ? [{ priceTicks: event.priceTicks, quantityLots: event.quantityLots, timeMicros: event.timeMicros }] : []));
  }
  return message.bars.flatMap((bar: LiveBar) => {
    const quantityLots = Math.max(1, Math.floor(bar.volumeLots / 4));
    // The path a bar most plausibly took: towards the extreme on the far side of the close first.
    const path = bar.close >= bar.open ? [bar.open, bar.low, bar.high, bar.close] : [bar.open, bar.high, bar.low, bar.close];
    return path.map((priceTicks) => ({ priceTicks, quantityLots, timeMicros: bar.startMicros }));
  });
}

/** The sessions of one process. */
export class ReplaySessions {
  readonly #options: SessionsOptions;
  readonly #sessions = new Map<string, Session>();
  readonly #byReplay = new Map<string, Session>();

  constructor(options: SessionsOptions) {
    this.#options = options;
  }

  /** Creates a session for one of the caller's paper accounts (paused unless spec.play). */
  async create(caller: Caller, credentials: Credentials, paper: PaperAccountRecord, spec: SessionSpec): Promise<SessionView> {
    if (this.#sessions.size >= this.#options.maxSessions) throw simulationError('SIMULATION_SESSION_LIMIT', `This process already runs ${this.#sessions.size} replay sessions`);
    const { portfolio, marketData } = this.#options;
    const instrument = await marketData.instrument(credentials, spec.symbol);
    const id = randomUUID();
    const tradingSymbol = replaySymbol(spec.symbol, id);
    const traded: Instrument = { ...instrument, symbol: tradingSymbol, name: `${instrument.name} (replay)`.slice(0, 200) };
    // The replay first: it is what refuses bad ranges; a session the portfolio cannot price is undone.
    const replay = await marketData.createReplay(credentials, {
      symbol: spec.symbol,
      kind: spec.kind,
      ...(spec.interval === undefined ? {} : { interval: spec.interval }),
      from: spec.from,
      to: spec.to,
      ...(spec.speed === undefined ? {} : { speed: spec.speed }),
    });
    try {
      await portfolio.putInstrument(traded);
    } catch (error) {
      await marketData.deleteReplay(credentials, replay.id).catch(() => undefined);
      throw error;
    }
    const session: Session = {
      id,
      owner: caller.userId,
      paperAccountId: paper.id,
      accountId: paper.accountId,
      spec,
      tradingSymbol,
      instrument: traded,
      replayId: replay.id,
      matcher: new ReplayMatcher(),
      feed: new SessionFeed(),
      orders: new Map(),
      lastPriceTicks: null,
      lastPrintMicros: null,
      prints: 0,
      fills: 0,
      closed: false,
      queue: Promise.resolve(),
      risk: { applied: '', readAt: 0 },
    };
    try {
      await this.#refreshRisk(session, 0);
    } catch (error) {
      session.matcher.close();
      await marketData.deleteReplay(credentials, replay.id).catch(() => undefined);
      throw error;
    }
    this.#sessions.set(id, session);
    this.#byReplay.set(replay.id, session);
    const current = spec.play ? await marketData.controlReplay(credentials, replay.id, { action: 'play' }) : replay;
    return this.#view(session, current);
  }

  /** The caller's sessions. */
  async list(caller: Caller, credentials: Credentials): Promise<SessionView[]> {
    const views: SessionView[] = [];
    for (const session of this.#sessions.values()) {
      if (session.owner === caller.userId) views.push(this.#view(session, await this.#options.marketData.replay(credentials, session.replayId)));
    }
    return views;
  }

  /** One of the caller's sessions. */
  async get(caller: Caller, credentials: Credentials, id: string): Promise<SessionView> {
    const session = this.#owned(caller, id);
    return this.#view(session, await this.#options.marketData.replay(credentials, session.replayId));
  }

  /** Play, pause, seek or speed, applied to the session's replay. */
  async control(caller: Caller, credentials: Credentials, id: string, control: ReplayControl): Promise<SessionView> {
    const session = this.#owned(caller, id);
    if (session.closed) throw simulationError('SIMULATION_SESSION_CLOSED', 'The session was deleted');
    const replay = await this.#options.marketData.controlReplay(credentials, session.replayId, control);
    if (control.action === 'seek') session.feed.clear();
    return this.#view(session, replay);
  }

  /** The feed of the caller's session trading under `tradingSymbol`, and what its bars come from. */
  feedOf(caller: Caller, tradingSymbol: string): { feed: SessionFeed; barOrigin: 'trades' | 'import' } {
    for (const session of this.#sessions.values()) {
      if (session.tradingSymbol === tradingSymbol && session.owner === caller.userId) return { feed: session.feed, barOrigin: session.spec.kind === 'bars' ? 'import' : 'trades' };
    }
    throw simulationError('SIMULATION_SESSION_NOT_FOUND', 'No replay session of yours trades under this symbol');
  }

  /** Stops the replay, cancels the session's live orders (releasing their reservations) and forgets it. */
  async delete(caller: Caller, credentials: Credentials, id: string): Promise<void> {
    const session = this.#owned(caller, id);
    await this.#options.marketData.deleteReplay(credentials, session.replayId);
    await this.#end(session);
  }

  /** Ends every session of a paper account (before a reset archives its account). */
  async endForPaperAccount(paperAccountId: string): Promise<void> {
    for (const session of [...this.#sessions.values()]) if (session.paperAccountId === paperAccountId) await this.#end(session);
  }

  /** Places a paper order in the session; it meets the market at the next print. */
  async placeOrder(
    caller: Caller,
    id: string,
    request: { side: 'buy' | 'sell'; type: 'market' | 'limit'; quantityLots: number; limitPriceTicks?: number; clientOrderId?: string },
  ): Promise<SessionOrder> {
    const session = this.#owned(caller, id);
    return this.#serial(session, async () => {
      if (session.closed) throw simulationError('SIMULATION_SESSION_CLOSED', 'The session was deleted');
      const { instrument } = session;
      if ((request.type === 'limit') !== (request.limitPriceTicks !== undefined)) {
        throw simulationError('SIMULATION_ORDER_INVALID', 'A limit order needs limitPriceTicks and a market order must not have one');
      }
      if (request.quantityLots < instrument.minQuantityLots || request.quantityLots > instrument.maxQuantityLots) {
        throw simulationError('SIMULATION_ORDER_INVALID', `quantityLots must be within ${instrument.minQuantityLots}..${instrument.maxQuantityLots}`);
      }
      if (request.limitPriceTicks !== undefined && (request.limitPriceTicks < instrument.minPriceTicks || request.limitPriceTicks > instrument.maxPriceTicks)) {
        throw simulationError('SIMULATION_ORDER_INVALID', `limitPriceTicks must be within ${instrument.minPriceTicks}..${instrument.maxPriceTicks}`);
      }
      const reference = request.limitPriceTicks ?? session.lastPriceTicks;
      if (reference === null) throw simulationError('SIMULATION_ORDER_INVALID', 'No replayed price yet: play the session before placing a market order, or use a limit order');
      await this.#refreshRisk(session, 0);
      const orderId = randomUUID();
      const check = await this.#options.portfolio.checkBuyingPower({ orderId, accountId: session.accountId, symbol: session.tradingSymbol, side: request.side, quantityLots: request.quantityLots, priceTicks: reference });
      if (!check.approved) throw simulationError('SIMULATION_ORDER_REJECTED', `The buying-power check refused the order (${check.reason})`, { reason: check.reason, requiredMinor: check.requiredMinor, buyingPowerMinor: check.buyingPowerMinor });
      try {
        await insertReplayOrder(this.#options.db, { orderId, sessionId: session.id, accountId: session.accountId });
      } catch (error) {
        await this.#options.portfolio.release(orderId);
        throw error;
      }
      const order: SessionOrder = {
        id: orderId,
        clientOrderId: request.clientOrderId ?? `replay-${orderId.slice(0, 8)}`,
        side: request.side,
        type: request.type,
        limitPriceTicks: request.limitPriceTicks ?? null,
        quantityLots: request.quantityLots,
        filledLots: 0,
        filledNotional: 0n,
        status: 'pending',
        reason: null,
        createdAt: new Date().toISOString(),
        placedAtMicros: session.lastPrintMicros,
      };
      session.orders.set(orderId, order);
      session.matcher.add(order);
      return order;
    });
  }

  /** The session's orders, newest first. */
  orders(caller: Caller, id: string): SessionOrder[] {
    return [...this.#owned(caller, id).orders.values()].reverse();
  }

  /** Cancels a live order of the session and releases its reservation. */
  async cancelOrder(caller: Caller, id: string, orderId: string): Promise<SessionOrder> {
    const session = this.#owned(caller, id);
    return this.#serial(session, async () => {
      const order = session.orders.get(orderId);
      if (!order || !session.matcher.cancel(orderId)) throw simulationError('SIMULATION_ORDER_NOT_FOUND', 'No live order with this id in this session');
      await this.#options.portfolio.release(order.id);
      await endReplayOrders(this.#options.db, [order.id]);
      return order;
    });
  }

  /** Handles one `market.ticks` message (never throws). */
  onMessage(message: MarketTicksMessage): void {
    if (message.replayId === null) return;
    const session = this.#byReplay.get(message.replayId);
    if (!session || session.closed) return;
    void this.#serial(session, () => this.#consume(session, message)).catch((error: unknown) => {
      this.#options.logger.error({ err: error, sessionId: session.id }, 'simulation: a replay message could not be processed');
    });
  }

  /**
   * Releases the reservations of orders no live session holds — those of sessions that ended with
   * an earlier process (call once at start, before any session exists). Returns how many.
   */
  async releaseOrphans(): Promise<number> {
    let released = 0;
    for (;;) {
      const orderIds = (await openReplayOrders(this.#options.db, 100)).filter((orderId) => ![...this.#sessions.values()].some((session) => session.orders.has(orderId)));
      if (orderIds.length === 0) return released;
      for (const orderId of orderIds) await this.#options.portfolio.release(orderId);
      await endReplayOrders(this.#options.db, orderIds);
      released += orderIds.length;
    }
  }

  /** Ends every session (shutdown); their replays end with the market-data service. */
  closeAll(): void {
    for (const session of this.#sessions.values()) {
      session.closed = true;
      session.matcher.close();
    }
    this.#sessions.clear();
    this.#byReplay.clear();
  }

  async #consume(session: Session, message: MarketTicksMessage): Promise<void> {
    // Ended while this message waited its turn: its engine is gone.
    if (session.closed) return;
    // The prints still happen in the replayed market: resting orders keep the last settings read.
    await this.#refreshRisk(session, RISK_REFRESH_MS, true);
    const rename = <T extends { symbol: string }>(item: T): T => ({ ...item, symbol: session.tradingSymbol });
    const fed: MarketTicksMessage = {
      symbol: session.tradingSymbol,
      replayId: null,
      events: message.events.map(rename),
      bars: message.bars.map(rename),
      gaps: message.gaps.map(rename),
    };
    // Kept before it is published, so a snapshot read after a delta arrived includes it.
    session.feed.add(fed);
    await this.#options.channels.publish('market.ticks', fed);
    const fills: MatcherFill[] = [];
    const ended: MatcherOrder[] = [];
    for (const print of printsOf(message, session.spec.kind)) {
      const outcome = session.matcher.print(print.priceTicks, print.quantityLots, BigInt(print.timeMicros) * 1000n);
      fills.push(...outcome.fills);
      ended.push(...outcome.ended);
      session.prints++;
      session.lastPriceTicks = print.priceTicks;
      session.lastPrintMicros = print.timeMicros;
    }
    if (fills.length > 0) await this.#book(session, fills);
    for (const order of ended) await this.#options.portfolio.release(order.id);
    // Filled orders' reservations are consumed by the portfolio's booking; ended ones were released.
    await endReplayOrders(this.#options.db, [...new Set([...ended.map((order) => order.id), ...fills.filter((fill) => fill.order.status === 'filled').map((fill) => fill.order.id)])]);
    if (session.lastPriceTicks !== null && (fills.length > 0 || message.events.length > 0 || message.bars.length > 0)) {
      await this.#options.portfolio.putMarks([{ symbol: session.tradingSymbol, priceTicks: session.lastPriceTicks, asOf: new Date().toISOString() }]);
    }
  }

  /**
   * Re-reads the account's risk settings when the last read is older than `maxAgeMs` and configures
   * the session's engine when they changed; orders a cancel_all switch cancelled release their
   * reservations. Settings that cannot be read throw, unless `keepLastOnFailure` (then the last
   * ones stay applied and the read is retried after `maxAgeMs`).
   */
  async #refreshRisk(session: Session, maxAgeMs: number, keepLastOnFailure = false): Promise<void> {
    const now = Date.now();
    if (now - session.risk.readAt < maxAgeMs) return;
    let settings: AccountRiskSettings;
    try {
      settings = await this.#options.orders.riskSettings(session.accountId);
    } catch (error) {
      if (!keepLastOnFailure) throw error;
      // Retried after maxAgeMs, not with every message: a down order service must not stall the replay.
      session.risk.readAt = now;
      this.#options.logger.warn({ err: error, sessionId: session.id }, 'simulation: the risk settings could not be re-read; the last ones stay applied');
      return;
    }
    const risk = engineRiskOf(settings);
    session.risk.readAt = now;
    const applied = JSON.stringify(risk);
    if (applied === session.risk.applied) return;
    session.risk.applied = applied;
    const { ended } = session.matcher.configureRisk(risk.limits, risk.killSwitch);
    for (const order of ended) await this.#options.portfolio.release(order.id);
    await endReplayOrders(this.#options.db, ended.map((order) => order.id));
  }

  async #book(session: Session, fills: readonly MatcherFill[]): Promise<void> {
    const now = new Date().toISOString();
    const { instrument } = session;
    const envelopes = fills.map((fill) => {
      const order = fill.order as SessionOrder;
      const payload: OrderExecutedPayload = {
        execution: {
          id: randomUUID(),
          orderId: order.id,
          clientOrderId: order.clientOrderId,
          accountId: session.accountId,
          symbol: session.tradingSymbol,
          side: order.side,
          priceTicks: fill.priceTicks,
          quantityLots: fill.quantityLots,
          liquidity: fill.liquidity,
          feeMinor: 0,
          venue: 'REPLAY',
          venueExecutionId: `${session.id}:${fill.engineSequence}`,
          engineSequence: fill.engineSequence.toString(),
          executedAt: now,
          recordedAt: now,
        },
        order: {
          id: order.id,
          status: order.status === 'filled' ? 'filled' : 'partially_filled',
          filledQuantityLots: order.filledLots,
          remainingQuantityLots: order.quantityLots - order.filledLots,
          averageFillPrice: toRatio(fraction(order.filledNotional, BigInt(order.filledLots))),
        },
        instrument: { symbol: instrument.symbol, currency: instrument.currency, tickSize: instrument.tickSize, lotSize: instrument.lotSize, contractMultiplier: instrument.contractMultiplier },
        lotSelection: null,
      };
      if (!Value.Check(OrderExecutedPayloadSchema, payload)) throw new Error(`replay fill of order ${order.id} does not match the orders.executed contract`);
      return createEnvelope('orders.executed', session.accountId, payload);
    });
    await withTransaction(this.#options.db, (client) => enqueue(client, envelopes));
    session.fills += fills.length;
  }

  async #end(session: Session): Promise<void> {
    await this.#serial(session, async () => {
      if (session.closed) return;
      session.closed = true;
      for (const order of session.matcher.live()) {
        session.matcher.cancel(order.id);
        await this.#options.portfolio.release(order.id);
        await endReplayOrders(this.#options.db, [order.id]);
      }
      session.matcher.close();
    });
    this.#sessions.delete(session.id);
    this.#byReplay.delete(session.replayId);
  }

  #serial<T>(session: Session, work: () => Promise<T>): Promise<T> {
    const run = session.queue.then(work, work);
    session.queue = run.catch(() => undefined);
    return run;
  }

  #owned(caller: Caller, id: string): Session {
    const session = this.#sessions.get(id);
    if (!session || session.owner !== caller.userId) throw simulationError('SIMULATION_SESSION_NOT_FOUND', 'No such replay session');
    return session;
  }

  #view(session: Session, replay: ReplayView | null): SessionView {
    return {
      id: session.id,
      paperAccountId: session.paperAccountId,
      accountId: session.accountId,
      symbol: session.spec.symbol,
      tradingSymbol: session.tradingSymbol,
      kind: session.spec.kind,
      interval: session.spec.interval ?? null,
      replay,
      prints: session.prints,
      fills: session.fills,
      lastPriceTicks: session.lastPriceTicks,
      lastPrintAt: session.lastPrintMicros === null ? null : isoOfMicros(session.lastPrintMicros),
      openOrders: session.matcher.live().length,
    };
  }
}
