// Matches a replay session's paper orders against the replayed market on the real matching engine
// (@kestrel/engine, an in-memory instance per session: nothing to journal, the session is not
// durable). The replay's prints — each replayed trade, or a replayed bar's open/high/low/close —
// become liquidity of a "market" account, one side at a time: the market rests an ask at the print
// price for the print's quantity (crossing every resting paper buy at or above it — the engine fills
// them at their own limit price, in price-time priority), the paper buys that arrived since the last
// print are then submitted against it (market orders as IOC, so what the print cannot fill is
// cancelled), and the rest of the ask is cancelled; then the same with a bid for the sells.
// So a paper order meets the market at the first print after it was placed (no look-ahead), a
// resting limit fills when the replay trades at or through its price, and no print supplies more
// than its own quantity to each side (volume cap). Invariants: the market account never trades
// with itself (one market order at a time); engine time only moves forward (prints after a seek
// back in data time are stamped one nanosecond after the previous command).
// Risk: configureRisk gives the paper account the limits and kill switch live orders of the account
// get from the execution engine's risk manager, so the same engine code refuses a paper order with
// the same RISK_* code (at the print the order is submitted at); the market account has none. With
// limits set, each print is also the engine's configured reference price (price collars, market
// order notional) until the session's own trades give it a last price, as the live book's do.
// Known limits: the paper orders have no market impact beyond the print they consume; a bar's four
// prints each carry a quarter of its volume (at least one lot).
import { Engine, type EngineEvent, type KillSwitchMode, type RiskLimits } from '@kestrel/engine';

const SYMBOL = 1;
const MARKET = 1n;
const PAPER = 2n;
/** Engine ids of paper orders start here (market liquidity counts from 1). */
const PAPER_IDS = 1n << 40n;

/** A paper order as the matcher tracks it. */
export interface MatcherOrder {
  id: string;
  side: 'buy' | 'sell';
  type: 'market' | 'limit';
  limitPriceTicks: number | null;
  quantityLots: number;
  filledLots: number;
  /** Σ price × quantity of the fills, in ticks × lots (average price = this / filledLots). */
  filledNotional: bigint;
  status: 'pending' | 'open' | 'partially_filled' | 'filled' | 'cancelled' | 'rejected';
  reason: string | null;
}

/** One fill of a paper order. */
export interface MatcherFill {
  order: MatcherOrder;
  priceTicks: number;
  quantityLots: number;
  liquidity: 'maker' | 'taker';
  engineSequence: bigint;
}

/** What one print did. */
export interface PrintOutcome {
  fills: MatcherFill[];
  /** Orders that ended without being fully filled (IOC remainders, engine rejections). */
  ended: MatcherOrder[];
}

/** The engine of one session. */
export class ReplayMatcher {
  readonly #engine = Engine.open();
  readonly #byEngineId = new Map<bigint, MatcherOrder>();
  readonly #engineIds = new Map<string, bigint>();
  #pending: MatcherOrder[] = [];
  #nextMarketId = 1n;
  #nextPaperId = PAPER_IDS;
  #clock = 0n;
  #limited = false;

  /** Queues an order for the next print. */
  add(order: MatcherOrder): void {
    this.#pending.push(order);
  }

  /** Cancels a pending or resting order; false when it is not live. */
  cancel(orderId: string): boolean {
    const pending = this.#pending.findIndex((order) => order.id === orderId);
    if (pending >= 0) {
      this.#pending[pending]!.status = 'cancelled';
      this.#pending.splice(pending, 1);
      return true;
    }
    const engineId = this.#engineIds.get(orderId);
    const order = engineId === undefined ? undefined : this.#byEngineId.get(engineId);
    if (engineId === undefined || !order || !isLive(order)) return false;
    this.#engine.submit({ type: 'cancel', symbol: SYMBOL, orderId: engineId, account: PAPER, timestamp: this.#tick(0n) });
    order.status = 'cancelled';
    return true;
  }

  /** Live orders (pending or resting). */
  live(): MatcherOrder[] {
    return [...this.#pending, ...[...this.#byEngineId.values()].filter(isLive)];
  }

  /** One print of the replayed market at `timeNs`. */
  print(priceTicks: number, quantityLots: number, timeNs: bigint): PrintOutcome {
    const outcome: PrintOutcome = { fills: [], ended: [] };
    if (this.#limited) this.#engine.configure({ type: 'set_reference_price', symbol: SYMBOL, price: priceTicks, timestamp: this.#tick(timeNs) });
    for (const side of ['sell', 'buy'] as const) {
      const takers = this.#pending.filter((order) => order.side !== side);
      this.#pending = this.#pending.filter((order) => order.side === side);
      const marketId = this.#nextMarketId++;
      this.#apply(this.#engine.submit({ type: 'new_order', symbol: SYMBOL, orderId: marketId, account: MARKET, side, price: priceTicks, quantity: quantityLots, timeInForce: 'gtc', timestamp: this.#tick(timeNs) }).events, outcome);
      for (const order of takers) {
        const engineId = this.#nextPaperId++;
        this.#byEngineId.set(engineId, order);
        this.#engineIds.set(order.id, engineId);
        order.status = 'open';
        const command =
          order.type === 'market'
            ? { orderType: 'market' as const, timeInForce: 'ioc' as const }
            : { orderType: 'limit' as const, price: order.limitPriceTicks!, timeInForce: 'gtc' as const };
        this.#apply(this.#engine.submit({ type: 'new_order', symbol: SYMBOL, orderId: engineId, account: PAPER, side: order.side, quantity: order.quantityLots, ...command, timestamp: this.#tick(timeNs) }).events, outcome);
      }
      if (this.#engine.findOrder(SYMBOL, marketId) !== null) {
        this.#engine.submit({ type: 'cancel', symbol: SYMBOL, orderId: marketId, account: MARKET, timestamp: this.#tick(timeNs) });
      }
    }
    return outcome;
  }

  /**
   * Sets the paper account's limits (null: none) and kill switch, as the live engine has them;
   * a switch to cancel_all cancels its resting orders (returned in `ended`).
   */
  configureRisk(limits: RiskLimits | null, killSwitch: KillSwitchMode): PrintOutcome {
    const outcome: PrintOutcome = { fills: [], ended: [] };
    const timestamp = this.#tick(0n);
    this.#limited = limits !== null;
    this.#engine.configure(limits === null ? { type: 'clear_account_limits', account: PAPER, timestamp } : { type: 'set_account_limits', account: PAPER, limits, timestamp });
    this.#apply(this.#engine.configure({ type: 'set_kill_switch', account: PAPER, mode: killSwitch, timestamp: this.#tick(0n) }).events, outcome);
    return outcome;
  }

  /** Frees the engine. */
  close(): void {
    this.#engine.close();
  }

  #tick(timeNs: bigint): bigint {
    this.#clock = timeNs > this.#clock ? timeNs : this.#clock + 1n;
    return this.#clock;
  }

  #apply(events: readonly EngineEvent[], outcome: PrintOutcome): void {
    for (const event of events) {
      if (event.type === 'trade') {
        for (const [engineId, liquidity] of [
          [event.orderId, 'taker'],
          [event.counterOrderId, 'maker'],
        ] as const) {
          const order = this.#byEngineId.get(engineId);
          if (!order) continue;
          order.filledLots += event.quantity;
          order.filledNotional += BigInt(event.price) * BigInt(event.quantity);
          order.status = order.filledLots === order.quantityLots ? 'filled' : 'partially_filled';
          outcome.fills.push({ order, priceTicks: event.price, quantityLots: event.quantity, liquidity, engineSequence: event.sequence });
        }
      } else if (event.type === 'cancelled' || event.type === 'rejected' || event.type === 'expired') {
        const order = this.#byEngineId.get(event.orderId);
        if (!order || !isLive(order)) continue;
        order.status = event.type === 'rejected' ? 'rejected' : 'cancelled';
        order.reason = event.type === 'rejected' ? event.code : null;
        outcome.ended.push(order);
      }
    }
  }
}

function isLive(order: MatcherOrder): boolean {
  return order.status === 'pending' || order.status === 'open' || order.status === 'partially_filled';
}
