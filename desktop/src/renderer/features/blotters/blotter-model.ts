// Rows of the orders, fills and positions grids, computed from the shared contracts without
// React: exact average prices (a Ratio of ticks shown with the tick decimals plus two, rounded
// half-even once), whether an order is still working, what an inline edit changes, and the
// closing order of a position (flatten). Prices in the rows stay integers; text is for display.
import {
  FINAL_ORDER_STATUSES,
  formatFraction,
  fromRatio,
  fraction,
  multiplyFractions,
  priceTicksOf,
  type Instrument,
  type NewOrderRequest,
  type Order,
  type Position,
  type Ratio,
} from '@kestrel/shared';
import type { OrderChange } from '../trading/order-gateway.js';
import { tickDecimals } from '../chart/chart-model.js';

/** True while the order can still trade (and be changed or cancelled). */
export function isWorking(order: Pick<Order, 'status'>): boolean {
  return !FINAL_ORDER_STATUSES.includes(order.status);
}

/** A ratio of ticks as a price with two more decimals than the tick ("100.3350"). */
export function averagePriceText(ratio: Ratio | null, tickSize: string): string {
  if (!ratio) return '';
  const tick = fraction(BigInt(tickSize.replace('.', '')), 10n ** BigInt(tickDecimals(tickSize)));
  return formatFraction(multiplyFractions(fromRatio(ratio), tick), tickDecimals(tickSize) + 2);
}

/** An inline edit of an open order: the new quantity or price, checked exactly. */
export function editChange(order: Order, field: 'quantity' | 'limitPrice' | 'stopPrice', text: string, instrument: Instrument): { ok: true; change: OrderChange } | { ok: false; problem: string } {
  const trimmed = text.trim().replace(/,/g, '');
  if (field === 'quantity') {
    if (!/^[1-9][0-9]{0,15}$/.test(trimmed)) return { ok: false, problem: 'The quantity must be a whole number of lots' };
    const quantityLots = Number(trimmed);
    if (quantityLots <= order.filledQuantityLots) return { ok: false, problem: `The quantity must stay above the ${order.filledQuantityLots} lots already filled` };
    return quantityLots === order.quantityLots ? { ok: false, problem: 'Nothing changed' } : { ok: true, change: { quantityLots } };
  }
  const hasField = field === 'limitPrice' ? order.limitPriceTicks !== null : order.stopPriceTicks !== null;
  if (!hasField) return { ok: false, problem: `A ${order.type} order has no ${field === 'limitPrice' ? 'limit' : 'stop'} price` };
  let ticks: number;
  try {
    ticks = priceTicksOf(instrument, trimmed);
  } catch {
    return { ok: false, problem: `The price must be on the ${instrument.tickSize} tick grid` };
  }
  const current = field === 'limitPrice' ? order.limitPriceTicks : order.stopPriceTicks;
  if (ticks === current) return { ok: false, problem: 'Nothing changed' };
  return { ok: true, change: field === 'limitPrice' ? { limitPriceTicks: ticks } : { stopPriceTicks: ticks } };
}

/** The market order that closes a position (none for a flat one). */
export function flattenOrder(position: Pick<Position, 'accountId' | 'symbol' | 'quantityLots'>, clientOrderId: string): NewOrderRequest | null {
  if (position.quantityLots === 0) return null;
  return {
    clientOrderId,
    accountId: position.accountId,
    symbol: position.symbol,
    side: position.quantityLots > 0 ? 'sell' : 'buy',
    type: 'market',
    timeInForce: 'DAY',
    quantityLots: Math.abs(position.quantityLots),
  };
}

/** Working orders of a symbol by price (for the ladder's own-order column). */
export function workingByPrice(orders: readonly Order[], symbol: string): Map<number, { buy: number; sell: number }> {
  const byPrice = new Map<number, { buy: number; sell: number }>();
  for (const order of orders) {
    if (order.symbol !== symbol || !isWorking(order) || order.limitPriceTicks === null) continue;
    const entry = byPrice.get(order.limitPriceTicks) ?? { buy: 0, sell: 0 };
    entry[order.side] += order.remainingQuantityLots;
    byPrice.set(order.limitPriceTicks, entry);
  }
  return byPrice;
}
