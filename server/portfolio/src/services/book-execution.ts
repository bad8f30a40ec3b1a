// Booking one `orders.executed` event: the consumer side of the order flow. Runs inside the
// caller's transaction (the idempotent consumer's, which already recorded the event id), and:
// locks the account, skips an execution id already booked (portfolio_fills_applied: the same
// fill re-sent under a NEW event id still books once), books the fill into lots/position/cash,
// shrinks the order's buying-power reservation, moves the symbol's mark, snapshots the account
// and enqueues `positions.updated` through the outbox — all or nothing.
// Events that can never be booked (schema violation, unknown account, currency or symbol
// mismatch, amounts beyond 2^53) are kept in portfolio_dead_letters and acknowledged, because a
// throwing handler would block its partition forever; only infrastructure failures throw.
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import {
  FINAL_ORDER_STATUSES,
  OrderExecutedPayloadSchema,
  TradingError,
  parseTrading,
  valuePerTickLot,
  toRatio,
  type EventEnvelope,
  type Fraction,
  type OrderExecutedPayload,
  type PositionsUpdatedPayload,
} from '@kestrel/shared';
import { KestrelError, createEnvelope, enqueue } from '@kestrel/server-common';
import { shrinkReservation } from '../domain/buying-power.js';
import { bookFill } from '../domain/position-ledger.js';
import { averageCost } from '../domain/valuation.js';
import { applyBalanceChange, lockAccount } from '../store/accounts-store.js';
import { insertAppliedFill, insertDeadLetter, isFillApplied } from '../store/fills-store.js';
import { upsertInstruments } from '../store/instruments-store.js';
import { upsertMarks } from '../store/market-store.js';
import { loadPosition, saveBooking } from '../store/positions-store.js';
import { findReservation, updateReservation } from '../store/reservations-store.js';
import { insertSnapshot } from '../store/snapshots-store.js';
import { loadAccountState, snapshotOf } from './account-state.js';

/** What happened to one event. */
export type BookingResult =
  | { status: 'booked'; accountId: string; executionId: string; accountVersion: number }
  | { status: 'duplicate'; executionId: string }
  | { status: 'dead-letter'; code: string; message: string };

/** A business reason the event cannot be booked (kept as a dead letter, never retried). */
class Unbookable extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

function isDeterministic(error: unknown): error is Error & { code: string } {
  return error instanceof Unbookable || error instanceof TradingError || error instanceof KestrelError;
}

/** Books `event` using `client`, which must be inside a transaction. */
export async function bookExecutionEvent(client: pg.ClientBase, event: EventEnvelope): Promise<BookingResult> {
  await client.query('SAVEPOINT portfolio_booking');
  try {
    const result = await book(client, event);
    await client.query('RELEASE SAVEPOINT portfolio_booking');
    return result;
  } catch (error) {
    if (!isDeterministic(error)) throw error;
    await client.query('ROLLBACK TO SAVEPOINT portfolio_booking');
    const code = error instanceof Unbookable || error instanceof TradingError ? error.code : 'PORTFOLIO_INVALID_EVENT';
    await insertDeadLetter(client, { eventId: event.id, topic: event.topic, reasonCode: code, message: error.message, payload: event.payload });
    return { status: 'dead-letter', code, message: error.message };
  }
}

async function book(client: pg.ClientBase, event: EventEnvelope): Promise<BookingResult> {
  if (event.topic !== 'orders.executed') throw new Unbookable('PORTFOLIO_INVALID_EVENT', `expected orders.executed, got ${event.topic}`);
  const payload: OrderExecutedPayload = parseTrading(OrderExecutedPayloadSchema, event.payload, 'orders.executed payload');
  const { execution, instrument } = payload;
  const account = await lockAccount(client, execution.accountId);
  if (!account) throw new Unbookable('PORTFOLIO_INVALID_EVENT', `account ${execution.accountId} does not exist`);
  if (await isFillApplied(client, execution.id)) return { status: 'duplicate', executionId: execution.id };
  if (instrument.symbol !== execution.symbol) {
    throw new Unbookable('PORTFOLIO_INVALID_EVENT', `instrument ${instrument.symbol} does not match execution symbol ${execution.symbol}`);
  }
  if (instrument.currency !== account.currency) {
    throw new Unbookable('PORTFOLIO_CURRENCY_MISMATCH', `${execution.symbol} trades in ${instrument.currency}, account ${account.id} is in ${account.currency}`);
  }
  let value: Fraction;
  try {
    value = valuePerTickLot(instrument);
  } catch (error) {
    // A pure function of the payload (a zero tick size passes the decimal-string schema): it would
    // fail the same way on every retry, so it is a dead letter, not an infrastructure failure.
    throw new Unbookable('PORTFOLIO_INVALID_EVENT', `instrument ${instrument.symbol}: ${(error as Error).message}`);
  }
  await upsertInstruments(client, [instrument]);

  const position = await loadPosition(client, account.id, execution.symbol);
  const nextOpenSequence = position.lots.reduce((max, lot) => Math.max(max, lot.openSequence), 0) + 1;
  const booking = bookFill(
    position,
    {
      executionId: execution.id,
      side: execution.side,
      priceTicks: execution.priceTicks,
      quantityLots: execution.quantityLots,
      feeMinor: execution.feeMinor,
      executedAt: execution.executedAt,
    },
    { valuePerTickLot: value, lotMethod: account.lotMethod, selection: payload.lotSelection, newLotId: randomUUID, nextOpenSequence },
  );
  await saveBooking(client, account.id, execution.executedAt, booking);
  await insertAppliedFill(
    client,
    {
      executionId: execution.id,
      eventId: event.id,
      accountId: account.id,
      orderId: execution.orderId,
      symbol: execution.symbol,
      side: execution.side,
      priceTicks: execution.priceTicks,
      quantityLots: execution.quantityLots,
      feeMinor: execution.feeMinor,
      notionalMinor: booking.notionalMinor,
      cashDeltaMinor: booking.cashDeltaMinor,
      realisedPnlMinor: booking.realisedPnlMinor,
      lotSelectionFallback: booking.lotSelectionFallback,
      executedAt: execution.executedAt,
    },
    booking.disposals,
  );
  const updated = await applyBalanceChange(client, account.id, {
    cashMinor: booking.cashDeltaMinor,
    realisedPnlMinor: booking.realisedPnlMinor,
    feesMinor: execution.feeMinor,
  });

  const reservation = await findReservation(client, execution.orderId);
  if (reservation) {
    const done = FINAL_ORDER_STATUSES.includes(payload.order.status);
    const next = done ? { remainingLots: 0, reservedMinor: 0 } : shrinkReservation(reservation, execution.quantityLots);
    await updateReservation(client, reservation.orderId, next.remainingLots, next.reservedMinor);
  }
  await upsertMarks(client, [{ symbol: execution.symbol, priceTicks: execution.priceTicks, asOf: execution.executedAt }], 'fill');
  const state = await loadAccountState(client, updated);
  await insertSnapshot(client, snapshotOf(state, execution.executedAt, 'fill'));

  const cost = averageCost(booking.position);
  const positionsUpdated: PositionsUpdatedPayload = {
    accountId: account.id,
    accountVersion: updated.version,
    cause: { kind: 'execution', executionId: execution.id, orderId: execution.orderId },
    cashMinor: updated.cashMinor,
    cashDeltaMinor: booking.cashDeltaMinor,
    realisedPnlMinor: booking.realisedPnlMinor,
    position: {
      symbol: execution.symbol,
      quantityLots: booking.position.quantityLots,
      costBasisMinor: booking.position.costBasisMinor,
      averageCost: cost === null ? null : toRatio(cost),
      realisedPnlMinor: booking.position.realisedPnlMinor,
      feesMinor: booking.position.feesMinor,
    },
  };
  await enqueue(client, createEnvelope('positions.updated', account.id, positionsUpdated));
  return { status: 'booked', accountId: account.id, executionId: execution.id, accountVersion: updated.version };
}
