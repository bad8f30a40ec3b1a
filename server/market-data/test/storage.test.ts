// The native storage layout for real (PostgreSQL 15, no TimescaleDB on this machine): range
// partitions per table, created ahead and on demand for old data, retention dropping whole
// partitions, and the layout choice kept for good.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { commonMigrations, migrateService } from '@kestrel/server-common';
import { pino } from 'pino';
import { marketDataService } from '../src/app.js';
import { prepareStorage } from '../src/store/storage-manager.js';
import { requireTestEnv, startHarness, type Harness } from './support/harness.js';

const DAY_MS = 86_400_000;
const dayName = (ms: number) => new Date(ms).toISOString().slice(0, 10).replace(/-/g, '');

describe('native storage layout', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ KESTREL_MARKET_DATA_TICK_RETENTION_DAYS: '3', KESTREL_MARKET_DATA_SECOND_BAR_RETENTION_DAYS: '3', KESTREL_MARKET_DATA_PARTITIONS_AHEAD: '2' });
  });
  after(() => h?.close());

  it('creates every series table partitioned by range on ts, with partitions for today and two ahead', async () => {
    const { rows } = await h.pool.query<{ relname: string; strategy: string }>(
      `SELECT c.relname, p.partstrat AS strategy FROM pg_partitioned_table p JOIN pg_class c ON c.oid = p.partrelid ORDER BY c.relname`,
    );
    assert.deepEqual(
      rows.map((row) => row.relname),
      ['md_bars_15m', 'md_bars_1d', 'md_bars_1h', 'md_bars_1m', 'md_bars_1s', 'md_bars_5m', 'md_book_deltas', 'md_book_snapshots', 'md_quotes', 'md_trades'],
    );
    assert.ok(rows.every((row) => row.strategy === 'r'));
    const storage = (await h.call('GET', '/v1/admin/market-data/storage', { as: h.admin })).json();
    assert.equal(storage.layout, 'native');
    assert.equal(storage.timescaleAvailable, false);
    const trades = storage.tables.find((table: { name: string }) => table.name === 'md_trades').partitions.map((p: { name: string }) => p.name);
    const today = Date.now();
    assert.deepEqual(trades, [0, 1, 2].map((ahead) => `md_trades_p${dayName(today + ahead * DAY_MS)}`));
    const year = new Date(today).getUTCFullYear();
    assert.ok(storage.tables.find((table: { name: string }) => table.name === 'md_bars_1d').partitions.some((p: { name: string }) => p.name === `md_bars_1d_p${year}`));
  });

  it('creates partitions on demand for old data and drops whole partitions past the retention', async () => {
    const now = Date.now();
    const old = now - 10 * DAY_MS;
    const trade = (time: number, id: string) => ({ kind: 'trade', symbol: 'MSFT', source: 'sim', timeMicros: time * 1000, priceTicks: 40_000, quantityLots: 1, aggressor: null, tradeId: id });
    const result = await h.sink.ingest([trade(old, 'old-1'), trade(old + 1, 'old-2'), trade(now, 'new-1')]);
    assert.equal(result.accepted, 3);
    const oldPartition = `md_trades_p${dayName(old)}`;
    const exists = await h.pool.query('SELECT 1 FROM pg_class WHERE relname = $1', [oldPartition]);
    assert.equal(exists.rows.length, 1, 'created on demand');
    const first = (await h.call('POST', '/v1/admin/market-data/maintenance', { as: h.admin })).json();
    assert.ok(first.dropped.includes(oldPartition), `dropped ${JSON.stringify(first.dropped)}`);
    assert.ok(first.dropped.includes(`md_bars_1s_p${dayName(old)}`), 'the 1s bars of that day too');
    const left = await h.pool.query<{ trade_id: string }>("SELECT trade_id FROM md_trades WHERE symbol = 'MSFT' ORDER BY trade_id");
    assert.deepEqual(left.rows.map((row) => row.trade_id), ['new-1']);
    const minuteBars = await h.pool.query("SELECT count(*)::int AS n FROM md_bars_1m WHERE symbol = 'MSFT'");
    assert.equal(minuteBars.rows[0].n, 2, 'minute bars are kept forever by default (both days were rolled up)');
    const again = (await h.call('POST', '/v1/admin/market-data/maintenance', { as: h.admin })).json();
    assert.deepEqual(again.dropped, [], 'nothing more to drop');
  });

  it('keeps the layout a database was created with', async () => {
    await assert.rejects(
      prepareStorage(h.pool, 'timescale', { retention: { ticks: 0, book: 0, secondBars: 0, intradayBars: 0, hourBars: 0, dailyBars: 0 }, compressAfterDays: 0 }),
      { code: 'MARKET_STORAGE_LAYOUT_MISMATCH' },
    );
    const again = await prepareStorage(h.pool, 'auto', { retention: { ticks: 3, book: 7, secondBars: 3, intradayBars: 0, hourBars: 0, dailyBars: 0 }, compressAfterDays: 7 });
    assert.equal(again.layout, 'native');
  });

  it('refuses the timescale layout on a server without the extension (this machine)', async () => {
    const base = requireTestEnv('KESTREL_TEST_DATABASE_URL');
    const name = `kestrel_md_ts_${randomBytes(5).toString('hex')}`;
    const admin = new pg.Client({ connectionString: base });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    const url = new URL(base);
    url.pathname = `/${name}`;
    const pool = new pg.Pool({ connectionString: url.toString() });
    // pool.end() resolves before sockets close; DROP ... WITH (FORCE) may then end one (not a failure).
    pool.on('error', () => {});
    try {
      const logger = pino({ level: 'silent' });
      await migrateService(commonMigrations, { pool, logger });
      await migrateService({ name: marketDataService.name, migrationsDir: marketDataService.migrationsDir! }, { pool, logger });
      await assert.rejects(prepareStorage(pool, 'timescale', { retention: { ticks: 1, book: 1, secondBars: 1, intradayBars: 0, hourBars: 0, dailyBars: 0 }, compressAfterDays: 1 }), {
        code: 'MARKET_STORAGE_LAYOUT_MISMATCH',
      });
      const tables = await pool.query("SELECT 1 FROM pg_class WHERE relname = 'md_trades'");
      assert.equal(tables.rows.length, 0, 'nothing was created');
    } finally {
      await pool.end();
      await admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
      await admin.end();
    }
  });
});
