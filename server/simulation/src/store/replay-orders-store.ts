// The ledger of replay-session orders holding a buying-power reservation (simulation_replay_orders).
// Invariant: a row is written after the portfolio approved (and reserved for) the order and ended
// once the order is filled, cancelled or rejected; rows still open when a process starts belong to
// sessions that died with an earlier process, and their reservations are released.
import type pg from 'pg';

/** Records a reserved order. */
export async function insertReplayOrder(db: pg.Pool, order: { orderId: string; sessionId: string; accountId: string }): Promise<void> {
  await db.query('INSERT INTO simulation_replay_orders (order_id, session_id, account_id) VALUES ($1, $2, $3)', [order.orderId, order.sessionId, order.accountId]);
}

/** Marks orders ended (their reservation is released or consumed). */
export async function endReplayOrders(db: pg.Pool, orderIds: readonly string[]): Promise<void> {
  if (orderIds.length === 0) return;
  await db.query('UPDATE simulation_replay_orders SET ended_at = now() WHERE order_id = ANY($1::uuid[]) AND ended_at IS NULL', [orderIds]);
}

/** Orders still holding a reservation, oldest first (at most `limit`). */
export async function openReplayOrders(db: pg.Pool, limit: number): Promise<string[]> {
  const { rows } = await db.query<{ order_id: string }>('SELECT order_id FROM simulation_replay_orders WHERE ended_at IS NULL ORDER BY created_at LIMIT $1', [limit]);
  return rows.map((row) => row.order_id);
}
