// Work that must happen only AFTER a transaction has committed: calls to the portfolio (routing a
// recorded order, releasing reservations), real-time `orders.status` messages and parent timers.
// A transaction collects them in an Effects object; the caller runs them once the commit is done.
// Invariant: nothing here is needed for correctness of the stored state — if the process dies
// before or while effects run, the recovery sweep (services/recovery.ts) finds the orders still
// `checking` or `release_pending` and finishes the work; timers are re-armed from wake_at at start.
import type { Order, OrderChange, ParentOrderStatus } from '@kestrel/shared';

/** One `orders.status` channel message (real-time, loss-tolerant; the WebSocket layer filters by owner). */
export type OrderStatusMessage =
  | { kind: 'order'; accountId: string; ownerUserId: string; change: OrderChange; order: Order }
  | { kind: 'parent'; accountId: string; ownerUserId: string; parentOrderId: string; status: ParentOrderStatus; reason: string | null; filledQuantityLots: number };

/** Post-commit work collected by one transaction. */
export class Effects {
  /** Orders recorded as `checking`, to send to the buying-power check. */
  readonly route: string[] = [];
  /** Ended orders whose reservations are to be released. */
  readonly release: string[] = [];
  readonly status: OrderStatusMessage[] = [];
  /** Parent id → when it next wakes (null: no timer). */
  readonly timers = new Map<string, number | null>();

  /** Takes `orderId` out of `route` because the caller routes it itself; true when it was there. */
  takeRoute(orderId: string): boolean {
    const index = this.route.indexOf(orderId);
    if (index >= 0) this.route.splice(index, 1);
    return index >= 0;
  }
}
