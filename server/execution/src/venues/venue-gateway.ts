// Connects the engine shards' router to external venue adapters. Outbound: after a request's events
// are committed (journal synced, PostgreSQL written), each `route_order` becomes a child row
// (execution_venue_children, giving the venue-side client order id) and then an adapter send;
// each `route_cancel` an adapter cancel. Inbound: a venue's fill or end of a child is applied with
// `externalFill` / `externalDone` inside the shard's serialised run and persisted like any engine
// request (stored input, fill with venue name and venue execution id, order totals, outbox rows
// `orders.reports` and `orders.executed`) in one transaction.
// Invariants: a venue execution id is booked at most once (checked and recorded inside the shard's
// run, in the fill's transaction); a child is recorded before it is sent, so every report can be
// traced back; sends and cancels to one venue keep the engine's order (one promise chain per venue).
// Venue configuration and quotes go through the shard (EngineShard.addVenue/setVenueDepth/
// setVenueStatus) so a routed submit is stored with what the router planned against.
// A venue fill's execution is stamped with the venue's execution time (executedAt); its commission
// becomes the fee when it is in the instrument's currency (venue-fee.ts), and the local receive time
// and raw commission go on the fill record.
// Known limits: the engine timestamp of a venue fill is the service clock when it is applied (the
// venue's own time is not carried into the engine, whose time only moves forward). A child the
// engine routed but the process died before recording it was never sent: it is ended at the next
// start.
import type { EngineEvent, RouteCancelEvent, RouteOrderEvent } from '@kestrel/engine';
import type { Logger } from 'pino';
import { isoFromNanos } from '../domain/ids.js';
import type { RequestContext } from '../domain/report-builder.js';
import { applyAndPersist, type HandlerContext } from '../services/command-handler.js';
import type { EngineShard } from '../services/engine-shard.js';
import { engineSymbol, findOrder, knownOrders } from '../store/execution-store.js';
import type { VenueAdapter, VenueDone, VenueFill } from './venue-adapter.js';
import { bookedFee } from './venue-fee.js';
import type { VenueMetrics } from './venue-metrics.js';
import { childOf, findChild, markChildDone, openChildren, recordChild, recordVenueFill, venueFillBooked } from './venue-store.js';

/** A configured external venue. */
export interface ConfiguredVenue {
  /** Engine venue id (> 0; 0 is the internal book). */
  id: number;
  /** Name on executions (`Execution.venue`), e.g. BINANCE. */
  name: string;
  adapter: VenueAdapter;
  /** Latency estimate (the router's tie-break between equal prices). */
  latencyNs?: bigint;
  takerBps?: number;
  makerBps?: number;
  /** Venue assets that are a Kestrel currency for fees (`USDT` → `USD`); an asset equal to the instrument's currency needs no entry. */
  feeAssets?: ReadonlyMap<string, string>;
}

const DONE_REASON = { cancelled: 'BOOK_USER_CANCELLED', expired: 'BOOK_IOC_REMAINDER_CANCELLED', rejected: 'ROUTE_VENUE_UNAVAILABLE' } as const;

/** Routes external children to their venues and folds the venues' answers back into the engine. */
export class VenueGateway {
  readonly #context: HandlerContext;
  readonly #venues: Map<number, ConfiguredVenue>;
  readonly #logger: Logger;
  /** One promise chain per venue for sends/cancels, one for reports. */
  readonly #outbound = new Map<number, Promise<void>>();
  readonly #inbound = new Map<number, Promise<void>>();
  /** Venue depth updates applied to the router so far (observability; tests wait on it). */
  depthUpdates = 0;
  /** Venues whose report stream is down. */
  readonly #down = new Set<number>();

  readonly #metrics: VenueMetrics | undefined;

  constructor(context: HandlerContext, venues: readonly ConfiguredVenue[], metrics?: VenueMetrics) {
    this.#context = context;
    this.#metrics = metrics;
    this.#venues = new Map(venues.map((v) => [v.id, v]));
    this.#logger = context.logger.child({ component: 'venue-gateway' });
  }

  /** Registers the venues on every shard (configuration: after every open), wires the adapters, connects and reconciles. */
  async start(): Promise<void> {
    for (const shard of this.#context.shards.values()) {
      for (const venue of this.#venues.values()) {
        shard.addVenue({ id: venue.id, name: venue.name, latencyNs: venue.latencyNs ?? 1_000_000n, takerBps: venue.takerBps ?? 0, makerBps: venue.makerBps ?? 0 });
      }
    }
    for (const venue of this.#venues.values()) {
      // Reports are applied in the order the venue sent them (a TRADE before the EXPIRED of its remainder).
      venue.adapter.on('fill', (fill) => this.#enqueue(this.#inbound, venue, 'fill', () => this.applyFill(venue, fill)));
      venue.adapter.on('done', (done) => this.#enqueue(this.#inbound, venue, 'done', () => this.applyDone(venue, done)));
      venue.adapter.on('ack', (ack) => this.#logger.debug({ venue: venue.name, ...ack }, 'venue acknowledged a child order'));
      venue.adapter.on('status', (connected) => this.#enqueue(this.#inbound, venue, 'status', () => this.#status(venue, connected)));
      venue.adapter.on('depth', (depth) =>
        this.#enqueue(this.#inbound, venue, 'depth', async () => {
          const shard = this.#shardOf(depth.symbol);
          const symbol = await engineSymbol(this.#context.db, depth.symbol);
          await shard.run(async () => shard.setVenueDepth(venue.id, symbol, { bids: depth.bids, asks: depth.asks }));
          this.depthUpdates++;
        }),
      );
      await venue.adapter.connect();
      await this.#endUnrecorded(venue);
      await this.reconcile(venue);
    }
  }

  /** Closes every adapter. */
  async close(): Promise<void> {
    for (const venue of this.#venues.values()) await venue.adapter.close();
  }

  /** Hook for HandlerContext.onCommitted: forwards the request's routing instructions. */
  onCommitted(shard: EngineShard, events: readonly EngineEvent[]): void {
    for (const event of events) {
      if (event.type !== 'route_order' && event.type !== 'route_cancel') continue;
      const venue = this.#venues.get(event.venue);
      if (!venue) {
        this.#logger.error({ shard: shard.name, venue: event.venue, childId: event.childId }, 'routing instruction for a venue that is not configured');
        continue;
      }
      const work = event.type === 'route_order' ? () => this.#send(venue, shard, event) : () => this.#cancel(venue, shard, event);
      this.#enqueue(this.#outbound, venue, event.type, work);
    }
  }

  /** Waits for every send, cancel and report queued so far (tests, shutdown). */
  async settled(): Promise<void> {
    await Promise.all([...this.#outbound.values(), ...this.#inbound.values()]);
  }

  /** Books one venue fill (at most once per venue execution id). */
  async applyFill(venue: ConfiguredVenue, fill: VenueFill): Promise<void> {
    const child = await findChild(this.#context.db, venue.id, fill.clientOrderId);
    if (!child) return this.#logger.warn({ venue: venue.name, ...fill, timestampNs: String(fill.timestampNs) }, 'fill for an order Kestrel did not send; ignored');
    const shard = this.#shard(child.shard);
    await shard.run(async () => {
      if (await venueFillBooked(this.#context.db, venue.id, fill.venueExecutionId)) {
        this.#metrics?.report(venue.name, 'duplicate');
        return;
      }
      const fee = await this.#fee(venue, child.parentOrderId, fill);
      // The engine is fed the service clock (its time only moves forward); the venue's time goes on the execution.
      const input = { kind: 'external-fill' as const, fill: { childId: child.childId, price: fill.priceTicks, quantity: fill.quantityLots, timestamp: shard.timestamp() } };
      const request: RequestContext = {
        kind: 'external-fill',
        venue: venue.name,
        venueExecutionId: fill.venueExecutionId,
        liquidity: fill.liquidity,
        executedAt: isoFromNanos(fill.timestampNs),
        receivedAt: isoFromNanos(fill.receivedAtNs),
        feeMinor: fee,
        commission: fill.commission,
      };
      await applyAndPersist(this.#context, shard, input, request, async (client, outcome) => {
        this.#metrics?.report(venue.name, outcome.ok ? 'fill' : 'refused');
        if (!outcome.ok) {
          this.#logger.error({ venue: venue.name, clientOrderId: fill.clientOrderId, venueExecutionId: fill.venueExecutionId, code: outcome.code }, 'the engine refused a venue fill (unknown child or over-fill); not booked');
          return;
        }
        await recordVenueFill(client, venue.id, fill.venueExecutionId, child.ref, outcome.journalSequence);
        // A fully filled child is finished: nothing left to reconcile after a restart.
        if (outcome.events.some((e) => e.type === 'external_fill' && e.remaining === 0)) await markChildDone(client, child.ref, 'filled');
      });
    });
  }

  /** The fee to book for a venue fill's commission (0 when it is in another asset or unreadable: the raw commission is kept either way). */
  async #fee(venue: ConfiguredVenue, parentOrderId: string, fill: VenueFill): Promise<number> {
    if (!fill.commission) return 0;
    const parent = await findOrder(this.#context.db, parentOrderId);
    if (!parent) return 0;
    const currency = parent.instrument.currency;
    try {
      const fee = bookedFee(fill.commission, currency, venue.feeAssets ?? new Map());
      if (!fee.converted) this.#logger.debug({ venue: venue.name, venueExecutionId: fill.venueExecutionId, ...fill.commission, currency }, 'venue commission not in the instrument currency: kept on the fill record, not booked');
      if (!fee.exact) this.#logger.info({ venue: venue.name, venueExecutionId: fill.venueExecutionId, ...fill.commission, feeMinor: fee.feeMinor }, 'venue commission rounded half to even to whole minor units');
      return fee.feeMinor;
    } catch (error) {
      this.#logger.error({ venue: venue.name, venueExecutionId: fill.venueExecutionId, ...fill.commission, err: error }, 'venue commission unreadable: fill booked without a fee');
      return 0;
    }
  }

  /** Applies the end of a child at its venue. */
  async applyDone(venue: ConfiguredVenue, done: VenueDone): Promise<void> {
    const child = await findChild(this.#context.db, venue.id, done.clientOrderId);
    if (!child || child.state === 'done') return;
    const shard = this.#shard(child.shard);
    await shard.run(async () => {
      const input = { kind: 'external-done' as const, done: { childId: child.childId, timestamp: shard.timestamp() } };
      await applyAndPersist(this.#context, shard, input, { kind: 'external-done', reason: DONE_REASON[done.reason] }, async (client, outcome) => {
        // ROUTE_UNKNOWN_ORDER: the engine already counts the child done (fully filled); nothing to undo.
        if (!outcome.ok && outcome.code !== 'ROUTE_UNKNOWN_ORDER') this.#logger.warn({ venue: venue.name, clientOrderId: done.clientOrderId, code: outcome.code }, 'the engine refused a venue done');
        await markChildDone(client, child.ref, `${done.reason}: ${done.detail}`);
        this.#metrics?.report(venue.name, 'done');
      });
    });
  }

  /** Lists the children still open at `venue` and asks the venue for their fills and state. */
  async reconcile(venue: ConfiguredVenue): Promise<void> {
    const open = await openChildren(this.#context.db, venue.id);
    if (open.length > 0) this.#logger.info({ venue: venue.name, children: open.map((c) => c.clientOrderId) }, 'reconciling children open at the venue');
    for (const child of open) {
      await this.#guard(venue, 'reconcile', () => venue.adapter.reconcile(child.clientOrderId, child.symbol, child.tickSize));
    }
  }

  /**
   * At start only (nothing is in flight then): a child the engine holds open at `venue` without a
   * row was routed and committed, but the process stopped before recording and sending it — the
   * venue never saw it, so it ends (ROUTE_VENUE_UNAVAILABLE) and its parent can finish.
   */
  async #endUnrecorded(venue: ConfiguredVenue): Promise<void> {
    for (const shard of this.#context.shards.values()) {
      const open = shard.engine.routedParents().flatMap((p) => p.children.filter((c) => c.venue === venue.id && !c.done));
      if (open.length > 0) this.#logger.info({ venue: venue.name, shard: shard.name, children: open.map((c) => String(c.childId)) }, 'children open at the venue in the engine');
      for (const child of open) {
        if (await childOf(this.#context.db, shard.name, child.childId)) continue;
        this.#logger.warn({ venue: venue.name, shard: shard.name, childId: String(child.childId) }, 'child routed to the venue but never sent (the process stopped first): ended');
        await shard.run(async () => {
          const input = { kind: 'external-done' as const, done: { childId: child.childId, timestamp: shard.timestamp() } };
          await applyAndPersist(this.#context, shard, input, { kind: 'external-done', reason: 'ROUTE_VENUE_UNAVAILABLE' }, async () => undefined);
        });
      }
    }
  }

  async #send(venue: ConfiguredVenue, shard: EngineShard, event: RouteOrderEvent): Promise<void> {
    const parent = (await knownOrders(this.#context.db, [event.parentId])).get(event.parentId);
    if (!parent) return this.#logger.error({ venue: venue.name, parentId: String(event.parentId) }, 'route_order for an unknown parent; not sent');
    const child = await recordChild(this.#context.db, { venueId: venue.id, shard: shard.name, childId: event.childId, parentOrderId: parent.orderId, symbol: parent.order.symbol, tickSize: parent.instrument.tickSize });
    try {
      await venue.adapter.send({ clientOrderId: child.clientOrderId, symbol: child.symbol, side: event.side, priceTicks: event.price, quantityLots: event.quantity, timeInForce: event.timeInForce, tickSize: child.tickSize });
      this.#metrics?.order(venue.name, 'sent');
    } catch (error) {
      this.#metrics?.order(venue.name, 'failed');
      // Nothing reached the venue (unknown symbol, bad value): the child ends so the parent can finish.
      this.#logger.error({ venue: venue.name, clientOrderId: child.clientOrderId, err: error }, 'child order could not be sent');
      await this.applyDone(venue, { clientOrderId: child.clientOrderId, reason: 'rejected', detail: (error as Error).message });
    }
  }

  async #cancel(venue: ConfiguredVenue, shard: EngineShard, event: RouteCancelEvent): Promise<void> {
    const child = await childOf(this.#context.db, shard.name, event.childId);
    if (!child) return this.#logger.error({ venue: venue.name, childId: String(event.childId) }, 'route_cancel for a child that was never sent');
    await venue.adapter.cancel(child.clientOrderId, child.symbol);
    this.#metrics?.order(venue.name, 'cancel_sent');
  }

  async #status(venue: ConfiguredVenue, connected: boolean): Promise<void> {
    // Reports sent while the stream was down are lost: ask the venue for the open children again.
    const reconnected = connected && this.#down.has(venue.id);
    this.#metrics?.connected(venue.name, connected);
    if (connected) this.#down.delete(venue.id);
    else this.#down.add(venue.id);
    for (const symbol of venue.adapter.symbols) {
      const shard = this.#shardOf(symbol);
      const engineId = await engineSymbol(this.#context.db, symbol);
      await shard.run(async () => shard.setVenueStatus(venue.id, engineId, connected ? 'available' : 'unavailable'));
    }
    if (reconnected) void this.reconcile(venue).catch((error: unknown) => this.#logger.error({ venue: venue.name, err: error }, 'reconcile after a reconnect failed'));
  }

  #shardOf(symbol: string): EngineShard {
    return this.#shard(this.#context.shardOf(symbol));
  }

  #shard(name: string): EngineShard {
    const shard = this.#context.shards.get(name);
    if (!shard) throw new Error(`no engine shard ${name}`);
    return shard;
  }

  #enqueue(chains: Map<number, Promise<void>>, venue: ConfiguredVenue, what: string, work: () => Promise<void>): void {
    chains.set(venue.id, (chains.get(venue.id) ?? Promise.resolve()).then(() => this.#guard(venue, what, work)));
  }

  async #guard(venue: ConfiguredVenue, what: string, work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (error) {
      this.#logger.error({ venue: venue.name, what, err: error }, 'venue gateway step failed');
    }
  }
}
