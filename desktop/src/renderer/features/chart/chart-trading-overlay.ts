// The trader's own activity on the chart, as plain data the chart panel hands to the library:
// fills of the chart's symbol as markers (a buy below its bar, a sell above), working orders as
// price lines ("BUY 10 LMT"), and what dragging one of those lines asks the order service for.
// Invariants: every price here is whole ticks (a dragged price is snapped to the nearest tick,
// never sent off the grid); a marker sits on a bar time the window really holds (the library
// drops markers between its points), fills of one side in one bar merge into one marker.
// Known limit: a fill newer than the window's last bar by more than one bar (history not yet
// caught up) has no bar to sit on and is not marked until its bar arrives.
import type { Execution, NewOrderRequest, Order } from '@kestrel/shared';
import { isWorking } from '../blotters/blotter-model.js';
import type { OrderChange, OrderView } from '../trading/order-gateway.js';
import type { ChartColors } from './chart-theme.js';

/** The window's bar times (what chart-window.ts WindowState holds). */
export interface MarkerWindow {
  times: ArrayLike<number>;
  count: number;
  bucketSeconds: number;
}

/** A fill marker, in the shape lightweight-charts' createSeriesMarkers takes. */
export interface FillMarker {
  time: number;
  position: 'belowBar' | 'aboveBar';
  shape: 'arrowUp' | 'arrowDown';
  color: string;
  text: string;
  id: string;
}

/** The bar time of the window a moment falls in, or null when no bar of the window holds it. */
export function barTimeOf(window: MarkerWindow, seconds: number): number | null {
  const { times, count, bucketSeconds } = window;
  if (count === 0 || seconds < times[0]!) return null;
  const last = times[count - 1]!;
  if (seconds >= last) return seconds < last + bucketSeconds ? last : null;
  let low = 0;
  let high = count - 1;
  while (high - low > 1) {
    const middle = (low + high) >>> 1;
    if (times[middle]! <= seconds) low = middle;
    else high = middle;
  }
  return times[low]!;
}

/** Markers of the fills of `symbol` in the window, oldest first (the order the library needs). */
export function fillMarkers(executions: readonly Execution[], symbol: string, window: MarkerWindow, colors: Pick<ChartColors, 'up' | 'down'>): FillMarker[] {
  const merged = new Map<string, { time: number; side: Execution['side']; lots: number; count: number }>();
  for (const execution of executions) {
    if (execution.symbol !== symbol) continue;
    const time = barTimeOf(window, Date.parse(execution.executedAt) / 1000);
    if (time === null) continue;
    const key = `${time}:${execution.side}`;
    const entry = merged.get(key) ?? { time, side: execution.side, lots: 0, count: 0 };
    entry.lots += execution.quantityLots;
    entry.count += 1;
    merged.set(key, entry);
  }
  return [...merged.values()]
    .sort((a, b) => a.time - b.time || (a.side === 'buy' ? -1 : 1))
    .map((entry) => ({
      time: entry.time,
      position: entry.side === 'buy' ? 'belowBar' : 'aboveBar',
      shape: entry.side === 'buy' ? 'arrowUp' : 'arrowDown',
      color: entry.side === 'buy' ? colors.up : colors.down,
      text: `${entry.side === 'buy' ? 'B' : 'S'} ${entry.lots}`,
      id: `fill-${entry.time}-${entry.side}`,
    }));
}

/** Which price of an order a line shows (and a drag changes). */
export type OrderPriceField = 'limit' | 'stop';

/** A working order's line on the chart. */
export interface OrderLine {
  /** `<order id>:<field>`: stable across polls, so lines are updated in place. */
  key: string;
  orderId: string;
  field: OrderPriceField;
  side: Order['side'];
  priceTicks: number;
  /** "BUY 10 LMT": side, remaining lots, what the price is. */
  label: string;
  /** A modification is waiting for the venue to confirm. */
  pending: boolean;
}

const TYPE_LABELS: Readonly<Record<Order['type'], { limit?: string; stop?: string }>> = {
  limit: { limit: 'LMT' },
  market: {},
  stop: { stop: 'STP' },
  stop_limit: { limit: 'STP LMT', stop: 'STP' },
};

/** The lines of the working orders of `symbol` (a stop-limit has two: its stop and its limit). */
export function orderLines(orders: readonly OrderView[], symbol: string): OrderLine[] {
  const lines: OrderLine[] = [];
  for (const order of orders) {
    if (order.symbol !== symbol || !isWorking(order) || order.cancelPending) continue;
    const pending = order.pendingModification ?? null;
    const labels = TYPE_LABELS[order.type];
    const prices: Array<[OrderPriceField, number | null, string | undefined]> = [
      ['stop', pending ? pending.stopPriceTicks : order.stopPriceTicks, labels.stop],
      ['limit', pending ? pending.limitPriceTicks : order.limitPriceTicks, labels.limit],
    ];
    for (const [field, priceTicks, kind] of prices) {
      if (priceTicks === null || kind === undefined) continue;
      lines.push({
        key: `${order.id}:${field}`,
        orderId: order.id,
        field,
        side: order.side,
        priceTicks,
        label: `${order.side.toUpperCase()} ${order.remainingQuantityLots} ${kind}`,
        pending: pending !== null,
      });
    }
  }
  return lines;
}

/** The order line within `tolerance` pixels of y (the nearest), or null. */
export function orderLineAt(lines: readonly OrderLine[], y: number, projectPrice: (priceTicks: number) => number | null, tolerance = 6): OrderLine | null {
  let best: OrderLine | null = null;
  let bestDistance = tolerance;
  for (const line of lines) {
    const lineY = projectPrice(line.priceTicks);
    if (lineY === null) continue;
    const distance = Math.abs(lineY - y);
    if (distance <= bestDistance) {
      best = line;
      bestDistance = distance;
    }
  }
  return best;
}

/**
 * A chart price (display units, a double) in whole ticks of `tickSize`: the nearest tick, so a
 * drag that ends between two grid prices lands on the closer one.
 */
export function snapToTicks(price: number, tickSize: string): number {
  return Math.round(price / Number(tickSize));
}

/** What releasing a dragged line at `priceTicks` asks the order service for, or why nothing. */
export function dragChange(line: OrderLine, priceTicks: number, bounds?: { minPriceTicks: number; maxPriceTicks: number }): { ok: true; change: OrderChange } | { ok: false; problem: string } {
  if (!Number.isSafeInteger(priceTicks)) return { ok: false, problem: 'The price is not a whole number of ticks' };
  if (priceTicks === line.priceTicks) return { ok: false, problem: 'Nothing changed' };
  if (bounds && (priceTicks < bounds.minPriceTicks || priceTicks > bounds.maxPriceTicks)) return { ok: false, problem: 'The price is outside the instrument’s price range' };
  return { ok: true, change: line.field === 'limit' ? { limitPriceTicks: priceTicks } : { stopPriceTicks: priceTicks } };
}

/**
 * The order as it would stand after `change`, in the shape the confirmation rules read
 * (ticket-model.ts confirmationReasons), so moving an order asks exactly when sending it would.
 */
export function modifiedRequest(order: Order, change: OrderChange): NewOrderRequest {
  const request: NewOrderRequest = {
    clientOrderId: order.clientOrderId,
    accountId: order.accountId,
    symbol: order.symbol,
    side: order.side,
    type: order.type,
    timeInForce: order.timeInForce,
    quantityLots: change.quantityLots ?? order.quantityLots,
  };
  const limit = change.limitPriceTicks ?? order.limitPriceTicks;
  const stop = change.stopPriceTicks ?? order.stopPriceTicks;
  if (limit !== null) request.limitPriceTicks = limit;
  if (stop !== null) request.stopPriceTicks = stop;
  return request;
}
