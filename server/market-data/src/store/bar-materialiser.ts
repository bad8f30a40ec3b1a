// Rolls bars up from stored data (the historical half of bar aggregation; the live half is
// domain/bar-aggregator.ts). Native layout: 1s bars from md_trades, then each coarser interval
// from the next finer one (ROLLUP_SOURCE), as upserts over the buckets that a time range touches —
// the same definition as domain/bar-math.ts in SQL (open/close by (ts, seq), integer sums, NULL
// trade count / VWAP numerator as soon as one ingredient is unknown). Timescale layout: trades
// are rolled up by the continuous aggregates, so only imported bars are rolled up here, and a
// historical import refreshes the aggregates over its range afterwards.
// Invariants: ranges are widened to whole buckets and merged per symbol before use, so no trade
// or bar is counted twice; a bucket with no source rows gets no bar (never a flat one); claiming
// work from md_bar_dirty uses FOR UPDATE SKIP LOCKED inside the same transaction as the upserts,
// so a crash or a failed run leaves the work queued.
import type pg from 'pg';
import { BAR_INTERVALS, BAR_INTERVAL_MICROS, ROLLUP_SOURCE, barStart, type BarInterval } from '@kestrel/shared';
import { BAR_SQL_INTERVAL, caggName, type StorageLayout } from '../domain/storage-ddl.js';
import { BAR_TABLES } from '../domain/series-tables.js';
import type { PartitionKeeper } from './partition-keeper.js';
import { isoToMicros, microsToIso } from './sql-values.js';

/** A time range of one symbol whose bars must be (re)computed; to is inclusive. */
export interface DirtyRange {
  symbol: string;
  fromMicros: number;
  toMicros: number;
}

const EPOCH = "TIMESTAMPTZ '1970-01-01 00:00:00+00'";

/** Widens each range to whole buckets of `interval` ([start, end) in µs) and merges overlaps per symbol. */
export function bucketRanges(ranges: readonly DirtyRange[], interval: BarInterval): { symbol: string; fromMicros: number; toMicros: number }[] {
  const length = BAR_INTERVAL_MICROS[interval];
  const widened = ranges
    .map((range) => ({ symbol: range.symbol, fromMicros: barStart(range.fromMicros, interval), toMicros: barStart(range.toMicros, interval) + length }))
    .sort((a, b) => (a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : a.fromMicros - b.fromMicros));
  const merged: typeof widened = [];
  for (const range of widened) {
    const last = merged[merged.length - 1];
    if (last && last.symbol === range.symbol && range.fromMicros <= last.toMicros) last.toMicros = Math.max(last.toMicros, range.toMicros);
    else merged.push({ ...range });
  }
  return merged;
}

const UPSERT_TAIL = `ON CONFLICT (symbol, ts) DO UPDATE SET open = excluded.open, high = excluded.high, low = excluded.low, close = excluded.close,
  volume_lots = excluded.volume_lots, trade_count = excluded.trade_count, vwap_numerator = excluded.vwap_numerator,
  origin = excluded.origin, updated_at = now()
WHERE (b.open, b.high, b.low, b.close, b.volume_lots, b.trade_count, b.vwap_numerator, b.origin)
  IS DISTINCT FROM (excluded.open, excluded.high, excluded.low, excluded.close, excluded.volume_lots, excluded.trade_count, excluded.vwap_numerator, excluded.origin)`;

/** SQL rolling 1s bars up from trades over the ranges in $1 (symbols), $2 (from), $3 (to). */
export function secondBarsFromTradesSql(): string {
  return `WITH r AS (SELECT * FROM unnest($1::text[], $2::timestamptz[], $3::timestamptz[]) AS r(symbol, lo, hi))
INSERT INTO ${BAR_TABLES['1s'].name} AS b (symbol, ts, open, high, low, close, volume_lots, trade_count, vwap_numerator, origin)
SELECT t.symbol, date_bin(${BAR_SQL_INTERVAL['1s']}, t.ts, ${EPOCH}) AS bucket,
  (array_agg(t.price_ticks ORDER BY t.ts, t.seq))[1], max(t.price_ticks), min(t.price_ticks),
  (array_agg(t.price_ticks ORDER BY t.ts DESC, t.seq DESC))[1],
  sum(t.quantity_lots), count(*), sum(t.price_ticks::numeric * t.quantity_lots), 'trades'
FROM md_trades t JOIN r ON t.symbol = r.symbol AND t.ts >= r.lo AND t.ts < r.hi
GROUP BY t.symbol, bucket
${UPSERT_TAIL}`;
}

/** SQL rolling bars of `interval` up from its ROLLUP_SOURCE table over the ranges in $1..$3. */
export function rollUpSql(interval: Exclude<BarInterval, '1s'>, originFilter: 'any' | 'import'): string {
  const source = BAR_TABLES[ROLLUP_SOURCE[interval]].name;
  return `WITH r AS (SELECT * FROM unnest($1::text[], $2::timestamptz[], $3::timestamptz[]) AS r(symbol, lo, hi))
INSERT INTO ${BAR_TABLES[interval].name} AS b (symbol, ts, open, high, low, close, volume_lots, trade_count, vwap_numerator, origin)
SELECT s.symbol, date_bin(${BAR_SQL_INTERVAL[interval]}, s.ts, ${EPOCH}) AS bucket,
  (array_agg(s.open ORDER BY s.ts))[1], max(s.high), min(s.low), (array_agg(s.close ORDER BY s.ts DESC))[1],
  sum(s.volume_lots),
  CASE WHEN bool_and(s.trade_count IS NOT NULL) THEN sum(s.trade_count) END,
  CASE WHEN bool_and(s.vwap_numerator IS NOT NULL) THEN sum(s.vwap_numerator) END,
  CASE WHEN bool_or(s.origin = 'trades') THEN 'trades' ELSE 'import' END
FROM ${source} s JOIN r ON s.symbol = r.symbol AND s.ts >= r.lo AND s.ts < r.hi${originFilter === 'import' ? " AND s.origin = 'import'" : ''}
GROUP BY s.symbol, bucket
${UPSERT_TAIL}`;
}

function rangeParams(ranges: readonly { symbol: string; fromMicros: number; toMicros: number }[]): unknown[] {
  return [ranges.map((r) => r.symbol), ranges.map((r) => microsToIso(r.fromMicros)), ranges.map((r) => microsToIso(r.toMicros))];
}

/**
 * Recomputes the bars the ranges touch, with `client` (in the caller's transaction). `from`
 * selects the finest interval to start at: `trades` (1s from trades, native only) or an interval
 * whose bars were just written (imports), which is then rolled up to every coarser interval.
 */
export async function materialise(client: pg.ClientBase, layout: StorageLayout, ranges: readonly DirtyRange[], from: 'trades' | BarInterval): Promise<void> {
  if (ranges.length === 0) return;
  let finest: BarInterval;
  if (from === 'trades') {
    // Timescale rolls trades up itself (continuous aggregates).
    if (layout !== 'native') return;
    await client.query(secondBarsFromTradesSql(), rangeParams(bucketRanges(ranges, '1s')));
    finest = '1s';
  } else {
    finest = from;
  }
  const originFilter = layout === 'native' ? 'any' : 'import';
  for (const interval of BAR_INTERVALS.slice(BAR_INTERVALS.indexOf(finest) + 1) as Exclude<BarInterval, '1s'>[]) {
    await client.query(rollUpSql(interval, originFilter), rangeParams(bucketRanges(ranges, interval)));
  }
}

/** Creates (native layout) the bar partitions that materialise() over `ranges` starting at `from` will write. */
export async function ensureBarPartitions(keeper: PartitionKeeper, ranges: readonly DirtyRange[], from: 'trades' | BarInterval): Promise<void> {
  if (ranges.length === 0) return;
  const fromMs = Math.floor(Math.min(...ranges.map((range) => range.fromMicros)) / 1000);
  const toMs = Math.floor(Math.max(...ranges.map((range) => range.toMicros)) / 1000);
  const intervals = from === 'trades' ? BAR_INTERVALS : BAR_INTERVALS.slice(BAR_INTERVALS.indexOf(from));
  for (const interval of intervals) {
    // A roll-up writes the bucket containing `to`, which for coarse intervals starts before `to` only.
    await keeper.ensure(BAR_TABLES[interval], Math.floor(barStart(fromMs * 1000, interval) / 1000), toMs);
  }
}

/** Timescale: refreshes every continuous aggregate over [from, to] (must run outside a transaction). */
export async function refreshAggregates(pool: pg.Pool, fromMicros: number, toMicros: number): Promise<void> {
  for (const interval of BAR_INTERVALS) {
    const from = barStart(fromMicros, interval);
    const to = barStart(toMicros, interval) + BAR_INTERVAL_MICROS[interval];
    await pool.query(`CALL refresh_continuous_aggregate('${caggName(interval)}', $1::timestamptz, $2::timestamptz)`, [microsToIso(from), microsToIso(to)]);
  }
}

/** Claims up to `limit` queued ranges and materialises them from trades; returns how many were claimed. */
export async function materialiseQueued(pool: pg.Pool, layout: StorageLayout, keeper: PartitionKeeper, limit: number): Promise<number> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const claimed = await client.query<{ symbol: string; from_ts: string; to_ts: string }>(
      `DELETE FROM md_bar_dirty WHERE id IN (SELECT id FROM md_bar_dirty ORDER BY id FOR UPDATE SKIP LOCKED LIMIT $1)
       RETURNING symbol, to_char(from_ts AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS from_ts,
                 to_char(to_ts AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS to_ts`,
      [limit],
    );
    const ranges = claimed.rows.map((row) => ({ symbol: row.symbol, fromMicros: isoToMicros(row.from_ts), toMicros: isoToMicros(row.to_ts) }));
    await ensureBarPartitions(keeper, ranges, 'trades');
    await materialise(client, layout, ranges, 'trades');
    await client.query('COMMIT');
    return ranges.length;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
