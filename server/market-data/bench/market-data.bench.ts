// Market-data service benchmark on the real PostgreSQL of scripts/test-services.sh (a throw-away
// database). Prints, each next to a baseline measured in the same run:
//   1. sink ingest: trades/s through MarketDataSink.ingest (normalise, one transaction per flush,
//      live bars, market.ticks fan-out, market.data publish) vs a bare multi-row INSERT of the same
//      rows into the same partitioned table (the storage floor), alternating, best of 3 each;
//   2. bar materialisation: trades/s rolled up into 1s..1d bars in SQL;
//   3. OHLCV import: bars/s for the 30 889-bar minute file, roll-ups to 5m..1d included;
//   4. history query latency (inject, p50/p99): a 500-bar page, a 500-trade page, GET /book, vs a
//      bare `SELECT 1` round trip on the same pool.
// Run: eval "$(bash scripts/test-services.sh env)" && npx tsx server/market-data/bench/market-data.bench.ts [trades]
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { startHarness } from '../test/support/harness.js';

const TRADES = Number(process.argv[2] ?? 200_000);
const SYMBOLS = ['AAPL', 'AMZN', 'GOOG', 'MSFT', 'SPY'];
const BATCH = 1000;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function latency(samples: number, run: () => Promise<unknown>): Promise<{ p50: number; p99: number }> {
  const times: number[] = [];
  for (let i = 0; i < samples; i++) {
    const start = performance.now();
    await run();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p99: percentile(times, 99) };
}

const h = await startHarness({
  KESTREL_MARKET_DATA_TICK_RETENTION_DAYS: '0',
  KESTREL_MARKET_DATA_SECOND_BAR_RETENTION_DAYS: '0',
  KESTREL_MARKET_DATA_FLUSH_INTERVAL_MS: '5',
  KESTREL_MARKET_DATA_MAX_BATCH_EVENTS: '5000',
  KESTREL_MARKET_DATA_IMPORT_MAX_BYTES: String(64 * 1024 * 1024),
});
try {
  // Trades over one trading hour, 1 µs apart per symbol, prices a random walk in ticks.
  const t0 = Date.UTC(2024, 6, 2, 14, 0) * 1000;
  const events = [];
  let price = 20_000;
  for (let i = 0; i < TRADES; i++) {
    price += ((i * 7919) % 5) - 2;
    events.push({ kind: 'trade', symbol: SYMBOLS[i % SYMBOLS.length]!, source: 'bench', timeMicros: t0 + i * 15_000, priceTicks: price, quantityLots: 1 + (i % 9), aggressor: i % 2 ? 'buy' : 'sell', tradeId: `b${i}` });
  }

  // 1. Sink ingest vs the bare INSERT floor, alternating, best of 3 each (the machine is shared).
  const ROUNDS = 3;
  let sinkSeconds = Infinity;
  let baselineSeconds = Infinity;
  for (let round = 0; round < ROUNDS; round++) {
    const mine = events.map((event) => ({ ...event, source: `bench${round}` }));
    let start = performance.now();
    const pending = [];
    for (let i = 0; i < mine.length; i += BATCH) pending.push(h.sink.ingest(mine.slice(i, i + BATCH)));
    await Promise.all(pending);
    await h.sink.flush();
    sinkSeconds = Math.min(sinkSeconds, (performance.now() - start) / 1000);

    // The same rows straight into the same table with the sink's batch size, no sink around it.
    start = performance.now();
    for (let i = 0; i < events.length; i += 5000) {
      const part = events.slice(i, i + 5000);
      await h.pool.query(
        `INSERT INTO md_trades (symbol, ts, source, trade_id, price_ticks, quantity_lots, aggressor)
         SELECT * FROM unnest($1::text[], $2::timestamptz[], $3::text[], $4::text[], $5::bigint[], $6::bigint[], $7::text[])`,
        [
          part.map((e) => e.symbol),
          part.map((e) => new Date(e.timeMicros / 1000).toISOString()),
          part.map(() => `baseline${round}`),
          part.map((e) => e.tradeId),
          part.map((e) => e.priceTicks),
          part.map((e) => e.quantityLots),
          part.map((e) => e.aggressor),
        ],
      );
    }
    baselineSeconds = Math.min(baselineSeconds, (performance.now() - start) / 1000);
  }

  // 2. Materialisation of the sink's queued ranges (the baseline rows are not queued).
  let start = performance.now();
  const maintenance = await h.call('POST', '/v1/admin/market-data/maintenance', { as: h.admin });
  const materialiseSeconds = (performance.now() - start) / 1000;
  if (maintenance.statusCode !== 200) throw new Error(maintenance.body);

  // 3. OHLCV import of the minute file.
  await h.call('POST', '/v1/admin/market-data/instruments', {
    as: h.admin,
    body: { symbol: 'STX50', name: 'bench', assetClass: 'future', status: 'active', currency: 'EUR', tickSize: '0.01', lotSize: 1, contractMultiplier: 10, minQuantityLots: 1, maxQuantityLots: 10_000, minPriceTicks: 1, maxPriceTicks: 10_000_000, tradingHours: { timeZone: 'UTC', sessions: [{ days: [1, 2, 3, 4, 5, 6, 7], open: '00:00', close: '23:59' }], holidays: [] } },
  });
  const minutes = readFileSync(new URL('../../../../shared/data/ohlcv/2006-01-02-volume-min-001.txt', import.meta.url), 'utf8');
  start = performance.now();
  const imported = await h.call('POST', '/v1/admin/market-data/imports/ohlcv?symbol=STX50&interval=1m&utcOffsetMinutes=60', { as: h.admin, body: minutes, contentType: 'text/csv' });
  const importSeconds = (performance.now() - start) / 1000;
  if (imported.statusCode !== 201) throw new Error(imported.body);
  const importedBars = imported.json().bars as number;

  // 4. Query latency.
  const book = [{ kind: 'book-snapshot', symbol: 'AAPL', source: 'bench', timeMicros: t0, bids: Array.from({ length: 50 }, (_, i) => [20_000 - i, 100]), asks: Array.from({ length: 50 }, (_, i) => [20_001 + i, 100]), updateId: '0', depthLimit: null }];
  const deltas = Array.from({ length: 499 }, (_, i) => ({ kind: 'book-delta', symbol: 'AAPL', source: 'bench', timeMicros: t0 + i + 1, bids: [[20_000 - (i % 50), 100 + i]], asks: [], updateId: String(i + 1) }));
  await h.sink.ingest([...book, ...deltas]);
  const samples = 300;
  const select1 = await latency(samples, () => h.pool.query('SELECT 1'));
  const barsPage = await latency(samples, () => h.call('GET', '/v1/market-data/bars?symbol=STX50&interval=1m&from=2006-01-10T00:00:00Z&limit=500', { as: h.viewer }));
  const tradesPage = await latency(samples, () => h.call('GET', '/v1/market-data/trades?symbol=AAPL&from=2024-07-02T14:10:00Z&limit=500', { as: h.viewer }));
  const bookGet = await latency(samples, () => h.call('GET', '/v1/market-data/book/AAPL?source=bench', { as: h.viewer }));

  const rate = (n: number, s: number) => `${Math.round(n / s).toLocaleString('en-US')}/s`;
  console.log(`market-data benchmark (${TRADES.toLocaleString('en-US')} trades, ${SYMBOLS.length} symbols, batches of ${BATCH}; run ${randomUUID().slice(0, 8)})`);
  console.log(`  sink ingest            ${rate(TRADES, sinkSeconds).padStart(12)} trades   baseline bare INSERT ${rate(TRADES, baselineSeconds)}   ratio ${(sinkSeconds / baselineSeconds).toFixed(2)}x the floor's time`);
  console.log(`  bar materialisation    ${rate(ROUNDS * TRADES, materialiseSeconds).padStart(12)} trades   (1s..1d, ${maintenance.json().materialisedRanges} queued ranges)`);
  console.log(`  OHLCV import (1m)      ${rate(importedBars, importSeconds).padStart(12)} bars     (${importedBars} bars + roll-ups 5m..1d, one transaction)`);
  const ms = (x: { p50: number; p99: number }) => `p50 ${x.p50.toFixed(2)} ms  p99 ${x.p99.toFixed(2)} ms`;
  console.log(`  SELECT 1 (baseline)    ${ms(select1)}`);
  console.log(`  GET bars (500)         ${ms(barsPage)}   p50 ratio ${(barsPage.p50 / select1.p50).toFixed(1)}x`);
  console.log(`  GET trades (500)       ${ms(tradesPage)}   p50 ratio ${(tradesPage.p50 / select1.p50).toFixed(1)}x`);
  console.log(`  GET book (+499 deltas) ${ms(bookGet)}   p50 ratio ${(bookGet.p50 / select1.p50).toFixed(1)}x`);
} finally {
  await h.close();
}
