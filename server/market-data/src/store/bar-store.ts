// Bars in storage: writing imported bars and reading pages of bars of one symbol and interval.
// Reads go through barReadRelation, so the same query serves the native bar tables and the
// Timescale union of imported bars and continuous aggregates. Invariant: pages are keyset pages
// on the bar start (unique per symbol and interval), in either direction.
import type pg from 'pg';
import type { BarInterval } from '@kestrel/shared';
import type { BarValues } from '../domain/bar-math.js';
import { barReadRelation, type StorageLayout } from '../domain/storage-ddl.js';
import { BAR_TABLES } from '../domain/series-tables.js';
import { microsOf, microsToIso, toSafeInt, type Queryable } from './sql-values.js';

/** A stored bar plus where it came from. */
export interface StoredBar extends BarValues {
  origin: 'trades' | 'import';
}

/** Inserts or replaces bars of one symbol (imports); returns how many rows changed. */
export async function upsertBars(client: pg.ClientBase, interval: BarInterval, symbol: string, bars: readonly BarValues[], origin: 'trades' | 'import'): Promise<number> {
  let changed = 0;
  const chunk = 10_000;
  for (let i = 0; i < bars.length; i += chunk) {
    const part = bars.slice(i, i + chunk);
    const result = await client.query(
      `INSERT INTO ${BAR_TABLES[interval].name} AS b (symbol, ts, open, high, low, close, volume_lots, trade_count, vwap_numerator, origin)
       SELECT $1, * , $10 FROM unnest($2::timestamptz[], $3::bigint[], $4::bigint[], $5::bigint[], $6::bigint[], $7::bigint[], $8::integer[], $9::numeric[])
       ON CONFLICT (symbol, ts) DO UPDATE SET open = excluded.open, high = excluded.high, low = excluded.low, close = excluded.close,
         volume_lots = excluded.volume_lots, trade_count = excluded.trade_count, vwap_numerator = excluded.vwap_numerator,
         origin = excluded.origin, updated_at = now()`,
      [
        symbol,
        part.map((bar) => microsToIso(bar.startMicros)),
        part.map((bar) => bar.open),
        part.map((bar) => bar.high),
        part.map((bar) => bar.low),
        part.map((bar) => bar.close),
        part.map((bar) => bar.volumeLots),
        part.map((bar) => bar.tradeCount),
        part.map((bar) => (bar.vwapNumerator === null ? null : bar.vwapNumerator.toString())),
        origin,
      ],
    );
    changed += result.rowCount ?? 0;
  }
  return changed;
}

/** A bar page request. */
export interface BarPageQuery {
  symbol: string;
  interval: BarInterval;
  fromMicros: number;
  toMicros: number;
  /** Start of the last bar of the previous page (exclusive). */
  afterMicros: number | null;
  limit: number;
  order: 'asc' | 'desc';
}

interface BarRow {
  ts_us: string;
  open: string;
  high: string;
  low: string;
  close: string;
  volume_lots: string;
  trade_count: number | null;
  vwap_numerator: string | null;
  origin: 'trades' | 'import';
}

/** One page of bars with from <= start < to, after the cursor, in `order`. */
export async function readBars(db: Queryable, layout: StorageLayout, query: BarPageQuery): Promise<StoredBar[]> {
  const ascending = query.order === 'asc';
  const { rows } = await db.query<BarRow>(
    `SELECT ${microsOf('b.ts')} AS ts_us, b.open, b.high, b.low, b.close, b.volume_lots, b.trade_count, b.vwap_numerator::text AS vwap_numerator, b.origin
     FROM ${barReadRelation(layout, query.interval)} AS b
     WHERE b.symbol = $1 AND b.ts >= $2 AND b.ts < $3 AND ($4::timestamptz IS NULL OR b.ts ${ascending ? '>' : '<'} $4)
     ORDER BY b.ts ${ascending ? 'ASC' : 'DESC'}
     LIMIT $5`,
    [query.symbol, microsToIso(query.fromMicros), microsToIso(query.toMicros), query.afterMicros === null ? null : microsToIso(query.afterMicros), query.limit],
  );
  return rows.map((row) => ({
    startMicros: toSafeInt(row.ts_us, 'bar time'),
    open: toSafeInt(row.open, 'open'),
    high: toSafeInt(row.high, 'high'),
    low: toSafeInt(row.low, 'low'),
    close: toSafeInt(row.close, 'close'),
    volumeLots: toSafeInt(row.volume_lots, 'volume'),
    tradeCount: row.trade_count,
    vwapNumerator: row.vwap_numerator === null ? null : BigInt(row.vwap_numerator),
    origin: row.origin,
  }));
}
