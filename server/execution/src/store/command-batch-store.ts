// SQL of a group-committed batch of engine requests: one statement per table instead of one per
// row, so a batch of commands costs a handful of round trips whatever its size (command-handler.ts).
// The lookups (handled commands, orders, engine symbols and accounts) run before the engine applies
// anything; persistWrites() runs inside the ONE transaction that commits the batch's effects.
// Invariants: everything persistWrites() writes commits together or not at all (inputs log, shard
// positions, fills, order totals, handled commands, outbox rows in the requests' order); a fill id
// seen before (a replay) neither inserts a row nor publishes `orders.executed` again.
// The statements are named (prepared once per connection): they run for every batch. Except the
// order totals' UPDATE, planned for each call (see persistWrites).
// Known limit: two batches that record the same new order, symbol or account at the same moment
// can each miss the other's row in the combined insert-and-read (a statement does not see rows
// committed after it started); the missing ones are read again one by one.
import { createEnvelope, enqueue } from '@kestrel/server-common';
import type { EventEnvelope, InstrumentEconomics, Order } from '@kestrel/shared';
import type pg from 'pg';
import { encodeInput, type EngineInput } from '../domain/engine-input.js';
import type { BuiltEvents } from '../domain/report-builder.js';
import { engineAccount, engineSymbol, findOrder, ORDER_COLUMNS, toStored, type OrderRow, type StoredOrder } from './execution-store.js';

type Queryable = pg.Pool | pg.ClientBase;

/** The command ids among `commandIds` that were handled before. */
export async function handledCommands(db: Queryable, commandIds: readonly string[]): Promise<Set<string>> {
  if (commandIds.length === 0) return new Set();
  const { rows } = await db.query<{ command_id: string }>({
    name: 'execution-handled-commands',
    text: 'SELECT command_id FROM execution_commands WHERE command_id = ANY($1::uuid[])',
    values: [commandIds],
  });
  return new Set(rows.map((row) => row.command_id));
}

/** An order to record before its submit reaches the engine. */
export interface NewOrderRecord {
  shard: string;
  order: Order;
  instrument: InstrumentEconomics;
}

/**
 * Records `records` (those already recorded are left as they are) and reads them together with the
 * orders `alsoRead` names, in one statement; orders that do not exist are absent from the answer.
 */
export async function recordOrders(db: Queryable, records: readonly NewOrderRecord[], alsoRead: readonly string[]): Promise<Map<string, StoredOrder>> {
  // In delivery order: engine order ids are allocated in the order the commands came, as one at a time would.
  const incoming = [...new Map(records.map((r) => [r.order.id, r])).values()];
  const wanted = [...new Set([...incoming.map((r) => r.order.id), ...alsoRead])];
  const found = new Map<string, StoredOrder>();
  if (wanted.length === 0) return found;
  const { rows } = await db.query<OrderRow>({
    name: 'execution-record-orders',
    text: `WITH inserted AS (
       INSERT INTO execution_orders (order_id, shard, account_id, symbol, order_json, instrument, quantity_lots)
       SELECT o.order_id, o.shard, o.account_id, o.symbol, o.order_json, o.instrument, o.quantity_lots
       FROM ROWS FROM (
         jsonb_to_recordset($1::jsonb) AS (order_id uuid, shard text, account_id uuid, symbol text, order_json jsonb, instrument jsonb, quantity_lots bigint)
       ) WITH ORDINALITY AS o(order_id, shard, account_id, symbol, order_json, instrument, quantity_lots, ord)
       ORDER BY o.ord
       ON CONFLICT (order_id) DO NOTHING
       RETURNING ${ORDER_COLUMNS}
     )
     SELECT ${ORDER_COLUMNS} FROM inserted
     UNION ALL
     SELECT ${ORDER_COLUMNS} FROM execution_orders WHERE order_id = ANY($2::uuid[]) AND order_id NOT IN (SELECT order_id FROM inserted)`,
    values: [
      JSON.stringify(incoming.map((r) => ({ order_id: r.order.id, shard: r.shard, account_id: r.order.accountId, symbol: r.order.symbol, order_json: r.order, instrument: r.instrument, quantity_lots: r.order.quantityLots }))),
      wanted,
    ],
  });
  for (const row of rows) found.set(row.order_id, toStored(row));
  for (const record of incoming) {
    if (found.has(record.order.id)) continue;
    const stored = await findOrder(db, record.order.id);
    if (stored) found.set(record.order.id, stored);
  }
  return found;
}

/** The engine numbers of `symbols`, allocated on first use (one statement). */
export async function engineSymbols(db: Queryable, symbols: readonly string[]): Promise<Map<string, number>> {
  const numbers = await allocate(db, 'execution_symbols', 'symbol', 'text', 'engine_symbol', [...new Set(symbols)]);
  const result = new Map<string, number>();
  for (const symbol of new Set(symbols)) result.set(symbol, numbers.has(symbol) ? Number(numbers.get(symbol)) : await engineSymbol(db, symbol));
  return result;
}

/** The engine numbers of `accountIds`, allocated on first use (one statement). */
export async function engineAccounts(db: Queryable, accountIds: readonly string[]): Promise<Map<string, bigint>> {
  const numbers = await allocate(db, 'execution_accounts', 'account_id', 'uuid', 'engine_account', [...new Set(accountIds)]);
  const result = new Map<string, bigint>();
  for (const account of new Set(accountIds)) result.set(account, numbers.has(account) ? BigInt(numbers.get(account)!) : await engineAccount(db, account));
  return result;
}

async function allocate(db: Queryable, table: string, key: string, type: string, number: string, keys: readonly string[]): Promise<Map<string, string>> {
  if (keys.length === 0) return new Map();
  const sorted = [...keys].sort();
  const { rows } = await db.query<{ key: string; number: string }>({
    name: `execution-allocate-${table}`,
    text: `WITH inserted AS (
       INSERT INTO ${table} (${key}) SELECT unnest($1::${type}[]) ON CONFLICT DO NOTHING RETURNING ${key}, ${number}
     )
     SELECT ${key}::text AS key, ${number}::text AS number FROM inserted
     UNION ALL
     SELECT ${key}::text, ${number}::text FROM ${table} WHERE ${key} = ANY($1::${type}[])`,
    values: [sorted],
  });
  return new Map(rows.map((row) => [row.key, row.number]));
}

/** One engine request's persistence. */
export interface RequestWrite {
  shard: string;
  /** 0n when the engine refused before journaling (nothing to log, position unchanged). */
  journalSequence: bigint;
  input: EngineInput;
  built: BuiltEvents;
  /** The order whose submit this request was. */
  submittedOrderId?: string;
}

/** One step of a batch's persistence, in the order its outbox rows are written. */
export type BatchStep = { kind: 'request'; write: RequestWrite } | { kind: 'events'; envelopes: EventEnvelope[] };

/** Everything one batch commits. */
export interface BatchWrites {
  steps: readonly BatchStep[];
  /** Commands the batch handled. */
  commands: readonly { commandId: string; kind: string }[];
  /** Orders answered without an engine request (their submit was refused before the journal). */
  submitted: readonly string[];
}

/** Writes a batch's inputs, positions, fills, totals, handled commands and outbox rows (inside the caller's transaction). */
export async function persistWrites(client: pg.ClientBase, writes: BatchWrites): Promise<void> {
  const requests = writes.steps.flatMap((step) => (step.kind === 'request' ? [step.write] : []));
  const journaled = requests.filter((write) => write.journalSequence > 0n);
  if (journaled.length > 0) {
    await client.query({
      name: 'execution-store-inputs',
      text: `INSERT INTO execution_engine_inputs (shard, journal_sequence, input)
       SELECT i.shard, i.journal_sequence, i.input FROM jsonb_to_recordset($1::jsonb) AS i(shard text, journal_sequence bigint, input jsonb)`,
      values: [JSON.stringify(journaled.map((write) => ({ shard: write.shard, journal_sequence: write.journalSequence.toString(), input: encodeInput(write.input) })))],
    });
    const positions = new Map<string, bigint>();
    for (const write of journaled) if (write.journalSequence > (positions.get(write.shard) ?? 0n)) positions.set(write.shard, write.journalSequence);
    await client.query({
      name: 'execution-shard-positions',
      text: `UPDATE execution_shards s SET last_journal_sequence = p.sequence, updated_at = now()
       FROM unnest($1::text[], $2::bigint[]) AS p(shard, sequence) WHERE s.shard = p.shard`,
      values: [[...positions.keys()], [...positions.values()].map(String)],
    });
  }
  const fills = requests.flatMap((write) =>
    write.built.fills.map((fill) => ({
      id: fill.execution.id,
      order_id: fill.execution.orderId,
      account_id: fill.execution.accountId,
      symbol: fill.execution.symbol,
      shard: write.shard,
      journal_sequence: write.journalSequence.toString(),
      engine_sequence: fill.engineSequence.toString(),
      execution: fill.execution,
      received_at: fill.venueDetail?.receivedAt ?? null,
      venue_commission: fill.venueDetail?.commission?.amount ?? null,
      venue_commission_asset: fill.venueDetail?.commission?.asset ?? null,
    })),
  );
  const inserted = new Set<string>();
  if (fills.length > 0) {
    const { rows } = await client.query<{ id: string }>({
      name: 'execution-insert-fills',
      text: `INSERT INTO execution_fills (id, order_id, account_id, symbol, shard, journal_sequence, engine_sequence, execution, received_at, venue_commission, venue_commission_asset)
       SELECT f.id, f.order_id, f.account_id, f.symbol, f.shard, f.journal_sequence, f.engine_sequence, f.execution, f.received_at, f.venue_commission, f.venue_commission_asset
       FROM jsonb_to_recordset($1::jsonb) AS f(id uuid, order_id uuid, account_id uuid, symbol text, shard text, journal_sequence bigint, engine_sequence bigint, execution jsonb,
         received_at timestamptz, venue_commission numeric, venue_commission_asset text)
       ON CONFLICT (id) DO NOTHING RETURNING id`,
      values: [JSON.stringify(fills)],
    });
    for (const row of rows) inserted.add(row.id);
  }
  // The totals objects are shared across the batch's requests: each holds the order's final state.
  const touched = new Map(requests.flatMap((write) => write.built.touched.map((order) => [order.orderId, order] as const)));
  const submitted = [...new Set([...writes.submitted, ...requests.flatMap((write) => (write.submittedOrderId ? [write.submittedOrderId] : []))])];
  if (touched.size > 0 || submitted.length > 0) {
    const totals = [...touched.values()].sort((a, b) => (a.orderId < b.orderId ? -1 : 1));
    // Unnamed, so planned for each call with the table as it is then: a named statement keeps the
    // generic plan it made when execution_orders was small, and for this join that plan reads the
    // whole table (a hash join over a sequential scan: 20,000 rows for 50 orders once the table has
    // grown). No shape of an UPDATE joined to its input rules that plan out; planning costs about
    // 0.2 ms, once per batch.
    await client.query({
      text: `UPDATE execution_orders o SET
         filled_lots = coalesce(v.filled_lots, o.filled_lots),
         filled_notional = coalesce(v.filled_notional, o.filled_notional),
         quantity_lots = coalesce(v.quantity_lots, o.quantity_lots),
         submitted = o.submitted OR o.order_id = ANY($5::uuid[])
       FROM (
         SELECT coalesce(t.order_id, s.order_id) AS order_id, t.filled_lots, t.filled_notional, t.quantity_lots
         FROM unnest($1::uuid[], $2::bigint[], $3::numeric[], $4::bigint[]) AS t(order_id, filled_lots, filled_notional, quantity_lots)
         FULL JOIN unnest($5::uuid[]) AS s(order_id) ON s.order_id = t.order_id
       ) AS v
       WHERE o.order_id = v.order_id`,
      values: [totals.map((o) => o.orderId), totals.map((o) => o.filledLots), totals.map((o) => o.filledNotional.toString()), totals.map((o) => o.quantityLots), submitted],
    });
  }
  if (writes.commands.length > 0) {
    await client.query({
      name: 'execution-mark-commands',
      text: 'INSERT INTO execution_commands (command_id, kind) SELECT * FROM unnest($1::uuid[], $2::text[]) ON CONFLICT DO NOTHING',
      values: [writes.commands.map((c) => c.commandId), writes.commands.map((c) => c.kind)],
    });
  }
  const envelopes = writes.steps.flatMap((step) => {
    if (step.kind === 'events') return step.envelopes;
    const reports = step.write.built.reports.map((report) => createEnvelope('orders.reports', report.accountId, report.payload));
    // Reports first: the order service learns of the fill from orders.reports; orders.executed is for the portfolio.
    const executed = step.write.built.fills.filter((fill) => inserted.has(fill.execution.id)).map((fill) => createEnvelope('orders.executed', fill.execution.accountId, fill.executed));
    return [...reports, ...executed];
  });
  await enqueue(client, envelopes);
}
