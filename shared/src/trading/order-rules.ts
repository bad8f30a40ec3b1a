// Cross-field rules of a new order that a schema cannot express, shared by the order service
// (which rejects with these codes) and the desktop (which greys out impossible combinations).
// Invariant: orderShapeIssues() returns [] exactly for the combinations the engine accepts
// (engine BOOK_INVALID_ORDER is then unreachable from a validated request).
import type { Instrument } from './instrument.js';
import type { NewOrderRequest } from './order.js';
import type { OrderRejectReason } from './order-reject-reason.js';

/** Every reason the request's fields contradict each other, in a stable order (empty when consistent). */
export function orderShapeIssues(order: NewOrderRequest): OrderRejectReason[] {
  const issues: OrderRejectReason[] = [];
  const hasLimit = order.type === 'limit' || order.type === 'stop_limit';
  const hasStop = order.type === 'stop' || order.type === 'stop_limit';
  const immediate = order.timeInForce === 'IOC' || order.timeInForce === 'FOK';
  if (hasLimit && order.limitPriceTicks === undefined) issues.push('ORDER_PRICE_REQUIRED');
  if (!hasLimit && order.limitPriceTicks !== undefined) issues.push('ORDER_PRICE_NOT_ALLOWED');
  if (hasStop && order.stopPriceTicks === undefined) issues.push('ORDER_STOP_PRICE_REQUIRED');
  if (!hasStop && order.stopPriceTicks !== undefined) issues.push('ORDER_STOP_PRICE_NOT_ALLOWED');
  if (order.timeInForce === 'GTD' && order.expireAt === undefined) issues.push('ORDER_EXPIRY_REQUIRED');
  if (order.timeInForce !== 'GTD' && order.expireAt !== undefined) issues.push('ORDER_EXPIRY_NOT_ALLOWED');
  // A market order (or a triggered stop) cannot rest on the book.
  if ((order.type === 'market' || order.type === 'stop') && (order.timeInForce === 'GTC' || order.timeInForce === 'GTD')) {
    issues.push('ORDER_TIME_IN_FORCE_INVALID');
  }
  if (order.postOnly && (order.type !== 'limit' || immediate)) issues.push('ORDER_POST_ONLY_INVALID');
  if (
    order.displayQuantityLots !== undefined &&
    (!hasLimit || immediate || order.displayQuantityLots >= order.quantityLots)
  ) {
    issues.push('ORDER_DISPLAY_QUANTITY_INVALID');
  }
  return issues;
}

/** Reasons the order does not fit the instrument's limits or status (empty when it fits). */
export function orderInstrumentIssues(order: NewOrderRequest, instrument: Instrument): OrderRejectReason[] {
  const issues: OrderRejectReason[] = [];
  if (instrument.status !== 'active') issues.push('ORDER_INSTRUMENT_NOT_TRADING');
  if (order.quantityLots < instrument.minQuantityLots || order.quantityLots > instrument.maxQuantityLots) {
    issues.push('ORDER_QUANTITY_OUT_OF_RANGE');
  }
  const prices = [order.limitPriceTicks, order.stopPriceTicks].filter((price): price is number => price !== undefined);
  if (prices.some((price) => price < instrument.minPriceTicks || price > instrument.maxPriceTicks)) {
    issues.push('ORDER_PRICE_OUT_OF_RANGE');
  }
  return issues;
}
