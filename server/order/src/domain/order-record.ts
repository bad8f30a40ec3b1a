// The order as the order service keeps it: the shared Order contract plus what only this service
// needs (owner, routing phase, reservations, pending cancel/replace, parent link, the exact fill
// notional). Invariants: quantities are integer lots, prices integer ticks; fillNotional is the
// exact Σ price × quantity of the order's fills (bigint); the leaves quantity is never stored —
// it is quantity − filled while the order is open and 0 once it has ended, so
// filled + leaves + (quantity − filled when ended) = quantity holds by construction.
import {
  FINAL_ORDER_STATUSES,
  fraction,
  toRatio,
  type LotSelection,
  type Order,
  type OrderRejectReason,
  type OrderStatus,
  type OrderType,
  type Ratio,
  type Side,
  type TimeInForce,
} from '@kestrel/shared';

/**
 * Where an order is on its way to execution: `checking` = recorded, waiting for the portfolio's
 * buying-power answer; `routed` = the submit command is in the outbox; `local` = it ended inside
 * the order service without ever being routed (rejected before routing, cancelled while checking).
 */
export type Routing = 'checking' | 'routed' | 'local';

/** A modification sent to execution and not yet confirmed or refused. */
export interface PendingReplace {
  commandId: string;
  quantityLots: number;
  limitPriceTicks: number | null;
  stopPriceTicks: number | null;
  requestedAt: string;
}

/** One order as stored. */
export interface OrderRecord {
  id: string;
  accountId: string;
  /** Owner of the account (the user who sees the order); fixed when the order is created. */
  ownerUserId: string;
  clientOrderId: string;
  parentOrderId: string | null;
  /** The child's part in its parent (`entry`, `take-profit`, `slice-3`...). */
  parentRole: string | null;
  symbol: string;
  side: Side;
  type: OrderType;
  timeInForce: TimeInForce;
  quantityLots: number;
  limitPriceTicks: number | null;
  stopPriceTicks: number | null;
  expireAt: string | null;
  postOnly: boolean;
  displayQuantityLots: number | null;
  lotSelection: LotSelection | null;
  status: OrderStatus;
  rejectReason: OrderRejectReason | null;
  filledQuantityLots: number;
  /** Σ price × quantity of the fills, exact. */
  fillNotional: bigint;
  routing: Routing;
  /** The submit command's id (re-sent unchanged after a restart, so execution can de-duplicate). */
  submitCommandId: string | null;
  /** Portfolio reservation ids held for this order: its own id once approved, plus one per increasing modification. */
  reservationIds: string[];
  /** The order has ended and its reservations still have to be released at the portfolio. */
  releasePending: boolean;
  cancelCommandId: string | null;
  cancelRequestedAt: string | null;
  pendingReplace: PendingReplace | null;
  createdAt: string;
  updatedAt: string;
}

/** True while the order can still trade. */
export function isOpen(status: OrderStatus): boolean {
  return !FINAL_ORDER_STATUSES.includes(status);
}

/** Leaves quantity: still working; 0 once the order has ended. */
export function leavesOf(order: Pick<OrderRecord, 'status' | 'quantityLots' | 'filledQuantityLots'>): number {
  return isOpen(order.status) ? order.quantityLots - order.filledQuantityLots : 0;
}

/** Lots that will never fill because the order ended (cancelled, expired, rejected); 0 while open or filled. */
export function closedQuantityOf(order: Pick<OrderRecord, 'status' | 'quantityLots' | 'filledQuantityLots'>): number {
  return isOpen(order.status) ? 0 : order.quantityLots - order.filledQuantityLots;
}

/** Σ(price × qty) / filled as an exact ratio, null before the first fill. */
export function averageFillPrice(order: Pick<OrderRecord, 'filledQuantityLots' | 'fillNotional'>): Ratio | null {
  return order.filledQuantityLots === 0 ? null : toRatio(fraction(order.fillNotional, BigInt(order.filledQuantityLots)));
}

/** The shared contract view of an order. */
export function toOrder(order: OrderRecord): Order {
  return {
    id: order.id,
    clientOrderId: order.clientOrderId,
    accountId: order.accountId,
    parentOrderId: order.parentOrderId,
    symbol: order.symbol,
    side: order.side,
    type: order.type,
    timeInForce: order.timeInForce,
    quantityLots: order.quantityLots,
    limitPriceTicks: order.limitPriceTicks,
    stopPriceTicks: order.stopPriceTicks,
    expireAt: order.expireAt,
    postOnly: order.postOnly,
    displayQuantityLots: order.displayQuantityLots,
    lotSelection: order.lotSelection,
    status: order.status,
    rejectReason: order.rejectReason,
    filledQuantityLots: order.filledQuantityLots,
    remainingQuantityLots: leavesOf(order),
    averageFillPrice: averageFillPrice(order),
    createdAt: order.createdAt,
    updatedAt: order.updatedAt,
  };
}
