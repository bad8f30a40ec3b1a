// PATCH /v1/orders/:id: modify a working order's total quantity and/or prices (cancel/replace).
// The new terms are checked here (domain/modify-rules.ts); terms that can need more buying power
// are checked with the portfolio first, as an extra hold under the replace command's id — on top
// of the order's own hold, so the account is never under-reserved while execution decides (both
// holds are released when the order ends). Then the replace command goes to execution and the
// order shows the modification as pending until execution reports `replaced` or
// `replace-rejected` (engine/risk reason passed through). One modification at a time.
import { randomUUID } from 'node:crypto';
import { withTransaction } from '@kestrel/server-common';
import type { Caller } from '../access.js';
import { PortfolioRefused, PortfolioUnavailable } from '../clients/portfolio-client.js';
import { checkModify, type ModifyRequest } from '../domain/modify-rules.js';
import type { OrderRecord } from '../domain/order-record.js';
import { requestReplace, type RequestRefusal } from '../domain/order-state.js';
import { orderError } from '../errors.js';
import { findInstrument, lastTradePrice } from '../store/market-store.js';
import { lockOrder } from '../store/orders-store.js';
import { visibleOrder } from './cancel-order.js';
import type { OrderContext } from './context.js';
import { Effects } from './effects.js';
import { persistReplaceRequest } from './order-writes.js';
import { runEffects } from './routing.js';

function refusalError(refusal: RequestRefusal, order: OrderRecord) {
  if (refusal === 'not-open') return orderError('ORDER_NOT_OPEN', `The order is already ${order.status}`, { status: order.status });
  const why = { 'not-routed': 'it is still waiting for its buying-power answer', 'cancel-pending': 'a cancel is pending', 'replace-pending': 'another modification is pending' }[refusal];
  return orderError('ORDER_NOT_MODIFIABLE', `The order cannot be modified now: ${why}`, { refusal });
}

/** Requests a modification; returns the order with the modification pending. */
export async function modifyOrder(context: OrderContext, caller: Caller, orderId: string, request: ModifyRequest): Promise<OrderRecord> {
  const order = await visibleOrder(context, caller, orderId);
  if (order.parentOrderId !== null) throw orderError('ORDER_MANAGED_BY_PARENT', 'This order belongs to a parent order; change the parent instead', { parentOrderId: order.parentOrderId });
  const check = checkModify(order, request, await findInstrument(context.db, order.symbol));
  if (!check.ok) throw orderError('ORDER_MODIFY_INVALID', `Invalid modification: ${check.problem}`, { problem: check.problem });
  const commandId = randomUUID();
  const dryRun = requestReplace(order, { commandId, ...check.terms }, order.updatedAt);
  if (!dryRun.ok) throw refusalError(dryRun.refusal, order);
  let reserved = false;
  if (check.needsBuyingPower) {
    const price = check.terms.limitPriceTicks ?? check.terms.stopPriceTicks ?? (await lastTradePrice(context.db, order.symbol));
    if (price === null) throw orderError('ORDER_MODIFY_REJECTED', 'No reference price is known to check the larger order', { reason: 'RISK_NO_REFERENCE_PRICE' });
    let answer;
    try {
      answer = await context.portfolio.checkBuyingPower({
        orderId: commandId,
        accountId: order.accountId,
        symbol: order.symbol,
        side: order.side,
        quantityLots: check.terms.quantityLots - order.filledQuantityLots,
        priceTicks: price,
      });
    } catch (error) {
      if (error instanceof PortfolioRefused) throw orderError('ORDER_MODIFY_REJECTED', `The portfolio refused the larger order: ${error.code}`, { reason: error.code });
      if (error instanceof PortfolioUnavailable) throw orderError('ORDER_PORTFOLIO_UNAVAILABLE', 'The buying-power check for the modification is unavailable; retry later');
      throw error;
    }
    if (!answer.approved) throw orderError('ORDER_MODIFY_REJECTED', `The portfolio refused the larger order: ${answer.reason}`, { reason: answer.reason });
    reserved = true;
  }
  const effects = new Effects();
  try {
    const modified = await withTransaction(context.db, async (client) => {
      const current = await lockOrder(client, orderId);
      if (!current) throw orderError('ORDER_NOT_FOUND', 'No such order');
      const nowMs = context.time.now();
      const requested = requestReplace(current, { commandId, ...check.terms }, new Date(nowMs).toISOString());
      if (!requested.ok) throw refusalError(requested.refusal, current);
      const next = reserved ? { ...requested.order, reservationIds: [...requested.order.reservationIds, commandId] } : requested.order;
      await persistReplaceRequest(client, context.venue, next, nowMs, effects);
      return next;
    });
    await runEffects(context, effects);
    return modified;
  } catch (error) {
    // The order moved on meanwhile: give the extra hold back at once.
    if (reserved) await context.portfolio.releaseReservation(commandId).catch((releaseError: unknown) => context.logger.warn({ err: releaseError, commandId }, 'releasing an unused modification hold failed'));
    throw error;
  }
}
