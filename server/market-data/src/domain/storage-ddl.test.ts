// The two layouts' SQL. The native layout is also exercised for real by test/storage.test.ts;
// TimescaleDB is not installed on the build machine, so its DDL is checked here statement by
// statement (docs/market-data.md says so).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BAR_INTERVALS } from '@kestrel/shared';
import { barReadRelation, caggName, createPartitionDdl, nativeLayoutDdl, timescaleLayoutDdl, type LayoutSettings } from './storage-ddl.js';
import { partitionFor } from './partitions.js';
import { SERIES_TABLES, TRADES } from './series-tables.js';

const settings: LayoutSettings = {
  retention: { ticks: 30, book: 7, secondBars: 30, intradayBars: 0, hourBars: 0, dailyBars: 0 },
  compressAfterDays: 7,
};

describe('native layout DDL', () => {
  it('creates every series table partitioned by range on ts, with its indexes, idempotently', () => {
    const ddl = nativeLayoutDdl();
    for (const table of SERIES_TABLES) {
      assert.ok(ddl.some((sql) => sql.startsWith(`CREATE TABLE IF NOT EXISTS ${table.name} (`) && sql.endsWith('PARTITION BY RANGE (ts)')), table.name);
      for (const index of table.indexes) assert.ok(ddl.some((sql) => sql.includes(`INDEX IF NOT EXISTS ${index.name} ON ${table.name}`)), index.name);
    }
    assert.ok(ddl.every((sql) => !/timescale|hypertable/i.test(sql)));
  });

  it('creates a partition with exact UTC bounds', () => {
    assert.equal(
      createPartitionDdl(TRADES, partitionFor(TRADES, Date.UTC(2024, 0, 31, 23))),
      "CREATE TABLE IF NOT EXISTS md_trades_p20240131 PARTITION OF md_trades FOR VALUES FROM ('2024-01-31T00:00:00.000Z') TO ('2024-02-01T00:00:00.000Z')",
    );
  });
});

describe('timescale layout DDL (extension available)', () => {
  const ddl = timescaleLayoutDdl(settings);

  it('creates the extension, then plain tables turned into hypertables with chunks of the partition width', () => {
    assert.equal(ddl[0], 'CREATE EXTENSION IF NOT EXISTS timescaledb');
    for (const table of SERIES_TABLES) {
      const create = ddl.findIndex((sql) => sql.startsWith(`CREATE TABLE IF NOT EXISTS ${table.name} (`));
      const hyper = ddl.findIndex((sql) => sql.startsWith(`SELECT create_hypertable('${table.name}', 'ts'`));
      assert.ok(create > 0 && hyper > create, table.name);
      assert.ok(!ddl[create]!.includes('PARTITION BY'));
      assert.ok(ddl[hyper]!.includes(`chunk_time_interval => INTERVAL '1 ${table.unit}'`) && ddl[hyper]!.includes('if_not_exists => TRUE'));
    }
  });

  it('sets compression (segment by symbol) and a compression policy per table', () => {
    assert.ok(ddl.includes("ALTER TABLE md_trades SET (timescaledb.compress, timescaledb.compress_segmentby = 'symbol', timescaledb.compress_orderby = 'ts, seq')"));
    assert.ok(ddl.includes("SELECT add_compression_policy('md_trades', INTERVAL '7 days', if_not_exists => TRUE)"));
    const off = timescaleLayoutDdl({ ...settings, compressAfterDays: 0 });
    assert.ok(!off.some((sql) => sql.includes('add_compression_policy') || sql.includes('timescaledb.compress,')));
    assert.ok(off.includes("SELECT remove_compression_policy('md_trades', if_exists => TRUE)"), 'turning compression off removes the policy');
  });

  it('replaces retention policies with the configured days, and only removes them for "forever"', () => {
    const trades = ddl.filter((sql) => sql.includes("retention_policy('md_trades'"));
    assert.deepEqual(trades, [
      "SELECT remove_retention_policy('md_trades', if_exists => TRUE)",
      "SELECT add_retention_policy('md_trades', INTERVAL '30 days', if_not_exists => TRUE)",
    ]);
    assert.ok(ddl.includes("SELECT add_retention_policy('md_book_deltas', INTERVAL '7 days', if_not_exists => TRUE)"));
    assert.deepEqual(
      ddl.filter((sql) => sql.includes("retention_policy('md_bars_1d'")),
      ["SELECT remove_retention_policy('md_bars_1d', if_exists => TRUE)"],
    );
    assert.ok(ddl.includes(`SELECT add_retention_policy('${caggName('1s')}', INTERVAL '30 days', if_not_exists => TRUE)`));
  });

  it('builds hierarchical continuous aggregates with real-time aggregation and a refresh policy each', () => {
    const first = ddl.find((sql) => sql.startsWith(`CREATE MATERIALIZED VIEW IF NOT EXISTS ${caggName('1s')}`))!;
    assert.match(first, /timescaledb\.continuous, timescaledb\.materialized_only = false/);
    assert.match(first, /FROM md_trades/);
    assert.match(first, /first\(price_ticks, ts\) AS open/);
    assert.match(first, /sum\(price_ticks::numeric \* quantity_lots\) AS vwap_numerator/);
    assert.match(first, /WITH NO DATA$/);
    const sources: Record<string, string> = { '1m': '1s', '5m': '1m', '15m': '5m', '1h': '15m', '1d': '1h' };
    for (const [interval, source] of Object.entries(sources)) {
      const view = ddl.find((sql) => sql.startsWith(`CREATE MATERIALIZED VIEW IF NOT EXISTS md_cagg_${interval}`))!;
      assert.match(view, new RegExp(`FROM md_cagg_${source}\\n`), interval);
      assert.match(view, /sum\(trade_count\)::integer AS trade_count/);
    }
    for (const interval of BAR_INTERVALS) {
      assert.ok(ddl.some((sql) => sql.startsWith(`SELECT add_continuous_aggregate_policy('md_cagg_${interval}'`)), interval);
    }
  });

  it('reads bars from the bar table (native) or imported bars + aggregate, trades winning (timescale)', () => {
    assert.equal(barReadRelation('native', '1m'), 'md_bars_1m');
    const relation = barReadRelation('timescale', '1m');
    assert.match(relation, /FROM md_bars_1m\n/);
    assert.match(relation, /FROM md_cagg_1m\n/);
    assert.match(relation, /DISTINCT ON \(symbol, ts\)/);
    assert.match(relation, /\(origin = 'trades'\) DESC/);
  });
});
