// The path of a recorded order to execution, and the work that follows a commit.
// routeOrder: an order in `checking` gets the portfolio's buying-power answer (idempotent by order
// id there, so asking twice is harmless); then it is either routed — submit command on
// `orders.commands`, `orders.created`, reservation recorded; group-committed with other orders
// when it is a top-level order still as read, else in its own locking transaction — or rejected
// with the portfolio's reason (which a parent then reacts to). An order cancelled while its check was in
// flight keeps the reservation id so it is released. When the portfolio cannot answer, the order
// simply stays `checking` and the recovery sweep asks again; when it refuses the request itself
// (the account is gone, the requirement is beyond 2^53 minor units) the order is rejected.
// releaseOrder: releases every reservation an ended order holds, then clears release_pending.
// runEffects: runs what a transaction collected (services/effects.ts), never throwing — a failed
// step is logged and left for the sweep.
import { randomUUID } from 'node:crypto';
import { enqueue, withTransaction } from '@kestrel/server-common';
import type { OrderRejectReason } from '@kestrel/shared';
import { PortfolioRefused, PortfolioUnavailable } from '../clients/portfolio-client.js';
import type { OrderRecord } from '../domain/order-record.js';
import { markRouted, rejectBeforeRouting } from '../domain/order-state.js';
import { findInstrument, lastTradePrice } from '../store/market-store.js';
import { findOrder, lockOrder, updateOrder } from '../store/orders-store.js';
import type { OrderContext } from './context.js';
import { Effects } from './effects.js';
import { toOrder } from '../domain/order-record.js';
import { orderCreatedEvent, orderUpdatedEvent, submitCommandEvent } from './events.js';
import { evaluateParent } from './parent-engine.js';
import { lockOrderWithParent, persistTransition } from './order-writes.js';

/** The price the buying-power check uses: the limit, the stop, or for a market order the last trade. */
async function checkPrice(context: OrderContext, order: OrderRecord): Promise<number | null> {
  if (order.limitPriceTicks !== null) return order.limitPriceTicks;
  if (order.stopPriceTicks !== null) return order.stopPriceTicks;
  return lastTradePrice(context.db, order.symbol);
}

/**
 * The order's reject reason when the portfolio refused the check itself (null: not decidable, keep
 * asking): the account is gone, or the order's requirement cannot even be expressed in minor units.
 */
function refusalReason(error: PortfolioRefused): OrderRejectReason | null {
  switch (error.code) {
    case 'PORTFOLIO_ACCOUNT_NOT_FOUND':
      return 'ORDER_ACCOUNT_NOT_ACTIVE';
    case 'PORTFOLIO_AMOUNT_OUT_OF_RANGE':
      return 'PORTFOLIO_INSUFFICIENT_BUYING_POWER';
    case 'PORTFOLIO_CURRENCY_UNSUPPORTED':
      return 'PORTFOLIO_CURRENCY_MISMATCH';
    default:
      return null;
  }
}

/** Rejects a `checking` order with `reason` (and lets its parent react), in one transaction; returns the stored order. */
async function rejectChecking(context: OrderContext, order: OrderRecord, reason: OrderRejectReason, effects: Effects): Promise<OrderRecord | null> {
  return withTransaction(context.db, async (client) => {
    const locked = await lockOrderWithParent(client, order.id, order.parentOrderId);
    if (!locked) return null;
    const nowMs = context.time.now();
    const stored = await persistTransition(client, rejectBeforeRouting(locked.order, reason, new Date(nowMs).toISOString()), nowMs, effects, { orderId: order.id });
    if (stored && locked.parent) await evaluateParent(client, context.venue, nowMs, locked.parent.id, { kind: 'children' }, effects);
    return stored;
  });
}

/**
 * Routes an approved top-level order through the group-committed write (order-batches.ts): the
 * submit command, `orders.created` and `orders.updated` in one statement shared with other orders.
 * Returns null — the caller then takes the locking transaction below — when the instrument is not
 * known or the order changed since it was read (cancelled while its check was in flight).
 */
async function routeInBatch(context: OrderContext, order: OrderRecord): Promise<OrderRecord | null> {
  const instrument = await context.instruments.get(order.symbol);
  if (!instrument) return null;
  const nowMs = context.time.now();
  const reservations = order.reservationIds.includes(order.id) ? order.reservationIds : [...order.reservationIds, order.id];
  const commandId = randomUUID();
  const transition = markRouted({ ...order, reservationIds: reservations }, commandId, new Date(nowMs).toISOString());
  if (transition.kind !== 'applied') return null;
  const routed = transition.order;
  const events = [submitCommandEvent(commandId, toOrder(routed), instrument, nowMs), orderCreatedEvent(routed, nowMs), orderUpdatedEvent(routed, 'routed', null, null, nowMs)];
  return (await context.batches.recordRouted({ order: routed, previousReservationIds: order.reservationIds, events })) ? routed : null;
}

/**
 * Takes a `checking` order through the buying-power check to execution (or to `rejected`).
 * Returns the order as this call stored it, or null when it stored nothing (not `checking`, the
 * portfolio could not answer). `recorded` is the order as its creator just committed it, which
 * saves reading it back (order entry's hot path).
 */
export async function routeOrder(context: OrderContext, orderId: string, recorded?: OrderRecord): Promise<OrderRecord | null> {
  const order = recorded ?? (await findOrder(context.db, orderId));
  if (!order || order.routing !== 'checking') return null;
  const effects = new Effects();
  const price = await checkPrice(context, order);
  if (price === null) {
    const rejected = await rejectChecking(context, order, 'RISK_NO_REFERENCE_PRICE', effects);
    await runEffects(context, effects);
    return rejected;
  }
  let answer;
  const checkStarted = performance.now();
  try {
    answer = await context.portfolio.checkBuyingPower({
      orderId: order.id,
      accountId: order.accountId,
      symbol: order.symbol,
      side: order.side,
      quantityLots: order.quantityLots,
      priceTicks: price,
    });
  } catch (error) {
    if (error instanceof PortfolioRefused) {
      const reason = refusalReason(error);
      if (reason !== null) {
        context.logger.warn({ orderId, status: error.status, code: error.code, reason }, 'the portfolio refused the buying-power check');
        const rejected = await rejectChecking(context, order, reason, effects);
        await runEffects(context, effects);
        return rejected;
      }
      context.logger.error({ orderId, err: error }, 'the portfolio refused the buying-power check for an unknown reason; retried');
      return null;
    }
    if (!(error instanceof PortfolioUnavailable)) throw error;
    context.logger.warn({ orderId, err: error }, 'buying-power check unavailable; the order stays checking and is retried');
    return null;
  }
  context.metrics?.stage('check', (performance.now() - checkStarted) / 1000);
  if (!answer.approved) {
    const rejected = await rejectChecking(context, order, answer.reason ?? 'PORTFOLIO_INSUFFICIENT_BUYING_POWER', effects);
    await runEffects(context, effects);
    return rejected;
  }
  const routeStarted = performance.now();
  if (order.parentOrderId === null) {
    const routed = await routeInBatch(context, order);
    if (routed !== null) {
      context.metrics?.stage('route', (performance.now() - routeStarted) / 1000);
      return routed;
    }
  }
  const stored = await withTransaction(context.db, async (client): Promise<OrderRecord | null> => {
    const locked = await lockOrderWithParent(client, orderId, order.parentOrderId);
    if (!locked) return null;
    const nowMs = context.time.now();
    const current = locked.order;
    const reservations = current.reservationIds.includes(current.id) ? current.reservationIds : [...current.reservationIds, current.id];
    if (current.routing !== 'checking') {
      // Cancelled while the check was in flight: the reservation just made must still be released.
      if (current.routing === 'local' && !current.reservationIds.includes(current.id)) {
        const released = { ...current, reservationIds: reservations, releasePending: true };
        await updateOrder(client, released);
        effects.release.push(current.id);
        return released;
      }
      return null;
    }
    const instrument = await findInstrument(client, current.symbol);
    if (!instrument) {
      const rejected = await persistTransition(
        client,
        rejectBeforeRouting({ ...current, reservationIds: reservations }, 'ORDER_INSTRUMENT_UNKNOWN', new Date(nowMs).toISOString()),
        nowMs,
        effects,
        { orderId },
      );
      if (rejected && locked.parent) await evaluateParent(client, context.venue, nowMs, locked.parent.id, { kind: 'children' }, effects);
      return rejected;
    }
    const commandId = randomUUID();
    const transition = markRouted({ ...current, reservationIds: reservations }, commandId, new Date(nowMs).toISOString());
    if (transition.kind !== 'applied') return null;
    const routed = transition.order;
    await updateOrder(client, routed);
    await context.venue.submit(client, commandId, toOrder(routed), instrument);
    await enqueue(client, [orderCreatedEvent(routed, nowMs), orderUpdatedEvent(routed, 'routed', null, null, nowMs)]);
    return routed;
  });
  if (stored?.routing === 'routed') context.metrics?.stage('route', (performance.now() - routeStarted) / 1000);
  await runEffects(context, effects);
  return stored;
}

/** Releases every reservation of an ended order at the portfolio, then clears release_pending. */
export async function releaseOrder(context: OrderContext, orderId: string): Promise<void> {
  const order = await findOrder(context.db, orderId);
  if (!order || !order.releasePending) return;
  for (const reservationId of order.reservationIds) await context.portfolio.releaseReservation(reservationId);
  await withTransaction(context.db, async (client) => {
    const current = await lockOrder(client, orderId);
    if (current?.releasePending) await updateOrder(client, { ...current, releasePending: false });
  });
}

/** Runs the post-commit work of a transaction; failures are logged and left to the recovery sweep. */
export async function runEffects(context: OrderContext, effects: Effects): Promise<void> {
  context.metrics?.count(effects.status);
  for (const message of effects.status) await context.channels.publish('orders.status', message);
  for (const [parentId, atMs] of effects.timers) context.timers.schedule(parentId, atMs);
  for (const orderId of effects.release) {
    try {
      await releaseOrder(context, orderId);
    } catch (error) {
      context.logger.warn({ orderId, err: error }, 'releasing reservations failed; the recovery sweep retries');
    }
  }
  for (const orderId of effects.route) {
    try {
      await routeOrder(context, orderId);
    } catch (error) {
      context.logger.error({ orderId, err: error }, 'routing an order failed; the recovery sweep retries');
    }
  }
}
