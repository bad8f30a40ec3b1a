// SQL of order_executions: fills as execution reported them, idempotent by execution id.
import type { Execution, Side } from '@kestrel/shared';
import { toSafeInt, type Queryable } from './queryable.js';

/** Records a fill; false when this execution id was already recorded. */
export async function insertExecution(db: Queryable, execution: Execution, ownerUserId: string): Promise<boolean> {
  const result = await db.query(
    `INSERT INTO order_executions (id, order_id, account_id, owner_user_id, execution, symbol, side, executed_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (id) DO NOTHING`,
    [execution.id, execution.orderId, execution.accountId, ownerUserId, JSON.stringify(execution), execution.symbol, execution.side, execution.executedAt],
  );
  return result.rowCount === 1;
}

/** Filters of the execution list. */
export interface ExecutionFilter {
  ownerUserId: string | null;
  accountId?: string;
  orderId?: string;
  symbol?: string;
  side?: Side;
  fromMs?: number;
  toMs?: number;
  beforeSeq?: number;
}

/** Newest first, at most `limit`. */
export async function listExecutions(db: Queryable, filter: ExecutionFilter, limit: number): Promise<{ execution: Execution; seq: number }[]> {
  const where: string[] = [];
  const values: unknown[] = [];
  const add = (sql: string, value: unknown) => {
    values.push(value);
    where.push(sql.replace('?', `$${values.length}`));
  };
  if (filter.ownerUserId !== null) add('owner_user_id = ?', filter.ownerUserId);
  if (filter.accountId !== undefined) add('account_id = ?', filter.accountId);
  if (filter.orderId !== undefined) add('order_id = ?', filter.orderId);
  if (filter.symbol !== undefined) add('symbol = ?', filter.symbol);
  if (filter.side !== undefined) add('side = ?', filter.side);
  if (filter.fromMs !== undefined) add('executed_at >= ?', new Date(filter.fromMs).toISOString());
  if (filter.toMs !== undefined) add('executed_at < ?', new Date(filter.toMs).toISOString());
  if (filter.beforeSeq !== undefined) add('seq < ?', filter.beforeSeq);
  values.push(limit);
  const result = await db.query<{ execution: Execution; seq: string }>(
    `SELECT execution, seq FROM order_executions ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq DESC LIMIT $${values.length}`,
    values,
  );
  return result.rows.map((row) => ({ execution: row.execution, seq: toSafeInt(row.seq, 'seq') }));
}
