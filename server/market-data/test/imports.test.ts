// Imports on real PostgreSQL with the shared sample data: GOOG daily OHLCV (text/csv and from
// object storage), the backtrader minute file rolled up to every coarser interval, and LOBSTER
// AAPL/AMZN days into trades and books. Every import is one transaction: a bad row (with its
// line number) or a failure half-way writes nothing.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ALWAYS_OPEN, type TradeEvent } from '@kestrel/shared';
import { aggregateTrades } from '../src/domain/bar-math.js';
import { readLobster } from '../src/domain/lobster.js';
import { readBars } from '../src/store/bar-store.js';
import { AAPL_MESSAGES, AAPL_ORDERBOOK, AMZN_MESSAGES, AMZN_ORDERBOOK, GOOG_DAILY, readSharedData } from './support/data-files.js';
import { startHarness, type Harness } from './support/harness.js';

const goog = readSharedData(GOOG_DAILY);
const count = async (h: Harness, table: string, symbol: string) => (await h.pool.query(`SELECT count(*)::int AS n FROM ${table} WHERE symbol = $1`, [symbol])).rows[0].n as number;

describe('imports', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({
      KESTREL_MARKET_DATA_TICK_RETENTION_DAYS: '0',
      KESTREL_MARKET_DATA_BOOK_RETENTION_DAYS: '0',
      KESTREL_MARKET_DATA_SECOND_BAR_RETENTION_DAYS: '0',
      KESTREL_MARKET_DATA_IMPORT_MAX_BYTES: String(16 * 1024 * 1024),
    });
  });
  after(() => h?.close());

  it('imports GOOG daily bars from a text/csv body, exactly and idempotently', async () => {
    const response = await h.call('POST', '/v1/admin/market-data/imports/ohlcv?symbol=GOOG&interval=1d', { as: h.admin, body: goog, contentType: 'text/csv' });
    assert.equal(response.statusCode, 201, response.body);
    assert.deepEqual(response.json(), { symbol: 'GOOG', interval: '1d', bars: 2148, from: '2004-08-19T00:00:00.000000Z', to: '2013-03-01T00:00:00.000000Z', rolledUp: [] });
    const bars = (await h.call('GET', '/v1/market-data/bars?symbol=GOOG&interval=1d&limit=5000', { as: h.viewer })).json();
    assert.equal(bars.bars.length, 2148);
    assert.deepEqual(bars.bars[0], {
      time: '2004-08-19T00:00:00.000000Z',
      open: 10000,
      high: 10406,
      low: 9596,
      close: 10034,
      volumeLots: 22_351_900,
      tradeCount: null,
      vwapNumerator: null,
      origin: 'import',
      complete: true,
    });
    const again = await h.call('POST', '/v1/admin/market-data/imports/ohlcv?symbol=GOOG&interval=1d', { as: h.admin, body: goog, contentType: 'text/csv' });
    assert.equal(again.statusCode, 201);
    assert.equal(await count(h, 'md_bars_1d', 'GOOG'), 2148);
  });

  it('refuses a bad row with its line number and writes nothing', async () => {
    const lines = goog.split('\n');
    lines[1499] = '2010-02-30,1,2,3,4,5';
    const response = await h.call('POST', '/v1/admin/market-data/imports/ohlcv?symbol=MSFT&interval=1d', { as: h.admin, body: lines.join('\n'), contentType: 'text/csv' });
    assert.equal(response.statusCode, 422);
    const error = response.json().error;
    assert.equal(error.code, 'MARKET_IMPORT_INVALID');
    assert.deepEqual(error.details, { code: 'DATA_CSV_MALFORMED_ROW', file: 'CSV', line: 1500 });
    assert.match(error.message, /line 1500/);
    assert.equal(await count(h, 'md_bars_1d', 'MSFT'), 0);
  });

  it('rolls minute bars up to every coarser interval, all or nothing when the database fails half-way', async () => {
    await h.call('POST', '/v1/admin/market-data/instruments', {
      as: h.admin,
      body: {
        symbol: 'STX50',
        name: 'Index future (backtrader sample)',
        assetClass: 'future',
        status: 'active',
        currency: 'EUR',
        tickSize: '0.01',
        lotSize: 1,
        contractMultiplier: 10,
        minQuantityLots: 1,
        maxQuantityLots: 10_000,
        minPriceTicks: 1,
        maxPriceTicks: 10_000_000,
        tradingHours: ALWAYS_OPEN,
      },
    });
    const minutes = readSharedData('ohlcv/2006-01-02-volume-min-001.txt');
    await h.pool.query('ALTER TABLE md_bars_15m RENAME TO md_bars_15m_away');
    try {
      const failed = await h.call('POST', '/v1/admin/market-data/imports/ohlcv?symbol=STX50&interval=1m&utcOffsetMinutes=60', { as: h.admin, body: minutes, contentType: 'text/csv' });
      assert.equal(failed.statusCode, 500);
      assert.equal(await count(h, 'md_bars_1m', 'STX50'), 0, 'the 1m bars written before the failure were rolled back');
      assert.equal(await count(h, 'md_bars_5m', 'STX50'), 0);
    } finally {
      await h.pool.query('ALTER TABLE md_bars_15m_away RENAME TO md_bars_15m');
    }
    const response = await h.call('POST', '/v1/admin/market-data/imports/ohlcv?symbol=STX50&interval=1m&utcOffsetMinutes=60', { as: h.admin, body: minutes, contentType: 'text/csv' });
    assert.equal(response.statusCode, 201, response.body);
    assert.equal(response.json().bars, 30_889);
    assert.deepEqual(response.json().rolledUp, ['5m', '15m', '1h', '1d']);
    const fives = await readBars(h.pool, 'native', { symbol: 'STX50', interval: '5m', fromMicros: 0, toMicros: Number.MAX_SAFE_INTEGER, afterMicros: null, limit: 100_000, order: 'asc' });
    const ones = await readBars(h.pool, 'native', { symbol: 'STX50', interval: '1m', fromMicros: 0, toMicros: Number.MAX_SAFE_INTEGER, afterMicros: null, limit: 100_000, order: 'asc' });
    assert.equal(fives.reduce((sum, bar) => sum + bar.volumeLots, 0), ones.reduce((sum, bar) => sum + bar.volumeLots, 0));
    const days = (await h.call('GET', '/v1/market-data/bars?symbol=STX50&interval=1d&limit=100', { as: h.viewer })).json();
    assert.equal(days.bars.length, 41, '41 trading days');
    assert.ok(days.bars.every((bar: { origin: string; tradeCount: null }) => bar.origin === 'import' && bar.tradeCount === null));
  });

  it('imports from an object-storage key and refuses missing or ambiguous sources', async () => {
    await h.deps.storage.put('imports/goog.csv', goog, { contentType: 'text/csv' });
    const response = await h.call('POST', '/v1/admin/market-data/imports/ohlcv', { as: h.admin, body: { symbol: 'SPY', interval: '1d', objectKey: 'imports/goog.csv' } });
    assert.equal(response.statusCode, 201, response.body);
    assert.equal(response.json().bars, 2148);
    const missing = await h.call('POST', '/v1/admin/market-data/imports/ohlcv', { as: h.admin, body: { symbol: 'SPY', interval: '1d', objectKey: 'imports/none.csv' } });
    assert.equal(missing.json().error.code, 'MARKET_IMPORT_OBJECT_NOT_FOUND');
    const both = await h.call('POST', '/v1/admin/market-data/imports/ohlcv', { as: h.admin, body: { symbol: 'SPY', interval: '1d', objectKey: 'imports/goog.csv', csv: goog } });
    assert.equal(both.json().error.code, 'MARKET_IMPORT_SOURCE_MISSING');
    const empty = await h.call('POST', '/v1/admin/market-data/imports/ohlcv?symbol=SPY&interval=1d', { as: h.admin });
    assert.equal(empty.statusCode, 422);
    assert.equal(empty.json().error.code, 'MARKET_IMPORT_SOURCE_MISSING');
    const viewer = await h.call('POST', '/v1/admin/market-data/imports/ohlcv?symbol=SPY&interval=1d', { as: h.viewer, body: goog, contentType: 'text/csv' });
    assert.equal(viewer.statusCode, 403);
    assert.equal(viewer.json().error.code, 'MARKET_FORBIDDEN');
  });

  it('imports a LOBSTER day into trades, book snapshots/deltas and bars; the book served is the last orderbook row', async () => {
    const messages = readSharedData(AAPL_MESSAGES);
    const orderbook = readSharedData(AAPL_ORDERBOOK);
    const response = await h.call('POST', '/v1/admin/market-data/imports/lobster', { as: h.admin, body: { symbol: 'AAPL', day: '2012-06-21', messages, orderbook } });
    assert.equal(response.statusCode, 201, response.body);
    const result = response.json();
    assert.deepEqual(
      { rows: result.rows, levels: result.levels, trades: result.trades, skipped: result.skippedOffTickTrades, from: result.from },
      { rows: 999, levels: 10, trades: 159, skipped: 0, from: '2012-06-21T13:30:00.004241Z' },
    );
    assert.ok(result.bookSnapshots >= 2 && result.bookDeltas > 900);
    const book = (await h.call('GET', '/v1/market-data/book/AAPL', { as: h.viewer })).json();
    const last = orderbook.trim().split('\n').at(-1)!.split(',').map(Number);
    const expectedAsks = [];
    const expectedBids = [];
    for (let i = 0; i < last.length; i += 4) {
      expectedAsks.push([last[i]! / 100, last[i + 1]]);
      expectedBids.push([last[i + 2]! / 100, last[i + 3]]);
    }
    assert.deepEqual({ bids: book.bids, asks: book.asks }, { bids: expectedBids, asks: expectedAsks });
    assert.equal(book.depthLimit, 10);
    assert.equal(book.source, 'lobster');
    assert.equal(book.feedState, 'unreported');
    assert.equal(book.time, '2012-06-21T13:30:49.086375Z', 'the time of the last delta (message 999)');
    // Bars were rolled up from the imported trades exactly as the domain aggregation builds them.
    const parsed = readLobster(messages, orderbook, { symbol: 'AAPL', day: '2012-06-21', timeZone: 'America/New_York', tickSize: '0.01', lotSize: 1, offTickTrades: 'reject' });
    const trades = parsed.events.filter((event): event is TradeEvent => event.kind === 'trade');
    for (const interval of ['1s', '1m', '1d'] as const) {
      const stored = await readBars(h.pool, 'native', { symbol: 'AAPL', interval, fromMicros: 0, toMicros: Number.MAX_SAFE_INTEGER, afterMicros: null, limit: 10_000, order: 'asc' });
      assert.deepEqual(stored.map(({ origin: _o, ...bar }) => bar), aggregateTrades(trades, interval), interval);
    }
    const again = (await h.call('POST', '/v1/admin/market-data/imports/lobster', { as: h.admin, body: { symbol: 'AAPL', day: '2012-06-21', messages, orderbook } })).json();
    assert.deepEqual({ trades: again.trades, duplicates: again.duplicateTrades }, { trades: 0, duplicates: 159 });
  });

  it('refuses a LOBSTER day with a bad row (line number) and writes nothing, then imports AMZN with off-tick fills skipped', async (t) => {
    const messages = readSharedData(AMZN_MESSAGES).split('\n');
    const orderbook = readSharedData(AMZN_ORDERBOOK);
    const bad = [...messages];
    bad[40_000] = bad[40_000]!.replace(/,(-?1)$/, ',x');
    const refused = await h.call('POST', '/v1/admin/market-data/imports/lobster', { as: h.admin, body: { symbol: 'AMZN', day: '2012-06-21', messages: bad.join('\n'), orderbook, offTickTrades: 'skip' } });
    assert.equal(refused.statusCode, 422);
    assert.deepEqual(refused.json().error.details, { code: 'LOBSTER_MALFORMED_ROW', file: 'message file', line: 40_001 });
    const offTick = await h.call('POST', '/v1/admin/market-data/imports/lobster', { as: h.admin, body: { symbol: 'AMZN', day: '2012-06-21', messages: messages.join('\n'), orderbook } });
    assert.equal(offTick.json().error.details.code, 'LOBSTER_PRICE_OFF_TICK');
    assert.equal(await count(h, 'md_trades', 'AMZN'), 0);
    assert.equal(await count(h, 'md_book_deltas', 'AMZN'), 0);
    const started = Date.now();
    const imported = await h.call('POST', '/v1/admin/market-data/imports/lobster', { as: h.admin, body: { symbol: 'AMZN', day: '2012-06-21', messages: messages.join('\n'), orderbook, offTickTrades: 'skip' } });
    const elapsed = Date.now() - started;
    assert.equal(imported.statusCode, 201, imported.body);
    assert.equal(imported.json().trades, 8974 + 2445 - 63);
    assert.equal(imported.json().skippedOffTickTrades, 63);
    assert.equal(await count(h, 'md_trades', 'AMZN'), 11_356);
    // A diagnostic, not console.log: this process's stdout is the test runner's channel.
    t.diagnostic(`AMZN LOBSTER day (57 515 rows, 11 356 trades, ${imported.json().bookDeltas} deltas) imported in ${elapsed} ms`);
  });
});
