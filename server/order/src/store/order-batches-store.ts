// Group-committed writes of the order-entry path: many new orders, or many routed orders, in ONE
// statement (one round trip, one commit) together with their outbox events — data-modifying CTEs
// run atomically as one statement. They write the same rows and events as the per-order
// transactions (orders-store.ts + enqueue), which stay the path for everything else.
// Invariants: insertNewOrders claims each (account, clientOrderId) with ON CONFLICT DO NOTHING and
// inserts only the orders (and events) whose claim it made, so a key already claimed — earlier,
// by a concurrent batch, or twice in this batch — is reported back unclaimed and nothing of it is
// written; markOrdersRouted changes only orders still `new` + `checking` with the reservations the
// caller saw, so an order cancelled (or touched) meanwhile is reported back and left alone. Locks:
// the claims are inserted in key order and the routed orders locked in id order first, the orders
// every multi-row lock of the service takes (orders-store.ts), so concurrent batches, report
// batches and cancel-alls cannot deadlock.
import { OUTBOX_NOTIFY_CHANNEL, taggedOutboxInsert, taggedOutboxRows, type TaggedEvent } from '@kestrel/server-common';
import type { OrderRecord } from '../domain/order-record.js';
import type { Queryable } from './queryable.js';

/** A new order to insert with its idempotency claim and events. */
export interface NewOrderWrite {
  order: OrderRecord;
  fingerprint: string;
  events: TaggedEvent['event'][];
}

/** An order routed in memory (markRouted), with the reservations it had when it was read, and its events. */
export interface RoutedOrderWrite {
  order: OrderRecord;
  previousReservationIds: readonly string[];
  events: TaggedEvent['event'][];
}

const tagged = (writes: readonly { order: OrderRecord; events: TaggedEvent['event'][] }[]): string =>
  taggedOutboxRows(writes.flatMap(({ order, events }) => events.map((event) => ({ tag: order.id, event }))));

/** Claims the keys and inserts the orders and their events; returns the ids of the orders written. */
export async function insertNewOrders(db: Queryable, writes: readonly NewOrderWrite[]): Promise<Set<string>> {
  const rows = writes.map(({ order, fingerprint }, ord) => ({
    ord,
    fingerprint,
    id: order.id,
    account_id: order.accountId,
    owner_user_id: order.ownerUserId,
    client_order_id: order.clientOrderId,
    symbol: order.symbol,
    side: order.side,
    type: order.type,
    time_in_force: order.timeInForce,
    quantity_lots: order.quantityLots,
    limit_price_ticks: order.limitPriceTicks,
    stop_price_ticks: order.stopPriceTicks,
    expire_at: order.expireAt,
    post_only: order.postOnly,
    display_quantity_lots: order.displayQuantityLots,
    lot_selection: order.lotSelection,
    status: order.status,
    reject_reason: order.rejectReason,
    routing: order.routing,
    created_at: order.createdAt,
    updated_at: order.updatedAt,
  }));
  const result = await db.query<{ id: string }>({
    name: 'order-insert-batch',
    text: `WITH input AS (
        SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(ord int, fingerprint text, id uuid, account_id uuid, owner_user_id uuid,
          client_order_id text, symbol text, side text, type text, time_in_force text, quantity_lots bigint, limit_price_ticks bigint,
          stop_price_ticks bigint, expire_at timestamptz, post_only boolean, display_quantity_lots bigint, lot_selection jsonb,
          status text, reject_reason text, routing text, created_at timestamptz, updated_at timestamptz)
      ), claimed AS (
        INSERT INTO order_client_ids (account_id, client_order_id, kind, target_id, fingerprint)
        SELECT account_id, client_order_id, 'order', id, fingerprint FROM input ORDER BY account_id, client_order_id
        ON CONFLICT (account_id, client_order_id) DO NOTHING
        RETURNING target_id
      ), orders AS (
        INSERT INTO order_orders (id, account_id, owner_user_id, client_order_id, symbol, side, type, time_in_force, quantity_lots,
          limit_price_ticks, stop_price_ticks, expire_at, post_only, display_quantity_lots, lot_selection, status, reject_reason,
          routing, created_at, updated_at)
        SELECT id, account_id, owner_user_id, client_order_id, symbol, side, type, time_in_force, quantity_lots, limit_price_ticks,
          stop_price_ticks, expire_at, post_only, display_quantity_lots, lot_selection, status, reject_reason, routing, created_at, updated_at
        FROM input WHERE id IN (SELECT target_id FROM claimed) ORDER BY ord
        RETURNING id
      ), events AS (${taggedOutboxInsert(2, 'SELECT id FROM orders')})
      SELECT o.id::text AS id FROM orders o
        CROSS JOIN (SELECT pg_notify($3, ''), (SELECT count(*) FROM events)) AS done`,
    values: [JSON.stringify(rows), tagged(writes), OUTBOX_NOTIFY_CHANNEL],
  });
  return new Set(result.rows.map((row) => row.id));
}

/** Stores orders as routed with their events; returns the ids of the orders that were still as the caller saw them. */
export async function markOrdersRouted(db: Queryable, writes: readonly RoutedOrderWrite[]): Promise<Set<string>> {
  const rows = writes.map(({ order, previousReservationIds }) => ({
    id: order.id,
    previous_reservation_ids: previousReservationIds,
    submit_command_id: order.submitCommandId,
    reservation_ids: order.reservationIds,
    updated_at: order.updatedAt,
  }));
  // Unnamed, so planned for each call (why: queryable.ts).
  const result = await db.query<{ id: string }>({
    text: `WITH input AS (
        SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, previous_reservation_ids uuid[], submit_command_id uuid,
          reservation_ids uuid[], updated_at timestamptz)
      ), locked AS (
        SELECT id, routing, status, reservation_ids FROM order_orders WHERE id = ANY($4::uuid[]) ORDER BY id FOR UPDATE
      ), routed AS (
        -- The conditions test the locked rows (their newest version), not order_orders itself: a
        -- predicate on o.routing would let the planner scan the partial index of checking orders,
        -- which holds an entry for every order routed since the last vacuum.
        UPDATE order_orders o SET routing = 'routed', submit_command_id = i.submit_command_id, reservation_ids = i.reservation_ids,
          updated_at = i.updated_at
        FROM locked l JOIN input i ON i.id = l.id
        WHERE o.id = l.id AND l.routing = 'checking' AND l.status = 'new' AND l.reservation_ids = i.previous_reservation_ids
        RETURNING o.id
      ), events AS (${taggedOutboxInsert(2, 'SELECT id FROM routed')})
      SELECT r.id::text AS id FROM routed r
        CROSS JOIN (SELECT pg_notify($3, ''), (SELECT count(*) FROM events)) AS done`,
    // The ids again as an array: the planner cannot estimate the JSON rows, and without an
    // indexable predicate on order_orders it may scan the whole table.
    values: [JSON.stringify(rows), tagged(writes), OUTBOX_NOTIFY_CHANNEL, writes.map(({ order }) => order.id)],
  });
  return new Set(result.rows.map((row) => row.id));
}
