// Writing order changes inside a transaction: a new order, a state-machine transition, a
// requested cancel or modification — each together with its outbox events and post-commit
// effects. Invariants: every change to order_orders in this service goes through here, so every
// change has its `orders.updated` event in the same transaction; an order that ends with
// reservations gets release_pending in the same write; lock order is always parent, then child
// (lockOrderWithParent), so report handling and parent decisions cannot deadlock.
import { enqueue } from '@kestrel/server-common';
import type { EventEnvelope } from '@kestrel/shared';
import type pg from 'pg';
import { toOrder, type OrderRecord } from '../domain/order-record.js';
import type { Transition } from '../domain/order-state.js';
import { recordAnomaly } from '../store/anomalies-store.js';
import { insertExecution } from '../store/executions-store.js';
import { findOrder, insertOrder, lockOrder, updateOrder } from '../store/orders-store.js';
import { lockParent, type ParentRecord } from '../store/parents-store.js';
import type { ExecutionVenue } from '../domain/execution-venue.js';
import { orderUpdatedEvent } from './events.js';
import type { Effects } from './effects.js';

/**
 * Locks an order and, first, its parent (if it has one). An order's parent never changes, so a
 * caller that already knows it passes `parentOrderId` and saves the read that finds it.
 */
export async function lockOrderWithParent(
  client: pg.ClientBase,
  orderId: string,
  parentOrderId?: string | null,
): Promise<{ order: OrderRecord; parent: ParentRecord | null } | null> {
  let parentId = parentOrderId;
  if (parentId === undefined) {
    const peek = await findOrder(client, orderId);
    if (!peek) return null;
    parentId = peek.parentOrderId;
  }
  const parent = parentId === null ? null : await lockParent(client, parentId);
  const order = await lockOrder(client, orderId);
  return order ? { order, parent } : null;
}

function statusMessage(order: OrderRecord, change: Parameters<typeof orderUpdatedEvent>[1], effects: Effects): void {
  effects.status.push({ kind: 'order', accountId: order.accountId, ownerUserId: order.ownerUserId, change, order: toOrder(order) });
}

/**
 * What recording a new order (status `new` + `checking`, or already `rejected`) adds besides the
 * row: its `received`/`rejected` event (returned, for the caller's write), the status message and
 * for a `checking` order the routing effect. Used by recordNewOrder and by group-committed entry.
 */
export function newOrderEffects(order: OrderRecord, nowMs: number, effects: Effects): EventEnvelope {
  const change = order.status === 'rejected' ? 'rejected' : 'received';
  statusMessage(order, change, effects);
  if (order.routing === 'checking') effects.route.push(order.id);
  return orderUpdatedEvent(order, change, order.rejectReason, null, nowMs);
}

/** Inserts a new order with its event and effects (newOrderEffects). */
export async function recordNewOrder(client: pg.ClientBase, order: OrderRecord, nowMs: number, effects: Effects): Promise<void> {
  await insertOrder(client, order);
  await enqueue(client, newOrderEffects(order, nowMs, effects));
}

/**
 * Everything of a transition except writing the order row and its event: an anomaly is recorded,
 * a fill is inserted (once per execution id), an ended order with reservations gets
 * release_pending, the status message and the release effect are collected. Returns the order to
 * store and its `orders.updated` event, or null when nothing is to be stored.
 */
export async function stageTransition(
  client: pg.ClientBase,
  transition: Transition,
  nowMs: number,
  effects: Effects,
  context: { eventId?: string; report?: unknown; orderId: string },
): Promise<{ order: OrderRecord; event: EventEnvelope } | null> {
  if (transition.kind === 'ignored') return null;
  if (transition.kind === 'anomaly') {
    if (context.eventId !== undefined) await recordAnomaly(client, context.eventId, context.orderId, context.report ?? null, transition.note);
    return null;
  }
  let order = transition.order;
  if (transition.execution) {
    const inserted = await insertExecution(client, transition.execution, order.ownerUserId);
    // The same fill under a new event id (a re-sent report) is booked once.
    if (!inserted) return null;
  }
  if (transition.ended && order.reservationIds.length > 0) order = { ...order, releasePending: true };
  statusMessage(order, transition.change, effects);
  if (order.releasePending) effects.release.push(order.id);
  return { order, event: orderUpdatedEvent(order, transition.change, transition.reason, transition.execution?.id ?? null, nowMs) };
}

/** Persists an applied transition (plus its fill); returns the stored order, or null when nothing was applied. */
export async function persistTransition(
  client: pg.ClientBase,
  transition: Transition,
  nowMs: number,
  effects: Effects,
  context: { eventId?: string; report?: unknown; orderId: string },
): Promise<OrderRecord | null> {
  const staged = await stageTransition(client, transition, nowMs, effects, context);
  if (!staged) return null;
  await updateOrder(client, staged.order);
  await enqueue(client, staged.event);
  return staged.order;
}

/** Stores a requested cancel (the order is already updated by requestCancel) and sends the cancel command. */
export async function persistCancelRequest(client: pg.ClientBase, venue: ExecutionVenue<pg.ClientBase>, order: OrderRecord, nowMs: number, effects: Effects): Promise<void> {
  if (order.cancelCommandId === null) throw new Error(`order ${order.id} has no pending cancel`);
  await updateOrder(client, order);
  await venue.cancel(client, { commandId: order.cancelCommandId, orderId: order.id, accountId: order.accountId, symbol: order.symbol });
  await enqueue(client, orderUpdatedEvent(order, 'cancel-requested', null, null, nowMs));
  statusMessage(order, 'cancel-requested', effects);
}

/** Stores a requested modification and sends the replace command. */
export async function persistReplaceRequest(client: pg.ClientBase, venue: ExecutionVenue<pg.ClientBase>, order: OrderRecord, nowMs: number, effects: Effects): Promise<void> {
  const pending = order.pendingReplace;
  if (pending === null) throw new Error(`order ${order.id} has no pending modification`);
  await updateOrder(client, order);
  await venue.modify(client, {
    commandId: pending.commandId,
    orderId: order.id,
    accountId: order.accountId,
    symbol: order.symbol,
    quantityLots: pending.quantityLots,
    limitPriceTicks: pending.limitPriceTicks,
    stopPriceTicks: pending.stopPriceTicks,
  });
  await enqueue(client, orderUpdatedEvent(order, 'replace-requested', null, null, nowMs));
  statusMessage(order, 'replace-requested', effects);
}
