// The buying-power check the order service calls before it routes an order, and the release of
// a reservation when the order ends without filling completely. Both lock the account, so checks,
// fills and deposits of one account are serialised and two orders can never both spend the same
// buying power. Idempotent by order id: a repeated check with the same fields returns the stored
// answer; with different fields it is PORTFOLIO_RESERVATION_CONFLICT.
import type pg from 'pg';
import { valuePerTickLot, type BuyingPowerCheckRequest, type BuyingPowerCheckResult } from '@kestrel/shared';
import { withTransaction } from '@kestrel/server-common';
import { orderRequirement } from '../domain/buying-power.js';
import { portfolioError } from '../errors.js';
import { lockAccount } from '../store/accounts-store.js';
import { findInstruments } from '../store/instruments-store.js';
import { findReservation, insertReservation, updateReservation } from '../store/reservations-store.js';
import { loadAccountState } from './account-state.js';

/** Checks (and by default reserves) buying power for one order. */
export async function checkBuyingPower(pool: pg.Pool, request: BuyingPowerCheckRequest): Promise<BuyingPowerCheckResult> {
  return withTransaction(pool, async (client) => {
    const account = await lockAccount(client, request.accountId);
    if (!account) throw portfolioError('PORTFOLIO_ACCOUNT_NOT_FOUND', 'No such account');
    const fee = request.feeEstimateMinor ?? 0;
    const existing = await findReservation(client, request.orderId);
    if (existing) {
      const same =
        existing.accountId === request.accountId &&
        existing.symbol === request.symbol &&
        existing.side === request.side &&
        existing.quantityLots === request.quantityLots &&
        existing.priceTicks === request.priceTicks &&
        existing.feeEstimateMinor === fee;
      if (!same) throw portfolioError('PORTFOLIO_RESERVATION_CONFLICT', `order ${request.orderId} already holds a reservation with other fields`);
      return { orderId: request.orderId, approved: true, reason: null, requiredMinor: existing.requiredMinor, buyingPowerMinor: existing.buyingPowerMinor, reservedMinor: existing.reservedMinor };
    }
    const state = await loadAccountState(client, account, request.symbol);
    const buyingPower = state.valuation.buyingPowerMinor;
    const denied = (reason: NonNullable<BuyingPowerCheckResult['reason']>, requiredMinor = 0): BuyingPowerCheckResult => ({
      orderId: request.orderId,
      approved: false,
      reason,
      requiredMinor,
      buyingPowerMinor: buyingPower,
      reservedMinor: 0,
    });
    if (account.status !== 'active') return denied('ORDER_ACCOUNT_NOT_ACTIVE');
    // The state already holds the account's positions and reservation totals; only an instrument the
    // account has no position in needs a read.
    const held = state.positions.find((entry) => entry.position.symbol === request.symbol);
    const instrument = held?.instrument ?? (await findInstruments(client, [request.symbol])).get(request.symbol);
    if (!instrument) return denied('PORTFOLIO_INSTRUMENT_UNKNOWN');
    if (instrument.currency !== account.currency) return denied('PORTFOLIO_CURRENCY_MISMATCH');

    const requirement = orderRequirement(
      { side: request.side, quantityLots: request.quantityLots, priceTicks: request.priceTicks, feeEstimateMinor: fee },
      { positionLots: held?.position.quantityLots ?? 0, pendingBuyLots: state.pendingLots.buy, pendingSellLots: state.pendingLots.sell },
      account.marginPolicy,
      valuePerTickLot(instrument),
    );
    if (!requirement.allowed) return denied(requirement.reason, requirement.requiredMinor);
    if (requirement.requiredMinor > 0 && requirement.requiredMinor > buyingPower) {
      return denied('PORTFOLIO_INSUFFICIENT_BUYING_POWER', requirement.requiredMinor);
    }
    const reserve = request.reserve ?? true;
    if (reserve) {
      await insertReservation(client, {
        orderId: request.orderId,
        accountId: account.id,
        symbol: request.symbol,
        side: request.side,
        quantityLots: request.quantityLots,
        priceTicks: request.priceTicks,
        feeEstimateMinor: fee,
        remainingLots: request.quantityLots,
        reservedMinor: requirement.requiredMinor,
        requiredMinor: requirement.requiredMinor,
        buyingPowerMinor: buyingPower,
      });
    }
    return {
      orderId: request.orderId,
      approved: true,
      reason: null,
      requiredMinor: requirement.requiredMinor,
      buyingPowerMinor: buyingPower,
      reservedMinor: reserve ? requirement.requiredMinor : 0,
    };
  });
}

/** Drops what is left of an order's reservation (cancelled, rejected, expired); returns the amount released. */
export async function releaseReservation(pool: pg.Pool, orderId: string): Promise<number> {
  return withTransaction(pool, async (client) => {
    const reservation = await findReservation(client, orderId);
    if (!reservation) return 0;
    await lockAccount(client, reservation.accountId);
    // Re-read under the account lock: a fill may have shrunk or removed it meanwhile.
    const current = await findReservation(client, orderId);
    if (!current) return 0;
    await updateReservation(client, orderId, 0, 0);
    return current.reservedMinor;
  });
}
