// Rows of portfolio_reservations: buying power held for open orders, keyed by order id. Only
// reservations with remaining quantity count; a finished order's row is deleted.
import { toSafeInt, type Queryable } from './queryable.js';

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
  const { rows } = await db.query<ReservationRow>('SELECT * FROM portfolio_reservations WHERE order_id = $1', [orderId]);
  return rows[0] ? toReservation(rows[0]) : null;
}

/** An account's open reservations, summed by the database (an account can hold thousands). */
export interface ReservationTotals {
  /** Σ reserved_minor, exact (it may exceed 2^53 before the caller decides what that means). */
  reservedMinor: bigint;
  /** Remaining lots of the reservations on `symbol`, per side (0 without a symbol). */
  pendingBuyLots: number;
  pendingSellLots: number;
}

/** The totals of an account's reservations, with the pending lots on `symbol`. */
export async function reservationTotals(db: Queryable, accountId: string, symbol: string | null): Promise<ReservationTotals> {
  const { rows } = await db.query<{ reserved: string; buy: string; sell: string }>(
    `SELECT coalesce(sum(reserved_minor), 0)::text AS reserved,
       coalesce(sum(remaining_quantity_lots) FILTER (WHERE symbol = $2 AND side = 'buy'), 0)::text AS buy,
       coalesce(sum(remaining_quantity_lots) FILTER (WHERE symbol = $2 AND side = 'sell'), 0)::text AS sell
     FROM portfolio_reservations WHERE account_id = $1`,
    [accountId, symbol],
  );
  const row = rows[0]!;
  return { reservedMinor: BigInt(row.reserved), pendingBuyLots: toSafeInt(row.buy, 'pending buy quantity'), pendingSellLots: toSafeInt(row.sell, 'pending sell quantity') };
}

/** Stores a new reservation. */
export async function insertReservation(db: Queryable, reservation: Reservation): Promise<void> {
  await db.query(
    `INSERT INTO portfolio_reservations (order_id, account_id, symbol, side, quantity_lots, price_ticks, fee_estimate_minor,
       remaining_quantity_lots, reserved_minor, required_minor, buying_power_minor)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
    [
      reservation.orderId,
      reservation.accountId,
      reservation.symbol,
      reservation.side,
      reservation.quantityLots,
      reservation.priceTicks,
      reservation.feeEstimateMinor,
      reservation.remainingLots,
      reservation.reservedMinor,
      reservation.requiredMinor,
      reservation.buyingPowerMinor,
    ],
  );
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
