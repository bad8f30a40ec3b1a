// DELETE /v1/orders/:id and DELETE /v1/orders: cancellation. An order still waiting for its
// buying-power answer ends here at once (`cancelled`, BOOK_USER_CANCELLED); a routed one gets a
// cancel command and stays as it is until execution reports `cancelled` (or `cancel-rejected`
// when it had already ended). Invariants: a second cancel while one is pending sends nothing
// more; children of parent orders are cancelled through their parent; cancel-all covers the
// caller's own accounts (or one named account) and their working parent orders too.
import { randomUUID } from 'node:crypto';
import { withTransaction } from '@kestrel/server-common';
import { mayView, type Caller } from '../access.js';
import type { ForwardedCredentials } from '../clients/portfolio-client.js';
import type { OrderRecord } from '../domain/order-record.js';
import { requestCancel } from '../domain/order-state.js';
import { orderError } from '../errors.js';
import { findOrder, openTopLevelOrderIds } from '../store/orders-store.js';
import { workingParentIds } from '../store/parents-store.js';
import type { OrderContext } from './context.js';
import { Effects } from './effects.js';
import { lockOrderWithParent, persistCancelRequest, persistTransition } from './order-writes.js';
import { cancelParentInTransaction } from './parent-orders.js';
import { runEffects } from './routing.js';

/** The order if the caller may see it; ORDER_NOT_FOUND otherwise. */
export async function visibleOrder(context: OrderContext, caller: Caller, orderId: string): Promise<OrderRecord> {
  const order = await findOrder(context.db, orderId);
  if (!order || !mayView(caller, order.ownerUserId)) throw orderError('ORDER_NOT_FOUND', 'No such order');
  return order;
}

/** Requests the cancellation of one order; returns it as stored afterwards. */
export async function cancelOrder(context: OrderContext, caller: Caller, orderId: string): Promise<OrderRecord> {
  const visible = await visibleOrder(context, caller, orderId);
  if (visible.parentOrderId !== null) throw orderError('ORDER_MANAGED_BY_PARENT', 'This order belongs to a parent order; cancel the parent', { parentOrderId: visible.parentOrderId });
  const effects = new Effects();
  const order = await withTransaction(context.db, async (client) => {
    const locked = await lockOrderWithParent(client, orderId);
    if (!locked) throw orderError('ORDER_NOT_FOUND', 'No such order');
    const nowMs = context.time.now();
    const request = requestCancel(locked.order, randomUUID(), new Date(nowMs).toISOString());
    switch (request.kind) {
      case 'refused':
        throw orderError('ORDER_NOT_OPEN', `The order is already ${locked.order.status}`, { status: locked.order.status });
      case 'already-pending':
        return request.order;
      case 'local':
        return (await persistTransition(client, request.transition, nowMs, effects, { orderId })) ?? locked.order;
      case 'remote':
        await persistCancelRequest(client, context.venue, request.order, nowMs, effects);
        return request.order;
    }
  });
  await runEffects(context, effects);
  return order;
}

/** What cancel-all did. */
export interface CancelAllResult {
  orderIds: string[];
  parentOrderIds: string[];
}

/** Cancels every open order and working parent of the caller's accounts (or of `accountId`), optionally of one symbol. */
export async function cancelAll(
  context: OrderContext,
  caller: Caller,
  credentials: ForwardedCredentials,
  scope: { accountId?: string; symbol?: string },
): Promise<CancelAllResult> {
  const accountIds = scope.accountId !== undefined ? [(await context.accounts.resolve(caller, credentials, scope.accountId)).id] : null;
  const owner = accountIds === null ? caller.userId : null;
  const result: CancelAllResult = { orderIds: [], parentOrderIds: [] };
  const effects = new Effects();
  await withTransaction(context.db, async (client) => {
    const nowMs = context.time.now();
    const at = new Date(nowMs).toISOString();
    const parentIds = await workingParentIds(client, { accountIds, ownerUserId: owner, symbol: scope.symbol });
    for (const parentId of parentIds) {
      if (await cancelParentInTransaction(client, context.venue, nowMs, parentId, 'CANCEL_ALL', effects)) result.parentOrderIds.push(parentId);
    }
    for (const id of await openTopLevelOrderIds(client, { accountIds, ownerUserId: owner, symbol: scope.symbol })) {
      const locked = await lockOrderWithParent(client, id);
      if (!locked) continue;
      const request = requestCancel(locked.order, randomUUID(), at);
      if (request.kind === 'local') await persistTransition(client, request.transition, nowMs, effects, { orderId: id });
      else if (request.kind === 'remote') await persistCancelRequest(client, context.venue, request.order, nowMs, effects);
      if (request.kind !== 'refused') result.orderIds.push(id);
    }
  });
  await runEffects(context, effects);
  return result;
}
