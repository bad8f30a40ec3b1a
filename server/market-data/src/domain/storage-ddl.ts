// The SQL that lays out the time-series tables, for both storage layouts, as pure functions of
// the settings (unit-tested without a database; see docs/market-data.md for the why):
// - native: each table PARTITION BY RANGE (ts); partitions are created ahead by the maintenance
//   job (and on demand for imported history); retention drops whole expired partitions; bars are
//   rolled up by the service's materialiser (SQL in store/bar-materialiser.ts);
// - timescale: each table is a hypertable (chunks of the same width); compression and retention
//   are TimescaleDB policies; bars derived from trades are hierarchical continuous aggregates
//   (md_cagg_1s from md_trades, md_cagg_1m from md_cagg_1s, ...) with real-time aggregation,
//   while the md_bars_<interval> hypertables keep imported bars.
// Invariant: every statement is idempotent (IF NOT EXISTS / if_not_exists / remove-then-add), so
// applying the layout again on start is harmless. Identifiers come from series-tables.ts only.
import { BAR_INTERVALS, ROLLUP_SOURCE, type BarInterval } from '@kestrel/shared';
import type { PartitionRange } from './partitions.js';
import { BAR_TABLES, SERIES_TABLES, TRADES, type PartitionUnit, type RetentionClass, type SeriesTable } from './series-tables.js';

/** The two storage layouts. */
export type StorageLayout = 'native' | 'timescale';

/** Days to keep per retention class (0 = forever). */
export type RetentionDays = Readonly<Record<RetentionClass, number>>;

/** What the layout DDL depends on. */
export interface LayoutSettings {
  retention: RetentionDays;
  /** Timescale: compress chunks older than this (0 = off). */
  compressAfterDays: number;
}

const UNIT_INTERVAL: Readonly<Record<PartitionUnit, string>> = { day: "INTERVAL '1 day'", month: "INTERVAL '1 month'", year: "INTERVAL '1 year'" };

/** PostgreSQL interval literal of each bar interval. */
export const BAR_SQL_INTERVAL: Readonly<Record<BarInterval, string>> = {
  '1s': "INTERVAL '1 second'",
  '1m': "INTERVAL '1 minute'",
  '5m': "INTERVAL '5 minutes'",
  '15m': "INTERVAL '15 minutes'",
  '1h': "INTERVAL '1 hour'",
  '1d': "INTERVAL '1 day'",
};

/** Continuous-aggregate refresh policy per interval: window start/end offsets and schedule. */
const CAGG_POLICY: Readonly<Record<BarInterval, { start: string; end: string; every: string }>> = {
  '1s': { start: "INTERVAL '1 hour'", end: "INTERVAL '1 second'", every: "INTERVAL '10 seconds'" },
  '1m': { start: "INTERVAL '2 hours'", end: "INTERVAL '1 minute'", every: "INTERVAL '1 minute'" },
  '5m': { start: "INTERVAL '6 hours'", end: "INTERVAL '5 minutes'", every: "INTERVAL '5 minutes'" },
  '15m': { start: "INTERVAL '1 day'", end: "INTERVAL '15 minutes'", every: "INTERVAL '15 minutes'" },
  '1h': { start: "INTERVAL '3 days'", end: "INTERVAL '1 hour'", every: "INTERVAL '1 hour'" },
  '1d': { start: "INTERVAL '7 days'", end: "INTERVAL '1 day'", every: "INTERVAL '1 hour'" },
};

/** Name of the continuous aggregate holding trade-derived bars of `interval` (Timescale only). */
export function caggName(interval: BarInterval): string {
  return `md_cagg_${interval}`;
}

function indexDdl(table: SeriesTable): string[] {
  return table.indexes.map(
    (index) => `CREATE ${index.unique ? 'UNIQUE ' : ''}INDEX IF NOT EXISTS ${index.name} ON ${table.name} (${index.columns})`,
  );
}

/** Native layout: the partitioned parent tables and their (partition-inherited) indexes. */
export function nativeLayoutDdl(): string[] {
  return SERIES_TABLES.flatMap((table) => [
    `CREATE TABLE IF NOT EXISTS ${table.name} (\n  ${table.columns}\n) PARTITION BY RANGE (ts)`,
    ...indexDdl(table),
  ]);
}

/** Native layout: creates one partition (idempotent). */
export function createPartitionDdl(table: SeriesTable, range: PartitionRange): string {
  const from = new Date(range.startMs).toISOString();
  const to = new Date(range.endMs).toISOString();
  return `CREATE TABLE IF NOT EXISTS ${range.name} PARTITION OF ${table.name} FOR VALUES FROM ('${from}') TO ('${to}')`;
}

/** Native layout: drops one expired partition. */
export function dropPartitionDdl(range: PartitionRange): string {
  return `DROP TABLE IF EXISTS ${range.name}`;
}

function caggDdl(interval: BarInterval): string {
  const bucket = `time_bucket(${BAR_SQL_INTERVAL[interval]}, ts)`;
  if (interval === '1s') {
    return `CREATE MATERIALIZED VIEW IF NOT EXISTS ${caggName(interval)}
WITH (timescaledb.continuous, timescaledb.materialized_only = false) AS
SELECT symbol, ${bucket} AS ts,
  first(price_ticks, ts) AS open, max(price_ticks) AS high, min(price_ticks) AS low, last(price_ticks, ts) AS close,
  sum(quantity_lots)::bigint AS volume_lots, count(*)::integer AS trade_count,
  sum(price_ticks::numeric * quantity_lots) AS vwap_numerator
FROM ${TRADES.name}
GROUP BY symbol, ${bucket}
WITH NO DATA`;
  }
  const source = caggName(ROLLUP_SOURCE[interval]);
  return `CREATE MATERIALIZED VIEW IF NOT EXISTS ${caggName(interval)}
WITH (timescaledb.continuous, timescaledb.materialized_only = false) AS
SELECT symbol, ${bucket} AS ts,
  first(open, ts) AS open, max(high) AS high, min(low) AS low, last(close, ts) AS close,
  sum(volume_lots)::bigint AS volume_lots, sum(trade_count)::integer AS trade_count,
  sum(vwap_numerator) AS vwap_numerator
FROM ${source}
GROUP BY symbol, ${bucket}
WITH NO DATA`;
}

function retentionDdl(relation: string, days: number): string[] {
  const remove = `SELECT remove_retention_policy('${relation}', if_exists => TRUE)`;
  return days > 0 ? [remove, `SELECT add_retention_policy('${relation}', INTERVAL '${days} days', if_not_exists => TRUE)`] : [remove];
}

/** Timescale layout: extension, hypertables, compression and retention policies, continuous aggregates. */
export function timescaleLayoutDdl(settings: LayoutSettings): string[] {
  const statements: string[] = ['CREATE EXTENSION IF NOT EXISTS timescaledb'];
  for (const table of SERIES_TABLES) {
    statements.push(`CREATE TABLE IF NOT EXISTS ${table.name} (\n  ${table.columns}\n)`);
    statements.push(
      `SELECT create_hypertable('${table.name}', 'ts', chunk_time_interval => ${UNIT_INTERVAL[table.unit]}, if_not_exists => TRUE)`,
    );
    statements.push(...indexDdl(table));
    statements.push(`SELECT remove_compression_policy('${table.name}', if_exists => TRUE)`);
    if (settings.compressAfterDays > 0) {
      statements.push(
        `ALTER TABLE ${table.name} SET (timescaledb.compress, timescaledb.compress_segmentby = 'symbol', timescaledb.compress_orderby = '${table.orderBy}')`,
        `SELECT add_compression_policy('${table.name}', INTERVAL '${settings.compressAfterDays} days', if_not_exists => TRUE)`,
      );
    }
    statements.push(...retentionDdl(table.name, settings.retention[table.retention]));
  }
  for (const interval of BAR_INTERVALS) {
    const policy = CAGG_POLICY[interval];
    statements.push(
      caggDdl(interval),
      `SELECT add_continuous_aggregate_policy('${caggName(interval)}', start_offset => ${policy.start}, end_offset => ${policy.end}, schedule_interval => ${policy.every}, if_not_exists => TRUE)`,
      ...retentionDdl(caggName(interval), settings.retention[BAR_TABLES[interval].retention]),
    );
  }
  return statements;
}

const BAR_COLUMNS = 'symbol, ts, open, high, low, close, volume_lots, trade_count, vwap_numerator';

/**
 * The relation the history API reads bars of `interval` from: the bar table (native), or the
 * imported bars plus the continuous aggregate (Timescale), preferring trade-derived bars when
 * both have a bucket.
 */
export function barReadRelation(layout: StorageLayout, interval: BarInterval): string {
  const table = BAR_TABLES[interval].name;
  if (layout === 'native') return table;
  return `(SELECT DISTINCT ON (symbol, ts) * FROM (
  SELECT ${BAR_COLUMNS}, origin FROM ${table}
  UNION ALL
  SELECT ${BAR_COLUMNS}, 'trades' AS origin FROM ${caggName(interval)}
) AS bars_union ORDER BY symbol, ts, (origin = 'trades') DESC)`;
}
