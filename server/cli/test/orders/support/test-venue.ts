// A stand-in for the execution service, for the order-service integration tests ONLY, until the
// execution service exists: the real engine (@kestrel/engine: risk manager, router, matching)
// behind the contract of docs/orders.md ("The execution boundary"). It consumes
// `orders.commands`, drives one in-memory engine, and answers on `orders.reports`; every fill is
// also published on `orders.executed` so the real portfolio books it. What it adds to the engine
// is only the translation an execution service needs: UUIDs ↔ engine integer ids, ISO instants
// ↔ nanoseconds, FIX-style total quantity ↔ the engine's open quantity on replace, refused
// cancels/replaces as cancel-rejected/replace-rejected, and kill-switch cancels reported with
// RISK_KILL_SWITCH_CANCELLED. External market participants (addLiquidity, trade) are a separate
// engine account whose events are never reported.
// Known limits (a test double): no journal (dataDir unset), one engine for every symbol, commands
// de-duplicated by command id in memory only.
import { randomUUID } from 'node:crypto';
import { Engine, type EngineEvent, type RiskLimits as EngineRiskLimits } from '@kestrel/engine';
import type { EventBus, Subscription } from '@kestrel/server-common';
import { createEnvelope } from '@kestrel/server-common';
import {
  isOrderRejectReason,
  type EventEnvelope,
  type Execution,
  type ExecutionReportPayload,
  type InstrumentEconomics,
  type Order,
  type OrderCommandPayload,
  type OrderRejectReason,
  type RiskLimits,
  type Side,
} from '@kestrel/shared';

/** Engine account of the other market participants. */
const EXTERNAL_ACCOUNT = 1n;

interface Tracked {
  order: Order;
  instrument: InstrumentEconomics;
  engineId: bigint;
  filled: number;
  notional: bigint;
}

/** The in-test venue. */
export class TestVenue {
  readonly #engine = Engine.open();
  readonly #now: () => number;
  readonly #symbols = new Map<string, number>();
  readonly #accounts = new Map<string, bigint>();
  readonly #byEngineId = new Map<bigint, Tracked>();
  readonly #byOrderId = new Map<string, Tracked>();
  readonly #seenCommands = new Set<string>();
  readonly #held: EventEnvelope[] = [];
  #nextOrderId = 1n;
  #bus: EventBus | undefined;
  #subscription: Subscription | undefined;
  /** Every command received, in order (for assertions). */
  readonly commands: OrderCommandPayload[] = [];
  /** Hold reports instead of publishing (a slow execution service). */
  paused = false;

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

  /** Frees the engine. */
  close(): void {
    this.#engine.close();
  }

  /** Rests another participant's limit order on the book. */
  addLiquidity(symbol: string, side: Side, priceTicks: number, quantityLots: number): void {
    const outcome = this.#engine.submit({ type: 'new_order', symbol: this.#symbol(symbol), orderId: this.#nextOrderId++, account: EXTERNAL_ACCOUNT, side, quantity: quantityLots, price: priceTicks, timeInForce: 'gtc', timestamp: this.#ns() });
    if (!outcome.ok) throw new Error(`liquidity refused: ${outcome.code}`);
  }

  /** Another participant's IOC order: trades against what rests (and moves the last price, triggering stops). */
  async trade(symbol: string, side: Side, priceTicks: number, quantityLots: number): Promise<void> {
    const outcome = this.#engine.submit({ type: 'new_order', symbol: this.#symbol(symbol), orderId: this.#nextOrderId++, account: EXTERNAL_ACCOUNT, side, quantity: quantityLots, price: priceTicks, timeInForce: 'ioc', timestamp: this.#ns() });
    await this.#emit(this.#translate(outcome.events, {}));
  }

  /** Releases reports held while paused. */
  async resume(): Promise<void> {
    this.paused = false;
    const held = this.#held.splice(0);
    if (held.length > 0) await this.#bus!.publishBatch(held);
  }

  #ns(): bigint {
    return BigInt(this.#now()) * 1_000_000n;
  }

  #symbol(symbol: string): number {
    let id = this.#symbols.get(symbol);
    if (id === undefined) {
      id = this.#symbols.size + 1;
      this.#symbols.set(symbol, id);
    }
    return id;
  }

  #account(accountId: string): bigint {
    let id = this.#accounts.get(accountId);
    if (id === undefined) {
      id = BigInt(this.#accounts.size + 100);
      this.#accounts.set(accountId, id);
    }
    return id;
  }

  async #handle(event: EventEnvelope): Promise<void> {
    const command = event.payload as OrderCommandPayload;
    this.commands.push(command);
    if (this.#seenCommands.has(command.commandId)) return;
    this.#seenCommands.add(command.commandId);
    const at = new Date(this.#now()).toISOString();
    switch (command.kind) {
      case 'submit':
        await this.#emit(this.#submit(command.order, command.instrument));
        return;
      case 'cancel': {
        const tracked = this.#byOrderId.get(command.orderId);
        const outcome = tracked
          ? this.#engine.submit({ type: 'cancel', symbol: this.#symbol(command.symbol), orderId: tracked.engineId, account: this.#account(command.accountId), timestamp: this.#ns() })
          : null;
        if (!outcome?.ok) {
          const reason = reasonOf(outcome?.code ?? 'BOOK_UNKNOWN_ORDER');
          await this.#emit([this.#report(command.accountId, { kind: 'cancel-rejected', orderId: command.orderId, accountId: command.accountId, commandId: command.commandId, reason, at })]);
          return;
        }
        await this.#emit(this.#translate(outcome.events, {}));
        return;
      }
      case 'replace': {
        const tracked = this.#byOrderId.get(command.orderId);
        const outcome = tracked
          ? this.#engine.submit({
              type: 'replace',
              symbol: this.#symbol(command.symbol),
              orderId: tracked.engineId,
              account: this.#account(command.accountId),
              quantity: command.quantityLots - tracked.filled,
              ...(command.limitPriceTicks === null ? {} : { price: command.limitPriceTicks }),
              timestamp: this.#ns(),
            })
          : null;
        if (!outcome?.ok) {
          const reason = reasonOf(outcome?.code ?? 'BOOK_UNKNOWN_ORDER');
          await this.#emit([this.#report(command.accountId, { kind: 'replace-rejected', orderId: command.orderId, accountId: command.accountId, commandId: command.commandId, reason, at })]);
          return;
        }
        await this.#emit(this.#translate(outcome.events, { replace: command }));
        return;
      }
      case 'set-risk-limits': {
        const ts = this.#ns();
        const limits = engineLimits(command.limits);
        const outcome =
          command.scope === 'default'
            ? this.#engine.configure({ type: 'set_default_limits', limits, timestamp: ts })
            : command.scope === 'global'
              ? this.#engine.configure({ type: 'set_global_limits', limits, timestamp: ts })
              : command.limits === null
                ? this.#engine.configure({ type: 'clear_account_limits', account: this.#account(command.accountId!), timestamp: ts })
                : this.#engine.configure({ type: 'set_account_limits', account: this.#account(command.accountId!), limits, timestamp: ts });
        await this.#emit([this.#riskApplied(command.commandId, outcome.ok, outcome.ok ? null : outcome.code)]);
        return;
      }
      case 'set-kill-switch': {
        const ts = this.#ns();
        const outcome =
          command.scope === 'global'
            ? this.#engine.configure({ type: 'set_global_kill_switch', mode: command.mode, timestamp: ts })
            : this.#engine.configure({ type: 'set_kill_switch', account: this.#account(command.accountId!), mode: command.mode, timestamp: ts });
        await this.#emit([...this.#translate(outcome.events, { killSwitch: true }), this.#riskApplied(command.commandId, outcome.ok, outcome.ok ? null : outcome.code)]);
        return;
      }
    }
  }

  #submit(order: Order, instrument: InstrumentEconomics): EventEnvelope[] {
    if (this.#byOrderId.has(order.id)) return [];
    const tracked: Tracked = { order, instrument, engineId: this.#nextOrderId++, filled: 0, notional: 0n };
    this.#byOrderId.set(order.id, tracked);
    this.#byEngineId.set(tracked.engineId, tracked);
    const outcome = this.#engine.submit({
      type: 'new_order',
      symbol: this.#symbol(order.symbol),
      orderId: tracked.engineId,
      account: this.#account(order.accountId),
      side: order.side,
      quantity: order.quantityLots,
      orderType: order.type,
      timeInForce: order.timeInForce.toLowerCase() as 'gtc',
      ...(order.limitPriceTicks === null ? {} : { price: order.limitPriceTicks }),
      ...(order.stopPriceTicks === null ? {} : { stopPrice: order.stopPriceTicks }),
      ...(order.expireAt === null ? {} : { expireAt: BigInt(Date.parse(order.expireAt)) * 1_000_000n }),
      ...(order.displayQuantityLots === null ? {} : { displayQuantity: order.displayQuantityLots }),
      postOnly: order.postOnly,
      timestamp: this.#ns(),
    });
    return this.#translate(outcome.events, {});
  }

  /** Engine events → reports (and orders.executed) for the order service's orders. */
  #translate(events: readonly EngineEvent[], context: { replace?: Extract<OrderCommandPayload, { kind: 'replace' }>; killSwitch?: boolean }): EventEnvelope[] {
    const out: EventEnvelope[] = [];
    const at = new Date(this.#now()).toISOString();
    for (const event of events) {
      if (event.type === 'trade') {
        for (const [engineId, liquidity] of [[event.orderId, 'taker'], [event.counterOrderId, 'maker']] as const) {
          const tracked = this.#byEngineId.get(engineId);
          if (tracked) out.push(...this.#fill(tracked, event.price, event.quantity, liquidity, at));
        }
        continue;
      }
      if (!('orderId' in event)) continue;
      const tracked = this.#byEngineId.get(event.orderId);
      if (!tracked) continue;
      const base = { orderId: tracked.order.id, accountId: tracked.order.accountId, at };
      switch (event.type) {
        case 'accepted':
          out.push(this.#report(tracked.order.accountId, { kind: 'accepted', ...base }));
          break;
        case 'rejected':
          out.push(this.#report(tracked.order.accountId, { kind: 'rejected', ...base, reason: reasonOf(event.code), message: event.risk ? `${event.risk.limit} ${event.risk.limitValue}` : null }));
          break;
        case 'cancelled':
          out.push(this.#report(tracked.order.accountId, { kind: 'cancelled', ...base, reason: context.killSwitch ? 'RISK_KILL_SWITCH_CANCELLED' : reasonOf(event.code), cancelledQuantityLots: event.quantity }));
          break;
        case 'expired':
          out.push(this.#report(tracked.order.accountId, { kind: 'expired', ...base, expiredQuantityLots: event.quantity }));
          break;
        case 'replaced': {
          const replace = context.replace!;
          out.push(this.#report(tracked.order.accountId, { kind: 'replaced', ...base, commandId: replace.commandId, quantityLots: replace.quantityLots, limitPriceTicks: replace.limitPriceTicks, stopPriceTicks: replace.stopPriceTicks }));
          break;
        }
        default:
          break;
      }
    }
    return out;
  }

  #fill(tracked: Tracked, priceTicks: number, quantityLots: number, liquidity: 'maker' | 'taker', at: string): EventEnvelope[] {
    const order = tracked.order;
    tracked.filled += quantityLots;
    tracked.notional += BigInt(priceTicks) * BigInt(quantityLots);
    const execution: Execution = {
      id: randomUUID(),
      orderId: order.id,
      clientOrderId: order.clientOrderId,
      accountId: order.accountId,
      symbol: order.symbol,
      side: order.side,
      priceTicks,
      quantityLots,
      liquidity,
      feeMinor: 0,
      venue: 'KESTREL',
      venueExecutionId: null,
      engineSequence: null,
      executedAt: at,
      recordedAt: at,
    };
    const done = tracked.filled === order.quantityLots;
    return [
      this.#report(order.accountId, { kind: 'fill', orderId: order.id, accountId: order.accountId, at, execution }),
      createEnvelope('orders.executed', order.accountId, {
        execution,
        order: {
          id: order.id,
          status: done ? 'filled' : 'partially_filled',
          filledQuantityLots: tracked.filled,
          remainingQuantityLots: order.quantityLots - tracked.filled,
          averageFillPrice: { numerator: tracked.notional.toString(), denominator: String(tracked.filled) },
        },
        instrument: tracked.instrument,
        lotSelection: order.lotSelection,
      }),
    ];
  }

  #report(accountId: string, payload: ExecutionReportPayload): EventEnvelope {
    return createEnvelope('orders.reports', accountId, payload);
  }

  #riskApplied(commandId: string, applied: boolean, reason: string | null): EventEnvelope {
    return createEnvelope('orders.reports', 'risk', { kind: 'risk-applied', commandId, applied, reason, at: new Date(this.#now()).toISOString() } satisfies ExecutionReportPayload);
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

/** An engine result code as an order reject reason (every engine code that can end an order is one). */
function reasonOf(code: string): OrderRejectReason {
  if (!isOrderRejectReason(code)) throw new Error(`engine code ${code} is not an order reject reason`);
  return code;
}

function engineLimits(limits: RiskLimits | null): EngineRiskLimits {
  if (limits === null) return {};
  return {
    ...(limits.maxOrderQuantityLots === undefined ? {} : { maxOrderQuantity: limits.maxOrderQuantityLots }),
    ...(limits.maxOrderNotionalTickLots === undefined ? {} : { maxOrderNotional: limits.maxOrderNotionalTickLots }),
    ...(limits.maxPositionLots === undefined ? {} : { maxPosition: limits.maxPositionLots }),
    ...(limits.maxOpenOrders === undefined ? {} : { maxOpenOrders: limits.maxOpenOrders }),
    ...(limits.maxDailyLossTickLots === undefined ? {} : { maxDailyLoss: limits.maxDailyLossTickLots }),
    ...(limits.priceCollarBps === undefined ? {} : { priceCollarBps: limits.priceCollarBps }),
  };
}
