// The buying-power check the order service calls before it routes an order, and the release of
// a reservation when the order ends without filling completely. Both lock the account, so checks,
// fills and deposits of one account are serialised and two orders can never both spend the same
// buying power. Idempotent by order id: a repeated check with the same fields returns the stored
// answer; with different fields it is PORTFOLIO_RESERVATION_CONFLICT.
// Checks come in batches (the order service groups the orders that arrive together): one
// transaction locks the batch's accounts in id order (so two batches cannot deadlock), loads each
// account's state once, and decides the checks one after another in request order, each one
// seeing the reservations the earlier ones made — exactly as if they had run one by one. An item
// that is refused (unknown account, conflicting reservation, an amount past 2^53 while valuing
// its account or order) gets its error and changes nothing; the other items are unaffected.
import type pg from 'pg';
import { valuePerTickLot, type BuyingPowerCheckRequest, type BuyingPowerCheckResult, type InstrumentEconomics } from '@kestrel/shared';
import { KestrelError, transactionTogether, withTransaction, type Statement } from '@kestrel/server-common';
import { orderRequirement } from '../domain/buying-power.js';
import { portfolioError, translateTradingError } from '../errors.js';
import { lockAccount, lockAccountsStatement, lockedAccounts, type AccountRecord } from '../store/accounts-store.js';
import {
  findReservation,
  findReservationsStatement,
  foundReservations,
  insertReservationsStatement,
  updateReservation,
  type Reservation,
} from '../store/reservations-store.js';
import { accountStateReads, accountStatesFrom, type AccountState } from './account-state.js';

/** The answer to one check of a batch: a result, or the error that check alone would have raised. */
export type CheckOutcome = { result: BuyingPowerCheckResult } | { error: KestrelError };

/** An account of the batch, with what the batch itself has reserved on it so far. */
interface BatchAccount {
  account: AccountRecord;
  state: AccountState;
  reservedMinor: number;
  pendingLots: Map<string, { buy: number; sell: number }>;
}

function sameFields(existing: Reservation, request: BuyingPowerCheckRequest, fee: number): boolean {
  return (
    existing.accountId === request.accountId &&
    existing.symbol === request.symbol &&
    existing.side === request.side &&
    existing.quantityLots === request.quantityLots &&
    existing.priceTicks === request.priceTicks &&
    existing.feeEstimateMinor === fee
  );
}

/** Decides one check against its account as the batch left it; returns the result and the reservation to store (if any). */
function decide(
  request: BuyingPowerCheckRequest,
  entry: BatchAccount,
  instruments: ReadonlyMap<string, InstrumentEconomics>,
): { result: BuyingPowerCheckResult; reservation: Reservation | null } {
  const { account, state } = entry;
  const fee = request.feeEstimateMinor ?? 0;
  const buyingPower = state.valuation.buyingPowerMinor - entry.reservedMinor;
  const denied = (reason: NonNullable<BuyingPowerCheckResult['reason']>, requiredMinor = 0) => ({
    result: { orderId: request.orderId, approved: false, reason, requiredMinor, buyingPowerMinor: buyingPower, reservedMinor: 0 },
    reservation: null,
  });
  if (account.status !== 'active') return denied('ORDER_ACCOUNT_NOT_ACTIVE');
  const held = state.positions.find((position) => position.position.symbol === request.symbol);
  const instrument = held?.instrument ?? instruments.get(request.symbol);
  if (!instrument) return denied('PORTFOLIO_INSTRUMENT_UNKNOWN');
  if (instrument.currency !== account.currency) return denied('PORTFOLIO_CURRENCY_MISMATCH');
  const pending = entry.pendingLots.get(request.symbol) ?? { buy: 0, sell: 0 };
  const requirement = orderRequirement(
    { side: request.side, quantityLots: request.quantityLots, priceTicks: request.priceTicks, feeEstimateMinor: fee },
    { positionLots: held?.position.quantityLots ?? 0, pendingBuyLots: pending.buy, pendingSellLots: pending.sell },
    account.marginPolicy,
    valuePerTickLot(instrument),
  );
  if (!requirement.allowed) return denied(requirement.reason, requirement.requiredMinor);
  if (requirement.requiredMinor > 0 && requirement.requiredMinor > buyingPower) return denied('PORTFOLIO_INSUFFICIENT_BUYING_POWER', requirement.requiredMinor);
  const reserve = request.reserve ?? true;
  const result = { orderId: request.orderId, approved: true, reason: null, requiredMinor: requirement.requiredMinor, buyingPowerMinor: buyingPower, reservedMinor: reserve ? requirement.requiredMinor : 0 };
  if (!reserve) return { result, reservation: null };
  entry.reservedMinor += requirement.requiredMinor;
  entry.pendingLots.set(request.symbol, { ...pending, [request.side]: pending[request.side] + request.quantityLots });
  return {
    result,
    reservation: {
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
    },
  };
}

/** The refusal `error` stands for, or the error itself when it is not a request's fault (a bug: the batch fails). */
function refusal(error: unknown): KestrelError {
  const translated = translateTradingError(error);
  if (translated instanceof KestrelError) return translated;
  throw translated;
}

/**
 * Checks (and by default reserves) buying power for a batch of orders, in request order. Two round
 * trips whatever the batch: BEGIN with the reads — every account of the batch locked in one
 * statement (id order), then, each with a snapshot taken after the lock, what values the accounts
 * (accountStateReads, with the instruments of the batch's symbols) and the batch's existing
 * reservations — and then the new reservations with COMMIT (statements sent together: queryTogether).
 */
export async function checkBuyingPowers(pool: pg.Pool, requests: readonly BuyingPowerCheckRequest[]): Promise<CheckOutcome[]> {
  const accountIds = [...new Set(requests.map((request) => request.accountId))];
  const stateReads = accountStateReads(accountIds, [...new Set(requests.map((request) => request.symbol))]);
  const read = [lockAccountsStatement(accountIds), ...stateReads, findReservationsStatement(requests.map((request) => request.orderId))];
  return transactionTogether(pool, read, ([lockedResult, ...results]) => {
    const locked = lockedAccounts(lockedResult!);
    const { states, instruments } = accountStatesFrom(accountIds, [...locked.values()], results.slice(0, stateReads.length));
    const existing = foundReservations(results[stateReads.length]!);
    const accounts = new Map<string, BatchAccount | KestrelError>();
    for (const accountId of accountIds) {
      const account = locked.get(accountId);
      const state = states.get(accountId);
      if (!account || !state) {
        accounts.set(accountId, portfolioError('PORTFOLIO_ACCOUNT_NOT_FOUND', 'No such account'));
      } else if (state instanceof Error) {
        accounts.set(accountId, refusal(state));
      } else {
        const pendingLots = new Map([...state.pendingLots].map(([symbol, lots]) => [symbol, { ...lots }]));
        accounts.set(accountId, { account, state, reservedMinor: 0, pendingLots });
      }
    }
    const stored: Reservation[] = [];
    const outcomes = requests.map((request): CheckOutcome => {
      const entry = accounts.get(request.accountId)!;
      const fee = request.feeEstimateMinor ?? 0;
      const previous = existing.get(request.orderId);
      // A repeated check is answered from its reservation even when the account cannot be valued now.
      if (previous && !(entry instanceof KestrelError && entry.code === 'PORTFOLIO_ACCOUNT_NOT_FOUND')) {
        if (!sameFields(previous, request, fee)) {
          return { error: portfolioError('PORTFOLIO_RESERVATION_CONFLICT', `order ${request.orderId} already holds a reservation with other fields`) };
        }
        return { result: { orderId: request.orderId, approved: true, reason: null, requiredMinor: previous.requiredMinor, buyingPowerMinor: previous.buyingPowerMinor, reservedMinor: previous.reservedMinor } };
      }
      if (entry instanceof KestrelError) return { error: entry };
      let decided;
      try {
        decided = decide(request, entry, instruments);
      } catch (error) {
        return { error: refusal(error) };
      }
      const { result, reservation } = decided;
      if (reservation) {
        // A second check of the same order in this batch answers like a retry.
        existing.set(request.orderId, reservation);
        stored.push(reservation);
      }
      return { result };
    });
    const write: Statement[] = stored.length === 0 ? [] : [insertReservationsStatement(stored)];
    return { write, result: outcomes };
  });
}

/** Checks (and by default reserves) buying power for one order; a refusal is thrown. */
export async function checkBuyingPower(pool: pg.Pool, request: BuyingPowerCheckRequest): Promise<BuyingPowerCheckResult> {
  const [outcome] = await checkBuyingPowers(pool, [request]);
  if (!outcome || 'error' in outcome) throw outcome?.error ?? new Error('no outcome for the check');
  return outcome.result;
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
