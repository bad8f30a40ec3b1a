// SQL of order_orders: insert, read, lock, update and the list queries. Every write goes through
// the service layer inside a transaction that also writes the outbox (services/*).
import type { Statement } from '@kestrel/server-common';
import type { LotSelection, OrderRejectReason, OrderStatus, OrderType, Side, TimeInForce } from '@kestrel/shared';
import type pg from 'pg';
import type { OrderRecord, PendingReplace, Routing } from '../domain/order-record.js';
import { toIso, toIsoOrNull, toSafeInt, toSafeIntOrNull, type Queryable } from './queryable.js';

interface OrderRow {
  id: string;
  account_id: string;
  owner_user_id: string;
  client_order_id: string;
  parent_order_id: string | null;
  parent_role: string | null;
  symbol: string;
  side: Side;
  type: OrderType;
  time_in_force: TimeInForce;
  quantity_lots: string;
  limit_price_ticks: string | null;
  stop_price_ticks: string | null;
  expire_at: Date | null;
  post_only: boolean;
  display_quantity_lots: string | null;
  lot_selection: LotSelection | null;
  status: OrderStatus;
  reject_reason: OrderRejectReason | null;
  filled_quantity_lots: string;
  fill_notional: string;
  routing: Routing;
  submit_command_id: string | null;
  reservation_ids: string[];
  release_pending: boolean;
  cancel_command_id: string | null;
  cancel_requested_at: Date | null;
  pending_replace: PendingReplace | null;
  seq: string;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = `id, account_id, owner_user_id, client_order_id, parent_order_id, parent_role, symbol, side, type, time_in_force,
  quantity_lots, limit_price_ticks, stop_price_ticks, expire_at, post_only, display_quantity_lots, lot_selection, status,
  reject_reason, filled_quantity_lots, fill_notional::text AS fill_notional, routing, submit_command_id, reservation_ids,
  release_pending, cancel_command_id, cancel_requested_at, pending_replace, seq, created_at, updated_at`;

function fromRow(row: OrderRow): OrderRecord {
  return {
    id: row.id,
    accountId: row.account_id,
    ownerUserId: row.owner_user_id,
    clientOrderId: row.client_order_id,
    parentOrderId: row.parent_order_id,
    parentRole: row.parent_role,
    symbol: row.symbol,
    side: row.side,
    type: row.type,
    timeInForce: row.time_in_force,
    quantityLots: toSafeInt(row.quantity_lots, 'quantity_lots'),
    limitPriceTicks: toSafeIntOrNull(row.limit_price_ticks, 'limit_price_ticks'),
    stopPriceTicks: toSafeIntOrNull(row.stop_price_ticks, 'stop_price_ticks'),
    expireAt: toIsoOrNull(row.expire_at),
    postOnly: row.post_only,
    displayQuantityLots: toSafeIntOrNull(row.display_quantity_lots, 'display_quantity_lots'),
    lotSelection: row.lot_selection,
    status: row.status,
    rejectReason: row.reject_reason,
    filledQuantityLots: toSafeInt(row.filled_quantity_lots, 'filled_quantity_lots'),
    fillNotional: BigInt(row.fill_notional),
    routing: row.routing,
    submitCommandId: row.submit_command_id,
    reservationIds: row.reservation_ids,
    releasePending: row.release_pending,
    cancelCommandId: row.cancel_command_id,
    cancelRequestedAt: toIsoOrNull(row.cancel_requested_at),
    pendingReplace: row.pending_replace,
    createdAt: toIso(row.created_at),
    updatedAt: toIso(row.updated_at),
  };
}

/** An order with its paging key. */
export interface StoredOrder {
  order: OrderRecord;
  seq: number;
}

/** Inserts a new order. */
export async function insertOrder(db: Queryable, order: OrderRecord): Promise<void> {
  await db.query({
    name: 'order-insert',
    text: `INSERT INTO order_orders (id, account_id, owner_user_id, client_order_id, parent_order_id, parent_role, symbol, side, type,
       time_in_force, quantity_lots, limit_price_ticks, stop_price_ticks, expire_at, post_only, display_quantity_lots, lot_selection,
       status, reject_reason, filled_quantity_lots, fill_notional, routing, submit_command_id, reservation_ids, release_pending,
       cancel_command_id, cancel_requested_at, pending_replace, created_at, updated_at)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,$20,$21,$22,$23,$24,$25,$26,$27,$28,$29,$30)`,
    values: [
      order.id,
      order.accountId,
      order.ownerUserId,
      order.clientOrderId,
      order.parentOrderId,
      order.parentRole,
      order.symbol,
      order.side,
      order.type,
      order.timeInForce,
      order.quantityLots,
      order.limitPriceTicks,
      order.stopPriceTicks,
      order.expireAt,
      order.postOnly,
      order.displayQuantityLots,
      order.lotSelection === null ? null : JSON.stringify(order.lotSelection),
      order.status,
      order.rejectReason,
      order.filledQuantityLots,
      order.fillNotional.toString(),
      order.routing,
      order.submitCommandId,
      order.reservationIds,
      order.releasePending,
      order.cancelCommandId,
      order.cancelRequestedAt,
      order.pendingReplace === null ? null : JSON.stringify(order.pendingReplace),
      order.createdAt,
      order.updatedAt,
    ],
  });
}

/** Writes every mutable field of an order back. */
export async function updateOrder(db: Queryable, order: OrderRecord): Promise<void> {
  const { text, values } = updateOrdersStatement([order]);
  await db.query(text, [...values!]);
}

/** One order, or null. */
export async function findOrder(db: Queryable, id: string): Promise<OrderRecord | null> {
  const result = await db.query<OrderRow>({ name: 'order-find', text: `SELECT ${COLUMNS} FROM order_orders WHERE id = $1`, values: [id] });
  return result.rows[0] ? fromRow(result.rows[0]) : null;
}

/** One order locked for update (inside a transaction), or null. */
export async function lockOrder(db: Queryable, id: string): Promise<OrderRecord | null> {
  const result = await db.query<OrderRow>({ name: 'order-lock', text: `SELECT ${COLUMNS} FROM order_orders WHERE id = $1 FOR UPDATE`, values: [id] });
  return result.rows[0] ? fromRow(result.rows[0]) : null;
}

/**
 * Locks the orders among `ids` that have no parent, for update in id order (so two batches cannot
 * deadlock); lockedTopLevelOrders reads its result.
 */
export function lockTopLevelOrdersStatement(ids: readonly string[]): Statement {
  // parent_order_id never changes, so rows it filters out are never locked here: a child is only
  // ever locked after its parent (services/order-writes.ts).
  return { text: `SELECT ${COLUMNS} FROM order_orders WHERE id = ANY($1::uuid[]) AND parent_order_id IS NULL ORDER BY id FOR UPDATE`, values: [ids] };
}

/** The orders lockTopLevelOrdersStatement locked, by id. */
export function lockedTopLevelOrders(result: pg.QueryResult): Map<string, OrderRecord> {
  return new Map((result.rows as OrderRow[]).map((row) => [row.id, fromRow(row)]));
}

/** Writes every mutable field of several orders back in one statement (as updateOrder does for one). */
export function updateOrdersStatement(orders: readonly OrderRecord[]): Statement {
  const rows = orders.map((order) => ({
    id: order.id,
    quantity_lots: order.quantityLots,
    limit_price_ticks: order.limitPriceTicks,
    stop_price_ticks: order.stopPriceTicks,
    status: order.status,
    reject_reason: order.rejectReason,
    filled_quantity_lots: order.filledQuantityLots,
    fill_notional: order.fillNotional.toString(),
    routing: order.routing,
    submit_command_id: order.submitCommandId,
    reservation_ids: order.reservationIds,
    release_pending: order.releasePending,
    cancel_command_id: order.cancelCommandId,
    cancel_requested_at: order.cancelRequestedAt,
    pending_replace: order.pendingReplace,
    updated_at: order.updatedAt,
  }));
  return {
    text: `UPDATE order_orders o SET quantity_lots = i.quantity_lots, limit_price_ticks = i.limit_price_ticks, stop_price_ticks = i.stop_price_ticks,
       status = i.status, reject_reason = i.reject_reason, filled_quantity_lots = i.filled_quantity_lots, fill_notional = i.fill_notional,
       routing = i.routing, submit_command_id = i.submit_command_id, reservation_ids = i.reservation_ids, release_pending = i.release_pending,
       cancel_command_id = i.cancel_command_id, cancel_requested_at = i.cancel_requested_at, pending_replace = i.pending_replace, updated_at = i.updated_at
     FROM jsonb_to_recordset($1::jsonb) AS i(id uuid, quantity_lots bigint, limit_price_ticks bigint, stop_price_ticks bigint, status text,
       reject_reason text, filled_quantity_lots bigint, fill_notional numeric, routing text, submit_command_id uuid, reservation_ids uuid[],
       release_pending boolean, cancel_command_id uuid, cancel_requested_at timestamptz, pending_replace jsonb, updated_at timestamptz)
     WHERE o.id = ANY($2::uuid[]) AND o.id = i.id`,
    // The ids again as an array: an indexable predicate, whatever the planner guesses of the JSON rows.
    values: [JSON.stringify(rows), orders.map((order) => order.id)],
  };
}

/** The children of a parent, locked, in placement order. */
export async function lockChildren(db: Queryable, parentId: string): Promise<OrderRecord[]> {
  const result = await db.query<OrderRow>(`SELECT ${COLUMNS} FROM order_orders WHERE parent_order_id = $1 ORDER BY seq FOR UPDATE`, [parentId]);
  return result.rows.map(fromRow);
}

/** The children of a parent, in placement order. */
export async function childrenOf(db: Queryable, parentId: string): Promise<OrderRecord[]> {
  const result = await db.query<OrderRow>(`SELECT ${COLUMNS} FROM order_orders WHERE parent_order_id = $1 ORDER BY seq`, [parentId]);
  return result.rows.map(fromRow);
}

/** Filters of the order list. */
export interface OrderFilter {
  /** Only orders of this owner (null: every owner, for risk/admin). */
  ownerUserId: string | null;
  accountId?: string;
  symbol?: string;
  side?: Side;
  statuses?: readonly OrderStatus[];
  parentOrderId?: string;
  fromMs?: number;
  toMs?: number;
  /** Only orders older than this paging key (newest first). */
  beforeSeq?: number;
}

/** Newest first, at most `limit`. */
export async function listOrders(db: Queryable, filter: OrderFilter, limit: number): Promise<StoredOrder[]> {
  const where: string[] = [];
  const values: unknown[] = [];
  const add = (sql: string, value: unknown) => {
    values.push(value);
    where.push(sql.replace('?', `$${values.length}`));
  };
  if (filter.ownerUserId !== null) add('owner_user_id = ?', filter.ownerUserId);
  if (filter.accountId !== undefined) add('account_id = ?', filter.accountId);
  if (filter.symbol !== undefined) add('symbol = ?', filter.symbol);
  if (filter.side !== undefined) add('side = ?', filter.side);
  if (filter.statuses !== undefined) add('status = ANY(?)', filter.statuses);
  if (filter.parentOrderId !== undefined) add('parent_order_id = ?', filter.parentOrderId);
  if (filter.fromMs !== undefined) add('created_at >= ?', new Date(filter.fromMs).toISOString());
  if (filter.toMs !== undefined) add('created_at < ?', new Date(filter.toMs).toISOString());
  if (filter.beforeSeq !== undefined) add('seq < ?', filter.beforeSeq);
  values.push(limit);
  const result = await db.query<OrderRow>(
    `SELECT ${COLUMNS} FROM order_orders ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq DESC LIMIT $${values.length}`,
    values,
  );
  return result.rows.map((row) => ({ order: fromRow(row), seq: toSafeInt(row.seq, 'seq') }));
}

/**
 * Ids of open orders that are not children, of some accounts (all when null) and/or one owner,
 * optionally one symbol — in id order, the order in which every multi-order lock of this service
 * is taken (lockTopLevelOrders, markOrdersRouted), so a cancel-all cannot deadlock with them.
 */
export async function openTopLevelOrderIds(db: Queryable, scope: { accountIds: readonly string[] | null; ownerUserId: string | null; symbol?: string }): Promise<string[]> {
  const result = await db.query<{ id: string }>(
    `SELECT id FROM order_orders WHERE status IN ('new', 'accepted', 'partially_filled') AND parent_order_id IS NULL
       AND ($1::uuid[] IS NULL OR account_id = ANY($1)) AND ($2::uuid IS NULL OR owner_user_id = $2) AND ($3::text IS NULL OR symbol = $3)
     ORDER BY id`,
    [scope.accountIds, scope.ownerUserId, scope.symbol ?? null],
  );
  return result.rows.map((row) => row.id);
}

/** Ids of orders still waiting for their buying-power answer, last touched before `beforeMs`. */
export async function checkingOrderIds(db: Queryable, beforeMs: number, limit: number): Promise<string[]> {
  const result = await db.query<{ id: string }>(
    `SELECT id FROM order_orders WHERE routing = 'checking' AND updated_at < $1 ORDER BY updated_at LIMIT $2`,
    [new Date(beforeMs).toISOString(), limit],
  );
  return result.rows.map((row) => row.id);
}

/** Ids of ended orders whose reservations still have to be released. */
export async function releasePendingIds(db: Queryable, limit: number): Promise<string[]> {
  const result = await db.query<{ id: string }>(`SELECT id FROM order_orders WHERE release_pending ORDER BY updated_at LIMIT $1`, [limit]);
  return result.rows.map((row) => row.id);
}

/** Routed orders with a command execution has not answered yet (a submit not acknowledged, a cancel or replace pending). */
export async function unansweredOrders(db: Queryable): Promise<OrderRecord[]> {
  const result = await db.query<OrderRow>(
    `SELECT ${COLUMNS} FROM order_orders
     WHERE routing = 'routed' AND status IN ('new', 'accepted', 'partially_filled')
       AND (status = 'new' OR cancel_command_id IS NOT NULL OR pending_replace IS NOT NULL)
     ORDER BY seq`,
  );
  return result.rows.map(fromRow);
}
