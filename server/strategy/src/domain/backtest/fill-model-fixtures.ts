// Test fixtures shared by the fill-model suites (bar-fill-model.test.ts, book-fill-model.test.ts,
// engine-book-fill-model.test.ts, lobster-replay.test.ts): an order accepted by a model the way the
// simulated broker accepts it, a FillSink that records what the model reports as lines and applies
// fills to remainingLots like the broker, and the books check of a market maker's run. Used by
// tests only; the models know nothing of it.
import assert from 'node:assert/strict';
import type { LiquidityFlag, NewOrderRequest, OrderRejectReason } from '@kestrel/shared';
import type { BacktestResult } from './backtest-engine.js';
import type { FillModel, FillSink, SimOrder } from './fill-model.js';

let seq = 0;

/** The number of the last order addOrder created (its client order id is `o<number>`). */
export function lastOrderNumber(): number {
  return seq;
}

/** Adds an order for symbol X (client order ids o1, o2, … across the suite) to `model`. */
export function addOrder(model: FillModel, request: Partial<NewOrderRequest> & Pick<NewOrderRequest, 'side' | 'type' | 'quantityLots'>): SimOrder {
  const complete: NewOrderRequest = { clientOrderId: `o${++seq}`, accountId: '00000000-0000-4000-8000-000000000000', symbol: 'X', timeInForce: 'GTC', ...request };
  const sim: SimOrder = {
    seq,
    request: complete,
    symbol: 'X',
    side: complete.side,
    sign: complete.side === 'buy' ? 1 : -1,
    type: complete.type,
    limitPriceTicks: complete.limitPriceTicks,
    stopPriceTicks: complete.stopPriceTicks,
    remainingLots: complete.quantityLots,
    triggered: false,
    acceptedAtBar: model.barCount('X'),
    activeDay: undefined,
  };
  model.add(sim);
  return sim;
}

/** Records `<id> <fillLabel><lots>@<price> <liquidity>` and `<id> <status>[ <reason>]` lines. */
export class RecordingSink implements FillSink {
  readonly events: string[] = [];

  /** `fillLabel` prefixes the quantity of fill lines (e.g. `fill `). */
  constructor(private readonly fillLabel = '') {}

  fill(o: SimOrder, price: number, lots: number, liquidity: LiquidityFlag): void {
    o.remainingLots -= lots;
    this.events.push(`${o.request.clientOrderId} ${this.fillLabel}${lots}@${price} ${liquidity}`);
  }

  end(o: SimOrder, status: string, reason: OrderRejectReason | null): void {
    this.events.push(`${o.request.clientOrderId} ${status}${reason ? ` ${reason}` : ''}`);
  }
}

/**
 * Replays a run's fills of `symbol`: the position never leaves ±maxPosition lots and the cash and
 * position the run reports are what the fills add up to (no commission: ticks × lots = minor units).
 */
export function assertFillsReconcile(result: BacktestResult, symbol: string, initialCashMinor: number, maxPosition: number): void {
  let position = 0;
  let cash = initialCashMinor;
  for (const fill of result.fills) {
    const sign = fill.side === 'buy' ? 1 : -1;
    position += sign * fill.quantityLots;
    cash -= sign * fill.priceTicks * fill.quantityLots;
    assert.ok(Math.abs(position) <= maxPosition, `inventory ${position}`);
  }
  assert.equal(result.cashMinor, cash);
  assert.equal(result.positions[symbol], position);
}
