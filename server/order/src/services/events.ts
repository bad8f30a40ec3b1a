// The events the order service writes to the outbox, built in one place so every producer path
// emits the same shapes (shared/src/trading/order-flow.ts, topic-payloads.ts). All are keyed by
// account id — the command stream in particular, so execution sees one account's submits,
// cancels and replaces in the order they were decided — except risk commands without an account
// (key RISK_EVENT_KEY).
import {
  RISK_EVENT_KEY,
  type EventEnvelope,
  type InstrumentEconomics,
  type Order,
  type OrderChange,
  type OrderCommandPayload,
  type OrderRejectReason,
  type OrderUpdatedPayload,
  type ParentOrderStatus,
} from '@kestrel/shared';
import { createEnvelope } from '@kestrel/server-common';
import { toOrder, type OrderRecord } from '../domain/order-record.js';

const at = (nowMs: number) => ({ occurredAt: new Date(nowMs).toISOString() });

/** `orders.updated` for one order change. */
export function orderUpdatedEvent(order: OrderRecord, change: OrderChange, reason: OrderRejectReason | null, executionId: string | null, nowMs: number): EventEnvelope {
  const payload: OrderUpdatedPayload = { kind: 'order', change, order: toOrder(order), reason, executionId };
  return createEnvelope('orders.updated', order.accountId, payload, at(nowMs));
}

/** `orders.updated` for a parent order's new status or fills. */
export function parentUpdatedEvent(
  parent: { id: string; accountId: string; status: ParentOrderStatus; reason: string | null },
  filledQuantityLots: number,
  nowMs: number,
): EventEnvelope {
  const payload: OrderUpdatedPayload = { kind: 'parent', parentOrderId: parent.id, accountId: parent.accountId, status: parent.status, reason: parent.reason, filledQuantityLots };
  return createEnvelope('orders.updated', parent.accountId, payload, at(nowMs));
}

/** `orders.created`: the order passed every check and goes to execution. */
export function orderCreatedEvent(order: OrderRecord, nowMs: number): EventEnvelope {
  return createEnvelope('orders.created', order.accountId, { order: toOrder(order) }, at(nowMs));
}

/** `orders.commands` for one account (or, with `accountId` null, a firm-wide risk command). */
export function commandEvent(accountId: string | null, command: OrderCommandPayload, nowMs: number): EventEnvelope {
  return createEnvelope('orders.commands', accountId ?? RISK_EVENT_KEY, command, at(nowMs));
}

/** `orders.commands` submit of an order that passed every check. */
export function submitCommandEvent(commandId: string, order: Order, instrument: InstrumentEconomics, nowMs: number): EventEnvelope {
  const { symbol, currency, tickSize, lotSize, contractMultiplier } = instrument;
  return commandEvent(order.accountId, { kind: 'submit', commandId, order, instrument: { symbol, currency, tickSize, lotSize, contractMultiplier } }, nowMs);
}
