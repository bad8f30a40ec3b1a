// Rows of portfolio_reservations: buying power held for open orders, keyed by order id. Only
// reservations with remaining quantity count; a finished order's row is deleted.
import type { Statement } from '@kestrel/server-common';
import { toSafeInt, type NamedStatement, type Queryable } from './queryable.js';

/** A reservation row. */
export interface Reservation {
  orderId: string;
  accountId: string;
  symbol: string;
  side: 'buy' | 'sell';
  quantityLots: number;
  priceTicks: number;
  feeEstimateMinor: number;
  remainingLots: number;
  reservedMinor: number;
  requiredMinor: number;
  buyingPowerMinor: number;
}

interface ReservationRow {
  order_id: string;
  account_id: string;
  symbol: string;
  side: 'buy' | 'sell';
  quantity_lots: string;
  price_ticks: string;
  fee_estimate_minor: string;
  remaining_quantity_lots: string;
  reserved_minor: string;
  required_minor: string;
  buying_power_minor: string;
}

// Listed rather than `*`: the check path's statements are named (see queryable.ts).
const COLUMNS = `order_id, account_id, symbol, side, quantity_lots, price_ticks, fee_estimate_minor, remaining_quantity_lots,
  reserved_minor, required_minor, buying_power_minor`;

function toReservation(row: ReservationRow): Reservation {
  return {
    orderId: row.order_id,
    accountId: row.account_id,
    symbol: row.symbol,
    side: row.side,
    quantityLots: toSafeInt(row.quantity_lots, 'quantity'),
    priceTicks: toSafeInt(row.price_ticks, 'price'),
    feeEstimateMinor: toSafeInt(row.fee_estimate_minor, 'fee estimate'),
    remainingLots: toSafeInt(row.remaining_quantity_lots, 'remaining quantity'),
    reservedMinor: toSafeInt(row.reserved_minor, 'reservation'),
    requiredMinor: toSafeInt(row.required_minor, 'requirement'),
    buyingPowerMinor: toSafeInt(row.buying_power_minor, 'buying power'),
  };
}

/** The reservation of an order, or null. */
export async function findReservation(db: Queryable, orderId: string): Promise<Reservation | null> {
  const { rows } = await db.query<ReservationRow>({ name: 'portfolio-find-reservation', text: `SELECT ${COLUMNS} FROM portfolio_reservations WHERE order_id = $1`, values: [orderId] });
  return rows[0] ? toReservation(rows[0]) : null;
}

/** Remaining lots of open orders on one symbol, per side. */
export interface PendingLots {
  buy: number;
  sell: number;
}

/** An account's open reservations, summed by the database (an account can hold thousands). */
export interface ReservationTotals {
  /** Σ reserved_minor, exact (it may exceed 2^53 before the caller decides what that means). */
  reservedMinor: bigint;
  /** Symbol → remaining lots of its reservations per side (symbols without any are absent). */
  pendingLots: Map<string, PendingLots>;
}

/**
 * The totals of several accounts' reservations, from the running totals the database keeps with
 * every reservation change (portfolio_reservation_totals), so the cost does not grow with the
 * number of open orders; for sending with others.
 */
export function reservationTotalsStatement(accountIds: readonly string[]): Statement {
  return {
    text: `SELECT account_id, symbol, side, reserved_minor::text AS reserved, remaining_quantity_lots::text AS lots
     FROM portfolio_reservation_totals WHERE account_id = ANY($1::uuid[])`,
    values: [accountIds],
  };
}

/** reservationTotalsStatement's answer: every account of `accountIds` (zero when it holds none). */
export function foundReservationTotals(accountIds: readonly string[], result: { rows: unknown[] }): Map<string, ReservationTotals> {
  const rows = result.rows as { account_id: string; symbol: string; side: 'buy' | 'sell'; reserved: string; lots: string }[];
  const totals = new Map<string, ReservationTotals>(accountIds.map((id) => [id, { reservedMinor: 0n, pendingLots: new Map() }]));
  for (const row of rows) {
    const total = totals.get(row.account_id)!;
    total.reservedMinor += BigInt(row.reserved);
    const pending = total.pendingLots.get(row.symbol) ?? { buy: 0, sell: 0 };
    pending[row.side] = toSafeInt(row.lots, `pending ${row.side} quantity`);
    total.pendingLots.set(row.symbol, pending);
  }
  return totals;
}

/** The reservations of these orders, by order id. */
export async function findReservations(db: Queryable, orderIds: readonly string[]): Promise<Map<string, Reservation>> {
  return foundReservations(await db.query(findReservationsStatement(orderIds)));
}

/** findReservations' statement, for sending with others. */
export function findReservationsStatement(orderIds: readonly string[]): NamedStatement {
  return { name: 'portfolio-find-reservations', text: `SELECT ${COLUMNS} FROM portfolio_reservations WHERE order_id = ANY($1::uuid[])`, values: [orderIds] };
}

/** findReservations' answer from its statement's result. */
export function foundReservations(result: { rows: unknown[] }): Map<string, Reservation> {
  return new Map((result.rows as ReservationRow[]).map((row) => [row.order_id, toReservation(row)]));
}

/** Stores new reservations in one statement. */
export async function insertReservations(db: Queryable, reservations: readonly Reservation[]): Promise<void> {
  if (reservations.length === 0) return;
  await db.query(insertReservationsStatement(reservations));
}

/** insertReservations' statement (at least one reservation), for sending with others. */
export function insertReservationsStatement(reservations: readonly Reservation[]): NamedStatement {
  return {
    name: 'portfolio-insert-reservations',
    text: `INSERT INTO portfolio_reservations (${COLUMNS})
     SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::bigint[], $6::bigint[], $7::bigint[], $8::bigint[], $9::bigint[], $10::bigint[], $11::bigint[])`,
    values: [
      reservations.map((r) => r.orderId),
      reservations.map((r) => r.accountId),
      reservations.map((r) => r.symbol),
      reservations.map((r) => r.side),
      reservations.map((r) => r.quantityLots),
      reservations.map((r) => r.priceTicks),
      reservations.map((r) => r.feeEstimateMinor),
      reservations.map((r) => r.remainingLots),
      reservations.map((r) => r.reservedMinor),
      reservations.map((r) => r.requiredMinor),
      reservations.map((r) => r.buyingPowerMinor),
    ],
  };
}

/** Sets what is left of a reservation; deletes it when nothing is left. */
export async function updateReservation(db: Queryable, orderId: string, remainingLots: number, reservedMinor: number): Promise<void> {
  if (remainingLots === 0) {
    await db.query('DELETE FROM portfolio_reservations WHERE order_id = $1', [orderId]);
    return;
  }
  await db.query('UPDATE portfolio_reservations SET remaining_quantity_lots = $2, reserved_minor = $3 WHERE order_id = $1', [
    orderId,
    remainingLots,
    reservedMinor,
  ]);
}
