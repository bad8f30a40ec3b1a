// SQL of the execution service: id mappings, orders, handled commands, shard positions and stored
// inputs. What engine requests write (inputs log, fills, order totals, handled commands, shard
// position, outbox rows) goes through persistWrites() (command-batch-store.ts) inside ONE
// transaction per request or batch of commands.
import type { InstrumentEconomics, Order } from '@kestrel/shared';
import type pg from 'pg';
import { decodeInput, type EngineInput } from '../domain/engine-input.js';
import type { KnownOrder } from '../domain/report-builder.js';

type Queryable = pg.Pool | pg.ClientBase;

/** The engine number of `symbol`, allocated on first use. */
export async function engineSymbol(db: Queryable, symbol: string): Promise<number> {
  await db.query('INSERT INTO execution_symbols (symbol) VALUES ($1) ON CONFLICT DO NOTHING', [symbol]);
  const { rows } = await db.query<{ engine_symbol: number }>('SELECT engine_symbol FROM execution_symbols WHERE symbol = $1', [symbol]);
  return rows[0]!.engine_symbol;
}

/** The engine number of `accountId`, allocated on first use. */
export async function engineAccount(db: Queryable, accountId: string): Promise<bigint> {
  await db.query('INSERT INTO execution_accounts (account_id) VALUES ($1) ON CONFLICT DO NOTHING', [accountId]);
  const { rows } = await db.query<{ engine_account: string }>('SELECT engine_account FROM execution_accounts WHERE account_id = $1', [accountId]);
  return BigInt(rows[0]!.engine_account);
}

/** A row of execution_orders. */
export interface OrderRow {
  order_id: string;
  engine_order_id: string;
  account_id: string;
  symbol: string;
  shard: string;
  order_json: Order;
  instrument: InstrumentEconomics;
  quantity_lots: string;
  filled_lots: string;
  filled_notional: string;
  submitted: boolean;
}

/**
 * The columns OrderRow reads. Listed rather than `*` in named statements: a prepared statement
 * whose `*` gains a column (a migration under a running process) fails with "cached plan must not
 * change result type".
 */
export const ORDER_COLUMNS = 'order_id, engine_order_id, account_id, symbol, shard, order_json, instrument, quantity_lots, filled_lots, filled_notional, submitted';

/** A stored order with where it lives. */
export interface StoredOrder extends KnownOrder {
  shard: string;
  submitted: boolean;
}

/** The stored order a row describes. */
export function toStored(row: OrderRow): StoredOrder {
  return {
    orderId: row.order_id,
    engineOrderId: BigInt(row.engine_order_id),
    accountId: row.account_id,
    order: row.order_json,
    instrument: row.instrument,
    quantityLots: Number(row.quantity_lots),
    filledLots: Number(row.filled_lots),
    filledNotional: BigInt(row.filled_notional),
    shard: row.shard,
    submitted: row.submitted,
  };
}


/** One order by id. */
export async function findOrder(db: Queryable, orderId: string): Promise<StoredOrder | null> {
  const { rows } = await db.query<OrderRow>('SELECT * FROM execution_orders WHERE order_id = $1', [orderId]);
  return rows[0] ? toStored(rows[0]) : null;
}

/** The orders among `engineOrderIds` that belong to the order service, by engine id. */
export async function knownOrders(db: Queryable, engineOrderIds: readonly bigint[]): Promise<Map<bigint, StoredOrder>> {
  const known = new Map<bigint, StoredOrder>();
  if (engineOrderIds.length === 0) return known;
  const { rows } = await db.query<OrderRow>({
    name: 'execution-known-orders',
    text: `SELECT ${ORDER_COLUMNS} FROM execution_orders WHERE engine_order_id = ANY($1::bigint[])`,
    values: [engineOrderIds.map(String)],
  });
  for (const row of rows) known.set(BigInt(row.engine_order_id), toStored(row));
  return known;
}

/** The last journal sequence whose events are persisted for `shard` (creating the row). */
export async function shardPosition(db: Queryable, shard: string): Promise<bigint> {
  await db.query('INSERT INTO execution_shards (shard) VALUES ($1) ON CONFLICT DO NOTHING', [shard]);
  const { rows } = await db.query<{ last_journal_sequence: string }>('SELECT last_journal_sequence FROM execution_shards WHERE shard = $1', [shard]);
  return BigInt(rows[0]!.last_journal_sequence);
}

/** Stored engine inputs of `shard` after `sequence`, in journal order. */
export async function inputsAfter(db: Queryable, shard: string, sequence: bigint): Promise<{ sequence: bigint; input: EngineInput }[]> {
  const { rows } = await db.query<{ journal_sequence: string; input: unknown }>(
    'SELECT journal_sequence, input FROM execution_engine_inputs WHERE shard = $1 AND journal_sequence > $2 ORDER BY journal_sequence',
    [shard, sequence.toString()],
  );
  return rows.map((row) => ({ sequence: BigInt(row.journal_sequence), input: decodeInput(row.input) }));
}
