// POST /v1/orders: order entry. Steps: the caller must be allowed to use the account (the
// portfolio answers, with the caller's credential); the (account, clientOrderId) key is claimed and
// the order recorded with its event in one group-committed statement (order-batches.ts) —
// `rejected` at once when it breaks an entry rule (shape, instrument, trading hours, inactive
// account), otherwise `new` waiting for the buying-power check; after the commit the check runs
// and the order is routed or rejected with the portfolio's reason — before the answer, or, when
// the caller asked for an early answer (`Prefer: respond-async`), after it (background-routing.ts),
// the answer then being the order as recorded. Idempotency: a retry with the
// same key and the same fields returns the first order (never a second one), with other fields it
// is ORDER_DUPLICATE_CLIENT_ID. Two concurrent requests with one key serialise on the key's
// primary key: the second finds the key claimed and answers with the first's order.
import { randomUUID } from 'node:crypto';
import { instantMillis, type NewOrderRequest } from '@kestrel/shared';
import type { Caller } from '../access.js';
import type { ForwardedCredentials } from '../clients/portfolio-client.js';
import { entryRejectReason, requestFingerprint } from '../domain/order-entry.js';
import type { OrderRecord } from '../domain/order-record.js';
import { newOrderRecord, termsOfRequest } from '../domain/new-order.js';
import { orderError } from '../errors.js';
import { findClientId } from '../store/client-ids-store.js';
import { findOrder } from '../store/orders-store.js';
import type { OrderContext } from './context.js';
import type { BackgroundRouting } from './background-routing.js';
import { Effects } from './effects.js';
import { newOrderEffects } from './order-writes.js';
import { routeOrder, runEffects } from './routing.js';

/** The order, whether this request created it (false: an idempotent retry), and whether its routing goes on after the answer. */
export interface PlacedOrder {
  order: OrderRecord;
  created: boolean;
  detached: boolean;
}

/** Throws ORDER_DUPLICATE_CLIENT_ID unless the existing claim is the same request. */
export function assertSameRequest(existing: { kind: string; fingerprint: string }, kind: 'order' | 'parent', fingerprint: string, clientOrderId: string): void {
  if (existing.kind !== kind || existing.fingerprint !== fingerprint) {
    throw orderError('ORDER_DUPLICATE_CLIENT_ID', `clientOrderId ${clientOrderId} is already used on this account for a different ${existing.kind === 'parent' ? 'parent order' : 'order'}`);
  }
}

/**
 * Places (or returns the earlier) order for `request`. With `detach`, a new order that is to be
 * routed is answered as recorded and routed by `detach` (an idempotent retry is answered as before).
 */
export async function placeOrder(
  context: OrderContext,
  caller: Caller,
  credentials: ForwardedCredentials,
  request: NewOrderRequest,
  detach?: BackgroundRouting,
): Promise<PlacedOrder> {
  if (request.expireAt !== undefined && instantMillis(request.expireAt) === null) {
    throw orderError('ORDER_INVALID_RANGE', 'expireAt lies outside the supported instants (years 0001-9999 UTC)');
  }
  const account = await context.accounts.resolve(caller, credentials, request.accountId);
  const fingerprint = requestFingerprint(request);
  const instrument = await context.instruments.get(request.symbol);
  const nowMs = context.time.now();
  const reason = account.status !== 'active' ? 'ORDER_ACCOUNT_NOT_ACTIVE' : entryRejectReason(request, instrument, nowMs);
  const recorded = newOrderRecord(
    { id: randomUUID(), accountId: account.id, ownerUserId: account.ownerUserId, clientOrderId: request.clientOrderId, parentOrderId: null, parentRole: null },
    termsOfRequest(request),
    reason,
    new Date(nowMs).toISOString(),
  );
  const effects = new Effects();
  const event = newOrderEffects(recorded, nowMs, effects);
  const recordStarted = performance.now();
  const claimed = await context.batches.recordNew({ order: recorded, fingerprint, events: [event] });
  context.metrics?.stage('record', (performance.now() - recordStarted) / 1000);
  if (!claimed) {
    const existing = await findClientId(context.db, request.accountId, request.clientOrderId);
    if (!existing) throw new Error(`client order id ${request.clientOrderId} conflicted but no claim was found`);
    assertSameRequest(existing, 'order', fingerprint, request.clientOrderId);
    await routeOrder(context, existing.targetId);
    return { order: await storedOrder(context, existing.targetId), created: false, detached: false };
  }
  // The new order is routed here rather than among the effects, so the answer is the routed order
  // as stored, without reading it back.
  const routeNow = effects.takeRoute(recorded.id);
  await runEffects(context, effects);
  if (!routeNow) return { order: recorded, created: true, detached: false };
  if (detach) {
    await detach.route(recorded);
    return { order: recorded, created: true, detached: true };
  }
  let routed: OrderRecord | null = null;
  try {
    routed = await routeOrder(context, recorded.id, recorded);
  } catch (error) {
    context.logger.error({ orderId: recorded.id, err: error }, 'routing an order failed; the recovery sweep retries');
  }
  return { order: routed ?? (await storedOrder(context, recorded.id)), created: true, detached: false };
}

async function storedOrder(context: OrderContext, id: string): Promise<OrderRecord> {
  const order = await findOrder(context.db, id);
  if (!order) throw new Error(`order ${id} vanished after it was recorded`);
  return order;
}
