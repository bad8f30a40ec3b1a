// The order state machine: how execution reports and the order service's own decisions move an
// order. Pure (no I/O): each function takes the stored order and returns the next one, or says
// why the input does not apply. Invariants (checked by order-state.test.ts with random report
// sequences): status only moves along ORDER_STATUS_TRANSITIONS; filled never exceeds quantity;
// filled + leaves + closed = quantity after every step; an ended order never changes again; every
// rejection, cancellation and expiry records its reason code as the engine/risk/portfolio named it.
// A report that contradicts the order (a fill beyond the quantity, a fill of an ended order, a
// confirmation nobody asked for) is an anomaly: the caller records it and leaves the order alone.
import { canTransition, type Execution, type ExecutionReportPayload, type OrderChange, type OrderRejectReason, type OrderStatus } from '@kestrel/shared';
import { isOpen, leavesOf, type OrderRecord } from './order-record.js';

/** The reports that concern one order. */
export type OrderReport = Exclude<ExecutionReportPayload, { kind: 'risk-applied' }>;

/** What applying an input did. */
export type Transition =
  | {
      kind: 'applied';
      order: OrderRecord;
      change: OrderChange;
      reason: OrderRejectReason | null;
      execution: Execution | null;
      /** The order ended with this step (its reservations can be released). */
      ended: boolean;
    }
  /** Already reflected (a repeated acknowledgement); nothing to write. */
  | { kind: 'ignored'; note: string }
  /** Contradicts the order; recorded, never applied. */
  | { kind: 'anomaly'; note: string };

function moved(
  before: OrderRecord,
  after: OrderRecord,
  change: OrderChange,
  reason: OrderRejectReason | null = null,
  execution: Execution | null = null,
): Transition {
  if (after.status !== before.status && !canTransition(before.status, after.status)) {
    return { kind: 'anomaly', note: `${change} would move the order from ${before.status} to ${after.status}` };
  }
  const ended = isOpen(before.status) && !isOpen(after.status);
  // Once an order has ended, nothing is pending any more: a late confirmation is moot.
  const settled = ended ? { ...after, pendingReplace: null, cancelCommandId: null, cancelRequestedAt: null } : after;
  return { kind: 'applied', order: settled, change, reason, execution, ended };
}

function end(order: OrderRecord, status: OrderStatus, reason: OrderRejectReason | null, at: string): OrderRecord {
  return { ...order, status, rejectReason: reason, updatedAt: at };
}

/** Applies one execution report received at `at`. */
export function applyReport(order: OrderRecord, report: OrderReport, at: string): Transition {
  if (report.orderId !== order.id || report.accountId !== order.accountId) {
    return { kind: 'anomaly', note: 'the report names another order or account' };
  }
  if (!isOpen(order.status)) {
    // Confirmations of commands to an ended order are expected (the order ended first); facts are not.
    if (report.kind === 'cancel-rejected' || report.kind === 'replace-rejected') return { kind: 'ignored', note: `${report.kind} after the order ended` };
    if (report.kind === 'accepted') return { kind: 'ignored', note: 'accepted after the order ended' };
    return { kind: 'anomaly', note: `${report.kind} for an order that is already ${order.status}` };
  }
  switch (report.kind) {
    case 'accepted':
      if (order.status !== 'new') return { kind: 'ignored', note: `already ${order.status}` };
      return moved(order, { ...order, status: 'accepted', updatedAt: at }, 'accepted');
    case 'rejected':
      return moved(order, end(order, 'rejected', report.reason, at), 'rejected', report.reason);
    case 'fill': {
      const fill = report.execution;
      if (fill.orderId !== order.id || fill.accountId !== order.accountId || fill.symbol !== order.symbol || fill.side !== order.side) {
        return { kind: 'anomaly', note: 'the fill names another order, account, symbol or side' };
      }
      if (fill.quantityLots > leavesOf(order)) {
        return { kind: 'anomaly', note: `fill of ${fill.quantityLots} lots exceeds the ${leavesOf(order)} lots left` };
      }
      const filled = order.filledQuantityLots + fill.quantityLots;
      const next: OrderRecord = {
        ...order,
        filledQuantityLots: filled,
        fillNotional: order.fillNotional + BigInt(fill.priceTicks) * BigInt(fill.quantityLots),
        status: filled === order.quantityLots ? 'filled' : 'partially_filled',
        updatedAt: at,
      };
      return moved(order, next, 'fill', null, fill);
    }
    case 'cancelled':
      return moved(order, end(order, 'cancelled', report.reason, at), 'cancelled', report.reason);
    case 'expired':
      return moved(order, end(order, 'expired', null, at), 'expired');
    case 'replaced': {
      if (order.pendingReplace?.commandId !== report.commandId) return { kind: 'anomaly', note: 'replaced without a matching pending modification' };
      if (report.quantityLots < order.filledQuantityLots) return { kind: 'anomaly', note: 'replaced below the filled quantity' };
      const next: OrderRecord = {
        ...order,
        quantityLots: report.quantityLots,
        limitPriceTicks: report.limitPriceTicks,
        stopPriceTicks: report.stopPriceTicks,
        pendingReplace: null,
        updatedAt: at,
      };
      // A replace down to exactly the filled quantity completes the order.
      if (next.filledQuantityLots === next.quantityLots) next.status = 'filled';
      return moved(order, next, 'replaced');
    }
    case 'replace-rejected':
      if (order.pendingReplace?.commandId !== report.commandId) return { kind: 'ignored', note: 'replace-rejected for a modification no longer pending' };
      return moved(order, { ...order, pendingReplace: null, updatedAt: at }, 'replace-rejected', report.reason);
    case 'cancel-rejected':
      if (order.cancelCommandId !== report.commandId) return { kind: 'ignored', note: 'cancel-rejected for a cancel no longer pending' };
      return moved(order, { ...order, cancelCommandId: null, cancelRequestedAt: null, updatedAt: at }, 'cancel-rejected', report.reason);
  }
}

/** The portfolio (or a pre-routing check) refused the order: it ends `rejected` without being routed. */
export function rejectBeforeRouting(order: OrderRecord, reason: OrderRejectReason, at: string): Transition {
  if (order.routing !== 'checking' || order.status !== 'new') return { kind: 'ignored', note: `routing is ${order.routing}` };
  return moved(order, { ...end(order, 'rejected', reason, at), routing: 'local' }, 'rejected', reason);
}

/** The buying power is held: the order goes to execution with `commandId`. */
export function markRouted(order: OrderRecord, commandId: string, at: string): Transition {
  if (order.routing !== 'checking' || order.status !== 'new') return { kind: 'ignored', note: `routing is ${order.routing}` };
  return { kind: 'applied', order: { ...order, routing: 'routed', submitCommandId: commandId, updatedAt: at }, change: 'routed', reason: null, execution: null, ended: false };
}

/** Why a cancel or modification cannot be requested. */
export type RequestRefusal = 'not-open' | 'not-routed' | 'cancel-pending' | 'replace-pending';

/** What a cancel request does: end the order here (never routed) or ask execution. */
export type CancelRequest =
  | { kind: 'local'; transition: Transition }
  | { kind: 'remote'; order: OrderRecord }
  | { kind: 'already-pending'; order: OrderRecord }
  | { kind: 'refused'; refusal: RequestRefusal };

/** Requests the cancellation of what is left of the order. */
export function requestCancel(order: OrderRecord, commandId: string, at: string): CancelRequest {
  if (!isOpen(order.status)) return { kind: 'refused', refusal: 'not-open' };
  if (order.routing === 'checking') {
    return { kind: 'local', transition: moved(order, { ...end(order, 'cancelled', 'BOOK_USER_CANCELLED', at), routing: 'local' }, 'cancelled', 'BOOK_USER_CANCELLED') };
  }
  if (order.cancelCommandId !== null) return { kind: 'already-pending', order };
  return { kind: 'remote', order: { ...order, cancelCommandId: commandId, cancelRequestedAt: at, updatedAt: at } };
}

/** Requests a modification (new total quantity and/or prices). The caller has validated the values. */
export function requestReplace(order: OrderRecord, replace: Omit<NonNullable<OrderRecord['pendingReplace']>, 'requestedAt'>, at: string): { ok: true; order: OrderRecord } | { ok: false; refusal: RequestRefusal } {
  if (!isOpen(order.status)) return { ok: false, refusal: 'not-open' };
  if (order.routing !== 'routed') return { ok: false, refusal: 'not-routed' };
  if (order.cancelCommandId !== null) return { ok: false, refusal: 'cancel-pending' };
  if (order.pendingReplace !== null) return { ok: false, refusal: 'replace-pending' };
  return { ok: true, order: { ...order, pendingReplace: { ...replace, requestedAt: at }, updatedAt: at } };
}
