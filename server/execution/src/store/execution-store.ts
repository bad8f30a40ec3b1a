// SQL of the execution service. Every write that follows an engine request goes through
// persistRequest() inside ONE transaction: inputs log, fills, order totals, handled command, shard
// position and outbox rows commit together or not at all.
import { createEnvelope, enqueue } from '@kestrel/server-common';
import type { InstrumentEconomics, Order } from '@kestrel/shared';
import type pg from 'pg';
import { encodeInput, decodeInput, type EngineInput } from '../domain/engine-input.js';
import type { BuiltEvents, KnownOrder } from '../domain/report-builder.js';

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

interface OrderRow {
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

/** A stored order with where it lives. */
export interface StoredOrder extends KnownOrder {
  shard: string;
  submitted: boolean;
}

function toStored(row: OrderRow): StoredOrder {
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

/** Records an order before its submit reaches the engine (a no-op when it is already recorded). */
export async function recordOrder(db: Queryable, shard: string, order: Order, instrument: InstrumentEconomics): Promise<StoredOrder> {
  await db.query(
    `INSERT INTO execution_orders (order_id, shard, account_id, symbol, order_json, instrument, quantity_lots)
     VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (order_id) DO NOTHING`,
    [order.id, shard, order.accountId, order.symbol, JSON.stringify(order), JSON.stringify(instrument), order.quantityLots],
  );
  return (await findOrder(db, order.id))!;
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
  const { rows } = await db.query<OrderRow>('SELECT * FROM execution_orders WHERE engine_order_id = ANY($1::bigint[])', [engineOrderIds.map(String)]);
  for (const row of rows) known.set(BigInt(row.engine_order_id), toStored(row));
  return known;
}

/** True when the command id was handled before. */
export async function commandHandled(db: Queryable, commandId: string): Promise<boolean> {
  const { rowCount } = await db.query('SELECT 1 FROM execution_commands WHERE command_id = $1', [commandId]);
  return (rowCount ?? 0) > 0;
}

/** Records a handled command (inside the transaction that persists its effects). */
export async function markCommand(client: pg.ClientBase, commandId: string, kind: string): Promise<void> {
  await client.query('INSERT INTO execution_commands (command_id, kind) VALUES ($1, $2) ON CONFLICT DO NOTHING', [commandId, kind]);
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

/** One engine request's persistence, inside the caller's transaction. */
export interface RequestWrite {
  shard: string;
  /** 0n when the engine refused before journaling (nothing to log, position unchanged). */
  journalSequence: bigint;
  input: EngineInput;
  built: BuiltEvents;
  /** Orders whose submit this request was. */
  submittedOrderId?: string;
}

/** Writes one request's inputs, fills, totals, position and outbox rows. */
export async function persistRequest(client: pg.ClientBase, write: RequestWrite): Promise<void> {
  if (write.journalSequence > 0n) {
    await client.query('INSERT INTO execution_engine_inputs (shard, journal_sequence, input) VALUES ($1, $2, $3)', [write.shard, write.journalSequence.toString(), JSON.stringify(encodeInput(write.input))]);
    await client.query('UPDATE execution_shards SET last_journal_sequence = $2, updated_at = now() WHERE shard = $1', [write.shard, write.journalSequence.toString()]);
  }
  if (write.submittedOrderId) await client.query('UPDATE execution_orders SET submitted = true WHERE order_id = $1', [write.submittedOrderId]);
  const envelopes = [];
  for (const fill of write.built.fills) {
    const inserted = await client.query(
      `INSERT INTO execution_fills (id, order_id, account_id, symbol, shard, journal_sequence, engine_sequence, execution, received_at, venue_commission, venue_commission_asset)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT (id) DO NOTHING`,
      [
        fill.execution.id,
        fill.execution.orderId,
        fill.execution.accountId,
        fill.execution.symbol,
        write.shard,
        write.journalSequence.toString(),
        fill.engineSequence.toString(),
        JSON.stringify(fill.execution),
        fill.venueDetail?.receivedAt ?? null,
        fill.venueDetail?.commission?.amount ?? null,
        fill.venueDetail?.commission?.asset ?? null,
      ],
    );
    if (inserted.rowCount === 1) envelopes.push(createEnvelope('orders.executed', fill.execution.accountId, fill.executed));
  }
  for (const order of write.built.touched) {
    await client.query('UPDATE execution_orders SET filled_lots = $2, filled_notional = $3, quantity_lots = $4 WHERE order_id = $1', [order.orderId, order.filledLots, order.filledNotional.toString(), order.quantityLots]);
  }
  const reports = write.built.reports.map((report) => createEnvelope('orders.reports', report.accountId, report.payload));
  // Reports first: the order service learns of the fill from orders.reports; orders.executed is for the portfolio.
  await enqueue(client, [...reports, ...envelopes]);
}
