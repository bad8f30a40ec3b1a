// Small building blocks every strategy uses, so each strategy file says only what is special
// about it. Pure.
import type { OrderStatus, Side } from '@kestrel/shared';
import { isOpen } from '../order-record.js';
import type { ChildOrder, ChildRequest, ParentDecision, ParentView } from './parent-types.js';

/** The decision that changes nothing. */
export function keep(parent: ParentView): ParentDecision {
  return { submit: [], cancel: [], state: parent.state, status: parent.status, reason: parent.reason, wakeAtMs: parent.wakeAtMs };
}

/** True once the parent can never act again. */
export function isTerminal(parent: ParentView): boolean {
  return parent.status !== 'working';
}

/** Open children no cancel has been sent for. */
export function cancellable(children: readonly ChildOrder[]): string[] {
  return children.filter((child) => isOpen(child.status) && !child.cancelRequested).map((child) => child.id);
}

/** Cancels everything still open and ends the parent as `cancelled` with `reason`. */
export function cancelAll(parent: ParentView, children: readonly ChildOrder[], reason: string): ParentDecision {
  if (isTerminal(parent)) return keep(parent);
  return { submit: [], cancel: cancellable(children), state: parent.state, status: 'cancelled', reason, wakeAtMs: null };
}

/** The child with `role`, if placed. */
export function childWithRole(children: readonly ChildOrder[], role: string): ChildOrder | undefined {
  return children.find((child) => child.role === role);
}

/** The other side. */
export function opposite(side: Side): Side {
  return side === 'buy' ? 'sell' : 'buy';
}

/** True when the child has ended. */
export function hasEnded(child: ChildOrder): boolean {
  return !isOpen(child.status);
}

/** The parent status and reason when a single deciding child ended without filling. */
export function endedUnfilled(child: ChildOrder, label: string): { status: 'rejected' | 'cancelled'; reason: string } {
  if (child.status === 'rejected') return { status: 'rejected', reason: child.rejectReason ?? `${label}_REJECTED` };
  return { status: 'cancelled', reason: child.rejectReason ?? `${label}_${statusWord(child.status)}` };
}

function statusWord(status: OrderStatus): string {
  return status.toUpperCase();
}

/** A child request with the optional fields defaulted. */
export function child(fields: Pick<ChildRequest, 'role' | 'symbol' | 'side' | 'type' | 'timeInForce' | 'quantityLots'> & Partial<ChildRequest>): ChildRequest {
  return {
    limitPriceTicks: null,
    stopPriceTicks: null,
    expireAt: null,
    postOnly: false,
    displayQuantityLots: null,
    ...fields,
  };
}
