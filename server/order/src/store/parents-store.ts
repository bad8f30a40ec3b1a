// SQL of order_parents.
import type { ParentOrderStatus, ParentOrderType, ParentStrategy } from '@kestrel/shared';
import type { ParentState } from '../domain/parent/parent-types.js';
import { toIso, toSafeInt, type Queryable } from './queryable.js';

/** One parent order as stored. */
export interface ParentRecord {
  id: string;
  accountId: string;
  ownerUserId: string;
  clientOrderId: string;
  type: ParentOrderType;
  symbol: string;
  strategy: ParentStrategy;
  state: ParentState;
  status: ParentOrderStatus;
  reason: string | null;
  wakeAtMs: number | null;
  createdAt: string;
  updatedAt: string;
}

interface ParentRow {
  id: string;
  account_id: string;
  owner_user_id: string;
  client_order_id: string;
  type: ParentOrderType;
  symbol: string;
  strategy: ParentStrategy;
  state: ParentState;
  status: ParentOrderStatus;
  reason: string | null;
  wake_at: Date | null;
  seq: string;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = 'id, account_id, owner_user_id, client_order_id, type, symbol, strategy, state, status, reason, wake_at, seq, created_at, updated_at';

function fromRow(row: ParentRow): ParentRecord {
  return {
    id: row.id,
    accountId: row.account_id,
    ownerUserId: row.owner_user_id,
    clientOrderId: row.client_order_id,
    type: row.type,
    symbol: row.symbol,
    strategy: row.strategy,
    state: row.state,
    status: row.status,
    reason: row.reason,
    wakeAtMs: row.wake_at === null ? null : row.wake_at.getTime(),
    createdAt: toIso(row.created_at),
    updatedAt: toIso(row.updated_at),
  };
}

const wake = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** Inserts a new parent. */
export async function insertParent(db: Queryable, parent: ParentRecord): Promise<void> {
  await db.query(
    `INSERT INTO order_parents (id, account_id, owner_user_id, client_order_id, type, symbol, strategy, state, status, reason, wake_at, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
    [
      parent.id,
      parent.accountId,
      parent.ownerUserId,
      parent.clientOrderId,
      parent.type,
      parent.symbol,
      JSON.stringify(parent.strategy),
      JSON.stringify(parent.state),
      parent.status,
      parent.reason,
      wake(parent.wakeAtMs),
      parent.createdAt,
      parent.updatedAt,
    ],
  );
}

/** Writes the parent's mutable fields back. */
export async function updateParent(db: Queryable, parent: ParentRecord): Promise<void> {
  await db.query('UPDATE order_parents SET state = $2, status = $3, reason = $4, wake_at = $5, updated_at = $6 WHERE id = $1', [
    parent.id,
    JSON.stringify(parent.state),
    parent.status,
    parent.reason,
    wake(parent.wakeAtMs),
    parent.updatedAt,
  ]);
}

/** One parent, or null. */
export async function findParent(db: Queryable, id: string): Promise<ParentRecord | null> {
  const result = await db.query<ParentRow>(`SELECT ${COLUMNS} FROM order_parents WHERE id = $1`, [id]);
  return result.rows[0] ? fromRow(result.rows[0]) : null;
}

/** One parent locked for update, or null. */
export async function lockParent(db: Queryable, id: string): Promise<ParentRecord | null> {
  const result = await db.query<ParentRow>(`SELECT ${COLUMNS} FROM order_parents WHERE id = $1 FOR UPDATE`, [id]);
  return result.rows[0] ? fromRow(result.rows[0]) : null;
}

/** Filters of the parent list. */
export interface ParentFilter {
  ownerUserId: string | null;
  accountId?: string;
  symbol?: string;
  statuses?: readonly ParentOrderStatus[];
  type?: ParentOrderType;
  beforeSeq?: number;
}

/** Newest first, at most `limit`. */
export async function listParents(db: Queryable, filter: ParentFilter, limit: number): Promise<{ parent: ParentRecord; seq: number }[]> {
  const where: string[] = [];
  const values: unknown[] = [];
  const add = (sql: string, value: unknown) => {
    values.push(value);
    where.push(sql.replace('?', `$${values.length}`));
  };
  if (filter.ownerUserId !== null) add('owner_user_id = ?', filter.ownerUserId);
  if (filter.accountId !== undefined) add('account_id = ?', filter.accountId);
  if (filter.symbol !== undefined) add('symbol = ?', filter.symbol);
  if (filter.statuses !== undefined) add('status = ANY(?)', filter.statuses);
  if (filter.type !== undefined) add('type = ?', filter.type);
  if (filter.beforeSeq !== undefined) add('seq < ?', filter.beforeSeq);
  values.push(limit);
  const result = await db.query<ParentRow>(
    `SELECT ${COLUMNS} FROM order_parents ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq DESC LIMIT $${values.length}`,
    values,
  );
  return result.rows.map((row) => ({ parent: fromRow(row), seq: toSafeInt(row.seq, 'seq') }));
}

/** Working parents that wait for a timer, with when. */
export async function wakingParents(db: Queryable): Promise<{ id: string; wakeAtMs: number }[]> {
  const result = await db.query<{ id: string; wake_at: Date }>(`SELECT id, wake_at FROM order_parents WHERE status = 'working' AND wake_at IS NOT NULL`);
  return result.rows.map((row) => ({ id: row.id, wakeAtMs: row.wake_at.getTime() }));
}

/** Ids of working trailing stops on `symbol`. */
export async function workingTrailingStops(db: Queryable, symbol: string): Promise<string[]> {
  // Named: the market-data consumer runs it for every trade.
  const result = await db.query<{ id: string }>({
    name: 'order-working-trailing-stops',
    text: `SELECT id FROM order_parents WHERE status = 'working' AND type = 'trailing_stop' AND symbol = $1 ORDER BY seq`,
    values: [symbol],
  });
  return result.rows.map((row) => row.id);
}

/** Ids of working parents of some accounts (all when null) and/or one owner, optionally one symbol. */
export async function workingParentIds(db: Queryable, scope: { accountIds: readonly string[] | null; ownerUserId: string | null; symbol?: string }): Promise<string[]> {
  const result = await db.query<{ id: string }>(
    `SELECT id FROM order_parents WHERE status = 'working'
       AND ($1::uuid[] IS NULL OR account_id = ANY($1)) AND ($2::uuid IS NULL OR owner_user_id = $2) AND ($3::text IS NULL OR symbol = $3)
     ORDER BY seq`,
    [scope.accountIds, scope.ownerUserId, scope.symbol ?? null],
  );
  return result.rows.map((row) => row.id);
}
