// The order service's contract (shared/src/trading/order-flow.ts) in the engine's terms and back.
// Pure: no I/O. Invariants: lots and ticks pass through unchanged (integers); a replace's total
// quantity becomes the engine's open quantity (total − filled); engine result codes keep their
// AREA_REASON names in reports; an engine code the contract's reason list does not know becomes
// BOOK_INVALID_ORDER rather than an invalid report.
// Known limit: the engine cannot move a stop price on replace, so a replace changing it is refused
// with BOOK_UNSUPPORTED_ORDER before it reaches the engine.
import type { NewOrderCommand, RiskLimits as EngineRiskLimits, TimeInForce } from '@kestrel/engine';
import { ORDER_REJECT_REASONS, type Order, type OrderRejectReason, type RiskLimits } from '@kestrel/shared';

/** An order id and the engine numbers it runs under. */
export interface EngineAddress {
  symbol: number;
  orderId: bigint;
  account: bigint;
}

/** The engine command for a contract order. */
export function newOrderCommand(order: Order, address: EngineAddress, timestamp: bigint): NewOrderCommand {
  const command: NewOrderCommand = {
    type: 'new_order',
    symbol: address.symbol,
    orderId: address.orderId,
    account: address.account,
    side: order.side,
    quantity: order.quantityLots,
    orderType: order.type,
    timeInForce: order.timeInForce.toLowerCase() as TimeInForce,
    postOnly: order.postOnly,
    timestamp,
  };
  if (order.limitPriceTicks !== null) command.price = order.limitPriceTicks;
  if (order.stopPriceTicks !== null) command.stopPrice = order.stopPriceTicks;
  if (order.displayQuantityLots !== null) command.displayQuantity = order.displayQuantityLots;
  if (order.expireAt !== null) command.expireAt = BigInt(Date.parse(order.expireAt)) * 1_000_000n;
  return command;
}

/** The engine's limits for the contract's (absent = no limit). */
export function engineLimits(limits: RiskLimits): EngineRiskLimits {
  const out: EngineRiskLimits = {};
  if (limits.maxOrderQuantityLots !== undefined) out.maxOrderQuantity = limits.maxOrderQuantityLots;
  if (limits.maxOrderNotionalTickLots !== undefined) out.maxOrderNotional = limits.maxOrderNotionalTickLots;
  if (limits.maxPositionLots !== undefined) out.maxPosition = limits.maxPositionLots;
  if (limits.maxOpenOrders !== undefined) out.maxOpenOrders = limits.maxOpenOrders;
  if (limits.maxDailyLossTickLots !== undefined) out.maxDailyLoss = limits.maxDailyLossTickLots;
  if (limits.priceCollarBps !== undefined) out.priceCollarBps = limits.priceCollarBps;
  return out;
}

const KNOWN_REASONS: ReadonlySet<string> = new Set(ORDER_REJECT_REASONS);

/** The report reason for an engine code name. */
export function reportReason(code: string): OrderRejectReason {
  return (KNOWN_REASONS.has(code) ? code : 'BOOK_INVALID_ORDER') as OrderRejectReason;
}
