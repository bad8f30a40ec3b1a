// A deterministic stand-in for the execution service, for the order-service integration tests
// ONLY, until the execution service (hosting @kestrel/engine) exists: it consumes
// `orders.commands` and answers on `orders.reports` exactly as docs/orders.md ("The execution
// boundary") requires, and publishes every fill on `orders.executed` so the real portfolio books
// it. Matching is a tiny price-time book per symbol: limit/market, IOC/FOK/DAY/GTC/GTD, stop and
// stop-limit (triggered by trades at or through the stop), cancel, replace (new total quantity
// and prices), a max-order-quantity risk limit and halt/cancel_all kill switches. External
// liquidity (other market participants) is added with addLiquidity(); it never reports.
// Known limits (it is a test double, not an engine): no iceberg, no self-trade prevention, no
// post-only, no circuit breakers, DAY orders never expire, command de-duplication is by command id.
import { randomUUID } from 'node:crypto';
import type { EventBus, Subscription } from '@kestrel/server-common';
import { createEnvelope } from '@kestrel/server-common';
import type {
  EventEnvelope,
  ExecutionReportPayload,
  InstrumentEconomics,
  Order,
  OrderCommandPayload,
  OrderRejectReason,
  Side,
} from '@kestrel/shared';

interface RestingOrder {
  id: string;
  /** null for external liquidity (never reported). */
  order: Order | null;
  instrument: InstrumentEconomics | null;
  side: Side;
  priceTicks: number | null;
  stopPriceTicks: number | null;
  type: Order['type'];
  timeInForce: Order['timeInForce'];
  quantityLots: number;
  filled: number;
  notional: bigint;
  seq: number;
  triggered: boolean;
}

/** The in-test venue. */
export class TestVenue {
  readonly #books = new Map<string, RestingOrder[]>();
  readonly #lastPrice = new Map<string, number>();
  readonly #seenCommands = new Set<string>();
  readonly #known = new Map<string, RestingOrder>();
  readonly #now: () => number;
  #bus: EventBus | undefined;
  #subscription: Subscription | undefined;
  #seq = 0;
  #maxOrderQuantity: number | null = null;
  #killSwitch: 'off' | 'halt' | 'reduce_only' | 'cancel_all' = 'off';
  /** Every command received, in order (for assertions). */
  readonly commands: OrderCommandPayload[] = [];
  /** Hold reports instead of publishing (to simulate a slow venue). */
  paused = false;
  readonly #held: EventEnvelope[] = [];

  constructor(now: () => number) {
    this.#now = now;
  }

  /** Starts consuming commands from `bus` (again, after a restart of the order service). */
  async attach(bus: EventBus): Promise<void> {
    await this.#subscription?.close().catch(() => undefined);
    this.#bus = bus;
    this.#subscription = await bus.subscribe('orders.commands', `test-venue-${randomUUID().slice(0, 8)}`, async (event) => this.#handle(event));
  }

  /** Stops consuming. */
  async detach(): Promise<void> {
    await this.#subscription?.close();
    this.#subscription = undefined;
  }

  /** Rests external liquidity on the book. */
  addLiquidity(symbol: string, side: Side, priceTicks: number, quantityLots: number): void {
    this.#rest(symbol, {
      id: randomUUID(),
      order: null,
      instrument: null,
      side,
      priceTicks,
      stopPriceTicks: null,
      type: 'limit',
      timeInForce: 'GTC',
      quantityLots,
      filled: 0,
      notional: 0n,
      seq: this.#seq++,
      triggered: true,
    });
  }

  /** An external aggressor trading against whatever rests (moves the last price, triggers stops). */
  async trade(symbol: string, side: Side, priceTicks: number, quantityLots: number): Promise<void> {
    const events: EventEnvelope[] = [];
    const aggressor: RestingOrder = {
      id: randomUUID(),
      order: null,
      instrument: null,
      side,
      priceTicks,
      stopPriceTicks: null,
      type: 'limit',
      timeInForce: 'IOC',
      quantityLots,
      filled: 0,
      notional: 0n,
      seq: this.#seq++,
      triggered: true,
    };
    this.#match(symbol, aggressor, events);
    this.#triggerStops(symbol, events);
    await this.#emit(events);
  }

  /** Releases reports held while paused. */
  async resume(): Promise<void> {
    this.paused = false;
    const held = this.#held.splice(0);
    for (const event of held) await this.#bus!.publish(event);
  }

  /** Open quantity the venue holds for an order id (0 when unknown or done). */
  openQuantity(orderId: string): number {
    const resting = this.#known.get(orderId);
    return resting ? resting.quantityLots - resting.filled : 0;
  }

  async #handle(event: EventEnvelope): Promise<void> {
    const command = event.payload as OrderCommandPayload;
    this.commands.push(command);
    if (this.#seenCommands.has(command.commandId)) return;
    this.#seenCommands.add(command.commandId);
    const events: EventEnvelope[] = [];
    switch (command.kind) {
      case 'submit':
        this.#submit(command.order, command.instrument, events);
        break;
      case 'cancel':
        this.#cancel(command.orderId, command.accountId, command.commandId, events);
        break;
      case 'replace':
        this.#replace(command, events);
        break;
      case 'set-risk-limits':
        this.#maxOrderQuantity = command.limits?.maxOrderQuantityLots ?? null;
        events.push(this.#riskApplied(command.commandId));
        break;
      case 'set-kill-switch':
        this.#killSwitch = command.mode;
        if (command.mode === 'cancel_all') {
          for (const resting of [...this.#known.values()]) {
            if (resting.order && (command.accountId === null || resting.order.accountId === command.accountId) && resting.filled < resting.quantityLots) {
              this.#remove(resting);
              events.push(this.#report(resting.order, { kind: 'cancelled', reason: 'RISK_KILL_SWITCH_CANCELLED', cancelledQuantityLots: resting.quantityLots - resting.filled }));
            }
          }
        }
        events.push(this.#riskApplied(command.commandId));
        break;
    }
    await this.#emit(events);
  }

  #riskApplied(commandId: string): EventEnvelope {
    return createEnvelope('orders.reports', 'risk', { kind: 'risk-applied', commandId, applied: true, reason: null, at: new Date(this.#now()).toISOString() } satisfies ExecutionReportPayload);
  }

  #report(order: Order, fields: Record<string, unknown>): EventEnvelope {
    const payload = { orderId: order.id, accountId: order.accountId, at: new Date(this.#now()).toISOString(), ...fields } as ExecutionReportPayload;
    return createEnvelope('orders.reports', order.accountId, payload);
  }

  #reject(order: Order, reason: OrderRejectReason, events: EventEnvelope[]): void {
    events.push(this.#report(order, { kind: 'rejected', reason, message: null }));
  }

  #submit(order: Order, instrument: InstrumentEconomics, events: EventEnvelope[]): void {
    if (this.#known.has(order.id)) return;
    if (this.#killSwitch === 'halt' || this.#killSwitch === 'cancel_all') return this.#reject(order, this.#killSwitch === 'halt' ? 'RISK_KILL_SWITCH_HALT' : 'RISK_KILL_SWITCH_CANCELLED', events);
    if (this.#maxOrderQuantity !== null && order.quantityLots > this.#maxOrderQuantity) return this.#reject(order, 'RISK_MAX_ORDER_QUANTITY', events);
    const resting: RestingOrder = {
      id: order.id,
      order,
      instrument,
      side: order.side,
      priceTicks: order.limitPriceTicks,
      stopPriceTicks: order.stopPriceTicks,
      type: order.type,
      timeInForce: order.timeInForce,
      quantityLots: order.quantityLots,
      filled: 0,
      notional: 0n,
      seq: this.#seq++,
      triggered: order.type !== 'stop' && order.type !== 'stop_limit',
    };
    if (order.timeInForce === 'FOK' && this.#available(order.symbol, resting) < order.quantityLots) return this.#reject(order, 'BOOK_FOK_NOT_FILLABLE', events);
    this.#known.set(order.id, resting);
    events.push(this.#report(order, { kind: 'accepted' }));
    if (!resting.triggered) {
      const last = this.#lastPrice.get(order.symbol);
      if (last === undefined || !this.#touches(resting, last)) {
        this.#rest(order.symbol, resting);
        return;
      }
      resting.triggered = true;
    }
    this.#work(order.symbol, resting, events);
    this.#triggerStops(order.symbol, events);
  }

  /** Matches a live (triggered) order and rests or ends its remainder. */
  #work(symbol: string, resting: RestingOrder, events: EventEnvelope[]): void {
    this.#match(symbol, resting, events);
    const open = resting.quantityLots - resting.filled;
    if (open === 0) return;
    const market = resting.type === 'market' || resting.type === 'stop';
    if (market || resting.timeInForce === 'IOC' || resting.timeInForce === 'FOK') {
      this.#known.delete(resting.id);
      events.push(this.#report(resting.order!, { kind: 'cancelled', reason: market ? 'BOOK_NO_LIQUIDITY' : 'BOOK_IOC_REMAINDER_CANCELLED', cancelledQuantityLots: open }));
      return;
    }
    this.#rest(symbol, resting);
  }

  #crosses(incoming: RestingOrder, resting: RestingOrder): boolean {
    if (incoming.type === 'market' || incoming.type === 'stop') return true;
    const limit = incoming.priceTicks!;
    return incoming.side === 'buy' ? resting.priceTicks! <= limit : resting.priceTicks! >= limit;
  }

  #opposite(symbol: string, side: Side): RestingOrder[] {
    return (this.#books.get(symbol) ?? [])
      .filter((order) => order.side !== side && order.triggered && order.priceTicks !== null)
      .sort((a, b) => (side === 'buy' ? a.priceTicks! - b.priceTicks! : b.priceTicks! - a.priceTicks!) || a.seq - b.seq);
  }

  #available(symbol: string, incoming: RestingOrder): number {
    return this.#opposite(symbol, incoming.side).filter((resting) => this.#crosses(incoming, resting)).reduce((sum, resting) => sum + resting.quantityLots - resting.filled, 0);
  }

  #match(symbol: string, incoming: RestingOrder, events: EventEnvelope[]): void {
    for (const resting of this.#opposite(symbol, incoming.side)) {
      const open = incoming.quantityLots - incoming.filled;
      if (open === 0 || !this.#crosses(incoming, resting)) break;
      const quantity = Math.min(open, resting.quantityLots - resting.filled);
      const price = resting.priceTicks!;
      this.#lastPrice.set(symbol, price);
      for (const [party, liquidity] of [[incoming, 'taker'], [resting, 'maker']] as const) {
        party.filled += quantity;
        party.notional += BigInt(price) * BigInt(quantity);
        if (party.order) events.push(...this.#fill(party, price, quantity, liquidity));
      }
      if (resting.filled === resting.quantityLots) this.#remove(resting);
    }
  }

  #fill(party: RestingOrder, price: number, quantity: number, liquidity: 'maker' | 'taker'): EventEnvelope[] {
    const order = party.order!;
    const at = new Date(this.#now()).toISOString();
    const execution = {
      id: randomUUID(),
      orderId: order.id,
      clientOrderId: order.clientOrderId,
      accountId: order.accountId,
      symbol: order.symbol,
      side: order.side,
      priceTicks: price,
      quantityLots: quantity,
      liquidity,
      feeMinor: 0,
      venue: 'TEST',
      venueExecutionId: null,
      engineSequence: null,
      executedAt: at,
      recordedAt: at,
    };
    const done = party.filled === party.quantityLots;
    if (done) this.#known.delete(party.id);
    return [
      this.#report(order, { kind: 'fill', execution }),
      createEnvelope('orders.executed', order.accountId, {
        execution,
        order: {
          id: order.id,
          status: done ? 'filled' : 'partially_filled',
          filledQuantityLots: party.filled,
          remainingQuantityLots: party.quantityLots - party.filled,
          averageFillPrice: { numerator: party.notional.toString(), denominator: String(party.filled) },
        },
        instrument: party.instrument!,
        lotSelection: order.lotSelection,
      }),
    ];
  }

  #touches(stop: RestingOrder, price: number): boolean {
    return stop.side === 'buy' ? price >= stop.stopPriceTicks! : price <= stop.stopPriceTicks!;
  }

  #triggerStops(symbol: string, events: EventEnvelope[]): void {
    for (;;) {
      const last = this.#lastPrice.get(symbol);
      if (last === undefined) return;
      const stop = (this.#books.get(symbol) ?? []).find((order) => !order.triggered && this.#touches(order, last));
      if (!stop) return;
      this.#remove(stop);
      stop.triggered = true;
      this.#known.set(stop.id, stop);
      this.#work(symbol, stop, events);
    }
  }

  #rest(symbol: string, order: RestingOrder): void {
    const book = this.#books.get(symbol) ?? [];
    book.push(order);
    this.#books.set(symbol, book);
  }

  #remove(order: RestingOrder): void {
    for (const [symbol, book] of this.#books) this.#books.set(symbol, book.filter((candidate) => candidate !== order));
    this.#known.delete(order.id);
  }

  #cancel(orderId: string, accountId: string, commandId: string, events: EventEnvelope[]): void {
    const resting = this.#known.get(orderId);
    const at = new Date(this.#now()).toISOString();
    if (!resting?.order) {
      events.push(createEnvelope('orders.reports', accountId, { kind: 'cancel-rejected', orderId, accountId, commandId, reason: 'BOOK_UNKNOWN_ORDER', at } satisfies ExecutionReportPayload));
      return;
    }
    this.#remove(resting);
    events.push(this.#report(resting.order, { kind: 'cancelled', reason: 'BOOK_USER_CANCELLED', cancelledQuantityLots: resting.quantityLots - resting.filled }));
  }

  #replace(command: Extract<OrderCommandPayload, { kind: 'replace' }>, events: EventEnvelope[]): void {
    const resting = this.#known.get(command.orderId);
    const at = new Date(this.#now()).toISOString();
    const refuse = (reason: OrderRejectReason) =>
      events.push(createEnvelope('orders.reports', command.accountId, { kind: 'replace-rejected', orderId: command.orderId, accountId: command.accountId, commandId: command.commandId, reason, at } satisfies ExecutionReportPayload));
    if (!resting?.order) return void refuse('BOOK_UNKNOWN_ORDER');
    if (!resting.triggered) return void refuse('BOOK_UNSUPPORTED_ORDER');
    if (command.quantityLots <= resting.filled) return void refuse('BOOK_INVALID_QUANTITY');
    if (this.#killSwitch === 'halt') return void refuse('RISK_KILL_SWITCH_HALT');
    const symbol = resting.order.symbol;
    const priceChanged = command.limitPriceTicks !== resting.priceTicks;
    const grew = command.quantityLots > resting.quantityLots;
    this.#remove(resting);
    resting.quantityLots = command.quantityLots;
    resting.priceTicks = command.limitPriceTicks;
    resting.stopPriceTicks = command.stopPriceTicks;
    if (priceChanged || grew) resting.seq = this.#seq++;
    this.#known.set(resting.id, resting);
    events.push(this.#report(resting.order, { kind: 'replaced', commandId: command.commandId, quantityLots: command.quantityLots, limitPriceTicks: command.limitPriceTicks, stopPriceTicks: command.stopPriceTicks }));
    this.#match(symbol, resting, events);
    if (resting.filled < resting.quantityLots) this.#rest(symbol, resting);
  }

  async #emit(events: EventEnvelope[]): Promise<void> {
    if (events.length === 0) return;
    if (this.paused) {
      this.#held.push(...events);
      return;
    }
    await this.#bus!.publishBatch(events);
  }
}
