// The catalogue of time-series tables (ticks, book, one table per bar interval) with the
// partition width and retention class of each. Why one table per bar interval: each interval has
// its own volume (86 400 1s bars per symbol and day, one 1d bar) and its own useful life, so each
// gets its own partition width and retention. Identifiers here are constants, never user input,
// which is what lets the SQL builders interpolate them.
import { BAR_INTERVALS, type BarInterval } from '@kestrel/shared';

/** Width of one partition (native) or chunk (Timescale). */
export type PartitionUnit = 'day' | 'month' | 'year';

/** Which retention setting governs a table. */
export type RetentionClass = 'ticks' | 'book' | 'secondBars' | 'intradayBars' | 'hourBars' | 'dailyBars';

/** One time-series table. */
export interface SeriesTable {
  name: string;
  unit: PartitionUnit;
  retention: RetentionClass;
  /** Column list for CREATE TABLE (time column `ts`). */
  columns: string;
  /** Index definitions `name (columns)`, the first one UNIQUE when `unique` is set. */
  indexes: readonly { name: string; columns: string; unique: boolean }[];
  /** Timescale compression ordering. */
  orderBy: string;
}

const TICK_INDEX = (table: string) => ({ name: `${table}_paging`, columns: 'symbol, ts, seq', unique: false });

/** Trades: one row per print. */
export const TRADES: SeriesTable = {
  name: 'md_trades',
  unit: 'day',
  retention: 'ticks',
  columns: `symbol text NOT NULL,
  ts timestamptz NOT NULL,
  seq bigint NOT NULL DEFAULT nextval('md_event_seq'),
  source text NOT NULL,
  trade_id text NOT NULL,
  price_ticks bigint NOT NULL,
  quantity_lots bigint NOT NULL CHECK (quantity_lots > 0),
  aggressor text CHECK (aggressor IN ('buy', 'sell'))`,
  indexes: [{ name: 'md_trades_identity', columns: 'symbol, ts, source, trade_id', unique: true }, TICK_INDEX('md_trades')],
  orderBy: 'ts, seq',
};

/** Top-of-book quotes. */
export const QUOTES: SeriesTable = {
  name: 'md_quotes',
  unit: 'day',
  retention: 'ticks',
  columns: `symbol text NOT NULL,
  ts timestamptz NOT NULL,
  seq bigint NOT NULL DEFAULT nextval('md_event_seq'),
  source text NOT NULL,
  bid_price bigint,
  bid_lots bigint,
  ask_price bigint,
  ask_lots bigint`,
  indexes: [TICK_INDEX('md_quotes')],
  orderBy: 'ts, seq',
};

const BOOK_COLUMNS = `symbol text NOT NULL,
  ts timestamptz NOT NULL,
  seq bigint NOT NULL DEFAULT nextval('md_event_seq'),
  source text NOT NULL,
  update_id numeric,
  bid_prices bigint[] NOT NULL,
  bid_lots bigint[] NOT NULL,
  ask_prices bigint[] NOT NULL,
  ask_lots bigint[] NOT NULL`;

/** Full L2 snapshots (received, or written every bookSnapshotEvery deltas). */
export const BOOK_SNAPSHOTS: SeriesTable = {
  name: 'md_book_snapshots',
  unit: 'day',
  retention: 'book',
  columns: `${BOOK_COLUMNS},
  depth_limit integer`,
  indexes: [TICK_INDEX('md_book_snapshots')],
  orderBy: 'ts, seq',
};

/** L2 deltas (absolute quantities, 0 removes). */
export const BOOK_DELTAS: SeriesTable = {
  name: 'md_book_deltas',
  unit: 'day',
  retention: 'book',
  columns: BOOK_COLUMNS,
  indexes: [TICK_INDEX('md_book_deltas')],
  orderBy: 'ts, seq',
};

const BAR_UNIT: Readonly<Record<BarInterval, PartitionUnit>> = { '1s': 'day', '1m': 'month', '5m': 'month', '15m': 'month', '1h': 'year', '1d': 'year' };
const BAR_RETENTION: Readonly<Record<BarInterval, RetentionClass>> = {
  '1s': 'secondBars',
  '1m': 'intradayBars',
  '5m': 'intradayBars',
  '15m': 'intradayBars',
  '1h': 'hourBars',
  '1d': 'dailyBars',
};

/** Name of the bar table of `interval`. */
export function barTableName(interval: BarInterval): string {
  return `md_bars_${interval}`;
}

/** The bar table of each interval. */
export const BAR_TABLES: Readonly<Record<BarInterval, SeriesTable>> = Object.fromEntries(
  BAR_INTERVALS.map((interval) => {
    const name = barTableName(interval);
    const table: SeriesTable = {
      name,
      unit: BAR_UNIT[interval],
      retention: BAR_RETENTION[interval],
      columns: `symbol text NOT NULL,
  ts timestamptz NOT NULL,
  open bigint NOT NULL,
  high bigint NOT NULL,
  low bigint NOT NULL,
  close bigint NOT NULL,
  volume_lots bigint NOT NULL CHECK (volume_lots >= 0),
  trade_count integer,
  vwap_numerator numeric,
  origin text NOT NULL CHECK (origin IN ('trades', 'import')),
  updated_at timestamptz NOT NULL DEFAULT now()`,
      indexes: [{ name: `${name}_key`, columns: 'symbol, ts', unique: true }],
      orderBy: 'ts',
    };
    return [interval, table];
  }),
) as Record<BarInterval, SeriesTable>;

/** Every time-series table, ticks first. */
export const SERIES_TABLES: readonly SeriesTable[] = [TRADES, QUOTES, BOOK_SNAPSHOTS, BOOK_DELTAS, ...BAR_INTERVALS.map((interval) => BAR_TABLES[interval])];
