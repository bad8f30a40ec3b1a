// Stores normalised events: trades, quotes, book snapshots and deltas, and the latest feed state,
// with one multi-row statement per table (unnest / jsonb_to_recordset), in the caller's
// transaction. Invariants: rows keep their input order in `seq`; a trade already stored (same
// symbol, time, source and trade id) is skipped, so re-ingesting or re-importing is harmless; a
// feed state never moves back in time; in the native layout every stored trade range is queued in
// md_bar_dirty in the same transaction, so bars are rolled up from it even after a crash.
import type pg from 'pg';
import type { BookDeltaEvent, BookSnapshotEvent, FeedStatusEvent, QuoteEvent, TradeEvent } from '@kestrel/shared';
import { BOOK_DELTAS, BOOK_SNAPSHOTS, QUOTES, TRADES, type SeriesTable } from '../domain/series-tables.js';
import type { PartitionKeeper } from './partition-keeper.js';
import { microsOf, microsToIso } from './sql-values.js';

/** Events grouped by what they are stored as. */
export interface TickBatch {
  trades: TradeEvent[];
  quotes: QuoteEvent[];
  snapshots: BookSnapshotEvent[];
  deltas: BookDeltaEvent[];
  statuses: FeedStatusEvent[];
}

/** What a write stored. */
export interface TickWriteResult {
  tradesStored: number;
  duplicateTrades: number;
  /** tradeKey() of every trade that was new (the others were already stored). */
  storedTrades: Set<string>;
  /** Per symbol, the time range of the stored trades (the bars to roll up). */
  tradeRanges: Map<string, { fromMicros: number; toMicros: number }>;
}

/** Identity of a trade: (symbol, source, trade id, time). */
export function tradeKey(symbol: string, source: string, tradeId: string, timeMicros: number): string {
  return `${symbol}\u0000${source}\u0000${tradeId}\u0000${timeMicros}`;
}

/** An empty batch. */
export function emptyBatch(): TickBatch {
  return { trades: [], quotes: [], snapshots: [], deltas: [], statuses: [] };
}

function timeRange(events: readonly { timeMicros: number }[]): [number, number] {
  let min = Infinity;
  let max = -Infinity;
  for (const event of events) {
    if (event.timeMicros < min) min = event.timeMicros;
    if (event.timeMicros > max) max = event.timeMicros;
  }
  return [min, max];
}

/** Creates the partitions (native layout) every row of the batch needs, before the transaction. */
export async function ensurePartitionsFor(keeper: PartitionKeeper, batch: TickBatch): Promise<void> {
  const pairs: [SeriesTable, readonly { timeMicros: number }[]][] = [
    [TRADES, batch.trades],
    [QUOTES, batch.quotes],
    [BOOK_SNAPSHOTS, batch.snapshots],
    [BOOK_DELTAS, batch.deltas],
  ];
  for (const [table, events] of pairs) {
    if (events.length === 0) continue;
    const [min, max] = timeRange(events);
    await keeper.ensure(table, Math.floor(min / 1000), Math.floor(max / 1000));
  }
}

function bookRows(events: readonly (BookSnapshotEvent | BookDeltaEvent)[]): string {
  return JSON.stringify(
    events.map((event) => ({
      symbol: event.symbol,
      ts: microsToIso(event.timeMicros),
      source: event.source,
      update_id: event.updateId,
      bid_prices: event.bids.map((level) => level[0]),
      bid_lots: event.bids.map((level) => level[1]),
      ask_prices: event.asks.map((level) => level[0]),
      ask_lots: event.asks.map((level) => level[1]),
      depth_limit: 'depthLimit' in event ? event.depthLimit : null,
    })),
  );
}

/** Writes the batch with `client` (inside the caller's transaction). */
export async function writeTicks(client: pg.ClientBase, batch: TickBatch, options: { queueBars: boolean }): Promise<TickWriteResult> {
  const result: TickWriteResult = { tradesStored: 0, duplicateTrades: 0, storedTrades: new Set(), tradeRanges: new Map() };
  if (batch.trades.length > 0) {
    const t = batch.trades;
    const inserted = await client.query(
      `INSERT INTO md_trades (symbol, ts, source, trade_id, price_ticks, quantity_lots, aggressor)
       SELECT * FROM unnest($1::text[], $2::timestamptz[], $3::text[], $4::text[], $5::bigint[], $6::bigint[], $7::text[])
       ON CONFLICT DO NOTHING
       RETURNING symbol, source, trade_id, ${microsOf('ts')} AS ts_us`,
      [
        t.map((e) => e.symbol),
        t.map((e) => microsToIso(e.timeMicros)),
        t.map((e) => e.source),
        t.map((e) => e.tradeId),
        t.map((e) => e.priceTicks),
        t.map((e) => e.quantityLots),
        t.map((e) => e.aggressor),
      ],
    );
    for (const row of inserted.rows as { symbol: string; source: string; trade_id: string; ts_us: string }[]) {
      result.storedTrades.add(tradeKey(row.symbol, row.source, row.trade_id, Number(row.ts_us)));
    }
    result.tradesStored = result.storedTrades.size;
    result.duplicateTrades = t.length - result.tradesStored;
    for (const trade of t) {
      const range = result.tradeRanges.get(trade.symbol);
      if (!range) result.tradeRanges.set(trade.symbol, { fromMicros: trade.timeMicros, toMicros: trade.timeMicros });
      else {
        if (trade.timeMicros < range.fromMicros) range.fromMicros = trade.timeMicros;
        if (trade.timeMicros > range.toMicros) range.toMicros = trade.timeMicros;
      }
    }
    if (options.queueBars && result.tradesStored > 0) {
      const ranges = [...result.tradeRanges.entries()];
      await client.query(
        `INSERT INTO md_bar_dirty (symbol, from_ts, to_ts) SELECT * FROM unnest($1::text[], $2::timestamptz[], $3::timestamptz[])`,
        [ranges.map(([symbol]) => symbol), ranges.map(([, r]) => microsToIso(r.fromMicros)), ranges.map(([, r]) => microsToIso(r.toMicros))],
      );
    }
  }
  if (batch.quotes.length > 0) {
    const q = batch.quotes;
    await client.query(
      `INSERT INTO md_quotes (symbol, ts, source, bid_price, bid_lots, ask_price, ask_lots)
       SELECT * FROM unnest($1::text[], $2::timestamptz[], $3::text[], $4::bigint[], $5::bigint[], $6::bigint[], $7::bigint[])`,
      [
        q.map((e) => e.symbol),
        q.map((e) => microsToIso(e.timeMicros)),
        q.map((e) => e.source),
        q.map((e) => e.bid?.priceTicks ?? null),
        q.map((e) => e.bid?.quantityLots ?? null),
        q.map((e) => e.ask?.priceTicks ?? null),
        q.map((e) => e.ask?.quantityLots ?? null),
      ],
    );
  }
  if (batch.snapshots.length > 0) {
    await client.query(
      `INSERT INTO md_book_snapshots (symbol, ts, source, update_id, bid_prices, bid_lots, ask_prices, ask_lots, depth_limit)
       SELECT r.symbol, r.ts, r.source, r.update_id, r.bid_prices, r.bid_lots, r.ask_prices, r.ask_lots, r.depth_limit
       FROM ROWS FROM (jsonb_to_recordset($1::jsonb) AS (symbol text, ts timestamptz, source text, update_id numeric,
         bid_prices bigint[], bid_lots bigint[], ask_prices bigint[], ask_lots bigint[], depth_limit integer)) WITH ORDINALITY AS r
       ORDER BY r.ordinality`,
      [bookRows(batch.snapshots)],
    );
  }
  if (batch.deltas.length > 0) {
    await client.query(
      `INSERT INTO md_book_deltas (symbol, ts, source, update_id, bid_prices, bid_lots, ask_prices, ask_lots)
       SELECT r.symbol, r.ts, r.source, r.update_id, r.bid_prices, r.bid_lots, r.ask_prices, r.ask_lots
       FROM ROWS FROM (jsonb_to_recordset($1::jsonb) AS (symbol text, ts timestamptz, source text, update_id numeric,
         bid_prices bigint[], bid_lots bigint[], ask_prices bigint[], ask_lots bigint[])) WITH ORDINALITY AS r
       ORDER BY r.ordinality`,
      [bookRows(batch.deltas)],
    );
  }
  if (batch.statuses.length > 0) {
    const latest = new Map<string, FeedStatusEvent>();
    for (const status of batch.statuses) latest.set(`${status.symbol}\u0000${status.source}`, status);
    const s = [...latest.values()];
    await client.query(
      `INSERT INTO md_feed_status AS f (symbol, source, state, reason, changed_at)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::timestamptz[])
       ON CONFLICT (symbol, source) DO UPDATE SET state = excluded.state, reason = excluded.reason, changed_at = excluded.changed_at
       WHERE f.changed_at <= excluded.changed_at`,
      [s.map((e) => e.symbol), s.map((e) => e.source), s.map((e) => e.state), s.map((e) => e.reason), s.map((e) => microsToIso(e.timeMicros))],
    );
  }
  return result;
}
