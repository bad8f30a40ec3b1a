// Turns what a strategy submits (StrategyOrderRequest or the buy/sell shortcuts) into the order
// API's NewOrderRequest and checks it with the same rules the order service applies
// (orderShapeIssues), so a request that a backtest accepts is one the live order service accepts.
// Invariant: the result always carries accountId, clientOrderId, symbol and timeInForce; defaults
// are DAY for market and stop orders (which cannot rest) and GTC for limit and stop-limit orders;
// absent optional fields are present as undefined (JSON drops them).

import type { NewOrderRequest, OrderType, Side } from '../trading/order.js';
import type { OrderRejectReason } from '../trading/order-reject-reason.js';
import { orderShapeIssues } from '../trading/order-rules.js';
import type { OrderOptions, StrategyOrderRequest } from './context.js';

/** The order type implied by the prices of a shortcut order. */
export function impliedOrderType(options: OrderOptions): OrderType {
  const limit = options.limitPriceTicks !== undefined;
  const stop = options.stopPriceTicks !== undefined;
  return limit && stop ? 'stop_limit' : limit ? 'limit' : stop ? 'stop' : 'market';
}

/** The request of a buy/sell shortcut. */
export function shortcutRequest(side: Side, quantityLots: number, options: OrderOptions = {}): StrategyOrderRequest {
  // Every key always present (maybe undefined): one object shape, which keeps order submission fast.
  return {
    clientOrderId: options.clientOrderId,
    symbol: options.symbol,
    side,
    type: impliedOrderType(options),
    timeInForce: options.timeInForce,
    quantityLots,
    limitPriceTicks: options.limitPriceTicks,
    stopPriceTicks: options.stopPriceTicks,
    expireAt: options.expireAt,
    postOnly: options.postOnly,
    displayQuantityLots: options.displayQuantityLots,
    lotSelection: options.lotSelection,
  };
}

/** The full request with the runtime's bindings and defaults filled in. */
export function completeRequest(
  request: StrategyOrderRequest,
  bindings: { accountId: string; clientOrderId: string; symbol: string },
): NewOrderRequest {
  const resting = request.type === 'limit' || request.type === 'stop_limit';
  // One object shape whatever the request (absent optional fields are undefined): this runs for
  // every order of a backtest and a varying shape makes every later read slow.
  return {
    clientOrderId: request.clientOrderId ?? bindings.clientOrderId,
    accountId: bindings.accountId,
    symbol: request.symbol ?? bindings.symbol,
    side: request.side,
    type: request.type,
    timeInForce: request.timeInForce ?? (resting ? 'GTC' : 'DAY'),
    quantityLots: request.quantityLots,
    limitPriceTicks: request.limitPriceTicks,
    stopPriceTicks: request.stopPriceTicks,
    expireAt: request.expireAt,
    postOnly: request.postOnly,
    displayQuantityLots: request.displayQuantityLots,
    lotSelection: request.lotSelection,
  };
}

/** Why the request cannot be accepted before any market check (empty when it can). */
export function requestIssues(request: NewOrderRequest): OrderRejectReason[] {
  const issues: OrderRejectReason[] = [];
  if (!Number.isSafeInteger(request.quantityLots) || request.quantityLots < 1) issues.push('BOOK_INVALID_QUANTITY');
  for (const price of [request.limitPriceTicks, request.stopPriceTicks]) {
    if (price !== undefined && !Number.isSafeInteger(price)) issues.push('BOOK_INVALID_PRICE');
  }
  if (request.displayQuantityLots !== undefined && !Number.isSafeInteger(request.displayQuantityLots)) issues.push('BOOK_INVALID_QUANTITY');
  return [...issues, ...orderShapeIssues(request)];
}
