// Running a parent's decision inside a transaction: lock the parent (then its children), ask its
// strategy (domain/parent) what to do given the children as stored, and carry it out — record new
// children (they go on to the buying-power check after commit), cancel children, store the new
// state, status and wake time, and emit `orders.updated` when the parent's status or fills change.
// Invariants: a decision is always re-derived from the stored children, never from the event that
// triggered it, so evaluating twice (a redelivered report, two replicas' timers) changes nothing
// the second time; children rejected or cancelled on the spot are fed back to the strategy at
// once (bounded rounds), so e.g. a slice refused by the entry checks ends the parent in the same
// transaction.
import { randomUUID } from 'node:crypto';
import { enqueue } from '@kestrel/server-common';
import type pg from 'pg';
import { entryRejectReason } from '../domain/order-entry.js';
import type { ExecutionVenue } from '../domain/execution-venue.js';
import type { OrderRecord } from '../domain/order-record.js';
import { requestCancel } from '../domain/order-state.js';
import { asRequest, childClientOrderId, newOrderRecord, termsOfChild } from '../domain/new-order.js';
import { decide, parentFilled } from '../domain/parent/parent-strategy.js';
import type { ChildOrder, ParentInput, ParentView } from '../domain/parent/parent-types.js';
import { findInstrument, lastTradePrice } from '../store/market-store.js';
import { lockChildren } from '../store/orders-store.js';
import { lockParent, updateParent, type ParentRecord } from '../store/parents-store.js';
import type { Effects } from './effects.js';
import { parentUpdatedEvent } from './events.js';
import { persistCancelRequest, persistTransition, recordNewOrder } from './order-writes.js';

/** Rounds of "a child ended on the spot, decide again" per evaluation (a strategy needs at most a few). */
const MAX_ROUNDS = 8;

/** A child as its strategy sees it. */
export function childView(order: OrderRecord): ChildOrder {
  return {
    id: order.id,
    role: order.parentRole ?? '',
    side: order.side,
    quantityLots: order.quantityLots,
    filledQuantityLots: order.filledQuantityLots,
    status: order.status,
    rejectReason: order.rejectReason,
    cancelRequested: order.cancelCommandId !== null,
  };
}

function parentView(parent: ParentRecord): ParentView {
  return { id: parent.id, type: parent.type, strategy: parent.strategy, state: parent.state, status: parent.status, reason: parent.reason, wakeAtMs: parent.wakeAtMs };
}

/** Applies `input` to the parent; returns the parent as stored afterwards (null if it does not exist). */
export async function evaluateParent(
  client: pg.ClientBase,
  venue: ExecutionVenue<pg.ClientBase>,
  nowMs: number,
  parentId: string,
  input: ParentInput,
  effects: Effects,
): Promise<ParentRecord | null> {
  const locked = await lockParent(client, parentId);
  if (!locked) return null;
  let parent = locked;
  let children = await lockChildren(client, parentId);
  const filledBefore = parentFilled(parent.strategy, children.map(childView));
  const lastPriceTicks = input.kind === 'start' && parent.type === 'trailing_stop' ? await lastTradePrice(client, parent.symbol) : null;
  const at = new Date(nowMs).toISOString();
  let next: ParentInput = input;
  for (let round = 0; round < MAX_ROUNDS; round += 1) {
    const decision = decide(parentView(parent), children.map(childView), next, { nowMs, lastPriceTicks });
    let endedHere = false;
    for (const childId of decision.cancel) {
      const child = children.find((candidate) => candidate.id === childId);
      if (!child) continue;
      const request = requestCancel(child, randomUUID(), at);
      let updated: OrderRecord | null = null;
      if (request.kind === 'local') {
        updated = await persistTransition(client, request.transition, nowMs, effects, { orderId: child.id });
        endedHere = endedHere || updated !== null;
      } else if (request.kind === 'remote') {
        await persistCancelRequest(client, venue, request.order, nowMs, effects);
        updated = request.order;
      }
      if (updated) children = children.map((candidate) => (candidate.id === childId ? updated : candidate));
    }
    for (const request of decision.submit) {
      const identity = {
        id: randomUUID(),
        accountId: parent.accountId,
        ownerUserId: parent.ownerUserId,
        clientOrderId: childClientOrderId(parent.id, request.role),
        parentOrderId: parent.id,
        parentRole: request.role,
      };
      const terms = termsOfChild(request);
      const instrument = await findInstrument(client, request.symbol);
      const reason = entryRejectReason(asRequest(identity, terms), instrument, nowMs);
      const record = newOrderRecord(identity, terms, reason, at);
      await recordNewOrder(client, record, nowMs, effects);
      children = [...children, record];
      endedHere = endedHere || reason !== null;
    }
    const changed =
      JSON.stringify(decision.state) !== JSON.stringify(parent.state) ||
      decision.status !== parent.status ||
      decision.reason !== parent.reason ||
      decision.wakeAtMs !== parent.wakeAtMs;
    if (changed) {
      parent = { ...parent, state: decision.state, status: decision.status, reason: decision.reason, wakeAtMs: decision.status === 'working' ? decision.wakeAtMs : null, updatedAt: at };
      await updateParent(client, parent);
    }
    if (!endedHere) break;
    next = { kind: 'children' };
  }
  const filled = parentFilled(parent.strategy, children.map(childView));
  if (parent.status !== locked.status || parent.reason !== locked.reason || filled !== filledBefore) {
    await enqueue(client, parentUpdatedEvent(parent, filled, nowMs));
    effects.status.push({
      kind: 'parent',
      accountId: parent.accountId,
      ownerUserId: parent.ownerUserId,
      parentOrderId: parent.id,
      status: parent.status,
      reason: parent.reason,
      filledQuantityLots: filled,
    });
  }
  effects.timers.set(parent.id, parent.status === 'working' ? parent.wakeAtMs : null);
  return parent;
}
